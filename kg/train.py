"""Train the relation linker from annotated articles: ``python -m kg.train`` (or ``kg train``).

The pipeline runs with the rules alone over every article of the gold sets;
each candidate relation it proposes (``doc._.kg_candidates``) is labelled by
the article's gold: true when the gold states the same agent, predicate and
meeting (a person standing for the country or organisation the gold gives
them a role in counts, as in the scorer), false otherwise; candidates that
only a gold relation marked optional supports are left out. A logistic model
is fitted by full-batch gradient descent with L2 (deterministic: no random
state), the acceptance threshold is chosen on document-wise cross-validated
scores to maximise F1 with precision at least ``min_precision``, and the
weights are written as JSON (``kg/data/linker.json`` by default).

Never train on the test set: the default sets are the sample articles,
``eval/dev``, ``eval/extra`` and the shared news-train set.

>>> fit([{"a": 1.0}, {"b": 1.0}] * 20, [1, 0] * 20, epochs=300)["weights"]["a"] > 0
True
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .evaluate import norm
from .nlp.linker import RULE_PATHS

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_SETS = [
    (ROOT / "examples", SHARED / "eval" / "gold"),
    (ROOT / "eval" / "dev" / "corpus", ROOT / "eval" / "dev" / "gold"),
    (ROOT / "eval" / "extra" / "corpus", ROOT / "eval" / "extra" / "gold"),
    (SHARED / "corpus" / "news-train", SHARED / "eval" / "news-train"),
]
OUT = Path(__file__).resolve().parent / "data" / "linker.json"


@dataclass
class GoldDoc:
    """One article's gold, keyed by gold ids."""

    alias: dict[str, str]                 # normalised name or alias -> gold entity id
    meetings: dict[str, frozenset[str]]   # gold meeting id -> participant ids
    relations: set[tuple]                 # (subject, predicate, object); a meeting end is its participant set
    optional: set[tuple]
    roles: dict[str, set[str]]            # person id -> ids of the places/organisations they have a role in

    def same_party(self, a, b) -> bool:
        return a == b or b in self.roles.get(a, set()) or a in self.roles.get(b, set())

    def closure(self, ids: Iterable[str]) -> frozenset[str]:
        out = set(ids)
        for i in list(out):
            out |= self.roles.get(i, set())
        return frozenset(out)


def read_gold(path: Path) -> GoldDoc:
    """A gold file as :class:`GoldDoc`."""
    d = json.loads(path.read_text(encoding="utf-8"))
    alias: dict[str, str] = {}
    meetings: dict[str, frozenset[str]] = {}
    for e in d["entities"]:
        if e["type"] == "Meeting":
            meetings[e["id"]] = frozenset(e["participants"])
            continue
        for a in [e["name"], *e.get("aliases", [])]:
            alias.setdefault(norm(a), e["id"])
    rels: set[tuple] = set()
    opt: set[tuple] = set()
    roles: dict[str, set[str]] = {}
    def key(i: str):
        # as in the scorer, a meeting is its participant set: two gold meetings with one set are one key
        return meetings[i] if i in meetings else i

    for r in d["relations"]:
        t = (key(r["subject"]), r["predicate"], key(r["object"]))
        (opt if r.get("optional") else rels).add(t)
        if r["predicate"] == "affiliation":
            roles.setdefault(r["subject"], set()).add(r["object"])
    return GoldDoc(alias, meetings, rels, opt - rels, roles)


def _gold_entity(entity, gold: GoldDoc) -> str | None:
    for name in [entity.name, *sorted(entity.aliases)]:
        gid = gold.alias.get(norm(name))
        if gid:
            return gid
    return None


