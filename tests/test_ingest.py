"""Ingest: header parsing, news clean-up that keeps offsets, and bad files reported by name."""
from __future__ import annotations

import pytest

from kg.ingest import IngestError, document_from_text, read_document, read_documents

from .conftest import EXAMPLES


@pytest.mark.parametrize("raw, cleaned", [
    ("Peskov said.There is mutual understanding.", "Peskov said. There is mutual understanding."),
    ('he said."Trump was the first,"', 'he said. "Trump was the first,"'),
    ("members of NATO and the EU.Putin held a call.", "members of NATO and the EU. Putin held a call."),
    ("The U.S. President spoke.", "The U.S. President spoke."),
    ("It cost 3.5 billion.", "It cost 3.5 billion."),
])
def test_glued_sentences_are_split_without_touching_abbreviations(raw, cleaned):
    assert document_from_text("d", raw).text == cleaned


@pytest.mark.parametrize("line", [
    "Share This Article", "SIGN UP FOR FREE TODAY", "No Thanks", "Add new comment",
    "MENAFN25102025000045017640ID1110245764", "5 Min Read",
])
def test_page_furniture_lines_are_dropped(line):
    doc = document_from_text("d", f"Putin met Trump.\n{line}\nThe talks ended.\n")
    assert line not in doc.text
    assert "Putin met Trump." in doc.text and "The talks ended." in doc.text


def test_disclaimer_paragraph_after_heading_is_dropped():
    raw = ("Lavrov spoke.\n\nLegal Disclaimer:\nMENAFN provides the information “as is” without warranty of any kind. "
           "We do not accept any responsibility.\n\nNext paragraph.\n")
    doc = document_from_text("d", raw)
    assert "warranty" not in doc.text and "Next paragraph." in doc.text


def test_header_gives_publication_date_and_source():
    doc = read_document(EXAMPLES / "004_f658a7a708eed7e6.txt")
    assert doc.published == "2025-10-17"
    assert doc.url.startswith("https://sputnikglobe.com/")
    assert doc.title.startswith("Putin-Trump Meeting May Take Place")


@pytest.mark.parametrize("needle", ["Dmitry Peskov", "Putin endorsed the idea", "Hungarian Prime Minister Viktor Orban"])
def test_offsets_map_cleaned_text_back_to_the_original(needle):
    doc = read_document(EXAMPLES / "004_f658a7a708eed7e6.txt")
    i = doc.text.index(needle)
    s, e = doc.original_span(i, i + len(needle))
    assert doc.raw[s:e] == needle


def test_offsets_survive_an_inserted_space():
    doc = document_from_text("d", "Peskov said.There was more.")
    i = doc.text.index("There")
    s, e = doc.original_span(i, i + 5)
    assert doc.raw[s:e] == "There"


@pytest.mark.parametrize("content, reason", [
    (b"", "no text"),
    (b"   \n\n  ", "no text"),
    (b"\x00\x01\x02binary", "binary"),
    (b"\xff\xfe\xfa not utf8 \xc3\x28", "not UTF-8"),
])
def test_bad_files_are_reported_by_name(tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(IngestError, match=f"bad.txt.*{reason}"):
        read_document(bad)


def test_a_bad_file_is_skipped_and_the_rest_still_read(tmp_path):
    (tmp_path / "a.txt").write_text("Putin met Trump in Anchorage.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00binary")
    (tmp_path / "c.txt").write_text("", encoding="utf-8")
    errors: list[str] = []
    docs = list(read_documents([tmp_path], errors=errors))
    assert [d.doc_id for d in docs] == ["a"]
    assert len(errors) == 2 and any("b.txt" in e for e in errors) and any("c.txt" in e for e in errors)


def test_unreadable_file_is_reported(tmp_path):
    missing = tmp_path / "gone.txt"
    with pytest.raises(IngestError, match="gone.txt.*cannot be read"):
        read_document(missing)


@pytest.mark.parametrize(
    "lead, city",
    [
        ("ANKARA, May 16 (Reuters) - Kaya met Lima.", "Ankara"),
        # a story filed from two cities
        ("DOHA/JERUSALEM, Nov 22 (Wire) - Kaya met Lima.", "Doha/Jerusalem"),
        ("WASHINGTON/BEIJING - Kaya met Lima.", "WASHINGTON/BEIJING"),
        ("PRAGUE/CHISINAU, 27 November 2003 (RFE/RL) -- Kaya met Lima.", "Prague/Chisinau"),
        ("SKOPJE, 14.05.2018 – Kaya met Lima.", "Skopje"),
        ("VLADIVOSTOK, September 2. Kaya met Lima.", "Vladivostok"),
        # a colon or a bare agency bracket only before a lead paragraph, not before a short headline
        ("NEW DELHI: Kaya met Lima on Thursday in the first talks between the two ministers since the crisis began.", "NEW DELHI"),
        ("WASHINGTON (MENAFN) Kaya met Lima on Thursday in the first talks between the two ministers since the war.", "Washington"),
    ],
)
def test_a_wire_dateline_becomes_a_line_of_its_own(lead, city):
    text = document_from_text("t", "Talks held\n\n" + lead + "\n").text
    assert city in text and "\nKaya met Lima" in text


@pytest.mark.parametrize("line", ["UN: Talks to resume in Geneva", "NATO (updated) Leaders meet"])
def test_a_short_headline_with_a_colon_is_no_dateline(line):
    assert document_from_text("t", line + "\n\nKaya met Lima.\n").text.startswith(line)
