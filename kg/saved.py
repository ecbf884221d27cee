"""Saved analyst queries: the ``.rq`` files of ``queries/``, run by name with parameters.

A query declares each parameter on a comment line ``# param NAME: "default" (what it is)``
and uses it as ``$NAME``; a value given with ``--param NAME=VALUE`` replaces it as a
SPARQL string literal (quotes and backslashes escaped, so a value cannot change the query).

>>> params_of('# param who: "" (a name)\\nSELECT * WHERE { FILTER(CONTAINS(?n, $who)) }')
{'who': ''}
>>> bind('SELECT * WHERE { FILTER(CONTAINS(?n, $who)) }', {"who": 'O"Brien'})
'SELECT * WHERE { FILTER(CONTAINS(?n, "O\\\\"Brien")) }'
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from .sparql_guard import QueryError

# the checkout's queries/ folder, installed as the package kg.queries (wheels and editable installs keep it on disk)
QUERIES_DIR = Path(str(resources.files("kg.queries")))
_PARAM = re.compile(r'^#\s*param\s+(\w+)\s*:\s*"((?:[^"\\]|\\.)*)"', re.M)


def names(folder: Path = QUERIES_DIR) -> list[str]:
    """The saved queries' names (file names without ``.rq``)."""
    return sorted(p.stem for p in folder.glob("*.rq"))


def params_of(text: str) -> dict[str, str]:
    """The parameters a query declares, with their defaults."""
    return {m.group(1): m.group(2) for m in _PARAM.finditer(text)}


def _literal(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def bind(text: str, values: dict[str, str]) -> str:
    """``text`` with each ``$NAME`` replaced by its value as a string literal."""
    return re.sub(r"\$(\w+)", lambda m: _literal(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["k=v", ...]`` as a dict; a pair without ``=`` is an error that says the form."""
    out = {}
    for pair in pairs:
        key, eq, value = pair.partition("=")
        if not eq or not key.strip():
            raise QueryError(f"--param {pair!r}: give it as NAME=VALUE, e.g. --param meeting=Geneva")
        out[key.strip()] = value
    return out


def load(name: str, values: dict[str, str] | None = None, folder: Path = QUERIES_DIR) -> str:
    """The text of saved query ``name`` with its parameters bound (defaults for those not given)."""
    path = folder / f"{name}.rq"
    if not path.is_file():
        raise QueryError(f"no saved query {name!r}; the saved queries are: {', '.join(names(folder))}")
    text = path.read_text(encoding="utf-8")
    declared = params_of(text)
    unknown = sorted(set(values or {}) - set(declared))
    if unknown:
        have = ", ".join(declared) or "none"
        raise QueryError(f"query {name!r} has no parameter {', '.join(unknown)} (its parameters: {have})")
    return bind(text, {**{k: v.encode().decode("unicode_escape") for k, v in declared.items()}, **(values or {})})
