"""Item 6 (pending marker): an add that fails after it began leaves the folder marked, and the next add repairs
it and succeeds; one failure never breaks every later add."""
from __future__ import annotations

import pytest

import kg.incremental as incremental
from kg.folder import PENDING

from ..store_fixtures import ARTICLES, copy_graph, four_built, sorted_nquads  # noqa: F401


def test_a_failed_add_is_repaired_by_the_next_one(four_built, seed_graph, tmp_path, monkeypatch):  # noqa: F811
    g = copy_graph(four_built, tmp_path / "g")
    real = incremental.write_graph

    def fail_once(*args, **kwargs):
        monkeypatch.setattr(incremental, "write_graph", real)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(incremental, "write_graph", fail_once)
    with pytest.raises(OSError):
        incremental.add([ARTICLES[-1]], g, html=False)
    assert (g / PENDING).exists()
    graph = incremental.add([ARTICLES[-1]], g, html=False)  # the next add repairs and completes
    assert not (g / PENDING).exists()
    del graph
    assert sorted_nquads(g) == sorted_nquads(seed_graph.directory)
    assert incremental.add([ARTICLES[-1]], g, html=False).report.unchanged == [ARTICLES[-1].stem]
