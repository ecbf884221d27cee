"""A clause whose main verb the model read as a noun is parsed again with that verb in the past tense."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from kg.nlp.reparse import _variant_text, misread_verb, reparse_verbs


def _doc(
    words: list[str],
    pos: list[str],
    tags: list[str] | None = None,
    heads: list[int] | None = None,
    deps: list[str] | None = None,
) -> Doc:
    return Doc(
        spacy.blank("en").vocab,
        words=words,
        pos=pos,
        tags=tags or ["XX"] * len(words),
        heads=heads or [0] * len(words),
        deps=deps or ["ROOT"] + ["dep"] * (len(words) - 1),
    )


@pytest.mark.parametrize(
    "words, pos, i, extra, expected",
    [
        # "Valdora and the rebels resume talks": the model's noun is the verb of the clause
        (["Valdora", "and", "rebels", "resume", "talks"], ["PROPN", "CCONJ", "NOUN", "NOUN", "NOUN"], 3, {}, True),
        # a verb the parse hung on a noun as its modifier: "Valdora postpones Lima summit" with "summit" as root
        (
            ["Valdora", "postpones", "Lima", "summit"],
            ["PROPN", "VERB", "PROPN", "NOUN"],
            1,
            {"heads": [3, 3, 3, 3], "deps": ["nsubj", "compound", "compound", "ROOT"]},
            True,
        ),
        # read as a verb, and parsed as one: nothing to do
        (["Valdora", "and", "rebels", "resume", "talks"], ["PROPN", "CCONJ", "NOUN", "VERB", "NOUN"], 3, {}, False),
        # after an article, a possessive or "to" the word is what the model says it is
        (["the", "resume", "of", "talks"], ["DET", "NOUN", "ADP", "NOUN"], 1, {}, False),
        (["her", "resume", "lists"], ["PRON", "NOUN", "VERB"], 1, {"tags": ["PRP$", "NN", "VBZ"]}, False),
        (
            ["agree", "to", "reconvene", "talks"],
            ["VERB", "PART", "NOUN", "NOUN"],
            2,
            {"tags": ["VBP", "TO", "NN", "NNS"]},
            False,
        ),
        # a word not on the list ("talks") is never parsed again
        (["Valdora", "talks", "end"], ["PROPN", "NOUN", "NOUN"], 1, {}, False),
    ],
)
def test_only_a_listed_verb_misread_as_a_noun_or_a_nouns_modifier_is_parsed_again(words, pos, i, extra, expected):
    assert misread_verb(_doc(words, pos, **extra)[i]) is expected


@pytest.mark.parametrize(
    "words, i, expected",
    [
        (["Valdora", ",", "rebels", "Resume", "talks"], 3, "Valdora , rebels Resumed talks"),
        (["Valdora", "postpones", "summit"], 1, "Valdora postponed summit"),
    ],
)
def test_the_second_reading_changes_only_the_verb_and_keeps_its_capital(words, i, expected):
    doc = _doc(words, ["X"] * len(words))
    assert _variant_text(doc[:], doc[i]) == expected


def test_every_listed_verb_has_a_past_form_that_is_one_word():
    assert all(past.isalpha() and past.endswith("ed") or past == "met" for past in reparse_verbs().values())


def test_a_present_verb_read_as_a_noun_still_gives_the_meeting(extract):
    # the model reads "resume" as a noun here and the sentence has no verb
    rec = extract(
        "The Chilean government and the National Liberation Army (ELN) resume from today in Havana "
        "the fifth cycle of their peace dialogue."
    )
    assert any({"Chile", "National Liberation Army"} <= _names(rec, m.participants) for m in rec.meetings)


def test_the_second_reading_keeps_the_text_tokens_and_entities(nlp):
    text = (
        "The Chilean government and the National Liberation Army (ELN) resume from today in Havana "
        "the fifth cycle of their peace dialogue."
    )
    doc = nlp(text)
    verb = next(t for t in doc if t.text == "resume")
    assert doc.text == text and verb.pos_ == "VERB" and verb.tag_ == "VBP" and verb.lemma_ == "resume"
    assert any(c.dep_ == "nsubj" for c in verb.children)
    assert "Havana" in {e.text for e in doc.ents}


def test_a_possessed_noun_is_not_parsed_again(nlp):
    doc = nlp("Her resume lists two summits in Lima.")
    assert doc[1].pos_ != "VERB"


def _names(rec, ids) -> set[str]:
    by_id = {e.id: e.name for e in rec.entities}
    return {by_id[i] for i in ids}
