"""What an article file may carry besides its text: a header line, an HTML page around it, a date on its first lines.

The optional first line `` date YYYY-MM-DD URL`` (:data:`HEADER`) gives the
publication date and source; when it gives no date, :mod:`kg.ingest` takes
it from the source URL's path or from a dateline. A file that is an HTML
page is read as the text of the page.

>>> date_from_url("https://example.org/news/2025/10/26/talks")
'2025-10-26'
"""

from __future__ import annotations

import html
import re

HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+(\S+))?\s*$")

_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S)
_HTML_SKIP = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|noscript|template|svg|head)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)",
    re.I | re.S,
)
_HTML_TAG = re.compile(r"</?(?P<tag>[A-Za-z][A-Za-z0-9-]*)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|<![^>]*>|<\?[^>]*>", re.S)
_HTML_ANY = re.compile(f"{_HTML_SKIP.pattern}|{_HTML_TAG.pattern}", re.I | re.S)
_HTML_BLOCK = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 "
    "h6 header hr li main nav ol p pre section table td th title tr ul".split()
)


def looks_like_html(raw: str) -> bool:
    """Whether a file is an HTML page rather than article text.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>"), looks_like_html("He said <b> is bold.")
    (True, False)
    """
    body = raw.split("\n", 1)[1] if HEADER.match(raw.split("\n", 1)[0]) and "\n" in raw else raw
    return bool(_HTML_START.match(body))


def html_to_text(raw: str) -> str:
    """The text of an HTML page: no scripts, styles, comments or tags; entities decoded; blocks on their own lines.

    >>> html_to_text("<html><script>var Santos = 1;</script><p>Talks &amp; more</p><p>Next</p></html>")
    'Talks & more\\n\\nNext'
    """
    pieces: list[str] = []
    pos = 0
    for m in _HTML_ANY.finditer(raw):
        pieces.append(html.unescape(raw[pos : m.start()]))
        name = (m.group("tag") or "").lower()
        pieces.append("\n" if name in _HTML_BLOCK else " " if name else "")
        pos = m.end()
    pieces.append(html.unescape(raw[pos:]))
    text = "".join(pieces).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_URL = re.compile(r"https?://[^\s<>\"]+")
_URL_DATES = (
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})-?(\d{2})-?(\d{2})(?!\d)"),
)
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_WRITTEN_DATE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ \t]+(\d{1,2}),?[ \t]+"
    r"((?:19|20)\d{2})\b"
)


def _valid(y: str, m: str, d: str) -> str | None:
    import datetime as dt

    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def first_url(text: str, lines: int = 5) -> str | None:
    """A source URL on one of the article's first lines (some scrapes start with it)."""
    head = "\n".join(text.splitlines()[:lines])
    m = _URL.search(head)
    return m.group(0).rstrip(".,;)") if m else None


def date_from_url(url: str | None) -> str | None:
    """A publication date in the URL's path: ``/2025/10/26/`` or ``20251026``.

    >>> date_from_url("https://example.org/news/2025/10/26/talks"), date_from_url("https://x.org/20251026/a-1123017190.html")
    ('2025-10-26', '2025-10-26')
    >>> date_from_url("https://x.org/article/12345678") is None
    True
    """
    if not url:
        return None
    path = "/" + url.split("://", 1)[-1].partition("/")[2]
    for pattern in _URL_DATES:
        for m in pattern.finditer(path):
            iso = _valid(*m.groups())
            if iso:
                return iso
    return None


def date_from_dateline(text: str, lines: int = 6) -> str | None:
    """A full date on one of the first lines: a dateline ("MOSCOW, Oct. 26, 2025 (AP) —") or a byline date.

    >>> date_from_dateline("Talks resume\\nGENEVA, Oct. 26, 2025 (Reuters) - Delegates met.")
    '2025-10-26'
    """
    for line in text.splitlines()[:lines]:
        m = _WRITTEN_DATE.search(line)
        if m:
            iso = _valid(m.group(3), str(_MONTHS.index(m.group(1)[:3].lower()) + 1), m.group(2))
            if iso:
                return iso
    return None
