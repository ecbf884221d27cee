"""Re-parse a clause whose main verb the small model read as a noun.

``en_core_web_sm`` tags the present-tense verbs of news writing as nouns
when they can be read as one: in "The government and the rebels resume
talks in Lima" and in the headline "Valdora, rebels resume peace talks"
*resume* becomes a noun, the sentence has no verb, and no meeting is found.
The past tense of the same verb is never read as a noun. So the sentence
is parsed again with that one word in the past tense ("resumed"), and when
the word is then a verb with a subject, the second parse (heads, labels,
tags, lemmas) replaces the first for that sentence. The text, the tokens
and the entities stay as they were; only the reading of the sentence
changes, and the word keeps a present-tense tag.

The verbs and their past forms are data (``reparse_verbs`` in
``kg/data/lexicon.json``): verbs of meeting and of the four headline
relations whose present forms are rarely nouns in news text.

>>> nlp = load_pipeline()                                                # doctest: +SKIP
>>> [t.pos_ for t in nlp("Valdora and the rebels resume talks in Lima.")][4]  # doctest: +SKIP
'VERB'
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

import numpy

from spacy.attrs import DEP, HEAD, LEMMA, POS, TAG
from spacy.symbols import VERB
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..resources import lexicon

VERBAL = {"VERB", "AUX"}
# what comes right before a noun and never right before a finite verb: "the resume", "its hosts"
NOUN_CONTEXT = {"DET", "NUM"}
NOUN_MODIFIER = {"compound", "amod", "nmod"}
PARSE_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
ATTRS = [HEAD, DEP, TAG, POS, LEMMA]


@cache
def reparse_verbs() -> dict[str, str]:
    """Present forms of the verbs worth a second parse, and the past form each is parsed as.

    >>> reparse_verbs()["resume"]
    'resumed'
    """
    return dict(lexicon()["reparse_verbs"])


def misread_verb(tok: Token) -> bool:
    """A present form of a listed verb that the model tagged a noun, or a verb it attached as a noun's
    modifier ("Valdora postpones Lima summit" with "summit" as the root), and not after an article or number.

    >>> # "Valdora, rebels resume talks": "resume" tagged NOUN -> True; "the resume" -> False
    """
    if tok.lower_ not in reparse_verbs() or (tok.pos_ in VERBAL and tok.dep_ not in NOUN_MODIFIER):
        return False
    prev = tok.doc[tok.i - 1] if tok.i > tok.sent.start else None
    return prev is None or (prev.pos_ not in NOUN_CONTEXT and prev.tag_ not in {"PRP$", "TO"})


def _variant_text(sent: Span, tok: Token) -> str:
    """The sentence's text with ``tok`` in its past form, keeping its capital."""
    past = reparse_verbs()[tok.lower_]
    if tok.text[:1].isupper():
        past = past[:1].upper() + past[1:]
    start = tok.idx - sent.start_char
    text = sent.text
    return text[:start] + past + text[start + len(tok.text) :]


def _present_tag(tok: Token) -> str:
    """The tag the original word keeps: third person singular or not."""
    return "VBZ" if tok.lower_.endswith("s") else "VBP"


class Reparser:
    """Parses again, with a listed verb in the past tense, each sentence whose such verb was read as a noun."""

    def __init__(self, nlp: Language):
        self.nlp = nlp

    def _parse(self, text: str) -> Doc:
        doc = self.nlp.make_doc(text)
        for name in PARSE_PIPES:
            if name in self.nlp.pipe_names:
                doc = self.nlp.get_pipe(name)(doc)
        return doc

    def _second_reading(self, sent: Span, tok: Token) -> Doc | None:
        """The sentence parsed with ``tok`` in the past tense, if that makes it a verb with a subject."""
        variant = self._parse(_variant_text(sent, tok))
        if len(variant) != len(sent):
            return None  # the past form split differently: no token-for-token reading
        verb = variant[tok.i - sent.start]
        if verb.pos_ not in VERBAL or not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
            return None
        return variant

    def __call__(self, doc: Doc) -> Doc:
        readings = []
        for sent in doc.sents:
            tok = next((t for t in sent if misread_verb(t)), None)
            if tok is None:
                continue
            variant = self._second_reading(sent, tok)
            if variant is not None:
                readings.append((sent.start, tok.i, variant))
        if not readings:
            return doc
        arr = cast(numpy.ndarray, doc.to_array(ATTRS))
        tag_col, pos_col = ATTRS.index(TAG), ATTRS.index(POS)
        for start, i, variant in readings:
            arr[start : start + len(variant)] = variant.to_array(ATTRS)
            arr[i, tag_col] = doc.vocab.strings.add(_present_tag(doc[i]))
            arr[i, pos_col] = VERB  # a part-of-speech value is its symbol
        ents = doc.ents
        doc.from_array(ATTRS, cast(Any, arr))  # spaCy types the array as thinc's Ints2d
        doc.ents = ents
        return doc


@Language.factory("kg_reparse", requires=["token.dep", "token.pos"], assigns=["token.dep", "token.head", "token.pos"])
def make_kg_reparse(nlp: Language, name: str) -> Reparser:
    return Reparser(nlp)
