"""Saved analyst queries (queries/*.rq): each one's exact rows on the sample articles, and `kg query --name`."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.query import QueryError, result_rows
from kg.saved import QUERIES_DIR, bind, load, names, parse_params

CUT = 50  # sentences are compared on their first 50 characters: the rows, their order and every other value exactly

EXPECTED = {
    ("mediators", ()): (
        ("mediator", "what", "article", "sentence"),
        [
            ("Donald Trump", "Ukraine", "002_aac88914ca5b15bd", "“President Trump’s genuine desire to resolve acute"),
        ],
    ),
    ("postponements", ()): (
        ("who", "meeting", "date", "article", "sentence"),
        [
            (
                "Donald Trump",
                "Trump–Putin summit in Budapest",
                "2025-10-26",
                "000_168c087ca73c061d",
                "Trump was the first to suggest that holding the su",
            ),
            (
                "Donald Trump",
                "Trump–Putin summit in Budapest",
                "",
                "001_1d3b3ea1e1132731",
                '"Yes, President Trump stated that at present, he h',
            ),
            (
                "Donald Trump",
                "Trump–Putin summit in Budapest",
                "",
                "001_1d3b3ea1e1132731",
                "At a press briefing in Moscow, Peskov referred to ",
            ),
            (
                "Donald Trump",
                "Trump–Putin summit in Budapest",
                "",
                "002_aac88914ca5b15bd",
                "On October 22, Trump announced that the potential ",
            ),
            (
                "Donald Trump",
                "Trump–Putin summit in Budapest",
                "",
                "002_aac88914ca5b15bd",
                "The Kremlin confirmed on Sunday that Russian Presi",
            ),
            (
                "Donald Trump",
                "Trump–Putin summit in Budapest",
                "",
                "002_aac88914ca5b15bd",
                "The comments came from Kremlin spokesperson Dmitry",
            ),
            (
                "Donald Trump",
                "Trump–Putin summit in Budapest",
                "",
                "003_17fd3ca9ceb45d32",
                "In late October, Trump announced the postponement ",
            ),
            (
                "Vladimir Putin",
                "Trump–Putin summit in Budapest",
                "",
                "002_aac88914ca5b15bd",
                "The Kremlin confirmed on Sunday that Russian Presi",
            ),
        ],
    ),
    ("postponements", (("who", "putin"),)): (
        ("who", "meeting", "date", "article", "sentence"),
        [
            (
                "Vladimir Putin",
                "Trump–Putin summit in Budapest",
                "",
                "002_aac88914ca5b15bd",
                "The Kremlin confirmed on Sunday that Russian Presi",
            ),
        ],
    ),
    ("met", ()): (
        ("person", "other", "meeting", "kind"),
        [
            ("Vladimir Putin", "Donald Trump", "Trump–Putin meeting in Anchorage (--08-15)", "meeting"),
            ("Vladimir Putin", "Donald Trump", "Trump–Putin phone call (2025-10-16)", "phone call"),
            ("Vladimir Putin", "Donald Trump", "Trump–Putin summit in Budapest", "summit"),
            ("Vladimir Putin", "Viktor Orban", "Orban–Putin phone call", "phone call"),
        ],
    ),
    ("met", (("person", "Orban"),)): (
        ("person", "other", "meeting", "kind"),
        [
            ("Viktor Orban", "Vladimir Putin", "Orban–Putin phone call", "phone call"),
        ],
    ),
    ("meetings-by-place-month", ()): (
        ("place", "month", "meeting"),
        [
            ("Alaska", "undated", "Trump–Putin meeting in Anchorage (--08-15)"),
            ("Anchorage", "undated", "Trump–Putin meeting in Anchorage (--08-15)"),
            ("Budapest", "2025-10", "Trump–Putin summit in Budapest"),
            ("Hungary", "2025-10", "Trump–Putin summit in Budapest"),
        ],
    ),
    ("timeline", (("meeting", "Budapest"),)): (
        ("meeting", "date", "status", "agent", "speaker", "article", "sentence"),
        [
            (
                "Trump–Putin summit in Budapest",
                "2025-10-17",
                "agreed",
                "Vladimir Putin",
                "",
                "004_f658a7a708eed7e6",
                "Trump was the first to suggest Budapest as a poten",
            ),
            (
                "Trump–Putin summit in Budapest",
                "2025-10-17",
                "proposed",
                "Donald Trump",
                "",
                "004_f658a7a708eed7e6",
                "Trump was the first to suggest Budapest as a poten",
            ),
            (
                "Trump–Putin summit in Budapest",
                "2025-10-26",
                "denied cancelled",
                "",
                "",
                "000_168c087ca73c061d",
                "The Kremlin spokesman said that no specific date h",
            ),
            (
                "Trump–Putin summit in Budapest",
                "2025-10-26",
                "postponed",
                "Donald Trump",
                "Dmitry Peskov",
                "000_168c087ca73c061d",
                "Trump was the first to suggest that holding the su",
            ),
            (
                "Trump–Putin summit in Budapest",
                "--10-22",
                "cancelled",
                "Donald Trump",
                "Donald Trump",
                "002_aac88914ca5b15bd",
                "On October 22, Trump announced that the potential ",
            ),
            (
                "Trump–Putin summit in Budapest",
                "--10-22",
                "postponed",
                "Donald Trump",
                "Donald Trump",
                "002_aac88914ca5b15bd",
                "On October 22, Trump announced that the potential ",
            ),
            (
                "Trump–Putin summit in Budapest",
                "",
                "postponed",
                "Donald Trump",
                "Dmitry Peskov",
                "001_1d3b3ea1e1132731",
                '"Yes, President Trump stated that at present, he h',
            ),
            (
                "Trump–Putin summit in Budapest",
                "",
                "postponed",
                "Donald Trump",
                "",
                "001_1d3b3ea1e1132731",
                "At a press briefing in Moscow, Peskov referred to ",
            ),
            (
                "Trump–Putin summit in Budapest",
                "",
                "denied cancelled",
                "",
                "",
                "002_aac88914ca5b15bd",
                "“There is still a great deal to do before a solid ",
            ),
            (
                "Trump–Putin summit in Budapest",
                "",
                "postponed",
                "Vladimir Putin",
                "Dmitry Peskov",
                "002_aac88914ca5b15bd",
                "The Kremlin confirmed on Sunday that Russian Presi",
            ),
            (
                "Trump–Putin summit in Budapest",
                "",
                "postponed",
                "Donald Trump",
                "Dmitry Peskov",
                "002_aac88914ca5b15bd",
                "The Kremlin confirmed on Sunday that Russian Presi",
            ),
            (
                "Trump–Putin summit in Budapest",
                "",
                "postponed",
                "Donald Trump",
                "Dmitry Peskov",
                "002_aac88914ca5b15bd",
                "The comments came from Kremlin spokesperson Dmitry",
            ),
            (
                "Trump–Putin summit in Budapest",
                "",
                "proposed",
                "United States",
                "Vladimir Putin",
                "002_aac88914ca5b15bd",
                "Putin, commenting the same day, confirmed that the",
            ),
            (
                "Trump–Putin summit in Budapest",
                "",
                "agreed",
                "Vladimir Putin",
                "Vladimir Putin",
                "003_17fd3ca9ceb45d32",
                '"I agreed with that, but expressed my consideratio',
            ),
            (
                "Trump–Putin summit in Budapest",
                "",
                "postponed",
                "Donald Trump",
                "",
                "003_17fd3ca9ceb45d32",
                "In late October, Trump announced the postponement ",
            ),
            (
                "Trump–Putin summit in Budapest",
                "",
                "proposed",
                "United States",
                "",
                "003_17fd3ca9ceb45d32",
                "For his part, the Russian leader reported that dur",
            ),
        ],
    ),
    ("timeline", (("meeting", "phone call"),)): (
        ("meeting", "date", "status", "agent", "speaker", "article", "sentence"),
        [
            (
                "Orban–Putin phone call",
                "2025-10-17",
                "held",
                "",
                "",
                "004_f658a7a708eed7e6",
                "Putin held a phone conversation with Hungarian Pri",
            ),
            (
                "Trump–Putin phone call (2025-10-16)",
                "2025-10-16",
                "held",
                "",
                "",
                "004_f658a7a708eed7e6",
                "A telephone conversation between Putin and Trump t",
            ),
            (
                "Trump–Putin phone call (2025-10-16)",
                "2025-10-17",
                "proposed",
                "Russia",
                "",
                "004_f658a7a708eed7e6",
                "Commenting on the phone conversation, the official",
            ),
        ],
    ),
    ("contradictions", ()): (
        ("meeting", "conflict", "article1", "sentence1", "article2", "sentence2"),
        [
            (
                "Trump–Putin summit in Budapest",
                "cancelled-denied",
                "002_aac88914ca5b15bd",
                "On October 22, Trump announced that the potential ",
                "000_168c087ca73c061d",
                "The Kremlin spokesman said that no specific date h",
            ),
            (
                "Trump–Putin summit in Budapest",
                "cancelled-denied",
                "002_aac88914ca5b15bd",
                "On October 22, Trump announced that the potential ",
                "002_aac88914ca5b15bd",
                "“There is still a great deal to do before a solid ",
            ),
        ],
    ),
}


def _rows(graph, name: str, params: dict) -> tuple[tuple, list[tuple]]:
    cols, rows = result_rows(graph.query(load(name, params)))
    return tuple(cols), [
        tuple(
            ("" if t is None else t.value)[:CUT] if c.startswith("sentence") else ("" if t is None else t.value)
            for c, t in zip(cols, r)
        )
        for r in rows
    ]


@pytest.mark.parametrize("name, params", sorted(EXPECTED), ids=lambda x: str(x))
def test_a_saved_query_gives_its_exact_rows_on_the_seeds(seed_graph, name, params):
    assert _rows(seed_graph, name, dict(params)) == EXPECTED[(name, params)]


def test_every_analyst_question_has_a_saved_query_with_a_test():
    asked = {"mediators", "postponements", "met", "meetings-by-place-month", "timeline", "contradictions"}
    assert asked <= set(names())
    assert asked <= {name for name, _ in EXPECTED}


@pytest.mark.parametrize("name", names())
def test_saved_queries_need_no_distinct(name):
    # the default graph holds each fact once: a saved query that needs DISTINCT hides a modelling problem
    assert "DISTINCT" not in (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8").upper()


def test_a_parameter_is_bound_as_a_literal_and_cannot_change_the_query():
    text = bind("SELECT * WHERE { FILTER(CONTAINS(?n, $who)) }", {"who": '") } DROP ALL #'})
    assert text == 'SELECT * WHERE { FILTER(CONTAINS(?n, "\\") } DROP ALL #")) }'


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: load("no-such-query"), "the saved queries are: "),
        (lambda: load("met", {"who": "x"}), "has no parameter who (its parameters: person)"),
        (lambda: parse_params(["meeting"]), "give it as NAME=VALUE"),
    ],
)
def test_mistakes_with_saved_queries_say_what_to_do(call, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_kg_query_runs_a_saved_query_by_name_with_parameters(seed_graph):
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "query",
            "--name",
            "met",
            "--param",
            "person=Orban",
            "-g",
            str(seed_graph.directory),
            "--format",
            "csv",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines() == [
        "person,other,meeting,kind",
        "Viktor Orban,Vladimir Putin,Orban–Putin phone call,phone call",
    ]


def test_kg_query_names_the_saved_queries_when_one_is_unknown(seed_graph):
    r = subprocess.run(
        [sys.executable, "-m", "kg.cli", "query", "--name", "nope", "-g", str(seed_graph.directory)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "contradictions" in r.stderr and "Traceback" not in r.stderr
