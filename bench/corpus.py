"""A corpus of distinct articles for the benchmarks: base articles repeated, each copy with its own edition line.

    python bench/corpus.py DEST N [BASE_DIR ...]

The base is the sample articles (``examples/``) and the development set
(``eval/dev/corpus``), both in the repository. Copy ``k`` of an article ends
with a line ``Edition k.``, so every file has its own content hash (kg keys
articles by it) and the corpus grows the way a real one does: the same
people and meetings in ever more articles.

>>> import tempfile
>>> len(write_corpus(Path(tempfile.mkdtemp()), 30))
30
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = (ROOT / "examples", ROOT / "eval" / "dev" / "corpus")


def base_texts(dirs=BASE) -> list[tuple[str, str]]:
    """(stem, text) of every ``.txt`` article under ``dirs``, sorted by name."""
    files = sorted(p for d in dirs for p in Path(d).rglob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt articles under {' '.join(map(str, dirs))}")
    return [(p.stem, p.read_text(encoding="utf-8")) for p in files]


def write_corpus(dest: Path, n: int, dirs=BASE) -> list[Path]:
    """Write ``n`` distinct articles into ``dest`` (created); return their paths."""
    dest.mkdir(parents=True, exist_ok=True)
    base = base_texts(dirs)
    out = []
    for i in range(n):
        stem, text = base[i % len(base)]
        edition = i // len(base) + 1
        p = dest / f"{i:05d}_{stem}.txt"
        p.write_text(text.rstrip("\n") + f"\n\nEdition {edition}.\n", encoding="utf-8")
        out.append(p)
    return out


def words(paths) -> int:
    """Whitespace-separated words in the files: the unit of the throughput figures."""
    return sum(len(Path(p).read_text(encoding="utf-8").split()) for p in paths)


if __name__ == "__main__":
    paths = write_corpus(Path(sys.argv[1]), int(sys.argv[2]), [Path(d) for d in sys.argv[3:]] or BASE)
    print(f"{len(paths)} articles, {words(paths)} words in {sys.argv[1]}")
