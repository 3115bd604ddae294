"""A second real document end to end: the beginning of Qijiang District's implementation plan.

``tests/data/qijiang-2022-fragment.toml`` encodes the fragment of 綦江府办发〔2022〕71号 that
``tests/seed/qijiang-2022-fragment.txt`` holds (the text as published, half-width punctuation).  It is a
实施方案 with towns beside streets and a clause with a lead body and no cooperating one; the page copy stops
in the middle of 一(二).  The district file beside it is illustrative.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import jiceng_xiaofang as jx
import seed_text as seed

HERE = Path(__file__).resolve().parent
POLICY = HERE / "data" / "qijiang-2022-fragment.toml"
DISTRICT = HERE / "data" / "qijiang-sample-district.toml"
VENDORED = HERE / "seed" / "qijiang-2022-fragment.txt"
SHARED = HERE.parent.parent / "shared" / "seed" / "qijiang-2022-fragment.txt"
ON = dt.date(2024, 7, 1)


@pytest.fixture(scope="module")
def policy() -> jx.Policy:
    return jx.load_policy(POLICY)


@pytest.fixture(scope="module")
def district(policy: jx.Policy) -> jx.District:
    return jx.load_district(DISTRICT, policy=policy)


def _source() -> str:
    return (SHARED if SHARED.exists() else VENDORED).read_text(encoding="utf-8")


def test_vendored_fragment_is_the_shared_one() -> None:
    seed.assert_vendored(VENDORED, SHARED)


# -- the document, against the source ------------------------------------------------------------------------


def test_the_document_is_the_published_one(policy: jx.Policy) -> None:
    lines = _source().splitlines()
    doc = policy.document
    assert doc.number == "綦江府办发〔2022〕71号" == lines[2]
    assert doc.notice_title == lines[0] + lines[1] and doc.notice_title.startswith(doc.issuer)
    assert (
        doc.kind == "实施方案"
        and doc.title == lines[8]
        and f"《{doc.title}》已经{doc.approved_by}同意" in lines[4]
    )
    assert doc.issuer == lines[0] == lines[5]
    assert doc.issued == dt.date(2022, 12, 23) and lines[6] == "2022年12月23日"
    assert lines[7] == "(此件公开发布)" and doc.publication == "此件公开发布"
    assert "、".join(doc.addressees) == lines[3].rstrip(":").replace(",", "、")
    assert doc.preamble == lines[9]
    assert doc.parent is not None and doc.parent.number in doc.preamble and doc.parent.title in doc.preamble
    assert not doc.complete and "一(二)" in doc.coverage


def test_every_clause_is_the_source_text(policy: jx.Policy) -> None:
    source = _source().splitlines()
    section_line = source[10]
    assert section_line == f"{policy.section(1).label}、{policy.section(1).title}"
    first, second = policy.clauses
    # the page runs the title into the text with no 。; the closing note is the clause's lead bodies
    note = f"(责任单位:{'、'.join(first.lead)})"
    # a clause's line begins with its own number as the ladder prints it; its label adds the section's
    assert source[11] == f"(一){first.text}{note}" and first.label == f"{policy.section(1).label}(一)"
    assert first.title == "实体化运作街镇消防工作机构" and first.cooperating == ()
    assert first.label == "一(一)" and policy.clause("一（一）") is first and policy.clause("1.1") is first
    # the second clause stops where the page copy stops, and says so
    assert source[12] == f"(二){second.text}" and not second.complete
    assert (second.lead, second.cooperating) == ((), ())


def test_every_quote_stands_in_its_clause(policy: jx.Policy) -> None:
    quoted = [
        *((f.clause, f.quote) for f in policy.facts),
        *((r.clause, r.quote) for r in policy.requirements if r.clause is not None),
        *((r.clause, r.quote) for r in policy.roles),
        *((b.clause, b.quote) for b in policy.required_bodies),
        *((r.clause, r.quote) for r in policy.responsibilities),
    ]
    assert quoted
    source = _source()
    for clause, quote in quoted:
        assert quote in policy.clause(clause).text and quote in source, quote


def test_the_fragment_loads_and_lints(policy: jx.Policy) -> None:
    issues = jx.lint(policy)
    assert not [i for i in issues if i.severity == "error"]
    assert [i.code for i in issues] == ["incomplete-clause"]
    assert "1.2" in str(issues[0])


def test_a_town_and_a_street_body_at_their_levels(policy: jx.Policy) -> None:
    assert policy.body("各镇人民政府").collective_of == "镇人民政府"
    assert policy.body("镇人民政府").level == "town"
    assert policy.body("村(居)委会").level == "village"


# -- the task graph: towns expanded from 各镇人民政府 -----------------------------------------------------------


def test_without_an_annex_the_clause_note_is_the_task(policy: jx.Policy) -> None:
    assert not policy.has_annex
    [task] = policy.tasks
    assert (task.id, task.source, task.lead, task.cooperating) == (
        "1.1",
        "clause",
        ("各街道办事处", "各镇人民政府"),
        (),
    )


def test_the_task_graph_expands_streets_and_towns(policy: jx.Policy, district: jx.District) -> None:
    g = jx.task_graph(policy)
    assert sorted(g.predecessors("1.1")) == ["各街道办事处", "各镇人民政府"]
    expanded = jx.task_graph(policy, district=district)
    leads = {n: expanded.edges[n, "1.1"]["via"] for n in expanded.predecessors("1.1")}
    assert leads == {
        "示例甲街道办事处": "各街道办事处",
        "示例乙镇人民政府": "各镇人民政府",
        "示例丙镇人民政府": "各镇人民政府",
    }
    assert expanded.nodes["示例乙镇人民政府"]["level"] == "town"


# -- checks: 明确2名以上消防专管员, and the national baseline still under it ----------------------------------------


@pytest.mark.parametrize(
    ("officers", "status"), [(2, "pass"), (3, "pass"), (1, "fail"), ("2名", "pass"), (None, "unknown")]
)
def test_a_town_fire_work_station_names_two_or_more_officers(
    policy: jx.Policy, officers: object, status: str
) -> None:
    station = jx.FireWorkStation(name="示例乙镇消防工作站", street="示例乙镇", fire_officers=officers)
    finding = jx.check(station, policy, on=ON).finding("fire_work_station.fire_officers")
    assert finding.status == status
    assert (finding.requirement.quote, finding.citation) == ("明确2名以上消防专管员", "qijiang-2022 一(一)")
    assert finding.requirement.responsible == ("各街道办事处", "各镇人民政府")


def test_the_national_baseline_still_applies(policy: jx.Policy) -> None:
    report = jx.check(jx.MicroFireStation(members=4), policy, on=ON)
    members = report.finding("national.micro_fire_station.members")
    assert (members.layer, members.status) == ("national", "fail")
    assert jx.check(jx.MicroFireStation(members=5), policy, on=ON).finding(members.id).status == "pass"
    assert not [r for r in jx.load_policy(POLICY, baseline=None).requirements if r.layer == "national"]


# -- the organisation: towns, villages, staffing and chains ------------------------------------------------------


def test_the_district_has_towns_and_villages(district: jx.District, policy: jx.Policy) -> None:
    assert [(s.name, s.kind, s.office) for s in district.streets] == [
        ("示例甲街道", "street", "示例甲街道办事处"),
        ("示例乙镇", "town", "示例乙镇人民政府"),
        ("示例丙镇", "town", "示例丙镇人民政府"),
    ]
    assert district.kind_of("示例乙镇/示例村") == "village"
    assert district.chain("示例乙镇/示例村/第1网格") == (
        "示例乙镇/示例村/第1网格",
        "示例乙镇/示例村",
        "500110101",
        "500110",
    )
    assert district.policy is policy


def test_staffing_of_the_towns_is_checked(district: jx.District) -> None:
    rollup = jx.check_staffing(district, ON)
    found = {r.record.name: (r.status, r.record.fire_officers) for r in rollup.reports}
    assert found == {
        "示例甲街道消防工作站": ("unknown", None),
        "示例乙镇消防工作站": ("pass", 2.0),
        "示例丙镇消防工作站": ("fail", 1.0),
    }
    # before the second officer's tenure began, 示例乙镇 had one
    early = {r.record.name: r.status for r in jx.check_staffing(district, dt.date(2023, 2, 1)).reports}
    assert early["示例乙镇消防工作站"] == "fail"


def test_the_chain_runs_through_the_town(district: jx.District) -> None:
    chain = jx.responsibility_chain(district, "示例乙镇/示例村/第1网格", on=ON)
    assert [(r.unit_kind, r.role, r.names) for r in chain] == [("town", "division_main_head", ("钱示例",))]
    assert chain[0].is_reading and "reading" in str(chain[0])


def test_what_the_fragment_does_not_say_is_refused_clearly(district: jx.District, policy: jx.Policy) -> None:
    with pytest.raises(
        jx.NotFoundError, match=r"qijiang-2022 declares no hazard rules: its files have no \[hazards\]"
    ):
        _ = policy.hazards
    with pytest.raises(jx.NotFoundError, match="declares no kinds of place"):
        jx.supervisor_of(jx.Place(kind="x"), district)
    with pytest.raises(jx.NotFoundError, match="declares no routing"):
        jx.route("剧本杀门店", policy)


# -- bad input in a district of towns ----------------------------------------------------------------------------


def _district_error(text: str, policy: jx.Policy) -> jx.DistrictFileError:
    with pytest.raises(jx.DistrictFileError) as info:
        jx.parse_district(text, source="d.toml", policy=policy)
    return info.value


def test_a_town_under_a_residents_committee_is_refused(policy: jx.Policy) -> None:
    text = (
        DISTRICT.read_text(encoding="utf-8")
        + '\n[[unit]]\nkind = "town"\nname = "示例丁镇"\nparent = "示例甲街道/示例社区"\n'
    )
    err = _district_error(text, policy)
    lines = text.splitlines()
    assert err.key == "unit[4].parent" and err.line == len(lines) - lines[::-1].index(
        'parent = "示例甲街道/示例社区"'
    )
    assert (
        "a town sits directly under the district, not under '示例甲街道/示例社区': list it in [[town]]"
        in err.reason
    )
    assert str(err).startswith(f"d.toml:{err.line}: unit[4].parent: ")


def test_a_post_of_another_kind_of_unit_is_refused(policy: jx.Policy) -> None:
    text = DISTRICT.read_text(encoding="utf-8").replace('unit = "示例丙镇"', 'unit = "示例乙镇/示例村"')
    err = _district_error(text, policy)
    assert (
        err.key == "tenure[3].role"
        and "is a post of a street or town, and '示例乙镇/示例村' is a village" in err.reason
    )


def test_a_yuzhong_post_is_not_a_qijiang_post(policy: jx.Policy) -> None:
    text = DISTRICT.read_text(encoding="utf-8").replace(
        'role = "division_main_head"', 'role = "street_main_leader"'
    )
    err = _district_error(text, policy)
    assert (
        err.key == "tenure[0].role"
        and "unknown role 'street_main_leader'; the roles of qijiang-2022" in err.reason
    )


def test_a_village_under_a_community_is_refused(policy: jx.Policy) -> None:
    head = DISTRICT.read_text(encoding="utf-8").split("[[unit]]", 1)[0]
    text = head + '[[unit]]\nkind = "community"\nname = "甲社区"\nparent = "示例甲街道"\n\n'
    text += '[[unit]]\nkind = "village"\nname = "乙村"\nparent = "示例甲街道/甲社区"\n'
    err = _district_error(text, policy)
    assert err.key == "unit[1].parent" and err.line == len(text.splitlines())
    assert re.search(r"a village sits under a town or township or street, not a community", err.reason)


# -- a rural district under the embedded policy: supervision and due reports reach its towns ---------------------

RURAL = """format = 1
[district]
name = "示例区"
name_en = "Example District"
code = "990001"
source = "invented for the tests"
confidence = "illustrative"

