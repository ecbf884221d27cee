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


def evidence_for(store, predicate: str) -> dict[tuple[str, str], list[str]]:
    """(subject IRI, object IRI) -> evidence sentences, for showing errors in context."""
    q = ("SELECT ?s ?o ?sentence WHERE { ?ev rdf:subject ?s ; rdf:predicate kg:" + predicate +
         " ; rdf:object ?o ; kg:sentence ?sentence }")
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sol in store.query(q):
        out[(sol["s"].value, sol["o"].value)].append(sol["sentence"].value)
    return out


def _readable(term: tuple, pred: Predicted | None = None) -> str:
    """A term for people: a meeting by its participants, an entity by its key, an unknown node by its label."""
    kind, key = term
    if kind == "M":
        return "Meeting{" + ", ".join(sorted(key)) + "}"
    if kind == "?" and pred is not None:
        return "?" + min(pred.labels.get(key, {local_name(key)}))
    return str(key)


DCT_IDENTIFIER = "http://purl.org/dc/terms/identifier"
FN_CAUSES = ("no meeting built", "wrong meeting / participants", "missing agent", "wrong type", "missing entity")
FP_CAUSES = ("wrong meeting / participants", "wrong type", "entity not in gold", "no such relation")


def documents_from_store(store) -> dict[tuple[str, str], set[str]]:
    """(subject IRI, object IRI) -> identifiers of the articles whose named graph states a triple between them."""
    import pyoxigraph as ox

    names: dict[str, str] = {}
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for q in store.quads():
        if isinstance(q.subject, ox.Triple):
            continue
        if q.predicate.value == DCT_IDENTIFIER and isinstance(q.object, ox.Literal):
            names[q.subject.value] = q.object.value
        if not isinstance(q.graph_name, ox.DefaultGraph) and not isinstance(q.object, ox.Literal):
            pairs[(q.subject.value, q.object.value)].add(q.graph_name.value)
    return {k: {names.get(g, local_name(g)) for g in gs} for k, gs in pairs.items()}


@dataclass
class ErrorRow:
    """One false positive or miss, with the article(s) it comes from and a likely cause."""

    kind: str            # "FP" or "FN"
    predicate: str
    cause: str           # one of FP_CAUSES / FN_CAUSES
    documents: list[str]
    subject: tuple
    object: tuple


def _fn_cause(r: tuple, pred: Predicted, got: set, built: set, known: set) -> str:
    """Why a gold triple was missed: the first of the FN_CAUSES that fits."""
    s, p, o = r
    gold = pred.gold
    if any(t[0] == "M" and t[1] not in built for t in (s, o)):
        return "no meeting built"
    if any(t[0] == "E" and t[1] not in known for t in (s, o)):
        return "missing entity"
    if any(g[1] != p and gold.same_party(g[0], s) and gold.same_party(g[2], o) for g in got):
        return "wrong type"
    if p == "participant" or any(g[1] == p and gold.same_party(g[0], s) for g in got):
        return "wrong meeting / participants"
    return "missing agent"


def _fp_cause(r: tuple, gold: GoldSet) -> str:
    """Why a predicted triple is wrong: the first of the FP_CAUSES that fits."""
    s, p, o = r
    if any(t[0] == "M" and t[1] not in gold.meetings for t in (s, o)):
        return "wrong meeting / participants"
    if any(g[1] != p and gold.same_party(g[0], s) and gold.same_party(g[2], o) for g in gold.relations | gold.optional):
        return "wrong type"
    if any(t[0] == "?" for t in (s, o)):
        return "entity not in gold"
    return "no such relation"


def error_rows(pred: Predicted, scores: Scores, store=None) -> list[ErrorRow]:
    """Every error of ``scores`` with its article(s) and cause, the articles sorted, FPs first.

    Misses are placed in the gold files that state them; false positives in the articles whose
    named graph holds the predicted triple (needs ``store``; otherwise "?").
    """
    v = vocabulary()
    got_all = {(pred.term(s), p, pred.term(o)) for p in v.predicates for s, o in pred.edges[p]}
    built = {pred.meeting(n) for n, ts in pred.types.items() if "Meeting" in ts}
    known = {pred.entity(n) for n, ts in pred.types.items() if ts & set(v.entity_types)} - {None}
    docs = documents_from_store(store) if store is not None else {}
    raw: dict[tuple, set[str]] = defaultdict(set)
    if docs:
        for p in v.predicates:
            for s, o in pred.edges[p]:
                raw[(pred.term(s), p, pred.term(o))] |= docs.get((s, o), set())
    rows = []
    for kind, r in scores.errors:
        if kind == "FP":
            cause, where = _fp_cause(r, pred.gold), raw.get(r) or {"?"}
        else:
            cause, where = _fn_cause(r, pred, got_all, built, known), pred.gold.documents.get(r) or {"?"}
        rows.append(ErrorRow(kind, r[1], cause, sorted(where), r[0], r[2]))
    return rows


def error_table(rows: list[ErrorRow], kind: str) -> str:
    """A document x cause table of the FP or FN rows (each error counted in its first article).

    >>> print(error_table([ErrorRow("FN", "proposed", "missing agent", ["a1"], ("E", "x"), ("E", "y"))], "FN"))
    misses (FN)  no meeting built  wrong meeting / participants  missing agent  wrong type  missing entity  total
    a1                          0                             0              1           0               0      1
    total                       0                             0              1           0               0      1
    """
    causes = FP_CAUSES if kind == "FP" else FN_CAUSES
    title = "false positives (FP)" if kind == "FP" else "misses (FN)"
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if row.kind == kind:
            counts[row.documents[0]][row.cause] += 1
    width = max([len(title), len("total"), *(len(d) for d in counts)])
    lines = [f"{title:<{width}}" + "".join(f"  {c}" for c in causes) + "  total"]
    for doc in [*sorted(counts), "total"]:
        n = counts[doc] if doc != "total" else {c: sum(counts[d][c] for d in counts) for c in causes}
        lines.append(f"{doc:<{width}}" + "".join(f"  {n.get(c, 0):>{len(c)}}" for c in causes)
                     + f"  {sum(n.get(c, 0) for c in causes):>5}")
    return "\n".join(lines)


def show_errors(pred: Predicted, scores: Scores, store=None) -> str:
    """The errors as two document x cause tables (false positives, misses), then one line each,
    grouped by article, false positives with the sentences that produced them."""
    rows = error_rows(pred, scores, store)
    lines = [error_table(rows, "FP"), "", error_table(rows, "FN")]
    sentences: dict[str, dict] = {}
    for doc in sorted({r.documents[0] for r in rows}):
        lines += ["", f"== {doc}"]
        for row in (r for r in rows if r.documents[0] == doc):
            also = f"  (also {', '.join(row.documents[1:])})" if len(row.documents) > 1 else ""
            lines.append(f"{row.kind} {row.predicate} [{row.cause}]: {_readable(row.subject, pred)} -> {_readable(row.object, pred)}{also}")
            if row.kind == "FP" and store is not None:
                if row.predicate not in sentences:
                    sentences[row.predicate] = evidence_for(store, row.predicate)
                for (ps, po), sents in sentences[row.predicate].items():
                    if (pred.term(ps), pred.term(po)) == (row.subject, row.object):
                        for sent in sents[:2]:
                            lines.append(f"     « {sent[:200]} »")
    return "\n".join(lines)
