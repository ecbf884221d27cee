"""Entity typing fixes and the document's entities, aliases and affiliations.

spaCy's small English model makes systematic mistakes on news text: a
surname typed ORG in one sentence and PERSON in the next, headline words
typed PERSON ("Diverging Expectations"), a role word typed ORG ("Secretary of
State"), two names joined by a dash taken as one ("Santos-Novak"). The
``kg_entities`` component corrects these with general rules and then groups
the mentions of one document into :class:`~kg.records.Entity` records: a
surname joins the full name it belongs to, a country code its country
("US" -> "United States"), an acronym the name it abbreviates.

It also reads affiliations from role phrases: "Ministry spokesman X",
"Russian Foreign Minister X", "X, head of the Y Fund", "Turkey's X".
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache

from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..dates import MONTHS, WEEKDAYS
from ..names import spelling_key
from ..records import Entity, Evidence, Relation
from ..resources import capitals, city_names, country_for, is_demonym, is_place_name, lexicon, pattern_text
from .syntax import lex_set, relative_antecedent, sentence_starts, tokens_where

LABEL_TYPE = {"PERSON": "Person", "GPE": "Place", "LOC": "Place", "ORG": "Organization", "NORP": None, "FAC": "Place"}
KEEP_LABELS = {"PERSON", "GPE", "LOC", "ORG", "FAC"}
COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"}
EDGE_PUNCT = set("[](){}<>\"'“”‘’«»,;:–—-*•|")
DASHES = {"-", "–", "—"}
# on a tie between labels for a name with no person evidence, the more common reading in news wins
TIE_ORDER = ["PERSON", "ORG", "FAC", "LOC", "GPE"]
# words that stand for a country's government when a demonym qualifies them: "the American side"
GOVERNMENT_NOUNS = {
    "side",
    "government",
    "administration",
    "delegation",
    "leadership",
    "authorities",
    "officials",
    "team",
    "party",
}


# the same few hundred names are normalised again and again within an article and across a corpus: both functions
# are pure, so their answers are kept (a bounded cache: kg serve and notebooks run long)
NAME_CACHE = 1 << 16


@lru_cache(maxsize=NAME_CACHE)
def norm_name(text: str) -> str:
    """Normalise a surface form for comparison: NFKC, straight quotes, no possessive, no leading "the".

    >>> norm_name("the Ministry’s")
    'ministry'
    """
    s = unicodedata.normalize("NFKC", text).replace("’", "'").strip()
    s = re.sub(r"'s?$", "", s)
    s = re.sub(r"^the\s+", "", s, flags=re.IGNORECASE)
    s = re.sub(r"[^\w\s.&-]", " ", s)
    return re.sub(r"\s+", " ", s).strip(" .-").lower()


@lru_cache(maxsize=NAME_CACHE)
def display_name(text: str) -> str:
    """The surface form as a label: no possessive, no leading "the", no stray brackets."""
    s = unicodedata.normalize("NFKC", text).replace("’", "'").strip()
    s = re.sub(r"'s?$", "", s)
    s = re.sub(r"^the\s+", "", s, flags=re.IGNORECASE)
    s = re.sub(r"[\[\]()]", "", s)
    return re.sub(r"\s+", " ", s).strip(" -,")


# ------------------------------------------------------------------ fixing spans


def _trim(span: Span) -> Span | None:
    """Drop edge punctuation, possessive markers and a leading determiner from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].text in EDGE_PUNCT or doc[start].lower_ in {"the"}):
        start += 1
    while end > start and (
        doc[end - 1].text in EDGE_PUNCT or doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in {"'s", "’s"}
    ):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label)


def _complete_of(span: Span) -> Span:
    """A name the model cut short: "Group of [20]", "Group [of Eight]" take their number, "Organization for
    Security and Co-operation [in Europe] (OSCE)" the words its acronym spells; a dangling "of" is dropped.

    "the Group of 20 summit" is often typed ORG over "Group of" only.
    """
    doc = span.doc
    for k in range(span.end + 1, min(span.end + 4, len(doc) - 2)):
        # "the Organization for Security and Co-operation [in Europe] (OSCE)": the bracketed acronym says where
        # the name ends
        if (
            doc[k].text == "("
            and doc[k + 2].text == ")"
            and _acronym(doc[span.start : k].text) == doc[k + 1].text
            and _acronym(span.text) != doc[k + 1].text
            and all(t.is_alpha for t in doc[span.end : k])
        ):
            return Span(doc, span.start, k, label=span.label)
    if span.end + 1 < len(doc) and doc[span.end].lower_ == "of" and doc[span.end + 1].like_num:
        return Span(doc, span.start, span.end + 2, label=span.label)  # "[Group] of Eight"
    if len(span) < 2 or span[-1].lower_ != "of":
        return span
    if span.end < len(doc) and doc[span.end].like_num:
        return Span(doc, span.start, span.end + 1, label=span.label)
    return Span(doc, span.start, span.end - 1, label=span.label)


def _is_headline(sent: Span) -> bool:
    """A line without final punctuation whose words are mostly capitalised: a headline or subheading."""
    # the final character first: most sentences end in a full stop, and need not have their words looked at
    if sent.text.rstrip()[-1:] in '.!?"”':
        return False
    words = [t for t in sent if t.is_alpha]
    if not words:
        return False
    caps = sum(1 for t in words if t.text[0].isupper())
    return len(words) <= 20 and caps / len(words) >= 0.6


def _split_dashed(span: Span, known: set[str] | None = None) -> list[Span]:
    """Split "Santos-Novak" or "U.S.–Russia" into its parts when every part is a name the article
    also uses on its own (or a country); "Jean-Paul Moreau" and "Asia-Pacific Economic
    Cooperation" stay whole."""
    doc = span.doc
    parts, cur = [], span.start
    for t in span:
        if t.text in DASHES:
            # "al-Rashid", "bin-Karim": a lower-case particle before the dash belongs to the name
            if not (doc[t.i - 1].text[:1].isupper() and t.i + 1 < span.end and doc[t.i + 1].text[:1].isupper()):
                return [span]
            parts.append((cur, t.i))
            cur = t.i + 1
    parts.append((cur, span.end))
    if len(parts) < 2 or any(s >= e for s, e in parts):
        return [span]
    if not all(doc[s].text[:1].isupper() for s, e in parts):
        return [span]
    if known is not None and not all(
        norm_name(doc[s:e].text) in known or is_place_name(doc[s:e].text) for s, e in parts
    ):
        return [span]
    return [Span(doc, s, e, label=span.label) for s, e in parts]


CONNECTIVES = {"in", "to", "at", "and", "from"}


def _split_connected(span: Span, known: set[str]) -> list[Span]:
    """Split a span the model ran across a preposition or "and" ("Soto in Lima", "Soto and Ruiz to
    Addis Ababa") when every part is a name the article uses on its own or a place; names that hold such
    a word ("Organization for Security and Co-operation in Europe") stay whole.

    >>> import spacy
    >>> doc = Doc(spacy.blank("en").vocab, words=["Soto", "in", "Lima"])
    >>> [p.text for p in _split_connected(doc[0:3], {"soto"})]
    ['Soto', 'Lima']
    """
    doc = span.doc
    cuts = [t.i for t in span if t.lower_ in CONNECTIVES and t.text.islower() and span.start < t.i < span.end - 1]
    if not cuts:
        return [span]
    bounds = list(zip([span.start] + [c + 1 for c in cuts], cuts + [span.end]))
    if any(s >= e for s, e in bounds):
        return [span]
    if not all(norm_name(doc[s:e].text) in known or is_place_name(doc[s:e].text) for s, e in bounds):
        return [span]
    return [Span(doc, s, e, label=span.label) for s, e in bounds]


def _name_word(t: Token) -> bool:
    """A capitalised word that can be part of a person's name: no place, body or meeting word."""
    low = t.lower_
    return (
        t.is_title
        and t.is_alpha
        and not is_place_name(t.text)
        and low not in ORG_WORDS
        and low not in lex_set("meeting_nouns")
        and low not in lex_set("building_words")
    )


