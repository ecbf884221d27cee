"""Extraction quality on the development set: articles about other meetings, annotated by someone who had
not read the extractor's rules (eval/dev). The floor pins what has been reached, so a change that loses
ground on unseen articles fails here."""
from __future__ import annotations

import pytest

from kg.evaluate import Predicted, load_gold, score, triples_from_store

from .conftest import DEV

# the dev gold was re-annotated to GUIDELINES v2 (sides and heads, hosts, forum meetings), which moved the
# yardstick (score.py on the same graph went 0.651 -> 0.604); the extractor has since reached 0.707 on it,
# and the floor sits a little under that so a change that loses ground fails here
DEV_RELATION_F1_FLOOR = 0.69
DEV_ENTITY_F1_FLOOR = {"Person": 0.85, "Place": 0.82, "Organization": 0.60}


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory):
    import kg

    graph = kg.build([DEV / "corpus"], out_dir=tmp_path_factory.mktemp("dev"), html=False)
    return score(Predicted(triples_from_store(graph.store), load_gold(DEV / "gold")))


def test_dev_set_is_complete():
    texts = sorted(p.stem for p in (DEV / "corpus").glob("*.txt"))
    golds = sorted(p.stem for p in (DEV / "gold").glob("*.json"))
    assert len(texts) >= 12 and texts == golds


def test_dev_relation_f1_stays_above_the_floor(dev_scores):
    assert dev_scores.relations["micro"]["f1"] >= DEV_RELATION_F1_FLOOR


@pytest.mark.parametrize("entity_type", sorted(DEV_ENTITY_F1_FLOOR))
def test_dev_entity_f1_stays_above_the_floor(dev_scores, entity_type):
    assert dev_scores.entities[entity_type]["f1"] >= DEV_ENTITY_F1_FLOOR[entity_type]


def test_dev_precision_of_the_headline_relations(dev_scores):
    # a wrong "X postponed the summit" costs an analyst more than a missed one
    assert dev_scores.relations["headline"]["precision"] >= 0.70


def test_dev_gold_is_consistent_with_its_articles():
    """Every evidence string is verbatim in its article, every id exists, every type fits (eval/dev/check_gold.py)."""
    import subprocess
    import sys

    r = subprocess.run([sys.executable, str(DEV / "check_gold.py"), str(DEV)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]


EXTRA = DEV.parent / "extra"


def test_extra_gold_passes_the_shared_checks_and_scores_one_against_itself(tmp_path):
    """eval/extra (training articles per WRITING.md): problems 0 in the shared checker, against every
    other gold's names, and F1 1.000 when the gold is scored against itself."""
    import subprocess
    import sys

    from .conftest import SCORER, SHARED, need

    shared = SHARED / "eval"
    need((shared / "check_gold.py").is_file(), f"the shared checker {shared / 'check_gold.py'} is not present")
    r = subprocess.run([sys.executable, str(shared / "check_gold.py"), str(EXTRA / "corpus"), str(EXTRA / "gold"),
                        "--also", str(shared / "gold"), str(shared / "news-train"), str(DEV / "gold")],
                       capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.rstrip().endswith("problems 0"), r.stdout[-2000:] + r.stderr[-2000:]
    ttl = tmp_path / "extra.ttl"
    subprocess.run([sys.executable, str(shared / "gold_to_ttl.py"), str(EXTRA / "gold"), str(ttl)], check=True,
                   capture_output=True)
    out = subprocess.run([sys.executable, str(SCORER), str(ttl), "--gold", str(EXTRA / "gold")],
                         capture_output=True, text=True, check=True).stdout
    assert out.rstrip().endswith("relations micro F1 1.000"), out[-1500:]
