"""The ``schedule`` command: added to a parser like the main command line's, then run."""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from jiceng_xiaofang.errors import XiaofangError
from jiceng_xiaofang.schedule.cli import register

LOGS = Path(__file__).resolve().parent / "fixtures" / "schedule" / "logs"
SAMPLE = str(LOGS / "sample.csv")


def _parser() -> argparse.ArgumentParser:
    """The same shape as jiceng_xiaofang.cli: subcommands with a --policy parent parser."""
    parser = argparse.ArgumentParser(prog="jiceng-xiaofang")
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--policy", metavar="FILE")
    register(sub, common)
    return parser


def run(argv: Sequence[str]) -> int:
    """Like jiceng_xiaofang.cli.main: XiaofangError becomes exit status 2."""
    args = _parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except XiaofangError as exc:
        print(f"jiceng-xiaofang: error: {exc}")
        return 2
    return status


def test_overdue_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["schedule", "--log", SAMPLE, "--on", "2024-04-01"]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Duties on 2024-04-01: 2 overdue, 1 due, 1 unknown, 4 met, 2 unscheduled"
    assert lines[2].split() == ["status", "due", "obligation", "clause", "target", "last"]
    assert lines[3].split()[:3] == ["overdue", "2024-03-25", "campaign_hazards_closed"]
    assert lines[4].split()[:3] == ["overdue", "2024-03-31", "district_quarterly_check"]
    assert not any(line.startswith(("met", "unscheduled")) for line in lines)


def test_nothing_overdue_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["schedule", "--log", SAMPLE, "--on", "2024年3月24日"]) == 0
    assert "0 overdue" in capsys.readouterr().out


def test_all_json_and_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["schedule", "--log", SAMPLE, "--on", "2024-04-01", "--all"]) == 1
    out = capsys.readouterr().out
    assert any(line.startswith("met") for line in out.splitlines())
    argv = ["schedule", "--log", SAMPLE, "--on", "2026-01-01", "--json", "--district", "yuzhong"]
    assert run([*argv, "--since", "2023-02-21", "--reading", "rolling"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["on"] == "2026-01-01" and data["since"] == "2023-02-21"
    completion = [r for r in data["rows"] if r["obligation"] == "streets_complete_construction"]
    assert len(completion) == 11
    assert {r["target"]: r["status"] for r in completion}["解放碑街道"] == "met"
    assert {r["status"] for r in completion if r["target"] != "解放碑街道"} == {"overdue"}
    assert {r["reading"] for r in data["rows"] if r["obligation"] == "street_entrusted_units"} == {"rolling"}


def test_ics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("icalendar")
    out = tmp_path / "duties.ics"
    assert (
        run(
            ["schedule", "--log", SAMPLE, "--on", "2024-03-01", "--ics", str(out), "--period", "2024年上半年"]
        )
        == 0
    )
    text = out.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and "X-WR-CALNAME:yuzhong-2023 2024年上半年" in text
    assert "wrote" in capsys.readouterr().err


def test_jsonl_log_and_own_obligations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(LOGS / "sample.jsonl", tmp_path / "log.jsonl")
    assert run(["schedule", "--log", str(tmp_path / "log.jsonl"), "--on", "2024-04-01"]) == 1
    minimal = LOGS.parent / "good" / "minimal-obligations.toml"
    assert run(["schedule", "--log", SAMPLE, "--on", "2024-04-01", "--obligations", str(minimal)]) == 2
    assert "no obligation 'district_quarterly_check'" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--on", "2024-02-30"], "--on: expected a day of 2024-02, which has 29 days, got '2024-02-30'"),
        (["--on", "tomorrow"], "--on: expected a date such as 2024-03-31 or 2024年3月31日, got 'tomorrow'"),
        (["--on", "2024年4月"], "--on: expected a single day"),
        (["--since", "last year"], "--since: expected a date"),
        (["--ics", "x.ics", "--period", "2024年底"], "--period: expected a period"),
        (["--district", "no-such-district.toml"], "cannot read the file"),
        (["--policy", "no-such-policy.toml"], "cannot read the file"),
    ],
)
def test_bad_input_exits_2(
    argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = [a if a != "x.ics" else str(tmp_path / "x.ics") for a in argv]
    assert (
        run(["schedule", "--log", SAMPLE, *(args if "--on" in args else [*args, "--on", "2024-04-01"])]) == 2
    )
    out = capsys.readouterr().out
    assert out.startswith("jiceng-xiaofang: error: ") and fragment in out, out


def test_a_bad_log_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    bad = str(LOGS / "bad" / "date-february-30.csv")
    assert run(["schedule", "--log", bad, "--on", "2024-04-01"]) == 2
    assert f"{bad}: line 3, date: expected a day of 2024-02" in capsys.readouterr().out


def test_the_log_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        _parser().parse_args(["schedule"])
    assert info.value.code == 2
    assert "--log" in capsys.readouterr().err


def test_the_main_command_line_once_wired(capsys: pytest.CaptureFixture[str]) -> None:
    from jiceng_xiaofang import cli

    try:
        status = cli.main(["schedule", "--log", SAMPLE, "--on", "2024-04-01"])
    except SystemExit:
        pytest.skip("the schedule command is not wired into jiceng_xiaofang.cli yet")
    assert status == 1
    assert capsys.readouterr().out.startswith("Duties on 2024-04-01: 2 overdue")
    assert cli.main(["schedule", "--log", SAMPLE, "--on", "2024-02-30"]) == 2
