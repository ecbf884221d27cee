"""Role patterns run as phrases find the spans the token patterns find."""
from __future__ import annotations

import json

import pytest

from kg.ingest import read_documents
from kg.resources import pattern_text

from .conftest import DEV, EXAMPLES


@pytest.mark.parametrize("corpus", [EXAMPLES, DEV / "corpus"], ids=["seeds", "dev"])
def test_the_role_ruler_finds_what_the_token_patterns_find(nlp, corpus):
    import spacy

    reference = spacy.blank("en").add_pipe("span_ruler", config={"spans_key": "x", "phrase_matcher_attr": "LOWER"})
    reference.add_patterns([json.loads(line) for line in pattern_text("roles.jsonl").splitlines() if line.strip()])
    ruler = nlp.get_pipe("kg_roles")
    assert all(isinstance(p["pattern"], str) for p in ruler.patterns)  # every role is a phrase now
    for doc in (nlp.make_doc(d.text) for d in read_documents([corpus])):
        expected = [(s.start, s.end, s.label_) for s in reference.match(doc)]
        assert [(s.start, s.end, s.label_) for s in ruler.match(doc)] == expected
        assert expected or len(doc) < 50
