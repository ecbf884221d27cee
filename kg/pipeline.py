"""Writing a graph: one pipeline from article records to the store and the files, for every command.

``kg build``, ``kg add``, ``kg remove`` and a write into a remote store all
end in :func:`write_graph`: resolve the records of every article, turn them
into RDF, replace the store's content, and write ``graph.trig``,
``graph.ttl`` and ``graph.html``. Where the quads go is a
:class:`kg.store.GraphStore` that :func:`open_store` picks from the target:
a folder (the embedded on-disk store) or an ``http(s)://`` SPARQL 1.1 Update
endpoint.

>>> open_store("output").location
'output/store'
>>> open_store("output", "http://localhost:7878").location
'http://localhost:7878/update'
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TypeVar, cast

import pyoxigraph as ox

from . import export as _export
from .folder import (
    OUTPUTS,
    RECORDS_DIR,
    STORE_DIR,
    TEXT_SUFFIX,
    IncrementalError,
    atomic_write,
    close_inherited_locks,
    drop_stray_texts,
)
from .graph import BuildReport, KnowledgeGraph
from .ingest import read_document
from .rdf import article_iri, quads, summary
from .records import DocumentRecords
from .remote import SparqlUpdateStore
from .resolve import resolve
from .store import DiskStore, GraphStore, OxigraphStore, load_nquads_file
from .vocab import KG


def open_store(graph_dir: str | Path, target: str | None = None) -> GraphStore:
    """The store a graph folder's quads go to: ``target`` when it is an endpoint URL, else ``graph_dir/store``."""
    if target:
        return SparqlUpdateStore(target, graph_dir)
    return DiskStore(graph_dir)


# ------------------------------------------------------------------ article texts


class StoredQuotes:
    """Stands in for an article's text when the file is gone: the quotes the store kept, by span.

    :func:`kg.rdf.quads` slices ``raw_texts[doc_id][start:end]`` for each
    evidence quote; this answers the slices the store already holds.

    >>> StoredQuotes("a", {(0, 6): "Santos"})[0:6]
    'Santos'
    """

    def __init__(self, doc_id: str, spans: dict[tuple[int, int], str]):
        self.doc_id = doc_id
        self.spans = spans

    def __getitem__(self, span: slice) -> str:
        try:
            return self.spans[(span.start, span.stop)]
        except KeyError:
            raise IncrementalError(
                f"the text of article {self.doc_id} is needed for a quote the store does not hold; "
                "put the article file back where it was built from, or rebuild with `kg build`"
            ) from None


def _quotes_from_store(out: Path, rec: DocumentRecords) -> StoredQuotes:
    spans: dict[tuple[int, int], str] = {}
    if (out / STORE_DIR).is_dir():
        store = OxigraphStore.open(out, read_only=True)
        q = "SELECT ?s ?e ?q WHERE { GRAPH <%s> { ?ev <%sstartOffset> ?s ; <%sendOffset> ?e ; <%squote> ?q } }" % (
            article_iri(rec.sha256),
            KG,
            KG,
            KG,
        )
        spans = {
            (int(r["s"].value), int(r["e"].value)): r["q"].value for r in cast(ox.QuerySolutions, store.store.query(q))
        }
        del store
    return StoredQuotes(rec.doc_id, spans)


def article_text(out: Path, rec: DocumentRecords):
    """The original text of an article: its saved copy, else its file if unchanged, else the stored quotes."""
    saved = out / RECORDS_DIR / f"{rec.sha256}{TEXT_SUFFIX}"
    if saved.exists():
        return saved.read_text(encoding="utf-8")
    if rec.path and Path(rec.path).is_file():
        try:
            doc = read_document(rec.path)
        except ValueError:
            doc = None
        if doc is not None and doc.sha256 == rec.sha256:
            atomic_write(saved, doc.raw.encode("utf-8"))  # keep it: the file may not stay
            return doc.raw
    return _quotes_from_store(out, rec)


# ------------------------------------------------------------------ the pipeline


