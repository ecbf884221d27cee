"""The query front: check each query with the guard, forward it to the backend, cap rows and time, format the answer.

>>> with_prefixes("ASK {}").endswith(" ASK {}")
True
"""
from __future__ import annotations

import threading
from typing import cast
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..sparql_guard import CheckedQuery, QueryError, QueryRefused, check_query
from ..store import STORE_DIR
from ..vocab import PREFIXES
from .backend import Backend, EngineBusy, EngineFailed, EngineTimeout, ServeError, fetch_assets
from .negotiation import FORMAT_PARAM, GRAPH_TYPES, RESULT_TYPES, negotiate

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000
MAX_CONCURRENT = 4           # queries evaluated at once; more wait up to BUSY_WAIT seconds
BUSY_WAIT = 5.0


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
        self.backend = Backend(self.graph_dir / STORE_DIR, timeout, MAX_CONCURRENT)
        self._assets: dict[str, bytes] = {}
        self._assets_lock = threading.Lock()

    def start(self) -> None:
        self.backend.start()

    def stop(self) -> None:
        self.backend.stop()

    def named_graphs(self) -> frozenset[str]:
        """The store's named graphs (asked of the engine for each check: the store may have been swapped)."""
        try:
            _, body = self.backend.call({"op": "graphs"}, 30)
        except (EngineTimeout, EngineFailed) as e:
            raise ServeError(f"the query engine is not answering ({e}); retry, or restart `kg serve`") from None
        return frozenset(body.decode("utf-8").split("\n")) - {""}

    def asset(self, path: str) -> bytes:
        """YASGUI's script and style sheet, as the Oxigraph server bundles them (no CDN: works offline)."""
        with self._assets_lock:
            if not self._assets:
                self._assets = fetch_assets()
        if path not in self._assets:
            raise ServeError(f"the query UI's {path} could not be read from the Oxigraph server; "
                             "check `pip install 'oxigraph>=0.5'`")
        return self._assets[path]

    def _timeout_reply(self) -> Reply:
        return Reply.text(503, f"the query ran longer than the {self.timeout:g} s limit and was stopped; "
                               "narrow it (more specific patterns, LIMIT) or restart `kg serve` with a larger --timeout")

    def answer(self, sparql: str, accept: str | None = None, default_graph_uris: Iterable[str] = (),
               named_graph_uris: Iterable[str] = (), format_param: str | None = None) -> Reply:
        """Check, run and format one query."""
        default_graph_uris, named_graph_uris = list(default_graph_uris), list(named_graph_uris)
        try:
            # kg's prefixes are declared before the checked text when it is sent, which adds nothing a check
            # could miss and keeps the parser's positions the user's
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
        # the engine runs the text the guard checked (no comments, one kind of line break), not the text sent
        reply = self._run(with_prefixes(checked.text), checked, media, default_graph_uris, named_graph_uris)
        return reply

    def _run(self, text: str, checked: CheckedQuery, media: str, default_graph_uris: list[str],
             named_graph_uris: list[str]) -> Reply:
        """Run the checked text on an engine worker: at most ``max_rows`` rows, at most ``timeout`` seconds."""
        request = {"op": "query", "text": text, "default": default_graph_uris, "named": named_graph_uris,
                   # as in `kg query`: the store's default graph is the merged graph (each fact once)
                   "union": False,
                   "wire": "nt" if checked.returns_graph else ("json" if checked.form == "ASK" else "tsv"),
                   "limit": self.max_rows + (0 if checked.returns_graph else 1)}  # TSV has a header line
        try:
            head, data = self.backend.call(request, self.timeout, wait=BUSY_WAIT)
        except EngineBusy:
            return Reply.text(503, f"{MAX_CONCURRENT} queries are running; retry in a moment")
        except EngineTimeout:
            return self._timeout_reply()
        except EngineFailed as e:
            if e.syntax:
                return Reply.text(400, f"the query failed: {_user_position(str(e), len(text) - len(sparql_of(text)))}")
            return Reply.text(502, f"the query failed: {e}")
        body = self._format(data, checked, media)
        headers = {"X-KG-Truncated": f"max-rows={self.max_rows}"} if head.get("more") else {}
        return Reply(200, f"{media}; charset=utf-8", body, headers)

    def _format(self, data: bytes, checked: CheckedQuery, media: str) -> bytes:
        if checked.returns_graph:
            triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))[: self.max_rows]
            fmt = GRAPH_TYPES[media]
            return cast(bytes, ox.serialize(triples, format=fmt, prefixes=PREFIXES if fmt == ox.RdfFormat.TURTLE else None))
        if checked.form == "ASK":
            return cast(bytes, ox.parse_query_results(data, ox.QueryResultsFormat.JSON).serialize(format=RESULT_TYPES[media]))
        header, _, rows = data.partition(b"\n")
        rows = b"".join(rows.splitlines(keepends=True)[: self.max_rows])
        return cast(bytes, ox.parse_query_results(header + b"\n" + rows, ox.QueryResultsFormat.TSV).serialize(format=RESULT_TYPES[media]))

