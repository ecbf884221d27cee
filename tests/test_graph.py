"""Resolution, RDF and the end-to-end build of the sample articles."""
from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest

from kg.rdf import _shown_aliases
from kg.records import DocumentRecords, Entity, Evidence, Meeting
from kg.resolve import resolve

from .conftest import EXAMPLES, GOLD, SCORER, need


def _doc(doc_id, entities, meetings=()):
    ev = Evidence(doc_id, 0, 1, "s")
    return DocumentRecords(doc_id, doc_id * 8, entities=[Entity(i, t, n, evidence=[ev]) for i, t, n in entities],
                           meetings=list(meetings))


@pytest.mark.parametrize("first, second, name", [
    (("p", "Person", "Vladimir Putin"), ("q", "Person", "Putin"), "Vladimir Putin"),
    (("o", "Organization", "European Union"), ("q", "Organization", "EU"), "European Union"),
    # one person spelt two ways in two articles
    (("p", "Person", "Volodymyr Zelenskyy"), ("q", "Person", "Volodymyr Zelenskiy"), "Volodymyr Zelenskiy"),
    (("p", "Person", "Volodymyr Zelenskyy"), ("q", "Person", "Zelensky"), "Volodymyr Zelenskyy"),
])
def test_surnames_and_acronyms_resolve_across_documents(first, second, name):
    g = resolve([_doc("a", [first]), _doc("b", [second])])
    assert [e.name for e in g.entities.values()] == [name]


def test_shared_surname_stays_ambiguous():
    g = resolve([_doc("a", [("p", "Person", "Kim Jong Un"), ("q", "Person", "Kim Yo Jong")]),
                 _doc("b", [("r", "Person", "Kim")])])
    assert {"Kim Jong Un", "Kim Yo Jong", "Kim"} == {e.name for e in g.entities.values()}


def test_majority_type_wins_across_documents():
    g = resolve([_doc("a", [("x", "Place", "Budapest")]), _doc("b", [("x", "Place", "Budapest")]),
                 _doc("c", [("y", "Person", "Budapest")])])
    assert [(e.type, e.name) for e in g.entities.values()] == [("Place", "Budapest")]


def test_meeting_in_capital_and_in_its_country_is_one_meeting():
    people = [("p", "Person", "Vladimir Putin"), ("t", "Person", "Donald Trump"),
              ("b", "Place", "Budapest"), ("h", "Place", "Hungary")]
    a = _doc("a", people, [Meeting("m1", "summit", ["p", "t"], ["b"], evidence=[Evidence("a", 0, 1, "s")])])
    b = _doc("b", people, [Meeting("m1", "summit", ["p", "t"], ["h"], evidence=[Evidence("b", 0, 1, "s")])])
    g = resolve([a, b])
    assert len(g.meetings) == 1


@pytest.mark.parametrize("party, kept", [(("o", "Organization", "Arctic Council"), True),
                                         (("p", "Person", "Vladimir Putin"), False)])
def test_a_forum_meeting_of_one_organisation_reaches_the_graph_a_lone_person_does_not(party, kept):
    a = _doc("a", [party], [Meeting("m1", "meeting", [party[0]], evidence=[Evidence("a", 0, 1, "s")])])
    assert len(resolve([a]).meetings) == int(kept)


def test_meetings_on_different_days_stay_apart():
    people = [("p", "Person", "Vladimir Putin"), ("t", "Person", "Donald Trump")]
    a = _doc("a", people, [Meeting("m1", "summit", ["p", "t"], date="2025-08-15", evidence=[Evidence("a", 0, 1, "s")])])
    b = _doc("b", people, [Meeting("m1", "summit", ["p", "t"], date="2025-10-30", evidence=[Evidence("b", 0, 1, "s")])])
    assert len(resolve([a, b]).meetings) == 2


# ------------------------------------------------------------------ the built sample graph

@pytest.mark.parametrize("kind, name, aliases, shown", [
    ("Person", "Jane Doe", ["Doe", "J. Doe"], ["J. Doe"]),
    # a one-word name has no surname to drop
    ("Person", "Doe", ["J. Doe"], ["J. Doe"]),
    # only a person's last word is a surname
    ("Place", "New York", ["York", "NYC"], ["NYC", "York"]),
    ("Organization", "Bank of England", ["England"], ["England"]),
])
def test_a_persons_bare_surname_is_no_alt_label(kind, name, aliases, shown):
    assert _shown_aliases(kind, name, aliases) == shown


def test_surname_alt_labels_stay_out_of_the_built_graph(seed_graph):
    rows = list(seed_graph.query("""
        SELECT ?name ?alt WHERE { ?p a kg:Person ; skos:prefLabel ?name ; skos:altLabel ?alt }"""))
    assert rows, "the seeds keep some person aliases (a first name, a spelling)"
    assert not [(r["name"].value, r["alt"].value) for r in rows
                if " " in r["name"].value and r["alt"].value == r["name"].value.split()[-1]]