def _split_place_from_name(span: Span) -> list[Span]:
    """ "Foreign Minister of [Armenia Ana Soto]", "President of the [Republic of Chile Paulo
    Ruiz]": after a title's "of" the model can run the country into the name that follows it. A known
    place followed by two or three capitalised words is split into the place and the person.

    >>> import spacy
    >>> doc = Doc(spacy.blank("en").vocab, words=["Minister", "of", "Armenia", "Ana", "Soto"])
    >>> [(p.text, p.label_) for p in _split_place_from_name(Span(doc, 2, 5, label="PERSON"))]
    [('Armenia', 'GPE'), ('Ana Soto', 'PERSON')]
    """
    doc = span.doc
    before = span.start - 2 if span.start >= 2 and doc[span.start - 1].lower_ == "the" else span.start - 1
    if len(span) < 3 or before < 0 or doc[before].lower_ != "of":
        return [span]
    for k in range(span.end - 3, span.start - 1, -1):
        if not is_place_name(doc[k].text):
            continue
        name = doc[k + 1 : span.end]
        if not (len(name) <= 3 and all(_name_word(t) for t in name)):
            return [span]
        whole = doc[span.start : k + 1]
        place = whole if is_place_name(whole.text) else doc[k : k + 1]
        return [Span(doc, place.start, place.end, label="GPE"), Span(doc, name.start, name.end, label="PERSON")]
    return [span]


def _without_portfolio(span: Span) -> Span | None:
    """An organisation the model found in a title, less the portfolio ("EU Economic Affairs
    Commissioner" -> "EU"; "Indian External Affairs Minister" -> nothing: a portfolio and a
    nationality are no organisation). None when nothing or only a nationality is left."""
    words = lex_set("portfolio_words")
    end = span.end
    while end > span.start and span.doc[end - 1].lower_ in words:
        end -= 1
    if end == span.end:
        return span
    rest = span.doc[span.start : end]
    if not len(rest) or is_demonym(rest.text) or not rest[-1].text[:1].isupper():
        return None
    return Span(span.doc, rest.start, rest.end, label=span.label)


def _past_particles(span: Span) -> Span:
    """A name the model cut inside its particles, run on to the capitalised word after them:
    "Anna von" + "der Heide" -> "Anna von der Heide". Other spans are returned as they are."""
    doc, particles = span.doc, lex_set("name_particles")
    end = span.end
    if span[-1].lower_ not in particles:
        return span
    while end < len(doc) and doc[end].lower_ in particles:
        end += 1
    if end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
        return doc[span.start : end + 1]
    return span


