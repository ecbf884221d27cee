"""RDF: turn a :class:`~kg.resolve.ResolvedGraph` into quads.

Layout of the dataset:

* the **default graph** is the merged graph: each fact once (types, labels,
  meetings, relations, a meeting's current ``kg:status`` derived from its
  events), the articles (``kg:Article``, title, source URL, ``dct:issued``,
  content hash), the ontology (labels of classes, properties and kinds), and
  the ``kg:Contradiction`` nodes between events of different articles;
* one **named graph per article**, named by the article's IRI, holds the
  provenance: the facts that article supports, for every relation a
  ``kg:Evidence`` statement (RDF reification) with the sentence, the exact
  quote, its character offsets and the quoted source
  (``prov:wasAttributedTo``), and every ``kg:StatusEvent`` the article
  reports (new status, agent, speaker, sentence, an OWL-Time instant).
  No article's graph states a status that article does not report.

IRIs are deterministic: built from normalised names, so the same corpus
always gives the same IRIs and byte-identical sorted N-Quads.

>>> iri_for("Person:maria santos")
'https://w3id.org/kg-news/id/person/maria-santos'
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import cast

import pyoxigraph as ox

from .dates import date_datatype
from .names import safe_url, slug
from .resolve import ResolvedGraph
from .status import Contradiction, StatusEvent, contradictions, current_status
from .vocab import DCT, ID, KG, KIND, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, TIME, XSD, ontology_path, ontology_text, vocabulary  # noqa: F401  (re-exported)



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


def _event_iri(e: StatusEvent) -> str:
    h = hashlib.sha256(f"{e.meeting}|{e.status}|{e.denies}|{e.agent}|{e.evidence.doc_id}|{e.evidence.start}|"
                       f"{e.evidence.end}".encode()).hexdigest()[:20]
    return f"{ID}event/{h}"


def _evidence_iri(s: str, p: str, o: str, ev) -> str:
    h = hashlib.sha256(f"{s}|{p}|{o}|{ev.doc_id}|{ev.start}|{ev.end}".encode()).hexdigest()[:20]
    return f"{ID}evidence/{h}"


def _date_lit(value: str) -> ox.Literal:
    return _lit(value, XSD + date_datatype(value))


def _instant(value: str, graph) -> tuple[ox.NamedNode, list[ox.Quad]]:
    """An OWL-Time instant for a full or partial date (a day of unknown year is a DateTimeDescription)."""
    node = _n(f"{ID}instant/{value.lstrip('-')}" if not value.startswith("--") else f"{ID}instant/xxxx{value[1:]}")
    out = [ox.Quad(node, _n(RDF + "type"), _n(TIME + "Instant"), graph)]
    kind = date_datatype(value)
    if kind == "date":
        out.append(ox.Quad(node, _n(TIME + "inXSDDate"), _date_lit(value), graph))
    elif kind == "gYearMonth":
        out.append(ox.Quad(node, _n(TIME + "inXSDgYearMonth"), _date_lit(value), graph))
    else:
        desc = _n(str(node.value) + "#description")
        out += [ox.Quad(node, _n(TIME + "inDateTime"), desc, graph),
                ox.Quad(desc, _n(RDF + "type"), _n(TIME + "DateTimeDescription"), graph),
                ox.Quad(desc, _n(TIME + "month"), _lit(value[:4], XSD + "gMonth"), graph),
                ox.Quad(desc, _n(TIME + "day"), _lit("---" + value[5:], XSD + "gDay"), graph)]
    return node, out


def meeting_years(g: ResolvedGraph) -> dict[str, str]:
    """Meeting key -> the year its dated events fall in (orders a day of unknown year among them)."""
    out: dict[str, str] = {}
    for e in g.events:
        if e.date and not e.date.startswith("--"):
            out[e.meeting] = max(out.get(e.meeting, ""), e.date[:4])
    return out


def current_statuses(g: ResolvedGraph) -> dict[str, str]:
    """Meeting key -> its current status, derived from its events, latest first."""
    by: dict[str, list[StatusEvent]] = defaultdict(list)
    for e in g.events:
        by[e.meeting].append(e)
    years = meeting_years(g)
    return {m: st for m, evs in by.items() if (st := current_status(evs, years.get(m)))}


def _event_quads(e: StatusEvent, doc: ox.NamedNode, raw_texts: dict | None) -> Iterator[ox.Quad]:
    """A status event in the graph of the article that reports it."""
    node, graph = _n(_event_iri(e)), doc
    ev = e.evidence
    yield ox.Quad(node, _n(RDF + "type"), _n(KG + "StatusEvent"), graph)
    yield ox.Quad(node, _n(KG + "meeting"), _n(iri_for(e.meeting)), graph)
    yield ox.Quad(node, _n(KG + "newStatus"), _lit(e.status), graph)
    if e.denies:
        yield ox.Quad(node, _n(KG + "denies"), _lit(e.denies), graph)
    if e.agent:
        yield ox.Quad(node, _n(PROV + "wasAssociatedWith"), _n(iri_for(e.agent)), graph)
    if ev.speaker:
        yield ox.Quad(node, _n(PROV + "wasAttributedTo"), _n(iri_for(ev.speaker)), graph)
    if e.relation and e.agent:
        yield ox.Quad(node, _n(KG + "evidence"), _n(_evidence_iri(e.agent, e.relation, e.meeting, ev)), graph)
    yield ox.Quad(node, _n(KG + "sentence"), _lit(ev.sentence), graph)
    yield ox.Quad(node, _n(KG + "startOffset"), _lit(ev.start, XSD + "integer"), graph)
    yield ox.Quad(node, _n(KG + "endOffset"), _lit(ev.end, XSD + "integer"), graph)
    if raw_texts and ev.doc_id in raw_texts:
        yield ox.Quad(node, _n(KG + "quote"), _lit(raw_texts[ev.doc_id][ev.start:ev.end]), graph)
    yield ox.Quad(node, _n(PROV + "wasDerivedFrom"), doc, graph)
    if e.date:
        yield ox.Quad(node, _n(KG + "date"), _date_lit(e.date), graph)
        yield ox.Quad(node, _n(KG + "dateStated"), _lit("true" if e.date_stated else "false", XSD + "boolean"), graph)
        instant, qs = _instant(e.date, graph)
        yield ox.Quad(node, _n(TIME + "hasTime"), instant, graph)
        yield from qs


def _contradiction_quads(c: Contradiction) -> Iterator[ox.Quad]:
    """A contradiction between two events, in the default graph (it belongs to no one article)."""
    a, b = _event_iri(c.first), _event_iri(c.second)
    node = _n(f"{ID}contradiction/{hashlib.sha256((a + '|' + b).encode()).hexdigest()[:20]}")
    default = ox.DefaultGraph()
    yield ox.Quad(node, _n(RDF + "type"), _n(KG + "Contradiction"), default)
    yield ox.Quad(node, _n(KG + "meeting"), _n(iri_for(c.first.meeting)), default)
    yield ox.Quad(node, _n(KG + "conflict"), _lit(c.kind), default)
    yield ox.Quad(node, _n(RDFS + "comment"), _lit(c.reason), default)
    for e in (c.first, c.second):
        yield ox.Quad(node, _n(KG + "between"), _n(_event_iri(e)), default)
    yield ox.Quad(_n(a), _n(KG + "contradicts"), _n(b), default)


def ontology_quads() -> Iterator[ox.Quad]:
    """The ontology's triples, in the default graph: class, property, kind and status labels are queryable."""
    for t in ox.parse(ontology_text("kg.ttl"), format=ox.RdfFormat.TURTLE):
        yield ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())