@contextmanager
def settled_heap() -> Iterator[Callable[[], None]]:
    """Keep the cyclic garbage collector off what is alive now; calling the yielded ``settle()`` adds what is alive then.

    A build keeps what it makes (the loaded model, every article's records,
    the resolved graph) to the end, and each full collection walked all of
    it again: about a second of a 340-article build. Frozen objects are still
    freed when no longer referenced; the heap is unfrozen on the way out
    (unless the caller had frozen objects of its own, which stay frozen).

    >>> with settled_heap() as settle:
    ...     settle()
    ...     gc.get_freeze_count() > 0
    True
    """
    mine = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        if mine:
            gc.unfreeze()


def release_free_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``; nothing elsewhere).

    The parse frees most of what it allocates (spaCy's and thinc's working
    arrays), but glibc keeps the freed pages resident for reuse, so a build's
    memory stayed at its parse's high-water mark through the write step,
    which allocates elsewhere (oxigraph's loader and the page's copy of the
    graph). 300 articles: 366 -> 210 MB resident after the parse.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim():
    import ctypes
    import ctypes.util

    try:
        return getattr(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6"), "malloc_trim", None)
    except OSError:  # no C library to load (not Linux)
        return None


def _html_from_spool(dataset: _export.SortedQuads, path: Path) -> Path:
    """``graph.html`` drawn from an in-memory copy of the spooled quads, not from the store being loaded.

    The page then need not wait for the store's load, and its queries run
    on memory rather than RocksDB (340 articles: 1.7 s from the disk store,
    0.5 s to copy plus 0.5 s to draw). Its rows are sorted, so it is the page
    the store would give. The copy lives while the page is drawn only. It
    is loaded in batches, as the disk store is: one ``bulk_load`` of the
    whole file held its parse beside the copy (1,000 articles: 173 MB at
    the peak for a copy of 99 MB).
    """
    copy = OxigraphStore.in_memory()
    load_nquads_file(copy.store, dataset.path)
    return KnowledgeGraph(copy).to_html(path)


def _rdf_files(out: Path, dataset: _export.SortedQuads) -> dict[str, Path]:
    """``graph.trig`` and ``graph.ttl`` from the spooled quads; their paths by name."""
    return {
        "trig": _export.write_sorted(dataset, "trig", out / OUTPUTS["trig"]),
        "turtle": _export.write_sorted(dataset, "turtle", out / OUTPUTS["turtle"]),
    }


def _page_file(out: Path, dataset: _export.SortedQuads) -> dict[str, Path]:
    """``graph.html`` from the spooled quads; its path by name."""
    return {"html": _html_from_spool(dataset, out / OUTPUTS["html"])}


T = TypeVar("T")


def _can_fork() -> bool:
    """Whether a child process may be forked here: on Linux, from a process running one thread."""
    import threading

    return sys.platform.startswith("linux") and threading.active_count() == 1


def _replace_while(
    store: GraphStore, dataset: _export.SortedQuads, full: bool, *works: Callable[[], T]
) -> tuple[list[str], list[T]]:
    """``store.replace(dataset)`` and each of ``works`` at once: (the graphs the store changed, what each returned).

    Each work (the TriG and Turtle files; the HTML page) runs in a forked
    child process while this one loads the store: they are busy for about as
    long (340 articles: 0.6 s of TriG and Turtle, 1 s of page, 1-1.5 s of
    store), and on threads they took turns at the interpreter lock, so
    together they took their sum. A child shares this process's memory until
    either writes to it and returns its result (or raises its error) through
    a pipe. Where forking is not safe (not Linux, other threads running) the
    store loads on a thread and the works run here in turn. A failure of any
    is raised once all are over; the pending marker then stays and the next
    write repairs the folder.

    >>> from kg.store import DiskStore
    >>> import tempfile; d = Path(tempfile.mkdtemp())
    >>> _replace_while(DiskStore(d), [], True, lambda: "a", lambda: "b")
    ([], ['a', 'b'])
    """
    if _can_fork():
        finishing: list[Callable[[], T]] = []
        try:
            for work in works:
                finishing.append(_in_child(work))
            changed = store.replace(dataset, full=full)
        finally:
            results = finish_all(finishing)
        return changed, results

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="kg-store") as pool:
        loading = pool.submit(store.replace, dataset, full=full)
        try:
            results = finish_all(list(works))  # each runs here in turn, all of them even when one fails
        finally:
            changed = loading.result()
    return changed, results


