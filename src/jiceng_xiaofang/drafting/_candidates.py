"""Candidate facts in a clause's text: counts of people and things, areas, lengths, times, frequencies, deadlines.

Each candidate keeps the words it was read from (the phrase between two
marks of punctuation), so that the loader can check the quote; it is a
``draft`` until a person confirms it.  A count with 不少于, 至少 or 以上 is also
offered as a requirement to fill in (the record and field it constrains are a
person's call; the drafter names them only when the vocabulary's Chinese
names appear in the text).
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import re
from collections.abc import Iterator

import attrs

from ..vocabulary.records import RECORD_TYPES, FacilityRecord, FieldSpec
from ._text import chinese_number

__all__ = ["Candidate", "find_candidates"]

_NUM = r"(\d{1,5}(?:\.\d{1,3})?|[一二两三四五六七八九十]{1,3})"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("area", re.compile(_NUM + r"\s*(?:平方米|㎡|m²|m2)")),
    ("length", re.compile(r"(?<!平方)" + _NUM + r"\s*(?:米|m)(?![²2])")),
    ("minutes", re.compile(_NUM + r"\s*分钟")),
    ("percent", re.compile(_NUM + r"\s*[%％]")),
    ("people", re.compile(_NUM + r"(?:\s*至\s*" + _NUM + r")?\s*(?:名|人)(?![单称录义字员民口群身才力体])")),
    ("things", re.compile(r"(?<![\d.])(\d{1,5})\s*(?:处|个|座|家|所|支|台|辆|套|具)(?![人])")),
    ("period", re.compile(r"每(?:个)?(两|二|三)?(年度|年|季度|半年|月|周|星期|天|日)")),
    (
        "deadline",
        re.compile(r"(?<!\d)(20\d{2})\s*年(?:\s*(\d{1,2})\s*月)?(?:\s*(\d{1,2})\s*日)?(底|末)?(前|以前)?"),
    ),
)
_AT_LEAST = ("不少于", "至少", "不低于", "以上", "不小于")
_AT_MOST = ("不超过", "不多于", "不大于", "以下", "以内", "最多")
_PERIODS = {
    "年度": "Y",
    "年": "Y",
    "季度": "3M",
    "半年": "6M",
    "月": "M",
    "周": "W",
    "星期": "W",
    "天": "D",
    "日": "D",
}
_UNITS = {"area": "m^2", "length": "m", "minutes": "minute", "percent": "percent"}
_DIMENSION = {"area": "area", "length": "length", "minutes": "time", "percent": "ratio", "people": "count"}
_DELIMITERS = "，。；：！？,;:!?\n"
_MAX_QUOTE = 60
_SUBJECT_WINDOW = 120
_SENTENCE_WINDOW = 200


@attrs.frozen
class Candidate:
    """A candidate fact: kind, value, unit, the words it rests on and how they were read."""

    kind: str
    value: int | float | str | dt.date | None
    quote: str
    reading: str
    unit: str | None = None
    comparator: str | None = None
    subject: str = ""
    field: str = ""
    sentence: str = ""


def find_candidates(text: str) -> list[Candidate]:
    """The candidate facts of one clause's text, in the order they appear.

    Examples
    --------
    >>> from jiceng_xiaofang.drafting._candidates import find_candidates
    >>> for c in find_candidates("消防工作站工作人员不少于5人；站房至少30平方米，每季度至少开展一次检查。"):
    ...     print(c.kind, c.value, c.unit, c.comparator, c.quote)
    count 5 None >= 消防工作站工作人员不少于5人
    quantity 30.0 m^2 >= 站房至少30平方米
    period P3M None None 每季度至少开展一次检查
    """
    marks = [i for i, char in enumerate(text) if char in _DELIMITERS]
    found: dict[int, Candidate] = {}
    taken: list[tuple[int, int]] = []  # matched spans, sorted by start: a later pattern skips what they cover
    for what, pattern in _PATTERNS:
        new: list[tuple[int, int]] = []  # one pattern's matches do not overlap each other
        for match in pattern.finditer(text):
            at = bisect.bisect_left(taken, (match.start(), -1))
            before = taken[at - 1] if at else None
            after = taken[at] if at < len(taken) else None
            if (before is not None and before[1] > match.start()) or (
                after is not None and after[0] < match.end()
            ):
                continue
            candidate = _read(what, match, text, marks)
            if candidate is not None:
                new.append(match.span())
                found[match.start()] = candidate
        taken = list(heapq.merge(taken, new))
    return [found[start] for start in sorted(found)]


def _phrase(text: str, marks: list[int], start: int, end: int) -> str:
    """The words around a match, between the marks of punctuation before and after it."""
    at = bisect.bisect_left(marks, start)
    left = marks[at - 1] + 1 if at else 0
    after = bisect.bisect_left(marks, end)
    right = marks[after] if after < len(marks) else len(text)
    left = max(left, start - _MAX_QUOTE // 2)
    right = min(right, end + _MAX_QUOTE // 2)
    return text[left:right].strip()


def _qualifier(phrase: str, match_text: str) -> str | None:
    if any(word in phrase for word in _AT_LEAST):
        return ">="
    if any(word in phrase for word in _AT_MOST):
        return "<="
    return None


def _number(text: str) -> float | None:
    value = chinese_number(text)
    if value is not None:
        return float(value)
    try:
        return float(text)
    except ValueError:
        return None


def _read(what: str, match: re.Match[str], text: str, marks: list[int]) -> Candidate | None:
    quote = _phrase(text, marks, match.start(), match.end())
    if what == "period":
        times = chinese_number(match.group(1) or "一") or 1
        unit = _PERIODS[match.group(2)]
        count = int(unit[:-1]) * times if unit[:-1] else times
        return Candidate("period", f"P{count}{unit[-1]}", quote, f"每{match.group(1) or ''}{match.group(2)}")
    if what == "deadline":
        return _deadline(match, quote)
    number = _number(match.group(1))
    if number is None:
        return None
    comparator = _qualifier(quote, match.group(0))
    if what == "people":
        low = int(number)
        reading = match.group(0)
        if match.group(2):
            reading += f" (a range: {match.group(1)} to {match.group(2)}; the value is the lower bound)"
            comparator = ">="
        subject, field = _subject_field(_before(text, match.start()), quote, "count")
        return Candidate(
            "count",
            low,
            quote,
            reading,
            comparator=comparator,
            subject=subject,
            field=field,
            sentence=_sentence(text, match.start()),
        )
    if what == "things":
        return Candidate("count", int(number), quote, match.group(0))
    subject, field = _subject_field(_before(text, match.start()), quote, _DIMENSION[what])
    return Candidate(
        "quantity",
        number,
        quote,
        match.group(0),
        unit=_UNITS[what],
        comparator=comparator,
        subject=subject,
        field=field,
        sentence=_sentence(text, match.start()),
    )


def _sentence(text: str, at: int) -> str:
    """The sentence up to a position, where the modal word (应, 宜, 可) that governs a threshold comes before it."""
    low = max(0, at - _SENTENCE_WINDOW)  # a bounded look back
    left = max(text.rfind("。", low, at), text.rfind("；", low, at), low - 1) + 1
    return text[left:at]


def _before(text: str, start: int) -> str:
    """The words before a match where the record it constrains is named: the same passage, not the whole text."""
    return text[max(0, start - _SUBJECT_WINDOW) : start]


def _deadline(match: re.Match[str], quote: str) -> Candidate | None:
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    try:
        if day is not None and month is not None:
            value = dt.date(year, month, day)
            reading = "the date printed"
        elif month is not None:
            following = dt.date(year + (month == 12), month % 12 + 1, 1)
            value = following - dt.timedelta(days=1)
            reading = "the end of the month named"
        else:
            value = dt.date(year, 12, 31)
            reading = "the end of the year named"
    except ValueError:
        return None
    return Candidate("date", value, quote, f"{match.group(0)}: {reading}")


def _subject_field(before: str, quote: str, dimension: str) -> tuple[str, str]:
    """The record kind named last before the quote and a field of it the quote names, when both are found."""
    best: tuple[int, type[FacilityRecord]] | None = None
    for record in RECORD_TYPES.values():
        for name in _names(record.kind_zh):
            at = before.rfind(name)
            if at != -1 and (best is None or at > best[0]):
                best = (at, record)
    if best is None:
        return "", ""
    record = best[1]
    for spec in _specs(record):
        if spec.dimension == dimension and any(name in quote for name in _names(spec.zh)):
            return record.kind, spec.name
    return record.kind, ""


def _names(zh: str) -> Iterator[str]:
    """A Chinese name and its shorter forms (社区微型消防站 is also 微型消防站; 站房面积 is also 站房)."""
    yield zh
    for prefix in ("社区", "重点单位"):
        if zh.startswith(prefix) and len(zh) > len(prefix) + 1:
            yield zh[len(prefix) :]
    for suffix in ("面积", "人数", "数"):
        if zh.endswith(suffix) and len(zh) > len(suffix) + 1:
            yield zh[: -len(suffix)]


def _specs(record: type[FacilityRecord]) -> Iterator[FieldSpec]:
    for attribute in attrs.fields(record):
        spec = attribute.metadata.get("spec")
        if isinstance(spec, FieldSpec):
            yield spec