def _body_names(doc: Doc, headline_sents: set[int], sent_of: Callable[[Span], int]) -> dict[str, Counter]:
    """Label votes for each normalised name over the sentences that are not headlines."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for ent in doc.ents:
        if ent.label_ in KEEP_LABELS and sent_of(ent) not in headline_sents:
            votes[norm_name(ent.text)][ent.label_] += 1
    return votes


def _preceded_by_role(span: Span, roles: set[int]) -> bool:
    i = span.start - 1
    return i >= 0 and i in roles


def _apposed_role(span: Span, roles: set[int]) -> bool:
    """ "Karim Haddad, the UN Secretary-General's special envoy": two or more capitalised words with a
    title in apposition right after them name a person."""
    if len(span) < 2 or not all(t.is_title or t.text in DASHES for t in span):
        return False
    apps = [c for c in span.root.children if c.dep_ == "appos" and c.i >= span.end]
    return any(span.doc[span.end].text == "," and c.i in roles for c in apps)


def _where_a_meeting_is(span: Span) -> bool:
    """ "met in Thessaloniki", "talks in Sounio", "arrived in Skopje": one title-case word the NER typed an
    organisation, in the place of a meeting or a journey, is the place (an acronym stays a body: "talks
    in NATO")."""
    if len(span) != 1 or not span[0].is_title or span[0].is_upper:
        return False
    tok = span[0]
    if tok.dep_ != "pobj" or tok.head.lower_ != "in":
        return False
    head = tok.head.head
    lemma = head.lemma_.lower()
    if head.pos_ == "VERB":
        return lemma in lex_set("meeting_verbs") or lemma in lex_set("travel_verbs")
    return head.pos_ == "NOUN" and (lemma in lex_set("meeting_nouns") or head.lower_ in lex_set("meeting_nouns"))


def _relabel(span: Span, votes: dict[str, Counter], person_parts: set[str], roles: set[int]) -> str | None:
    """The label a span should carry, by document-wide evidence; None to drop it."""
    key = norm_name(span.text)
    label = span.label_
    if is_place_name(display_name(span.text)) and label in {"GPE", "LOC", "ORG", "PERSON", "NORP"}:
        return "GPE"
    if label == "NORP":
        return None
    if label == "ORG" and _where_a_meeting_is(span):
        return "GPE"
    # a name right after a role phrase ("Foreign Minister Murat Kaya") is a person, whatever the model voted
    words = [t for t in span if t.text not in DASHES]  # "Jean-Paul Moreau" is two words of a name
    if key in person_parts or (
        (_preceded_by_role(span, roles) or _apposed_role(span, roles))
        and label in {"ORG", "GPE"}
        and span[0].pos_ == "PROPN"
        and len(words) <= 3
        and not is_place_name(display_name(span.text))
        and not any(t.lower_ in ORG_WORDS for t in span)
    ):
        return "PERSON"
    if key in votes and votes[key]:
        v = votes[key]
        best = max(v, key=lambda lab: (v[lab], TIE_ORDER.index(lab)))
        if v[best] > v.get(label, 0) or v[best] == v.get(label, 0) and TIE_ORDER.index(best) > TIE_ORDER.index(label):
            return best
    return label


def _sentence_start_of(doc: Doc) -> Callable[[Span], int]:
    """``span -> span.sent.start`` for spans of ``doc``, from the sentence starts found once (each ``.sent``
    walks the tokens to its sentence's ends)."""
    starts = sentence_starts(doc)
    if starts is None:
        return lambda span: span.sent.start
    return lambda span: starts[span.start]


def fix_entities(doc: Doc) -> None:
    """Rewrite ``doc.ents`` with the general corrections described in the module docstring."""
    roles = {i for span in doc.spans.get("kg_roles", []) for i in range(span.start, span.end)}
    headline_sents = {s.start for s in doc.sents if _is_headline(s)}
    sent_of = _sentence_start_of(doc)
    votes = _body_names(doc, headline_sents, sent_of)
    person_parts = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and sent_of(ent) not in headline_sents:
            # "Anna von" + "Heide" (typed a place): the name the model cut at its particles
            toks = [t for t in _past_particles(ent) if t.is_alpha and t.lower_ not in HONORIFICS]
            if len(toks) >= 2:
                person_parts.add(toks[-1].lower_)
                # "Yoon Suk Yeol" ... "Yoon's trip", "Xi Jinping" ... "Xi": the family name comes first
                # (a place name is kept a place by _relabel before this is asked)
                person_parts.add(toks[0].lower_)
                person_parts.add(norm_name(" ".join(t.text for t in toks)))
    tags = source_tags(doc)
    new: list[Span] = []
    for ent in _join_hyphenated(doc):
        if ent.label_ not in KEEP_LABELS and ent.label_ != "NORP":
            continue
        span = _trim(ent)
        if span is None:
            continue
        span = _complete_of(span)
        used = set(votes) | person_parts
        pieces = [p for d in _split_dashed(span, used) for p in _split_connected(d, used)]
        if sent_of(span) not in headline_sents:  # a title-case headline capitalises every word
            pieces = [q for p in pieces for q in _split_place_from_name(p)]
        for part in pieces:
            if sent_of(part) in headline_sents and norm_name(part.text) not in votes:
                known = _known_subspan(part, votes)
                if known is None:
                    continue
                part = known
            if all(i in roles for i in range(part.start, part.end)) or part.start in tags:
                continue
            if any(not (t.is_alpha or t.is_digit or t.text in ".&-'" or INITIAL.match(t.text)) for t in part):
                continue
            label = _relabel(part, votes, person_parts, roles)
            if label is None or not any(t.text[:1].isupper() or t.is_digit for t in part):
                continue
            text = display_name(part.text)
            if text.lower() in COMPASS or (text.endswith("s") and is_demonym(text[:-1])) or is_demonym(text):
                continue  # "North" of "North Korean", "the North Koreans": nationalities, not entities
            if label == "ORG" and _looks_like_person_after_country(part):
                label = "PERSON"
            if label == "ORG" and _honorific_name(part):
                label = "PERSON"
            if label == "ORG" and _city_typed_a_body(part):
                label = "GPE"
            if label in {"GPE", "LOC", "FAC"} and part[-1].lower_ in ORG_WORDS and not is_place_name(part.text):
                label = "ORG"  # "African Union", "Security Council"
            if label == "ORG" and part[-1].lower_ in lex_set("building_words") and len(part) >= 2:
                label = "FAC"  # "Presidential Villa", "State House", "Central International Airport": places
            if len(part) == 1 and part[0].lower_ in ROLE_PREFIXES and part.end in roles:
                continue  # "Defense" of "Defense Secretary", "House" of "House Speaker"
            if label == "ORG" and part.end in roles:
                trimmed = _without_portfolio(part)
                if trimmed is None:
                    continue
                part = trimmed
            if label == "PERSON" and part.end - 1 in roles:
                place = _place_before_title(part, roles)
                if place is None:
                    continue
                part, label = place, "GPE"
            if label == "PERSON":
                named = _strip_titles(_extend_name(part, frozenset(votes) | frozenset(person_parts)), roles)
                if named is None:
                    continue
                part = named
            new.append(Span(doc, part.start, part.end, label=label))
    new = _forum_acronyms(new)
    doc.ents = _no_overlaps(
        new
        + _unlabelled_surnames(doc, new, person_parts, headline_sents)
        + _unlabelled_countries(doc, new)
        + _unlabelled_role_names(doc, new, roles | _plural_title_tokens(doc))
        + _unlabelled_forums(doc, new)
        + _unlabelled_armed_groups(doc, new)
    )


DASHES = {"-", "–", "—", "--"}


def source_tags(doc: Doc) -> set[int]:
    """Tokens of a wire agency's tag at the head of a story: "PORT MORESBY (Reuters) –", "(MENAFN) Chad's ...".

    The agency reports the news and takes no part in it. A parenthesis counts
    when it opens the sentence, or follows a capitalised dateline and is
    followed by a dash: in "HAVANA, May 10 (ACN) -- The government ..." the
    tag is "ACN".
    """
    out: set[int] = set()
    for sent in doc.sents:
        # a tag sits in the first words: look no further than the first twenty tokens
        toks = [t for t in sent[:20] if not t.is_space]
        for k, t in enumerate(toks[:14]):
            if t.text != "(":
                continue
            close = next((j for j in range(k + 1, min(k + 5, len(toks))) if toks[j].text == ")"), None)
            if close is None:
                break
            dateline = all(x.is_punct or x.is_digit or x.text[:1].isupper() for x in toks[:k])
            dashed = close + 1 < len(toks) and toks[close + 1].text in DASHES
            if k == 0 or dateline and dashed:
                out.update(x.i for x in toks[k + 1 : close])
            break
    return out


def _plural_title_tokens(doc: Doc) -> set[int]:
    """The tokens of capitalised plural titles ("Prime Ministers", "Foreign Ministers"), which the role
    patterns (singular) do not find: "Prime Ministers Ana Soto of Chile and Paulo Ruiz of Peru"."""
    titles = _title_words()
    before = ROLE_PREFIXES | titles
    out: set[int] = set()
    for t in doc:
        # the model tags a capitalised plural a singular proper noun ("Ministers" NNP): read the word
        if t.text[:1].isupper() and t.lower_.endswith("s") and t.lower_[:-1] in titles:
            out.add(t.i)
            j = t.i - 1
            while j >= t.sent.start and doc[j].text[:1].isupper() and doc[j].lower_ in before:
                out.add(j)  # "Prime", "Foreign" before "Ministers"
                j -= 1
    return out


def _unlabelled_role_names(doc: Doc, ents: list[Span], roles: set[int]) -> list[Span]:
    """Two to four capitalised words the model left untyped right after a role: "the UN envoy Ana Soto".

    A role phrase ("envoy", "Foreign Minister") followed by a run of proper
    nouns names a person; a country or organisation name in that place
    ("Foreign Minister of Chile") is no such run, as it is typed or a place.
    """
    taken = {i for e in ents for i in range(e.start, e.end)}
    out = []
    i = 0
    while i < len(doc):
        if i - 1 in roles and i not in roles and i not in taken:
            j = i
            while (
                j < len(doc)
                and j not in taken
                and j not in roles
                and doc[j].pos_ == "PROPN"
                and doc[j].is_alpha
                and doc[j].text[:1].isupper()
                and not doc[j].is_sent_start
            ):
                j += 1
            while i < j - 1 and doc[i].lower_.rstrip(".") in HONORIFICS:
                i += 1  # "Sultan Haji X": the titles after the role are no part of the name
            names = doc[i:j]
            if (
                2 <= len(names) <= 4
                and not all(t.lower_.rstrip(".") in HONORIFICS for t in names)  # "Datuk Seri": a title
                and not any(country_for(t.text) or is_demonym(t.text) for t in names)
                and not is_place_name(names.text)
                and names[-1].lower_ not in ORG_WORDS
            ):
                out.append(Span(doc, i, j, label="PERSON"))
                i = j
                continue
        i += 1
    return out


def _forum_acronyms(spans: list[Span]) -> list[Span]:
    """An acronym typed as a place that names a meeting somewhere in the article is an organisation
    everywhere in it: "the BRICS summit" (not a country code, not a capital)."""
    nouns = lexicon()["meeting_nouns"]
    forums = {
        s.text
        for s in spans
        if s.label_ in {"GPE", "LOC"}
        and len(s) == 1
        and ACRONYM.match(s.text)
        and s.root.dep_ in {"compound", "nmod", "amod"}
        and s.root.head.lemma_.lower() in nouns
        and not country_for(s.text)
        and s.text.lower() not in capitals()
    }
    return [
        Span(s.doc, s.start, s.end, label="ORG") if s.text in forums and s.label_ in {"GPE", "LOC"} else s
        for s in spans
    ]


ACRONYM = re.compile(r"^[A-Z][A-Z0-9-]*[A-Z0-9]$")


def _acronyms_before(doc: Doc, ents: list[Span], nouns: frozenset[str], next_word: bool) -> list[Span]:
    """Untyped acronyms (no country code) that modify one of ``nouns`` after them, as organisations;
    ``next_word``: only right before the noun."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    return [
        Span(doc, t.i, t.i + 1, label="ORG")
        for t in (doc[i] for i in tokens_where(doc, ORTH, ACRONYM.match))
        if t.i not in taken
        and t.dep_ in {"compound", "nmod", "amod"}
        and t.head.lemma_.lower() in nouns
        and (t.head.i == t.i + 1 if next_word else t.head.i > t.i)
        and not country_for(t.text)
    ]


def _unlabelled_armed_groups(doc: Doc, ents: list[Span]) -> list[Span]:
    """An acronym the model left untyped right before a word for fighters: "the M23 rebels", "ELN
    guerrillas". Armed groups and movements are organisations (GUIDELINES); a country code before
    "forces" is the country's army, left to the country table."""
    return _acronyms_before(doc, ents, lex_set("armed_group_nouns"), next_word=True)


def _unlabelled_forums(doc: Doc, ents: list[Span]) -> list[Span]:
    """An acronym the model left untyped that names the meeting after it: "the G20 summit", "a BRICS meeting".

    A country code is no forum ("the US summit" is left to the country table).
    """
    taken = {i for e in ents for i in range(e.start, e.end)}
    nouns = frozenset(lexicon()["meeting_nouns"])
    out = _acronyms_before(doc, ents, nouns, next_word=False)
    # "the Group of 20 summit": a title-case word, "of" and a number right before a meeting noun
    for i in tokens_where(doc, LEMMA, lambda lemma: lemma.lower() in nouns):
        if i < 3:
            continue
        a, of, n = doc[i - 3], doc[i - 2], doc[i - 1]
        if a.is_title and a.pos_ == "PROPN" and of.lower_ == "of" and n.like_num and not {a.i, of.i, n.i} & taken:
            out.append(Span(doc, a.i, n.i + 1, label="ORG"))
    return out


def _unlabelled_countries(doc: Doc, ents: list[Span]) -> list[Span]:
    """Country names and codes the model left untyped ("The U.S. and Russia"), from the country table."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    roles = {i for span in doc.spans.get("kg_roles", []) for i in range(span.start, span.end)}
    out = []
    for t in (doc[i] for i in tokens_where(doc, ORTH, lambda text: text[:1].isupper())):
        if t.i in taken or is_demonym(t.text) or t.lower_ in HONORIFICS:
            continue  # "Tan Sri Ahmad Karim": a title, not Sri Lanka
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if nxt is not None and nxt.is_alpha and nxt.text[:1].isupper() and nxt.i not in roles:
            continue  # part of a longer name the model did not type: "Egypt Daily News"
        if _hyphen_tail(t):
            if country_for(t.text) and not any(i in taken for i in (t.i - 2, t.i - 1)):
                out.append(Span(doc, t.i - 2, t.i + 1, label="ORG"))  # "Zanu-PF": a party, not French Polynesia
            continue
        code_like = t.text.isupper() and len(t.text.replace(".", "")) >= 2
        if (code_like or t.pos_ == "PROPN") and country_for(t.text):
            out.append(Span(doc, t.i, t.i + 1, label="GPE"))
        elif t.pos_ == "PROPN" and _lone_capital(t):
            out.append(Span(doc, t.i, t.i + 1, label="GPE"))  # "paid a brief visit to Kyiv"
    return out


def _hyphen_tail(t: Token) -> bool:
    """A short code after a hyphen inside one word whose first part is no country: "PF" of "Zanu-PF", "IO"
    of "SPLM-IO" (but "UK" of "US-UK" is a country)."""
    if t.i < 2 or not t.is_upper or len(t.text) > 3:
        return False  # "ASEAN-Japan" joins a body and a country named in full
    dash, left = t.doc[t.i - 1], t.doc[t.i - 2]
    return (
        dash.text in {"-", "‑"}
        and not dash.whitespace_
        and not left.whitespace_
        and left.is_alpha
        and left.text[:1].isupper()
        and country_for(left.text) is None
    )


def _lone_capital(t: Token) -> bool:
    """A one-word capital city after a preposition of place ("to Kyiv", "in Tbilisi"), from the capitals table."""
    return t.lower_ in capitals() and t.dep_ == "pobj" and t.head.lower_ in {"to", "in", "from", "at", "via"}


def _unlabelled_surnames(doc: Doc, ents: list[Span], person_parts: set[str], headline_sents: set[int]) -> list[Span]:
    """A capitalised token the model left untyped that is the surname of a person the article names in full."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    return [
        Span(doc, t.i, t.i + 1, label="PERSON")
        for t in (doc[i] for i in tokens_where(doc, LOWER, person_parts.__contains__))
        if t.i not in taken and t.text[:1].isupper() and t.pos_ in {"PROPN", "NOUN", "ADJ"}
    ]