def _gold_meeting(parts: set[str], gold: GoldDoc) -> frozenset[str] | None:
    """The participant set of the gold meeting a predicted participant set stands for (Jaccard >= 0.5,
    then widened by roles), which is the meeting's key as the scorer reads it."""
    def best(key):
        scored = [(key(g), mid) for mid, g in gold.meetings.items()]
        return max(scored, default=(0.0, None))

    if not parts:
        return None
    s, mid = best(lambda g: len(parts & g) / len(parts | g))
    if s >= 0.5 and mid is not None:
        return gold.meetings[mid]
    wide = gold.closure(parts)
    s, mid = best(lambda g: len(wide & gold.closure(g)) / len(wide | gold.closure(g)))
    return gold.meetings[mid] if s >= 0.5 and mid is not None else None


def label(doc, gold: GoldDoc, judges: str = "uncertain") -> list[tuple[dict[str, float], int]]:
    """(features, 0/1) for every candidate of a processed ``Doc`` that the gold decides (with
    ``judges="uncertain"``, only those the rules are unsure of)."""
    table = doc._.kg_table
    ents = {eid: _gold_entity(e, gold) for eid, e in table.entities.items()}
    meets = {m.id: _gold_meeting({g for p in m.participants if (g := ents.get(p))}, gold)
             for m in doc._.kg_meetings or []}
    out = []
    for c in doc._.kg_candidates or []:
        if c.how in RULE_PATHS and judges != "all":
            continue          # the rules keep these; the linker judges what they are unsure of
        r = c.relation
        subj = ents.get(r.subject)
        obj = meets.get(r.object) if r.object in meets else ents.get(r.object)
        if subj is None or obj is None:
            out.append((c.features, 0))
            continue

        def stated(pool: set[tuple]) -> bool:
            return any(p == r.predicate and gold.same_party(subj, s) and gold.same_party(obj, o) for s, p, o in pool)

        if stated(gold.relations):
            out.append((c.features, 1))
        elif not stated(gold.optional):
            out.append((c.features, 0))
    return out


def collect(sets: list[tuple[Path, Path]], judges: str = "uncertain") -> tuple[list[dict[str, float]], list[int], list[int]]:
    """Features, labels and a document number per candidate over every article with gold."""
    from .extract import _with_published
    from .ingest import read_documents
    from .nlp import load_pipeline

    nlp = load_pipeline(linker=False)
    X: list[dict[str, float]] = []
    y: list[int] = []
    groups: list[int] = []
    n = 0
    for corpus, gold_dir in sets:
        if not corpus.is_dir() or not gold_dir.is_dir():
            continue
        docs = list(read_documents([corpus]))
        items = ((d.text, d) for d in docs)
        for doc, document in nlp.pipe(_with_published(items, nlp), as_tuples=True, batch_size=16):
            gpath = gold_dir / (Path(document.path or document.doc_id).stem + ".json")
            if not gpath.exists():
                continue
            for feats, lab in label(doc, read_gold(gpath), judges):
                X.append(feats)
                y.append(lab)
                groups.append(n)
            n += 1
    return X, y, groups


def _matrix(X: list[dict[str, float]], names: list[str]) -> np.ndarray:
    index = {k: i for i, k in enumerate(names)}
    m = np.zeros((len(X), len(names)))
    for r, feats in enumerate(X):
        for k, v in feats.items():
            if k in index:
                m[r, index[k]] = v
    return m


def fit(X: list[dict[str, float]], y: list[int], l2: float = 1.0, epochs: int = 2000, lr: float = 0.5,
        min_count: int = 2) -> dict:
    """A logistic model over the features seen at least ``min_count`` times (full-batch, deterministic)."""
    counts: dict[str, int] = {}
    for feats in X:
        for k in feats:
            counts[k] = counts.get(k, 0) + 1
    names = sorted(k for k, c in counts.items() if c >= min_count)
    A = _matrix(X, names)
    t = np.asarray(y, dtype=float)
    w = np.zeros(len(names))
    b = 0.0
    n = max(len(t), 1)
    for _ in range(epochs):
        z = np.clip(A @ w + b, -30, 30)
        p = 1.0 / (1.0 + np.exp(-z))
        g = p - t
        w -= lr * (A.T @ g / n + l2 * w / n)
        b -= lr * float(g.mean())
    return {"bias": round(b, 6), "weights": {k: round(float(v), 6) for k, v in zip(names, w) if abs(v) > 1e-6},
            "threshold": 0.5}


