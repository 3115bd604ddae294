"""Chinese dates, periods and frequencies as the policy writes them: 2023年2月21日, 2025年底, 第一季度, 每半年.

Full-width digits (２０２５年) are read as ASCII digits.  Text that names no
year (年底, 上半年, 第一季度) needs a reference year; invalid or unknown text
raises :class:`ChineseDateError`, whose message says what was expected and
what was given.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
import unicodedata
from types import MappingProxyType

from .._numerals import chinese_number
from .._values import describe
from ..errors import XiaofangError
from .periods import Frequency, Period

__all__ = ["ChineseDateError", "parse_chinese_date"]

_FORMS = "2023年2月21日, 2023年2月, 2025年底, 2024年第一季度, 上半年, 每季度"
_Y = r"(?:(\d+)年)"
_DAY = re.compile(rf"{_Y}?(\d+)月(\d+)[日号]")
_MONTH_END = re.compile(rf"{_Y}?(\d+)月(?:底|末)")
_MONTH = re.compile(rf"{_Y}?(\d+)月份?")
_YEAR_END = re.compile(r"(?:(\d+)年年?|年)(?:底|末|终)")
_YEAR = re.compile(r"(\d+)年度?")
_QUARTER = re.compile(rf"{_Y}?(?:第)?([一二三四五六七八九十]|\d+)季度")
_HALF = re.compile(rf"{_Y}?([上下])半年")
_FREQUENCIES = MappingProxyType(
    {
        "每年": "P1Y",
        "每年度": "P1Y",
        "每半年": "P6M",
        "每季度": "P3M",
        "每季": "P3M",
        "每月": "P1M",
        "每周": "P1W",
        "每天": "P1D",
        "每日": "P1D",
    }
)


class ChineseDateError(XiaofangError):
    """Text that is not a valid Chinese date, period or frequency, or that names no year.

    ``text`` is the text given and ``expected`` what was expected.

    Examples
    --------
    >>> from jiceng_xiaofang.schedule import ChineseDateError, parse_chinese_date
    >>> try:
    ...     parse_chinese_date("2023年13月")
    ... except ChineseDateError as exc:
    ...     print(exc.expected)
    a month from 1 to 12
    """

    def __init__(self, expected: str, text: str, detail: str = "") -> None:
        self.expected = expected
        self.text = text
        given = describe(text) if text else "an empty text"
        super().__init__(f"expected {expected}, got {given}" + (f" ({detail})" if detail else ""))


def _small(group: str) -> int:
    """The number a group of digits writes; more than six digits is out of every range here (never int() of 5,000)."""
    return int(group) if len(group) <= 6 else 10**6


def _year(group: str | None, text: str, reference: int | None, what: str) -> int:
    if group is None:
        if reference is None:
            raise ChineseDateError(
                f"a year: {what} names none, so write it with one (2025年{what}) or pass year=",
                text,
            )
        return reference
    if len(group) != 4 or not 1000 <= int(group) <= 9998:
        raise ChineseDateError("a four-digit year such as 2025年", text)
    return int(group)


def _month(group: str, text: str) -> int:
    month = _small(group)
    if not 1 <= month <= 12:
        raise ChineseDateError("a month from 1 to 12", text)
    return month


def parse_chinese_date(text: str, *, year: int | None = None) -> dt.date | Period | Frequency:
    """Read a Chinese date, period or frequency.

    - ``2023年2月21日`` (also ``21号``): the day, a :class:`datetime.date`;
    - ``2024年2月底``, ``2024年2月末``: the last day of the month, a date;
    - ``2025年底``, ``2025年年底``, ``2025年末``: 31 December, a date;
    - ``2023年2月``: the month, a :class:`~jiceng_xiaofang.schedule.Period`;
    - ``2025年``, ``2025年度``: the year, a :class:`~jiceng_xiaofang.schedule.Period`;
    - ``2024年第一季度``, ``一季度``, ``第1季度``: the quarter (Q1 is January to March), a :class:`~jiceng_xiaofang.schedule.Period`;
    - ``2024年上半年``, ``下半年``: the half-year, a :class:`~jiceng_xiaofang.schedule.Period`;
    - ``每年``, ``每半年``, ``每季度``, ``每月``, ``每周``, ``每天``: a :class:`~jiceng_xiaofang.schedule.Frequency`
      (``P1Y``, ``P6M``, ``P3M``, ``P1M``, ``P1W``, ``P1D``).

    Parameters
    ----------
    text
        The text; full-width digits and spaces are allowed.
    year
        The reference year for text that names none (年底, 上半年, 第一季度,
        2月21日).  Without it such text is ambiguous and rejected.

    Raises
    ------
    ChineseDateError
        Empty, unknown, invalid (2023年13月, 2023年2月30日, 第五季度) or
        ambiguous text; the message says what was expected.

    Examples
    --------
    >>> from jiceng_xiaofang.schedule import parse_chinese_date
    >>> parse_chinese_date("2023年2月21日")
    datetime.date(2023, 2, 21)
    >>> parse_chinese_date("２０２５年底")
    datetime.date(2025, 12, 31)
    >>> print(parse_chinese_date("第一季度", year=2024))
    2024-01-01/2024-03-31
    >>> parse_chinese_date("每半年").iso
    'P6M'
    >>> parse_chinese_date("2023年2月30日")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.schedule.chinese_dates.ChineseDateError: expected a day of 2023年2月, which has 28 days, got '2023年2月30日'
    >>> parse_chinese_date("年底")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.schedule.chinese_dates.ChineseDateError: expected a year: 年底 names none, so write it with one (2025年年底) or pass year=, got '年底'
    """
    if not isinstance(text, str):
        raise ChineseDateError(f"a text such as {_FORMS}", describe(text))
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9998):
        raise ChineseDateError("a reference year from 1000 to 9998", describe(year))
    clean = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if not clean:
        raise ChineseDateError(f"a Chinese date, period or frequency such as {_FORMS}", text)
    if clean in _FREQUENCIES:
        return Frequency.parse(_FREQUENCIES[clean])
    if m := _DAY.fullmatch(clean):
        y = _year(m.group(1), text, year, clean)
        month = _month(m.group(2), text)
        days = _calendar.monthrange(y, month)[1]
        day = _small(m.group(3))
        if not 1 <= day <= days:
            raise ChineseDateError(f"a day of {y}年{month}月, which has {days} days", text)
        return dt.date(y, month, day)
    if m := _MONTH_END.fullmatch(clean):
        y = _year(m.group(1), text, year, clean)
        return Period.month(y, _month(m.group(2), text)).end
    if m := _MONTH.fullmatch(clean):
        return Period.month(_year(m.group(1), text, year, clean), _month(m.group(2), text))
    if m := _YEAR_END.fullmatch(clean):
        return Period.year(_year(m.group(1), text, year, clean)).end
    if m := _YEAR.fullmatch(clean):
        return Period.year(_year(m.group(1), text, year, clean))
    if m := _QUARTER.fullmatch(clean):
        numeral = m.group(2)
        quarter = _small(numeral) if numeral.isdigit() else chinese_number(numeral) or 0
        if not 1 <= quarter <= 4:
            raise ChineseDateError("a quarter from 第一季度 to 第四季度", text)
        return Period.quarter(_year(m.group(1), text, year, clean), quarter)
    if m := _HALF.fullmatch(clean):
        return Period.half(_year(m.group(1), text, year, clean), 1 if m.group(2) == "上" else 2)
    raise ChineseDateError(f"a Chinese date, period or frequency such as {_FORMS}", text)