HONORIFICS = lex_set("honorifics")  # "Datuk Seri", "Sheikh", "Pope": titles before a name, never a name
NAME_PARTICLES = lex_set("name_particles")  # "von der", "bin", "al", "ould": lower-case parts inside a name
ROLE_PREFIXES = {
    "defense",
    "defence",
    "house",
    "state",
    "treasury",
    "foreign",
    "interior",
    "finance",
    "trade",
    "justice",
    "health",
    "energy",
    "commerce",
    "home",
    "senate",
    "army",
    "navy",
}
ORG_WORDS = {
    "bank",
    "ministry",
    "fund",
    "council",
    "union",
    "group",
    "party",
    "agency",
    "news",
    "office",
    "house",
    "committee",
    "commission",
    "court",
    "corporation",
    "company",
    "times",
    "post",
    "organization",
    "forces",
}


def _join_hyphenated(doc: Doc) -> list[Span]:
    """Entities the model split at a hyphen with no spaces ("Jean" + "Luc Moreau") as one span."""
    ents = list(doc.ents)
    out: list[Span] = []
    for ent in ents:
        prev = out[-1] if out else None
        if (
            prev is not None
            and ent.start == prev.end + 1
            and doc[prev.end].text in {"-", "‑"}
            and not doc[prev.end - 1].whitespace_
            and not doc[prev.end].whitespace_
        ):
            label = "PERSON" if "PERSON" in {prev.label_, ent.label_} else prev.label_
            out[-1] = Span(doc, prev.start, ent.end, label=label)
        else:
            out.append(ent)
    return out


def _strip_titles(span: Span, roles: set[int]) -> Span | None:
    """ "Pope Pius XX" -> "Pius XX", "Prince Karim bin Tariq" -> "Karim bin Tariq": titles are roles, not names."""
    start = span.start
    while start < span.end and (span.doc[start].lower_.rstrip(".") in HONORIFICS or start in roles):
        start += 1
    return Span(span.doc, start, span.end, label=span.label) if start < span.end else None


def _city_typed_a_body(span: Span) -> bool:
    """ "Ohrid", "Montreux": a city's name the model typed an organisation, unless the article also
    writes it in lower case (a word, not a name: "union")."""
    if span.text not in city_names() or any(t.lower_ in ORG_WORDS for t in span):
        return False
    lowered = span.text.lower()
    return not any(t.text == lowered for t in span.doc)


def _place_before_title(span: Span, roles: set[int]) -> Span | None:
    """ "Valdora Amir", "Valdora President" (a headline's shorthand for "the Amir of Valdora"): the title
    names no one, and the place before it is the side; a person's name never ends in a title.

    >>> # doc: "Valdora Amir To Attend Summit", with "Amir" found by kg_roles -> Span "Valdora" or None
    """
    end = span.end
    while end > span.start and end - 1 in roles:
        end -= 1
    if end == span.start or not is_place_name(span.doc[span.start : end].text):
        return None
    return Span(span.doc, span.start, end, label="GPE")


def _honorific_name(span: Span) -> bool:
    """ "Sultan Haji Karim Haddad", "Sheikh Karim": an honorific and capitalised words with no word of a
    body's name ("Sultan Karim University" stays a body) are a person the model typed an organisation."""
    words = [t for t in span if t.is_alpha]
    return (
        len(words) >= 2
        and words[0].lower_.rstrip(".") in HONORIFICS
        and all(t.is_title for t in words)
        and not any(
            t.lower_ in ORG_WORDS or t.lower_ in lex_set("building_words") or t.lower_ in lex_set("institution_words")
            for t in words
        )
        and not is_place_name(span.text)
    )


def _looks_like_person_after_country(span: Span) -> bool:
    """ "Britain's Ana Soto": two or three capitalised words after a country's possessive are a person."""
    doc = span.doc
    if span.start < 2 or not (doc[span.start - 1].tag_ == "POS" or doc[span.start - 1].lower_ in {"'s", "’s"}):
        return False
    owner = doc[span.start - 2]
    return (
        owner.ent_type_ == "GPE"
        and 2 <= len(span) <= 3
        and all(t.pos_ == "PROPN" and t.is_title for t in span)
        and not any(t.lower_ in ORG_WORDS for t in span)
    )


