"""Item 3: concurrent first requests to a fresh ``kg serve`` all parse (rdflib's parser is not thread-safe)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from ..conftest import ROOT
from ..store_fixtures import copy_graph, stop
from ..test_serve import post_query, start_server

pytestmark = pytest.mark.server
POSTPONED_RQ = (ROOT / "queries" / "postponed.rq").read_text(encoding="utf-8")


@pytest.mark.parametrize("round_", range(2))
def test_eight_simultaneous_first_requests_to_a_fresh_server_all_answer(seed_graph, tmp_path, round_):
    served = start_server(copy_graph(seed_graph.directory, tmp_path / "g"), tmp_path / "serve.log")
    try:
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: post_query(served, POSTPONED_RQ, "text/csv"), range(8)))
        assert [status for status, _, _ in answers] == [200] * 8, [body[:200] for _, _, body in answers]
        status, _, _ = post_query(served, POSTPONED_RQ, "text/csv")  # and the shape still parses afterwards
        assert status == 200
    finally:
        stop(served.proc)
