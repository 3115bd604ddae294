"""Amendments: a new policy whose changed values cite the amendment, from its date; flips between two policies."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jiceng_xiaofang as jx
from jiceng_xiaofang.policy import (
    Amendment,
    AmendmentError,
    AmendmentFileError,
    RequirementChange,
    parse_amendments,
)
from jiceng_xiaofang.standards import check_table, sample_facilities

D = dt.date
EFFECTIVE = D(2025, 7, 1)
TITLE = "示例：关于调整社区微型消防站队员人数的通知"
QUOTE = "社区微型消防站队员不少于7名"
FULL_STATION = {
    "chief_post": "社区支部书记",
    "deputy_chief_post": "居“两委”成员",
    "duty_shift_size": 3,
    "room_area": 32,
    "night_duty_beds": 3,
    "fire_motorcycles": 1,
    "extinguishers": 10,
    "branch_nozzles": 2,
    "hoses": 4,
    "helmets": 7,
    "fire_gloves": 7,
    "cutter_spreaders": 1,
    "external_landline": True,
    "patrol_team": True,
    "first_response_team": True,
    "publicity_team": True,
}


def _reform(*changes: RequirementChange, rid: str = "members_7", effective: dt.date = EFFECTIVE) -> Amendment:
    return Amendment(
        id=rid,
        title=TITLE,
        number="示例府办发〔2025〕1号",
        effective=effective,
        quote=QUOTE,
        changes=changes or (RequirementChange("micro_fire_station.members", value=7),),
        confidence="illustrative",
    )


@pytest.fixture(scope="module")
def policy() -> jx.Policy:
    return jx.load_policy()


@pytest.fixture(scope="module")
def reformed(policy: jx.Policy) -> jx.Policy:
    return policy.amend(_reform())


def _station(members: int | None) -> jx.MicroFireStation:
    return jx.MicroFireStation(name=f"{members} members", members=members, **FULL_STATION)  # type: ignore[arg-type]


def test_findings_cite_the_amendment_and_the_original_still_cites_its_clause(
    policy: jx.Policy, reformed: jx.Policy
) -> None:
    new = jx.check(_station(6), reformed, on=EFFECTIVE).finding("micro_fire_station.members")
    assert new.id == "micro_fire_station.members@members_7"
    assert new.status == "fail"
    assert new.citation == f"{TITLE}（示例府办发〔2025〕1号） [illustrative]"
    assert new.quote == QUOTE
    assert (new.layer, new.required, new.requirement.clause) == ("district", ">= 7", None)
    assert new.to_dict()["amendment"] == "members_7" and new.to_dict()["quote"] == QUOTE
    [line] = [
        s for s in jx.check(_station(6), reformed, on=EFFECTIVE).to_text().splitlines() if "amended" in s
    ]
    assert line.endswith(f"-- {new.citation}, district, required") and "一（二）" not in line
    old = jx.check(_station(6), policy, on=EFFECTIVE).finding("micro_fire_station.members")
    assert (old.id, old.status, old.citation) == (
        "micro_fire_station.members",
        "pass",
        "yuzhong-2023 一（二）",
    )
    assert old.quote == "成员由6名以上的治安巡防队、保安队员、网格长（员）等力量组成"


def test_the_original_policy_is_unchanged(policy: jx.Policy, reformed: jx.Policy) -> None:
    assert policy == jx.load_policy() and policy.amendments == ()
    assert reformed.amendments == (_reform(),)
    assert reformed != policy and reformed.document == policy.document
    assert repr(reformed).startswith("<Policy yuzhong-2023 + members_7: 5 sections, 24 clauses")
    original = policy.requirement("micro_fire_station.members")
    assert (original.value, original.effective_until, original.amendment) == (6.0, None, None)
    before = reformed.requirement("micro_fire_station.members")
    after = reformed.requirement("micro_fire_station.members@members_7")
    assert (before.value, before.effective_from, before.effective_until) == (6.0, None, EFFECTIVE)
    assert (after.value, after.effective_from, after.effective_until) == (7.0, EFFECTIVE, None)
    assert after.amends == original and after.amendment == _reform()
    assert "as amended" not in after.name_en and after.name_en.endswith("(amended: >= 7)")
    assert after.name_zh == "成员6名以上（修订为 >= 7）"


@pytest.mark.parametrize(
    ("on", "members", "status"),
    [
        (D(2025, 6, 30), 6, "pass"),  # the day before the amendment: the old value
        (EFFECTIVE, 6, "fail"),  # its first day: the new value
        (EFFECTIVE, 7, "pass"),
        (D(2030, 1, 1), 6, "fail"),
    ],
)
def test_before_the_amendment_the_old_value_is_in_force(
    reformed: jx.Policy, on: dt.date, members: int, status: str
) -> None:
    report = jx.check(_station(members), reformed, on=on)
    assert report.finding("micro_fire_station.members").status == status
    assert report.status == status
    table = check_table({"members": [members]}, kind="micro_fire_station", policy=reformed, on=on)
    assert list(table.statuses("micro_fire_station.members")) == [status]


def test_flips_at_the_exact_threshold(policy: jx.Policy, reformed: jx.Policy) -> None:
    stations = [_station(n) for n in (5, 6, 7, None)]
    result = jx.compare_checks(stations, policy, reformed, on=EFFECTIVE)
    assert result.facilities == 4
    assert [(c.record.name, c.status_old, c.status_new) for c in result.flips] == [
        ("6 members", "pass", "fail")
    ]
    assert result.counts() == {("pass", "fail"): 1}
    assert result.flipped("pass", "fail") == result.flips and result.flipped("fail", "pass") == ()
    [change] = result.flips[0].changes
    assert (change.status_old, change.status_new) == ("pass", "fail")
    assert change.citation_old == "yuzhong-2023 一（二）"
    assert change.citation_new == f"{TITLE}（示例府办发〔2025〕1号） [illustrative]"
    back = jx.compare_checks(stations, reformed, policy, on=EFFECTIVE)
    assert back.counts() == {("fail", "pass"): 1}
    assert jx.compare_checks(stations, policy, reformed, on=D(2025, 6, 30)).changes == ()


def test_a_flip_to_unknown(tmp_path: Path, policy: jx.Policy) -> None:
    path = tmp_path / "municipal.toml"
    path.write_text(
        """format = 1
