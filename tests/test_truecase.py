"""Title Case headlines take the casing of the article's running text before parsing; offsets never move."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract_documents
from kg.ingest import document_from_text, read_document
from kg.nlp.truecase import is_title_case, restore_case, truecase_headlines

NEWS_TRAIN = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news-train"

BODY = (
    "KYIV – Ukraine's Foreign Ministry said on Tuesday it was putting off the summit that the resort of Yalta "
    "was to host, after one leader after another withdrew. The presidents of Poland and Lithuania will stay away."
)


@pytest.mark.parametrize(
    "line, title",
    [
        ("Ukraine Postpones Yalta Summit As Presidents Stay Away", True),
        ("Colombia, ELN Resume Peace Talks In Havana After Ecuador Steps Back As Host", True),
        # a sentence-case headline or subheading is left as written
        ("Taliban leadership sought delay, says FO; Afghan government team had yet to arrive", False),
        # datelines and mastheads are no headlines
        ("Tbilisi, Aug 13 (Agencies) –", False),
        ("People's Daily Online", False),
        ("The Talks Ended.", False),
    ],
)
def test_only_a_title_case_headline_is_recased(line, title):
    assert is_title_case(line) is title


@pytest.mark.parametrize(
    "headline, expected",
    [
        # the body writes "summit", "presidents", "stay away" in lower case and "Yalta" with its capital
        (
            "Ukraine Postpones Yalta Summit As Presidents Stay Away",
            "Ukraine postpones Yalta summit as presidents stay away",
        ),
        # acronyms and initials keep their capitals; months and weekdays too
        ("Ukraine, NATO Put Off Yalta Summit Until May", "Ukraine, NATO put off Yalta summit until May"),
        # a pair the body writes keeps the body's casing ("Foreign Ministry")
        ("Foreign Ministry Says Summit Is Off", "Foreign Ministry says summit is off"),
    ],
)
def test_a_headline_takes_the_casing_of_the_body(headline, expected):
    out = truecase_headlines(headline + "\n\n" + BODY)
    assert out.splitlines()[0] == expected


def test_truecasing_never_moves_an_offset():
    for path in sorted(NEWS_TRAIN.glob("*.txt"))[:20] or [None]:
        text = read_document(path).text if path else "Ukraine Postpones Yalta Summit\n\n" + BODY
        out = truecase_headlines(text)
        assert len(out) == len(text) and out.lower() == text.lower()


def test_a_text_without_a_title_case_line_is_returned_unchanged():
    assert truecase_headlines(BODY) is BODY


def test_evidence_keeps_the_headline_as_the_article_writes_it():
    headline = "Ukraine Postpones Yalta Summit With Poland As Presidents Stay Away"
    text = f" date 2012-05-08 https://example.org/a\n\n{headline}\n\n" + BODY
    rec = next(extract_documents([document_from_text("t", text)]))
    sentences = {e.sentence for m in rec.meetings for e in m.evidence}
    assert headline in sentences
    assert not any(s.startswith("Ukraine postpones") for s in sentences)


def test_restore_case_finds_the_sentence_at_its_offset():
    original = "Talks In Geneva Resume\n\nThe talks in Geneva resume."
    cased = truecase_headlines(original)
    assert restore_case("Talks in Geneva resume", cased, original, 0) == "Talks In Geneva Resume"


def test_a_headlines_country_and_title_is_no_person():
    # the recased headline reads "Qatar Amir To attend ...": a country and its title ("Amir", the emir
    # as the Gulf states spell it), which the model types one person
    head = "Qatar Amir To Attend GCC Summit In AlUla As Saudi Arabia Reopens Borders, Kuwait Says"
    body = (
        "His Highness the Amir of Qatar Sheikh Tamim bin Hamad Al Thani will lead his country's delegation "
        "to the 41st Gulf Cooperation Council (GCC) summit in Saudi Arabia on Tuesday."
    )
    rec = next(extract_documents([document_from_text("t", f"{head}\n\n{body}")]))
    people = {e.name for e in rec.entities if e.type == "Person"}
    assert "Qatar Amir" not in people and "Tamim bin Hamad Al Thani" in people
