"""A meeting's life over time: dated status events, each from the article that reports it.

A status is never copied into every article that mentions a meeting. Each
status change an article reports is a :class:`StatusEvent`: the meeting, the
new status, who brought it about (when the article says), the article, the
speaker, the evidence sentence and the date. Events come from the headline
relations (``proposed``, ``agreed``, ``postponed`` with their agent) and from
the sentences that mention a single meeting ("had been canceled", "took
place on Thursday", "scheduled for May 3", "it would be incorrect to describe
the summit as canceled", which *denies* a cancellation).

The date of an event is the date its sentence states ("On October 22, Santos
announced..."), else the publication date of the article that reports it.
A meeting's current status is that of its latest event (:func:`current_status`).

>>> from kg.records import Evidence
>>> detect("The summit had been canceled.")
[('cancelled', None)]
>>> detect('It would be "incorrect" to describe the summit as canceled.')
[('denied', 'cancelled')]
>>> detect("The talks took place on Thursday.")
[('held', None)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import partial_date
from .records import Evidence
from .vocab import vocabulary

# the statuses a meeting goes through, in order (kg/data/vocabulary.json), plus "denied" for a denial
STATUSES = vocabulary().statuses + ("denied",)
# statuses that come from the headline relations that set them, with their agent
RELATION_STATUSES = tuple(r for r in vocabulary().predicates if vocabulary().status_of(r))  # relation names
# on the same day, the later stage of a meeting's life wins
STAGE = {s: i for i, s in enumerate(vocabulary().statuses)}

_NEG = r"(?:incorrect|wrong|false|not|n't|never|no|premature|deny|denied|denies|rejected|dismissed)"
_CANCEL = r"(?:cancel(?:l?ed|s|l?ing|lations?)|called\s+off|call\s+off|scrapped|scrap|axed)"
PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    # a denial first: "incorrect to describe the summit as canceled" is not a cancellation
    ("denied:cancelled", re.compile(_NEG + r"\b[^.;]{0,80}?\b" + _CANCEL + r"\b", re.I)),
    (
        "denied:cancelled",
        re.compile(
            r"\b" + _CANCEL + r"\b[^.;]{0,40}?\b(?:premature|incorrect|wrong|false|untrue|misleading|rumou?rs?)\b", re.I
        ),
    ),
    ("cancelled", re.compile(r"\b" + _CANCEL + r"\b", re.I)),
    (
        "refused",
        re.compile(
            r"\b(?:refused|declined|rejected|turned\s+down)\b[^.;]{0,40}\b(?:to\s+(?:meet|attend|join|hold|take\s+part)|"
            r"the\s+(?:invitation|offer|proposal|meeting|summit|talks))",
            re.I,
        ),
    ),
    (
        "scheduled",
        re.compile(
            r"\b(?:is|are|was|were|been|now)\s+(?:scheduled|set|slated|due)\s+(?:for|to\s+(?:take\s+place|be\s+held|begin|start|open))\b",
            re.I,
        ),
    ),
    (
        "held",
        re.compile(
            r"\b(?:took\s+place|was\s+held|were\s+held|had\s+(?:a|an|their)\s+(?:\w+\s+){0,2}(?:meeting|summit|talks|"
            r"conversation|call)|held\s+(?:a|an|their)?\s*(?:\w+\s+){0,2}(?:talks|meeting|summit|conversation|call))\b",
            re.I,
        ),
    ),
)
# a clause that only imagines the event: "could take place", "would be held", "if the summit is canceled"
_UNREAL = re.compile(
    r"\b(?:could|would|might|may|will|shall|should|if|unless|whether|before|once|until|"
    r"expected\s+to|plan(?:s|ned)?\s+to|hope[sd]?\s+to)\b[^.;,]{0,40}$",
    re.I,
)

DATE_PHRASE = re.compile(
    r"\b(?:on|since|by)\s+((?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2}(?:,?\s+\d{4})?|"
    r"\d{1,2}\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)(?:\s+\d{4})?)\b"
    r"|\b(yesterday|today)\b",
    re.I,
)


@dataclass(frozen=True)
class StatusEvent:
    """One status change of a meeting as one article reports it.

    ``meeting`` and ``agent`` are corpus keys; ``denies`` is the status a
    denial says did not happen; ``date`` is a full or partial ISO date, and
    ``date_stated`` tells whether the sentence states it (else it is the
    publication date of the report).
    """

    meeting: str
    status: str
    evidence: Evidence
    agent: str | None = None
    denies: str | None = None
    date: str | None = None
    date_stated: bool = False
    relation: str | None = None  # the headline relation the event comes from, if any


def _real(sentence: str, start: int) -> bool:
    """The match at ``start`` is reported as fact, not imagined ("could take place", "would be canceled")."""
    return not _UNREAL.search(sentence[max(0, start - 60) : start])


def detect(sentence: str) -> list[tuple[str, str | None]]:
    """The status changes a sentence about one meeting states: ``(status, denied status)`` pairs.

    >>> detect("The meeting was held in Geneva.")
    [('held', None)]
    >>> detect("The meeting could take place within two weeks.")
    []
    """
    found: list[tuple[str, str | None]] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in PATTERNS:
        for m in pattern.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if name != "denied:cancelled" and not _real(sentence, m.start()):
                continue
            taken.append(m.span())
            status, _, denies = name.partition(":")
            item = (status, denies or None)
            if item not in found:
                found.append(item)
    return found


def stated_date(sentence: str, published: str | None, meeting_date: str | None = None) -> str | None:
    """The date a status sentence gives for the change itself ("On October 22, X announced ..."), if any.

    A date equal to the meeting's own date is the meeting's, not the change's.

    >>> stated_date("On October 22, Santos announced the summit had been canceled.", "2025-10-26")
    '2025-10-22'
    >>> stated_date("On October 22, Santos announced it.", None)
    '--10-22'
    >>> stated_date("The ministry confirmed on Sunday that ...", "2025-10-26")
    '2025-10-26'
    """
    from .nlp.meetings import parse_date

    for m in DATE_PHRASE.finditer(sentence):
        phrase = m.group(1) or m.group(2)
        iso = parse_date(phrase, published, tense="past") or partial_date(phrase, published)
        if iso and iso != meeting_date:
            return iso
    return None


def sort_key(event: StatusEvent, year: str | None = None) -> tuple:
    """Order of events in time: dated first by date (a day of unknown year in ``year``), then by stage.

    >>> e = StatusEvent("m", "held", Evidence("d", 0, 1, "x"), date="--10-22")
    >>> sort_key(e, "2025")[:2]
    (0, '2025-10-22')
    """
    date = event.date
    if date and date.startswith("--") and year:
        date = year + date[1:]
    return (
        0 if date else 1,
        date or "",
        event.evidence.doc_id if not date else "",
        STAGE.get(event.status, -1),
        event.evidence.start,
        event.status,
    )


def timeline(events: list[StatusEvent], year: str | None = None) -> list[StatusEvent]:
    """A meeting's events in date order (undated ones last, in article order)."""
    return sorted(events, key=lambda e: sort_key(e, year))


