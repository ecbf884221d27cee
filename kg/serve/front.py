"""The query front: check each query with the guard, forward it to the backend, cap rows and time, format the answer.

>>> with_prefixes("ASK {}").endswith(" ASK {}")
True
"""
from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

from ..sparql_guard import CheckedQuery, QueryError, QueryRefused, check_query
from ..store import STORE_DIR
from ..vocab import PREFIXES
from .backend import Backend
from .negotiation import FORMAT_PARAM, GRAPH_TYPES, RESULT_TYPES, negotiate

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000
MAX_CONCURRENT = 4           # queries evaluated at once; more wait up to BUSY_WAIT seconds
BUSY_WAIT = 5.0
GRACE = 1.5                  # seconds past --timeout before the front gives up on Oxigraph's own cancellation


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

