"""Relation extraction on the dependency parse: proposed, agreed, postponed, mediated.

A DependencyMatcher finds trigger words (patterns in ``patterns/triggers.json``:
"propose", "suggest", "endorse", "postponement", "call off", "put on hold",
"broker", "no point in ..."). For each trigger that is neither negated nor
hedged, the parse gives

* the **object**: the meeting reached through the trigger's complements
  ("suggest postponing the planned meeting" belongs to "postponing", not to
  "suggest"), a meeting the trigger qualifies ("talks brokered by Qatar"),
  or an anaphor ("proposed it", "endorsed the idea", "agreed with that
  assessment" -> the agent whose position it was);
* the **agent**: the subject, the passive "by" agent, the possessor of a noun
  trigger ("X's proposal"), "the idea came from X", or, for a verb with no
  subject of its own, the subject up the chain of control ("X was the
  first to suggest postponing ...", "announced the postponement").

The quoted or reporting source is kept as the evidence's ``speaker``.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token

from ..records import Evidence, Meeting, Relation
from ..resources import capitals, country_for, is_demonym, pattern_text
from ..vocab import vocabulary
from .coref import Resolver
from .meetings import callees, meeting_kind, subject_entities
from .linker import RULE_PATHS, Candidate, Linker, packaged_linker, relation_features
from .syntax import (
    absolute_with,
    as_role_holder,
    clause_verb,
    relative_antecedent,
    RELATIVE_PRONOUNS,
    hyphenated_agent,
    in_quote,
    is_hedged,
    is_negated,
    lex_set,
    passive_agents,
    with_conjuncts,
)

PRIORITY = vocabulary().trigger_priority  # ("postponed", "mediated", "proposed", "agreed")
NO_DESCENT = {
    "nsubj",
    "nsubjpass",
    "csubj",
    "advcl",
    "relcl",
    "appos",
    "parataxis",
    "punct",
    "cc",
    "mark",
    "aux",
    "neg",
}
CLIMB_DEPS = {
    "xcomp",
    "acl",
    "relcl",
    "attr",
    "pcomp",
    "prep",
    "pobj",
    "conj",
    "advcl",
    "csubj",
    "oprd",
    "dobj",
    "ccomp",
    "nsubj",
}
CIRCUMSTANCE = {"at", "during", "in", "after", "before", "since", "ahead", "amid", "despite", "following", "until"}
READY = {"ready", "willing", "prepared", "eager", "happy", "open", "keen"}
ANAPHORS = {"it", "that", "this", "which", "them"}
FRAMING_PREPS = {"at", "on", "upon", "under", "with", "through", "via", "thanks"}


class RelationFinder:
    """Pipeline component: ``doc._.kg_relations`` (list of :class:`~kg.records.Relation`)."""

    def __init__(self, nlp: Language, references: bool = True, linker: bool = True):
        self.references = references
        self.linker = packaged_linker() if linker else None
        self.matcher = DependencyMatcher(nlp.vocab, validate=True)
        entries = json.loads(pattern_text("triggers.json"))
        by_label: dict[str, list] = {}
        for entry in entries:
            by_label.setdefault(entry["label"], []).append(entry["pattern"])
        for label, patterns in by_label.items():
            self.matcher.add(label, patterns)
        self.index = TriggerIndex(entries)
        self.rest = DependencyMatcher(nlp.vocab, validate=True)  # the patterns the index cannot evaluate
        for entry in self.index.unsupported:
            self.rest.add(entry["label"], [entry["pattern"]])

    def triggers(self, doc: Doc) -> dict[int, str]:
        """Token index -> predicate, one predicate per token (postponed wins over proposed ...)."""
        found = self.index.find(doc)
        if self.index.unsupported:
            for match_id, token_ids in self.rest(doc):
                found.setdefault(token_ids[0], set()).add(doc.vocab.strings[match_id])
        return {i: next(p for p in PRIORITY if p in labels) for i, labels in sorted(found.items())}

    def __call__(self, doc: Doc) -> Doc:
        res = Resolver(doc, doc._.kg_table, doc._.kg_affiliations or [], self.references)
        doc._.kg_candidates = candidates(doc, self.triggers(doc), res)
        doc._.kg_relations = decide(doc._.kg_candidates, self.linker)
        return doc


class TriggerIndex:
    """The trigger patterns indexed by their anchor's lemma: what ``DependencyMatcher`` finds, without its scan.

    spaCy's ``DependencyMatcher`` runs a token matcher with every node of
    every pattern over every token; kg only needs which anchors match, and
    every anchor names its lemma, so the index looks up each token's lemma
    and checks the few patterns that start with it: the node attributes
    (``LEMMA``, ``LOWER``, ``ORTH``, ``POS``, ``TAG``, ``DEP``, equal or
    ``IN``) and the ``>`` (child), ``>>`` (descendant) and ``<`` (head) links. A pattern
    using anything else is left in :attr:`unsupported` for the real matcher.
    Tests check both give the same triggers on every corpus.

    >>> idx = TriggerIndex([{"label": "agreed", "pattern": [{"RIGHT_ID": "t", "RIGHT_ATTRS": {"LEMMA": "agree"}}]}])
    >>> sorted(idx.by_lemma), idx.unsupported
    (['agree'], [])
    """

    ATTRS = {
        "LEMMA": "lemma_",
        "LOWER": "lower_",
        "ORTH": "text",
        "TEXT": "text",
        "POS": "pos_",
        "TAG": "tag_",
        "DEP": "dep_",
    }
    OPS = {">", ">>", "<"}

    def __init__(self, entries: list[dict]):
        self.by_lemma: dict[str, list[tuple[str, list[dict]]]] = {}
        self.unsupported: list[dict] = []
        for entry in entries:
            nodes = entry["pattern"]
            lemma = nodes[0]["RIGHT_ATTRS"].get("LEMMA")
            if isinstance(lemma, str) and all(self._supported(n, i) for i, n in enumerate(nodes)):
                self.by_lemma.setdefault(lemma, []).append((entry["label"], nodes))
            else:
                self.unsupported.append(entry)

    def _supported(self, node: dict, i: int) -> bool:
        attrs_ok = all(
            k in self.ATTRS and (isinstance(v, str) or (isinstance(v, dict) and set(v) == {"IN"}))
            for k, v in node["RIGHT_ATTRS"].items()
        )
        return attrs_ok and (i == 0 or node.get("REL_OP") in self.OPS)

    def _attrs_match(self, tok: Token, attrs: dict) -> bool:
        for k, v in attrs.items():
            value = getattr(tok, self.ATTRS[k])
            if value != v if isinstance(v, str) else value not in v["IN"]:
                return False
        return True

    def _bind(self, nodes: list[dict], i: int, bound: dict[str, Token]) -> bool:
        """Whether nodes[i:] can be matched given the tokens ``bound`` so far (any one match is enough)."""
        if i == len(nodes):
            return True
        node = nodes[i]
        left = bound[node["LEFT_ID"]]
        # as spaCy's operators: ">" a child of the left node, ">>" any token below it (its subtree less
        # itself), "<" its head (a root has none)
        op = node["REL_OP"]
        if op == "<":
            candidates: Iterable[Token] = [left.head] if left.head.i != left.i else []
        elif op == ">":
            candidates = left.children
        else:
            candidates = (t for t in left.subtree if t.i != left.i)
        for tok in candidates:
            if self._attrs_match(tok, node["RIGHT_ATTRS"]):
                if self._bind(nodes, i + 1, {**bound, node["RIGHT_ID"]: tok}):
                    return True
        return False

    def find(self, doc: Doc) -> dict[int, set[str]]:
        """Anchor token index -> the labels of the patterns that match there."""
        found: dict[int, set[str]] = {}
        for tok in doc:
            for label, nodes in self.by_lemma.get(tok.lemma_, ()):
                if self._attrs_match(tok, nodes[0]["RIGHT_ATTRS"]) and self._bind(
                    nodes, 1, {nodes[0]["RIGHT_ID"]: tok}
                ):
                    found.setdefault(tok.i, set()).add(label)
        return found


@Language.factory(
    "kg_relations",
    default_config={"references": True, "linker": True},
    requires=["doc._.kg_meetings", "doc._.kg_meeting_of", "doc._.kg_table"],
    assigns=["doc._.kg_relations", "doc._.kg_candidates"],
)
def make_kg_relations(nlp: Language, name: str, references: bool, linker: bool) -> RelationFinder:
    return RelationFinder(nlp, references, linker)


# ------------------------------------------------------------------ objects


def _meeting_at(tok: Token) -> str | None:
    return (tok.doc._.kg_meeting_of or {}).get(tok.i)


def futility_heads(doc: Doc, triggers: dict[int, str]) -> set[int]:
    """Verbs whose object is "no point" / "little sense": the clause belongs to that trigger."""
    return {
        doc[i].head.i
        for i in triggers
        if doc[i].pos_ == "NOUN"
        and doc[i].dep_ in {"dobj", "attr"}
        and any(d.lower_ in {"no", "little"} for d in doc[i].children)
    }


def _find_object(
    trig: Token, triggers: dict[int, str], blocked: set[int] | frozenset[int] = frozenset()
) -> Token | None:
    """The meeting token, or anaphor / position noun, that a trigger governs.

    The search stops at other triggers and at clauses another trigger owns
    (``blocked``), so "suggest postponing the meeting" is not a proposal.
    """
    meeting_of = trig.doc._.kg_meeting_of or {}
    if trig.dep_ == "amod" and hyphenated_agent(trig) is not None:
        # "the EU-brokered meeting": the trigger is part of the meeting's name
        return trig.head if trig.head.i in meeting_of else None
    # a trigger qualifying a meeting noun: "the summit X had suggested", "talks brokered by Qatar"
    if trig.dep_ in {"relcl", "acl"}:
        # "talks brokered by Qatar", "talks with Israel mediated by Egypt" (the clause hangs off Israel)
        t = trig.head
        for _ in range(3):
            if t.i in meeting_of:
                return t
            if t.dep_ not in {"pobj", "prep", "conj"}:
                break
            t = t.head
    if trig.i in meeting_of:
        # "X hosted A and B": the hosting verb is itself the meeting it mediates
        # "X invited A and B to Valdora": the invitation is the meeting it proposes
        return trig if trig.lemma_ in {"host", "bring", "invite"} else None
    framed = _framing_meeting(trig, meeting_of)
    if framed is not None:
        return framed
    if trig.dep_ == "attr" and trig.pos_ == "NOUN":
        # "the meeting was Ecuador's idea", "the summit was the initiative of X": what the idea is
        said_of = [c for c in trig.head.children if c.dep_ == "nsubj" and c.i in meeting_of]
        if said_of:
            return said_of[0]
    titled = _titled_person(trig) if trig.pos_ == "NOUN" else None
    if titled is not None:
        # "UN mediator X met A and B", "mediator X held talks with A": the meeting of the clause the
        # titled person acts in
        verb = titled.head.head if titled.dep_ == "pobj" else titled.head
        if verb.i in meeting_of:
            return verb
        held = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"} and c.i in meeting_of), None)
        if held is not None:
            return held
    starts = [trig]
    if (
        trig.pos_ == "NOUN"
        and trig.head.pos_ in {"VERB", "AUX"}
        and trig.dep_ in {"dobj", "attr"}
        and any(d.lower_ in {"no", "little"} for d in trig.children)
    ):
        starts.append(trig.head)  # "holding the summit made no sense": the summit is the verb's subject
    seen = {trig.i}
    queue = deque((s, 0) for s in starts)
    fallback = None
    while queue:
        tok, depth = queue.popleft()
        for c in tok.children:
            if c.i in seen:
                continue
            seen.add(c.i)
            if (
                c.dep_ in NO_DESCENT
                and not (tok is trig and c.dep_ == "nsubjpass")
                and not (tok is not trig and c.dep_ == "csubj")
            ):
                continue
            if c.lower_ in CIRCUMSTANCE and c.dep_ in {"prep", "advmod", "mark"} and triggers[trig.i] != "mediated":
                continue  # "agreed a swap at the talks" is not agreeing to the talks
            if (
                c.dep_ == "conj"
                and c.pos_ in {"VERB", "AUX"}
                and any(s.dep_ in {"nsubj", "nsubjpass"} for s in c.children)
            ):
                continue  # "X agreed a declaration, and later the two men travelled to Y": a clause of its own
            if c.i in meeting_of:
                return c
            if fallback is None and (
                c.lower_ in ANAPHORS
                and c.dep_ in {"dobj", "pobj", "nsubjpass"}
                or c.lemma_.lower() in lex_set("position_nouns") | lex_set("idea_nouns")
                # "confirmed their participation": attending stands for the meeting last mentioned
                or c.lemma_.lower() in lex_set("participation_nouns")
                and c.dep_ == "dobj"
                and tok is trig
            ):
                fallback = c
            if c.i in blocked and trig.i not in {x.i for x in c.children}:
                continue
            # "accepted an invitation to a summit": agreeing to a proposal is agreeing to its meeting
            through_proposal = (
                c.pos_ == "NOUN"
                and triggers.get(c.i) == "proposed"
                and triggers[trig.i] in {"agreed", "postponed"}
                # "offered to host the talks": the offer proposes the talks
                # "agreed to host the meeting", "backed the suggestion that X host the talks"
                or triggers[trig.i] in {"proposed", "agreed"}
                and c.dep_ in {"xcomp", "acl", "ccomp"}
                and c.lemma_.lower() == "host"
                and (tok is trig or triggers.get(tok.i) == "proposed")
                # "agreed to convene the talks again": convening what one agrees to is no proposal
                or triggers[trig.i] == "agreed"
                and tok is trig
                and c.dep_ == "xcomp"
                and triggers.get(c.i) == "proposed"
            )
            if not through_proposal and (
                c.i in triggers and triggers[c.i] != triggers[trig.i] or c.i in triggers and c.pos_ == "VERB"
            ):
                continue
            if depth < 5:
                queue.append((c, depth + 1))
    return fallback


def _framing_meeting(trig: Token, meeting_of: dict[int, str]) -> Token | None:
    """ "The call was made at the initiative of X", "came to Moscow at the invitation of X": a
    nominal trigger in an "at/on/upon ..." phrase is about the meeting of the clause it frames."""
    if trig.pos_ != "NOUN":
        return None
    # "with the mediation of X", "with X acting as mediator", "through X's mediation": the
    # phrase framing the clause may sit a preposition or a participle above the trigger
    frame = trig
    for _ in range(3):
        if frame.dep_ not in {"pobj", "pcomp", "prep"} or frame.head.i == frame.i:
            return None
        frame = frame.head
        if frame.dep_ == "prep" and frame.lower_ in FRAMING_PREPS:
            break
    else:
        return None
    if frame.dep_ != "prep" or frame.lower_ not in FRAMING_PREPS:
        return None
    verb = frame.head
    if verb.i in meeting_of:
        return verb
    for c in verb.children:
        if c.dep_ in {"nsubj", "nsubjpass", "dobj"} and c.i in meeting_of:
            return c
        if c.dep_ in {"prep", "advcl", "xcomp"}:
            for t in c.subtree:
                if t.i in meeting_of and t.i != trig.i:
                    return t
    return None


def _is_conflict_noun(t: Token) -> bool:
    """ "crisis", "war", "standoff"; and a "peace process" (not any process)."""
    conflicts = lex_set("conflict_nouns")
    if t.lemma_.lower() in conflicts or t.lower_ in conflicts:
        return True
    return t.lemma_.lower() == "process" and any(
        c.lower_ == "peace" for c in t.children if c.dep_ in {"compound", "amod"}
    )


def _conflict_places(trig: Token, res: Resolver) -> list[str]:
    """For "resolve the crisis around X", "the facilitator of Sri Lanka's peace process", "an Aceh peace
    process brokered by X", "mediator for Gambia": the places and parties of the conflict."""
    out: list[str] = []

    def add_from(tokens) -> None:
        for t in tokens:
            for e in res.entities_at(t):
                if res.table.entities[e].type in {"Place", "Organization"} and e not in out:
                    out.append(e)

    for c in trig.children:
        if c.dep_ in {"dobj", "pobj", "prep"} and any(_is_conflict_noun(t) for t in c.subtree):
            add_from(c.subtree)
    if trig.dep_ == "acl" and _is_conflict_noun(trig.head):
        # "an earlier Aceh peace process brokered by X": the process the trigger qualifies
        add_from(t for t in trig.head.subtree if t.i < trig.i)
    if trig.pos_ == "NOUN":
        # "the mediator for Gambia", "co-mediator for the Gambia crisis"
        add_from(t for p in (c for c in trig.children if c.dep_ == "prep" and c.lower_ == "for") for t in p.subtree)
    return out + [e for e in _between_sides(trig, res) if e not in out]


