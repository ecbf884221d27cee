"""The model's attribute rules matched by lookup: the same matches as its ``attribute_ruler``'s Matcher, faster.

The English model's ``attribute_ruler`` holds 179 rules (its tag map and
exceptions: ``{"TAG": "NNS"}`` -> POS and morphology, ``{"LOWER": "us",
"TAG": "PRP"}`` -> a lemma, ...). spaCy's Matcher tries every rule at every
token, which made the ruler cost more than the parser (about 15 % of a
build). Every one of those rules is a fixed sequence of one or two tokens
whose attributes must equal given values, so the rules can be looked up by
a token's values instead: :class:`IndexedRules` finds exactly the matches
the Matcher finds (the same ``(rule, start, end)`` triples, deduplicated as
the Matcher does) and the ruler applies them as before, in its own order.
A rule outside that shape (an operator, a set of values, a regex) leaves
the ruler's own Matcher in place.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> ruler = nlp.add_pipe("attribute_ruler")
>>> ruler.add([[{"LOWER": "the"}]], {"LEMMA": "THE"})
>>> ruler.add([[{"LOWER": "new"}, {"LOWER": "york"}]], {"LEMMA": "NY"})
>>> use_indexed_rules(ruler)
True
>>> doc = nlp.make_doc("The new York of the New York")
>>> ruler.match(doc) == IndexedRules.matcher_matches(ruler, doc)
True
>>> [t.lemma_ for t in ruler(doc)]
['THE', 'NY', '', '', 'THE', 'NY', '']
"""

from __future__ import annotations

import itertools
import re

from spacy.attrs import DEP, IDS, IS_SPACE, LOWER, NORM, ORTH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc

# the token attributes a rule may test (values read with Doc.to_array, as the Matcher reads them)
COLUMNS = (TAG, LOWER, ORTH, NORM, DEP, POS, IS_SPACE)
_NAMES = {"TEXT": "ORTH"}


class _Test:
    """What one token of a rule must be: ``equal`` columns one of a set of values, ``unequal`` columns none
    of a set, ``regex`` columns a match of a search.

    ``None`` from :meth:`parse` for anything else (an operator, a fuzzy match, an extension attribute).
    """

    __slots__ = ("equal", "unequal", "regex")

    def __init__(
        self, equal: dict[int, frozenset[int]], unequal: dict[int, frozenset[int]], regex: list[tuple[int, re.Pattern]]
    ):
        self.equal = equal
        self.unequal = unequal
        self.regex = regex

    @classmethod
    def parse(cls, spec: dict, strings) -> _Test | None:
        equal: dict[int, frozenset[int]] = {}
        unequal: dict[int, frozenset[int]] = {}
        regex: list[tuple[int, re.Pattern]] = []
        for name, value in spec.items():
            if not isinstance(name, str):
                return None
            attr = IDS.get(_NAMES.get(name.upper(), name.upper()))
            if attr not in COLUMNS:
                return None
            col = COLUMNS.index(attr)
            if isinstance(value, dict):
                if len(value) != 1:
                    return None
                ((op, arg),) = value.items()
                words = isinstance(arg, list) and all(isinstance(v, str) for v in arg) and attr != IS_SPACE
                if op == "IN" and words:
                    values = frozenset(get_string_id(v) for v in arg)
                elif op == "NOT_IN" and words:
                    if col in unequal:
                        return None
                    unequal[col] = frozenset(get_string_id(v) for v in arg)
                    continue
                elif op == "REGEX" and isinstance(arg, str) and attr != IS_SPACE:
                    regex.append((col, re.compile(arg)))
                    continue
                else:
                    return None
            elif isinstance(value, bool):
                values = frozenset([int(value)])
            elif isinstance(value, str):
                if attr == IS_SPACE:
                    return None
                values = frozenset([strings.add(value)])
            else:
                return None
            if col in equal:
                return None
            equal[col] = values
        if not equal and not regex and not unequal:
            return None  # {} matches any token: not worth a special case
        return cls(equal, unequal, regex)


