"""Keep passing: a rebuild or an add under a running ``kg serve`` never shows a partial graph or an error.

The engine workers reopen the store when ``kg build`` / ``kg add`` swap in a
new one; a query in flight finishes on the store it started on.
"""
from __future__ import annotations

import threading
import time

import pytest

from ..store_fixtures import ARTICLES, copy_graph, four_built, kg_cli, stop  # noqa: F401
from ..test_serve import post_query, start_server

pytestmark = pytest.mark.server
COUNT = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kg:Article }"


def test_queries_during_rebuilds_see_whole_graphs_only(four_built, tmp_path):
    served = start_server(copy_graph(four_built, tmp_path / "g"), tmp_path / "serve.log")
    seen: list[bytes] = []
    stop_flag = threading.Event()

    def ask() -> None:
        deadline = time.monotonic() + 240  # bounded whatever happens
        while not stop_flag.is_set() and time.monotonic() < deadline:
            status, _, body = post_query(served, COUNT, "text/csv")
            seen.append(body.splitlines()[1] if status == 200 and len(body.splitlines()) > 1 else b"status %d" % status)

    clients = [threading.Thread(target=ask) for _ in range(3)]
    try:
        for c in clients:
            c.start()
        r = kg_cli("add", ARTICLES[-1], "-g", served.graph, timeout=300)
        assert r.returncode == 0, r.stderr
        time.sleep(0.5)
        r = kg_cli("build", *ARTICLES[:-1], "-o", served.graph, timeout=300)
        assert r.returncode == 0, r.stderr
        time.sleep(0.5)
    finally:
        stop_flag.set()
        for c in clients:
            c.join(timeout=60)
        stop(served.proc)
    assert seen and set(seen) <= {b"4", b"5"}, sorted(set(seen))
    assert b"5" in seen and seen[-1] == b"4"