def _works_between(trig: Token, res: Resolver) -> bool:
    """ "offered to mediate between Georgia and Russia", "agreed to mediate in the conflict over X": who
    takes the go-between's part in a conflict mediates it (GUIDELINES: works to settle a conflict between
    others), though the talks it may bring are still to come."""
    return trig.lemma_.lower() != "host" and bool(_conflict_places(trig, res))


def _between_sides(trig: Token, res: Resolver) -> list[str]:
    """ "mediate between Georgia and Russia", "mediators between Ukraine and Russia", "shuttling
    between X and Y": a go-between works between sides, and the sides are what it mediates. So does
    one who brokers what is between them ("brokered a deal between X and Y", "the rapprochement between")."""
    heads = [trig] + ([trig.head] if trig.dep_ in {"pobj", "dobj", "attr", "appos"} else [])
    # not "hosting talks between X and Y" when the talks were not built: the talks are no conflict
    heads += [c for c in trig.children if c.dep_ == "dobj" and meeting_kind(c) is None]
    out: list[str] = []
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    for t in with_conjuncts(p):
                        for e in res.resolve(t):
                            if res.table.entities[e].type in {"Place", "Organization"} and e not in out:
                                out.append(e)
    return out


# ------------------------------------------------------------------ agents


def _resolve_np(tok: Token, res: Resolver) -> list[str]:
    """Entities a subject token stands for, through relative pronouns and coordination."""
    if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
        tok = tok.head.head
    elif tok.lower_ == "whose":
        # "Kazakhstan, whose mediation helped": the one the relative clause is about
        clause = next((a for a in tok.ancestors if a.dep_ == "relcl"), None)
        if clause is None:
            return []
        tok = clause.head
    out: list[str] = []
    for t in with_conjuncts(tok):
        for e in res.resolve(t):
            if e not in out:
                out.append(e)
    return out


