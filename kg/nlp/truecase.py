"""Headline truecasing: give a Title Case headline the casing its words have in the article body.

The small English model tags nearly every word of "Valdora Postpones Lima
Summit As Presidents Stay Away" as a proper noun, so the headline, which
often states the article's main meeting and what happened to it, yields
nothing. Before parsing, each word of a Title Case line takes the casing the
same word has in running text of the article ("postpones", "summit", "as"),
while names keep their capitals ("Lima" is capitalised in the body too).

Only letter case changes, and only where it keeps the length, so every
character offset of the text stays valid: evidence still points into the
article as written (:func:`restore_case` gives back its original spelling).

>>> body = "Valdora said the summit in Lima was put off. It postpones talks."
>>> truecase_headlines("Valdora Postpones Lima Summit\\n\\n" + body).splitlines()[0]
'Valdora postpones Lima summit'
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

# a word with a lower-case rest, or the article "A" (not an initial: "Ivan K. Petrov")
WORD = re.compile(r"[A-Za-z][a-z]+|\bA\b(?!\.)")
WORD_RUN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@cache
def _function_words() -> frozenset[str]:
    """English stop words ("as", "over", "with"): lower case in a headline whatever the body shows."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def is_title_case(line: str) -> bool:
    """A line of four or more words, nearly all capitalised, and neither a sentence nor a dateline.

    >>> is_title_case("Valdora Postpones Lima Summit As Presidents Stay Away")
    True
    >>> is_title_case("Valdora postpones the Lima summit")
    False
    """
    words = WORD_RUN.findall(line)
    if len(words) < 4 or line.rstrip().endswith((".", ":", "–", "—", "-")) or "(" in line:
        return False  # a sentence, a dateline ("Tbilisi, Aug 13 (Agencies) –"), a masthead
    capitalised = sum(w[0].isupper() for w in words)
    return capitalised >= 0.8 * len(words) and any(w[0].isupper() and not w.isupper() for w in words[1:])


def _body_casing(lines: list[str]) -> tuple[Counter, set[str]]:
    """How often each lower-cased word appears in lower case (+1) or capitalised (-1) in running text,
    and every word the text capitalises anywhere.

    A capital right after a sentence end says nothing, so it casts no vote.
    """
    votes: Counter = Counter()
    capitalised: set[str] = set()
    for line in lines:
        for m in WORD.finditer(line):
            w = m.group()
            before = line[: m.start()].rstrip()
            if not before or before[-1] in ".!?:\"“'‘–—-(":
                continue
            votes[w.lower()] += 1 if w.islower() else -1
            if w[0].isupper():
                capitalised.add(w.lower())
    return votes, capitalised


def _forms(low: str) -> list[str]:
    """The word and the forms a headline verb or plural may take in the body ("agrees": "agree", "agreed")."""
    stems = [low] + [low[: -len(x)] for x in ("s", "es", "ed", "d", "ing") if low.endswith(x) and len(low) > len(x) + 2]
    return list(dict.fromkeys(f for st in stems for f in (st, st + "s", st + "ed", st + "d", st + "e", st + "ing")))


CALENDAR = {
    *("january february march april may june july august september october november december".split()),
    *("jan feb mar apr jun jul aug sep sept oct nov dec".split()),
    *("monday tuesday wednesday thursday friday saturday sunday".split()),
}


def _recased(word: str, first: bool, votes: Counter, capitalised: set[str]) -> str:
    """One headline word as running text would write it.

    A word the body writes in lower case, or never writes at all, goes to lower case; one the body
    capitalises (a name) keeps its capital, as do the line's first word, acronyms and initials.
    """
    low = word.lower()
    if first or not word.istitle() or len(low) != len(word) or low in CALENDAR:
        return word
    vote = votes.get(low)
    if vote is not None:
        return low if vote > 0 else word
    if any(votes.get(f, 0) > 0 for f in _forms(low)) or low in _function_words():
        return low
    return word if any(f in capitalised for f in _forms(low)) else low


def truecase_headlines(text: str) -> str:
    """``text`` with every Title Case line recased after the article's running text (same length).

    >>> truecase_headlines("Talks In Geneva Resume\\n\\nThe talks resume in Geneva today.").splitlines()[0]
    'Talks in Geneva resume'
    """
    lines = text.split("\n")
    heads = [i for i, line in enumerate(lines) if is_title_case(line)]
    if not heads:
        return text
    body = [line for i, line in enumerate(lines) if i not in set(heads)]
    votes, capitalised = _body_casing(body)
    pairs = _body_pairs(body)
    for i in heads:
        line = lines[i]
        found = list(WORD.finditer(line))
        words = [_recased(m.group(), k == 0, votes, capitalised) for k, m in enumerate(found)]
        for k in range(len(found) - 1):
            if line[found[k].end() : found[k + 1].start()] != " ":
                continue
            # "Valdora Forum", "foreign ministers": a pair the body writes keeps the body's casing
            seen = pairs.get((found[k].group().lower(), found[k + 1].group().lower()))
            if seen:
                first, second = seen.most_common(1)[0][0]
                words[k] = words[k] if k == 0 else first
                words[k + 1] = second
        out, last = [], 0
        for m, w in zip(found, words):
            out += [line[last : m.start()], w if len(w) == len(m.group()) else m.group()]
            last = m.end()
        lines[i] = "".join(out) + line[last:]
    return "\n".join(lines)


def _body_pairs(lines: list[str]) -> dict[tuple[str, str], Counter]:
    """Each pair of adjacent words of running text (not at a sentence start), with the casings it takes."""
    pairs: dict[tuple[str, str], Counter] = {}
    for line in lines:
        found = list(WORD.finditer(line))
        for a, b in zip(found, found[1:]):
            before = line[: a.start()].rstrip()
            if line[a.end() : b.start()] != " " or not before or before[-1] in ".!?:\"“'‘–—-(":
                continue
            key = (a.group().lower(), b.group().lower())
            pairs.setdefault(key, Counter())[(a.group(), b.group())] += 1
    return pairs


def restore_case(fragment: str, cased: str, original: str, near: int) -> str:
    """The spelling in ``original`` of ``fragment``, a piece of ``cased`` found at or before ``near``.

    ``cased`` is ``original`` truecased (same length), so a sentence taken from one is at the same
    offset in the other.

    >>> restore_case("in Geneva", "Talks in Geneva", "Talks In Geneva", 6)
    'In Geneva'
    """
    start = cased.rfind(fragment, 0, near + len(fragment))
    return original[start : start + len(fragment)] if start >= 0 else fragment
