"""The first hour of a new user (issue 17): every item met on the way has a test here that fails if it breaks."""

from __future__ import annotations

import datetime as dt
import runpy
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import jiceng_xiaofang as jx
from jiceng_xiaofang.cli import SIGPIPE_STATUS, main
from jiceng_xiaofang.graph import cooperating_bodies, lead_bodies, task_graph, task_node
from jiceng_xiaofang.standards import (
    FacilityFileError,
    check_all,
    load_facilities,
    parse_facilities,
    sample_facilities,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "examples" / "data"
ON = dt.date(2024, 7, 1)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:  # a usage error, as argparse reports it
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


# -- 1. the README's commands run as written from the repository's root ------------------------------------


def _readme_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## The command line", 1)[1].split("\n## ", 1)[0]
    block = section.split("```", 2)[1]
    return [shlex.split(line) for line in block.splitlines() if line.startswith("jiceng-xiaofang ")]


def test_the_readme_commands_run_as_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = _readme_commands()
    assert len(commands) >= 12
    named = {c[1] for c in commands}
    assert {"report", "clause", "search", "check", "schedule", "hazards", "draft", "diff", "compare"} <= named
    work = tmp_path / "repo"
    for part in ("examples/data", "src/jiceng_xiaofang/data", "tests/seed", "tests/data"):
        shutil.copytree(ROOT / part, work / part)
    monkeypatch.chdir(work)
    for command in commands:
        for word in command[2:]:
            if "/" in word:  # every file the README names is in the repository
                assert (work / word).exists() or word.endswith(("policy.toml",)), word
        status, _, err = run(capsys, *command[1:])
        assert status in (0, 1), (command, err)
        assert "error:" not in err, (command, err)
    assert (work / "policy.toml").exists() and (work / "task-graph.graphml").exists()


def test_the_example_data_is_made_again_byte_for_byte(tmp_path: Path) -> None:
    module = runpy.run_path(str(DATA / "make_first_hour_data.py"))
    module["build"](tmp_path)
    names = ("facilities.json", "facilities.csv", "facilities-gbk.csv", "inspections.csv", "hazards.jsonl")
    for name in names:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


# -- 2. report shows the policy; the sample district behind --sample, without pint ----------------------------


def test_report_does_not_need_pint() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from jiceng_xiaofang.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['report']) == 0\n"
        "heavy = ('pint', 'jiceng_xiaofang.ledger', 'jiceng_xiaofang.hazards', 'jiceng_xiaofang.drafting')\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]", done.stderr  # only the command run is registered


def test_report_sample_is_refused_with_another_policy(capsys: pytest.CaptureFixture[str]) -> None:
    qijiang = str(ROOT / "tests" / "data" / "qijiang-2022-fragment.toml")
    status, out, err = run(capsys, "report", "--policy", qijiang, "--sample")
    assert status == 2 and "--sample" in err and "embedded policy" in err
    status, out, _ = run(capsys, "report", "--sample", "--on", "2024年7月1日", "--lang", "zh")
    assert status == 0 and "on 2024-07-01" in out and "（全区）" in out


