"""Due, overdue and calendars: boundary dates, the two readings, first inspections, hazards and deadlines."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

import jiceng_xiaofang as jx
from jiceng_xiaofang.errors import NotFoundError, ScheduleFileError, XiaofangError
from jiceng_xiaofang.schedule import (
    STATUSES,
    DueReport,
    Frequency,
    InspectionLog,
    InspectionRecord,
    Period,
    calendar,
    due_report,
    load_obligations,
    next_due,
    obligation_rule,
)

D = dt.date
OBS = load_obligations()
ONE_DAY = dt.timedelta(days=1)

QUARTERLY = "district_quarterly_check"
HALF_YEARLY = "district_half_year_supervision"
POLICE = "police_station_listed_units"
STREET = "street_entrusted_units"
COMPLETION = "streets_complete_construction"
HAZARDS = "campaign_hazards_closed"
DOUBLE_RANDOM = "detachment_double_random"


def entry(day: dt.date, target: str, obligation: str, deadline: dt.date | None = None) -> InspectionRecord:
    return InspectionRecord(target=target, by="检查人", date=day, obligation=obligation, deadline=deadline)


def log_of(*records: InspectionRecord) -> InspectionLog:
    return InspectionLog(records=records, source="test-log.csv")


def report(*records: InspectionRecord, on: dt.date, **kwargs: object) -> DueReport:
    return due_report(OBS, log_of(*records), on=on, **kwargs)  # type: ignore[arg-type]


# --- the last day of a quarter and of a half-year (5.4, calendar periods)


def test_quarter_due_on_its_last_day_overdue_the_next_day() -> None:
    q4 = entry(D(2023, 12, 20), "全区", QUARTERLY)
    on_last_day = report(q4, on=D(2024, 3, 31)).get(QUARTERLY)
    assert (on_last_day.status, on_last_day.due, on_last_day.window) == (
        "due",
        D(2024, 3, 31),
        Period.quarter(2024, 1),
    )
    next_day = report(q4, on=D(2024, 4, 1)).get(QUARTERLY)
    assert (next_day.status, next_day.due) == ("overdue", D(2024, 3, 31))
    assert next_day.missed == (Period.quarter(2024, 1),)
    assert "missed 2024年第一季度" in next_day.note


def test_a_check_on_the_last_day_of_a_quarter_counts_for_that_quarter() -> None:
    checks = (entry(D(2023, 12, 20), "全区", QUARTERLY), entry(D(2024, 3, 31), "全区", QUARTERLY))
    row = report(*checks, on=D(2024, 4, 1)).get(QUARTERLY)
    assert (row.status, row.due, row.window, row.missed) == (
        "due",
        D(2024, 6, 30),
        Period.quarter(2024, 2),
        (),
    )


def test_a_check_on_the_first_day_of_a_quarter_counts_for_the_new_quarter_only() -> None:
    checks = (entry(D(2023, 12, 20), "全区", QUARTERLY), entry(D(2024, 4, 1), "全区", QUARTERLY))
    row = report(*checks, on=D(2024, 4, 1)).get(QUARTERLY)
    assert (row.status, row.due, row.last) == ("met", D(2024, 9, 30), D(2024, 4, 1))
    assert row.missed == (Period.quarter(2024, 1),)  # late: the first quarter stays missed


def test_half_year_boundary() -> None:
    h2 = entry(D(2023, 7, 3), "全区", HALF_YEARLY)
    assert report(h2, on=D(2024, 6, 30)).get(HALF_YEARLY).status == "due"
    assert report(h2, on=D(2024, 7, 1)).get(HALF_YEARLY).status == "overdue"
    h1 = entry(D(2024, 6, 30), "全区", HALF_YEARLY)
    row = report(h2, h1, on=D(2024, 7, 1)).get(HALF_YEARLY)
    assert (row.status, row.due, row.window) == ("due", D(2024, 12, 31), Period.half(2024, 2))


# --- a log entry exactly one year ago, under both readings (3.5)


def test_exactly_one_year_ago_rolling_due_today_overdue_tomorrow() -> None:
    year_ago = entry(D(2023, 4, 1), "甲宾馆", POLICE)
    today = report(year_ago, on=D(2024, 4, 1), reading="rolling").get(POLICE, "甲宾馆")
    assert (today.status, today.due, today.window) == ("due", D(2024, 4, 1), None)
    tomorrow = report(year_ago, on=D(2024, 4, 2), reading="rolling").get(POLICE, "甲宾馆")
    assert (tomorrow.status, tomorrow.due) == ("overdue", D(2024, 4, 1))


def test_exactly_one_year_ago_calendar_due_by_the_end_of_the_year() -> None:
    year_ago = entry(D(2023, 4, 1), "甲宾馆", POLICE)
    today = report(year_ago, on=D(2024, 4, 1)).get(POLICE, "甲宾馆")
    assert (today.status, today.due, today.window) == ("due", D(2024, 12, 31), Period.year(2024))
    assert report(year_ago, on=D(2024, 12, 31)).get(POLICE, "甲宾馆").status == "due"
    assert report(year_ago, on=D(2025, 1, 1)).get(POLICE, "甲宾馆").status == "overdue"
    assert report(year_ago, on=D(2023, 12, 31)).get(POLICE, "甲宾馆").status == "met"


def test_calendar_reading_allows_almost_two_years_between_inspections() -> None:
    """The difference between the readings: January 2024 then December 2025 is fine per calendar year."""
    first = entry(D(2024, 1, 2), "乙网吧", STREET)
    assert report(first, on=D(2025, 12, 31)).get(STREET, "乙网吧").status == "due"
    assert report(first, on=D(2025, 12, 31), reading="rolling").get(STREET, "乙网吧").status == "overdue"


def test_rolling_reading_allows_an_empty_calendar_year() -> None:
    """And the other way: December 2024 then January 2026 misses 2025 per calendar year, not per rolling year."""
    first = entry(D(2024, 12, 30), "乙网吧", STREET)
    assert report(first, on=D(2025, 12, 30), reading="rolling").get(STREET, "乙网吧").status == "due"
    row = report(first, entry(D(2026, 1, 2), "乙网吧", STREET), on=D(2026, 1, 2)).get(STREET, "乙网吧")
    assert row.missed == (Period.year(2025),)


# --- leap years


def test_inspection_on_29_february_plus_one_year() -> None:
    leap = entry(D(2024, 2, 29), "乙网吧", STREET)
    rolling = report(leap, on=D(2025, 2, 28), reading="rolling").get(STREET, "乙网吧")
    assert (rolling.status, rolling.due) == ("due", D(2025, 2, 28))
    assert report(leap, on=D(2025, 3, 1), reading="rolling").get(STREET, "乙网吧").status == "overdue"
    calendar_row = report(leap, on=D(2025, 3, 1)).get(STREET, "乙网吧")
    assert (calendar_row.status, calendar_row.due) == ("due", D(2025, 12, 31))
    assert report(leap, on=D(2024, 12, 31)).get(STREET, "乙网吧").status == "met"


@pytest.mark.parametrize(
    ("last", "due"),
    [
        (D(2024, 2, 29), D(2025, 2, 28)),
        (D(2023, 2, 28), D(2024, 2, 28)),  # not the 29th: one year, not 365 days
        (D(2023, 3, 1), D(2024, 3, 1)),  # across a leap day: one year, not 365 days
        (D(2023, 12, 31), D(2024, 12, 31)),
    ],
)
def test_one_year_is_a_relativedelta(last: dt.date, due: dt.date) -> None:
    assert next_due("P1Y", last, reading="rolling") == due


def test_quarter_of_a_leap_february() -> None:
    assert next_due("P3M", D(2024, 2, 29)) == D(2024, 6, 30)
    assert next_due("P3M", D(2023, 11, 30), reading="rolling") == D(2024, 2, 29)
    assert next_due("P1M", D(2024, 1, 31), reading="rolling") == D(2024, 2, 29)


# --- the completion deadline of 5.1


def test_completion_deadline_boundary() -> None:
    district = jx.yuzhong()
    on_deadline = report(on=D(2025, 12, 31), district=district)
    rows = [r for r in on_deadline if r.obligation == COMPLETION]
    assert len(rows) == 11 and {r.status for r in rows} == {"due"}
    assert {r.target for r in rows} == {s.name for s in district.streets}
    after = report(on=D(2026, 1, 1), district=district)
    assert {r.status for r in after if r.obligation == COMPLETION} == {"overdue"}
    assert after.get(COMPLETION, "解放碑街道").due == D(2025, 12, 31)


def test_completion_on_the_deadline_is_in_time_a_day_later_is_late() -> None:
    in_time = report(entry(D(2025, 12, 31), "大坪街道", COMPLETION), on=D(2026, 1, 1)).get(
        COMPLETION, "大坪街道"
    )
    assert (in_time.status, in_time.last, in_time.note) == ("met", D(2025, 12, 31), "completed 2025-12-31")
    late = report(entry(D(2026, 1, 1), "大坪街道", COMPLETION), on=D(2026, 1, 1)).get(COMPLETION, "大坪街道")
    assert late.status == "met" and "after the deadline" in late.note


def test_without_a_district_the_streets_are_unknown() -> None:
    row = report(on=D(2026, 1, 1)).get(COMPLETION)
    assert row.status == "unknown" and "district=" in row.note


# --- first inspections: what is due when nothing is logged


def test_nothing_logged_is_unknown_never_met() -> None:
    empty = report(on=D(2024, 4, 1))
    assert {r.status for r in empty} == {"unknown", "unscheduled"}
    assert all(r.status != "met" for r in empty)
    assert empty.get(POLICE).note.startswith("no target registered or logged")
    assert empty.get(HAZARDS).note == "no hazard logged"


def test_a_registered_target_never_inspected_counts_from_since() -> None:
    targets = {POLICE: ["丁学校"]}
    assert report(on=D(2024, 4, 1), targets=targets).get(POLICE, "丁学校").status == "unknown"
    since = D(2023, 2, 21)  # the policy's issue date
    row = report(on=D(2023, 12, 31), targets=targets, since=since).get(POLICE, "丁学校")
    assert (row.status, row.due, row.last) == ("due", D(2023, 12, 31), None)
    row = report(on=D(2024, 1, 1), targets=targets, since=since).get(POLICE, "丁学校")
    assert (row.status, row.missed) == ("overdue", (Period.year(2023),))
    rolling = report(on=D(2024, 2, 21), targets=targets, since=since, reading="rolling").get(POLICE, "丁学校")
    assert (rolling.status, rolling.due) == ("due", D(2024, 2, 21))


def test_a_round_with_no_entry_counts_from_since() -> None:
    row = report(on=D(2024, 3, 31), since=D(2024, 2, 10)).get(QUARTERLY)
    assert (row.status, row.due) == ("due", D(2024, 3, 31))
    assert report(on=D(2024, 4, 1), since=D(2024, 2, 10)).get(QUARTERLY).status == "overdue"
    assert report(on=D(2024, 4, 1)).get(QUARTERLY).status == "unknown"


def test_nothing_falls_due_before_the_duty_began() -> None:
    old = entry(D(2021, 5, 1), "乙网吧", STREET)
    row = report(old, on=D(2024, 6, 1), since=D(2024, 1, 1)).get(STREET, "乙网吧")
    assert (row.status, row.due, row.missed) == ("due", D(2024, 12, 31), ())


def test_entries_after_the_day_of_the_report_are_ignored() -> None:
    later = entry(D(2024, 5, 1), "全区", QUARTERLY)
    assert report(later, on=D(2024, 4, 30)).get(QUARTERLY).status == "unknown"
    assert report(later, on=D(2024, 5, 1)).get(QUARTERLY).status == "met"


# --- hazards (4.3): each closes by its own deadline


def test_hazards() -> None:
    records = (
        entry(D(2024, 3, 1), "快递分拣中心 电气线路", HAZARDS, D(2024, 3, 31)),
        entry(D(2024, 3, 20), "快递分拣中心 电气线路", HAZARDS),
        entry(D(2024, 3, 5), "物流仓库 堵塞出口", HAZARDS, D(2024, 3, 25)),
        entry(D(2024, 3, 6), "冷库 违规保温材料", HAZARDS, D(2024, 4, 15)),
        entry(D(2024, 3, 10), "冷库 违规保温材料", HAZARDS, D(2024, 5, 15)),  # extended
        entry(D(2024, 3, 7), "无名场所", HAZARDS),  # a closing with nothing listed
    )
    r = report(*records, on=D(2024, 4, 20))
    assert r.get(HAZARDS, "快递分拣中心 电气线路").status == "met"
    assert r.get(HAZARDS, "物流仓库 堵塞出口").status == "overdue"
    assert r.get(HAZARDS, "物流仓库 堵塞出口").due == D(2024, 3, 25)
    assert (r.get(HAZARDS, "冷库 违规保温材料").status, r.get(HAZARDS, "冷库 违规保温材料").due) == (
        "due",
        D(2024, 5, 15),
    )
    assert r.get(HAZARDS, "无名场所").status == "unknown"
    on_deadline = report(*records, on=D(2024, 3, 25)).get(HAZARDS, "物流仓库 堵塞出口")
    assert on_deadline.status == "due"
    closed_late = report(*records, entry(D(2024, 4, 1), "物流仓库 堵塞出口", HAZARDS), on=D(2024, 4, 20))
    assert closed_late.get(HAZARDS, "物流仓库 堵塞出口").note == "closed 2024-04-01 (after the deadline)"


def test_a_hazard_listed_again_after_closing_is_open_again() -> None:
    records = (
        entry(D(2024, 1, 5), "仓库 电气线路", HAZARDS, D(2024, 1, 31)),
        entry(D(2024, 1, 20), "仓库 电气线路", HAZARDS),
        entry(D(2024, 6, 1), "仓库 电气线路", HAZARDS, D(2024, 6, 30)),
    )
    row = report(*records, on=D(2024, 7, 1)).get(HAZARDS, "仓库 电气线路")
    assert (row.status, row.due) == ("overdue", D(2024, 6, 30))


# --- unscheduled duties and the caller's own periods


def test_unscheduled_duties_show_their_last_entry() -> None:
    r = report(entry(D(2024, 3, 1), "甲商场", DOUBLE_RANDOM), on=D(2024, 4, 1))
    row = r.get(DOUBLE_RANDOM, "甲商场")
    assert (row.status, row.last, row.due) == ("unscheduled", D(2024, 3, 1), None)
    assert r.get("detachment_spot_check").status == "unscheduled"


def test_a_caller_may_schedule_an_unscheduled_duty() -> None:
    r = report(
        entry(D(2024, 3, 1), "甲商场", DOUBLE_RANDOM), on=D(2024, 7, 1), periods={DOUBLE_RANDOM: "P3M"}
    )
    row = r.get(DOUBLE_RANDOM, "甲商场")
    assert (row.status, row.due) == ("overdue", D(2024, 6, 30))
    assert "(period P3M set by the caller)" in row.note


def test_reading_per_obligation() -> None:
    records = (entry(D(2023, 4, 1), "甲宾馆", POLICE), entry(D(2023, 4, 1), "乙网吧", STREET))
    r = report(*records, on=D(2024, 4, 2), reading={POLICE: "rolling"})
    assert r.get(POLICE, "甲宾馆").status == "overdue"
    assert r.get(STREET, "乙网吧").status == "due"
    assert r.get(POLICE, "甲宾馆").reading == "rolling" and r.get(STREET, "乙网吧").reading == "calendar"


@pytest.mark.parametrize(
    ("kwargs", "error", "fragment"),
    [
        ({"reading": "yearly"}, XiaofangError, "a reading is one of calendar, rolling; got 'yearly'"),
        ({"reading": {POLICE: "monthly"}}, XiaofangError, "got 'monthly'"),
        ({"reading": {"police": "rolling"}}, NotFoundError, "reading: no obligation 'police'"),
        ({"periods": {COMPLETION: "P1Y"}}, XiaofangError, "'deadline' obligation, it has no period"),
        ({"periods": {DOUBLE_RANDOM: "每年"}}, XiaofangError, "ISO 8601"),
        ({"targets": {QUARTERLY: ["全区"]}}, XiaofangError, "is done by its body as a whole"),
        ({"targets": {HAZARDS: ["仓库"]}}, XiaofangError, "takes its hazards from the log"),
        ({"targets": {POLICE: "甲宾馆"}}, XiaofangError, "expects a list of target names, got the string"),
        ({"targets": {"polce": ["甲宾馆"]}}, NotFoundError, "targets: no obligation 'polce'"),
        ({"since": "2023-02-21"}, XiaofangError, "since: expected a datetime.date"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        report(on=D(2024, 4, 1), **kwargs)
    assert fragment in str(info.value), str(info.value)


def test_the_day_must_be_a_date() -> None:
    with pytest.raises(XiaofangError, match=r"on: expected a datetime\.date"):
        report(on=dt.datetime(2024, 4, 1))  # type: ignore[arg-type]


def test_an_in_memory_log_with_an_unknown_obligation() -> None:
    record = InspectionRecord("甲", "乙", D(2024, 1, 1), "yearly_check", line=7)
    with pytest.raises(ScheduleFileError) as info:
        report(record, on=D(2024, 4, 1))
    assert (info.value.file, info.value.key) == ("test-log.csv", "line 7, obligation")


def test_a_calendar_reading_needs_calendar_periods() -> None:
    with pytest.raises(XiaofangError, match="P5M has no calendar periods"):  # calendar is the default reading
        report(
            entry(D(2024, 1, 1), "甲商场", DOUBLE_RANDOM), on=D(2024, 4, 1), periods={DOUBLE_RANDOM: "P5M"}
        )
    rolling = report(
        entry(D(2024, 1, 1), "甲商场", DOUBLE_RANDOM),
        on=D(2024, 4, 1),
        periods={DOUBLE_RANDOM: "P5M"},
        reading={DOUBLE_RANDOM: "rolling"},
    )
    assert rolling.get(DOUBLE_RANDOM, "甲商场").due == D(2024, 6, 1)


# --- the report itself


SAMPLE = (
    entry(D(2023, 12, 20), "全区", QUARTERLY),
    entry(D(2024, 1, 10), "全区", HALF_YEARLY),
    entry(D(2023, 4, 1), "甲宾馆", POLICE),
    entry(D(2024, 2, 29), "乙网吧", STREET),
    entry(D(2024, 3, 5), "物流仓库 堵塞出口", HAZARDS, D(2024, 3, 25)),
)


def test_rows_are_ordered_by_status_then_due_date() -> None:
    r = report(*SAMPLE, on=D(2024, 4, 1))
    ranks = [STATUSES.index(row.status) for row in r]
    assert ranks == sorted(ranks)
    assert [(row.obligation, row.status) for row in r.overdue] == [
        (HAZARDS, "overdue"),
        (QUARTERLY, "overdue"),
    ]
    assert [row.obligation for row in r.due] == [POLICE]
    assert r.has_overdue
    assert r.counts() == {"overdue": 2, "due": 1, "unknown": 1, "met": 2, "unscheduled": 2}


def test_the_report_is_deterministic() -> None:
    a = report(*SAMPLE, on=D(2024, 4, 1))
    b = report(*reversed(SAMPLE), on=D(2024, 4, 1))
    assert a == b
    assert a.to_json() == b.to_json() and a.to_text() == b.to_text()


def test_json_and_text() -> None:
    r = report(*SAMPLE, on=D(2024, 4, 1), since=D(2023, 2, 21))
    data = json.loads(r.to_json())
    assert data["on"] == "2024-04-01" and data["since"] == "2023-02-21"
    first = data["rows"][0]
    assert first["obligation"] == HAZARDS and first["due"] == "2024-03-25" and first["window"] is None
    quarterly = next(row for row in data["rows"] if row["obligation"] == QUARTERLY)
    assert quarterly["window"] == {"start": "2024-01-01", "end": "2024-03-31"}
    # counted from since (2023-02-21): the first three quarters of 2023 and the first of 2024 had no check
    assert [p["start"] for p in quarterly["missed"]] == [
        "2023-01-01",
        "2023-04-01",
        "2023-07-01",
        "2024-01-01",
    ]
    text = r.to_text(statuses=("overdue",))
    assert text.splitlines()[0] == "Duties on 2024-04-01: 2 overdue, 1 due, 1 unknown, 2 met, 2 unscheduled"
    assert text.splitlines()[2].split() == ["status", "due", "obligation", "clause", "target", "last"]
    assert len(text.splitlines()) == 5


def test_get_names_the_rows_it_has() -> None:
    with pytest.raises(
        NotFoundError,
        match="the report has no row 'street_entrusted_units/丙'; did you mean 'street_entrusted_units/乙网吧'",
    ):
        report(*SAMPLE, on=D(2024, 4, 1)).get(STREET, "丙")


# --- next_due and the rrules


def test_next_due_of_an_obligation() -> None:
    assert next_due(OBS.get(COMPLETION)) == D(2025, 12, 31)
    assert next_due(OBS.get(QUARTERLY), D(2024, 5, 5)) == D(2024, 9, 30)
    assert next_due(OBS.get(QUARTERLY), D(2024, 5, 5), reading="rolling") == D(2024, 8, 5)
    with pytest.raises(XiaofangError, match="has no period"):
        next_due(OBS.get(HAZARDS), D(2024, 5, 5))
    with pytest.raises(XiaofangError, match="needs the last inspection or the day the duty began"):
        next_due("P1Y")


def test_calendar_rules_give_period_ends() -> None:
    half = obligation_rule(OBS.get(HALF_YEARLY), D(2024, 1, 1), until=D(2025, 12, 31))
    assert [d.date() for d in half] == [D(2024, 6, 30), D(2024, 12, 31), D(2025, 6, 30), D(2025, 12, 31)]
    yearly = obligation_rule(OBS.get(STREET), D(2023, 2, 21), until=D(2025, 12, 31))
    assert [d.date() for d in yearly] == [D(2023, 12, 31), D(2024, 12, 31), D(2025, 12, 31)]
    assert "RRULE:FREQ=YEARLY;UNTIL=20251231T000000;BYMONTH=12;BYMONTHDAY=31" in str(yearly)


def test_rolling_rules_clamp_to_the_month_end_like_relativedelta() -> None:
    monthly = obligation_rule(OBS.get(QUARTERLY), D(2024, 1, 31), reading="rolling", frequency="P1M")
    first = [d.date() for d in monthly[:6]]
    assert first == [D(2024, 1, 31) + relativedelta(months=k) for k in range(1, 7)]
    assert first[:3] == [D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30)]


def test_deadline_rule_has_one_date() -> None:
    assert [d.date() for d in obligation_rule(OBS.get(COMPLETION))] == [D(2025, 12, 31)]
    assert list(obligation_rule(OBS.get(COMPLETION), until=D(2025, 12, 30))) == []


def test_rules_of_duties_without_a_period() -> None:
    with pytest.raises(XiaofangError, match="has no period; pass frequency="):
        obligation_rule(OBS.get(DOUBLE_RANDOM), D(2024, 1, 1))
    rule = obligation_rule(OBS.get(DOUBLE_RANDOM), D(2024, 1, 1), frequency="P6M", until=D(2024, 12, 31))
    assert [d.date() for d in rule] == [D(2024, 6, 30), D(2024, 12, 31)]
    with pytest.raises(XiaofangError, match="needs a start date"):
        obligation_rule(OBS.get(QUARTERLY))


# --- calendars


def test_calendar_of_a_year() -> None:
    entries = calendar(OBS, "2024年")
    by = {(e.obligation, e.due) for e in entries}
    assert {d for o, d in by if o == QUARTERLY} == {
        D(2024, 3, 31),
        D(2024, 6, 30),
        D(2024, 9, 30),
        D(2024, 12, 31),
    }
    assert {d for o, d in by if o == HALF_YEARLY} == {D(2024, 6, 30), D(2024, 12, 31)}
    assert {d for o, d in by if o in (POLICE, STREET)} == {D(2024, 12, 31)}
    assert not any(e.obligation == COMPLETION for e in entries)  # 2025
    assert [e.due for e in entries] == sorted(e.due for e in entries)
    assert calendar(OBS, Period.year(2025))[-1].obligation == COMPLETION


def test_calendar_with_a_log() -> None:
    entries = calendar(OBS, "2024年下半年", log=log_of(*SAMPLE), reading={POLICE: "rolling"})
    assert [(e.due, e.target) for e in entries if e.obligation == POLICE] == []  # 2024-04-01 is in H1
    entries = calendar(OBS, "2024年上半年", log=log_of(*SAMPLE), reading={POLICE: "rolling"})
    police = [e for e in entries if e.obligation == POLICE]
    assert [(e.due, e.target, e.window) for e in police] == [(D(2024, 4, 1), "甲宾馆", None)]
    hazards = [e for e in entries if e.obligation == HAZARDS]
    assert [(e.due, e.target) for e in hazards] == [(D(2024, 3, 25), "物流仓库 堵塞出口")]


def test_calendar_needs_a_period() -> None:
    with pytest.raises(XiaofangError, match="a calendar covers a period"):
        calendar(OBS, "2024年底")


# --- properties


DAYS = st.dates(min_value=D(1950, 1, 1), max_value=D(2150, 12, 31))
FREQUENCIES = st.sampled_from(["P1M", "P3M", "P6M", "P1Y"])
READINGS = st.sampled_from(["calendar", "rolling"])


@settings(max_examples=400, deadline=None)
@given(last=DAYS, frequency=FREQUENCIES, reading=READINGS)
def test_next_due_is_after_the_last_inspection(last: dt.date, frequency: str, reading: str) -> None:
    due = next_due(frequency, last, reading=reading)
    assert due > last
    assert (
        due <= last + Frequency.parse(frequency).delta + Frequency.parse(frequency).delta
    )  # at most two periods


@settings(max_examples=300, deadline=None)
@given(last=DAYS, reading=READINGS, quarterly=st.booleans())
def test_due_on_the_due_date_overdue_the_day_after_cleared_by_an_inspection_on_the_due_date(
    last: dt.date, reading: str, quarterly: bool
) -> None:
    ob = QUARTERLY if quarterly else HALF_YEARLY
    before = entry(last, "全区", ob)
    due = report(before, on=last, reading=reading).get(ob).due
    assert due is not None
    assert report(before, on=due, reading=reading).get(ob).status == "due"
    assert report(before, on=due + ONE_DAY, reading=reading).get(ob).status == "overdue"
    cleared = report(before, entry(due, "全区", ob), on=due, reading=reading).get(ob)
    assert cleared.status in ("due", "met") and cleared.due is not None and cleared.due > due
    assert (
        report(before, entry(due, "全区", ob), on=due + ONE_DAY, reading=reading).get(ob).status != "overdue"
    )


@settings(max_examples=300, deadline=None)
@given(anchor=DAYS, months=st.sampled_from([1, 2, 3, 6, 12, 24]))
def test_rolling_rule_is_anchor_plus_k_periods(anchor: dt.date, months: int) -> None:
    rule = obligation_rule(OBS.get(STREET), anchor, reading="rolling", frequency=Frequency(months=months))
    got = [d.date() for d in rule[:5]]
    assert got == [anchor + relativedelta(months=k * months) for k in range(1, 6)]
    assert got[0] == next_due(Frequency(months=months), anchor, reading="rolling")


@settings(max_examples=200, deadline=None)
@given(start=DAYS, frequency=FREQUENCIES)
def test_calendar_rule_gives_consecutive_period_ends(start: dt.date, frequency: str) -> None:
    rule = obligation_rule(OBS.get(STREET), start, frequency=frequency, reading="calendar")
    ends = [d.date() for d in rule[:4]]
    period = Period.containing(start, frequency)
    for end in ends:
        assert end == period.end
        period = period.following()
