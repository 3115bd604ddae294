"""The embedded district and the district file format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import jiceng_xiaofang as jx
import seed_text as seed
from file_errors import assert_file_error

REFERENCE = seed.SHARED.parent.parent / "REFERENCE.md"
VENDORED_REFERENCE = seed.VENDORED.parent / "REFERENCE.md"


def _reference_text() -> str:
    return (REFERENCE if REFERENCE.exists() else VENDORED_REFERENCE).read_text(encoding="utf-8")


def test_vendored_reference_is_the_shared_one() -> None:
    seed.assert_vendored(VENDORED_REFERENCE, REFERENCE)


def test_yuzhong_streets_match_the_reference() -> None:
    section = _reference_text().split("## Yuzhong district", 1)[1].split("\n- About", 1)[0]
    listed = re.findall(r"(\S+?) (5001030\d\d)", section)
    assert len(listed) == 11
    district = jx.yuzhong()
    assert [(s.name, s.code) for s in district.streets] == [(f"{name}街道", code) for name, code in listed]
    assert district.code == "500103" and "渝中区" in _reference_text()
    assert "streets (街道) with statistical codes [secondary" in _reference_text()
    assert district.provenance.confidence == "secondary"


def test_wanglongmen_is_not_a_street() -> None:
    with pytest.raises(jx.NotFoundError, match="no street '望龙门街道'"):
        jx.yuzhong().street("望龙门街道")


def test_street_lookup_by_name_code_and_office() -> None:
    d = jx.yuzhong()
    assert d.street("大坪街道") is d.street("500103012") is d.street("大坪街道办事处")
    assert repr(d) == "<District 渝中区 500103: 11 streets (secondary)>"


HEAD = """format = 1
[district]
name = "示例区"
name_en = "Example District"
code = "990001"
source = "invented"
confidence = "illustrative"
"""


def _street(name: str, code: str) -> str:
    return f'[[street]]\nname = "{name}"\nname_en = "x"\ncode = "{code}"\n'


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        (
            HEAD + _street("甲街道", "990001001") + _street("乙街道", "990001001"),
            "street[1].code",
            "duplicate code",
        ),
        (
            HEAD + _street("甲街道", "990001001") + _street("甲街道", "990001002"),
            "street[1].name",
            "duplicate name",
        ),
        (HEAD + _street("甲街道", "500103001"), "street[0].code", "does not start with the district code"),
        (HEAD + _street("甲街道", "99000100"), "street[0].code", "9 digits"),
        (HEAD.replace('"990001"', '"99001"') + _street("甲街道", "990001001"), "district.code", "6 digits"),
        (
            HEAD.replace("illustrative", "certain") + _street("甲街道", "990001001"),
            "district.confidence",
            "certain",
        ),
        (HEAD + _street("甲街道", "990001001") + "ward = 3\n", "street[0].ward", "unknown key"),
        (HEAD.replace("format = 1", "format = 2"), "format", "district format 1"),
        (HEAD, "street", "lists its streets, towns or townships"),
    ],
)
def test_bad_district_files(text: str, key: str, fragment: str) -> None:
    with pytest.raises(jx.DistrictFileError) as info:
        jx.parse_district(text, source="d.toml")
    assert_file_error(info.value, file="d.toml", key=key, fragment=fragment, text=text)


def test_load_district_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(HEAD + _street("甲街道", "990001001"), encoding="utf-8")
    district = jx.load_district(path)
    assert district.provenance == jx.Provenance(source="invented", confidence="illustrative")
    assert district.streets == (jx.Street(name="甲街道", name_en="x", code="990001001"),)


def _grid(name: str, parent: str, unit_id: str = "") -> str:
    given = f'id = "{unit_id}"\n' if unit_id else ""
    return f'[[unit]]\nkind = "grid"\nname = "{name}"\nparent = "{parent}"\n{given}'


def test_units_listed_children_first_resolve_in_one_pass_in_any_order() -> None:
    # a community, then grids chained under it by id, listed deepest first: each waits for its parent
    chain = [_grid(f"网格{i}", f"g{i - 1}" if i else "社区甲", f"g{i}") for i in range(20)]
    text = (
        HEAD
        + _street("甲街道", "990001001")
        + "".join(reversed(chain))
        + '[[unit]]\nkind = "community"\nname = "社区甲"\nparent = "甲街道"\nid = "社区甲"\n'
    )
    d = jx.parse_district(text, source="d.toml")
    assert [u.id for u in d.units] == [*(f"g{i}" for i in reversed(range(20))), "社区甲"]  # file order kept
    assert d.chain("g19")[:3] == ("g19", "g18", "g17") and d.chain("g19")[-3:] == (
        "社区甲",
        "990001001",
        "990001",
    )


def test_units_nested_deeper_than_the_limit_are_refused() -> None:
    from jiceng_xiaofang.org import MAX_UNIT_DEPTH

    community = '[[unit]]\nkind = "community"\nname = "社区甲"\nparent = "甲街道"\nid = "c"\n'

    def nested(depth: int) -> str:  # grids under grids: a community is level 2, its first grid level 3
        grids = [_grid(f"网格{i}", f"g{i - 1}" if i else "c", f"g{i}") for i in range(depth - 2)]
        return HEAD + _street("甲街道", "990001001") + community + "".join(grids)

    assert len(jx.parse_district(nested(MAX_UNIT_DEPTH), source="d.toml").units) == MAX_UNIT_DEPTH - 1
    with pytest.raises(jx.DistrictFileError, match=f"33 levels below the district; at most {MAX_UNIT_DEPTH}"):
        jx.parse_district(nested(MAX_UNIT_DEPTH + 1), source="d.toml")


def test_a_cycle_and_an_unknown_parent_name_the_first_unit_left() -> None:
    base = HEAD + _street("甲街道", "990001001")
    with pytest.raises(jx.DistrictFileError, match=r"the parents form a cycle: a -> b -> a"):
        jx.parse_district(base + _grid("甲", "b", "a") + _grid("乙", "a", "b"), source="d.toml")
    with pytest.raises(jx.DistrictFileError, match=r"unknown parent 'nowhere'"):
        jx.parse_district(base + _grid("甲", "甲街道", "a") + _grid("乙", "nowhere", "b"), source="d.toml")
