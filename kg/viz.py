"""Visualisation: the graph as one self-contained, interactive HTML file.

The page is built from ``kg/templates/network.{html,css,js}`` with
vis-network inlined (read from the installed pyvis package), so it opens
from ``file://`` with networking off and asks no host for anything; a
Content-Security-Policy with the hashes of its two scripts makes sure of it.

* Nodes are coloured and shaped by type (legend included) and sized by degree
  centrality; meeting labels carry kind, date and status. Edges are labelled
  and styled by predicate: the headline ones (proposed, agreed, postponed,
  mediated) bold and distinct, the structural ones (participant, location,
  affiliation) thin and grey.
* A search box focuses a node; the legend doubles as filters by entity type,
  predicate and source article; clicking a node or an edge opens a side panel
  with its facts and every fact's evidence sentence, article title, date and
  link; the clicked node's neighbourhood is highlighted.
* Article text never becomes HTML: the data travels as JSON in a
  ``<script type="application/json">`` block with ``<``, ``>``, ``&``, U+2028
  and U+2029 escaped, the page builds its DOM with ``textContent``, and only
  http(s) URLs become links.
* Large graphs stay usable: ``max_nodes`` keeps the most central nodes, and
  above :data:`PHYSICS_THRESHOLD` nodes physics is off and positions come
  from :func:`spiral_layout`, which is linear in the size of the graph.

>>> import networkx as nx
>>> g = nx.MultiDiGraph(); g.add_node("a", type="Person", label="<b>X</b>", aliases=[])
>>> page = render_html(g)
>>> "<b>X</b>" in page, "\\\\u003cb\\\\u003eX" in page
(False, True)
"""
from __future__ import annotations

import base64
import gc
import hashlib
import html
import json
import logging
import math
import re
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx

from .folder import atomic_write
from .names import safe_url
from .vocab import vocabulary

log = logging.getLogger(__name__)

PHYSICS_THRESHOLD = 1500
"""Above this many nodes the page draws precomputed positions with physics off."""

_TEMPLATES = "templates"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


# --------------------------------------------------------------------------- selection

def centrality(g: nx.MultiDiGraph) -> dict:
    """Degree centrality of every node (parallel edges count): cheap enough for 50k nodes.

    >>> g = nx.MultiDiGraph([("a", "m"), ("b", "m")])
    >>> centrality(g)["m"]
    1.0
    """
    return nx.degree_centrality(g) if len(g) > 1 else {n: 0.0 for n in g}


def _rank(g: nx.MultiDiGraph, cent: dict) -> list:
    """Nodes from most to least central; ties by label then id so the order is stable."""
    return sorted(g, key=lambda n: (-cent.get(n, 0.0), str(g.nodes[n].get("label", "")), str(n)))


def trim_to_central(g: nx.MultiDiGraph, max_nodes: int | None,
                    cent: dict | None = None) -> tuple[nx.MultiDiGraph, str | None]:
    """Keep the ``max_nodes`` most central nodes; return the subgraph and a note on what was dropped.

    The note is ``None`` when nothing was dropped.

    >>> g = nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("c", "d")])
    >>> small, note = trim_to_central(g, 1)
    >>> list(small), note
    (['hub'], 'kept the 1 most central of 5 nodes (degree centrality); dropped 4 nodes and 3 edges')
    """
    if max_nodes is None or len(g) <= max_nodes:
        return g, None
    if max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, not {max_nodes}")
    cent = centrality(g) if cent is None else cent
    keep = _rank(g, cent)[:max_nodes]
    small = g.subgraph(keep).copy()
    dropped_n = len(g) - len(small)
    dropped_e = g.number_of_edges() - small.number_of_edges()
    note = (f"kept the {max_nodes:,} most central of {len(g):,} nodes (degree centrality); "
            f"dropped {dropped_n:,} nodes and {dropped_e:,} edges")
    return small, note


# --------------------------------------------------------------------------- layout

def _undirected_adjacency(g: nx.MultiDiGraph) -> dict:
    """Each node's neighbours in either direction (parallel edges once).

    ``adjacency()`` of the graph and of its reverse view hand out the plain
    successor and predecessor dicts, three times faster than going through
    ``g.succ[n]`` views at 50k nodes.
    """
    adj = {n: list(nbrs) for n, nbrs in g.adjacency()}
    if g.is_directed():
        for n, nbrs in g.reverse(copy=False).adjacency():
            adj[n].extend(nbrs)
    return adj


