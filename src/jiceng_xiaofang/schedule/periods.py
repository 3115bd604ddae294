"""Calendar periods (years, half-years, quarters, months) and frequencies (ISO 8601 durations).

Quarters and half-years follow the calendar year: Q1 is January to March,
the first half-year (上半年) January to June.  Lengths are counted in calendar
months with :class:`dateutil.relativedelta.relativedelta`, never in days.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import attrs
from dateutil.relativedelta import relativedelta

from .._values import describe
from ..errors import XiaofangError

__all__ = ["READINGS", "Frequency", "Period"]

READINGS = ("calendar", "rolling")
"""How "at least once per period" is counted.

``calendar``
    at least once in each calendar period (each calendar year, each quarter
    January-March, April-June, ...); the next inspection is due by the end of
    the period after the one of the last inspection.
``rolling``
    at most one period may pass between two inspections: the next inspection
    is due on the last one plus the period (``relativedelta``), so 2024-02-29
    plus one year is 2025-02-28.
"""

_ISO = re.compile(r"P(?=[0-9])(?:([0-9]{1,5})Y)?(?:([0-9]{1,5})M)?(?:([0-9]{1,5})W)?(?:([0-9]{1,5})D)?")
_MAX_MONTHS = 1200  # a hundred years: longer frequencies run dates past the year 9999
_QUARTERS = "一二三四"
_DAY = dt.timedelta(days=1)


def _check_date(name: str, value: object) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise XiaofangError(f"{name}: expected a datetime.date, got {value!r}")


@attrs.frozen
class Period:
    """A span of whole days, both ends included: a year, a half-year, a quarter, a month or any range.

    ``str(period)`` is the ISO 8601 interval ``start/end``.

    Examples
    --------
    >>> from jiceng_xiaofang.schedule import Period
    >>> q1 = Period.quarter(2024, 1)
    >>> str(q1), q1.label_zh
    ('2024-01-01/2024-03-31', '2024年第一季度')
    >>> import datetime as dt
    >>> dt.date(2024, 3, 31) in q1, dt.date(2024, 4, 1) in q1
    (True, False)
    >>> q1.following().label_zh
    '2024年第二季度'
    """

    start: dt.date
    """The first day, included."""
    end: dt.date
    """The last day, included; not before :attr:`start`."""

    def __attrs_post_init__(self) -> None:
        _check_date("Period.start", self.start)
        _check_date("Period.end", self.end)
        if self.end < self.start:
            raise XiaofangError(f"a period ends on or after it starts; got {self.start} to {self.end}")

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year.

        Examples
        --------
        >>> from jiceng_xiaofang.schedule import Period
        >>> str(Period.year(2025))
        '2025-01-01/2025-12-31'
        """
        return cls.months(year, 1, 12)

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        """The first (1, 上半年: January-June) or second (2, 下半年) half of a calendar year.

        Examples
        --------
        >>> from jiceng_xiaofang.schedule import Period
        >>> str(Period.half(2024, 2))
        '2024-07-01/2024-12-31'
        """
        if half not in (1, 2):
            raise XiaofangError(f"a half-year is 1 or 2, got {half!r}")
        return cls.months(year, 6 * half - 5, 6)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """A calendar quarter: 1 is January-March, ..., 4 is October-December.

        Examples
        --------
        >>> from jiceng_xiaofang.schedule import Period
        >>> str(Period.quarter(2024, 4))
        '2024-10-01/2024-12-31'
        """
        if quarter not in (1, 2, 3, 4):
            raise XiaofangError(f"a quarter is 1 to 4, got {quarter!r}")
        return cls.months(year, 3 * quarter - 2, 3)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """A calendar month.

        Examples
        --------
        >>> from jiceng_xiaofang.schedule import Period
        >>> str(Period.month(2024, 2))
        '2024-02-01/2024-02-29'
        """
        return cls.months(year, month, 1)

    @classmethod
    def months(cls, year: int, first: int, count: int) -> Period:
        """``count`` calendar months from month ``first`` of ``year``.

        Examples
        --------
        >>> from jiceng_xiaofang.schedule import Period
        >>> str(Period.months(2024, 11, 3))
        '2024-11-01/2025-01-31'
        """
        if not 1 <= first <= 12:
            raise XiaofangError(f"a month is 1 to 12, got {first!r}")
        if count < 1:
            raise XiaofangError(f"a period has at least one month, got {count!r}")
        if not 1 <= year <= 9998:
            raise XiaofangError(f"a year is 1 to 9998, got {year!r}")
        return _months(year, first, count)

    @classmethod
    def containing(cls, day: dt.date, frequency: Frequency | str) -> Period:
        """The calendar period of a frequency that contains ``day``: its year, half-year, quarter or month.

        The frequency must be a whole number of months that divides a year
        (``P1M``, ``P2M``, ``P3M``, ``P4M``, ``P6M``, ``P1Y``): periods start
        on 1 January and follow each other.

        Examples
        --------
        >>> import datetime as dt
        >>> from jiceng_xiaofang.schedule import Period
        >>> Period.containing(dt.date(2024, 5, 20), "P3M").label_zh
        '2024年第二季度'
        >>> Period.containing(dt.date(2024, 5, 20), "P6M").label_zh
        '2024年上半年'
        """
        _check_date("day", day)
        months = Frequency.coerce(frequency).calendar_months
        first = (day.month - 1) // months * months + 1
        return cls.months(day.year, first, months)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and not isinstance(day, dt.datetime) and self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    @property
    def month_count(self) -> int | None:
        """The number of calendar months the period spans, or None if it does not run from a 1st to a month end.

        Examples
        --------
        >>> from jiceng_xiaofang.schedule import Period
        >>> Period.half(2024, 1).month_count
        6
        """
        if self.start.day != 1 or self.end + _DAY != (self.end + _DAY).replace(day=1):
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def following(self) -> Period:
        """The period of the same number of months that starts the day after this one ends.

        Examples
        --------
        >>> from jiceng_xiaofang.schedule import Period
        >>> str(Period.year(2024).following())
        '2025-01-01/2025-12-31'
        """
        count = self.month_count
        if count is None:
            raise XiaofangError(f"only a period of whole calendar months has a following one; got {self}")
        start = self.end + _DAY
        return Period.months(start.year, start.month, count)

    @property
    def label_zh(self) -> str:
        """The period in Chinese, such as 2024年, 2024年上半年, 2024年第一季度, 2024年3月 or a range.

        Examples
        --------
        >>> from jiceng_xiaofang.schedule import Period
        >>> import datetime as dt
        >>> Period(dt.date(2024, 1, 15), dt.date(2024, 2, 10)).label_zh
        '2024年1月15日至2024年2月10日'
        """
        count = self.month_count
        y, m = self.start.year, self.start.month
        if count == 12 and m == 1:
            return f"{y}年"
        if count == 6 and m in (1, 7):
            return f"{y}年{'上' if m == 1 else '下'}半年"
        if count == 3 and m in (1, 4, 7, 10):
            return f"{y}年第{_QUARTERS[(m - 1) // 3]}季度"
        if count == 1:
            return f"{y}年{m}月"
        return f"{_zh(self.start)}至{_zh(self.end)}"


