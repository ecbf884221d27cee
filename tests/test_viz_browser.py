"""The HTML network in a real browser (headless Chromium through Selenium): it draws offline, asks no host for
anything, logs no error, and shows hostile article text as text.

Needs Debian's ``chromium`` and ``chromium-driver`` (``apt-get install -y chromium chromium-driver``) and the
``test`` extra (selenium). Without them these tests skip, and fail instead when ``CI=true``.
Set ``KG_UPDATE_DOCS=1`` to refresh the README screenshot ``docs/graph.png``.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from kg import viz

from .viz_fixtures import (HOSTILE_NAME, HOSTILE_ORG, HOSTILE_SENTENCE, HOSTILE_TITLE, HOSTILE_URL, SAFE_URL, ROOT,
                           hostile_graph, synthetic_graph)

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KG_CHROMEDRIVER", "/usr/bin/chromedriver")
README_SHOT = ROOT / "docs" / "graph.png"
# Flags that keep Chromium from calling Google hosts on its own, so any request the log shows is the page's.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--window-size=1500,950")


def need_browser() -> None:
    """Skip without Chromium, chromedriver or selenium; under CI=true that is a failure, not a skip."""
    missing = []
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        missing.append(f"chromium ({CHROMIUM})")
    if not (shutil.which(CHROMEDRIVER) or Path(CHROMEDRIVER).exists()):
        missing.append(f"chromedriver ({CHROMEDRIVER})")
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install -e '.[test]')")
    if not missing:
        return
    reason = "browser tests need " + ", ".join(missing) + "; on Debian: apt-get install -y chromium chromium-driver"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (CI=true: browser tests must run, not skip)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One headless Chromium for the module, with console and network (performance) logs."""
    need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


class Page:
    """A kg page opened in the browser, with what it logged and requested."""

    def __init__(self, driver, path: Path, timeout: float = 120):
        self.driver, self.url = driver, path.resolve().as_uri()
        driver.get("about:blank")
        time.sleep(0.3)
        driver.get_log("browser")          # drop what the start page logged or fetched
        driver.get_log("performance")
        driver.get(self.url)
        deadline = time.monotonic() + timeout
        while not self.js("return document.documentElement.dataset.ready === 'true'"):
            if time.monotonic() > deadline:
                pytest.fail(f"the page did not finish drawing in {timeout}s; console: {driver.get_log('browser')}")
            time.sleep(0.1)

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def node_count(self) -> int:
        return int(self.js("return document.documentElement.dataset.nodeCount"))

    def node_id(self, name: str) -> int:
        return self.js("return window.kgView.data.nodes.name.indexOf(arguments[0])", name)

    def click_node(self, node_id: int) -> None:
        """A real mouse click on the node's spot on the canvas."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By

        canvas = self.driver.find_element(By.CSS_SELECTOR, "#kg-network canvas")
        x, y = self.js("const n = window.kgNetwork; const p = n.canvasToDOM(n.getPositions([arguments[0]])[arguments[0]]);"
                       "return [p.x, p.y];", node_id)
        size = canvas.size
        ActionChains(self.driver).move_to_element_with_offset(
            canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)).click().perform()

    def panel_text(self) -> str:
        return self.js("const p = document.getElementById('kg-panel'); return p.hidden ? '' : p.innerText")

    def errors(self) -> list[dict]:
        return [e for e in self.driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]

    def requests(self) -> list[str]:
        """Every URL the page asked for (Network.requestWillBeSent in Chrome's performance log)."""
        urls = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                urls.append(message["params"]["request"]["url"])
        return urls

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests() if u != self.url and not u.startswith("data:")]


@pytest.fixture(scope="module")
def seed_page(browser, seed_graph):
    """graph.html of the sample articles, as `kg build examples/` wrote it, open in the browser."""
    return Page(browser, seed_graph.directory / "graph.html")


def with_facts(g) -> set:
    """The nodes the page draws by default: those with a fact (entities no fact mentions are hidden)."""
    return {n for n in g if g.degree(n)}


