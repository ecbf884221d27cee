"""Content negotiation: which media type answers a query, from the Accept header or ``?format=``.

>>> negotiate("text/csv;q=0.5, application/sparql-results+json", list(RESULT_TYPES))
'application/sparql-results+json'
>>> negotiate("text/html", list(RESULT_TYPES)) is None
True
"""
from __future__ import annotations

import pyoxigraph as ox

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
FORMAT_PARAM = {  # ?format=... for clients that cannot set Accept
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
    "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle",
    "nt": "application/n-triples", "ntriples": "application/n-triples", "json-ld": "application/ld+json",
    "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml",
}


def _accept(header: str) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (stable for equal q)."""
    ranges = []
    for i, part in enumerate(header.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.lower(), q, i))
    return [(m, q) for m, q, _ in sorted(ranges, key=lambda r: (-r[1], r[2])) if q > 0]


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the Accept header prefers; the first offered one for ``*/*`` or no header."""
    if not accept:
        return offered[0]
    for media, _ in _accept(accept):
        if media in offered:
            return media
        if media == "*/*":
            return offered[0]
        if media.endswith("/*"):
            hit = next((o for o in offered if o.startswith(media[:-1])), None)
            if hit:
                return hit
    return None

