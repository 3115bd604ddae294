"""Importing stays light; the examples run."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

import jiceng_xiaofang as jx

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.py"))
NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.ipynb"))
HEAVY = ("pint", "networkx", "pandas", "numpy", "dateutil", "matplotlib")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return {name.split(".")[0] for name in out.split()}


def test_import_does_not_load_heavy_dependencies() -> None:
    loaded = _modules_after("import jiceng_xiaofang")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
    assert "attrs" not in loaded and "tomllib" not in loaded  # nothing but the lazy face


def test_loading_the_policy_needs_no_pint_or_networkx() -> None:
    loaded = _modules_after("import jiceng_xiaofang as jx\njx.load_policy()\njx.lint(jx.load_policy())")
    assert not loaded & set(HEAVY)


def test_public_names_resolve() -> None:
    for name in jx.__all__:
        assert getattr(jx, name) is not None
    assert set(jx.__all__) <= set(dir(jx))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        jx.nope  # noqa: B018


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "argv", [str(path)])
    monkeypatch.chdir(tmp_path)  # examples may write files
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out.strip()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    # the kernel runs in tmp_path: give it, by absolute path, the package these tests import
    package_root = str(Path(jx.__file__).resolve().parents[1])
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, (package_root, os.environ.get("PYTHONPATH"))))
    )
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    errors = [
        o
        for c in notebook.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.output_type == "error"
    ]
    assert not errors
    assert all(c.get("execution_count") for c in notebook.cells if c.cell_type == "code")


def test_there_are_examples() -> None:
    assert EXAMPLES and NOTEBOOKS
