"""Text tables line up by display width: a Chinese character takes two columns."""

from __future__ import annotations

import re

import pytest

import jiceng_xiaofang as jx
from jiceng_xiaofang.report import text_table, text_width


def _starts(line: str) -> list[int]:
    """The display column where each field starts (fields are two or more spaces apart)."""
    return [text_width(line[: m.start()]) for m in re.finditer(r"(?:^|(?<=  ))\S", line)]


def test_width_counts_wide_characters_twice() -> None:
    assert text_width("") == 0
    assert text_width("abc") == 3
    assert text_width("渝中区") == 6
    assert text_width("三（二）") == 8  # full-width brackets are wide too
    assert text_width("区商务委、区文旅委") == 18
    assert text_width("ｆｕｌｌ") == 8  # full-width Latin
    assert text_width("e\u0301") == 1  # a combining accent takes no column
    assert text_width("a\u200bb") == 2  # nor does a zero-width space


def test_chinese_rows_line_up() -> None:
    rows = [
        ("区消防救援支队", 11, "fire and rescue detachment"),
        ("区人防办", 1, "civil air defence office"),
        ("x", 100, ""),
    ]
    lines = text_table(["body", "lead", "English"], rows, right=[1]).splitlines()
    assert lines[0] == "body            lead  English"
    assert lines[1] == "区消防救援支队    11  fire and rescue detachment"
    assert lines[2] == "区人防办           1  civil air defence office"
    assert lines[3] == "x                100"  # no trailing spaces
    # the right edge of the numbers and the start of the English names, by display width
    ends = {
        text_width(line[: line.index(num) + len(num)])
        for line, num in zip(lines[1:], ["11", "1", "100"], strict=True)
    }
    assert ends == {text_width(lines[0][: lines[0].index("lead") + 4])}
    assert {_starts(line)[2] for line in lines[:3]} == {22}


def test_a_row_with_the_wrong_number_of_cells() -> None:
    with pytest.raises(jx.XiaofangError, match=r"rows: row 2: expected 2 cells \(one per column\), got 3"):
        text_table(["a", "b"], [(1, 2), (1, 2, 3)])


def test_empty_table_is_its_header() -> None:
    assert text_table(["甲", "b"], []) == "甲  b"


def test_rollup_with_chinese_streets_lines_up() -> None:
    records = [
        jx.PoliceStation(name="解放碑派出所", street="解放碑街道", qualified_fire_police=1),
        jx.PoliceStation(name="甲", street="两路口街道", qualified_fire_police=0),
        jx.PoliceStation(name="乙", street="x", qualified_fire_police=2),
    ]
    from jiceng_xiaofang.standards import Rollup

    text = Rollup(reports=tuple(jx.check(r) for r in records), on=jx.check(records[0]).on).to_text()
    lines = text.splitlines()
    # every number column ends at the same display column as its header
    head = lines[0]
    for title in ("facilities", "pass", "fail", "compliant"):
        end = text_width(head[: head.index(title) + len(title)])
        for line in lines[1:]:
            cells = [m for m in re.finditer(r"\S+", line)]
            assert any(text_width(line[: m.end()]) == end for m in cells), (title, line)
