"""The faster write paths of a build give exactly what the plain ones gave: record JSON, batched files, the store."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.folder import TMP_SUFFIX, atomic_write_many, record_bytes
from kg.records import DocumentRecords, Entity, Evidence, Meeting, Relation, to_json
from kg.store import DiskStore, OxigraphStore, store_graphs


def _full_record() -> DocumentRecords:
    ev = Evidence("d", 3, 9, "Santos agreed.", speaker="Person:novak")
    return DocumentRecords(
        "d",
        "a" * 64,
        title="T",
        url="https://example.org/a",
        published="2025-01-02",
        path="/x/d.txt",
        entities=[Entity("e1", "Person", "Santos", {"M. Santos", "Maria Santos"}, [ev])],
        meetings=[Meeting("m1", "talks", ["e1", "e2"], ["e3"], "2025-01-03", "talks", [ev])],
        relations=[Relation("e1", "agreed", "m1", ev)],
    )


def test_record_json_is_asdict_with_sorted_aliases():
    rec = _full_record()
    expected = asdict(rec)
    for e in expected["entities"]:
        e["aliases"] = sorted(e["aliases"])
    assert to_json(rec) == expected
    assert record_bytes(rec) == json.dumps(expected, ensure_ascii=False, sort_keys=True).encode("utf-8")


def test_batched_writes_land_every_file_and_leave_no_temporary(tmp_path: Path):
    files = [(tmp_path / "r" / f"{i}.json", f"{i}".encode()) for i in range(150)]
    assert atomic_write_many(files) == [p for p, _ in files]
    assert [p.read_bytes() for p, _ in files] == [d for _, d in files]
    assert not list((tmp_path / "r").glob(f"*{TMP_SUFFIX}"))


@pytest.mark.parametrize("name", ["a.json", "a.b.json"])
def test_batched_writes_remove_a_dead_writers_temporaries_only(tmp_path: Path, name: str):
    dead, alive = 2**22 + 12345, os.getpid()  # no process has the first id (above the usual pid_max)
    stale = tmp_path / f".{name}.{dead}.abcd1234{TMP_SUFFIX}"
    live = tmp_path / f".{name}.{alive}.abcd1234{TMP_SUFFIX}"
    stale.write_bytes(b"x")
    live.write_bytes(b"x")
    atomic_write_many([(tmp_path / name, b"new")])
    assert not stale.exists() and live.exists()
    assert (tmp_path / name).read_bytes() == b"new"


def test_batched_writes_keep_a_replaced_files_permissions(tmp_path: Path):
    target = tmp_path / "a.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write_many([(target, b"new")])
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_first_store_write_reports_every_graph_it_holds(tmp_path: Path):
    g = ox.NamedNode("http://g")
    s, p = ox.NamedNode("http://s"), ox.NamedNode("http://p")
    quads = [ox.Quad(s, p, ox.Literal("o")), ox.Quad(s, p, ox.Literal("o"), g)]
    assert DiskStore(tmp_path).replace(quads, full=True) == ["(default graph)", "http://g"]
    assert len(OxigraphStore.open(tmp_path, read_only=True)) == 2
    assert store_graphs(OxigraphStore.open(tmp_path, read_only=True).store) == ["(default graph)", "http://g"]
