"""The HTML network without a browser: self-contained page, escaped data, reading aids, scale, the kg viz command."""
from __future__ import annotations

import base64
import hashlib
import json
import re

import networkx as nx
import pytest

from kg import viz
from kg.cli import main as kg_main
from kg.network import from_triples
from kg.query import run_query
from kg.vocab import vocabulary

from .viz_fixtures import (HOSTILE_NAME, HOSTILE_ORG, HOSTILE_SENTENCE, HOSTILE_TITLE, HOSTILE_URL, SAFE_URL,
                           data_block, edge_evidence, hostile_graph, page_data, parse_page, rows, synthetic_graph)


@pytest.fixture(scope="module")
def seed_nx(seed_graph) -> nx.MultiDiGraph:
    """The networkx view of the sample articles' graph."""
    return seed_graph.to_networkx()


@pytest.fixture(scope="module")
def seed_page(seed_graph) -> str:
    """The graph.html that `kg build examples/` wrote."""
    return (seed_graph.directory / "graph.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_page() -> str:
    return viz.render_html(hostile_graph(), title="<script>alert('title')</script>")


# --------------------------------------------------------------------------- self-contained

def test_seed_page_loads_nothing_from_any_host(seed_page):
    parsed = parse_page(seed_page)
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "srcset", "data", "action", "poster"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http://", "https://", "//")), f"<{tag} {name}={value}> would load from a host"
    assert not [a for t, a in parsed.tags if t == "script" and "src" in a], "every script must be inline"
    links = [a for t, a in parsed.tags if t == "link"]
    assert all(a.get("rel") == "icon" and a.get("href", "").startswith("data:") for a in links), \
        "no stylesheet or font may be linked; the icon is inline"
    assert "@import" not in seed_page and not re.search(r"url\(\s*['\"]?(https?:)?//", seed_page)


def test_seed_page_inlines_vis_network_and_the_app(seed_page):
    scripts = [text for attrs, text in parse_page(seed_page).scripts if "type" not in attrs]
    assert len(scripts) == 2
    assert "vis-network" in scripts[0][:1000] and "kgNetwork" in scripts[1]


def test_csp_allows_exactly_the_inline_scripts_and_no_host(seed_page):
    parsed = parse_page(seed_page)
    [csp] = [a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
    for attrs, text in parsed.scripts:
        if "type" not in attrs:
            digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
            assert f"'sha256-{digest}'" in csp


def test_vis_network_comes_from_the_installed_pyvis():
    import pyvis

    js = viz.vis_network_js()
    assert "vis-network" in js[:1000]
    assert any(p.read_text(encoding="utf-8").replace("\r\n", "\n") == js
               for p in __import__("pathlib").Path(pyvis.__file__).parent.rglob("vis-network.min.js"))


# --------------------------------------------------------------------------- safety

@pytest.mark.parametrize("raw", [HOSTILE_NAME, HOSTILE_ORG, "</script>", "<!--", "&amp;", "\u2028", "\u2029"])
def test_hostile_strings_never_appear_raw_in_the_data_block(hostile_page, raw):
    assert raw not in data_block(hostile_page)


@pytest.mark.parametrize("text", [HOSTILE_NAME, HOSTILE_ORG, HOSTILE_SENTENCE, HOSTILE_TITLE, "<i>alias</i>",
                                  "Talks @@APP_JS@@ </title>"])
def test_hostile_strings_reach_the_page_data_unchanged(hostile_page, text):
    assert text in json.dumps(page_data(hostile_page), ensure_ascii=False)


def test_script_json_escapes_what_could_end_the_script():
    out = viz.script_json({"s": "</script><!--&\u2028\u2029"})
    assert out == '{"s":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\u2029"}'
    assert json.loads(out) == {"s": "</script><!--&\u2028\u2029"}


def test_template_markers_in_data_are_not_expanded(hostile_page):
    assert hostile_page.count("kg network page: reads the JSON payload") == 1, "the app script is inlined once"
    assert any(r["label"].startswith("Talks @@APP_JS@@") for r in rows(page_data(hostile_page)["nodes"]))


def test_page_title_is_escaped(hostile_page):
    assert "<title>&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;</title>" in hostile_page


def test_only_http_urls_are_kept_as_links(hostile_page):
    articles = {a["id"]: a for a in rows(page_data(hostile_page)["articles"])}
    assert articles["a1"]["url"] is None and articles["a1"]["source"] == HOSTILE_URL
    assert articles["a2"]["url"] == SAFE_URL and articles["a2"]["source"] is None


@pytest.mark.parametrize("url, kept", [
    ("https://sputnikglobe.com/20251017/a.html", True),
    ("http://example.org", True),
    ("javascript:alert(1)", False),
    ("  JaVaScRiPt:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:msgbox", False),
    ("//evil.example/x", False),
    ("https://a.example/\"onmouseover=alert(1)", False),
    (None, False),
])
def test_safe_url(url, kept):
    assert (viz.safe_url(url) is not None) is kept


def test_app_script_never_writes_html():
    js = viz._template("network.js")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", js)


# --------------------------------------------------------------------------- reading the graph

def test_every_node_and_edge_of_the_seed_graph_is_in_the_page(seed_page, seed_nx):
    data = page_data(seed_page)
    assert sorted(data["nodes"]["iri"]) == sorted(seed_nx.nodes)
    iri = data["nodes"]["iri"]
    drawn = sorted((iri[e["from"]], e["predicate"], iri[e["to"]]) for e in rows(data["edges"]))
    assert drawn == sorted((s, k, o) for s, o, k in seed_nx.edges(keys=True))


def test_each_edge_carries_all_its_evidence_with_article_facts(seed_page, seed_nx):
    data = page_data(seed_page)
    iri, articles = data["nodes"]["iri"], rows(data["articles"])
    for i, e in enumerate(rows(data["edges"])):
        expected = seed_nx.edges[iri[e["from"]], iri[e["to"]], e["predicate"]]["evidence"]
        got = edge_evidence(data, i)
        assert [ev["sentence"] for ev in got] == [ev["sentence"] for ev in expected]
        for ev, want in zip(got, expected):
            art = articles[ev["article"]]
            assert (art["id"], art["title"], art["published"]) == (want["article"], want["title"], want["published"])
            assert art["url"] == want["url"]


def test_meeting_labels_show_kind_date_and_status(seed_page, seed_nx):
    for node in rows(page_data(seed_page)["nodes"]):
        d = seed_nx.nodes[node["iri"]]
        if d["type"] != "Meeting":
            assert node["label"] == d["label"]
            continue
        for k in ("kind", "date", "status"):
            if d.get(k):
                assert d[k].replace("_", " ").lower() in node["label"].lower()


@pytest.mark.parametrize("attrs, label", [
    ({"type": "Meeting", "label": "Talks", "kind": "phone_call", "date": "2025-10-16", "status": "proposed"},
     "Talks\nphone call · 2025-10-16 · proposed"),
    ({"type": "Meeting", "label": "Trump–Putin phone call (2025-10-16)", "kind": "phone_call", "date": "2025-10-16",
      "status": "proposed"}, "Trump–Putin phone call (2025-10-16)\nproposed"),
    ({"type": "Meeting", "label": "Rubio–Lavrov meeting", "kind": "meeting"}, "Rubio–Lavrov meeting"),
    ({"type": "Meeting", "label": "Summit"}, "Summit"),
    ({"type": "Person", "label": "Vladimir Putin", "date": "2025-01-01"}, "Vladimir Putin"),
])
def test_display_label(attrs, label):
    assert viz.display_label(attrs) == label


def test_node_size_follows_degree_centrality(seed_page, seed_nx):
    nodes = rows(page_data(seed_page)["nodes"])
    by_degree = sorted(nodes, key=lambda n: seed_nx.degree(n["iri"]))
    assert [n["size"] for n in by_degree] == sorted(n["size"] for n in nodes)
    assert by_degree[-1]["size"] > by_degree[0]["size"]


def test_headline_predicates_are_distinct_and_louder_than_structural_ones():
    v = vocabulary()
    headline = [v.edge_styles[p] for p in v.headline]
    structural = [v.edge_styles[p] for p in v.structural]
    assert len({(s["color"], str(s["dashes"])) for s in headline}) == 4
    assert len({str(s["dashes"]) for s in headline}) == 4, "told apart by dash pattern too, not by colour alone"
    assert min(s["width"] for s in headline) > max(s["width"] for s in structural)


def test_every_type_has_a_colour_and_shape_of_its_own():
    styles = vocabulary().node_styles
    assert len({(s["color"], s["shape"]) for s in styles.values()}) == len(styles) == 4
    assert len({s["shape"] for s in styles.values()}) == 4


# --------------------------------------------------------------------------- scale

def test_max_nodes_keeps_the_most_central(seed_nx):
    small, note = viz.trim_to_central(seed_nx, 5)
    degree = dict(seed_nx.degree())
    fifth = sorted(degree.values(), reverse=True)[4]
    assert len(small) == 5 and all(degree[n] >= fifth for n in small)
    assert min(degree[n] for n in small) >= max(degree[n] for n in seed_nx if n not in small)
    dropped_edges = seed_nx.number_of_edges() - small.number_of_edges()
    assert note == (f"kept the 5 most central of {len(seed_nx)} nodes (degree centrality); "
                    f"dropped {len(seed_nx) - 5} nodes and {dropped_edges} edges")


@pytest.mark.parametrize("max_nodes", [None, 10_000])
def test_max_nodes_at_or_above_the_size_drops_nothing(seed_nx, max_nodes):
    small, note = viz.trim_to_central(seed_nx, max_nodes)
    assert small is seed_nx and note is None


def test_render_html_with_max_nodes_says_so_on_the_page_and_in_the_log(seed_nx, caplog):
    with caplog.at_level("WARNING", logger="kg.viz"):
        data = page_data(viz.render_html(seed_nx, max_nodes=3))
    assert len(data["nodes"]["iri"]) == 3 and data["meta"]["total_nodes"] == len(seed_nx)
    assert data["meta"]["note"].startswith("kept the 3 most central") and "kept the 3" in caplog.text


@pytest.mark.parametrize("n_nodes, large", [(300, False), (2_000, True)])
def test_positions_are_computed_in_python_above_the_threshold(n_nodes, large):
    data = page_data(viz.render_html(synthetic_graph(n_nodes)))
    assert data["meta"]["large"] is large
    assert ("x" in data["nodes"]) is large
    if large:
        points = list(zip(data["nodes"]["x"], data["nodes"]["y"]))
        assert len(points) == n_nodes and len(set(points)) == n_nodes, "no two nodes drawn on the same spot"


def test_spiral_layout_puts_a_hub_at_the_centre_of_its_neighbours():
    g = nx.MultiDiGraph([("hub", f"leaf{i}") for i in range(30)])
    pos = viz.spiral_layout(g)
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    dist = {n: (x - cx) ** 2 + (y - cy) ** 2 for n, (x, y) in pos.items()}
    assert min(dist, key=dist.get) == "hub"


def test_a_graph_of_ten_thousand_nodes_keeps_every_node(tmp_path):
    # how fast is bench/viz.py's business; this pins that nothing is lost on the large-graph path
    g = synthetic_graph(10_000)
    path = viz.write_html(g, tmp_path / "big.html")
    assert len(page_data(path.read_text(encoding="utf-8"))["nodes"]["iri"]) == 10_000


def test_empty_graph_renders():
    data = page_data(viz.render_html(nx.MultiDiGraph()))
    assert data["nodes"]["iri"] == [] and data["edges"]["evidence"] == [0]


# --------------------------------------------------------------------------- CONSTRUCT subgraphs and the command

POSTPONED = "CONSTRUCT { ?who kg:postponed ?m . ?m kg:location ?where } WHERE { ?who kg:postponed ?m . " \
            "OPTIONAL { ?m kg:location ?where } }"


def test_construct_subgraph_matches_the_full_view(seed_graph, seed_nx):
    g = from_triples(run_query(seed_graph.store, POSTPONED), seed_graph.store)
    assert g.number_of_edges() > 0
    assert {k for _, _, k in g.edges(keys=True)} <= {"postponed", "location"}
    for n, d in g.nodes(data=True):
        assert d == seed_nx.nodes[n]
    for s, o, k, d in g.edges(keys=True, data=True):
        assert d == seed_nx.edges[s, o, k]


def test_construct_triples_give_types_and_labels_without_a_store():
    import pyoxigraph as ox

    from kg.rdf import KG, RDF, SKOS

    a, m = ox.NamedNode("https://x.example/a"), ox.NamedNode("https://x.example/m")
    g = from_triples([ox.Triple(a, ox.NamedNode(RDF + "type"), ox.NamedNode(KG + "Person")),
                      ox.Triple(a, ox.NamedNode(SKOS + "prefLabel"), ox.Literal("Ann")),
                      ox.Triple(a, ox.NamedNode(KG + "agreed"), m)])
    assert g.nodes[a.value]["type"] == "Person" and g.nodes[a.value]["label"] == "Ann"
    assert g.nodes[m.value]["label"] == "m" and list(g.edges(keys=True)) == [(a.value, m.value, "agreed")]


def test_kg_viz_query_draws_the_construct_result(seed_graph, tmp_path, capsys):
    q = tmp_path / "postponed.rq"
    q.write_text(POSTPONED)
    out = tmp_path / "p.html"
    assert kg_main(["viz", "-g", str(seed_graph.directory), "--query", str(q), "-o", str(out)]) == 0
    data = page_data(out.read_text(encoding="utf-8"))
    assert set(data["edges"]["predicate"]) <= {"postponed", "location"} and "postponed" in data["edges"]["predicate"]
    assert f"wrote {out}" in capsys.readouterr().out


def test_kg_viz_max_nodes_prints_what_it_dropped(seed_graph, tmp_path, capsys):
    out = tmp_path / "top.html"
    assert kg_main(["viz", "-g", str(seed_graph.directory), "--max-nodes", "4", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "kept the 4 most central" in err and "dropped" in err
    assert len(page_data(out.read_text(encoding="utf-8"))["nodes"]["iri"]) == 4


@pytest.mark.parametrize("args, code, message", [
    (["--max-nodes", "0"], 2, "at least 1"),
    (["--query", "SELECT ?s WHERE { ?s ?p ?o }"], 2, "kg query"),
    (["--query", "CONSTRUCT { ?s kg:nothing ?o } WHERE { ?s kg:nothing ?o }"], 1, "no triples"),
])
def test_kg_viz_refuses_what_it_cannot_draw(seed_graph, tmp_path, capsys, args, code, message):
    assert kg_main(["viz", "-g", str(seed_graph.directory), "-o", str(tmp_path / "x.html"), *args]) == code
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()
