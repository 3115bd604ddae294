"""The closed loop as a state machine: the transition table as data, each decision with its clause.

A hazard's :class:`History` is a tuple of :class:`~jiceng_xiaofang.hazards.Event`
values.  Its state is never stored: it is derived by replaying the events
through one function, which also validates every new event, so a command
and a replayed log obey the same rules.  Commands return a new history with
one more event; an invalid one raises
:class:`~jiceng_xiaofang.TransitionError` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs
from dateutil.relativedelta import relativedelta

from ..errors import XiaofangError
from .model import (
    CHANNELS,
    LEVELS,
    Event,
    Hazard,
    HazardReport,
    TransitionError,
    check_text,
    check_time,
)

if TYPE_CHECKING:
    from ..org.model import District

__all__ = [
    "DISTRICT_OFFICE",
    "ESCALATION_CAUSES",
    "RULES",
    "TRANSITIONS",
    "History",
    "Rule",
    "Transition",
    "report_hazard",
    "resolve_deadline",
]

DISTRICT_OFFICE = "区消防安全委员会办公室"
"""Who holds a hazard escalated above the street, the standing office of the district fire safety committee (1.4)."""


@attrs.frozen
class Rule:
    """A rule a decision rests on: the clause and its words.

    Examples
    --------
    >>> from jiceng_xiaofang.hazards import RULES
    >>> r = RULES["general_in_grid"]
    >>> r.clause, r.quote
    ('3.2', '确保“一般隐患不出网格”，实现“闭环”管理')
    """

    id: str
    clause: str
    quote: str
    en: str


RULES: Mapping[str, Rule] = MappingProxyType(
    {
        r.id: r
        for r in (
            Rule(
                "citizen_report",
                "3.7",
                "鼓励群众通过“12345”政务服务便民热线、“渝快办”等多种形式举报火灾隐患和线索",
                "citizens report hazards through the 12345 hotline, 渝快办 and other channels",
            ),
            Rule(
                "whistle_blower_report",
                "3.7",
                "完善火灾隐患“吹哨人”制度",
                "the whistle-blower system for fire hazards",
            ),
            Rule(
                "grid_patrol",
                "3.2",
                "细化网格员消防安全信息收集，以及开展防火巡查检查",
                "grid workers collect fire-safety information and patrol",
            ),
            Rule(
                "iot_sensing",
                "4.5",
                "同步实施消防物联感知、监测等设备系统建设",
                "IoT sensing and monitoring for fire safety",
            ),
            Rule("inspection", "3.3", "实施消防监督检查", "fire-safety supervision and inspection"),
            Rule(
                "general_in_grid",
                "3.2",
                "确保“一般隐患不出网格”，实现“闭环”管理",
                "general hazards are handled inside their grid, in a closed loop",
            ),
            Rule(
                "community_territorial",
                "3.1",
                "居委会主要负责人为本社区消防工作第一责任人",
                "the community answers for fire safety in its area (territorial management)",
            ),
            Rule(
                "street_territorial",
                "3.1",
                "街道办事处主要负责人为消防工作第一责任人",
                "the street office answers for fire safety in its area (territorial management)",
            ),
            Rule(
                "district_dispatch",
                "1.4",
                "充分发挥区消防安全委员会平台调度作用",
                "the district fire safety committee dispatches and supervises",
            ),
            Rule(
                "street_whistle",
                "3.6",
                "坚持“街道吹哨、部门报到”",
                "the street blows the whistle and the industry departments report",
            ),
            Rule(
                "rectify_by_deadline",
                "4.3",
                "明确整改责任、措施和时限",
                "who rectifies, how, and by when",
            ),
            Rule("closed_loop", "3.2", "实现“闭环”管理", "the loop closes only on verification"),
            Rule("close_by_deadline", "4.3", "限期销案", "a hazard is closed (销案) within its deadline"),
            Rule(
                "not_a_hazard",
                "3.2",
                "同步完善火灾隐患整治工作流程",
                "the hazard workflow: a report found not to be a hazard is rejected with a reason",
            ),
            Rule(
                "major_hazard",
                "3.2",
                "确保“一般隐患不出网格”",
                "only general hazards stay in the grid: a major one goes up",
            ),
            Rule(
                "beyond_power",
                "3.4",
                "在赋权或委托范围内依法履行消防行政执法职责",
                "enforcement powers lie with the street office, not the grid or community",
            ),
            Rule("overdue", "4.3", "限期销案", "a hazard not rectified by its deadline goes up one level"),
        )
    }
)
"""Every rule a hazard decision can rest on, rule id -> :class:`Rule` (clause and verbatim quote)."""

ESCALATION_CAUSES: Mapping[str, str] = MappingProxyType(
    {"major": "major_hazard", "beyond_power": "beyond_power", "overdue": "overdue"}
)
"""Why a hazard escalates -> the rule it cites.

