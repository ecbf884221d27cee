"""The domain vocabulary (kg/data/vocabulary.json) is declared once, the ontology agrees with it, and a new
relation type is one vocabulary entry plus one ontology property."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg import vocab
from kg.vocab import KG, KIND, vocabulary

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
KGSH = rdflib.Namespace("https://w3id.org/kg-news/shapes#")
ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
K = rdflib.Namespace(KG)


def _class(types: tuple[str, ...] | None, v: vocab.Vocabulary) -> rdflib.URIRef | None:
    """The ontology class a vocabulary type list stands for: kg:Agent for the agent types, kg:X for one type."""
    if types is None:
        return None
    if set(types) == set(v.agent_types):
        return K.Agent
    return K[types[0]] if len(types) == 1 else None


def ontology_problems(v: vocab.Vocabulary, kg_ttl: Path, shapes_ttl: Path) -> list[str]:
    """Where ``kg.ttl`` or ``shapes.ttl`` disagree with the vocabulary ``v`` (empty: they agree)."""
    onto = rdflib.Graph().parse(kg_ttl, format="turtle")
    shapes = rdflib.Graph().parse(shapes_ttl, format="turtle")
    problems = []
    for t in v.types.values():
        if (K[t.name], RDF.type, OWL.Class) not in onto:
            problems.append(f"kg.ttl has no class kg:{t.name}")
        if t.agent and (K[t.name], RDFS.subClassOf, K.Agent) not in onto:
            problems.append(f"kg:{t.name} is an agent type but not a subclass of kg:Agent")
    for r in v.relations.values():
        p = K[r.name]
        if (p, RDF.type, OWL.ObjectProperty) not in onto:
            problems.append(f"kg.ttl has no owl:ObjectProperty kg:{r.name}")
            continue
        if rdflib.Literal(r.name, lang="en") not in set(onto.objects(p, RDFS.label)):
            problems.append(f"kg:{r.name} has no rdfs:label {r.name!r}@en")
        for axis, types in ((RDFS.domain, r.subject), (RDFS.range, r.object)):
            declared = set(onto.objects(p, axis))
            want = _class(types, v)
            if declared != ({want} if want is not None else set()):
                problems.append(f"kg:{r.name} {onto.qname(axis)} is {sorted(declared)}, the vocabulary says {want}")
    # kg:kind, and the properties of status events and contradictions (kg.status), are not relations between nodes
    not_relations = {K.kind, K.meeting, K.between, K.contradicts, K.evidence}
    declared_props = {p for p in onto.subjects(RDF.type, OWL.ObjectProperty) if str(p).startswith(KG)} - not_relations
    for p in sorted(declared_props - {K[r] for r in v.relations}):
        problems.append(f"kg.ttl declares {p}, which vocabulary.json does not")
    for p in shapes.objects(KGSH.Agent, SH.targetSubjectsOf):
        name = str(p)[len(KG) :]
        if name not in v.relations or _class(v.relations[name].subject, v) != K.Agent:
            problems.append(f"shapes.ttl takes the subjects of {name} for agents; the vocabulary does not")
    for p in shapes.objects(KGSH.MeetingObject, SH.targetObjectsOf):
        name = str(p)[len(KG) :]
        if name not in v.relations or v.relations[name].object != ("Meeting",):
            problems.append(f"shapes.ttl takes the objects of {name} for meetings; the vocabulary does not")
    for prop in shapes.objects(KGSH.Meeting, SH.property):
        if (prop, SH.path, K.status) in shapes:
            listed = tuple(str(x) for x in Collection(shapes, shapes.value(prop, SH["in"])))
            if listed != v.statuses:
                problems.append(f"shapes.ttl allows the statuses {listed}, the vocabulary {v.statuses}")
    for kind in v.kinds.values():
        if rdflib.Literal(kind.noun, lang="en") not in set(
            onto.objects(rdflib.URIRef(KIND + kind.name), SKOS.prefLabel)
        ):
            problems.append(f"kg.ttl has no kind:{kind.name} labelled {kind.noun!r}@en")
    return problems


def test_the_ontology_and_the_shapes_agree_with_the_vocabulary():
    assert ontology_problems(vocabulary(), ONTOLOGY / "kg.ttl", ONTOLOGY / "shapes.ttl") == []


@pytest.mark.parametrize(
    "edit, problem",
    [
        (lambda d: d["relations"].pop("mediated"), "kg.ttl declares https://w3id.org/kg-news/ontology#mediated"),
        (lambda d: d["relations"]["proposed"].update(object=None), "kg:proposed rdfs:range"),
        (lambda d: d.update(statuses=["proposed", "postponed", "agreed"]), "shapes.ttl allows the statuses"),
        (lambda d: d["meeting_kinds"]["phone_call"].update(noun="call"), "kind:phone_call labelled 'call'"),
    ],
)
def test_the_agreement_check_sees_a_vocabulary_the_ontology_contradicts(edit, problem):
    data = _packaged_json()
    edit(data)
    problems = ontology_problems(vocab.parse_vocabulary(data), ONTOLOGY / "kg.ttl", ONTOLOGY / "shapes.ttl")
    assert any(problem in p for p in problems), problems


def test_a_relation_that_names_an_undeclared_type_is_refused():
    data = _packaged_json()
    data["relations"]["hosted"] = {"headline": False, "subject": ["Country"], "object": None, "style": {}}
    with pytest.raises(ValueError, match="'hosted' names the type 'Country'"):
        vocab.parse_vocabulary(data)


def test_the_extractor_reads_its_trigger_priority_and_meeting_kinds_from_the_vocabulary():
    from kg.nlp import meetings, relations

    v = vocabulary()
    assert relations.PRIORITY == v.trigger_priority and set(relations.PRIORITY) == set(v.headline)
    assert meetings.KIND_FAMILY == v.kind_family and meetings.KIND_RANK == v.kind_rank


# ------------------------------------------------------------------ a new relation type


def _packaged_json() -> dict:
    return json.loads(resources.files("kg.data").joinpath(vocab.VOCABULARY_FILE).read_text(encoding="utf-8"))


HOSTED = {
    "headline": True,
    "subject": "agent",
    "object": ["Meeting"],
    "status": None,
    "style": {"color": "#17becf", "width": 3, "dashes": [6, 2], "font": 13, "arrow": 1.0},
}
HOSTED_TTL = """
kg:hosted a owl:ObjectProperty ;
    rdfs:label "hosted"@en ;
    rdfs:comment "The agent hosted the meeting on its soil."@en ;
    rdfs:domain kg:Agent ; rdfs:range kg:Meeting .