def _at_the_request_of(tok: Token, res: Resolver) -> list[str]:
    """ "postponed at the request of X", "at X's invitation": X is who wanted it."""
    for c in tok.children:
        if c.dep_ != "prep" or c.lower_ not in {"at", "on", "upon"}:
            continue
        for noun in (p for p in c.children if p.dep_ == "pobj"):
            if noun.lemma_.lower() not in {
                "request",
                "invitation",
                "behest",
                "suggestion",
                "initiative",
                "urging",
                "insistence",
            }:
                continue
            who = [
                q
                for x in noun.children
                if x.dep_ == "prep" and x.lower_ == "of"
                for q in x.children
                if q.dep_ == "pobj"
            ]
            who += [x for x in noun.children if x.dep_ == "poss"]
            return [e for w in who for e in _resolve_np(w, res)]
    return []


def _led_by(noun: Token) -> list[Token]:
    """ "the mediation led by the African Union", "an effort headed by X": who leads the act does it.

    >>> # "the mediation led by the bloc" -> [bloc]
    """
    return [
        a
        for c in noun.children
        if c.dep_ == "acl" and c.lemma_.lower() in lex_set("lead_verbs") and not is_negated(c)
        for a in passive_agents(c)
    ]


def _direct_agents(tok: Token, res: Resolver) -> list[str]:
    """The agent a verb or noun names itself, without climbing."""
    named = hyphenated_agent(tok)
    if named is not None:
        if is_demonym(named.text):  # "Turkish-brokered": the country the article names
            eid = res.table._id("Place", country_for(named.text) or "")
            return [eid] if eid in res.table.entities else []
        return _resolve_np(named, res)
    if tok.pos_ in {"NOUN", "PROPN"}:
        titled = _titled_person(tok)
        if titled is not None:
            return _resolve_np(titled, res)
        sent = _sent_by(tok)
        if sent:
            return [e for b in sent for t in with_conjuncts(b) for e in _resolve_np(t, res)]
        # "his mediation efforts": the owner of the phrase the trigger names
        owners = [tok, tok.head] if tok.dep_ == "compound" else [tok]
        for c in (c for o in owners for c in o.children):
            if c.dep_ == "poss" and c.lower_ == "whose":
                antecedent = relative_antecedent(tok)
                return _resolve_np(antecedent, res) if antecedent is not None else []
            if c.dep_ == "poss":
                return _resolve_np(c, res)
        by = passive_agents(tok) or _led_by(tok)
        if by:
            return [e for b in by for e in _resolve_np(b, res)]
        # "at the invitation of X", "with the mediation of X", "under the auspices of X"
        of = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        if of:
            return [e for p in of for e in _resolve_np(p, res)]
        # "Sarkozy has sent invitations to both", "extended an invitation to X": who sends it invites
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex_set("sending_verbs"):
            senders = [c for c in tok.head.children if c.dep_ == "nsubj"]
            if senders:
                return [e for s in senders for t in with_conjuncts(s) for e in _resolve_np(t, res)]
        # "France and Germany act as mediators" with "act" tagged a noun: its subject still acts
        subs = [c for c in tok.children if c.dep_ == "nsubj"] if tok.dep_ == "ROOT" else []
        if subs:
            return [e for s in subs for e in _resolve_np(s, res)]
        # "the idea ... had come from the American side"
        if tok.dep_ == "nsubj" and tok.head.lemma_ == "come":
            src = passive_agents(tok.head)
            if src:
                return [e for b in src for e in _resolve_np(b, res)]
        return []
    requesters = _at_the_request_of(tok, res)
    if requesters:
        return requesters
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children) or tok.dep_ == "acl" and passive_agents(tok):
        return [e for b in passive_agents(tok) for e in _resolve_np(b, res)]
    subs = [c for c in tok.children if c.dep_ == "nsubj"]
    if subs:
        out = [e for s in subs for e in _resolve_np(s, res)]
        # "X and Y agreed ..." parsed with X as a modifier of Y's name: both agree
        out += [e for e in dict.fromkeys(e for s in subs for e in subject_entities(s, res)) if e not in out]
        return out
    return []


