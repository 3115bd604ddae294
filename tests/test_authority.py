"""Who may act: every transition of the hazard loop authorised by the actor's post, with separation of duties.

The sample district's people (ILLUSTRATIVE): p11 heads 示例甲社区 (community_main_head), p03 and p04 are the
street's enforcement officers, p02 a designated fire officer, p07 a street team member (a post no act of the
loop is granted to), p05 the street's deputy in charge until 2024-03-31, p12 the community's fire work group
staff.  Hazards are reported in 第1网格 of 示例甲社区 (解放碑街道).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import jiceng_xiaofang as jx
from hazards_helpers import COMMUNITY, GRID, STREET, district, report, reported, t
from jiceng_xiaofang import hazards as jh
from jiceng_xiaofang.org import AUTHORITY_COLUMNS, authority_table
from jiceng_xiaofang.policy import AUTHORITY_ACTS, AUTHORITY_SCOPES

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "src" / "jiceng_xiaofang" / "data"
QIJIANG = HERE / "data" / "qijiang-2022-fragment.toml"
QIJIANG_DISTRICT = HERE / "data" / "qijiang-sample-district.toml"


@pytest.fixture(scope="module")
def auth() -> jx.Authority:
    return jx.Authority(district())


def rectified(auth: jx.Authority, hazard_id: str = "HZ-1") -> jh.History:
    """A hazard of 第1网格 the community took on and p11 reported rectified on 8 May 2024."""
    h = jh.report_hazard(report(hazard_id), district=district(), actor="p12", authority=auth)
    h = h.dispatch(by="社区 郑示例", at=t(5, 6, 10), actor="p11", authority=auth)
    h = h.start_rectification(deadline="P3D", by="社区 郑示例", at=t(5, 6, 11), actor="p11", authority=auth)
    return h.mark_rectified(by="社区 郑示例", at=t(5, 8), actor="p11", authority=auth)


# -- the policy data ----------------------------------------------------------------------------------------


def test_every_act_of_the_loop_is_granted_to_a_post_of_the_policy_with_its_clause() -> None:
    policy = jx.load_policy()
    rules = policy.authority_rules
    assert rules is not None
    codes = {r.code for r in policy.roles}
    for act in AUTHORITY_ACTS["hazards"]:
        grants = rules.grants_for("hazards", act)
        assert grants, act
        for g in grants:
            assert set(g.roles) <= codes
            assert g.quote in policy.clause(str(g.clause)).text.replace("\n", "")
            assert g.scope in AUTHORITY_SCOPES
            assert g.is_reading == (g.basis == "reading")


def test_the_separation_of_the_closed_loop_is_on_by_default() -> None:
    rules = jx.load_policy().authority_rules
    assert rules is not None
    s = rules.separation("no_self_verification")
    assert (s.enabled, s.not_by, str(s.clause)) == (True, ("report", "mark_rectified"), "3.2")
    assert [x.id for x in rules.separations_for("hazards", "verify")] == ["no_self_verification"]
    assert rules.separations_for("hazards", "assign") == ()


def test_the_table_of_who_may_act_is_generated_from_the_policy() -> None:
    rows = authority_table()
    assert all(len(r) == len(AUTHORITY_COLUMNS) for r in rows)
    verify = [r for r in rows if r[0] == "hazards" and "verify" in r[1].split(", ")]
    assert [r[4] for r in verify] == ["3.2", "3.1", "3.4", "1.4", "3.2"]
    assert verify[0][2] == "网格员" and verify[-1][3] == "separation"
    ledger = [r for r in rows if r[0] == "ledger"]
    assert [(r[1], r[4], r[6]) for r in ledger] == [
        ("report, answer", "5.1", "street_reports_its_tasks"),
        (
            "accept, inspect, supervise, letter, interview, bulletin, assess",
            "1.4",
            "committee_office_keeps_the_ledger",
        ),
        ("accept", "5.2", "no_own_acceptance"),
        ("assess", "1.4", "no_own_assessment"),
    ]
    granted = {a for r in ledger if r[3] != "separation" for a in r[1].split(", ")}
    assert granted == set(AUTHORITY_ACTS["ledger"])  # every step of the ledger names its posts


def _with_authority(tmp_path: Path, text: str) -> Path:
    for f in DATA.glob("yuzhong-2023*.toml"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "yuzhong-2023-authority.toml").write_text(text, encoding="utf-8")
    return tmp_path / "yuzhong-2023.toml"


@pytest.mark.parametrize(
    ("entry", "key", "message"),
    [
        ('roles = ["no_such_role"]', "roles[0]", "unknown role 'no_such_role'"),
        ('acts = ["fly"]', "acts[0]", "expected an act of hazards"),
        ('scope = "everywhere"', "scope", "expected one of holder, location, district, anyone"),
        ('quote = "不在条文中的话"', "quote", "the quote is not in the text of clause 3.2"),
        ('process = "taxes"', "process", "expected one of hazards, ledger"),
    ],
)
def test_a_bad_grant_is_refused_naming_the_key(tmp_path: Path, entry: str, key: str, message: str) -> None:
    fields = {
        "id": '"g"',
        "process": '"hazards"',
        "acts": '["verify"]',
        "roles": '["grid_worker"]',
        "scope": '"holder"',
        "clause": '"3.2"',
        "quote": '"实现“闭环”管理"',
        "en": '"x"',
    }
    name, value = entry.split(" = ", 1)
    fields[name] = value
    body = "\n".join(f"{k} = {v}" for k, v in fields.items())
    path = _with_authority(tmp_path, f"format = 1\n[authority]\n[[authority.grant]]\n{body}\n")
    with pytest.raises(jx.PolicyFileError) as err:
        jx.load_policy(path, baseline=None)
    assert err.value.key == f"authority.grant[0].{key}"
    assert message in str(err.value)


def test_a_separation_says_who_may_not_act(tmp_path: Path) -> None:
    text = (
        'format = 1\n[authority]\n[[authority.separation]]\nid = "s"\nprocess = "hazards"\nacts = ["verify"]\n'
        'clause = "3.2"\nquote = "实现“闭环”管理"\nen = "x"\n'
    )
    with pytest.raises(jx.PolicyFileError, match="not_by"):
        jx.load_policy(_with_authority(tmp_path, text), baseline=None)


# -- refusals -----------------------------------------------------------------------------------------------


def test_the_right_post_may_act_and_the_event_records_the_actor(auth: jx.Authority) -> None:
    h = rectified(auth)
    h = h.verify(by="街道 张示例", at=t(5, 9), actor="p03", authority=auth)
    h = h.close(by="街道 张示例", at=t(5, 9, 10), actor="p03", authority=auth)
    assert [e.actor for e in h.events] == ["p12", "p11", "p11", "p11", "p03", "p03"]
    assert h.state.state == "closed"


def test_a_wrong_post_is_refused_naming_the_posts_and_clauses_and_nothing_is_written(
    auth: jx.Authority,
) -> None:
    h = rectified(auth)
    with pytest.raises(jx.NotAuthorisedError) as err:
        h.verify(by="街道 杨示例", at=t(5, 9), actor="p07", authority=auth)
    e = err.value
    assert (e.process, e.act, e.actor, e.on) == ("hazards", "verify", "p07", "2024-05-09")
    assert "grid_worker" in e.posts and "enforcement_officer" in e.posts
    assert e.clauses == ("3.2", "3.1", "3.4", "1.4")
    assert "street_team_member in 500103003" in str(e) and "hazard 'HZ-1'" in str(e)
    assert len(h) == 4 and h.state.state == "rectified"


def test_a_tenure_counts_to_its_last_day_and_not_the_day_after(auth: jx.Authority) -> None:
    h = jh.report_hazard(report(reported_at=t(3, 30)), district=district())
    h = h.escalate(
        reason="超出网格处置能力", by="x", at=t(3, 30, 10), to="street", actor="p05", authority=auth
    )
    assert h.events[-1].actor == "p05"  # held street_deputy_in_charge until 2024-03-31, inclusive
    h = h.assign(by="街道 刘示例", at=t(3, 31, 23, 59), actor="p05", authority=auth)
    with pytest.raises(jx.NotAuthorisedError, match="ended on 2024-03-31"):
        h.start_rectification(deadline="P3D", by="街道 刘示例", at=t(4, 1, 0, 0), actor="p05", authority=auth)
    h = h.start_rectification(deadline="P3D", by="街道 陈示例", at=t(4, 1), actor="p06", authority=auth)
    assert h.events[-1].actor == "p06"


def test_the_date_is_the_event_day_at_its_own_offset(auth: jx.Authority) -> None:
    h = jh.report_hazard(report(reported_at=t(3, 30)), district=district())
    h = h.escalate(
        reason="超出网格处置能力", by="x", at=t(3, 30, 10), to="street", actor="p05", authority=auth
    )
    utc = dt.datetime(2024, 3, 31, 17, tzinfo=dt.UTC)  # 2024-04-01 01:00 in Chongqing, but 31 March in UTC
    assert h.assign(by="x", at=utc, actor="p05", authority=auth).events[-1].actor == "p05"


def test_the_one_who_reported_it_rectified_may_not_verify_or_close_it(auth: jx.Authority) -> None:
    h = rectified(auth)
    for command in ("verify", "fail_verification"):
        kwargs = {"reason": "未整改到位"} if command == "fail_verification" else {}
        with pytest.raises(jx.NotAuthorisedError, match=r"p11 \(郑示例\) did mark_rectified on it") as err:
            getattr(h, command)(by="社区 郑示例", at=t(5, 9), actor="p11", authority=auth, **kwargs)
        assert "no_self_verification, 3.2" in str(err.value)
    verified = h.verify(by="街道 张示例", at=t(5, 9), actor="p03", authority=auth)
    with pytest.raises(jx.NotAuthorisedError, match="did mark_rectified"):
        verified.close(by="社区 郑示例", at=t(5, 9, 10), actor="p11", authority=auth)


def test_the_reporter_may_not_verify_either(auth: jx.Authority) -> None:
    h = jh.report_hazard(report(), district=district(), actor="p04", authority=auth)
    h = h.dispatch(by="x", at=t(5, 6, 10), actor="p11", authority=auth)
    h = h.start_rectification(deadline="P3D", by="x", at=t(5, 6, 11), actor="p11", authority=auth)
    h = h.mark_rectified(by="x", at=t(5, 8), actor="p11", authority=auth)
    with pytest.raises(jx.NotAuthorisedError, match=r"p04 .* did report on it"):
        h.verify(by="x", at=t(5, 9), actor="p04", authority=auth)


def test_a_post_below_the_holder_may_not_act(auth: jx.Authority) -> None:
    h = reported().escalate(reason="超出社区处置能力", by="x", at=t(5, 6, 10), to="street", actor="p11")
    with pytest.raises(jx.NotAuthorisedError, match=f"in {STREET} or above"):
        h.assign(by="社区 郑示例", at=t(5, 6, 11), actor="p11", authority=auth)
    assert h.assign(by="x", at=t(5, 6, 11), actor="p02", authority=auth).state.holder == (STREET,)


def test_a_post_of_another_street_may_not_act(auth: jx.Authority) -> None:
    h = jh.report_hazard(report(grid="", community="七星岗街道/示例乙社区"), district=district())
    with pytest.raises(jx.NotAuthorisedError, match="七星岗街道/示例乙社区 or above"):
        h.dispatch(by="x", at=t(5, 6, 10), actor="p11", authority=auth)


def test_only_the_street_whistles(auth: jx.Authority) -> None:
    h = reported().escalate(reason="涉及行业监管", by="x", at=t(5, 6, 10), to="street")
    with pytest.raises(jx.NotAuthorisedError, match="whistle needs a post of street_main_leader"):
        h.whistle(by="x", at=t(5, 6, 11), departments=["区住建委"], actor="p07", authority=auth)
    w = h.whistle(by="x", at=t(5, 6, 11), departments=["区住建委"], actor="p01", authority=auth)
    # the departments hold it with the street (joint control): the street's station rectifies
    w = w.start_rectification(deadline="P5D", by="x", at=t(5, 6, 12), actor="p02", authority=auth)
    assert w.state.level == "department"


def test_no_actor_an_unknown_person_and_anyone_reporting(auth: jx.Authority) -> None:
    h = reported()
    with pytest.raises(jx.NotAuthorisedError, match="no actor was given"):
        h.dispatch(by="x", at=t(5, 6, 10), authority=auth)
    with pytest.raises(jx.NotAuthorisedError, match="'p99' is not a person of the district file"):
        h.dispatch(by="x", at=t(5, 6, 10), actor="p99", authority=auth)
    citizen = jh.report_hazard(report("HZ-9"), district=district(), authority=auth)
    assert citizen.events[0].actor == ""  # anyone may report (3.7): no post is needed


def test_a_bad_actor_is_a_package_error() -> None:
    with pytest.raises(jx.XiaofangError, match="actor: expected a person id"):
        reported().dispatch(by="x", at=t(5, 6, 10), actor=" p11")
    with pytest.raises(jx.XiaofangError, match="authority: expected an Authority"):
        reported().dispatch(by="x", at=t(5, 6, 10), actor="p11", authority="yes")  # type: ignore[arg-type]


def test_a_policy_that_declares_no_posts_refuses_every_act() -> None:
    policy = jx.load_policy(QIJIANG)
    assert policy.authority_rules is None
    d = jx.load_district(QIJIANG_DISTRICT, policy=policy)
    auth = jx.Authority(d)
    person = d.persons[0].id
    with pytest.raises(
        jx.NotAuthorisedError, match=r"declares no posts for any act \(its files have no \[authority\]\)"
    ):
        auth.check("hazards", "verify", actor=person, on=dt.date(2024, 7, 1), holder=d.code)
    assert all(r[2] == "(none declared: refused)" for r in authority_table(policy))


def test_an_act_the_policy_grants_to_no_post_is_refused(auth: jx.Authority, tmp_path: Path) -> None:
    text = (DATA / "yuzhong-2023-authority.toml").read_text(encoding="utf-8")
    without = text[: text.index("# --- the committee's ledger")]
    policy = jx.load_policy(_with_authority(tmp_path, without), baseline=None)
    bare = jx.Authority(jx.sample_district(), policy)
    with pytest.raises(jx.NotAuthorisedError, match="declares no posts for ledger accept"):
        bare.check("ledger", "accept", actor="p11", on=dt.date(2024, 7, 1))
    rows = authority_table(policy)
    assert [r for r in rows if r[0] == "ledger"] == [
        ("ledger", ", ".join(AUTHORITY_ACTS["ledger"]), "(none declared: refused)", "", "", "", "")
    ]
    with pytest.raises(jx.XiaofangError, match="expected an act of a process"):
        auth.check("hazards", "fly", actor="p11", on=dt.date(2024, 7, 1))


def test_a_separation_switched_off_lets_the_rectifier_verify(tmp_path: Path) -> None:
    text = (DATA / "yuzhong-2023-authority.toml").read_text(encoding="utf-8")
    text = text.replace('id = "no_self_verification"', 'id = "no_self_verification"\nenabled = false')
    policy = jx.load_policy(_with_authority(tmp_path, text), baseline=None)
    d = jx.sample_district()
    auth = jx.Authority(d, policy)
    h = jh.report_hazard(report(), district=d, policy=policy)
    h = h.dispatch(by="x", at=t(5, 6, 10), actor="p11", authority=auth)
    h = h.start_rectification(deadline="P3D", by="x", at=t(5, 6, 11), actor="p11", authority=auth)
    h = h.mark_rectified(by="x", at=t(5, 8), actor="p11", authority=auth)
    assert h.verify(by="x", at=t(5, 9), actor="p11", authority=auth).state.state == "verified"


def test_a_unit_may_not_act_on_its_own(tmp_path: Path) -> None:
    """The engine's not_own separation, as a ledger acceptance will use it: the unit is named by id or office."""
    text = (
        'format = 1\n[authority]\n[[authority.grant]]\nid = "g"\nprocess = "ledger"\nacts = ["accept"]\n'
        'roles = ["station_staff"]\nscope = "district"\nclause = "5.2"\nquote = "确保各项重点任务落实落地"\n'
        'basis = "reading"\nreading = "r"\nen = "x"\n'
        '[[authority.separation]]\nid = "not_own_task"\nprocess = "ledger"\nacts = ["accept"]\nnot_own = true\n'
        'clause = "5.2"\nquote = "确保各项重点任务落实落地"\nbasis = "reading"\nreading = "r"\nen = "a unit does not accept its own task"\n'
    )
    policy = jx.load_policy(_with_authority(tmp_path, text), baseline=None)
    auth = jx.Authority(jx.sample_district(), policy)
    on = dt.date(2024, 7, 1)
    for own in (["解放碑街道办事处"], [STREET]):
        with pytest.raises(jx.NotAuthorisedError, match="a unit does not accept its own task") as err:
            auth.check("ledger", "accept", actor="p02", on=on, own=own)
        assert err.value.clauses == ()
    assert auth.check("ledger", "accept", actor="p02", on=on, own=["七星岗街道办事处"]).grant.id == "g"