class IndexedRules:
    """An attribute ruler's rules indexed by the values their first token tests.

    Calling it on a ``Doc`` gives what ``AttributeRuler.match`` gives:
    ``(rule index, match id, start, end)`` sorted, later rules last.
    """

    def __init__(self, ruler: AttributeRuler):
        self.ruler = ruler
        self.n_rules = len(ruler.attrs)
        self.strings = ruler.vocab.strings
        # first token's tested columns -> {one choice of their values: [(rule index, match id, tests)]}
        self.index: dict[tuple[int, ...], dict[tuple[int, ...], list]] = {}
        self.scan: list = []  # rules whose first token tests no value (a regex only): tried at every token
        self.searched: dict[int, dict[int, bool]] = {}  # regex id -> {string id: found} (the same words recur)
        self.ok = True
        for i in range(self.n_rules):
            key = self.strings[str(i)]
            for pattern in ruler.matcher.get(str(i))[1]:
                parsed = [_Test.parse(spec, self.strings) for spec in pattern]
                tests = [t for t in parsed if t is not None]
                if not tests or len(tests) < len(parsed):
                    self.ok = False
                    return
                entry = (i, key, tests)
                first = tests[0]
                if not first.equal:
                    self.scan.append(entry)
                    continue
                cols = tuple(sorted(first.equal))
                table = self.index.setdefault(cols, {})
                for vals in itertools.product(*(sorted(first.equal[c]) for c in cols)):
                    table.setdefault(vals, []).append(entry)

    def _passes(self, test: _Test, columns: list[list[int]], j: int, equal: bool = True) -> bool:
        if equal:
            for col, values in test.equal.items():
                if columns[col][j] not in values:
                    return False
        for col, values in test.unequal.items():
            if columns[col][j] in values:
                return False
        for col, rx in test.regex:
            value = columns[col][j]
            searched = self.searched.setdefault(id(rx), {})
            found = searched.get(value)
            if found is None:
                found = searched[value] = bool(rx.search(self.strings[value]))
            if not found:
                return False
        return True

    def _full(self, tests: list[_Test], columns: list[list[int]], start: int, n: int, first_done: bool) -> int:
        """The match's end if the rule's tokens pass from ``start``, else 0."""
        end = start + len(tests)
        if end > n:
            return 0
        for k, test in enumerate(tests):
            if not self._passes(test, columns, start + k, equal=k > 0 or not first_done):
                return 0
        return end

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        n = len(doc)
        if not n:
            return []
        columns = doc.to_array(list(COLUMNS)).T.tolist()
        found = set()
        for cols, table in self.index.items():
            keys = zip(*(columns[c] for c in cols))
            for start, vals in enumerate(keys):
                hits = table.get(vals)
                if hits is None:
                    continue
                for rule, match_id, tests in hits:
                    if len(tests) == 1 and not tests[0].regex and not tests[0].unequal:
                        found.add((rule, match_id, start, start + 1))
                    else:
                        end = self._full(tests, columns, start, n, True)
                        if end:
                            found.add((rule, match_id, start, end))
        for rule, match_id, tests in self.scan:
            # candidates from the first token's first search, one search per distinct word
            col, rx = tests[0].regex[0]
            searched = self.searched.setdefault(id(rx), {})
            for start, value in enumerate(columns[col]):
                hit = searched.get(value)
                if hit is None:
                    hit = searched[value] = bool(rx.search(self.strings[value]))
                if hit:
                    end = self._full(tests, columns, start, n, False)
                    if end:
                        found.add((rule, match_id, start, end))
        return sorted(found)

    @staticmethod
    def matcher_matches(ruler: AttributeRuler, doc: Doc) -> list:
        """What the ruler's own Matcher finds (``AttributeRuler.match`` as spaCy defines it), to compare with."""
        return AttributeRuler.match(ruler, doc)


def use_indexed_rules(ruler: AttributeRuler) -> bool:
    """Make ``ruler`` find its matches with :class:`IndexedRules` (when every rule allows it); ``True`` if it does.

    The index is rebuilt if rules are added later.
    """
    rules = IndexedRules(ruler)
    if not rules.ok:
        return False

    def match(doc: Doc) -> list:
        nonlocal rules
        if rules.n_rules != len(ruler.attrs):
            rules = IndexedRules(ruler)
            if not rules.ok:
                return AttributeRuler.match(ruler, doc)
        return rules(doc)

    ruler.match = match  # type: ignore[method-assign]
    return True
