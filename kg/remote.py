"""Remote store: write the graph to a SPARQL 1.1 Update endpoint instead of the embedded store.

``kg build --store URL`` and ``kg add/remove --store URL`` keep the article
records, ``graph.trig``, ``graph.ttl`` and ``graph.html`` in the output
folder as usual, but write the quads to an existing triple store: Oxigraph
(``http://host:7878/update``), Fuseki (``http://host:3030/DATASET/update``),
GraphDB (``http://host:7200/repositories/REPO/statements``) or Virtuoso
(``http://host:8890/sparql-auth``). A ``user:password@`` in the URL is sent
as HTTP basic authentication.

Each article is its own named graph there too, replaced as a whole
(``DROP SILENT GRAPH`` then ``INSERT DATA`` in batches of
:data:`BATCH` triples); an article's metadata in the default graph is
replaced by subject. Only what changed since the last push is sent:
``DIR/.kg-remote.json`` keeps a digest of every graph pushed, and a push
that did not finish leaves no such file, so the next one sends everything.
Graphs and default-graph triples kg did not write are never touched.

>>> update_url("http://localhost:7878")
'http://localhost:7878/update'
>>> insert_data([ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("o"), ox.NamedNode("http://g"))])
'INSERT DATA { GRAPH <http://g> {\\n<http://s> <http://p> "o" .\\n} }'
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox

from .folder import OUTPUTS, StoreError, atomic_write
from .store import OxigraphStore, digest

STATE_FILE = ".kg-remote.json"
BATCH = 5_000  # triples per INSERT DATA request: small enough for any server's request limit
TIMEOUT = 120.0  # seconds per request


class RemoteError(StoreError):
    """The remote store refused a request or cannot be reached; the message says which and why."""


def update_url(url: str) -> str:
    """The update endpoint for ``url``; a bare ``http://host:port`` is taken for an Oxigraph server."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(
            f"--store {url!r} is not an http(s) URL; give the SPARQL Update endpoint, e.g. http://localhost:7878/update"
        )
    if parts.path in ("", "/"):
        parts = parts._replace(path="/update")
    return urlunsplit(parts)


