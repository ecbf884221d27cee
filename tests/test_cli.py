"""The kg command as a user types it: build, query, export, eval; bad input and bad queries."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from .conftest import EXAMPLES, GOLD, need


def kg(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli")
    r = kg("build", EXAMPLES, "-o", out)
    assert r.returncode == 0, r.stderr
    return out


def test_build_reports_what_it_wrote(built):
    assert (built / "graph.trig").exists() and (built / "graph.html").exists()


def test_query_table_answers_who_postponed_what(built):
    r = kg("query", "SELECT DISTINCT ?who ?meeting WHERE { ?who kg:postponed ?meeting }", "-g", built)
    assert r.returncode == 0, r.stderr
    assert "kgid:person/donald-trump" in r.stdout and "row" in r.stdout


@pytest.mark.parametrize("fmt, check", [
    ("json", lambda out: json.loads(out)["head"]["vars"] == ["who"]),
    ("csv", lambda out: out.splitlines()[0] == "who"),
])
def test_query_formats(built, fmt, check):
    r = kg("query", "SELECT DISTINCT ?who WHERE { ?who kg:agreed ?x }", "-g", built, "--format", fmt)
    assert r.returncode == 0, r.stderr
    assert check(r.stdout)


def test_query_from_a_file(built, tmp_path):
    q = tmp_path / "q.rq"
    q.write_text("ASK { ?m a kg:Meeting }")
    r = kg("query", q, "-g", built)
    assert r.stdout.strip() == "true"


@pytest.mark.parametrize("query", ["SELECT ?x WHERE { ?x ", "SELEKT * WHERE {}", "SELECT * WHERE { ?s nope:p ?o }"])
def test_malformed_query_gets_the_parser_message_and_exit_2(built, query):
    r = kg("query", query, "-g", built)
    assert r.returncode == 2
    assert r.stderr.startswith("kg: ") and "Traceback" not in r.stderr


def test_query_without_a_graph_says_to_build_first(tmp_path):
    r = kg("query", "ASK {}", "-g", tmp_path / "nothing")
    assert r.returncode == 1 and "kg build" in r.stderr and "Traceback" not in r.stderr


def test_export_turtle_to_a_file(built, tmp_path):
    r = kg("export", "-g", built, "--format", "turtle", "-o", tmp_path / "g.ttl")
    assert r.returncode == 0, r.stderr
    assert "@prefix kg:" in (tmp_path / "g.ttl").read_text()


def test_bad_files_are_reported_by_name_and_the_rest_builds(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(EXAMPLES / "004_f658a7a708eed7e6.txt", corpus)
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (corpus / "latin1.txt").write_bytes("Caf\xe9 talks".encode("latin-1"))
    unreadable = corpus / "locked.txt"
    unreadable.write_text("Putin met Trump.")
    unreadable.chmod(0)
    out = tmp_path / "out"
    r = kg("build", corpus, "-o", out)
    assert r.returncode == 0, r.stderr
    for name in ("empty.txt", "binary.txt", "latin1.txt"):
        assert name in r.stderr
    assert "Traceback" not in r.stderr
    assert "1 article" in r.stdout or "2 article" in r.stdout   # root can still read the locked file
    q = kg("query", "ASK { ?p kg:proposed ?m }", "-g", out)
    assert q.stdout.strip() == "true"


def test_eval_prints_the_scores(built):
    need(GOLD.exists(), f"gold annotations {GOLD} are not present")
    r = kg("eval", "-g", built, "--gold", GOLD, "--show-errors")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1].startswith("relations micro F1") or "relations micro F1" in r.stdout


def _commands():
    from kg.cli import parser

    sub = next(a for a in parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(sub.choices.items())


@pytest.mark.parametrize("name, command", _commands())
def test_every_command_says_what_it_does_with_an_example(name, command):
    text = command.format_help()
    examples = text.split("examples:\n", 1)[1].splitlines() if "examples:\n" in text else []
    assert command.description and examples, f"kg {name} --help needs a description and examples"
    assert all(e.strip().startswith(f"kg {name}") for e in examples if e.strip())
    undocumented = [a.dest for a in command._actions if not a.help]
    assert not undocumented, f"kg {name}: options without help text: {undocumented}"
