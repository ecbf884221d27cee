"""The package's layers only point down: no module imports, even lazily, a module that imports it back."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import pytest

import kg

PACKAGE = Path(kg.__file__).parent


def _module_files() -> dict[str, Path]:
    out = {}
    for m in pkgutil.walk_packages(kg.__path__, "kg."):
        spec = m.module_finder.find_spec(m.name, None)  # type: ignore[call-arg]
        if spec and spec.origin and spec.origin.endswith(".py"):
            out[m.name] = Path(spec.origin)
    out["kg"] = PACKAGE / "__init__.py"
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The kg modules ``name`` imports anywhere in its file (function bodies included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name and t != "kg":
                found.add(t)
    return found


def import_graph() -> dict[str, set[str]]:
    files = _module_files()
    return {name: _imports(name, path, set(files)) for name, path in files.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` as a list of modules (first one repeated at the end), or None.

    >>> find_cycle({"a": {"b"}, "b": {"a"}})
    ['a', 'b', 'a']
    >>> find_cycle({"a": {"b"}, "b": set()}) is None
    True
    """
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m) :] + [m]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def test_the_package_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize("low", ["kg.vocab", "kg.records", "kg.folder"])
def test_the_bottom_layers_import_nothing_of_the_pipeline(low):
    pipeline = {"kg.nlp", "kg.extract", "kg.resolve", "kg.rdf", "kg.store", "kg.pipeline", "kg.api", "kg.incremental"}
    assert not {m for m in import_graph()[low] if m.split(".")[0:2] and (m in pipeline or m.startswith("kg.nlp"))}


def test_the_cycle_finder_sees_a_lazy_import_cycle():
    assert find_cycle({"kg.a": {"kg.b"}, "kg.b": {"kg.c"}, "kg.c": {"kg.a"}}) == ["kg.a", "kg.b", "kg.c", "kg.a"]
