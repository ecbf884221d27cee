"""kg serve against a real Oxigraph server: the SPARQL protocol, formats, and what it must refuse.

Every test talks HTTP to a real ``kg serve`` subprocess on a free loopback
port. What a refused SERVICE, LOAD or FROM would have reached is a listener
on another loopback port that records every connection: it must record none.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from kg.ingest import read_document
from kg.rdf import article_iri
from kg.serve import free_port

from .store_fixtures import LAST, copy_graph, kg_cli, listener, stop, wait_for_port  # noqa: F401

pytestmark = pytest.mark.server

TIMEOUT = 2          # --timeout of the served graph: short, for the runaway-query tests
MAX_ROWS = 50
POSTPONED = "SELECT DISTINCT ?who WHERE { ?who kg:postponed ?meeting }"
CROSS_JOIN_FILTER = ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l "
                     "FILTER(STRLEN(STR(?c)) + STRLEN(STR(?l)) > 100000) }")
CROSS_JOIN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@dataclass
class Served:
    url: str
    graph: Path
    proc: subprocess.Popen


def start_server(graph: Path, log: Path, *extra: str) -> Served:
    port = free_port()
    with open(log, "w") as err:  # a file, not a pipe: the request log must never fill a buffer and block the server
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "-g", str(graph), "--port", str(port),
                                 "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), *extra],
                                stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_for_port(port, proc)
    except Exception:
        stop(proc)
        raise
    return Served(f"http://127.0.0.1:{port}", graph, proc)


@pytest.fixture(scope="module")
def server(seed_graph, tmp_path_factory):
    base = tmp_path_factory.mktemp("served")
    served = start_server(copy_graph(seed_graph.directory, base / "g", html=True), base / "serve.log")
    yield served
    stop(served.proc)


def http(url: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None,
         timeout: float = 60) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def post_query(server: Served, query: str, accept: str | None = None, **params) -> tuple[int, dict, bytes]:
    """POST the query as the protocol's form (what YASGUI sends)."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    body = urlencode([("query", query)] + [(k.replace("_", "-"), v) for k, v in params.items()]).encode()
    return http(server.url + "/query", "POST", body, headers)


def quiet(listener, settle: float = 0.3) -> bool:
    time.sleep(settle)  # a request the server had sent would have been accepted by now
    return listener.connections == []


# ------------------------------------------------------------------ answering

@pytest.mark.parametrize("accept, media, check", [
    (None, "application/sparql-results+json", lambda b: json.loads(b)["results"]["bindings"]),
    ("application/sparql-results+json", "application/sparql-results+json", lambda b: json.loads(b)["results"]["bindings"]),
    ("application/sparql-results+xml", "application/sparql-results+xml", lambda b: b"<result>" in b),
    ("text/csv", "text/csv", lambda b: b.splitlines()[0] == b"who" and b"donald-trump" in b),
    ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.splitlines()[0] == b"?who"),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", lambda b: b"<sparql" in b),
    ("*/*", "application/sparql-results+json", lambda b: json.loads(b)["head"]["vars"] == ["who"]),
])
def test_select_answers_in_the_negotiated_format(server, accept, media, check):
    status, headers, body = post_query(server, POSTPONED, accept)
    assert status == 200, body
    assert headers["content-type"].startswith(media)
    assert check(body)


@pytest.mark.parametrize("accept, rdf_format", [
    (None, ox.RdfFormat.TURTLE), ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES), ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
])
@pytest.mark.parametrize("query", ["CONSTRUCT WHERE { ?who kg:postponed ?meeting }",
                                   "DESCRIBE <https://w3id.org/kg-news/id/person/vladimir-putin>"])
def test_construct_and_describe_answer_in_rdf_formats(server, query, accept, rdf_format):
    status, headers, body = post_query(server, query, accept)
    assert status == 200, body
    assert headers["content-type"].startswith(rdf_format.media_type)
    assert len(list(ox.parse(body, format=rdf_format))) > 0


def test_get_form_post_and_body_post_give_the_same_answer(server):
    accept = {"Accept": "text/csv"}
    by_get = http(server.url + "/query?" + urlencode({"query": POSTPONED}), headers=accept)
    by_form = post_query(server, POSTPONED, "text/csv")
    by_body = http(server.url + "/query", "POST", POSTPONED.encode(), {**accept, "Content-Type": "application/sparql-query"})
    assert by_get[0] == by_form[0] == by_body[0] == 200
    assert sorted(by_get[2].splitlines()) == sorted(by_form[2].splitlines()) == sorted(by_body[2].splitlines())


