"""Scans read off the token arrays find what scans over every token find: the tokens find_meetings looks at
(kg.nlp.meetings.mention_candidates), each token's sentence start, the tokens of given words."""

from __future__ import annotations

from pathlib import Path

from spacy.attrs import LEMMA, LOWER, ORTH

from kg.nlp import load_pipeline
from kg.nlp.coref import Resolver
from kg.nlp.meetings import _hosted_parties, meeting_kind, mention_candidates
from kg.nlp.syntax import sentence_starts, tokens_where

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    "Santos and Novak held a phone conversation on Friday. The summit in Vienna was postponed.",
    "The foreign minister will travel to Moscow; Ruiz is due in Kyiv on Monday for a round in Geneva.",
    "Qatar hosted Israel and Hamas, and brought the two sides together in Doha for talks with the envoy.",
    "He spoke with Lima by telephone, then met Soto. A video call followed; a stop in Sweden was planned.",
]


def _texts() -> list[str]:
    return TEXTS + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]


def test_every_token_a_full_scan_takes_is_a_candidate():
    nlp = load_pipeline()
    found = 0
    for doc in nlp.pipe(_texts()):
        res = Resolver(doc, doc._.kg_table, doc._.kg_affiliations or [])
        cands = mention_candidates(doc)
        assert cands == sorted(set(cands))
        for tok in doc:
            kind = meeting_kind(tok)
            if kind or _hosted_parties(tok, res):
                found += 1
                assert tok.i in cands, (tok.text, tok.pos_, tok.lemma_)
        assert len(cands) < len(doc) / 4  # the point: most tokens are never looked at
    assert found >= 20


def test_sentence_starts_and_word_scans_equal_the_token_loops():
    nlp = load_pipeline()
    for doc in nlp.pipe(_texts()):
        assert sentence_starts(doc) == [doc[i : i + 1].sent.start for i in range(len(doc))]
        assert tokens_where(doc, ORTH, str.istitle) == [t.i for t in doc if t.text.istitle()]
        assert tokens_where(doc, LOWER, {"talks", "summit"}.__contains__) == [
            t.i for t in doc if t.lower_ in {"talks", "summit"}
        ]
        assert tokens_where(doc, LEMMA, lambda w: w.lower() == "meet") == [
            t.i for t in doc if t.lemma_.lower() == "meet"
        ]
