"""Store: the embedded on-disk RDF store (pyoxigraph), with rdflib on top via oxrdflib.

A build loads the whole dataset with ``bulk_load`` into a fresh store beside
the old one and swaps the directories, so a reader never sees half a graph
and a failed build leaves the previous store as it was.

>>> s = GraphStore.in_memory()
>>> s.load_nquads(b'<http://a> <http://b> <http://c> <http://g> .\\n')
>>> len(s)
1
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from .rdf import PREFIXES

STORE_DIR = "store"


class StoreError(RuntimeError):
    """The store is missing, locked or unreadable; the message says what to do."""


class GraphStore:
    """A pyoxigraph store, on disk or in memory."""

    def __init__(self, store: ox.Store, path: Path | None = None):
        self.store = store
        self.path = path

    @classmethod
    def in_memory(cls) -> GraphStore:
        return cls(ox.Store())

    @classmethod
    def open(cls, graph_dir: str | Path, read_only: bool = False) -> GraphStore:
        """Open the store under ``graph_dir/store`` (created by ``kg build``)."""
        path = Path(graph_dir) / STORE_DIR
        if not path.is_dir():
            raise StoreError(f"no graph store at {path}; build one first with `kg build ARTICLES -o {graph_dir}`")
        try:
            st = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as e:
            raise StoreError(f"cannot open the store at {path} ({e}); is another kg process writing to it?") from e
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

    def query(self, sparql: str, union: bool = True):
        """Run a SPARQL query with the project prefixes predeclared; all graphs form the default graph."""
        return self.store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=union)

    def rdflib_dataset(self):
        """The same store seen through rdflib's ``Dataset`` API (oxrdflib)."""
        import rdflib
        from oxrdflib import OxigraphStore

        return rdflib.Dataset(store=OxigraphStore(store=self.store))

    def flush(self) -> None:
        self.store.flush()


def write_store(graph_dir: str | Path, nquads: bytes) -> Path:
    """Replace ``graph_dir/store`` by a store holding ``nquads``, atomically.

    The new store is bulk-loaded in a temporary directory next to the old one,
    then renamed into place.
    """
    graph_dir = Path(graph_dir)
    graph_dir.mkdir(parents=True, exist_ok=True)
    final = graph_dir / STORE_DIR
    tmp = Path(tempfile.mkdtemp(prefix=".store-", dir=graph_dir))
    try:
        st = ox.Store(str(tmp))
        st.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        st.flush()
        del st
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