THANK_VERBS = {"thank", "praise", "credit", "commend", "congratulate"}
GRATITUDE_NOUNS = {"gratitude", "thanks", "appreciation"}


def _thanked_for(trig: Token, res: Resolver) -> list[str] | None:
    """ "Soto thanked Chile for initiating the meeting", "expressed gratitude to the Chilean side
    for the initiative": the one thanked did it, not the one thanking. None when the trigger is not
    what someone is thanked for."""
    if trig.dep_ not in {"pcomp", "pobj"} or trig.head.lower_ != "for":
        return None
    owner = trig.head.head
    if owner.lemma_.lower() in THANK_VERBS:
        return [e for c in owner.children if c.dep_ == "dobj" for x in with_conjuncts(c) for e in _resolve_np(x, res)]
    noun = next((c for c in owner.children if c.dep_ == "dobj" and c.lemma_.lower() in GRATITUDE_NOUNS), None)
    if owner.pos_ == "VERB" and noun is not None:
        holders = [noun, owner]  # "expressed gratitude to Chile for ...": the "to" may sit on either
    elif owner.lemma_.lower() in GRATITUDE_NOUNS:
        holders = [owner]
    else:
        return None
    thanked = [p for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "to" for p in c.children]
    return [e for p in thanked if p.dep_ == "pobj" for x in with_conjuncts(p) for e in _resolve_np(x, res)]


def find_agents(trig: Token, res: Resolver, triggers: dict[int, str]) -> list[str]:
    """Who does what the trigger says, climbing control and complement chains when needed."""
    report = lex_set("report_verbs")
    agency = lex_set("agency_verbs")
    tok = trig
    if trig.dep_ == "nsubj" and trig.head.lemma_ == "come":
        # "the idea of the summit came from Soto", "the invitation came from Chile"
        sources = [p for c in trig.head.children if c.dep_ == "prep" and c.lower_ == "from" for p in c.children]
        got = [e for p in sources if p.dep_ == "pobj" for t in with_conjuncts(p) for e in _resolve_np(t, res)]
        if got:
            return got
    thanked = _thanked_for(trig, res)
    if thanked is not None:
        return thanked
    absolute = absolute_with(trig)
    if absolute:
        return [e for t in with_conjuncts(absolute) for e in _resolve_np(t, res)]
    named_as = _named_as(trig, res)
    if named_as:
        return named_as
    came_by: Token | None = None  # the child of ``tok`` the climb came through
    for _ in range(7):
        controllers = _passive_controller(tok, came_by, trig, triggers) if came_by is not None else []
        if controllers:
            return [e for s in controllers for t in with_conjuncts(s) for e in _resolve_np(t, res)]
        got = _direct_agents(tok, res)
        if got:
            return got
        if tok.pos_ in {"VERB", "AUX"} and any(c.dep_ == "nsubj" for c in tok.children):
            return []  # a subject that names no entity: "not everyone wants ..."
        if tok.dep_ not in CLIMB_DEPS or tok.head.i == tok.i:
            return []
        head = tok.head
        if (
            tok.dep_ == "xcomp"
            and head.lemma_.lower() in lex_set("object_control_verbs")
            and triggers.get(trig.i) != "proposed"
        ):
            # "Ruiz urged the president to cancel the summit": the one urged would cancel it, not
            # Ruiz (asking someone to invite still proposes: "asked Kaya to invite Lima")
            asked = [c for c in head.children if c.dep_ == "dobj"]
            if asked:
                return [e for a in asked for t in with_conjuncts(a) for e in _resolve_np(t, res)]
        if tok.dep_ == "ccomp" and head.lemma_.lower() not in agency and head.i not in triggers:
            return []  # "The spokesman said the summit was postponed": the reporter did not postpone it
        if (
            tok.dep_ in {"dobj", "nsubj"}
            and tok is trig
            and head.lemma_.lower() not in agency | report
            and not (tok.dep_ == "nsubj" and head.lemma_ == "come")
        ):
            return []
        if head.lemma_.lower() in report - agency and tok.dep_ != "ccomp":
            return []
        came_by, tok = tok, head
    return []


