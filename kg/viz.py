"""Visualisation: the graph as an interactive HTML network (pyvis / vis-network).

Nodes are coloured and shaped by type, edges labelled by predicate, and an
edge's tooltip shows the evidence sentences. Every string that comes from an
article is HTML-escaped before it reaches the page.

>>> import networkx as nx
>>> g = nx.MultiDiGraph(); g.add_node("a", type="Person", label="<b>X</b>", aliases=[])
>>> "&lt;b&gt;" in render_html(g)
True
"""
from __future__ import annotations

import html
import json
from pathlib import Path

import networkx as nx

from .export import atomic_write

COLORS = {"Person": "#4e79a7", "Place": "#59a14f", "Organization": "#f28e2b", "Meeting": "#e15759"}
SHAPES = {"Person": "dot", "Place": "triangle", "Organization": "square", "Meeting": "diamond"}
EDGE_COLORS = {"proposed": "#1f77b4", "agreed": "#2ca02c", "postponed": "#d62728", "mediated": "#9467bd",
               "participant": "#bbbbbb", "location": "#bbbbbb", "affiliation": "#bbbbbb"}


def _esc(s) -> str:
    return html.escape(str(s or ""), quote=True)


def _node_title(data: dict) -> str:
    lines = [f"{data.get('type', '')}: {data.get('label', '')}"]
    if data.get("aliases"):
        lines.append("also: " + ", ".join(data["aliases"]))
    for k in ("kind", "date", "status"):
        if data.get(k):
            lines.append(f"{k}: {data[k]}")
    return _esc("\n".join(lines))


def _edge_title(p: str, data: dict) -> str:
    lines = [p]
    for ev in data.get("evidence", [])[:5]:
        lines.append(f"“{ev['sentence']}” ({ev.get('title') or ev.get('article')}{', ' + ev['published'] if ev.get('published') else ''})")
    return _esc("\n".join(lines))


def render_html(g: nx.MultiDiGraph, title: str = "kg knowledge graph") -> str:
    """The HTML page of the network (pyvis template, data escaped)."""
    from pyvis.network import Network

    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line", notebook=False)
    for n, d in g.nodes(data=True):
        t = d.get("type", "")
        net.add_node(n, label=_esc(d.get("label", n)), title=_node_title(d), color=COLORS.get(t, "#999999"),
                     shape=SHAPES.get(t, "dot"), group=t)
    for s, o, p, d in g.edges(keys=True, data=True):
        net.add_edge(s, o, label=p, title=_edge_title(p, d), color=EDGE_COLORS.get(p, "#999999"),
                     arrows="to", dashes=p in {"participant", "location", "affiliation"})
    net.set_options(json.dumps({"physics": {"stabilization": {"iterations": 200}},
                                "interaction": {"hover": True, "navigationButtons": False}}))
    page = net.generate_html(notebook=False)
    return page.replace("<head>", f"<head>\n<title>{_esc(title)}</title>", 1)


def write_html(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write the network page to ``path`` atomically."""
    return atomic_write(path, render_html(g).encode("utf-8"))