def current_status(events: list[StatusEvent], year: str | None = None) -> str | None:
    """The status of the latest event that changes the status (a denial changes nothing).

    >>> ev = Evidence("d", 0, 1, "x")
    >>> current_status([StatusEvent("m", "postponed", ev, date="2025-10-22"),
    ...                 StatusEvent("m", "proposed", ev, date="2025-10-16")])
    'postponed'
    >>> current_status([StatusEvent("m", "held", ev, date="2025-10-16", date_stated=True),
    ...                 StatusEvent("m", "proposed", ev, date="2025-10-17")])
    'held'
    """
    current: str | None = None
    for e in timeline([e for e in events if e.status != "denied"], year):
        # a proposal or agreement known only by its report date is old news once a later stage is known:
        # "Russia proposed the call" in Friday's paper does not undo the call held on Thursday
        if current and not e.date_stated and STAGE[e.status] < STAGE[current] and e.status in ("proposed", "agreed"):
            continue
        current = e.status
    return current


def collect(
    docs, keys: dict[tuple[str, str], str], meeting_of: dict[tuple[str, str], str], meetings: dict
) -> list[StatusEvent]:
    """Every status event of the corpus, from each article's relations and meeting sentences.

    ``keys`` and ``meeting_of`` map (document, local id) to corpus keys, as
    resolution made them; ``meetings`` are the resolved meetings by key.
    """
    out: list[StatusEvent] = []
    seen: set = set()

    def add(e: StatusEvent) -> None:
        k = (e.meeting, e.status, e.agent, e.denies, e.evidence.doc_id, e.evidence.sentence)
        if k not in seen:
            seen.add(k)
            out.append(e)

    for d in docs:
        by_sentence: dict[str, list] = {}
        for r in d.relations:
            m, agent = meeting_of.get((d.doc_id, r.object)), keys.get((d.doc_id, r.subject))
            if r.predicate not in RELATION_STATUSES or not m or not agent:
                continue
            ev = r.evidence
            if ev.speaker:
                ev = Evidence(ev.doc_id, ev.start, ev.end, ev.sentence, keys.get((d.doc_id, ev.speaker)))
            date = stated_date(ev.sentence, d.published, meetings[m].date)
            status = vocabulary().status_of(r.predicate) or r.predicate
            add(StatusEvent(m, status, ev, agent, None, date or d.published, bool(date), r.predicate))
            by_sentence.setdefault(ev.sentence, []).append((status, agent, ev.speaker))
        owners: dict[tuple[int, int], set[str]] = {}
        for m in d.meetings:
            for ev in m.evidence:
                if (d.doc_id, m.id) in meeting_of:
                    owners.setdefault((ev.start, ev.end), set()).add(meeting_of[(d.doc_id, m.id)])
        for m in d.meetings:
            key = meeting_of.get((d.doc_id, m.id))
            for ev in sorted(set(m.evidence)):
                if key is None or owners.get((ev.start, ev.end)) != {key} or _is_headline(ev, d.title):
                    continue
                related = by_sentence.get(ev.sentence, [])
                agent = next((a for p, a, _ in related if p == "postponed"), None)
                speaker = next((sp for _, _, sp in related if sp), None)
                for status, denies in detect(ev.sentence):
                    date = stated_date(ev.sentence, d.published, None if status == "held" else meetings[key].date)
                    if status == "held" and not date:
                        date = meetings[key].date
                    add(
                        StatusEvent(
                            key,
                            status,
                            Evidence(d.doc_id, ev.start, ev.end, ev.sentence, speaker),
                            agent if status == "cancelled" else None,
                            denies,
                            date or d.published,
                            bool(date),
                        )
                    )
    return out