def _sent_by(tok: Token) -> list[Token]:
    """ "Soto's invitation, sent by his counterpart X", "Invitations were sent by Santiago": who sends an
    invitation issues it, whoever it is addressed to."""
    # the parser may hang the participle on what the invitation is to ("invitation to talks ..., sent by X")
    holders = [tok] + [p for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    verbs = [c for h in holders for c in h.children if c.dep_ == "acl" and c.lemma_.lower() in lex_set("sending_verbs")]
    if tok.dep_ == "nsubjpass" and tok.head.lemma_.lower() in lex_set("sending_verbs"):
        verbs.append(tok.head)
    return [b for v in verbs for b in passive_agents(v)]


def _a_town(eid: str, res: Resolver) -> bool:
    """A place that is neither a country nor a capital (which stands for its government: "Washington
    offered to host"): a town or a resort, only ever a venue."""
    ent = res.table.entities.get(eid)
    return (
        ent is not None
        and ent.type == "Place"
        and country_for(ent.name) is None  # every capital's country is in the country table too
        and ent.name.lower() not in capitals()
    )


def _titled_person(tok: Token) -> Token | None:
    """ "UN mediator Ivan Petrov held talks", "Kaya, the facilitator, said": a trigger noun that is a
    person's title names that person as the agent.

    >>> import spacy
    >>> doc = Doc(spacy.blank("en").vocab, words=["mediator", "Ana", "Soto"], heads=[2, 2, 2],
    ...           deps=["compound", "compound", "ROOT"], lemmas=["mediator", "Ana", "Soto"],
    ...           ents=["O", "B-PERSON", "I-PERSON"])
    >>> _titled_person(doc[0]).text
    'Soto'
    """
    head = tok.head
    if head.i == tok.i or tok.lemma_.lower() not in lex_set("go_between_nouns"):
        return None  # "Ruiz's Invitation" in a headline is an act, not a title
    if tok.dep_ == "compound" and head.ent_type_ == "PERSON":
        return head
    if tok.dep_ == "appos" and head.ent_type_ in {"PERSON", "ORG", "GPE"}:
        return head  # "Qatar, the mediator," "Soto, the host of the talks,"
    return None


def _named_as(trig: Token, res: Resolver) -> list[str]:
    """The entities of the one an "as <go-between>" is said of (see ``as_role_holder``)."""
    named = as_role_holder(trig)
    return [] if named is None else [e for t in with_conjuncts(named) for e in _resolve_np(t, res)]


def _passive_controller(verb: Token, came_by: Token, trig: Token, triggers: dict[int, str]) -> list[Token]:
    """The passive subject who does what a clause below the passive verb says.

    "Soto was asked (by Lima) to mediate": Soto mediates. "Kaya has been involved in the effort to
    mediate": Kaya. Asking someone to invite still proposes: "Soto was asked by Lima to invite Ruiz"
    is Lima's proposal, left to the "by" agent.
    """
    if verb.pos_ not in {"VERB", "AUX"} or came_by.dep_ not in {"xcomp", "prep"}:
        return []
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if not subjects:
        return []
    if passive_agents(verb) and (came_by.dep_ == "prep" or triggers.get(trig.i) == "proposed"):
        return []
    return subjects


# ------------------------------------------------------------------ assembly


def _evidence(tokens: list[Token], res: Resolver, trig: Token) -> Evidence:
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t) for t in tokens)
    speaker = res.reporter(trig)
    return Evidence("", start, end, trig.sent.text.strip(), speaker[0] if speaker else None)


def _antecedent(found: list[Relation], agent: str, position: bool, before: int) -> tuple[str, str] | None:
    """For "agreed with that (assessment)": the earlier proposal's meeting or the earlier speaker's position."""
    for rel in reversed(found):
        if rel.evidence.start >= before or rel.subject == agent or rel.predicate not in {"proposed", "postponed"}:
            continue
        if rel.predicate == "postponed" or position:
            return ("agent", rel.subject)
        return ("meeting", rel.object)
    return None


def _nearby_meeting(trig: Token, meeting_of: dict[int, str], back: int = 1) -> list[str]:
    """The meeting a trigger with no meeting of its own is about: the nearest one its sentence
    mentions, else the last one mentioned up to ``back`` sentences before.

    "Ruiz had invited him" after "Kaya was due in Valdora for a summit with Ruiz" proposes that summit.
    """
    sent = trig.sent
    here = [(abs(j - trig.i), mid) for j, mid in meeting_of.items() if sent.start <= j < sent.end]
    if here:
        return [min(here)[1]]
    doc = trig.doc
    first = sent.start
    for _ in range(back):
        if first == 0:
            break
        first = doc[first - 1].sent.start
    before = [(j, mid) for j, mid in meeting_of.items() if first <= j < sent.start]
    return [max(before)[1]] if before else []


def _in_clause(mid: str, tok: Token, meeting_of: dict[int, str]) -> bool:
    """Whether the clause of ``tok`` mentions the meeting ``mid`` ("the talks resumed, with Valdora as
    guarantor", not "the talks, halted when Valdora stepped back as guarantor, resumed")."""
    verb = clause_verb(tok)
    doc = tok.doc
    return verb is not None and any(
        m == mid and (j == verb.i or (cv := clause_verb(doc[j])) is not None and cv.i == verb.i)
        for j, m in meeting_of.items()
    )


def _meeting_of_both(
    trig: Token, meeting_of: dict[int, str], meetings: dict[str, Meeting], parties: list[str]
) -> list[str]:
    """The nearest meeting mentioned in ``trig``'s sentence or the one before whose parties include all
    of ``parties`` (the one who invites and the one invited)."""
    doc = trig.doc
    first = doc[trig.sent.start - 1].sent.start if trig.sent.start > 0 else 0
    near = sorted(
        (abs(j - trig.i), mid)
        for j, mid in meeting_of.items()
        if first <= j < trig.sent.end and mid in meetings and set(parties) <= set(meetings[mid].participants)
    )
    return [near[0][1]] if near else []


def _pledges_attendance(trig: Token, agents: list[str], targets: list[str], meetings: dict[str, Meeting]) -> bool:
    """ "Ruiz has already said he will attend": saying one will attend agrees to the meeting nearby
    (GUIDELINES: "confirming attendance"), when the one attending is among its parties.

    Only the attendance verbs the trigger patterns pair with a modal and a pronoun subject under a
    saying verb get here (the speaker's own pledge): "Kushner will attend the summit, an official
    said" is a plan told by others, "attended the talks" a thing done.
    """
    if trig.lemma_.lower() not in lex_set("attend_verbs") | {"take"} or len(targets) != 1:
        return False
    m = meetings.get(targets[0])
    return m is not None and all(a in m.participants for a in agents)


