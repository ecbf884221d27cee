"""The Python API: build a knowledge graph from articles, open one, query, export, draw.

>>> import kg                                            # doctest: +SKIP
>>> graph = kg.build(["examples/"], out_dir="output")    # doctest: +SKIP
>>> graph.query("SELECT ?who ?m WHERE { ?who kg:postponed ?m }", fmt="table")  # doctest: +SKIP
>>> graph.export("turtle", "graph.ttl")                  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import cast

from . import incremental, workers
from .folder import OUTPUTS, RECORDS_DIR, save_records, save_text, writing
from .graph import BuildReport, ChangeReport, KnowledgeGraph
from .ingest import Document, IngestError, read_documents
from .pieces import extract_in_pieces
from .pipeline import begin_work, finish_all, open_store, release_free_memory, settled_heap, write_graph
from .rdf import summary, to_dataset
from .resolve import resolve
from .store import OxigraphStore

__all__ = [
    "OUTPUTS",
    "RECORDS_DIR",
    "BuildReport",
    "ChangeReport",
    "KnowledgeGraph",
    "add",
    "build",
    "remove",
    "save_records",
]


def build(
    paths: Iterable[str | Path],
    out_dir: str | Path | None = "output",
    progress: Callable[[Document], None] | None = None,
    html: bool = True,
    store_url: str | None = None,
    n_process: int | None = None,
    batch_size: int = 16,
    dask: str | None = None,
) -> KnowledgeGraph:
    """Build a graph from article files or folders.

    A file that cannot be read (missing, empty, binary, not UTF-8) is reported
    in ``graph.report.skipped`` and the rest of the corpus still builds. With
    ``out_dir`` the store and ``graph.trig``, ``graph.ttl`` and ``graph.html``
    are written there; with ``out_dir=None`` the graph stays in memory. With
    ``store_url`` (a SPARQL 1.1 Update endpoint) the quads go there instead of
    ``out_dir/store``; the articles given are then the whole graph there too.

    ``n_process`` worker processes parse the articles (``None``: every core
    once the corpus is large enough to pay, see :mod:`kg.workers`); ``dask``
    (a scheduler address or ``"local"``) parses them on a Dask cluster
    instead. The graph is the same either way.
    """

    def extract(documents: list[Document]):
        # a long article is parsed in pieces (spaCy's limit and memory), and stays one article
        return extract_in_pieces(
            documents,
            lambda docs: workers.extract(
                docs, n_process=n_process, batch_size=batch_size, progress=progress, dask=dask
            ),
        )

    report: BuildReport = ChangeReport() if store_url else BuildReport()
    if out_dir is None:
        documents = list(read_documents(paths, errors=report.skipped, notes=report.notes))
        report.documents = len(documents)
        report.undated = sorted(d.doc_id for d in documents if not d.published)
        resolved = resolve(list(extract(documents)))
        report.counts = summary(resolved)
        store = OxigraphStore.in_memory()
        store.store.extend(to_dataset(resolved, {d.doc_id: d.raw for d in documents}))
        return KnowledgeGraph(store, None, report)
    out = Path(out_dir)
    target = open_store(out, store_url)  # a bad URL fails here, before spaCy runs
    with writing(out) as change, settled_heap() as settle:
        documents = list(read_documents(paths, errors=report.skipped, notes=report.notes))
        if not documents:  # replacing the graph with an empty one would lose it for nothing
            reasons = "; ".join(report.skipped[:5]) + (" ..." if len(report.skipped) > 5 else "")
            raise IngestError(
                f"no article could be read{' (' + reasons + ')' if reasons else ''}; "
                f"the graph in {out} is left as it was"
            )
        report.undated = sorted(d.doc_id for d in documents if not d.published)
        records = list(extract(documents))
        settle()  # the model, the documents and their records live to the end: no collection walks them again
        release_free_memory()  # the parse's freed working memory goes back to the system before the write step
        change.begin()
        if not target.keeps_quotes:  # later adds and removes need the texts for the evidence quotes
            for doc in documents:
                save_text(out, doc.sha256, doc.raw)
        # the records are written by a child of their own while this process resolves and spools the graph
        # (340 articles: 0.2 s off the serial part of a build); a failure of either is raised once both are over
        saved = begin_work(partial(save_records, out, records))
        if isinstance(report, ChangeReport):
            report.added = [r.doc_id for r in records]
        # handed over: write_graph lets go of the records and texts once their quads are spooled, and nothing
        # here holds them (peak memory: the store's load and the page's copy then reuse their space)
        by_sha = {r.sha256: r for r in records}
        texts = {d.doc_id: d.raw for d in documents}
        del records, documents
        graph, _ = finish_all(
            [lambda: write_graph(out, by_sha, report, target, html, full=True, texts=texts, hand_over=True), saved]
        )
        return cast(KnowledgeGraph, graph)


def add(
    paths: Iterable[str | Path],
    out_dir: str | Path = "output",
    progress: Callable[[Document], None] | None = None,
    html: bool = True,
    store_url: str | None = None,
) -> KnowledgeGraph:
    """Add articles to a built graph; only the new ones are parsed, and the result equals a full rebuild.

    >>> graph = add(["new-article.txt"], "output")   # doctest: +SKIP
    >>> graph.report.added                            # doctest: +SKIP
    ['new-article']
    """
    return incremental.add(paths, out_dir, progress=progress, html=html, store_url=store_url)


def remove(
    doc_refs: Iterable[str], out_dir: str | Path = "output", html: bool = True, store_url: str | None = None
) -> KnowledgeGraph:
    """Remove articles (document id, file name or content-hash prefix) from a built graph.

    >>> remove(["new-article"], "output").report.removed   # doctest: +SKIP
    ['new-article']
    """
    return incremental.remove(doc_refs, out_dir, html=html, store_url=store_url)
