"""`kg train` / `python -m kg.train`: the linker is fitted from gold, deterministically, never from news-test."""

from __future__ import annotations

import json

import pytest

from kg.train import choose_threshold, fit, label, read_gold, train

from .conftest import EXAMPLES, GOLD, need


def test_training_twice_on_the_same_gold_writes_the_same_weights(tmp_path):
    need(GOLD.is_dir(), f"{GOLD} is missing (the shared gold sits beside the checkout)")
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    train([(EXAMPLES, GOLD)], a, min_precision=0.5)
    train([(EXAMPLES, GOLD)], b, min_precision=0.5)
    assert a.read_bytes() == b.read_bytes()
    model = json.loads(a.read_text())
    assert 1 <= model["trained_on"]["documents"] <= 5 and 0.0 <= model["threshold"] <= 1.0


def test_training_refuses_the_test_set(tmp_path):
    with pytest.raises(SystemExit, match="news-test"):
        train([(tmp_path / "news-test", tmp_path / "gold")], tmp_path / "w.json")


def test_a_feature_seen_only_with_true_candidates_gets_a_positive_weight():
    model = fit([{"a": 1.0}, {"b": 1.0}] * 20, [1, 0] * 20, epochs=300)
    assert model["weights"]["a"] > 0 > model["weights"]["b"]


def test_no_threshold_reaching_the_precision_floor_keeps_nothing():
    assert choose_threshold([0.9, 0.6], [0, 1], 0.9) == 1.0


def test_gold_labels_follow_the_scorer_a_person_stands_for_their_country(tmp_path, nlp):
    """A candidate "Soto agreed" to a meeting is true when the gold says Chile (her country) agreed."""
    gold = tmp_path / "g.json"
    gold.write_text(
        json.dumps(
            {
                "document": "g.txt",
                "entities": [
                    {"id": "soto", "type": "Person", "name": "Ana Soto"},
                    {"id": "lima", "type": "Person", "name": "Paulo Lima"},
                    {"id": "chile", "type": "Place", "name": "Chile"},
                    {"id": "m", "type": "Meeting", "name": "m", "participants": ["soto", "lima"]},
                ],
                "relations": [
                    {"subject": "soto", "predicate": "affiliation", "object": "chile", "evidence": "x"},
                    {"subject": "chile", "predicate": "agreed", "object": "m", "evidence": "x"},
                ],
            }
        )
    )
    from kg.nlp.linker import Candidate
    from kg.records import Evidence, Meeting, Relation

    doc = nlp("Chilean Foreign Minister Ana Soto and Paulo Lima met. Soto agreed.")
    table = doc._.kg_table
    soto, lima = table._id("Person", "Ana Soto"), table._id("Person", "Paulo Lima")
    doc._.kg_meetings = [Meeting("m1", "meeting", [soto, lima])]
    rel = Relation(soto, "agreed", "m1", Evidence("", 0, 1, "x"))
    doc._.kg_candidates = [Candidate(rel, "nearby", {"how=nearby": 1.0})]
    assert label(doc, read_gold(gold)) == [({"how=nearby": 1.0}, 1)]
