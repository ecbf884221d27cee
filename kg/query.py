"""Query: SPARQL over the store, results as a table, CSV or JSON.

The project prefixes (``kg:``, ``kgid:``, ``rdfs:``, ``skos:``, ``prov:``,
``dct:``, ``schema:`` ...) are predeclared, and the default graph is the
merged graph, each fact once, so ``SELECT ?who ?m WHERE { ?who kg:postponed ?m }``
gives one row per fact without DISTINCT; ``GRAPH ?article { ... }`` says which
article states a fact, with its evidence and status events.

>>> from kg.store import OxigraphStore
>>> s = OxigraphStore.in_memory()
>>> print(format_result(run_query(s, "ASK { ?s ?p ?o }"), "table"))
false
"""
from __future__ import annotations

import csv
import io
import json
from typing import cast
import re

import pyoxigraph as ox

from .sparql_guard import QueryError, QueryRefused, check_query
from .store import OxigraphStore
from .vocab import PREFIXES

__all__ = ["QueryError", "format_result", "read_query_arg", "result_rows", "run_query"]


def run_query(store: OxigraphStore, sparql: str):
    """Check ``sparql`` with the guard and run the text it checked; :class:`QueryError` says why not.

    As in ``kg serve``: ``FROM`` / ``FROM NAMED`` may name the store's article graphs
    (and then form the dataset) and nothing else; without them the default graph is
    the store's merged graph (each fact once) and ``GRAPH ?g`` reads the article graphs.
    """
    try:
        checked = check_query(sparql)
    except QueryRefused:
        raise  # a refusal says why (SERVICE, an update, FROM outside the store); never reworded
    except QueryError as e:
        raise type(e)(_unknown_prefix(sparql) or str(e)) from None
    if checked.default_graphs or checked.named_graphs:
        checked = check_query(sparql, allowed_graphs=set(store.named_graphs()))
    try:
        return store.query(checked.text)
    except SyntaxError as e:
        raise QueryError(_unknown_prefix(sparql) or f"malformed SPARQL query: {e}") from None
    except (OSError, ValueError, RuntimeError) as e:
        raise QueryError(f"the query failed: {e}") from None


def _unknown_prefix(sparql: str) -> str | None:
    """A plain message for a prefixed name whose prefix is neither kg's nor declared, instead of the parser's ranges.

    >>> print(_unknown_prefix("SELECT ?x WHERE { ?x foo:bar ?y }"))  # doctest: +ELLIPSIS
    unknown prefix foo: (in foo:bar); declare it with PREFIX foo: <...>, or use one kg predeclares: dct:, kg:, ...
    >>> _unknown_prefix("SELECT ?x WHERE { ?x kg:status ?y }") is None
    True
    """
    body = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|<[^>\s]*>|#[^\n]*', " ", sparql)
    declared = set(PREFIXES) | {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:", body)}
    for m in re.finditer(r"(?<![\w?$:])([A-Za-z][\w.-]*):([\w-]*)", body):
        if m.group(1) not in declared and m.group(1).lower() not in declared:
            known = ", ".join(f"{p}:" for p in sorted(PREFIXES))
            return (f"unknown prefix {m.group(1)}: (in {m.group(0)}); declare it with PREFIX {m.group(1)}: <...>, "
                    f"or use one kg predeclares: {known}")
    return None


# C0 and C1 controls (ESC, BEL, CR, NUL ...) and the bidirectional overrides that reorder what a terminal shows
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character written as an escape, so an article cannot drive the terminal.

    >>> printable("Talks\\x1b[2J\\x07 ended\\r")
    'Talks\\\\x1b[2J\\\\x07 ended\\\\r'
    """
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return _UNPRINTABLE.sub(lambda m: named.get(m.group(), f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                              else f"\\u{ord(m.group()):04x}"), text)


def _short(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for p, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(ns):
                return printable(f"{p}:{term.value[len(ns):]}")
        return printable(f"<{term.value}>")
    if isinstance(term, ox.Literal):
        return printable(term.value)
    return printable(str(term))


def _value(term):
    if term is None:
        return None
    return term.value if hasattr(term, "value") else str(term)


def result_rows(result) -> tuple[list[str], list[list]]:
    """Column names and rows (pyoxigraph terms) of a SELECT, ASK or CONSTRUCT result."""
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [[ox.Literal(str(bool(result)).lower())]]
    if isinstance(result, ox.QuerySolutions):
        cols = [v.value for v in result.variables]
        return cols, [[sol[c] for c in cols] for sol in result]
    return ["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in result]


def format_result(result, fmt: str = "table") -> str:
    """Render a result as ``table`` (aligned, prefixed names), ``csv`` or ``json``.

    JSON of a SELECT follows the SPARQL 1.1 Query Results JSON format.
    """
    if fmt == "json" and isinstance(result, ox.QuerySolutions):
        return cast(bytes, result.serialize(format=ox.QueryResultsFormat.JSON)).decode("utf-8")
    if fmt == "json" and isinstance(result, ox.QueryBoolean):
        return json.dumps({"head": {}, "boolean": bool(result)})
    cols, rows = result_rows(result)
    if fmt == "json":
        return json.dumps([dict(zip(cols, map(_value, r))) for r in rows], ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([_value(t) or "" for t in r])
        return buf.getvalue()
    if cols == ["ask"]:
        return rows[0][0].value
    cols = [printable(c) for c in cols]
    cells = [[_short(t) for t in r] for r in rows]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(cols)]

    def line(vals: list[str]) -> str:
        return "  ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(vals, widths)).rstrip()

    out = [line(cols), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out)


def read_query_arg(arg: str) -> str:
    """A query given inline or as the path of a ``.rq`` / ``.sparql`` file."""
    from pathlib import Path

    p = Path(arg)
    if len(arg) < 4096 and "\n" not in arg and p.suffix in {".rq", ".sparql", ".txt"}:
        if not p.exists():
            raise QueryError(f"query file {arg} not found")
        return p.read_text(encoding="utf-8")
    return arg
