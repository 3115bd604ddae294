"""The organisation: district files, posts and tenures, the hierarchy, responsibility, supervision, routing."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import networkx as nx
import pytest

import jiceng_xiaofang as jx
import seed_text as seed
from jiceng_xiaofang.org import (
    Place,
    classify_place,
    hierarchy_graph,
    key_unit_thresholds,
    place_types,
    responsibility,
    responsibility_chain,
    route,
    sample_district,
    supervisor_of,
)
from jiceng_xiaofang.policy import RequiredBody
from jiceng_xiaofang.standards import staffing_records

SOURCE = {c.id: c.body for c in seed.source_clauses()}
D = sample_district()
ON = dt.date(2024, 7, 1)

HEAD = """format = 1
[district]
name = "渝中区"
name_en = "Yuzhong District"
code = "500103"
extends = "yuzhong"
source = "test"
confidence = "illustrative"
"""


def _unit(kind: str, name: str, parent: str = "", **extra: str) -> str:
    lines = [f'kind = "{kind}"', f'name = "{name}"'] + ([f'parent = "{parent}"'] if parent else [])
    lines += [f'{k} = "{v}"' for k, v in extra.items()]
    return "[[unit]]\n" + "\n".join(lines) + "\n"


# --- the district file ------------------------------------------------------------------------------


def test_sample_district_is_illustrative_on_real_streets() -> None:
    assert D.provenance.confidence == "illustrative"
    assert D.streets == jx.yuzhong().streets
    kinds = {u.kind for u in D.units}
    assert kinds == {"community", "residents_group", "compound", "grid", "police_station"}
    text = (
        resources.files("jiceng_xiaofang.data").joinpath("sample-district.toml").read_text(encoding="utf-8")
    )
    assert "ILLUSTRATIVE DATA" in text


def test_parents_by_name_code_path_or_id_in_any_order() -> None:
    d = jx.parse_district(
        HEAD
        + _unit("compound", "后面小区", "大坪街道/前面社区")
        + _unit("community", "前面社区", "500103012")
        + _unit("grid", "微网格", "g1")
        + _unit("grid", "网格", "大坪街道/前面社区", id="g1")
    )
    assert d.unit("大坪街道/前面社区/后面小区").parent == "大坪街道/前面社区"
    assert d.unit("大坪街道/前面社区").parent == "500103012"
    # a unit without a code or id is known by its path of names
    small = "大坪街道/前面社区/网格/微网格"
    assert d.chain(small) == (small, "g1", "大坪街道/前面社区", "500103012", "500103")


@pytest.mark.parametrize(
    ("body", "key", "fragment"),
    [
        (_unit("community", "甲", "不存在街道"), "unit[0].parent", "unknown parent '不存在街道'"),
        (
            _unit("grid", "A", "B", id="A") + _unit("grid", "B", "A", id="B"),
            "unit[0].parent",
            "cycle: A -> B -> A",
        ),
        (
            _unit("community", "甲", "解放碑街道") + _unit("community", "乙", "解放碑街道/甲"),
            "unit[1].parent",
            "a community sits under a street or town or township, not a community",
        ),
        (
            _unit("compound", "甲", "解放碑街道"),
            "unit[0].parent",
            "a compound sits under a community or village, not a street",
        ),
        (
            _unit("community", "甲", "解放碑街道", code="500103003001")
            + _unit("community", "乙", "七星岗街道", code="500103003001"),
            "unit[1].code",
            "duplicate code '500103003001'",
        ),
        (
            _unit("community", "甲", "解放碑街道", code="500104003001"),
            "unit[0].code",
            "does not start with the district code",
        ),
        (
            _unit("community", "甲", "解放碑街道") + _unit("community", "甲", "解放碑街道"),
            "unit[1].name",
            "duplicate unit '解放碑街道/甲'",
        ),
        (_unit("street", "新街道", "500103"), "unit[0].kind", "list it in [[street]]"),
        (_unit("police_station", "所"), "unit[0].covers", "missing required key"),
        (
            '[[unit]]\nkind = "police_station"\nname = "所"\ncovers = ["望龙门街道"]\n',
            "unit[0].covers[0]",
            "unknown street '望龙门街道'",
        ),
        (
            '[[person]]\nid = "p"\nname = "某"\nqualifications = ["licensed"]\n',
            "person[0].qualifications[0]",
            "expected one of established",
        ),
        (
            '[[person]]\nid = "p"\nname = "某"\n[[person]]\nid = "p"\nname = "某"\n',
            "person[1].id",
            "duplicate person id 'p'",
        ),
    ],
)
def test_bad_district_structure(body: str, key: str, fragment: str) -> None:
    with pytest.raises(jx.DistrictFileError) as info:
        jx.parse_district(HEAD + body, source="d.toml")
    assert info.value.key == key
    assert fragment in info.value.reason


PEOPLE = '[[person]]\nid = "a"\nname = "甲"\n[[person]]\nid = "b"\nname = "乙"\n'


def _tenure(person: str, unit: str, role: str, start: str, end: str = "") -> str:
    return f'[[tenure]]\nperson = "{person}"\nunit = "{unit}"\nrole = "{role}"\nstart = {start}\n' + (
        f"end = {end}\n" if end else ""
    )


@pytest.mark.parametrize(
    ("body", "key", "fragment"),
    [
        (
            _tenure("z", "解放碑街道", "street_main_leader", "2024-01-01"),
            "tenure[0].person",
            "unknown person 'z'",
        ),
        (_tenure("a", "解放碑街道", "mayor", "2024-01-01"), "tenure[0].role", "unknown role 'mayor'"),
        (
            _tenure("a", "解放碑街道", "community_main_head", "2024-01-01"),
            "tenure[0].role",
            "a post of a community",
        ),
        (_tenure("a", "不存在", "street_main_leader", "2024-01-01"), "tenure[0].unit", "no unit '不存在'"),
        (
            _tenure("a", "解放碑街道", "street_main_leader", "2024-01-01", "2023-12-31"),
            "tenure[0].end",
            "before start",
        ),
        (
            _tenure("a", "解放碑街道", "street_main_leader", "2023-01-01", "2024-06-30")
            + _tenure("b", "解放碑街道", "street_main_leader", "2024-06-30"),
            "tenure[1].start",
            "one person at a time",
        ),
    ],
)
def test_bad_tenures(body: str, key: str, fragment: str) -> None:
    with pytest.raises(jx.DistrictFileError) as info:
        jx.parse_district(HEAD + PEOPLE + body, source="d.toml")
    assert info.value.key == key
    assert fragment in info.value.reason


def test_handover_on_consecutive_days_is_fine_and_answers_by_date() -> None:
    d = jx.parse_district(
        HEAD
        + PEOPLE
        + _tenure("a", "解放碑街道", "street_main_leader", "2023-01-01", "2024-06-30")
        + _tenure("b", "解放碑街道", "street_main_leader", "2024-07-01")
    )
    holder = lambda day: [p.name for p in d.holders("解放碑街道", "street_main_leader", day)]  # noqa: E731
    assert holder(dt.date(2024, 6, 30)) == ["甲"]
    assert holder(dt.date(2024, 7, 1)) == ["乙"]
    assert holder(dt.date(2022, 12, 31)) == []


def test_who_held_the_post_on_a_day() -> None:
    deputy = lambda day: [p.name for p in D.holders("解放碑街道", "street_deputy_in_charge", day)]  # noqa: E731
    assert deputy(dt.date(2024, 3, 31)) == ["刘示例"]
    assert deputy(dt.date(2024, 4, 1)) == ["陈示例"]
    with pytest.raises(jx.NotFoundError, match="no role"):
        D.holders("解放碑街道", "chief", ON)


# --- the policy's bodies and posts ---------------------------------------------------------------------


def _posts(bodies: tuple[RequiredBody, ...]) -> dict[str, dict[str, str]]:
    return {b.name: {p.slot: p.role for p in b.posts} for b in bodies}


def test_required_bodies_and_posts_are_the_texts(policy: jx.Policy) -> None:
    street = _posts(policy.required_bodies_of("street"))
    text = SOURCE["1.1"]
    assert (
        "各街道成立街道消防安全委员会，街道办事处一名主要领导为主任，分管消防安全工作的副职为副主任" in text
    )
    assert street["街道消防安全委员会"]["chair"] == "street_main_leader"
    assert street["街道消防安全委员会"]["vice_chair"] == "street_deputy_in_charge"
    assert "站长由街道分管消防安全工作的副职担任，副站长由街道应急管理办公室负责人担任" in text
    assert street["消防工作站"]["chief"] == "street_deputy_in_charge"
    assert street["消防工作站"]["deputy_chief"] == "street_emergency_office_head"
    community = _posts(policy.required_bodies_of("community"))
    assert "微型消防站站长由社区支部书记担任，副站长由居“两委”成员担任" in SOURCE["1.2"]
    assert community["微型消防站"]["chief"] == "party_branch_secretary"
    assert community["消防工作小组"]["leader"] == "community_main_head"
    for body in policy.required_bodies:
        assert body.name in SOURCE[body.clause] or body.name.removeprefix("区") in SOURCE[body.clause], (
            body.name
        )
        assert body.quote in SOURCE[body.clause]


def test_every_role_cites_an_existing_clause_and_quotes_it(policy: jx.Policy) -> None:
    for role in policy.roles:
        assert policy.clause(role.clause).id == role.clause
        assert role.quote in SOURCE[role.clause], role.code


# --- the hierarchy -------------------------------------------------------------------------------------


def test_hierarchy_graph_is_the_tree() -> None:
    g = hierarchy_graph(D)
    assert nx.is_tree(g) and nx.is_arborescence(g)
    assert g.number_of_nodes() == 1 + len(D.streets) + len(D.units)
    assert set(g.successors("500103")) == {s.code for s in D.streets} | {"ps-jfb"}
    assert g.nodes["ps-jfb"]["covers"] == "500103003,500103001"
    leaf = "解放碑街道/示例甲社区/示例花园小区"
    assert tuple(reversed(nx.shortest_path(g, "500103", leaf))) == D.chain(leaf)


def test_chain_from_names_and_the_district() -> None:
    assert D.chain("解放碑街道") == ("500103003", "500103")
    assert D.chain("500103") == ("500103",)
    with pytest.raises(jx.NotFoundError):
        D.chain("nowhere")


# --- responsibility (3.1) ---------------------------------------------------------------------------------


def test_responsibility_follows_3_1() -> None:
    text = SOURCE["3.1"]
    assert (
        "街道办事处主要负责人为消防工作第一责任人，分管负责人为主要责任人，班子其他成员对分管范围内的消防工作负领导责任"
        in text
    )
    assert "居委会主要负责人为本社区消防工作第一责任人，居委会成员按职责分工承担相应的消防工作责任" in text
    street = responsibility(D, "解放碑街道", on=ON)
    assert [(r.responsibility, r.role, r.names) for r in street] == [
        ("first", "street_main_leader", ("王示例",)),
        ("principal", "street_deputy_in_charge", ("陈示例",)),
        ("leadership", "street_team_member", ("杨示例",)),
    ]
    community = responsibility(D, "解放碑街道/示例甲社区", on=ON)
    assert [(r.responsibility, r.role) for r in community] == [
        ("first", "community_main_head"),
        ("by_duties", "community_committee_member"),
    ]
    assert not community[1].known  # nobody named: unknown, not "nobody responsible"


def test_chain_upward_from_a_compound() -> None:
    chain = responsibility_chain(D, "解放碑街道/示例甲社区/示例大厦楼院", on=ON)
    assert [r.unit_kind for r in chain] == ["compound", "community", "street", "district"]
    assert chain[0].names == ()  # this compound has no warden yet
    assert chain[2].names == ("王示例",)
    assert str(chain[2]) == "解放碑街道 街道办事处主要负责人：第一责任人 — 王示例 (3.1)"


# --- supervision (3.3, 3.5) ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "category"),
    [
        (Place(kind="shopping_mall", floor_area=1000), "key_unit"),
        (Place(kind="shopping_mall", floor_area=999.9), "street"),
        (Place(kind="hotel", guest_rooms=50), "key_unit"),
        (Place(kind="hotel", guest_rooms=49), "street"),
        (Place(kind="entertainment", floor_area=200), "key_unit"),
        (Place(kind="hospital", inpatient_beds=50), "key_unit"),
        (Place(kind="care_home", beds=49), "street"),
        (Place(kind="school", boarding_beds=100), "key_unit"),
        (Place(kind="kindergarten", boarding_beds=50), "key_unit"),
        (Place(kind="station_hall", floor_area=500), "key_unit"),
        (Place(kind="library_or_exhibition", floor_area=1999), "street"),
        (Place(kind="factory", workshop_staff=100), "key_unit"),
        (Place(kind="high_rise_public_building"), "key_unit"),
        (Place(kind="hotel"), "unknown"),
        (Place(kind="small_restaurant"), "street"),
        (Place(kind="small_hotel", listed_by_police=True), "police_listed"),
    ],
)
def test_key_unit_thresholds_at_their_boundaries(place: Place, category: str) -> None:
    assert classify_place(place).category == category


def test_thresholds_are_the_reference_values() -> None:
    reference = seed.SHARED.parent.parent / "REFERENCE.md"
    text = (reference if reference.exists() else seed.VENDORED.parent / "REFERENCE.md").read_text(
        encoding="utf-8"
    )
    line = text.split("Key fire-safety unit thresholds", 1)[1].split("high-rise public buildings", 1)[0]
    found = [int(n) for n in __import__("re").findall(r"≥ (\d+)", line)]
    assert found == [int(v) for f, v in key_unit_thresholds().values() if f]


def test_custom_thresholds_and_supervisors() -> None:
    hotel = Place(kind="hotel", guest_rooms=40, street="大坪街道")
    assert classify_place(hotel, {"hotel": ("guest_rooms", 30)}).category == "key_unit"
    s = supervisor_of(hotel, D)
    assert (s.supervisor, s.supervising_unit, s.frequency, s.clause) == (
        "街道办事处",
        "大坪街道办事处",
        "P1Y",
        "3.3",
    )
    assert "assumed not on the police station's list" in s.classification.basis
    unknown = supervisor_of(Place(kind="hospital"))
    assert unknown.supervisor == "" and unknown.classification.category == "unknown"
    with pytest.raises(jx.NotFoundError, match="no place type 'spaceport'"):
        classify_place(Place(kind="spaceport"))


# --- routing (3.6) -------------------------------------------------------------------------------------


def test_every_mapping_names_real_departments_and_cites_its_words(policy: jx.Policy) -> None:
    for place in place_types().values():
        for department in place.departments:
            assert policy.body(department).level == "district"
        assert place.reference.quote in SOURCE[place.clause], place.kind
        if place.named:
            assert any(name in SOURCE[place.clause] for name in (place.zh, *place.aliases)), (
                place.kind,
                place.zh,
            )
        if place.basis == "text":
            assert all(
                d in SOURCE[place.clause] or d in policy.clause(place.clause).lead for d in place.departments
            )


@pytest.mark.parametrize(
    ("place", "departments", "inferred"),
    [
        ("underground_space", ("区人防办",), False),
        ("高层建筑", ("区住建委",), False),
        ("school", ("区教委",), False),
        ("park", ("区城管局",), False),
        ("heritage_building", ("区文旅委",), False),
        ("剧本杀门店", ("区文旅委",), True),
        ("冷链仓储中心", ("区商务委",), True),
        ("换电柜充电站", ("区经信委",), True),
        ("无人机表演", ("区消防安全委员会办公室",), True),
    ],
)
def test_routing(place: str, departments: tuple[str, ...], inferred: bool) -> None:
    r = route(place)
    assert (r.departments, r.inferred) == (departments, inferred)
    if inferred:
        assert r.basis == "reading" and r.note


def test_party_bodies_have_no_industry_department() -> None:
    r = route("party_and_government_body")
    assert r.departments == () and "names no industry department" in r.note


# --- staffing, checked by the requirement model ------------------------------------------------------------


def test_staffing_records_count_qualified_holders() -> None:
    records = {(r.kind, r.name): r for r in staffing_records(D, ON)}
    station = records[("fire_work_station", "解放碑街道消防工作站")]
    assert (station.staff, station.established_fire_officers, station.qualified_enforcement_officers) == (
        4,
        2,
        2,
    )
    assert station.office_capacity is None  # the organisation data cannot say: unknown
    group = records[("community_fire_work_group", "示例甲社区消防工作小组")]
    assert (group.compounds, group.compounds_with_warden, group.staff) == (3, 2, 1)
    police = records[("police_station", "示例解放碑派出所")]
    assert police.qualified_fire_police == 1
    untracked = records[("fire_work_station", "大坪街道消防工作站")]
    assert untracked.staff is None and untracked.chief_post is None  # the file says nothing: unknown, not 0
    micro = records[("micro_fire_station", "示例甲社区微型消防站")]
    assert micro.members is None and micro.chief_post == "party_branch_secretary"


def test_staffing_is_judged_by_the_policy_requirements() -> None:
    rollup = jx.check_staffing(D, ON)
    reports = {r.record.name: r for r in rollup.reports}
    assert {f.id for f in reports["解放碑街道消防工作站"].failed()} == {"fire_work_station.staff"}
    assert {f.id for f in reports["示例甲社区消防工作小组"].failed()} == {"community_fire_work_group.wardens"}
    assert reports["示例解放碑派出所"].passed
    late = jx.check_staffing(D, dt.date(2026, 1, 1))
    station = next(r for r in late.reports if r.record.name == "解放碑街道消防工作站")
    assert station.finding("fire_work_station.staff").timing == "overdue"
