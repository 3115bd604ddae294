"""Chinese dates, periods and frequencies: what is read, and what is rejected with a clear message."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiceng_xiaofang.errors import XiaofangError
from jiceng_xiaofang.schedule import ChineseDateError, Frequency, Period, parse_chinese_date

D = dt.date
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年2月21日", D(2023, 2, 21)),
        ("2023年2月21号", D(2023, 2, 21)),
        ("２０２３年２月２１日", D(2023, 2, 21)),
        (" 2023年 2月 21日 ", D(2023, 2, 21)),
        ("2024年2月29日", D(2024, 2, 29)),
        ("2025年底", D(2025, 12, 31)),
        ("2025年年底", D(2025, 12, 31)),
        ("2025年末", D(2025, 12, 31)),
        ("２０２５年底", D(2025, 12, 31)),
        ("2024年2月底", D(2024, 2, 29)),
        ("2023年2月末", D(2023, 2, 28)),
        ("2023年2月", Period.month(2023, 2)),
        ("2025年", Period.year(2025)),
        ("2025年度", Period.year(2025)),
        ("2024年第一季度", Period.quarter(2024, 1)),
        ("2024年一季度", Period.quarter(2024, 1)),
        ("2024年第4季度", Period.quarter(2024, 4)),
        ("2024年上半年", Period.half(2024, 1)),
        ("2024年下半年", Period.half(2024, 2)),
        ("每年", Frequency.parse("P1Y")),
        ("每半年", Frequency.parse("P6M")),
        ("每季度", Frequency.parse("P3M")),
        ("每季", Frequency.parse("P3M")),
        ("每月", Frequency.parse("P1M")),
    ],
)
def test_accepted(text: str, expected: object) -> None:
    assert parse_chinese_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("年底", D(2024, 12, 31)),
        ("年末", D(2024, 12, 31)),
        ("第一季度", Period.quarter(2024, 1)),
        ("第三季度", Period.quarter(2024, 3)),
        ("上半年", Period.half(2024, 1)),
        ("下半年", Period.half(2024, 2)),
        ("2月29日", D(2024, 2, 29)),
        ("3月", Period.month(2024, 3)),
        ("2023年底", D(2023, 12, 31)),  # a year in the text wins over the reference year
    ],
)
def test_relative_text_with_a_reference_year(text: str, expected: object) -> None:
    assert parse_chinese_date(text, year=2024) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "expected a Chinese date, period or frequency such as 2023年2月21日"),
        ("   ", "got '   '"),
        ("2023年13月", "expected a month from 1 to 12, got '2023年13月'"),
        ("2023年0月1日", "expected a month from 1 to 12"),
        ("2023年2月30日", "expected a day of 2023年2月, which has 28 days, got '2023年2月30日'"),
        ("2023年2月29日", "which has 28 days"),
        ("2024年4月31日", "which has 30 days"),
        ("2024年1月0日", "which has 31 days"),
        ("第五季度", "expected a quarter from 第一季度 to 第四季度, got '第五季度'"),
        ("2024年第0季度", "a quarter from 第一季度 to 第四季度"),
        ("下下半年", "expected a Chinese date, period or frequency"),
        ("中半年", "expected a Chinese date, period or frequency"),
        ("年底", "年底 names none, so write it with one (2025年年底) or pass year="),
        ("上半年", "上半年 names none"),
        ("第一季度", "第一季度 names none"),
        ("2月21日", "2月21日 names none"),
        ("23年2月21日", "a four-digit year such as 2025年"),
        ("2023-02-21", "expected a Chinese date, period or frequency"),
        ("每两年", "expected a Chinese date, period or frequency"),
        ("底", "expected a Chinese date, period or frequency"),
    ],
)
def test_rejected(text: str, fragment: str) -> None:
    with pytest.raises(ChineseDateError) as info:
        parse_chinese_date(text)
    assert fragment in str(info.value), str(info.value)
    assert isinstance(info.value, XiaofangError) and isinstance(info.value, ValueError)
    assert info.value.text == text
    assert info.value.expected and str(info.value).startswith(f"expected {info.value.expected}")


def test_empty_text_says_so() -> None:
    with pytest.raises(ChineseDateError, match=r"got an empty text$"):
        parse_chinese_date("")


@pytest.mark.parametrize("year", [True, 99, 12345, "2024"])
def test_bad_reference_year(year: object) -> None:
    with pytest.raises(ChineseDateError, match="a reference year from 1000 to 9998"):
        parse_chinese_date("年底", year=year)  # type: ignore[arg-type]


def test_not_a_text() -> None:
    with pytest.raises(ChineseDateError, match="expected a text"):
        parse_chinese_date(20230221)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(day=st.dates(min_value=D(1000, 1, 1), max_value=D(9998, 12, 31)), wide=st.booleans())
def test_every_valid_day_round_trips(day: dt.date, wide: bool) -> None:
    text = f"{day.year}年{day.month}月{day.day}日"
    if wide:
        text = text.translate(FULL_WIDTH)
    assert parse_chinese_date(text) == day


@settings(max_examples=200, deadline=None)
@given(year=st.integers(1000, 9998), month=st.integers(1, 12), day=st.integers(29, 40))
def test_days_past_the_month_end_are_rejected(year: int, month: int, day: int) -> None:
    text = f"{year}年{month}月{day}日"
    try:
        valid = D(year, month, day)
    except ValueError:
        with pytest.raises(ChineseDateError, match="which has"):
            parse_chinese_date(text)
    else:
        assert parse_chinese_date(text) == valid