def spiral_layout(g: nx.MultiDiGraph, cent: dict | None = None, spacing: float = 60.0) -> dict:
    """Positions for large graphs, linear in nodes + edges (spring layouts are far too slow at 50k).

    Each connected component is walked breadth-first from its most central
    node and laid on a sunflower spiral, so a hub sits in the middle with its
    neighbours in the rings around it; components are packed in rows,
    largest first.

    >>> pos = spiral_layout(nx.MultiDiGraph([("a", "b"), ("c", "d")]))
    >>> sorted(pos) == ["a", "b", "c", "d"] and pos["a"] != pos["c"]
    True
    """
    cent = centrality(g) if cent is None else cent
    adj = _undirected_adjacency(g)
    seen: set = set()
    components: list[list] = []
    # most central first; the sort is stable, so ties keep the graph's own (deterministic) order
    for start in sorted(g, key=cent.__getitem__, reverse=True):
        if start in seen:
            continue
        seen.add(start)
        order, i = [start], 0
        while i < len(order):
            for nb in adj[order[i]]:
                if nb not in seen:
                    seen.add(nb)
                    order.append(nb)
            i += 1
        components.append(order)
    if not components:
        return {}
    components.sort(key=len, reverse=True)

    golden = math.pi * (3 - math.sqrt(5))  # the sunflower angle: rings fill evenly, no spokes
    biggest = len(components[0])
    dx = [spacing * math.sqrt(k) * math.cos(k * golden) for k in range(biggest)]
    dy = [spacing * math.sqrt(k) * math.sin(k * golden) for k in range(biggest)]
    radius = [spacing * (math.sqrt(len(c)) + 1) for c in components]
    row_width = max(2 * radius[0], math.sqrt(sum((2 * r) ** 2 for r in radius)))
    pos: dict = {}
    x = y = row_height = 0.0
    for comp, r in zip(components, radius):
        if x > 0 and x + 2 * r > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + r, y + r
        for k, n in enumerate(comp):
            pos[n] = (round(cx + dx[k]), round(cy + dy[k]))
        x += 2 * r
        row_height = max(row_height, 2 * r)
    return pos


# --------------------------------------------------------------------------- payload

def display_label(data: dict, fallback: str = "") -> str:
    """The label drawn on a node: a meeting adds a second line with its kind, date and status.

    A fact the meeting's name already says ("summit", its date) is not repeated.

    >>> display_label({"type": "Meeting", "label": "Santos–Novak talks", "kind": "summit", "status": "postponed"})
    'Santos–Novak talks\\nsummit · postponed'
    >>> display_label({"type": "Meeting", "label": "Santos–Novak summit", "kind": "summit", "status": "postponed"})
    'Santos–Novak summit\\npostponed'
    """
    label = str(data.get("label") or fallback)
    if data.get("type") != "Meeting":
        return label
    given = [str(data["kind"]).replace("_", " ") if data.get("kind") else None, data.get("date"), data.get("status")]
    facts = [str(f) for f in given if f and str(f).lower() not in label.lower()]
    return label + ("\n" + " · ".join(facts) if facts else "")


def _short_name(iri: str) -> str:
    return re.split(r"[/#]", str(iri).rstrip("/#"))[-1] or str(iri)