def test_seed_graph_draws_offline_without_errors(seed_page, seed_graph, tmp_path):
    g = seed_graph.to_networkx()
    assert seed_page.node_count() == len(with_facts(g)) > 0
    assert seed_page.js("return window.kgNetwork.body.data.nodes.length") == len(with_facts(g))
    # parallel facts between two nodes share one line
    assert seed_page.js("return window.kgNetwork.body.data.edges.length") == len({frozenset((s, o)) for s, o in g.edges()})
    shot = tmp_path / "graph.png"
    assert seed_page.driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    if os.environ.get("KG_UPDATE_DOCS") == "1" or not README_SHOT.exists():
        README_SHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, README_SHOT)
    assert seed_page.errors() == []
    assert seed_page.foreign_requests() == []


def test_clicking_a_node_shows_its_facts_with_evidence_and_links(seed_page, seed_graph):
    g = seed_graph.to_networkx()
    iri = max(g, key=g.degree)
    seed_page.click_node(seed_page.node_id(g.nodes[iri]["label"]))
    text = seed_page.panel_text()
    assert g.nodes[iri]["label"] in text
    evidence = [ev for _, _, d in g.edges(iri, data=True) for ev in d["evidence"]]
    for ev in evidence:
        assert ev["sentence"] in text
        assert (ev["title"] or ev["article"]) in text
    links = seed_page.js("return [...document.querySelectorAll('#kg-panel a')].map(a => [a.href, a.rel, a.target])")
    urls = {ev["url"] for ev in evidence if ev["url"]}
    assert {href for href, _, _ in links} == urls
    assert all(rel == "noopener noreferrer" and target == "_blank" for _, rel, target in links)
    assert seed_page.js("return document.documentElement.dataset.panel").startswith("node:")
    assert seed_page.errors() == [] and seed_page.foreign_requests() == [], "opening the panel loads nothing"


def test_neighbourhood_stays_bright_and_the_rest_fades(seed_page, seed_graph):
    g = seed_graph.to_networkx()
    iri = max(g, key=g.degree)
    node = seed_page.node_id(g.nodes[iri]["label"])
    seed_page.js("window.kgView.focusNode(arguments[0])", node)
    colours = seed_page.js("return window.kgView.nodes.get().map(n => [n.id, n.color && n.color.background])")
    neighbours = {seed_page.node_id(g.nodes[n]["label"]) for n in nx_neighbours(g, iri)} | {node}
    faded = {i for i, c in colours if c == "#eceef0"}
    assert faded and not faded & neighbours and faded | neighbours == {i for i, _ in colours}


def nx_neighbours(g, n) -> set:
    return set(g.successors(n)) | set(g.predecessors(n))


def test_search_box_focuses_the_node(seed_page, seed_graph):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    g = seed_graph.to_networkx()
    person = next(d for _, d in sorted(g.nodes(data=True)) if d["type"] == "Person" and d["aliases"])
    box = seed_page.driver.find_element(By.ID, "kg-search")
    box.clear()
    box.send_keys(person["aliases"][0].lower())
    assert person["label"] in seed_page.js("return document.getElementById('kg-results').innerText")
    box.send_keys(Keys.ENTER)
    assert seed_page.js("return document.querySelector('#kg-panel h2').textContent") == person["label"]
    assert seed_page.js("return window.kgNetwork.getSelectedNodes()") == [seed_page.node_id(person["label"])]
    assert seed_page.errors() == []


@pytest.mark.parametrize("kind", ["Place", "Meeting"])
def test_type_filter_hides_that_type(seed_page, seed_graph, kind):
    from selenium.webdriver.common.by import By

    g = seed_graph.to_networkx()
    total = len(with_facts(g))
    # hiding a type hides its nodes, and the nodes left with no fact once their facts with that type are gone
    rest = g.subgraph([n for n, d in g.nodes(data=True) if d["type"] != kind])
    label = next(el for el in seed_page.driver.find_elements(By.CSS_SELECTOR, "#kg-filter-types label")
                 if el.text.split("\n")[0] == kind)
    label.find_element(By.TAG_NAME, "input").click()
    assert seed_page.node_count() == len(with_facts(rest)) < total
    label.find_element(By.TAG_NAME, "input").click()
    assert seed_page.node_count() == total


