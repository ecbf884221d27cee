"""Pages: the query UI (``kg/templates/ui.html``), its prefixes and icon, and the note shown when the graph has no HTML view.

The UI asks this server, never another host: YASGUI's prefix autocompletion
reads ``/prefixes.json`` (kg's own prefixes, in prefix.cc's format) instead of
``prefix.cc``, and the page's icon is ``/favicon.ico``.

>>> b"Yasgui" in ui_page(10, 2.0)
True
>>> json.loads(prefixes_json())["kg"]
'https://w3id.org/kg-news/ontology#'
"""
from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path

DEFAULT_UI_QUERY = ("PREFIX kg: <https://w3id.org/kg-news/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\n"
                    "# who postponed which meeting\nSELECT DISTINCT ?who ?name ?meeting ?label WHERE {\n"
                    "  ?who kg:postponed ?meeting ; rdfs:label ?name .\n  ?meeting rdfs:label ?label .\n}\nLIMIT 100\n")



def ui_page(max_rows: int, timeout: float) -> bytes:
    """The query UI, stating the endpoint's limits, with a first query filled in."""
    page = resources.files("kg").joinpath("templates").joinpath("ui.html").read_text(encoding="utf-8")
    page = (page.replace("__MAX_ROWS__", str(max_rows)).replace("__TIMEOUT__", f"{timeout:g}")
            .replace("__QUERY__", json.dumps(DEFAULT_UI_QUERY).replace("</", "<\\/")))
    return page.encode("utf-8")


def prefixes_json() -> bytes:
    """kg's prefixes as prefix.cc's ``all.file.json`` (``{"prefix": "namespace", ...}``) for YASGUI's autocompletion."""
    from ..vocab import PREFIXES

    return json.dumps(dict(sorted(PREFIXES.items())), ensure_ascii=False).encode("utf-8")


# a small network glyph (three linked nodes), the page's icon: SVG, which browsers take for /favicon.ico too
FAVICON = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d2329"/>'
           b'<path d="M9 22L16 9L23 22Z" fill="none" stroke="#9ab" stroke-width="2"/><circle cx="16" cy="9" r="4" fill="#1f6fb4"/>'
           b'<circle cx="9" cy="22" r="4" fill="#2a9d2a"/><circle cx="23" cy="22" r="4" fill="#d62728"/></svg>')


def no_graph_page(graph_dir: Path) -> bytes:
    """What ``/`` shows when ``graph.html`` was not written."""
    return (f"<!DOCTYPE html><meta charset='utf-8'><title>kg</title><p>No graph view at "
            f"{html.escape(str(graph_dir / 'graph.html'))}; write it with <code>kg viz -g {html.escape(str(graph_dir))}"
            f"</code>. <a href='/ui'>Query the graph</a>.</p>").encode("utf-8")

