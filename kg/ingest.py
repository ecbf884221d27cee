"""Ingest: read article files into :class:`Document` objects.

The first step of the pipeline. A news file may start with a header line
`` date YYYY-MM-DD URL`` giving its publication date and source. The text is
cleaned of what scraped news carries (glued sentences such as ``said.There``,
share lines, legal disclaimers, sign-up prompts) into ``Document.text``, and
every character of the cleaned text keeps the offset it had in the original
file, so evidence found in the cleaned text can always be quoted from, and
located in, the article as published.

>>> doc = document_from_text("a", " date 2025-10-17 https://example.org/x\\n\\nSantos said.There was more.")
>>> doc.published, doc.url, doc.text
('2025-10-17', 'https://example.org/x', '\\nSantos said. There was more.')
>>> start, end = doc.original_span(14, 19)
>>> doc.raw[start:end]
'There'
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .names import valid_url
from .resources import boilerplate_patterns
from .webpage import HEADER, date_from_dateline, date_from_url, first_url, html_to_text, looks_like_html  # noqa: F401

# A full stop with no space after it, between a word (or a closing quote or
# bracket) and the capital that starts the next sentence: "said.There",
# "said.\"Novak", "EU.Santos". "U.S." is left alone: its stop follows a capital
# that itself follows a stop.
GLUED = re.compile(r"(?:(?<=[a-z0-9\]\)\"”’])|(?<=[A-Z]{2}))([.!?])(?=[\"“]?[A-Z])")
MAX_BYTES = 20_000_000       # the default; KG_MAX_ARTICLE_BYTES raises it
MAX_CHARS = 5_000_000        # longer than any article; parsed in pieces (kg.pieces); KG_MAX_ARTICLE_CHARS changes it
# A wire dateline opening the lead: "WOODSIDE, California, Nov 15 (AP) —", "ANKARA, May 16 (Reuters) -",
# "DOHA/JERUSALEM, Nov 22 (Wire) -" (a story filed from two cities), "PRAGUE, 27 November 2003 (RFE/RL) --",
# "SKOPJE, 14.05.2018 –", "NEW DELHI: ...", "VLADIVOSTOK, September 2. ...".
# It names where the report was filed and the agency; left glued to the lead, the parser folds it into
# the subject of the first sentence.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = (
    rf"(?:{_MONTH}[ \t]+\d{{1,2}}(?:,[ \t]*\d{{4}})?"  # "Nov 15", "Oct. 26, 2025"
    rf"|\d{{1,2}}[ \t]+{_MONTH}(?:[ \t]+\d{{4}})?"  # "27 November 2003"
    r"|\d{1,2}\.\d{1,2}\.\d{2,4})"  # "14.05.2018"
)
DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-ZÀ-Þ .'’/-]{1,40}(?:,[ \t]*[A-Z][A-Za-zÀ-ÿ .'’-]{1,40}){0,2}"  # the city (or cities), state
    rf"(?:,?[ \t]+{_DATE})?"
    r"(?:[ \t]*\([^)\n]{1,40}\))?"  # the agency
    # then a dash; a colon or the agency's bracket before a long lead ("ISLAMABAD: Pakistan on Thursday
    # put off ...", "WASHINGTON (MENAFN) US President ..."); or the full stop after a date
    r"(?:[ \t]*[-–—]+|[ \t]*:(?=[ \t]+[A-Z][^\n]{80})|(?<=\))(?=[ \t]+[A-Z][^\n]{80})|(?<=\d)\.(?=[ \t]+[A-Z]))"
    r"[ \t]*",
    re.MULTILINE,
)


class IngestError(ValueError):
    """A file that cannot be read as an article; the message says which and why."""


@dataclass(frozen=True)
class Document:
    """One article: cleaned text plus the map back to the original file.

    ``offsets[i]`` is the position in ``raw`` of ``text[i]``.
    """

    doc_id: str
    text: str
    raw: str
    offsets: array = field(repr=False, compare=False)
    path: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None
    notes: tuple[str, ...] = ()  # what was done to read it (a header URL dropped, HTML stripped), for the report

    @property
    def sha256(self) -> str:
        """Content hash of the original text: an article's identity in the store."""
        return hashlib.sha256(self.raw.encode("utf-8")).hexdigest()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of ``text`` to the same span of ``raw``."""
        if end <= start:
            o = self.offsets[start] if start < len(self.offsets) else len(self.raw)
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1


class _Builder:
    """Accumulates cleaned text while remembering where each character came from."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offsets = array("i")

    def keep(self, raw: str, start: int, end: int) -> None:
        self.parts.append(raw[start:end])
        self.offsets.extend(range(start, end))

    def keep_as(self, raw: str, start: int, end: int, text: str) -> None:
        """Keep ``raw[start:end]`` rewritten as ``text`` of the same length (a change of case)."""
        assert len(text) == end - start
        self.parts.append(text)
        self.offsets.extend(range(start, end))

    def insert(self, s: str, at: int) -> None:
        """Insert text that is not in the original (a missing space): it maps to ``at``."""
        self.parts.append(s)
        self.offsets.extend([at] * len(s))

    def text(self) -> str:
        return "".join(self.parts)


