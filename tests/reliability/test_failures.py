"""Item 10: every user-facing failure is one line that says what to do; a killed export leaves no temporary
file behind once the next write runs."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from kg import cli
from kg.folder import TMP_SUFFIX, atomic_write

from ..store_fixtures import kg_cli


def one_line(stderr: str) -> bool:
    return "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1 and stderr.startswith("kg: ")


@pytest.mark.parametrize("target", ["/proc/kg-export/graph.ttl", "/proc/self/graph.ttl", "{file}/graph.ttl"])
def test_an_export_that_cannot_be_written_fails_in_one_line(seed_graph, tmp_path, target):
    (tmp_path / "a-file").write_text("x")
    r = kg_cli("export", "--format", "turtle", "-g", seed_graph.directory, "-o",
               target.format(file=tmp_path / "a-file"))
    assert r.returncode == 1 and one_line(r.stderr), r.stderr
    assert "cannot" in r.stderr or "check" in r.stderr


def test_a_disk_full_while_exporting_fails_in_one_line(seed_graph, tmp_path, monkeypatch, capsys):
    def full(*_args, **_kw):
        raise OSError(28, "No space left on device", str(tmp_path / "g.ttl"))

    monkeypatch.setattr(os, "fsync", full)
    code = cli.main(["export", "--format", "turtle", "-g", str(seed_graph.directory), "-o", str(tmp_path / "g.ttl")])
    err = capsys.readouterr().err
    assert code == 1 and one_line(err) and "No space left" in err and "free disk space" in err
    assert not list(tmp_path.glob(f"*{TMP_SUFFIX}")) and not (tmp_path / "g.ttl").exists()


def test_an_error_while_results_are_read_fails_in_one_line(seed_graph, monkeypatch, capsys):
    import kg.graph

    def broken(*_args, **_kw):
        raise RuntimeError("the storage went away")

    monkeypatch.setattr(kg.graph, "format_result", broken)
    code = cli.main(["query", "ASK { ?s ?p ?o }", "-g", str(seed_graph.directory)])
    err = capsys.readouterr().err
    assert code == 2 and one_line(err) and "while its results were read" in err


def test_an_unexpected_error_is_one_line_unless_kg_debug(seed_graph, monkeypatch, capsys):
    monkeypatch.setattr(cli, "cmd_query", lambda a: (_ for _ in ()).throw(KeyError("boom")))
    parser = cli.parser()
    monkeypatch.setattr(cli, "parser", lambda: parser)
    for action in parser._subparsers._group_actions[0].choices.values():  # route `query` to the failing command
        if action.prog.endswith(" query"):
            action.set_defaults(func=cli.cmd_query)
    code = cli.main(["query", "ASK {}", "-g", str(seed_graph.directory)])
    err = capsys.readouterr().err
    assert code == 1 and one_line(err) and "KG_DEBUG=1" in err


def test_kill_9_mid_export_leaves_no_temporary_file_after_the_next_write(tmp_path):
    target = tmp_path / "graph.ttl"
    code = ("import time, sys\nfrom kg.folder import atomic_write\n"
            "def chunks():\n    yield b'x' * 1000\n    print('writing', flush=True)\n    time.sleep(60)\n    yield b'y'\n"
            f"atomic_write({str(target)!r}, chunks())\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        assert list(tmp_path.glob(f".graph.ttl.{proc.pid}.*{TMP_SUFFIX}")), "the writer's temporary file exists"
        atomic_write(tmp_path / "other.ttl", b"z")   # another file's write leaves a live writer's file alone
        assert list(tmp_path.glob(f".graph.ttl.{proc.pid}.*{TMP_SUFFIX}"))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    time.sleep(0.1)
    atomic_write(target, b"done")  # the next write of the file removes the dead writer's temporary
    assert target.read_bytes() == b"done"
    assert not list(tmp_path.glob(f"*{TMP_SUFFIX}")) and sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl",
                                                                                                    "other.ttl"]
