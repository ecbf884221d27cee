"""Serve: a read-only SPARQL 1.1 endpoint over a built graph, with a query UI and the graph's HTML view.

``kg serve -g DIR`` runs the Oxigraph server (the ``oxigraph`` package from
PyPI) in read-only mode on a private loopback port, and puts kg's own HTTP
front before it. The front is the only thing clients reach; for every query it

* parses the query with a real SPARQL parser (:mod:`kg.sparql_guard`) and
  refuses updates, ``SERVICE`` (Oxigraph would fetch any URL a query names,
  even in read-only mode) and ``FROM`` / ``FROM NAMED`` naming anything but a
  named graph of the store;
* negotiates the result format (SPARQL JSON, XML, CSV, TSV for SELECT and
  ASK; Turtle, N-Triples, JSON-LD, RDF/XML for CONSTRUCT and DESCRIBE);
* reads at most ``--max-rows`` rows and stops the query after ``--timeout``
  seconds. Oxigraph cancels most queries itself at that time, but a join that
  never yields a row can run on; then the front restarts the server, since
  waiting would leave a core busy for good.

Routes: ``/`` the graph's HTML view (``DIR/graph.html``), ``/ui`` the query
UI (YASGUI, bundled with Oxigraph, works offline), ``/query`` (and
``/sparql``) the endpoint, GET or POST. ``/update`` and the Graph Store
Protocol answer 403. When ``kg add`` / ``kg remove`` swap the store, the
next query restarts the server on the new one.

>>> negotiate("text/csv;q=0.5, application/sparql-results+json", list(RESULT_TYPES))
'application/sparql-results+json'
>>> negotiate("text/html", list(RESULT_TYPES)) is None
True
"""
from __future__ import annotations

import html
import http.client
import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pyoxigraph as ox

from .query import QueryError
from .rdf import PREFIXES
from .sparql_guard import CheckedQuery, QueryRefused, check_query
from .store import STORE_DIR, StoreError

DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000
MAX_BODY = 1 << 20           # a query larger than 1 MiB is not an analyst's query
MAX_CONCURRENT = 4           # queries evaluated at once; more wait up to BUSY_WAIT seconds
BUSY_WAIT = 5.0
GRACE = 1.5                  # seconds past --timeout before the front gives up on Oxigraph's own cancellation
START_WAIT = 30.0            # seconds for the Oxigraph server to answer after it starts

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
FORMAT_PARAM = {  # ?format=... for clients that cannot set Accept
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
    "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle",
    "nt": "application/n-triples", "ntriples": "application/n-triples", "json-ld": "application/ld+json",
    "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml",
}
ASSETS = {"/yasgui.min.js": "application/javascript", "/yasgui.min.css": "text/css", "/logo.svg": "image/svg+xml"}


class ServeError(StoreError):
    """The server cannot start (no store, no oxigraph binary, port taken); the message says what to do."""


# ------------------------------------------------------------------ content negotiation

def _accept(header: str) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (stable for equal q)."""
    ranges = []
    for i, part in enumerate(header.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.lower(), q, i))
    return [(m, q) for m, q, _ in sorted(ranges, key=lambda r: (-r[1], r[2])) if q > 0]


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the Accept header prefers; the first offered one for ``*/*`` or no header."""
    if not accept:
        return offered[0]
    for media, _ in _accept(accept):
        if media in offered:
            return media
        if media == "*/*":
            return offered[0]
        if media.endswith("/*"):
            hit = next((o for o in offered if o.startswith(media[:-1])), None)
            if hit:
                return hit
    return None


# ------------------------------------------------------------------ the Oxigraph server