def test_ask_answers_a_boolean(server):
    status, _, body = post_query(server, "ASK { ?p kg:postponed ?m }")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_rows_are_capped_at_max_rows(server):
    status, headers, body = post_query(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    assert headers["x-kg-truncated"] == f"max-rows={MAX_ROWS}"
    status, headers, body = post_query(server, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert status == 200 and len(body.splitlines()) == MAX_ROWS


def test_a_small_answer_is_not_marked_truncated(server):
    _, headers, _ = post_query(server, POSTPONED)
    assert "x-kg-truncated" not in headers


@pytest.mark.parametrize("query, status, message", [
    ("SELECT ?x WHERE { ?x ", 400, b"malformed SPARQL query"),
    ("SELEKT * WHERE {}", 400, b"malformed SPARQL query"),
    ("SELECT * WHERE { ?s nope:p ?o }", 400, b"the query failed"),
])
def test_a_malformed_query_gets_400_and_the_parsers_message(server, query, status, message):
    got, _, body = post_query(server, query)
    assert got == status and message in body


def test_an_unacceptable_format_gets_406_with_the_choices(server):
    status, _, body = post_query(server, POSTPONED, "image/png")
    assert status == 406 and b"text/csv" in body


# ------------------------------------------------------------------ refusals

SERVICE_QUERIES = [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?p ?x }} }} }}",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT * WHERE {{ ?s rdfs:label ?l FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ VALUES ?endpoint {{ <{url}> }} SERVICE ?endpoint {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "ASK {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
]


def test_the_listener_would_see_a_service_request(listener):
    """The control: unguarded, Oxigraph does follow SERVICE to the listener."""
    with pytest.raises(OSError):
        list(ox.Store().query(SERVICE_QUERIES[0].format(url=listener.url)))
    assert listener.connections


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_is_refused_and_no_request_leaves(server, listener, template):
    status, _, body = post_query(server, template.format(url=listener.url))
    assert status == 403
    assert b"SERVICE" in body and b"refused" in body and b"federated" in body
    assert quiet(listener)


def test_kg_query_refuses_service_too(seed_graph, listener):
    r = kg_cli("query", SERVICE_QUERIES[0].format(url=listener.url), "-g", seed_graph.directory)
    assert r.returncode == 2
    assert r.stderr.startswith("kg: SERVICE <") and "refused" in r.stderr
    assert quiet(listener)


def _count(server: Served) -> int:
    _, _, body = post_query(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "text/csv")
    return int(body.splitlines()[1])


@pytest.mark.parametrize("method, path, ctype, body", [
    ("POST", "/query", "application/sparql-query", "INSERT DATA {{ <http://a> <http://b> <http://c> }}"),
    ("POST", "/query", "application/x-www-form-urlencoded", "query=DELETE+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D"),
    ("POST", "/query", "application/sparql-query", "LOAD <{url}>"),
    ("POST", "/query", "application/sparql-query", "CLEAR ALL"),
    ("POST", "/update", "application/x-www-form-urlencoded", "update=INSERT+DATA+%7B+%3Chttp%3A%2F%2Fa%3E+%3Chttp%3A%2F%2Fb%3E+%3Chttp%3A%2F%2Fc%3E+%7D"),
    ("POST", "/update", "application/sparql-update", "LOAD <{url}>"),
    ("GET", "/update", None, None),
    ("POST", "/store", "text/turtle", "<http://a> <http://b> <http://c> ."),
])
def test_updates_are_refused_with_403(server, listener, method, path, ctype, body):
    before = _count(server)
    data = body.format(url=listener.url).encode() if body else None
    status, _, answer = http(server.url + path, method, data, {"Content-Type": ctype} if ctype else {})
    assert status == 403, answer
    assert b"read-only" in answer
    assert _count(server) == before
    assert quiet(listener)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_writing_methods_get_405(server, method):
    status, _, _ = http(server.url + "/store", method, b"<http://a> <http://b> <http://c> .", {"Content-Type": "text/turtle"})
    assert status == 405


