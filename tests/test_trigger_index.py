"""The trigger index finds what spaCy's DependencyMatcher finds with the same patterns, on every corpus."""
from __future__ import annotations

import pytest

from kg.extract import _with_published
from kg.ingest import read_documents
from kg.nlp.relations import PRIORITY

from .conftest import DEV, EXAMPLES, SHARED

CORPORA = {"seeds": EXAMPLES, "dev": DEV / "corpus", "news-test": SHARED / "corpus" / "news-test"}


def matcher_triggers(matcher, doc) -> dict[int, str]:
    found: dict[int, set[str]] = {}
    for match_id, token_ids in matcher(doc):
        found.setdefault(token_ids[0], set()).add(doc.vocab.strings[match_id])
    return {i: next(p for p in PRIORITY if p in labels) for i, labels in sorted(found.items())}


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_the_index_finds_the_dependency_matchers_triggers(nlp, corpus):
    if not CORPORA[corpus].is_dir():
        pytest.skip(f"{CORPORA[corpus]} is not here")
    finder = nlp.get_pipe("kg_relations")
    assert not finder.index.unsupported  # every pattern of triggers.json is evaluated by the index
    docs = list(read_documents([CORPORA[corpus]]))
    with nlp.select_pipes(disable=["kg_relations"]):
        parsed = [d for d, _ in nlp.pipe(_with_published(((d.text, d) for d in docs), nlp), as_tuples=True)]
    found = [finder.triggers(d) for d in parsed]
    assert found == [matcher_triggers(finder.matcher, d) for d in parsed]
    assert sum(map(len, found)) > len(parsed)  # triggers were there to find


@pytest.mark.parametrize(
    "text, pledged",
    [
        ("Chilean President Ana Soto said she would attend the summit in Lima.", True),
        ("Peru's President Paulo Ruiz, who had repeatedly said he would attend, telephoned Soto.", True),
        ("Ana Soto will attend the summit in Lima, an official said.", False),  # told by others
        ("Ana Soto said she attended the summit in Lima.", False),  # done, no pledge
    ],
)
def test_a_head_link_pattern_is_found_by_the_index_as_by_the_matcher(nlp, text, pledged):
    """The "<" (head) link: "said she would attend" pairs the attendance verb with its saying verb."""
    finder = nlp.get_pipe("kg_relations")
    with nlp.select_pipes(disable=["kg_relations"]):
        doc = nlp(text)
    found = finder.triggers(doc)
    assert found == matcher_triggers(finder.matcher, doc)
    assert any(doc[i].lemma_ == "attend" and p == "agreed" for i, p in found.items()) == pledged