def _header(raw: str) -> tuple[str | None, str | None, int]:
    """Parse the optional `` date YYYY-MM-DD URL`` first line; return (date, url, body start)."""
    first, _, _ = raw.partition("\n")
    m = HEADER.match(first)
    if not m:
        return None, None, 0
    return m.group(1), m.group(2), len(first) + 1 if "\n" in raw else len(raw)


def _boilerplate_lines(raw: str, start: int) -> Iterator[tuple[int, int, bool]]:
    """Yield (line start, line end, is_boilerplate) for each line of ``raw`` from ``start``.

    A boilerplate line switches on a block (a disclaimer paragraph) that runs to
    the next blank line.
    """
    patterns = boilerplate_patterns()
    in_block = False
    pos = start
    for line in raw[start:].splitlines(keepends=True):
        end = pos + len(line)
        stripped = line.strip()
        if not stripped:
            in_block = False
            yield pos, end, False
        else:
            hit = any(p.search(stripped) for p in patterns)
            if hit and stripped.endswith(":"):
                in_block = True
            yield pos, end, hit or in_block
            if hit and len(stripped) > 60:
                in_block = True
        pos = end


def clean(raw: str, start: int = 0) -> tuple[str, array]:
    """Clean ``raw[start:]``; return the text and its offsets into ``raw``.

    >>> clean("He said.Then he left.\\nShare This Article\\n")[0]
    'He said. Then he left.\\n\\n'
    """
    b = _Builder()
    for ls, le, boiler in _boilerplate_lines(raw, start):
        if boiler:
            b.insert("\n", le - 1)
            continue
        pos = ls
        dl = DATELINE.match(raw, ls, le)
        if dl and dl.end() < le:
            # the dateline becomes a line of its own, its capitalised city in title case, so the
            # parser neither folds it into the lead's subject nor misses the place it names
            city = re.match(r"[ \t]*([A-Z][A-Z .'’/-]+?)(?=,|[ \t]+\()", raw[ls:dl.end()])
            cend = ls + city.end(1) if city else ls
            b.keep_as(raw, ls, cend, raw[ls:cend].title())
            b.keep(raw, cend, dl.end())
            b.insert("\n", dl.end() - 1)
            pos = dl.end()
        for m in GLUED.finditer(raw, pos, le):
            b.keep(raw, pos, m.end())
            b.insert(" ", m.end() - 1)
            pos = m.end()
        b.keep(raw, pos, le)
    return b.text(), b.offsets


