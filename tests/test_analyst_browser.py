"""The analyst's views in a real browser: a meeting's timeline panel, and /ui asking no other host for anything.

Set ``KG_UPDATE_DOCS=1`` to refresh the README screenshot ``docs/timeline.png``.
"""

from __future__ import annotations

import os
import time
from urllib.parse import urlsplit

import pytest

from .store_fixtures import copy_graph, stop  # noqa: F401
from .test_serve import start_server
from .test_viz_browser import Page, browser, need_browser, seed_page  # noqa: F401  (fixtures)
from .viz_fixtures import ROOT

pytestmark = pytest.mark.browser

TIMELINE_SHOT = ROOT / "docs" / "timeline.png"
BUDAPEST = "Trump–Putin summit in Budapest"


def _loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "about", "blob", "file") or parts.hostname in ("127.0.0.1", "localhost", "::1")


def test_a_meetings_panel_shows_its_timeline_in_date_order(seed_page):
    node = seed_page.node_id(BUDAPEST)
    seed_page.click_node(node)
    deadline = time.monotonic() + 10
    while "timeline" not in seed_page.panel_text().lower() and time.monotonic() < deadline:
        time.sleep(0.1)
    text = seed_page.panel_text()
    assert "timeline · 16 status events" in text.lower()  # the headline mentions the meeting too
    events = seed_page.js("return [...document.querySelectorAll('.kg-event .kg-event-status')].map(e => e.textContent)")
    dates = seed_page.js("return [...document.querySelectorAll('.kg-event .kg-event-date')].map(e => e.textContent)")
    assert events[:2] == ["proposed", "agreed"] and "postponed" in events[2:]
    assert dates[0].startswith("2025-10-17") and "venue Budapest" in text
    assert "004_f658a7a708eed7e6" in text  # each event with its source article
    assert seed_page.errors() == []
    if os.environ.get("KG_UPDATE_DOCS") == "1" or not TIMELINE_SHOT.exists():
        from selenium.webdriver.common.by import By

        TIMELINE_SHOT.parent.mkdir(exist_ok=True)
        seed_page.driver.find_element(By.ID, "kg-panel").screenshot(str(TIMELINE_SHOT))


def test_graph_html_asks_no_host_for_anything(seed_page):
    assert [u for u in seed_page.requests() if not _loopback(u)] == []


# ------------------------------------------------------------------ the picture


def _counts(page) -> tuple[int, int, int]:
    d = page.js("const d = document.documentElement.dataset; return [d.nodeCount, d.edgeCount, d.lineCount]")
    return tuple(int(x) for x in d)


def test_parallel_facts_are_one_line_whose_label_lists_the_predicates_with_counts(seed_page, seed_graph):
    g = seed_graph.to_networkx()
    lines = seed_page.js("return window.kgView.edges.get().map(e => [e.from, e.to, e.label, e.facts.length])")
    assert len(lines) == len({frozenset((s, o)) for s, o in g.edges()})
    pairs = {}
    for s, o, k in g.edges(keys=True):
        pairs.setdefault(frozenset((s, o)), []).append(k)
    merged = [(label, n) for *_, label, n in lines if n > 1]
    assert merged and len(merged) == sum(len(v) > 1 for v in pairs.values())
    summit = seed_page.node_id(BUDAPEST)
    trump = seed_page.node_id("Donald Trump")
    (label,) = [lab for a, b, lab, _ in lines if {a, b} == {summit, trump}]
    assert label.startswith("proposed (1) · postponed (") and "participant (" in label  # headline first, readable
    assert seed_page.errors() == []


def test_filters_hide_the_nodes_left_with_no_fact(seed_page):
    from selenium.webdriver.common.by import By

    nodes, facts, _ = _counts(seed_page)
    seed_page.driver.find_element(By.ID, "kg-articles-none").click()
    assert _counts(seed_page)[:2] == (0, 0)
    seed_page.driver.find_element(By.ID, "kg-articles-all").click()
    assert _counts(seed_page)[:2] == (nodes, facts)


def test_entities_with_no_fact_are_hidden_until_asked_for(seed_page, seed_graph):
    g = seed_graph.to_networkx()
    factless = [n for n in g if g.degree(n) == 0]
    assert factless and seed_page.node_count() == len(g) - len(factless)
    seed_page.js("document.getElementById('kg-factless').click()")
    assert seed_page.node_count() == len(g)
    seed_page.js("document.getElementById('kg-factless').click()")
    assert seed_page.node_count() == len(g) - len(factless)