def _extend_name(span: Span, known: frozenset[str] = frozenset()) -> Span:
    """Take in the rest of a name the model cut short: "Choe Min [Ho]", "Park Jae[-in]", "[Sami] Haddad"."""
    doc, end, start = span.doc, span.end, span.start
    if start >= 2 and INITIAL.match(doc[start - 1].text) and _given_name(doc[start - 2]):
        start -= 2  # "Ana M. Soto", "Paul R. Lima": a given name and a middle initial
    while start > 0 and start == span.start:
        t = doc[start - 1]
        # the name's first word before the span, unless another proper noun precedes it (start >= 2 only)
        if start >= 2 and (
            t.pos_ == "PROPN"
            and t.is_title
            and t.is_alpha
            and not t.ent_type_
            and t.lower_ not in DATE_WORDS
            and t.lower_.rstrip(".") not in HONORIFICS
            and not t.is_sent_start
            and t.whitespace_
            and doc[start - 2].tag_ not in {"NNP"}
        ):
            start -= 1
            continue
        break
    if start < span.start:
        span = Span(doc, start, span.end, label=span.label)
    while end < len(doc):
        t = doc[end]
        if (
            t.text in {"-", "‑"}
            and not doc[end - 1].whitespace_
            and end + 1 < len(doc)
            and doc[end + 1].is_alpha
            and not t.whitespace_
            and doc[end + 1].lower_ not in known
        ):
            end += 2  # hyphenated given name: "Jae-in"; not "Santos-Novak", two people the article names
            continue
        if (
            t.pos_ == "PROPN"
            and t.text[:1].isupper()
            and t.is_alpha
            and not t.ent_type_
            and t.tag_ != "NNPS"
            and t.lower_ not in DATE_WORDS
            and doc[end - 1].whitespace_
            and not t.is_sent_start
        ):
            end += 1
            continue
        # "Anna von der Berg", "Karim bin Tariq": lower-case particles joining the name's parts
        k = end
        while k < len(doc) and doc[k].text in NAME_PARTICLES and doc[k].whitespace_:
            k += 1
        if (
            k > end
            and k < len(doc)
            and doc[k].text[:1].isupper()
            and doc[k].is_alpha
            and doc[k].lower_ not in DATE_WORDS
        ):
            end = k + 1
            continue
        break
    return Span(doc, span.start, end, label=span.label) if end > span.end else span


ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|as|ash|at|ar|an|az)[-‑]")  # the Arabic article of a surname
INITIAL = re.compile(r"^(?:[A-Z]|Jr|Sr)\.$")  # "Ana M. Soto", "Carlos Ruiz Jr."


def _given_name(t: Token) -> bool:
    """A capitalised word that can open a name: not a title ("President"), a month or a sentence's first word."""
    return (
        t.pos_ == "PROPN"
        and t.is_title
        and t.is_alpha
        and t.lower_ not in DATE_WORDS
        and t.lower_.rstrip(".") not in HONORIFICS
        and not t.is_sent_start
    )


DATE_WORDS = frozenset(WEEKDAYS + MONTHS)  # a weekday or month after a name is not part of it


def _known_subspan(span: Span, votes: dict[str, Counter]) -> Span | None:
    """The longest part of a headline entity that the article body also names."""
    best = None
    for s in range(span.start, span.end):
        for e in range(span.end, s, -1):
            if norm_name(span.doc[s:e].text) in votes and (best is None or e - s > len(best)):
                best = Span(span.doc, s, e, label=span.label)
    return best


