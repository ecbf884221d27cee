"""Actor-network analysis (networkx): brokers, communities, the most active proposers and postponers,
meetings per status per month; as a text table and a PNG/SVG chart (matplotlib).

The actor network links two actors (people, organisations, countries) when
they take part in one meeting, and a mediator, proposer or postponer to every
party of the meeting it acts on. A broker sits on many shortest paths between
others (betweenness centrality); brokers are ranked among the mediators, then
among all actors.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import networkx as nx

from .store import OxigraphStore

ACTS = """SELECT ?a ?p ?m WHERE { VALUES ?p { kg:proposed kg:agreed kg:postponed kg:mediated }
  ?a ?p ?m . ?m a kg:Meeting }"""
PARTS = "SELECT ?m ?a WHERE { ?m kg:participant ?a }"
NAMES = "SELECT ?n ?l WHERE { ?n skos:prefLabel ?l }"
MEETINGS = """SELECT ?m ?status ?date (MIN(?ed) AS ?first) WHERE {
  ?m a kg:Meeting . OPTIONAL { ?m kg:status ?status } OPTIONAL { ?m kg:date ?date }
  OPTIONAL { GRAPH ?g { ?e kg:meeting ?m ; kg:date ?ed . FILTER(DATATYPE(?ed) = xsd:date) } }
} GROUP BY ?m ?status ?date"""
MEDIATED = "SELECT ?a ?o WHERE { ?a kg:mediated ?o }"


@dataclass
class Stats:
    """What :func:`analyse` finds; every list is sorted, largest first, ties by name."""

    brokers: list[tuple[str, float]] = field(default_factory=list)  # mediators by betweenness
    top_betweenness: list[tuple[str, float]] = field(default_factory=list)  # every actor
    communities: list[list[str]] = field(default_factory=list)
    proposers: list[tuple[str, int]] = field(default_factory=list)
    postponers: list[tuple[str, int]] = field(default_factory=list)
    per_month: dict[str, Counter] = field(default_factory=dict)  # month -> status -> meetings
    actors: int = 0
    links: int = 0


def _v(sol, name):
    t = sol[name]
    return None if t is None else t.value


def actor_network(store: OxigraphStore) -> tuple[nx.Graph, dict[str, str]]:
    """The undirected actor network and the actors' names."""
    names = {_v(s, "n"): _v(s, "l") for s in store.query(NAMES)}
    parties: dict[str, set[str]] = defaultdict(set)
    for s in store.query(PARTS):
        parties[_v(s, "m")].add(_v(s, "a"))
    g = nx.Graph()
    for ps in parties.values():
        g.add_nodes_from(ps)
        g.add_edges_from(combinations(sorted(ps), 2))
    for s in store.query(ACTS):
        a, m = _v(s, "a"), _v(s, "m")
        for p in parties.get(m, ()):
            if p != a:
                g.add_edge(a, p)
    for s in store.query(MEDIATED):  # a mediator of a conflict or place is linked to it too
        if _v(s, "a") != _v(s, "o"):
            g.add_edge(_v(s, "a"), _v(s, "o"))
    return g, names


def _month(sol) -> str:
    for name in ("date", "first"):
        d = _v(sol, name)
        if d and not d.startswith("--"):
            return d[:7]
    return "undated"


