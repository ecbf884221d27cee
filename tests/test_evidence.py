"""Every fact's evidence states it: the sentence names or refers to both ends, on every set with gold."""

from __future__ import annotations

import pytest

from kg.records import Evidence
from kg.resolve import stating_evidence

from .conftest import DEV, EXAMPLES, SHARED, need
from .evidence_check import unstated

SETS = {
    "seeds": EXAMPLES,
    "eval/dev": DEV / "corpus",
    "news-train": SHARED / "corpus" / "news-train",
    "news-test": SHARED / "corpus" / "news-test",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SETS))
def test_every_evidence_names_or_refers_to_both_ends(name, tmp_path):
    import kg

    need(SETS[name].is_dir(), f"{SETS[name]} is missing (the shared corpora sit beside the checkout)")
    graph = kg.build([SETS[name]], out_dir=tmp_path)
    bad = unstated(graph)
    assert not bad, "\n".join(f"{s} {p} {o}: {sentence!r}" for s, p, o, sentence in bad[:10])


def test_the_seed_summits_place_is_named_in_each_of_its_location_evidences(seed_graph):
    rows = seed_graph.query("""SELECT ?name ?sentence WHERE { GRAPH ?g {
        ?ev rdf:predicate kg:location ; rdf:object ?place ; kg:sentence ?sentence } ?place skos:prefLabel ?name }""")
    assert rows and all(r["name"].value in r["sentence"].value for r in rows)


HEAD = Evidence("d", 0, 30, "Santos and Novak Hold Talks at")
PLAIN = Evidence("d", 31, 50, "The talks went well.")
NAMED = Evidence("d", 51, 80, "Santos arrived in Lima for them.")
LATER = Evidence("d", 200, 230, "Lima hosted the delegations.")


@pytest.mark.parametrize(
    "sentences, mentions, expected",
    [
        ([HEAD, PLAIN, NAMED], [Evidence("d", 51, 57, NAMED.sentence)], [NAMED.sentence]),
        # the headline names the place only in the body: the body sentence, not the headline
        ([HEAD, PLAIN], [Evidence("d", 51, 57, NAMED.sentence)], [PLAIN.sentence + " " + NAMED.sentence]),
        # far apart: joined with an ellipsis, the text between them is not claimed
        ([PLAIN], [Evidence("d", 200, 204, LATER.sentence)], [PLAIN.sentence + " … " + LATER.sentence]),
        # the headline only when it is all there is and it names the entity
        ([HEAD], [Evidence("d", 0, 6, HEAD.sentence)], [HEAD.sentence]),
    ],
)
def test_stating_evidence_picks_the_sentence_naming_both_ends(sentences, mentions, expected):
    assert [e.sentence for e in stating_evidence(sentences, mentions, HEAD.sentence)] == expected
