"""Properties: no sequence of valid and invalid commands corrupts a history or loses an event.

A rule-based state machine reports hazards and throws random commands at
them, valid or not, with random arguments and times (sometimes going back in
time).  After every step: each history replays to the same state; a valid
command added exactly one event and an invalid one none; ``allowed`` tells
the truth; the log holds every event recorded, in order; and the JSON Lines
text reads back to the same events and states.  A second property cuts a
log file at any byte: every complete event before the cut is kept, and the
damaged tail is reported.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import jiceng_xiaofang as jx
from hazards_helpers import COMMUNITY, GRID, district
from jiceng_xiaofang import hazards as jh

START = dt.datetime(2024, 5, 6, 9, tzinfo=jh.CHINA_STANDARD_TIME)

LOCATIONS = (
    {"grid": GRID},
    {"community": COMMUNITY},
    {"community": "七星岗街道/示例乙社区"},
    {"street": "大坪街道"},
)
PLACE_KINDS = ("", "compound", "hotel", "party_and_government_body", "剧本杀门店", "high_rise_building")
COMMANDS = (
    "assign",
    "whistle",
    "start_rectification",
    "mark_rectified",
    "fail_verification",
    "verify",
    "close",
    "reject",
    "escalate",
    "dispatch",
    "escalate_if_overdue",
)

reports = st.fixed_dictionaries(
    {
        "channel": st.sampled_from(sorted(jx.load_policy().hazards.channels)),
        "category": st.sampled_from(sorted(jx.load_policy().hazards.categories)),
        "severity": st.sampled_from(("general", "major")),
        "where": st.sampled_from(LOCATIONS),
        "place_kind": st.sampled_from(PLACE_KINDS),
        "description": st.text(min_size=1, max_size=12).filter(
            lambda s: s.strip() and "\n" not in s and "\r" not in s
        ),
    }
)


def _args(data: st.DataObject, name: str, day: dt.date) -> dict[str, Any]:
    """Arguments for a command: mostly valid, sometimes not."""
    if name == "whistle":
        return {"departments": data.draw(st.sampled_from((None, ("区商务委",), ("区住建委", "区文旅委"))))}
    if name == "start_rectification":
        deadline = data.draw(
            st.sampled_from(
                (
                    "P1D",
                    "P3D",
                    "P1M",
                    relativedelta(days=2),
                    day + relativedelta(days=5),
                    day - relativedelta(days=1),  # in the past: invalid
                    15,  # a raw day count: invalid
                    "soon",  # invalid
                )
            )
        )
        return {"deadline": deadline}
    if name in ("fail_verification", "reject"):
        return {"reason": data.draw(st.sampled_from(("", "未整改到位", "不是隐患")))}
    if name == "escalate":
        return {
            "reason": data.draw(st.sampled_from(("", "超出处置能力"))),
            "cause": data.draw(
                st.sampled_from(("beyond_power", "beyond_power", "major", "overdue", "bogus"))
            ),
            "to": data.draw(
                st.sampled_from((None, None, "community", "street", "district", "grid", "province"))
            ),
        }
    return {}


def _plain(name: str, args: dict[str, Any], day: dt.date) -> bool:
    """Whether the arguments are valid, so that the command succeeds exactly when ``allowed`` lists it."""
    if name == "whistle":
        return args["departments"] is not None
    if name == "start_rectification":
        d = args["deadline"]
        return (isinstance(d, str | relativedelta) and d != "soon") or (isinstance(d, dt.date) and d >= day)
    if name in ("fail_verification", "reject"):
        return bool(args["reason"])
    if name == "escalate":
        return bool(args["reason"]) and args["cause"] == "beyond_power" and args["to"] is None
    return name in ("assign", "mark_rectified", "verify", "close")


def _run(history: jh.History, name: str, args: dict[str, Any], by: str, at: dt.datetime) -> jh.History:
    command = getattr(history, name)
    result: jh.History = command(by=by, at=at, **args)
    return result


def _random_steps(data: st.DataObject, count: int) -> jh.HazardLog:
    """A log built by random commands, keeping the valid ones."""
    log = jh.HazardLog()
    clock = START
    histories: dict[str, jh.History] = {}
    for i in range(count):
        clock += dt.timedelta(hours=data.draw(st.integers(0, 60)))
        if not histories or data.draw(st.integers(0, 3)) == 0:
            r = data.draw(reports)
            report = jh.HazardReport(
                id=f"HZ-{i}",
                category=r["category"],
                description=r["description"],
                channel=r["channel"],
                severity=r["severity"],
                place_kind=r["place_kind"],
                reported_at=clock,
                **r["where"],
            )
            histories[report.id] = jh.report_hazard(report, district=district())
            log = log.record(histories[report.id])
            continue
        hazard = data.draw(st.sampled_from(sorted(histories)))
        allowed = histories[hazard].state.allowed
        name = data.draw(
            st.sampled_from(allowed) if allowed and data.draw(st.booleans()) else st.sampled_from(COMMANDS)
        )
        try:
            new = _run(histories[hazard], name, _args(data, name, clock.date()), "随机", clock)
        except jx.XiaofangError:
            continue
        histories[hazard] = new
        log = log.record(new)
    return log


class HazardLoop(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = START
        self.histories: dict[str, jh.History] = {}
        self.log = jh.HazardLog()
        self.recorded: list[jh.Event] = []

    @precondition(lambda self: len(self.histories) < 4)
    @rule(r=reports, hours=st.integers(0, 48))
    def report(self, r: dict[str, Any], hours: int) -> None:
        self.clock += dt.timedelta(hours=hours)
        report = jh.HazardReport(
            id=f"HZ-{len(self.histories) + 1}",
            category=r["category"],
            description=r["description"],
            channel=r["channel"],
            severity=r["severity"],
            place_kind=r["place_kind"],
            reported_at=self.clock,
            **r["where"],
        )
        history = jh.report_hazard(report, district=district())
        assert len(history) == 1 and history.state.state == "reported"
        self.log = self.log.record(history)
        self.histories[report.id] = history
        self.recorded.append(history.events[0])

    @precondition(lambda self: self.histories)
    @rule(data=st.data())
    def report_again(self, data: st.DataObject) -> None:
        """A second report under an existing id is refused, and the log does not change."""
        hazard = data.draw(st.sampled_from(sorted(self.histories)))
        old = self.histories[hazard]
        twin = jh.report_hazard(
            jh.HazardReport(
                id=hazard,
                category="other",
                description="重复",
                channel="inspection",
                reported_at=self.clock,
                grid=GRID,
            ),
            district=district(),
        )
        before = self.log
        try:
            self.log = self.log.record(twin)
        except jx.XiaofangError:
            assert self.log is before
        else:  # the very same report again adds nothing
            assert twin == jh.History(old.events[:1]) and self.log is before

    @precondition(lambda self: self.histories)
    @rule(data=st.data(), hours=st.integers(-3, 96))
    def command(self, data: st.DataObject, hours: int) -> None:
        self._command(data, hours)

    @precondition(lambda self: self.histories)
    @rule(data=st.data(), hours=st.integers(0, 30))
    def another_command(self, data: st.DataObject, hours: int) -> None:
        self._command(data, hours)

    def _command(self, data: st.DataObject, hours: int) -> None:
        hazard = data.draw(st.sampled_from(sorted(self.histories)))
        allowed = self.histories[hazard].state.allowed
        # half the time a command the state allows (to reach deep states), else any command at all
        name = data.draw(
            st.sampled_from(allowed) if allowed and data.draw(st.booleans()) else st.sampled_from(COMMANDS)
        )
        at = self.clock + dt.timedelta(hours=hours)
        args = _args(data, name, at.date())
        before = self.histories[hazard]
        events, state = before.events, before.state
        log_events = self.log.events
        try:
            after = _run(before, name, args, "随机测试", at)
        except jx.XiaofangError:
            ok = False
            # an invalid command changes nothing
            assert before.events is events and before.state == state
            assert self.log.events is log_events
        else:
            ok = True
            if after is before:  # escalate_if_overdue with nothing to do
                assert name == "escalate_if_overdue"
            else:
                assert len(after) == len(before) + 1, "a valid command adds exactly one event"
                assert after.events[:-1] == before.events, "and keeps every earlier one"
                assert before.events is events and before.state == state, "the old history is unchanged"
                self.log = self.log.record(after)
                assert len(self.log.events) == len(log_events) + 1
                self.recorded.append(after.events[-1])
                self.histories[hazard] = after
                self.clock = max(self.clock, at)
        # ``allowed`` tells the truth (for valid arguments and a time not before the last event)
        if at >= state.updated_at:
            if name == "dispatch":
                assert ok == (state.state in ("reported", "escalated"))
            elif _plain(name, args, at.date()):
                assert ok == (name in state.allowed), (name, state.state, state.level, state.allowed)

    @rule(hours=st.integers(0, 240))
    def tick(self, hours: int) -> None:
        self.clock += dt.timedelta(hours=hours)

    def teardown(self) -> None:
        for history in self.histories.values():
            event(f"state: {history.state.state}")

    @invariant()
    def replay_gives_the_same_state(self) -> None:
        for history in self.histories.values():
            again = jh.History(history.events)
            assert again.state == history.state
            assert [e.seq for e in history.events] == list(range(1, len(history) + 1))

    @invariant()
    def no_event_is_lost(self) -> None:
        assert self.log.events == tuple(self.recorded)
        assert len(self.log.events) == sum(len(h) for h in self.histories.values())
        for hazard, history in self.histories.items():
            assert self.log.history(hazard) == history

    @invariant()
    def json_lines_read_back_the_same(self) -> None:
        text = self.log.to_jsonl()
        result = jh.parse_hazard_log(text)
        assert result.ok, result.problems
        assert result.events == self.log.events
        assert result.log.hazards == self.log.hazards
        assert result.log.to_jsonl() == text


HazardLoop.TestCase.settings = settings(
    max_examples=80, stateful_step_count=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestHazardLoop = HazardLoop.TestCase


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_cutting_the_file_anywhere_keeps_every_complete_event(data: st.DataObject) -> None:
    log = _random_steps(data, data.draw(st.integers(1, 25)))
    raw = log.to_jsonl().encode("utf-8")
    cut = data.draw(st.integers(0, len(raw)))
    result = jh.parse_hazard_log(raw[:cut])
    # where each line's content ends (its line break excluded)
    ends, starts, position = [], [], 0
    for line in raw.split(b"\n")[:-1]:
        starts.append(position)
        ends.append(position + len(line))
        position += len(line) + 1
    complete = sum(1 for end in ends if end <= cut)
    assert result.events == log.events[:complete], "no complete event before the cut is lost"
    inside = [i for i, (s, e) in enumerate(zip(starts, ends, strict=True)) if s < cut < e]
    if inside:
        (line,) = inside
        assert [(p.line, p.kind) for p in result.problems] == [(line + 1, "truncated")]
    else:
        assert result.ok
    # what was kept replays: a log can be rebuilt from it and appended to
    assert result.log.events == result.events


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaging_one_line_loses_only_that_line_and_its_hazards_later_events(data: st.DataObject) -> None:
    log = _random_steps(data, data.draw(st.integers(2, 20)))
    lines = [line + "\n" for line in log.to_jsonl().split("\n")[:-1]]
    index = data.draw(st.integers(0, len(lines) - 1))
    damaged = lines[index][: data.draw(st.integers(0, len(lines[index]) - 2))] + "\n"
    lines[index] = damaged
    result = jh.parse_hazard_log("".join(lines))
    hit = log.events[index]
    expected = [e for i, e in enumerate(log.events) if not (e.hazard == hit.hazard and e.seq >= hit.seq)]
    assert list(result.events) == expected
    reported_lines = {p.line for p in result.problems}
    lost = {i + 1 for i, e in enumerate(log.events) if e.hazard == hit.hazard and e.seq >= hit.seq}
    if damaged.strip():
        assert reported_lines == lost
    else:  # cut to nothing: a blank line is skipped, and its hazard's later events are reported
        assert reported_lines == lost - {index + 1}
