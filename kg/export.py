"""Export: the store as Turtle, TriG, N-Triples, N-Quads or JSON-LD, written atomically.

Dataset formats (TriG, N-Quads) keep the named graph of each article;
triple formats (Turtle, N-Triples, JSON-LD) hold the union of all graphs.
Every file is written to a temporary name, fsynced and renamed, so a crash
never leaves a half-written graph behind.

>>> FORMATS["turtle"].file_extension
'ttl'
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .rdf import PREFIXES, ontology_path
from .store import GraphStore

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS, "nquads": ox.RdfFormat.N_QUADS,
    "json-ld": ox.RdfFormat.JSON_LD, "jsonld": ox.RdfFormat.JSON_LD,
}
CONTEXT_FILE = "context.jsonld"


def atomic_write(path: str | Path, chunks: Iterable[bytes] | bytes) -> Path:
    """Write ``chunks`` to ``path`` through a temporary file, fsync and rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in [chunks] if isinstance(chunks, bytes) else chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def _triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The union of all graphs as sorted, de-duplicated triples (deterministic output)."""
    return sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)


def serialize(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """Serialise quads in ``fmt`` (a key of :data:`FORMATS`), sorted for reproducible output."""
    try:
        rdf_format = FORMATS[fmt.lower()]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(sorted(set(FORMATS)))}") from None
    if rdf_format == ox.RdfFormat.JSON_LD:
        return _jsonld(quads)
    if rdf_format.supports_datasets:
        data = sorted(quads, key=str)
    else:
        data = _triples(quads)
    prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    return ox.serialize(data, format=rdf_format, prefixes=prefixes)


def _jsonld(quads: Iterable[ox.Quad]) -> bytes:
    """JSON-LD with the local context of ``ontology/context.jsonld`` (never a remote one)."""
    data = ox.serialize(_triples(quads), format=ox.RdfFormat.JSON_LD)
    doc = json.loads(data)
    context = json.loads(ontology_path(CONTEXT_FILE).read_text(encoding="utf-8"))["@context"]
    graph = doc if isinstance(doc, list) else doc.get("@graph", [doc])
    return json.dumps({"@context": context, "@graph": graph}, ensure_ascii=False, indent=1).encode("utf-8")


def export(store: GraphStore, fmt: str, path: str | Path) -> Path:
    """Write the whole store to ``path`` in ``fmt``."""
    return atomic_write(path, serialize(store.quads(), fmt))
