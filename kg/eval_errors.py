"""Evaluation errors in context: each false positive and miss with its article(s), its cause and its sentences.

What ``kg eval --show-errors`` prints, beside the scores of :mod:`kg.evaluate`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .evaluate import GoldSet, Predicted, Scores, local_name
from .vocab import vocabulary


def evidence_for(store, predicate: str) -> dict[tuple[str, str], list[str]]:
    """(subject IRI, object IRI) -> evidence sentences, for showing errors in context."""
    q = (
        "SELECT ?s ?o ?sentence WHERE { ?ev rdf:subject ?s ; rdf:predicate kg:"
        + predicate
        + " ; rdf:object ?o ; kg:sentence ?sentence }"
    )
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

    kind: str  # "FP" or "FN"
    predicate: str
    cause: str  # one of FP_CAUSES / FN_CAUSES
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
        lines.append(
            f"{doc:<{width}}"
            + "".join(f"  {n.get(c, 0):>{len(c)}}" for c in causes)
            + f"  {sum(n.get(c, 0) for c in causes):>5}"
        )
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
            lines.append(
                f"{row.kind} {row.predicate} [{row.cause}]: {_readable(row.subject, pred)} -> {_readable(row.object, pred)}{also}"
            )
            if row.kind == "FP" and store is not None:
                if row.predicate not in sentences:
                    sentences[row.predicate] = evidence_for(store, row.predicate)
                for (ps, po), sents in sentences[row.predicate].items():
                    if (pred.term(ps), pred.term(po)) == (row.subject, row.object):
                        for sent in sents[:2]:
                            lines.append(f"     « {sent[:200]} »")
    return "\n".join(lines)