def test_build_writes_trig_turtle_html_and_store(seed_graph):
    d = seed_graph.directory
    for name in ("graph.trig", "graph.ttl", "graph.html"):
        assert (d / name).stat().st_size > 1000, name
    assert (d / "store").is_dir()
    assert seed_graph.report.documents == 5


def test_every_article_is_a_named_graph_with_provenance(seed_graph):
    rows = list(seed_graph.query("""
        SELECT ?g ?url ?date WHERE { ?g a kg:Article ; kg:sha256 ?h . OPTIONAL { ?g dct:source ?url }
                                     OPTIONAL { ?g dct:issued ?date } }"""))
    assert len(rows) == 5
    named = set(seed_graph.store.named_graphs())
    assert {r["g"].value for r in rows} == named
    assert sum(1 for r in rows if r["url"] is not None) == 2


def test_who_postponed_which_meeting_according_to_which_article(seed_graph):
    q = """SELECT DISTINCT ?who ?meeting ?article ?sentence WHERE {
             GRAPH ?g { ?who kg:postponed ?meeting .
                        ?ev rdf:subject ?who ; rdf:predicate kg:postponed ; rdf:object ?meeting ; kg:sentence ?sentence }
             ?g dct:identifier ?article }"""
    rows = list(seed_graph.query(q))
    assert rows
    trump = [r for r in rows if r["who"].value.endswith("/donald-trump")]
    assert {r["article"].value for r in trump} >= {"003_17fd3ca9ceb45d32"}
    assert any("postponement of his meeting with Putin" in r["sentence"].value for r in trump)


def test_evidence_offsets_point_into_the_article(seed_graph):
    rows = seed_graph.query("""SELECT ?id ?s ?e ?quote WHERE { GRAPH ?g { ?ev kg:startOffset ?s ; kg:endOffset ?e ;
                                kg:quote ?quote ; prov:wasDerivedFrom ?doc } ?doc dct:identifier ?id }""")
    texts = {p.stem: p.read_text(encoding="utf-8") for p in EXAMPLES.glob("*.txt")}
    n = 0
    for r in rows:
        assert texts[r["id"].value][int(r["s"].value):int(r["e"].value)] == r["quote"].value
        n += 1
    assert n > 20


def test_graph_conforms_to_the_shapes(seed_graph):
    ok, report = seed_graph.validate()
    assert ok, report


def test_shapes_catch_a_meeting_with_one_participant(seed_graph, tmp_path):
    import pyshacl
    import rdflib

    from kg.rdf import ontology_path

    bad = rdflib.Graph().parse(data="""
        @prefix kg: <https://w3id.org/kg-news/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:m> a kg:Meeting ; rdfs:label "m" ; kg:kind <https://w3id.org/kg-news/kind/summit> ; kg:participant <urn:p> .
        <urn:p> a kg:Person ; rdfs:label "p" .""", format="turtle")
    shapes = rdflib.Graph().parse(ontology_path("shapes.ttl"))
    ok, _, _ = pyshacl.validate(bad, shacl_graph=shapes)
    assert not ok


def test_same_input_gives_byte_identical_sorted_nquads(seed_graph, tmp_path):
    import kg

    again = kg.build([EXAMPLES], out_dir=tmp_path / "again", html=False)
    assert again.export("nq") == seed_graph.export("nq")


def test_a_copy_in_memory_holds_the_same_quads_and_answers_alike(seed_graph):
    import kg

    copy = kg.open_graph(seed_graph.directory, in_memory=True)
    assert copy.store.path is None
    assert copy.export("nq") == seed_graph.export("nq")
    q = "SELECT ?who ?m WHERE { ?who kg:postponed ?m } ORDER BY ?who ?m"
    assert copy.query(q, fmt="csv") == seed_graph.query(q, fmt="csv")


def test_rdflib_api_reads_the_same_store(seed_graph):
    ds = seed_graph.store.rdflib_dataset()
    assert len(list(ds.quads((None, None, None, None)))) == len(seed_graph)


def test_seed_scores_reach_the_issue_targets(seed_graph):
    need(SCORER.exists(), f"the shared scorer {SCORER} is not present")
    out = subprocess.run([sys.executable, str(SCORER), str(seed_graph.directory / "graph.trig"), "--gold", str(GOLD), "--json"],
                         capture_output=True, text=True, check=True).stdout
    import json

    scores = json.loads(out[: out.rindex("}") + 1])
    assert scores["relations"]["micro"]["f1"] >= 0.90
    for t in ("Person", "Place", "Organization"):
        assert scores["entities"][t]["f1"] >= 0.95, t


def test_exports_parse_back(seed_graph, tmp_path):
    import rdflib

    for fmt, rdflib_fmt in (("turtle", "turtle"), ("nt", "nt"), ("json-ld", "json-ld")):
        path = seed_graph.export(fmt, tmp_path / f"g.{fmt}")
        g = rdflib.Graph().parse(path, format=rdflib_fmt)
        assert len(g) > 100, fmt
    for fmt in ("trig", "nq"):
        data = seed_graph.export(fmt)
        assert len(list(ox.parse(data, format=ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS))) == len(seed_graph)
