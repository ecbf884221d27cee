"""The in-memory copies (whole store in line order, default graph alone) answer every query as the store on disk."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.memory_copy import memory_copies, reads_default_graph_only, sorted_copy
from kg.serve import with_prefixes
from kg.serve.worker import Engine
from kg.store import OxigraphStore

QUERIES = {
    "default graph": "SELECT ?who ?m WHERE { ?who kg:postponed ?m } ORDER BY ?who ?m",
    "named graphs": "SELECT ?g ?s WHERE { GRAPH ?g { ?s a kg:Evidence } } ORDER BY ?g ?s",
    "both": "SELECT ?m ?g WHERE { ?m a kg:Meeting . GRAPH ?g { ?m a kg:Meeting } } ORDER BY ?m ?g",
    "every quad": "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_an_in_memory_graph_answers_what_the_disk_store_does(seed_graph, name):
    disk = OxigraphStore.open(seed_graph.directory, read_only=True)
    memory = OxigraphStore.open(seed_graph.directory, in_memory=True)
    rows = [[str(t) for t in row] for row in disk.query(QUERIES[name])]
    assert rows and [[str(t) for t in row] for row in memory.query(QUERIES[name])] == rows


@pytest.mark.parametrize("union", [False, True])
def test_an_in_memory_graph_reads_every_graph_as_one_when_asked(seed_graph, union):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    disk = OxigraphStore.open(seed_graph.directory, read_only=True)
    memory = OxigraphStore.open(seed_graph.directory, in_memory=True)
    assert next(iter(memory.query(q, union=union)))["n"] == next(iter(disk.query(q, union=union)))["n"]


@pytest.mark.parametrize("name", list(QUERIES))
def test_an_in_memory_serve_engine_answers_what_the_disk_engine_does(seed_graph, name):
    path = str(seed_graph.directory / "store")
    req = {"op": "query", "text": with_prefixes(QUERIES[name]), "wire": "tsv", "limit": 100000}
    expected = Engine(path, in_memory=False).query(req)
    assert Engine(path, in_memory=True).query(req) == expected


def test_the_copies_hold_the_whole_store_and_its_default_graph(seed_graph):
    disk = OxigraphStore.open(seed_graph.directory, read_only=True).store
    whole, default = memory_copies(disk)
    assert len(whole) == len(disk)
    assert len(default) == sum(1 for _ in disk.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert not list(default.named_graphs())


def test_a_sorted_copy_is_the_same_quads_when_the_sort_spills(seed_graph, monkeypatch):
    import kg.memory_copy

    monkeypatch.setattr(kg.memory_copy, "SORT_RUN", 100)  # many runs merged from temporary files
    disk = OxigraphStore.open(seed_graph.directory, read_only=True).store
    copy = sorted_copy(disk)
    assert sorted(map(str, copy)) == sorted(map(str, disk))


@pytest.mark.parametrize(
    "query, default_only",
    [
        ("SELECT * WHERE { ?s ?p ?o }", True),
        ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", False),
        ("select * where { graph ?g { ?s ?p ?o } }", False),
        ("SELECT * FROM NAMED <http://g> WHERE { ?s ?p ?o }", False),
        ("SELECT * WHERE { ?s ?p 'GRAPH' }", False),  # a word in a string: the whole store, to be safe
        ("SELECT ?graphs WHERE { ?s kg:graphs ?graphs }", True),
    ],
)
def test_only_a_query_that_names_no_graph_reads_the_default_graph_copy(query, default_only):
    assert reads_default_graph_only(query) is default_only