# -- replay, stores -----------------------------------------------------------------------------------------


def _log(auth: jx.Authority) -> str:
    h = rectified(auth).verify(by="街道 张示例", at=t(5, 9), actor="p03", authority=auth)
    return jh.HazardLog.from_histories([h]).to_jsonl()


def test_a_log_with_actors_reads_back_and_an_old_log_without_them_still_reads(auth: jx.Authority) -> None:
    text = _log(auth)
    assert '"actor":"p11"' in text
    result = jh.parse_hazard_log(text, authority=auth)
    assert result.ok and [e.actor for e in result.events][-1] == "p03"
    old = re.sub(r',"actor":"p\d+"', "", text)
    assert jh.parse_hazard_log(old).ok  # without an authority, nothing about actors is asked
    checked = jh.parse_hazard_log(old, authority=auth)  # with one, an event without an actor is not a pass
    assert [p.kind for p in checked.problems] == ["unauthorised", "invalid", "invalid", "invalid"]


def test_a_forged_event_is_reported_on_replay_not_replayed(auth: jx.Authority) -> None:
    text = _log(auth)
    lines = text.splitlines()
    lines[4] = lines[4].replace('"actor":"p03"', '"actor":"p11"')  # the rectifier signs off their own work
    result = jh.parse_hazard_log("\n".join(lines) + "\n", source="h.jsonl", authority=auth)
    assert [(p.line, p.kind) for p in result.problems] == [(5, "unauthorised")]
    assert "did mark_rectified" in result.problems[0].message
    assert result.log.history("HZ-1").state.state == "rectified"
    with pytest.raises(jh.HazardLogError, match="line 5: unauthorised"):
        result.check()


