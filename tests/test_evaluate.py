"""kg's own scorer (kg.evaluate, behind `kg eval`) against the shared one (../shared/eval/score.py v2),
on every annotated set, and the error report of `kg eval --show-errors`."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.eval_errors import FN_CAUSES, FP_CAUSES, error_rows, error_table
from kg.evaluate import Predicted, load_gold, score, triples_from_store

from .conftest import DEV, EXAMPLES, GOLD, SCORER, SHARED, need

# set name -> (articles, gold); the seeds are the sample articles of examples/
SETS = {
    "seeds": (EXAMPLES, GOLD),
    "dev": (DEV / "corpus", DEV / "gold"),
    "news-train": (SHARED / "corpus" / "news-train", SHARED / "eval" / "news-train"),
    "news-test": (SHARED / "corpus" / "news-test", SHARED / "eval" / "news-test"),
}


@pytest.fixture(scope="session")
def built_sets(tmp_path_factory, request):
    """Each annotated set built once per session, on first use: name -> KnowledgeGraph."""
    import kg

    cache: dict = {}

    def get(name: str):
        if name not in cache:
            corpus, _ = SETS[name]
            if name == "seeds":
                cache[name] = request.getfixturevalue("seed_graph")
            else:
                cache[name] = kg.build([corpus], out_dir=tmp_path_factory.mktemp(name), html=False)
        return cache[name]

    return get


def shared_scores(graph_dir: Path, gold: Path) -> dict:
    out = subprocess.run([sys.executable, str(SCORER), str(graph_dir / "graph.trig"), "--gold", str(gold), "--json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out[: out.rindex("}") + 1])


@pytest.mark.parametrize("name", sorted(SETS))
def test_kg_eval_agrees_with_the_shared_scorer(built_sets, name):
    corpus, gold = SETS[name]
    need(SCORER.exists(), f"the shared scorer {SCORER} is not present")
    need(corpus.is_dir() and gold.is_dir(), f"the {name} set ({corpus}, {gold}) is not present")
    graph = built_sets(name)
    ours = score(Predicted(triples_from_store(graph.store), load_gold(gold)))
    theirs = shared_scores(graph.directory, gold)
    assert ours.relations == theirs["relations"]
    assert ours.entities == theirs["entities"]


def write_gold(folder: Path, doc: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / (Path(doc["document"]).stem + ".json")).write_text(json.dumps(doc), encoding="utf-8")
    return folder


KG = "https://example.org/kg#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def graph_rows(entities: dict[str, tuple[str, str]], meetings: dict[str, list[str]], relations: list[tuple]) -> list:
    """(s, p, o, is_literal) rows of a tiny graph: entities id -> (type, label), meetings id -> participant ids."""
    rows = []
    for i, (t, lab) in entities.items():
        rows += [(i, RDF_TYPE, KG + t, False), (i, LABEL, lab, True)]
    for m, parts in meetings.items():
        rows.append((m, RDF_TYPE, KG + "Meeting", False))
        rows += [(m, KG + "participant", p, False) for p in parts]
    rows += [(s, KG + p, o, False) for s, p, o in relations]
    return rows


@pytest.fixture()
def tiny_gold(tmp_path):
    """One article: Ann Lee of Utopia proposed talks between Utopia and Ruritania; Bob Roe mediated them;
    a second meeting, Utopia-Elbonia, was postponed by Elbonia."""
    return load_gold(write_gold(tmp_path / "gold", {
        "document": "a1.txt", "published": "2025-01-01",
        "entities": [
            {"id": "ann", "type": "Person", "name": "Ann Lee"},
            {"id": "bob", "type": "Person", "name": "Bob Roe"},
            {"id": "ut", "type": "Place", "name": "Utopia"},
            {"id": "ru", "type": "Place", "name": "Ruritania"},
            {"id": "el", "type": "Place", "name": "Elbonia"},
            {"id": "m1", "type": "Meeting", "name": "talks", "participants": ["ut", "ru"]},
            {"id": "m2", "type": "Meeting", "name": "meeting", "participants": ["ut", "el"]},
        ],
        "relations": [
            {"subject": "ann", "predicate": "affiliation", "object": "ut", "evidence": "x"},
            {"subject": "ut", "predicate": "proposed", "object": "m1", "evidence": "x"},
            {"subject": "bob", "predicate": "mediated", "object": "m1", "evidence": "x"},
            {"subject": "m1", "predicate": "participant", "object": "ut", "evidence": "x"},
            {"subject": "m1", "predicate": "participant", "object": "ru", "evidence": "x"},
            {"subject": "m2", "predicate": "participant", "object": "ut", "evidence": "x"},
            {"subject": "m2", "predicate": "participant", "object": "el", "evidence": "x"},
            {"subject": "el", "predicate": "postponed", "object": "m2", "evidence": "x"},
        ],
    }))


ENTS = {"ann": ("Person", "Ann Lee"), "ut": ("Place", "Utopia"), "ru": ("Place", "Ruritania"),
        "zed": ("Person", "Zed Unknown")}


def test_a_person_stands_for_the_country_they_have_a_role_in(tiny_gold):
    # the meeting of Ann Lee and Ruritania is the Utopia-Ruritania talks; "Ann proposed" is "Utopia proposed"
    pred = Predicted(graph_rows(ENTS, {"m": ["ann", "ru"]}, [("ann", "proposed", "m")]), tiny_gold)
    s = score(pred)
    assert s.relations["proposed"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert s.entities["Meeting"]["tp"] == 1


@pytest.mark.parametrize("relations, meetings, kind, cause", [
    ([], {}, "FN", "no meeting built"),                                         # postponed m2: no meeting m2
    ([("ut", "agreed", "m")], {"m": ["ut", "ru"]}, "FP", "wrong type"),          # agreed where gold says proposed
    ([("zed", "mediated", "m")], {"m": ["ut", "ru"]}, "FP", "entity not in gold"),
    ([("ru", "proposed", "m")], {"m": ["ut", "ru"]}, "FP", "no such relation"),
    ([("ut", "proposed", "m")], {"m": ["ut", "zed"]}, "FP", "wrong meeting / participants"),
])
def test_show_errors_gives_each_error_a_cause(tiny_gold, relations, meetings, kind, cause):
    pred = Predicted(graph_rows(ENTS, meetings, relations), tiny_gold)
    rows = error_rows(pred, score(pred))
    assert any(r.kind == kind and r.cause == cause for r in rows), [(r.kind, r.predicate, r.cause) for r in rows]


def test_show_errors_names_a_missing_agent_and_a_missing_entity(tiny_gold):
    pred = Predicted(graph_rows(ENTS, {"m": ["ut", "ru"]}, []), tiny_gold)
    causes = {(r.predicate, r.cause) for r in error_rows(pred, score(pred)) if r.kind == "FN"}
    assert ("proposed", "missing agent") in causes       # the meeting and Utopia are there, not the proposal
    assert ("mediated", "missing entity") in causes      # Bob Roe is nowhere in the graph


def test_error_table_counts_every_error_once_per_cause(tiny_gold):
    pred = Predicted(graph_rows(ENTS, {"m": ["ut", "ru"]}, [("ru", "proposed", "m")]), tiny_gold)
    s = score(pred)
    rows = error_rows(pred, s)
    for kind, causes in (("FP", FP_CAUSES), ("FN", FN_CAUSES)):
        table = error_table(rows, kind).splitlines()
        assert table[0].split()[-1] == "total" and all(c in table[0] for c in causes)
        assert int(table[-1].split()[-1]) == sum(1 for r in rows if r.kind == kind)
    assert all(r.documents == ["a1"] for r in rows if r.kind == "FN")


def test_kg_eval_show_errors_prints_the_tables_by_document(built_sets):
    corpus, gold = SETS["dev"]
    need(gold.is_dir(), f"the dev gold {gold} is not present")
    graph = built_sets("dev")
    out = subprocess.run([sys.executable, "-m", "kg.cli", "eval", "-g", str(graph.directory), "--gold", str(gold),
                          "--show-errors"], capture_output=True, text=True, check=True).stdout
    s = score(Predicted(triples_from_store(graph.store), load_gold(gold)))
    fp_table = out[out.index("false positives (FP)"):].split("\n\n")[0].splitlines()
    fn_table = out[out.index("misses (FN)"):].split("\n\n")[0].splitlines()
    assert int(fp_table[-1].split()[-1]) == s.relations["micro"]["fp"]
    assert int(fn_table[-1].split()[-1]) == s.relations["micro"]["fn"]
    stems = {p.stem for p in corpus.glob("*.txt")}
    assert {line.split()[0] for line in fn_table[1:-1]} <= stems     # rows are the articles
    assert "== " + sorted(stems)[0] in out
