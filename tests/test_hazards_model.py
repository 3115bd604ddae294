"""The hazard vocabularies are cited to the policy; reports and events reject bad values clearly."""

from __future__ import annotations

import datetime as dt

import pytest

import jiceng_xiaofang as jx
from hazards_helpers import GRID, report, t
from jiceng_xiaofang import hazards as jh


def _text(policy: jx.Policy, clause: str) -> str:
    return policy.clause(clause).text


def test_every_rule_quotes_its_clause_verbatim(policy: jx.Policy) -> None:
    for rule in policy.hazards.rules.values():
        assert rule.quote in _text(policy, rule.clause), rule.id
        assert rule.is_reading == bool(rule.reference.reading), rule.id


def test_every_category_quotes_its_clause_verbatim(policy: jx.Policy) -> None:
    for category in policy.hazards.categories.values():
        assert category.quote in _text(policy, category.clause), category.code


def test_the_channels_3_7_names_are_the_policy_fact(policy: jx.Policy) -> None:
    rules = policy.hazards
    fact = policy.fact("report_channels")
    assert (rules.channel("hotline_12345").zh, rules.channel("yukuaiban").zh) == fact.items
    assert rules.rule("citizen_report").quote == fact.quote
    for channel in rules.channels.values():
        assert channel.rule in rules.rules
        assert channel.rule in jh.TRANSITIONS["report"].rules(policy)


def test_the_clauses_the_issue_names(policy: jx.Policy) -> None:
    rules = policy.hazards
    assert rules.rule("general_in_grid").clause == "3.2"
    assert "一般隐患不出网格" in rules.rule("general_in_grid").quote
    assert rules.rule("street_whistle").quote == "坚持“街道吹哨、部门报到”"
    assert rules.rule("close_by_deadline").quote == "限期销案"
    assert rules.channel("iot_sensor").zh == "物联感知"
    assert rules.channel("whistle_blower").zh == "吹哨人"


def test_the_transition_table_is_consistent(policy: jx.Policy) -> None:
    rules = policy.hazards
    for command, transition in jh.TRANSITIONS.items():
        assert transition.command == command
        assert transition.target in jh.STATES
        assert set(transition.sources) <= set(jh.STATES)
        assert transition.rules(policy) and set(transition.rules(policy)) <= set(rules.rules)
    used = {r for t in jh.TRANSITIONS.values() for r in t.rules(policy)}
    assert used == set(rules.rules)
    reachable = {t.target for t in jh.TRANSITIONS.values()}
    assert reachable == set(jh.STATES)
    leaving = {s for t in jh.TRANSITIONS.values() for s in t.sources}
    assert set(jh.STATES) - leaving == {"closed", "rejected"}


def test_the_readings_are_marked_in_the_events(policy: jx.Policy) -> None:
    h = jh.report_hazard(report(severity="major"), district=jx.sample_district()).dispatch(
        by="平台", at=t(5, 6)
    )
    escalation = h.events[-1]
    assert escalation.rule == "major_hazard" and policy.hazards.rule("major_hazard").is_reading
    assert escalation.reading == policy.hazards.rule("major_hazard").reference.reading
    assert '"reading":' in jh.event_to_json(escalation)
    assert h.events[0].reading == ""  # a report through a grid patrol cites the text
    assert jh.event_from_json(jh.event_to_json(escalation)) == escalation


def test_an_unknown_channel_or_category_is_refused_when_reported() -> None:
    for changes, message in [
        ({"channel": "phone"}, "HazardReport.channel: no report channel 'phone'"),
        ({"category": "smoke"}, "HazardReport.category: no hazard category 'smoke'"),
    ]:
        with pytest.raises(jx.XiaofangError, match=message):
            jh.report_hazard(report(**changes), district=jx.sample_district())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"channel": ""}, "HazardReport.channel: expected a non-empty string"),
        ({"category": "x\ny"}, "HazardReport.category: expected one line of text"),
        ({"severity": "重大"}, "HazardReport.severity: expected one of 'general', 'major', got '重大'"),
        (
            {"reported_at": dt.datetime(2024, 5, 6, 9)},
            "HazardReport.reported_at: expected a datetime with a UTC",
        ),
        ({"reported_at": dt.date(2024, 5, 6)}, "HazardReport.reported_at: expected a datetime.datetime"),
        ({"description": "  "}, "HazardReport.description: expected a non-empty string"),
        ({"id": "HZ\n1"}, "HazardReport.id: expected one line of text"),
        ({"grid": ""}, "expected where the hazard is: a grid, community or street id; got none"),
        ({"lat": 91.0}, "HazardReport.lat: expected degrees from -90 to 90, got 91.0"),
        ({"long": float("nan")}, "HazardReport.long: expected a number of degrees or None"),
        ({"lat": True}, "HazardReport.lat: expected a number of degrees or None, got True"),
    ],
)
def test_a_bad_report_names_the_field(changes: dict[str, object], message: str) -> None:
    with pytest.raises(jx.XiaofangError) as exc:
        report(**changes)
    assert message in str(exc.value)


def test_an_event_checks_its_fields() -> None:
    good = {
        "hazard": "HZ-1",
        "seq": 2,
        "command": "assign",
        "state": "assigned",
        "at": t(5, 6),
        "by": "x",
        "rule": "general_in_grid",
        "clause": "3.2",
    }
    assert jh.Event(**good, to=[GRID]).to == (GRID,)  # a list is taken as a tuple
    for change, message in [
        ({"seq": 0}, "Event.seq: expected a whole number from 1, got 0"),
        ({"seq": True}, "Event.seq: expected a whole number from 1, got True"),
        ({"state": "open"}, "Event.state: expected one of"),
        ({"at": dt.datetime(2024, 5, 6)}, "Event.at: expected a datetime with a UTC offset"),
        ({"by": ""}, "Event.by: expected a non-empty string"),
        ({"level": "province"}, "Event.level: expected one of"),
        ({"to": GRID}, "Event.to: expected a tuple of unit ids"),
        ({"to": ("",)}, "Event.to[0]: expected a non-empty string"),
        ({"deadline": t(5, 7)}, "Event.deadline: expected a datetime.date or None"),
        ({"report": "HZ-1"}, "Event.report: expected a HazardReport or None"),
    ]:
        with pytest.raises(jx.XiaofangError) as exc:
            jh.Event(**{**good, **change})
        assert message in str(exc.value)


def test_values_are_frozen() -> None:
    r = report()
    with pytest.raises(AttributeError):
        r.severity = "major"  # type: ignore[misc]
    h = jh.report_hazard(r, district=jx.sample_district())
    with pytest.raises(AttributeError):
        h.events = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        h.state.state = "closed"  # type: ignore[misc]


def test_is_overdue_needs_a_date() -> None:
    state = jh.report_hazard(report(), district=jx.sample_district()).state
    with pytest.raises(jx.XiaofangError, match=r"on: expected a datetime\.date"):
        state.is_overdue(t(5, 6))  # type: ignore[arg-type]