def test_a_back_dated_event_is_reported_on_replay(auth: jx.Authority) -> None:
    h = jh.report_hazard(report(reported_at=t(3, 30)), district=district())
    h = h.escalate(reason="超出网格处置能力", by="x", at=t(3, 30, 10), to="street", actor="p05")
    h = h.assign(by="街道 刘示例", at=t(4, 2), actor="p05")  # recorded without a check: p05's post ended
    result = jh.parse_hazard_log(jh.HazardLog.from_histories([h]).to_jsonl(), authority=auth)
    assert [(p.line, p.kind) for p in result.problems] == [(3, "unauthorised")]
    assert "ended on 2024-03-31" in result.problems[0].message
    assert "unauthorised" in jh.PROBLEM_KINDS


def test_the_store_refuses_an_unauthorised_append_and_writes_nothing(
    auth: jx.Authority, tmp_path: Path
) -> None:
    path = tmp_path / "h.sqlite"
    with jx.HazardStore(path, authority=auth) as store:
        h = rectified(auth)
        assert len(store.record(h)) == 4
        forged = h.verify(by="社区 郑示例", at=t(5, 9), actor="p11")  # built without a check
        with pytest.raises(jx.NotAuthorisedError):
            store.append(forged.events[4:])
        with pytest.raises(jx.NotAuthorisedError):
            store.record(forged)
        assert len(store.history("HZ-1")) == 4
        store.append(h.verify(by="x", at=t(5, 9), actor="p04").events[4:])
        assert store.read().ok
        verified = store.history("HZ-1")
    with jx.HazardStore(path) as plain:  # written without a check, read with one
        plain.append(verified.close(by="x", at=t(5, 9, 10), actor="p07").events[5:])
    with jx.HazardStore(path, authority=auth) as store:
        assert [p.kind for p in store.read().problems] == ["unauthorised"]


