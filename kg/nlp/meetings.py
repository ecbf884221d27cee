"""Meeting detection: summits, talks, calls and visits between named parties.

The ``kg_meetings`` component finds meeting nouns ("summit", "phone
conversation", "talks") and verbs ("meet", "visit") and reads from the parse
who takes part ("a meeting between X and Y", "X's meeting with Y", "X held
talks with Y", "the X-Y summit", "they will meet"), where ("in Vienna",
"take place in", "X as the venue for the summit") and when ("on Thursday",
resolved against the publication date). A mention that names no party ("the
summit") is linked to the nearest meeting of a compatible kind. Mentions with
the same parties, compatible kinds and no conflicting place or date are one
meeting. A meeting needs two named parties ("a meeting" in general is none), or
is a forum's own: "the NATO summit" has one party, the organisation.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, POS
from spacy.language import Language
from spacy.symbols import ADJ, NOUN, PROPN, VERB
from spacy.tokens import Doc, Token

from ..dates import MONTHS, WEEKDAYS, partial_date, weekday_date
from ..records import Evidence, Meeting, Relation
from ..resources import capital_of, capitals, country_for, is_demonym, lexicon
from ..vocab import vocabulary
from .coref import Resolver, group_size
from .syntax import as_role_holder, clause_verb, hyphenated_agent, is_negated, lex_set, passive_agents, with_conjuncts

PARTICIPATION_VERBS = {
    "hold",
    "have",
    "conduct",
    "attend",
    "join",
    "plan",
    "schedule",
    "start",
    "begin",
    "continue",
    "resume",
    "host",
    "seek",
    "want",
    "agree",
    "set",
    "arrange",
    "organize",
    "organise",
    "need",
    "expect",
    "make",
    "pay",
    "visit",
    "travel",
    "fly",
    "arrive",
    "go",
    "come",
    "convene",
    "call",
}
TRAVEL_VERBS = {"fly", "travel", "arrive", "go", "come", "head", "visit"}
SCHEDULE_VERBS = {"schedule", "set", "plan", "slate", "fix", "reschedule", "move", "expect"}
KIND_FAMILY = vocabulary().kind_family  # kinds that can be one meeting (kg/data/vocabulary.json)
# which meetings a mention that names no party may refer back to: "the talks" are talks or a meeting
REFERS_TO = {
    "summit": {"summit", "meeting", "talks"},
    "meeting": {"meeting", "summit", "talks", "visit"},
    "talks": {"talks", "meeting", "summit", "visit"},
    "phone_call": {"phone_call"},
    "visit": {"visit", "meeting"},
}
KIND_RANK = vocabulary().kind_rank
PERSON_GROUP_NOUNS = {
    "leader",
    "president",
    "minister",
    "man",
    "rival",
    "foe",
    "premier",
    "chancellor",
    "envoy",
    "negotiator",
    "diplomat",
    "official",
    "head",
}
HEAD_OF_STATE = {
    "president",
    "prime minister",
    "premier",
    "chancellor",
    "king",
    "queen",
    "emir",
    "leader",
    "crown prince",
    "sultan",
    "monarch",
    "head of state",
    "pope",
}


def _call_to_a_person(tok: Token) -> bool:
    """ "a call to Ruiz", "placed the call to the adviser Kim": a call noun made to a named person.

    >>> import spacy; from spacy.tokens import Doc
    >>> d = Doc(spacy.blank("en").vocab, words=["a", "call", "to", "Ruiz"], heads=[1, 1, 1, 2],
    ...         deps=["det", "ROOT", "prep", "pobj"], pos=["DET", "NOUN", "ADP", "PROPN"], ents=["O", "O", "O", "B-PERSON"])
    >>> _call_to_a_person(d[1])
    True
    """
    if any(c.dep_ == "prep" and c.lower_ in {"for", "on"} for c in tok.children):
        return False
    return any(p.ent_type_ == "PERSON" for p in callees(tok))


NOMINAL_DEPS = {"dobj", "pobj", "nsubj", "nsubjpass", "conj", "appos", "attr"}


def _adjective_as_noun(tok: Token) -> bool:
    """ "will hold a bilateral with X": the small model tags the noun an adjective; with a determiner
    and a noun's place in the clause it is the noun."""
    return (
        tok.pos_ == "ADJ"
        and tok.dep_ in NOMINAL_DEPS
        and any(c.dep_ == "det" for c in tok.children)
        and tok.lower_ in lexicon()["meeting_nouns"]
    )


def meeting_kind(tok: Token) -> str | None:
    """The kind of meeting a token names, or None ("summit" -> summit, "phone conversation" -> phone_call)."""
    lex = lexicon()
    lemma = tok.lemma_.lower()
    if (
        (tok.pos_ in {"NOUN", "PROPN"} and tok.lower_ != "meeting")
        or (tok.lower_ == "meeting" and tok.pos_ == "NOUN")
        or _adjective_as_noun(tok)
    ):
        # the modifiers matter to a noun only: gathered here, not for every verb and word this is asked about
        compounds = {c.lower_ for c in tok.children if c.dep_ in {"compound", "amod", "nmod"}}
        if compounds & set(lex["phone_words"]):
            return "phone_call"
        if (
            lemma == "call"
            and any(c.dep_ == "prep" and c.lower_ in {"for", "on", "to"} for c in tok.children)
            and not _call_to_a_person(tok)
        ):
            return None  # "a call for calm", "a call on Israel to ...", "a call to arms"
        if lemma == "conference" and compounds & {"press", "news"} and not _joint_appearance(tok):
            return None  # "told a news conference": an audience, not a meeting
        if lemma in lex_set("stop_nouns"):
            return "visit" if _stop_places(tok) else None  # "a stop in Sweden", "Fiji is the fourth stop"
        if lemma == "round":
            # "the last round in Geneva" is a round of talks; "a round of sanctions" is not, and in
            # "a round of talks" the talks are the meeting
            return None if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children) else "talks"
        if lemma == "appointment" and not _pobjs(tok, {"with"}):
            return None  # "an appointment with the president" is a meeting; "his appointment as minister" is not
        if lemma == "conversation" and not compounds & set(lex["phone_words"]):
            return "phone_call" if any(c.dep_ == "poss" for c in tok.children) or tok.lower_ == "conversation" else None
        kind = lex["meeting_nouns"].get(lemma) or lex["meeting_nouns"].get(tok.lower_)
        if (
            kind
            and (lemma in lex_set("weak_meeting_nouns") or tok.lower_ in lex_set("weak_meeting_nouns"))
            and not _specific(tok)
        ):
            return None  # "dialogue with Europe remained frozen": dialogue in general, no encounter
        return kind
    if tok.lower_ == "due" and tok.pos_ == "ADJ" and tok.dep_ == "acomp" and _due_places(tok):
        if any(c.dep_ == "nsubj" and meeting_kind(c) for c in tok.head.children):
            return None  # "the third round is due in Bogota": where the round is, not a visit
        return "visit"  # "Ruiz is due in Moscow on Monday": a planned visit
    if tok.pos_ == "VERB" and lemma == "invite" and _invited_to_place(tok):
        # "Soto invited Ruiz, Kaya and Petrov to Valdora", "invited Ruiz to come to Valdora"
        return "visit" if len([t for c in _invitees(tok) for t in with_conjuncts(c)]) == 1 else "meeting"
    if tok.pos_ == "VERB" and lemma in lex_set("travel_verbs"):
        # "the foreign minister will travel to Moscow", "arrived in Kyiv": a visit to a country or capital
        dest = [
            t
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in {"to", "in"}
            for t in c.children
            if t.dep_ == "pobj" and t.ent_type_ == "GPE"
        ]
        if tok.dep_ in {"xcomp", "ccomp"} and tok.head.lemma_.lower() == "invite":
            return None  # "invited Y to come to Santiago": the invitation is the mention
        return "visit" if dest else None
    if tok.pos_ == "VERB":
        kind = lex["meeting_verbs"].get(lemma)
        if kind is None or tok.dep_ in {"amod", "compound"}:
            return None  # "a negotiated settlement" is no negotiation
        if lemma == "brief" and not _briefs_a_body(tok):
            return None  # "briefed reporters", "briefed him on the talks": no body sits
        if lemma == "gather" and not _forum_gathers(tok):
            return None  # "leaders gathered", "gathered with supporters": no one named meets
        if lemma == "call" and _calls_on(tok):
            return "meeting"  # "the envoy called on the foreign secretary": a visit in person
        if lemma == "call":
            # "X called Y on Saturday" is a phone call; "called for talks", "called it a mistake" are not
            objs = _called(tok)
            party = bool(objs) and (
                objs[0].ent_type_ in {"PERSON", "ORG", "GPE"} or objs[0].lower_ in {"him", "her", "them"}
            )
            if any(c.dep_ == "oprd" for c in tok.children) and not (objs and objs[0].dep_ == "oprd"):
                # "called it a mistake" names; "called Crown Prince X on Friday, the first contact ..." (the
                # name and the apposition both parsed as predicates) is a call
                return None
            if objs and not party:
                return None
            if not party and any(
                c.dep_ in {"prep", "xcomp", "ccomp", "prt"} and c.lower_ != "on" for c in tok.children
            ):
                return None
        if lemma in {"speak", "talk"} and _on_the_sidelines(tok) and not _pobjs(tok, {"to"}):
            # "the two spoke briefly on the margins of the G20": in person, at the forum (not "spoke to
            # reporters on the sidelines")
            return "meeting"
        if (
            lemma in {"speak", "talk", "discuss", "confer"}
            and not any(c.dep_ == "prep" and c.lower_ in {"with", "by", "over"} for c in tok.children)
            and not _topic_with_a_name(tok)
            and not (lemma in {"discuss", "confer"} and _named_pair_subject(tok))
        ):
            return None
        if lemma in {"speak", "talk"} and any(
            c.dep_ == "prep"
            and c.lower_ in {"by", "over"}
            and any(p.lower_ in {"phone", "telephone", "video"} for p in c.subtree)
            for c in tok.children
        ):
            return "phone_call"  # "spoke with Santos by phone"
        if lemma in {"welcome", "greet"} and not _greets_a_guest(tok):
            return None  # "welcomed the proposal", "welcomed Y's decision": no one met
        if lemma == "receive" and not _has_guest(tok):
            return None  # "received a letter", "received praise": no guest, no meeting
        if lemma == "host" and not _hosts_a_guest(tok):
            return None  # "hosted the summit", "hosted a banquet for X": no guest, no meeting of one's own
        if lemma in {"telephone", "phone"} and not any(c.dep_ == "dobj" for c in tok.children):
            return None
        if lemma == "see" and not _sees_someone(tok):
            return None
        if lemma == "sit" and not _sits_down_with(tok):
            return None
        if lemma == "bring" and not _brings_together(tok):
            return None
        if lemma == "sign" and not _sign_together(tok):
            return None
        if lemma == "spend" and not _spends_time_with(tok):
            return None
        return kind
    return None


def _has_guest(tok: Token) -> bool:
    """ "X received Y", "Y was received by X", "received the two leaders separately", "received each of
    the rivals": a person or people received is a meeting; "received a letter" is not."""
    return any(
        c.dep_ in {"dobj", "agent", "nsubjpass"}
        and (
            c.ent_type_ == "PERSON"
            or c.lower_ in {"him", "her", "them"}
            or any(t.ent_type_ == "PERSON" for t in c.subtree)
            or _people_group(c)
        )
        for c in tok.children
    )


def _joint_appearance(tok: Token) -> bool:
    """ "at a joint news conference with Ana Soto": a press conference held together with a named
    person is an encounter of the two."""
    return any(c.lower_ == "joint" for c in tok.children) and any(
        p.ent_type_ == "PERSON"
        for p in _pobjs(tok, {"with"}) + [w for q in _pobjs(tok, {"at", "in"}) for w in _pobjs(q, {"with"})]
    )


def _greets_a_guest(tok: Token) -> bool:
    """ "Y was welcomed at the airport by X", "X greeted Y in Tehran": a named person greeting another in
    person (a welcome for a decision or a proposal greets no one)."""

    def person(c: Token) -> bool:
        return c.ent_type_ == "PERSON" or c.lower_ in {"him", "her", "them"}

    deps = {c.dep_: c for c in tok.children}
    if "nsubjpass" in deps:
        agents = [p for a in tok.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
        return person(deps["nsubjpass"]) and any(p.ent_type_ == "PERSON" for p in agents)
    return "nsubj" in deps and deps["nsubj"].ent_type_ == "PERSON" and "dobj" in deps and person(deps["dobj"])


def _people_group(tok: Token) -> bool:
    """ "the two leaders", "both presidents", "each of the rivals": a phrase that counts people."""
    if tok.lower_ in {"each", "both", "all"}:
        return any(_people_group(p) for p in _pobjs(tok, {"of"}))
    return (
        tok.tag_ in {"NNS", "NNPS"}
        and tok.lemma_.lower() in PERSON_GROUP_NOUNS | {"rival", "leader"}
        and any(
            c.dep_ in {"det", "nummod", "predet"} and c.lower_ in {"the", "both", "two", "three", "all"}
            for c in tok.children
        )
    )


def _hosts_a_guest(tok: Token) -> bool:
    """ "X hosted Y in Ankara", "Y was hosted by X": hosting a person is a meeting with them.

    The guest is the verb's own object (or passive subject), a name or a pronoun: "hosted the summit"
    and "hosted a banquet for Kim" name no guest (the summit is a meeting of its own, hosting it a
    relation to it), and in "the ceremony was hosted by Soto" the agent is the host.
    """
    return any(
        c.dep_ in {"dobj", "nsubjpass"}
        and (
            c.ent_type_ == "PERSON"
            or c.lower_ in {"him", "her", "them"}
            # "will host the presidents of Chile and Peru", "hosted representatives of both sides"
            or c.lemma_.lower() in PERSON_GROUP_NOUNS | lex_set("envoy_nouns")
            and bool(_pobjs(c, {"of"}))
        )
        for c in tok.children
    )


def _briefs_a_body(tok: Token) -> bool:
    """ "Soto will brief the North Atlantic Council", "Ruiz is due to brief EU foreign ministers": a
    body sitting to hear someone is a meeting of the two. "briefed reporters", "briefed the president"
    (a person briefed is told, not met) are not."""
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    return any(
        o.ent_type_ == "ORG" or o.tag_ in {"NNS", "NNPS"} and any(t.ent_type_ == "ORG" for t in o.lefts) for o in objs
    )


def _forum_gathers(tok: Token) -> bool:
    """ "Pacific Islands Forum foreign ministers will gather in Sydney": a body's members gathering is
    the body's meeting. "Leaders gathered", "protesters gathered in the square" name no body."""
    return any(
        c.dep_ == "nsubj" and c.tag_ in {"NNS", "NNPS"} and any(t.ent_type_ == "ORG" for t in c.lefts)
        for c in tok.children
    )


def _calls_on(tok: Token) -> bool:
    """ "Soto called on Foreign Secretary Ruiz": calling on a person is visiting them. "called on
    Israel to stop", "called on both sides to talk" are appeals (an infinitive follows), and a
    country or body called on is appealed to, not visited."""
    if any(c.dep_ in {"xcomp", "ccomp", "dobj"} for c in tok.children):
        return False
    ons = _pobjs(tok, {"on", "upon"})  # "called on Ruiz on Friday": the day is when
    people = [p for p in ons if p.ent_type_ == "PERSON"]
    return bool(people) and not any(p.ent_type_ in {"GPE", "ORG", "NORP", "LOC", "FAC"} for p in ons)


def _invitees(tok: Token) -> list[Token]:
    """Who "invite" invites: its object, or the subject the parser gave the clause after it ("invited
    Ruiz to come to Santiago" parsed as a clause "Ruiz to come")."""
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    objs += [
        s
        for c in tok.children
        if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for s in c.children
        if s.dep_ == "nsubj"
    ]
    return [o for o in objs if o.ent_type_ in {"PERSON", "GPE", "NORP"} or o.pos_ in {"NOUN", "PROPN"}]


def _invited_to_place(tok: Token) -> list[Token]:
    """Where someone is invited: "invited X to Paris", "invited X to come to Washington" (a country or
    city; not "invited X to a summit", whose noun is a meeting of its own, nor "invited X to visit
    India", whose visit is)."""
    if not _invitees(tok):
        return []
    if any(c.dep_ in {"xcomp", "ccomp"} and meeting_kind(c) for c in tok.children):
        return []
    heads = [tok] + [c for c in tok.children if c.dep_ in {"xcomp", "ccomp"} and c.lemma_.lower() in {"come", "travel"}]
    # "invited Ruiz, Petrov and Lima to Paris": the parser may hang the place on the last one invited
    heads += [t for o in _invitees(tok) for t in with_conjuncts(o)]
    return [p for h in heads for p in _pobjs(h, {"to"}) if p.ent_type_ in {"GPE", "LOC", "FAC"}]


def _sidelines_host(forum: Token) -> Token | None:
    """The meeting noun held "on the sidelines of" this forum noun ("talks on the sidelines of the summit"),
    if it is one."""
    if forum.dep_ != "pobj" or forum.head.lower_ != "of":
        return None
    margin = forum.head.head
    if margin.lemma_.lower() not in lex_set("sideline_nouns") or margin.dep_ != "pobj":
        return None
    held = margin.head.head
    return held if held.pos_ == "NOUN" and meeting_kind(held) else None


def _forum_hung_sides(tok: Token) -> list[Token]:
    """ "talks on the sidelines of the G20 summit between X and Y": the sides the parser hung on the forum
    are the sides of the talks held at it, not of the forum.

    >>> # -> [X]  (with its conjuncts found by the caller)
    """
    return [
        w
        for p in _pobjs(tok, {"on", "at"})
        if p.lemma_.lower() in lex_set("sideline_nouns")
        for f in _pobjs(p, {"of"})
        for w in _pobjs(f, {"with", "between"})
    ]


def _on_the_sidelines(tok: Token) -> bool:
    """ "on the sidelines of the summit", "on the margins of the G20": a phrase of the token's own."""
    return any(p.lemma_.lower() in lex_set("sideline_nouns") for p in _pobjs(tok, {"on", "at"}))


def surname(name: str) -> str:
    """The surname a meeting's label uses, with its particles: "Anna von der Heide" -> "von der Heide".

    A patronymic name ("Karim bin Tariq") is used whole.

    >>> surname("Anna von der Heide"), surname("Ana Soto"), surname("Karim bin Tariq")
    ('von der Heide', 'Soto', 'Karim bin Tariq')
    """
    words = name.split()
    if any(w.lower() in {"bin", "ibn", "binti", "bint"} for w in words[1:-1]):
        return name
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in lex_set("name_particles"):
        start -= 1
    return " ".join(words[start:])


def _called(tok: Token) -> list[Token]:
    """Whom a "call" verb calls: its object, or the name the small model parsed as a predicate.

    In "the emir called Crown Prince Karim bin Tariq al Kaya" a long name is often
    attached as ``oprd`` ("called it a mistake"); with no object, a person there is the one called.
    """
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    if objs:
        return objs
    return [c for c in tok.children if c.dep_ == "oprd" and c.ent_type_ == "PERSON"]


def _sees_someone(tok: Token) -> bool:
    """ "see" is a meeting when a person sees a person: "Ruiz also saw Soto", "due to see Lima".

    Not "saw Lima as a threat", "saw him win", "see what happens", "saw a chance".
    """
    if any(c.dep_ in {"oprd", "ccomp", "xcomp", "acomp"} for c in tok.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children):
        return False
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    return bool(objs) and (objs[0].ent_type_ == "PERSON" or objs[0].lower_ in {"him", "her"})


def _sits_down_with(tok: Token) -> bool:
    """ "sit down with X" and "sit down together" are meetings; "sat down on the floor" is not."""
    down = any(c.dep_ in {"prt", "advmod"} and c.lower_ == "down" for c in tok.children)
    return down and (
        any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children)
        or any(c.dep_ == "advmod" and c.lower_ == "together" for c in tok.children)
    )


