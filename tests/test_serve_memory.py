"""kg serve answers from an in-memory copy of the store when the copies fit, and the answers are the disk's."""
from __future__ import annotations

import pytest

from kg.serve import backend
from kg.serve.worker import Engine

QUERY = {"op": "query", "text": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o", "union": True,
         "wire": "tsv", "limit": 100000}


def test_an_in_memory_engine_answers_what_the_on_disk_one_does(seed_graph):
    path = str(seed_graph.directory / "store")
    on_disk, in_memory = Engine(path, in_memory=False), Engine(path, in_memory=True)
    assert in_memory.query(QUERY) == on_disk.query(QUERY)
    assert in_memory.graphs() == on_disk.graphs()
    assert in_memory.current().__class__ is on_disk.current().__class__ and len(in_memory.current()) == len(seed_graph)


@pytest.mark.parametrize("available, expected", [(0, False), (10**6, False), (10**12, True)])
def test_the_store_is_copied_into_memory_only_when_the_copies_fit_in_half_of_it(seed_graph, monkeypatch, available, expected):
    monkeypatch.setattr(backend, "available_memory", lambda: available)
    assert backend.fits_in_memory(seed_graph.directory / "store", copies=4) is expected