def test_append_events_takes_an_authority(auth: jx.Authority, tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    h = rectified(auth)
    jh.append_events(path, h.events, authority=auth)
    with pytest.raises(jx.NotAuthorisedError):
        jh.append_events(path, h.verify(by="x", at=t(5, 9), actor="p11").events[4:], authority=auth)
    assert len(jh.read_hazard_log(path, authority=auth).events) == 4


def test_the_store_and_its_authority_follow_one_policy(auth: jx.Authority, tmp_path: Path) -> None:
    other = jx.load_policy(QIJIANG)
    with pytest.raises(jx.XiaofangError, match="authority: its policy is yuzhong-2023"):
        jx.HazardStore(tmp_path / "h.sqlite", policy=other, authority=auth)


def test_the_authority_looks_up_only_the_actors_own_tenures(auth: jx.Authority) -> None:
    assert [t.role for t in auth.tenures("p11", dt.date(2024, 5, 6))] == [
        "community_main_head",
        "party_branch_secretary",
    ]
    assert auth.tenures("p05", dt.date(2024, 4, 1)) == ()
    a = auth.check("hazards", "verify", actor="p03", on=dt.date(2024, 5, 9), holder=GRID, location=GRID)
    assert (a.tenure.role if a.tenure else None, a.grant.id) == (
        "enforcement_officer",
        "street_closes_the_loop",
    )
    assert auth.check("hazards", "assign", actor="p11", on=dt.date(2024, 5, 9), holder=COMMUNITY).tenure
    assert "grants" in repr(auth)
