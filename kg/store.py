"""Store: where a graph's quads live, behind one :class:`GraphStore` interface.

Two implementations: :class:`DiskStore`, the embedded on-disk Oxigraph store
in ``DIR/store`` (the default), and :class:`kg.remote.SparqlUpdateStore`, a
SPARQL 1.1 Update endpoint; :func:`kg.pipeline.open_store` picks one from
the target the user gave. Reading goes through :class:`OxigraphStore`, a
pyoxigraph store on disk or in memory, with rdflib on top via oxrdflib.

A write loads the whole dataset with ``bulk_load`` into a fresh store beside
the old one and swaps the directories, so a reader never sees half a graph
and a failed write leaves the previous store as it was.

>>> s = OxigraphStore.in_memory()
>>> s.load_nquads(b'<http://a> <http://b> <http://c> <http://g> .\\n')
>>> len(s)
1
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol, cast

import pyoxigraph as ox

from .folder import STORE_DIR, StoreError, pid_alive
from .memory_copy import memory_copies, reads_default_graph_only
from .vocab import KG, PREFIXES

# quads per bulk-load batch: bounds the loader's memory (peak ~85 MB at 50,000, ~46 MB at 20-25,000, ~29 MB at
# 10,000) and costs time below ~25,000 (107,000 quads: 1.0-1.1 s at 25-50,000, 1.2-1.7 s at 10,000)
LOAD_BATCH = 25_000

__all__ = ["STORE_DIR", "DiskStore", "GraphStore", "OxigraphStore", "StoreError", "graph_digests", "write_store"]


class GraphStore(Protocol):
    """Where :func:`kg.pipeline.write_graph` puts a graph, and where its readers find it."""

    location: str
    """Where the graph lives, for messages: a folder or an endpoint URL."""

    keeps_quotes: bool
    """True when later writes can read the evidence quotes back from the store (so article texts need not be kept)."""

    def has_graph(self) -> bool:
        """True once a graph has been written there."""

    def articles(self) -> set[str] | None:
        """Content hashes of the articles the store holds; None when there is no store or it cannot tell."""

    def replace(self, dataset: Iterable[ox.Quad], full: bool = False) -> list[str]:
        """Make the store hold exactly ``dataset``; return the graphs that changed (all with ``full``)."""

    def reader(self) -> OxigraphStore:
        """A store to query that holds the graph (the store itself, or a local copy of it)."""


class OxigraphStore:
    """A pyoxigraph store, on disk or in memory: what queries, exports and views read."""

    def __init__(self, store: ox.Store, path: Path | None = None, default_graph: ox.Store | None = None):
        self.store = store
        self.path = path
        self.default_graph = default_graph  # an in-memory copy of the default graph alone (see :meth:`open`)

    @classmethod
    def in_memory(cls) -> OxigraphStore:
        return cls(ox.Store())

    @classmethod
    def open(cls, graph_dir: str | Path, read_only: bool = False, in_memory: bool = False) -> OxigraphStore:
        """Open the store under ``graph_dir/store`` (created by ``kg build``).

        With ``in_memory`` the store is copied into RAM and the copy is
        returned: loading takes about ten seconds per million quads, after
        which queries run several times faster than on disk (RocksDB lookups
        dominate on-disk query time). Suits a notebook or script that runs
        many queries; later ``kg add`` / ``kg remove`` do not reach the copy.
        The copy is :func:`memory_copies`: the whole store, plus the default
        graph alone for the queries that read nothing else.
        """
        path = Path(graph_dir) / STORE_DIR
        if not path.is_dir():
            raise StoreError(f"no graph store at {path}; build one first with `kg build ARTICLES -o {graph_dir}`")
        try:
            st = ox.Store.read_only(str(path)) if read_only or in_memory else ox.Store(str(path))
        except OSError as e:
            raise StoreError(f"cannot open the store at {path} ({e}); is another kg process writing to it?") from e
        if in_memory:
            whole, default = memory_copies(st)
            return cls(whole, default_graph=default)
        return cls(st, path)

    def __len__(self) -> int:
        return len(self.store)

    def load_nquads(self, data: bytes) -> None:
        """Bulk-load N-Quads (fast path, no transaction log)."""
        self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS)

    def quads(self):
        return self.store.quads_for_pattern(None, None, None, None)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs())

    def query(self, sparql: str, union: bool = False):
        """Run a SPARQL query with the project prefixes predeclared.

        The default graph is the merged graph (each fact once); ``GRAPH ?g { ... }``
        reads an article's provenance. ``union=True`` makes every graph part of
        the default graph instead (a fact then repeats once per article).
        """
        store = (
            self.default_graph
            if self.default_graph is not None and not union and reads_default_graph_only(sparql)
            else self.store
        )
        return store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=union)

    def rdflib_dataset(self):
        """The same store seen through rdflib's ``Dataset`` API (oxrdflib)."""
        import rdflib
        from oxrdflib import OxigraphStore

        return rdflib.Dataset(store=OxigraphStore(store=self.store))

    def articles(self) -> set[str]:
        """Content hashes of the articles in the store (``kg:sha256`` of each ``kg:Article``)."""
        rows = cast(
            ox.QuerySolutions, self.store.query("SELECT ?sha WHERE { ?a a <%sArticle> ; <%ssha256> ?sha }" % (KG, KG))
        )
        return {row["sha"].value for row in rows}


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``).

    False where the system cannot; the caller then renames twice, leaving a
    moment with no store at all.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:  # glibc older than 2.28
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def remove_stale(graph_dir: Path) -> None:
    """Delete the temporary stores of writers that died (``kill -9``, power cut) before cleaning up.

    Their names carry the writer's process id, so a live writer's are left alone.
    """
    for p in graph_dir.glob(".store-*"):
        pid = p.name.split("-")[2] if p.name.count("-") >= 2 else ""
        if p.is_dir() and pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(p, ignore_errors=True)


