"""A meeting's life in date order, and where the sources disagree: read from a built graph's store.

``kg timeline [MEETING]`` prints every status event of the meetings whose label
contains MEETING, in date order with their sources; ``kg contradictions`` the
pairs of events that cannot both hold, with both evidences. The HTML meeting
panel shows the same timeline (:func:`timelines` feeds it).

A day of an unknown year ("--10-22", from an undated article) is placed in the
year of the meeting's dated events; events with no date come last.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .status import STATUSES
from .store import OxigraphStore

# the meetings' labels are read on their own (MEETINGS) and joined in Python: joined in the query, the engine
# looked the events up meeting by meeting in every graph, five times slower than the two queries
MEETINGS = "SELECT ?m ?meeting WHERE { ?m a kg:Meeting ; rdfs:label ?meeting }"
EVENTS = """
SELECT ?m ?e ?status ?denies ?date ?stated ?agent ?speaker ?article ?issued ?sentence ?start WHERE {
  GRAPH ?g {
    ?e a kg:StatusEvent ; kg:meeting ?m ; kg:newStatus ?status ; kg:sentence ?sentence ; kg:startOffset ?start .
    OPTIONAL { ?e kg:denies ?denies }
    OPTIONAL { ?e kg:date ?date }
    OPTIONAL { ?e kg:dateStated ?stated }
    OPTIONAL { ?e prov:wasAssociatedWith ?a . ?a skos:prefLabel ?agent }
    OPTIONAL { ?e prov:wasAttributedTo ?sp . ?sp skos:prefLabel ?speaker }
  }
  ?g dct:identifier ?article .
  OPTIONAL { ?g dct:issued ?issued }
}"""
PLACES = "SELECT ?m ?name WHERE { ?m kg:location ?p . ?p skos:prefLabel ?name }"
STATUS = "SELECT ?m ?status WHERE { ?m kg:status ?status }"
CONTRADICTIONS = """
SELECT ?c ?m ?conflict ?reason ?a ?b WHERE {
  ?c a kg:Contradiction ; kg:meeting ?m ; kg:conflict ?conflict ; kg:between ?a, ?b . ?a kg:contradicts ?b .
  OPTIONAL { ?c rdfs:comment ?reason }
}"""
STAGE = {s: i for i, s in enumerate(STATUSES)}


@dataclass
class Event:
    """One row of a timeline: what happened, when, who did it, who said so, where it is written."""

    iri: str
    status: str
    sentence: str
    article: str
    start: int = 0
    date: str | None = None
    date_stated: bool = False
    denies: str | None = None
    agent: str | None = None
    speaker: str | None = None
    published: str | None = None
    venue: list[str] = field(default_factory=list)

    @property
    def what(self) -> str:
        """The status as a phrase: "denied cancelled" for a denial."""
        return f"denied {self.denies}" if self.denies else self.status

    def as_dict(self) -> dict:
        return {
            "date": self.date,
            "date_stated": self.date_stated,
            "status": self.what,
            "agent": self.agent,
            "speaker": self.speaker,
            "article": self.article,
            "published": self.published,
            "sentence": self.sentence,
            "venue": self.venue,
        }


@dataclass
class Timeline:
    """A meeting's events in date order and its current status (derived from them, latest first)."""

    iri: str
    label: str
    status: str | None
    events: list[Event]


def _v(sol, name):
    t = sol[name]
    return None if t is None else t.value


def _order(events: list[Event]) -> list[Event]:
    years = [e.date[:4] for e in events if e.date and not e.date.startswith("--")]
    year = max(years) if years else None

    def key(e: Event) -> tuple:
        d = e.date
        if d and d.startswith("--") and year:
            d = year + d[1:]
        # agent and IRI last: two agents of one sentence ("Soto and Lima agreed") come in one order on
        # every store (the disk store returns rows by hashed ids, an in-memory copy by insertion)
        return (
            0 if d else 1,
            d or "",
            "" if d else e.article,
            STAGE.get(e.status, 9),
            e.article,
            e.start,
            e.what,
            e.agent or "",
            e.iri,
        )

    return sorted(events, key=key)


def _event(sol, places: list[str]) -> Event:
    """One row of :data:`EVENTS` as an :class:`Event` (``places``: the meeting's place names, for the venue)."""
    sentence = _v(sol, "sentence")
    return Event(
        _v(sol, "e"),
        _v(sol, "status"),
        sentence,
        _v(sol, "article"),
        int(_v(sol, "start")),
        _v(sol, "date"),
        _v(sol, "stated") == "true",
        _v(sol, "denies"),
        _v(sol, "agent"),
        _v(sol, "speaker"),
        _v(sol, "issued"),
        sorted({p for p in places if p in sentence}),
    )


