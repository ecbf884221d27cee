"""Resolution across documents: one node per real-world entity and per meeting.

Each document's records use local ids. Resolution gives every entity a
corpus-wide key: a surname joins the one full name it belongs to ("Santos" ->
"Maria Santos"), an acronym the organisation it abbreviates ("EU" ->
"European Union"), a name typed differently in different articles takes its
majority type. Meetings with the same participants, compatible kinds and no
conflicting place or date are one meeting, whichever articles mention them;
a capital and its country are compatible places.

>>> from kg.records import DocumentRecords, Entity
>>> a = DocumentRecords("a", "h1", entities=[Entity("per:x", "Person", "Maria Santos")])
>>> b = DocumentRecords("b", "h2", entities=[Entity("per:y", "Person", "Santos")])
>>> g = resolve([a, b])
>>> [e.name for e in g.entities.values()]
['Maria Santos']
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

from .dates import dates_compatible, more_precise
from .records import DocumentRecords, Entity, Evidence, Meeting
from .resources import capitals, country_for
from .names import name_key, slug, spelling_key  # noqa: F401  (slug: re-exported)
from .status import collect as collect_events
from .vocab import vocabulary



def _family(kind: str) -> str:
    """The family of a meeting kind: kinds of one family can be the same meeting (vocabulary.json)."""
    return vocabulary().kinds[kind].family


def _rank(kind: str) -> int:
    """Of two mentions of one meeting, the kind of higher rank names it."""
    return vocabulary().kinds[kind].rank


# A corpus-wide entity or meeting is the records' own dataclass, its ``id`` the corpus-wide key ("Person:maria santos").
GEntity = Entity
GMeeting = Meeting


@dataclass
class GRelation:
    """A corpus-wide relation with all the evidence stating it (a record's :class:`~kg.records.Relation` has one)."""

    subject: str
    predicate: str
    object: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class ResolvedGraph:
    """What resolution hands to the RDF step: entities, meetings and relations keyed corpus-wide."""

    entities: dict[str, GEntity] = field(default_factory=dict)
    meetings: dict[str, GMeeting] = field(default_factory=dict)
    relations: dict[tuple[str, str, str], GRelation] = field(default_factory=dict)
    documents: list[DocumentRecords] = field(default_factory=list)
    _seen: dict[tuple[str, str, str], set[Evidence]] = field(default_factory=dict, repr=False, compare=False)
    events: list = field(default_factory=list)   # kg.status.StatusEvent, each from the article reporting it

    def relation(self, s: str, p: str, o: str, ev: list[Evidence]) -> None:
        rel = self.relations.setdefault((s, p, o), GRelation(s, p, o))
        seen = self._seen.get((s, p, o))  # a hub's relation has thousands of evidence: no list scan per one
        if seen is None:
            seen = self._seen[(s, p, o)] = set(rel.evidence)
        for e in ev:
            if e not in seen:
                seen.add(e)
                rel.evidence.append(e)


# ------------------------------------------------------------------ entities

def _entity_keys(docs: list[DocumentRecords]) -> dict[tuple[str, str], str]:
    """Map (doc id, local id) to a corpus key "type:name"."""
    # majority type per name over the corpus, weighted by mentions
    type_votes: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        for e in d.entities:
            type_votes[name_key(e.name)][e.type] += len(e.evidence) or 1
    best_type = {k: v.most_common(1)[0][0] for k, v in type_votes.items()}
    # one person spelt two ways across articles ("Petrenkyy", "Petrenky") takes the spelling used most
    spellings: dict[str, Counter] = defaultdict(Counter)
    for k, votes in type_votes.items():
        if best_type[k] == "Person":
            spellings[spelling_key(k)][k] += sum(votes.values())
    spelt = {k: max(c, key=lambda x: (c[x], len(x), x)) for c in spellings.values() for k in c}

    full_names: dict[str, set[str]] = defaultdict(set)   # given name or surname -> full names
    acronyms: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        for e in d.entities:
            k = name_key(e.name)
            words = k.split()
            if best_type[k] == "Person" and len(words) >= 2:
                full_names[spelling_key(words[-1])].add(spelt.get(k, k))
                full_names[spelling_key(words[0])].add(spelt.get(k, k))
            if best_type[k] == "Organization" and len(words) >= 2:
                acronyms["".join(w[0] for w in e.name.split() if w[:1].isupper()).lower()].add(k)

    def canonical(k: str) -> str:
        k = spelt.get(k, k)
        t = best_type[k]
        if t == "Person" and " " not in k and len(full_names.get(spelling_key(k), ())) == 1:
            return next(iter(full_names[spelling_key(k)]))
        if t == "Organization" and " " not in k and len(acronyms.get(k, ())) == 1:
            return next(iter(acronyms[k]))
        return k

    out = {}
    for d in docs:
        for e in d.entities:
            k = canonical(name_key(e.name))
            out[(d.doc_id, e.id)] = f"{best_type[k] if k in best_type else e.type}:{k}"
    return out


def _best_name(names: Counter) -> str:
    """The longest, then most frequent, then alphabetically first surface form."""
    return sorted(names, key=lambda n: (-len(n.split()), -names[n], n))[0]


# ------------------------------------------------------------------ meetings

@cache
def _capitals() -> dict[str, str]:
    """Capital -> its country, both as :func:`name_key` (the table of :func:`kg.resources.capitals`)."""
    out: dict[str, str] = {}
    for cap, country in capitals().items():
        out.setdefault(name_key(cap), name_key(country))
    return out


def _places_compatible(a: list[str], b: list[str], g: ResolvedGraph) -> bool:
    if not a or not b or set(a) & set(b):
        return True
    caps = _capitals()
    an = {name_key(g.entities[x].name) for x in a if x in g.entities}
    bn = {name_key(g.entities[x].name) for x in b if x in g.entities}
    return any(caps.get(x) in bn for x in an) or any(caps.get(y) in an for y in bn)


def _same_meeting(m: GMeeting, kind: str, parts: list[str], loc: list[str], date: str | None, g: ResolvedGraph) -> bool:
    return (set(m.participants) == set(parts) and _family(m.kind) == _family(kind)
            and _places_compatible(m.location, loc, g) and dates_compatible(m.date, date))


def _meeting_key(parts: list[str], kind: str, n: int, g: ResolvedGraph) -> str:
    names = sorted(slug(g.entities[p].name.split()[-1] if g.entities[p].type == "Person" else g.entities[p].name)
                   for p in parts)
    return f"Meeting:{'-'.join(names)}-{_family(kind)}" + (f"-{n}" if n > 1 else "")


def short_name(e: GEntity) -> str:
    """How an article calls a person for short: a one-word alias that is part of the name ("Santos")."""
    if e.type != "Person":
        return e.name
    words = e.name.split()
    short = sorted((a for a in e.aliases if " " not in a and a in words), key=lambda a: (words.index(a) == 0, a))
    return short[0] if short else words[-1]


def _label(m: GMeeting, g: ResolvedGraph) -> str:
    names = [short_name(g.entities[p]) for p in m.participants]
    # the most specific place names the meeting: a city before its country
    places = sorted(m.location, key=lambda p: (country_for(g.entities[p].name) is not None, m.location.index(p)))
    where = f" in {g.entities[places[0]].name}" if places else ""
    return f"{'–'.join(names)} {vocabulary().kind_noun(m.kind)}{where}" + (f" ({m.date})" if m.date else "")


# ------------------------------------------------------------------ evidence

def _mentions(d: DocumentRecords, keys: dict[tuple[str, str], str]) -> dict[str, list[Evidence]]:
    """Where each entity is mentioned in one document: corpus key -> its mention evidence there."""
    out: dict[str, list[Evidence]] = defaultdict(list)
    for e in d.entities:
        out[keys[(d.doc_id, e.id)]].extend(e.evidence)
    return out


def _is_headline(ev: Evidence, title: str | None) -> bool:
    return bool(title) and (ev.sentence in (title or "") or (title or "").startswith(ev.sentence[:40]))


def stating_evidence(sentences: list[Evidence], mentions: list[Evidence],
                     title: str | None = None) -> list[Evidence]:
    """The sentence that states a meeting's participant or place: one that mentions both the meeting and the entity.

    ``sentences`` are the meeting's mentions (sentence spans), ``mentions`` the
    entity's (name spans with their sentence). The first body sentence naming
    both wins; the headline only when no body sentence does; then the
    meeting's sentence joined with the nearest sentence naming the entity
    ("or sentences"; with "…" when they are not adjacent). A headline is
    evidence only when it names the entity, or when the article says nothing else.

    >>> s1, s2 = Evidence("d", 0, 16, "Talks were held."), Evidence("d", 17, 42, "Santos met Novak in Lima.")
    >>> [e.sentence for e in stating_evidence([s1, s2], [Evidence("d", 17, 23, s2.sentence)])]
    ['Santos met Novak in Lima.']
    >>> [e.sentence for e in stating_evidence([s1], [Evidence("d", 17, 23, s2.sentence)])]
    ['Talks were held. Santos met Novak in Lima.']
    """
    def names(ev: Evidence) -> bool:
        return any(ev.start <= m.start and m.end <= ev.end for m in mentions)

    ordered = sorted(set(sentences), key=lambda e: (_is_headline(e, title), e.start))
    for ev in ordered:
        if names(ev):
            return [ev]
    body = [e for e in ordered if not _is_headline(e, title)] or ordered

    def gap(ev: Evidence, m: Evidence) -> int:
        return m.start - ev.end if m.start >= ev.end else ev.start - m.end

    pairs = [(gap(ev, m), ev, m) for ev in body for m in mentions if gap(ev, m) >= 0 and not _is_headline(m, title)]
    if pairs:
        dist, ev, m = min(pairs, key=lambda t: (t[0], t[1].start))
        first, second = (ev, m) if ev.start <= m.start else (m, ev)
        # sentences further apart are joined with an ellipsis: the text between them is not quoted
        glue = " " if dist <= 2 else " … "
        return [Evidence(ev.doc_id, min(ev.start, m.start), max(ev.end, m.end),
                         f"{first.sentence}{glue}{second.sentence}", ev.speaker)]
    return body[:1]


# ------------------------------------------------------------------ main

def resolve(docs: list[DocumentRecords]) -> ResolvedGraph:
    """Merge the records of all documents into one :class:`ResolvedGraph`."""
    docs = sorted(docs, key=lambda d: d.doc_id)
    g = ResolvedGraph(documents=docs)
    keys = _entity_keys(docs)
    names: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        for e in d.entities:
            k = keys[(d.doc_id, e.id)]
            ge = g.entities.setdefault(k, GEntity(k, k.split(":", 1)[0], e.name))
            names[k][e.name] += len(e.evidence) or 1
            ge.aliases |= e.aliases | {e.name}
            ge.evidence.extend(e.evidence)
    for k, ge in g.entities.items():
        ge.name = _best_name(names[k])
        ge.aliases.discard(ge.name)

    meeting_of: dict[tuple[str, str], str] = {}
    blocks: dict[tuple[tuple[str, ...], str], list[GMeeting]] = defaultdict(list)
    for d in docs:
        mentions = _mentions(d, keys)
        for m in d.meetings:
            parts = sorted({keys[(d.doc_id, p)] for p in m.participants if (d.doc_id, p) in keys})
            loc = [keys[(d.doc_id, p)] for p in m.location if (d.doc_id, p) in keys]
            forum = len(m.participants) == 1 and len(parts) == 1 and g.entities[parts[0]].type == "Organization"
            if len(parts) < 2 and not forum:
                continue   # a forum meeting has one party, its organisation (kg.nlp.meetings._is_forum)
            # blocked by participants and kind family: only meetings that share both can be the same one
            block = blocks[(tuple(parts), _family(m.kind))]
            target = next((gm for gm in block if _same_meeting(gm, m.kind, parts, loc, m.date, g)), None)
            if target is None:
                target = GMeeting(_meeting_key(parts, m.kind, 1 + len(block), g), m.kind, parts)
                g.meetings[target.id] = target
                block.append(target)
            if _rank(m.kind) > _rank(target.kind) and _family(m.kind) == _family(target.kind):
                target.kind = m.kind
            for p in loc:
                if p not in target.location:
                    target.location.append(p)
            target.date = more_precise(target.date, m.date)
            target.evidence.extend(m.evidence)
            meeting_of[(d.doc_id, m.id)] = target.id
            for pred, ends in (("participant", parts), ("location", loc)):
                for p in ends:
                    g.relation(target.id, pred, p, stating_evidence(m.evidence, mentions.get(p, []), d.title))
    for m in g.meetings.values():
        m.label = _label(m, g)

    def term(doc_id: str, local: str) -> str | None:
        return keys.get((doc_id, local)) or meeting_of.get((doc_id, local))

    for d in docs:
        for r in d.relations:
            s, o = term(d.doc_id, r.subject), term(d.doc_id, r.object)
            if s and o and s != o:
                ev = r.evidence
                if ev.speaker:
                    ev = Evidence(ev.doc_id, ev.start, ev.end, ev.sentence, keys.get((d.doc_id, ev.speaker)))
                g.relation(s, r.predicate, o, [ev])
    g.events = collect_events(docs, keys, meeting_of, g.meetings)
    return g