def _scores(model: dict, X: list[dict[str, float]]) -> list[float]:
    from .nlp.linker import Linker

    lk = Linker(model)
    return [lk.score(f) for f in X]


def choose_threshold(scores: list[float], y: list[int], min_precision: float) -> float:
    """The threshold with the best F1 among those whose precision is at least ``min_precision``
    (1.0, which keeps nothing, when none reaches it).

    >>> choose_threshold([0.9, 0.8, 0.3, 0.2], [1, 1, 0, 1], 0.8)
    0.8
    >>> choose_threshold([0.9, 0.8], [0, 0], 0.5)
    1.0
    """
    pos = sum(y)
    best, best_t = -1.0, 1.0      # no threshold reaches the floor: keep nothing the rules are unsure of
    for t in sorted(set(scores)):
        tp = sum(1 for s, lab in zip(scores, y) if s >= t and lab)
        fp = sum(1 for s, lab in zip(scores, y) if s >= t and not lab)
        if tp == 0:
            continue
        p, r = tp / (tp + fp), tp / pos
        f = 2 * p * r / (p + r)
        if p >= min_precision and f > best:
            best, best_t = f, t
    return round(best_t, 6)


def cross_validated(X, y, groups, folds: int = 5, **kw) -> list[float]:
    """Scores of every candidate from a model that did not see its document."""
    out = [0.0] * len(y)
    for k in range(folds):
        train = [i for i, g in enumerate(groups) if g % folds != k]
        test = [i for i, g in enumerate(groups) if g % folds == k]
        model = fit([X[i] for i in train], [y[i] for i in train], **kw)
        for i, s in zip(test, _scores(model, [X[i] for i in test])):
            out[i] = s
    return out


def train(sets: list[tuple[Path, Path]] | None = None, out: Path = OUT, min_precision: float = 0.6,
          l2: float = 3.0, judges: str = "all") -> dict:
    """Collect, fit, choose the threshold, write the weights; returns the model with its figures."""
    sets = sets or DEFAULT_SETS
    if any("news-test" in str(c) or "news-test" in str(g) for c, g in sets):
        raise SystemExit("refusing to train on news-test: it is the held-out set; train on news-train, eval/dev, eval/extra")
    X, y, groups = collect(sets, judges)
    if not y or not any(y):
        raise SystemExit("no labelled candidates: check that the corpus and gold folders exist and match by file name")
    cv = cross_validated(X, y, groups, l2=l2)
    model = fit(X, y, l2=l2)
    model["threshold"] = choose_threshold(cv, y, min_precision)
    model["judges"] = judges
    model["trained_on"] = {"candidates": len(y), "positive": int(sum(y)), "documents": len(set(groups))}
    out.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return model


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m kg.train", description=__doc__.splitlines()[0])
    ap.add_argument("--set", nargs=2, action="append", metavar=("CORPUS", "GOLD"), type=Path,
                    help="a corpus folder and its gold folder (repeatable; default: seeds, eval/dev, eval/extra, news-train)")
    ap.add_argument("-o", "--output", type=Path, default=OUT, help=f"weights file (default: {OUT})")
    ap.add_argument("--min-precision", type=float, default=0.6,
                    help="the threshold keeps cross-validated precision at least this (default 0.6)")
    ap.add_argument("--judges", choices=["all", "uncertain"], default="all",
                    help="which candidates the linker decides: every one (default), or those the rules are unsure of")
    ap.add_argument("--l2", type=float, default=3.0, help="L2 penalty of the logistic model (default 3.0)")
    a = ap.parse_args(argv)
    model = train([tuple(s) for s in a.set] if a.set else None, a.output, a.min_precision, a.l2, a.judges)
    info = model["trained_on"]
    print(f"trained on {info['candidates']} candidates ({info['positive']} true) from {info['documents']} articles; "
          f"threshold {model['threshold']}; weights in {a.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
