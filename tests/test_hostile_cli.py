"""The command line on hostile ground: output to a missing folder or a directory, a reader that stops reading.

Each ends in one line on standard error and exit 2, or (a closed pipe) a quiet exit 141, never a traceback.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from jiceng_xiaofang.cli import SIGPIPE_STATUS, main

HERE = Path(__file__).resolve().parent


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("jiceng-xiaofang: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(
    "command",
    [
        ["graph", "-o"],
        ["graph", "--format", "json", "-o"],
        ["org", "-o"],
    ],
)
def test_output_to_a_missing_folder(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "x.toml"
    assert main([*command, str(target)]) == 2
    err = _one_line_error(capsys)
    assert f"--output: cannot write '{target}': its folder '{target.parent}' does not exist" in err


@pytest.mark.parametrize("command", [["graph", "-o"], ["org", "-o"]])
def test_output_to_a_directory(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, str(tmp_path)]) == 2
    assert f"--output: expected a file to write, got '{tmp_path}', which is a directory" in _one_line_error(
        capsys
    )


def test_draft_output_to_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = tmp_path / "doc.txt"
    document.write_text("某某区工作方案\n一、总体要求\n坚持属地管理。\n", encoding="utf-8")
    assert main(["draft", str(document), "-o", str(tmp_path / "no" / "p.toml")]) == 2
    assert "--output: cannot write" in _one_line_error(capsys)


def test_schedule_calendar_to_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "log.csv"
    log.write_text("date,target,by,obligation\n", encoding="utf-8")
    status = main(["schedule", "--log", str(log), "--on", "2024-07-01", "--ics", str(tmp_path)])
    assert status == 2
    err = capsys.readouterr().err
    assert (
        f"jiceng-xiaofang: error: --ics: expected a file to write, got '{tmp_path}', which is a directory"
        in err
    )


def test_output_still_written(tmp_path: Path) -> None:
    target = tmp_path / "graph.json"
    assert main(["graph", "--format", "json", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("{")


class _ClosedPipe(io.TextIOBase):
    """Standard output whose reader has gone: every write raises BrokenPipeError."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["report"]) == SIGPIPE_STATUS == 141
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("command", [["report"], ["report", "--json"], ["graph"], ["lint"], ["--help"]])
def test_a_closed_pipe_as_with_head(command: list[str]) -> None:
    """``jiceng-xiaofang report | head -1``: the reader closes the pipe; the command stops quietly."""
    process = subprocess.Popen(
        [sys.executable, "-m", "jiceng_xiaofang", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the first write
    err = process.stderr.read().decode("utf-8")
    status = process.wait(timeout=120)
    assert "Traceback" not in err and "Exception ignored" not in err and "BrokenPipeError" not in err, err
    assert status in (0, 1, SIGPIPE_STATUS)  # lint prints to stderr too; --help may fit in the pipe's buffer
    if command[:2] == ["report", "--json"]:
        assert status == SIGPIPE_STATUS


def test_head_minus_one_in_a_shell() -> None:
    shell = subprocess.run(
        f"set -o pipefail; {sys.executable} -m jiceng_xiaofang report --json | head -1",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert shell.stdout == "{\n"
    assert shell.stderr == ""
    assert shell.returncode == SIGPIPE_STATUS
