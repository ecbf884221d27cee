"""HTTP: routes, the body limit and the listening server in front of :class:`~kg.serve.front.Front`."""
from __future__ import annotations

import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..store import StoreError
from .backend import ServeError
from .front import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, Front, Reply
from .pages import no_graph_page, ui_page

DEFAULT_PORT = 8000
MAX_BODY = 1 << 20           # a query larger than 1 MiB is not an analyst's query
ASSETS = {"/yasgui.min.js": "application/javascript", "/yasgui.min.css": "text/css", "/logo.svg": "image/svg+xml"}


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
                body = page.read_bytes() if page.exists() else no_graph_page(self.front.graph_dir)
                return self.send(Reply(200, "text/html; charset=utf-8", body), head_only)
            if path == "/ui" or (path in ("/query", "/sparql") and "query" not in params):
                return self.send(Reply(200, "text/html; charset=utf-8", ui_page(self.front.max_rows, self.front.timeout)), head_only)
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
