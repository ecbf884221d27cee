"""Item 5: every writer of a graph folder takes its lock; the second is refused with who holds it, and the
first one's result stands whole."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.folder import HOLDER
from kg.store import OxigraphStore

from ..conftest import EXAMPLES
from ..store_fixtures import kg_cli, stop

ARTICLES = sorted(EXAMPLES.glob("*.txt"))


def start_build(out: Path, *paths: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", *map(str, paths), "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until it holds the lock (it has written who it is)
        try:
            holder = (out / HOLDER).read_text()
        except FileNotFoundError:
            holder = ""
        if f"PID {proc.pid}" in holder:
            return proc
        if proc.poll() is not None:
            raise AssertionError(f"the first build ended early: {proc.stderr.read()}")
        time.sleep(0.05)
    stop(proc)
    raise AssertionError("the first build never took the lock")


@pytest.mark.parametrize("second", ["build", "add", "remove"])
def test_a_second_writer_is_refused_with_who_holds_the_lock(tmp_path, second):
    out = tmp_path / "out"
    first = start_build(out, *ARTICLES)
    try:
        args = {"build": ["build", ARTICLES[0], "-o", out], "add": ["add", ARTICLES[0], "-g", out],
                "remove": ["remove", ARTICLES[0].stem, "-g", out]}[second]
        r = kg_cli(*args, timeout=120)
        still_running = first.poll() is None
        _, err = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            stop(first)
    assert still_running, "the first build ended before the second writer tried: the test proved nothing"
    assert r.returncode != 0 and f"locked by PID {first.pid}" in r.stderr and "started at" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert first.returncode == 0, err
    store = OxigraphStore.open(out, read_only=True)  # the first writer's graph is whole: all five articles
    assert len(list(store.query("SELECT DISTINCT ?a WHERE { ?a a kg:Article }"))) == len(ARTICLES)
