"""The closed loop: the full path, escalation, whistle and rejection; invalid commands change nothing."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from dateutil.relativedelta import relativedelta

import jiceng_xiaofang as jx
from hazards_helpers import COMMUNITY, GRID, STREET, closed_in_grid, district, report, reported, t
from jiceng_xiaofang import hazards as jh

# -- the full loop ---------------------------------------------------------------------------------------------


def test_the_full_loop_of_a_general_hazard_stays_in_the_grid() -> None:
    h = closed_in_grid()
    assert [e.command for e in h] == [
        "report",
        "assign",
        "start_rectification",
        "mark_rectified",
        "verify",
        "close",
    ]
    assert [e.state for e in h] == ["reported", "assigned", "rectifying", "rectified", "verified", "closed"]
    assert [e.clause for e in h] == ["3.7", "3.2", "4.3", "4.3", "3.2", "4.3"]
    assert [e.seq for e in h] == [1, 2, 3, 4, 5, 6]
    s = h.state
    assert (s.state, s.level, s.holder, s.holder_names) == ("closed", "grid", (GRID,), ("第1网格",))
    assert s.closed_in_grid and not s.left_grid and s.escalations == 0
    assert s.closed_at == t(5, 9, 10) and s.deadline is None
    assert s.allowed == ()
    assert jh.time_to_close(h) == dt.timedelta(days=3, hours=1)
    # every event says who, when, what, why and on which clause
    assign = h.events[1]
    assert (assign.by, assign.at, assign.rule, assign.quote) == (
        "网格员 张三",
        t(5, 6, 10),
        "general_in_grid",
        "确保“一般隐患不出网格”，实现“闭环”管理",
    )
    assert "一般隐患不出网格" in assign.reason


def test_the_report_is_located_in_the_district() -> None:
    h = reported()
    r = h.state.report
    assert (r.grid, r.community, r.street) == (GRID, COMMUNITY, STREET)
    assert (r.grid_name, r.community_name, r.street_name) == ("第1网格", "示例甲社区", "解放碑街道")
    assert r.ladder == (
        ("grid", GRID, "第1网格"),
        ("community", COMMUNITY, "示例甲社区"),
        ("street", STREET, "解放碑街道办事处"),
    )
    first = h.events[0]
    assert (first.command, first.rule, first.clause, first.level, first.to) == (
        "report",
        "citizen_report",
        "3.7",
        "grid",
        (GRID,),
    )
    assert first.by == "“12345”政务服务便民热线"  # anonymous: the channel
    assert jh.report_hazard(report(reporter="李某"), district=district()).events[0].by == "李某"
    assert jh.report_hazard(report(), district=district(), by="接线员 周某").events[0].by == "接线员 周某"


@pytest.mark.parametrize(
    ("channel", "clause"),
    [
        ("hotline_12345", "3.7"),
        ("yukuaiban", "3.7"),
        ("whistle_blower", "3.7"),
        ("grid_patrol", "3.2"),
        ("iot_sensor", "4.5"),
        ("inspection", "3.3"),
    ],
)
def test_a_report_cites_its_channel(channel: str, clause: str) -> None:
    assert reported(channel=channel).events[0].clause == clause


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (
            {"grid": "解放碑街道/示例甲社区/第9网格"},
            "HazardReport.grid: no unit '解放碑街道/示例甲社区/第9网格'",
        ),
        (
            {"grid": COMMUNITY},
            "HazardReport.grid: expected a grid of 渝中区, got '解放碑街道/示例甲社区', which is a community",
        ),
        ({"community": "七星岗街道/示例乙社区"}, "HazardReport.community: expected the community of"),
        ({"street": "七星岗街道"}, "HazardReport.street: expected the street of"),
        ({"grid": "", "street": "不存在街道"}, "HazardReport.street: no street '不存在街道'"),
    ],
)
def test_a_report_in_the_wrong_place_is_refused(where: dict[str, str], message: str) -> None:
    with pytest.raises(jx.XiaofangError) as exc:
        reported(**where)
    assert message in str(exc.value)


def test_a_report_without_a_grid_is_held_by_its_community_or_street() -> None:
    h = reported(grid="", community=COMMUNITY)
    assert (h.state.level, h.state.holder) == ("community", (COMMUNITY,))
    assigned = h.dispatch(by="社区 郑示例", at=t(5, 6, 10))
    assert (assigned.events[-1].rule, assigned.events[-1].clause) == ("community_territorial", "3.1")
    street_only = reported(grid="", street="解放碑街道", place_kind="")
    assert (street_only.state.level, street_only.state.holder_names) == ("street", ("解放碑街道办事处",))
    assert street_only.dispatch(by="街道", at=t(5, 6, 10)).events[-1].rule == "street_territorial"


# -- escalation --------------------------------------------------------------------------------------------------


def test_a_major_hazard_leaves_the_grid_for_the_street_and_is_whistled() -> None:
    h = reported(severity="major", place_kind="high_rise_building")
    assert "assign" not in h.state.allowed
    with pytest.raises(jh.TransitionError, match="a major hazard is not handled in the grid"):
        h.assign(by="网格员 张三", at=t(5, 6, 10))
    h = h.dispatch(by="平台", at=t(5, 6, 10))
    up = h.events[-1]
    assert (up.command, up.rule, up.clause, up.level, up.to) == (
        "escalate",
        "major_hazard",
        "3.2",
        "street",
        (STREET,),
    )
    assert h.state.state == "escalated" and h.state.left_grid
    h = h.dispatch(by="解放碑街道消防工作站", at=t(5, 6, 11))
    whistle = h.events[-1]
    assert (whistle.command, whistle.clause, whistle.level, whistle.to) == (
        "whistle",
        "3.6",
        "department",
        ("区住建委",),
    )
    assert "route(high_rise_building)" in whistle.note and "inferred" not in whistle.note
    assert h.state.whistled and h.state.holder_names == ("区住建委",)


def test_a_whistle_by_an_inferred_route_says_so() -> None:
    h = reported(severity="major", place_kind="剧本杀门店").dispatch(by="平台", at=t(5, 6, 10))
    h = h.dispatch(by="街道", at=t(5, 6, 11))
    assert h.state.holder == ("区文旅委",)
    assert "inferred by the closest-business principle" in h.events[-1].note


def test_a_street_with_no_department_to_route_to_assigns_itself() -> None:
    for kind in ("", "party_and_government_body"):
        h = reported(severity="major", place_kind=kind).dispatch(by="平台", at=t(5, 6, 10))
        h = h.dispatch(by="街道", at=t(5, 6, 11))
        assert (h.events[-1].command, h.events[-1].clause, h.state.level) == ("assign", "3.1", "street")
    with pytest.raises(jh.TransitionError, match="names no place kind"):
        reported(severity="major", place_kind="").dispatch(by="平台", at=t(5, 6, 10)).whistle(
            by="街道", at=t(5, 7)
        )
    with pytest.raises(jh.TransitionError, match="names no industry department"):
        reported(severity="major", place_kind="party_and_government_body").dispatch(
            by="平台", at=t(5, 6, 10)
        ).whistle(by="街道", at=t(5, 7))


def test_a_whistle_can_name_its_departments_but_only_a_street_blows_it() -> None:
    h = reported()
    with pytest.raises(jh.TransitionError, match="only a street blows the whistle"):
        h.append(
            jh.Event(
                hazard="HZ-1",
                seq=2,
                command="whistle",
                state="assigned",
                at=t(5, 7),
                by="网格员",
                rule="street_whistle",
                clause="3.6",
                level="department",
                to=("区商务委",),
            )
        )
    with pytest.raises(jh.TransitionError, match="cannot whistle"):
        h.whistle(by="网格员", at=t(5, 7), departments=["区商务委"])
    at_street = h.escalate(reason="需要执法", to="street", by="社区", at=t(5, 7))
    named = at_street.whistle(by="街道", at=t(5, 8), departments=["区商务委", "区住建委"])
    assert (
        named.state.holder == ("区商务委", "区住建委")
        and named.events[-1].note == "departments named by the caller"
    )


def test_overdue_hazards_climb_one_level_at_a_time_to_the_district() -> None:
    h = reported().dispatch(by="网格员", at=t(5, 6, 10))
    h = h.start_rectification(deadline=dt.date(2024, 5, 8), by="网格员", at=t(5, 6, 11))
    assert h.escalate_if_overdue(by="平台", at=t(5, 8, 23)) is h  # the deadline day is still in time
    levels = []
    day = 9
    for _ in range(3):
        h = h.escalate_if_overdue(by="平台", at=t(5, day))
        e = h.events[-1]
        assert (e.command, e.rule, e.clause, e.quote) == ("escalate", "overdue", "4.3", "限期销案")
        levels.append(h.state.level)
        assert h.state.deadline is None
        h = h.dispatch(by="接手单位", at=t(5, day, 10))
        if h.state.level == "department":
            levels.append("department")
        h = h.start_rectification(deadline="P1D", by="接手单位", at=t(5, day, 11))
        day += 3
    assert levels == ["community", "street", "department", "district"]
    assert h.state.escalations == 3 and h.state.holder == (jx.load_policy().hazards.district_holder,)
    assert h.events[-2].clause == "1.4"  # the district's office takes it on
    late = h.escalate_if_overdue(by="平台", at=t(6, 30))
    assert late is h  # nothing is above the district: no escalation event
    with pytest.raises(jh.TransitionError, match="nothing is above the district"):
        h.escalate(reason="x", by="平台", at=t(6, 30), cause="overdue")


def test_beyond_power_escalates_with_3_4_and_can_skip_levels() -> None:
    h = reported().dispatch(by="网格员", at=t(5, 6, 10))
    up = h.escalate(reason="需要行政执法", by="网格员", at=t(5, 7))
    assert (up.events[-1].rule, up.events[-1].clause, up.state.level) == ("beyond_power", "3.4", "community")
    skip = h.escalate(reason="需要行政执法", to="street", by="网格员", at=t(5, 7))
    assert skip.state.level == "street"
    with pytest.raises(
        jh.TransitionError,
        match="escalation goes up from grid: expected one of community, street, district, got 'grid'",
    ):
        h.escalate(reason="x", to="grid", by="网格员", at=t(5, 7))
    with pytest.raises(jx.XiaofangError, match="to: expected one of"):
        h.escalate(reason="x", to="province", by="网格员", at=t(5, 7))
    with pytest.raises(
        jx.XiaofangError, match="cause: expected one of 'major', 'beyond_power', 'overdue', got 'late'"
    ):
        h.escalate(reason="x", cause="late", by="网格员", at=t(5, 7))
    with pytest.raises(jh.TransitionError, match="the hazard is general, not major"):
        h.escalate(reason="x", cause="major", by="网格员", at=t(5, 7))
    with pytest.raises(jh.TransitionError, match="the hazard is not overdue: it has no deadline"):
        h.escalate(reason="x", cause="overdue", by="网格员", at=t(5, 7))
    rect = h.start_rectification(deadline="P5D", by="网格员", at=t(5, 7))
    with pytest.raises(jh.TransitionError, match="its deadline 2024-05-12 has not passed on 2024-05-12"):
        rect.escalate(reason="x", cause="overdue", by="网格员", at=t(5, 12, 23))


def test_a_department_hazard_escalates_to_the_district() -> None:
    h = reported(severity="major", place_kind="hotel").dispatch(by="平台", at=t(5, 6, 10))
    h = h.dispatch(by="街道", at=t(5, 6, 11))
    assert h.state.holder == ("区商务委", "区文旅委")
    h = h.escalate(reason="部门间职责不清", by="区商务委", at=t(5, 7))
    assert (h.state.level, h.state.holder) == ("district", (jx.load_policy().hazards.district_holder,))


# -- rejection and failed verification ---------------------------------------------------------------------------


def test_rejection_needs_a_reason_and_is_final() -> None:
    h = reported()
    with pytest.raises(jh.TransitionError, match="reject needs a reason"):
        h.reject(reason=" ", by="网格员", at=t(5, 6, 10))
    rejected = h.reject(reason="现场核实：通道畅通，不构成隐患", by="网格员 张三", at=t(5, 6, 10))
    s = rejected.state
    assert (s.state, s.rejection, s.is_open, s.allowed) == (
        "rejected",
        "现场核实：通道畅通，不构成隐患",
        False,
        (),
    )
    assert rejected.events[-1].clause == "3.2"
    assert jh.time_to_close(rejected) is None
    with pytest.raises(jh.TransitionError, match="allowed now: nothing \\(rejected is final\\)"):
        rejected.dispatch(by="x", at=t(5, 7))
    # a hazard can also be rejected once assigned or escalated
    assert (
        reported().dispatch(by="x", at=t(5, 6)).reject(reason="重复举报", by="x", at=t(5, 6)).state.state
        == "rejected"
    )
    up = reported().escalate(reason="x", by="x", at=t(5, 6))
    assert up.reject(reason="非消防隐患", by="社区", at=t(5, 7)).state.state == "rejected"


def test_a_failed_verification_goes_back_to_rectifying_with_the_same_deadline() -> None:
    h = reported().dispatch(by="网格员", at=t(5, 6, 10))
    h = h.start_rectification(deadline="P3D", by="网格员", at=t(5, 6, 11)).mark_rectified(
        by="网格员", at=t(5, 8)
    )
    again = h.fail_verification(reason="杂物未清理干净", by="社区", at=t(5, 8, 15))
    assert (again.state.state, again.state.deadline) == ("rectifying", dt.date(2024, 5, 9))
    with pytest.raises(TypeError):
        h.fail_verification(by="社区", at=t(5, 8, 15))  # type: ignore[call-arg]
    done = (
        again.mark_rectified(by="网格员", at=t(5, 9))
        .verify(by="社区", at=t(5, 9, 10))
        .close(by="社区", at=t(5, 9, 11))
    )
    assert done.state.closed_in_grid


# -- deadlines ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "day", "note"),
    [
        ("P15D", dt.date(2024, 5, 21), "deadline P15D from 2024-05-06"),
        ("P1M", dt.date(2024, 6, 6), "deadline P1M from 2024-05-06"),
        ("P2W", dt.date(2024, 5, 20), "deadline P2W from 2024-05-06"),
        (relativedelta(days=15), dt.date(2024, 5, 21), "deadline P15D from 2024-05-06"),
        (relativedelta(months=1, days=2), dt.date(2024, 6, 8), "deadline P1M2D from 2024-05-06"),
        (dt.date(2024, 5, 6), dt.date(2024, 5, 6), "deadline 2024-05-06 set on 2024-05-06"),
    ],
)
def test_deadlines_are_dates_or_calendar_periods(deadline: object, day: dt.date, note: str) -> None:
    h = reported().dispatch(by="网格员", at=t(5, 6, 10))
    h = h.start_rectification(deadline=deadline, by="网格员", at=t(5, 6, 11))  # type: ignore[arg-type]
    assert (h.state.deadline, h.events[-1].deadline, h.events[-1].note) == (day, day, note)


def test_a_month_from_the_31st_ends_on_the_last_day_of_the_next_month() -> None:
    assert jh.resolve_deadline("P1M", dt.date(2024, 1, 31))[0] == dt.date(2024, 2, 29)
    assert jh.resolve_deadline("P1M", dt.date(2023, 1, 31))[0] == dt.date(2023, 2, 28)


@pytest.mark.parametrize(
    ("deadline", "message"),
    [
        (
            15,
            "deadline: expected a datetime.date, an ISO 8601 duration such as 'P15D' or a dateutil relativedelta, got 15",
        ),
        (dt.timedelta(days=15), "deadline: expected a datetime.date, an ISO 8601 duration"),
        ("15天", "deadline: expected an ISO 8601 duration such as 'P1Y', 'P6M' or 'P3M', got '15天'"),
        ("P0D", "deadline: a frequency is longer than zero"),
        (relativedelta(days=-1), "deadline: expected a period longer than zero"),
        (relativedelta(hours=36), "deadline: expected a relativedelta of years, months, weeks or days only"),
        (relativedelta(day=31), "deadline: expected a relativedelta of years, months, weeks or days only"),
        (dt.date(2024, 5, 5), "the deadline 2024-05-05 is before the day it is set (2024-05-06)"),
    ],
)
def test_a_bad_deadline_is_refused(deadline: object, message: str) -> None:
    h = reported().dispatch(by="网格员", at=t(5, 6, 10))
    with pytest.raises(jx.XiaofangError) as exc:
        h.start_rectification(deadline=deadline, by="网格员", at=t(5, 6, 11))  # type: ignore[arg-type]
    assert message in str(exc.value)


# -- invalid commands change nothing -----------------------------------------------------------------------------


def test_an_invalid_transition_names_the_hazard_state_command_and_allowed_commands() -> None:
    h = reported()
    snapshot = h.events
    with pytest.raises(jh.TransitionError) as exc:
        h.close(by="网格员", at=t(5, 7))
    err = exc.value
    assert (err.hazard, err.state, err.command, err.allowed) == (
        "HZ-1",
        "reported",
        "close",
        ("assign", "reject", "escalate"),
    )
    assert (
        str(err)
        == "hazard 'HZ-1' is reported: cannot close: close starts from verified; allowed now: assign, reject, escalate"
    )
    assert isinstance(err, jx.XiaofangError) and isinstance(err, ValueError)
    assert h.events is snapshot and len(h) == 1 and h.state.state == "reported"


def test_commands_return_new_histories_and_leave_the_old_one_alone() -> None:
    h = reported()
    assigned = h.dispatch(by="网格员", at=t(5, 6, 10))
    assert len(h) == 1 and len(assigned) == 2 and assigned.events[:1] == h.events
    assert h.state.state == "reported" and assigned.state.state == "assigned"


def test_events_cannot_go_back_in_time() -> None:
    h = reported()
    with pytest.raises(jh.TransitionError, match="before the last one"):
        h.dispatch(by="网格员", at=t(5, 6, 8))
    same_time = h.dispatch(by="网格员", at=t(5, 6, 9))
    assert same_time.state.state == "assigned"


def test_dispatch_decides_only_for_reported_or_escalated_hazards() -> None:
    with pytest.raises(jh.TransitionError, match="dispatch decides only for a reported or escalated hazard"):
        closed_in_grid().dispatch(by="x", at=t(6, 1))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("by", "", "by: expected a non-empty string"),
        ("at", dt.datetime(2024, 5, 7), "at: expected a datetime with a UTC offset"),
        ("at", "2024-05-07", "at: expected a datetime.datetime"),
    ],
)
def test_who_and_when_are_required(field: str, value: object, message: str) -> None:
    kwargs: dict[str, object] = {"by": "网格员", "at": t(5, 7)}
    kwargs[field] = value
    with pytest.raises(jx.XiaofangError) as exc:
        reported().dispatch(**kwargs)  # type: ignore[arg-type]
    assert message in str(exc.value)


# -- replay ------------------------------------------------------------------------------------------------------


def test_replaying_the_events_gives_the_same_state() -> None:
    h = closed_in_grid()
    again = jh.History(list(h.events))
    assert again == h and again.state == h.state
    assert repr(h) == "<History HZ-1: 6 events, closed>"


@pytest.mark.parametrize(
    ("index", "change", "message"),
    [
        (0, {"seq": 2}, "a history starts with its report as event 1, got event 2"),
        (0, {"hazard": "HZ-2"}, "the report's id 'HZ-1' is not the event's hazard 'HZ-2'"),
        (
            0,
            {"rule": "grid_patrol"},
            "a report through hotline_12345 cites 'citizen_report', not 'grid_patrol'",
        ),
        (0, {"at": t(5, 6, 8)}, "the report event is dated"),
        (0, {"level": "community", "to": (COMMUNITY,)}, "a report is first held by its lowest unit (grid"),
        (0, {"report": None}, "the report event carries no report"),
        (1, {"seq": 3}, "expected event 2 of the history, got event 3"),
        (1, {"hazard": "HZ-2"}, "the event belongs to hazard 'HZ-2'"),
        (1, {"state": "rectifying"}, "assign leads to 'assigned', the event says 'rectifying'"),
        (1, {"rule": "street_territorial"}, "an assignment at grid level cites 'general_in_grid'"),
        (1, {"rule": "overdue"}, "assign rests on one of general_in_grid"),
        (1, {"rule": "no_such_rule"}, "unknown rule 'no_such_rule'"),
        (1, {"command": "fly"}, "unknown command"),
        (1, {"to": (COMMUNITY,)}, "the hazard is held by grid"),
        (1, {"deadline": dt.date(2024, 5, 9)}, "only start_rectification sets a deadline"),
        (2, {"deadline": None}, "a rectification needs its deadline"),
        (3, {"level": "grid"}, "mark_rectified does not move the hazard"),
    ],
)
def test_replay_rejects_a_tampered_event(index: int, change: dict[str, object], message: str) -> None:
    events = list(closed_in_grid().events)
    events[index] = attrs.evolve(events[index], **change)
    with pytest.raises(jh.TransitionError) as exc:
        jh.History(events)
    assert message in str(exc.value)


def test_a_history_starts_with_a_report() -> None:
    with pytest.raises(jx.XiaofangError, match="starting with its report; got none"):
        jh.History(())
    with pytest.raises(jh.TransitionError, match="a history starts with a report, got 'assign'"):
        jh.History(closed_in_grid().events[1:2])
    with pytest.raises(jx.XiaofangError, match=r"History.events\[0\]: expected an Event"):
        jh.History(["report"])  # type: ignore[list-item]
    with pytest.raises(jh.TransitionError, match="only the first event carries the report"):
        h = reported()
        h.append(attrs.evolve(closed_in_grid().events[1], report=h.state.report))