def graph_payload(g: nx.MultiDiGraph, title: str = "kg knowledge graph", note: str | None = None,
                  physics_threshold: int = PHYSICS_THRESHOLD, total_nodes: int | None = None,
                  timelines: dict[str, list[dict]] | None = None) -> dict:
    """The JSON-ready data the page draws: node, edge, evidence and article columns, styles and facts about the view.

    The tables are columnar (a dict of equally long lists) because encoding
    a few long lists is several times faster than encoding one small dict per
    node, which is what keeps a 50k-node page at a few seconds. Node ``i`` is
    ``nodes[col][i]``; edges point to nodes by index; edge ``i``'s evidence is
    rows ``edges["evidence"][i]`` to ``edges["evidence"][i + 1] - 1`` of
    ``evidence``; each evidence row points into the de-duplicated
    ``articles``. Above ``physics_threshold`` nodes the node table has ``x``
    and ``y`` columns from :func:`spiral_layout`. ``timelines`` (meeting IRI ->
    its status events, as :func:`kg.timeline.timeline_payload` gives them) become
    ``timelines``: node index -> events, shown in the meeting's panel.

    >>> g = nx.MultiDiGraph(); _ = g.add_edge("p", "m", key="proposed", evidence=[])
    >>> graph_payload(g)["edges"]["predicate"]
    ['proposed']
    """
    cent = centrality(g)
    top = max(cent.values(), default=0.0) or 1.0
    large = len(g) > physics_threshold
    index = {n: i for i, n in enumerate(g)}

    cols = ("iri", "type", "name", "label", "aliases", "kind", "date", "status", "size", "centrality")
    nodes: dict[str, list] = {c: [] for c in cols}
    for n, d in g.nodes(data=True):
        c = cent.get(n, 0.0)
        label = d.get("label") or _short_name(n)
        nodes["iri"].append(str(n))
        nodes["type"].append(d.get("type") or "")
        nodes["name"].append(str(label))
        nodes["label"].append(display_label(d, label) if d.get("type") == "Meeting" else str(label))
        nodes["aliases"].append([str(a) for a in d["aliases"]] if d.get("aliases") else [])
        nodes["kind"].append(str(d["kind"]).replace("_", " ") if d.get("kind") else None)
        nodes["date"].append(str(d["date"]) if d.get("date") else None)
        nodes["status"].append(str(d["status"]) if d.get("status") else None)
        nodes["size"].append(round(12 + 28 * math.sqrt(c / top), 1))
        nodes["centrality"].append(round(c, 5))
    if large:
        pos = spiral_layout(g, cent)
        nodes["x"] = [pos[n][0] for n in g]
        nodes["y"] = [pos[n][1] for n in g]

    articles: dict[str, list] = {"id": [], "title": [], "published": [], "url": [], "source": []}
    article_index: dict = {}
    evidence: dict[str, list] = {"sentence": [], "article": [], "speaker": []}
    edges: dict[str, list] = {"from": [], "to": [], "predicate": [], "bend": [], "evidence": [0]}
    parallel: dict = {}
    for s, o, k, d in g.edges(keys=True, data=True):
        a, b = index[s], index[o]
        pair = (a, b) if a <= b else (b, a)
        parallel[pair] = bend = parallel.get(pair, -1) + 1  # the n-th edge between the same two nodes
        edges["from"].append(a)
        edges["to"].append(b)
        edges["predicate"].append(str(d.get("predicate") or k))
        edges["bend"].append(bend)
        for ev in d.get("evidence") or ():
            key = ev.get("article") or ev.get("url") or ev.get("title")
            art = article_index.get(key) if key is not None else None
            if key is not None and art is None:
                art = article_index[key] = len(articles["id"])
                url = ev.get("url")
                articles["id"].append(str(key))
                articles["title"].append(str(ev["title"]) if ev.get("title") else None)
                articles["published"].append(str(ev["published"]) if ev.get("published") else None)
                articles["url"].append(safe_url(url))
                articles["source"].append(str(url) if url and not safe_url(url) else None)  # shown, never linked
            evidence["sentence"].append(str(ev.get("sentence") or ""))
            evidence["article"].append(art)
            evidence["speaker"].append(str(ev["speaker"]) if ev.get("speaker") else None)
        edges["evidence"].append(len(evidence["sentence"]))

    return {
        "title": title,
        "meta": {"nodes": len(g), "edges": len(edges["from"]), "total_nodes": total_nodes or len(g),
                 "note": note, "large": large, "centrality": "degree"},
        "style": page_styles(),
        "nodes": nodes,
        "edges": edges,
        "evidence": evidence,
        "articles": articles,
        "timelines": {str(index[n]): [{k: (None if v is None else v if isinstance(v, list) else str(v)) for k, v in e.items()}
                                      for e in events]
                      for n, events in (timelines or {}).items() if n in index},
    }


def page_styles() -> dict:
    """How the page draws each node type and predicate, from the vocabulary (the page restates none of it).

    Headline predicates differ in colour *and* dash pattern, so they stay apart
    in greyscale prints and for colour-blind readers; structural ones are quiet.

    >>> page_styles()["headline"]
    ['proposed', 'agreed', 'postponed', 'mediated']
    """
    v = vocabulary()
    return {"types": v.node_styles, "other": dict(v.other_type_style), "predicates": v.edge_styles,
            "otherPredicate": dict(v.other_relation_style), "headline": list(v.headline)}


