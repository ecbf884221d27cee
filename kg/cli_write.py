"""The commands that write a graph folder: ``kg build``, ``kg add``, ``kg remove`` (what :mod:`kg.cli` runs).

Each prints what it did (articles read, skipped with the reason, counts,
files written) and exits 1 when it read nothing it was given.

>>> _report_change.__doc__.split(";")[0]
'Print what an add, remove or remote build did'
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_DIR = "output"


def _progress(total: int):
    """A tqdm bar on stderr for builds of more than a few documents."""
    if total <= 3:
        return None, None
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: parallel builds fork worker processes, safest from one thread
    bar = tqdm(total=total, unit="doc", desc="kg build", file=sys.stderr)
    return bar, lambda _doc: bar.update(1)


def _parallel(a: argparse.Namespace) -> dict:
    """The build options that say where the articles are parsed (``--n-process``, ``--batch-size``, ``--dask``)."""
    if a.batch_size < 1:
        raise ValueError(f"--batch-size must be at least 1, not {a.batch_size}")
    return {"n_process": a.n_process, "batch_size": a.batch_size, "dask": a.dask}


def cmd_build(a: argparse.Namespace) -> int:
    from .api import build
    from .ingest import find_files

    if getattr(a, "store", None):
        return cmd_build_remote(a)

    missing = [p for p in a.paths if not Path(p).exists()]
    for p in missing:
        print(f"kg: {p}: no such file or folder (skipped)", file=sys.stderr)
    paths = [p for p in a.paths if Path(p).exists()]
    files = find_files(paths)
    if not files:
        print("kg: no .txt articles found in " + " ".join(a.paths), file=sys.stderr)
        return 1
    bar, cb = _progress(len(files))
    try:
        graph = build(paths, out_dir=a.output, progress=cb, **_parallel(a))
    finally:
        if bar is not None:
            bar.close()
    r = graph.report
    for msg in r.skipped:
        print(f"kg: skipped {msg}", file=sys.stderr)
    for msg in r.notes:
        print(f"kg: note: {msg}", file=sys.stderr)
    if r.undated_warning():
        print(f"kg: warning: {r.undated_warning()}", file=sys.stderr)
    counts = ", ".join(f"{v} {k}" for k, v in sorted(r.counts.items()) if v)
    print(f"built {len(graph)} quads from {r.documents} article(s): {counts}")
    for name, path in r.outputs.items():
        print(f"  {name:7} {path}")
    print(f"  store   {Path(a.output) / 'store'}")
    return 0 if r.documents else 1


def cmd_build_remote(a: argparse.Namespace) -> int:
    from .api import build
    from .ingest import find_files

    files = find_files([p for p in a.paths if Path(p).exists()])
    bar, cb = _progress(len(files))
    try:
        graph = build(a.paths, a.output, progress=cb, store_url=a.store, **_parallel(a))
    finally:
        if bar is not None:
            bar.close()
    return _report_change(graph, "built")


def _report_change(graph, verb: str) -> int:
    """Print what an add, remove or remote build did; exit 1 when it read nothing it was given."""
    r = graph.report
    for msg in r.skipped:
        print(f"kg: skipped {msg}", file=sys.stderr)
    for msg in r.notes:
        print(f"kg: note: {msg}", file=sys.stderr)
    parts = [f"{len(r.added)} added"] if r.added or verb == "added" else []
    if r.unchanged:
        parts.append(f"{len(r.unchanged)} already in the graph (unchanged)")
    if r.removed:
        parts.append(f"{len(r.removed)} removed ({', '.join(r.removed)})")
    if r.repaired:
        parts.append("an interrupted run was completed")
    counts = ", ".join(f"{v} {k}" for k, v in sorted(r.counts.items()) if v)
    print(
        f"{verb}: {'; '.join(parts) or 'nothing to do'}; {r.documents} article(s) in the graph"
        + (f": {counts}" if counts else "")
    )
    if r.changed_graphs:
        print(f"  {len(r.changed_graphs)} graph(s) rewritten")
    for name, path in r.outputs.items():
        print(f"  {name:7} {path}")
    return 1 if verb == "added" and not (r.added or r.unchanged) else 0


def cmd_add(a: argparse.Namespace) -> int:
    from .api import add
    from .ingest import find_files

    for p in a.paths:
        if not Path(p).exists():
            print(f"kg: {p}: no such file or folder (skipped)", file=sys.stderr)
    paths = [p for p in a.paths if Path(p).exists()]
    bar = cb = None
    if len(find_files(paths)) > 3:  # no total: only the articles not in the graph yet are parsed
        from tqdm import tqdm

        bar = tqdm(unit="doc", desc="kg add", file=sys.stderr)
        cb = lambda _doc: bar.update(1)  # noqa: E731
    try:
        graph = add(paths, a.graph, progress=cb, store_url=a.store)
    finally:
        if bar is not None:
            bar.close()
    return _report_change(graph, "added")


def cmd_remove(a: argparse.Namespace) -> int:
    from .api import remove

    return _report_change(remove(a.docs, a.graph, store_url=a.store), "removed")
