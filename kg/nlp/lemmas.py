"""The model's lemmatizer once per distinct word form: the same lemmas as its own per-token loop, faster.

spaCy's rule lemmatizer visits every token in Python (a ``Token`` object, a
cache key, a string set back per token: about 0.5 s of a 340-article
build). Its answer for a token depends only on the token's text, part of
speech and morphology (its own cache is keyed by them), so
:func:`use_lemma_lookup` makes the component ask the lemmatizer once per
distinct ``(text, pos, morphology)`` of a document, through the
lemmatizer's own ``lemmatize``, and write the lemmas back in one array.
Tokens that already have a lemma (the attribute ruler's exceptions) keep
it, as the lemmatizer leaves them unless it overwrites.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
>>> _ = lemmatizer.lookups.add_table("lemma_lookup", {"talks": "talk"})
>>> use_lemma_lookup(lemmatizer)
True
>>> [t.lemma_ for t in lemmatize(lemmatizer, nlp.make_doc("talks and talks"))]
['talk', 'and', 'talk']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

MODES = {"rule", "lookup"}  # the modes whose answer is a function of the token's text, pos and morphology


def lemmatize(lemmatizer: Lemmatizer, doc: Doc, known: dict[tuple[int, int, int], int] | None = None) -> Doc:
    """``lemmatizer(doc)``, asking ``lemmatizer.lemmatize`` once per distinct (text, pos, morphology).

    ``known`` (key -> lemma's string id) carries the answers over to the
    next documents, as the rule lemmatizer's own cache (same key) does.
    """
    if not lemmatizer._validated:  # what the component's own __call__ checks first
        lemmatizer._validate_tables(Errors.E1004)
    if not len(doc):
        return doc
    known = {} if known is None else known
    strings = doc.vocab.strings
    arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
    todo = (numpy.arange(len(doc)) if lemmatizer.overwrite else numpy.flatnonzero(arr[:, 3] == 0)).tolist()
    if not todo:
        return doc
    keys = list(zip(*(arr[todo, k].tolist() for k in range(3))))
    for i, key in zip(todo, keys):  # new keys asked in the order of their first token, as the per-token loop asks
        if key not in known:
            known[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
    lemmas = arr[:, 3].copy()
    lemmas[todo] = [known[key] for key in keys]
    doc.from_array([LEMMA], lemmas.reshape(-1, 1))
    return doc


def use_lemma_lookup(lemmatizer: Lemmatizer) -> bool:
    """Make ``nlp.pipe`` run ``lemmatizer`` through :func:`lemmatize`; ``True`` if its mode allows it.

    Only the component's ``pipe`` (what ``nlp.pipe`` calls) changes; calling
    it on one document runs spaCy's own loop, with the same result.
    """
    if lemmatizer.mode not in MODES:
        return False

    known: dict[tuple[int, int, int], int] = {}

    def pipe(stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        error_handler = lemmatizer.get_error_handler()
        for doc in stream:
            try:
                yield lemmatize(lemmatizer, doc, known)
            except Exception as e:  # noqa: BLE001 - handed to spaCy's error handler, as its own pipe does
                error_handler(lemmatizer.name, lemmatizer, [doc], e)

    lemmatizer.pipe = pipe  # type: ignore[method-assign]
    return True