REQUEST_VERBS = frozenset({"ask", "request", "seek", "want", "demand"})


def _request_of(trig: Token) -> Token | None:
    """The verb that asks for a postponement noun: "asked for a postponement", "requested a delay",
    "the postponement had been requested by X" (GUIDELINES: asking for a postponement that is granted)."""
    if trig.pos_ != "NOUN":
        return None
    head = trig.head
    if trig.dep_ == "pobj" and head.lower_ == "for":
        head = head.head
    elif trig.dep_ not in {"dobj", "nsubjpass"}:
        return None
    return head if head.pos_ == "VERB" and head.lemma_.lower() in REQUEST_VERBS and not is_negated(head) else None


def _requested_noun(trig: Token, triggers: dict[int, str]) -> Token | None:
    """The postponement noun a request verb asks for ("asked for a postponement"), if any."""
    if trig.pos_ != "VERB" or trig.lemma_.lower() not in REQUEST_VERBS:
        return None
    objects = [c for c in trig.children if c.dep_ in {"dobj", "nsubjpass"}] + [
        p for c in trig.children if c.dep_ == "prep" and c.lower_ == "for" for p in c.children if p.dep_ == "pobj"
    ]
    return next((o for o in objects if triggers.get(o.i) == "postponed" and o.pos_ == "NOUN"), None)


def _just_proposed(trig: Token, found: list[Candidate]) -> list[str]:
    """The meeting proposed in the sentence before ``trig``'s, when no meeting is named nearer.

    "X was due in Juba for talks with Y. Y had invited him. X accepted.": the acceptance answers the
    invitation, whose meeting is two sentences back.
    """
    sent = trig.sent
    if sent.start == 0:
        return []
    start = trig.doc[sent.start - 1].sent.start_char
    before = [
        c.relation
        for c in found
        if c.how in RULE_PATHS and c.relation.predicate == "proposed" and start <= c.relation.evidence.start
    ]
    return [before[-1].object] if before else []


def _last_postponed(trig: Token, found: list[Candidate], meetings: dict[str, Meeting]) -> list[str]:
    """The meeting of the last postponement found before ``trig`` ("the postponement", "accepted the delay")."""
    delayed = [
        c.relation.object
        for c in found
        if c.how in RULE_PATHS
        and c.relation.predicate == "postponed"
        and c.relation.evidence.start < trig.idx
        and c.relation.object in meetings
    ]
    return delayed[-1:]


def _accepts_the_proposal(
    trig: Token,
    obj: Token | None,
    agents: list[str],
    targets: list[str],
    found: list[Candidate],
    meetings: dict[str, Meeting],
) -> bool:
    """ "Ruiz invited Kaya to a summit in Valdora. The Chilean president accepted.": accepting with no
    object agrees to the meeting just proposed, when the one accepting is its other party."""
    if trig.lemma_.lower() not in {"accept", "agree", "acceptance"} or obj is not None or len(targets) != 1:
        return False
    # "accepted with pleasure": with "accept" the "with" says how ("agreed with X" is someone agreed with);
    # "quick acceptance by President X": the "by" of the noun says who
    manner = {"with"} if trig.lemma_.lower() == "accept" else {"by"} if trig.lemma_.lower() == "acceptance" else set()
    if any(
        c.dep_ in {"dobj", "xcomp", "ccomp"} or c.dep_ == "prep" and c.lower_ not in CIRCUMSTANCE | {"on"} | manner
        for c in trig.children
    ):
        # "accepted the offer", "agreed to talks": an object of its own that led nowhere ("accepted on
        # Friday", "accepted in a letter" say when and how, not what)
        return False
    m = meetings.get(targets[0])
    proposers = {
        c.relation.subject
        for c in found
        if c.how in RULE_PATHS and c.relation.predicate == "proposed" and c.relation.object == targets[0]
    }
    return m is not None and bool(proposers) and all(a in m.participants and a not in proposers for a in agents)


def _invites_the_other_side(
    trig: Token, agents: list[str], targets: list[str], meetings: dict[str, Meeting], res: Resolver
) -> bool:
    """ "Kaya was due in Valdora for a summit with Ruiz. Ruiz had invited him.": an invitation from
    one party of the nearby meeting to another proposes that meeting.

    Only "invite" with a name or a pronoun as object counts ("invited the
    ministers of the three countries" may be to another round), or "sent
    invitations to" a name; the one inviting and the one invited must be the
    meeting's parties, or the one inviting is outside it and invites all its sides
    ("Sarkozy has invited both Olmert and Assad").
    """
    if trig.lemma_.lower() == "invite":
        objs = [c for c in trig.children if c.dep_ == "dobj" and c.pos_ in {"PRON", "PROPN"}]
    elif (
        trig.lemma_.lower() == "invitation"
        and trig.dep_ == "dobj"
        and trig.head.lemma_.lower() in lex_set("sending_verbs")
    ):
        # "sent invitations to both Olmert and Assad": the "to" on the noun or on the verb
        objs = [
            p
            for h in (trig, trig.head)
            for c in h.children
            if c.dep_ == "prep" and c.lower_ == "to"
            for p in c.children
            if p.dep_ == "pobj" and p.pos_ in {"PRON", "PROPN"}
        ][:1]
    else:
        return False
    if not objs or len(targets) != 1:
        return False
    m = meetings.get(targets[0])
    invited = [e for o in with_conjuncts(objs[0]) for e in res.resolve(o)]
    if m is None or not invited or not all(i in m.participants for i in invited):
        return False
    # one party inviting the other, or one outside the meeting inviting every side of it
    if all(a in m.participants and a not in invited for a in agents):
        return True
    return len(set(invited)) >= 2 and set(invited) == set(m.participants) and not set(agents) & set(invited)


SPOKES_WORDS = ("spokesman", "spokeswoman", "spokesperson", "press secretary")
PRESS_BODY_WORDS = ("office", "ministry", "agency", "service")


