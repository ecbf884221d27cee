"""HTTP: routes, the body limit and the listening server in front of :class:`~kg.serve.front.Front`."""
from __future__ import annotations

import signal
import socket
import sys
import threading
from typing import cast
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..store import StoreError
from .backend import ServeError
from .front import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, Front, Reply
from .pages import FAVICON, no_graph_page, prefixes_json, ui_page

DEFAULT_PORT = 8000
MAX_BODY = 1 << 20           # a query larger than 1 MiB is not an analyst's query
READ_DEADLINE = 10.0         # seconds a client has to send its whole request (line, headers, body)
MAX_CONNECTIONS = 64         # connections handled at once; more are answered 503 at once, not queued on a thread
BACKLOG = 128                # connections the kernel queues before accept (5 made p99 > 1 s at 16 clients)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
ASSETS = {"/yasgui.min.js": "application/javascript", "/yasgui.min.css": "text/css", "/logo.svg": "image/svg+xml"}


class Handler(BaseHTTPRequestHandler):
    """Routes requests to the :class:`Front`; everything that is not reading answers 403 or 405."""

    server_version = "kg-serve"
    timeout = READ_DEADLINE  # per read; the whole request must also arrive within READ_DEADLINE (see setup)

    def setup(self) -> None:
        super().setup()
        # a client sending a byte every few seconds would hold its thread for good: cut it off
        self._deadline = threading.Timer(READ_DEADLINE, self._drop)
        self._deadline.daemon = True
        self._deadline.start()

    def _drop(self) -> None:
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _request_read(self) -> None:
        """The request has arrived: the reading deadline no longer applies (the query has its own --timeout)."""
        self._deadline.cancel()

    def finish(self) -> None:
        self._deadline.cancel()
        try:
            super().finish()
        except OSError:
            pass

    def parse_request(self) -> bool:
        """http.server's parsing, then the Host check: a name other than this server's is DNS rebinding."""
        if not super().parse_request():
            return False
        host = (self.headers.get("Host") or "").strip().lower()
        if host and not _host_allowed(host, self.server.allowed_hosts):  # type: ignore[attr-defined]
            self.close_connection = True
            self.send(Reply.text(421, f"this server does not answer for the host {host[:100]!r}; open it as "
                                      f"http://127.0.0.1:{cast(tuple, self.server.server_address)[1]}/ "
                                      "(or start `kg serve --host` with the name you use)"))
            return False
        return True

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
        self._request_read()
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
            if path == "/prefixes.json":  # the UI's prefix autocompletion, served here instead of by prefix.cc
                return self.send(Reply(200, "application/json", prefixes_json()), head_only)
            if path in ("/favicon.ico", "/favicon.svg"):
                return self.send(Reply(200, "image/svg+xml", FAVICON), head_only)
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
        length, problem = content_length(self.headers.get("Content-Length"))
        if problem:
            self.close_connection = True
            return self.send(problem)
        body = self.rfile.read(length)
        if len(body) < length:
            return self.send(Reply.text(400, f"the request body ended after {len(body)} of {length} bytes; send it whole"))
        self._request_read()
        text = body.decode("utf-8", "replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-query":
            queries = [text]
        elif ctype == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
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
                                      params.get("named-graph-uri", []), cast(list[str | None], params.get("format") or [None])[0])
        except (ServeError, StoreError) as e:
            reply = Reply.text(503, str(e))
        self.send(reply)

    def _read_only(self) -> None:
        self.send(Reply.text(405, "this endpoint is read-only: GET or POST queries to /query"))

    do_PUT = do_DELETE = do_PATCH = _read_only  # noqa: N815


def content_length(header: str | None) -> tuple[int, Reply | None]:
    """The body length a Content-Length header gives, or the reply refusing it.

    >>> content_length("12")
    (12, None)
    >>> content_length("-1")[1].status, content_length("abc")[1].status, content_length(str(2 << 20))[1].status
    (400, 400, 413)
    """
    value = (header or "0").strip()
    if not value.isdigit() or not value.isascii():
        return 0, Reply.text(400, f"Content-Length must be a whole number of bytes, not {value[:40]!r}")
    if int(value) > MAX_BODY:
        return 0, Reply.text(413, f"the request is larger than {MAX_BODY} bytes; a query is at most 1 MiB")
    return int(value), None


def _host_allowed(host: str, allowed: frozenset[str]) -> bool:
    """Whether a Host header (name, optional port) names this server.

    >>> _host_allowed("localhost:8000", frozenset(LOCAL_HOSTS)), _host_allowed("evil.example:8000", frozenset(LOCAL_HOSTS))
    (True, False)
    >>> _host_allowed("[::1]:8000", frozenset(LOCAL_HOSTS))
    True
    """
    if host.startswith("["):  # an IPv6 literal, with or without a port after it
        name = host[: host.find("]") + 1] if "]" in host else host
    else:
        name = host.split(":", 1)[0]
    return name in allowed


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(self, address: tuple[str, int], front: Front, quiet: bool = False):
        self.front = front
        self.quiet = quiet
        host = address[0].lower()
        self.allowed_hosts = frozenset(LOCAL_HOSTS + (host, f"[{host}]"))
        self.connections = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(address, Handler)

    def process_request(self, request, client_address) -> None:
        """At most MAX_CONNECTIONS handler threads; the next connection gets a 503 at once instead of a thread."""
        if not self.connections.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                b"Connection: close\r\n\r\nkg serve is answering too many connections; retry\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.connections.release()

    def handle_error(self, request, client_address) -> None:
        """One line, not a traceback: a client that breaks its connection is not the server's failure."""
        if not self.quiet:
            error = sys.exc_info()[1]
            sys.stderr.write(f"kg serve: {client_address[0]} connection ended: {type(error).__name__}: {error}\n")


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
    bound_host, bound_port = cast(tuple, server.server_address)[:2]
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
