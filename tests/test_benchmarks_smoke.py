"""The benchmark script runs (quick mode) and its three implementations of a check agree.

This is not a timing test: it asserts nothing about speed, only that benchmarks/ keeps working.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


def test_benchmarks_run_quick() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1].split()[:3] == ["benchmark", "package", "baseline"]
    assert any(line.startswith("check() micro station vs pint per field") for line in lines)
    assert any(line.startswith("record built + check() vs competent pint") for line in lines)


def test_growth_and_first_use_benchmarks_run() -> None:
    folder = SCRIPT.parent
    done = subprocess.run(
        [sys.executable, str(folder / "scale.py"), "--sizes", "300,600", "--rounds", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    names = {line.split(" n=")[0].strip() for line in done.stdout.splitlines() if " n=" in line}
    assert names == {"hazard append", "hazard read", "district load", "chains", "due report", "ledger record"}
    assert done.stdout.count("growth of the time per item") == 6
    done = subprocess.run(
        [sys.executable, str(folder / "first_use.py"), "--rounds", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("ratio median") == 4
