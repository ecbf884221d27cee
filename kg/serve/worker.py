"""The query engine process behind ``kg serve``: pyoxigraph on the store, spoken to over its own pipes.

There is no backend port: the front starts each worker with a pipe pair, so
no other process can send it a query. Where Linux allows unprivileged user
namespaces the worker also runs in a network namespace of its own, whose
loopback is down: it cannot open a connection to anything, so even a
``SERVICE`` the guard missed would go nowhere.

The file runs as a script (``python worker.py STORE [memory|disk]``), not as ``kg.serve.worker``,
so a worker imports pyoxigraph and the standard library only, not spaCy.

Protocol, one request at a time: the front writes one JSON line
(``{"op": "query", "text": ..., "union": true, "default": [], "named": [],
"wire": "tsv", "limit": 10001}`` or ``{"op": "graphs"}``); the worker answers
one JSON line (``{"ok": true, "length": N, "more": false}`` or ``{"ok":
false, "error": "...", "syntax": true}``) followed by N bytes.

With ``--assets`` it prints the Oxigraph server's bundled YASGUI files (the
query UI) instead: it starts that server on an empty in-memory store, inside
its network namespace when it has one, fetches them and stops it.

>>> CappedWriter(2).write(b"a\\nb\\n")
4
"""

from __future__ import annotations

import json
import os
import sys
from typing import cast

WIRE = {"tsv": ("results", "TSV"), "json": ("results", "JSON"), "nt": ("rdf", "N_TRIPLES")}
ASSET_PATHS = ("/yasgui.min.js", "/yasgui.min.css", "/logo.svg")


def _memory_copy():
    """``kg/memory_copy.py``, loaded by its path: importing the ``kg`` package here would import spaCy."""
    import importlib.util
    from pathlib import Path

    mod = sys.modules.get("kg_memory_copy")
    if mod is None:
        spec = importlib.util.spec_from_file_location(
            "kg_memory_copy", Path(__file__).resolve().parent.parent / "memory_copy.py"
        )
        assert spec is not None and spec.loader is not None
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        sys.modules["kg_memory_copy"] = mod
    return mod


class Enough(Exception):
    """Raised from inside serialisation once the row cap is passed: the rest is never computed."""


class CappedWriter:
    """A file-like object keeping at most ``limit`` lines; ``more`` says whether the writer wanted to go on."""

    def __init__(self, limit: int):
        self.limit = limit
        self.parts: list[bytes] = []
        self.lines = 0
        self.more = False

    def write(self, data: bytes) -> int:
        data = bytes(data)
        self.parts.append(data)
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            self.more = True
            raise Enough
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the parts are kept in memory."""

    def value(self) -> bytes:
        """The first ``limit`` whole lines written."""
        lines = b"".join(self.parts).split(b"\n")
        complete = lines[: min(self.limit, len(lines) - 1)]
        return b"".join(line + b"\n" for line in complete)


def bring_loopback_up() -> None:
    """Set ``lo`` up in this network namespace (it starts down); needs the namespace's CAP_NET_ADMIN."""
    import fcntl
    import socket
    import struct

    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        flags = struct.unpack("16sh", fcntl.ioctl(s, siocgifflags, struct.pack("16sh", b"lo", 0)))[1]
        fcntl.ioctl(s, siocsifflags, struct.pack("16sh", b"lo", flags | iff_up))


