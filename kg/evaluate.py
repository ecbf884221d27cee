"""Evaluation: score a graph against gold annotations (the rules of ``GUIDELINES.md``).

* Entities match a gold entity of the same type when one of their labels,
  normalised (lower case, no punctuation, no possessive 's, no leading
  "the"), equals the gold name or an alias. Optional gold entities neither
  count for nor against.
* A predicted meeting stands for the gold meeting whose participant set it
  overlaps most, when the Jaccard overlap is at least 0.5; failing that, both
  sets are widened with the places and organisations their people have a role
  in (gold ``affiliation``) and compared the same way.
* Relations are compared corpus-wide as (subject, predicate, object) after
  mapping entities and meetings, one to one: exact matches first, then (for
  every predicate but ``affiliation``) a person may stand for the country or
  organisation the gold gives them a role in, at either end. Optional gold
  relations neither count for nor against.

This is ``../shared/eval/score.py`` (v2) over kg's own store; the tests check
that both give the same figures on every annotated set.

>>> norm("The Ministry’s")
'ministry'
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .names import name_key
from .vocab import vocabulary

_FROM_VOCABULARY = {"ENTITY_TYPES": "entity_types", "PREDICATES": "predicates", "HEADLINE": "headline"}


def __getattr__(name: str):
    """``ENTITY_TYPES``, ``PREDICATES`` and ``HEADLINE``: read from the vocabulary in use (kg.vocab)."""
    if name in _FROM_VOCABULARY:
        return getattr(vocabulary(), _FROM_VOCABULARY[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

LABELS = {"label", "prefLabel", "altLabel", "hiddenLabel", "name", "alternateName"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
SUBPROP = "http://www.w3.org/2000/01/rdf-schema#subPropertyOf"


def norm(name: str) -> str:
    """Normalise a name as the guidelines say (:func:`kg.names.name_key`, no leading "the")."""
    return name_key(name, drop_article=True)


def local_name(iri: str) -> str:
    return re.split(r"[#/:]", iri)[-1]


# ------------------------------------------------------------------ gold

@dataclass
class GoldSet:
    entities: dict[str, dict] = field(default_factory=dict)          # key -> {type, optional}
    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    meetings: set[frozenset] = field(default_factory=set)
    relations: set[tuple] = field(default_factory=set)
    optional: set[tuple] = field(default_factory=set)
    stands_for: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # person -> its sides
    documents: dict[tuple, set[str]] = field(default_factory=lambda: defaultdict(set))  # triple -> gold files

    def party_closure(self, keys) -> frozenset:
        """The keys plus every place or organisation a person among them has a role in.

        >>> g = GoldSet(); g.stands_for["ann lee"].add("utopia")
        >>> sorted(g.party_closure({"ann lee", "bob"}))
        ['ann lee', 'bob', 'utopia']
        """
        out = set(keys)
        for k in keys:
            out |= self.stands_for.get(k, set())
        return frozenset(out)

    def same_party(self, a: tuple, b: tuple) -> bool:
        """Two terms name the same side: equal, or one is a person with a role in the other.

        >>> g = GoldSet(); g.stands_for["ann lee"].add("utopia")
        >>> g.same_party(("E", "ann lee"), ("E", "utopia")), g.same_party(("E", "bob"), ("E", "utopia"))
        (True, False)
        """
        if a == b:
            return True
        if a[0] != "E" or b[0] != "E":
            return False
        return a[1] in self.stands_for.get(b[1], ()) or b[1] in self.stands_for.get(a[1], ())


def load_gold(gold_dir: str | Path) -> GoldSet:
    """Read every ``*.json`` gold file of a folder."""
    if not Path(gold_dir).is_dir():
        raise FileNotFoundError(f"the gold folder {gold_dir} does not exist (from {Path.cwd()}); the shared gold sits "
                                "beside the checkout as ../shared/eval/gold, the development gold in eval/dev/gold")
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no gold files (*.json) in {gold_dir}")
    gold = GoldSet()
    for f in files:
        doc = json.loads(f.read_text(encoding="utf-8"))
        ids: dict[str, tuple] = {}
        for e in doc["entities"]:
            if e["type"] == "Meeting":
                continue
            key = norm(e["name"])
            ids[e["id"]] = ("E", key)
            before = gold.entities.get(key)
            optional = bool(e.get("optional")) and (before is None or before["optional"])
            gold.entities[key] = {"type": e["type"], "optional": optional}
            for a in [e["name"], *e.get("aliases", [])]:
                gold.aliases[norm(a)].add(key)
        for e in doc["entities"]:
            if e["type"] == "Meeting":
                parts = frozenset(ids[p][1] for p in e["participants"])
                ids[e["id"]] = ("M", parts)
                gold.meetings.add(parts)
        for r in doc["relations"]:
            t = (ids[r["subject"]], r["predicate"], ids[r["object"]])
            (gold.optional if r.get("optional") else gold.relations).add(t)
            gold.documents[t].add(Path(doc.get("document") or f.name).stem)
            if r["predicate"] == "affiliation":   # optional roles too, as score.py reads them
                gold.stands_for[t[0][1]].add(t[2][1])
    gold.optional -= gold.relations
    return gold


# ------------------------------------------------------------------ prediction

def _closure(pairs: list[tuple[str, str]]) -> dict[str, set[str]]:
    up = defaultdict(set)
    for a, b in pairs:
        up[a].add(b)
    out = {}
    for start in list(up):
        seen, stack = {start}, [start]
        while stack:
            for nxt in up.get(stack.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        out[start] = seen
    return out


class Predicted:
    """The parts of a graph the scoring reads, from (subject, predicate, object, object-is-literal) rows."""

    def __init__(self, triples: list[tuple[str, str, str, bool]], gold: GoldSet):
        self.gold = gold
        classes = _closure([(s, o) for s, p, o, _ in triples if p == SUBCLASS])
        props = _closure([(s, o) for s, p, o, _ in triples if p == SUBPROP])
        self.types: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, set[str]] = defaultdict(set)
        self.edges: dict[str, set[tuple[str, str]]] = defaultdict(set)
        v = vocabulary()
        entity_types, predicates = set(v.entity_types), set(v.predicates)
        for s, p, o, is_lit in triples:
            if p == RDF_TYPE:
                for c in classes.get(o, {o}):
                    if local_name(c) in entity_types or local_name(c) == "Meeting":
                        self.types[s].add(local_name(c))
                continue
            names = {local_name(x) for x in props.get(p, {p})}
            if is_lit and names & LABELS:
                self.labels[s].add(o)
            for n in names & predicates:
                self.edges[n].add((s, o))

    def entity(self, node: str) -> str | None:
        keys: set[str] = set()
        for lab in self.labels.get(node, ()):
            keys |= self.gold.aliases.get(norm(lab), set())
        if not keys:
            keys = set(self.gold.aliases.get(norm(local_name(node).replace("_", " ")), set()))
        return min(keys) if keys else None

    def meeting(self, node: str) -> frozenset:
        named: set[str] = set()
        for s, o in self.edges["participant"]:
            if s == node:
                k = self.entity(o)
                named.add(k if k else "?" + min(self.labels.get(o, {o})))
        parts = frozenset(named)
        if not parts or parts in self.gold.meetings:
            return parts
        best = max(self.gold.meetings, default=None,
                   key=lambda m: (len(parts & m) / len(parts | m), len(parts & m), sorted(m)))
        if best is not None and len(parts & best) / len(parts | best) >= 0.5:
            return best
        # a meeting of two presidents stands for the talks between their countries, and the reverse
        wide = self.gold.party_closure(parts)

        def overlap(m: frozenset) -> float:
            gm = self.gold.party_closure(m)
            return len(wide & gm) / len(wide | gm)

        best = max(self.gold.meetings, default=None, key=lambda m: (overlap(m), sorted(m)))
        if best is not None and overlap(best) >= 0.5:
            return best
        return parts

    def term(self, node: str) -> tuple:
        if "Meeting" in self.types.get(node, ()):
            return ("M", self.meeting(node))
        k = self.entity(node)
        return ("E", k) if k else ("?", node)


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def match_relations(got: set, want: set, opt: set, gold: GoldSet, tolerant: bool) -> tuple[set, set, set]:
    """Pair predicted with gold triples one to one: exact pairs first, then, where ``tolerant``,
    pairs whose ends name the same side (a person for the country or organisation the gold gives
    them a role in, or the reverse). A predicted triple that is, or stands for, an optional gold
    triple is neither right nor wrong. Returns (true positives, false positives, misses), the true
    positives as the gold triples they matched. The order of the tolerant pass is score.py's.

    >>> g = GoldSet(); g.stands_for["ann lee"].add("utopia")
    >>> m = ("M", frozenset({"utopia", "ruritania"}))
    >>> tp, fp, fn = match_relations({(("E", "ann lee"), "proposed", m)}, {(("E", "utopia"), "proposed", m)}, set(), g, True)
    >>> len(tp), len(fp), len(fn)
    (1, 0, 0)
    """
    tp = got & want
    rest_got, rest_want = sorted(got - want, key=str), set(want - got)
    fp: set = set()
    for r in rest_got:
        if r in opt:
            continue
        hit = None
        if tolerant:
            hit = next((w for w in sorted(rest_want, key=str)
                        if gold.same_party(r[0], w[0]) and gold.same_party(r[2], w[2])), None)
        if hit is not None:
            rest_want.discard(hit)
            tp = tp | {hit}
        elif tolerant and any(gold.same_party(r[0], o[0]) and gold.same_party(r[2], o[2]) for o in opt):
            continue
        else:
            fp.add(r)
    return tp, fp, rest_want


@dataclass
class Scores:
    entities: dict[str, dict]
    relations: dict[str, dict]
    errors: list[tuple[str, tuple]]


def score(pred: Predicted) -> Scores:
    """Precision, recall and F1 per entity type and per predicate, plus micro and headline averages."""
    gold = pred.gold
    v = vocabulary()
    entities = {}
    for t in v.entity_types:
        hit: set[str] = set()
        fp = 0
        for node, ts in pred.types.items():
            if t not in ts or "Meeting" in ts:
                continue
            k = pred.entity(node)
            ge = gold.entities.get(k) if k else None
            if ge is None or ge["type"] != t or k in hit:
                fp += 1
            elif k is not None and not ge["optional"]:  # k is set whenever ge is
                hit.add(k)
        wanted = {k for k, e in gold.entities.items() if e["type"] == t and not e["optional"]}
        entities[t] = _prf(len(hit & wanted), fp, len(wanted - hit))
    found = {pred.meeting(n) for n, ts in pred.types.items() if "Meeting" in ts}
    entities["Meeting"] = _prf(len(found & gold.meetings), len(found - gold.meetings), len(gold.meetings - found))
    relations, errors = {}, []
    tot, head = [0, 0, 0], [0, 0, 0]
    for p in v.predicates:
        got = {(pred.term(s), p, pred.term(o)) for s, o in pred.edges[p]}
        want = {r for r in gold.relations if r[1] == p}
        opt = {r for r in gold.optional if r[1] == p}
        hits, wrong, missed = match_relations(got, want, opt, gold, tolerant=p != "affiliation")
        errors += [("FP", r) for r in sorted(wrong, key=str)] + [("FN", r) for r in sorted(missed, key=str)]
        s = _prf(len(hits), len(wrong), len(missed))
        relations[p] = s
        tot = [tot[0] + s["tp"], tot[1] + s["fp"], tot[2] + s["fn"]]
        if p in v.headline:
            head = [head[0] + s["tp"], head[1] + s["fp"], head[2] + s["fn"]]
    relations["headline"] = _prf(*head)
    relations["micro"] = _prf(*tot)
    return Scores(entities, relations, errors)


def triples_from_store(store) -> list[tuple[str, str, str, bool]]:
    """(s, p, o, o-is-literal) rows of every graph of a :class:`~kg.store.OxigraphStore`."""
    import pyoxigraph as ox

    return [(q.subject.value, q.predicate.value, q.object.value, isinstance(q.object, ox.Literal))
            for q in store.quads() if not isinstance(q.subject, ox.Triple)]


def format_scores(s: Scores) -> str:
    lines = [f"{'':14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for group in (s.entities, s.relations):
        for name, v in group.items():
            lines.append(f"{name:14}{v['precision']:7.3f}{v['recall']:7.3f}{v['f1']:7.3f}{v['tp']:5}{v['fp']:5}{v['fn']:5}")
    lines.append(f"relations micro F1 {s.relations['micro']['f1']:.3f}")
    return "\n".join(lines)
