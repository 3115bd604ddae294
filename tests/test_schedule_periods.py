"""Calendar periods and frequencies: quarters and half-years follow the calendar year."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from jiceng_xiaofang.errors import XiaofangError
from jiceng_xiaofang.schedule import Frequency, Period

D = dt.date
DAYS = st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31))
CALENDAR_FREQUENCIES = st.sampled_from(["P1M", "P2M", "P3M", "P4M", "P6M", "P1Y"])


def test_quarters_follow_the_calendar_year() -> None:
    quarters = [Period.quarter(2024, q) for q in (1, 2, 3, 4)]
    assert [(p.start, p.end) for p in quarters] == [
        (D(2024, 1, 1), D(2024, 3, 31)),
        (D(2024, 4, 1), D(2024, 6, 30)),
        (D(2024, 7, 1), D(2024, 9, 30)),
        (D(2024, 10, 1), D(2024, 12, 31)),
    ]
    assert [p.label_zh for p in quarters] == [f"2024年第{n}季度" for n in "一二三四"]


def test_half_years_and_years() -> None:
    assert (Period.half(2024, 1).start, Period.half(2024, 1).end) == (D(2024, 1, 1), D(2024, 6, 30))
    assert (Period.half(2024, 2).start, Period.half(2024, 2).end) == (D(2024, 7, 1), D(2024, 12, 31))
    assert Period.half(2024, 1).label_zh == "2024年上半年" and Period.half(2024, 2).label_zh == "2024年下半年"
    assert str(Period.year(2025)) == "2025-01-01/2025-12-31" and Period.year(2025).label_zh == "2025年"


def test_february_of_a_leap_year() -> None:
    assert Period.month(2024, 2).end == D(2024, 2, 29)
    assert Period.month(2023, 2).end == D(2023, 2, 28)
    assert Period.month(2100, 2).end == D(2100, 2, 28)  # not a leap year
    assert Period.month(2000, 2).end == D(2000, 2, 29)


@pytest.mark.parametrize(
    ("day", "frequency", "label"),
    [
        (D(2024, 3, 31), "P3M", "2024年第一季度"),
        (D(2024, 4, 1), "P3M", "2024年第二季度"),
        (D(2024, 6, 30), "P6M", "2024年上半年"),
        (D(2024, 7, 1), "P6M", "2024年下半年"),
        (D(2024, 12, 31), "P1Y", "2024年"),
        (D(2025, 1, 1), "P1Y", "2025年"),
        (D(2024, 2, 29), "P1M", "2024年2月"),
    ],
)
def test_containing_on_boundaries(day: dt.date, frequency: str, label: str) -> None:
    assert Period.containing(day, frequency).label_zh == label


def test_period_membership_is_inclusive_and_typed() -> None:
    q1 = Period.quarter(2024, 1)
    assert D(2024, 1, 1) in q1 and D(2024, 3, 31) in q1
    assert D(2023, 12, 31) not in q1 and D(2024, 4, 1) not in q1
    assert dt.datetime(2024, 2, 1) not in q1  # a datetime is not a day
    assert "2024-02-01" not in q1


def test_following_and_month_count() -> None:
    assert Period.quarter(2024, 4).following() == Period.quarter(2025, 1)
    assert Period.half(2024, 2).following() == Period.half(2025, 1)
    assert Period.months(2024, 11, 3).month_count == 3
    odd = Period(D(2024, 1, 15), D(2024, 2, 10))
    assert odd.month_count is None
    assert odd.label_zh == "2024年1月15日至2024年2月10日"
    with pytest.raises(XiaofangError, match="whole calendar months"):
        odd.following()


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: Period.quarter(2024, 5), "a quarter is 1 to 4, got 5"),
        (lambda: Period.half(2024, 3), "a half-year is 1 or 2, got 3"),
        (lambda: Period.month(2024, 13), "a month is 1 to 12, got 13"),
        (lambda: Period(D(2024, 2, 1), D(2024, 1, 1)), "ends on or after it starts"),
        (lambda: Period(dt.datetime(2024, 1, 1), D(2024, 1, 2)), "expected a datetime.date"),
        (lambda: Period.containing(D(2024, 1, 1), "P5M"), "P5M has no calendar periods"),
        (lambda: Period.containing(D(2024, 1, 1), "P2W"), "P2W has no calendar periods"),
    ],
)
def test_period_errors(call: object, fragment: str) -> None:
    with pytest.raises(XiaofangError, match=fragment):
        call()  # type: ignore[operator]


def test_frequencies() -> None:
    assert Frequency.parse("P1Y") == Frequency.parse("P12M") == Frequency(months=12)
    assert Frequency.parse("P1W") == Frequency.parse("P7D")
    assert [Frequency.parse(t).iso for t in ("P12M", "P18M", "P7D", "P10D", "P1Y2M3D")] == [
        "P1Y",
        "P1Y6M",
        "P1W",
        "P10D",
        "P1Y2M3D",
    ]
    assert [Frequency.parse(t).label_zh for t in ("P1Y", "P6M", "P3M", "P1M", "P1W", "P1D", "P2M")] == [
        "每年",
        "每半年",
        "每季度",
        "每月",
        "每周",
        "每天",
        "P2M",
    ]
    assert Frequency.parse("P1Y").delta == relativedelta(years=1)
    assert D(2024, 1, 31) + Frequency.parse("P1M").delta == D(2024, 2, 29)


@pytest.mark.parametrize("text", ["", "P", "P0D", "1Y", "P1.5Y", "p1y", "P1Y\n", "每年", "PT1H"])
def test_bad_frequencies(text: str) -> None:
    with pytest.raises(XiaofangError):
        Frequency.parse(text)


@settings(max_examples=300, deadline=None)
@given(day=DAYS, frequency=CALENDAR_FREQUENCIES)
def test_calendar_periods_contain_the_day_and_tile_the_year(day: dt.date, frequency: str) -> None:
    period = Period.containing(day, frequency)
    assert day in period
    assert period.month_count == Frequency.parse(frequency).calendar_months
    assert (period.start.month - 1) % period.month_count == 0  # aligned on 1 January
    nxt = period.following()
    assert nxt.start == period.end + dt.timedelta(days=1)
    assert Period.containing(nxt.start, frequency) == nxt
