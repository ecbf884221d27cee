"""Item 2: nothing but kg's front can query the engine, and the engine cannot open connections.

``kg serve`` used to run the Oxigraph server on a private loopback port that
answered SERVICE for any local process. Now the engine processes are spoken
to over their own pipes: the only listening socket of the whole process tree
is the front's. Where Linux allows user namespaces the engine also runs with
no network at all, so a SERVICE that reached it unchecked would go nowhere.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from kg.serve.backend import Backend, EngineFailed, can_isolate

from ..conftest import need
from ..store_fixtures import copy_graph, listener, stop  # noqa: F401
from ..test_serve import quiet, start_server

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(k) for k in (task / "children").read_text().split()]
            except FileNotFoundError:
                pass
    return out


def listening_ports(pid: int) -> set[int]:
    """TCP ports on which ``pid`` holds a listening socket (in whatever network namespace it lives)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def test_the_only_listening_socket_of_kg_serve_is_its_front(seed_graph, tmp_path):
    served = start_server(copy_graph(seed_graph.directory, tmp_path / "g"), tmp_path / "serve.log")
    try:
        front_port = int(served.url.rsplit(":", 1)[1])
        tree = _tree(served.proc.pid)
        assert len(tree) > 1, "the engine runs in processes of its own"
        listening = {pid: listening_ports(pid) for pid in tree}
        assert listening.pop(served.proc.pid) == {front_port}
        assert all(not ports for ports in listening.values()), f"an engine process listens: {listening}"
    finally:
        stop(served.proc)


def test_the_engine_cannot_open_a_connection_even_unguarded(seed_graph, listener):  # noqa: F811
    need(can_isolate(), "unprivileged user namespaces (`unshare --user --net`) are needed to cut the engine off")
    backend = Backend(Path(seed_graph.directory) / "store", timeout=10, size=1)
    backend.start()
    try:
        with pytest.raises(EngineFailed):  # straight to the engine, past the guard: the request cannot leave
            backend.call({"op": "query", "text": f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
                          "wire": "tsv", "limit": 10}, 10)
        assert quiet(listener)
    finally:
        backend.stop()