TIME_NOUNS = {"hour", "hours", "minute", "minutes", "day", "days", "time", "evening", "morning", "afternoon", "night"}


def _spends_time_with(tok: Token) -> bool:
    """ "X spent more than an hour with the president": time spent with someone is a meeting; "spent
    billions on arms" is not."""
    return any(c.dep_ == "dobj" and c.lower_ in TIME_NOUNS for c in tok.children) and bool(_pobjs(tok, {"with"}))


def _sign_together(tok: Token) -> bool:
    """ "X and Y signed a peace agreement at the State Department", "X signed an accord with Y": a signing
    at which the parties meet (GUIDELINES "One meeting per encounter"). One party signing ("Iran signed
    the treaty"), a signature on a decree, or a plan to sign are none."""
    # "the G7, where he signed a deal with Y" is a clause of its own; "the deal X signed" is not
    where = tok.dep_ == "relcl" and any(c.lower_ in {"where", "when"} for c in tok.children)
    if tok.tag_ not in {"VBD", "VBZ", "VBP"} or tok.dep_ in {"amod", "acl", "relcl"} and not where:
        return False
    if not any(c.dep_ == "dobj" and c.lemma_.lower() in lex_set("agreement_nouns") for c in tok.children):
        return False
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    # "X and Y signed", also "US President X and Russian President Y signed" with Y hung on X's name
    together = any(any(t.dep_ == "conj" for t in c.subtree) or group_size(c) for c in subjects)
    return together or bool(_signed_with(tok))


def _signed_with(tok: Token) -> list[Token]:
    """Who one signs with: "signed an accord with Y", "signed with Y a deal" (on the verb or on the deal)."""
    deals = [c for c in tok.children if c.dep_ == "dobj"]
    return _pobjs(tok, {"with"}) + [p for d in deals for p in _pobjs(d, {"with"})]


def _due_places(tok: Token) -> list[Token]:
    """The place one is "due in": "due in Moscow", not "due in two weeks"."""
    return [
        t
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "in"
        for t in c.children
        if t.dep_ == "pobj" and t.ent_type_ in {"GPE", "LOC", "FAC"}
    ]


def _brings_together(tok: Token) -> bool:
    """ "X brought Y and Z together in Doha" is a meeting X hosts; "brought an end to" is not, and neither
    is an aim ("worked to bring the two men together": the meeting is theirs, told elsewhere).

    The parser hangs "together" on the verb or on the last object: either is the verb's own.
    """
    if tok.tag_ not in {"VBD", "VBZ", "VBP"}:
        return False
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    if not subjects or any(c.lower_ in {"which", "that", "it"} or meeting_kind(c) for c in subjects):
        return False  # "the summit, which brings together 21 economies": a forum's make-up, not a meeting
    return any(
        t.lower_ == "together"
        and t.dep_ in {"advmod", "prt"}
        and next(a for a in t.ancestors if a.pos_ == "VERB") == tok
        for t in tok.subtree
    )


def _stop_places(tok: Token) -> list[Token]:
    """Where a stop on a tour is: "a stop in Sweden", "a stopover in Karachi", "Fiji is the fourth stop"."""
    places = [
        p
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in {"in", "at"}
        for p in c.children
        if p.dep_ == "pobj" and p.ent_type_ in {"GPE", "LOC"}
    ]
    if tok.dep_ == "attr":
        places += [c for c in tok.head.children if c.dep_ == "nsubj" and c.ent_type_ in {"GPE", "LOC"}]
    return places


def _stop_parties(tok: Token, res: Resolver) -> list[str]:
    """A stop's visitor and host: "Fiji is the fourth stop on Soto's tour" -> Soto, Fiji; "the president will
    add a stop in Sweden" -> the president, Sweden."""
    # a city that is no capital is where, not who: its country receives the visitor
    hosts = [e for p in _stop_places(tok) for e in res.entities_at(p) if _is_host(res, e)]
    tours = [p for p in _pobjs(tok, {"on", "of"})]
    visitors = [
        e
        for t in tours
        for c in t.children
        if c.dep_ == "poss"
        for e in res.resolve(c)
        if res.table.entities[e].type == "Person"
    ]
    if not visitors and tok.dep_ == "dobj":
        visitors = [
            e
            for c in tok.head.children
            if c.dep_ == "nsubj"
            for e in res.resolve(c)
            if res.table.entities[e].type == "Person"
        ]
    return [*visitors[:1], *hosts] if visitors and hosts else []


def _earlier_stops(m: _Mention, res: Resolver) -> list[_Mention]:
    """ "Fiji is the fourth stop on Soto's tour, after Samoa and Tonga": each stop named before is a
    visit of its own (the visitor and that country)."""
    tok = m.tok
    if m.extra or tok.lemma_.lower() not in lex_set("stop_nouns") or len(m.participants) < 2:
        return [m]
    visitor = m.participants[0]
    scopes = [tok, tok.head] if tok.dep_ in {"attr", "nsubj", "dobj"} else [tok]
    earlier: list[str] = []
    for t in (t for h in scopes for p in _pobjs(h, {"after", "following"}) for t in with_conjuncts(p)):
        country = country_for(t.text)
        ids = res.entities_at(t) or ([res.table.add_at(country, "Place", t)] if country else [])
        _add(earlier, [e for e in ids if _is_host(res, e) and e not in m.participants])
    if not earlier:
        return [m]
    return _split(m, [(list(m.participants), list(m.location))] + [([visitor, e], [e]) for e in earlier])


def _new_sitting(tok: Token) -> bool:
    """ "an emergency session", "a conference": a noun that names an encounter only in context,
    brought in with "a", is a sitting of its own, not one mentioned before."""
    weak = lex_set("weak_meeting_nouns")
    return (
        tok.pos_ == "NOUN"
        and (tok.lemma_.lower() in weak or tok.lower_ in weak)
        and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in tok.children)
    )


def _specific(tok: Token) -> bool:
    """A noun like "dialogue" or "discussions" names an encounter when it is determined ("the
    dialogue", "their discussions"), held ("held discussions", "resumed dialogue") or placed
    ("dialogue in Doha", "between X and Y"), or counted out ("a second round of dialogue": the round is
    as specific as the noun would be)."""
    measure = _measure(tok)
    if measure.i != tok.i:
        return _specific(measure)
    if any(c.dep_ in {"det", "poss", "nummod"} for c in tok.children):
        return True
    if any(c.dep_ == "prep" and c.lower_ in {"in", "at", "between", "on"} for c in tok.children):
        return True
    verb = tok.head if tok.dep_ in {"dobj", "nsubjpass"} else None
    return verb is not None and verb.lemma_.lower() in PARTICIPATION_VERBS


class _Mention:
    def __init__(self, tok: Token, kind: str):
        self.tok = tok
        self.kind = kind
        self.participants: list[str] = []
        self.location: list[str] = []
        self.date: str | None = None
        self.meeting: Meeting | None = None
        self.forum = False
        self.extra = False  # a second visit split off the same words: not what its token refers to
        self.hosts: list[str] = []  # parties named as hosts ("with X as host"): of this encounter only


def _add(lst: list[str], ids: list[str]) -> None:
    for i in ids:
        if i not in lst:
            lst.append(i)


def _pobjs(tok: Token, preps: set[str]) -> list[Token]:
    """The objects of ``tok``'s prepositions in ``preps``, also of repeated ones ("with X, with Y and with Z")."""
    heads = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in preps]
    heads += [x for c in heads for x in c.conjuncts if x.pos_ == "ADP" and x.lower_ in preps and x not in heads]
    return [t for c in heads for p in c.children if p.dep_ == "pobj" for t in with_conjuncts(p)]


def callees(tok: Token) -> list[Token]:
    """The ones a call noun is made to: "a call to X", "made two telephone calls, to A and to B".

    The parser hangs the "to" on the call or on the verb that makes it ("placed the call to X").

    >>> import spacy; from spacy.tokens import Doc
    >>> d = Doc(spacy.blank("en").vocab, words=["his", "call", "to", "Ruiz"], heads=[1, 1, 1, 2], deps=["poss", "ROOT", "prep", "pobj"],
    ...         pos=["PRON", "NOUN", "ADP", "PROPN"])
    >>> [t.text for t in callees(d[1])]
    ['Ruiz']
    """
    if tok.pos_ != "NOUN":
        return []
    out = _pobjs(tok, {"to"})
    verb = tok.head
    if not out and tok.dep_ == "dobj" and verb.lemma_.lower() in lex_set("call_making_verbs"):
        out = _pobjs(verb, {"to"})
    return out


def _split(m: _Mention, parts: list[tuple[list[str], list[str]]]) -> list[_Mention]:
    """One mention read as several meetings (participants, location each); the first keeps the token.

    The others are ``extra``: the same words, but not what the token refers to.
    """
    out: list[_Mention] = []
    for participants, location in parts:
        v = m if not out else _Mention(m.tok, m.kind)
        v.participants, v.location, v.date, v.forum = participants, location, m.date, False
        v.extra = bool(out)
        out.append(v)
    return out


DISTRIBUTIVE = {"separately", "individually", "respectively", "successively"}


def _one_by_one(m: _Mention, res: Resolver) -> list[_Mention]:
    """ "X met both leaders separately", "X received A and then B separately": one meeting with each.

    Only a verb mention whose subject side meets two or more others, with an
    adverb saying they were seen apart ("separately", "one after the other"),
    is split; everything else stays one meeting.
    """
    tok = m.tok
    each = _each_of_the_last(tok, res)
    if each and m.participants and not set(each) & set(m.participants):
        # "A and B joined the talks. Each held a separate meeting with X": one meeting of X with each
        return _split(m, [([one, *m.participants], list(m.location)) for one in each])
    # "received A and then B separately": the parser may hang the adverb on the last one received
    said_apart = [tok] + [t for c in tok.children if c.dep_ == "dobj" for t in with_conjuncts(c)]
    apart = any(c.dep_ == "advmod" and c.lower_ in DISTRIBUTIVE for t in said_apart for c in t.children) or any(
        c.dep_ in {"npadvmod", "dobj", "advmod"} and c.lower_ == "one" and any(x.lower_ == "other" for x in c.subtree)
        for c in tok.children
    )
    # "X telephoned A, B and C": a call is between two; calling three people is three calls
    calls = m.kind == "phone_call" and any(c.dep_ == "dobj" and len(list(with_conjuncts(c))) >= 2 for c in tok.children)
    verb = tok if tok.pos_ == "VERB" else _governing_verb(tok)
    if (
        tok.pos_ == "NOUN"
        and verb is not None
        and any(c.dep_ == "amod" and c.lower_ in {"separate", "individual"} for c in tok.children)
    ):
        apart = True  # "held separate bilateral talks with the Egyptian and Sudanese ministers"
    elif tok.pos_ == "NOUN" and verb is not None and _countable_plural(tok) and len(_with_parties(tok)) >= 2:
        apart = True  # "will have bilateral meetings with Soto and Ruiz", "a round of calls with A and B"
    elif m.kind == "phone_call" and verb is not None and tok.tag_ == "NNS" and len(callees(tok)) >= 2:
        apart = True  # "made two telephone calls, to A and to B"
    elif tok.pos_ != "VERB":
        return [m]
    if verb is None or not (apart or calls):
        return [m]
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    hosts = [e for c in subjects for e in subject_entities(c, res)]
    if not hosts and tok.pos_ == "NOUN":
        # "his programme includes contacts with A and B": the programme's owner has them
        hosts = [e for c in subjects for o in c.children if o.dep_ == "poss" for e in res.resolve(o)]
    others = [p for p in m.participants if p not in hosts]
    if not hosts or len(others) < 2:
        return [m]
    return _split(m, [([*hosts, other], list(m.location)) for other in others])


def _each_of_the_last(tok: Token, res: Resolver) -> list[str]:
    """ "Each held a separate meeting with X", "each met X": the people of the last coordinated group
    before, when "each" is the subject of the mention's clause.

    >>> # "Soto and Ruiz arrived. Each met Petrov." -> [Soto, Ruiz]
    """
    verb = tok if tok.pos_ == "VERB" else _governing_verb(tok)
    if verb is None or not any(c.dep_ == "nsubj" and c.lower_ == "each" for c in verb.children):
        return []
    before = [g for i, g in res.groups if i < tok.i and tok.i - i < 80]
    people = [g for g in before if all(res.table.entities[e].type == "Person" for e in g)]
    return list(people[-1]) if people else []


