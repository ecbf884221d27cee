"""Fixtures for the store tests: graph folders made once per session, working copies without spaCy.

``seed_graph`` (conftest) is the real ``kg build`` of the five sample
articles; ``four_built`` the real ``kg build`` of the first four. A test that
changes a graph works on a copy: the saved records are copied and the store is
re-made from them by :func:`kg.incremental.rewrite`, which runs no spaCy (and
copies no open RocksDB files).
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from .conftest import EXAMPLES

ARTICLES = sorted(EXAMPLES.glob("*.txt"))
LAST = ARTICLES[-1]


def kg_cli(*args, **kw) -> subprocess.CompletedProcess:
    """Run the real ``kg`` command (this interpreter's), bounded in time."""
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=kw.pop("timeout", 300), **kw)


def sorted_nquads(directory: Path) -> bytes:
    """The graph in ``directory/store`` as sorted N-Quads (IRIs are deterministic: equal bytes, equal graphs)."""
    from kg import export
    from kg.store import OxigraphStore

    store = OxigraphStore.open(directory, read_only=True)
    try:
        return export.serialize(store.quads(), "nq")
    finally:
        del store


def copy_graph(src: Path, dst: Path, html: bool = False) -> Path:
    """A working copy of the graph folder ``src``: its records, and a store re-made from them."""
    from kg import incremental

    shutil.copytree(src / "records", dst / "records")
    incremental.rewrite(dst, html=html)
    return dst


@pytest.fixture(scope="session")
def full_nquads(seed_graph) -> bytes:
    """Sorted N-Quads of the real build of all five sample articles."""
    return seed_graph.export("nq")


@pytest.fixture(scope="session")
def four_built(tmp_path_factory) -> Path:
    """The real ``kg build`` of the first four sample articles (no graph object kept open)."""
    import kg

    out = tmp_path_factory.mktemp("four")
    graph = kg.build(ARTICLES[:-1], out_dir=out, html=False)
    del graph
    return out


class Listener:
    """A TCP listener on a free loopback port that records every connection made to it.

    What a SERVICE or LOAD would reach if the server followed it.
    """

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[tuple[str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, addr = self.sock.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            self.connections.append(addr)
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


@pytest.fixture()
def listener():
    lis = Listener()
    yield lis
    lis.close()


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    """Wait until the server ``proc`` accepts connections on 127.0.0.1:``port`` (bounded; fails if it exits)."""
    from kg.serve import wait_listening

    wait_listening(port, proc, timeout)


def stop(proc: subprocess.Popen) -> None:
    from kg.serve import stop_process

    stop_process(proc, grace=10)