def _zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@attrs.frozen
class Frequency:
    """How often something recurs: an ISO 8601 duration such as ``P1Y`` (每年), ``P6M`` (每半年), ``P3M`` (每季度).

    Years are kept as months and weeks as days, so ``P1Y`` equals ``P12M``
    and ``P1W`` equals ``P7D``; ``iso`` is the canonical text.

    Examples
    --------
    >>> from jiceng_xiaofang.schedule import Frequency
    >>> f = Frequency.parse("P3M")
    >>> f.iso, f.label_zh, f.calendar_months
    ('P3M', '每季度', 3)
    >>> Frequency.parse("P12M") == Frequency.parse("P1Y")
    True
    >>> import datetime as dt
    >>> dt.date(2024, 2, 29) + Frequency.parse("P1Y").delta
    datetime.date(2025, 2, 28)
    """

    months: int = 0
    """The whole months of the duration (a year is 12), 0 or more."""
    days: int = 0
    """The whole days of the duration (a week is 7), 0 or more."""

    def __attrs_post_init__(self) -> None:
        for name in ("months", "days"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise XiaofangError(
                    f"Frequency.{name}: expected a whole number of 0 or more, got {describe(value)}"
                )
            limit = _MAX_MONTHS if name == "months" else 31 * _MAX_MONTHS
            if value > limit:
                raise XiaofangError(
                    f"Frequency.{name}: expected at most {limit} (a hundred years), got {describe(value)}"
                )
        if self.months == 0 and self.days == 0:
            raise XiaofangError("a frequency is longer than zero; got P0D")

    @classmethod
    def parse(cls, text: str) -> Frequency:
        """Read an ISO 8601 duration of years, months, weeks and days, such as ``P1Y`` or ``P6M``.

        Examples
        --------
        >>> from jiceng_xiaofang.schedule import Frequency
        >>> Frequency.parse("P1Y6M").iso
        'P1Y6M'
        >>> Frequency.parse("every year")
        Traceback (most recent call last):
        ...
        jiceng_xiaofang.errors.XiaofangError: expected an ISO 8601 duration such as 'P1Y', 'P6M' or 'P3M', got 'every year'
        """
        m = _ISO.fullmatch(text) if isinstance(text, str) else None
        if m is None:
            raise XiaofangError(
                f"expected an ISO 8601 duration such as 'P1Y', 'P6M' or 'P3M', got {describe(text)}"
            )
        years, months, weeks, days = (int(g) if g else 0 for g in m.groups())
        return cls(months=12 * years + months, days=7 * weeks + days)

    @classmethod
    def coerce(cls, value: Frequency | str) -> Frequency:
        """A :class:`Frequency` as is, or one parsed from its ISO text.

        Examples
        --------
        >>> from jiceng_xiaofang.schedule import Frequency
        >>> Frequency.coerce("P6M") == Frequency(months=6)
        True
        """
        return value if isinstance(value, Frequency) else cls.parse(value)

    def __str__(self) -> str:
        return self.iso

    @property
    def iso(self) -> str:
        """The canonical ISO 8601 text, such as ``P1Y``, ``P6M``, ``P1Y6M``, ``P2W`` or ``P10D``."""
        years, months = divmod(self.months, 12)
        text = "P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "")
        if self.days:
            weeks, days = divmod(self.days, 7)
            text += f"{weeks}W" if self.months == 0 and days == 0 else f"{self.days}D"
        return text

    @property
    def delta(self) -> relativedelta:
        """The frequency as a :class:`~dateutil.relativedelta.relativedelta` (calendar months, then days)."""
        return relativedelta(months=self.months, days=self.days)

    @property
    def calendar_months(self) -> int:
        """The length in months, for a frequency whose periods tile the calendar year (1, 2, 3, 4, 6 or 12).

        Raises :class:`~jiceng_xiaofang.XiaofangError` for any other frequency,
        which has no calendar periods (read it ``rolling`` instead).
        """
        if self.days or self.months not in (1, 2, 3, 4, 6, 12):
            raise XiaofangError(
                f"{self.iso} has no calendar periods: only P1M, P2M, P3M, P4M, P6M and P1Y divide the"
                " calendar year; use the 'rolling' reading"
            )
        return self.months

    @property
    def label_zh(self) -> str:
        """每年, 每半年, 每季度, 每月, 每周, 每天, or the ISO text for other lengths."""
        labels = {
            (12, 0): "每年",
            (6, 0): "每半年",
            (3, 0): "每季度",
            (1, 0): "每月",
            (0, 7): "每周",
            (0, 1): "每天",
        }
        return labels.get((self.months, self.days), self.iso)


@functools.lru_cache(maxsize=4096)
def _months(year: int, first: int, count: int) -> Period:
    """``count`` months from month ``first`` of ``year``, made once: a report asks for the same periods per target."""
    years, month = divmod(first - 1 + count, 12)
    if year + years > 9999:
        raise XiaofangError(f"a period of {count} months from {year}-{first:02d} ends after the year 9999")
    return Period(dt.date(year, first, 1), dt.date(year + years, month + 1, 1) - _DAY)
