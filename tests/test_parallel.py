"""Parsing on several processes or on a Dask cluster gives the graph a one-process build gives, quad for quad."""
from __future__ import annotations

import subprocess
import sys

import pytest

from kg import api, workers
from kg.export import stream_lines

from .conftest import DEV, EXAMPLES

CORPORA = {"seeds": EXAMPLES, "dev": DEV / "corpus"}


def nquads(graph) -> bytes:
    return b"".join(stream_lines(graph.store.quads(), "nq"))


@pytest.fixture(scope="module")
def local_nquads():
    """Sorted N-Quads of each corpus built the ordinary way, in this process."""
    return {name: nquads(api.build([path], out_dir=None, n_process=1, html=False)) for name, path in CORPORA.items()}


@pytest.fixture(scope="module")
def cluster():
    """A real dask.distributed LocalCluster: two worker processes, one thread each."""
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c.scheduler_address


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_two_processes_build_the_same_graph_as_one(corpus, local_nquads):
    graph = api.build([CORPORA[corpus]], out_dir=None, n_process=2, batch_size=3, html=False)
    assert nquads(graph) == local_nquads[corpus]


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_a_dask_cluster_builds_the_same_graph_as_the_local_path(corpus, cluster, local_nquads):
    graph = api.build([CORPORA[corpus]], out_dir=None, dask=cluster, batch_size=4, html=False)
    assert nquads(graph) == local_nquads[corpus]


def test_kg_build_dask_local_writes_the_same_store(tmp_path, local_nquads):
    out = tmp_path / "g"
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(EXAMPLES), "-o", str(out), "--dask", "local",
                    "--batch-size", "2"], check=True, capture_output=True, timeout=300)
    from kg.store import OxigraphStore

    assert b"".join(stream_lines(OxigraphStore.open(out, read_only=True).quads(), "nq")) == local_nquads["seeds"]


@pytest.mark.parametrize("option, message", [
    (["--n-process", "0"], "--n-process must be at least 1"),
    (["--batch-size", "0"], "--batch-size must be at least 1"),
    (["--dask", "tcp://127.0.0.1:9"], "cannot reach the Dask scheduler"),
])
def test_a_bad_parallel_option_is_one_line_saying_what_to_do(tmp_path, option, message):
    r = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(EXAMPLES), "-o", str(tmp_path / "g"), *option],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert message in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("n_documents, expected", [(1, 1), (workers.AUTO_MIN_DOCUMENTS - 1, 1),
                                                   (workers.AUTO_MIN_DOCUMENTS, workers.cpu_count())])
def test_the_default_uses_every_core_only_for_a_corpus_large_enough_to_pay(n_documents, expected):
    assert workers.default_processes(n_documents) == expected