def test_the_date_slider_keeps_the_facts_of_articles_published_in_the_range(seed_page, seed_graph):
    from selenium.webdriver.common.by import By

    dates = seed_page.js("return window.kgView.dates")
    assert dates == ["2025-10-17", "2025-10-26"]
    nodes, facts, _ = _counts(seed_page)
    slider = seed_page.driver.find_element(By.ID, "kg-date-from")
    seed_page.js("arguments[0].value = '1'; arguments[0].dispatchEvent(new Event('input'))", slider)
    assert seed_page.js("return document.getElementById('kg-date-range').textContent") == "2025-10-26 – 2025-10-26"
    late_nodes, late_facts, _ = _counts(seed_page)
    # only the facts with evidence from the 26 October article stay, and the nodes they touch
    rows = seed_graph.query("""SELECT ?s ?p ?o WHERE { GRAPH ?g { ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
                               ?g dct:issued "2025-10-26"^^xsd:date }""")
    expected = {(r["s"].value, r["p"].value, r["o"].value) for r in rows}
    assert late_facts == len(expected) and 0 < late_nodes < nodes
    seed_page.js("arguments[0].value = '0'; arguments[0].dispatchEvent(new Event('input'))", slider)
    assert _counts(seed_page)[:2] == (nodes, facts)


def test_clicking_a_node_zooms_to_its_neighbourhood(seed_page):
    node = seed_page.node_id("Viktor Orban")
    seed_page.js("window.kgNetwork.moveTo({scale: 0.3})")  # zoomed out: the node is small but on screen
    time.sleep(0.3)
    seed_page.click_node(node)
    time.sleep(0.8)
    x, y = seed_page.js(
        "const n = window.kgNetwork; const p = n.canvasToDOM(n.getPositions([arguments[0]])[arguments[0]]);"
        "const c = document.querySelector('#kg-network canvas').getBoundingClientRect();"
        "return [p.x / c.width, p.y / c.height];",
        node,
    )
    assert 0.1 < x < 0.9 and 0.1 < y < 0.9  # in view, near the middle
    assert seed_page.js("return window.kgNetwork.getScale()") > 0.3


def test_the_most_central_nodes_keep_a_large_label(seed_page, seed_graph):
    g = seed_graph.to_networkx()
    top = max(g, key=g.degree)
    fonts = seed_page.js("return window.kgView.nodes.get().filter(n => n.font && n.font.size >= 24).map(n => n.id)")
    assert seed_page.node_id(g.nodes[top]["label"]) in fonts and 0 < len(fonts) <= 12


# ------------------------------------------------------------------ kg serve (last: these move the browser away from graph.html)


@pytest.fixture(scope="module")
def served(seed_graph, tmp_path_factory):
    need_browser()
    base = tmp_path_factory.mktemp("served-ui")
    s = start_server(copy_graph(seed_graph.directory, base / "g", html=True), base / "serve.log")
    yield s
    stop(s.proc)


@pytest.mark.server
@pytest.mark.parametrize("path", ["/ui", "/"])
def test_the_served_pages_make_no_request_beyond_loopback(browser, served, path):
    browser.get("about:blank")
    browser.get_log("performance")
    browser.get(served.url + path)
    time.sleep(3)  # YASGUI loads its autocompleters after the page: give them time to ask
    import json

    urls = [
        json.loads(e["message"])["message"]["params"]["request"]["url"]
        for e in browser.get_log("performance")
        if json.loads(e["message"])["message"]["method"] == "Network.requestWillBeSent"
    ]
    assert urls and all(_loopback(u) for u in urls), [u for u in urls if not _loopback(u)]
    if path == "/ui":
        assert any(u.endswith("/prefixes.json") for u in urls)  # the prefixes come from kg serve itself


@pytest.mark.server
def test_the_favicon_and_prefixes_are_served(served):
    import urllib.request

    with urllib.request.urlopen(served.url + "/favicon.ico", timeout=30) as r:
        assert r.status == 200 and r.headers["Content-Type"] == "image/svg+xml" and b"<svg" in r.read()
    with urllib.request.urlopen(served.url + "/prefixes.json", timeout=30) as r:
        import json

        assert json.loads(r.read())["kg"] == "https://w3id.org/kg-news/ontology#"