class UpdateClient:
    """POSTs SPARQL updates (``application/sparql-update``) to one endpoint."""

    def __init__(self, url: str, timeout: float = TIMEOUT):
        parts = urlsplit(update_url(url))
        self.auth = None
        if parts.username:
            creds = f"{parts.username}:{parts.password or ''}".encode()
            self.auth = "Basic " + base64.b64encode(creds).decode("ascii")
            parts = parts._replace(netloc=(parts.hostname or "") + (f":{parts.port}" if parts.port else ""))
        self.url = urlunsplit(parts)  # without the credentials, for messages
        self.timeout = timeout

    def update(self, text: str) -> None:
        headers = {"Content-Type": "application/sparql-update; charset=utf-8"}
        if self.auth:
            headers["Authorization"] = self.auth
        req = urllib.request.Request(self.url, data=text.encode("utf-8"), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 (the user's own endpoint)
                resp.read()
        except urllib.error.HTTPError as e:
            body = e.read().decode("utf-8", "replace")[:500]
            raise RemoteError(
                f"{self.url} refused the update (HTTP {e.code}: {body.strip() or e.reason}); "
                "check that the URL is the store's SPARQL Update endpoint and that it accepts writes"
            ) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise RemoteError(f"cannot reach {self.url} ({reason}); is the triple store running?") from None


# ------------------------------------------------------------------ what to send


def _graph_key(q: ox.Quad) -> str:
    """Named graphs by name; default-graph triples by subject (an article's metadata), as ``default <s>``."""
    if isinstance(q.graph_name, ox.DefaultGraph):
        return f"default {q.subject}"
    return q.graph_name.value


def group(quads: Iterable[ox.Quad]) -> dict[str, list[ox.Quad]]:
    """Quads by the unit a push replaces: a named graph, or one subject of the default graph."""
    out: dict[str, list[ox.Quad]] = {}
    for q in quads:
        out.setdefault(_graph_key(q), []).append(q)
    for qs in out.values():
        qs.sort(key=str)
    return out


def _triple(q: ox.Quad) -> str:
    return f"{q.subject} {q.predicate} {q.object} .\n"


def insert_data(quads: list[ox.Quad]) -> str:
    """One ``INSERT DATA`` for quads of one graph (N-Triples term syntax is SPARQL syntax)."""
    body = "".join(_triple(q) for q in quads)
    g = quads[0].graph_name
    if isinstance(g, ox.DefaultGraph):
        return f"INSERT DATA {{\n{body}}}"
    return f"INSERT DATA {{ GRAPH {g} {{\n{body}}} }}"


def _clear(key: str) -> str:
    if key.startswith("default "):
        subject = key.split(" ", 1)[1]
        return f"DELETE WHERE {{ {subject} ?p ?o }}"
    return f"DROP SILENT GRAPH <{key}>"


def _batches(quads: list[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    for i in range(0, len(quads), size):
        yield quads[i : i + size]


def replace(client: UpdateClient, key: str, quads: list[ox.Quad], batch: int = BATCH) -> None:
    """Replace one graph (or one subject's default-graph triples): the clear and the first batch in one request."""
    batches = list(_batches(quads, batch)) or [[]]
    first = _clear(key) + (" ;\n" + insert_data(batches[0]) if batches[0] else "")
    client.update(first)
    for b in batches[1:]:
        client.update(insert_data(b))


# ------------------------------------------------------------------ state


def _load_state(out: Path, endpoint: str) -> dict[str, str]:
    try:
        state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state.get("graphs", {}) if state.get("endpoint") == endpoint else {}


def _save_state(out: Path, endpoint: str, graphs: dict[str, str]) -> None:
    data = json.dumps({"endpoint": endpoint, "graphs": graphs}, indent=1, sort_keys=True).encode("utf-8")
    atomic_write(out / STATE_FILE, data)


def push_dataset(
    url: str,
    quads: Iterable[ox.Quad],
    out_dir: str | Path,
    full: bool = False,
    batch: int = BATCH,
    progress: Callable[[str], None] | None = None,
) -> list[str]:
    """Make the remote store hold ``quads`` in kg's graphs; return the graphs (or default-graph subjects) sent.

    With ``full`` everything is sent, whatever ``DIR/.kg-remote.json`` says was sent before.
    """
    out = Path(out_dir)
    client = UpdateClient(url)
    before = {} if full else _load_state(out, client.url)
    groups = group(quads)
    now = {k: digest(v) for k, v in groups.items()}
    (out / STATE_FILE).unlink(missing_ok=True)  # until the push completes, the next one sends everything
    sent = []
    for key in sorted(before.keys() - now.keys()):
        client.update(_clear(key))
        sent.append(key)
    for key in sorted(now):
        if before.get(key) != now[key]:
            replace(client, key, groups[key], batch)
            sent.append(key)
            if progress:
                progress(key)
    _save_state(out, client.url, now)
    return sent


# ------------------------------------------------------------------ the store interface


class SparqlUpdateStore:
    """A SPARQL 1.1 Update endpoint as a :class:`kg.store.GraphStore`; reads go to a local copy.

    The copy is the graph last pushed, or the folder's ``graph.trig`` (the
    local copy of what the server holds) before any push.

    >>> SparqlUpdateStore("http://localhost:7878", "output").location
    'http://localhost:7878/update'
    """

    keeps_quotes = False  # reading them back would cost a query per article: the folder keeps the texts

    def __init__(self, url: str, graph_dir: str | Path):
        self.url = url
        self.graph_dir = Path(graph_dir)
        self.location = UpdateClient(url).url  # a bad URL fails here, before spaCy runs
        self._copy: OxigraphStore | None = None

    def has_graph(self) -> bool:
        return True  # the server may hold the graph whatever the folder says

    def articles(self) -> set[str] | None:
        return None  # asking the server would cost a query per run; the push state says what it holds

    def replace(self, dataset: Iterable[ox.Quad], full: bool = False) -> list[str]:
        sent = push_dataset(self.url, dataset, self.graph_dir, full=full)
        self._copy = OxigraphStore.in_memory()
        self._copy.store.extend(dataset)
        return sent

    def reader(self) -> OxigraphStore:
        if self._copy is None:
            self._copy = OxigraphStore.in_memory()
            trig = self.graph_dir / OUTPUTS["trig"]
            if trig.exists():
                self._copy.store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
        return self._copy