def _shown_aliases(kind: str, name: str, aliases: Iterable[str]) -> list[str]:
    """The aliases a node shows as ``skos:altLabel``, sorted.

    A person's bare surname is left out: it is how an article refers back to
    the person, not another name for them, and as a label it would equally
    name every namesake (a father and son, two ministers of one family).

    >>> _shown_aliases("Person", "Jane Doe", ["Doe", "J. Doe"])
    ['J. Doe']
    >>> _shown_aliases("Place", "New York", ["York"])
    ['York']
    """
    words = name.split()
    surname = words[-1] if kind == "Person" and len(words) > 1 else None
    return sorted(al for al in aliases if al != surname)


def quads(g: ResolvedGraph, raw_texts: dict[str, str] | None = None) -> Iterator[ox.Quad]:
    """All quads of the dataset: the default graph (articles, ontology, each fact once), then each article's graph."""
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
    yield from ontology_quads()

    # each fact once in the default graph (the merged graph) and, for provenance, in every article stating it
    for key, e in sorted(g.entities.items()):
        node = _n(iri_for(key))
        docs = sorted({ev.doc_id for ev in e.evidence})
        alts = [_lit(al) for al in _shown_aliases(e.type, e.name, e.aliases)]
        for graph in [default] + [_n(doc_iri(doc_id)) for doc_id in docs]:
            yield ox.Quad(node, a, _n(KG + e.type), graph)
            yield ox.Quad(node, label, _lit(e.name), graph)
            yield ox.Quad(node, pref, _lit(e.name), graph)
            for al in alts:
                yield ox.Quad(node, alt, al, graph)
            if graph != default:
                yield ox.Quad(cast(ox.NamedNode, graph), _n(SCHEMA + "mentions"), node, graph)

    statuses = current_statuses(g)
    for key, m in sorted(g.meetings.items()):
        node = _n(iri_for(key))
        # the current status is derived from the dated events: it is the merged graph's, no one article's
        if statuses.get(key):
            yield ox.Quad(node, _n(KG + "status"), _lit(statuses[key]), default)
        for graph in [default] + [_n(doc_iri(doc_id)) for doc_id in sorted({ev.doc_id for ev in m.evidence})]:
            yield ox.Quad(node, a, _n(KG + "Meeting"), graph)
            yield ox.Quad(node, label, _lit(m.label), graph)
            yield ox.Quad(node, _n(KG + "kind"), _n(KIND + m.kind), graph)
            if m.date:
                yield ox.Quad(node, _n(KG + "date"), _date_lit(m.date), graph)
            if graph != default:
                yield ox.Quad(cast(ox.NamedNode, graph), _n(SCHEMA + "mentions"), node, graph)

    for (s, p, o), rel in sorted(g.relations.items()):
        sn, pn, on = _n(iri_for(s)), _n(KG + p), _n(iri_for(o))
        if rel.evidence:
            yield ox.Quad(sn, pn, on, default)
        for ev in sorted(set(rel.evidence)):
            graph = _n(doc_iri(ev.doc_id))
            yield ox.Quad(sn, pn, on, graph)
            evn = _n(_evidence_iri(s, p, o, ev))
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

    for e in g.events:
        yield from _event_quads(e, _n(doc_iri(e.evidence.doc_id)), raw_texts)
    for c in contradictions(g.events, meeting_years(g)):
        yield from _contradiction_quads(c)


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
