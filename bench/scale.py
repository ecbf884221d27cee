"""Benchmark: does a build stay linear? ``kg build`` on 1×, 3× and 10× a base corpus of distinct articles.

    python bench/scale.py [--base 100] [--n-process 1] [--keep DIR]

Each build runs as a user runs it (``kg build DIR -o OUT`` in a fresh
process; corpus from ``bench/corpus.py``). Prints, for each size, the
articles, wall seconds, seconds per article and the build's peak resident
memory, then ``time_ratio <s/article at 10× ÷ at 1×>`` and, last,
``rss_ratio <peak RSS at 10× ÷ at 1×>``. A step that grew faster than the
corpus (an all-pairs comparison, a cross-product query, a list scan per
item) shows as a time ratio above 1; holding what was read instead of
what was extracted shows as an RSS ratio near 10.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

FACTORS = (1, 3, 10)


def build(corpus: Path, out: Path, n_process: int) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in bytes) of ``kg build corpus -o out`` in a child process."""
    cmd = [sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(out), "--n-process", str(n_process)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "TQDM_DISABLE": "1"})
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"kg build {corpus} failed with exit code {proc.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024  # Linux reports kilobytes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=int, default=100, help="articles at 1× (default 100)")
    ap.add_argument("--n-process", type=int, default=1, help="kg build --n-process (default 1: one process, its own peak)")
    ap.add_argument("--keep", help="write the corpora and builds here instead of a temporary folder")
    a = ap.parse_args()
    rows = {}
    with tempfile.TemporaryDirectory(prefix="kg-scale-") as tmp:
        root = Path(a.keep or tmp)
        for f in FACTORS:
            n = a.base * f
            corpus = root / f"corpus-{f}x"
            write_corpus(corpus, n)
            seconds, cpu, rss = build(corpus, root / f"out-{f}x", a.n_process)
            rows[f] = (n, seconds, cpu, rss)
            print(f"{f:>2}x  articles {n:6d}  {seconds:8.2f} s  {seconds / n:7.4f} s/article  "
                  f"cpu {cpu / n:7.4f} s/article  peak_rss {rss / 2**20:7.0f} MB  load {os.getloadavg()[0]:.1f}",
                  flush=True)
    (n1, s1, c1, r1), (n10, s10, c10, r10) = rows[1], rows[10]
    # CPU seconds are steadier than wall seconds when other work shares the machine
    print(f"cpu_time_ratio {(c10 / n10) / (c1 / n1):.2f}")
    print(f"time_ratio {(s10 / n10) / (s1 / n1):.2f}")
    print(f"rss_ratio {r10 / r1:.2f}")


if __name__ == "__main__":
    main()
