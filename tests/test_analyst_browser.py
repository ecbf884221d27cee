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
    assert "timeline · 15 status events" in text.lower()
    events = seed_page.js("return [...document.querySelectorAll('.kg-event .kg-event-status')].map(e => e.textContent)")
    dates = seed_page.js("return [...document.querySelectorAll('.kg-event .kg-event-date')].map(e => e.textContent)")
    assert events[:2] == ["proposed", "agreed"] and "postponed" in events[2:]
    assert dates[0].startswith("2025-10-17") and "venue Budapest" in text
    assert "004_f658a7a708eed7e6" in text        # each event with its source article
    assert seed_page.errors() == []
    if os.environ.get("KG_UPDATE_DOCS") == "1" or not TIMELINE_SHOT.exists():
        from selenium.webdriver.common.by import By

        TIMELINE_SHOT.parent.mkdir(exist_ok=True)
        seed_page.driver.find_element(By.ID, "kg-panel").screenshot(str(TIMELINE_SHOT))


def test_graph_html_asks_no_host_for_anything(seed_page):
    assert [u for u in seed_page.requests() if not _loopback(u)] == []


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

    urls = [json.loads(e["message"])["message"]["params"]["request"]["url"] for e in browser.get_log("performance")
            if json.loads(e["message"])["message"]["method"] == "Network.requestWillBeSent"]
    assert urls and all(_loopback(u) for u in urls), [u for u in urls if not _loopback(u)]
    if path == "/ui":
        assert any(u.endswith("/prefixes.json") for u in urls)   # the prefixes come from kg serve itself


@pytest.mark.server
def test_the_favicon_and_prefixes_are_served(served):
    import urllib.request

    with urllib.request.urlopen(served.url + "/favicon.ico", timeout=30) as r:
        assert r.status == 200 and r.headers["Content-Type"] == "image/svg+xml" and b"<svg" in r.read()
    with urllib.request.urlopen(served.url + "/prefixes.json", timeout=30) as r:
        import json

        assert json.loads(r.read())["kg"] == "https://w3id.org/kg-news/ontology#"
