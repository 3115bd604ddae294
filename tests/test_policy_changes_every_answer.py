"""Load a policy whose roles, routes and hazard rules differ, and every answer differs with it.

Each test edits one of the embedded policy's files (copied beside an edited main file) and asks the engine the
same question under both policies: nothing about Yuzhong is in the code, so the answers follow the files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import jiceng_xiaofang as jx
from hazards_helpers import report, t
from jiceng_xiaofang import hazards as jh
from policy_files import DATA, EMBEDDED, write_policy

ON = dt.date(2024, 7, 1)


def _variant(tmp_path: Path, part: str, old: str, new: str) -> jx.Policy:
    text = (DATA / part).read_text(encoding="utf-8")
    assert old in text, old
    return jx.load_policy(write_policy(tmp_path / EMBEDDED.name, text.replace(old, new, 1), part=part))


def _district(policy: jx.Policy) -> jx.District:
    raw = (DATA / "sample-district.toml").read_bytes()
    return jx.parse_district(raw, source="sample-district.toml", policy=policy)


def test_who_is_first_responsible_follows_the_policy(tmp_path: Path) -> None:
    other = _variant(
        tmp_path,
        "yuzhong-2023-organisation.toml",
        '''kind = "first"
zh = "第一责任人"
en = "first responsible person"
role = "street_main_leader"''',
        '''kind = "first"
zh = "第一责任人"
en = "first responsible person"
role = "street_deputy_in_charge"''',
    )
    unit = "解放碑街道/示例甲社区/示例花园小区"
    ours = jx.responsibility_chain(jx.sample_district(), unit, on=ON)
    theirs = jx.responsibility_chain(_district(other), unit, on=ON)
    assert [r.role for r in ours][2] == "street_main_leader" and ours[2].names == ("王示例",)
    assert [r.role for r in theirs][2] == "street_deputy_in_charge" and theirs[2].names == ("陈示例",)


def test_who_supervises_follows_the_policy(tmp_path: Path) -> None:
    other = _variant(
        tmp_path,
        "yuzhong-2023-organisation.toml",
        'category = "key_unit"\nsupervisor = "区消防救援支队"',
        'category = "key_unit"\nsupervisor = "区应急局"',
    )
    mall = jx.Place(kind="shopping_mall", floor_area=1200)
    assert jx.supervisor_of(mall).supervisor == "区消防救援支队"
    assert jx.supervisor_of(mall, policy=other).supervisor == "区应急局"
    assert jx.supervisor_of(mall, _district(other)).supervisor == "区应急局"


def test_where_the_whistle_goes_follows_the_policy(tmp_path: Path) -> None:
    other = _variant(
        tmp_path,
        "yuzhong-2023-places.toml",
        'type = "underground_space"\nzh = "地下空间"\ndepartments = ["区人防办"]',
        'type = "underground_space"\nzh = "地下空间"\ndepartments = ["区住建委", "区人防办"]',
    )
    assert jx.route("地下空间").departments == ("区人防办",)
    assert jx.route("地下空间", other).departments == ("区住建委", "区人防办")


def test_the_closest_business_table_follows_the_policy(tmp_path: Path) -> None:
    other = _variant(
        tmp_path,
        "yuzhong-2023-places.toml",
        'department = "区文旅委"\nwords = ["文化", "旅游", "文物", "景区", "民宿", "娱乐", "演出", "剧本",',
        'department = "区文旅委"\nwords = ["文化", "旅游", "文物", "景区", "民宿", "娱乐", "演出",',
    )
    assert jx.route("剧本杀门店").departments == ("区文旅委",)
    assert jx.route("剧本杀门店", other).departments == ("区消防安全委员会办公室",)


def test_the_hazard_loop_cites_the_policys_rules(tmp_path: Path) -> None:
    other = _variant(
        tmp_path,
        "yuzhong-2023-hazards.toml",
        'id = "general_in_grid"\nclause = "3.2"\nquote = "确保“一般隐患不出网格”，实现“闭环”管理"',
        'id = "general_in_grid"\nclause = "3.2"\nquote = "建立完善网格员消防工作考评机制"',
    )
    ours = jh.report_hazard(report(), district=jx.sample_district()).dispatch(by="网格员", at=t(5, 6))
    theirs = jh.report_hazard(report(), district=_district(other)).dispatch(by="网格员", at=t(5, 6))
    assert ours.events[-1].quote == "确保“一般隐患不出网格”，实现“闭环”管理"
    assert theirs.events[-1].quote == "建立完善网格员消防工作考评机制"
    assert theirs.policy is other
    # a log written under one policy is checked under the policy it is read with
    text = jh.HazardLog.from_histories([theirs]).to_jsonl()
    assert jh.parse_hazard_log(text, policy=other).ok
    problems = jh.parse_hazard_log(text).problems
    assert [p.line for p in problems] == [2] and "not the words of general_in_grid" in problems[0].message


def test_who_holds_a_hazard_above_the_street_and_what_a_grid_keeps_follow_the_policy(tmp_path: Path) -> None:
    other = _variant(
        tmp_path,
        "yuzhong-2023-hazards.toml",
        'district_holder = "区消防安全委员会办公室"\n# The severities a grid may handle itself; any other leaves the grid (一般隐患不出网格).\ngrid_severities = ["general"]',
        'district_holder = "区应急局"\ngrid_severities = ["general", "major"]',
    )
    major = report(severity="major")
    ours = jh.report_hazard(major, district=jx.sample_district()).dispatch(by="平台", at=t(5, 6))
    theirs = jh.report_hazard(major, district=_district(other)).dispatch(by="平台", at=t(5, 6))
    assert (ours.state.state, ours.state.level) == ("escalated", "street")
    assert (theirs.state.state, theirs.state.level) == ("assigned", "grid")
    top = theirs.escalate(reason="超出权限", by="平台", at=t(5, 7), to="district")
    assert top.state.holder == ("区应急局",)


def test_the_posts_a_requirement_asks_for_follow_the_policy(tmp_path: Path) -> None:
    other = _variant(
        tmp_path,
        "yuzhong-2023-organisation.toml",
        'aliases = ["街道办事处主要领导", "街道办事处一名主要领导"]',
        'aliases = ["街道办事处主要领导", "街道办事处一名主要领导", "主任"]',
    )
    with pytest.raises(jx.XiaofangError, match="expected a post of yuzhong-2023"):
        jx.check(jx.FireWorkStation(chief_post="主任"))
    assert (
        jx.check(jx.FireWorkStation(chief_post="主任"), other).finding("fire_work_station.chief_post").status
        == "fail"
    )


def test_a_bad_role_or_rule_is_refused_with_file_line_and_key(tmp_path: Path) -> None:
    for part, old, new, key, fragment in [
        (
            "yuzhong-2023-organisation.toml",
            'quote = "居委会主要负责人为本社区消防工作第一责任人"',
            'quote = "居委会主任为本社区消防工作第一责任人"',
            "role[10].quote",
            "the quote is not in the text of clause 3.1",
        ),
        (
            "yuzhong-2023-hazards.toml",
            'id = "street_whistle"\nclause = "3.6"',
            'id = "street_whistle"\nclause = "3.9"',
            "hazards.rule[9].clause",
            "cites clause '3.9', which the policy does not have",
        ),
        (
            "yuzhong-2023-places.toml",
            'departments = ["区人防办"]',
            'departments = ["区人防局"]',
            "place[1].departments[0]",
            "unknown body name '区人防局'",
        ),
        (
            "yuzhong-2023-organisation.toml",
            'unit_kinds = ["grid"]',
            'unit_kinds = ["hamlet"]',
            "role[19].unit_kinds[0]",
            "expected a kind of unit",
        ),
    ]:
        text = (DATA / part).read_text(encoding="utf-8")
        assert old in text, old
        edited = text.replace(old, new, 1)
        main = write_policy(tmp_path / EMBEDDED.name, edited, part=part)
        with pytest.raises(jx.PolicyFileError) as info:
            jx.load_policy(main)
        err = info.value
        assert (err.file, err.key) == (str(tmp_path / part), key) and fragment in err.reason, str(err)
        assert err.line is not None and new.splitlines()[-1] in edited.splitlines()[err.line - 1]


def test_a_role_code_that_is_another_roles_alias_is_refused(tmp_path: Path) -> None:
    part = "yuzhong-2023-organisation.toml"
    text = (DATA / part).read_text(encoding="utf-8")
    old = 'aliases = ["街道办事处主要领导", "街道办事处一名主要领导"]'
    edited = text.replace(old, 'aliases = ["街道办事处主要领导", "街道办事处一名主要领导", "grid_worker"]', 1)
    with pytest.raises(
        jx.PolicyFileError,
        match="the code 'grid_worker' is already an alias of the role 'street_main_leader'",
    ):
        jx.load_policy(write_policy(tmp_path / EMBEDDED.name, edited, part=part))