class Engine:
    """The store opened read-only, reopened when ``kg add`` / ``kg remove`` swap in a new one.

    With ``in_memory`` the engine answers from a copy of the store in RAM:
    several times faster per query than RocksDB lookups on disk, for the
    seconds the copy takes at start and after each swap.
    """

    def __init__(self, path: str, in_memory: bool = False):
        self.path = path
        self.in_memory = in_memory
        self.inode: int | None = None
        self.store = None
        self.default_graph = None  # in memory: a copy of the default graph alone, for queries that read no other

    def current(self):
        import pyoxigraph as ox

        try:
            inode = os.stat(self.path).st_ino
        except FileNotFoundError:
            inode = self.inode  # mid-swap: keep answering from the store already open
        if self.store is None or inode != self.inode:
            store = ox.Store.read_only(self.path)
            default = None
            if self.in_memory:
                store, default = _memory_copy().memory_copies(store)
            self.store, self.default_graph, self.inode = store, default, inode
        return self.store

    def _store_for(self, req: dict):
        """The default graph's own copy for a query that reads nothing else (see :func:`kg.store.memory_copies`)."""
        store = self.current()
        plain = not (req.get("union") or req.get("default") or req.get("named"))
        if self.default_graph is not None and plain and _memory_copy().reads_default_graph_only(req["text"]):
            return self.default_graph
        return store

    def graphs(self) -> bytes:
        return "\n".join(sorted(g.value for g in self.current().named_graphs())).encode("utf-8")

    def query(self, req: dict) -> tuple[bytes, bool]:
        import pyoxigraph as ox

        kwargs: dict = {"use_default_graph_as_union": req.get("union", False)}
        if req.get("default"):
            kwargs["default_graph"] = [ox.NamedNode(g) for g in req["default"]]
        if req.get("named"):
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in req["named"]]
        result = self._store_for(req).query(req["text"], **kwargs)
        kind, name = WIRE[req["wire"]]
        fmt = getattr(ox.QueryResultsFormat if kind == "results" else ox.RdfFormat, name)
        if isinstance(result, ox.QueryBoolean):
            return cast(bytes, result.serialize(format=ox.QueryResultsFormat.JSON)), False
        out = CappedWriter(int(req["limit"]))
        try:
            result.serialize(out, fmt)
        except Enough:
            pass
        return out.value(), out.more


def serve_pipe(path: str, in_memory: bool = False) -> None:
    """Answer requests from stdin on stdout until stdin closes (the front ended)."""
    proto_in, proto_out = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed by accident goes to stderr, never into the protocol
    engine = Engine(path, in_memory)
    try:
        engine.current()  # open (or copy) the store now, not on the first query
    except OSError:
        pass  # answered as an error on the first request
    for line in proto_in:
        req = json.loads(line)
        head: dict[str, object]
        try:
            body, more = (engine.graphs(), False) if req["op"] == "graphs" else engine.query(req)
            head = {"ok": True, "length": len(body), "more": more}
        except SyntaxError as e:
            body, head = b"", {"ok": False, "error": str(e), "syntax": True}
        except Exception as e:  # noqa: BLE001 (any engine failure is the answer to this request, not the end)
            body, head = b"", {"ok": False, "error": f"{type(e).__name__}: {e}", "syntax": False}
        proto_out.write(json.dumps(head).encode("utf-8") + b"\n" + body)
        proto_out.flush()


def print_assets(binary: str, isolated: bool) -> None:
    """Write the Oxigraph server's UI files to stdout as one JSON object (path -> latin-1 text)."""
    import http.client
    import socket
    import subprocess
    import time

    if isolated:
        bring_loopback_up()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [binary, "serve", "--bind", f"127.0.0.1:{port}"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assets: dict[str, str] = {}
        deadline = time.monotonic() + 20
        while len(assets) < len(ASSET_PATHS) and time.monotonic() < deadline:
            try:
                for path in ASSET_PATHS:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    conn.request("GET", path)
                    assets[path] = conn.getresponse().read().decode("latin-1")
                    conn.close()
            except OSError:
                time.sleep(0.05)
        sys.stdout.write(json.dumps(assets))
    finally:
        proc.kill()
        proc.wait()


if __name__ == "__main__":
    if sys.argv[1] == "--assets":
        print_assets(sys.argv[2], sys.argv[3] == "isolated")
    else:
        serve_pipe(sys.argv[1], sys.argv[2:3] == ["memory"])