def _countable_plural(tok: Token) -> bool:
    """ "bilateral meetings", "calls", "contacts": a plural that counts separate encounters."""
    # "talks", "negotiations" or "consultations" are one process, not a count (lexicon.json)
    return tok.tag_ in {"NNS", "NNPS"} and tok.lemma_.lower() in lex_set("countable_meeting_nouns")


def _with_parties(tok: Token) -> list[Token]:
    """The coordinated names after "with": "meetings with Soto, Ruiz and Kaya" -> three."""
    return [t for p in _pobjs(tok, {"with"}) for t in with_conjuncts(p)]


def _under_other_prep(t: Token, top: Token) -> bool:
    """True when a preposition other than "of" stands between ``t`` and ``top`` ("Y in Lima": Lima)."""
    while t.i != top.i and t.head.i != t.i:
        if t.dep_ == "prep" and t.lower_ != "of":
            return True
        t = t.head
    return False


def coordinated_people(np: Token, res: Resolver) -> list[str]:
    """The people named in a coordination anywhere in a noun phrase, when there are two or more.

    The small model often hangs titled names on one another instead of coordinating them: in "met
    Peruvian President X and Bolivian President Y" X is a modifier of Y's title, and only Y is the
    object; "between Chilean President X and Peruvian President Y" likewise. People under another
    preposition ("the rebels with Y") are not counted.

    >>> # "President X and President Y" parsed as one phrase -> [X, Y]; "X and the rebels" -> []
    """
    if not any(t.lower_ == "and" for t in np.subtree):
        return []
    named: list[str] = []
    for t in np.subtree:
        if not _under_other_prep(t, np):
            _add(named, res.entities_at(t))
    people = [e for e in named if res.table.entities[e].type == "Person"]
    return people if len(people) >= 2 else []


def _conjoined_to_apposition(tok: Token, preps: set[str]) -> list[Token]:
    """ "talks between Fiji's prime minister, Q, and its military commander, B": the parser hangs the second
    party off the first one's apposed name."""
    return [
        t
        for p in _pobjs(tok, preps)
        for a in p.children
        if a.dep_ == "appos"
        for c in a.children
        if c.dep_ == "conj"
        for t in with_conjuncts(c)
    ]


def _measure(tok: Token) -> Token:
    """ "two days of talks", "a round of talks": the measure noun stands in the sentence for the talks."""
    measures = lex_set("measure_nouns")
    t = tok
    while t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in measures:
        t = t.head.head
    return t


def _governing_verb(tok: Token) -> Token | None:
    """The verb whose object the meeting noun is ("held a meeting", "holding the summit")."""
    t = _measure(tok)
    if t.dep_ == "conj" and t.pos_ == "NOUN" and t.head.pos_ == "VERB" and tok.pos_ != "VERB":
        return t.head  # "will attend the G7 summit, and the NATO summit": the small model hangs the noun on the verb
    if t.dep_ == "conj":
        t = t.head
    if t.dep_ in {"dobj", "nsubjpass", "attr"} and t.head.pos_ in {"VERB", "AUX"}:
        return t.head
    if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.pos_ == "VERB":
        return t.head.head
    return None


def _delegation_leaders(tok: Token, res: Resolver) -> list[str]:
    """ "X will lead his country's delegation to the GCC summit": the head of a delegation to a meeting
    takes part in it, and so does the side the delegation is of (GUIDELINES "the level the text names").

    The side is a demonym ("the Qatari delegation"), a named place or body before the noun, or the
    leader's own country when the delegation is "his country's" and the article gives him one.

    >>> # "Soto heads the Chilean delegation to the talks" -> [Soto, Chile]
    """
    if tok.dep_ != "pobj" or tok.head.lower_ not in {"to", "at", "for"}:
        return []
    above = tok.head.head  # the delegation, or the verb when the parser hangs "to the summit" there
    teams = [above] if above.dep_ == "dobj" else [c for c in above.children if c.dep_ == "dobj"]
    team = next((t for t in teams if t.lemma_.lower() in {"delegation", "team"}), None)
    if team is None:
        return []
    verb = team.head
    if verb.lemma_.lower() not in lex_set("lead_verbs") or is_negated(verb):
        return []
    leaders = [e for c in _subjects_of(verb) for e in subject_entities(c, res)]
    leaders = [e for e in leaders if res.table.entities[e].type == "Person"]
    if not leaders:
        return []
    out = list(leaders)
    for c in team.children:
        if c.dep_ in {"amod", "compound"} and is_demonym(c.text):
            country = country_for(c.text)
            if country:
                _add(out, [res.table.add_at(country, "Place", c)])
        elif c.dep_ in {"compound", "poss"} and res.entities_at(c):
            _add(out, [e for e in res.entities_at(c) if res.table.entities[e].type in {"Place", "Organization"}])
        elif c.dep_ == "poss" and c.lemma_.lower() in {"country", "nation", "government"}:
            own = [a for a, people in res.affiliated.items() if leaders[0] in people and _is_country(res, a)]
            if len(own) == 1:
                _add(out, own)
    return out


def _answered_offer(tok: Token, res: Resolver) -> list[str]:
    """ "North Korea has accepted South Korea's offer of high-level talks": the one who offered and
    the one who answers are the parties. Both must be named; a meeting the phrase gives parties of
    its own ("an offer of talks between X and Y") never gets here.

    >>> # "Soto accepted Lima's invitation to talks" -> [Lima, Soto]
    """
    if tok.dep_ != "pobj" or tok.head.lower_ not in {"of", "for", "to"}:
        return []
    offer = tok.head.head
    if offer.lemma_.lower() not in lex_set("offer_nouns") or offer.dep_ not in {"dobj", "nsubjpass"}:
        return []
    owners = [e for c in offer.children if c.dep_ == "poss" for e in res.resolve(c)]
    verb = offer.head
    if not owners or verb.pos_ != "VERB":
        return []
    answering = [e for c in _subjects_of(verb) for e in subject_entities(c, res)]
    answering += [e for a in passive_agents(verb) for e in res.resolve(a)] if offer.dep_ == "nsubjpass" else []
    parties = list(dict.fromkeys(owners + answering))
    return parties if len(parties) >= 2 else []


def _due_at(tok: Token, res: Resolver) -> list[str]:
    """ "Soto is due back in June for the SCO summit", "Ruiz is due at the APEC summit": who is due at a
    meeting attends it. The parser hangs the phrase on "due" or on the "is" it completes; a clause
    joined to an earlier one ("has been there twice and is due back for ...") has that one's subject.

    >>> # "Soto is due for the summit" -> [Soto]
    """
    if tok.dep_ != "pobj" or tok.head.lower_ not in {"for", "at"}:
        return []
    above = tok.head.head
    if above.lower_ == "due" and above.dep_ == "acomp":
        be = above.head
    elif above.lemma_ == "be" and any(c.dep_ == "acomp" and c.lower_ == "due" for c in above.children):
        be = above
    else:
        return []
    if is_negated(be):
        return []
    subjects = [c for c in be.children if c.dep_ == "nsubj"]
    if not subjects and be.dep_ == "conj":
        subjects = [c for c in be.head.children if c.dep_ == "nsubj"]
    return [e for s in subjects for e in subject_entities(s, res)]


def _present_at(tok: Token, res: Resolver) -> list[str]:
    """ "Soto briefed his counterparts at an emergency meeting of EU foreign ministers": one who
    speaks or acts at a meeting is there (not "cancelled his appearance at the summit": the phrase
    is the verb's own, and the verb says what was done there)."""
    at = tok
    if at.dep_ == "pobj" and at.head.lower_ == "of" and at.head.head.lemma_.lower() in lex_set("sideline_nouns"):
        at = at.head.head  # "speaking on the sidelines of the ASEAN summit": on its sidelines is there too
        if at.dep_ != "pobj" or at.head.lower_ not in {"on", "at"} or at.head.dep_ != "prep":
            return []
    elif at.dep_ != "pobj" or at.head.lower_ != "at" or at.head.dep_ != "prep":
        return []
    verb = at.head.head
    if at is not tok and meeting_kind(verb) is not None:
        return []  # "met X on the sidelines of the summit": that meeting brings its parties to the forum
    # what someone does at a meeting they are present at (lexicon.json "present_at_verbs")
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex_set("present_at_verbs") or is_negated(verb):
        return []
    subject_of = _subjects_of(verb)
    if not subject_of and verb.dep_ == "advcl" and verb.tag_ == "VBG":
        # "Speaking at the summit, the prime minister said ...": the participle's subject is the clause's
        subject_of = [c for c in verb.head.children if c.dep_ == "nsubj"]
    # "the prime minister": one person the article has named, told by a singular description
    subjects = [e for c in subject_of for e in subject_entities(c, res) or (res.resolve(c) if c.tag_ == "NN" else [])]
    return [e for e in subjects if res.table.entities[e].type == "Person"]


def _told_during(tok: Token, res: Resolver) -> list[str]:
    """ "Soto informed Ruiz during a phone call", "In a phone call on Friday, Kaya told Petrov ...":
    the one who speaks and the one spoken to in a call or meeting are its parties."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in {"during", "in", "over"} or _pobjs(tok, {"with", "between"}):
        return []
    verb = next((a for a in tok.head.ancestors if a.pos_ == "VERB"), None)
    # verbs of telling someone something (lexicon.json "telling_verbs")
    if verb is None or verb.lemma_.lower() not in lex_set("telling_verbs") or is_negated(verb):
        return []
    said_to = [c for c in verb.children if c.dep_ == "dobj"] + _pobjs(verb, {"to"})
    people = [e for c in _subjects_of(verb) for e in subject_entities(c, res)]
    people += [e for c in said_to for t in with_conjuncts(c) for e in res.resolve(t)]
    people = [e for e in people if res.table.entities[e].type == "Person"]
    return people if len(set(people)) >= 2 else []


def _offered_between(tok: Token, res: Resolver) -> list[str]:
    """ "Peru accepted Chile's invitation to hold talks", "Peru agreed to Chile's proposal for a summit":
    a meeting named only as what an offer is for is between who offers it and who answers it.

    >>> # -> [Chile, Peru]; "Chile's proposal for a summit" with no one answering -> []
    """
    offer = None
    if tok.dep_ == "dobj" and tok.head.dep_ == "acl":
        offer = tok.head.head  # "an invitation to hold talks"
    elif tok.dep_ == "pobj" and tok.head.lower_ in {"for", "to", "on"}:
        offer = tok.head.head  # "a proposal for a summit"
    if offer is None or offer.lemma_.lower() not in lex_set("offer_nouns"):
        return []
    offering = [e for c in offer.children if c.dep_ == "poss" for e in res.resolve(c)]
    offering += [e for a in passive_agents(offer) for e in res.resolve(a)]
    verb = offer.head.head if offer.dep_ == "pobj" and offer.head.lower_ == "to" else offer.head
    if offer.dep_ not in {"dobj", "pobj"} or verb.lemma_.lower() not in lex_set("answering_verbs") | {"agree"}:
        return []
    answering = [e for c in _subjects_of(verb) for e in subject_entities(c, res)]
    if not offering or not answering or set(offering) & set(answering):
        return []
    return [*offering, *answering]


def _invitation_holders(noun: Token) -> list[Token]:
    """Who an invitation is addressed to: "an invitation to Y", or whoever accepts, declines or receives it.

    >>> # "Y accepted an invitation from X to visit Z" -> [Y]; "X extended an invitation" -> []
    """
    if noun.lemma_.lower() not in lex_set("invitation_nouns"):
        return []
    to = [t for p in _pobjs(noun, {"to"}) if p.ent_type_ or p.pos_ == "PRON" for t in with_conjuncts(p)]
    if to:
        return to
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lemma_.lower() in lex_set("answering_verbs"):
        return [c for c in verb.children if c.dep_ == "nsubj"]
    return []


def _subjects_of(verb: Token) -> list[Token]:
    """A verb's subject, or the one of the clause it completes: "Kaya was due to brief ..." -> Kaya."""
    t = verb
    for _ in range(3):
        subs = [c for c in t.children if c.dep_ == "nsubj"]
        if subs or t.dep_ not in {"xcomp", "acomp"}:
            return subs
        t = t.head
    return []


def _group_subject(subj: Token, res: Resolver) -> list[str]:
    """ "the two leaders met": the last pair of people; "both sides met": the last pair, when the pair are
    countries or bodies (a pair of people stands for sides the text does not name)."""
    group = res.group(subj)
    if subj.lemma_.lower() in PERSON_GROUP_NOUNS:
        return group
    return group if group and all(res.table.entities[e].type != "Person" for e in group) else []


def _participants(m: _Mention, res: Resolver) -> list[str]:
    """The parties a mention names, from its own phrase and clause; a headline's opening list of names
    ("Soto, Lima hold first talks in five years") when the parse found fewer than two."""
    out = _parties_in_clause(m, res) or _members_meet(m, res)
    if len(out) < 2:
        listed = _headline_list(m.tok, res)
        if len(listed) >= 2 and set(out) <= set(listed):
            return listed
    return out


def _hosts_elsewhere(res: Resolver, host: str, location: list[str]) -> bool:
    """Whether a country named as one meeting's host is not at home at ``location``: "the talks resumed
    in Havana, with Cuba as host ... the negotiations, which opened in Quito": Cuba hosted no talks in
    Ecuador's capital. Only a country or capital tells; a town says nothing."""
    places = [p for p in location if _is_host(res, p)]
    return bool(places) and all(p != host and _country_of_capital(res, p) != host for p in places)


def _named_hosts(tok: Token, res: Resolver) -> list[str]:
    """ "The talks resumed in Valdora, with Norland as guarantor and host", "officials met, with Norland
    acting as host": a host the clause names with "as" receives the sides and takes part (GUIDELINES
    "Hosts, visits, forums"). A place other than a country or a capital (a town, a region) is no side.

    Only the mention's own clause counts: in "the talks, halted when Norland stepped back as host,
    resumed" the host of the relative clause is not this meeting's."""
    verb = clause_verb(tok)
    if verb is None:
        return []
    out: list[str] = []
    for t in verb.subtree:
        if t.lemma_.lower() != "host" or t.pos_ != "NOUN":
            continue
        holder = as_role_holder(t)
        clause = clause_verb(holder) if holder is not None else None
        if holder is None or clause is None or clause.i != verb.i:
            continue
        _add(
            out,
            [e for x in with_conjuncts(holder) for e in res.resolve(x) if not _is_place(res, e) or _is_host(res, e)],
        )
    return out


HEADLINE_SEPARATORS = {",", "/", "&", "and", "-", "–", "—"}
# what a meeting does as the subject of its own sentence: "the talks opened / closed / ended with X and Y ..."
EVENT_VERBS = {"open", "close", "end", "begin", "start", "resume", "conclude", "continue", "wrap"}


def _headline_list(tok: Token, res: Resolver) -> list[str]:
    """The names a headline opens with, before the meeting word: "Soto, Lima to meet in Rome",
    "Chile/Peru talks resume". Only a line without final punctuation, and only names and separators
    from its first word on."""
    sent = tok.sent
    ends_line = sent.end == len(tok.doc) or "\n" in sent[-1].text_with_ws
    if sent.text.rstrip()[-1:] in '.!?"”:' or not ends_line:
        return []
    out: list[str] = []
    for t in sent:
        if t.i >= tok.i or t.is_space:
            break
        ids = res.entities_at(t)
        if ids:
            _add(out, ids)
        elif t.text not in HEADLINE_SEPARATORS:
            break
    return out


def _named_pair_subject(verb: Token) -> bool:
    """ "Soto and Ruiz discussed an extension": two or more named subjects discussing something talk
    together."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or not subj.ent_type_:
        return False
    return any(c.dep_ == "conj" and c.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} for c in subj.children)


def _with_on_topic(verb: Token) -> list[tuple[Token, Token]]:
    """ "X discussed the normalization effort with Y": the small model hangs the verb's "with" on its
    object; each (object, "with" object) pair of the verb's plain noun objects."""
    return [
        (o, p)
        for o in verb.children
        if o.dep_ == "dobj" and o.pos_ == "NOUN" and not o.ent_type_
        for p in _pobjs(o, {"with"})
    ]


def _topic_with_a_name(verb: Token) -> bool:
    """ "discussed the normalization effort with Karim Haddad": the "with" on the topic names someone the
    model typed."""
    return any(p.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} for _, p in _with_on_topic(verb))