def script_json(data) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``</script>``, ``<!--`` or entity can form.

    >>> script_json({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in _JSON_ESCAPES.items():
        text = text.replace(ch, esc)
    return text


# --------------------------------------------------------------------------- page

@lru_cache(maxsize=None)
def _template(name: str) -> str:
    return resources.files("kg").joinpath(_TEMPLATES).joinpath(name).read_text(encoding="utf-8")


def _version_key(path: Path) -> tuple:
    return tuple(int(x) for x in re.findall(r"\d+", path.parent.name))


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vis-network bundle shipped inside the installed pyvis package (newest version there).

    >>> "vis" in vis_network_js()[:2000]
    True
    """
    try:
        import pyvis
    except ImportError:  # pragma: no cover - pyvis is a hard dependency
        raise RuntimeError("pyvis is not installed; `pip install pyvis` (it carries the vis-network script kg inlines)") from None
    root = Path(pyvis.__file__).resolve().parent
    found = sorted(root.glob("templates/lib/vis-*/vis-network.min.js"), key=_version_key)
    found = found or sorted(root.glob("lib/vis-*/vis-network.min.js"), key=_version_key)
    if not found:
        raise RuntimeError(f"no vis-network.min.js under {root}; reinstall pyvis (`pip install --force-reinstall pyvis`)")
    return _clean_script(found[-1].read_text(encoding="utf-8"))


def _clean_script(js: str) -> str:
    """Normalise newlines (the browser hashes the parsed text) and refuse anything that would end the script early."""
    js = js.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"</script|<!--", js, re.IGNORECASE):
        raise RuntimeError("a script to inline contains '</script' or '<!--'; it cannot be inlined safely")
    return js


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _fill(template: str, parts: dict[str, str]) -> str:
    """Replace every ``@@NAME@@`` in one pass, so text put in is never searched for markers again."""
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], template)


def page_html(payload: dict) -> str:
    """The HTML page around a :func:`graph_payload`."""
    vis_js = vis_network_js()
    app_js = _clean_script(_template("network.js"))
    csp = ("default-src 'none'; "
           f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
           "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    return _fill(_template("network.html"), {
        "TITLE": html.escape(str(payload.get("title") or "kg knowledge graph"), quote=True),
        "CSP": csp,
        "CSS": _template("network.css"),
        "DATA": script_json(payload),
        "VIS_JS": vis_js,
        "APP_JS": app_js,
    })


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while building the page.

    The payload allocates a few hundred thousand lists and dicts; each young
    collection then walks the whole (large, long-lived) networkx graph, which
    costs a third of the run time at 50k nodes. Nothing built here forms cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_html(g: nx.MultiDiGraph, title: str = "kg knowledge graph", *, max_nodes: int | None = None,
                physics_threshold: int = PHYSICS_THRESHOLD, note: str | None = None,
                timelines: dict[str, list[dict]] | None = None) -> str:
    """The self-contained HTML page of the network.

    With ``max_nodes`` only the most central nodes are drawn; what was dropped
    is logged on the ``kg.viz`` logger and said on the page. To get that
    message yourself, call :func:`trim_to_central` first and pass its note
    here as ``note`` (shown under the node count).

    >>> g = nx.MultiDiGraph([("a", "b")])
    >>> 'data-kg-page' in render_html(g, max_nodes=1)
    True
    """
    total = len(g)
    with _gc_paused():
        g, dropped = trim_to_central(g, max_nodes)
        if dropped:
            log.warning(dropped)
        note = "; ".join(x for x in (note, dropped) if x) or None
        return page_html(graph_payload(g, title=title, note=note, physics_threshold=physics_threshold, total_nodes=total,
                                       timelines=timelines))


def write_html(g: nx.MultiDiGraph, path: str | Path, title: str = "kg knowledge graph", *,
               max_nodes: int | None = None, physics_threshold: int = PHYSICS_THRESHOLD, note: str | None = None,
               timelines: dict[str, list[dict]] | None = None) -> Path:
    """Write the network page to ``path`` atomically and return the path (arguments as for :func:`render_html`)."""
    page = render_html(g, title=title, max_nodes=max_nodes, physics_threshold=physics_threshold, note=note,
                       timelines=timelines)
    return atomic_write(path, page.encode("utf-8"))
