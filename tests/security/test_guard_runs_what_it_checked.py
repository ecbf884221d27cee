"""Item 1: the SPARQL guard and the engine read a query alike, because the engine runs the text the guard checked.

Each template below differs from a plain SERVICE query only in comments,
line breaks, escapes or whitespace, where rdflib (the guard's parser) and
Oxigraph (the engine's) have read the same bytes differently. The control asks
the unguarded engine: where it would contact the listener, every guarded path
(the Python API, ``kg query``, ``kg serve``) must refuse; on every path the
listener must stay quiet.
"""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.query import QueryError
from kg.sparql_guard import QueryRefused, check_query

from ..store_fixtures import kg_cli, listener  # noqa: F401
from ..test_serve import post_query, quiet, server  # noqa: F401

DIFFERENTIAL = {
    "cr-ends-comment": "SELECT * WHERE { #\rSERVICE <{url}> { ?s ?p ?o }\n}",
    "text-then-cr": "SELECT * WHERE { # look here\rSERVICE <{url}> { ?s ?p ?o } # end\n}",
    "two-crs": "SELECT * WHERE { #\r\rSERVICE <{url}> { ?s ?p ?o }\n}",
    "cr-only-lines": "SELECT * WHERE {\r#\rSERVICE\r<{url}>\r{ ?s ?p ?o }\r}",
    "cr-after-pattern": "SELECT * WHERE { BIND(1 AS ?z) #\r. SERVICE <{url}> { ?s ?p ?o }\n}",
    "cr-before-iri": "SELECT * WHERE { SERVICE #\r<{url}> { ?s ?p ?o }\n}",
    "cr-in-optional": "SELECT * WHERE { OPTIONAL { #\rSERVICE SILENT <{url}> { ?s ?p ?o }\n} }",
    "crlf": "SELECT * WHERE { #\r\nSERVICE <{url}> { ?s ?p ?o }\r\n}",
    "escaped-newline-in-comment": "SELECT * WHERE { # \\u000a SERVICE <{url}> { ?s ?p ?o }\n}",
    "escaped-keyword": "ASK { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
    "escaped-iri-char": "ASK { SERVICE <{url_escaped}> { ?s ?p ?o } }",
    "escape-ends-iri-for-rdflib": "ASK { ?s ?p <http://x/\\u003E'> SERVICE <{url}> { ?a ?b ?c } ?s ?p <http://x/\\u003E'> }",
    "escaped-quote-in-string": "ASK { ?s ?p \"\\u0022 . } SERVICE <{url}> { ?a ?b ?c } #\" }",
    "tab-and-no-spaces": "ASK{SERVICE\t<{url}>{?s ?p ?o}}",
    "hash-in-iri-then-cr": "ASK { BIND(<http://x/#a> AS ?i) #\rSERVICE <{url}> { ?a ?b ?c }\n}",
    "long-string-with-cr": "ASK { BIND(\"\"\"a\rb\"\"\" AS ?x) #\rSERVICE <{url}> { ?a ?b ?c }\n}",
    "lowercase-cr": "select * where { #\rservice <{url}> { ?s ?p ?o }\n}",
}


def fill(template: str, url: str) -> str:
    escaped = url.replace("1", "\\u0031")
    return template.replace("{url_escaped}", escaped).replace("{url}", url)


def engine_follows(query: str, listener) -> bool:  # noqa: F811
    """The control: does the unguarded engine contact the listener for this text?"""
    try:
        result = ox.Store().query(query)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (OSError, SyntaxError, ValueError, RuntimeError):
        pass
    return not quiet(listener, settle=0.2)


@pytest.mark.parametrize("name", sorted(DIFFERENTIAL))
def test_python_api_refuses_every_variant_the_engine_would_follow(name, listener, seed_graph):  # noqa: F811
    query = fill(DIFFERENTIAL[name], listener.url)
    follows = engine_follows(query, listener)
    listener.connections.clear()
    try:
        seed_graph.query(query)
        refused = False
    except QueryRefused:
        refused = True
    except QueryError:
        refused = False  # unreadable: refused too, and nothing ran
    if follows:
        assert refused, f"the engine would follow SERVICE in {query!r} but the guard let it through"
    assert quiet(listener)


@pytest.mark.parametrize("name", sorted(DIFFERENTIAL))
def test_kg_serve_refuses_every_variant_and_sends_nothing(name, server, listener):  # noqa: F811
    query = fill(DIFFERENTIAL[name], listener.url)
    follows = engine_follows(query, listener)
    listener.connections.clear()
    status, _, body = post_query(server, query)
    if follows:
        assert status in (400, 403), body
    assert quiet(listener)


@pytest.mark.parametrize("name", ["cr-ends-comment", "escape-ends-iri-for-rdflib", "cr-before-iri"])
def test_kg_query_refuses_the_variants_too(name, seed_graph, listener):  # noqa: F811
    r = kg_cli("query", fill(DIFFERENTIAL[name], listener.url), "-g", seed_graph.directory)
    assert r.returncode == 2 and r.stderr.startswith("kg: ") and "Traceback" not in r.stderr
    assert quiet(listener)


BENIGN = [
    "SELECT ?who WHERE { ?who kg:postponed ?m } # who postponed\r\n",
    "SELECT ?who WHERE {\r  ?who kg:postponed ?m .\r  # a comment\r}",
    "SELECT ?l WHERE { ?m a kg:Meeting ; rdfs:label ?l FILTER(CONTAINS(?l, \"\\u0042udapest\")) }",
    "SELECT ?l WHERE { ?m <http://www.w3.org/2000/01/rdf-schema#\\u006Cabel> ?l } ORDER BY ?l",
    "SELECT (\"\"\"a\rb#c\"\"\" AS ?x) (\"it's \\\"quoted\\\"\" AS ?y) WHERE {}",
]


@pytest.mark.parametrize("query", BENIGN)
def test_the_checked_text_means_what_the_query_meant(query, seed_graph):
    """Canonicalising changes nothing a query asks: the engine answers the checked text as it answers the original."""
    store = seed_graph.store
    checked = check_query(query)
    assert "\r" not in checked.text and "\\u" not in checked.text
    as_sent = [tuple(map(str, row)) for row in store.query(query)]
    as_checked = [tuple(map(str, row)) for row in store.query(checked.text)]
    assert as_checked == as_sent and as_sent