[layer]
name = "municipal"
[[requirement]]
id = "municipal.key_unit.staff"
subject = "key_unit_micro_fire_station"
field = "staff"
comparator = ">="
value = 6
unit = "person"
strength = "required"
name_zh = "人员不少于6人"
name_en = "at least 6 people"
source = "an invented rule, in force from 2030"
confidence = "illustrative"
effective_from = 2030-01-01
""",
        encoding="utf-8",
    )
    later = jx.load_policy(baseline=path)  # the national 6 is not loaded: before 2030 no value is in force
    unit = jx.KeyUnitMicroFireStation(name="示例商场", staff=6, arrival_minutes=3)
    result = jx.compare_checks([unit], policy, later, on=D(2025, 1, 1))
    assert result.counts() == {("pass", "unknown"): 1}
    [staff] = [c for c in result.flips[0].changes if c.status_new == "unknown"]
    assert staff.citation_new == "an invented rule, in force from 2030 [illustrative]"
    assert staff.citation_old is not None and "消防安全重点单位微型消防站建设标准" in staff.citation_old
    arrival = [c for c in result.flips[0].changes if c.requirement.endswith("arrival_minutes")]
    assert [(c.status_old, c.status_new) for c in arrival] == [("pass", "absent")]  # only the national has it


def test_comparing_the_sample_district_records_and_tables(policy: jx.Policy) -> None:
    room = _reform(RequirementChange("micro_fire_station.room_area", value="35 平方米"), rid="room_35")
    reformed = policy.amend(room)
    result = jx.compare_checks(sample_facilities(), policy, reformed, on=EFFECTIVE)
    assert result.facilities == len(sample_facilities())
    assert [(c.record.name, c.status_old, c.status_new) for c in result.flips] == [
        ("示例甲社区微型消防站", "pass", "fail")  # 32 m²
    ]
    assert repr(result) == (
        "<CheckComparison on 2025-07-01: yuzhong-2023 -> yuzhong-2023 + room_35, 14 facilities (1 pass->fail)>"
    )
    text = result.to_text()
    assert "Flips: pass -> fail: 1" in text and "「站房至少30平方米」" in text and f"「{QUOTE}」" in text
    stations = [r for r in sample_facilities() if r.kind == "micro_fire_station"]
    table = {"room_area": [r.room_area for r in stations], "name": [r.name for r in stations]}  # type: ignore[attr-defined]
    by_table = jx.compare_checks(table, policy, reformed, on=EFFECTIVE, kind="micro_fire_station")
    assert [(c.row, c.record.name) for c in by_table.changes] == [(0, "示例甲社区微型消防站")]
    assert by_table.changes[0].changes == result.flips[0].changes[:1]
    frame = result.to_frame()
    assert list(frame["requirement"]) == ["micro_fire_station.room_area@room_35"]
    assert list(frame[["overall_old", "overall_new", "status_old", "status_new"]].iloc[0]) == [
        "pass",
        "fail",
        "pass",
        "fail",
    ]
    assert result.to_dict()["flips"] == {"pass->fail": 1}


def test_compare_checks_bad_input(policy: jx.Policy) -> None:
    with pytest.raises(jx.XiaofangError, match="new: expected a Policy"):
        jx.compare_checks([], policy, "policy")  # type: ignore[arg-type]
    with pytest.raises(jx.XiaofangError, match="give its kind="):
        jx.compare_checks({"members": [6]}, policy, policy)
    with pytest.raises(jx.XiaofangError, match="expected a facility record"):
        jx.compare_checks([{"members": 6}], policy, policy)  # type: ignore[list-item]


def test_a_change_of_strength(policy: jx.Policy) -> None:
    reform = _reform(
        RequirementChange("national.fire_lane.slope_recommended", strength="required"), rid="slope_8"
    )
    reformed = policy.amend(reform)
    lane = jx.FireLane(clear_width=4, clear_height=4, slope=9, dead_end_length=0, serves_high_rise=False)
    before = jx.check(lane, reformed, on=D(2025, 6, 30))
    after = jx.check(lane, reformed, on=EFFECTIVE)
    assert (before.finding("national.fire_lane.slope_recommended").strength, before.status) == (
        "advisory",
        "pass",
    )
    assert (after.finding("national.fire_lane.slope_recommended").strength, after.status) == (
        "required",
        "fail",
    )
    assert (
        after.finding("national.fire_lane.slope_recommended").layer == "national"
    )  # a value keeps its layer
    # required now, the 8 % has the key of the required 10 %: where both are in force the stricter binds
    result = jx.compare_checks([lane], policy, reformed, on=EFFECTIVE)
    assert result.counts() == {("pass", "fail"): 1}
    assert [(c.requirement, c.status_old, c.status_new) for c in result.flips[0].changes] == [
        ("national.fire_lane.slope_recommended@slope_8", "pass", "fail"),  # paired with the required 10 %
        ("national.fire_lane.slope_recommended", "fail", "absent"),  # the advisory 8 % is gone
    ]
    assert result.flips[0].changes[0].citation_old == "GB 55037-2022 (in force 2023-06-01) [secondary]"


def test_amendments_follow_each_other(policy: jx.Policy) -> None:
    first = _reform(
        RequirementChange("micro_fire_station.members", value=7), rid="first", effective=D(2025, 1, 1)
    )
    second = _reform(
        RequirementChange("micro_fire_station.members", value=8), rid="second", effective=D(2026, 1, 1)
    )
    reformed = policy.amend(first, second)
    assert reformed == policy.amend(first).amend(second)
    members = [r for r in reformed.requirements if r.id.startswith("micro_fire_station.members")]
    assert [(r.id, r.value, r.period_text()) for r in members] == [
        ("micro_fire_station.members", 6.0, "before 2025-01-01"),
        ("micro_fire_station.members@first", 7.0, "from 2025-01-01, before 2026-01-01"),
        ("micro_fire_station.members@first@second", 8.0, "from 2026-01-01"),
    ]
    found = jx.check(_station(7), reformed, on=D(2026, 1, 1)).finding("micro_fire_station.members")
    assert (found.status, found.requirement.amendment) == ("fail", second)
    # an earlier amendment applied after a later one replaces the later one's value too
    early = _reform(
        RequirementChange("micro_fire_station.members", value=9), rid="early", effective=D(2024, 1, 1)
    )
    ids = [
        (r.id, r.value) for r in reformed.amend(early).requirements if r.id.startswith("micro_fire_station.m")
    ]
    assert ids == [
        ("micro_fire_station.members", 6.0),
        ("micro_fire_station.members@early", 9.0),
        ("micro_fire_station.members@first@early", 9.0),
        ("micro_fire_station.members@first@second@early", 9.0),
    ]


def test_an_amendment_before_a_dated_value_replaces_all_of_it(policy: jx.Policy) -> None:
    reform = _reform(RequirementChange("national.fire_lane.slope", value=12, unit="percent"), rid="slope_12")
    reformed = policy.amend(attrs.evolve(reform, effective=D(2020, 1, 1)))
    slopes = [
        (r.id, r.value, r.period_text())
        for r in reformed.requirements
        if r.id.startswith("national.fire_lane.slope@")
    ]
    assert slopes == [("national.fire_lane.slope@slope_12", 12.0, "from 2023-06-01")]
    with pytest.raises(jx.NotFoundError):
        reformed.requirement("national.fire_lane.slope")


def attrs_evolve(amendment: Amendment, **changes: object) -> Amendment:
    return attrs.evolve(amendment, **changes)  # type: ignore[arg-type]


def test_a_weaker_value_than_the_national_floor_is_allowed_and_linted(policy: jx.Policy) -> None:
    reformed = policy.amend(
        _reform(RequirementChange("micro_fire_station.members", value=4), rid="members_4")
    )
    issues = [i for i in jx.lint(reformed) if i.code == "weaker-than-baseline"]
    assert [i.where for i in issues] == ["requirement micro_fire_station.members@members_4"]
    assert "national >= 5" in issues[0].message
    report = jx.check(_station(4), reformed, on=EFFECTIVE)
    assert [(f.id, f.status) for f in report if f.requirement.field == "members"] == [
        ("national.micro_fire_station.members", "fail")  # the floor binds
    ]


def test_values_in_other_units_and_posts(policy: jx.Policy) -> None:
    reformed = policy.amend(
        _reform(
            RequirementChange("micro_fire_station.room_area", value=400, unit="ft^2"),
            RequirementChange("micro_fire_station.chief_post", value="居委会主要负责人"),
            RequirementChange("police_station.qualified_fire_police", value=2, norm="3名"),
            rid="several",
        )
    )
    on = EFFECTIVE
    room = [r for r in reformed.effective_requirements("micro_fire_station", on) if r.field == "room_area"]
    assert [round(r.value, 3) for r in room] == [37.161]  # type: ignore[arg-type]
    chief = jx.check(jx.MicroFireStation(chief_post="居委会主要负责人"), reformed, on=on).finding(
        "micro_fire_station.chief_post"
    )
    assert (chief.status, chief.requirement.value) == ("pass", "community_main_head")
    police = jx.check(jx.PoliceStation(qualified_fire_police=2), reformed, on=on).finding(
        "police_station.qualified_fire_police"
    )
    assert (police.status, police.required) == ("pass", ">= 2 (norm 2–3)")


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (
            RequirementChange("micro_fire_station.member", value=7),
            "no requirement 'micro_fire_station.member'",
        ),
        (RequirementChange("micro_fire_station.members", value=7, unit="m"), "expected a count, got '7 m'"),
        (
            RequirementChange("micro_fire_station.room_area", value="35 米"),
            "expected an area (m^2), got '35 米'",
        ),
        (RequirementChange("micro_fire_station.members", value=6.5), "expected a whole number"),
        (RequirementChange("micro_fire_station.members", value="many"), "got 'many'"),
        (
            RequirementChange("micro_fire_station.members", value="7", unit="person"),
            "with a unit, give a number",
        ),
        (RequirementChange("micro_fire_station.hoses", value=2), "takes no value: change its strength only"),
        (RequirementChange("micro_fire_station.members", maximum=8), "maximum goes with a range ('between')"),
        (RequirementChange("micro_fire_station.chief_post", norm=2), "a norm goes with a floor"),
        (RequirementChange("micro_fire_station.room_area", norm=8), "the norm 8 is below the new floor 30"),
        (
            RequirementChange("police_station.qualified_fire_police", value=3),
            "the norm 2 is below the new floor 3",
        ),
        (RequirementChange("micro_fire_station.chief_post", value="书记"), "expected a post of yuzhong-2023"),
        (RequirementChange("micro_fire_station.chief_post", value=3), "asks for a post"),
        (
            RequirementChange("community_fire_work_group.wardens", value=3),
            "compares with the field 'compounds'",
        ),
        (
            RequirementChange("micro_fire_station.chief_post", value="社区主任"),
            "expected a post of yuzhong-2023",
        ),
    ],
)
def test_bad_changes(policy: jx.Policy, change: RequirementChange, fragment: str) -> None:
    with pytest.raises(AmendmentError) as info:
        policy.amend(_reform(change, rid="bad"))
    assert str(info.value).startswith("amendment 'bad', change[0]: ")
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (lambda: RequirementChange("micro_fire_station.members"), "give a value, maximum, norm or strength"),
        (
            lambda: RequirementChange("micro_fire_station.members", strength="must"),
            "strength: expected one of required",
        ),
        (lambda: RequirementChange("micro_fire_station.members", value=True), "expected a number or a text"),
        (
            lambda: RequirementChange("micro_fire_station.members", value=float("nan")),
            "expected a finite number",
        ),
        (
            lambda: RequirementChange("micro_fire_station.members", unit="person", strength="required"),
            "a unit goes with",
        ),
        (lambda: RequirementChange("", value=7), "expected a requirement id"),
        (lambda: _reform(rid="Members 7"), "amendment id: expected lower-case words"),
        (lambda: attrs_evolve(_reform(), effective="2025-07-01"), "effective: expected a datetime.date"),
        (
            lambda: attrs_evolve(_reform(), effective=dt.datetime(2025, 7, 1)),
            "effective: expected a datetime.date",
        ),
        (lambda: attrs_evolve(_reform(), quote=" "), "quote: expected a non-empty text"),
        (lambda: attrs_evolve(_reform(), confidence="sure"), "confidence: expected one of official"),
        (lambda: attrs_evolve(_reform(), changes=()), "changes at least one requirement"),
        (
            lambda: attrs_evolve(_reform(), changes=RequirementChange("x", value=1)),
            "expected a list of RequirementChange",
        ),
        (lambda: attrs_evolve(_reform(), changes=["x"]), "changes[0]: expected a RequirementChange"),
        (lambda: attrs_evolve(_reform(), number=""), "number: expected a document number"),
    ],
)
def test_bad_amendments(build: object, fragment: str) -> None:
    with pytest.raises(AmendmentError) as info:
        build()  # type: ignore[operator]
    assert fragment in str(info.value)


def test_bad_applications(policy: jx.Policy, reformed: jx.Policy) -> None:
    with pytest.raises(AmendmentError, match="'members_7' is already applied"):
        reformed.amend(_reform())
    with pytest.raises(AmendmentError, match="expected Amendment objects"):
        policy.amend("members_7")  # type: ignore[arg-type]
    ended = policy.amend(
        _reform(RequirementChange("micro_fire_station.members", value=7), rid="a", effective=D(2025, 1, 1))
    )
    # the old piece ends 2025-01-01; naming it explicitly after that day leaves nothing to amend
    explicit = _reform(
        RequirementChange("micro_fire_station.members", value=8), rid="b", effective=D(2026, 1, 1)
    )
    assert ended.amend(explicit)  # by its id the requirement's later value is found and amended
    only_old = attrs.evolve(ended, requirements=tuple(r for r in ended.requirements if "@" not in r.id))
    with pytest.raises(AmendmentError, match="no value in force on or after 2026-01-01"):
        only_old.amend(explicit)


AMENDMENTS = """format = 1
about = "An illustrative reform (invented, for the tests)"

