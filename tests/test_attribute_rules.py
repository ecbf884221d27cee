"""The model's attribute rules found by lookup (kg.nlp.attribute_rules) give exactly the Matcher's matches."""

from __future__ import annotations

import spacy
from spacy.pipeline import AttributeRuler

from kg.nlp import MODEL, load_pipeline
from kg.nlp.attribute_rules import IndexedRules, use_indexed_rules

TEXTS = [
    "The U.S. and Iran ain't agreeing: y'all know nothin' about it, said the foreign minister on Thursday.",
    "Leaders of the two Koreas met in Panmunjom.\n\nThey'd said they'd meet again; it's not over, isn't it?",
    "Whether or not the talks, which were held in Geneva, succeed, both sides have been invited to Oslo.",
    "  Spaces   and\ttabs \n and 'quotes' -- dashes... 2019-01-02 $5,000 e-mail w/out that.",
]


def test_every_rule_of_the_model_is_indexed_and_matches_as_the_matcher():
    nlp = spacy.load(MODEL)
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    rules = IndexedRules(ruler)
    assert rules.ok  # every rule of the model has the shape the index handles
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(nlp.pipe(TEXTS))
    for doc in docs:
        expected = IndexedRules.matcher_matches(ruler, doc)
        assert expected  # the texts exercise the rules
        assert rules(doc) == expected


def test_kg_pipeline_annotates_as_the_model_does():
    kg_nlp = load_pipeline()
    plain = spacy.load(MODEL)
    for text in TEXTS:
        a, b = kg_nlp(text), plain(text)
        if [t.text for t in a] != [t.text for t in b]:  # kg's tokenizer splits "U.S.-Iran": compare only same tokens
            continue
        assert [(t.pos_, t.tag_, t.morph.to_json(), t.lemma_) for t in a] == [
            (t.pos_, t.tag_, t.morph.to_json(), t.lemma_) for t in b
        ]


def test_a_rule_the_index_cannot_take_leaves_the_matcher():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"LEMMA": "A"})
    assert not use_indexed_rules(ruler)
    assert [t.lemma_ for t in ruler(nlp.make_doc("a a b"))] == ["A", "A", ""]


def test_rules_added_later_are_indexed_too():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a"}]], {"LEMMA": "A"})
    assert use_indexed_rules(ruler)
    ruler.add([[{"LOWER": {"IN": ["b", "c"]}}, {"LOWER": {"REGEX": "^d"}}]], {"LEMMA": "BD"})
    doc = nlp.make_doc("a b dd c x")
    assert ruler.match(doc) == IndexedRules.matcher_matches(ruler, doc)
    assert [t.lemma_ for t in ruler(doc)] == ["A", "BD", "", "", ""]
