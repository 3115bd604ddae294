"""Comparing districts (jx.compare) and the layers under a district (national, then municipal)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jiceng_xiaofang as jx
from jiceng_xiaofang._text import width
from jiceng_xiaofang.revisions import Cell, Comparison
from policy_files import EMBEDDED, write_policy

DATA = Path(__file__).resolve().parent / "data"
QIJIANG = DATA / "qijiang-2022-fragment.toml"
MUNICIPAL = DATA / "municipal-illustrative.toml"
ON = dt.date(2025, 1, 1)
MEMBERS = "micro_fire_station.members >="


def _with(policy: jx.Policy, rid: str, **changes: object) -> jx.Policy:
    """The policy with one requirement changed in memory."""
    target = policy.requirement(rid)
    found = tuple(attrs.evolve(r, **changes) if r is target else r for r in policy.requirements)
    return attrs.evolve(policy, requirements=found)


def _copy(folder: Path, *edits: tuple[str, str], obligations: tuple[tuple[str, str], ...] = ()) -> Path:
    """An edited copy of the embedded files in ``folder``; returns the main file."""
    folder.mkdir(parents=True, exist_ok=True)
    text = EMBEDDED.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    main = write_policy(folder / EMBEDDED.name, text)
    path = folder / "yuzhong-2023-obligations.toml"
    duties = path.read_text(encoding="utf-8")
    for old, new in obligations:
        assert old in duties, old
        duties = duties.replace(old, new, 1)
    path.write_text(duties, encoding="utf-8")
    return main


@pytest.fixture(scope="module")
def yuzhong() -> jx.Policy:
    return jx.load_policy()


@pytest.fixture(scope="module")
def qijiang() -> jx.Policy:
    return jx.load_policy(QIJIANG)


# --- the stricter value ----------------------------------------------------------------------------


def test_equal_values_mark_neither_stricter(yuzhong: jx.Policy) -> None:
    other = _with(yuzhong, "micro_fire_station.members", value=6.0)
    row = jx.compare([yuzhong, other], ON, names=["a", "b"]).row(MEMBERS)
    assert [c.text for c in row.cells] == [">= 6 person", ">= 6 person"]
    assert row.stricter == () and not row.disagree
    assert row.verdict == "equal: neither is stricter"
    three = jx.compare([yuzhong, other, yuzhong], ON, names=["a", "b", "c"]).row(MEMBERS)
    assert three.verdict == "equal: none is stricter" and three.stricter == ()


@pytest.mark.parametrize(
    ("a", "b", "stricter"),
    [(6.0, 7.0, ("b",)), (7.0, 6.0, ("a",)), (5.999, 6.0, ("b",))],
)
def test_at_least_the_larger_value_is_stricter(
    yuzhong: jx.Policy, a: float, b: float, stricter: tuple[str, ...]
) -> None:
    pa = _with(yuzhong, "micro_fire_station.members", value=a)
    pb = _with(yuzhong, "micro_fire_station.members", value=b)
    row = jx.compare([pa, pb], ON, names=["a", "b"]).row(MEMBERS)
    assert row.stricter == stricter and row.disagree
    assert row.verdict == f"stricter: {stricter[0]}"
    assert [c.stricter for c in row.cells] == [name in stricter for name in ("a", "b")]


def test_at_most_the_smaller_value_is_stricter(yuzhong: jx.Policy) -> None:
    slope = yuzhong.requirement("national.fire_lane.slope")
    local = attrs.evolve(
        slope, id="fire_lane.slope", layer="district", clause="2.4", quote="确保", label="二（四）"
    )

    def with_slope(value: float) -> jx.Policy:
        return attrs.evolve(yuzhong, requirements=(*yuzhong.requirements, attrs.evolve(local, value=value)))

    table = jx.compare(
        [with_slope(8.0), with_slope(10.0), with_slope(8.0)], dt.date(2024, 1, 1), names=["a", "b", "c"]
    )
    row = table.row("fire_lane.slope <=")
    assert row.stricter == ("a", "c")  # both cells that hold the strictest value
    assert row.cells[0].text == "<= 8 percent" and row.cells[0].short().endswith("二（四） *")


def test_ranges_nested_and_shifted(yuzhong: jx.Policy) -> None:
    rid = "community_fire_work_group.staff"

    def staff(low: float, high: float) -> jx.Policy:
        return _with(yuzhong, rid, comparator="between", value=low, maximum=high, norm=None)

    narrower = jx.compare([staff(1, 3), staff(1, 2)], ON, names=["a", "b"])
    row = narrower.row("community_fire_work_group.staff between")
    assert row.stricter == ("b",) and row.cells[1].text == "1–2 person"
    shifted = jx.compare([staff(1, 2), staff(2, 3)], ON, names=["a", "b"]).row(
        "community_fire_work_group.staff between"
    )
    assert shifted.stricter == () and shifted.disagree
    assert shifted.verdict == "differ: none is stricter than every other"


def test_strength_counts_with_the_value(yuzhong: jx.Policy) -> None:
    advisory = _with(yuzhong, "micro_fire_station.members", strength="advisory")
    row = jx.compare([yuzhong, advisory], ON, names=["a", "b"]).row(MEMBERS)
    assert row.stricter == ("a",) and row.cells[1].text == ">= 6 person (advisory)"
    more_but_advisory = _with(yuzhong, "micro_fire_station.members", strength="advisory", value=8.0)
    row = jx.compare([yuzhong, more_but_advisory], ON, names=["a", "b"]).row(MEMBERS)
    assert row.stricter == () and row.disagree  # more people, but only advised: neither asks more of both


def test_posts_differ_with_no_direction(yuzhong: jx.Policy) -> None:
    other = _with(yuzhong, "micro_fire_station.chief_post", value="two_committees_member")
    row = jx.compare([yuzhong, other], ON, names=["a", "b"]).row("micro_fire_station.chief_post ==")
    assert row.disagree and row.stricter == ()
    assert [c.text for c in row.cells] == ["== party_branch_secretary", "== two_committees_member"]


# --- not stated ------------------------------------------------------------------------------------


def test_not_stated_is_never_a_value(yuzhong: jx.Policy, qijiang: jx.Policy) -> None:
    table = jx.compare([yuzhong, qijiang], ON)
    assert table.names == ("重庆市渝中区", "重庆市綦江区")
    row = table.row(MEMBERS)
    cell = row.cell("重庆市綦江区")
    assert (cell.status, cell.values, cell.stricter, cell.text) == ("not stated", (), False, "not stated")
    assert not row.disagree and row.stricter == ()
    assert row.verdict == "only 重庆市渝中区 states it"
    officers = table.row("fire_work_station.fire_officers >=")
    assert officers.cell("重庆市綦江区").values[0].quote == "明确2名以上消防专管员"
    assert officers.cell("重庆市綦江区").values[0].citation == "qijiang-2022 一(一)"
    assert officers.cell("重庆市渝中区").text == "not stated"
    assert any("only part of its document" in n for n in table.notes)
    # a row only the floor sets: every cell not stated
    shift = table.row("micro_fire_station.duty_shift_size >=")
    assert all(not c.stated for c in shift.cells) and shift.floor_text() == ">= 3 person [national]"
    assert shift.verdict == "no policy states it; the floor applies"
    assert len(table.select(stated=False)) + len(table.select(stated=True)) == len(table)


def test_partial_agreement_names_who_does_not_state_it(yuzhong: jx.Policy, qijiang: jx.Policy) -> None:
    row = jx.compare([yuzhong, qijiang, yuzhong], ON, names=["a", "q", "b"]).row(MEMBERS)
    assert row.verdict == "equal: neither is stricter; not stated by q"
    assert row.unstated == ("q",)


# --- dated values ----------------------------------------------------------------------------------


def test_dated_values_are_compared_on_the_day(yuzhong: jx.Policy) -> None:
    reform = jx.Amendment(
        id="members_8",
        title="示例：关于调整社区微型消防站队员人数的通知",
        effective=dt.date(2025, 7, 1),
        quote="社区微型消防站队员不少于8名",
        changes=[jx.RequirementChange("micro_fire_station.members", value=8)],
        confidence="illustrative",
    )
    reformed = yuzhong.amend(reform)
    before = jx.compare([yuzhong, reformed], dt.date(2025, 6, 30), names=["a", "b"]).row(MEMBERS)
    assert not before.disagree and before.cells[1].values[0].period == "before 2025-07-01"
    after = jx.compare([yuzhong, reformed], dt.date(2025, 7, 1), names=["a", "b"]).row(MEMBERS)
    assert after.stricter == ("b",)
    value = after.cells[1].values[0]
    assert (value.text, value.period, value.quote) == (
        ">= 8 person",
        "from 2025-07-01",
        "社区微型消防站队员不少于8名",
    )
    assert value.document.startswith("示例：关于调整") and value.clause is None


def test_a_value_not_yet_in_force_is_not_stated_on_the_day(yuzhong: jx.Policy) -> None:
    later = _with(yuzhong, "micro_fire_station.members", effective_from=dt.date(2030, 1, 1))
    row = jx.compare([yuzhong, later], ON, names=["a", "b"]).row(MEMBERS)
    cell = row.cells[1]
    assert (cell.status, cell.stated) == ("not in force", False)
    assert cell.note == "no value in force on 2025-01-01; >= 6 person is in force from 2030-01-01"
    assert row.verdict == "only a states it"
    assert jx.compare([yuzhong, later], dt.date(2030, 1, 1), names=["a", "b"]).row(MEMBERS).verdict == (
        "equal: neither is stricter"
    )


# --- supervision, duties, deadlines ----------------------------------------------------------------


def test_frequencies_and_deadlines(tmp_path: Path, yuzhong: jx.Policy) -> None:
    main = _copy(
        tmp_path / "edited", ('value = "P3M"', 'value = "P1M"'), ("value = 2025-12-31", "value = 2026-06-30")
    )
    table = jx.compare([yuzhong, main], ON, names=["渝中区", "示例区"])
    quarterly = table.row("duty check by committee (round)")
    assert [c.text for c in quarterly.cells] == ["P3M 每季度", "P1M 每月"] and quarterly.stricter == (
        "示例区",
    )
    assert quarterly.cells[0].values[0].quote == "每季度至少开展一次检查"
    deadline = table.row("deadline completion by street_office (each_street)")
    assert [c.text for c in deadline.cells] == ["2025-12-31", "2026-06-30"] and deadline.stricter == (
        "渝中区",
    )
    stations = table.row("deadline micro_fire_station requirements")
    assert stations.stricter == ("渝中区",) and stations.cells[0].values[0].entry == "completion_deadline"
    street = table.row("supervision street")
    assert street.cells[0].text == "P1Y 每年" and not street.disagree
    assert table.row("supervision key_unit").cells[0].text == "no frequency set"
    assert {r.key for r in table.disagreements()} == {
        "duty check by committee (round)",
        "deadline completion by street_office (each_street)",
        "deadline fire_work_station requirements",
        "deadline community_fire_work_group requirements",
        "deadline micro_fire_station requirements",
    }


def test_frequencies_that_may_overlap_mark_none(tmp_path: Path, yuzhong: jx.Policy) -> None:
    main = _copy(tmp_path / "weeks", ('value = "P3M"', 'value = "P13W"'))  # 91 days: a quarter is 84 to 93
    row = jx.compare([yuzhong, main], ON, names=["a", "b"]).row("duty check by committee (round)")
    assert row.disagree and row.stricter == ()
    main = _copy(tmp_path / "days", ('value = "P3M"', 'value = "P94D"'))
    row = jx.compare([yuzhong, main], ON, names=["a", "b"]).row("duty check by committee (round)")
    assert row.stricter == ("a",)


def test_duties_of_one_key_are_told_apart_by_id(tmp_path: Path, yuzhong: jx.Policy) -> None:
    twin = """
