"""Dates: weekdays against the publication date, partial dates, and an article's own date.

A weekday is read against the publication date and the tense of its clause:
in the past tense it is the latest such day on or before publication, in the
future tense the first on or after it; "last" and "next" exclude the day itself.
A date without a year ("on August 15") in an undated article, or a month
("in October 2025", "late October") is kept as a partial date
(``--08-15``, ``2025-10``), typed ``xsd:gMonthDay`` / ``xsd:gYearMonth`` in RDF.

>>> weekday_date("Monday", "2025-10-20", "past")       # a Monday article: "met Monday" is that day
'2025-10-20'
>>> weekday_date("on Tuesday", "2025-10-20", "past")
'2025-10-14'
>>> weekday_date("Tuesday", "2025-10-20", "future")
'2025-10-21'
>>> partial_date("late October", "2025-10-20")
'2025-10'
>>> partial_date("August 15", None)
'--08-15'
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_WEEKDAY = re.compile(r"^(?:(on|last|next|this|past|coming)\s+)?(%s)$" % "|".join(WEEKDAYS))
_MONTH_DAY = re.compile(r"^(?:on\s+)?(%s)\s+(\d{1,2})(?:st|nd|rd|th)?$" % "|".join(MONTHS))
_DAY_MONTH = re.compile(r"^(?:on\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(%s)$" % "|".join(MONTHS))
_MONTH = re.compile(
    r"^(?:in\s+)?(?:(?:early|mid|late|the\s+end\s+of|the\s+start\s+of)[\s-]+)?(%s)(?:\s*,?\s*(\d{4}))?$"
    % "|".join(MONTHS)
)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace(",", " ")).strip()


def weekday_date(text: str, published: str | None, tense: str | None = None) -> str | None:
    """The ISO day a weekday phrase names, read from the publication date by tense; None for other phrases.

    With the tense unknown the nearer reading wins, the past one on a tie.

    >>> weekday_date("last Monday", "2025-10-20")
    '2025-10-13'
    >>> weekday_date("next week", "2025-10-20") is None
    True
    """
    m = _WEEKDAY.match(_clean(text))
    if not m or not published:
        return None
    base = dt.date.fromisoformat(published[:10])
    qualifier, day = m.group(1), WEEKDAYS.index(m.group(2))
    back = (base.weekday() - day) % 7  # days back to the latest such day on or before publication
    ahead = (day - base.weekday()) % 7  # days ahead to the first such day on or after it
    if qualifier in {"last", "past"}:
        delta = -(back or 7)
    elif qualifier in {"next", "coming"}:
        delta = ahead or 7
    elif tense == "past":
        delta = -back
    elif tense == "future":
        delta = ahead
    else:
        delta = -back if back <= ahead else ahead
    return (base + dt.timedelta(days=delta)).isoformat()


def partial_date(text: str, published: str | None) -> str | None:
    """A date known only in part: ``--MM-DD`` for a day of an unknown year, ``YYYY-MM`` for a month.

    >>> partial_date("in October 2025", None)
    '2025-10'
    >>> partial_date("October", None) is None       # a month of an unknown year says too little
    True
    """
    low = _clean(text)
    m = _MONTH_DAY.match(low) or _DAY_MONTH.match(low)
    if m:
        month, day = (m.group(1), m.group(2)) if m.re is _MONTH_DAY else (m.group(2), m.group(1))
        if not published and 1 <= int(day) <= 31:
            return f"--{MONTHS.index(month) + 1:02d}-{int(day):02d}"
        return None
    m = _MONTH.match(low)
    if m:
        year = m.group(2) or (published[:4] if published else None)
        return f"{year}-{MONTHS.index(m.group(1)) + 1:02d}" if year else None
    return None


def date_datatype(value: str) -> str:
    """The XSD datatype (local name) of a full or partial date.

    >>> [date_datatype(v) for v in ("2025-10-20", "2025-10", "--08-15")]
    ['date', 'gYearMonth', 'gMonthDay']
    """
    if value.startswith("--"):
        return "gMonthDay"
    return "gYearMonth" if len(value) == 7 else "date"


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Two dates can name the same day: equal, unknown, or one a part of the other.

    >>> dates_compatible("2025-10", "2025-10-22"), dates_compatible("--08-15", "2025-08-15")
    (True, True)
    >>> dates_compatible("2025-10-21", "2025-10-22")
    False
    """
    if not a or not b or a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if short.startswith("--"):
        return long_.endswith(short[1:]) and not long_.startswith("--")
    return long_.startswith(short)


def more_precise(a: str | None, b: str | None) -> str | None:
    """The more precise of two compatible dates (a full date over a month)."""
    if not a or not b:
        return a or b
    return a if (date_datatype(a) == "date") >= (date_datatype(b) == "date") else b
