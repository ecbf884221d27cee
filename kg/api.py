"""The Python API: build a knowledge graph from articles, open one, query, export, draw.

>>> import kg                                            # doctest: +SKIP
>>> graph = kg.build(["examples/"], out_dir="output")    # doctest: +SKIP
>>> graph.query("SELECT ?who ?m WHERE { ?who kg:postponed ?m }", fmt="table")  # doctest: +SKIP
>>> graph.export("turtle", "graph.ttl")                  # doctest: +SKIP
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from . import export as _export
from .extract import extract_documents
from .ingest import Document, read_documents
from .network import to_networkx
from .query import format_result, run_query
from .rdf import ontology_path, summary, to_dataset
from .resolve import resolve
from .store import GraphStore, write_store
from .viz import render_html, write_html

OUTPUTS = {"trig": "graph.trig", "turtle": "graph.ttl", "html": "graph.html"}


@dataclass
class BuildReport:
    """What a build did: documents read, files skipped (with the reason), counts, files written."""

    documents: int = 0
    skipped: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    outputs: dict[str, Path] = field(default_factory=dict)


class KnowledgeGraph:
    """A built graph: its store, plus the folder it lives in (if any)."""

    def __init__(self, store: GraphStore, directory: Path | None = None, report: BuildReport | None = None):
        self.store = store
        self.directory = directory
        self.report = report or BuildReport()

    @classmethod
    def open(cls, directory: str | Path = "output", read_only: bool = True, in_memory: bool = False) -> KnowledgeGraph:
        """Open the graph ``kg build`` wrote to ``directory``.

        ``in_memory=True`` queries a copy in RAM: slower to open, several
        times faster per query (see ``bench/sparql.py``).
        """
        return cls(GraphStore.open(directory, read_only=read_only, in_memory=in_memory), Path(directory))

    def __len__(self) -> int:
        return len(self.store)

    def query(self, sparql: str, fmt: str | None = None):
        """Run SPARQL; with ``fmt`` ("table", "csv", "json") return the formatted text."""
        result = run_query(self.store, sparql)
        return format_result(result, fmt) if fmt else result

    def export(self, fmt: str = "turtle", path: str | Path | None = None) -> bytes | Path:
        """Serialise the graph; write it atomically to ``path`` when given."""
        if path is not None:
            return _export.export(self.store, fmt, path)
        return _export.serialize(self.store.quads(), fmt)

    def to_networkx(self) -> nx.MultiDiGraph:
        return to_networkx(self.store)

    def to_html(self, path: str | Path | None = None) -> str | Path:
        g = self.to_networkx()
        return write_html(g, path) if path is not None else render_html(g)

    def validate(self) -> tuple[bool, str]:
        """Check the graph against ``ontology/shapes.ttl`` with pySHACL: (conforms, report text)."""
        import pyshacl
        import rdflib

        data = rdflib.Dataset()
        data.parse(data=_export.serialize(self.store.quads(), "nq").decode("utf-8"), format="nquads")
        union = rdflib.Graph()
        for t in data.triples((None, None, None)):
            union.add(t)
        shapes = rdflib.Graph().parse(ontology_path("shapes.ttl"), format="turtle")
        conforms, _, text = pyshacl.validate(union, shacl_graph=shapes, ont_graph=None, inference="none")
        return bool(conforms), text


RECORDS_DIR = "records"


def save_records(out: Path, records: list) -> None:
    """Keep each article's extraction records (``records/<sha256>.json``) so later steps need no re-parse."""
    import json

    from .records import to_json

    folder = out / RECORDS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    keep = set()
    for rec in records:
        name = f"{rec.sha256}.json"
        keep.add(name)
        _export.atomic_write(folder / name, json.dumps(to_json(rec), ensure_ascii=False, sort_keys=True).encode("utf-8"))
    for old in folder.glob("*.json"):
        if old.name not in keep:
            old.unlink()


def build(paths: Iterable[str | Path], out_dir: str | Path | None = "output",
          progress: Callable[[Document], None] | None = None, html: bool = True) -> KnowledgeGraph:
    """Build a graph from article files or folders.

    A file that cannot be read (missing, empty, binary, not UTF-8) is reported
    in ``graph.report.skipped`` and the rest of the corpus still builds. With
    ``out_dir`` the store and ``graph.trig``, ``graph.ttl`` and ``graph.html``
    are written there; with ``out_dir=None`` the graph stays in memory.
    """
    report = BuildReport()
    documents: list[Document] = list(read_documents(paths, errors=report.skipped))
    report.documents = len(documents)
    records = list(extract_documents(documents, progress=progress))
    resolved = resolve(records)
    report.counts = summary(resolved)
    dataset = to_dataset(resolved, {d.doc_id: d.raw for d in documents})
    nquads = _export.serialize(dataset, "nq")
    if out_dir is None:
        store = GraphStore.in_memory()
        store.load_nquads(nquads)
        return KnowledgeGraph(store, None, report)
    out = Path(out_dir)
    save_records(out, records)
    write_store(out, nquads)
    store = GraphStore.open(out)
    graph = KnowledgeGraph(store, out, report)
    report.outputs["trig"] = _export.atomic_write(out / OUTPUTS["trig"], _export.serialize(dataset, "trig"))
    report.outputs["turtle"] = _export.atomic_write(out / OUTPUTS["turtle"], _export.serialize(dataset, "turtle"))
    if html:
        report.outputs["html"] = graph.to_html(out / OUTPUTS["html"])
    return graph




def add(paths: Iterable[str | Path], out_dir: str | Path = "output",
        progress: Callable[[Document], None] | None = None, html: bool = True,
        store_url: str | None = None) -> KnowledgeGraph:
    """Add articles to a built graph; only the new ones are parsed, and the result equals a full rebuild.

    >>> graph = add(["new-article.txt"], "output")   # doctest: +SKIP
    >>> graph.report.added                            # doctest: +SKIP
    ['new-article']
    """
    from . import incremental

    return incremental.add(paths, out_dir, progress=progress, html=html, store_url=store_url)


def remove(doc_refs: Iterable[str], out_dir: str | Path = "output", html: bool = True,
           store_url: str | None = None) -> KnowledgeGraph:
    """Remove articles (document id, file name or content-hash prefix) from a built graph.

    >>> remove(["new-article"], "output").report.removed   # doctest: +SKIP
    ['new-article']
    """
    from . import incremental

    return incremental.remove(doc_refs, out_dir, html=html, store_url=store_url)
