"""A meeting's life over time: dated status events per article, the derived status, the merged default graph,
`kg timeline` and `kg contradictions`, on the sample articles and on short texts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.records import Evidence
from kg.status import StatusEvent, contradictions, current_status, detect, stated_date
from kg.timeline import contradictions as graph_contradictions
from kg.timeline import timelines

BUDAPEST = "Trump–Putin summit in Budapest"
DOCS = {
    "000": "000_168c087ca73c061d",
    "001": "001_1d3b3ea1e1132731",
    "002": "002_aac88914ca5b15bd",
    "003": "003_17fd3ca9ceb45d32",
    "004": "004_f658a7a708eed7e6",
}


def _kg(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=timeout)


# ------------------------------------------------------------------ status per article


def test_no_article_graph_states_a_status(seed_graph):
    rows = seed_graph.query("SELECT ?g ?s WHERE { GRAPH ?g { ?m kg:status ?s } }")
    assert list(rows) == []


def test_an_article_graph_holds_only_the_status_events_it_reports(seed_graph):
    # each event's sentence is a sentence of the article whose graph holds it
    rows = seed_graph.query("""SELECT ?id ?sentence WHERE { GRAPH ?g { ?e a kg:StatusEvent ; kg:sentence ?sentence ;
                               prov:wasDerivedFrom ?g } ?g dct:identifier ?id }""")
    from .conftest import EXAMPLES

    texts = {p.stem: " ".join(p.read_text(encoding="utf-8").split()) for p in EXAMPLES.glob("*.txt")}
    n = 0
    for r in rows:
        assert " ".join(r["sentence"].value.split())[:60] in texts[r["id"].value]
        n += 1
    assert n >= 15


def test_the_article_before_any_postponement_reports_none(seed_graph):
    # 004 (17 October) reports the proposal and the agreement, not the later postponement
    rows = seed_graph.query(
        """SELECT ?s WHERE { GRAPH ?g { ?e kg:newStatus ?s } ?g dct:identifier "%s" }""" % DOCS["004"]
    )
    assert "postponed" not in {r["s"].value for r in rows}


def test_the_current_status_is_derived_from_the_events_latest_first(seed_graph):
    rows = seed_graph.query("SELECT ?label ?s WHERE { ?m kg:status ?s ; rdfs:label ?label }")
    assert {r["label"].value: r["s"].value for r in rows} == {
        BUDAPEST: "postponed",
        "Trump–Putin phone call (2025-10-16)": "held",
        "Orban–Putin phone call": "held",
        "Trump–Putin meeting in Anchorage (--08-15)": "held",
    }


def test_status_events_are_dated_with_owl_time_instants(seed_graph):
    rows = seed_graph.query("""SELECT ?status ?day WHERE { GRAPH ?g {
        ?e kg:meeting ?m ; kg:newStatus ?status ; time:hasTime ?t . ?t a time:Instant ; time:inXSDDate ?day } }
        ORDER BY ?day ?status""")
    got = [(r["status"].value, r["day"].value) for r in rows]
    assert ("held", "2025-10-16") in got and ("proposed", "2025-10-17") in got and ("postponed", "2025-10-26") in got


def test_an_event_has_its_agent_speaker_article_and_evidence(seed_graph):
    rows = seed_graph.query("""SELECT ?agent ?speaker ?id ?quoted WHERE { GRAPH ?g {
        ?e kg:newStatus "postponed" ; prov:wasAssociatedWith ?a ; prov:wasAttributedTo ?sp ; kg:evidence ?ev .
        ?ev kg:sentence ?quoted . ?a skos:prefLabel ?agent . ?sp skos:prefLabel ?speaker } ?g dct:identifier ?id }""")
    got = {(r["agent"].value, r["speaker"].value, r["id"].value) for r in rows}
    assert ("Donald Trump", "Dmitry Peskov", DOCS["000"]) in got


# ------------------------------------------------------------------ one row per fact


@pytest.mark.parametrize(
    "query, expected",
    [
        ("SELECT (COUNT(*) AS ?n) WHERE { ?m a kg:Meeting }", 6),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?who kg:postponed ?m }", 2),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?p a kg:Person }", 10),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?m kg:participant ?p }", 12),
    ],
)
def test_the_default_graph_holds_each_fact_once(seed_graph, query, expected):
    assert int(next(iter(seed_graph.query(query)))["n"].value) == expected


def test_the_readme_query_without_distinct_gives_no_repeated_rows(seed_graph):
    rows = [tuple(t.value for t in r) for r in seed_graph.query("SELECT ?who ?m WHERE { ?who kg:postponed ?m }")]
    assert len(rows) == len(set(rows)) == 2


def test_the_article_graphs_still_say_which_article_states_a_fact(seed_graph):
    rows = seed_graph.query("SELECT ?g WHERE { GRAPH ?g { ?who kg:postponed ?m } }")
    assert len(list(rows)) >= 5


@pytest.mark.parametrize(
    "node, label",
    [
        ("kind:summit", "summit"),
        ("kind:phone_call", "phone call"),
        ("kg:Meeting", "Meeting"),
        ("kg:postponed", "postponed"),
    ],
)
def test_the_ontologys_labels_are_in_the_store(seed_graph, node, label):
    rows = seed_graph.query(f"SELECT ?l WHERE {{ {node} skos:prefLabel|rdfs:label ?l }}")
    assert label in {r["l"].value for r in rows}


# ------------------------------------------------------------------ timeline


def test_the_budapest_summits_timeline_lists_proposal_agreement_and_postponement_in_date_order(seed_graph):
    (t,) = timelines(seed_graph.store, "Budapest")
    assert t.label == BUDAPEST and t.status == "postponed"
    dated = [(e.date, e.what, e.agent, e.article) for e in t.events if e.date]
    assert dated == [
        ("2025-10-17", "proposed", "Donald Trump", DOCS["004"]),
        ("2025-10-17", "agreed", "Vladimir Putin", DOCS["004"]),
        ("--10-22", "postponed", "Donald Trump", DOCS["002"]),
        ("--10-22", "cancelled", "Donald Trump", DOCS["002"]),
        ("2025-10-26", "postponed", "Donald Trump", DOCS["000"]),
        ("2025-10-26", "denied cancelled", None, DOCS["000"]),
    ]
    proposal = t.events[0]
    assert proposal.venue == ["Budapest"] and "Budapest" in proposal.sentence
    assert all(e.article and e.sentence for e in t.events)  # every event with its source


def test_kg_timeline_prints_the_meetings_life_with_sources(seed_graph):
    r = _kg("timeline", "Budapest", "-g", str(seed_graph.directory))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == f"{BUDAPEST} — current status: postponed"
    assert "proposed" in lines[1] and "venue Budapest" in lines[1] and DOCS["004"] in lines[1]
    order = [w for line in lines[1:] for w in ("proposed", "agreed", "postponed") if f" {w} " in line]
    assert order.index("proposed") < order.index("agreed") < order.index("postponed")


def test_kg_timeline_json_and_an_unknown_meeting(seed_graph):
    r = _kg("timeline", "Anchorage", "-g", str(seed_graph.directory), "--format", "json")
    data = json.loads(r.stdout)
    assert [(d["meeting"], [e["status"] for e in d["events"]]) for d in data] == [
        ("Trump–Putin meeting in Anchorage (--08-15)", ["held"])
    ]
    r = _kg("timeline", "Atlantis", "-g", str(seed_graph.directory))
    assert r.returncode == 1 and "no meeting matching 'Atlantis'" in r.stderr


# ------------------------------------------------------------------ contradictions


def test_kg_contradictions_finds_the_disagreement_over_whether_the_summit_was_canceled(seed_graph):
    found = graph_contradictions(seed_graph.store)
    canceled = [d for d in found if d.conflict == "cancelled-denied" and d.meeting == BUDAPEST]
    pairs = {(d.first.article, d.second.article) for d in canceled}
    assert (DOCS["002"], DOCS["000"]) in pairs
    d = next(d for d in canceled if d.second.article == DOCS["000"])
    assert "had been canceled" in d.first.sentence
    assert '"incorrect" to describe the summit as canceled' in d.second.sentence
    r = _kg("contradictions", "-g", str(seed_graph.directory))
    assert r.returncode == 0 and "had been canceled" in r.stdout and "incorrect" in r.stdout


def test_contradictions_are_marked_in_the_graph_and_found_by_sparql(seed_graph):
    rows = seed_graph.query("""SELECT ?conflict ?s1 ?s2 WHERE {
        ?c a kg:Contradiction ; kg:conflict ?conflict ; kg:between ?a, ?b . ?a kg:contradicts ?b .
        GRAPH ?g1 { ?a kg:sentence ?s1 } GRAPH ?g2 { ?b kg:sentence ?s2 } }""")
    got = [(r["conflict"].value, r["s1"].value, r["s2"].value) for r in rows]
    assert any(c == "cancelled-denied" and "had been canceled" in a and "incorrect" in b for c, a, b in got)


def _ev(doc, sentence="x"):
    return Evidence(doc, 0, len(sentence), sentence)


@pytest.mark.parametrize(
    "a, b, kind",
    [
        (
            StatusEvent("m", "agreed", _ev("d1"), "p", date="2025-01-02"),
            StatusEvent("m", "refused", _ev("d2"), "p", date="2025-01-03"),
            "agreed-refused",
        ),
        (
            StatusEvent("m", "held", _ev("d1"), date="2025-01-02", date_stated=True),
            StatusEvent("m", "held", _ev("d2"), date="2025-01-05", date_stated=True),
            "held-dates",
        ),
        (
            StatusEvent("m", "held", _ev("d1"), date="2025-01-02", date_stated=True),
            StatusEvent("m", "postponed", _ev("d2"), "p", date="2025-01-04"),
            "postponed-held",
        ),
        (
            StatusEvent("m", "cancelled", _ev("d1"), date="2025-01-02"),
            StatusEvent("m", "denied", _ev("d2"), denies="cancelled", date="2025-01-04"),
            "cancelled-denied",
        ),
    ],
)
def test_pairs_that_cannot_both_hold_are_contradictions(a, b, kind):
    assert [c.kind for c in contradictions([a, b])] == [kind]


@pytest.mark.parametrize(
    "a, b",
    [
        (StatusEvent("m", "proposed", _ev("d1"), "p", date="2025-01-02"), StatusEvent("m", "agreed", _ev("d2"), "q")),
        (
            StatusEvent("m", "postponed", _ev("d1"), "p", date="2025-01-01"),
            StatusEvent("m", "held", _ev("d2"), date="2025-01-05", date_stated=True),
        ),  # postponed, then held: no conflict
        (
            StatusEvent("m", "held", _ev("d1"), date="2025-01-02", date_stated=True),
            StatusEvent("n", "held", _ev("d2"), date="2025-01-05", date_stated=True),
        ),  # two meetings
        (
            StatusEvent("m", "held", _ev("d1"), date="2025-01-02", date_stated=True),
            StatusEvent("m", "postponed", _ev("d1"), "p", date="2025-01-04"),
        ),  # one article telling a sequence
    ],
)
def test_compatible_reports_are_not_contradictions(a, b):
    assert contradictions([a, b]) == []


# ------------------------------------------------------------------ status sentences


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("On October 22, Trump announced that the meeting had been canceled.", [("cancelled", None)]),
        ("The summit was called off.", [("cancelled", None)]),
        ('It would be "incorrect" to describe the summit as canceled.', [("denied", "cancelled")]),
        ("Talk of an outright cancellation is misleading.", [("denied", "cancelled")]),
        ("The leaders had a historic meeting in Anchorage on August 15.", [("held", None)]),
        ("The talks took place on Thursday.", [("held", None)]),
        ("The talks could take place within two weeks.", []),
        ("The talks would be held at a later date.", []),
        ("The summit is scheduled for May 3.", [("scheduled", None)]),
        ("Hamas refused to attend the talks.", [("refused", None)]),
        ("If the summit is canceled, markets will fall.", []),
    ],
)
def test_a_sentence_about_one_meeting_states_its_status_change(sentence, expected):
    assert detect(sentence) == expected


@pytest.mark.parametrize(
    "sentence, published, meeting_date, expected",
    [
        ("On October 22, Trump announced it had been canceled.", "2025-10-26", None, "2025-10-22"),
        ("On October 22, Trump announced it had been canceled.", None, None, "--10-22"),
        ("The Kremlin confirmed on Sunday that the summit is off.", "2025-10-27", None, "2025-10-26"),
        ("They met on August 15.", "2025-10-26", "2025-08-15", None),  # the meeting's own date, not the change's
        ("Peskov said the summit is off.", "2025-10-26", None, None),
    ],
)
def test_the_date_a_status_sentence_states(sentence, published, meeting_date, expected):
    assert stated_date(sentence, published, meeting_date) == expected


def test_a_proposal_reported_after_the_meeting_was_held_does_not_undo_it():
    held = StatusEvent("m", "held", _ev("d"), date="2025-10-16", date_stated=True)
    proposed = StatusEvent("m", "proposed", _ev("d"), "p", date="2025-10-17")
    assert current_status([held, proposed]) == "held"
    later = StatusEvent("m", "postponed", _ev("e"), "p", date="2025-10-20")
    assert current_status([held, proposed, later]) == "postponed"


# ------------------------------------------------------------------ messages


def test_an_unknown_prefix_is_named_instead_of_the_parsers_character_ranges(seed_graph):
    r = _kg("query", "SELECT ?x WHERE { ?x foo:bar ?y }", "-g", str(seed_graph.directory))
    assert r.returncode == 2 and "unknown prefix foo:" in r.stderr and "PREFIX foo:" in r.stderr
    assert "\\u{" not in r.stderr


def test_eval_says_when_the_gold_folder_does_not_exist(seed_graph, tmp_path):
    r = _kg("eval", "-g", str(seed_graph.directory), "--gold", str(tmp_path / "nowhere"))
    assert r.returncode == 1 and "does not exist" in r.stderr and "../shared/eval/gold" in r.stderr