def begin_work(work: Callable[[], T]) -> Callable[[], T]:
    """Start ``work`` in a forked child where forking is safe (:func:`_can_fork`), else run it here and now;
    the function returned waits for it and returns its result, or raises its error.

    >>> begin_work(lambda: 6 * 7)()
    42
    """
    if _can_fork():
        return _in_child(work)
    result = work()
    return lambda: result


def finish_all(finishing: list[Callable[[], T]]) -> list[T]:
    """Call each of ``finishing`` (wait for a child, or run a work); their results in order, or the first error
    once all are over."""
    results: list[T] = []
    error: BaseException | None = None
    for finish in finishing:
        try:
            results.append(finish())
        except BaseException as e:  # noqa: BLE001 - raised below, after the other children are waited for
            error = error or e
    if error is not None:
        raise error
    return results


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent ends (``prctl(PR_SET_PDEATHSIG, SIGKILL)``)."""
    import ctypes
    import ctypes.util
    import signal

    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _in_child(work: Callable[[], T]) -> Callable[[], T]:
    """Start ``work()`` in a forked child; the function returned waits for it and returns its result or raises its error."""
    import pickle
    import signal

    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's clean-up or exit handlers
        status = 1
        try:
            # it dies with its parent: a killed build leaves no writer behind holding the folder's lock
            _die_with_parent()
            close_inherited_locks()
            if os.getppid() != parent:
                os._exit(1)
            os.close(read_end)
            try:
                payload = pickle.dumps((True, work()))
            except BaseException as e:  # noqa: BLE001 - handed to the parent, raised there
                try:
                    payload = pickle.dumps((False, e))
                except Exception:  # an error that does not pickle: its message
                    payload = pickle.dumps((False, RuntimeError(f"{type(e).__name__}: {e}")))
            with os.fdopen(write_end, "wb") as f:
                f.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def finish() -> T:
        try:
            with os.fdopen(read_end, "rb") as f:
                data = f.read()
        finally:
            try:
                if not os.waitpid(pid, os.WNOHANG)[0]:
                    if sys.exc_info()[0] is not None:  # interrupted here: the child's work is not wanted
                        os.kill(pid, signal.SIGTERM)
                    os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        if not data:
            raise RuntimeError("writing the graph files failed: the process writing them ended without a word")
        ok, value = pickle.loads(data)
        if not ok:
            raise value
        return value

    return finish


def _spool_resolved(recs: list[DocumentRecords], raw: dict, report: BuildReport) -> _export.SortedQuads:
    """Resolve the records and spool the graph's quads; the resolved graph is gone once they are spooled.

    Nothing after the spool needs it, and the store's load, the files and
    the page's copy of the graph then do not share memory with it.
    """
    resolved = resolve(recs)
    report.counts = summary(resolved)
    return _export.SortedQuads.spool(quads(resolved, raw))


def write_graph(
    out: Path,
    records: dict[str, DocumentRecords],
    report: BuildReport,
    store: GraphStore,
    html: bool = True,
    full: bool = False,
    texts: dict[str, str] | None = None,
    hand_over: bool = False,
) -> KnowledgeGraph:
    """Re-resolve every article's records and write the store, the TriG/Turtle files and the HTML view.

    ``texts`` (doc id -> article text) saves looking the texts up; ``full``
    rewrites every graph of the store, changed or not. With ``hand_over``
    the caller gives up ``records`` and ``texts``: they are emptied once the
    quads are spooled, so the store's load and the page's copy of the graph
    do not share memory with them (at 1,000 articles, some 50-70 MB).
    """
    recs = list(records.values())
    raw = texts if texts is not None else {r.doc_id: article_text(out, r) for r in recs}
    report.documents = len(recs)
    # the quads are streamed into a sorted spool file, never held: the store bulk-loads it, the files are written from it
    with _spool_resolved(recs, raw, report) as dataset:
        if hand_over:
            recs.clear()
            records.clear()
            raw.clear()
            release_free_memory()
        # the page in a process of its own: it is the longest of the three, and memory peaks while it is drawn
        works = [lambda: _rdf_files(out, dataset), *([lambda: _page_file(out, dataset)] if html else [])]
        report.changed_graphs, outputs = _replace_while(store, dataset, full, *works)
        for written in outputs:
            report.outputs.update(written)
        graph = KnowledgeGraph(store.reader(), out, report)
    drop_stray_texts(out)
    return graph