def timelines(store: OxigraphStore, meeting: str | None = None) -> list[Timeline]:
    """Every meeting's timeline (those whose label or IRI contains ``meeting``), meetings by label."""
    places: dict[str, list[str]] = {}
    for sol in store.query(PLACES):
        places.setdefault(_v(sol, "m"), []).append(_v(sol, "name"))
    status = {_v(s, "m"): _v(s, "status") for s in store.query(STATUS)}
    labels: dict[str, list[str]] = {}
    for sol in store.query(MEETINGS):
        labels.setdefault(_v(sol, "m"), []).append(_v(sol, "meeting"))
    by: dict[str, Timeline] = {}
    needle = (meeting or "").lower()
    for sol in store.query(EVENTS):
        m = _v(sol, "m")
        for label in labels.get(m, ()):  # an event of something that is no labelled meeting has no timeline
            if needle and needle not in label.lower() and needle not in m.lower():
                continue
            t = by.setdefault(m, Timeline(m, label, status.get(m), []))
            t.events.append(_event(sol, places.get(m, [])))
    for t in by.values():
        t.events = _order(t.events)
    return sorted(by.values(), key=lambda t: (t.label, t.iri))


def _date_text(e: Event) -> str:
    if not e.date:
        return "undated"
    if e.date.startswith("--"):
        return f"{e.date[2:]} (year?)"
    return e.date if e.date_stated else f"{e.date} (reported)"


def format_timelines(items: list[Timeline]) -> str:
    """The timelines as text: one block per meeting, one line per event plus its sentence.

    >>> print(format_timelines([Timeline("m", "A–B summit", "held", [Event("e", "held", "They met.", "doc1",
    ...       date="2025-10-20", date_stated=True, agent=None)])]))
    A–B summit — current status: held
      2025-10-20             held                                   doc1
          “They met.”
    """
    out = []
    for t in items:
        out.append(f"{t.label} — current status: {t.status or 'unknown'}")
        for e in t.events:
            who = e.agent or ""
            extra = []
            if e.venue and e.status == "proposed":
                extra.append("venue " + ", ".join(e.venue))
            if e.speaker and e.speaker != e.agent:
                extra.append(f"said by {e.speaker}")
            out.append(f"  {_date_text(e):22} {e.what:17} {who:20} {e.article}  " + "  ".join(extra))
            out[-1] = out[-1].rstrip()
            out.append(f"      “{e.sentence}”")
    return "\n".join(out)


@dataclass
class Disagreement:
    """A contradiction between two events of one meeting."""

    meeting: str
    conflict: str
    reason: str
    first: Event
    second: Event


def contradictions(store: OxigraphStore) -> list[Disagreement]:
    """The contradictions the graph marks, each with both events (and so both evidences)."""
    events = {e.iri: (t, e) for t in timelines(store) for e in t.events}
    out = []
    for sol in store.query(CONTRADICTIONS):
        a, b = events.get(_v(sol, "a")), events.get(_v(sol, "b"))
        if a and b:
            out.append(Disagreement(a[0].label, _v(sol, "conflict"), _v(sol, "reason") or "", a[1], b[1]))
    return sorted(out, key=lambda d: (d.meeting, d.conflict, d.first.article, d.second.article, d.second.sentence))


def format_contradictions(items: list[Disagreement]) -> str:
    """The contradictions as text, both evidences quoted with their article and date."""
    if not items:
        return "no contradictions found"
    out = []
    for d in items:
        out.append(f"{d.meeting}: {d.conflict} — {d.reason}")
        for e in (d.first, d.second):
            out.append(
                f"  {e.what:17} {_date_text(e):22} {e.article}" + (f"  said by {e.speaker}" if e.speaker else "")
            )
            out.append(f"      “{e.sentence}”")
    out.append(f"({len(items)} contradiction{'s' if len(items) != 1 else ''})")
    return "\n".join(out)


def timeline_payload(store: OxigraphStore) -> dict[str, list[dict]]:
    """Meeting IRI -> its events as the HTML panel shows them (date as text, status, who, source, sentence)."""
    out = {}
    for t in timelines(store):
        out[t.iri] = [
            {
                "date": _date_text(e),
                "status": e.what,
                "agent": e.agent,
                "speaker": e.speaker,
                "article": e.article,
                "published": e.published,
                "sentence": e.sentence,
                "venue": ", ".join(e.venue) if e.venue and e.status == "proposed" else None,
            }
            for e in t.events
        ]
    return out