def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` executable of the ``oxigraph`` PyPI package."""
    beside = Path(sys.executable).parent / "oxigraph"  # the venv's bin/, even when it is not on PATH
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise ServeError("the Oxigraph server is not installed; install it with `pip install 'oxigraph>=0.5'`")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _die_with_parent():
    """For the child: get SIGTERM when the thread that started it ends (so a killed front leaves no server).

    libc is loaded here, before any fork: the function the child runs only calls it.
    """
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl
    pr_set_pdeathsig = 1

    def set_it():
        prctl(pr_set_pdeathsig, signal.SIGTERM)
    return set_it


class Backend:
    """``oxigraph serve-read-only`` on a private loopback port, restartable.

    Processes are started from one long-lived thread: Linux sends the
    parent-death signal when the *thread* that forked a child ends.
    """

    def __init__(self, store_path: Path, timeout: float):
        self.store_path = store_path
        self.timeout = timeout
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.inode: int | None = None
        self.generation = 0
        self.lock = threading.Lock()
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-oxigraph")
        self._preexec = _die_with_parent()

    def _spawn(self, port: int) -> subprocess.Popen:
        # no --union-default-graph: it would override a query's FROM; the front asks for the union per query
        cmd = [oxigraph_binary(), "serve-read-only", "--location", str(self.store_path),
               "--bind", f"127.0.0.1:{port}", "--timeout-s", str(max(1, int(self.timeout)))]
        return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                preexec_fn=self._preexec)

    def _wait_ready(self, proc: subprocess.Popen, port: int) -> None:
        try:
            wait_listening(port, proc, START_WAIT)
        except ServeError as e:
            raise ServeError(f"the Oxigraph server {e}; is {self.store_path} a store built by `kg build`?") from None

    def start(self, unless_generation: int | None = None) -> None:
        """Start (or restart) the server on the store as it is now.

        With ``unless_generation``, only if no restart happened since that
        generation (many requests may notice the same need at once).
        """
        with self.lock:
            if unless_generation is not None and unless_generation != self.generation:
                return
            if not self.store_path.is_dir():
                raise ServeError(f"no graph store at {self.store_path}; build one first with `kg build ARTICLES -o DIR`")
            inode = self.store_path.stat().st_ino
            port = free_port()
            proc = self._spawner.submit(self._spawn, port).result()
            self._wait_ready(proc, port)
            old, self.proc, self.port, self.inode = self.proc, proc, port, inode
            self.generation += 1
        if old is not None:
            stop_process(old)

    def ensure_current(self) -> None:
        """Restart on the new store when ``kg add`` / ``kg remove`` / ``kg build`` swapped it."""
        try:
            inode = self.store_path.stat().st_ino
        except FileNotFoundError:
            return  # mid-swap: keep answering from the old store
        if inode != self.inode or (self.proc is not None and self.proc.poll() is not None):
            self.start(unless_generation=self.generation)

    def restart_after_runaway(self, generation: int) -> None:
        """Restart once for a query that outlived its time (only if nobody restarted since it began)."""
        self.start(unless_generation=generation)

    def stop(self) -> None:
        with self.lock:
            proc, self.proc = self.proc, None
        if proc is not None:
            stop_process(proc)
        self._spawner.shutdown(wait=False)


def wait_listening(port: int, proc: subprocess.Popen, timeout: float) -> None:
    """Wait until ``proc`` accepts connections on 127.0.0.1:``port``.

    Raises :class:`ServeError` saying how it failed when ``proc`` exits first
    (with its standard error) or ``timeout`` seconds pass (then ``proc`` is killed).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read() if proc.stderr else b""
            err = err.decode("utf-8", "replace") if isinstance(err, bytes) else err
            raise ServeError(f"stopped at start: {err.strip() or proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise ServeError(f"did not answer on 127.0.0.1:{port} within {timeout:.0f} s")


def stop_process(proc: subprocess.Popen, grace: float = 5.0) -> None:
    """Terminate ``proc``; kill it if it has not ended after ``grace`` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=grace)


# ------------------------------------------------------------------ answering a query

@dataclass
class Reply:
    """An HTTP answer: status, content type, body, extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, status: int, message: str) -> Reply:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


class QueryTimeout(Exception):
    pass


def with_prefixes(sparql: str) -> str:
    """The query with kg's prefixes declared first, on its first line (so the query's line numbers hold).

    >>> with_prefixes("ASK {}").endswith(" ASK {}")
    True
    """
    return " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + " " + sparql


def sparql_of(text: str) -> str:
    """The user's query inside :func:`with_prefixes` output."""
    return text[len(with_prefixes("")):]


def _user_position(message: str, shift: int) -> str:
    """Oxigraph's "error at 1:540" counted kg's prefix declarations too; give the column in the query as sent.

    >>> _user_position("error at 1:540: expected", 500)
    'error at 1:40: expected'
    """
    head, sep, rest = message.partition("error at 1:")
    col, colon, tail = rest.partition(":")
    if not sep or not col.isdigit() or int(col) <= shift:
        return message
    return f"{head}{sep}{int(col) - shift}{colon}{tail}"


class Front:
    """What the HTTP handler calls: checks, forwards, caps and formats each query."""

    def __init__(self, graph_dir: Path, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS):
        self.graph_dir = Path(graph_dir)
        self.timeout = timeout
        self.max_rows = max_rows
        self.backend = Backend(self.graph_dir / STORE_DIR, timeout)
        self.slots = threading.BoundedSemaphore(MAX_CONCURRENT)
        self._graphs: tuple[int, frozenset[str]] | None = None
        self._assets: dict[str, bytes] = {}

    def start(self) -> None:
        self.backend.start()

    def stop(self) -> None:
        self.backend.stop()

    # -- talking to Oxigraph
    def _request(self, method: str, path: str, body: bytes | None, headers: dict[str, str],
                 timeout: float) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
        conn = http.client.HTTPConnection("127.0.0.1", self.backend.port, timeout=timeout)
        conn.request(method, path, body=body, headers=headers)
        return conn, conn.getresponse()

    def named_graphs(self) -> frozenset[str]:
        """The store's named graphs (cached until the server restarts on a new store)."""
        gen = self.backend.generation
        if self._graphs is None or self._graphs[0] != gen:
            q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
            conn, resp = self._request("POST", "/query", q.encode(), {"Content-Type": "application/sparql-query",
                                                                       "Accept": "text/tab-separated-values"}, 30)
            try:
                rows = ox.parse_query_results(resp.read(), ox.QueryResultsFormat.TSV)
                self._graphs = (gen, frozenset(r["g"].value for r in rows))
            finally:
                conn.close()
        return self._graphs[1]

    def asset(self, path: str) -> bytes:
        """YASGUI's script and style sheet, as the Oxigraph server bundles them (no CDN: works offline)."""
        if path not in self._assets:
            conn, resp = self._request("GET", path, None, {}, 30)
            try:
                self._assets[path] = resp.read()
            finally:
                conn.close()
        return self._assets[path]

    def _read_lines(self, conn: http.client.HTTPConnection, resp: http.client.HTTPResponse,
                    deadline: float, limit: int) -> tuple[list[bytes], bool]:
        """Up to ``limit`` lines of the response (one result row or triple each), and whether more followed."""
        lines: list[bytes] = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise QueryTimeout
            if conn.sock is not None:
                conn.sock.settimeout(left)
            try:
                line = resp.readline()
            except (TimeoutError, socket.timeout):
                raise QueryTimeout from None
            if not line:
                return lines, False
            if len(lines) >= limit:
                return lines, True
            lines.append(line)

    def _timeout_reply(self) -> Reply:
        return Reply.text(503, f"the query ran longer than the {self.timeout:g} s limit and was stopped; "
                               "narrow it (more specific patterns, LIMIT) or restart `kg serve` with a larger --timeout")

    def answer(self, sparql: str, accept: str | None = None, default_graph_uris: Iterable[str] = (),
               named_graph_uris: Iterable[str] = (), format_param: str | None = None) -> Reply:
        """Check, run and format one query."""
        default_graph_uris, named_graph_uris = list(default_graph_uris), list(named_graph_uris)
        try:
            self.backend.ensure_current()
            # the query as written is checked (the parser's positions are then the user's); the one sent
            # declares kg's prefixes first, which adds nothing a check could miss
            checked = check_query(sparql, allowed_graphs=self.named_graphs(),
                                  default_graph_uris=default_graph_uris, named_graph_uris=named_graph_uris)
        except QueryRefused as e:
            return Reply.text(403, f"refused: {e}")
        except QueryError as e:
            return Reply.text(400, str(e))
        if format_param:
            accept = FORMAT_PARAM.get(format_param.lower(), format_param)
        offered = list(GRAPH_TYPES if checked.returns_graph else RESULT_TYPES)
        media = negotiate(accept, offered)
        if media is None:
            return Reply.text(406, f"cannot answer a {checked.form} query as {accept}; ask for one of: "
                                   + ", ".join(offered))
        if not self.slots.acquire(timeout=BUSY_WAIT):
            return Reply.text(503, f"{MAX_CONCURRENT} queries are running; retry in a moment")
        try:
            return self._run(with_prefixes(sparql), checked, media, default_graph_uris, named_graph_uris)
        finally:
            self.slots.release()

    def _run(self, text: str, checked: CheckedQuery, media: str, default_graph_uris: list[str],
             named_graph_uris: list[str]) -> Reply:
        dataset = [("default-graph-uri", g) for g in default_graph_uris] + [("named-graph-uri", g) for g in named_graph_uris]
        if not (dataset or checked.default_graphs or checked.named_graphs):
            dataset = [("union-default-graph", "")]  # as in `kg query`: all articles' graphs form the default graph
        params = urlencode(dataset)
        wire = "application/n-triples" if checked.returns_graph else (
            "application/sparql-results+json" if checked.form == "ASK" else "text/tab-separated-values")
        generation = self.backend.generation
        started = time.monotonic()
        deadline = started + self.timeout + GRACE
        try:
            conn, resp = self._request("POST", "/query" + (f"?{params}" if params else ""), text.encode("utf-8"),
                                       {"Content-Type": "application/sparql-query", "Accept": wire},
                                       self.timeout + GRACE)
        except (TimeoutError, socket.timeout):
            self.backend.restart_after_runaway(generation)
            return self._timeout_reply()
        except OSError as e:
            return Reply.text(503, f"the query server is not answering ({e}); retry, or restart `kg serve`")
        try:
            if resp.status != 200:
                message = _user_position(resp.read().decode("utf-8", "replace"), len(text) - len(sparql_of(text)))
                return Reply.text(400 if resp.status == 400 else 502, f"the query failed: {message}")
            # one result row (TSV) or one triple (N-Triples) per line: the row cap is a line count
            lines, more = self._read_lines(conn, resp, deadline, self.max_rows + 1)
        except QueryTimeout:
            conn.close()
            self.backend.restart_after_runaway(generation)  # Oxigraph did not stop it: free the core
            return self._timeout_reply()
        except (http.client.HTTPException, OSError):
            lines, more = None, False  # the server cut the answer off: it cancelled the query at its own timeout
        finally:
            conn.close()
        if lines is None:
            return self._timeout_reply() if time.monotonic() - started >= self.timeout * 0.9 else \
                Reply.text(502, "the query server broke off the answer; retry")
        try:
            body = self._format(b"".join(lines), checked, media)
        except SyntaxError as e:  # Oxigraph writes its error into the body once the rows have begun
            if time.monotonic() - started >= self.timeout * 0.9 or "cancelled" in str(e):
                return self._timeout_reply()
            return Reply.text(502, f"the query failed while answering: {e}")
        headers = {}
        if more:
            headers["X-KG-Truncated"] = f"max-rows={self.max_rows}"
        return Reply(200, f"{media}; charset=utf-8", body, headers)

    def _format(self, data: bytes, checked: CheckedQuery, media: str) -> bytes:
        if checked.returns_graph:
            triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))[: self.max_rows]
            fmt = GRAPH_TYPES[media]
            return ox.serialize(triples, format=fmt, prefixes=PREFIXES if fmt == ox.RdfFormat.TURTLE else None)
        if checked.form == "ASK":
            return ox.parse_query_results(data, ox.QueryResultsFormat.JSON).serialize(format=RESULT_TYPES[media])
        header, _, rows = data.partition(b"\n")
        rows = b"".join(rows.splitlines(keepends=True)[: self.max_rows])
        return ox.parse_query_results(header + b"\n" + rows, ox.QueryResultsFormat.TSV).serialize(format=RESULT_TYPES[media])


# ------------------------------------------------------------------ pages

UI_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>kg: SPARQL query</title>
<link href="/yasgui.min.css" rel="stylesheet" type="text/css">
<script src="/yasgui.min.js"></script>
<style>body{font-family:sans-serif;margin:0} header{padding:.5em 1em;background:#f4f4f4}</style>
</head>
<body>
<header>kg knowledge graph: <a href="/">graph view</a> · SPARQL endpoint <code>/query</code> (read-only;
kg's prefixes are predeclared; at most __MAX_ROWS__ rows, __TIMEOUT__ s per query)</header>
<div id="yasgui"></div>
<script>
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: window.location.origin + "/query", method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: window.location.origin + "/query" }]; }, keys: [] }
  });
  const tab = yasgui.getTab();
  if (!tab.getQuery() || tab.getQuery().indexOf("kg:") < 0) { tab.setQuery(__QUERY__); }
</script>
</body>
</html>
"""
DEFAULT_UI_QUERY = ("PREFIX kg: <https://w3id.org/kg-news/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\n"
                    "# who postponed which meeting\nSELECT DISTINCT ?who ?name ?meeting ?label WHERE {\n"
                    "  ?who kg:postponed ?meeting ; rdfs:label ?name .\n  ?meeting rdfs:label ?label .\n}\nLIMIT 100\n")


def ui_page(front: Front) -> bytes:
    page = (UI_PAGE.replace("__MAX_ROWS__", str(front.max_rows)).replace("__TIMEOUT__", f"{front.timeout:g}")
            .replace("__QUERY__", json.dumps(DEFAULT_UI_QUERY).replace("</", "<\\/")))
    return page.encode("utf-8")


def _no_graph_page(graph_dir: Path) -> bytes:
    return (f"<!DOCTYPE html><meta charset='utf-8'><title>kg</title><p>No graph view at "
            f"{html.escape(str(graph_dir / 'graph.html'))}; write it with <code>kg viz -g {html.escape(str(graph_dir))}"
            f"</code>. <a href='/ui'>Query the graph</a>.</p>").encode("utf-8")


# ------------------------------------------------------------------ HTTP

class Handler(BaseHTTPRequestHandler):
    """Routes requests to the :class:`Front`; everything that is not reading answers 403 or 405."""

    server_version = "kg-serve"
    timeout = 60  # a client that stops sending mid-request is dropped

    @property
    def front(self) -> Front:
        return self.server.front  # type: ignore[attr-defined]

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (BaseHTTPRequestHandler's signature)
        if not getattr(self.server, "quiet", False):
            sys.stderr.write(f"kg serve: {self.address_string()} {format % args}\n")

    def send(self, reply: Reply, head_only: bool = False) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for k, v in reply.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if not head_only:
            self.wfile.write(reply.body)

    def _route(self) -> str:
        return urlsplit(self.path).path.rstrip("/") or "/"

    def do_GET(self, head_only: bool = False) -> None:  # noqa: N802 (http.server's naming)
        path = self._route()
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        try:
            if path == "/":
                page = self.front.graph_dir / "graph.html"
                body = page.read_bytes() if page.exists() else _no_graph_page(self.front.graph_dir)
                return self.send(Reply(200, "text/html; charset=utf-8", body), head_only)
            if path == "/ui" or (path in ("/query", "/sparql") and "query" not in params):
                return self.send(Reply(200, "text/html; charset=utf-8", ui_page(self.front)), head_only)
            if path in ASSETS:
                return self.send(Reply(200, ASSETS[path], self.front.asset(path)), head_only)
            if path in ("/query", "/sparql"):
                return self._query(params["query"], params)
            if path in ("/update", "/store"):
                return self.send(Reply.text(403, "this endpoint is read-only; change the graph with "
                                                 "`kg add FILE...` or `kg remove DOC...`"), head_only)
            return self.send(Reply.text(404, "not found; the SPARQL endpoint is /query, the query UI /ui"), head_only)
        except (ServeError, StoreError) as e:
            return self.send(Reply.text(503, str(e)), head_only)

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET(head_only=True)

    def do_POST(self) -> None:  # noqa: N802
        path = self._route()
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        if path in ("/update", "/store"):
            return self.send(Reply.text(403, "this endpoint is read-only; change the graph with "
                                             "`kg add FILE...` or `kg remove DOC...`"))
        if path not in ("/query", "/sparql"):
            return self.send(Reply.text(404, "not found; the SPARQL endpoint is /query"))
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self.send(Reply.text(413, f"the request is larger than {MAX_BODY} bytes"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-query":
            queries = [body]
        elif ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body, keep_blank_values=True)
            if "update" in form:
                return self.send(Reply.text(403, "updates are refused: this endpoint is read-only"))
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
            queries = params.get("query", [])
        else:
            return self.send(Reply.text(415, "send the query as application/sparql-query or as the query= field "
                                             "of application/x-www-form-urlencoded"))
        self._query(queries, params)

    def _query(self, queries: list[str], params: dict[str, list[str]]) -> None:
        if len(queries) != 1 or not queries[0].strip():
            return self.send(Reply.text(400, "give exactly one query (the query= parameter, or the request body)"))
        try:
            reply = self.front.answer(queries[0], self.headers.get("Accept"), params.get("default-graph-uri", []),
                                      params.get("named-graph-uri", []), (params.get("format") or [None])[0])
        except (ServeError, StoreError) as e:
            reply = Reply.text(503, str(e))
        self.send(reply)

    def _read_only(self) -> None:
        self.send(Reply.text(405, "this endpoint is read-only: GET or POST queries to /query"))

    do_PUT = do_DELETE = do_PATCH = _read_only  # noqa: N815


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], front: Front, quiet: bool = False):
        self.front = front
        self.quiet = quiet
        super().__init__(address, Handler)


def make_server(graph_dir: str | Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
                timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS, quiet: bool = False) -> Server:
    """Start the Oxigraph server and bind kg's front (not serving yet: call ``serve_forever``)."""
    front = Front(Path(graph_dir), timeout, max_rows)
    front.start()
    try:
        return Server((host, port), front, quiet)
    except OSError as e:
        front.stop()
        raise ServeError(f"cannot listen on {host}:{port} ({e.strerror or e}); choose another --port") from None


def serve(graph_dir: str | Path = "output", host: str = "127.0.0.1", port: int = DEFAULT_PORT,
          timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM)."""
    server = make_server(graph_dir, host, port, timeout, max_rows)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown, daemon=True).start())
    bound_host, bound_port = server.server_address[:2]
    print(f"kg serve: http://{bound_host}:{bound_port}/  (graph view /, query UI /ui, SPARQL endpoint /query; "
          f"read-only, {timeout:g} s and {max_rows} rows per query)", flush=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"kg serve: listening on {host}: anyone who can reach this address can query the graph", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.front.stop()
