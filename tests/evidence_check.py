"""Does each evidence sentence name, or refer to, both ends of its fact? Used by tests/test_evidence.py.

An end is *named* when one of its labels (or a word of a person's name) is in
the sentence, and *referred to* when the sentence has a pronoun, "both sides",
"the Russian leader"-style description, or, for a meeting, a meeting noun or
verb; a country is also referred to by its demonym or capital, and a person by
their country's demonym ("the American side").
"""

from __future__ import annotations

import re

from kg.resources import capitals, country_for, lexicon

PRONOUNS = {
    "he",
    "she",
    "him",
    "his",
    "her",
    "they",
    "them",
    "their",
    "it",
    "its",
    "i",
    "we",
    "our",
    "my",
    "me",
    "us",
    "himself",
    "herself",
}
DESCRIPTION = re.compile(
    r"\b(leader|president|minister|premier|chancellor|king|side|sides|government|spokes\w+|"
    r"official|envoy|delegation|country|countries|nation|parties|party|administration|"
    r"capital|city|host|venue|ministry|office|team|prime|secretary|kremlin|white house)s?\b",
    re.I,
)

EVIDENCE_QUERY = """
SELECT ?ev ?g ?s ?p ?o ?sentence WHERE { GRAPH ?g {
  ?ev a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:sentence ?sentence } }"""
NAMES_QUERY = """
SELECT ?n ?name WHERE { { ?n skos:prefLabel ?name } UNION { ?n skos:altLabel ?name } UNION { ?n rdfs:label ?name } }"""
PARTS_QUERY = "SELECT ?m ?p WHERE { ?m kg:participant ?p }"


def _words(text: str) -> set[str]:
    # a possessive names its owner: "Doe's visit" names Doe
    return {re.sub(r"['’]s$", "", w) for w in re.findall(r"[\w’']+", text.lower())}


def _meeting_words() -> set[str]:
    lex = lexicon()
    out = set()
    for w in list(lex["meeting_nouns"]) + list(lex["meeting_verbs"]) + list(lex["phone_words"]):
        out |= _words(w)
    return out | {
        "met",
        "meets",
        "meeting",
        "talked",
        "spoke",
        "held",
        "hold",
        "visited",
        "conversation",
        "call",
        "called",
        "round",
        "session",
        "gathering",
        "encounter",
        "negotiating",
        "summits",
        "meetings",
    }


def refers(sentence: str, names: set[str], meeting: bool, meeting_words: set[str]) -> bool:
    """True when ``sentence`` names one of ``names`` (or a word of one) or refers to such an end."""
    low = sentence.lower()
    words = _words(sentence)
    for n in names:
        if n.lower() in low or any(len(w) > 2 and w in words for w in _words(n)):
            return True
        country = country_for(n)
        if country and country.lower() in low:
            return True
    if words & PRONOUNS or DESCRIPTION.search(sentence):
        return True
    countries = {country_for(n) for n in names} - {None}
    if any(country_for(w.title()) and country_for(w.title()) in countries for w in words):
        return True
    if any(country in countries and re.search(rf"\b{re.escape(cap)}\b", low) for cap, country in capitals().items()):
        return True  # "flew to Ankara": the visit's host is Turkey
    return meeting and bool(words & meeting_words)


def unstated(graph) -> list[tuple[str, str, str, str]]:
    """(subject, predicate, object, sentence) of every evidence that names or refers to neither or only one end."""
    names: dict[str, set[str]] = {}
    for row in graph.store.query(NAMES_QUERY):
        names.setdefault(row["n"].value, set()).add(row["name"].value)
    for row in graph.store.query(PARTS_QUERY):
        names.setdefault(row["m"].value, set()).update(names.get(row["p"].value, set()))
    mw = _meeting_words()
    bad = []
    for row in graph.store.query(EVIDENCE_QUERY):
        s, o, sentence = row["s"].value, row["o"].value, row["sentence"].value
        ok = all(refers(sentence, names.get(t, set()), "/meeting/" in t, mw) for t in (s, o))
        if not ok:
            bad.append((s, row["p"].value.rsplit("#", 1)[-1], o, sentence))
    return bad
