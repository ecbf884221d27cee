"""In-memory copies of a store that queries run fast on: in line order, and the default graph on its own.

Imports pyoxigraph and the standard library only: ``kg serve``'s query
worker (a script that must not import spaCy) loads this file by its path.

>>> import pyoxigraph as ox
>>> whole, default = memory_copies(ox.Store())
>>> len(whole), len(default)
(0, 0)
"""

from __future__ import annotations

import heapq
import itertools
import re
import tempfile
from collections.abc import Iterable

import pyoxigraph as ox

LOAD_BATCH = 50_000  # lines per bulk-load call: bounds the loader's memory
SORT_RUN = 500_000  # N-Quads lines sorted in memory at once, the rest spilled to temporary files
# a query that reads a named graph says GRAPH, or FROM (NAMED) for its dataset; the words anywhere count (safe side)
_NAMES_A_GRAPH = re.compile(r"\b(?:GRAPH|FROM)\b", re.IGNORECASE)


def reads_default_graph_only(sparql: str) -> bool:
    """True when ``sparql`` cannot read a named graph: it says neither ``GRAPH`` nor ``FROM``.

    Conservative: the words count anywhere (in a string, a comment, a
    prefixed name), which only sends such a query to the whole store.

    >>> reads_default_graph_only("SELECT ?s WHERE { ?s a kg:Meeting }")
    True
    >>> reads_default_graph_only("SELECT ?g WHERE { GRAPH ?g { ?s a kg:Meeting } }")
    False
    >>> reads_default_graph_only("SELECT ?s FROM <http://g> WHERE { ?s ?p ?o }")
    False
    """
    return _NAMES_A_GRAPH.search(sparql) is None


def _sorted_lines(lines: Iterable[bytes], spill: list) -> Iterable[bytes]:
    """``lines`` in byte order: runs of :data:`SORT_RUN` sorted in memory, spilled to temporary files, merged."""
    runs: list[Iterable[bytes]] = []
    lines = iter(lines)
    while chunk := sorted(itertools.islice(lines, SORT_RUN)):
        if not runs and len(chunk) < SORT_RUN:
            return chunk
        f = tempfile.TemporaryFile()
        spill.append(f)
        f.writelines(chunk)
        f.seek(0)
        runs.append(f)
    return heapq.merge(*runs)


def sorted_copy(st: ox.Store, default_graph_only: bool = False) -> ox.Store:
    """An in-memory copy of ``st`` (or of its default graph alone), the quads inserted in N-Quads line order.

    Oxigraph's in-memory store answers a pattern by walking the quads that
    share one of its terms, so where they lie in memory counts: inserted in
    the order RocksDB returns them (by hashed term ids) they are scattered,
    and the analyst queries of ``bench/sparql.py`` run 1.5-2x slower than on
    a copy inserted in line order (each subject's quads together, subjects of
    a kind next to each other). The dump is sorted in bounded memory.

    >>> src = ox.Store(); src.add(ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("o")))
    >>> len(sorted_copy(src)), len(sorted_copy(src, default_graph_only=True))
    (1, 1)
    """
    copy = ox.Store()
    fmt = ox.RdfFormat.N_TRIPLES if default_graph_only else ox.RdfFormat.N_QUADS
    spill: list = []
    with tempfile.TemporaryFile() as dump:
        if default_graph_only:
            st.dump(dump, format=fmt, from_graph=ox.DefaultGraph())
        else:
            st.dump(dump, format=fmt)
        dump.seek(0)
        try:
            lines = iter(_sorted_lines(dump, spill))
            while batch := list(itertools.islice(lines, LOAD_BATCH)):
                copy.bulk_load(b"".join(batch), format=fmt)
        finally:
            for f in spill:
                f.close()
    return copy


def memory_copies(st: ox.Store) -> tuple[ox.Store, ox.Store]:
    """The in-memory copies kg queries: the whole store (:func:`sorted_copy`), and its default graph alone.

    The default graph is the merged graph, and every fact in it is also in
    the graph of each article that states it, so a pattern on the default
    graph walks past all those copies too: in memory, with no per-graph
    index, that doubled the time of the analyst queries. A query that names
    no graph (:func:`reads_default_graph_only`) reads the default graph's own
    copy instead; any other reads the whole store. Costs the default graph's
    size in memory once more. The default graph is taken from the whole
    copy, whose dump already comes in a good order (no second sort).

    >>> whole, default = memory_copies(ox.Store())
    >>> len(whole), len(default)
    (0, 0)
    """
    whole = sorted_copy(st)
    default = ox.Store()
    with tempfile.TemporaryFile() as dump:
        whole.dump(dump, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        dump.seek(0)
        while batch := list(itertools.islice(dump, LOAD_BATCH)):
            default.bulk_load(b"".join(batch), format=ox.RdfFormat.N_TRIPLES)
    return whole, default
