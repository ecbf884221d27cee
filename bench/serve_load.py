"""Load on ``kg serve``: concurrent loopback clients sending mixed queries to a fresh server.

    python bench/serve_load.py [--clients 16] [--seconds 60] [--graph DIR]

Builds the sample articles (``examples/``) into a temporary folder unless
``--graph`` names a built one, starts ``kg serve`` on a free loopback port
and runs ``--clients`` threads for ``--seconds``, each sending, in turn, a
SELECT (who postponed what, with evidence), a CONSTRUCT, an ASK and a
SERVICE query that must be refused with 403. Nothing leaves 127.0.0.1.

Prints requests per second, the median and 99th-percentile latency per kind
and overall, and the count of errors: a status other than the one expected
(200, or 403 for SERVICE), a malformed answer or a broken connection. The
last line is ``errors N``.
"""
from __future__ import annotations

import argparse
import http.client
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = {
    "select": ("SELECT DISTINCT ?who ?meeting ?sentence WHERE { GRAPH ?g { ?w kg:postponed ?m . ?ev rdf:subject ?w ; "
               "rdf:predicate kg:postponed ; rdf:object ?m ; kg:sentence ?sentence } ?w skos:prefLabel ?who . "
               "?m rdfs:label ?meeting } ORDER BY ?who ?sentence", "text/csv", 200),
    "construct": ("CONSTRUCT { ?a ?p ?b } WHERE { ?a ?p ?b . VALUES ?p { kg:postponed kg:proposed kg:agreed "
                  "kg:mediated kg:participant } }", "text/turtle", 200),
    "ask": ("ASK { ?p kg:postponed ?m }", "application/sparql-results+json", 200),
    "service": ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "text/csv", 403),
}


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of ``values``, nearest rank.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50), percentile([1.0, 2.0, 3.0, 4.0], 99)
    (2.0, 4.0)
    """
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5 - 1e-9)))
    return ordered[rank - 1]


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {k: [] for k in QUERIES}
        self.errors: list[str] = []

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")


def client(port: int, until: float, results: Results, offset: int) -> None:
    kinds = list(QUERIES)
    i = offset
    while time.monotonic() < until:
        kind = kinds[i % len(kinds)]
        i += 1
        query, accept, expected = QUERIES[kind]
        started = time.monotonic()
        error = None
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("POST", "/query", body=urlencode({"query": query}),
                         headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
            resp = conn.getresponse()
            body = resp.read()
            conn.close()
            if resp.status != expected:
                error = f"status {resp.status}: {body[:120]!r}"
            elif expected == 200 and not body:
                error = "empty answer"
        except (OSError, http.client.HTTPException) as e:
            error = f"{type(e).__name__}: {e}"
        results.record(kind, time.monotonic() - started, error)


def start_server(graph: Path) -> tuple[subprocess.Popen, int]:
    from kg.serve import free_port, wait_listening

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "-g", str(graph), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    wait_listening(port, proc, 120)
    return proc, port


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--graph", help="a folder built by `kg build` (default: the sample articles, built now)")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-serve-load-") as tmp:
        graph = Path(a.graph) if a.graph else Path(tmp) / "graph"
        if not a.graph:
            subprocess.run([sys.executable, "-m", "kg.cli", "build", str(ROOT / "examples"), "-o", str(graph)],
                           check=True, capture_output=True, cwd=ROOT, timeout=600)
        proc, port = start_server(graph)
        try:
            results = Results()
            started = time.monotonic()
            until = started + a.seconds
            threads = [threading.Thread(target=client, args=(port, until, results, i)) for i in range(a.clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=a.seconds + 120)
            elapsed = time.monotonic() - started
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    every = [s for values in results.latency.values() for s in values]
    print(f"clients {a.clients}, {elapsed:.1f} s, {len(every)} requests")
    for kind, values in results.latency.items():
        if values:
            print(f"{kind:10} n={len(values):6}  p50 {percentile(values, 50) * 1000:7.1f} ms  "
                  f"p99 {percentile(values, 99) * 1000:7.1f} ms")
    for line in sorted(set(results.errors))[:10]:
        print(f"error: {line}")
    print(f"requests/s {len(every) / elapsed:.1f}")
    print(f"p50 {percentile(every, 50) * 1000:.1f} ms")
    print(f"p99 {percentile(every, 99) * 1000:.1f} ms")
    print(f"mean {statistics.fmean(every) * 1000:.1f} ms")
    print(f"errors {len(results.errors)}")
    return 0 if not results.errors else 1


if __name__ == "__main__":
    sys.exit(main())
