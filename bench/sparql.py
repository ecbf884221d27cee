"""Benchmark: analyst SPARQL queries on kg's store (pyoxigraph) against rdflib's in-memory Graph.

    python bench/sparql.py [--scale 1.0] [--repeat 2] [--seed 7]

Generates a synthetic graph of kg's own schema with about a million triples
(``--scale 1``): people, places and organisations, meetings with their
participants, places, dates and kinds, affiliations, who proposed, agreed to,
postponed or mediated which meeting, and a ``kg:Evidence`` node (sentence,
offsets, article) for every such statement, each article its own named graph.
It loads the same quads into kg's store (``kg.store.write_store``, queried
like ``kg query``: project prefixes, the merged default graph) and the
same triples into an rdflib ``Graph``, then runs a fixed suite:

  postponed     who postponed which meeting, with names, labels and dates
  evidence      the sentences and articles behind a hub person's postponements
  neighbourhood the 2-hop neighbourhood of the hub person over kg's relations
  per-place     meetings per place, grouped and sorted
  mediators     mediators of meetings whose participants share an affiliation

kg's store is measured two ways: on disk, as ``kg query`` opens it for one
query, and copied into memory (``kg.open_graph(DIR, in_memory=True)``), as a
notebook or script that runs many queries opens it. The in-memory copy is the
like-for-like comparison with rdflib's in-memory ``Graph``; on disk, RocksDB
lookups take most of the time. kg's in-memory copy (``kg.memory_copy``) is
the whole store inserted in N-Quads line order plus the default graph on its
own; these five queries name no graph, so they read the latter, which holds
the same triples as rdflib's ``Graph``.

A third way is over HTTP: ``kg serve`` on the same folder (it answers from
an in-memory copy when the store fits), each query POSTed to ``/query`` as a
client would, the TSV answer read to the end: parsing and checking the
query, the engine, serialising and the HTTP exchange are all on the clock.

Each query runs ``--repeat`` times on each engine and the best time counts;
all engines must return the same number of rows. rdflib is the slow side:
with the default scale its part takes a minute or two. The last three lines
are ``ratio_serve <rdflib total ÷ kg serve total>``,
``ratio_on_disk <rdflib total ÷ kg on-disk total>`` and
``ratio <rdflib total ÷ kg in-memory total>``.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.rdf import DCT, ID, KG, KIND, PREFIXES, PROV, RDF, RDFS, SKOS, XSD  # noqa: E402
from kg.store import OxigraphStore, write_store  # noqa: E402

HUB = f"{ID}person/p0"
KINDS = ("summit", "meeting", "talks", "phone_call", "visit")
STATUS = ("proposed", "agreed", "postponed")
RELATIONS = ("participant", "location", "affiliation", "proposed", "agreed", "postponed", "mediated")
STEP = "|".join(f"kg:{p}|^kg:{p}" for p in RELATIONS)

QUERIES = {
    "postponed": """
SELECT ?who ?name ?meeting ?label ?date WHERE {
  ?who kg:postponed ?meeting ; rdfs:label ?name .
  ?meeting rdfs:label ?label ; kg:date ?date .
} ORDER BY ?date ?who ?meeting""",
    "evidence": f"""
SELECT ?meeting ?sentence ?article WHERE {{
  ?ev a kg:Evidence ; rdf:subject <{HUB}> ; rdf:predicate kg:postponed ; rdf:object ?meeting ;
      kg:sentence ?sentence ; prov:wasDerivedFrom ?article .
}} ORDER BY ?meeting ?article""",
    "neighbourhood": f"""
SELECT DISTINCT ?n ?label WHERE {{
  <{HUB}> ({STEP})/({STEP}) ?n .
  ?n rdfs:label ?label .
  FILTER(?n != <{HUB}>)
}}""",
    "per-place": """
SELECT ?place ?name (COUNT(DISTINCT ?m) AS ?meetings) WHERE {
  ?m a kg:Meeting ; kg:location ?place .
  ?place rdfs:label ?name .
} GROUP BY ?place ?name ORDER BY DESC(?meetings) ?name""",
    "mediators": """
