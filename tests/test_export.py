"""kg export: every format parses back, files are written atomically, N-Triples/N-Quads stream in bounded memory."""
from __future__ import annotations

import csv
import io
import json
import os
import stat
import tracemalloc

import networkx as nx
import pyoxigraph as ox
import pytest

from kg import export
from kg.network import to_networkx
from kg.rdf import KG, RDF, RDFS, SKOS, ontology_path
from kg.store import OxigraphStore

from .store_fixtures import kg_cli


def _union_size(store: OxigraphStore) -> int:
    return len({(q.subject, q.predicate, q.object) for q in store.quads()})


@pytest.mark.parametrize("fmt, rdf_format, dataset", [
    ("turtle", ox.RdfFormat.TURTLE, False), ("trig", ox.RdfFormat.TRIG, True),
    ("nt", ox.RdfFormat.N_TRIPLES, False), ("nq", ox.RdfFormat.N_QUADS, True),
])
def test_rdf_exports_parse_back_to_the_same_graph(seed_graph, tmp_path, fmt, rdf_format, dataset):
    path = seed_graph.export(fmt, tmp_path / f"g.{fmt}")
    parsed = list(ox.parse(path=str(path), format=rdf_format))
    expected = len(seed_graph.store) if dataset else _union_size(seed_graph.store)
    assert len(set(parsed)) == expected


