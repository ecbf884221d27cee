"""kg is packaged for real: a wheel installed into a fresh venv builds, validates and exports from outside the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import tomllib

from .conftest import EXAMPLES, ROOT


def _packages_on_disk() -> set[str]:
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kg").rglob("__init__.py")}
    return found | {"kg.ontology", "kg.queries"}


def test_every_package_of_the_source_is_listed_in_pyproject():
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    assert set(listed) == _packages_on_disk(), "add the new package to [tool.setuptools] packages in pyproject.toml"


def test_the_ontology_is_read_from_the_installed_package():
    from importlib import resources

    from kg.vocab import ontology_text

    installed = resources.files("kg.ontology")
    for name in ("kg.ttl", "shapes.ttl", "context.jsonld"):
        assert installed.joinpath(name).read_text(encoding="utf-8") == (ROOT / "ontology" / name).read_text(
            encoding="utf-8"
        )
        assert ontology_text(name)


def _run(*args, cwd: Path, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    r = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, f"{' '.join(map(str, args))} failed:\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}"
    return r


@pytest.fixture(scope="module")
def installed_kg(tmp_path_factory) -> tuple[Path, Path]:
    """A fresh venv with kg installed from a wheel of this checkout (not editable); returns (its bin dir, a work dir).

    kg itself comes only from the wheel. Its dependencies are those of the running environment, made visible
    through a ``.pth`` file (whose own ``.pth`` files, the editable install's included, Python does not read),
    so the test needs no network and no second copy of spaCy.
    """
    tmp = tmp_path_factory.mktemp("packaged")
    source = tmp / "source"  # a clean copy: a stale build/ folder in the checkout could slip old files into the wheel
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".git", ".venv", "build", "output", "*.egg-info", "__pycache__", ".*_cache"),
    )
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp / "dist", source, cwd=tmp)
    wheel = next((tmp / "dist").glob("kg-*.whl"))
    venv = tmp / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp)
    bin_dir = venv / "bin"
    site = Path(
        _run(
            bin_dir / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp
        ).stdout.strip()
    )
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "kg-test-deps.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    _run(bin_dir / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel, cwd=tmp)
    work = tmp / "work"
    work.mkdir()
    return bin_dir, work


@pytest.mark.slow
def test_the_installed_kg_is_the_wheel_not_the_checkout(installed_kg):
    bin_dir, work = installed_kg
    where = _run(
        bin_dir / "python", "-c", "import kg, kg.ontology; print(kg.__file__); print(kg.ontology.__file__)", cwd=work
    ).stdout.split()
    assert all(Path(p).is_relative_to(bin_dir.parent) for p in where), where


@pytest.mark.slow
def test_a_wheel_in_a_fresh_venv_builds_validates_and_exports_json_ld(installed_kg):
    bin_dir, work = installed_kg
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    _run(bin_dir / "kg", "build", EXAMPLES, cwd=work, env=env)
    assert (work / "output" / "store").is_dir() and (work / "output" / "graph.html").exists()
    r = _run(bin_dir / "kg", "validate", cwd=work, env=env)
    assert "conforms" in r.stdout
    _run(bin_dir / "kg", "export", "--format", "json-ld", "-o", work / "graph.jsonld", cwd=work, env=env)
    text = (work / "graph.jsonld").read_text(encoding="utf-8")
    assert '"@context"' in text and "kg-news/ontology#" in text


@pytest.mark.slow
def test_a_wheel_runs_the_saved_queries_and_the_timeline(installed_kg):
    bin_dir, work = installed_kg
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    if not (work / "output" / "store").is_dir():
        _run(bin_dir / "kg", "build", EXAMPLES, cwd=work, env=env)
    r = _run(bin_dir / "kg", "query", "--name", "met", "--param", "person=Orban", "--format", "csv", cwd=work, env=env)
    assert "Viktor Orban,Vladimir Putin" in r.stdout
    r = _run(bin_dir / "kg", "timeline", "Budapest", cwd=work, env=env)
    assert "current status: postponed" in r.stdout