"""


def _records():
    from kg.records import DocumentRecords, Entity, Evidence, Meeting, Relation

    text = "Santos and Novak met in Vienna, which Austria hosted."
    ev = Evidence("a", 0, len(text), text)
    entities = [
        Entity("p1", "Person", "Maria Santos", evidence=[ev]),
        Entity("p2", "Person", "Ivan Novak", evidence=[ev]),
        Entity("c1", "Place", "Austria", evidence=[ev]),
    ]
    meeting = Meeting("m1", "meeting", ["p1", "p2"], evidence=[ev])
    return DocumentRecords(
        "a", "a" * 64, entities=entities, meetings=[meeting], relations=[Relation("c1", "hosted", "m1", ev)]
    ), text


def test_a_new_relation_type_is_one_vocabulary_entry_and_one_ontology_property(tmp_path):
    """It reaches the RDF, the networkx view, the HTML legend and kg eval's table with no code change."""
    from kg.evaluate import Predicted, format_scores, load_gold, score, triples_from_store
    from kg.network import to_networkx
    from kg.rdf import to_dataset
    from kg.resolve import resolve
    from kg.store import OxigraphStore
    from kg.viz import graph_payload

    data = _packaged_json()
    data["relations"]["hosted"] = HOSTED
    (tmp_path / "vocabulary.json").write_text(json.dumps(data), encoding="utf-8")
    onto = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, onto)
    with open(onto / "kg.ttl", "a", encoding="utf-8") as f:
        f.write(HOSTED_TTL)
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text(
        json.dumps(
            {
                "entities": [
                    {"id": "e1", "type": "Person", "name": "Maria Santos"},
                    {"id": "e2", "type": "Person", "name": "Ivan Novak"},
                    {"id": "e3", "type": "Place", "name": "Austria"},
                    {"id": "m", "type": "Meeting", "participants": ["e1", "e2"]},
                ],
                "relations": [{"subject": "e3", "predicate": "hosted", "object": "m"}],
            }
        ),
        encoding="utf-8",
    )

    extended = vocab.load_vocabulary(tmp_path / "vocabulary.json")
    assert ontology_problems(extended, onto / "kg.ttl", onto / "shapes.ttl") == []
    assert ontology_problems(extended, ONTOLOGY / "kg.ttl", ONTOLOGY / "shapes.ttl"), "the property is needed"
    with vocab.using(extended):
        rec, text = _records()
        store = OxigraphStore.in_memory()
        store.store.extend(to_dataset(resolve([rec]), {"a": text}))
        assert store.query("ASK { ?who kg:hosted ?m . ?m a kg:Meeting }")  # the RDF

        g = to_networkx(store)
        assert [k for _, _, k in g.edges(keys=True) if k == "hosted"] == ["hosted"]  # the networkx view
        assert g.edges[next((s, o, k) for s, o, k in g.edges(keys=True) if k == "hosted")]["evidence"]

        style = graph_payload(g)["style"]  # the HTML legend
        assert style["predicates"]["hosted"] == HOSTED["style"] and "hosted" in style["headline"]

        scores = score(Predicted(triples_from_store(store), load_gold(gold)))  # kg eval's table
        assert scores.relations["hosted"]["tp"] == 1
        assert any(line.startswith("hosted ") for line in format_scores(scores).splitlines())
    assert "hosted" not in vocabulary().relations