A major hazard (3.2), beyond the holder's power (3.4), overdue (4.3).
"""


@attrs.frozen
class Transition:
    """A command of the closed loop: the states it starts from, the state it leads to, the rules it may cite.

    Examples
    --------
    >>> from jiceng_xiaofang.hazards import TRANSITIONS
    >>> t = TRANSITIONS["escalate"]
    >>> t.sources, t.target, t.clauses
    (('reported', 'assigned', 'rectifying', 'escalated'), 'escalated', ('3.2', '3.4', '4.3'))
    """

    command: str
    sources: tuple[str, ...]
    target: str
    rules: tuple[str, ...]
    en: str

    @property
    def clauses(self) -> tuple[str, ...]:
        """The clauses of its rules, each once, in order."""
        return tuple(dict.fromkeys(RULES[r].clause for r in self.rules))


TRANSITIONS: Mapping[str, Transition] = MappingProxyType(
    {
        t.command: t
        for t in (
            Transition(
                "report",
                (),
                "reported",
                ("citizen_report", "whistle_blower_report", "grid_patrol", "iot_sensing", "inspection"),
                "a hazard comes in through a channel; the event cites the channel's clause",
            ),
            Transition(
                "assign",
                ("reported", "escalated"),
                "assigned",
                ("general_in_grid", "community_territorial", "street_territorial", "district_dispatch"),
                "the level holding the hazard takes it on: a general hazard its grid (3.2), else the community"
                " or street (3.1) or the district (1.4)",
            ),
            Transition(
                "whistle",
                ("reported", "assigned", "escalated"),
                "assigned",
                ("street_whistle",),
                "a street blows the whistle and the industry departments take the hazard on",
            ),
            Transition(
                "start_rectification",
                ("assigned",),
                "rectifying",
                ("rectify_by_deadline",),
                "the holder sets the rectification and its deadline",
            ),
            Transition(
                "mark_rectified",
                ("rectifying",),
                "rectified",
                ("rectify_by_deadline",),
                "the holder reports the hazard rectified",
            ),
            Transition(
                "fail_verification",
                ("rectified",),
                "rectifying",
                ("closed_loop",),
                "the check finds the rectification incomplete; the deadline stands",
            ),
            Transition(
                "verify",
                ("rectified",),
                "verified",
                ("closed_loop",),
                "the check confirms the rectification",
            ),
            Transition(
                "close", ("verified",), "closed", ("close_by_deadline",), "the hazard is closed (销案)"
            ),
            Transition(
                "reject",
                ("reported", "assigned", "escalated"),
                "rejected",
                ("not_a_hazard",),
                "the report is not a hazard; the reason is recorded",
            ),
            Transition(
                "escalate",
                ("reported", "assigned", "rectifying", "escalated"),
                "escalated",
                ("major_hazard", "beyond_power", "overdue"),
                "the hazard goes up the territorial chain: a major hazard, beyond the holder's power, or overdue",
            ),
        )
    }
)
"""The closed loop, command -> :class:`Transition`.  ``closed`` and ``rejected`` are final."""

_ASSIGN_RULE = MappingProxyType(
    {
        "grid": "general_in_grid",
        "community": "community_territorial",
        "street": "street_territorial",
        "district": "district_dispatch",
    }
)
_ORDER = ("grid", "community", "street", "district")
_NO_MOVE = frozenset(
    {"start_rectification", "mark_rectified", "fail_verification", "verify", "close", "reject"}
)
_REASON_REQUIRED = frozenset({"reject", "escalate", "fail_verification"})


# -- replay: the one place where the rules are applied -------------------------------------------------------


def _rungs(report: HazardReport) -> tuple[tuple[str, str, str], ...]:
    return (*report.ladder, ("district", DISTRICT_OFFICE, DISTRICT_OFFICE))


def _names(report: HazardReport, level: str, holder: tuple[str, ...]) -> tuple[str, ...]:
    if level == "department":
        return holder
    names = {rid: name for lvl, rid, name in _rungs(report) if lvl == level}
    return tuple(names.get(h) or h for h in holder)


def _escalation_target(report: HazardReport, level: str, to: str | None) -> tuple[str, str] | str:
    """The (level, id) an escalation from ``level`` reaches; a str is the reason it cannot."""
    rungs = [(lvl, rid) for lvl, rid, _ in _rungs(report)]
    if level == "district":
        return "nothing is above the district"
    if level == "department":
        above = [("district", DISTRICT_OFFICE)]
    else:
        position = next(i for i, (lvl, _) in enumerate(rungs) if lvl == level)
        above = rungs[position + 1 :]
    if to is None:
        return above[0]
    for lvl, rid in above:
        if lvl == to:
            return lvl, rid
    known = ", ".join(lvl for lvl, _ in above)
    return f"escalation goes up from {level}: expected one of {known}, got {to!r}"


def _allowed(h: Hazard, severity: str) -> tuple[str, ...]:
    found = []
    for t in TRANSITIONS.values():
        if h.state not in t.sources:
            continue
        if t.command == "assign" and ((severity == "major" and h.level == "grid") or h.level == "department"):
            continue
        if t.command == "whistle" and h.level != "street":
            continue
        if t.command == "escalate" and h.level == "district":
            continue
        found.append(t.command)
    return tuple(found)


def _refuse(h: Hazard | None, e: Event, reason: str) -> TransitionError:
    if h is None:
        return TransitionError(e.hazard, "new", e.command, ("report",), reason)
    return TransitionError(h.id, h.state, e.command, h.allowed, reason)


def _check_rule(h: Hazard | None, e: Event, t: Transition) -> None:
    if e.rule not in RULES:
        raise _refuse(h, e, f"unknown rule {e.rule!r}; the rules are {', '.join(RULES)}")
    if e.rule not in t.rules:
        raise _refuse(h, e, f"{e.command} rests on one of {', '.join(t.rules)}, not {e.rule!r}")


def _first(e: Event) -> Hazard:
    """The state after the report event."""
    if e.command != "report":
        raise _refuse(None, e, f"a history starts with a report, got {e.command!r}")
    if e.seq != 1:
        raise _refuse(None, e, f"a history starts with its report as event 1, got event {e.seq}")
    report = e.report
    if report is None:
        raise _refuse(None, e, "the report event carries no report")
    if report.id != e.hazard:
        raise _refuse(None, e, f"the report's id {report.id!r} is not the event's hazard {e.hazard!r}")
    if e.at != report.reported_at:
        raise _refuse(
            None,
            e,
            f"the report event is dated {e.at.isoformat()}, the report {report.reported_at.isoformat()}",
        )
    if e.state != "reported":
        raise _refuse(None, e, f"a report leads to 'reported', the event says {e.state!r}")
    _check_rule(None, e, TRANSITIONS["report"])
    expected_rule = CHANNELS[report.channel].rule
    if e.rule != expected_rule:
        raise _refuse(None, e, f"a report through {report.channel} cites {expected_rule!r}, not {e.rule!r}")
    level, rid, _ = report.ladder[0]
    if (e.level, e.to) != (level, (rid,)):
        raise _refuse(
            None,
            e,
            f"a report is first held by its lowest unit ({level} {rid}), the event says {e.level} {e.to}",
        )
    if e.deadline is not None:
        raise _refuse(None, e, "a report sets no deadline")
    h = Hazard(
        report=report,
        state="reported",
        level=level,
        holder=(rid,),
        holder_names=_names(report, level, (rid,)),
        updated_at=e.at,
        version=1,
        allowed=(),
    )
    return attrs.evolve(h, allowed=_allowed(h, report.severity))


def apply_event(h: Hazard | None, e: Event) -> Hazard:
    """The state after ``e``; raise :class:`TransitionError` if ``e`` cannot follow ``h``.

    Examples
    --------
    >>> from jiceng_xiaofang.hazards.machine import apply_event
    >>> import datetime as dt
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, Event
    >>> apply_event(None, Event(hazard="HZ-9", seq=1, command="close", state="closed", by="x",
    ...     at=dt.datetime(2024, 5, 6, tzinfo=CHINA_STANDARD_TIME), rule="close_by_deadline", clause="4.3"))
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.hazards.model.TransitionError: hazard 'HZ-9' is new: cannot close: a history starts with a report, got 'close'; allowed now: report
    """
    if h is None:
        return _first(e)
    t = TRANSITIONS.get(e.command)
    if t is None:
        raise _refuse(h, e, f"unknown command; the commands are {', '.join(TRANSITIONS)}")
    if e.hazard != h.id:
        raise _refuse(h, e, f"the event belongs to hazard {e.hazard!r}")
    if e.seq != h.version + 1:
        raise _refuse(h, e, f"expected event {h.version + 1} of the history, got event {e.seq}")
    if e.at < h.updated_at:
        raise _refuse(
            h, e, f"the event is dated {e.at.isoformat()}, before the last one ({h.updated_at.isoformat()})"
        )
    if h.state not in t.sources:
        starts = ", ".join(t.sources) if t.sources else "no state (it starts a history)"
        raise _refuse(h, e, f"{e.command} starts from {starts}")
    if e.state != t.target:
        raise _refuse(h, e, f"{e.command} leads to {t.target!r}, the event says {e.state!r}")
    _check_rule(h, e, t)
    if e.report is not None:
        raise _refuse(h, e, "only the first event carries the report")
    if e.command in _REASON_REQUIRED and not e.reason.strip():
        raise _refuse(h, e, f"{e.command} needs a reason")
    if e.command != "start_rectification" and e.deadline is not None:
        raise _refuse(h, e, "only start_rectification sets a deadline")
    if e.command in _NO_MOVE and (e.level or e.to):
        raise _refuse(h, e, f"{e.command} does not move the hazard; the event names {e.level} {e.to}")
    severity = h.report.severity
    new = attrs.evolve(h, state=t.target, updated_at=e.at, version=e.seq)
    if e.command == "assign":
        if h.level == "grid" and severity == "major":
            raise _refuse(
                h,
                e,
                "a major hazard is not handled in the grid: 一般隐患不出网格 keeps only general hazards there (3.2);"
                " escalate it",
            )
        if (e.level, e.to) != (h.level, h.holder):
            raise _refuse(
                h, e, f"the hazard is held by {h.level} {h.holder}; the event assigns {e.level} {e.to}"
            )
        if e.rule != _ASSIGN_RULE[h.level]:
            raise _refuse(
                h, e, f"an assignment at {h.level} level cites {_ASSIGN_RULE[h.level]!r}, not {e.rule!r}"
            )
    elif e.command == "whistle":
        if h.level != "street":
            raise _refuse(
                h, e, f"only a street blows the whistle (3.6); the hazard is held at {h.level} level"
            )
        if e.level != "department" or not e.to:
            raise _refuse(h, e, "a whistle names the industry departments that report (level 'department')")
        new = attrs.evolve(
            new,
            level="department",
            holder=e.to,
            holder_names=e.to,
            whistled=True,
            left_grid=True,
        )
    elif e.command == "start_rectification":
        if e.deadline is None:
            raise _refuse(h, e, "a rectification needs its deadline (4.3: 明确整改责任、措施和时限)")
        if e.deadline < e.at.date():
            raise _refuse(h, e, f"the deadline {e.deadline} is before the day it is set ({e.at.date()})")
        new = attrs.evolve(new, deadline=e.deadline)
    elif e.command == "close":
        new = attrs.evolve(new, closed_at=e.at, deadline=None)
    elif e.command == "reject":
        new = attrs.evolve(new, rejection=e.reason, deadline=None)
    elif e.command == "escalate":
        if e.rule == "major_hazard" and severity != "major":
            raise _refuse(h, e, "the hazard is general, not major; escalate it as beyond_power or overdue")
        if e.rule == "overdue" and not h.is_overdue(e.at.date()):
            due = (
                f"its deadline {h.deadline} has not passed on {e.at.date()}"
                if h.deadline
                else "it has no deadline"
            )
            raise _refuse(h, e, f"the hazard is not overdue: {due}")
        target = _escalation_target(h.report, h.level, e.level or None)
        if isinstance(target, str):
            raise _refuse(h, e, target)
        if (e.level, e.to) != (target[0], (target[1],)):
            raise _refuse(
                h,
                e,
                f"the escalation from {h.level} reaches {target[0]} {target[1]}, the event says {e.level} {e.to}",
            )
        new = attrs.evolve(
            new,
            level=target[0],
            holder=(target[1],),
            holder_names=_names(h.report, target[0], (target[1],)),
            deadline=None,
            escalations=h.escalations + 1,
            left_grid=True,
        )
    return attrs.evolve(new, allowed=_allowed(new, severity))


# -- deadlines -------------------------------------------------------------------------------------------------


def _delta_text(delta: relativedelta) -> str:
    from ..schedule.periods import Frequency

    absolute = ("year", "month", "day", "weekday", "hour", "minute", "second", "microsecond")
    if any(getattr(delta, a) is not None for a in absolute) or delta.hours or delta.minutes or delta.seconds:
        raise XiaofangError(
            f"deadline: expected a relativedelta of years, months, weeks or days only, got {delta!r}"
        )
    if delta.microseconds or delta.leapdays:
        raise XiaofangError(f"deadline: expected a relativedelta of whole days, got {delta!r}")
    months = 12 * delta.years + delta.months
    if months < 0 or delta.days < 0 or (months == 0 and delta.days == 0):
        raise XiaofangError(f"deadline: expected a period longer than zero, got {delta!r}")
    return Frequency(months=months, days=delta.days).iso


def resolve_deadline(deadline: object, start: dt.date) -> tuple[dt.date, str]:
    """The last day of a rectification set on ``start``, and a note saying how it was set.

    ``deadline`` is a :class:`datetime.date`, an ISO 8601 duration such as
    ``"P15D"`` or ``"P1M"``, or a :class:`~dateutil.relativedelta.relativedelta`;
    periods are counted with ``relativedelta`` from ``start``, never in raw days.

    Examples
    --------
    >>> import datetime as dt
    >>> from dateutil.relativedelta import relativedelta
    >>> from jiceng_xiaofang.hazards.machine import resolve_deadline
    >>> resolve_deadline("P1M", dt.date(2024, 1, 31))
    (datetime.date(2024, 2, 29), 'deadline P1M from 2024-01-31')
    >>> resolve_deadline(relativedelta(days=15), dt.date(2024, 5, 6))
    (datetime.date(2024, 5, 21), 'deadline P15D from 2024-05-06')
    >>> resolve_deadline(15, dt.date(2024, 5, 6))
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.XiaofangError: deadline: expected a datetime.date, an ISO 8601 duration such as 'P15D' or a dateutil relativedelta, got 15
    """
    from ..schedule.periods import Frequency

    if isinstance(deadline, dt.date) and not isinstance(deadline, dt.datetime):
        return deadline, f"deadline {deadline.isoformat()} set on {start.isoformat()}"
    if isinstance(deadline, str):
        try:
            delta = Frequency.parse(deadline).delta
        except XiaofangError as exc:
            raise XiaofangError(f"deadline: {exc}") from None
    elif isinstance(deadline, relativedelta):
        delta = deadline
    else:
        raise XiaofangError(
            "deadline: expected a datetime.date, an ISO 8601 duration such as 'P15D' or a dateutil"
            f" relativedelta, got {deadline!r}"
        )
    text = _delta_text(delta)
    return start + delta, f"deadline {text} from {start.isoformat()}"


# -- the history ----------------------------------------------------------------------------------------------

_AUTO_REASONS = MappingProxyType(
    {
        "grid": "一般隐患不出网格，由网格处置 (general hazard: handled in its grid)",
        "community": "属地管理，由社区处置 (territorial: the community handles it)",
        "street": "属地管理，由街道处置 (territorial: the street handles it)",
        "district": "区消防安全委员会办公室调度督办 (the district committee's office dispatches it)",
        "major": "重大隐患不属一般隐患，提级至街道 (major hazard: leaves the grid for the street)",
        "whistle": "街道吹哨、部门报到 (the street whistles the industry departments)",
    }
)


def _events(events: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(events)


@attrs.frozen
class History:
    """One hazard's history: an append-only tuple of events, and the state derived by replaying them.

    Building a history replays and validates its events (a
    :class:`~jiceng_xiaofang.TransitionError` names the first that
    cannot follow).  Every command returns a **new** history with one more
    event; the old one is unchanged, and an invalid command raises and adds
    nothing.  Keyword arguments ``by`` (who) and ``at`` (when, with a UTC
    offset) are required by every command.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport, report_hazard
    >>> t = lambda day, hour=9: dt.datetime(2024, 5, day, hour, tzinfo=CHINA_STANDARD_TIME)
    >>> report = HazardReport(id="HZ-1", category="ebike", description="楼道内电动自行车充电",
    ...                       channel="grid_patrol", grid="解放碑街道/示例甲社区/第1网格", reported_at=t(6))
    >>> h = report_hazard(report, district=jx.sample_district(), by="网格员 张三")
    >>> h = h.dispatch(by="网格员 张三", at=t(6, 10))
    >>> h = h.start_rectification(deadline="P3D", by="网格员 张三", at=t(6, 11))
    >>> h = h.mark_rectified(by="网格员 张三", at=t(8)).verify(by="社区 郑示例", at=t(9)).close(by="社区 郑示例", at=t(9, 10))
    >>> h.state.state, h.state.closed_in_grid, len(h)
    ('closed', True, 6)
    >>> h.assign(by="x", at=t(10))
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.hazards.model.TransitionError: hazard 'HZ-1' is closed: cannot assign: assign starts from reported, escalated; allowed now: nothing (closed is final)
    """

    events: tuple[Event, ...] = attrs.field(converter=_events)
    _state: Hazard = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if not self.events:
            raise XiaofangError(
                "History.events: expected the hazard's events, starting with its report; got none"
            )
        state: Hazard | None = None
        for i, event in enumerate(self.events):
            if not isinstance(event, Event):
                raise XiaofangError(f"History.events[{i}]: expected an Event, got {event!r}")
            state = apply_event(state, event)
        assert state is not None
        object.__setattr__(self, "_state", state)

    @classmethod
    def _extend(cls, old: History, event: Event) -> History:
        state = apply_event(old._state, event)  # raises before anything is built
        new = object.__new__(cls)
        object.__setattr__(new, "events", (*old.events, event))
        object.__setattr__(new, "_state", state)
        return new

    def __repr__(self) -> str:
        return f"<History {self.id}: {len(self.events)} events, {self._state.state}>"

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    @property
    def id(self) -> str:
        """The hazard's id."""
        return self.events[0].hazard

    @property
    def state(self) -> Hazard:
        """The hazard's current state, derived from the events."""
        return self._state

    @property
    def states(self) -> tuple[Hazard, ...]:
        """The hazard's state after each event, replayed (a timeline for display).

        Examples
        --------
        >>> import datetime as dt
        >>> import jiceng_xiaofang as jx
        >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport, report_hazard
        >>> report = HazardReport(id="HZ-1", category="other", description="x", channel="inspection",
        ...                       severity="major", grid="解放碑街道/示例甲社区/第1网格",
        ...                       reported_at=dt.datetime(2024, 5, 6, 9, tzinfo=CHINA_STANDARD_TIME))
        >>> h = report_hazard(report, district=jx.sample_district())
        >>> h = h.dispatch(by="平台", at=dt.datetime(2024, 5, 6, 10, tzinfo=CHINA_STANDARD_TIME))
        >>> [(s.state, s.holder_names) for s in h.states]
        [('reported', ('第1网格',)), ('escalated', ('解放碑街道办事处',))]
        """
        found: list[Hazard] = []
        state: Hazard | None = None
        for event in self.events:
            state = apply_event(state, event)
            found.append(state)
        return tuple(found)

    def append(self, event: Event) -> History:
        """Return this history with one more event, validated as the commands validate theirs.

        Use it to apply an event from elsewhere (another system, a log).
        """
        if not isinstance(event, Event):
            raise XiaofangError(f"event: expected an Event, got {event!r}")
        return History._extend(self, event)

    # -- commands ---------------------------------------------------------------------------------------

    def _event(
        self,
        command: str,
        rule: str,
        *,
        by: str,
        at: dt.datetime,
        reason: str = "",
        level: str = "",
        to: tuple[str, ...] = (),
        deadline: dt.date | None = None,
        note: str = "",
    ) -> History:
        check_text("by", by)
        check_time("at", at)
        check_text("reason", reason, empty=True)
        r = RULES[rule]
        event = Event(
            hazard=self.id,
            seq=len(self.events) + 1,
            command=command,
            state=TRANSITIONS[command].target,
            at=at,
            by=by,
            rule=rule,
            clause=r.clause,
            quote=r.quote,
            reason=reason,
            level=level,
            to=to,
            deadline=deadline,
            note=note,
        )
        return History._extend(self, event)

    def _refuse(self, command: str, reason: str) -> TransitionError:
        h = self._state
        return TransitionError(h.id, h.state, command, h.allowed, reason)

    def assign(self, *, by: str, at: dt.datetime, reason: str = "") -> History:
        """The level holding the hazard takes it on (交办): a general hazard its grid, else its community or street.

        The rule follows the level: 3.2 in the grid, 3.1 in a community or
        street, 1.4 at the district.  A major hazard cannot be assigned to a
        grid (escalate it).
        """
        h = self._state
        rule = _ASSIGN_RULE.get(h.level, "general_in_grid")
        return self._event("assign", rule, by=by, at=at, reason=reason, level=h.level, to=h.holder)

    def whistle(
        self, *, by: str, at: dt.datetime, departments: Iterable[str] | None = None, reason: str = ""
    ) -> History:
        """The street blows the whistle and the industry departments take the hazard on (3.6).

        By default the departments are those :func:`jiceng_xiaofang.route`
        gives for the report's ``place_kind``; when the route was inferred by
        the closest-business principle, the event's note says so.
        """
        from ..org.places import route

        h = self._state
        if departments is not None:
            names = tuple(departments)
            note = "departments named by the caller"
        else:
            kind = h.report.place_kind
            if not kind:
                raise self._refuse(
                    "whistle",
                    "the report names no place kind to route by (HazardReport.place_kind); pass departments=",
                )
            found = route(kind)
            if not found.departments:
                raise self._refuse(
                    "whistle",
                    f"the policy names no industry department for {kind!r} ({found.note}); assign it to the street",
                )
            names = found.departments
            note = f"route({kind}): {'、'.join(names)} ({found.clause}, {found.basis})"
            if found.inferred:
                note += f"; inferred: {found.note}"
        if not names:
            raise self._refuse("whistle", "a whistle names at least one department")
        for i, name in enumerate(names):
            check_text(f"departments[{i}]", name)
        return self._event(
            "whistle",
            "street_whistle",
            by=by,
            at=at,
            reason=reason or _AUTO_REASONS["whistle"],
            level="department",
            to=names,
            note=note,
        )

    def start_rectification(
        self, *, deadline: dt.date | str | relativedelta, by: str, at: dt.datetime, reason: str = ""
    ) -> History:
        """Start the rectification with its deadline (4.3: 明确整改责任、措施和时限).

        ``deadline`` is a date, an ISO 8601 duration (``"P15D"``, ``"P1M"``)
        or a ``relativedelta``, counted from the day of ``at``.
        """
        check_time("at", at)
        day, note = resolve_deadline(deadline, at.date())
        return self._event(
            "start_rectification", "rectify_by_deadline", by=by, at=at, reason=reason, deadline=day, note=note
        )

    def mark_rectified(self, *, by: str, at: dt.datetime, reason: str = "") -> History:
        """The holder reports the hazard rectified; it awaits verification."""
        return self._event("mark_rectified", "rectify_by_deadline", by=by, at=at, reason=reason)

    def fail_verification(self, *, reason: str, by: str, at: dt.datetime) -> History:
        """The check finds the rectification incomplete: back to rectifying, with the same deadline (3.2)."""
        return self._event("fail_verification", "closed_loop", by=by, at=at, reason=reason)

    def verify(self, *, by: str, at: dt.datetime, reason: str = "") -> History:
        """The check confirms the rectification (3.2: 实现“闭环”管理)."""
        return self._event("verify", "closed_loop", by=by, at=at, reason=reason)

    def close(self, *, by: str, at: dt.datetime, reason: str = "") -> History:
        """Close the hazard (销案, 4.3)."""
        return self._event("close", "close_by_deadline", by=by, at=at, reason=reason)

    def reject(self, *, reason: str, by: str, at: dt.datetime) -> History:
        """The report is not a hazard: reject it, saying why."""
        return self._event("reject", "not_a_hazard", by=by, at=at, reason=reason)

    def escalate(
        self,
        *,
        reason: str,
        by: str,
        at: dt.datetime,
        cause: str = "beyond_power",
        to: str | None = None,
    ) -> History:
        """Send the hazard up its territorial chain: grid → community → street → district.

        ``cause`` is ``"beyond_power"`` (the holder cannot handle it, 3.4),
        ``"major"`` (a major hazard, 3.2) or ``"overdue"`` (its deadline has
        passed, 4.3).  By default the hazard goes up one level; ``to`` names
        a higher level (``"street"``) to skip levels.  A department's hazard
        goes to the district.
        """
        rule = ESCALATION_CAUSES.get(cause)
        if rule is None:
            raise XiaofangError(
                f"cause: expected one of {', '.join(repr(c) for c in ESCALATION_CAUSES)}, got {cause!r}"
            )
        if to is not None and to not in LEVELS:
            raise XiaofangError(f"to: expected one of {', '.join(repr(lv) for lv in LEVELS)}, got {to!r}")
        h = self._state
        target = _escalation_target(h.report, h.level, to)
        if isinstance(target, str):
            raise self._refuse("escalate", target)
        return self._event("escalate", rule, by=by, at=at, reason=reason, level=target[0], to=(target[1],))

    # -- automatic rules ------------------------------------------------------------------------------------

    def dispatch(self, *, by: str, at: dt.datetime) -> History:
        """Apply the automatic rule to a reported or escalated hazard (派单), and record it.

        * a major hazard held by a grid or community escalates to its street
          (3.2: only general hazards stay in the grid);
        * at the street, a hazard whose place kind has industry departments
          (:func:`jiceng_xiaofang.route`) is whistled to them (3.6);
        * otherwise the level holding it takes it on: a general hazard its
          grid (3.2), else the community or street (3.1), or the district (1.4).
        """
        from ..org.places import route

        h = self._state
        if h.state not in ("reported", "escalated"):
            raise self._refuse("dispatch", "dispatch decides only for a reported or escalated hazard")
        if h.severity == "major" and h.level in ("grid", "community"):
            return self.escalate(reason=_AUTO_REASONS["major"], by=by, at=at, cause="major", to="street")
        if h.level == "street" and h.report.place_kind and route(h.report.place_kind).departments:
            return self.whistle(by=by, at=at)
        return self.assign(by=by, at=at, reason=_AUTO_REASONS.get(h.level, ""))

    def escalate_if_overdue(self, *, by: str, at: dt.datetime) -> History:
        """Escalate one level if the deadline has passed on the day of ``at`` (4.3); else return this history.

        Run it daily over open hazards: a hazard that is not being rectified,
        or not late, is returned unchanged and gains no event.  So is a late
        hazard the district holds, as nothing is above it (the query
        :func:`~jiceng_xiaofang.hazards.overdue` still lists it).
        """
        check_time("at", at)
        h = self._state
        if not h.is_overdue(at.date()) or h.level == "district":
            return self
        reason = f"逾期未整改：整改期限{h.deadline}已过 (deadline {h.deadline} passed)"
        return self.escalate(reason=reason, by=by, at=at, cause="overdue")


