"""A built graph as Python sees it: its store, the folder it lives in, and what the last write did.

>>> graph = KnowledgeGraph(OxigraphStore.in_memory())
>>> len(graph), graph.query("ASK { ?s ?p ?o }", fmt="table")
(0, 'false')
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, overload

from . import export as _export
from .query import QueryError, format_result, run_query
from .store import OxigraphStore
from .vocab import ontology_text

if TYPE_CHECKING:  # networkx and the page's modules are imported when a view is drawn: not at every start-up
    import networkx as nx


@dataclass
class BuildReport:
    """What a build did: documents read, files skipped (with the reason), counts, files written."""

    documents: int = 0
    skipped: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    outputs: dict[str, Path] = field(default_factory=dict)
    changed_graphs: list[str] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how a file was read (HTML stripped, a bad header URL dropped)

    def undated_warning(self) -> str | None:
        """The warning naming the articles with no publication date, or None when all are dated.

        >>> BuildReport(undated=["a1"]).undated_warning().startswith("1 article(s) have no publication date")
        True
        """
        if not self.undated:
            return None
        return (
            f"{len(self.undated)} article(s) have no publication date (no ` date YYYY-MM-DD URL` header, no date in"
            f' the URL or dateline), so "on Thursday" stays unresolved and "on August 15" has no year: '
            + ", ".join(self.undated)
        )


@dataclass
class ChangeReport(BuildReport):
    """What an add or remove did, by document id, plus the named graphs whose content changed."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    repaired: bool = False


class KnowledgeGraph:
    """A built graph: its store, plus the folder it lives in (if any)."""

    def __init__(self, store: OxigraphStore, directory: Path | None = None, report: BuildReport | None = None):
        self.store = store
        self.directory = directory
        self.report = report or BuildReport()

    @classmethod
    def open(cls, directory: str | Path = "output", read_only: bool = True, in_memory: bool = False) -> KnowledgeGraph:
        """Open the graph ``kg build`` wrote to ``directory``.

        ``in_memory=True`` queries a copy in RAM: slower to open, several
        times faster per query (see ``bench/sparql.py``).
        """
        return cls(OxigraphStore.open(directory, read_only=read_only, in_memory=in_memory), Path(directory))

    def __len__(self) -> int:
        return len(self.store)

    def query(self, sparql: str, fmt: str | None = None):
        """Run SPARQL; with ``fmt`` ("table", "csv", "json") return the formatted text."""
        result = run_query(self.store, sparql)
        if not fmt:
            return result
        try:  # the engine evaluates lazily: a failure can come while the rows are read
            return format_result(result, fmt)
        except (OSError, RuntimeError, ValueError, SyntaxError) as e:
            raise QueryError(
                f"the query failed while its results were read ({e}); retry, or narrow the query"
            ) from None

    @overload
    def export(self, fmt: str = ..., path: None = ...) -> bytes: ...
    @overload
    def export(self, fmt: str, path: str | Path) -> Path: ...

    def export(self, fmt: str = "turtle", path: str | Path | None = None) -> bytes | Path:
        """Serialise the graph; write it atomically to ``path`` when given."""
        if path is not None:
            return _export.export(self.store, fmt, path)
        return _export.serialize(self.store.quads(), fmt)

    def to_networkx(self) -> nx.MultiDiGraph:
        """The networkx view (:func:`kg.network.to_networkx`)."""
        from .network import to_networkx

        return to_networkx(self.store)

    @overload
    def to_html(self, path: None = ...) -> str: ...
    @overload
    def to_html(self, path: str | Path) -> Path: ...

    def to_html(self, path: str | Path | None = None) -> str | Path:
        """The interactive HTML page (a meeting's panel shows its timeline); written atomically to ``path`` when given."""
        from .timeline import timeline_payload
        from .viz import render_html, write_html

        g = self.to_networkx()
        lines = timeline_payload(self.store)
        return write_html(g, path, timelines=lines) if path is not None else render_html(g, timelines=lines)

    def validate(self) -> tuple[bool, str]:
        """Check the graph against ``ontology/shapes.ttl`` with pySHACL: (conforms, report text)."""
        import pyshacl
        import rdflib

        data = rdflib.Dataset()
        data.parse(data=_export.serialize(self.store.quads(), "nq").decode("utf-8"), format="nquads")
        union = rdflib.Graph()
        for t in data.triples((None, None, None)):
            union.add(t)
        shapes = rdflib.Graph().parse(data=ontology_text("shapes.ttl"), format="turtle")
        conforms, _, text = pyshacl.validate(union, shacl_graph=shapes, ont_graph=None, inference="none")
        return bool(conforms), text
