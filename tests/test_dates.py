"""Dates: weekdays by tense against the publication date, partial dates, an article's own date."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from kg.dates import dates_compatible, partial_date, weekday_date
from kg.ingest import date_from_dateline, date_from_url, document_from_text
from kg.nlp.meetings import parse_date

from .conftest import EXAMPLES

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# 2025-10-20 is a Monday: one publication date per weekday
PUBLISHED = [(dt.date(2025, 10, 20) + dt.timedelta(days=i)).isoformat() for i in range(7)]


def _expected(published: str, weekday: str, tense: str) -> str:
    """The one day with that weekday in the week ending (past) or starting (future) on the publication day."""
    base = dt.date.fromisoformat(published)
    days = (
        [base - dt.timedelta(days=i) for i in range(7)]
        if tense == "past"
        else [base + dt.timedelta(days=i) for i in range(7)]
    )
    return next(d for d in days if d.weekday() == WEEKDAYS.index(weekday)).isoformat()


@pytest.mark.parametrize("tense", ["past", "future"])
@pytest.mark.parametrize("weekday", WEEKDAYS)
@pytest.mark.parametrize("published", PUBLISHED)
def test_a_weekday_is_read_from_the_publication_date_by_tense(published, weekday, tense):
    expected = _expected(published, weekday, tense)
    assert weekday_date(weekday, published, tense) == expected
    assert parse_date(weekday, published, tense) == expected
    assert parse_date(f"on {weekday}", published, tense) == expected


@pytest.mark.parametrize(
    "phrase, published, tense, expected",
    [
        ("Monday", "2025-10-20", "past", "2025-10-20"),  # "met Monday" in a Monday article: that day
        ("Tuesday", "2025-10-21", "past", "2025-10-21"),
        ("last Monday", "2025-10-20", "past", "2025-10-13"),  # "last" excludes the day itself
        ("next Monday", "2025-10-20", "future", "2025-10-27"),
        ("Thursday", "2025-10-17", None, "2025-10-16"),  # tense unknown: the nearer reading
    ],
)
def test_weekday_phrases(phrase, published, tense, expected):
    assert parse_date(phrase, published, tense) == expected


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("September 14 and 15", "2010-09-14"),  # the second day is no year ("15" is not 2015)
        ("Sept. 14-15", "2010-09-14"),
        ("14 and 15 September", "2010-09-14"),
        ("March 2-3, 2011", "2011-03-02"),
        ("2010-09-14", "2010-09-14"),  # an ISO date is no run of days
    ],
)
def test_a_run_of_days_dates_from_its_first_day(phrase, expected):
    assert parse_date(phrase, "2010-09-02", "future") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The two presidents met Monday in Geneva.", "2025-10-20"),
        ("The two presidents will meet on Tuesday in Geneva.", "2025-10-21"),
    ],
)
def test_a_meeting_on_the_publication_weekday_is_dated_that_week(extract, text, expected):
    rec = extract(
        "Maria Santos and Peter Novak are presidents. " + text.replace("The two presidents", "Santos and Novak"),
        published="2025-10-20",
    )
    assert [m.date for m in rec.meetings] == [expected]


@pytest.mark.parametrize(
    "phrase, published, expected",
    [
        ("August 15", None, "--08-15"),
        ("15 August", None, "--08-15"),
        ("late October", "2025-10-20", "2025-10"),
        ("in October 2025", None, "2025-10"),
        ("October", None, None),
        ("August 15", "2025-10-20", None),  # dated articles resolve a full day elsewhere
    ],
)
def test_partial_dates_are_kept_as_such(phrase, published, expected):
    assert partial_date(phrase, published) == expected


def test_an_undated_articles_day_without_a_year_is_kept(extract):
    rec = extract("Maria Santos and Peter Novak met in Lima on August 15.", published=None)
    assert [m.date for m in rec.meetings] == ["--08-15"]


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("2025-10", "2025-10-22", True),
        ("--08-15", "2025-08-15", True),
        ("--08-15", "--08-16", False),
        ("2025-10-21", "2025-10-22", False),
        (None, "2025-10-22", True),
        ("2025-09", "2025-10-01", False),
    ],
)
def test_partial_and_full_dates_are_compatible_when_one_contains_the_other(a, b, same):
    assert dates_compatible(a, b) is same


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.org/world/2025/10/26/summit-called-off", "2025-10-26"),
        ("https://sputnikglobe.com/20251026/not-everyone-1123017190.html", "2025-10-26"),
        ("https://example.org/news/2025-10-26-summit", "2025-10-26"),
        ("https://example.org/2025/13/40/nothing", None),
        ("https://example.org/article/1123017190", None),
        (None, None),
    ],
)
def test_a_publication_date_is_read_from_the_url(url, expected):
    assert date_from_url(url) == expected


@pytest.mark.parametrize(
    "text, published",
    [
        (
            " date 2025-10-17 https://example.org/2025/10/26/a\n\nTalks resume\nSantos met Novak.",
            "2025-10-17",
        ),  # header first
        ("Talks resume\nhttps://example.org/2025/10/26/talks-resume\nSantos met Novak.", "2025-10-26"),  # then the URL
        ("Talks resume\nGENEVA, Oct. 26, 2025 (Reuters) - Santos met Novak.", "2025-10-26"),  # then the dateline
        ("Talks resume\nSantos met Novak.", None),
    ],
)
def test_the_publication_date_comes_from_header_then_url_then_dateline(text, published):
    assert document_from_text("d", text).published == published
    assert date_from_dateline("Talks resume\nPublished October 26, 2025") == "2025-10-26"


def test_the_build_warns_about_the_articles_with_no_date(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", str(EXAMPLES), "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    warning = next(line for line in r.stderr.splitlines() if "no publication date" in line)
    assert "3 article(s)" in warning
    for doc in ("001_1d3b3ea1e1132731", "002_aac88914ca5b15bd", "003_17fd3ca9ceb45d32"):
        assert doc in warning
