"""RDF: turn a :class:`~kg.resolve.ResolvedGraph` into quads.

Layout of the dataset:

* the **default graph** describes the articles: ``kg:Article``, title, source
  URL (``dct:source`` and ``prov:wasDerivedFrom``), publication date
  (``dct:issued``), content hash;
* one **named graph per article**, named by the article's IRI, holds the facts
  that article supports (types, labels, meetings, relations) and, for every
  relation, a ``kg:Evidence`` statement (RDF reification) with the sentence,
  the exact quote, its character offsets in the article and the quoted source
  (``prov:wasAttributedTo``).

IRIs are deterministic: built from normalised names, so the same corpus
always gives the same IRIs and byte-identical sorted N-Quads.

>>> iri_for("Person:maria santos")
'https://w3id.org/kg-news/id/person/maria-santos'
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator

import pyoxigraph as ox

from .dates import date_datatype
from .names import safe_url, slug
from .resolve import ResolvedGraph
from .vocab import DCT, ID, KG, KIND, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, ontology_path, vocabulary  # noqa: F401  (re-exported)



def iri_for(key: str) -> str:
    """The IRI of an entity or meeting key ("Person:maria santos", "Meeting:novak-santos-meet")."""
    type_, _, name = key.partition(":")
    return f"{ID}{type_.lower()}/{slug(name)}"


def article_iri(sha256: str) -> str:
    """The IRI of an article, and of the named graph of its facts: keyed by its content hash."""
    return f"{ID}article/{sha256[:16]}"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value, datatype: str | None = None) -> ox.Literal:
    if datatype:
        return ox.Literal(str(value), datatype=_n(datatype))
    return ox.Literal(str(value))


def _statuses(g: ResolvedGraph) -> dict[str, str]:
    """Meeting key -> its status (the highest-ranked one its relations give), in one pass over the relations."""
    v = vocabulary()
    seen: dict[str, set[str]] = defaultdict(set)
    for (_, p, o) in g.relations:
        status = v.status_of(p)
        if status is not None:
            seen[o].add(status)
    return {o: max(found, key=v.status_rank) for o, found in seen.items()}


def quads(g: ResolvedGraph, raw_texts: dict[str, str] | None = None) -> Iterator[ox.Quad]:
    """All quads of the dataset, article metadata first."""
    a = _n(RDF + "type")
    sha = {d.doc_id: d.sha256 for d in g.documents}

    def doc_iri(doc_id: str) -> str:
        return article_iri(sha[doc_id])

    label, pref, alt = _n(RDFS + "label"), _n(SKOS + "prefLabel"), _n(SKOS + "altLabel")
    default = ox.DefaultGraph()
    for d in g.documents:
        doc = _n(doc_iri(d.doc_id))
        yield ox.Quad(doc, a, _n(KG + "Article"), default)
        yield ox.Quad(doc, _n(DCT + "identifier"), _lit(d.doc_id), default)
        yield ox.Quad(doc, _n(KG + "sha256"), _lit(d.sha256), default)
        if d.title:
            yield ox.Quad(doc, _n(DCT + "title"), _lit(d.title), default)
        if d.published:
            yield ox.Quad(doc, _n(DCT + "issued"), _lit(d.published, XSD + "date"), default)
        url = safe_url(d.url)
        if url:
            yield ox.Quad(doc, _n(DCT + "source"), _n(url), default)
            yield ox.Quad(doc, _n(PROV + "wasDerivedFrom"), _n(url), default)
        elif d.url:
            yield ox.Quad(doc, _n(DCT + "source"), _lit(d.url), default)

    # entities: typed and labelled in every article that mentions them
    for key, e in sorted(g.entities.items()):
        node = _n(iri_for(key))
        docs = sorted({ev.doc_id for ev in e.evidence})
        for doc_id in docs:
            graph = _n(doc_iri(doc_id))
            yield ox.Quad(node, a, _n(KG + e.type), graph)
            yield ox.Quad(node, label, _lit(e.name), graph)
            yield ox.Quad(node, pref, _lit(e.name), graph)
            for al in sorted(e.aliases):
                yield ox.Quad(node, alt, _lit(al), graph)
            yield ox.Quad(_n(doc_iri(doc_id)), _n(SCHEMA + "mentions"), node, graph)

    statuses = _statuses(g)
    for key, m in sorted(g.meetings.items()):
        node = _n(iri_for(key))
        status = statuses.get(key)
        for doc_id in sorted({ev.doc_id for ev in m.evidence}):
            graph = _n(doc_iri(doc_id))
            yield ox.Quad(node, a, _n(KG + "Meeting"), graph)
            yield ox.Quad(node, label, _lit(m.label), graph)
            yield ox.Quad(node, _n(KG + "kind"), _n(KIND + m.kind), graph)
            if m.date:
                yield ox.Quad(node, _n(KG + "date"), _lit(m.date, XSD + date_datatype(m.date)), graph)
            if status:
                yield ox.Quad(node, _n(KG + "status"), _lit(status), graph)
            yield ox.Quad(_n(doc_iri(doc_id)), _n(SCHEMA + "mentions"), node, graph)

    for (s, p, o), rel in sorted(g.relations.items()):
        sn, pn, on = _n(iri_for(s)), _n(KG + p), _n(iri_for(o))
        for ev in sorted(set(rel.evidence)):
            graph = _n(doc_iri(ev.doc_id))
            yield ox.Quad(sn, pn, on, graph)
            h = hashlib.sha256(f"{s}|{p}|{o}|{ev.doc_id}|{ev.start}|{ev.end}".encode()).hexdigest()[:20]
            evn = _n(f"{ID}evidence/{h}")
            yield ox.Quad(evn, a, _n(KG + "Evidence"), graph)
            yield ox.Quad(evn, _n(RDF + "subject"), sn, graph)
            yield ox.Quad(evn, _n(RDF + "predicate"), pn, graph)
            yield ox.Quad(evn, _n(RDF + "object"), on, graph)
            yield ox.Quad(evn, _n(KG + "sentence"), _lit(ev.sentence), graph)
            yield ox.Quad(evn, _n(KG + "startOffset"), _lit(ev.start, XSD + "integer"), graph)
            yield ox.Quad(evn, _n(KG + "endOffset"), _lit(ev.end, XSD + "integer"), graph)
            if raw_texts and ev.doc_id in raw_texts:
                yield ox.Quad(evn, _n(KG + "quote"), _lit(raw_texts[ev.doc_id][ev.start:ev.end]), graph)
            yield ox.Quad(evn, _n(PROV + "wasDerivedFrom"), _n(doc_iri(ev.doc_id)), graph)
            if ev.speaker:
                yield ox.Quad(evn, _n(PROV + "wasAttributedTo"), _n(iri_for(ev.speaker)), graph)


def to_dataset(g: ResolvedGraph, raw_texts: dict[str, str] | None = None) -> ox.Dataset:
    """The resolved graph as an in-memory pyoxigraph Dataset."""
    return ox.Dataset(quads(g, raw_texts))



def summary(g: ResolvedGraph) -> Counter:
    """Counts per kind of node and predicate, for the build report."""
    c: Counter = Counter()
    for e in g.entities.values():
        c[e.type] += 1
    c["Meeting"] = len(g.meetings)
    per: dict[str, int] = defaultdict(int)
    for (_, p, _) in g.relations:
        per[p] += 1
    c.update(per)
    return c
