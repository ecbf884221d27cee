"""`kg stats`: the actor network's brokers, communities, proposers, postponers and months, as text and a chart."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.stats import Stats, actor_network, analyse, draw, format_stats


def test_the_seed_actor_network(seed_graph):
    st = analyse(seed_graph.store)
    assert (st.actors, st.links) == (8, 8)
    assert st.brokers == [("Donald Trump", 0.2143)]  # the one mediator, and a broker
    assert st.top_betweenness[:2] == [("Donald Trump", 0.2143), ("Vladimir Putin", 0.2143)]
    assert st.proposers == [("Donald Trump", 1), ("Russia", 1), ("United States", 1)]
    assert st.postponers == [("Donald Trump", 1), ("Vladimir Putin", 1)]
    assert ["Marco Rubio", "Sergey Lavrov"] in st.communities
    assert {m: dict(c) for m, c in st.per_month.items()} == {
        "2025-10": {"held": 2, "postponed": 1},
        "undated": {"held": 1, "unknown": 2},
    }


def test_a_mediator_between_two_parties_is_the_broker(seed_graph):
    import networkx as nx

    g, _ = actor_network(seed_graph.store)
    assert nx.is_connected(g) is False and g.has_edge(
        "https://w3id.org/kg-news/id/person/donald-trump", "https://w3id.org/kg-news/id/person/vladimir-putin"
    )


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_the_chart_is_written_as_png_or_svg(tmp_path, suffix, magic):
    st = Stats(
        brokers=[("A", 0.5)],
        proposers=[("A", 2)],
        postponers=[("B", 1)],
        per_month={"2025-10": __import__("collections").Counter(held=2)},
    )
    path = draw(st, tmp_path / f"stats{suffix}")
    assert path.read_bytes().startswith(magic)


def test_a_chart_of_another_format_is_refused_with_what_to_give(tmp_path):
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        draw(Stats(), tmp_path / "stats.pdf")


def test_kg_stats_prints_the_tables_and_draws_the_chart(seed_graph, tmp_path):
    chart = tmp_path / "stats.png"
    r = subprocess.run(
        [sys.executable, "-m", "kg.cli", "stats", "-g", str(seed_graph.directory), "--chart", str(chart)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    for heading in (
        "brokers among mediators",
        "most active proposers",
        "most active postponers",
        "communities",
        "meetings per status per month",
    ):
        assert heading in r.stdout
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert format_stats(analyse(seed_graph.store)) in r.stdout