# -- 3. a closed pipe: no traceback from clause, check --json, hazards --json ---------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["clause", "3.2"],
        ["check", "--json", str(DATA / "facilities.json")],
        ["hazards", "--json", str(DATA / "hazards.jsonl")],
        ["report"],
    ],
)
def test_a_closed_pipe_is_quiet(command: list[str]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "jiceng_xiaofang", *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read().decode("utf-8")
    status = process.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert status in (0, 1, SIGPIPE_STATUS)


# -- 4. "30 m2" as the package's messages write it ------------------------------------------------------------


@pytest.mark.parametrize(("area", "members"), [("30 m2", "六名"), ("三十平方米", "6名"), ("30 m²", "六人")])
def test_the_units_as_people_write_them(area: str, members: str) -> None:
    report = jx.check(jx.MicroFireStation(room_area=area, members=members), on=ON)
    assert report.finding("micro_fire_station.room_area").status == "pass"
    assert report.finding("micro_fire_station.members").status == "pass"


# -- 5. Chinese dates in every --on ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["check", str(DATA / "facilities.json")],
        ["hazards", str(DATA / "hazards.jsonl"), "--json"],
        ["report", "--sample"],
        ["schedule", "--log", str(DATA / "inspections.csv")],
    ],
)
def test_chinese_dates_in_on(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    status, out, err = run(capsys, *command, "--on", "2024年7月1日")
    assert status in (0, 1), err
    status_iso, out_iso, _ = run(capsys, *command, "--on", "2024-07-01")
    assert (status, out) == (status_iso, out_iso)
    status, _, err = run(capsys, *command, "--on", "2024年2月30日")
    assert status == 2 and "2024年2月30日" in err


# -- 6. facilities from CSV and .xlsx, GBK detected, --encoding -----------------------------------------------


def test_csv_json_and_gbk_give_the_same_reports() -> None:
    as_json = check_all(load_facilities(DATA / "facilities.json"), on=ON).to_dict()
    assert check_all(load_facilities(DATA / "facilities.csv"), on=ON).to_dict() == as_json
    assert check_all(load_facilities(DATA / "facilities-gbk.csv"), on=ON).to_dict() == as_json
    assert check_all(load_facilities(DATA / "facilities-gbk.csv", encoding="gbk"), on=ON).to_dict() == as_json


def test_csv_errors_name_file_row_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.csv"
    path.write_text("kind,name,room_area\nfire_lane,甲,\nmicro_fire_station,乙,30 kg\n", encoding="utf-8")
    with pytest.raises(FacilityFileError) as info:
        load_facilities(path)
    assert info.value.line == 3 and str(info.value).endswith("room_area: expected an area (m^2), got '30 kg'")
    status, _, err = run(capsys, "check", str(path))
    assert status == 2 and f"{path}:3: room_area:" in err
    with pytest.raises(FacilityFileError, match=r"f\.csv:2: expected 2 cells as in the header"):
        parse_facilities("kind,name\nfire_lane\n", source="f.csv", fmt="csv")
    with pytest.raises(FacilityFileError, match=r"f\.csv:2: a facility row needs a 'kind'"):
        parse_facilities("name\n甲\n", source="f.csv", fmt="csv")
    status, _, err = run(capsys, "check", str(DATA / "facilities-gbk.csv"), "--encoding", "utf-8")
    assert status == 2 and "not utf-8 text" in err and "--encoding gb18030" in err
    status, _, err = run(capsys, "check", str(DATA / "facilities.csv"), "--encoding", "klingon")
    assert status == 2 and "encoding: expected a text encoding" in err


def test_xlsx_facilities_and_logs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    import csv

    for name in ("facilities", "inspections"):
        book = openpyxl.Workbook()
        with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as file:
            for row in csv.reader(file):
                book.active.append([int(c) if c.isdigit() else (c or None) for c in row])
        book.save(tmp_path / f"{name}.xlsx")
    as_json = check_all(load_facilities(DATA / "facilities.json"), on=ON).to_dict()
    assert check_all(load_facilities(tmp_path / "facilities.xlsx"), on=ON).to_dict() == as_json
    _, from_csv, _ = run(capsys, "schedule", "--log", str(DATA / "inspections.csv"), "--on", "2024-07-01")
    _, from_xlsx, err = run(
        capsys, "schedule", "--log", str(tmp_path / "inspections.xlsx"), "--on", "2024-07-01"
    )
    assert from_xlsx == from_csv, err
    book = openpyxl.load_workbook(tmp_path / "facilities.xlsx")
    book.active["G3"] = "30 kg"  # room_area of the second facility
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(FacilityFileError, match=r"bad\.xlsx: row 3: room_area: expected an area"):
        load_facilities(tmp_path / "bad.xlsx")
    (tmp_path / "not.xlsx").write_text("kind\n", encoding="utf-8")
    with pytest.raises(FacilityFileError, match=r"not\.xlsx: not an \.xlsx workbook"):
        load_facilities(tmp_path / "not.xlsx")


def test_xlsx_without_openpyxl_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "openpyxl" else real(name, *a)
    )
    (tmp_path / "f.xlsx").write_bytes(b"PK")
    with pytest.raises(jx.XiaofangError, match=r"pip install 'jiceng-xiaofang\[xlsx\]'"):
        load_facilities(tmp_path / "f.xlsx")


# -- 7. graph queries take the Chinese label; cooperating bodies beside the lead ones ---------------------------


def test_graph_queries_take_the_label() -> None:
    g = task_graph()
    policy = jx.load_policy()
    for ref in ("三（二）", "三(二)", "3.2", "３.２"):
        assert task_node(g, ref) == policy.clause(ref).id == "3.2"
        assert lead_bodies(g, ref) == policy.task("3.2").lead
    assert set(cooperating_bodies(g, "三（二）")) == set(policy.task("3.2").cooperating)
    assert "区消防救援支队" in lead_bodies(g, "四（五）") and "区消防救援支队" in cooperating_bodies(
        g, "四（五）"
    )
    with pytest.raises(jx.NotFoundError, match="no task '三（九）'"):
        cooperating_bodies(g, "三（九）")


# -- 8. roll-ups in Chinese, the HTML keeps due, optional fails are not counted as fails -------------------------


def test_rollup_renders_in_chinese_and_html_keeps_due() -> None:
    rollup = check_all(sample_facilities(), on=ON)
    text = rollup.to_text(lang="zh")
    assert text.splitlines()[0].split() == [
        "街道",
        "设施数",
        "符合",
        "不符合",
        "未知",
        "未到期",
        "已逾期",
        "达标率",
    ]
    assert text.splitlines()[-1].startswith("（全区）")
    assert rollup.to_text() == rollup.to_text(lang="en") and "(district)" in rollup.to_text()
    with pytest.raises(jx.XiaofangError, match="lang: expected 'en' or 'zh', got 'fr'"):
        rollup.to_text(lang="fr")
    html = rollup._repr_html_()
    assert "<th>due</th>" in html and "<th>overdue</th>" in html
    due = rollup.summary().due
    assert due > 0 and f"<td>{due}</td><td>{rollup.summary().overdue}</td>" in html