def _topic_with(verb: Token, res: Resolver) -> list[Token]:
    """The parties of the "with" on a topic that names no one: "discussed the effort with Y" -> [Y]."""
    return [p for o, p in _with_on_topic(verb) if not res.resolve(o)]


def _people_of(tok: Token, res: Resolver) -> list[str]:
    """ "a summit of Soto, Kaya, Ruiz and Petrov": the people a meeting noun is "of", when it
    names two or more (one name is whose meeting it is: "a meeting of the Security Council")."""
    out: list[str] = []
    for p in _pobjs(tok, {"of"}):
        listed = next((g for i, g in res.groups if i == p.i), None) or [
            e for t in with_conjuncts(p) for e in res.resolve(t, descriptions=False)
        ]
        _add(out, [e for e in listed if res.table.entities[e].type == "Person"])
    return out if len(out) >= 2 else []


def _parties_in_clause(m: _Mention, res: Resolver) -> list[str]:
    tok = m.tok
    out: list[str] = []
    if m.kind == "visit" and tok.pos_ == "ADJ":
        # "Ruiz is due in Moscow": the one due and the country of the place
        for s in (c for c in tok.head.children if c.dep_ == "nsubj"):
            _add(out, subject_entities(s, res))
        for p in _due_places(tok):
            _add(out, [_host_country_of(res, i, p) for i in res.resolve(p) if _is_host(res, i)])
        return out
    if tok.pos_ == "VERB":
        subs = [c for c in tok.children if c.dep_ in {"nsubj"}]
        if not subs and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in lex_set("object_control_verbs"):
            # "X invited Y to visit Z": the one invited is the one who visits (but in "X used the
            # afternoon slot to meet Y" X meets: only verbs of asking and inviting pass the object on)
            subs = [c for c in tok.head.children if c.dep_ == "dobj"]
        if not subs and tok.dep_ == "acl" and tok.tag_ == "VBG" and _members_body(tok.head, res):
            subs = [tok.head]  # "leaders of ASEAN meeting in Jakarta": the members the participle hangs on
        if not subs and tok.dep_ == "acl" and tok.head.pos_ == "NOUN":
            # "an offer by X to meet Y", "X's readiness to visit Y": the noun's owner or "by" agent meets
            owner = tok.head
            subs = [c for c in owner.children if c.dep_ == "poss"] + passive_agents(owner)
            invitees = _invitation_holders(owner)
            if invitees:
                # "Y accepted an invitation from X to visit Z": Y visits, and X (who invites) receives
                _add(out, [e for s in subs for e in subject_entities(s, res)])
                subs = invitees
        if (
            not subs
            and tok.dep_ == "acl"
            and tok.head.ent_type_ == "PERSON"
            and (tok.tag_ == "VBD" or any(c.dep_ == "dobj" for c in tok.children))
        ):
            # "Soto, who had said she would attend, telephoned X": the small model hangs the
            # finite verb on the name as a reduced relative; a past tense or a verb with an object
            # (not a passive participle, "X, invited by Y") is the name's own act
            subs = [tok.head]
        if not subs and tok.dep_ in {"conj", "xcomp", "advcl", "pcomp"}:
            # "Soto said ... after speaking to the pontiff": the clause shares the main subject
            head = tok.head.head if tok.dep_ == "pcomp" else tok.head
            if tok.dep_ == "xcomp" and head.dep_ == "acomp":
                head = head.head  # "X was due to meet Y", "X is ready to visit": the subject of "be"
            subs = [c for c in head.children if c.dep_ == "nsubj"]
            if not subs and (tok.dep_ == "xcomp" or tok.dep_ == "conj" and tok.tag_ == "VBN"):
                # "X is expected to meet Y", "X was invited to visit": the passive subject is who was
                # expected or invited, so the one who meets; "he was greeted ... and received by Y": the
                # passive subject the two participles share
                subs = [c for c in head.children if c.dep_ == "nsubjpass"]
            if not subs and tok.dep_ == "xcomp" and head.dep_ == "conj" and head.pos_ == "VERB":
                # "the president put off the meeting and chose to receive X": the verb the clause
                # completes shares the subject of the verb it is coordinated with
                subs = [c for c in head.head.children if c.dep_ == "nsubj"]
        for s in subs:
            # "the two leaders met": the last pair; "both sides met" names the sides, which the group's
            # people only stand for, so it is left to the mention's other parties
            ids = subject_entities(s, res) or _group_subject(s, res)
            if not ids and s.pos_ == "NOUN":
                ids = _side_of(s, res)  # "China's next defence minister would meet X": China is the party
            if not ids and tok.lemma_.lower() == "gather":
                # "Pacific Islands Forum foreign ministers will gather": the body whose members they are
                ids = [e for t in s.lefts for e in res.entities_at(t) if res.table.entities[e].type == "Organization"]
            _add(out, ids)
        for a in passive_agents(tok):  # "he will be received by President X"
            _add(out, res.resolve(a))
        for c in tok.children:
            if c.dep_ == "nsubjpass":
                _add(out, res.resolve(c))
        if tok.lemma_.lower() in {"speak", "talk"}:
            for p in _pobjs(tok, {"to"}):
                _add(out, res.resolve(p))
        if tok.lemma_.lower() == "call" and _calls_on(tok):
            for p in _pobjs(tok, {"on", "upon"}):
                if p.ent_type_ == "PERSON":
                    _add(out, res.resolve(p))
        objects = (
            _called(tok)
            if tok.lemma_.lower() == "call"
            else _invitees(tok)
            if tok.lemma_.lower() == "invite"
            else [c for c in tok.children if c.dep_ == "dobj"]
        )
        if objects:
            # "brought X and President Y together": the small model hangs the second name on the verb
            objects += [c for c in tok.children if c.dep_ == "conj" and c.pos_ == "PROPN"]
        for o in [t for c in objects for t in with_conjuncts(c)]:
            if o.lower_ in {"each", "both", "all"} and _pobjs(o, {"of"}):
                o = _pobjs(o, {"of"})[0]  # "received each of the two leaders": the leaders
            ids = res.resolve(o)
            if not ids and o.pos_ == "NOUN" and m.kind != "visit":
                # "met Russian negotiators": Russia; "met his counterparts from Chile and Peru": both
                ids = _side_of(o, res) or _sides_sent(o, res)
            if not ids and tok.lemma_.lower() == "brief":
                # "brief EU foreign ministers": the body whose members sit to hear
                ids = [e for t in o.lefts for e in res.entities_at(t) if res.table.entities[e].type == "Organization"]
            if m.kind == "visit":
                ids = [i for i in ids if not _is_place(res, i) or _is_host(res, i)]
            _add(out, ids)
        for o in objects:
            _add(out, coordinated_people(o, res))  # "met President X and President Y", parsed as one phrase
        for p in _signed_with(tok) if tok.lemma_.lower() == "sign" else _pobjs(tok, {"with"}) + _topic_with(tok, res):
            _add(out, res.resolve(p))
            _add(out, coordinated_people(p, res))
        if m.kind == "visit":
            places = _invited_to_place(tok) if tok.lemma_.lower() == "invite" else _pobjs(tok, {"to", "in"})
            for p in places:
                _add(out, [_host_country_of(res, i, p) for i in res.resolve(p) if _is_host(res, i)])
        return out
    if tok.lemma_.lower() in lex_set("stop_nouns"):
        return _stop_parties(tok, res)
    if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in EVENT_VERBS:
        # "The talks closed in Geneva with Morocco, the Polisario Front, Algeria and Mauritania agreeing to ..."
        for p in _pobjs(tok.head, {"with"}):
            _add(out, res.resolve(p, descriptions=False))
    held_by = _governing_verb(tok)
    clauses = list(tok.children) + ([c for c in held_by.children if c.dep_ == "advcl"] if held_by is not None else [])
    for c in clauses:
        if c.dep_ in {"acl", "advcl"} and _attends(c) and c.tag_ == "VBN":
            # "a trilateral meeting with U.S. and Ukrainian officials, attended by Secretary of State X"
            _add(out, [e for a in passive_agents(c) for t in with_conjuncts(a) for e in res.resolve(t)])
    _add(out, _led_by_two(tok, res))
    if len(out) < 2:
        _add(out, _offered_between(tok, res))
    # "a meeting in the Panamanian capital with X": the "with" the parser hung on the place is the noun's
    # ("talks in the Austrian capital between X and Y" likewise)
    placed_with = [w for p in _pobjs(tok, {"in", "at"}) for w in _pobjs(p, {"with", "between"})]
    placed_with += _forum_hung_sides(tok)
    # "the talks it is brokering between X and Y": the sides hung on the go-between's relative clause
    brokered = [
        p
        for c in tok.children
        if c.dep_ == "relcl" and c.lemma_.lower() in lex_set("go_between_verbs")
        for p in _pobjs(c, {"between"})
    ]
    own = [] if _sidelines_host(tok) is not None else _pobjs(tok, {"between", "with", "among"})
    for p in own + _conjoined_to_apposition(tok, {"between", "with", "among"}) + placed_with + brokered:
        if p.lower_ in {"each", "both", "all"} and _pobjs(p, {"of"}) and _people_group(_pobjs(p, {"of"})[0]):
            _add(out, res.group(_pobjs(p, {"of"})[0]))  # "separate talks with each of the two leaders"
            continue
        _add(out, res.resolve(p, descriptions=False) or _sides_sent(p, res))
        _add(out, coordinated_people(p, res))  # "between President X and President Y", parsed as one phrase
    _add(out, _people_of(tok, res))
    # "UN-mediated talks": the go-between before the hyphen is no party (it mediated)
    go_betweens = {
        a.i
        for c in tok.children
        if c.dep_ == "amod" and c.lemma_.lower() in lex_set("go_between_verbs")
        for a in [hyphenated_agent(c)]
        if a is not None
    }
    lefts = [c for c in tok.lefts if c.i not in go_betweens]
    modifiers = [
        e for c in lefts if c.dep_ in {"compound", "amod", "nmod"} for t in c.subtree for e in res.entities_at(t)
    ]
    lone_place = len(set(modifiers)) == 1 and _is_place(res, modifiers[0])
    dash_first = _dash_pair_head(tok, res)
    if dash_first:
        _add(out, dash_first)
        lone_place = False  # "the EU–Valdora summit": the place after the dash is the other side
    _add(out, _body_before(tok, res))
    _add(out, _demonym_chain(tok, res))
    for c in lefts:
        if c.dep_ == "poss":
            owners = res.resolve(c)
            if owners:
                _add(out, owners)  # "the US leader's trip": the leader, not "US"
                continue
        if lone_place and c.dep_ != "poss":
            continue  # "the Singapore summit": one place before the noun is where, not who
        if c.dep_ in {"compound", "amod", "nmod", "poss"}:
            for t in c.subtree:
                if t.dep_ in {"compound", "amod", "nmod", "poss"} or t is c:
                    ids = res.entities_at(t)
                    if ids and not any(x.lower_ in {"'s", "’s"} for x in t.rights) or t.dep_ == "poss":
                        _add(out, ids)
    if m.kind == "visit":
        for p in _pobjs(tok, {"by"}):
            _add(out, res.resolve(p))
        for p in _pobjs(tok, {"to"}):
            # "a visit to the Chilean capital, Santiago" (the city typed otherwise): the country hosts
            _add(
                out,
                [
                    _host_country_of(res, i, p) if _is_place(res, i) else i
                    for i in res.resolve(p) or _place_ids(p, res) or _capital_country(p, res)
                    if _is_host(res, i) or not _is_place(res, i)
                ],
            )
    verb = _governing_verb(tok)
    if m.kind == "phone_call":
        for p in callees(tok):  # "placed the call to X": the one called is the other party
            _add(out, res.resolve(p, descriptions=False))
    between = _pobjs(tok, {"between"}) or (verb is not None and tok.dep_ == "dobj" and _pobjs(verb, {"between"}))
    if verb is not None and tok.dep_ == "dobj" and not _pobjs(tok, {"between"}):
        for p in _pobjs(verb, {"between"}):  # "resume talks between X and Y" parsed onto the verb
            _add(out, res.resolve(p, descriptions=False))
    if verb is not None and _co_chairs(verb) and not between:
        # "X and Y co-chaired the meeting", "the meeting was co-chaired by X and Y" (the tokenizer splits
        # "co-chaired", and the parser takes "co" for the subject)
        heads = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ != "co"]
        heads += [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ == "co" for c in c.lefts]
        for s in heads:
            _add(out, subject_entities(s, res))
        if tok.dep_ == "nsubjpass":
            _add(out, [e for a in passive_agents(verb) for t in with_conjuncts(a) for e in res.resolve(t)])
    makes_call = m.kind == "phone_call" and verb is not None and verb.lemma_.lower() in lex_set("call_making_verbs")
    if verb is not None and (verb.lemma_.lower() in PARTICIPATION_VERBS or makes_call) and not between:
        subs = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subs and verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lex_set("invite_verbs"):
            # "X invited him to make a state visit": the one invited makes it
            subs = [c for c in verb.head.children if c.dep_ == "dobj"]
        if not subs and verb.dep_ in {"xcomp", "conj"}:
            # "Kaya was slated to hold talks with X": a passive's subject holds them
            subs = [c for c in verb.head.children if c.dep_ == "nsubj"] or [
                c for c in verb.head.children if c.dep_ == "nsubjpass" and verb.dep_ == "xcomp"
            ]
        if not subs and verb.dep_ == "xcomp":
            subs = _subjects_of(verb)  # "X had been due to fly to Y for talks with Z": the subject of "be"
        if verb.lemma_.lower() == "host":
            # "X hosted the talks", "X hosted Y for talks": the host receives the sides and takes part
            # (GUIDELINES "Hosts, visits, forums"); a host with no object hosts nothing named here
            subs = subs if _pobjs(tok, {"with"}) or any(c.dep_ == "dobj" for c in verb.children) else []
        for s in subs:
            _add(out, subject_entities(s, res))
        if tok.dep_ == "dobj":
            for p in _pobjs(verb, {"with"}):  # "convened a meeting in Paris with leaders including ..."
                _add(out, res.resolve(p))
    _add(out, _delegation_leaders(tok, res))
    _add(out, _due_at(tok, res))
    _add(out, _present_at(tok, res))
    if len(out) < 2:
        _add(out, _told_during(tok, res))
    if not out:
        _add(out, _answered_offer(tok, res))
    if (
        verb is not None
        and tok.dep_ == "pobj"
        and tok.head.lower_ in {"after", "before", "following", "during"}
        and _pobjs(tok, {"with"})
        and not any(c.dep_ == "poss" for c in tok.children)
    ):
        # "after a meeting with Ruiz and Kaya, Soto announced ...": the one who speaks after
        # the meeting with others had it with them
        for s in [c for c in verb.children if c.dep_ == "nsubj"]:
            _add(out, subject_entities(s, res))
    if tok.pos_ == "NOUN":
        for p in _pobjs(tok, {"of"}):  # "a meeting of the presidents", "a meeting of X and Y"
            if p.lemma_.lower() not in {"sake", "kind", "type", "part", "number", "series", "idea"}:
                _add(out, res.resolve(p) or _sides_sent(p, res))  # "a summit of CIS leaders"
                # "the summit of the two leaders with Premier Kaya": the parser hangs "with" on the leaders
                for w in _pobjs(p, {"with"}):
                    _add(out, [e for t in with_conjuncts(w) for e in res.resolve(t, descriptions=False)])
    if (
        tok.dep_ == "pobj"
        and tok.head.lower_ in {"to", "for"}
        and tok.head.head.lemma_.lower() in lex_set("invite_verbs")
    ):
        # "X invited Y to a summit (in Z)", "X will host Y for an informal summit": host and guest are the parties
        inviting = tok.head.head
        for c in inviting.children:
            if c.dep_ in {"nsubj", "dobj"}:
                _add(
                    out,
                    subject_entities(c, res)
                    if c.dep_ == "nsubj"
                    else [e for t in with_conjuncts(c) for e in res.resolve(t)],
                )
            elif c.dep_ == "agent":
                _add(out, [e for b in passive_agents(inviting) for e in res.resolve(b)])
            elif c.dep_ == "nsubjpass":
                _add(out, [e for t in with_conjuncts(c) for e in res.resolve(t)])
    if len(out) < 2 and not between:
        subjects = _clause_subjects(tok, res)
        if len(subjects) >= 2 and (not out or set(out) <= set(subjects)):
            out = subjects
        elif len(out) == 1 and (
            _pobjs(tok, {"with"})
            or m.kind == "visit"
            and _pobjs(tok, {"to"})
            and not any(c.dep_ == "poss" for c in tok.children)
            and not _pobjs(tok, {"by"})
        ):
            # "X accepted an invitation to a summit with Y": X is the other party, unless X is
            # Y's own country ("the American side proposed a meeting with the US president")
            other = [s for s in subjects if s not in out and not _same_side(res, s, out[0])]
            _add(out, other[:1])
    # a person and the country or body they speak for are one party: keep the person
    return [p for p in out if not any(q != p and p in res.affiliated and q in res.affiliated[p] for q in out)]


