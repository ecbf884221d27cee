"""Measure what reference resolution adds: relation F1 with and without pronouns and descriptions.

    python eval/references.py [--gold-seeds ../shared/eval/gold]

Builds the sample articles and the development set twice, once with kg's
rule-based reference resolution ("he", "I" in a quote, "the Russian leader",
"both sides", "the summit") and once with names only, and prints the relation
micro F1 and headline F1 of each.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from kg.evaluate import Predicted, load_gold, score, triples_from_store
from kg.extract import extract_documents
from kg.ingest import read_documents
from kg.rdf import to_dataset
from kg.resolve import resolve
from kg.store import OxigraphStore
from kg.export import serialize

ROOT = Path(__file__).resolve().parent.parent


def f1(corpus: Path, gold: Path, references: bool) -> tuple[float, float]:
    docs = list(read_documents([corpus]))
    ds = to_dataset(resolve(list(extract_documents(docs, references=references))), {d.doc_id: d.raw for d in docs})
    store = OxigraphStore.in_memory()
    store.load_nquads(serialize(ds, "nq"))
    s = score(Predicted(triples_from_store(store), load_gold(gold)))
    return s.relations["micro"]["f1"], s.relations["headline"]["f1"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold-seeds", type=Path, default=ROOT.parent / "shared" / "eval" / "gold")
    a = ap.parse_args()
    sets = [("dev", ROOT / "eval" / "dev" / "corpus", ROOT / "eval" / "dev" / "gold")]
    if a.gold_seeds.is_dir():
        sets.insert(0, ("seeds", ROOT / "examples", a.gold_seeds))
    print(f"{'set':6} {'references':11} {'micro F1':>9} {'headline F1':>12}")
    for name, corpus, gold in sets:
        for refs in (False, True):
            micro, head = f1(corpus, gold, refs)
            print(f"{name:6} {'on' if refs else 'off':11} {micro:9.3f} {head:12.3f}")


if __name__ == "__main__":
    main()