def _title(text: str) -> str | None:
    """The headline: the first line of five words or more (a short first line is usually the site's name)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for line in lines:
        if len(line.split()) >= 5:
            return line[:300]
    return lines[0][:300] if lines else None


def document_from_text(doc_id: str, raw: str, path: str | None = None) -> Document:
    """Build a :class:`Document` from an article's text (plain, or an HTML page: see :func:`html_to_text`).

    >>> document_from_text("a", " date 2025-10-17 http://[zz]/x\\n\\nTalks began.").notes
    ('a: the header URL http://[zz]/x is not a valid URL; the article is built without it',)
    """
    notes: list[str] = []
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if looks_like_html(raw):
        raw = html_to_text(raw)  # the text kept (and quoted) is the page's text, not its markup
        notes.append(f"{path or doc_id}: read as an HTML page (markup, scripts and styles removed)")
    published, url, body = _header(raw)
    if url and not valid_url(url):
        notes.append(f"{path or doc_id}: the header URL {url[:200]} is not a valid URL; the article is built without it")
        url = None
    limit = _limit("KG_MAX_ARTICLE_CHARS", MAX_CHARS)
    if len(raw) > limit:
        raise IngestError(f"{path or doc_id}: {len(raw):,} characters is more than an article may have ({limit:,}); "
                          "split it, or raise the limit with KG_MAX_ARTICLE_CHARS=N")
    text, offsets = clean(raw, body)
    if not text.strip():
        raise IngestError(f"{path or doc_id}: the article has no text; give a file with the article's text in it")
    first = first_url(text)
    url = url or (first if first and valid_url(first) else None)
    published = published or date_from_url(url) or date_from_dateline(text)
    return Document(doc_id=doc_id, text=text, raw=raw, offsets=offsets, path=path,
                    published=published, url=url, title=_title(text), notes=tuple(notes))


def _limit(variable: str, default: int) -> int:
    """A size limit, from the environment when set there (a positive whole number)."""
    value = os.environ.get(variable, "")
    return int(value) if value.isdigit() and int(value) > 0 else default


_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\xef\xbb\xbf", "utf-8-sig"),
         (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def decode(data: bytes) -> str:
    """Text of a file: UTF-8, or UTF-16 / UTF-32 when it starts with their byte-order mark.

    >>> decode("Talks".encode("utf-16")), decode(b"\\xef\\xbb\\xbfTalks")
    ('Talks', 'Talks')
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec)
    return data.decode("utf-8")


def read_bytes(p: Path, limit: int) -> bytes:
    """The bytes of a regular file, at most ``limit`` (a FIFO, device, folder or broken link raises, never blocks)."""
    if p.is_symlink() and not p.exists():
        raise IngestError(f"{p}: is a broken link (to {os.readlink(p)}); fix or remove it")
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise IngestError(f"{p}: is a folder, not an article file; name the folder itself to read the files in it") from None
    except OSError as e:
        raise IngestError(f"{p}: cannot be read ({e.strerror or e}); check the path and its permissions") from e
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise IngestError(f"{p}: is {kind}, not a regular file; only regular text files are read")
    with os.fdopen(fd, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise IngestError(f"{p}: is larger than an article may be ({limit:,} bytes); split it, or raise the limit "
                          "with KG_MAX_ARTICLE_BYTES=N")
    return data


def read_document(path: str | Path) -> Document:
    """Read one text file (UTF-8, or UTF-16/32 with a byte-order mark) as a :class:`Document`.

    Raises :class:`IngestError` for a file that is missing, unreadable, empty,
    too large, binary or not a regular file, with the file named in the message.
    """
    p = Path(path)
    data = read_bytes(p, _limit("KG_MAX_ARTICLE_BYTES", MAX_BYTES))
    try:
        raw = decode(data)
    except UnicodeDecodeError as e:
        raise IngestError(f"{p}: is not UTF-8 text (byte {e.start}); convert it with iconv -t utf-8") from e
    if "\x00" in raw:
        raise IngestError(f"{p}: looks binary (it has NUL bytes); give a UTF-8 text file")
    return document_from_text(p.stem, raw, str(p))


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into their ``.txt`` entries (recursively, sorted); keep files as given.

    Every entry named ``*.txt`` is listed, whatever it is (a FIFO, a link, a
    folder): :func:`read_document` then reads it or says why it is skipped.
    """
    out: list[Path] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            out.extend(sorted(p.rglob("*.txt")))
        else:
            out.append(p)
    return out


def read_documents(paths: Iterable[str | Path], errors: list[str] | None = None,
                   notes: list[str] | None = None) -> Iterator[Document]:
    """Yield the documents under ``paths``; a file that fails is reported in ``errors`` and skipped.

    When ``errors`` is None the first failure raises. ``notes`` collects what
    was done to read a file (an HTML page stripped, a bad header URL dropped).
    """
    seen: set[str] = set()
    for p in find_files(paths):
        try:
            doc = read_document(p)
        except IngestError as e:
            if errors is None:
                raise
            errors.append(str(e))
            continue
        if notes is not None:
            notes.extend(doc.notes)
        if doc.doc_id in seen:
            doc = Document(**{**doc.__dict__, "doc_id": f"{doc.doc_id}_{doc.sha256[:8]}"})
        seen.add(doc.doc_id)
        yield doc
