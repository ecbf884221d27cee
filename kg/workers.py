"""Parallel extraction: document batches on worker processes or on a Dask cluster, records back in order.

The NLP step is most of a build, and each article is parsed on its own, so
it spreads over processes: :func:`extract` cuts the corpus into batches,
each worker loads the spaCy pipeline once and turns its batches into
:class:`~kg.records.DocumentRecords` (small, picklable), and the records come
back in corpus order for resolution, which needs them all. What follows
(resolution, RDF, the store, the files) runs in the calling process as in a
one-process build, so the graph is the same quad for quad.

* ``n_process`` > 1: a local process pool (``fork`` where it is safe, so the
  workers share the pipeline the parent loaded, else ``spawn``);
* ``dask="tcp://host:8786"`` or ``dask="local"``: the batches go to a
  ``dask.distributed`` cluster (``local`` starts a ``LocalCluster`` with a
  worker process per core). Workers need kg installed; they get the
  articles' text from the client, not from their own disks.

>>> default_processes(3)
1
>>> [len(b) for b in batches(list(range(5)), 2)]
[2, 2, 1]
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import partial

from .extract import extract_documents
from .ingest import Document
from .records import DocumentRecords

AUTO_MIN_DOCUMENTS = 48   # below this, starting workers costs more than it saves (a few seconds of parsing)


def cpu_count() -> int:
    """Cores this process may run on (the affinity mask where the system has one).

    >>> cpu_count() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_processes(n_documents: int) -> int:
    """Processes to use when the user did not say: every core once the corpus is large enough to pay."""
    return cpu_count() if n_documents >= AUTO_MIN_DOCUMENTS else 1


def batches(items: list, size: int) -> list[list]:
    """``items`` cut into consecutive lists of at most ``size``."""
    size = max(1, size)
    return [items[i:i + size] for i in range(0, len(items), size)]


def extract_batch(documents: list[Document], batch_size: int = 16, references: bool = True) -> list[DocumentRecords]:
    """The records of one batch, in a worker (the pipeline is loaded once per process and cached)."""
    return list(extract_documents(documents, batch_size=batch_size, references=references))


def extract(documents: Iterable[Document], n_process: int | None = None, batch_size: int = 16,
            progress: Callable[[Document], None] | None = None, references: bool = True,
            dask: str | None = None) -> Iterator[DocumentRecords]:
    """The records of every document, in order: in this process, on ``n_process`` workers, or on a Dask cluster.

    ``n_process=None`` picks :func:`default_processes`. Raises ``ValueError``
    for ``n_process`` < 1 or a Dask address that cannot be reached.
    """
    documents = list(documents)
    if n_process is not None and n_process < 1:
        raise ValueError(f"--n-process must be at least 1, not {n_process}")
    if dask:
        yield from _on_dask(documents, dask, batch_size, progress, references)
        return
    n = default_processes(len(documents)) if n_process is None else n_process
    n = min(n, max(1, -(-len(documents) // batch_size)))
    if n <= 1:
        yield from extract_documents(documents, batch_size=batch_size, progress=progress, references=references)
        return
    yield from _on_pool(documents, n, batch_size, progress, references)


def _context() -> mp.context.BaseContext:
    """``fork`` on Linux while this process runs one thread (forking a threaded process can deadlock), else ``spawn``."""
    if "fork" in mp.get_all_start_methods() and threading.active_count() == 1 and os.name == "posix":
        return mp.get_context("fork")
    return mp.get_context("spawn")


def _on_pool(documents: list[Document], n: int, batch_size: int, progress, references: bool) -> Iterator[DocumentRecords]:
    ctx = _context()
    if ctx.get_start_method() == "fork":
        from .nlp import load_pipeline

        load_pipeline(references=references)  # loaded once here, shared by the forked workers
        # out of the collector's sight before the fork (what the gc docs advise): a collection in a worker
        # would otherwise touch every object of the model and copy the pages it shares with this process
        gc.freeze()
    work = partial(extract_batch, batch_size=batch_size, references=references)
    with ctx.Pool(n) as pool:
        for docs, recs in zip(batches(documents, batch_size), pool.imap(work, batches(documents, batch_size))):
            for doc, rec in zip(docs, recs):
                if progress:
                    progress(doc)
                yield rec


def _on_dask(documents: list[Document], address: str, batch_size: int, progress, references: bool) -> Iterator[DocumentRecords]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:  # pragma: no cover - a dependency of kg
        raise ValueError("--dask needs dask.distributed: pip install 'dask[distributed]'") from e
    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=cpu_count(), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        try:
            client = Client(address, timeout="10s")
        except OSError as e:
            raise ValueError(f"cannot reach the Dask scheduler at {address} ({e}); start one with "
                             "`dask scheduler` and workers with `dask worker ADDRESS`, or use --dask local") from e
    try:
        parts = batches(documents, batch_size)
        futures = client.map(extract_batch, parts, batch_size=batch_size, references=references, pure=False)
        for docs, fut in zip(parts, futures):
            for doc, rec in zip(docs, fut.result()):
                if progress:
                    progress(doc)
                yield rec
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
