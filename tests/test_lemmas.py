"""The model's lemmatizer asked once per distinct word form (kg.nlp.lemmas) gives its own lemmas."""

from __future__ import annotations

import spacy
from spacy.pipeline import Lemmatizer

from kg.nlp import MODEL, load_pipeline
from kg.nlp.lemmas import lemmatize, use_lemma_lookup

TEXTS = [
    "The U.S. and Iran ain't agreeing: y'all know nothin' about it, said the foreign ministers on Thursday.",
    "Leaders of the two Koreas met in Panmunjom.\n\nThey'd said they'd meet again; talks were going better.",
    "The presidents had been meeting, met and will meet; the meetings' hosts hosted the better-known envoys.",
    "  Spaces   and\ttabs \n and 'quotes' -- dashes... 2019-01-02 $5,000 e-mail w/out that.",
]


def _lemmas(docs) -> list[list[str]]:
    return [[t.lemma_ for t in doc] for doc in docs]


def test_kg_pipeline_lemmas_equal_the_models_own():
    plain = spacy.load(MODEL)  # a fresh model: its lemmatizer's cache starts empty, as kg's does
    kg_nlp = load_pipeline()
    with kg_nlp.select_pipes(enable=plain.pipe_names):
        ours = list(kg_nlp.pipe(TEXTS))
    theirs = list(plain.pipe(TEXTS))
    same = [(a, b) for a, b in zip(ours, theirs) if [t.text for t in a] == [t.text for t in b]]
    assert len(same) >= 3  # kg's tokenizer splits "U.S.-Iran"; the rest tokenise alike
    assert _lemmas(a for a, _ in same) == _lemmas(b for _, b in same)


def test_lemmatize_equals_the_per_token_loop_with_and_without_overwrite():
    nlp = spacy.load(MODEL)
    lem = nlp.get_pipe("lemmatizer")
    assert isinstance(lem, Lemmatizer)
    with nlp.select_pipes(disable=["lemmatizer"]):
        docs = list(nlp.pipe(TEXTS))
    for overwrite in (False, True):
        lem.overwrite = overwrite
        known: dict = {}
        for doc in docs:
            a, b = doc.copy(), doc.copy()
            if overwrite:  # a lemma set before the lemmatizer is replaced only when it overwrites
                a[0].lemma_ = b[0].lemma_ = "SET"
            assert _lemmas([lem(a)]) == _lemmas([lemmatize(lem, b, known)])
            assert a.to_bytes() == b.to_bytes()


class _ByPosition(Lemmatizer):
    """A lemmatizer of a mode of its own, whose answer need not follow from the word form alone."""

    def position_lemmatize(self, token) -> list[str]:
        return [str(token.i)]


def test_a_mode_of_its_own_keeps_spacys_loop():
    nlp = spacy.blank("en")
    lem = _ByPosition(nlp.vocab, None, mode="position")
    assert not use_lemma_lookup(lem)
    assert [t.lemma_ for t in lem(nlp.make_doc("a a"))] == ["0", "1"]