def _locate(report: HazardReport, district: District) -> HazardReport:
    """Resolve the report's units in the district and fill in the chain above the lowest one."""
    from ..errors import NotFoundError

    lowest_field = "grid" if report.grid else "community" if report.community else "street"
    lowest = getattr(report, lowest_field)
    try:
        if lowest_field == "street":
            lowest = district.street(lowest).code
        chain = district.chain(lowest)
    except NotFoundError as exc:
        raise XiaofangError(f"HazardReport.{lowest_field}: {exc}") from None
    kinds = {district.kind_of(ref): ref for ref in chain}
    if lowest_field != "street" and district.kind_of(chain[0]) != lowest_field:
        raise XiaofangError(
            f"HazardReport.{lowest_field}: expected a {lowest_field} of {district.name}, got {lowest!r},"
            f" which is a {district.kind_of(chain[0])}"
        )
    street_code = kinds.get("street", "")
    if not street_code:
        raise XiaofangError(
            f"HazardReport.{lowest_field}: {lowest!r} is not under a street of {district.name}"
        )
    if report.community and kinds.get("community") != report.community:
        raise XiaofangError(
            f"HazardReport.community: expected the community of {lowest!r} ({kinds.get('community', 'none')}),"
            f" got {report.community!r}"
        )
    street = district.street(street_code)
    if report.street:
        try:
            given = district.street(report.street)
        except NotFoundError as exc:
            raise XiaofangError(f"HazardReport.street: {exc}") from None
        if given.code != street.code:
            raise XiaofangError(
                f"HazardReport.street: expected the street of {lowest!r} ({street.name}), got {report.street!r}"
            )
    community = kinds.get("community", "")
    grid = kinds.get("grid", "")
    return attrs.evolve(
        report,
        grid=grid,
        grid_name=district.unit(grid).name if grid else "",
        community=community,
        community_name=district.unit(community).name if community else "",
        street=street.code,
        street_name=street.name,
    )