def _led_by_two(tok: Token, res: Resolver) -> list[str]:
    """ "three rounds of negotiations, led by X and Cuba's Y": talks two people lead are led from
    either side of the table, so both take part. One leader alone ("talks led by the AU") may be the
    go-between: left to the relations."""
    for c in _measure(tok).children:
        if c.dep_ != "acl" or c.tag_ != "VBN" or c.lemma_.lower() not in lex_set("lead_verbs"):
            continue
        leaders = [e for a in passive_agents(c) for t in with_conjuncts(a) for e in res.resolve(t)]
        if len(leaders) >= 2 and all(res.table.entities[e].type == "Person" for e in leaders):
            return leaders
    return []


DASHES = {"–", "—", "-", "/"}


def _dash_pair_head(tok: Token, res: Resolver) -> list[str]:
    """ "the EU–Valdora summit": the small model splits the dash compound and makes the meeting
    noun an apposition to the first party; that party is the name right before the dash."""
    head = tok.head
    if tok.dep_ != "appos" or head.i >= tok.i or head.i + 1 >= len(tok.doc):
        return []
    if tok.doc[head.i + 1].text not in DASHES or tok.left_edge.i > head.i + 2:
        return []  # the dash right after the name, hung on either side of it
    return res.entities_at(head)


def _demonym_chain(tok: Token, res: Resolver) -> list[str]:
    """ "Chilean-Peruvian talks", "a three-way Chilean-Peruvian-French sitting", "US-Russian summit": the
    countries of nationalities joined by hyphens right before a meeting noun (two at least)."""
    doc, i, found = tok.doc, tok.i - 1, []
    while i >= 0:
        t = doc[i]
        if is_demonym(t.text) or (t.pos_ == "PROPN" and country_for(t.text)):
            found.append(t)
            if i == 0 or doc[i - 1].text not in {"-", "–"}:
                break
            i -= 2
        else:
            break
    if len(found) < 2:
        return []
    out: list[str] = []
    for t in reversed(found):
        country = country_for(t.text)
        if country:
            _add(out, [res.table.add_at(country, "Place", t)])
    return out


def _body_before(tok: Token, res: Resolver) -> list[str]:
    """The organisation named right before a meeting noun, whatever the parse made of it: "the Group of 20
    summit" (parsed with the summit inside "of")."""
    if tok.pos_ != "NOUN" or tok.i == 0 or tok.dep_ != "pobj":
        return []
    prev = tok.doc[tok.i - 1]
    ids = [e for e in res.entities_at(prev) if res.table.entities[e].type == "Organization"]
    return ids if ids and tok.head.i > prev.i - 3 and tok.head.ent_type_ else []


def _is_forum(m: _Mention, res: Resolver) -> bool:
    """A meeting of one organisation: "the NATO summit", "an ASEAN foreign ministers' meeting".

    The organisation named before the meeting noun (or in "a summit of the
    African Union") is the party; a forum needs no second named party.
    """
    if len(m.participants) != 1:
        return False
    return _names_its_forum(m, res, m.participants[0])


def _members_meet(m: _Mention, res: Resolver) -> list[str]:
    """The forums whose members the mention's subject names: "ASEAN leaders met in Jakarta", "leaders of
    the African Union meeting in Addis Ababa", "EU ministers held a summit" (the noun held by them)."""
    if m.tok.dep_ == "appos" and m.tok.tag_ == "NN" and m.tok.lower_ == "meeting":
        return _members_body(m.tok.head, res)  # the same participle, which the parser took for a noun
    verb = m.tok if m.tok.pos_ == "VERB" else _governing_verb(m.tok) if m.tok.dep_ == "dobj" else None
    if verb is None:
        return []
    subs = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subs and verb is m.tok and verb.dep_ == "acl" and verb.tag_ == "VBG":
        subs = [verb.head]  # "leaders of ASEAN meeting in Jakarta": the noun the participle hangs on
    return [e for s in subs for e in _members_body(s, res)]


def _names_its_forum(m: _Mention, res: Resolver, eid: str) -> bool:
    """Whether the organisation ``eid`` is named on the meeting noun itself as the body that sits:
    "the NATO summit", "a summit of the African Union", "the Group of 20 summit"."""
    if m.tok.pos_ == "VERB" and m.tok.lemma_.lower() == "gather":
        ent = res.table.entities.get(eid)
        return bool(ent and ent.type == "Organization" and forum_name(ent.name))  # its members gather
    if eid in _members_meet(m, res):
        return True  # "ASEAN leaders met", "EU foreign ministers held talks": the body sits
    if m.tok.pos_ not in {"NOUN", "PROPN"} or m.kind not in FORUM_KINDS:
        return False
    ent = res.table.entities.get(eid)
    if ent is None or ent.type != "Organization" or not forum_name(ent.name):
        return False
    named_here = {
        e
        for c in m.tok.lefts
        if c.dep_ in {"compound", "nmod", "poss", "amod"}
        for t in c.subtree
        for e in res.entities_at(t)
    }
    named_here |= {e for p in _pobjs(m.tok, {"of"}) for e in res.resolve(p) or _sides_sent(p, res)}
    named_here |= set(_body_before(m.tok, res))
    return eid in named_here


FORUM_KINDS = {"summit", "meeting", "talks"}  # a call or a visit is between parties, never of one body


def forum_name(name: str) -> bool:
    """Whether an organisation's name can be a forum that meets: an acronym or a body's full name.

    One capitalised word is more often a place or a building the parser typed as an organisation
    ("the Valdora summit", "Castelo talks"); a domestic body's sitting ("a National Security Council
    meeting", "the Cabinet meeting") and a meeting's own name ("the Negev Summit") are no forum.

    >>> forum_name("NATO"), forum_name("G7"), forum_name("Arctic Council"), forum_name("Castelo")
    (True, True, True, False)
    >>> forum_name("National Security Council"), forum_name("Negev Summit")
    (False, False)
    """
    words = name.split()
    if not words or words[-1].lower() in lexicon()["meeting_nouns"]:
        return False
    if {w.lower() for w in words} & lex_set("domestic_body_words"):
        return False
    acronym = any(sum(ch.isupper() for ch in w) >= 2 or any(ch.isdigit() for ch in w) for w in words)
    return acronym or len(words) >= 2


def _host_country(res: Resolver, eid: str, sent) -> str | None:
    """The country whose government receives a visitor to a place: itself, or a capital's country."""
    if _is_country(res, eid):
        return eid
    e = res.table.entities.get(eid)
    country = capitals().get(e.name.lower()) if e is not None and e.type == "Place" else None
    if not country:
        return None
    # only a country the article names: a capital can be the seat of a body rather than of a host
    target = res.table._id("Place", country)
    return target if target in res.table.entities else None


def _visit_hosts(m: _Mention, res: Resolver) -> list[_Mention]:
    """A visit is the visitor and the country visited; a trip to two countries is two visits.

    "Soto's visits to Armenia and Azerbaijan": Soto with Armenia, and
    Soto with Azerbaijan. "Lima will travel to Tbilisi": Lima with
    Georgia, in Tbilisi.
    """
    visitors = [p for p in m.participants if not _is_place(res, p)]
    dests = [p for p in [*m.participants, *m.location] if _is_place(res, p)]
    hosts: list[tuple[str, str | None]] = []
    for d in dict.fromkeys(dests):
        h = _host_country(res, d, m.tok.sent)
        if h is not None and h not in [x for x, _ in hosts]:
            hosts.append((h, d if d != h else None))
    # a host the article names in person ("visited Ankara, where Kaya received him") is the host
    hosts = [(h, c) for h, c in hosts if not any(v in res.affiliated.get(h, set()) for v in visitors)]
    if not visitors or not hosts:
        return [m]
    return _split(
        m, [([*visitors, h], list(m.location) if len(hosts) == 1 else [x for x in (city, h) if x]) for h, city in hosts]
    )


def _sentence_parties(m: _Mention, res: Resolver) -> list[str]:
    """The last resort for a mention that names no two parties: the coordinated parties of its sentence.

    "Foreign ministers Ana Soto and Paulo Lima, in Lima for a regional forum, sat down on the
    sidelines": the pair the sentence coordinates is the pair that meets. A mention's own party
    must be among them; places that are only venues are not parties.
    """
    sent = m.tok.sent
    for i, group in res.groups:
        if not sent.start <= i < sent.end or len(group) < 2:
            continue
        head = res.doc[i]
        if head.dep_ == "pobj" and head.head.lower_ not in {"between", "with", "of"} or head.dep_ in {"attr", "oprd"}:
            continue  # "Switzerland, Turkey and the Vatican as possible venues", "in X and Y": places, not parties
        parties = [e for e in group if res.table.entities[e].type != "Place" or _is_country(res, e)]
        parties = [e for e in parties if e not in m.location]
        if len(parties) >= 2 and set(m.participants) <= set(parties):
            return parties
    return []


def _same_side(res: Resolver, a: str, b: str) -> bool:
    """True when one is a place or organisation the article affiliates the other with."""
    return b in res.affiliated.get(a, set()) or a in res.affiliated.get(b, set())


def _definite(tok: Token) -> bool:
    """ "the summit", "this meeting", "such a summit": a mention that refers back."""
    return any(
        c.dep_ in {"det", "predet", "poss"}
        and c.lower_ in {"the", "this", "that", "these", "those", "such", "its", "another"}
        for c in tok.children
    )


@cache
def _acting_on_meetings(labels: tuple[str, ...] = ("postponed", "mediated")) -> frozenset[str]:
    """Verbs that postpone or mediate a meeting (from the trigger patterns); ``labels`` picks which."""
    import json

    from ..resources import pattern_text

    return frozenset(
        e["pattern"][0]["RIGHT_ATTRS"]["LEMMA"]
        for e in json.loads(pattern_text("triggers.json"))
        if e["label"] in labels
        and e["pattern"][0]["RIGHT_ATTRS"].get("POS") != "NOUN"
        and isinstance(e["pattern"][0]["RIGHT_ATTRS"].get("LEMMA"), str)
    )


def _hosted_parties(tok: Token, res: Resolver) -> list[str]:
    """ "Soto has hosted Lima and Ruiz", "Qatar brought X and Y together in Doha": the guests
    of a host are the parties of a meeting."""
    together = tok.lemma_.lower() == "bring" and any(t.lower_ == "together" for t in tok.subtree)
    if tok.pos_ != "VERB" or not (tok.lemma_.lower() == "host" or together):
        return []
    if any(c.dep_ == "dobj" and meeting_kind(c) is not None for c in tok.children):
        return []  # "hosted the talks": a meeting noun says who met
    out: list[str] = []
    # the guests are the named heads of the object phrase, wherever the parser hung the second one
    for t in tok.subtree:
        if t.i == tok.i or t.dep_ not in {"dobj", "conj", "appos"}:
            continue
        path = [a for a in t.ancestors if a.i != tok.i and tok.i in {x.i for x in a.ancestors} | {a.head.i}]
        if any(
            a.dep_ in {"prep", "nsubj", "nsubjpass", "pobj", "advcl", "ccomp", "xcomp", "relcl"} for a in [t, *path]
        ):
            continue
        _add(out, [e for e in res.entities_at(t) if res.table.entities[e].type in {"Person", "Organization", "Place"}])
    if len(out) < 2:
        return []
    # the host receives the sides at home and takes part (GUIDELINES "Hosts, visits, forums");
    # who brings the sides together is their go-between, not a party
    hosts = [
        e
        for c in tok.children
        if c.dep_ == "nsubj" and not together
        for e in subject_entities(c, res)
        if res.table.entities[e].type != "Place" or _is_country(res, e)
    ]
    return [*[h for h in hosts if h not in out], *out]


