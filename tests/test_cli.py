"""The command line, in process and as the installed entry points."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jiceng_xiaofang.cli import main
from policy_files import EMBEDDED, write_policy


def test_report_summarises_the_policy(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("重庆市渝中区进一步加强基层消防治理的实施意见\n")
    assert "2023-02-21" in out and "渝府办发〔2022〕110号" in out and "区政府第38次常务会会议" in out
    assert "24 clauses, 20 annex tasks" in out
    ranking = [
        line.split()[1]
        for line in out.split("Bodies ranked")[1].splitlines()[2:]
        if line.strip()[:1].isdigit()
    ]
    assert ranking[:3] == ["区消防救援支队", "各街道办事处", "区应急局"]
    assert len(ranking) == 17
    assert "Lint: 2 issue(s)" in out


def test_report_of_another_policy_leaves_the_yuzhong_sample_out(capsys: pytest.CaptureFixture[str]) -> None:
    qijiang = Path(__file__).resolve().parent / "data" / "qijiang-2022-fragment.toml"
    assert main(["report", "--policy", str(qijiang)]) == 0
    out = capsys.readouterr().out
    assert "1 tasks (from the clauses; no annex)" in out and "Compliance of the bundled sample" not in out
    assert main(["report", "--json", "--policy", str(qijiang)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["roles"][0]["code"] == "division_main_head" and data["tasks"][0]["source"] == "clause"


def test_report_top(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--top", "3"]) == 0
    assert "... and 14 more" in capsys.readouterr().out


def test_report_json_is_the_whole_policy(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document"]["issued"] == "2023-02-21"
    assert len(data["clauses"]) == 24 and len(data["tasks"]) == 20
    assert data["clauses"][9]["id"] == "3.2"
    assert not any(key.startswith("_") for key in data)


def test_lint_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint"]) == 0  # warnings only
    captured = capsys.readouterr()
    assert captured.out.count("lead-and-cooperating") == 2
    assert "0 error(s), 2 warning(s)" in captured.err
    assert main(["lint", "--strict"]) == 1


def test_clause_and_search(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clause", "三（五）"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("三（五） (3.5, sec_3__item_5) 落实公安派出所消防监督机制")
    assert "1至2名取得公安机关人民警察执法资格" in out
    assert main(["search", "no-such-word-anywhere"]) == 1


def test_errors_are_one_line_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clause", "9.9"]) == 2
    assert capsys.readouterr().err.startswith("jiceng-xiaofang: error: no clause '9.9'")
    bad = write_policy(
        tmp_path / "bad.toml",
        EMBEDDED.read_text(encoding="utf-8").replace('lead = ["区公安分局"]', 'lead = ["区公安局"]', 1),
    )
    assert main(["lint", "--policy", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "unknown body name '区公安局'" in err
    assert "Traceback" not in err


def test_policy_option_reads_another_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = write_policy(
        tmp_path / "other.toml",
        EMBEDDED.read_text(encoding="utf-8").replace('id = "yuzhong-2023"', 'id = "other-2024"', 1),
    )
    assert main(["report", "--json", "--policy", str(other)]) == 0
    assert json.loads(capsys.readouterr().out)["document"]["id"] == "other-2024"


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "jiceng_xiaofang", "report"],
        [str(Path(sys.executable).with_name("jiceng-xiaofang")), "report"],
    ],
    ids=["python -m", "console script"],
)
def test_entry_points(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "24 clauses, 20 annex tasks" in done.stdout