def analyse(store: OxigraphStore, top: int = 10) -> Stats:
    """The analysis of a built graph's store.

    >>> analyse(OxigraphStore.in_memory()).actors
    0
    """
    g, names = actor_network(store)
    name = lambda n: names.get(n, n.rsplit("/", 1)[-1])  # noqa: E731
    between = nx.betweenness_centrality(g, normalized=True) if len(g) > 2 else {n: 0.0 for n in g}
    ranked = sorted(between.items(), key=lambda kv: (-kv[1], name(kv[0])))
    mediators = {_v(s, "a") for s in store.query(MEDIATED)}
    st = Stats(actors=g.number_of_nodes(), links=g.number_of_edges())
    st.brokers = [(name(n), round(b, 4)) for n, b in ranked if n in mediators][:top]
    st.top_betweenness = [(name(n), round(b, 4)) for n, b in ranked][:top]
    if g.number_of_edges():
        comms = nx.community.greedy_modularity_communities(g)
        st.communities = sorted((sorted(name(n) for n in c) for c in comms), key=lambda c: (-len(c), c))
    acts: dict[str, Counter] = defaultdict(Counter)
    for s in store.query(ACTS):
        acts[_v(s, "p").rsplit("#", 1)[-1]][name(_v(s, "a"))] += 1
    st.proposers = sorted(acts["proposed"].items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    st.postponers = sorted(acts["postponed"].items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    per: dict[str, Counter] = defaultdict(Counter)
    for s in store.query(MEETINGS):
        per[_month(s)][_v(s, "status") or "unknown"] += 1
    st.per_month = dict(sorted(per.items()))
    return st


def format_stats(st: Stats) -> str:
    """The analysis as plain-text tables.

    >>> print(format_stats(Stats(proposers=[("Santos", 2)])).splitlines()[0])
    actor network: 0 actors, 0 links
    """
    out = [f"actor network: {st.actors} actors, {st.links} links", ""]

    def table(title: str, rows: list[tuple], head: tuple[str, str]) -> None:
        out.append(title)
        if not rows:
            out.append("  (none)")
        width = max([len(head[0])] + [len(str(r[0])) for r in rows])
        if rows:
            out.append(f"  {head[0]:<{width}}  {head[1]}")
        for a, b in rows:
            out.append(f"  {a:<{width}}  {b}")
        out.append("")

    table("brokers among mediators (betweenness)", st.brokers, ("mediator", "betweenness"))
    table("brokers among all actors (betweenness)", st.top_betweenness, ("actor", "betweenness"))
    table("most active proposers", st.proposers, ("actor", "meetings"))
    table("most active postponers", st.postponers, ("actor", "meetings"))
    out.append("communities")
    for i, c in enumerate(st.communities, 1):
        out.append(f"  {i}. " + ", ".join(c))
    if not st.communities:
        out.append("  (none)")
    out.append("")
    statuses = sorted({s for c in st.per_month.values() for s in c})
    out.append("meetings per status per month")
    out.append("  " + "  ".join([f"{'month':<8}"] + [f"{s:>9}" for s in statuses]))
    for month, counts in st.per_month.items():
        out.append("  " + "  ".join([f"{month:<8}"] + [f"{counts.get(s, 0):>9}" for s in statuses]))
    return "\n".join(out).rstrip() + "\n"


def draw(st: Stats, path: str | Path) -> Path:
    """Draw the analysis as a four-panel chart; the format follows the suffix (``.png`` or ``.svg``)."""
    import matplotlib

    matplotlib.use("Agg")  # no display: write the file only
    import matplotlib.pyplot as plt

    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise ValueError(f"{path}: the chart is written as .png or .svg; give a file name ending in one of them")
    fig, axes = plt.subplots(2, 2, figsize=(12, 8))

    def bars(ax, rows, title, color):
        labels = [r[0] for r in rows][::-1]
        ax.barh(labels, [r[1] for r in rows][::-1], color=color)
        ax.set_title(title)
        if not rows:
            ax.text(0.5, 0.5, "none", ha="center", va="center", transform=ax.transAxes)

    bars(
        axes[0][0],
        st.brokers or st.top_betweenness,
        "brokers: betweenness " + ("among mediators" if st.brokers else "among actors"),
        "#8e44ad",
    )
    bars(axes[0][1], st.proposers, "most active proposers (meetings)", "#1f6fb4")
    bars(axes[1][0], st.postponers, "most active postponers (meetings)", "#d62728")
    ax = axes[1][1]
    months = list(st.per_month)
    statuses = sorted({s for c in st.per_month.values() for s in c})
    bottom = [0] * len(months)
    for s in statuses:
        values = [st.per_month[m].get(s, 0) for m in months]
        ax.bar(months, values, bottom=bottom, label=s)
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_title("meetings per status per month")
    if statuses:
        ax.legend(fontsize=8)
    ax.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