[[obligation]]
id = "district_quarterly_check_again"
clause = "5.4"
quote = "每季度至少开展一次检查"
who = ["区消防安全委员会"]
targets = ["基层消防力量建设和火灾防控工作重点任务推进情况"]
scope = "round"
timing = "every"
fact = "district_check_frequency"
reading = "calendar"
method = "check"
strength = "required"
description_en = "The same check, twice, to test the matching."
"""
    main = _copy(tmp_path / "twin")
    path = main.parent / "yuzhong-2023-obligations.toml"
    path.write_text(path.read_text(encoding="utf-8") + twin, encoding="utf-8")
    table = jx.compare([yuzhong, main], ON, names=["a", "b"])
    keys = [r.key for r in table.select(kind="duty")]
    assert "duty check by committee (round) [district_quarterly_check]" in keys
    assert "duty check by committee (round) [district_quarterly_check_again]" in keys
    assert table.row("duty check by committee (round)").cells[1].text == "not stated"


# --- the municipal layer ---------------------------------------------------------------------------


def test_the_floor_flags_a_weaker_district_value() -> None:
    layers = ("national", MUNICIPAL)
    yuzhong = jx.load_policy(baseline=layers)
    qijiang = jx.load_policy(QIJIANG, baseline=layers)
    table = jx.compare([yuzhong, qijiang], ON)
    members = table.row(MEMBERS)
    assert members.floor_text() == ">= 5 person [national]; >= 7 person [municipal]"
    cell = members.cell("重庆市渝中区")
    assert cell.below_floor and cell.short() == ">= 6 person 一（二） !"
    assert cell.note == (
        ">= 6 person is weaker than the municipal >= 7 person (municipal.micro_fire_station.members), which applies"
    )
    assert members.verdict == "only 重庆市渝中区 states it; below the floor: 重庆市渝中区"
    assert table.row("fire_work_station.fire_officers >=").below_floor == ("重庆市綦江区",)
    assert not table.row("fire_lane.clear_width >=").below_floor  # equal to the floor is not weaker
    assert not table.row("fire_work_station.staff >=").below_floor  # 5 over the floor's 4
    assert {r.key for r in table.below_floor()} == {MEMBERS, "fire_work_station.fire_officers >="}
    # the floor is shown, never a column
    assert table.names == ("重庆市渝中区", "重庆市綦江区")


def test_policies_on_different_layers_say_so(yuzhong: jx.Policy) -> None:
    table = jx.compare([yuzhong, jx.load_policy(baseline=("national", MUNICIPAL))], ON, names=["a", "b"])
    assert any("different lower layers" in n for n in table.notes)
    assert table.row(MEMBERS).below_floor == ("a", "b")  # the municipal floor is any of theirs


def test_paths_are_loaded_on_the_baseline_given() -> None:
    table = jx.compare([EMBEDDED, QIJIANG], ON, baseline=("national", MUNICIPAL))
    assert "[municipal]" in table.row(MEMBERS).floor_text()
    bare = jx.compare([EMBEDDED], ON, baseline=None)
    assert bare.row(MEMBERS).floor == () and bare.row(MEMBERS).floor_text() == "-"


def test_three_layers_stricter_wins_and_lint_sees_every_layer(tmp_path: Path) -> None:
    policy = jx.load_policy(baseline=("national", MUNICIPAL))
    assert [
        r.layer for r in policy.requirements if r.field == "members" and r.subject == "micro_fire_station"
    ] == [
        "district",
        "national",
        "municipal",
    ]
    finding = jx.check(jx.MicroFireStation(members=6), policy, on=ON).finding(
        "municipal.micro_fire_station.members"
    )
    assert (finding.status, finding.layer) == ("fail", "municipal")
    weak = tmp_path / "weak.toml"
    weak.write_text(
        MUNICIPAL.read_text(encoding="utf-8").replace("value = 7\n", "value = 4\n", 1), encoding="utf-8"
    )
    issues = [
        str(i)
        for i in jx.lint(jx.load_policy(baseline=("national", weak)))
        if i.code == "weaker-than-baseline"
    ]
    assert any("municipal sets >= 4, weaker than the national >= 5" in i for i in issues)
    assert not any("district sets >= 6" in i for i in issues)  # 6 is over the municipal 4 and the national 5


def _municipal(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "key", "fragment"),
    [
        (
            'name = "municipal"',
            'name = "district"',
            "layer.name",
            "a baseline layer is one of national, municipal",
        ),
        ('name = "municipal"', 'name = "provincial"', "layer.name", "got 'provincial'"),
        (
            'source = "示例 illustrative, invented for tests and documentation"\nconfidence = "illustrative"\n\n# Below',
            'source = "示例"\nconfidence = "illustrative"\nclause = "1.2"\n\n# Below',
            "requirement[0].clause",
            "cites its own document in source",
        ),
        (
            'source = "示例 illustrative, invented for tests and documentation"\nconfidence = "illustrative"\n\n# Below',
            'source = "示例"\nconfidence = "illustrative"\nquote = "成员由6名以上"\n\n# Below',
            "requirement[0].quote",
            "leave out quote",
        ),
        (
            'id = "municipal.fire_work_station.staff"',
            'id = "micro_fire_station.members"',
            "requirement[1].id",
            "duplicate requirement id 'micro_fire_station.members'",
        ),
    ],
)
def test_bad_municipal_layers(tmp_path: Path, old: str, new: str, key: str, fragment: str) -> None:
    text = MUNICIPAL.read_text(encoding="utf-8")
    assert old in text
    path = _municipal(tmp_path, "municipal.toml", text.replace(old, new, 1))
    with pytest.raises(jx.PolicyFileError) as info:
        jx.load_policy(baseline=("national", path))
    assert (info.value.file, info.value.key) == (str(path), key)
    assert fragment in info.value.reason


def test_layers_come_once_and_from_the_floor_up(tmp_path: Path) -> None:
    second = _municipal(
        tmp_path, "second.toml", MUNICIPAL.read_text(encoding="utf-8").replace("municipal.", "other.")
    )
    with pytest.raises(jx.PolicyFileError) as info:
        jx.load_policy(baseline=("national", MUNICIPAL, second))
    assert info.value.file == str(second) and info.value.key == "layer.name"
    assert f"a second municipal layer: {MUNICIPAL} is already the municipal layer" in info.value.reason
    with pytest.raises(jx.PolicyFileError, match="the national layer comes after the municipal layer"):
        jx.load_policy(baseline=(MUNICIPAL, "national"))
    with pytest.raises(jx.PolicyFileError, match="a second national layer"):
        jx.load_policy(baseline=["national", "national"])
    with pytest.raises(jx.XiaofangError, match="baseline: expected 'national', the path of a baseline file"):
        jx.load_policy(baseline=3)  # type: ignore[arg-type]
    with pytest.raises(jx.XiaofangError, match="baseline: expected"):
        jx.load_policy(baseline=["national", 3])  # type: ignore[list-item]
    with pytest.raises(jx.PolicyFileError, match="cannot read the file"):
        jx.load_policy(baseline=("national", tmp_path / "missing.toml"))
    assert jx.load_policy(baseline=()).requirements == jx.load_policy(baseline=None).requirements
    municipal_only = jx.load_policy(baseline=MUNICIPAL)
    assert {r.layer for r in municipal_only.requirements} == {"district", "municipal"}


# --- outputs ---------------------------------------------------------------------------------------


def test_json_round_trip(yuzhong: jx.Policy, qijiang: jx.Policy) -> None:
    table = jx.compare([yuzhong, qijiang, _with(yuzhong, "micro_fire_station.members", value=8.0)], ON)
    data = json.loads(table.to_json())
    assert data["format"] == 1 and data["on"] == "2025-01-01"
    assert [c["document"] for c in data["columns"]] == ["yuzhong-2023", "qijiang-2022", "yuzhong-2023"]
    assert Comparison.from_dict(data) == table
    row = next(r for r in data["rows"] if r["key"] == MEMBERS)
    assert row["stricter"] == ["重庆市渝中区 (yuzhong-2023)"] and row["disagree"] is True
    assert row["cells"][1] == {
        "column": "重庆市綦江区",
        "status": "not stated",
        "values": [],
        "stricter": False,
        "below_floor": False,
        "note": "",
    }
    assert (
        row["cells"][0]["values"][0]["quote"] == "成员由6名以上的治安巡防队、保安队员、网格长（员）等力量组成"
    )
    with pytest.raises(jx.XiaofangError, match="comparison format 1"):
        Comparison.from_dict({**data, "format": 2})
    with pytest.raises(jx.XiaofangError, match=r"as Comparison.to_dict\(\) writes it"):
        Comparison.from_dict({"format": 1})


def test_html_is_escaped(yuzhong: jx.Policy) -> None:
    hostile = _with(yuzhong, "micro_fire_station.members", name_zh="<script>x</script>", value=8.0)
    html = jx.compare([hostile, yuzhong], ON, names=["<b>甲</b>", "乙&"])._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<b>甲</b>" not in html and "&lt;b&gt;甲&lt;/b&gt;" in html and "乙&amp;" in html
    assert 'class="stricter"' in html and "成员由6名以上" in html


def test_text_lines_up_with_chinese(yuzhong: jx.Policy, qijiang: jx.Policy) -> None:
    table = jx.compare([yuzhong, qijiang], ON).select(stated=True)
    lines = table.to_text().splitlines()
    header = next(line for line in lines if line.rstrip().endswith("verdict"))
    column = width(header[: header.index("verdict")])
    for row in table:
        line = next(line for line in lines if line.startswith(f"  {row.key} "))
        assert width(line[: line.index(row.verdict)]) == column, line
    assert lines[-1].startswith("* stricter")
    quoted = table.to_text(quotes=True)
    assert "      重庆市綦江区: qijiang-2022 一(一) “明确2名以上消防专管员”" in quoted


def test_frame(yuzhong: jx.Policy, qijiang: jx.Policy) -> None:
    pytest.importorskip("pandas")
    frame = jx.compare([yuzhong, qijiang], ON).to_frame()
    assert list(frame.columns) == [
        "kind",
        "key",
        "name_zh",
        "floor",
        "重庆市渝中区",
        "重庆市綦江区",
        "stricter",
        "disagree",
        "verdict",
    ]
    row = frame.set_index("key").loc[MEMBERS]
    assert (row["重庆市渝中区"], row["重庆市綦江区"], row["floor"]) == (
        ">= 6 person 一（二）",
        "not stated",
        ">= 5 person [national]",
    )


def test_bad_arguments(yuzhong: jx.Policy, tmp_path: Path) -> None:
    with pytest.raises(jx.XiaofangError, match="expected a list of policies or policy files, got Policy"):
        jx.compare(yuzhong)  # type: ignore[arg-type]
    with pytest.raises(jx.XiaofangError, match="at least one policy"):
        jx.compare([])
    with pytest.raises(jx.XiaofangError, match=r"policies\[1\]: expected a Policy or the path"):
        jx.compare([yuzhong, 3])  # type: ignore[list-item]
    with pytest.raises(jx.XiaofangError, match=r"on: expected a datetime\.date"):
        jx.compare([yuzhong], dt.datetime(2025, 1, 1))
    with pytest.raises(jx.XiaofangError, match="names: expected 2 names"):
        jx.compare([yuzhong, yuzhong], names=["a"])
    with pytest.raises(jx.XiaofangError, match="names: expected distinct"):
        jx.compare([yuzhong, yuzhong], names=["a", "a"])
    with pytest.raises(jx.PolicyFileError, match="cannot read the file"):
        jx.compare([yuzhong, tmp_path / "missing.toml"])
    table = jx.compare([yuzhong])
    with pytest.raises(jx.NotFoundError, match=r"did you mean 'micro_fire_station\.members >='"):
        table.row("micro_fire_station.member >=")
    with pytest.raises(jx.XiaofangError, match="column: expected one of"):
        table.row(MEMBERS).cell("nowhere")
    with pytest.raises(jx.XiaofangError, match="status: expected one of"):
        Cell(column="a", status="pass")


def test_duties_that_cannot_be_read_are_a_note(yuzhong: jx.Policy) -> None:
    broken = attrs.evolve(yuzhong, obligations_source=("<broken>", b"format = 1\npolicy = 'other'\n"))
    table = jx.compare([yuzhong, broken], ON, names=["a", "b"])
    assert any(n.startswith("the duties of yuzhong-2023 cannot be read") for n in table.notes)
    assert table.row("duty check by committee (round)").cells[1].text == "not stated"


# --- the command line ------------------------------------------------------------------------------


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from jiceng_xiaofang.cli import main

    same = [str(EMBEDDED), str(EMBEDDED), "--on", "2025-01-01"]
    assert main(["compare", *same]) == 0
    assert capsys.readouterr().out.startswith(
        "compare 重庆市渝中区 | 重庆市渝中区 (yuzhong-2023) on 2025-01-01:"
    )
    edited = _copy(tmp_path / "edited", ('value = "P3M"', 'value = "P1M"'))
    assert main(["compare", str(EMBEDDED), str(edited), "--on", "2025-01-01", "--names", "a", "b"]) == 1
    assert "P1M 每月 五（四） *" in capsys.readouterr().out
    floor = ["--baseline", "national", "--baseline", str(MUNICIPAL)]
    assert (
        main(["compare", *same, *floor, "--format", "json"]) == 1
    )  # the same, but under the municipal floor
    data = json.loads(capsys.readouterr().out)
    assert next(r for r in data["rows"] if r["key"] == MEMBERS)["below_floor"] == [
        "重庆市渝中区",
        "重庆市渝中区 (yuzhong-2023)",
    ]
    assert main(["compare", *same, "--baseline", "none", "--format", "html"]) == 0
    assert capsys.readouterr().out.startswith("<style>")
    assert main(["compare", *same, "--baseline", "none", "--baseline", "national"]) == 2
    assert "'none' stands alone" in capsys.readouterr().err
    assert main(["compare", *same, "--names", "a"]) == 2


def test_cli_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    run = subprocess.run(
        [sys.executable, "-m", "jiceng_xiaofang", "compare", str(EMBEDDED), str(missing)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2 and run.stdout == ""
    assert (
        run.stderr == f"jiceng-xiaofang: error: {missing}: cannot read the file (No such file or directory)\n"
    )


# --- properties ------------------------------------------------------------------------------------

_FIELDS = ("micro_fire_station.members", "micro_fire_station.room_area", "fire_work_station.staff")
_values = st.sampled_from([4.0, 5.0, 6.0, 6.5, 30.0])
_strengths = st.sampled_from(["required", "advisory"])


def _variant(policy: jx.Policy, changes: dict[str, tuple[float, str]]) -> jx.Policy:
    by_id = {rid: policy.requirement(rid) for rid in changes}
    found = tuple(
        attrs.evolve(r, value=changes[r.id][0], strength=changes[r.id][1]) if by_id.get(r.id) is r else r
        for r in policy.requirements
    )
    return attrs.evolve(policy, requirements=found)


_changes = st.dictionaries(st.sampled_from(_FIELDS), st.tuples(_values, _strengths))


@settings(max_examples=25, deadline=None)
@given(changes=_changes)
def test_one_policy_never_disagrees_with_itself(changes: dict[str, tuple[float, str]]) -> None:
    table = jx.compare([_variant(jx.load_policy(), changes)], ON)
    assert table.disagreements() == ()
    assert all(not row.stricter for row in table)


@settings(max_examples=25, deadline=None)
@given(a=_changes, b=_changes)
def test_the_stricter_value_does_not_depend_on_column_order(
    a: dict[str, tuple[float, str]], b: dict[str, tuple[float, str]]
) -> None:
    policy = jx.load_policy()
    pa, pb = _variant(policy, a), _variant(policy, b)
    forward = jx.compare([pa, pb], ON, names=["a", "b"])
    backward = jx.compare([pb, pa], ON, names=["b", "a"])
    for row in forward:
        other = backward.row(row.key)
        assert set(row.stricter) == set(other.stricter), row.key
        assert row.disagree == other.disagree
        assert not (row.disagree is False and row.stricter)  # agreeing values mark none
    assert {r.key for r in forward.disagreements()} == {
        f"{rid} >=" for rid in _FIELDS if not _same(policy, rid, a, b)
    }


def _same(
    policy: jx.Policy, rid: str, a: dict[str, tuple[float, str]], b: dict[str, tuple[float, str]]
) -> bool:
    r = policy.requirement(rid)
    original = (r.value, r.strength)
    return a.get(rid, original) == b.get(rid, original)


def test_default_column_names_are_distinct(yuzhong: jx.Policy, qijiang: jx.Policy) -> None:
    table = jx.compare([yuzhong, yuzhong, qijiang, yuzhong], ON)
    assert table.names == (
        "重庆市渝中区",
        "重庆市渝中区 (yuzhong-2023)",
        "重庆市綦江区",
        "重庆市渝中区 (yuzhong-2023) #2",
    )
    unnamed = attrs.evolve(qijiang, document=attrs.evolve(qijiang.document, jurisdiction=""))
    assert jx.compare([unnamed], ON).names == ("qijiang-2022",)
