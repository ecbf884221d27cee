"""Names and links: the one normaliser of names, the one slug for IRIs, the one check of a URL.

Resolution joins names on :func:`name_key`, evaluation compares them with
``name_key(..., drop_article=True)`` (the guidelines' rule), IRIs are built
from :func:`slug`, and both the RDF step (which URLs become IRIs) and the
HTML page (which URLs become links) ask :func:`safe_url`, which is
:func:`valid_url` (what ingest keeps of a header URL) and no quotes.

>>> name_key("The Ministry’s"), name_key("The Ministry’s", drop_article=True)
('the ministry', 'ministry')
>>> slug("Lech Wałęsa’s <b>")
'lech-walesa-s-b'
>>> safe_url("https://example.org/a"), safe_url("javascript:alert(1)")
('https://example.org/a', None)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

# letters NFKD does not decompose into an ASCII base letter
_FOLD = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "_": "-"}
)
# an http(s) URL with none of the characters an IRI may not hold, nor quotes (the page puts URLs in attributes)
_SAFE_URL = re.compile(r"https?://[^\s<>\"'{}|\\^`]+", re.IGNORECASE)
# name_key and slug are pure and see the same names over and over (resolution compares every mention, every quad's
# IRI is built from a name): their answers are kept, in a bounded cache for long-running processes
NAME_CACHE = 1 << 16


@lru_cache(maxsize=NAME_CACHE)
def name_key(name: str, drop_article: bool = False) -> str:
    """A name for comparison: NFKC, lower case, no possessive 's, punctuation as spaces; optionally no leading "the".

    >>> name_key("  Santos's  office ")
    'santos office'
    """
    s = unicodedata.normalize("NFKC", name).replace("’", "'").lower()
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s[4:] if drop_article and s.startswith("the ") else s


def spelling_key(name: str) -> str:
    """A key two transliterations of one name share: accents folded, doubled letters single, a final
    -y / -i / -iy / -yy one letter ("Petrenkyy", "Petrenky", "Petrenkiy" -> "petrenki").

    >>> spelling_key("Petrenkyy") == spelling_key("Petrenky") == spelling_key("Petrenkiy")
    True
    >>> spelling_key("Orlov") == spelling_key("Orlova")
    False
    """
    folded = unicodedata.normalize("NFKD", name.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = []
    for w in folded.split():
        w = re.sub(r"(.)\1+", r"\1", w)
        w = re.sub(r"(iy|yi|ij|y|i)$", "i", w) if len(w) >= 5 else w
        words.append(w)
    return " ".join(words)


def _folds_to_ascii(ch: str) -> bool:
    """Whether a letter has an ASCII base letter (``é`` -> ``e``, ``ł`` -> ``l``; not ``Д``, ``中`` or ``α``)."""
    return bool(unicodedata.normalize("NFKD", ch.lower().translate(_FOLD)).encode("ascii", "ignore"))


@lru_cache(maxsize=NAME_CACHE)
def slug(text: str) -> str:
    """A lower-case slug for IRIs: deterministic, safe in any IRI position, distinct for distinct names.

    Latin-script names fold to ASCII; a name with any letter that has no ASCII
    base (Cyrillic, Greek, Arabic, Chinese ...) keeps its letters as they are
    (NFC, lower case): IRIs allow Unicode, and folding would make every such
    name the same ``x``.

    >>> slug("Łódź_2024"), slug("?!")
    ('lodz-2024', 'x')
    >>> slug("Владимир Путин"), slug("習近平"), slug("Κυριάκος Μητσοτάκης")
    ('владимир-путин', '習近平', 'κυριάκος-μητσοτάκης')
    """
    if any(ch.isalpha() and not _folds_to_ascii(ch) for ch in text):
        kept = "".join(
            ch if unicodedata.category(ch)[0] in "LMN" else "-" for ch in unicodedata.normalize("NFC", text).lower()
        )
        return re.sub(r"-+", "-", kept).strip("-") or "x"
    s = re.sub(r"[^\w]+", "-", text.lower()).translate(_FOLD)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "x"


def valid_url(url: str) -> bool:
    """Whether ``url`` is an http(s) URL that parses whole (host, port, escapes), fit to become an IRI.

    >>> valid_url("https://example.org/a?b=1"), valid_url("http://[zz]/x"), valid_url("http://x/%"), valid_url("ftp://x/")
    (True, False, False, False)
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError:
        return False
    return (
        parts.scheme.lower() in ("http", "https")
        and bool(parts.hostname)
        and not re.search(r'[\s<>"{}|\\^`]|%(?![0-9A-Fa-f]{2})', url)
    )


def safe_url(url: object) -> str | None:
    """``url`` (stripped) when it is an http(s) URL safe as an IRI and as a link, else ``None``.

    >>> safe_url(" JavaScript:x"), safe_url("https://a.example/\\"onmouseover=x"), safe_url("https://a.example/{x}")
    (None, None, None)
    """
    if not isinstance(url, str):
        return None
    u = url.strip()
    return u if _SAFE_URL.fullmatch(u) and valid_url(u) else None
