"""Small readers of the printed forms official documents use: dates, numerals, body lists, line joins."""

from __future__ import annotations

import datetime as dt
import re

from .._numerals import DIGITS as _DIGITS
from .._numerals import chinese_number

__all__ = [
    "chinese_number",
    "join_lines",
    "plain",
    "read_date",
    "same",
    "split_bodies",
]

_DATE = re.compile(
    r"(\d{4}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})\s*月\s*([\d一二三四五六七八九十]{1,3})\s*日"
)
_SENTENCE_END = "。！？；：”」』）)"
_BODY_SPLIT = re.compile(r"[、，,；;/]|\s+")
_NONE = {"无", "—", "-", "——", "/", "／"}
_WIDTH = str.maketrans("（）：；，．０１２３４５６７８９", "():;,.0123456789")


def read_date(text: str) -> dt.date | None:
    """The date a line prints (2023年2月21日, 二〇二三年二月二十一日), when the whole line is one; else None.

    Examples
    --------
    >>> from jiceng_xiaofang.drafting._text import read_date
    >>> read_date("2023年2月21日"), read_date("二〇二二年十二月二十三日"), read_date("2023年2月30日")
    (datetime.date(2023, 2, 21), datetime.date(2022, 12, 23), None)
    """
    inner = text.strip().strip("（()）")
    match = _DATE.fullmatch(inner)
    if match is None:
        return None
    year_text = match.group(1)
    year = int(year_text) if year_text.isdigit() else int("".join(str(_DIGITS[c]) for c in year_text))
    month, day = chinese_number(match.group(2)), chinese_number(match.group(3))
    if month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def join_lines(lines: list[str]) -> str:
    r"""Lines of one passage as one text: a break after a sentence's end is kept, a break inside one dropped.

    Web pages break lines in the middle of sentences; the break is not in
    the text.  A line that ends a sentence (。！？；：) ends a paragraph.

    Examples
    --------
    >>> from jiceng_xiaofang.drafting._text import join_lines
    >>> join_lines(["加强消防", "工作。", "第二段。"])
    '加强消防工作。\n第二段。'
    """
    parts: list[str] = []
    for line in lines:
        if not line:
            continue
        if parts and parts[-1][-1] in _SENTENCE_END:
            parts.append("\n")
        parts.append(line)
    return "".join(parts)


def split_bodies(text: str) -> tuple[str, ...]:
    """The body names of a list as printed (区应急局、区消防救援支队), in order; 无 or a dash is none.

    Examples
    --------
    >>> from jiceng_xiaofang.drafting._text import split_bodies
    >>> split_bodies("区应急局、区消防救援支队，各街道办事处")
    ('区应急局', '区消防救援支队', '各街道办事处')
    >>> split_bodies("无")
    ()
    """
    names = [name.strip("。.") for name in _BODY_SPLIT.split(text.strip())]
    return tuple(name for name in names if name and name not in _NONE)


def same(a: str, b: str) -> bool:
    r"""Whether two printed texts are the same but for spaces, line breaks and the width of punctuation.

    Examples
    --------
    >>> from jiceng_xiaofang.drafting._text import same
    >>> same("健全消防安全\n网格化管理机制", "健全消防安全网格化管理机制"), same("(一)", "（一）")
    (True, True)
    """
    return plain(a) == plain(b)


def plain(text: str) -> str:
    r"""A text without spaces or line breaks, its punctuation and digits half-width: the form texts are compared in.

    Examples
    --------
    >>> from jiceng_xiaofang.drafting._text import plain
    >>> plain("（一） 建强\n街道")
    '(一)建强街道'
    """
    return "".join(text.split()).translate(_WIDTH)
