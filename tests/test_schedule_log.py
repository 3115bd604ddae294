"""Inspection logs from CSV and JSON Lines; clear errors naming the file, the line and the field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jiceng_xiaofang.errors import ScheduleFileError, XiaofangError
from jiceng_xiaofang.schedule import InspectionRecord, load_obligations, parse_log, read_log

LOGS = Path(__file__).resolve().parent / "fixtures" / "schedule" / "logs"
BAD = LOGS / "bad"
MINIMAL_OBLIGATIONS = LOGS.parent / "good" / "minimal-obligations.toml"
HEADER = "date,target,by,obligation\n"


def test_csv_and_jsonl_samples_are_the_same_log() -> None:
    csv_log = read_log(LOGS / "sample.csv")
    jsonl_log = read_log(LOGS / "sample.jsonl")
    assert csv_log == jsonl_log
    assert len(csv_log) == 9
    assert csv_log.source == str(LOGS / "sample.csv")
    first = csv_log.records[0]
    assert first == InspectionRecord(
        target="全区",
        by="区消防安全委员会办公室",
        date=dt.date(2023, 12, 20),
        obligation="district_quarterly_check",
        note="第四季度检查",
    )
    assert [r.line for r in csv_log.records][:3] == [2, 3, 4]
    assert [r.line for r in jsonl_log.records][:3] == [1, 2, 3]
    hazard = csv_log.records[5]
    assert (hazard.obligation, hazard.deadline) == ("campaign_hazards_closed", dt.date(2024, 3, 31))
    assert csv_log.targets("street_entrusted_units") == ("丙火锅店", "乙网吧")
    assert len(csv_log.for_obligation("campaign_hazards_closed")) == 3


def test_aliases_chinese_dates_blank_lines_and_a_byte_order_mark() -> None:
    text = (
        "\ufeffDate, Target ,inspector,kind,note\n"
        "\n"
        '2024年3月31日,"丙火锅店, 二楼",张三,street_entrusted_units,"多行\n备注"\n'
        "２０２４年４月１日,乙网吧,张三,street_entrusted_units,\n"
    )
    log = parse_log(text.encode("utf-8"), source="a.csv")
    assert [(r.date, r.target, r.line) for r in log] == [
        (dt.date(2024, 3, 31), "丙火锅店, 二楼", 3),
        (dt.date(2024, 4, 1), "乙网吧", 5),
    ]
    assert log.records[0].note == "多行\n备注"


def test_jsonl_nulls_for_optional_keys() -> None:
    text = '{"date": "2024-03-31", "target": "乙网吧", "by": "张三", "obligation": "street_entrusted_units", "note": null}\n'
    assert parse_log(text, format="jsonl").records[0].note == ""


def test_an_empty_log_with_a_header_has_no_records() -> None:
    assert len(parse_log(HEADER)) == 0
    assert len(parse_log("", format="jsonl")) == 0


# fixture -> (key, fragment of the reason)
BAD_LOGS: dict[str, tuple[str, str]] = {
    "cells-missing.csv": ("line 2", "expected 4 cells as in the header, got 3"),
    "column-missing.csv": (
        "line 1",
        "missing column 'by'; a log needs the columns date, target, by, obligation",
    ),
    "column-twice.csv": ("line 1", "the column 'by' is given twice (as 'inspector')"),
    "column-unknown.csv": ("line 1", "unknown column 'obligaton'"),
    "date-a-month.csv": ("line 2, date", "got '2024年3月', which is not a day"),
    "date-february-30.csv": (
        "line 3, date",
        "expected a day of 2024-02, which has 29 days, got '2024-02-30'",
    ),
    "date-month-13.csv": ("line 2, date", "expected a month from 1 to 12, got '2024-13-01'"),
    "date-not-a-date.csv": (
        "line 2, date",
        "expected a date such as 2024-03-31 or 2024年3月31日, got 'last week'",
    ),
    "deadline-before-date.csv": ("line 2, deadline", "the deadline 2024-03-01 is before the date 2024-03-31"),
    "deadline-on-every.csv": ("line 2, deadline", "only a 'per_hazard' obligation takes a deadline"),
    "file-empty.csv": ("line 1", "the file is empty; expected a header row"),
    "json-date-invalid-chinese.jsonl": ("line 1, date", "expected a day of 2023年2月, which has 28 days"),
    "json-date-number.jsonl": ("line 1, date", "expected a string, got 20240331"),
    "json-invalid.jsonl": ("line 2", "not valid JSON"),
    "json-key-missing.jsonl": ("line 2", "missing key 'date'"),
    "json-not-an-object.jsonl": ("line 1", "expected a JSON object, got list"),
    "json-obligation-unknown.jsonl": ("line 2, obligation", "did you mean 'police_station_listed_units'"),
    "obligation-unknown.csv": ("line 2, obligation", "unknown obligation: no obligation 'street_inspection'"),
    "value-empty.csv": ("line 3, target", "empty value"),
}


@pytest.mark.parametrize(
    ("name", "key", "fragment"), [pytest.param(n, k, f, id=n) for n, (k, f) in BAD_LOGS.items()]
)
def test_bad_log_is_rejected(name: str, key: str, fragment: str) -> None:
    path = BAD / name
    with pytest.raises(ScheduleFileError) as info:
        read_log(path)
    err = info.value
    assert (err.file, err.key) == (str(path), key)
    assert fragment in err.reason, err.reason
    assert str(err) == f"{path}: {key}: {err.reason}"


def test_every_bad_log_is_in_the_table() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(BAD_LOGS)


def test_format_comes_from_the_suffix_or_the_argument(tmp_path: Path) -> None:
    path = tmp_path / "log.txt"
    path.write_text(HEADER + "2024-03-31,乙网吧,张三,street_entrusted_units\n", encoding="utf-8")
    with pytest.raises(ScheduleFileError, match=r"use \.csv, \.jsonl or \.xlsx"):
        read_log(path)
    assert len(read_log(path, format="csv")) == 1
    with pytest.raises(XiaofangError, match="the log format is one of csv, jsonl; got 'xlsx'"):
        parse_log("", format="xlsx")


def test_gbk_is_detected_and_an_encoding_is_taken_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + "2024-03-31,乙网吧,张三,street_entrusted_units\n").encode("gb18030"))
    assert read_log(path).records[0].target == "乙网吧"  # what Excel on a Chinese Windows writes
    assert read_log(path, encoding="gbk").records[0].target == "乙网吧"
    with pytest.raises(ScheduleFileError, match=r"gbk\.csv:2: not utf-8 text .*--encoding gb18030") as info:
        read_log(path, encoding="utf-8")
    assert info.value.file == str(path) and info.value.line == 2
    with pytest.raises(
        XiaofangError, match="encoding: expected a text encoding such as utf-8 or gb18030, got 'nope'"
    ):
        read_log(path, encoding="nope")
    with pytest.raises(ScheduleFileError, match=r"cannot read the file"):
        read_log(tmp_path / "none.csv")


def test_obligations_are_those_given() -> None:
    minimal = load_obligations(MINIMAL_OBLIGATIONS)
    text = HEADER + "2024-03-31,乙网吧,张三,street_entrusted_units\n"
    assert len(parse_log(text)) == 1
    with pytest.raises(ScheduleFileError, match="no obligation 'street_entrusted_units'"):
        parse_log(text, obligations=minimal)


def test_a_log_is_data_not_judgement() -> None:
    """Reading a log never decides whether anything is met: records keep exactly what was written."""
    log = read_log(LOGS / "sample.jsonl")
    assert {r.by for r in log} >= {"解放碑派出所 李四", "区商务委"}
    assert all(isinstance(r.date, dt.date) and not isinstance(r.date, dt.datetime) for r in log)