def _participants_named(noun: Token, res: Resolver) -> list[str]:
    """Who a participation noun says takes part: its possessor ("Soto's participation"), not a pronoun."""
    return [e for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON" for e in res.resolve(c)]


def _speaks_for_others(eid: str, res: Resolver) -> bool:
    """A spokesperson, or a government's press office or ministry: one whose confirmation reports."""
    ent = res.table.entities[eid]
    if ent.type == "Person":
        return any(w in role for role in res.table.roles.get(eid, ()) for w in SPOKES_WORDS)
    return ent.type == "Organization" and ent.name.lower().rsplit(" ", 1)[-1] in PRESS_BODY_WORDS


def obj_tok_i(tok: Token | None) -> int:
    return -1 if tok is None else tok.i


def _at_the_table(agent: str, meeting: Meeting, res: Resolver) -> bool:
    """Whether an agent is a party to a meeting, itself or through the side it speaks for or that
    speaks through it ("Armenia" when its foreign minister sits at the table, and the other way)."""
    if agent in meeting.participants:
        return True
    return any(p in res.affiliated.get(agent, ()) or agent in res.affiliated.get(p, ()) for p in meeting.participants)


def candidates(doc: Doc, triggers: dict[int, str], res: Resolver) -> list[Candidate]:
    """Every headline relation the parse proposes, in text order, with how it was found.

    ``how`` is "direct" (the trigger's own meeting), "anaphor" ("proposed it"),
    "antecedent" ("agreed with that assessment"), "conflict" (mediating a
    conflict named by its place) or "nearby" (no meeting reached: the nearest
    meeting of the sentence or the one before, for the linker to judge).
    """
    meetings = {m.id: m for m in doc._.kg_meetings or []}
    meeting_of = doc._.kg_meeting_of or {}
    idea, position = lex_set("idea_nouns"), lex_set("position_nouns")
    found: list[Candidate] = []
    blocked = futility_heads(doc, triggers)
    for i, predicate in triggers.items():
        trig = doc[i]
        if is_negated(trig) or is_hedged(trig):
            continue
        if (
            predicate == "mediated"
            and trig.dep_ in {"xcomp", "acl", "ccomp"}
            and triggers.get(trig.head.i) in {"proposed", "agreed"}
            and not _works_between(trig, res)
        ):
            continue  # "offered to host the talks" proposes them; the hosting has not happened
        if predicate == "proposed" and trig.dep_ == "xcomp" and triggers.get(trig.head.i) == "agreed":
            continue  # "agreed to convene the round table again" agrees to it; nobody proposes it here
        if predicate == "mediated" and trig.lemma_ == "host" and trig.dep_ == "xcomp" and trig.head.lower_ in READY:
            predicate = "proposed"  # "ready to host the next round": an offer of a venue
        if trig.dep_ == "amod" and hyphenated_agent(trig) is None:
            continue  # "the proposed April talks", "the postponed summit": no act, no agent of its own
        asked_for = _requested_noun(trig, triggers)
        if predicate == "proposed" and asked_for is not None:
            continue  # "asked for a postponement": the request is the postponing, proposed by no one
        if (
            predicate == "proposed"
            and trig.pos_ == "NOUN"
            and trig.dep_ == "pobj"
            and trig.head.lower_ in {"at", "upon", "on"}
            and triggers.get(trig.head.head.i) == "postponed"
        ):
            continue  # "postponed at Ankara's request": the request was for the postponement
        agents = [a for a in find_agents(trig, res, triggers) if a in res.table.entities]
        as_role = trig.pos_ == "NOUN" and as_role_holder(trig) is not None
        request = _request_of(trig) if predicate == "postponed" else None
        if request is not None and not agents:
            # "the postponement had been requested by the rebels": the one requesting it postpones
            agents = [
                e
                for a in [c for c in request.children if c.dep_ == "nsubj"] + passive_agents(request)
                for t in with_conjuncts(a)
                for e in res.resolve(t)
            ]
        if predicate == "agreed" and trig.lemma_.lower() == "confirm":
            # "the ministry spokesman confirmed that X would host the meeting": a report, not X's assent
            agents = [a for a in agents if not _speaks_for_others(a, res)]
        obj_tok = _find_object(trig, triggers, blocked)
        if obj_tok is not None and obj_tok.lemma_.lower() in lex_set("participation_nouns"):
            # "the Kremlin confirmed Soto's participation": the one who will take part agrees too
            agents += [e for e in _participants_named(obj_tok, res) if e not in agents]
        if not agents:
            continue
        targets: list[str] = []
        how = "direct"
        if predicate == "mediated" and (obj_tok is None or obj_tok.i not in meeting_of):
            own = {o for a in agents for o, people in res.affiliated.items() if a in people}
            targets = [p for p in _conflict_places(trig, res) if p not in agents and p not in own]
            how = "conflict"
        elif obj_tok is not None and obj_tok.i in meeting_of:
            targets = [meeting_of[obj_tok.i]]
        elif obj_tok is not None and (
            obj_tok.lower_ in {"it", "them"}
            and predicate in {"postponed", "mediated"}
            or obj_tok.lemma_.lower() in lex_set("participation_nouns")
        ):
            # "postponed it", "confirmed their participation": the meeting last mentioned
            before = [mid for j, mid in sorted(meeting_of.items()) if j < trig.i and trig.i - j < 60]
            targets, how = before[-1:], "anaphor"
        elif obj_tok is not None and predicate in {"agreed", "proposed"}:
            position_noun = obj_tok.lemma_.lower() in position
            ante = _antecedent([c.relation for c in found if c.how in RULE_PATHS], agents[0], position_noun, trig.idx)
            if ante and predicate == "agreed":
                targets, how = [ante[1]], "antecedent"
            elif obj_tok.lower_ in ANAPHORS | {"them"} and predicate == "proposed":
                before = [mid for j, mid in sorted(meeting_of.items()) if j < trig.i and trig.i - j < 60]
                targets, how = before[-1:], "anaphor"
        if not targets:
            targets, how = _nearby_meeting(trig, meeting_of), "nearby"
            invitee = (
                [e for c in trig.children if c.dep_ == "dobj" for e in res.resolve(c)]
                if predicate == "proposed" and trig.pos_ == "VERB"
                else []
            )
            shared = _meeting_of_both(trig, meeting_of, meetings, [*agents, *invitee]) if invitee else []
            if shared and shared != targets:
                # "Ruiz had invited him, and the invitation was delivered by Haddad, who met him in Khartoum":
                # the invitation is to the meeting of the two, not to the envoy's meeting nearer by
                targets = shared
            if (
                predicate == "postponed"
                and trig.pos_ == "NOUN"
                and any(c.dep_ == "det" and c.lower_ == "the" for c in trig.children)
                and not any(c.dep_ == "prep" for c in trig.children)
            ):
                # "Pakistan put off the round. The postponement had been requested by the Taliban": "the
                # postponement" is the one just reported, and so is its meeting
                delayed = _last_postponed(trig, found, meetings)
                if delayed:
                    targets, how = delayed, "anaphor"
            if predicate == "agreed" and any(
                c.dep_ == "dobj" and triggers.get(c.i) == "postponed" for c in trig.children
            ):
                # "Seoul accepted the postponement": agreeing to the delay agrees to the meeting delayed
                delayed = _last_postponed(trig, found, meetings)
                if delayed:
                    targets, how = delayed, "antecedent"
            if predicate == "agreed" and not targets:
                targets = _just_proposed(trig, found)  # "Ruiz had invited him. The Chilean president accepted."
            elif predicate == "agreed" and obj_tok is None:
                # "Ruiz had invited him, and the invitation was delivered by Haddad, who met him in Khartoum.
                # The Sudanese president accepted.": the invitation answered, not the envoy's meeting
                answered = _just_proposed(trig, found)
                if answered and _accepts_the_proposal(trig, obj_tok, agents, answered, found, meetings):
                    targets = answered
            if predicate == "agreed" and _pledges_attendance(trig, agents, targets, meetings):
                how = "attendance"
            if predicate == "agreed" and _accepts_the_proposal(trig, obj_tok, agents, targets, found, meetings):
                how = "antecedent"
            if predicate == "proposed" and _invites_the_other_side(trig, agents, targets, meetings, res):
                how = "invitation"
            holder = as_role_holder(trig) if as_role else None
            if (
                predicate == "mediated"
                and holder is not None
                and targets
                and _in_clause(targets[0], holder, meeting_of)
            ):
                how = "direct"  # "talks resumed in Havana, with Valdora as guarantor": the talks of the clause
        quoted = in_quote(trig, res.quotes) is not None
        titled = trig.pos_ == "NOUN" and _titled_person(trig) is not None
        for agent in agents:
            for target in targets:
                m = meetings.get(target)
                if (
                    predicate == "mediated"
                    and m
                    and agent in m.participants
                    and not (
                        (trig.lemma_.lower() in {"host", "bring"} and trig.i == obj_tok_i(obj_tok) or titled or as_role)
                        and len(set(m.participants) - {agent}) >= 2
                    )
                ):
                    # a party to the meeting is not its mediator, unless it hosts the sides ("hosted the
                    # talks", "brought X and Y together in Doha") or sits with them as their mediator
                    # ("UN mediator X met A and B"); a host with one guest only meets them
                    continue
                if (
                    predicate == "agreed"
                    and trig.lemma_.lower() in lex_set("welcoming_verbs")
                    and m is not None
                    and not _at_the_table(agent, m, res)
                ):
                    continue  # "Moscow has also welcomed the Almaty meeting": a bystander applauds, agrees to nothing
                if (
                    predicate == "mediated"
                    and trig.pos_ == "NOUN"
                    and trig.lemma_.lower() == "host"
                    and (m is None or m.kind == "summit" or len(set(m.participants) - {agent}) < 2)
                ):
                    continue  # "Algeria, the host of the summit": the host of a gathering is no go-between
                if predicate in {"mediated", "proposed"} and trig.lemma_.lower() == "host" and _a_town(agent, res):
                    continue  # "Valdora would host the summit": a town that hosts is the venue, not a side
                if target == agent:
                    continue
                toks = [trig] + ([obj_tok] if obj_tok is not None else [])
                rel = Relation(agent, predicate, target, _evidence(toks, res, trig))
                feats = relation_features(
                    trig,
                    predicate,
                    agent,
                    target,
                    how,
                    obj_tok,
                    meetings,
                    meeting_of,
                    res.table.entities[agent].type,
                    res.affiliated,
                    idea,
                    position,
                    quoted,
                )
                found.append(Candidate(rel, how, feats))
    found += callers(doc, res, meetings, meeting_of)
    return found


def _caller_subjects(tok: Token) -> list[Token]:
    """Who starts the call a token names: the subject of "X called Y", "X placed a call to Y",
    the owner of "X's call to Y". Empty when the token names no caller ("the call between X and Y")."""
    if tok.pos_ == "VERB":
        if tok.lemma_.lower() not in lex_set("caller_verbs"):
            return []
        return [c for c in tok.children if c.dep_ == "nsubj"]
    if tok.pos_ != "NOUN" or not callees(tok):
        return []
    owners = [c for c in tok.children if c.dep_ == "poss"]
    if owners:
        return owners
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex_set("call_making_verbs"):
        return [c for c in tok.head.children if c.dep_ == "nsubj"]
    return []


def callers(doc: Doc, res: Resolver, meetings: dict[str, Meeting], meeting_of: dict[int, str]) -> list[Candidate]:
    """ "X called Y", "X telephoned Y": the caller starts the call, so X proposed it (GUIDELINES)."""
    idea, position = lex_set("idea_nouns"), lex_set("position_nouns")
    out: list[Candidate] = []
    for i, mid in sorted(meeting_of.items()):
        tok = doc[i]
        m = meetings.get(mid)
        if m is None or m.kind != "phone_call":
            continue
        subjects = _caller_subjects(tok)
        if not subjects:
            continue
        said = tok if tok.pos_ == "VERB" else tok.head
        if is_negated(said) or is_hedged(said):
            continue
        agents = list(dict.fromkeys(e for c in subjects for e in subject_entities(c, res) if e in res.table.entities))
        if len(agents) != 1 or any(c.tag_ in {"NNS", "NNPS"} or c.lower_ in {"they", "we"} for c in subjects):
            continue  # "they will call": two parties calling each other, no one caller
        sent = tok.sent
        # "X telephoned A, B and C" is one call with each, all from this verb
        calls = [mid] + [
            other
            for other, om in meetings.items()
            if other != mid
            and om.kind == "phone_call"
            and agents[0] in om.participants
            and any(ev.start == sent.start_char for ev in om.evidence)
        ]
        for agent, call in ((a, c) for a in agents for c in calls):
            rel = Relation(agent, "proposed", call, _evidence([tok], res, tok))
            feats = relation_features(
                tok,
                "proposed",
                agent,
                call,
                "caller",
                None,
                meetings,
                meeting_of,
                res.table.entities[agent].type,
                res.affiliated,
                idea,
                position,
                in_quote(tok, res.quotes) is not None,
            )
            out.append(Candidate(rel, "caller", feats))
    return out


def decide(found: list[Candidate], linker: Linker | None) -> list[Relation]:
    """The candidates kept: scored by the linker when there is one, else those the rules are sure of."""
    out: list[Relation] = []
    for c in found:
        keep = c.how in RULE_PATHS
        if linker is not None and (not keep or linker.judges_all):
            c.score = linker.score(c.features)
            keep = c.score >= linker.threshold
        if keep and c.relation not in out:
            out.append(c.relation)
    return out


def extract(doc: Doc, triggers: dict[int, str], res: Resolver, linker: Linker | None = None) -> list[Relation]:
    """All headline relations of a document, in text order (rules alone unless a linker is given)."""
    return decide(candidates(doc, triggers, res), linker)