def report_hazard(report: HazardReport, *, district: District, by: str | None = None) -> History:
    """Start a hazard's history with its report (event 1), located in the district.

    The report's lowest unit (its grid, else community, else street) is
    looked up in ``district``; the units above it and their names are filled
    in from :meth:`District.chain <jiceng_xiaofang.District.chain>`, so the
    history records the territorial chain it will escalate along.  The event
    cites the clause of the report's channel.  ``by`` is who recorded it (by
    default the reporter, or the channel for an anonymous report).

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport, report_hazard
    >>> report = HazardReport(id="HZ-7", category="fire_lane_blocked", description="消防车通道被占用",
    ...                       channel="hotline_12345", community="解放碑街道/示例甲社区",
    ...                       reported_at=dt.datetime(2024, 5, 6, 9, 30, tzinfo=CHINA_STANDARD_TIME))
    >>> h = report_hazard(report, district=jx.sample_district())
    >>> e = h.events[0]
    >>> e.by, e.clause, e.level, e.to
    ('“12345”政务服务便民热线', '3.7', 'community', ('解放碑街道/示例甲社区',))
    >>> h.state.report.street_name
    '解放碑街道'
    """
    if not isinstance(report, HazardReport):
        raise XiaofangError(f"report: expected a HazardReport, got {report!r}")
    located = _locate(report, district)
    channel = CHANNELS[located.channel]
    who = by if by is not None else (located.reporter or channel.zh)
    check_text("by", who)
    rule = RULES[channel.rule]
    level, rid, _ = located.ladder[0]
    event = Event(
        hazard=located.id,
        seq=1,
        command="report",
        state="reported",
        at=located.reported_at,
        by=who,
        rule=rule.id,
        clause=rule.clause,
        quote=rule.quote,
        level=level,
        to=(rid,),
        report=located,
    )
    return History((event,))