def write_store(graph_dir: str | Path, nquads: bytes | None = None, path: Path | None = None) -> Path:
    """Replace ``graph_dir/store`` by a store holding ``nquads`` (or the N-Quads file at ``path``), atomically.

    The new store is bulk-loaded in a temporary directory next to the old one,
    then swapped with it in one step, so a reader finds either the old store
    or the new one, never none; a writer killed at any point leaves the old
    store in place (and temporary directories the next write removes).
    """
    graph_dir = Path(graph_dir)
    graph_dir.mkdir(parents=True, exist_ok=True)
    remove_stale(graph_dir)
    final = graph_dir / STORE_DIR
    tmp = Path(tempfile.mkdtemp(prefix=f".store-new-{os.getpid()}-", dir=graph_dir))
    try:
        st = ox.Store(str(tmp))
        if path is not None:
            load_nquads_file(st, path)
        else:
            st.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        st.flush()
        del st
        if final.exists() and _exchange(tmp, final):
            shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the old store
            return final
        old = None
        if final.exists():
            old = graph_dir / f".store-old-{os.getpid()}"
            os.replace(final, old)
        os.replace(tmp, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return final


def load_nquads_file(st: ox.Store, path: Path, batch: int = LOAD_BATCH) -> None:
    """Bulk-load the N-Quads file at ``path`` into ``st``, ``batch`` lines at a time.

    Each batch goes to oxigraph's parser as bytes, so no quad becomes a
    Python object (that cost as much as the load itself), and the loader's
    memory stays bounded by the batch, not the file.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "g.nq"
    >>> _ = p.write_bytes(b'<http://s> <http://p> "o" <http://g> .\\n' * 3)
    >>> st = ox.Store(); load_nquads_file(st, p, batch=2); len(st)
    1
    """
    with open(path, "rb") as f:
        while lines := list(itertools.islice(f, batch)):
            st.bulk_load(b"".join(lines), format=ox.RdfFormat.N_QUADS)


def store_graphs(st: ox.Store) -> list[str]:
    """The graphs ``st`` holds, as :func:`changed_graphs` names them (the default graph when it has quads).

    >>> st = ox.Store(); st.add(ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("o")))
    >>> store_graphs(st)
    ['(default graph)']
    """
    names = [g.value for g in st.named_graphs() if isinstance(g, ox.NamedNode)]
    if next(iter(st.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        names.append("(default graph)")
    return sorted(names)


def digest(quads: Iterable[ox.Quad]) -> str:
    """A digest of the triples of ``quads``, whatever their order or graph (the one kg compares content with).

    >>> q = ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("o"))
    >>> digest([q]) == digest([q, q][:1]) and len(digest([q])) == 64
    True
    """
    lines = sorted(f"{q.subject} {q.predicate} {q.object}" for q in quads)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def graph_digests(quads: Iterable[ox.Quad]) -> dict[str, str]:
    """A digest of each graph's content (the default graph as ""), to see which graphs a change touched.

    >>> g = ox.NamedNode("http://g")
    >>> q = ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("o"), g)
    >>> list(graph_digests([q]))
    ['http://g']
    """
    if getattr(quads, "sorted", False):
        return _sorted_graph_digests(quads)
    graphs: dict[str, list[ox.Quad]] = {}
    for q in quads:
        graphs.setdefault("" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value, []).append(q)
    return {g: digest(qs) for g, qs in graphs.items()}


def _sorted_graph_digests(quads: Iterable[ox.Quad]) -> dict[str, str]:
    """:func:`graph_digests` of quads already in N-Quads line order: hashed as they come, nothing held."""
    digests: dict[str, Any] = {}  # graph name -> its running sha256
    for q in quads:
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        h = digests.get(name)
        if h is None:
            h = digests[name] = hashlib.sha256()
        else:
            h.update(b"\n")
        h.update(f"{q.subject} {q.predicate} {q.object}".encode("utf-8"))
    return {g: h.hexdigest() for g, h in digests.items()}


def changed_graphs(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """The graphs whose digest differs between ``old`` and ``new`` (the default graph by name)."""
    return sorted(g or "(default graph)" for g in set(old) | set(new) if old.get(g) != new.get(g))


class DiskStore:
    """The embedded Oxigraph store in ``graph_dir/store``: replaced as a whole by an atomic swap.

    >>> DiskStore("/nonexistent").has_graph()
    False
    """

    keeps_quotes = True

    def __init__(self, graph_dir: str | Path):
        self.graph_dir = Path(graph_dir)
        self.location = str(self.graph_dir / STORE_DIR)

    def has_graph(self) -> bool:
        return (self.graph_dir / STORE_DIR).is_dir()

    def articles(self) -> set[str] | None:
        if not self.has_graph():
            return None
        store = OxigraphStore.open(self.graph_dir, read_only=True)
        found = store.articles()
        del store
        return found

    def _digests(self) -> dict[str, str]:
        if not self.has_graph():
            return {}
        store = OxigraphStore.open(self.graph_dir, read_only=True)
        digests = graph_digests(store.quads())
        del store
        return digests

    def replace(self, dataset: Iterable[ox.Quad], full: bool = False) -> list[str]:
        """Swap in a store holding ``dataset``; untouched when no graph changed (unless ``full``)."""
        if not self.has_graph():  # a first build: every graph is new, nothing to compare (digests cost a pass)
            self._write(dataset)
            reader = OxigraphStore.open(self.graph_dir, read_only=True)
            names = store_graphs(reader.store)
            del reader
            return names
        changed = changed_graphs(self._digests(), graph_digests(dataset))
        if changed or full:
            self._write(dataset)
        return changed

    def _write(self, dataset: Iterable[ox.Quad]) -> None:
        spooled = getattr(dataset, "path", None)
        if isinstance(spooled, Path):  # spooled N-Quads: bulk-loaded from the file
            write_store(self.graph_dir, path=spooled)
        else:
            write_store(
                self.graph_dir, cast(bytes, ox.serialize(sorted(dataset, key=str), format=ox.RdfFormat.N_QUADS))
            )

    def reader(self) -> OxigraphStore:
        return OxigraphStore.open(self.graph_dir, read_only=True)
