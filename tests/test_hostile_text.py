"""Hostile text in readers of dates, frequencies and clause references: Python's 4,300-digit limit and friends.

``int()`` of more than 4,300 digits raises ``ValueError``, and so does ``repr`` of such an integer in a message;
every reader bounds its digits before converting, and every message shows a value in a bounded form.
"""

from __future__ import annotations

import datetime as dt

import pytest

import jiceng_xiaofang as jx
from jiceng_xiaofang.schedule import ChineseDateError, Frequency, parse_chinese_date
from jiceng_xiaofang.vocabulary import DEFAULT_NUMBERING, ClauseId, Reference

MANY = "9" * 5000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年2月" + MANY + "日", "a day of 2023年2月, which has 28 days"),
        ("2023年" + MANY + "月", "a month from 1 to 12"),
        ("2023年" + MANY + "月1日", "a month from 1 to 12"),
        ("2023年" + MANY + "月底", "a month from 1 to 12"),
        (MANY + "年", "a four-digit year such as 2025年"),
        (MANY + "年底", "a four-digit year such as 2025年"),
        ("2024年第" + MANY + "季度", "a quarter from 第一季度 to 第四季度"),
        ("2024年第十季度", "a quarter from 第一季度 to 第四季度"),
        ("２０２３年２月" + "９" * 5000 + "日", "a day of 2023年2月"),
    ],
)
def test_chinese_dates_with_thousands_of_digits(text: str, expected: str) -> None:
    with pytest.raises(ChineseDateError) as info:
        parse_chinese_date(text)
    assert info.value.expected.startswith(expected)
    assert len(str(info.value)) < 300


def test_chinese_dates_name_what_was_given_in_a_bounded_form() -> None:
    with pytest.raises(
        ChineseDateError, match="a reference year from 1000 to 9998, got 'an integer of 5001 digits'"
    ):
        parse_chinese_date("上半年", year=10**5000)
    with pytest.raises(ChineseDateError, match=r"expected a text such as .*, got .*xxx\.\.\."):
        parse_chinese_date(["x" * 5000])  # type: ignore[arg-type]
    assert parse_chinese_date("2024年第二季度").start == dt.date(2024, 4, 1)  # type: ignore[union-attr]
    assert parse_chinese_date("第四季度", year=2024).end == dt.date(2024, 12, 31)  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["P" + MANY + "Y", "P99999999999999Y", "P1201M", "P37201D", "P٩Y"])
def test_frequencies_too_long_or_in_other_digits(text: str) -> None:
    with pytest.raises(jx.XiaofangError, match="expected") as info:
        Frequency.parse(text)
    assert len(str(info.value)) < 200


def test_frequencies_up_to_a_hundred_years() -> None:
    assert Frequency.parse("P100Y").months == 1200
    assert Frequency.parse("P36000D").days == 36000
    with pytest.raises(
        jx.XiaofangError, match=r"Frequency\.months: expected at most 1200 \(a hundred years\)"
    ):
        Frequency(months=10**400)


@pytest.mark.parametrize(
    "ref",
    [
        "sec_" + MANY,
        "sec_3__item_" + MANY,
        "3." + MANY,
        MANY,
        "三（" + "二" * 5000 + "）",
        10**5000,
        -(10**5000),
    ],
    ids=["eid", "eid item", "dotted", "digits", "label", "int", "negative int"],
)
def test_clause_lookups_with_thousands_of_digits(ref: object) -> None:
    policy = jx.load_policy()
    with pytest.raises(jx.NotFoundError) as info:
        policy.clause(ref)  # type: ignore[arg-type]
    assert len(str(info.value)) < 300
    with pytest.raises(jx.NotFoundError):
        policy.task(ref)  # type: ignore[arg-type]


def test_clause_ids_and_references_with_huge_numbers() -> None:
    with pytest.raises(jx.XiaofangError, match="got an integer of 5001 digits"):
        ClauseId(10**5000)
    with pytest.raises(jx.XiaofangError, match="a clause id is numbers joined by dots"):
        Reference(10**5000, "x")  # type: ignore[arg-type]
    with pytest.raises(jx.XiaofangError, match=r"got '99999999999999"):
        ClauseId(MANY)
    assert DEFAULT_NUMBERING.parse(MANY) is None
    with pytest.raises(jx.NotFoundError, match="no section 'an integer of 5001 digits'"):
        jx.load_policy().clauses_in(10**5000)


def test_not_found_messages_are_bounded() -> None:
    with pytest.raises(jx.NotFoundError) as info:
        jx.load_policy().fact(MANY)
    assert str(info.value) == f"no fact '{'9' * 80}'... in the policy"
