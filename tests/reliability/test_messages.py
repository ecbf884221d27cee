"""Item 11: messages that say what happened, and one FROM behaviour for ``kg query`` and ``kg serve``."""
from __future__ import annotations

import pytest

from kg.ingest import read_document
from kg.query import QueryError
from kg.rdf import article_iri
from kg.sparql_guard import QueryRefused, QueryUnreadable, check_query

from ..store_fixtures import LAST, kg_cli


@pytest.mark.parametrize("query", ["", "   \n", "# only a comment\n", "PREFIX ex: <http://example.org/>"])
def test_an_empty_query_is_called_empty_not_an_update(query):
    with pytest.raises(QueryUnreadable) as e:
        check_query(query)
    assert "update" not in str(e.value) and ("empty" in str(e.value) or "no query" in str(e.value))


def test_kg_query_honours_from_a_graph_of_the_store_like_kg_serve(seed_graph):
    graph = article_iri(read_document(LAST).sha256)
    # every quad of the store: the merged default graph and each article's graph
    whole = seed_graph.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
    one = seed_graph.query(f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}")
    n_whole, n_one = int(next(iter(whole))["n"].value), int(next(iter(one))["n"].value)
    assert 0 < n_one < n_whole


@pytest.mark.parametrize("clause", ["FROM <file:///etc/passwd>", "FROM NAMED <http://127.0.0.1:9/>",
                                    "FROM <https://example.org/not-in-the-store>"])
def test_kg_query_refuses_from_outside_the_store_like_kg_serve(seed_graph, clause):
    with pytest.raises(QueryRefused, match="FROM"):
        seed_graph.query(f"SELECT * {clause} WHERE {{ ?s ?p ?o }}")
    r = kg_cli("query", f"SELECT * {clause} WHERE {{ ?s ?p ?o }}", "-g", seed_graph.directory)
    assert r.returncode == 2 and "refused" in r.stderr and "Traceback" not in r.stderr


def test_query_error_is_still_the_base_of_refusals():
    assert issubclass(QueryRefused, QueryError)