@pytest.mark.parametrize("query, params", [
    ("SELECT * FROM <file:///etc/passwd> WHERE {{ ?s ?p ?o }}", {}),
    ("SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}", {}),
    ("SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
    ("CONSTRUCT {{ ?s ?p ?o }} FROM <https://example.org/not-in-the-store> WHERE {{ ?s ?p ?o }}", {}),
    ("SELECT * WHERE {{ ?s ?p ?o }}", {"default_graph_uri": "{url}"}),
    ("SELECT * WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {"named_graph_uri": "file:///etc/passwd"}),
])
def test_from_anything_but_a_graph_of_the_store_is_refused(server, listener, query, params):
    status, _, body = post_query(server, query.format(url=listener.url),
                                 **{k: v.format(url=listener.url) for k, v in params.items()})
    assert status == 403 and b"FROM" in body and b"refused" in body
    assert quiet(listener)


def test_from_a_named_graph_of_the_store_reads_that_article_only(server):
    graph = article_iri(read_document(LAST).sha256)
    q = "SELECT (COUNT(*) AS ?n) FROM <%s> WHERE { ?s ?p ?o }" % graph
    status, _, body = post_query(server, q, "text/csv")
    assert status == 200
    in_graph = int(body.splitlines()[1])
    assert 0 < in_graph < _count(server)


# ------------------------------------------------------------------ time limit

@pytest.mark.parametrize("query", [CROSS_JOIN_COUNT, CROSS_JOIN_FILTER], ids=["cancellable", "never-yields"])
def test_a_runaway_query_ends_at_the_timeout(server, query):
    started = time.monotonic()
    status, _, body = post_query(server, query)
    elapsed = time.monotonic() - started
    assert status == 503 and b"longer than the 2 s limit" in body
    assert elapsed < TIMEOUT + 8
    status, _, body = post_query(server, "ASK { ?s ?p ?o }")  # the server answers again at once
    assert status == 200 and json.loads(body)["boolean"] is True


# ------------------------------------------------------------------ pages

def test_the_graph_view_is_at_the_root(server):
    status, headers, body = http(server.url + "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert body == (server.graph / "graph.html").read_bytes()


def test_the_query_ui_works_offline(server):
    status, _, page = http(server.url + "/ui")
    assert status == 200 and b"Yasgui" in page
    assert b'src="/yasgui.min.js"' in page and b"https://" not in page.split(b"<body>")[0]
    for asset, media in (("/yasgui.min.js", "application/javascript"), ("/yasgui.min.css", "text/css")):
        status, headers, body = http(server.url + asset)
        assert status == 200 and headers["content-type"] == media and len(body) > 10_000


# ------------------------------------------------------------------ lifecycle

def test_after_kg_remove_the_server_answers_from_the_new_store(seed_graph, tmp_path):
    served = start_server(copy_graph(seed_graph.directory, tmp_path / "g"), tmp_path / "serve.log")
    try:
        q = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kg:Article }"
        assert post_query(served, q, "text/csv")[2].splitlines()[1] == b"5"
        r = kg_cli("remove", LAST.stem, "-g", served.graph)
        assert r.returncode == 0, r.stderr
        assert post_query(served, q, "text/csv")[2].splitlines()[1] == b"4"
    finally:
        stop(served.proc)


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            kids += [int(k) for k in (task / "children").read_text().split()]
        except FileNotFoundError:
            # A worker thread can end between listing the tasks and reading
            # its children; such a thread has none left to report.
            continue
    return kids


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killing_kg_serve_also_ends_the_oxigraph_server(seed_graph, tmp_path):
    served = start_server(copy_graph(seed_graph.directory, tmp_path / "g"), tmp_path / "serve.log")
    backends = _children(served.proc.pid)
    assert backends, "kg serve runs the Oxigraph server as its child"
    os.kill(served.proc.pid, signal.SIGKILL)
    served.proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(_gone(p) for p in backends):
        time.sleep(0.05)
    assert all(_gone(p) for p in backends)


def test_serve_without_a_store_says_to_build_first(tmp_path):
    r = kg_cli("serve", "-g", tmp_path / "nothing", "--port", "0", timeout=60)
    assert r.returncode == 1 and "kg build" in r.stderr and "Traceback" not in r.stderr
