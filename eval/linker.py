"""Measure what the learned linker adds to the rules, on articles neither saw in training.

    python eval/linker.py [--folds 2] [--min-precision 0.6] [--l2 3] [--judges all|uncertain]

news-train is split into folds by file order; for each fold a linker is trained
(``kg.train``) on the sample articles, eval/dev, eval/extra and the other folds,
and the held-out fold is extracted twice: rules alone, and rules + that linker.
Prints relation micro F1 and headline F1 / precision per fold and pooled. The
test set is never used.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from kg.evaluate import Predicted, load_gold, score, triples_from_store
from kg.export import serialize
from kg.extract import extract_documents
from kg.ingest import read_documents
from kg.nlp import load_pipeline
from kg.nlp.linker import Linker
from kg.rdf import to_dataset
from kg.resolve import resolve
from kg.store import OxigraphStore
from kg.train import SHARED, collect, cross_validated, choose_threshold, fit, ROOT

TRAIN = (SHARED / "corpus" / "news-train", SHARED / "eval" / "news-train")
ALWAYS = [
    (ROOT / "examples", SHARED / "eval" / "gold"),
    (ROOT / "eval" / "dev" / "corpus", ROOT / "eval" / "dev" / "gold"),
    (ROOT / "eval" / "extra" / "corpus", ROOT / "eval" / "extra" / "gold"),
]


def _fold_dirs(k: int, folds: int, tmp: Path) -> tuple[tuple[Path, Path], tuple[Path, Path]]:
    """(held-out fold, the other folds) of news-train as folders of links."""
    texts = sorted(TRAIN[0].glob("*.txt"))
    out = []
    for name, keep in (("held", lambda i: i % folds == k), ("rest", lambda i: i % folds != k)):
        c, g = tmp / f"{name}{k}" / "corpus", tmp / f"{name}{k}" / "gold"
        c.mkdir(parents=True)
        g.mkdir(parents=True)
        for i, t in enumerate(texts):
            if keep(i):
                (c / t.name).symlink_to(t)
                (g / (t.stem + ".json")).symlink_to(TRAIN[1] / (t.stem + ".json"))
        out.append((c, g))
    return out[0], out[1]


def scores(corpus: Path, gold: Path, linker: Linker | None) -> dict:
    nlp = load_pipeline()   # the very pipeline extract_documents uses (cached per configuration)
    finder = nlp.get_pipe("kg_relations")
    saved, finder.linker = finder.linker, linker
    try:
        docs = list(read_documents([corpus]))
        ds = to_dataset(resolve(list(extract_documents(docs))), {d.doc_id: d.raw for d in docs})
    finally:
        finder.linker = saved
    store = OxigraphStore.in_memory()
    store.load_nquads(serialize(ds, "nq"))
    return score(Predicted(triples_from_store(store), load_gold(gold))).relations


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--min-precision", type=float, default=0.6)
    ap.add_argument("--l2", type=float, default=3.0)
    ap.add_argument("--judges", choices=["uncertain", "all"], default="all",
                    help="which candidates the linker decides: those the rules are unsure of, or every one")
    a = ap.parse_args()
    pooled = {"rules": [0, 0, 0], "rules+linker": [0, 0, 0]}
    print(f"{'fold':5} {'decider':13} {'micro F1':>9} {'headline F1':>12} {'headline P':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(a.folds):
            held, rest = _fold_dirs(k, a.folds, Path(tmp))
            X, y, groups = collect([*ALWAYS, rest], a.judges)
            model = fit(X, y, l2=a.l2)
            model["judges"] = a.judges
            model["threshold"] = choose_threshold(cross_validated(X, y, groups, l2=a.l2), y, a.min_precision)
            for name, linker in (("rules", None), ("rules+linker", Linker(model))):
                r = scores(*held, linker)
                h = r["headline"]
                pooled[name] = [pooled[name][0] + h["tp"], pooled[name][1] + h["fp"], pooled[name][2] + h["fn"]]
                print(f"{k:<5} {name:13} {r['micro']['f1']:9.3f} {h['f1']:12.3f} {h['precision']:11.3f}")
    for name, (tp, fp, fn) in pooled.items():
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        print(f"{'all':5} {name:13} {'':9} {2 * p * r / max(p + r, 1e-9):12.3f} {p:11.3f}   (headline tp {tp} fp {fp})")


if __name__ == "__main__":
    main()
