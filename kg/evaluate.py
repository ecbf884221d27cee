"""Evaluation: score a graph against gold annotations (the rules of ``GUIDELINES.md``).

* Entities match a gold entity of the same type when one of their labels,
  normalised (lower case, no punctuation, no possessive 's, no leading
  "the"), equals the gold name or an alias. Optional gold entities neither
  count for nor against.
* A predicted meeting stands for the gold meeting whose participant set it
  overlaps most, when the Jaccard overlap is at least 0.5.
* Relations are compared corpus-wide as (subject, predicate, object) after
  mapping entities and meetings; optional gold relations are ignored.

>>> norm("The Ministry’s")
'ministry'
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ENTITY_TYPES = ("Person", "Place", "Organization")
PREDICATES = ("proposed", "agreed", "postponed", "mediated", "participant", "location", "affiliation")
HEADLINE = PREDICATES[:4]
LABELS = {"label", "prefLabel", "altLabel", "hiddenLabel", "name", "alternateName"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
SUBPROP = "http://www.w3.org/2000/01/rdf-schema#subPropertyOf"


def norm(name: str) -> str:
    """Normalise a name as the guidelines say."""
    s = unicodedata.normalize("NFKC", name).replace("’", "'").lower().strip()
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s[4:] if s.startswith("the ") else s


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


def load_gold(gold_dir: str | Path) -> GoldSet:
    """Read every ``*.json`` gold file of a folder."""
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
        for s, p, o, is_lit in triples:
            if p == RDF_TYPE:
                for c in classes.get(o, {o}):
                    if local_name(c) in ENTITY_TYPES or local_name(c) == "Meeting":
                        self.types[s].add(local_name(c))
                continue
            names = {local_name(x) for x in props.get(p, {p})}
            if is_lit and names & LABELS:
                self.labels[s].add(o)
            for n in names & set(PREDICATES):
                self.edges[n].add((s, o))

    def entity(self, node: str) -> str | None:
        keys: set[str] = set()
        for lab in self.labels.get(node, ()):
            keys |= self.gold.aliases.get(norm(lab), set())
        if not keys:
            keys = set(self.gold.aliases.get(norm(local_name(node).replace("_", " ")), set()))
        return min(keys) if keys else None

    def meeting(self, node: str) -> frozenset:
        parts = set()
        for s, o in self.edges["participant"]:
            if s == node:
                k = self.entity(o)
                parts.add(k if k else "?" + min(self.labels.get(o, {o})))
        parts = frozenset(parts)
        if not parts or parts in self.gold.meetings:
            return parts
        best = max(self.gold.meetings, default=None,
                   key=lambda m: (len(parts & m) / len(parts | m), len(parts & m), sorted(m)))
        if best is not None and len(parts & best) / len(parts | best) >= 0.5:
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


@dataclass
class Scores:
    entities: dict[str, dict]
    relations: dict[str, dict]
    errors: list[tuple[str, tuple]]


def score(pred: Predicted) -> Scores:
    """Precision, recall and F1 per entity type and per predicate, plus micro and headline averages."""
    gold = pred.gold
    entities = {}
    for t in ENTITY_TYPES:
        hit: set[str] = set()
        fp = 0
        for node, ts in pred.types.items():
            if t not in ts or "Meeting" in ts:
                continue
            k = pred.entity(node)
            ge = gold.entities.get(k) if k else None
            if ge is None or ge["type"] != t or k in hit:
                fp += 1
            elif not ge["optional"]:
                hit.add(k)
        want = {k for k, e in gold.entities.items() if e["type"] == t and not e["optional"]}
        entities[t] = _prf(len(hit & want), fp, len(want - hit))
    found = {pred.meeting(n) for n, ts in pred.types.items() if "Meeting" in ts}
    entities["Meeting"] = _prf(len(found & gold.meetings), len(found - gold.meetings), len(gold.meetings - found))
    relations, errors = {}, []
    tot, head = [0, 0, 0], [0, 0, 0]
    for p in PREDICATES:
        got = {(pred.term(s), p, pred.term(o)) for s, o in pred.edges[p]}
        want = {r for r in gold.relations if r[1] == p}
        wrong = got - want - gold.optional
        missed = want - got
        errors += [("FP", r) for r in sorted(wrong, key=str)] + [("FN", r) for r in sorted(missed, key=str)]
        s = _prf(len(got & want), len(wrong), len(missed))
        relations[p] = s
        tot = [tot[0] + s["tp"], tot[1] + s["fp"], tot[2] + s["fn"]]
        if p in HEADLINE:
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


def _readable(term: tuple) -> str:
    kind, key = term
    if kind == "M":
        return "Meeting{" + ", ".join(sorted(key)) + "}"
    return str(key)


def evidence_for(store, predicate: str) -> dict[tuple[str, str], list[str]]:
    """(subject IRI, object IRI) -> evidence sentences, for showing errors in context."""
    q = ("SELECT ?s ?o ?sentence WHERE { ?ev rdf:subject ?s ; rdf:predicate kg:" + predicate +
         " ; rdf:object ?o ; kg:sentence ?sentence }")
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sol in store.query(q):
        out[(sol["s"].value, sol["o"].value)].append(sol["sentence"].value)
    return out


def show_errors(pred: Predicted, scores: Scores, store=None) -> str:
    """False positives with the sentences that produced them, and misses."""
    lines = []
    for kind, (s, p, o) in scores.errors:
        lines.append(f"{kind} {p}: {_readable(s)} -> {_readable(o)}")
        if kind == "FP" and store is not None:
            for (ps, po), sents in evidence_for(store, p).items():
                if pred.term(ps) == s and pred.term(po) == o:
                    for sent in sents[:2]:
                        lines.append(f"     « {sent[:200]} »")
    return "\n".join(lines)
