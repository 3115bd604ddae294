"""The shared vocabulary: clause ids of any depth, references, and the layering it sits under."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiceng_xiaofang.errors import XiaofangError
from jiceng_xiaofang.vocabulary import (
    BASES,
    Citation,
    ClauseId,
    Reference,
    chinese_numeral,
    parse_chinese_numeral,
)


@pytest.mark.parametrize(
    ("cid", "label", "eid"),
    [
        ("3", "三", "sec_3"),
        ("3.2", "三（二）", "sec_3__item_2"),
        ("2.1.1", "二（一）1.", "sec_2__item_1__point_1"),
        ("2.1.1.3", "二（一）1.（3）", "sec_2__item_1__point_1__subpoint_3"),
        ("12.10", "十二（十）", "sec_12__item_10"),
    ],
)
def test_clause_id_label_and_eid(cid: str, label: str, eid: str) -> None:
    c = ClauseId(cid)
    assert (c.label, c.eid) == (label, eid)
    assert c == cid and hash(c) == hash(cid) and str(c) == cid
    assert json.dumps({"clause": c}) == json.dumps({"clause": cid})
    assert ClauseId.of(c.parts) == c


def test_clause_id_parent_and_depth() -> None:
    c = ClauseId("2.1.1")
    assert c.depth == 3 and c.section == 2
    assert c.parent == "2.1" and isinstance(c.parent, ClauseId)
    assert c.parent.parent == "2" and c.parent.parent.parent is None
    assert c.is_within("2.1") and c.is_within("2") and not ClauseId("2.10").is_within("2.1")


@pytest.mark.parametrize(
    "bad", ["", "0.1", "3.", ".3", "3.2 ", "3..2", "3.100", "1.2.3.4.5.6", "三（二）", "3.2\n"]
)
def test_clause_id_rejects(bad: str) -> None:
    with pytest.raises(XiaofangError, match="a clause id is numbers joined by dots"):
        ClauseId(bad)


@given(st.one_of(st.text(max_size=30), st.integers(), st.none(), st.floats()))
def test_clause_id_raises_only_the_package_error(value: object) -> None:
    try:
        c = ClauseId(value)
    except XiaofangError:
        return
    assert isinstance(c, str) and all(1 <= p <= 99 for p in c.parts)


def test_numerals_round_trip() -> None:
    for n in range(1, 100):
        assert parse_chinese_numeral(chinese_numeral(n)) == n
    assert parse_chinese_numeral("零") is None


def test_citation_converts_its_clause() -> None:
    c = Citation(document="d", clause="2.1.1", label="二（一）1.")
    assert isinstance(c.clause, ClauseId) and c.eid == "sec_2__item_1__point_1"
    with pytest.raises(XiaofangError):
        Citation(document="d", clause="x", label="x")


def test_reference_basis_is_checked() -> None:
    assert BASES == ("text", "reading")
    r = Reference("3.2", "一般隐患不出网格")
    assert not r.is_reading and str(r) == "3.2 “一般隐患不出网格”"
    with pytest.raises(XiaofangError, match="basis: expected one of text, reading"):
        Reference("3.2", "x", basis="guess")
