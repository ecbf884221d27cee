"""The benchmarks still run: a tiny graph through bench/sparql.py gives the engines' agreement and its ratio lines.

How fast kg is is the benchmark's business (its figures are in the README);
this only keeps the script from rotting.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_sparql_bench_runs_and_ends_with_the_ratio():
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "sparql.py"), "--scale", "0.01", "--repeat", "1"],
                         capture_output=True, text=True, timeout=300, check=True).stdout
    lines = out.strip().splitlines()
    assert re.fullmatch(r"ratio_on_disk \d+(\.\d+)?", lines[-2])
    assert re.fullmatch(r"ratio \d+(\.\d+)?", lines[-1])
    for query in ("postponed", "evidence", "neighbourhood", "per-place", "mediators"):
        assert any(line.startswith(query) for line in lines), query


def test_serve_load_bench_runs_and_ends_with_no_errors(seed_graph):
    """A short run of bench/serve_load.py (the README's figures come from 16 clients for 60 s)."""
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "serve_load.py"), "--clients", "4", "--seconds", "3",
                          "--graph", str(seed_graph.directory)], capture_output=True, text=True, timeout=300).stdout
    lines = out.strip().splitlines()
    assert re.fullmatch(r"requests/s \d+(\.\d+)?", lines[-5]) and lines[-3].startswith("p99 ")
    assert lines[-1] == "errors 0", out
