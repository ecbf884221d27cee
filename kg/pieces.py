"""Long articles in pieces: parse an article longer than a piece as several texts, keep it one article.

spaCy refuses a text over a million characters (E088) and needs gigabytes for
one near that size. An article longer than ``KG_PIECE_CHARS`` (50,000 by
default: news articles are far shorter) is cut at paragraph breaks, else at
line or sentence ends, into pieces parsed one by one. Each piece is a
:class:`~kg.ingest.Document` over the same original text, with its own slice
of the offset map, so every evidence span still points into the article as
read. The pieces' records are merged back into one
:class:`~kg.records.DocumentRecords` (their local ids kept apart by a piece
suffix); resolution then joins the same name across pieces as it does across
articles.

>>> from kg.ingest import document_from_text
>>> doc = document_from_text("a", "First part.\\n\\nSecond part.\\n\\nThird part.")
>>> [p.text for p in split(doc, 16)]
['First part.\\n\\n', 'Second part.\\n\\n', 'Third part.']
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from .ingest import Document
from .records import DocumentRecords, Evidence

PIECE_CHARS = 50_000
_BREAKS = (re.compile(r"\n[ \t]*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"”’)]?\s"), re.compile(r"\s"))


def piece_chars() -> int:
    """The piece size: ``KG_PIECE_CHARS`` when set (a whole number of at least 1,000), else 50,000."""
    value = os.environ.get("KG_PIECE_CHARS", "")
    return int(value) if value.isdigit() and int(value) >= 1000 else PIECE_CHARS


def _cut(text: str, start: int, size: int) -> int:
    """Where the piece starting at ``start`` ends: the last good break within ``size`` characters."""
    end = start + size
    if end >= len(text):
        return len(text)
    window = text[start:end]
    for pattern in _BREAKS:
        found = [m.end() for m in pattern.finditer(window)]
        if found and found[-1] > size // 4:
            return start + found[-1]
    return end


def split(doc: Document, size: int | None = None) -> list[Document]:
    """``doc`` itself when it fits in a piece, else its pieces (same id, raw text and metadata)."""
    size = size or piece_chars()
    if len(doc.text) <= size:
        return [doc]
    pieces, start = [], 0
    while start < len(doc.text):
        end = _cut(doc.text, start, size)
        pieces.append(replace(doc, text=doc.text[start:end], offsets=doc.offsets[start:end]))
        start = end
    return pieces


def _suffixed(rec: DocumentRecords, k: int) -> DocumentRecords:
    """``rec`` with every local id made unique to piece ``k`` (ids of other pieces never meet it)."""
    if k == 0:
        return rec

    def s(local: str) -> str:
        return f"{local}~{k}"

    def ev(e: Evidence) -> Evidence:
        return replace(e, speaker=None if e.speaker is None else s(e.speaker))

    out = replace(rec, entities=[], meetings=[], relations=[])
    out.entities = [replace(e, id=s(e.id), evidence=[ev(x) for x in e.evidence]) for e in rec.entities]
    out.meetings = [replace(m, id=s(m.id), participants=[s(p) for p in m.participants],
                            location=[s(p) for p in m.location], evidence=[ev(x) for x in m.evidence])
                    for m in rec.meetings]
    out.relations = [replace(r, subject=s(r.subject), object=s(r.object), evidence=ev(r.evidence))
                     for r in rec.relations]
    return out


def merge(parts: list[DocumentRecords]) -> DocumentRecords:
    """One article's records from its pieces' records, in piece order."""
    merged = replace(parts[0], entities=[], meetings=[], relations=[])
    for k, rec in enumerate(parts):
        rec = _suffixed(rec, k)
        merged.entities.extend(rec.entities)
        merged.meetings.extend(rec.meetings)
        merged.relations.extend(rec.relations)
    return merged


def extract_in_pieces(documents: Iterable[Document],
                      extract: Callable[[list[Document]], Iterable[DocumentRecords]]) -> Iterator[DocumentRecords]:
    """``extract`` over the documents with the long ones cut into pieces; one record set per document, in order."""
    owners: list[int] = []
    flat: list[Document] = []
    for i, doc in enumerate(documents):
        for piece in split(doc):
            owners.append(i)
            flat.append(piece)
    parts: list[DocumentRecords] = []
    current = None
    for owner, rec in zip(owners, extract(flat)):
        if current is not None and owner != current:
            yield merge(parts)
            parts = []
        current = owner
        parts.append(rec)
    if parts:
        yield merge(parts)
