"""--store URL: the graph written to a real Oxigraph server over SPARQL 1.1 Update, equal to the local build."""
from __future__ import annotations

import subprocess
import urllib.request

import pytest

from kg import incremental, remote
from kg.serve import free_port, oxigraph_binary

from .store_fixtures import ARTICLES, LAST, copy_graph, four_built, full_nquads, kg_cli, sorted_nquads, stop, wait_for_port  # noqa: F401

pytestmark = pytest.mark.server

FOREIGN = ("INSERT DATA { <http://example.org/theirs> <http://example.org/p> \"kept\" . "
           "GRAPH <http://example.org/their-graph> { <http://example.org/a> <http://example.org/p> \"kept too\" } }")


class Oxigraph:
    """``oxigraph serve`` (read-write) on a fresh directory and a free loopback port."""

    def __init__(self, location):
        self.port = free_port()
        self.proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location),
                                      "--bind", f"127.0.0.1:{self.port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.proc)
        self.url = f"http://127.0.0.1:{self.port}"

    def nquads(self) -> bytes:
        """Everything the server holds, as sorted N-Quads (Graph Store Protocol GET of the whole dataset)."""
        req = urllib.request.Request(self.url + "/store", headers={"Accept": "application/n-quads"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return b"".join(sorted(set(r.read().splitlines(keepends=True))))

    def ours(self) -> bytes:
        return b"".join(line for line in self.nquads().splitlines(keepends=True) if b"example.org" not in line)


@pytest.fixture()
def server(tmp_path):
    ox_server = Oxigraph(tmp_path / "oxigraph-db")
    yield ox_server
    stop(ox_server.proc)


def test_a_pushed_graph_equals_the_local_build(seed_graph, full_nquads, server, tmp_path):
    g = copy_graph(seed_graph.directory, tmp_path / "g")
    incremental.rewrite(g, html=False, store_url=server.url)
    assert server.nquads() == full_nquads


@pytest.mark.parametrize("batch", [1, 7, remote.BATCH])
def test_any_batch_size_gives_the_same_graph(seed_graph, full_nquads, server, tmp_path, batch):
    remote.push_dataset(server.url + "/update", seed_graph.store.quads(), tmp_path, full=True, batch=batch)
    assert server.nquads() == full_nquads


def test_add_and_remove_keep_the_remote_equal_to_a_rebuild(four_built, full_nquads, server, tmp_path):
    g = copy_graph(four_built, tmp_path / "g")
    incremental.rewrite(g, html=False, store_url=server.url)
    assert server.nquads() == sorted_nquads(four_built)
    graph = incremental.add([LAST], g, html=False, store_url=server.url)
    assert graph.report.added == [LAST.stem]
    assert server.nquads() == full_nquads
    incremental.remove([LAST.stem], g, html=False, store_url=server.url)
    assert server.nquads() == sorted_nquads(four_built)
    assert (g / "graph.trig").exists()


def test_only_the_graphs_that_changed_are_sent_again(seed_graph, server, tmp_path):
    g = copy_graph(seed_graph.directory, tmp_path / "g")
    incremental.rewrite(g, html=False, store_url=server.url)
    sent = remote.push_dataset(server.url, seed_graph.store.quads(), g)
    assert sent == []
    graph = incremental.remove([LAST.stem], g, html=False, store_url=server.url)
    assert 0 < len(graph.report.changed_graphs) < len(remote.group(seed_graph.store.quads()))


def test_data_kg_did_not_write_is_left_alone(seed_graph, full_nquads, server, tmp_path):
    remote.UpdateClient(server.url).update(FOREIGN)
    g = copy_graph(seed_graph.directory, tmp_path / "g")
    incremental.rewrite(g, html=False, store_url=server.url)
    incremental.remove([LAST.stem], g, html=False, store_url=server.url)
    incremental.add([LAST], g, html=False, store_url=server.url)
    everything = server.nquads()
    assert b'"kept"' in everything and b'"kept too"' in everything
    assert server.ours() == full_nquads


def test_a_push_that_failed_is_sent_whole_the_next_time(seed_graph, full_nquads, server, tmp_path):
    g = copy_graph(seed_graph.directory, tmp_path / "g")
    with pytest.raises(remote.RemoteError, match="refused the update"):
        remote.push_dataset(server.url + "/no-such-endpoint", seed_graph.store.quads(), g)
    assert not (g / remote.STATE_FILE).exists()
    remote.push_dataset(server.url, seed_graph.store.quads(), g)
    assert server.nquads() == full_nquads


def test_an_unreachable_store_says_so(seed_graph, tmp_path):
    with pytest.raises(remote.RemoteError, match="cannot reach .* is the triple store running"):
        remote.push_dataset(f"http://127.0.0.1:{free_port()}/update", seed_graph.store.quads(), tmp_path)


@pytest.mark.parametrize("url", ["ftp://example.org/update", "not a url", "file:///tmp/store"])
def test_a_store_url_must_be_http(url):
    with pytest.raises(remote.RemoteError, match="not an http"):
        remote.UpdateClient(url)


def test_kg_build_and_add_with_store_on_the_command_line(full_nquads, server, tmp_path):
    out = tmp_path / "g"
    r = kg_cli("build", *ARTICLES[:-1], "-o", out, "--store", server.url)
    assert r.returncode == 0, r.stderr
    r = kg_cli("add", LAST, "-g", out, "--store", server.url)
    assert r.returncode == 0, r.stderr
    assert server.nquads() == full_nquads
    assert not (out / "store").exists() and (out / "graph.html").exists()
