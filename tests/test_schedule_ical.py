"""iCalendar export (ical extra): the output parses back with icalendar and holds the calendar's dates."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr

from jiceng_xiaofang.errors import XiaofangError
from jiceng_xiaofang.schedule import Period, calendar, load_obligations, read_log, to_ical

LOG = Path(__file__).resolve().parent / "fixtures" / "schedule" / "logs" / "sample.csv"
OBS = load_obligations()


def test_missing_library_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "icalendar", None)  # makes `import icalendar` fail
    with pytest.raises(XiaofangError, match=r"pip install 'jiceng-xiaofang\[ical\]'"):
        to_ical(OBS, "2024年")


@pytest.fixture(autouse=True)
def _needs_icalendar(request: pytest.FixtureRequest) -> None:
    if request.function.__name__ != "test_missing_library_says_how_to_install":
        pytest.importorskip("icalendar")


def _calendar(data: bytes) -> object:
    import icalendar

    return icalendar.Calendar.from_ical(data)


def _components(data: bytes, name: str) -> list[object]:
    cal = _calendar(data)
    return [c for c in cal.walk() if c.name == name]  # type: ignore[attr-defined]


def _expand(event: object) -> list[dt.date]:
    start = event["dtstart"].dt  # type: ignore[index]
    rule = event["rrule"].to_ical().decode()  # type: ignore[index]
    begin = dt.datetime.combine(start, dt.time())
    return [d.date() for d in rrulestr(f"RRULE:{rule}", dtstart=begin)]


def test_events_with_rrules_hold_the_calendar_dates() -> None:
    data = to_ical(OBS, "2024年")
    events = _components(data, "VEVENT")
    assert [str(e["uid"]) for e in events] == [
        "police_station_listed_units/2024-01-01/2024-12-31@jiceng-xiaofang",
        "street_entrusted_units/2024-01-01/2024-12-31@jiceng-xiaofang",
        "district_quarterly_check/2024-01-01/2024-12-31@jiceng-xiaofang",
        "district_half_year_supervision/2024-01-01/2024-12-31@jiceng-xiaofang",
    ]
    expected: dict[str, list[dt.date]] = {}
    for entry in calendar(OBS, "2024年"):
        expected.setdefault(entry.obligation, []).append(entry.due)
    for event in events:
        obligation = str(event["uid"]).split("/")[0]
        assert _expand(event) == expected[obligation]
        assert str(event["summary"]).startswith(OBS.get(obligation).label)
        assert OBS.get(obligation).quote in str(event["summary"])
    quarterly = events[2]
    assert quarterly["rrule"].to_ical() == b"FREQ=MONTHLY;UNTIL=20241231;INTERVAL=3;BYMONTHDAY=-1"
    assert quarterly["dtstart"].dt == dt.date(2024, 3, 31)
    assert _expand(quarterly) == [
        dt.date(2024, 3, 31),
        dt.date(2024, 6, 30),
        dt.date(2024, 9, 30),
        dt.date(2024, 12, 31),
    ]


def test_deadline_and_hazards_are_todos() -> None:
    log = read_log(LOG)
    data = to_ical(OBS, "2025年", log=log)
    todos = _components(data, "VTODO")
    assert [(t["due"].dt, str(t["status"])) for t in todos] == [(dt.date(2025, 12, 31), "NEEDS-ACTION")]
    hazards = _components(to_ical(OBS, Period.quarter(2024, 1), log=log), "VTODO")
    assert sorted((t["due"].dt, str(t["status"])) for t in hazards) == [
        (dt.date(2024, 3, 25), "NEEDS-ACTION"),
        (dt.date(2024, 3, 31), "COMPLETED"),
    ]
    done = next(t for t in hazards if str(t["status"]) == "COMPLETED")
    # closed on 20 March (a day in Chongqing): completed at the end of that day there, written in UTC
    assert done["completed"].dt == dt.datetime(2024, 3, 20, 15, 59, 59, tzinfo=dt.UTC)
    assert b"COMPLETED:20240320T155959Z" in to_ical(OBS, Period.quarter(2024, 1), log=log)
    in_utc = _components(to_ical(OBS, Period.quarter(2024, 1), log=log, zone=dt.UTC), "VTODO")
    assert {t["completed"].dt for t in in_utc if "completed" in t} == {
        dt.datetime(2024, 3, 20, 23, 59, 59, tzinfo=dt.UTC)
    }
    assert "某快递分拣中心 电气线路" in str(done["summary"])


def test_rolling_reading_gives_a_todo_per_target_and_due_date() -> None:
    log = read_log(LOG)
    data = to_ical(OBS, "2025年", log=log, reading={"police_station_listed_units": "rolling"})
    police = [
        t for t in _components(data, "VTODO") if str(t["uid"]).startswith("police_station_listed_units/")
    ]
    assert [(t["due"].dt, str(t["uid"])) for t in police] == [
        (dt.date(2025, 4, 1), "police_station_listed_units/甲宾馆/2025-04-01@jiceng-xiaofang")
    ]


def test_stamped_when_written_and_reproducible_with_a_stamp() -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    a = to_ical(OBS, "2024年", log=read_log(LOG))
    after = dt.datetime.now(dt.UTC)
    stamps = {c["dtstamp"].dt for c in _components(a, "VEVENT")}
    assert (
        len(stamps) == 1 and before <= stamps.pop() <= after
    )  # DTSTAMP: when the file was written (RFC 5545)
    fixed = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    assert to_ical(OBS, "2024年", log=read_log(LOG), stamp=fixed) == to_ical(
        OBS, "2024年", log=read_log(LOG), stamp=fixed
    )
    cal = _calendar(a)
    assert str(cal["prodid"]) == "-//jiceng_xiaofang//schedule//ZH"  # type: ignore[index]
    assert str(cal["version"]) == "2.0"  # type: ignore[index]
    stamp = dt.datetime(2024, 4, 1, 8, 0, tzinfo=dt.UTC)
    b = to_ical(OBS, "2024年", stamp=stamp)
    assert {c["dtstamp"].dt for c in _components(b, "VEVENT")} == {stamp}
    with pytest.raises(XiaofangError, match="stamp: expected an aware datetime"):
        to_ical(OBS, "2024年", stamp=dt.datetime(2024, 4, 1))
    with pytest.raises(XiaofangError, match="stamp: expected an aware datetime"):
        to_ical(OBS, "2024年", stamp=dt.date(2024, 4, 1))  # type: ignore[arg-type]
    with pytest.raises(XiaofangError, match=r"zone: expected a datetime\.tzinfo"):
        to_ical(OBS, "2024年", zone="Asia/Shanghai")  # type: ignore[arg-type]
