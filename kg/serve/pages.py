"""Pages: the query UI (``kg/templates/ui.html``) and the note shown when the graph has no HTML view.

>>> b"Yasgui" in ui_page(10, 2.0)
True
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


def no_graph_page(graph_dir: Path) -> bytes:
    """What ``/`` shows when ``graph.html`` was not written."""
    return (f"<!DOCTYPE html><meta charset='utf-8'><title>kg</title><p>No graph view at "
            f"{html.escape(str(graph_dir / 'graph.html'))}; write it with <code>kg viz -g {html.escape(str(graph_dir))}"
            f"</code>. <a href='/ui'>Query the graph</a>.</p>").encode("utf-8")

