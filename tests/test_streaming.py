"""The build streams its quads: a sorted spool file gives the store and the TriG/Turtle files the bytes an in-memory dataset gives."""
from __future__ import annotations

import pytest

from kg import export
from kg.store import graph_digests


@pytest.fixture(scope="module")
def seed_quads(seed_graph):
    return list(seed_graph.store.quads())


@pytest.mark.parametrize("fmt", ["trig", "turtle"])
def test_a_file_written_from_the_spool_is_byte_for_byte_the_in_memory_serialisation(seed_quads, tmp_path, fmt):
    with export.SortedQuads.spool(reversed(seed_quads)) as data:
        path = export.write_sorted(data, fmt, tmp_path / f"graph.{fmt}")
    assert path.read_bytes() == export.serialize(seed_quads, fmt)


def test_the_spool_can_be_read_again_and_holds_each_quad_once(seed_quads):
    with export.SortedQuads.spool(seed_quads + seed_quads) as data:
        first, second = [str(q) for q in data], [str(q) for q in data]
    assert first == second == sorted({str(q) for q in seed_quads})
    assert not data.path.exists()


def test_graph_digests_of_the_sorted_spool_are_those_of_the_unsorted_quads(seed_quads):
    with export.SortedQuads.spool(seed_quads) as data:
        assert graph_digests(data) == graph_digests(seed_quads)