SELECT DISTINCT ?mediator ?meeting ?org WHERE {
  ?mediator kg:mediated ?meeting .
  ?meeting kg:participant ?a , ?b .
  FILTER(STR(?a) < STR(?b))
  ?a kg:affiliation ?org .
  ?b kg:affiliation ?org .
}""",
}


# ------------------------------------------------------------------ the synthetic graph

def _iri(s: str) -> str:
    return f"<{s}>"


def _lit(value, datatype: str | None = None) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"' + (f"^^<{datatype}>" if datatype else "")


def generate(scale: float, seed: int) -> Iterator[tuple[str, str, str, str | None]]:
    """Quads (N-Triples terms; graph None for the default graph) of a kg-shaped news graph.

    Participation is skewed (a few people are in many meetings), as in news.
    Like kg's build, the default graph is the merged graph: every statement of
    an article graph is also there once (here the evidence too, so that the
    suite's queries read one graph on every engine, as rdflib's union does).
    """
    for s, p, o, g in _article_graphs(scale, seed):
        yield s, p, o, g
        if g is not None:
            yield s, p, o, None  # each statement is in exactly one article graph: no duplicates


def _article_graphs(scale: float, seed: int) -> Iterator[tuple[str, str, str, str | None]]:
    """The article metadata (default graph) and the article graphs of the synthetic corpus."""
    rng = random.Random(seed)
    n_people, n_places, n_orgs = int(20_000 * scale), int(2_000 * scale), int(1_000 * scale)
    n_meetings, n_articles = int(40_000 * scale), int(5_000 * scale)
    a, label, pref = _iri(RDF + "type"), _iri(RDFS + "label"), _iri(SKOS + "prefLabel")
    people = [_iri(f"{ID}person/p{i}") for i in range(n_people)]
    places = [_iri(f"{ID}place/l{i}") for i in range(n_places)]
    orgs = [_iri(f"{ID}organization/o{i}") for i in range(n_orgs)]
    articles = [_iri(f"{ID}article/a{i}") for i in range(n_articles)]
    cum, total = [], 0.0
    for i in range(n_people):  # Zipf-like weights: p0 is the hub
        total += 1.0 / (i + 1) ** 0.8
        cum.append(total)

    for i, doc in enumerate(articles):
        yield doc, a, _iri(KG + "Article"), None
        yield doc, _iri(DCT + "identifier"), _lit(f"article-{i}"), None
        yield doc, _iri(DCT + "title"), _lit(f"Talks and summits, part {i}"), None
        yield doc, _iri(DCT + "issued"), _lit(f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", XSD + "date"), None

    def home(i: int) -> str:  # the article that first mentions an entity
        return articles[i % n_articles]

    for kind, nodes, word in (("Person", people, "Person"), ("Place", places, "Place"), ("Organization", orgs, "Org")):
        for i, node in enumerate(nodes):
            g = home(i)
            yield node, a, _iri(KG + kind), g
            yield node, label, _lit(f"{word} {i}"), g
            yield node, pref, _lit(f"{word} {i}"), g

    evidence = 0

    def stated(s: str, p: str, o: str, g: str) -> Iterator[tuple[str, str, str, str]]:
        nonlocal evidence
        ev = _iri(f"{ID}evidence/e{evidence}")
        evidence += 1
        start = rng.randrange(0, 5_000)
        yield s, p, o, g
        yield ev, a, _iri(KG + "Evidence"), g
        yield ev, _iri(RDF + "subject"), s, g
        yield ev, _iri(RDF + "predicate"), p, g
        yield ev, _iri(RDF + "object"), o, g
        yield ev, _iri(KG + "sentence"), _lit(f"Sentence {evidence} says so."), g
        yield ev, _iri(KG + "startOffset"), _lit(start, XSD + "integer"), g
        yield ev, _iri(KG + "endOffset"), _lit(start + 40, XSD + "integer"), g
        yield ev, _iri(PROV + "wasDerivedFrom"), g, g

    for i, person in enumerate(people):
        if rng.random() < 0.8:
            yield person, _iri(KG + "affiliation"), rng.choice(orgs), home(i)

    for i in range(n_meetings):
        m, g = _iri(f"{ID}meeting/m{i}"), rng.choice(articles)
        kind = rng.choice(KINDS)
        parts = set(rng.choices(people, cum_weights=cum, k=rng.choice((2, 2, 2, 3, 4))))
        yield m, a, _iri(KG + "Meeting"), g
        yield m, label, _lit(f"{kind} {i}"), g
        yield m, _iri(KG + "kind"), _iri(KIND + kind), g
        yield m, _iri(KG + "date"), _lit(f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", XSD + "date"), g
        yield m, _iri(KG + "status"), _lit(rng.choice(STATUS)), g
        for p in sorted(parts):
            yield m, _iri(KG + "participant"), p, g
        yield m, _iri(KG + "location"), rng.choice(places), g
        for _ in range(rng.choice((0, 1, 1, 2))):
            who = rng.choice(sorted(parts))
            yield from stated(who, _iri(KG + rng.choice(STATUS)), m, g)
        if rng.random() < 0.25:
            yield from stated(rng.choice(people), _iri(KG + "mediated"), m, g)


def nquads(quads) -> bytes:
    return "".join(f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n" for s, p, o, g in quads).encode("utf-8")


# ------------------------------------------------------------------ the two engines

def _term(text: str, cache: dict):
    """An rdflib term from the N-Triples text :func:`generate` writes (IRIs are cached: they repeat)."""
    import rdflib

    if text[0] == "<":
        term = cache.get(text)
        if term is None:
            term = cache[text] = rdflib.URIRef(text[1:-1])
        return term
    value, _, datatype = text[1:].rpartition('"')
    value = value.replace('\\"', '"').replace("\\\\", "\\")
    return rdflib.Literal(value, datatype=rdflib.URIRef(datatype[3:-1]) if datatype else None)


def load_rdflib(quads: list):
    """The union of all graphs in an rdflib in-memory Graph (rdflib's fastest setting for these queries).

    The terms are made directly, not parsed: rdflib's N-Quads parser would
    take minutes and that is not what is measured.
    """
    import rdflib

    g = rdflib.Graph()
    cache: dict = {}
    for s, p, o, _ in quads:
        g.add((_term(s, cache), _term(p, cache), _term(o, cache)))
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, replace=True)
    return g


def run_kg(store: OxigraphStore, q: str) -> int:
    return sum(1 for _ in store.query(q))


def run_rdflib(graph, q: str) -> int:
    from rdflib.namespace import Namespace

    return sum(1 for _ in graph.query(q, initNs={p: Namespace(ns) for p, ns in PREFIXES.items()}))


class Served:
    """``kg serve`` on a graph folder, in a child process, queried over HTTP like any SPARQL client."""

    def __init__(self, graph_dir: Path):
        import subprocess

        cmd = [sys.executable, "-m", "kg.cli", "serve", "-g", str(graph_dir), "--port", "0",
               "--max-rows", str(10**9), "--timeout", "600"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()  # "kg serve: http://127.0.0.1:PORT/ ..." once it listens
        if "http://" not in line:
            self.close()
            raise SystemExit(f"kg serve did not start: {line!r}")
        self.url = line.split("http://", 1)[1].split("/", 1)[0]

    def rows(self, q: str) -> int:
        import http.client
        import urllib.parse

        host, port = self.url.rsplit(":", 1)
        conn = http.client.HTTPConnection(host, int(port), timeout=600)
        conn.request("POST", "/query", urllib.parse.urlencode({"query": q}),
                     {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/tab-separated-values"})
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        if resp.status != 200:
            raise SystemExit(f"kg serve answered {resp.status}: {body[:300]!r}")
        return body.count(b"\n") - 1  # the header line

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def best(fn, repeat: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        rows = fn()
        times.append(time.perf_counter() - t0)
    return min(times), rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="graph size (1.0: about a million triples)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each query per engine; the best counts")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()

    t0 = time.perf_counter()
    quads = list(generate(a.scale, a.seed))
    data = nquads(quads)
    print(f"generated {len(quads)} quads of kg's schema in {time.perf_counter() - t0:.1f} s", flush=True)

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        t0 = time.perf_counter()
        write_store(tmp, data)
        disk = OxigraphStore.open(tmp, read_only=True)
        print(f"kg store on disk: {len(disk)} quads bulk-loaded in {time.perf_counter() - t0:.1f} s", flush=True)
        t0 = time.perf_counter()
        memory = OxigraphStore.open(tmp, in_memory=True)
        print(f"kg store in memory: {len(memory)} quads copied from disk in {time.perf_counter() - t0:.1f} s", flush=True)
        t0 = time.perf_counter()
        graph = load_rdflib(quads)
        print(f"rdflib Graph in memory: {len(graph)} triples loaded in {time.perf_counter() - t0:.1f} s", flush=True)
        del data, quads
        t0 = time.perf_counter()
        served = Served(tmp)
        served.rows("ASK { ?s ?p ?o }")
        print(f"kg serve: listening and answering in {time.perf_counter() - t0:.1f} s", flush=True)

        print(f"\n{'query':14} {'rows':>7} {'kg disk s':>10} {'kg mem s':>9} {'serve s':>8} {'rdflib s':>9} "
              f"{'disk x':>7} {'mem x':>7} {'serve x':>7}")
        totals = {"disk": 0.0, "memory": 0.0, "serve": 0.0, "rdflib": 0.0}
        try:
            for name, q in QUERIES.items():
                t_disk, rows_disk = best(lambda: run_kg(disk, q), a.repeat)
                t_mem, rows_mem = best(lambda: run_kg(memory, q), a.repeat)
                t_srv, rows_srv = best(lambda: served.rows(q), a.repeat)
                t_rdf, rows_rdf = best(lambda: run_rdflib(graph, q), a.repeat)
                if not rows_disk == rows_mem == rows_srv == rows_rdf:
                    raise SystemExit(f"{name}: kg returned {rows_disk} rows on disk, {rows_mem} in memory, "
                                     f"{rows_srv} over kg serve, rdflib {rows_rdf}; the engines disagree")
                for k, t in (("disk", t_disk), ("memory", t_mem), ("serve", t_srv), ("rdflib", t_rdf)):
                    totals[k] += t
                print(f"{name:14} {rows_disk:>7} {t_disk:>10.3f} {t_mem:>9.3f} {t_srv:>8.3f} {t_rdf:>9.3f} "
                      f"{t_rdf / t_disk:>7.1f} {t_rdf / t_mem:>7.1f} {t_rdf / t_srv:>7.1f}", flush=True)
        finally:
            served.close()
        print(f"{'total':14} {'':>7} {totals['disk']:>10.3f} {totals['memory']:>9.3f} {totals['serve']:>8.3f} "
              f"{totals['rdflib']:>9.3f}")
        print(f"ratio_serve {totals['rdflib'] / totals['serve']:.1f}")
        print(f"ratio_on_disk {totals['rdflib'] / totals['disk']:.1f}")
        print(f"ratio {totals['rdflib'] / totals['memory']:.1f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
