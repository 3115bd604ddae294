"""The ``ledger`` command: status, record (checked first, nothing written when refused), assess and bulletin;
errors as one line with exit 2; the README's commands as written; the sample made again, byte for byte."""

from __future__ import annotations

import json
import runpy
import shlex
import shutil
from pathlib import Path

import pytest

from jiceng_xiaofang.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "examples" / "data"
FACILITIES = str(DATA / "ledger-facilities.toml")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the sample ledger and its evidence: reading it through the store writes its lock and index beside it."""
    folder = tmp_path_factory.mktemp("sample")
    shutil.copy(DATA / "ledger-sample.jsonl", folder)
    shutil.copytree(DATA / "evidence", folder / "evidence")
    return str(folder / "ledger-sample.jsonl")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_status_flags_the_contradiction(sample: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "ledger", "status", sample, "--on", "2025-12-31", "--facilities", FACILITIES)
    assert status == 1
    assert out.startswith("ledger of yuzhong-2023 on 2025-12-31: 151 task-unit rows")
    line = next(x for x in out.splitlines() if "七星岗街道办事处" in x and x.strip().startswith("1.1"))
    assert "已完成" in line and "fail" in line
    status, out, _ = run(capsys, "ledger", "status", sample, "--on", "2025年12月31日", "--json")
    data = json.loads(out)
    assert data["on"] == "2025-12-31" and len(data["rows"]) == 151
    assert all(r["derived"] == "" for r in data["rows"])  # no facilities given: nothing derived


def test_status_with_cooperating_units(sample: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "ledger", "status", sample, "--on", "2024-01-01", "--json", "--cooperating")
    assert len(json.loads(out)["rows"]) > 151


def test_record_creates_appends_and_refuses_without_writing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ledger = tmp_path / "l.jsonl"
    common = ["ledger", "record", str(ledger), "--by", "解放碑街道 王五"]
    status, out, _ = run(
        capsys, *common, "--kind", "progress", "--task", "1.1", "--unit", "解放碑街道", "--status", "completed",
        "--on", "2025-06-30", "--done", "消防工作站已建成", "--problems", "无", "--next", "申请验收",
    )  # fmt: skip
    assert status == 0
    assert out.startswith("recorded entry 1 (进展报告 progress, task 1.1, 解放碑街道办事处)")
    assert "5.1 “明确分工、细化措施、打表推进”" in out
    before = ledger.read_bytes()
    line = json.loads(before.decode("utf-8"))
    assert (line["seq"], line["unit"], line["next_steps"], line["rule"]) == (
        1,
        "解放碑街道办事处",
        "申请验收",
        "tracking",
    )
    status, _, err = run(
        capsys, *common, "--kind", "acceptance", "--task", "1.2", "--unit", "解放碑街道", "--on", "2025-07-01"
    )
    assert status == 2
    assert err.count("\n") == 1
    assert "cannot be accepted: its unit has never reported it done (5.2 '确保各项重点任务落实落地')" in err
    assert ledger.read_bytes() == before  # nothing written
    status, out, _ = run(
        capsys, *common, "--kind", "letter", "--id", "DB-1", "--unit", "两路口街道", "--on", "2025-07-01",
        "--deadline", "2025年7月31日", "--task", "1.2",
    )  # fmt: skip
    assert status == 0 and "entry 2" in out
    assert len(ledger.read_text(encoding="utf-8").splitlines()) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--kind", "progress", "--task", "9.9", "--unit", "解放碑街道", "--status", "completed"],
            "no clause '9.9'",
        ),
        (
            ["--kind", "progress", "--task", "1.1", "--unit", "火星街道", "--status", "completed"],
            "unknown unit '火星街道'",
        ),
        (["--kind", "letter", "--unit", "解放碑街道", "--id", "X"], "a letter (督办函) needs the deadline"),
    ],
)
def test_record_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], message: str
) -> None:
    ledger = tmp_path / "l.jsonl"
    status, _, err = run(capsys, "ledger", "record", str(ledger), "--by", "x", "--on", "2025-01-01", *args)
    assert status == 2 and message in err and err.startswith("jiceng-xiaofang: error: ")
    assert not ledger.exists()


def test_a_date_before_the_policy_and_a_bad_date(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    base = ["ledger", "record", str(tmp_path / "l.jsonl"), "--by", "x", "--kind", "inspection"]
    status, _, err = run(capsys, *base, "--on", "2022-12-31")
    assert status == 2 and "a date before the policy (yuzhong-2023, issued 2023-02-21)" in err
    status, _, err = run(capsys, *base, "--on", "yesterday")
    assert status == 2 and "--on: expected a date such as 2025-06-30 or 2025年6月30日, got 'yesterday'" in err


def test_evidence_is_hashed_and_a_changed_file_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ledger = tmp_path / "l.jsonl"
    (tmp_path / "photos").mkdir()
    photo = tmp_path / "photos" / "station.jpg"
    photo.write_bytes(b"a sign on the door")
    status, _, _ = run(
        capsys, "ledger", "record", str(ledger), "--kind", "progress", "--task", "1.1", "--unit", "解放碑街道",
        "--status", "completed", "--on", "2025-06-30", "--by", "x", "--evidence", str(photo),
        "--evidence-text", "挂牌照片",
    )  # fmt: skip
    assert status == 0
    evidence = json.loads(ledger.read_text(encoding="utf-8"))["evidence"]
    assert evidence[0] == {"text": "挂牌照片"} and evidence[1]["file"] == "photos/station.jpg"
    assert run(capsys, "ledger", "status", str(ledger), "--on", "2025-07-01")[0] == 0
    photo.write_bytes(b"another sign")
    status, _, err = run(capsys, "ledger", "status", str(ledger), "--on", "2025-07-01")
    assert status == 2
    assert "entry 1: evidence photos/station.jpg changed since it was recorded" in err
    assert run(capsys, "ledger", "status", str(ledger), "--on", "2025-07-01", "--no-verify")[0] == 0
    outside = tmp_path.parent / f"{tmp_path.name}-outside.jpg"
    outside.write_bytes(b"x")
    status, _, err = run(
        capsys, "ledger", "record", str(ledger), "--kind", "inspection", "--on", "2025-07-02", "--by", "x",
        "--evidence", str(outside),
    )  # fmt: skip
    assert status == 2 and "keep evidence files in the ledger's folder" in err
    outside.unlink()


def test_a_damaged_ledger_names_its_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ledger = tmp_path / "l.jsonl"
    first = '{"policy": "yuzhong-2023", "seq": 1, "kind": "inspection", "on": "2024-01-05", "by": "x"}\n'
    ledger.write_text(first + '{"kind": "x"\n', encoding="utf-8")
    status, _, err = run(capsys, "ledger", "status", str(ledger))
    assert status == 2 and f"{ledger}: line 2 (corrupted): not valid JSON" in err
    ledger.write_text(
        first + first.replace('"seq": 1, "kind": "inspection"', '"seq": 2, "kind": "x"'), encoding="utf-8"
    )
    status, _, err = run(capsys, "ledger", "status", str(ledger))
    assert status == 2 and f"{ledger}: entry 2: kind: expected one of" in err
    status, _, err = run(capsys, "ledger", "status", str(tmp_path / "missing.jsonl"))
    assert status == 2 and "missing.jsonl: no such file" in err


def test_bulletin_markdown_xlsx_docx(sample: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "ledger", "bulletin", sample, "--quarter", "2025Q4")
    assert status == 0 and out.startswith("# 区消防安全委员会办公室关于2025年第四季度")
    status, out, _ = run(capsys, "ledger", "bulletin", sample, "--quarter", "2025Q4", "--lang", "en")
    assert "| No. | Task | Responsible unit |" in out
    status, _, err = run(capsys, "ledger", "bulletin", sample, "--quarter", "2025", "--lang", "en")
    assert status == 2 and "--quarter: expected a quarter such as 2025Q4" in err
    pytest.importorskip("openpyxl")
    pytest.importorskip("docx")
    for name in ("b.xlsx", "b.docx", "b.md"):
        status, out, err = run(
            capsys, "ledger", "bulletin", sample, "--quarter", "2025Q4", "-o", str(tmp_path / name),
            "--facilities", FACILITIES, "--scheme", str(ROOT / "src/jiceng_xiaofang/data/assessment-illustrative.toml"),
        )  # fmt: skip
        assert status == 0 and out == "" and f"wrote {tmp_path / name} (151 rows, 2025年第四季度)" in err
        assert (tmp_path / name).stat().st_size > 0
    assert "## 七、考核排名" in (tmp_path / "b.md").read_text(encoding="utf-8")


def test_assess(sample: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "ledger", "assess", sample, "--period", "2025", "--facilities", FACILITIES)
    assert status == 0 and "streets" in out and "office" in out
    status, out, _ = run(capsys, "ledger", "assess", sample, "--period", "2025", "--unit", "七星岗街道")
    assert out.startswith("七星岗街道办事处:")
    status, out, _ = run(capsys, "ledger", "assess", sample, "--period", "2025H2", "--json")
    assert json.loads(out)["period"] == "2025-07-01/2025-12-31"
    bad = tmp_path / "s.toml"
    bad.write_text("format = 1\nid = 3\n", encoding="utf-8")
    status, _, err = run(capsys, "ledger", "assess", sample, "--period", "2025", "--scheme", str(bad))
    assert status == 2 and f"{bad}:2: id: expected a string" in err


def test_policy_and_district_options(sample: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "ledger", "status", sample, "--policy", str(tmp_path / "none.toml"))
    assert status == 2 and "none.toml" in err
    status, _, err = run(capsys, "ledger", "status", sample, "--district", "none", "--on", "2025-12-31")
    assert (
        status == 2 and "unknown unit" in err and "街道办事处" in err
    )  # without the district: no street office


def test_the_readme_commands_run_as_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("openpyxl")
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## The committee's ledger", 1)[1].split("\n## ", 1)[0]
    block = section.split("```", 2)[1]
    commands = [shlex.split(line) for line in block.splitlines() if line.startswith("jiceng-xiaofang ")]
    assert [c[1:3] for c in commands] == [
        ["ledger", "status"],
        ["ledger", "assess"],
        ["ledger", "bulletin"],
        ["ledger", "record"],
    ]
    work = tmp_path / "repo"
    for part in ("examples/data", "src/jiceng_xiaofang/data"):
        shutil.copytree(ROOT / part, work / part)
    monkeypatch.chdir(work)
    for command in commands:
        status, _, err = run(capsys, *command[1:])
        assert status in (0, 1), err
    assert (work / "bulletin.xlsx").exists()
    assert json.loads((work / "new-ledger.jsonl").read_text(encoding="utf-8"))["seq"] == 1


def test_the_sample_is_made_again_byte_for_byte(tmp_path: Path) -> None:
    module = runpy.run_path(str(DATA / "make_ledger_sample.py"))
    ledger = module["build"](tmp_path)
    for name in ("ledger-sample.jsonl", "ledger-facilities.toml", "evidence/jiefangbei-1.1-station.txt"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
    kinds = {e.kind for e in ledger.entries}
    assert kinds == {"progress", "acceptance", "inspection", "supervision", "letter", "interview", "answer"}
    assert {e.unit for e in ledger.entries if e.kind == "progress" and e.unit.endswith("街道办事处")} == {
        s.office for s in module["jx"].yuzhong().streets
    }