def test_json_ld_uses_the_local_context_and_parses_offline(seed_graph, tmp_path):
    import rdflib

    path = seed_graph.export("json-ld", tmp_path / "g.jsonld")
    doc = json.loads(path.read_bytes())
    local = json.loads(ontology_path("context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert doc["@context"] == local  # inline, never a URL the reader would fetch
    g = rdflib.Graph().parse(path, format="json-ld")
    assert len(g) == _union_size(seed_graph.store)


@pytest.mark.parametrize("fmt", ["nt", "nq"])
@pytest.mark.parametrize("run", [1, 7, 100, export.RUN_LINES])
def test_streamed_lines_are_the_bytes_of_the_in_memory_serialisation(seed_graph, fmt, run):
    streamed = b"".join(export.stream_lines(seed_graph.store.quads(), fmt, run=run))
    assert streamed == export.serialize(seed_graph.store.quads(), fmt)


def _synthetic(n: int):
    """``n`` distinct quads made on the fly, in no particular order."""
    p, g = ox.NamedNode(KG + "mentions"), ox.NamedNode("https://w3id.org/kg-news/id/article/x")
    for i in range(n):
        j = (i * 7919) % n
        yield ox.Quad(ox.NamedNode(f"https://w3id.org/kg-news/id/person/p{j}"), p,
                      ox.Literal(f"a sentence long enough to weigh something, number {j}"), g)


def _peak_export(path, n: int, run: int) -> int:
    tracemalloc.start()
    try:
        export.atomic_write(path, export.stream_lines(_synthetic(n), "nq", run=run))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_n_quads_export_streams_in_bounded_memory(tmp_path):
    """Four times the quads, about the same peak: memory follows the run size, not the graph's."""
    run = 2_000
    small = _peak_export(tmp_path / "small.nq", 20_000, run)
    peak = _peak_export(tmp_path / "big.nq", 80_000, run)
    path = tmp_path / "big.nq"
    with open(path, "rb") as f:
        lines = f.readlines()
    assert len(lines) == 80_000 and lines == sorted(lines)
    assert peak < 1.5 * small, (small, peak)
    assert peak < path.stat().st_size / 5, f"peak {peak} bytes for a {path.stat().st_size}-byte file"


def test_a_failed_export_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = export.atomic_write(tmp_path / "g.nt", b"old\n")

    def broken():
        yield b"half a graph"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        export.atomic_write(target, broken())
    assert target.read_bytes() == b"old\n"
    assert os.listdir(tmp_path) == ["g.nt"]


def test_exported_files_get_ordinary_permissions(seed_graph, tmp_path):
    path = seed_graph.export("nt", tmp_path / "g.nt")
    mode = stat.S_IMODE(path.stat().st_mode)
    assert mode & 0o044 == 0o044, oct(mode)  # readable by others (umask 022), not the 0600 of a temporary file


# ------------------------------------------------------------------ GraphML and CSV

def test_graphml_has_every_node_and_edge_with_labels_and_types(seed_graph, tmp_path):
    path = seed_graph.export("graphml", tmp_path / "g.graphml")
    g = nx.read_graphml(path, force_multigraph=True)
    view = to_networkx(seed_graph.store)
    assert set(g.nodes) == set(view.nodes)
    assert g.number_of_edges() == view.number_of_edges()
    for n, data in g.nodes(data=True):
        assert data["label"] == view.nodes[n]["label"] and data["type"] == view.nodes[n]["type"]
        assert json.loads(data["aliases"]) == view.nodes[n]["aliases"]  # lists flattened to JSON text
    for s, o, data in g.edges(data=True):
        evidence = json.loads(data["evidence"])
        assert data["predicate"] in {"proposed", "agreed", "postponed", "mediated", "participant", "location", "affiliation"}
        assert evidence and all(ev["sentence"] for ev in evidence)


def test_graphml_is_byte_identical_run_to_run(seed_graph, tmp_path):
    a = seed_graph.export("graphml", tmp_path / "a.graphml").read_bytes()
    b = seed_graph.export("graphml", tmp_path / "b.graphml").read_bytes()
    assert a == b


def test_csv_edge_list_has_one_row_per_edge_with_labels(seed_graph, tmp_path):
    path = seed_graph.export("csv", tmp_path / "edges.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    view = to_networkx(seed_graph.store)
    assert list(rows[0]) == export.CSV_COLUMNS
    assert len(rows) == view.number_of_edges()
    for r in rows:
        assert r["source_label"] == view.nodes[r["source"]]["label"]
        assert r["target_type"] == view.nodes[r["target"]]["type"]
        assert r["articles"] and r["sentences"]


def _store_with_label(label: str) -> OxigraphStore:
    s = OxigraphStore.in_memory()
    a, b = ox.NamedNode("https://w3id.org/kg-news/id/person/a"), ox.NamedNode("https://w3id.org/kg-news/id/place/b")
    g = ox.NamedNode("https://w3id.org/kg-news/id/article/0")
    for node, t, name in ((a, "Person", label), (b, "Place", "Geneva")):
        s.store.add(ox.Quad(node, ox.NamedNode(RDF + "type"), ox.NamedNode(KG + t), g))
        s.store.add(ox.Quad(node, ox.NamedNode(SKOS + "prefLabel"), ox.Literal(name), g))
        s.store.add(ox.Quad(node, ox.NamedNode(RDFS + "label"), ox.Literal(name), g))
    s.store.add(ox.Quad(a, ox.NamedNode(KG + "location"), b, g))
    return s


@pytest.mark.parametrize("label", ["=HYPERLINK(\"http://evil\")", "+1+2", "-2+3", "@SUM(A1)"])
def test_csv_cells_never_start_a_spreadsheet_formula(tmp_path, label):
    path = export.export(_store_with_label(label), "csv", tmp_path / "e.csv")
    row = next(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert row["source_label"] == "'" + label


@pytest.mark.parametrize("fmt, check", [
    ("graphml", lambda out: nx.read_graphml(io.BytesIO(out)).number_of_nodes() > 10),
    ("csv", lambda out: out.splitlines()[0].decode() == ",".join(export.CSV_COLUMNS)),
    ("nq", lambda out: len(out.splitlines()) > 100),
])
def test_kg_export_on_the_command_line(seed_graph, tmp_path, fmt, check):
    r = kg_cli("export", "-g", seed_graph.directory, "--format", fmt, "-o", tmp_path / f"g.{fmt}")
    assert r.returncode == 0, r.stderr
    assert check((tmp_path / f"g.{fmt}").read_bytes())
