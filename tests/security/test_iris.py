"""Item 12: IRIs keep distinct names distinct, in every script, and stay valid IRIs through every export."""
from __future__ import annotations

import itertools

import pyoxigraph as ox
import pytest

from kg.names import slug
from kg.rdf import iri_for

NAMES = {
    "cyrillic": ["Владимир Путин", "Сергей Лавров", "Дмитрий Песков"],
    "chinese": ["習近平", "王毅", "李强"],
    "arabic": ["محمد بن سلمان", "عبد الفتاح السيسي"],
    "greek": ["Κυριάκος Μητσοτάκης", "Αλέξης Τσίπρας"],
    "hebrew": ["בנימין נתניהו", "יצחק הרצוג"],
    "devanagari": ["नरेन्द्र मोदी", "सुब्रह्मण्यम जयशंकर"],
    "mixed": ["Sergey Лавров", "Wang 毅"],
}


def test_distinct_names_of_every_script_get_distinct_iris():
    names = [n for group in NAMES.values() for n in group]
    iris = {iri_for(f"Person:{n}") for n in names}
    assert len(iris) == len(names)
    assert not any(i.endswith("/person/x") for i in iris)


@pytest.mark.parametrize("a, b", list(itertools.combinations(NAMES["cyrillic"] + NAMES["chinese"], 2)))
def test_no_two_non_latin_names_share_a_slug(a, b):
    assert slug(a) != slug(b)


@pytest.mark.parametrize("name", [n for group in NAMES.values() for n in group])
@pytest.mark.parametrize("fmt", [ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML])
def test_a_non_latin_iri_is_a_valid_iri_in_every_format(name, fmt):
    node = ox.NamedNode(iri_for(f"Person:{name}"))  # raises on an invalid IRI
    triple = ox.Triple(node, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal(name))
    quads = [ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph())]
    data = ox.serialize(quads if fmt == ox.RdfFormat.TRIG else [triple], format=fmt)
    back = list(ox.parse(data, format=fmt))
    assert back[0].subject == node


@pytest.mark.parametrize("name, expected", [("Donald Trump", "donald-trump"), ("Lech Wałęsa", "lech-walesa"),
                                            ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"), ("Łódź", "lodz")])
def test_latin_names_keep_their_ascii_iris(name, expected):
    assert slug(name) == expected
