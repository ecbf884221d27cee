"""A learned linker: which candidate relations the parse proposes are stated by the text.

The rules propose more than they can be sure of: a trigger whose meeting the
parse does not reach is linked to the nearest meeting of its sentence or of
the sentence before ("Ruiz had invited him" after "... a summit in Valdora");
an agent found by climbing the parse may be the reporter rather than the
actor. Each candidate gets a few signals (its predicate, how it was found,
the trigger word, where the meeting is, whether the agent sits at the
meeting) and a small logistic model trained on the gold sets
(``kg train`` / ``python -m kg.train``) scores it. A candidate is kept when
its score reaches the model's threshold; a model judges every candidate
(``"judges": "all"``, so it also drops rule findings that look wrong) or only
those the rules are unsure of (``"uncertain"``). Weights written to
``kg/data/linker.json`` are picked up as package data; with no weights file
the rules alone decide, which is how kg ships: ``python eval/linker.py``
measured on held-out articles that neither mode pays yet (see the README).

>>> lk = Linker({"bias": -1.0, "weights": {"how=direct": 3.0}, "threshold": 0.5})
>>> lk.accept({"how=direct": 1.0})
True
>>> lk.accept({"how=nearby": 1.0})
False
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from spacy.tokens import Token

from ..records import Meeting, Relation

WEIGHTS_FILE = "linker.json"
# how a candidate was found; the rules alone keep only these
RULE_PATHS = frozenset({"direct", "anaphor", "antecedent", "conflict", "caller", "invitation", "attendance"})


@dataclass
class Candidate:
    """A relation the parse proposes, how it was found and its signals for the linker."""

    relation: Relation
    how: str
    features: dict[str, float] = field(default_factory=dict)
    score: float | None = None


class Linker:
    """A logistic model over named binary features.

    >>> Linker({"bias": 0.0, "weights": {}, "threshold": 0.5}).score({"x": 1.0})
    0.5
    """

    def __init__(self, model: dict[str, Any] | None):
        self.model = model
        self.weights: dict[str, float] = dict((model or {}).get("weights", {}))
        self.bias = float((model or {}).get("bias", 0.0))
        self.threshold = float((model or {}).get("threshold", 0.5))
        # "uncertain": the linker judges only what the rules are unsure of; "all": every candidate
        self.judges_all = (model or {}).get("judges", "uncertain") == "all"

    def score(self, features: dict[str, float]) -> float:
        """The probability that the candidate is a stated fact."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def accept(self, features: dict[str, float]) -> bool:
        return self.score(features) >= self.threshold


@cache
def packaged_linker() -> Linker | None:
    """The trained linker shipped with kg, or None when no weights file is packaged."""
    try:
        text = resources.files("kg.data").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return Linker(json.loads(text))


def _bucket(n: int, edges: tuple[int, ...] = (0, 2, 5, 10, 20, 40)) -> str:
    """A coarse size class: 0, <=2, <=5 ... so the model learns ranges, not exact numbers."""
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def _object_class(obj: Token | None, meeting_of: dict[int, str], idea: frozenset[str], position: frozenset[str]) -> str:
    if obj is None:
        return "none"
    if obj.i in meeting_of:
        return "meeting"
    low = obj.lemma_.lower()
    if low in idea:
        return "idea"
    if low in position:
        return "position"
    if obj.lower_ in {"it", "that", "this", "which", "them"}:
        return "anaphor"
    return "other"


def relation_features(
    trig: Token,
    predicate: str,
    agent: str,
    target: str,
    how: str,
    obj: Token | None,
    meetings: dict[str, Meeting],
    meeting_of: dict[int, str],
    agent_type: str,
    affiliated: dict[str, set[str]],
    idea: frozenset[str],
    position: frozenset[str],
    quoted: bool,
) -> dict[str, float]:
    """The signals of one candidate ``agent predicate target`` found from trigger ``trig``.

    Signals are named ``name=value`` with value 1.0, plus a few crossings with
    the predicate, so a linear model can weigh "how=nearby" differently for
    postponing and for agreeing.
    """
    f: dict[str, float] = {}

    def on(name: str) -> None:
        f[name] = 1.0
        f[f"{predicate}|{name}"] = 1.0

    on(f"pred={predicate}")
    on(f"how={how}")
    f[f"lemma={trig.lemma_.lower()}|{predicate}"] = 1.0
    on(f"pos={trig.pos_}")
    on(f"dep={trig.dep_}")
    on(f"obj={_object_class(obj, meeting_of, idea, position)}")
    on(f"agent={agent_type}")
    on(f"quoted={quoted}")
    m = meetings.get(target)
    if m is None:
        on("target=entity")
        return f
    on(f"kind={m.kind}")
    mentions = [j for j, mid in meeting_of.items() if mid == target]
    sent = trig.sent
    same = [j for j in mentions if sent.start <= j < sent.end]
    if same:
        on("where=sentence")
        on(f"dist={_bucket(min(abs(j - trig.i) for j in same))}")
    else:
        on("where=before")
    in_sentence = {mid for j, mid in meeting_of.items() if sent.start <= j < sent.end}
    on(f"meetings_here={min(len(in_sentence), 3)}")
    party = agent in m.participants
    side = any(agent in affiliated.get(p, set()) or p in affiliated.get(agent, set()) for p in m.participants)
    on(f"party={party}")
    on(f"side={side and not party}")
    on(f"n_parties={min(len(m.participants), 4)}")
    return f
