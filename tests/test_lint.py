"""The lint reports, and never fixes, what the policy says inconsistently."""

from __future__ import annotations

import attrs

import jiceng_xiaofang as jx
from jiceng_xiaofang.policy import LINT_CODES


def test_embedded_policy_reports_the_real_4_5_double_listing(policy: jx.Policy) -> None:
    issues = jx.lint(policy)
    assert [(i.code, i.where, i.clause, i.severity) for i in issues] == [
        ("lead-and-cooperating", "clause 4.5", "4.5", "warning"),
        ("lead-and-cooperating", "annex row 20 (4.5)", "4.5", "warning"),
    ]
    assert all("区消防救援支队" in i.message for i in issues)
    # reported, not fixed: the data still says it twice
    assert "区消防救援支队" in policy.task("4.5").lead
    assert "区消防救援支队" in policy.task("4.5").cooperating


def _with_task(policy: jx.Policy, clause: str, **changes: object) -> jx.Policy:
    tasks = tuple(attrs.evolve(t, **changes) if t.clause == clause else t for t in policy.tasks)
    return attrs.evolve(policy, tasks=tasks)


def test_annex_lead_disagreeing_with_clause(policy: jx.Policy) -> None:
    changed = _with_task(policy, "2.1", lead=("区住建委", "区城管局"))
    codes = [(i.code, i.where) for i in jx.lint(changed) if i.clause == "2.1"]
    assert codes == [("annex-lead-mismatch", "annex row 5 (2.1)")]


def test_annex_cooperating_disagreeing_with_clause(policy: jx.Policy) -> None:
    changed = _with_task(policy, "1.1", cooperating=("区应急局",))
    issues = [i for i in jx.lint(changed) if i.clause == "1.1"]
    assert [i.code for i in issues] == ["annex-cooperating-mismatch"]
    assert "区应急局、区消防救援支队" in issues[0].message


def test_annex_name_disagreeing_with_clause_title(policy: jx.Policy) -> None:
    changed = _with_task(policy, "3.2", name="网格化管理")
    assert [i.code for i in jx.lint(changed) if i.clause == "3.2"] == ["annex-name-mismatch"]


def test_annex_section_disagreeing_with_clause(policy: jx.Policy) -> None:
    changed = _with_task(policy, "3.2", section="加强公共消防设施建设")
    issues = [i for i in jx.lint(changed) if i.clause == "3.2"]
    assert [i.code for i in issues] == ["annex-section-mismatch"]
    assert "加强基层消防工作机制建设" in issues[0].message


def test_task_with_no_lead(policy: jx.Policy) -> None:
    changed = _with_task(policy, "3.5", lead=())
    issues = [i for i in jx.lint(changed) if i.clause == "3.5"]
    assert ("no-lead", "error") in [(i.code, i.severity) for i in issues]
    changed = _with_task(policy, "3.5", lead=(), cooperating=())
    assert "no-lead" in [i.code for i in jx.lint(changed) if i.clause == "3.5"]


def test_duplicate_unit_in_one_role(policy: jx.Policy) -> None:
    changed = _with_task(policy, "3.5", cooperating=("区司法局", "区司法局"))
    assert "duplicate-body" in [i.code for i in jx.lint(changed) if i.clause == "3.5"]


def test_clause_without_task(policy: jx.Policy) -> None:
    changed = attrs.evolve(policy, tasks=tuple(t for t in policy.tasks if t.clause != "3.7"))
    assert [(i.code, i.clause) for i in jx.lint(changed) if i.clause == "3.7"] == [
        ("clause-without-task", "3.7")
    ]


def test_every_code_is_documented(policy: jx.Policy) -> None:
    changed = _with_task(policy, "3.5", lead=(), cooperating=("区司法局", "区司法局"), name="x", section="y")
    changed = attrs.evolve(changed, tasks=tuple(t for t in changed.tasks if t.clause != "3.7"))
    changed = _with_task(changed, "2.1", lead=("区住建委",), cooperating=("区应急局",))
    members = changed.requirement("micro_fire_station.members")
    weaker = attrs.evolve(members, value=4.0)
    changed = attrs.evolve(
        changed, requirements=tuple(weaker if r is members else r for r in changed.requirements)
    )
    cut = attrs.evolve(changed.clause("5.1"), complete=False)
    changed = attrs.evolve(changed, clauses=tuple(cut if c.id == "5.1" else c for c in changed.clauses))
    grid = changed.role("grid_worker")
    unnamed = attrs.evolve(grid, reference=attrs.evolve(grid.reference, quote="建立工作任务清单"))
    changed = attrs.evolve(changed, roles=tuple(unnamed if r is grid else r for r in changed.roles))
    fact = attrs.evolve(changed.facts[0], draft=True)
    unknown = attrs.evolve(changed.document, issuer="", issued=None)
    body = attrs.evolve(changed.bodies[0], level="")
    changed = attrs.evolve(
        changed, facts=(fact, *changed.facts[1:]), document=unknown, bodies=(body, *changed.bodies[1:])
    )
    seen = {i.code for i in jx.lint(changed)}
    assert seen == set(LINT_CODES)


def test_district_value_weaker_than_national_is_reported_and_the_floor_applies(policy: jx.Policy) -> None:
    members = policy.requirement("micro_fire_station.members")
    assert (members.value, members.layer) == (6.0, "district")
    weaker = attrs.evolve(members, value=4.0)
    changed = attrs.evolve(
        policy, requirements=tuple(weaker if r is members else r for r in policy.requirements)
    )
    issues = [i for i in jx.lint(changed) if i.code == "weaker-than-baseline"]
    assert [(i.where, i.clause) for i in issues] == [("requirement micro_fire_station.members", "1.2")]
    assert "national >= 5" in issues[0].message
    effective = [r for r in changed.effective_requirements("micro_fire_station") if r.field == "members"]
    assert [(r.id, r.value) for r in effective] == [("national.micro_fire_station.members", 5.0)]
    assert not [i for i in jx.lint(policy) if i.code == "weaker-than-baseline"]
