"""Shared helpers for the HTML network tests: hostile and synthetic graphs, and reading a page back."""
from __future__ import annotations

import importlib.util
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent

# Strings an article could carry that must reach the page as text, never as markup.
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_ORG = '"><script>window.pwned=1</script>'
HOSTILE_SENTENCE = "He said </script><script>window.pwned=2</script> and <b>left</b> & smiled.\u2028Next line."
HOSTILE_TITLE = "<svg onload=window.pwned=3>Breaking</svg>"
HOSTILE_URL = "javascript:alert(1)"
SAFE_URL = "https://news.example.org/a?x=1&y=2"


def hostile_graph() -> nx.MultiDiGraph:
    """A small graph of our schema whose names, sentences, titles and URLs try to inject markup and script."""
    g = nx.MultiDiGraph()
    p, o, m = "https://w3id.org/kg-news/id/person/x", "https://w3id.org/kg-news/id/organization/y", \
        "https://w3id.org/kg-news/id/meeting/z"
    g.add_node(p, type="Person", label=HOSTILE_NAME, aliases=["<i>alias</i>"])
    g.add_node(o, type="Organization", label=HOSTILE_ORG, aliases=[])
    g.add_node(m, type="Meeting", label="Talks @@APP_JS@@ </title>", aliases=[], kind="meeting",
               date="2025-10-17", status="<b>proposed</b>")
    bad = {"sentence": HOSTILE_SENTENCE, "article": "a1", "title": HOSTILE_TITLE, "published": "2025-10-17",
           "url": HOSTILE_URL, "speaker": HOSTILE_ORG}
    good = {"sentence": "A plain sentence.", "article": "a2", "title": "Plain title", "published": None,
            "url": SAFE_URL, "speaker": None}
    g.add_edge(p, m, key="proposed", predicate="proposed", evidence=[bad, good])
    g.add_edge(p, o, key="affiliation", predicate="affiliation", evidence=[good])
    g.add_edge(o, m, key="participant", predicate="participant", evidence=[])
    return g


def synthetic_graph(n_nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """The benchmark's synthetic graph of our schema (bench/viz.py), so tests and bench draw the same data."""
    spec = importlib.util.spec_from_file_location("kg_bench_viz", ROOT / "bench" / "viz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.synthetic_graph(n_nodes, seed=seed)


class PageParser(HTMLParser):
    """Tags with their attributes, and the text of every script element, as a browser's parser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "script":
            self._script, self._text = attrs, []

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None


def parse_page(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def page_data(page: str) -> dict:
    """The JSON payload of a page, read the way the page reads it (the application/json script's text)."""
    parsed = parse_page(page)
    [text] = [t for a, t in parsed.scripts if a.get("type") == "application/json" and a.get("id") == "kg-data"]
    return json.loads(text)


def data_block(page: str) -> str:
    """The raw text between the data script's tags."""
    return re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S).group(1)


def rows(table: dict) -> list[dict]:
    """A columnar payload table as one dict per row."""
    names = list(table)
    return [dict(zip(names, values)) for values in zip(*(table[n] for n in names))]


def edge_evidence(data: dict, edge: int) -> list[dict]:
    """The evidence rows of edge number ``edge`` of a payload."""
    start, end = data["edges"]["evidence"][edge], data["edges"]["evidence"][edge + 1]
    return rows(data["evidence"])[start:end]
