"""Checking many facilities: files, the sample district, roll-ups and the check command."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

import jiceng_xiaofang as jx
from jiceng_xiaofang.cli import main
from jiceng_xiaofang.standards import (
    FacilityFileError,
    check_all,
    load_facilities,
    parse_facilities,
    sample_facilities,
)

ON = dt.date(2024, 7, 1)


def test_sample_is_marked_illustrative_and_uses_real_streets() -> None:
    from importlib import resources

    text = (
        resources.files("jiceng_xiaofang.data").joinpath("sample-facilities.toml").read_text(encoding="utf-8")
    )
    assert "ILLUSTRATIVE" in text and 'confidence = "illustrative"' in text
    streets = {r.street for r in sample_facilities()}
    real = {s.name for s in jx.yuzhong().streets}
    assert streets <= real
    assert {r.kind for r in sample_facilities()} == set(jx.standards.RECORD_TYPES)


def test_rollup_counts_match_the_reports() -> None:
    rollup = check_all(sample_facilities(), on=ON)
    assert len(rollup.reports) == len(sample_facilities())
    by_street = rollup.by("street")
    for street, summary in by_street.items():
        mine = [r for r in rollup.reports if r.record.street == street]
        counted = Counter(r.status for r in mine)
        assert (summary.facilities, summary.passed, summary.failed, summary.unknown) == (
            len(mine),
            counted["pass"],
            counted["fail"],
            counted["unknown"],
        )
    total = rollup.summary()
    assert total.facilities == sum(s.facilities for s in by_street.values())
    assert total.failed == len(rollup.failing())
    findings = Counter((f.status, f.strength) for r in rollup.reports for f in r.findings)
    assert dict(findings) == dict(total.findings)
    assert total.compliance == total.passed / total.facilities


def test_rollup_by_community_and_kind() -> None:
    rollup = check_all(sample_facilities(), on=ON)
    assert sum(s.facilities for s in rollup.by("kind").values()) == len(rollup.reports)
    assert "解放碑街道 示例甲社区" in rollup.by("community")
    with pytest.raises(jx.XiaofangError, match="level"):
        rollup.by("grid")


def test_due_then_overdue_across_the_deadline() -> None:
    before = check_all(sample_facilities(), on=dt.date(2025, 12, 31)).summary()
    after = check_all(sample_facilities(), on=dt.date(2026, 1, 1)).summary()
    assert before.overdue == 0 and before.due > 0
    assert after.due == 0 and after.overdue == before.due


def test_the_sample_says_what_was_invented_into_it() -> None:
    rollup = check_all(sample_facilities(), on=ON)
    failing = {r.record.name: {f.id for f in r.failed()} for r in rollup.failing()}
    assert failing["示例乙社区微型消防站"] == {"micro_fire_station.members", "micro_fire_station.room_area"}
    assert failing["示例乙社区老街巷道"] == {"fire_lane.clear_width"}  # 350 cm
    assert failing["示例丙社区消防工作小组"] == {"community_fire_work_group.wardens"}
    # 3 staff against 明确1至2名: a pass above the norm, not a failure
    group = next(r for r in rollup.reports if r.record.name == "示例丙社区消防工作小组")
    assert group.finding("community_fire_work_group.staff").above_norm
    unknown = [r.record.name for r in rollup.reports if r.status == "unknown"]
    assert unknown == ["示例丙社区微型消防站"]  # incomplete records are never a pass


def test_empty_rollup() -> None:
    rollup = check_all([], on=ON)
    assert rollup.summary().facilities == 0 and rollup.summary().compliance is None


def test_rollup_outputs() -> None:
    rollup = check_all(sample_facilities(), on=ON)
    text = rollup.to_text()
    assert text.splitlines()[0].split() == [
        "street",
        "facilities",
        "pass",
        "fail",
        "unknown",
        "due",
        "overdue",
        "compliant",
    ]
    assert text.splitlines()[-1].startswith("(district)")
    data = json.loads(json.dumps(rollup.to_dict(), ensure_ascii=False))
    assert data["summary"]["facilities"] == len(sample_facilities())
    assert set(data["streets"]) == {r.street for r in sample_facilities()}
    assert "<table>" in rollup._repr_html_()


def test_rollup_frame() -> None:
    pytest.importorskip("pandas")
    frame = check_all(sample_facilities(), on=ON).to_frame()
    assert len(frame) == sum(len(r) for r in check_all(sample_facilities(), on=ON).reports)
    assert set(frame["street"]) == {r.street for r in sample_facilities()}


# --- files -------------------------------------------------------------------------------------------


def test_json_and_toml_files(tmp_path: Path) -> None:
    rows = [r.to_dict() for r in sample_facilities()]
    path = tmp_path / "f.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    assert load_facilities(path) == sample_facilities()
    wrapped = tmp_path / "g.json"
    wrapped.write_text(json.dumps({"facility": rows}, ensure_ascii=False), encoding="utf-8")
    assert load_facilities(wrapped) == sample_facilities()


@pytest.mark.parametrize(
    ("text", "fmt", "key", "fragment"),
    [
        ("{", "json", "", "not valid JSON"),
        ('{"a": 1}', "json", "", "expected a list"),
        ("[1]", "json", "facility[0]", "expected an object"),
        ('[{"kind": "fire_lane", "width": 4}]', "json", "facility[0]", "unknown field 'width'"),
        (
            '[{"kind": "fire_lane"}, {"kind": "fire_lane", "clear_width": "-4 m"}]',
            "json",
            "facility[1]",
            "0 or more",
        ),
        (
            '[[facility]]\nkind = "micro_fire_station"\nroom_area = "30 kg"\n',
            "toml",
            "facility[0]",
            "expected an area",
        ),
        ("[[facility]]\nroom_area = 30\n", "toml", "facility[0]", "needs a 'kind'"),
        ("facilities = []\n", "toml", "facilities", "unknown key"),
    ],
)
def test_bad_facility_files(text: str, fmt: str, key: str, fragment: str) -> None:
    with pytest.raises(FacilityFileError) as info:
        parse_facilities(text, source="f", fmt=fmt)
    assert info.value.key == key
    assert fragment in info.value.reason
    assert str(info.value).startswith("f: " if fmt != "toml" or not key else "f:")


# --- the command line ---------------------------------------------------------------------------------


def _write(tmp_path: Path, rows: list[dict[str, object]]) -> Path:
    path = tmp_path / "facilities.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


def test_check_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(
        tmp_path,
        [
            {
                "kind": "fire_lane",
                "street": "大坪街道",
                "clear_width": "4 m",
                "clear_height": 4,
                "slope": 5,
                "dead_end_length": 0,
                "serves_high_rise": False,
            }
        ],
    )
    assert main(["check", str(good), "--on", "2024-07-01"]) == 0
    bad = _write(tmp_path, [{"kind": "micro_fire_station", "name": "站", "room_area": "29.99 m^2"}])
    assert main(["check", str(bad), "--on", "2026-01-01", "--lang", "zh"]) == 1
    out = capsys.readouterr().out
    assert "站房至少30平方米：不符合（实测 29.99 m^2，要求 >= 30 m^2）；已逾期（期限 2025-12-31）" in out
    assert main(["check", str(bad), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["failed"] == 1
    broken = _write(tmp_path, [{"kind": "fire_lane", "clear_width": "4 kg"}])
    assert main(["check", str(broken)]) == 2
    assert "facility[0]: clear_width: expected a length (m), got '4 kg'" in capsys.readouterr().err


def test_check_command_on_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.toml"
    path.write_text(
        '[[facility]]\nkind = "police_station"\nqualified_fire_police = "2名"\n', encoding="utf-8"
    )
    assert main(["check", str(path), "--all"]) == 0
    assert "[pass]" in capsys.readouterr().out


def test_report_shows_the_illustrative_sample_only_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--sample", "--on", "2024-07-01"]) == 0
    out = capsys.readouterr().out
    assert "Compliance of the bundled sample district on 2024-07-01 (ILLUSTRATIVE data, invented)" in out
    assert out.rstrip().splitlines()[-1].startswith("(district)")
    for argv in (["report"], ["report", "--no-sample"], ["report", "--on", "2024-07-01"]):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "sample district" not in out and "(district)" not in out, argv
        assert out.rstrip().endswith("for details"), argv  # the policy summary ends with its lint line