def test_predicate_and_article_filters(seed_page, seed_graph):
    from selenium.webdriver.common.by import By

    g = seed_graph.to_networkx()
    label = next(el for el in seed_page.driver.find_elements(By.CSS_SELECTOR, "#kg-filter-predicates label")
                 if el.text.split("\n")[0] == "participant")
    label.find_element(By.TAG_NAME, "input").click()
    shown = int(seed_page.js("return document.documentElement.dataset.edgeCount"))
    assert shown == sum(k != "participant" for _, _, k in g.edges(keys=True))
    label.find_element(By.TAG_NAME, "input").click()

    seed_page.driver.find_element(By.ID, "kg-articles-none").click()
    # no article: every fact with evidence goes, and with them every node left with no fact
    unsourced = g.edge_subgraph([(s, o, k) for s, o, k, d in g.edges(keys=True, data=True) if not d["evidence"]])
    assert seed_page.node_count() == len(unsourced) == 0
    seed_page.driver.find_element(By.ID, "kg-articles-all").click()
    assert seed_page.node_count() == len(with_facts(g))
    assert seed_page.errors() == []


def test_hostile_article_text_stays_text(browser, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException

    path = viz.write_html(hostile_graph(), tmp_path / "hostile.html", title=HOSTILE_ORG)
    page = Page(browser, path)
    page.click_node(page.node_id(HOSTILE_NAME))
    text = page.panel_text()

    assert page.js("return typeof window.pwned") == "undefined", "an injected script ran"
    with pytest.raises(NoAlertPresentException):
        page.driver.switch_to.alert.text
    assert page.js("return document.querySelector('#kg-panel h2').textContent") == HOSTILE_NAME
    for literal in (HOSTILE_ORG, HOSTILE_SENTENCE.split("\u2028")[0], HOSTILE_TITLE, HOSTILE_URL, "said by " + HOSTILE_ORG):
        assert literal in text
    assert page.js("return document.title") == HOSTILE_ORG
    assert page.js("return document.querySelectorAll('img, svg foreignObject, iframe, object, embed').length") == 0
    assert page.js("return document.scripts.length") == 3
    hrefs = page.js("return [...document.querySelectorAll('body [href]')].map(e => e.getAttribute('href'))")  # the head's icon is ours
    assert set(hrefs) == {SAFE_URL}, "the javascript: URL must not become a link"
    assert page.errors() == [] and page.foreign_requests() == []


def test_large_graph_uses_the_python_layout_with_physics_off(browser, tmp_path):
    g = synthetic_graph(2_000)
    path = viz.write_html(g, tmp_path / "large.html")
    page = Page(browser, path)
    assert page.node_count() == len(with_facts(g))   # entities with no fact start hidden
    assert page.js("return window.kgNetwork.physics.options.enabled") is False
    x, y = page.js("return [window.kgView.data.nodes.x[0], window.kgView.data.nodes.y[0]]")
    assert page.js("const p = window.kgNetwork.getPositions([0])[0]; return [p.x, p.y]") == [x, y]
    assert page.errors() == [] and page.foreign_requests() == []


def test_max_nodes_note_is_shown(browser, tmp_path, seed_graph):
    path = viz.write_html(seed_graph.to_networkx(), tmp_path / "top.html", max_nodes=5)
    page = Page(browser, path)
    assert page.node_count() == len(with_facts(viz.trim_to_central(seed_graph.to_networkx(), 5)[0])) > 0
    assert "kept the 5 most central" in page.js("return document.getElementById('kg-status').textContent")