[[street]]
name = "示例街道"
name_en = "Example Street"
code = "990001001"

[[town]]
name = "示例镇"
name_en = "Example Town"
code = "990001101"

[[unit]]
kind = "village"
name = "示例村"
parent = "示例镇"

[[unit]]
kind = "police_station"
name = "示例镇派出所"
id = "ps-town"
covers = ["示例镇"]
"""


def test_supervision_and_due_reports_reach_the_towns() -> None:
    district = jx.parse_district(RURAL)  # the embedded policy
    street_kept = jx.supervisor_of(jx.Place(kind="small_restaurant", street="示例镇"), district)
    assert (street_kept.supervisor, street_kept.supervising_unit, street_kept.frequency) == (
        "街道办事处",
        "示例镇人民政府",
        "P1Y",
    )
    listed = jx.supervisor_of(jx.Place(kind="small_hotel", street="示例镇", listed_by_police=True), district)
    assert listed.supervising_unit == "示例镇派出所"
    obligations = jx.load_obligations()
    log = jx.schedule.parse_log("date,target,by,obligation\n", obligations=obligations)
    report = jx.due_report(obligations, log, on=dt.date(2026, 1, 1), district=district)
    completion = [d for d in report if d.obligation == "streets_complete_construction"]
    assert {d.target for d in completion} == {"示例街道", "示例镇"}
    assert all(d.status == "overdue" for d in completion)
