"""kg add / kg remove: the same graph as a full rebuild, idempotent, and whole again after kill -9."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg import incremental
from kg.rdf import article_iri

from .store_fixtures import ARTICLES, LAST, copy_graph, four_built, full_nquads, kg_cli, sorted_nquads  # noqa: F401


def _sha(path: Path) -> str:
    from kg.ingest import read_document

    return read_document(path).sha256


def test_rewrite_from_saved_records_equals_the_build(seed_graph, full_nquads, tmp_path):
    copy_graph(seed_graph.directory, tmp_path / "g")
    assert sorted_nquads(tmp_path / "g") == full_nquads


def test_add_the_fifth_article_equals_a_full_build_of_five(four_built, full_nquads, tmp_path):
    g = copy_graph(four_built, tmp_path / "g")
    graph = incremental.add([LAST], g, html=False)
    assert graph.report.added == [LAST.stem]
    del graph
    assert sorted_nquads(g) == full_nquads


def test_remove_equals_a_full_build_without_the_article(seed_graph, four_built, tmp_path):
    g = copy_graph(seed_graph.directory, tmp_path / "g")
    graph = incremental.remove([LAST.stem], g, html=False)
    assert graph.report.removed == [LAST.stem]
    del graph
    assert sorted_nquads(g) == sorted_nquads(four_built)


def test_the_written_files_match_the_build_too(seed_graph, four_built, tmp_path):
    g = copy_graph(four_built, tmp_path / "g")
    incremental.add([LAST], g, html=False)
    for name in ("graph.trig", "graph.ttl"):
        assert (g / name).read_bytes() == (seed_graph.directory / name).read_bytes(), name


def test_adding_the_same_file_twice_changes_nothing(seed_graph, full_nquads, tmp_path):
    g = copy_graph(seed_graph.directory, tmp_path / "g")
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in g.iterdir() if p.is_file()}
    store_inode = (g / "store").stat().st_ino
    graph = incremental.add([LAST], g, html=False)
    assert graph.report.added == [] and graph.report.unchanged == [LAST.stem]
    del graph
    assert sorted_nquads(g) == full_nquads
    assert (g / "store").stat().st_ino == store_inode  # the store was not even rewritten
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in g.iterdir() if p.is_file()}
    assert after == before


def test_a_copy_under_another_name_is_the_same_article(seed_graph, full_nquads, tmp_path):
    g = copy_graph(seed_graph.directory, tmp_path / "g")
    renamed = tmp_path / "renamed.txt"
    renamed.write_bytes(LAST.read_bytes())
    graph = incremental.add([renamed], g, html=False)
    assert graph.report.unchanged == [LAST.stem] and graph.report.added == []
    del graph
    assert sorted_nquads(g) == full_nquads


def test_remove_then_add_restores_the_same_graph(seed_graph, full_nquads, tmp_path):
    g = copy_graph(seed_graph.directory, tmp_path / "g")
    incremental.remove([ARTICLES[1].stem], g, html=False)
    assert sorted_nquads(g) != full_nquads
    incremental.add([ARTICLES[1]], g, html=False)
    assert sorted_nquads(g) == full_nquads


@pytest.mark.parametrize("ref", ["stem", "file name", "path", "hash prefix", "full hash"])
def test_an_article_can_be_named_several_ways(seed_graph, ref):
    records = incremental.load_records(seed_graph.directory)
    sha = _sha(LAST)
    given = {"stem": LAST.stem, "file name": LAST.name, "path": str(LAST), "hash prefix": sha[:8], "full hash": sha}[ref]
    assert incremental.match_articles([given], records) == {given: sha}


@pytest.mark.parametrize("ref, message", [("no-such-article", "no article in the graph matches"),
                                          ("0", "no article in the graph matches")])
def test_an_unknown_article_is_an_error_that_lists_the_articles(seed_graph, tmp_path, ref, message):
    g = copy_graph(seed_graph.directory, tmp_path / "g")
    with pytest.raises(incremental.IncrementalError, match=message) as e:
        incremental.remove([ref], g, html=False)
    assert LAST.stem in str(e.value)
    assert not (g / incremental.PENDING).exists()


def test_removing_an_article_removes_exactly_its_facts(seed_graph, tmp_path):
    """Its named graph, its metadata and evidence go; entities other articles support stay, with their evidence."""
    g = copy_graph(seed_graph.directory, tmp_path / "g")
    gone = article_iri(_sha(LAST))
    shared = """SELECT DISTINCT ?e WHERE { GRAPH <%s> { ?e a ?t } GRAPH ?other { ?e a ?t } FILTER(?other != <%s>) }""" % (gone, gone)
    survivors = {row["e"].value for row in seed_graph.store.query(shared)}
    assert survivors, "the sample articles share entities (Putin, Trump ...)"
    graph = incremental.remove([LAST.stem], g, html=False)
    q = graph.store.query
    assert not q("ASK { GRAPH <%s> { ?s ?p ?o } }" % gone)
    assert not q("ASK { <%s> ?p ?o }" % gone)
    assert not q("ASK { ?ev prov:wasDerivedFrom <%s> }" % gone)
    for e in survivors:
        assert q("ASK { <%s> a ?t }" % e), e
        assert q("ASK { GRAPH ?g { <%s> a ?t } FILTER(?g != <%s>) }" % (e, gone)), e


def test_a_second_writer_is_told_to_wait(seed_graph, tmp_path):
    g = copy_graph(seed_graph.directory, tmp_path / "g")
    with incremental.locked(g):
        with pytest.raises(incremental.IncrementalError, match="another kg add/remove"):
            incremental.remove([LAST.stem], g, html=False)


def test_add_and_remove_on_the_command_line(seed_graph, full_nquads, tmp_path):
    g = copy_graph(seed_graph.directory, tmp_path / "g")
    r = kg_cli("remove", LAST.stem, "-g", g)
    assert r.returncode == 0, r.stderr
    assert f"1 removed ({LAST.stem})" in r.stdout
    r = kg_cli("add", LAST, "-g", g)
    assert r.returncode == 0, r.stderr
    assert "1 added" in r.stdout and (g / "graph.html").exists()
    assert sorted_nquads(g) == full_nquads
    r = kg_cli("remove", "nothing-like-this", "-g", g)
    assert r.returncode == 1 and r.stderr.startswith("kg: no article in the graph matches") and "Traceback" not in r.stderr


# ------------------------------------------------------------------ kill -9

def _kill_when(proc: subprocess.Popen, g: Path, when: str, delay: float) -> bool:
    """Kill ``proc`` with SIGKILL at a point of its run; True if it was still running then."""
    store_inode = (g / "store").stat().st_ino
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        names = os.listdir(g)
        hit = {
            "parsing": incremental.PENDING in names,  # the marker is written just before spaCy runs
            "loading the new store": any(n.startswith(".store-new-") for n in names),
            "after the swap": (g / "store").exists() and (g / "store").stat().st_ino != store_inode,
        }[when]
        if hit:
            time.sleep(delay)
            break
        time.sleep(0.001)
    still_running = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return still_running


@pytest.mark.parametrize("when, delay", [("parsing", 0.0), ("parsing", 0.4), ("loading the new store", 0.0),
                                         ("after the swap", 0.0), ("after the swap", 0.15)])
def test_kill_9_during_add_then_the_same_add_gives_the_same_graph(four_built, full_nquads, tmp_path, when, delay):
    g = copy_graph(four_built, tmp_path / "g")
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "add", str(LAST), "-g", str(g)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killed = _kill_when(proc, g, when, delay)
    if when == "parsing":
        assert killed, "spaCy takes long enough that the kill lands mid-run"
        assert (g / incremental.PENDING).exists()
    graph = incremental.add([LAST], g, html=False)  # the same add, run again
    assert LAST.stem in graph.report.added + graph.report.unchanged
    del graph
    assert not (g / incremental.PENDING).exists()
    assert not [p for p in g.iterdir() if p.name.startswith(".store-")], "no temporary store is left behind"
    assert sorted_nquads(g) == full_nquads
