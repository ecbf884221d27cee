"""The write step's files are written in a forked child while the store loads: same files, errors raised here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import kg
import kg.api
import kg.pipeline
from kg.folder import PENDING
from kg.pipeline import _can_fork, _in_child, _replace_while
from kg.store import DiskStore

ARTICLE = (
    "Talks set\n\nPresident Maria Santos of Freedonia met Prime Minister Ivan Novak of Sylvania in Geneva on Monday.\n"
)


needs_fork = pytest.mark.skipif(not _can_fork(), reason="forking is not safe here (not Linux)")


@needs_fork
def test_a_childs_result_comes_back():
    assert _in_child(lambda: {"pid": os.getpid()})()["pid"] != os.getpid()


@needs_fork
def test_a_childs_error_is_raised_here():
    def fail():
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        _in_child(fail)()


@needs_fork
def test_an_error_that_does_not_pickle_still_says_what_it_was():
    class Local(Exception):  # a local class: pickle cannot find it by name
        pass

    def fail():
        raise Local("the page")

    with pytest.raises(RuntimeError, match="Local: the page"):
        _in_child(fail)()


def test_the_store_and_the_files_both_finish(tmp_path: Path):
    assert _replace_while(DiskStore(tmp_path), [], True, lambda: 42, lambda: 43) == ([], [42, 43])


def test_a_failing_page_fails_the_build_and_leaves_the_pending_marker(tmp_path: Path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")

    def broken(*_args, **_kw):
        raise ValueError("the page could not be drawn")

    monkeypatch.setattr(kg.pipeline, "_html_from_spool", broken)
    with pytest.raises(ValueError, match="could not be drawn"):
        kg.build([tmp_path / "a.txt"], out_dir=tmp_path / "out")
    assert (tmp_path / "out" / PENDING).exists()
    assert (tmp_path / "out" / "store").is_dir()  # the store's load went on and finished


def test_failing_to_save_the_records_fails_the_build_once_the_graph_is_written(tmp_path: Path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")

    def broken(*_args, **_kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.api, "save_records", broken)  # runs in the child that saves the records
    with pytest.raises(OSError, match="No space left"):
        kg.build([tmp_path / "a.txt"], out_dir=tmp_path / "out")
    assert (tmp_path / "out" / PENDING).exists()
    if _can_fork():  # the records were saved by a child: the graph's own writing went on and finished
        assert (tmp_path / "out" / "graph.trig").is_file()


def test_the_records_a_build_saves_are_those_it_built(tmp_path: Path):
    from kg.folder import load_records, record_bytes

    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    kg.build([tmp_path / "a.txt"], out_dir=tmp_path / "out")
    (rec,) = load_records(tmp_path / "out").values()
    assert rec.doc_id == "a" and rec.entities and rec.meetings
    assert record_bytes(rec) == (tmp_path / "out" / "records" / f"{rec.sha256}.json").read_bytes()


def test_a_build_reports_the_files_the_child_wrote(tmp_path: Path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    graph = kg.build([tmp_path / "a.txt"], out_dir=tmp_path / "out")
    assert sorted(graph.report.outputs) == ["html", "trig", "turtle"]
    for path in graph.report.outputs.values():
        assert Path(path).is_file() and Path(path).stat().st_size > 0


WAITED_FOR = """
import sys, time
from pathlib import Path
import kg.pipeline
from kg.store import DiskStore

tmp, fork = Path(sys.argv[1]), sys.argv[2] == "fork"
done = tmp / "done"


def slow():
    time.sleep(0.3)
    done.write_text("x")
    return 1


def fail():
    raise KeyError("the turtle")


if not fork:
    kg.pipeline._can_fork = lambda: False
assert kg.pipeline._can_fork() is fork
try:
    kg.pipeline._replace_while(DiskStore(tmp), [], True, fail, slow)
except KeyError as e:
    # the other work had finished before the error was raised
    assert "the turtle" in str(e) and done.exists(), (e, done.exists())
    print("waited")
"""


@pytest.mark.parametrize("mode", ["fork", "thread"])
def test_every_work_is_waited_for_when_one_fails(tmp_path: Path, mode: str):
    if mode == "fork" and not sys.platform.startswith("linux"):
        pytest.skip("forking is not safe here (not Linux)")
    # in a fresh interpreter: this one may run other tests' threads, and then kg does not fork
    r = subprocess.run(
        [sys.executable, "-c", WAITED_FOR, str(tmp_path), mode], capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0 and r.stdout.strip() == "waited", r.stdout + r.stderr