[[amendment]]
id = "members_7"
title = "示例：关于调整社区微型消防站队员人数的通知"
number = "示例府办发〔2025〕1号"
issuer = "示例区人民政府办公室"
issued = 2025-06-01
effective = 2025-07-01
quote = "社区微型消防站队员不少于7名"
source = "invented for the tests"
confidence = "illustrative"

[[amendment.change]]
requirement = "micro_fire_station.members"
value = 7
unit = "person"

[[amendment]]
id = "slope_required"
title = "示例：关于消防车道坡度的通知"
effective = 2026-01-01
quote = "消防车道坡度不应大于8%"
confidence = "illustrative"

[[amendment.change]]
requirement = "national.fire_lane.slope_recommended"
strength = "required"
name_zh = "消防车道坡度不应大于8%"
name_en = "slope at most 8 %"
"""


def test_an_amendment_file_is_the_python_api_as_data(policy: jx.Policy, tmp_path: Path) -> None:
    path = tmp_path / "reform.toml"
    path.write_text(AMENDMENTS, encoding="utf-8")
    members, slope = jx.load_amendments(path)
    expected = _reform(RequirementChange("micro_fire_station.members", value=7, unit="person"))
    assert members == attrs_evolve(
        expected, issuer="示例区人民政府办公室", issued=D(2025, 6, 1), source="invented for the tests"
    )
    assert members.origin == f"{path}:4" and slope.origin == f"{path}:20"
    assert slope.changes == (
        RequirementChange(
            "national.fire_lane.slope_recommended",
            strength="required",
            name_zh="消防车道坡度不应大于8%",
            name_en="slope at most 8 %",
        ),
    )
    reformed = policy.amend(*jx.load_amendments(path))
    assert (
        reformed.requirement("national.fire_lane.slope_recommended@slope_required").name_en
        == "slope at most 8 %"
    )
    bad = AMENDMENTS.replace(
        'requirement = "micro_fire_station.members"', 'requirement = "micro_fire_station.member"'
    )
    with pytest.raises(
        AmendmentError, match=f"amendment 'members_7' \\({path}:4\\), change\\[0\\]: no requirement"
    ):
        policy.amend(*parse_amendments(bad, source=str(path)))


@pytest.mark.parametrize(
    ("old", "new", "key", "fragment"),
    [
        ("format = 1", "format = 2", "format", "amendment format 1"),
        ('id = "members_7"', 'id = "Members-7"', "amendment[0].id", "lower-case words"),
        (
            'id = "slope_required"',
            'id = "members_7"',
            "amendment[1].id",
            "duplicate amendment id 'members_7'",
        ),
        ("effective = 2025-07-01", 'effective = "2025-07-01"', "amendment[0].effective", "expected a date"),
        ("effective = 2025-07-01\n", "", "amendment[0].effective", "missing required key"),
        ('confidence = "illustrative"', 'confidence = "sure"', "amendment[0].confidence", "expected one of"),
        ('unit = "person"', 'unit = "人"', "amendment[0].change[0].unit", "unknown unit '人'"),
        ("value = 7", "value = true", "amendment[0].change[0].value", "expected a number"),
        ("value = 7", "value = nan", "amendment[0].change[0].value", "expected a finite number"),
        ("value = 7", 'value = ""', "amendment[0].change[0].value", "non-empty"),
        ("value = 7\n", "", "amendment[0].change[0].unit", "a unit goes with a value"),
        ('strength = "required"', 'strength = "must"', "amendment[1].change[0].strength", "expected one of"),
        (
            'strength = "required"\n',
            "",
            "amendment[1].change[0].requirement",
            "a change sets a value, maximum, norm or strength",
        ),
        ('quote = "消防车道坡度不应大于8%"', "quotes = 1", "amendment[1].quote", "missing required key"),
        (
            '[[amendment.change]]\nrequirement = "national',
            '[[amendment.changes]]\nrequirement = "national',
            "amendment[1].change",
            "missing required key",
        ),
        (
            'source = "invented for the tests"',
            'sources = "x"',
            "amendment[0].sources",
            "unknown key 'sources'",
        ),
    ],
)
def test_bad_amendment_files(old: str, new: str, key: str, fragment: str) -> None:
    assert old in AMENDMENTS
    with pytest.raises(AmendmentFileError) as info:
        parse_amendments(AMENDMENTS.replace(old, new, 1), source="reform.toml")
    assert (info.value.file, info.value.key) == ("reform.toml", key)
    assert fragment in info.value.reason
    assert info.value.line is None or info.value.line >= 1


def test_files_that_are_not_amendment_files() -> None:
    empty = 'format = 1\n[[amendment]]\nid = "a"\ntitle = "t"\neffective = 2025-01-01\nquote = "q"\n'
    empty += 'confidence = "illustrative"\nchange = []\n'
    with pytest.raises(
        AmendmentFileError, match=r"amendment\[0\]\.change: an amendment changes at least one"
    ):
        parse_amendments(empty)
    with pytest.raises(AmendmentFileError, match="not valid TOML"):
        parse_amendments("format = ")
    with pytest.raises(AmendmentFileError, match="not UTF-8"):
        parse_amendments(b"\xff\xfe")


VALUES = st.sampled_from(
    ['""', '"x"', "0", "-1", "7.5", "1e400", "nan", "true", "[]", "{}", "2024-01-01", "2024-01-01T00:00:00",
     '"micro_fire_station.members"', '"required"', '"person"', '"m"', '"\\u0000"']
)  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_amendment_files_raise_only_the_packages_errors(data: st.DataObject) -> None:
    lines = AMENDMENTS.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "double", "swap", "value", "key"]))
        if action == "drop":
            del lines[i]
        elif action == "double":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif " = " in lines[i]:
            key, _, value = lines[i].partition(" = ")
            lines[i] = f"{key} = {data.draw(VALUES)}" if action == "value" else f"{key}x = {value}"
    try:
        amendments = parse_amendments("\n".join(lines), source="damaged.toml")
    except AmendmentFileError as exc:
        assert exc.file == "damaged.toml"
        return
    with contextlib.suppress(AmendmentError):  # a damaged but well-formed change may not fit the policy
        jx.load_policy().amend(*amendments)