def _plural_party(tok: Token) -> bool:
    """True when a plural phrase or pronoun names the parties: "the leaders had a meeting", "their talks"."""
    verb = _governing_verb(tok) if tok.pos_ != "VERB" else tok
    cands = [c for c in tok.children if c.dep_ == "poss"]
    if verb is not None:
        cands += [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return any(c.tag_ in {"NNS", "NNPS"} or c.lower_ in {"they", "their", "them", "both"} for c in cands)


def _clause_subjects(tok: Token, res: Resolver) -> list[str]:
    """The subjects of the clause a meeting noun sits in.

    "X and Y have not dismissed the idea of a future summit": X and Y. A
    reporting verb ends the search, unless its subject is a country or an
    organisation speaking of its own talks ("Egypt said negotiations with
    Ethiopia had failed").
    """
    report = lex_set("report_verbs")
    t = tok
    for _ in range(6):
        if t.dep_ not in {
            "dobj",
            "pobj",
            "prep",
            "pcomp",
            "csubj",
            "ccomp",
            "xcomp",
            "acl",
            "advcl",
            "nsubjpass",
            "nsubj",
            "conj",
        }:
            return []
        head = t.head
        # (an adverbial clause is an act of its own: "hosted the summit, welcoming them after a meeting with X")
        own = t is tok and (_pobjs(tok, {"with"}) or meeting_kind(tok) == "visit" and _pobjs(tok, {"to"}))
        if head.lemma_.lower() in _acting_on_meetings() and not own and t.dep_ != "advcl":
            return []  # "X and Y suspended the talks": who suspends or brokers talks need not sit at them
            # (but "Chile postponed its talks with Brazil": Chile is the other side; "X cancelled a visit to
            # Y": X is the visitor)
        if t.dep_ == "ccomp" and head.lemma_.lower() in report:
            subs = [c for c in head.children if c.dep_ == "nsubj"]
            ids = subject_entities(subs[0], res) if subs else []
            return (
                ids
                if ids and all(res.table.entities[i].type != "Person" for i in ids) and _pobjs(tok, {"with"})
                else []
            )
        t = head
        subs = [c for c in t.children if c.dep_ == "nsubj" and c.i != tok.i]
        if subs:
            # ("the four leaders agreed to organise a meeting": the last four named)
            return subject_entities(subs[0], res) or _person_possessor(subs[0], res) or _group_subject(subs[0], res)
    return []


def _person_possessor(np: Token, res: Resolver) -> list[str]:
    """ "His programme includes a meeting with X", "Soto's agenda lists talks with Y": the person whose
    schedule it is takes part."""
    return [
        e for c in np.children if c.dep_ == "poss" for e in res.resolve(c) if res.table.entities[e].type == "Person"
    ]


def _sides_sent(np: Token, res: Resolver) -> list[str]:
    """ "a meeting between delegations from Quito and Bogota", "talks with representatives of the OSCE":
    the countries or bodies the people come from."""
    if np.pos_ != "NOUN" or np.lemma_.lower() not in lex_set("envoy_nouns"):
        return []
    bodies = [
        e
        for c in np.children
        if c.dep_ in {"compound", "nmod"}
        for e in res.entities_at(c)
        if res.table.entities[e].type == "Organization"
    ]  # "a summit of CIS leaders"
    if bodies:
        return bodies
    # "his counterparts from Kyiv, Berlin and Paris": every place of the list; where the people are
    # named after it ("... Paris, the presidents X, Y and Z"), the parser lists them with the places
    listed = list(
        dict.fromkeys(e for p in _pobjs(np, {"from", "of"}) for t in with_conjuncts(p) for e in res.resolve(t))
    )
    people = [e for e in listed if res.table.entities[e].type == "Person"]
    return (
        people if len(people) >= 2 else [e for e in listed if res.table.entities[e].type in {"Place", "Organization"}]
    )


def _members_body(np: Token, res: Resolver) -> list[str]:
    """The forum a plural group noun names as the body its members sit in: "ASEAN leaders",
    "Pacific Islands Forum foreign ministers", "leaders of the African Union".

    A domestic body or a one-word name is no forum (:func:`forum_name`); "Russian diplomats" name a
    country, not a body.
    """
    if np.tag_ != "NNS" or np.lemma_.lower() not in lex_set("envoy_nouns"):
        return []
    toks = [t for c in np.lefts if c.dep_ in {"compound", "nmod"} for t in c.subtree]
    toks += [t for p in _pobjs(np, {"of"}) for t in with_conjuncts(p)]
    out: list[str] = []
    for t in toks:
        _add(
            out,
            [
                e
                for e in res.entities_at(t)
                if res.table.entities[e].type == "Organization" and forum_name(res.table.entities[e].name)
            ],
        )
    return out


def subject_entities(subj: Token, res: Resolver) -> list[str]:
    """The parties a subject names, also when the parser misattached a coordination.

    "US President X and Russian President Y had a meeting" is sometimes parsed
    with X as an apposition inside Y's noun phrase; every named head in the
    subject's phrase (not the "US" of "US President") is a party.
    """
    out: list[str] = []
    for s in with_conjuncts(subj):
        ids = res.resolve(s, descriptions=False)
        named = [e for a in s.children if a.dep_ == "appos" for e in res.resolve(a, descriptions=False)]
        if (
            named
            and all(res.table.entities[e].type == "Person" for e in named)
            and not any(res.table.entities[e].type == "Person" for e in ids)
        ):
            # "the US Special Representative for the region, Ambassador Ana Soto, is travelling":
            # the person apposed to a title (which the model may type as a body) is the subject
            ids = named
        if not ids and s.pos_ == "NOUN":
            # "the foreign ministers of X and Y", "delegations from X and Y": the sides they speak for
            ids = [
                e
                # ("heads of state from X and Y": the parser hangs "from" on "state")
                for p in _pobjs(s, {"of", "from"}) + [q for o in _pobjs(s, {"of"}) for q in _pobjs(o, {"from"})]
                for e in res.resolve(p)
                if res.table.entities[e].type in {"Place", "Organization"}
            ] or _members_body(s, res)  # "ASEAN leaders": the body they sit in
        _add(out, ids)
    listed = next((g for i, g in res.groups if i == subj.i and len(g) >= 2), None)
    if listed and any(e in listed for e in out):
        _add(out, listed)  # "Russia, Ukraine, the US and the EU agreed": the list as the coordination groups it
    if any(t.dep_ == "cc" and t.lower_ == "and" for t in subj.subtree):
        for t in subj.subtree:
            if t.dep_ in {"appos", "conj", "nsubj", "nsubjpass", "nmod"} and not any(
                a.dep_ == "prep" for a in t.ancestors if a in subj.subtree
            ):
                _add(out, [e for e in res.entities_at(t) if res.table.entities[e].type != "Place" or len(out) == 0])
    return out


def _is_place(res: Resolver, eid: str) -> bool:
    e = res.table.entities.get(eid)
    return bool(e and e.type == "Place")


def _is_country(res: Resolver, eid: str) -> bool:
    e = res.table.entities.get(eid)
    return bool(e and e.type == "Place" and country_for(e.name))


def _is_host(res: Resolver, eid: str) -> bool:
    """A country or a capital city: a place whose government receives a visitor (not "the Middle East")."""
    e = res.table.entities.get(eid)
    return bool(e and e.type == "Place" and (country_for(e.name) or e.name.lower() in capitals()))


def _capital_country(tok: Token, res: Resolver) -> list[str]:
    """ "a visit to the Moldovan capital": the country whose capital it is hosts the visit."""
    if tok.lemma_.lower() != "capital":
        return []
    out: list[str] = []
    for c in tok.children:
        country = country_for(c.text) if c.dep_ in {"amod", "compound"} else None
        if country:
            _add(out, [res.table.add_at(country, "Place", c)])
    return out


def _place_ids(tok: Token, res: Resolver) -> list[str]:
    out: list[str] = []
    if tok.lower_ in {"city", "town", "capital", "resort", "port"}:
        # "in the Russian city of Samara", "the Spanish city of Toledo"
        out += [e for p in _pobjs(tok, {"of"}) for e in _place_ids(p, res)]
    if tok.lower_ == "capital" and not out and not any(c.dep_ == "appos" for c in tok.children):
        # "in the Pakistani capital": the capital the country table gives
        for c in tok.children:
            country = country_for(c.text) if c.dep_ in {"amod", "compound"} else None
            city = capital_of().get(country) if country else None
            if city:
                _add(out, [res.table.add_at(city, "Place", tok)])
    for t in [tok, *[c for c in tok.children if c.dep_ in {"appos", "conj", "npadvmod"}]]:
        for i in res.entities_at(t):
            if _is_place(res, i):
                _add(out, [i])
    # "Lima, Peru": the second place hangs off the first as apposition or compound
    return out


# verbs whose place is the meeting's: "expected to take place in X", "the talks are set to start in X"
HAPPEN_VERBS = frozenset(
    {"take", "be", "hold", "happen", "occur", "host", "open", "start", "begin", "resume", "convene"}
)


def _locations(m: _Mention, res: Resolver) -> list[str]:
    tok = m.tok
    heads = [tok] + ([_measure(tok)] if _measure(tok) is not tok else [])
    heads += [p for p in _pobjs(tok, {"with"})]
    verb = _governing_verb(tok)
    if verb is not None:
        heads.append(verb)
    if tok.pos_ == "VERB":
        # "signed a deal with Peru in Lima"; "will meet Kim Jong Un in Singapore", the place hung on the person
        heads += [t for c in tok.children if c.dep_ == "dobj" for t in with_conjuncts(c)]
        heads += _topic_with(tok, res)  # "discussed trade with X in Lima", the place hung on the one met
    for c in tok.children:  # "which had been expected to take place in Valdora", "that Soto is hosting in X"
        if c.dep_ in {"relcl", "acl"}:
            heads += [t for t in c.subtree if t.lemma_.lower() in HAPPEN_VERBS]
    subject = _measure(tok)  # "a second round of talks took place in Quito": the round is the subject
    if subject.dep_ in {"nsubj", "nsubjpass"}:
        # "the talks are set to start on Friday in Valdora", "the summit opened in X"
        heads += [
            t
            for t in subject.head.subtree
            if t.pos_ == "VERB"
            and t.lemma_.lower() in HAPPEN_VERBS - {"be"}
            and (t.i == subject.head.i or t.dep_ == "xcomp")
        ]
        # "the third round is due in Bogota"
        heads += [c for c in subject.head.children if c.dep_ == "acomp" and c.lower_ == "due"]
    out: list[str] = []
    if verb is not None and verb.lemma_.lower() in TRAVEL_VERBS:
        for p in _pobjs(verb, {"to", "in"}):
            _add(out, _place_ids(p, res))
    if verb is not None and verb.lemma_.lower() == "host":
        # "Doha is hosting the talks", "Riyadh's offer to host the talks": a host city is the venue
        hosts = [c for c in verb.children if c.dep_ == "nsubj"]
        if verb.dep_ in {"acl", "xcomp"}:
            hosts += [c for c in verb.head.children if c.dep_ == "poss"]
        for h in hosts:
            _add(out, [e for e in res.resolve(h) if _is_place(res, e) and not _is_country(res, e)])
    for h in heads:
        preps = {"in", "at"} | ({"to"} if m.kind == "visit" else set())
        if h.pos_ == "VERB" and m.kind == "visit" and h is tok:
            for d in [c for c in h.children if c.dep_ == "dobj"]:
                _add(out, _place_ids(d, res))
        for p in _pobjs(h, preps):
            _add(out, _place_ids(p, res) or _venue_town(p, res))
        for d in _pobjs(h, {"on"}):
            # "will meet on November 14 in Santiago": the place the parser hung on the date
            if _is_date_token(d) and not d.is_punct:
                for q in _pobjs(d, {"in", "at"}):
                    _add(out, _place_ids(q, res))
    if not out and verb is not None and tok.pos_ == "NOUN":
        # "faced each other across a table in Istanbul for talks": the place hung one phrase further down
        for p in _pobjs(verb, {"across", "around", "at", "on"}):
            for q in _pobjs(p, {"in"}):
                _add(out, _place_ids(q, res))
    if tok.pos_ == "VERB" and tok.lemma_.lower() == "invite":
        for p in _invited_to_place(tok):
            _add(out, _place_ids(p, res))
    out += [p for p in _venue_places(tok, res) if p not in out]
    _add(out, _where_clause_place(tok if tok.pos_ == "VERB" else verb, res))
    if tok.pos_ == "NOUN":
        modifiers = [
            e
            for c in tok.lefts
            if c.dep_ in {"compound", "amod", "nmod"}
            for t in c.subtree
            for e in res.entities_at(t)
        ]
        if len(set(modifiers)) == 1 and _is_place(res, modifiers[0]):
            _add(out, modifiers[:1])
    return out


def _venue_town(venue: Token, res: Resolver) -> list[str]:
    """ "at the presidential palace in Santiago", "at a hotel in Geneva": a venue the article does not name
    is placed by the town after it.

    >>> # "received X at the presidential palace in Santiago" -> [Santiago]
    """
    if venue.pos_ != "NOUN" or venue.ent_type_:
        return []
    return [e for q in _pobjs(venue, {"in"}) for e in _place_ids(q, res)]


def _where_clause_place(verb: Token | None, res: Resolver) -> list[str]:
    """ "came in Valdora, where X and Y met", "flew to X, where he held talks": the place a
    "where" clause hangs on is where its meeting is."""
    for _ in range(3):
        # "where he is due to meet X": the meeting verb sits under the clause's own verb
        if verb is None or verb.dep_ not in {"xcomp", "acomp"}:
            break
        verb = verb.head
    if verb is None or verb.dep_ != "relcl" or not any(c.lower_ == "where" for c in verb.children):
        return []
    head = verb.head
    if _is_date_token(head) and not head.is_punct:
        # "the summit in Brussels on June 14, where ...": the clause hangs on the date after the place
        for t in reversed(verb.doc[max(head.sent.start, head.left_edge.i - 4) : head.left_edge.i]):
            places = _place_ids(t, res) if t.dep_ == "pobj" else []
            if places:
                return places
        return []
    return _place_ids(head, res)


def _venue_places(tok: Token, res: Resolver) -> list[str]:
    """ "X as the venue for the summit", "the choice of X as the location for talks"."""
    venues = lex_set("venue_nouns")
    if not (tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.lemma_.lower() in venues):
        return []
    venue = tok.head.head
    scope = venue.head.head if venue.dep_ == "pobj" and venue.head.lower_ == "as" else venue.head
    out: list[str] = []
    for t in scope.subtree:
        if t.i in {x.i for x in venue.subtree}:
            continue
        for i in res.entities_at(t):
            if _is_place(res, i):
                _add(out, [i])
    return out


@cache
def _dateparser():
    import dateparser

    return dateparser


def _date(m: _Mention, published: str | None) -> str | None:
    """An ISO date for the meeting from a DATE entity attached to it or to its verb."""
    tok = m.tok
    cands = [tok]
    verb = _governing_verb(tok)
    # "held talks on Thursday" dates the talks; "cancelled the summit on Thursday" dates the cancellation
    if verb is not None and verb.lemma_.lower() in PARTICIPATION_VERBS | SCHEDULE_VERBS:
        cands.append(verb)
    for c in tok.children:
        if c.dep_ in {"relcl", "acl"}:
            cands.append(c)
    subject = _measure(tok)  # "a second round of talks took place in June": the round is the subject
    if (
        subject.dep_ in {"nsubj", "nsubjpass"}
        and subject.head.lemma_.lower() in {"take", "be", "happen", "occur"} | SCHEDULE_VERBS
    ):
        cands.append(subject.head)
    texts = []
    for h in cands:
        for c in h.children:
            span_toks = []
            if c.dep_ == "prep" and (
                c.lower_ in {"on", "in"} or c.lower_ == "for" and h.lemma_.lower() in SCHEDULE_VERBS
            ):
                span_toks = [t for p in c.children if p.dep_ == "pobj" for t in _date_phrase(p)]
            elif c.dep_ in {"npadvmod", "poss", "tmod"}:
                span_toks = list(c.subtree)
            if span_toks and all(_is_date_token(t) for t in span_toks):
                texts.append(" ".join(t.text for t in span_toks if t.tag_ != "POS"))
    for text in texts:
        iso = parse_date(text, published, tense=_tense(tok))
        if iso:
            return iso
    # a month, or a day of an undated article's unknown year, is kept as the partial date it is
    return next((d for d in (partial_date(t, published) for t in texts) if d), None)


# words of a date phrase ("last Monday", "early March", "tomorrow"); weekday and month names come from kg.dates
DATE_WORDS = frozenset(WEEKDAYS + MONTHS) | {
    "yesterday",
    "today",
    "tomorrow",
    "last",
    "next",
    "this",
    "early",
    "late",
    "mid",
}


def _date_phrase(tok: Token) -> list[Token]:
    """The tokens of a date phrase without a place the parser hung on it ("November 14 in Santiago")."""
    places = {
        t.i
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in {"in", "at"} and not any(_is_date_token(p) for p in c.children)
        for t in c.subtree
    }
    return [t for t in tok.subtree if t.i not in places]


def _is_date_token(t: Token) -> bool:
    """Part of a date phrase: the model's DATE entity, a weekday or month name, a number, "last"/"next"."""
    return (
        t.ent_type_ == "DATE"
        or t.is_punct
        or t.tag_ == "POS"
        or t.lower_ in DATE_WORDS
        or t.like_num
        or t.dep_ == "cc"
        and t.lower_ in {"and", "to"}  # "on September 14 and 15"
    )


def _tense(tok: Token) -> str | None:
    """ "past", "future" or None (unknown) for the clause a meeting is mentioned in."""
    t = tok if tok.pos_ in {"VERB", "AUX"} else tok.head
    for _ in range(3):
        if t.pos_ in {"VERB", "AUX"}:
            break
        t = t.head
    if any(c.lower_ in {"will", "'ll", "shall"} for c in t.children):
        return "future"
    if t.tag_ == "VBD" or any(c.tag_ == "VBD" and c.dep_ in {"aux", "auxpass"} for c in t.children):
        return "past"
    return None


DAY_RANGE = re.compile(
    r"(?<![\d-])(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|—|&|\band\b|\bto\b)\s*\d{1,2}(?:st|nd|rd|th)?(?![\d-])"
)


@lru_cache(maxsize=4096)
def parse_date(text: str, published: str | None, tense: str | None = None) -> str | None:
    """Resolve a date phrase against the publication date; None unless it names a day.

    >>> parse_date("Thursday", "2025-10-17")
    '2025-10-16'
    >>> parse_date("August 15", "2025-10-17")
    '2025-08-15'
    >>> parse_date("late October", "2025-10-17") is None
    True
    >>> parse_date("September 14 and 15", "2025-09-02", "future")
    '2025-09-14'
    """
    weekday = weekday_date(text, published, tense)
    if weekday:
        return weekday
    # a run of days dates from its first: "September 14 and 15", "May 11-12" (else "15" reads as 2015)
    text = DAY_RANGE.sub(r"\1", text)
    low = text.lower()
    # a week, a month or a season is not a day: "next week", "late October" give no date
    if not any(ch.isdigit() for ch in low) and not any(
        w in low for w in ("day", "yesterday", "today", "tomorrow", "tonight")
    ):
        return None
    if any(w in low for w in ("week", "month", "year")) and not any(ch.isdigit() for ch in low):
        return None
    numbers = re.findall(r"\d+", low)
    if (
        numbers
        and all(len(n) == 4 for n in numbers)
        and not any(w in low for w in ("day", "yesterday", "today", "tomorrow"))
    ):
        return None  # "August 2022": a month, not a day
    if not published and not re.search(r"\b\d{4}\b", low):
        return None  # "on Thursday", "on August 15": without a publication date the year is unknown
    base = dt.datetime.fromisoformat(published) if published else None
    found = []
    for prefer in (tense,) if tense else ("past", "future"):
        settings = {"PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False}
        if base:
            settings["RELATIVE_BASE"] = base
        try:
            d = _dateparser().parse(text, languages=["en"], settings=settings)
        except Exception:  # dateparser raises assorted errors on odd input; a date is optional
            d = None
        if d:
            found.append(d)
    if not found:
        return None
    # with the tense unknown, "June 12" without a year is the reading nearest the publication date
    best = min(found, key=lambda d: abs((d - base).days)) if base else found[0]
    return best.date().isoformat()


def _compatible(a: str, b: str) -> bool:
    return KIND_FAMILY[a] == KIND_FAMILY[b]


def _one_encounter(res: Resolver, a: _Mention, b: _Mention) -> bool:
    """True when two mentions become one meeting: the same parties, kinds of one family, and no place or
    date that tells them apart (the test ``find_meetings`` merges by)."""
    return (
        bool(a.participants)
        and set(a.participants) == set(b.participants)
        and _compatible(a.kind, b.kind)
        and _places_agree(res, a.location, b.location)
        and not (a.date and b.date and a.date != b.date)
    )


def _is_building(res: Resolver, eid: str) -> bool:
    """A place named for a building: "the ASEAN Secretariat", "Valdora Palace"."""
    e = res.table.entities.get(eid)
    return bool(e and e.name.strip() and e.name.rsplit(None, 1)[-1].lower() in lex_set("building_words"))


def _places_agree(res: Resolver, a: list[str], b: list[str]) -> bool:
    """True unless two mentions are placed apart: both placed, sharing no place, and neither place the
    capital of a country the other names ("in Suva" and "in Fiji" agree; "in Oslo" and "in Geneva" do not)."""
    if not a or not b or set(a) & set(b):
        return True
    if any(_is_building(res, x) for x in a + b):
        return True  # "at the ASEAN Secretariat" and "in Jakarta": a building stands in some town
    return any(_country_of_capital(res, x) in ys for xs, ys in ((a, b), (b, a)) for x in xs)


def _substitute_leaders(m: _Mention, res: Resolver, leaders: dict[str, list[str]]) -> None:
    """ "the Russia-US summit", "Lima's visit to Japan": a country (or its capital) whose one leader the
    article names is that leader at a summit or as the host of a visit."""
    out: list[str] = []
    for p in m.participants:
        capital_of = _country_of_capital(res, p) if _is_place(res, p) else None
        ls = (leaders.get(p) or leaders.get(capital_of or "", [])) if _is_place(res, p) else []
        if m.kind == "visit" and len(m.participants) >= 2 and len(ls) == 1 and ls[0] not in m.participants:
            _add(out, [ls[0], p])  # "Yoon's visit to Japan": Japan hosts, with its leader at the table
        else:
            _add(out, ls if len(ls) == 1 else [p])
    if len(out) >= 2 or len(m.participants) < 2:
        m.participants = out if len(out) >= 2 else m.participants


def _capitals_as_countries(m: _Mention, res: Resolver) -> None:
    """ "Ankara and Moscow held talks", "the Kyiv–Moscow meeting": a capital at the table stands for its
    country's government (a visit's capital is where it goes, not who meets)."""
    out: list[str] = []
    for p in m.participants:
        e = res.table.entities[p]
        country = capitals().get(e.name.lower()) if e.type == "Place" and not _is_country(res, p) else None
        if country and e.evidence:
            ev = e.evidence[0]
            p = res.table.add_name(country, "Place", ev.start, ev.end, ev.sentence)
        _add(out, [p])
    m.participants = out


def _host_country_of(res: Resolver, eid: str, tok: Token) -> str:
    """The host of a visit to ``eid``: a capital's country ("flew to Santiago": Chile), else ``eid``."""
    e = res.table.entities[eid]
    country = capitals().get(e.name.lower()) if e.type == "Place" and not country_for(e.name) else None
    if not country:
        return eid
    return res.table.add_at(country, "Place", tok)


def _country_of_capital(res: Resolver, eid: str) -> str | None:
    """The entity id of the country whose capital ``eid`` names ("Moscow" stands for Russia), if the article has it."""
    e = res.table.entities.get(eid)
    country = capitals().get(e.name.lower()) if e else None
    if not country:
        return None
    target = res.table._id("Place", country)
    return target if target in res.table.entities else None


def _leaders(doc: Doc) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for rel in doc._.kg_affiliations or []:
        if (
            getattr(rel, "predicate", "") == "affiliation"
            and doc._.kg_table.roles.get(rel.subject, set()) & HEAD_OF_STATE
        ):
            out.setdefault(rel.object, [])
            if rel.subject not in out[rel.object]:
                out[rel.object].append(rel.subject)
    return out


def _side_of(np: Token, res: Resolver) -> list[str]:
    """The country or organisation a noun phrase stands for: "the American side", "Ukraine's team", "Russia"."""
    ids = [e for e in res.resolve(np) if res.table.entities[e].type in {"Place", "Organization"}]
    if ids:
        return ids
    for c in np.children:
        if c.dep_ == "poss":
            return [e for e in res.resolve(c) if res.table.entities[e].type in {"Place", "Organization"}]
    if np.dep_ == "dobj":  # "Russia sent a delegation led by X"
        subs = [c for c in np.head.children if c.dep_ == "nsubj"]
        if subs:
            return [e for e in res.resolve(subs[0]) if res.table.entities[e].type in {"Place", "Organization"}]
    if np.lemma_.lower() in lex_set("envoy_nouns"):
        # "a delegation headed by Sudan's foreign minister": the side of the one who leads it
        for c in np.children:
            if c.dep_ == "acl" and c.lemma_.lower() in {"head", "lead"}:
                for a in passive_agents(c):
                    owners = [o for o in a.children if o.dep_ == "poss"] + [o for o in _pobjs(a, {"of"})]
                    side = [e for o in owners for e in res.resolve(o) if res.table.entities[e].type != "Person"]
                    if side:
                        return side
                    named = [e for e in res.resolve(a) if res.table.entities[e].type == "Person"]
                    if len(named) != 1:
                        return []  # "teams headed by the two leaders": one side each, not one side
                    sides = [x for x, people in res.affiliated.items() if named[0] in people]
                    return sides[:1] or named
    return []


def representatives(doc: Doc, res: Resolver) -> dict[str, list[str]]:
    """Who speaks for a country or body at the table: "X was represented by P", "P led the American side",
    "Ukraine's team was headed by P", "a delegation led by P"."""
    out: dict[str, list[str]] = {}
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in {"represent", "lead", "head"}:
            continue
        passive = any(c.dep_ in {"nsubjpass", "auxpass", "agent"} for c in tok.children) or tok.dep_ == "acl"
        if passive:
            people = [e for b in passive_agents(tok) for e in res.resolve(b)]
            sides = [e for c in tok.children if c.dep_ == "nsubjpass" for e in _side_of(c, res)]
            if tok.dep_ == "acl":
                sides += _side_of(tok.head, res)
        else:
            people = [e for c in tok.children if c.dep_ == "nsubj" for t in with_conjuncts(c) for e in res.resolve(t)]
            sides = [e for c in tok.children if c.dep_ == "dobj" for e in _side_of(c, res)]
        people = [p for p in people if res.table.entities[p].type == "Person"]
        for side in sides:
            _add(out.setdefault(side, []), people)
    return out


def _affiliate_representatives(doc: Doc, reps: dict[str, list[str]], res: Resolver) -> None:
    """Whoever represents a country or body at the table has a role for it: an affiliation."""
    have = {(r.subject, r.object) for r in doc._.kg_affiliations or []}
    for body, people in reps.items():
        for p in people:
            if (p, body) in have:
                continue
            ev = res.table.entities[p].evidence[0]
            doc._.kg_affiliations.append(Relation(p, "affiliation", body, Evidence("", ev.start, ev.end, ev.sentence)))
            have.add((p, body))


def _persons_for_countries(mentions: list[_Mention], res: Resolver) -> None:
    """ "Iran-U.S. talks" and "Soto and Lima agreed to meet again": when the article has each
    country's own negotiator at a meeting, the countries' talks are theirs too (the sides and their
    named heads, GUIDELINES v2)."""
    at_table = {
        p
        for m in mentions
        for p in m.participants
        if res.table.entities[p].type == "Person" and not res.table.roles.get(p, set()) & HEAD_OF_STATE
    }
    for m in mentions:
        if (
            m.kind == "summit"
            or len(m.participants) < 2
            or any(res.table.entities[p].type == "Person" for p in m.participants)
        ):
            continue
        people = []
        for p in m.participants:
            cands = sorted(res.affiliated.get(p, set()) & at_table)
            if len(cands) != 1:
                break
            people.append(cands[0])
        else:
            if len(set(people)) == len(people):
                m.participants = [*m.participants, *people]


def _attends(verb: Token) -> bool:
    """ "attend", "join", "participate in", "take part in": a verb of taking part in a meeting."""
    if verb.lemma_.lower() == "take":
        return any(c.dep_ == "dobj" and c.lower_ == "part" for c in verb.children)
    return verb.lemma_.lower() in lex_set("attend_verbs")


def _joins_attended(m: _Mention, mentions: list[_Mention], res: Resolver) -> bool:
    """ "Ruiz will attend the summit": one who attends a meeting mentioned before joins its parties.

    Only a definite noun ("the summit") under an attending verb that is not negated refers back; the
    attendee is added to the last earlier mention of a kind it may refer to. Two attendees ("Ruiz
    and Kaya also attended the talks") join it too; "the talks between X and Y" name their own parties.
    """
    verb = _governing_verb(m.tok)
    if any(_names_its_forum(m, res, p) for p in m.participants):
        return False  # "Ruiz will attend the G20 summit": a named forum is its own meeting, not one before
    if not m.participants and verb is not None and m.tok.pos_ != "VERB" and _attends(verb):
        # "Petrov took part in the talks": "take" holds no meeting of its own, its subject attends
        m.participants = [e for c in verb.children if c.dep_ == "nsubj" for e in subject_entities(c, res)]
    if (
        m.tok.pos_ == "VERB"
        or not m.participants
        or len(m.participants) > 1
        and _pobjs(m.tok, {"between", "with", "of", "among"})
        or not _definite(m.tok)
        or verb is None
        or not _attends(verb)
        or is_negated(verb)
    ):
        return False
    ante = next(
        (
            n
            for n in reversed(mentions)
            if n.tok.i < m.tok.i
            and n is not m
            and not n.extra
            and n.kind in REFERS_TO[m.kind]
            and (n.forum or len(n.participants) >= 2)
            # "would attend the Valdora talks" is no earlier meeting held elsewhere
            and _places_agree(res, m.location, n.location)
        ),
        None,
    )
    if ante is None:
        return False
    # the mentions that are the same encounter as the one attended ("agreed to hold a second round ... will
    # meet again on September 14 ... Clinton will attend the September round") take the attendees too
    for n in [n for n in mentions if n is not ante and n.tok.i < m.tok.i and _one_encounter(res, n, ante)] + [ante]:
        _add(n.participants, m.participants)
    m.participants = list(ante.participants)
    return True


def _bare_attendees(doc: Doc, mentions: list[_Mention], res: Resolver) -> None:
    """ "Medvedev will attend.", "X, who also attended, ...": one who attends without saying what attends
    the last summit or meeting mentioned, within a few sentences."""
    for verb in doc:
        if (
            verb.pos_ != "VERB"
            or not _attends(verb)
            or verb.lemma_.lower() == "take"
            or is_negated(verb)
            or any(c.dep_ in {"dobj", "prep", "xcomp", "ccomp"} for c in verb.children)
        ):
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects and verb.dep_ == "relcl":
            subjects = [verb.head]  # "X, who also attended": the clause hangs off X
        attendees = [e for s in subjects for e in subject_entities(s, res) if s.lower_ not in {"who", "which"}]
        if not attendees and verb.dep_ == "relcl":
            attendees = subject_entities(verb.head, res)
        before = [
            m
            for m in mentions
            if m.tok.i < verb.i
            and verb.i - m.tok.i < 80
            and m.kind in {"summit", "meeting"}
            and not m.extra
            and (m.forum or len(m.participants) >= 2)
        ]
        if attendees and before:
            _add(before[-1].participants, attendees)


ATTENDEE_NOUNS = {"participant", "attendee", "delegate", "guest"}
LISTING_VERBS = {"be", "include"}  # "Among those attending were ...", "Those taking part include ..."
LIST_DEPS = {"conj", "appos", "compound", "nmod", "amod", "poss", "cc"}


def _list_items(tok: Token) -> list[Token]:
    """The tokens of a listed name and the names coordinated with it, not of the clauses and phrases
    hung on them ("A, who heads the MDC, and B" is A and B; "A on the US side" is A)."""
    out, todo = [], [tok]
    while todo:
        t = todo.pop()
        out.append(t)
        todo += [c for c in t.children if c.dep_ in LIST_DEPS]
    return sorted(out, key=lambda t: t.i)


def _co_chairs(verb: Token) -> bool:
    """ "co-chaired", "co-hosted", "cochaired": chairing together is taking part (one chair of a
    domestic body's sitting, "Yoon chaired a National Security Council meeting", is no party to talks)."""
    lemma = verb.lemma_.lower()
    if lemma in {"cochair", "co-chair", "cohost", "co-host"}:
        return True
    doc = verb.doc
    return (
        lemma in {"chair", "host"}
        and verb.i >= 2
        and doc[verb.i - 1].text in {"-", "‑"}
        and doc[verb.i - 2].lower_ == "co"
    )


def _at_the_table(tok: Token) -> bool:
    """ "were also at the table", "those around the table": a phrase that places people at the talks."""
    return any(p.lemma_.lower() == "table" for p in _pobjs(tok, {"at", "around"}))


def _listed_attendees(doc: Doc, mentions: list[_Mention], res: Resolver) -> None:
    """ "Those due to take part include A and B", "Those accompanying him included C", "Participants
    included D": the people listed take part in the meeting told just before (the one with the person
    accompanied, when there is one)."""
    for verb in doc:
        if verb.lemma_ not in LISTING_VERBS:
            continue  # checked first: this runs at every token of every article
        subject: Token | None
        among = next((p for p in _pobjs(verb, {"among"}) if p.lower_ == "those"), None)
        if among is not None and verb.lemma_.lower() == "be" and not is_negated(verb):
            # "Among those who did attend were A and B": the same list, the other way round
            subject, objects = among, [c for c in verb.children if c.dep_ in {"nsubj", "attr"}]
        elif verb.lemma_.lower() == "be" and _at_the_table(verb) and not is_negated(verb):
            # "Also at the table were the foreign ministers, A and B": those at the table take part
            subject, objects = verb, [c for c in verb.children if c.dep_ in {"nsubj", "attr"}]
        elif verb.lemma_.lower() == "be" and not is_negated(verb) and _delegation_heads(verb) is not None:
            # "Heads of delegation were A, B and C": the heads of the delegations at the talks take part
            subject, objects = verb, [c for c in verb.children if c.dep_ == "attr"]
        elif verb.pos_ == "VERB" and verb.lemma_.lower() == "include" and not is_negated(verb):
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is None and verb.dep_ == "xcomp":
                subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)  # "was to have included"
            objects = [c for c in verb.children if c.dep_ == "dobj"]
        else:
            continue
        if subject is None:
            continue
        own = next((m for m in mentions if m.tok.i == subject.i and not m.extra), None)
        if own is not None:
            # "The meeting was to have included A, B and C": the meeting's own list of parties, also of the
            # mention it refers back to ("called off a meeting with X ... The meeting was to have included")
            named = [e for o in objects for t in _list_items(o) for e in res.entities_at(t)]
            named = [e for e in named if not res.affiliated.get(e, set()) & set(named)]
            own_parties = set(own.participants)
            for m in mentions:
                if m is own or m.tok.i < own.tok.i and set(m.participants) == own_parties and own_parties:
                    _add(m.participants, named)
            continue
        clauses = [c for c in subject.children if c.dep_ in {"acl", "relcl", "amod"}]
        clauses += [x for c in clauses for x in c.children if x.dep_ == "xcomp"]
        joining = [c for c in clauses if _attends(c) or c.lemma_.lower() == "accompany"]
        # the verb stands as subject for "Also at the table were ..." and "Heads of delegation were ..."
        at_table = subject.i == verb.i or subject.lower_ == "those" and _at_the_table(subject)
        if not (subject.lemma_.lower() in ATTENDEE_NOUNS or subject.lower_ == "those" and joining or at_table):
            continue
        listed = [e for o in objects for t in _list_items(o) for e in res.entities_at(t)]
        # "representatives of Samoa, Tonga and Niue were among those around the table": the sides they are of
        listed += [
            e
            for o in objects
            for t in _list_items(o)
            if t.lemma_.lower() in lex_set("envoy_nouns") | {"representative", "minister"}
            for p in _pobjs(t, {"of"})
            for q in _list_items(p)  # with the items the parser hung on the first as appositions
            for e in res.entities_at(q)
            if e not in listed
        ]
        listed = list(dict.fromkeys(listed))
        # "Venezuela's President X": the person stands for the country, as at the table
        listed = [e for e in listed if not res.affiliated.get(e, set()) & set(listed)]
        accompanied = [
            e
            for c in joining
            if c.lemma_.lower() == "accompany"
            for o in c.children
            if o.dep_ == "dobj"
            for e in res.resolve(o)
        ]
        before = [
            m
            for m in mentions
            if m.tok.i < verb.i
            and verb.i - m.tok.i < 150
            and not m.extra
            and (m.forum or len(m.participants) >= 2)
            and not (at_table and m.kind in {"visit", "phone_call"})  # a table is where talks are held
        ]
        with_them = [m for m in before if set(accompanied) & set(m.participants)]
        target = (with_them or before)[-1:] if listed else []
        for m in target:
            # the mentions that took this one's parties ("after the meeting in Suva ... The meeting was
            # co-chaired by A and B") are the same encounter and stay so with the attendees listed
            for n in [n for n in mentions if n is not m and n.tok.i < verb.i and _one_encounter(res, n, m)] + [m]:
                _add(n.participants, listed)


def _delegation_heads(verb: Token) -> Token | None:
    """The subject of "Heads of delegation were ...", "The delegation leaders were ...", if that is it."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lemma_.lower() not in lex_set("team_head_nouns"):
        return None
    teams = _pobjs(subject, {"of"}) + [c for c in subject.children if c.dep_ == "compound"]
    return subject if any(t.lemma_.lower() in lex_set("team_nouns") for t in teams) else None


def _named_forums(doc: Doc, res: Resolver) -> list[_Mention]:
    """A forum named for its sitting, used as an event: "at the World Economic Forum", "travel to
    the United Nations General Assembly", "on the sidelines of the General Assembly".

    The body named ("... Forum", "... Assembly") is the forum's one party; "the World Economic Forum said"
    is the body, not a meeting.
    """
    out = []
    for ent in doc.ents:
        tok = ent.root
        eid = res.table.entity_at(tok)
        e = res.table.entities.get(eid) if eid else None
        head = tok.head
        # "on the margins of the G20": whatever body's sidelines one meets on is sitting
        sidelines = tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in lex_set("sideline_nouns")
        if (
            eid is None
            or e is None
            or e.type != "Organization"
            or not (tok.lower_ in lex_set("forum_event_words") or sidelines and tok.is_upper)
            or not forum_name(e.name)
        ):
            continue
        # "on the sidelines of the OSCE in Vienna" is parsed with the place on "sidelines"
        where = [tok, head.head] if sidelines else [tok]
        places = [e for w in where for t in _pobjs(w, {"in", "at"}) for e in _place_ids(t, res)]
        as_event = tok.dep_ == "pobj" and (head.lower_ in {"at", "to", "for", "during", "before", "after"} or sidelines)
        if not (as_event or places):
            continue
        m = _Mention(tok, "meeting")
        m.participants, m.forum, m.location = [eid], True, places
        out.append(m)
    return out


def _forum_of(tok: Token, forums: dict[int, _Mention]) -> _Mention | None:
    """The forum meeting a mention is placed at: "met on the sidelines of the G20 summit", "talks at the
    NATO summit", "during the ASEAN summit" (on the mention's noun or on its verb)."""
    heads = [tok] + ([v] if tok.pos_ != "VERB" and (v := _governing_verb(tok)) is not None else [])
    for h in heads:
        for p in _pobjs(h, {"on", "at", "during", "in"}):
            # "on the margins of the G20 in Bali and of the BRICS summit": the first forum under "margins"
            # (the parser hangs a second "of" anywhere in the phrase)
            sides = list(p.subtree) if p.lemma_.lower() in lex_set("sideline_nouns") else []
            for q in sides or [p]:
                if q.i in forums and q.i != tok.i:
                    return forums[q.i]
    return None


def _forum_attendees(mentions: list[_Mention], res: Resolver) -> None:
    """The people who meet at a forum, and who host it, attend it (GUIDELINES "Hosts, visits, forums").

    "Soto met Kaya on the sidelines of the NATO summit": Soto and Kaya at the NATO summit too.
    "the APEC summit hosted by Xi": Xi takes part.
    """
    forums = {m.tok.i: m for m in mentions if m.forum and not m.extra}
    for n in mentions:
        # "met Xi on the sidelines of the summit": the summit is the forum named before
        side = n.tok.head.head if n.tok.dep_ == "pobj" and n.tok.head.lower_ == "of" else None
        if (
            n.tok.i in forums
            or side is None
            or side.lemma_.lower() not in lex_set("sideline_nouns")
            or not _definite(n.tok)
        ):
            continue
        before = [f for i, f in sorted(forums.items()) if i < n.tok.i and f.kind in REFERS_TO[n.kind]]
        if before:
            forums[n.tok.i] = before[-1]
    for f in {id(f): f for f in forums.values()}.values():
        hosting = [c for c in f.tok.children if c.dep_ in {"acl", "relcl"} and c.lemma_.lower() == "host"]
        # "the APEC summit hosted by Lima", "the G20 summit that Soto is hosting"
        hosts = [a for c in hosting for a in [*passive_agents(c), *(x for x in c.children if x.dep_ == "nsubj")]]
        # a host country takes part too ("the Arab League summit to be hosted by Algeria"); a host city
        # is where ("hosted by Lima")
        _add(
            f.participants,
            [e for h in hosts for e in res.resolve(h) if res.table.entities[e].type == "Person" or _is_country(res, e)],
        )
    for m in mentions:
        verb = m.tok if m.tok.pos_ == "VERB" else _governing_verb(m.tok)
        if verb is not None and verb.lemma_.lower() in _acting_on_meetings(("postponed",)):
            continue  # "called off a meeting with Y on the sidelines of the summit": maybe neither came
        forum = _forum_of(m.tok, forums) if len(m.participants) >= 2 else None
        if forum is not None and forum is not m:
            _add(forum.participants, [p for p in m.participants if res.table.entities[p].type == "Person"])
            if not m.location and m.kind != "phone_call":
                m.location = list(forum.location)  # met on the sidelines of the summit in Kazan: in Kazan


@cache
def _mention_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(noun words, verb lemmas, phone words): every lower-case word :func:`meeting_kind` or
    :func:`_hosted_parties` can answer for, by the branch that asks for it."""
    lex = lexicon()
    nouns = frozenset(w.lower() for w in lex["meeting_nouns"]) | lex_set("stop_nouns") | {"round", "conversation"}
    verbs = frozenset(w.lower() for w in lex["meeting_verbs"]) | lex_set("travel_verbs") | {"host", "bring", "invite"}
    return nouns, verbs, frozenset(lex["phone_words"])


def mention_candidates(doc: Doc) -> list[int]:
    """Indices, in order, of the tokens that can start a mention; every other token gets None from
    :func:`meeting_kind` and no guests from :func:`_hosted_parties`.

    Read off the token arrays (one lower-cased string per distinct lemma),
    so the rest of the article's tokens never become ``Token`` objects: a
    noun in the meeting words or with a phone word as its modifier, "due" as
    an adjective, a verb in the meeting, travel or hosting verbs.

    >>> import spacy; doc = spacy.blank("en")("They met")
    >>> mention_candidates(doc)   # no part-of-speech tags: no noun, no verb
    []
    """
    if not len(doc):
        return []
    nouns, verbs, phone = _mention_words()
    strings = doc.vocab.strings
    arr = doc.to_array([POS, LEMMA, LOWER, DEP, HEAD])
    pos, lemma, lower, dep = (arr[:, k].tolist() for k in range(4))
    head = arr[:, 4].astype(numpy.int64).tolist()  # offsets to the head, stored unsigned
    lemma_lower = {h: strings[h].lower() for h in set(lemma)}
    lower_text = {h: strings[h] for h in set(lower)}
    modifiers = {strings[d] for d in ("compound", "amod", "nmod")}
    phoned = {i + head[i] for i, d in enumerate(dep) if d in modifiers and lower_text[lower[i]] in phone}
    out = []
    for i, (p, le, lo) in enumerate(zip(pos, lemma, lower)):
        if p == NOUN or p == PROPN:
            if lemma_lower[le] in nouns or lower_text[lo] in nouns or i in phoned:
                out.append(i)
        elif p == VERB:
            if lemma_lower[le] in verbs:
                out.append(i)
        elif p == ADJ and (lower_text[lo] == "due" or lower_text[lo] in nouns and strings[dep[i]] in NOMINAL_DEPS):
            out.append(i)
    return out


def find_meetings(doc: Doc, res: Resolver) -> tuple[list[Meeting], dict[int, str]]:
    """The document's meetings, and which token mentions which meeting."""
    published = doc._.kg_published
    mentions = []
    for tok in (doc[i] for i in mention_candidates(doc)):
        kind = meeting_kind(tok)
        guests = _hosted_parties(tok, res) if kind is None else []
        if guests:
            m = _Mention(tok, "meeting")
            m.participants = guests
            m.location = [e for t in _pobjs(tok, {"in", "at"}) for e in _place_ids(t, res)]
            mentions.append(m)
        elif kind:
            m = _Mention(tok, kind)
            m.participants = _participants(m, res)
            m.hosts = _named_hosts(m.tok, res) if m.participants else []
            _add(m.participants, m.hosts)
            m.forum = _is_forum(m, res)
            m.location = [p for p in _locations(m, res) if p not in m.participants or m.kind == "visit"]
            m.date = _date(m, published)
            mentions.append(m)
    taken = {m.tok.i for m in mentions}
    mentions += [m for m in _named_forums(doc, res) if m.tok.i not in taken]
    mentions = [v for m in mentions for v in (_visit_hosts(m, res) if m.kind == "visit" else _one_by_one(m, res))]
    mentions = [v for m in mentions for v in _earlier_stops(m, res)]
    leaders = _leaders(doc)
    reps = representatives(doc, res)
    _affiliate_representatives(doc, reps, res)
    for m in mentions:
        if m.kind in {"summit", "visit"}:
            _substitute_leaders(m, res, leaders)
        if m.kind != "visit":
            _capitals_as_countries(m, res)
        bodies = [p for p in m.participants if res.table.entities[p].type != "Person"]
        if bodies and all(p in reps for p in bodies):
            # the sides and the people at the table for them (GUIDELINES v2: list the side and its named head)
            people: list[str] = []
            for p in m.participants:
                _add(people, [p, *reps.get(p, [])])
            m.participants = people
    _persons_for_countries(mentions, res)
    # a mention with one or no named party borrows the parties of the nearest compatible meeting
    named = [m for m in mentions if len(m.participants) >= 2]
    salience = {eid: len(e.evidence) for eid, e in res.table.entities.items()}
    for m in mentions:
        if _joins_attended(m, mentions, res):
            continue
        if len(m.participants) >= 2 or m.forum:
            continue
        if not _definite(m.tok) and not m.participants:
            # "Israel and Hamas have agreed to a pause, Qatar said, after weeks of negotiations":
            # an indefinite mention's parties are the coordinated subjects of its own sentence
            group = next(
                (
                    g
                    for i, g in res.groups
                    if m.tok.sent.start <= i < m.tok.sent.end
                    and len(g) >= 2
                    and res.doc[i].dep_ in {"nsubj", "nsubjpass"}
                ),
                None,
            )
            if group:
                m.participants = list(group)
                continue
        if (m.location or m.date or _new_sitting(m.tok)) and not _plural_party(m.tok) and not _definite(m.tok):
            # ("an emergency session on the margins of the summit" is a sitting of its own, too)
            continue  # "two days of talks in New York" are not the summit mentioned before; "the summit in X" is
        known = [p for p in m.participants if not any(_same_side(res, p, q) for n in named for q in n.participants)]
        verb = _governing_verb(m.tok)
        if (
            verb is not None
            and verb.lemma_.lower() == "host"
            and _definite(m.tok)
            and all(_is_place(res, p) for p in known)
        ):
            known = []  # "Singapore, which agreed to host the meeting": the venue names none of its parties
        cands = [n for n in named if n.kind in REFERS_TO[m.kind] and set(known) <= set(n.participants)]
        same_day = [n for n in cands if m.date and n.date == m.date]
        before = [n for n in cands if n.tok.i < m.tok.i]
        if m.kind in {"summit", "visit"} and any(n.kind == m.kind for n in before):
            before = [n for n in before if n.kind == m.kind]  # "the summit" is the last summit, not a meeting since
        after = [n for n in cands if n.tok.i > m.tok.i]
        # a forward reference ("the conversation ... A call between X and Y took place") goes to
        # the meeting of the parties the article talks about most
        ante = (
            same_day[0]
            if same_day
            else before[-1]
            if before
            else max(after, key=lambda n: sum(salience.get(p, 0) for p in n.participants))
            if after
            else None
        )
        if ante is not None:
            hosts_away = [h for h in ante.hosts if _hosts_elsewhere(res, h, m.location)]
            m.participants = [p for p in ante.participants if p not in hosts_away]
            m.hosts = [h for h in ante.hosts if h in m.participants]
        elif len(m.participants) < 2:
            m.participants = _sentence_parties(m, res) or m.participants
    _forum_attendees(mentions, res)
    _bare_attendees(doc, mentions, res)
    _listed_attendees(doc, mentions, res)
    meetings: list[Meeting] = []
    token_of: dict[int, str] = {}
    for m in mentions:
        if len(m.participants) < 2 and not m.forum:
            continue
        target = next(
            (
                x
                for x in meetings
                if (
                    set(x.participants) == set(m.participants)
                    # "ASEAN leaders should gather in Jakarta", after the summit its members attended there
                    or m.forum
                    and len(m.participants) == 1
                    and m.participants[0] in x.participants
                )
                and _compatible(x.kind, m.kind)
                and _places_agree(res, m.location, x.location)
                and not (m.date and x.date and m.date != x.date)
            ),
            None,
        )
        sent = m.tok.sent  # found once: each ``.sent`` walks the tokens to the sentence's ends
        ev = Evidence("", sent.start_char, sent.end_char, sent.text.strip())
        if target is None:
            target = Meeting(id=f"m{len(meetings) + 1}", kind=m.kind, participants=list(m.participants))
            meetings.append(target)
        if KIND_RANK[m.kind] > KIND_RANK[target.kind] and KIND_FAMILY[m.kind] == KIND_FAMILY[target.kind]:
            target.kind = m.kind
        _add(target.location, m.location)
        target.date = target.date or m.date
        target.evidence.append(ev)
        if not m.extra:
            token_of[m.tok.i] = target.id
    for mt in meetings:
        names = [
            surname(res.table.entities[p].name)
            if res.table.entities[p].type == "Person"
            else res.table.entities[p].name
            for p in mt.participants
        ]
        where = f" in {res.table.entities[mt.location[0]].name}" if mt.location else ""
        mt.label = f"{'–'.join(names)} {mt.kind.replace('_', ' ')}{where}" + (f" ({mt.date})" if mt.date else "")
    return meetings, token_of


@Language.factory(
    "kg_meetings",
    default_config={"references": True},
    requires=["doc._.kg_table"],
    assigns=["doc._.kg_meetings", "doc._.kg_meeting_of"],
)
def make_kg_meetings(nlp: Language, name: str, references: bool) -> "MeetingFinder":
    return MeetingFinder(references)


class MeetingFinder:
    """Pipeline component: ``doc._.kg_meetings`` and ``doc._.kg_meeting_of`` (token index -> meeting id).

    ``references=False`` turns off pronoun and description resolution (to measure what it adds).
    """

    def __init__(self, references: bool = True):
        self.references = references

    def __call__(self, doc: Doc) -> Doc:
        res = Resolver(doc, doc._.kg_table, doc._.kg_affiliations or [], self.references)
        doc._.kg_meetings, doc._.kg_meeting_of = find_meetings(doc, res)
        return doc