def _no_overlaps(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    used: set[int] = set()
    for s in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not any(i in used for i in range(s.start, s.end)):
            out.append(s)
            used.update(range(s.start, s.end))
    return sorted(out, key=lambda s: s.start)


# ------------------------------------------------------------------ grouping


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def spells_out(short: str, full: str) -> bool:
    """Whether an acronym can abbreviate a name by letters of its words, not only their initials:
    every initial in order, and nothing the name does not spell.

    >>> spells_out("ASEAN", "Association of Southeast Asian Nations"), spells_out("UN", "United Nations Council")
    (True, False)
    """
    letters = "".join(full.split()).upper()
    return (
        bool(short) and short[0] == letters[:1] and _subsequence(_acronym(full), short) and _subsequence(short, letters)
    )


class EntityTable:
    """The entities of one document and which tokens mention them.

    ``add`` returns the local id of the entity a span names, creating it if
    needed, so that "Santos", "Maria Santos" and "President Santos" share one id.
    """

    def __init__(self, doc: Doc):
        self.doc = doc
        self.entities: dict[str, Entity] = {}
        self.by_token: dict[int, str] = {}
        self._persons_full: dict[str, str] = {}  # surname / given name -> full-name id
        self.roles: dict[str, set[str]] = {}  # person id -> role phrases ("foreign minister")
        self._ambiguous: dict[str, set[str]] = {}  # name part shared by several full names -> their ids
        self._full_positions: list[tuple[int, str]] = []
        self._spellings: dict[str, str] = {}  # spelling_key of a person's name -> id
        self._surname_spellings: dict[str, str] = {}  # spelling_key of an unshared surname -> full-name id
        self._sent_starts: list[int] | None = None  # the sentences' first tokens, found on first use
        self._sent_texts: dict[tuple[int, int], str] = {}

    def sentence_text(self, span: Span) -> str:
        """``span.sent.text.strip()``, from sentence bounds found once per document.

        ``Span.sent`` walks the tokens out to the sentence's ends on every
        call, and every mention asks. The same bounds as spaCy's: from the
        last sentence start at or before the span's first token to the next
        start after its last token (a span across a boundary gets both).
        """
        if self._sent_starts is None:
            self._sent_starts = [s.start for s in self.doc.sents]
        starts = self._sent_starts
        start = starts[bisect_right(starts, span.start) - 1]
        k = bisect_left(starts, span.end)
        end = starts[k] if k < len(starts) else len(self.doc)
        text = self._sent_texts.get((start, end))
        if text is None:
            text = self._sent_texts[(start, end)] = self.doc[start:end].text.strip()
        return text

    @staticmethod
    def _id(type_: str, name: str) -> str:
        return type_[:3].lower() + ":" + norm_name(name)

    def canonical(self, span: Span, type_: str) -> str:
        text = display_name(span.text)
        if type_ == "Place":
            return country_for(text) or text
        return text

    def add_span(self, span: Span, type_: str) -> str:
        name = self.canonical(span, type_)
        eid = self._nearest_full_name(name, span.start) if type_ == "Person" and " " not in name else None
        eid = eid or self._lookup(name, type_)
        ent = self.entities[eid]
        alias = display_name(span.text)
        if alias and alias != ent.name:
            ent.aliases.add(alias)
        ent.evidence.append(Evidence("", span.start_char, span.end_char, self.sentence_text(span)))
        for i in range(span.start, span.end):
            self.by_token[i] = eid
        return eid

    def add_name(self, name: str, type_: str, start: int, end: int, sentence: str) -> str:
        eid = self._lookup(name, type_)
        self.entities[eid].evidence.append(Evidence("", start, end, sentence))
        return eid

    def add_at(self, name: str, type_: str, tok: Token) -> str:
        """The entity ``name``, mentioned by the one token ``tok`` ("Chilean" for Chile, "Santiago" for the
        country it is the capital of), with that token as its evidence."""
        return self.add_name(name, type_, tok.idx, tok.idx + len(tok), self.sentence_text(tok.doc[tok.i : tok.i + 1]))

    def _lookup(self, name: str, type_: str) -> str:
        eid = self._id(type_, name)
        if eid in self.entities:
            return eid
        if type_ == "Person" and " " not in name and name.lower() in self._persons_full:
            return self._persons_full[name.lower()]
        if type_ == "Person":
            # "Petrenkyy" and "Petrenky", "Ivan Petrenkiy": one person spelt two ways
            same = self._spellings.get(spelling_key(name))
            if same is None and " " not in name:
                same = self._surname_spellings.get(spelling_key(name))
            if same is not None and same in self.entities:
                return same
        self.entities[eid] = Entity(eid, type_, name)
        if type_ == "Person":
            self._spellings.setdefault(spelling_key(name), eid)
        return eid

    def _nearest_full_name(self, word: str, position: int) -> str | None:
        """For a name part two full names share ("Kim"), the full name mentioned last before it."""
        owners = self._ambiguous.get(word.lower())
        if not owners:
            return None
        before = [(i, eid) for i, eid in self._full_positions if i < position and eid in owners]
        after = [(i, eid) for i, eid in self._full_positions if i > position and eid in owners]
        return before[-1][1] if before else after[0][1] if after else None

    def register_full_names(self, spans: list[Span]) -> None:
        """Make the full names known first, so a bare surname joins its full name.

        A given name or surname shared by two full names stays apart.
        """
        owners: dict[str, set[str]] = defaultdict(set)
        for span in spans:
            name = display_name(span.text)
            words = name.split()
            if len(words) >= 2:
                eid = self._lookup(name, "Person")
                owners[words[-1].lower()].add(eid)
                owners[words[0].lower()].add(eid)
                bare = ARTICLE_PREFIX.sub("", words[-1].lower())
                if bare != words[-1].lower():
                    owners[bare].add(eid)  # "al-Rashid" is "Rashid" too
        for word, ids in owners.items():
            if len(ids) == 1:
                self._persons_full[word] = next(iter(ids))
                if len(word) >= 6:
                    self._surname_spellings.setdefault(spelling_key(word), next(iter(ids)))
            else:
                self._ambiguous[word] = ids
        self._full_positions = sorted(
            (span.start, self._id("Person", display_name(span.text)))
            for span in spans
            if len(display_name(span.text).split()) >= 2
        )

    def merge_acronyms(self) -> None:
        """Fold an organisation's acronym into its full name ("EU" into "European Union")."""
        orgs = [e for e in self.entities.values() if e.type == "Organization"]
        for short in orgs:
            if not short.name.isupper() or " " in short.name:
                continue
            for full in orgs:
                if (
                    full is not short
                    and len(full.name.split()) >= 2
                    and (
                        _acronym(full.name) == short.name
                        # "the Association of Southeast Asian Nations (ASEAN)": bracketed after the name
                        or spells_out(short.name, full.name)
                        and f"{full.name} ({short.name})" in self.doc.text
                    )
                ):
                    self._fold(short.id, full.id)
                    break

    def _fold(self, src: str, dst: str) -> None:
        s, d = self.entities.pop(src), self.entities[dst]
        d.aliases |= s.aliases | {s.name}
        d.evidence.extend(s.evidence)
        for i, eid in self.by_token.items():
            if eid == src:
                self.by_token[i] = dst

    def entity_at(self, tok: Token) -> str | None:
        return self.by_token.get(tok.i)


def build_table(doc: Doc) -> EntityTable:
    """Group the fixed ``doc.ents`` into an :class:`EntityTable`."""
    table = EntityTable(doc)
    table.register_full_names([e for e in doc.ents if e.label_ == "PERSON"])
    for ent in doc.ents:
        type_ = LABEL_TYPE.get(ent.label_)
        if type_:
            table.add_span(ent, type_)
    table.merge_acronyms()
    return table


# ------------------------------------------------------------------ government stand-ins


def country_of_token(tok: Token, table: EntityTable) -> str | None:
    """The Place entity a demonym phrase stands for: "the American side" -> United States."""
    if tok.lower_ not in GOVERNMENT_NOUNS:
        return None
    for c in tok.children:
        # "a Hamas delegation", "the ministry team": the organisation or place named before the noun
        eid = table.entity_at(c) if c.dep_ in {"compound", "poss"} else None
        if eid and table.entities[eid].type in {"Organization", "Place"}:
            return eid
    for c in tok.children:
        if c.dep_ not in {"amod", "compound"}:
            continue
        # "the North Korean side", "the Saudi Arabian team": a two-word nationality before the noun
        pair = f"{tok.doc[c.i - 1].text} {c.text}" if c.i > tok.sent.start else ""
        word = pair if pair and is_demonym(pair) else c.text if is_demonym(c.text) else None
        country = country_for(word) if word else None
        if country is None:
            continue
        det = [d for d in tok.children if d.dep_ == "det"]
        start = det[0].idx if det else c.idx
        return table.add_name(country, "Place", start, tok.idx + len(tok), tok.sent.text.strip())
    return None


# ------------------------------------------------------------------ affiliations


def _affiliate_token(tok: Token, table: EntityTable) -> str | None:
    """The organisation or place a token before a role names, if any."""
    eid = table.entity_at(tok)
    if eid and table.entities[eid].type in {"Organization", "Place"}:
        return eid
    pair = f"{tok.doc[tok.i - 1].text} {tok.text}" if tok.i > 0 else ""  # "North Korean", "Saudi Arabian"
    country = country_for(pair) if pair and is_demonym(pair) else None
    if country is not None:
        return table.add_name(country, "Place", tok.doc[tok.i - 1].idx, tok.idx + len(tok), tok.sent.text.strip())
    country = country_for(tok.text) if is_demonym(tok.text) else None
    if country is not None:
        return table.add_at(country, "Place", tok)
    return None


def _left_affiliation(ent: Span, table: EntityTable, roles: set[int]) -> tuple[str, int] | None:
    """ "Russian Foreign Minister X", "Ministry spokesman X", "the Foreign Minister of Y X", "Y's X"."""
    doc = ent.doc
    modifiers = lex_set("role_modifiers")
    i = ent.start - 1
    saw_role = False
    candidate = None
    while i >= ent.sent.start:
        t = doc[i]
        if t.lower_ == "to" and i - 1 in roles and not saw_role:
            # "US Ambassador to Chile X": the posting is part of the title, the affiliation comes before it
            candidate = None
        elif i in roles:
            saw_role = True
        elif (
            t.lower_ in modifiers
            or t.lower_ in {"of", "the", "'s", "’s", "'", "’"}
            or t.tag_ == "POS"
            or all(doc[j].lower_.rstrip(".") in HONORIFICS for j in range(i, ent.start))
            # "Vice-Foreign Minister X": the dash inside a title
            or t.text in {"-", "–"}
            and i > ent.sent.start
            and doc[i - 1].is_title
            and doc[i + 1].is_title
            # "the Front's historic leader X", "its longtime envoy X": a plain adjective on the title
            or saw_role
            and candidate is None
            and t.pos_ == "ADJ"
            and t.is_lower
        ):  # "Minister Tan Sri X"
            pass
        elif t.lower_ == "whose" and saw_role and candidate is None:
            # "Chile, whose Foreign Minister Prince Paulo Ruiz ...": the clause's antecedent
            antecedent = relative_antecedent(t)
            aff = _affiliate_token(antecedent, table) if antecedent is not None else None
            return (aff, i) if aff else None
        else:
            aff = _affiliate_token(t, table)
            if aff is None and saw_role and candidate is None and _is_acronym(t):
                aff = table.add_at(t.text, "Organization", t)  # "LTTE police chief X": the body the NER missed
            if aff is None and saw_role and candidate is None and _inside_title(t, roles, table):
                i -= 1  # "Sudanese Information Minister X", "Deputy Prime Minister and Foreign Minister X"
                continue
            if aff is None:
                break
            # the whole name of the affiliate: step over the rest of it
            eid = aff
            while i - 1 >= ent.sent.start and table.entity_at(doc[i - 1]) == eid:
                i -= 1
            if i > 0 and is_demonym(f"{doc[i - 1].text} {doc[i].text}"):
                i -= 1
            candidate = (aff, i)
            next_tok = doc[ent.start - 1]
            possessive = next_tok.tag_ == "POS" or next_tok.lower_ in {"'s", "’s"}
            if saw_role or possessive and i < ent.start:
                return candidate
            # keep going: "Russian President" has the demonym before the role
            i -= 1
            continue
        i -= 1
    return candidate if saw_role and candidate else None


def _is_acronym(t: Token) -> bool:
    """ "LTTE", "MILF", "ECOWAS": two to six capitals that are no country code the tables know."""
    return t.is_upper and t.is_alpha and 2 <= len(t.text) <= 6 and t.pos_ == "PROPN" and not country_for(t.text)


def _inside_title(t: Token, roles: set[int], table: EntityTable) -> bool:
    """A word inside a title before a name that the role list does not know: "Information" in "Information
    Minister", "and" in "Deputy Prime Minister and Foreign Minister". Never a name of its own."""
    if table.entity_at(t) is not None or t.i + 1 >= len(t.doc):
        return False
    if t.lower_ == "and":
        return t.i - 1 in roles and t.i + 1 in roles
    if t.is_lower and t.is_alpha and t.pos_ == "NOUN" and t.dep_ == "compound":
        return True  # "deputy parliament speaker", "police chief", "peace panel chair"
    return t.is_title and t.is_alpha and t.pos_ in {"PROPN", "NOUN"} and t.dep_ == "compound" and not is_demonym(t.text)


def _appositive_affiliation(ent: Span, table: EntityTable, roles: set[int]) -> tuple[str, Span] | None:
    """ "X, head of the Y Fund", "X, Turkey's foreign minister", "X, the Qatari emir"."""
    root = ent.root
    for app in root.children:
        if app.dep_ != "appos":
            continue
        sub = list(app.subtree)
        if not any(t.i in roles for t in sub):
            continue
        for t in sub:
            if t.i in roles or t.i >= ent.start and t.i < ent.end:
                continue
            aff = _affiliate_token(t, table)
            if aff and table.entities[aff].type in {"Organization", "Place"}:
                return aff, ent.doc[min(ent.start, sub[0].i) : max(ent.end, sub[-1].i + 1)]
    return None


def _role_head_affiliation(ent: Span, table: EntityTable, roles: set[int]) -> tuple[str, Span] | None:
    """ "Oman's top diplomat, Karim Haddad", "the Holy See's secretary of state, Cardinal Paolo Rossi"."""
    root = ent.root
    head = root.head
    if root.dep_ != "appos" or head.i not in roles:
        return None
    for t in head.subtree:
        if ent.start <= t.i < ent.end or t.i in roles:
            continue
        aff = _affiliate_token(t, table)
        if aff and table.entities[aff].type in {"Organization", "Place"}:
            left = min(x.i for x in head.subtree)
            return aff, ent.doc[left : ent.end]
    return None


def _role_of_affiliation(ent: Span, table: EntityTable, roles: set[int]) -> tuple[str, Span] | None:
    """ "the President of the ECOWAS Commission, Ana Soto": the parser hangs the name on the body
    the role is of, not on the role; the body is the person's side all the same."""
    root = ent.root
    body = root.head
    prep = body.head
    if root.dep_ != "appos" or body.dep_ != "pobj" or prep.lower_ not in {"of", "from"} or prep.head.i not in roles:
        return None
    aff = table.entity_at(body)
    if aff is None:
        # "the deputy head of the Front's political bureau, X": the body's owner
        owner = next((c for c in body.children if c.dep_ == "poss"), None)
        aff = table.entity_at(owner) if owner is not None else None
    if aff is None or table.entities[aff].type not in {"Organization", "Place"}:
        return None
    return aff, ent.doc[min(prep.head.i, ent.start) : ent.end]


TEAM_NOUNS = {"team", "delegation", "side"}


def _team_side(team: Token, table: EntityTable) -> str | None:
    """The side a team noun names: "the Front delegation", "the U.S. team", "the Afghan side"."""
    for c in team.children:
        if c.dep_ not in {"compound", "amod", "poss", "nmod"}:
            continue
        aff = _affiliate_token(c, table)
        if aff is not None and table.entities[aff].type in {"Organization", "Place"}:
            return aff
    return None


def _team_affiliation(ent: Span, table: EntityTable) -> tuple[str, Span] | None:
    """ "The Front delegation was led by Ana Soto", "Ruiz headed the Afghan side": the head of a
    side's team is of that side."""
    root = ent.root
    if root.dep_ == "pobj" and root.head.dep_ == "agent":
        verb = root.head.head
        teams = [c for c in verb.children if c.dep_ == "nsubjpass"]
    elif root.dep_ == "nsubj":
        verb = root.head
        teams = [c for c in verb.children if c.dep_ == "dobj"]
    else:
        return None
    if verb.lemma_.lower() not in lex_set("lead_verbs"):
        return None
    for team in teams:
        if team.lemma_.lower() in TEAM_NOUNS:
            side = _team_side(team, table)
            if side is not None:
                lo, hi = min(team.left_edge.i, ent.start), max(team.i + 1, ent.end)
                return side, ent.doc[lo:hi]
    return None


def _led_by_affiliation(ent: Span, table: EntityTable) -> tuple[str, Span] | None:
    """ "a rival FLN faction led by Ana Soto", "the delegation of Chile, headed by X": the one
    leading a named body (or a group the body's name qualifies) is of it."""
    root = ent.root
    agent = root.head
    verb = agent.head
    if root.dep_ != "pobj" or agent.dep_ != "agent" or verb.dep_ != "acl":
        return None
    if verb.lemma_.lower() not in lex_set("lead_verbs"):
        return None
    group = verb.head
    for t in [group, *[c for c in group.children if c.dep_ in {"compound", "poss", "nmod"}]]:
        aff = table.entity_at(t)
        if aff is not None and table.entities[aff].type == "Organization":
            return aff, ent.doc[min(t.i, group.i) : ent.end]
    return None


def _of_affiliation(ent: Span, table: EntityTable) -> tuple[str, Span] | None:
    """ "Paul Kaya of Chile": a person of a country or body."""
    doc = ent.doc
    if ent.end + 1 < len(doc) and doc[ent.end].lower_ == "of":
        first = ent.end + 2 if doc[ent.end + 1].lower_ == "the" and ent.end + 2 < len(doc) else ent.end + 1
        aff = _affiliate_token(doc[first], table)  # "X of Chile", "X of the Foreign Ministry"
        if aff and table.entities[aff].type in {"Organization", "Place"}:
            end = first
            while end < len(doc) and table.entity_at(doc[end]) == aff:
                end += 1
            return aff, doc[ent.start : end]
    return None


def _side_affiliation(ent: Span, table: EntityTable) -> tuple[str, Span] | None:
    """The side a named person sits for: "Soto for Greece", "Lima representing Israel", "Ana Ruiz
    on the US side", "Russia is to be represented by Ivan Petrov"."""
    doc = ent.doc
    root = ent.root

    def side(t: Token) -> str | None:
        aff = _affiliate_token(t, table)
        return aff if aff and table.entities[aff].type in {"Organization", "Place"} else None

    nxt = doc[ent.end] if ent.end < len(doc) else None
    if nxt is not None and nxt.lower_ in {"for", "representing"} and ent.end + 1 < len(doc):
        # a listing of who sits for whom: the side's name ends the item ("X for Greece and Y for ...")
        aff = side(doc[ent.end + 1])
        end = ent.end + 1
        while aff and end < len(doc) and table.entity_at(doc[end]) == aff:
            end += 1
        if aff and (end == len(doc) or doc[end].lower_ in {",", "and", ".", ";", ")", "—", "–", "-"}):
            return aff, doc[ent.start : end]
    if nxt is not None and nxt.lower_ == "on" and root.dep_ != "pobj" and doc[ent.end + 1].lower_ == "the":
        # "X on the US side", "Y on the Russian side"
        found = [j for j in range(ent.end + 1, min(ent.end + 6, len(doc))) if doc[j].lemma_.lower() == "side"]
        for t in doc[ent.end + 1 : found[0]] if found else []:
            aff = side(t)
            if aff:
                return aff, doc[ent.start : found[0] + 1]
    verb = root.head.head if root.dep_ == "pobj" and root.head.lower_ == "by" else None
    if verb is not None and verb.lemma_.lower() == "represent":
        # "Russia will be represented by X", "Russia is to be represented by X"
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if not subjects and verb.dep_ == "xcomp":
            subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
        for c in subjects:
            aff = side(c)
            if aff:
                return aff, doc[min(c.i, ent.start) : ent.end]
    return None


def _title_before(ent: Span, roles: set[int], table: EntityTable) -> int:
    """Where the bare title before a name starts ("Economy Minister" of "Economy Minister X"), or the
    name's own start when no title precedes it or the title names a side of its own."""
    modifiers = lex_set("role_modifiers")
    i = ent.start - 1
    while i >= ent.sent.start:
        t = ent.doc[i]
        # "External Affairs" of "External Affairs Minister": capitalised words before a title, whatever the
        # parser made of them, that name nothing
        portfolio = t.is_title and t.pos_ == "PROPN" and table.entity_at(t) is None and not is_demonym(t.text)
        if (
            not (i in roles or t.lower_ in modifiers or portfolio or _inside_title(t, roles, table))
            or t.lower_ == "and"
        ):
            break
        i -= 1
    return i + 1 if any(j in roles for j in range(i + 1, ent.start)) else ent.start


def _shared_affiliation(
    ent: Span, found: dict[int, str], roles: set[int], table: EntityTable
) -> tuple[str, Span] | None:
    """ "Mexico's Foreign Minister A and Economy Minister B": a side named before a pair of titled names
    is the second one's too, when the second title names no side and differs from the first.

    The same title twice ("the Greek foreign minister A and foreign minister B") is a pair of
    counterparts more often than two colleagues, so it shares nothing."""
    doc = ent.doc
    start = _title_before(ent, roles, table)
    if start == ent.start or start - 2 < ent.sent.start or doc[start - 1].lower_ != "and":
        return None
    prev = doc[start - 2]
    if prev.ent_type_ != "PERSON" or prev.ent_iob_ == "":
        return None
    first = next((e for e in doc.ents if e.start <= prev.i < e.end), None)
    if first is None or first.start not in found:
        return None
    verb = ent.root.head if ent.root.dep_ == "conj" else None
    while verb is not None and verb.dep_ == "conj":
        verb = verb.head
    if (
        verb is not None
        and verb.dep_ in {"nsubj", "nsubjpass"}
        and verb.head.lemma_.lower() in lexicon()["meeting_verbs"]
    ):
        return None  # "A and Foreign Minister B met": the two sides of a meeting
    title = doc[start : ent.start].text.lower()
    other = doc[_title_before(first, roles, table) : first.start].text.lower()
    if title == other or title.rstrip("s") == other.rstrip("s"):
        return None
    return found[first.start], doc[start : ent.end]


def _run_of(doc: Doc, i: int, step: int, item: Callable[[Token], str | None], stop: int) -> tuple[list[str], int]:
    """The items of a list "A, B and C" read from token ``i`` in direction ``step``, and where it ends.
    ``item`` names the entity a token starts (or ends, reading leftwards); a multi-word item is stepped
    over whole."""
    out: list[str] = []
    while 0 <= i < len(doc) and (i < stop if step > 0 else i >= stop):
        t = doc[i]
        if t.lower_ in {",", "and", "the"}:
            i += step
            continue
        eid = item(t)
        if eid is None:
            break
        out.append(eid)
        while 0 <= i + step < len(doc) and item(doc[i + step]) == eid:
            i += step
        i += step
    while out and 0 <= i - step < len(doc) and doc[i - step].lower_ in {",", "and", "the"}:
        i -= step
    return out, i


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """The one-word titles of ``patterns/roles.jsonl`` ("minister", "envoy"), for their plurals."""
    rows = [json.loads(line) for line in pattern_text("roles.jsonl").splitlines() if line.strip()]
    return frozenset(
        r["pattern"][0]["LOWER"] for r in rows if isinstance(r["pattern"], list) and len(r["pattern"]) == 1
    )


def _plural_titles(doc: Doc) -> list[Span]:
    """ "foreign ministers", "envoys": a plural title with the words that qualify it."""
    out = []
    for t in doc:
        if t.tag_ in {"NNS", "NNPS"} and t.lemma_.lower() in _title_words() and t.lower_ != t.lemma_.lower():
            start = t.i
            while start > t.sent.start and doc[start - 1].dep_ in {"compound", "amod"} and doc[start - 1].head.i >= t.i:
                if is_demonym(doc[start - 1].text) or doc[start - 1].ent_type_:
                    break  # "the Greek and Turkish foreign ministers": the sides, not the title
                start -= 1
            out.append(doc[start : t.i + 1])
    return out


def _respective_affiliations(doc: Doc, table: EntityTable) -> list[tuple[str, str, Span]]:
    """ "the foreign ministers of Azerbaijan and Armenia, A and B", "the Greek and Turkish envoys, A and B":
    a plural title over as many sides as names pairs them in order."""

    def side(t: Token) -> str | None:
        # looked up without adding anything: a demonym becomes its country only once the pairing holds
        eid = table.entity_at(t)
        if eid is not None:
            return eid if table.entities[eid].type in {"Organization", "Place"} else None
        return f"@{t.i}" if is_demonym(t.text) and country_for(t.text) else None

    def person(t: Token) -> str | None:
        eid = table.entity_at(t) if t.ent_type_ == "PERSON" else None
        return eid if eid and table.entities[eid].type == "Person" else None

    out = []
    for role in _plural_titles(doc):
        head = role[-1]
        sent = head.sent
        if role.end + 1 < sent.end and doc[role.end].lower_ == "of":
            sides, after = _run_of(doc, role.end + 1, 1, side, sent.end)
            start = role.start
        else:
            sides, before = _run_of(doc, role.start - 1, -1, side, sent.start)
            sides.reverse()
            after, start = role.end, before + 1
        if len(sides) < 2 or after >= sent.end or doc[after].text not in {",", ":", "—", "–", "("}:
            continue
        people, end = _run_of(doc, after + 1, 1, person, sent.end)
        if len(people) != len(sides) or len(set(people)) != len(people):
            continue
        span = doc[start:end]
        for p, s in zip(people, sides):
            aff = _affiliate_token(doc[int(s[1:])], table) if s.startswith("@") else s
            if aff is not None:
                out.append((p, aff, span))
    return out


def _deputy_prefix(role: Span) -> str:
    """ "vice " for the "President" of "Vice-President" or "Vice President", "deputy " likewise: the
    deputy holds another office than the title after the prefix."""
    doc, i = role.doc, role.start - 1
    if i >= 1 and doc[i].text in {"-", "–"}:
        i -= 1
    word = doc[i].lower_ if i >= 0 else ""
    return f"{word} " if word in {"vice", "deputy"} and not role.text.lower().startswith(word) else ""


def affiliations(doc: Doc, table: EntityTable) -> list[Relation]:
    """Person -> Organization/Place affiliations stated by role phrases."""
    role_spans = list(doc.spans.get("kg_roles", []))
    roles = {i for span in role_spans for i in range(span.start, span.end)}
    out: list[Relation] = []

    def add(pid: str, aff: str, span: Span) -> None:
        """Record the affiliation ``span`` states, and the titles it gives the person."""
        for r in role_spans:
            # "President X of Kenya": the span of an "of" affiliation starts at the name, after the title
            if span.start <= r.start and r.end <= span.end or r.end == span.start:
                _record_title(table, pid, r)
        out.append(
            Relation(pid, "affiliation", aff, Evidence("", span.start_char, span.end_char, span.sent.text.strip()))
        )

    found: dict[int, str] = {}  # a name's start -> the side its title names
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        pid = table.entity_at(ent[0])
        if pid is None:
            continue
        left = _left_affiliation(ent, table, roles)
        if left:
            aff, start = left
            found[ent.start] = aff
            add(pid, aff, doc[start : ent.end])
        app = (
            _appositive_affiliation(ent, table, roles)
            or _role_head_affiliation(ent, table, roles)
            or _role_of_affiliation(ent, table, roles)
            or (
                None
                if left
                else _of_affiliation(ent, table)
                or _side_affiliation(ent, table)
                or _led_by_affiliation(ent, table)
                or _team_affiliation(ent, table)
            )
        )
        if app:
            add(pid, *app)
    for who, aff, span in _respective_affiliations(doc, table):
        if (who, aff) not in {(r.subject, r.object) for r in out}:
            add(who, aff, span)
    placed = {r.subject for r in out}
    for ent in doc.ents:
        pid = table.entity_at(ent[0]) if ent.label_ == "PERSON" else None
        # one whose side is stated anywhere keeps it: "Soto and Foreign Minister Ruiz" are counterparts
        shared = _shared_affiliation(ent, found, roles, table) if pid and pid not in placed else None
        if shared and pid:
            add(pid, *shared)
    _record_titles(doc, table, role_spans)
    return out


def _record_titles(doc: Doc, table: EntityTable, role_spans: list[Span]) -> None:
    """ "President Ana Soto and opposition leader Paulo Ruiz met": a title right before a name is that
    person's, whether or not it names a side, so that "the president" can find her later."""
    ending = {r.end: r for r in role_spans}
    for ent in doc.ents:
        pid = table.entity_at(ent[0]) if ent.label_ == "PERSON" else None
        r = ending.get(ent.start)
        if pid and r is not None:
            _record_title(table, pid, r)


def _record_title(table: EntityTable, pid: str, role: Span) -> None:
    """Give person ``pid`` the title ``role`` names ("vice president" for the "President" of "Vice-President")."""
    table.roles.setdefault(pid, set()).add(_deputy_prefix(role) + role.text.lower())


@Language.factory(
    "kg_entities", requires=["doc.ents", "token.dep"], assigns=["doc.ents", "doc._.kg_table", "doc._.kg_affiliations"]
)
def make_kg_entities(nlp: Language, name: str) -> "EntityFixer":
    return EntityFixer()


class EntityFixer:
    """Pipeline component: fix entity labels, group mentions, read affiliations.

    >>> # nlp.add_pipe("kg_entities", after="ner"); doc._.kg_table.entities
    """

    def __call__(self, doc: Doc) -> Doc:
        fix_entities(doc)
        table = build_table(doc)
        doc._.kg_table = table
        doc._.kg_affiliations = affiliations(doc, table)
        return doc