def _is_headline(ev: Evidence, title: str | None) -> bool:
    return title is not None and (ev.sentence in title or title.startswith(ev.sentence[:40]))


@dataclass(frozen=True)
class Contradiction:
    """Two events about one meeting that cannot both hold, with why (``kind``: which pair of statuses)."""

    kind: str
    first: StatusEvent
    second: StatusEvent
    reason: str


def _full(date: str | None) -> bool:
    return date is not None and len(date) == 10 and not date.startswith("--")


def _conflict(a: StatusEvent, b: StatusEvent) -> tuple[str, str] | None:
    """The kind of conflict between two events of one meeting and the reason, or None."""
    pair = {a.status, b.status}
    if {a.denies, b.denies} & {"cancelled"} and "cancelled" in pair:
        return "cancelled-denied", "one source reports the meeting cancelled, another denies that it was"
    if pair == {"agreed", "refused"} and (a.agent == b.agent or not a.agent or not b.agent):
        return "agreed-refused", "one source reports an agreement to the meeting, another a refusal"
    if pair == {"held"} and _full(a.date) and _full(b.date) and a.date != b.date and a.date_stated and b.date_stated:
        return "held-dates", f"the sources give different days for the meeting: {a.date} and {b.date}"
    if pair == {"postponed", "held"}:
        held, post = (a, b) if a.status == "held" else (b, a)
        # one article telling both is telling a sequence (a round held, the next postponed), not a disagreement
        if (
            held.evidence.doc_id != post.evidence.doc_id
            and held.date is not None
            and post.date is not None
            and _full(held.date)
            and _full(post.date)
            and held.date_stated
            and post.date >= held.date
        ):
            return "postponed-held", f"reported held on {held.date} and postponed on {post.date}"
    return None


def contradictions(events: list[StatusEvent], years: dict[str, str] | None = None) -> list[Contradiction]:
    """Pairs of events from different articles, or different times, about one meeting that cannot both hold.

    >>> a = StatusEvent("m", "cancelled", Evidence("d1", 0, 9, "It had been canceled."), date="2025-10-22")
    >>> b = StatusEvent("m", "denied", Evidence("d2", 0, 9, "It is incorrect to say it was canceled."),
    ...                 denies="cancelled", date="2025-10-26")
    >>> [c.kind for c in contradictions([a, b])]
    ['cancelled-denied']
    """
    years = years or {}
    by: dict[str, list[StatusEvent]] = {}
    for e in events:
        by.setdefault(e.meeting, []).append(e)
    out = []
    for m, evs in sorted(by.items()):
        evs = timeline(evs, years.get(m))
        for i, a in enumerate(evs):
            for b in evs[i + 1 :]:
                if a.evidence.doc_id == b.evidence.doc_id and a.date == b.date:
                    continue
                found = _conflict(a, b)
                if found:
                    out.append(Contradiction(found[0], a, b, found[1]))
    return out
