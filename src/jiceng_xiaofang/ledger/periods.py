"""The periods an assessment or a bulletin speaks for: a year, a half-year or a quarter, from a short text."""

from __future__ import annotations

import re

from ..errors import XiaofangError
from ..schedule.periods import Period
from .model import LedgerError

__all__ = ["as_period"]

_SHORT = re.compile(r"(\d{4})(?:[-\s]?([HhQq])([1-4]))?")


def as_period(value: object, *, name: str = "period", quarter: bool = False) -> Period:
    """A :class:`~jiceng_xiaofang.schedule.Period` from itself or a text: ``2025``, ``2025H2``, ``2025Q4``.

    Chinese (``2025年``, ``2025年下半年``, ``2025年第四季度``) is read too.
    With ``quarter=True`` only a calendar quarter is accepted.

    Examples
    --------
    >>> from jiceng_xiaofang.ledger import as_period
    >>> as_period("2025Q4").label_zh, as_period("2025H1").label_zh, as_period("2025").label_zh
    ('2025年第四季度', '2025年上半年', '2025年')
    >>> as_period("2025年第三季度", quarter=True).label_zh
    '2025年第三季度'
    >>> as_period("2025H3")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.ledger.model.LedgerError: period: expected a year, half-year or quarter such as 2025, 2025H2 or 2025Q4, got '2025H3'
    """
    expected = (
        "a quarter such as 2025Q4"
        if quarter
        else "a year, half-year or quarter such as 2025, 2025H2 or 2025Q4"
    )
    if isinstance(value, Period):
        period = value
    elif isinstance(value, str):
        period = _parse(value.strip(), name, expected)
    else:
        raise LedgerError(f"{name}: expected {expected} (text or a Period), got {value!r}")
    if quarter and (period.month_count != 3 or period.start.month not in (1, 4, 7, 10)):
        raise LedgerError(f"{name}: expected {expected}, got {period.label_zh} ({period})")
    return period


def _parse(text: str, name: str, expected: str) -> Period:
    match = _SHORT.fullmatch(text)
    try:
        if match:
            year = int(match.group(1))
            letter, number = match.group(2), match.group(3)
            if letter is None:
                return Period.year(year)
            if letter in "Hh":
                if number not in ("1", "2"):
                    raise XiaofangError("a half-year is 1 or 2")
                return Period.half(year, int(number))
            return Period.quarter(year, int(number))
        from ..schedule.chinese_dates import parse_chinese_date

        found = parse_chinese_date(text)
    except XiaofangError:
        raise LedgerError(f"{name}: expected {expected}, got {text!r}") from None
    if not isinstance(found, Period):
        raise LedgerError(f"{name}: expected {expected}, got {text!r}")
    return found
