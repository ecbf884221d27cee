"""Benchmark: seconds to write the HTML network for synthetic graphs of 1k, 10k and 50k nodes.

The graphs follow the kg schema (persons, places, organisations, meetings;
participant, location, affiliation, proposed, agreed, postponed, mediated
edges, each with evidence sentences from a pool of articles), so the page
carries what a real build of that size would carry.

    python bench/viz.py            # one line per size, last line: seconds_50k X
    python bench/viz.py 2000 5000  # other sizes (the last line is then seconds_<last>)
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ID = "https://w3id.org/kg-news/id/"
HEADLINE = ("proposed", "agreed", "postponed")
KINDS = ("meeting", "summit", "phone_call", "talks")
FIRST = ("Anna", "Boris", "Chen", "Dmitry", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemal", "Lena")
LAST = ("Ivanova", "Smith", "Okafor", "Tanaka", "Novak", "Haddad", "Silva", "Kowalski", "Müller", "Rossi")


def synthetic_graph(n_nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """A graph of ``n_nodes`` shaped like a kg build: 40% persons, 20% places, 15% organisations, 25% meetings.

    >>> g = synthetic_graph(100)
    >>> len(g), {d["type"] for _, d in g.nodes(data=True)} == {"Person", "Place", "Organization", "Meeting"}
    (100, True)
    """
    rnd = random.Random(seed)
    counts = {"Person": int(n_nodes * 0.40), "Place": int(n_nodes * 0.20), "Organization": int(n_nodes * 0.15)}
    counts["Meeting"] = n_nodes - sum(counts.values())
    articles = [{"article": f"{i:05d}_synthetic", "title": f"Synthetic article {i}: leaders discuss a summit",
                 "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", "url": f"https://news.example.org/{i}"}
                for i in range(max(5, n_nodes // 40))]
    g = nx.MultiDiGraph()
    ids: dict[str, list[str]] = {}
    for t, k in counts.items():
        ids[t] = [f"{ID}{t.lower()}/{i}" for i in range(k)]
    for i, n in enumerate(ids["Person"]):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}"
        g.add_node(n, type="Person", label=name, aliases=[name.split()[1]])
    for i, n in enumerate(ids["Place"]):
        g.add_node(n, type="Place", label=f"City {i}", aliases=[])
    for i, n in enumerate(ids["Organization"]):
        g.add_node(n, type="Organization", label=f"Ministry {i}", aliases=[])

    def evidence(s: str, p: str, o: str) -> list[dict]:
        out = []
        for _ in range(rnd.choice((1, 1, 2))):
            a = rnd.choice(articles)
            out.append({"sentence": f"{g.nodes[s]['label']} {p} with {g.nodes[o]['label']}, officials said on Friday "
                                    f"according to a report by {a['title'][:20]}.",
                        "speaker": None, **a})
        return out

    def edge(s: str, p: str, o: str) -> None:
        g.add_edge(s, o, key=p, predicate=p, evidence=evidence(s, p, o))

    # a few hub persons take part in many meetings, the rest in one or two: a realistic skew
    persons = ids["Person"]
    hubs = persons[: max(1, len(persons) // 100)]
    for i, m in enumerate(ids["Meeting"]):
        status = rnd.choice(HEADLINE)
        g.add_node(m, type="Meeting", label=f"Meeting {i}", aliases=[], kind=rnd.choice(KINDS),
                   date=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", status=status)
        who = {rnd.choice(hubs) if rnd.random() < 0.3 else rnd.choice(persons) for _ in range(rnd.choice((2, 2, 3)))}
        for p in sorted(who):
            edge(p, "participant", m)
        edge(m, "location", rnd.choice(ids["Place"]))
        edge(sorted(who)[0], status, m)
        if rnd.random() < 0.3:
            edge(sorted(who)[-1], rnd.choice(HEADLINE), m)
        if rnd.random() < 0.1:
            edge(rnd.choice(persons), "mediated", rnd.choice(ids["Place"]))
    for p in persons:
        if rnd.random() < 0.7:
            edge(p, "affiliation", rnd.choice(ids["Organization"] if rnd.random() < 0.6 else ids["Place"]))
    return g


def time_write(n_nodes: int, out_dir: Path) -> tuple[float, int, int, int]:
    """Seconds to write the page for a synthetic graph of ``n_nodes`` (graph generation not timed)."""
    from kg.viz import write_html

    g = synthetic_graph(n_nodes)
    path = out_dir / f"graph-{n_nodes}.html"
    start = time.perf_counter()
    write_html(g, path, title=f"synthetic graph of {n_nodes:,} nodes")
    seconds = time.perf_counter() - start
    return seconds, g.number_of_nodes(), g.number_of_edges(), path.stat().st_size


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1_000, 10_000, 50_000]
    with tempfile.TemporaryDirectory(prefix="kg-bench-viz-") as tmp:
        last = None
        for n in sizes:
            seconds, nodes, edges, size = time_write(n, Path(tmp))
            print(f"viz write_html nodes={nodes} edges={edges} html_mb={size / 1e6:.1f} seconds={seconds:.2f}")
            last = (n, seconds)
    n, seconds = last
    label = "50k" if n == 50_000 else f"{n // 1000}k" if n % 1000 == 0 else str(n)
    print(f"seconds_{label} {seconds:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
