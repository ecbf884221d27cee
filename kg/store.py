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
import sys
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
    def open(cls, graph_dir: str | Path, read_only: bool = False, in_memory: bool = False) -> GraphStore:
        """Open the store under ``graph_dir/store`` (created by ``kg build``).

        With ``in_memory`` the store is copied into RAM and the copy is
        returned: loading takes about ten seconds per million quads, after
        which queries run several times faster than on disk (RocksDB lookups
        dominate on-disk query time). Suits a notebook or script that runs
        many queries; later ``kg add`` / ``kg remove`` do not reach the copy.
        """
        path = Path(graph_dir) / STORE_DIR
        if not path.is_dir():
            raise StoreError(f"no graph store at {path}; build one first with `kg build ARTICLES -o {graph_dir}`")
        try:
            st = ox.Store.read_only(str(path)) if read_only or in_memory else ox.Store(str(path))
        except OSError as e:
            raise StoreError(f"cannot open the store at {path} ({e}); is another kg process writing to it?") from e
        if in_memory:
            copy = ox.Store()
            copy.bulk_extend(st.quads_for_pattern(None, None, None, None))
            return cls(copy)
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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(graph_dir: Path) -> None:
    """Delete the temporary stores of writers that died (``kill -9``, power cut) before cleaning up.

    Their names carry the writer's process id, so a live writer's are left alone.
    """
    for p in graph_dir.glob(".store-*"):
        pid = p.name.split("-")[2] if p.name.count("-") >= 2 else ""
        if p.is_dir() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(p, ignore_errors=True)


def write_store(graph_dir: str | Path, nquads: bytes) -> Path:
    """Replace ``graph_dir/store`` by a store holding ``nquads``, atomically.

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
