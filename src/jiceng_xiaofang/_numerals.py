"""Chinese numerals as official documents and data print them: 六, 十二, 三十五, 两, and Arabic digits.

One reader for the package: the drafter reads headings, dates and candidate
facts with it, the unit edge reads measurements such as 三十平方米 or 六名,
and Chinese dates read quarters (第一季度) with it.
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = ["DIGITS", "chinese_number"]

DIGITS = MappingProxyType(
    {
        "〇": 0,
        "零": 0,
        "○": 0,
        "Ｏ": 0,
        "一": 1,
        "二": 2,
        "两": 2,
        "三": 3,
        "四": 4,
        "五": 5,
        "六": 6,
        "七": 7,
        "八": 8,
        "九": 9,
    }
)
"""Chinese digits (and the zeros printed in years, 二〇二三) -> their value."""

_MAX_DIGITS = 18  # an Arabic number longer than this is no numeral of a document


def chinese_number(text: str) -> int | None:
    """An integer written in Arabic digits or in Chinese numerals up to 99 (十二, 二十, 三十五); else None.

    Arabic digits are ASCII, at most 18 of them.

    Examples
    --------
    >>> from jiceng_xiaofang._numerals import chinese_number
    >>> chinese_number("12"), chinese_number("十二"), chinese_number("二十一"), chinese_number("两"), chinese_number("百")
    (12, 12, 21, 2, None)
    >>> chinese_number("9" * 5000) is None
    True
    """
    if text.isascii() and text.isdigit():
        return int(text) if len(text) <= _MAX_DIGITS else None
    if not text or any(c not in DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    value = (DIGITS[tens] if tens else 1) * 10 + (DIGITS[ones] if ones else 0)
    return value
