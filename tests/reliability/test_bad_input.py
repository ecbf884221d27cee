"""Items 6-9 and 11: one bad article, a file that is not a file, an HTML page or an odd encoding never
damages a build; what is skipped is named, with what to do; the terminal never gets an article's control bytes."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from kg.api import add as kg_add
from kg.folder import PENDING
from kg.ingest import IngestError, read_document, read_documents
from kg.query import format_result
from kg.store import OxigraphStore

from ..conftest import EXAMPLES
from ..store_fixtures import kg_cli

ARTICLE = " date 2025-10-17 {url}\n\nThe foreign ministers of Norway and Chile agreed to meet in Oslo next week, officials said.\n"
GOOD = sorted(EXAMPLES.glob("*.txt"))[0]


def _limited():
    """For a child process: at most 2 GB of memory, so reading without a limit fails fast instead of swapping."""
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def run_bounded(code: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout,
                          preexec_fn=_limited)


# ------------------------------------------------------------------ item 7: only regular files

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_on_the_command_line_is_named_and_skipped_not_waited_for(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    r = kg_cli("build", fifo, GOOD, "-o", tmp_path / "out", timeout=300)
    assert r.returncode == 0, r.stderr
    assert f"{fifo}: is a named pipe (FIFO), not a regular file" in r.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_entries_in_a_folder_that_are_not_regular_files_are_each_named(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    os.mkfifo(corpus / "fifo.txt")
    (corpus / "broken.txt").symlink_to(tmp_path / "nowhere")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    (corpus / "folder.txt").mkdir()
    code = (f"from kg.ingest import read_documents\nerrors = []\n"
            f"print(len(list(read_documents([{str(corpus)!r}], errors))))\nprint(*errors, sep='\\n')")
    r = run_bounded(code, timeout=60)
    assert r.returncode == 0, r.stderr[-2000:]
    out = r.stdout.splitlines()
    assert out[0] == "1"
    for name, why in (("fifo.txt", "named pipe"), ("broken.txt", "broken link"), ("zero.txt", "device"),
                      ("folder.txt", "folder")):
        assert any(line.startswith(str(corpus / name)) and why in line for line in out[1:]), (name, out)


def test_the_size_limit_says_how_to_raise_it(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_text("Talks began. " * 100, encoding="utf-8")
    monkeypatch.setenv("KG_MAX_ARTICLE_BYTES", "100")
    with pytest.raises(IngestError, match="KG_MAX_ARTICLE_BYTES"):
        read_document(big)
    monkeypatch.setenv("KG_MAX_ARTICLE_BYTES", "100000")
    assert read_document(big).text


# ------------------------------------------------------------------ item 6: one bad article

def test_an_article_over_the_character_limit_is_skipped_by_name_and_the_rest_builds(tmp_path, monkeypatch):
    huge = tmp_path / "huge.txt"
    huge.write_text("Talks began in Oslo. " * 10_000, encoding="utf-8")  # 210,000 characters
    monkeypatch.setenv("KG_MAX_ARTICLE_CHARS", "200000")
    graph = kg.build([huge, GOOD], out_dir=tmp_path / "out", html=False)
    assert graph.report.documents == 1
    assert any(s.startswith(str(huge)) and "KG_MAX_ARTICLE_CHARS" in s for s in graph.report.skipped)


@pytest.mark.parametrize("url", ["http://[zz]/x", "http://x/%", "http://x:99999999/", "http:///no-host"])
def test_a_malformed_header_url_is_reported_and_the_article_built_without_it(tmp_path, url):
    bad = tmp_path / "bad.txt"
    bad.write_text(ARTICLE.format(url=url), encoding="utf-8")
    out = tmp_path / "out"
    graph = kg.build([bad, GOOD], out_dir=out, html=False)
    assert graph.report.documents == 2
    assert any(str(bad) in n and "not a valid URL" in n for n in graph.report.notes)
    again = tmp_path / "again.txt"  # and after an add of another such article, adds keep working
    again.write_text(ARTICLE.format(url=url).replace("Oslo", "Bergen"), encoding="utf-8")
    kg_add([again], out, html=False)
    assert not (out / PENDING).exists()
    third = tmp_path / "third.txt"
    third.write_text(ARTICLE.format(url="https://example.org/ok").replace("Oslo", "Tromso"), encoding="utf-8")
    assert kg_add([third], out, html=False).report.added == ["third"]


def test_a_build_that_read_nothing_leaves_the_old_graph_in_place(tmp_path):
    out = tmp_path / "out"
    kg.build([GOOD], out_dir=out, html=False)
    before = (out / "graph.trig").read_bytes()
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(IngestError, match="left as it was"):
        kg.build([binary], out_dir=out, html=False)
    assert (out / "graph.trig").read_bytes() == before
    r = kg_cli("build", binary, "-o", out)
    assert r.returncode != 0 and "left as it was" in r.stderr and "Traceback" not in r.stderr
    assert len(OxigraphStore.open(out, read_only=True)) > 0


def test_an_article_over_a_million_characters_is_cut_into_pieces_that_cover_it_exactly():
    from kg.ingest import document_from_text
    from kg.pieces import PIECE_CHARS, split

    doc = document_from_text("huge", ("Talks began in Oslo. " * 40 + "\n\n") * 1_250)  # 1.05 million characters
    pieces = split(doc)
    assert len(doc.text) > 1_000_000 and all(len(p.text) <= PIECE_CHARS for p in pieces) and len(pieces) > 20
    assert "".join(p.text for p in pieces) == doc.text
    assert [o for p in pieces for o in p.offsets] == list(doc.offsets)
    assert {p.sha256 for p in pieces} == {doc.sha256} and {p.doc_id for p in pieces} == {"huge"}


def test_a_long_article_is_built_in_pieces_with_its_evidence_where_it_was(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_PIECE_CHARS", "1000")
    filler = "Officials met again on Tuesday to discuss the plan in detail. " * 14
    text = (" date 2025-10-17 https://example.org/long\n\n"
            + "".join(f"{filler}\n\nPrime Minister {name} said talks would continue.\n\n"
                      for name in ("Jonas Gahr Store", "Gabriel Boric", "Mette Frederiksen", "Petteri Orpo")))
    article = tmp_path / "long.txt"
    article.write_text(text, encoding="utf-8")
    from kg.pieces import split
    assert len(split(read_document(article))) >= 4
    graph = kg.build([article], out_dir=tmp_path / "out", html=False)
    assert graph.report.documents == 1
    found = {str(r["n"].value) for r in graph.query("SELECT ?n WHERE { ?p a kg:Person ; skos:prefLabel ?n }")}
    assert {"Gabriel Boric", "Petteri Orpo"} <= found, found  # people of the second and last pieces
    from kg.extract import extract_documents
    from kg.pieces import extract_in_pieces

    doc = read_document(article)
    (rec,) = list(extract_in_pieces([doc], extract_documents))
    people = [e for e in rec.entities if e.type == "Person"]
    assert len({e.id for e in rec.entities}) == len(rec.entities)  # local ids of different pieces kept apart
    for person in people:
        for ev in person.evidence:  # every span points at the name in the file as read
            assert person.name.split()[-1] in doc.raw[ev.start:ev.end] or doc.raw[ev.start:ev.end] in person.name


# ------------------------------------------------------------------ item 8: raw HTML

PAGE = """<!DOCTYPE html>
<html><head><title>Talks</title><style>.Putin { color: red }</style>
<script>var speaker = "Vladimir Putin"; window.Sergei = "Lavrov";</script></head>
<body><nav>Home &amp; World</nav>
<p>The foreign ministers of Norway &amp; Chile agreed to meet in Oslo next week, officials said.</p>
<!-- Xi Jinping never appears in the text -->
</body></html>
"""


def test_an_html_article_is_read_as_its_text(extract, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    doc = read_document(page)
    assert "<" not in doc.text and "&amp;" not in doc.text and "DOCTYPE" not in doc.text
    assert "Vladimir" not in doc.text and "Xi Jinping" not in doc.text and "color" not in doc.text
    assert "Norway & Chile agreed" in doc.text
    start, end = doc.original_span(doc.text.index("Oslo"), doc.text.index("Oslo") + 4)
    assert doc.raw[start:end] == "Oslo"  # evidence offsets point into the text kept as provenance
    names = {e.name for e in extract(PAGE.replace("<!DOCTYPE html>\n", "<!DOCTYPE html>")).entities}
    assert not {n for n in names if "DOCTYPE" in n or "&amp" in n or "Putin" in n or "Lavrov" in n or "Xi" in n}, names
    assert any("Oslo" in n for n in names)


# ------------------------------------------------------------------ item 9: terminal output

@pytest.mark.parametrize("control", ["\x1b[2J", "\x07", "\r", "\x00", "\x9b31m", "\u202e"])
def test_table_output_escapes_control_characters(control):
    store = OxigraphStore.in_memory()
    store.store.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal(f"Oslo{control}talks"),
                            ox.DefaultGraph()))   # queries read the default graph (the merged graph), not a union
    table = format_result(store.query("SELECT ?o WHERE { ?s ?p ?o }"), "table")
    assert control not in table and "Oslo\\" in table


# ------------------------------------------------------------------ item 11: encodings by their BOM

@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_files_are_decoded_by_their_bom(tmp_path, codec):
    text = ARTICLE.format(url="https://example.org/a")
    bom = {"utf-16-le": "\ufeff", "utf-16-be": "\ufeff", "utf-32-le": "\ufeff", "utf-32-be": "\ufeff"}.get(codec, "")
    path = tmp_path / "a.txt"
    path.write_bytes((bom + text).encode(codec))
    doc = read_document(path)
    assert doc.url == "https://example.org/a" and "Norway and Chile" in doc.text
    assert doc.raw == read_document(_utf8(tmp_path, text)).raw


def _utf8(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "utf8.txt"
    p.write_text(text, encoding="utf-8")
    return p


def test_read_documents_still_raises_without_an_error_list(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(IngestError):
        list(read_documents([tmp_path]))
