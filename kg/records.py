"""Plain extraction records: what the NLP step hands to resolution.

Each record carries its :class:`Evidence`: the document, the character span in
the original article and the sentence that supports it. Records are plain
dataclasses so they can be built, compared and serialised without spaCy.

>>> ev = Evidence("doc1", 10, 16, "Santos agreed.")
>>> Relation("santos", "agreed", "m1", ev).predicate
'agreed'
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .vocab import vocabulary


@dataclass(frozen=True, order=True)
class Evidence:
    """Where a fact is stated: ``doc_id``, the span ``[start, end)`` in the original text, the sentence.

    ``speaker`` is the entity id of the quoted or reported source, when the
    fact is stated by someone the article quotes.
    """

    doc_id: str
    start: int
    end: int
    sentence: str
    speaker: str | None = None


@dataclass
class Entity:
    """A named Person, Place or Organization: of one document (``id`` local to it), or, resolved, of the corpus.

    After resolution (:mod:`kg.resolve`) ``id`` is the corpus-wide key, ``"Person:maria santos"``.
    """

    id: str
    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Meeting:
    """A specific encounter between named parties, as one document describes it, or as resolution merged it."""

    id: str
    kind: str
    participants: list[str] = field(default_factory=list)
    location: list[str] = field(default_factory=list)
    date: str | None = None
    label: str = ""
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class Relation:
    """``subject predicate object`` between entity or meeting ids, with its evidence."""

    subject: str
    predicate: str
    object: str
    evidence: Evidence


@dataclass
class DocumentRecords:
    """Everything extracted from one article, plus the article's metadata."""

    doc_id: str
    sha256: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    path: str | None = None
    entities: list[Entity] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


def _evidence_json(ev: Evidence) -> dict:
    """One evidence as a dict (what ``dataclasses.asdict`` gives, built directly: this runs per quote).

    >>> _evidence_json(Evidence("d", 0, 6, "Santos agreed."))["end"]
    6
    """
    return {"doc_id": ev.doc_id, "start": ev.start, "end": ev.end, "sentence": ev.sentence, "speaker": ev.speaker}


def to_json(rec: DocumentRecords) -> dict:
    """A JSON-ready dict of a document's records (sets as sorted lists).

    The same dict as ``dataclasses.asdict`` with the aliases sorted, built
    field by field: ``asdict`` deep-copies every value and cost more than the
    JSON encoding itself.

    >>> r = DocumentRecords("d", "0" * 64)
    >>> from_json(to_json(r)) == r
    True
    """
    return {
        "doc_id": rec.doc_id, "sha256": rec.sha256, "title": rec.title, "url": rec.url,
        "published": rec.published, "path": rec.path,
        "entities": [{"id": e.id, "type": e.type, "name": e.name, "aliases": sorted(e.aliases),
                      "evidence": [_evidence_json(ev) for ev in e.evidence]} for e in rec.entities],
        "meetings": [{"id": m.id, "kind": m.kind, "participants": list(m.participants), "location": list(m.location),
                      "date": m.date, "label": m.label, "evidence": [_evidence_json(ev) for ev in m.evidence]}
                     for m in rec.meetings],
        "relations": [{"subject": r.subject, "predicate": r.predicate, "object": r.object,
                       "evidence": _evidence_json(r.evidence)} for r in rec.relations],
    }


def check_vocabulary(rec: DocumentRecords) -> DocumentRecords:
    """``rec`` when every type, meeting kind and predicate it uses is in the vocabulary; else say which is not.

    >>> check_vocabulary(DocumentRecords("d", "0" * 64, meetings=[Meeting("m1", "picnic")]))
    Traceback (most recent call last):
    ...
    ValueError: the records of d use the meeting kind 'picnic', which kg/data/vocabulary.json does not declare; rebuild the graph with `kg build`, or declare it there
    """
    v = vocabulary()
    used = ([("entity type", e.type, v.types) for e in rec.entities] + [("meeting kind", m.kind, v.kinds) for m in rec.meetings]
            + [("relation", r.predicate, v.relations) for r in rec.relations])
    for what, name, known in used:
        if name not in known:
            raise ValueError(f"the records of {rec.doc_id} use the {what} {name!r}, which kg/data/vocabulary.json "
                             "does not declare; rebuild the graph with `kg build`, or declare it there")
    return rec


def from_json(d: dict) -> DocumentRecords:
    """Rebuild :class:`DocumentRecords` from :func:`to_json` output (checked against the vocabulary)."""
    def ev(x: dict) -> Evidence:
        return Evidence(**x)

    return check_vocabulary(DocumentRecords(
        doc_id=d["doc_id"], sha256=d["sha256"], title=d.get("title"), url=d.get("url"),
        published=d.get("published"), path=d.get("path"),
        entities=[Entity(e["id"], e["type"], e["name"], set(e["aliases"]), [ev(x) for x in e["evidence"]])
                  for e in d["entities"]],
        meetings=[Meeting(m["id"], m["kind"], list(m["participants"]), list(m["location"]), m.get("date"),
                          m.get("label", ""), [ev(x) for x in m["evidence"]]) for m in d["meetings"]],
        relations=[Relation(r["subject"], r["predicate"], r["object"], ev(r["evidence"])) for r in d["relations"]],
    ))