def test_an_optional_fail_is_not_counted_as_a_fail() -> None:
    report = jx.check(jx.MicroFireStation(small_fire_engines=0, vehicle_movers=0), on=ON)
    assert report.failed() == () and len(report.failed(None)) == 2
    assert " fail," not in repr(report) and "2 fail (not required)" in repr(report)


def test_frames_in_chinese() -> None:
    pytest.importorskip("pandas")
    frame = check_all(sample_facilities(), on=ON).to_frame(lang="zh")
    assert {"街道", "设施类型", "结果", "要求强度"} <= set(frame.columns)
    assert set(frame["结果"]) <= {"符合", "不符合", "未知", "不适用"}
    one = jx.check(jx.FireLane(clear_width=3.9), on=ON).to_frame(lang="zh")
    assert one.index.name == "要求" and one.loc["fire_lane.clear_width", "结果"] == "不符合"


def test_table_report_in_chinese() -> None:
    pytest.importorskip("numpy")
    from jiceng_xiaofang.standards import check_table

    table = check_table({"qualified_fire_police": [0, 2]}, kind="police_station", on=ON)
    assert table.to_text(lang="zh").splitlines()[0].split()[:3] == ["要求", "要求强度", "符合"]


# -- 9. clauses, sections, the list, an empty search ----------------------------------------------------------


def test_clause_3_is_the_section_not_5_3(capsys: pytest.CaptureFixture[str]) -> None:
    for ref in ("3", "三", "３", "三、"):
        status, out, err = run(capsys, "clause", ref)
        assert status == 0, err
        assert out.startswith("三、加强基层消防工作机制建设 (section 3)") and "3.7  三（七）" in out
        assert "5.3" not in out
    with pytest.raises(jx.NotFoundError, match=r"'3' is the section 三、.* its clauses are 3\.1 to 3\.7"):
        jx.load_policy().clause("3")


def test_clause_full_width_and_list(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "clause", "３.２")
    assert status == 0 and out.startswith("三（二） (3.2, sec_3__item_2)")
    status, out, _ = run(capsys, "clause", "--list")
    policy = jx.load_policy()
    assert status == 0 and all(f"{c.id:>5}  {c.label}  {c.title}" in out for c in policy.clauses)
    assert run(capsys, "clause")[0] == 2


def test_search_with_no_hit_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "search", "不存在的词")
    assert (status, out) == (1, "") and "no clause contains 不存在的词" in err


# -- 10. hazards: --open311 FILE, a file that is no hazard log, the fact and the obligation ---------------------


def test_open311_does_not_swallow_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "hazards", "--open311", str(DATA / "hazards.jsonl"))
    assert status == 0, err
    assert '"service_request_id": "YZ-2024-0001"' in out and '"service_request_id": "YZ-2024-0002"' in out


def test_an_inspection_log_is_not_a_hazard_log(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "hazards", str(DATA / "inspections.csv"))
    assert status == 2 and out == ""
    assert "not a hazard log" in err and "0 hazards" not in err and "schedule --log" in err


def test_a_fact_id_in_a_log_names_the_obligation(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("date,target,by,obligation\n2024-03-01,甲,张三,street_inspection\n", encoding="utf-8")
    with pytest.raises(jx.ScheduleFileError, match="the obligation 'street_entrusted_units'") as info:
        jx.read_log(path)
    assert "streets_complete_construction" not in str(info.value)


# -- 11. without a CJK font: the message says how to install one and how to rebuild matplotlib's stale cache -----


def test_no_cjk_font_says_how_to_rebuild_the_font_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib
    from matplotlib import font_manager

    from jiceng_xiaofang.graph import find_cjk_font

    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    with pytest.raises(jx.XiaofangError) as info:
        find_cjk_font()
    message = str(info.value)
    assert "fonts-noto-cjk" in message and "font cache" in message and matplotlib.get_cachedir() in message
    assert "restart" in message


def test_the_notebooks_extra_installs_jupyter() -> None:
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    names = {req.split(">")[0].split("[")[0] for req in extras["notebooks"]}
    assert {"jupyter", "nbconvert", "matplotlib", "pandas"} <= names
    assert {"openpyxl"} <= {req.split(">")[0] for req in extras["xlsx"]}


def test_the_commands_the_parser_registers_are_the_ones_it_knows_where_to_find() -> None:
    # _BUILT_IN and _ELSEWHERE decide which packages a run imports: a command missing from both would make
    # every run import every command's package (still correct, only slower), so keep them complete
    from jiceng_xiaofang import cli

    names = set(cli._parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert names == cli._BUILT_IN | set(cli._ELSEWHERE)
    assert not cli._BUILT_IN & set(cli._ELSEWHERE)
    only_report = set(cli._parser("report")._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert only_report == cli._BUILT_IN
