"""The closed loop as a state machine: the engine's transition table, each decision citing the policy.

A hazard's :class:`History` is a tuple of :class:`~jiceng_xiaofang.hazards.Event`
values under a policy.  Its state is never stored: it is derived by replaying
the events through one function, which also validates every new event, so a
command and a replayed log obey the same rules.  Commands return a new history
with one more event; an invalid one raises
:class:`~jiceng_xiaofang.TransitionError` and changes nothing.

The loop (its states and commands) is the engine's; which rule each step
cites, the channels and categories, who holds a hazard above the street and
which severities a grid keeps are the policy's (:attr:`jiceng_xiaofang.Policy.hazards`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs
from dateutil.relativedelta import relativedelta

from ..errors import NotFoundError, XiaofangError
from ..policy.hazard_rules import ESCALATION_CAUSES, HazardRule, HazardRules
from ..policy.load import load_policy
from ..policy.model import Policy
from .model import (
    LEVELS,
    Event,
    Hazard,
    HazardReport,
    TransitionError,
    check_text,
    check_time,
)

if TYPE_CHECKING:
    from ..org.authority import Authority
    from ..org.model import District

__all__ = [
    "TRANSITIONS",
    "History",
    "Transition",
    "report_hazard",
    "resolve_deadline",
]


@attrs.frozen
class Transition:
    """A command of the closed loop: the states it starts from and the state it leads to.

    Which rules it may cite is the policy's (:meth:`rules`).

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import TRANSITIONS
    >>> t = TRANSITIONS["escalate"]
    >>> t.sources, t.target
    (('reported', 'assigned', 'rectifying', 'escalated'), 'escalated')
    >>> t.rules(jx.load_policy()), t.clauses(jx.load_policy())
    (('major_hazard', 'beyond_power', 'overdue'), ('3.2', '3.4', '4.3'))
    """

    command: str
    """The command's name, such as ``escalate``."""
    sources: tuple[str, ...]
    """The states it may start from; empty for ``report``, which starts a history."""
    target: str
    """The state it leads to."""
    en: str
    """What it does, in English."""

    def rules(self, policy: Policy | None = None) -> tuple[str, ...]:
        """The ids of the rules the command may cite under a policy (the embedded one by default)."""
        return _rules_of(policy).rules_of(self.command)

    def clauses(self, policy: Policy | None = None) -> tuple[str, ...]:
        """The clauses of its rules under a policy, each once, in order."""
        rules = _rules_of(policy)
        return tuple(dict.fromkeys(str(rules.rule(r).clause) for r in rules.rules_of(self.command)))


def _rules_of(policy: Policy | None) -> HazardRules:
    return (load_policy() if policy is None else policy).hazards


TRANSITIONS: Mapping[str, Transition] = MappingProxyType(
    {
        t.command: t
        for t in (
            Transition(
                "report",
                (),
                "reported",
                "a hazard comes in through a channel; the event cites the channel's rule",
            ),
            Transition(
                "assign",
                ("reported", "escalated"),
                "assigned",
                "the level holding the hazard takes it on: a grid keeps only the severities the policy lets it,"
                " else the community, the street or the district takes it",
            ),
            Transition(
                "whistle",
                ("reported", "assigned", "escalated"),
                "assigned",
                "a street blows the whistle and the industry departments take the hazard on",
            ),
            Transition(
                "start_rectification",
                ("assigned",),
                "rectifying",
                "the holder sets the rectification and its deadline",
            ),
            Transition(
                "mark_rectified", ("rectifying",), "rectified", "the holder reports the hazard rectified"
            ),
            Transition(
                "fail_verification",
                ("rectified",),
                "rectifying",
                "the check finds the rectification incomplete; the deadline stands",
            ),
            Transition("verify", ("rectified",), "verified", "the check confirms the rectification"),
            Transition("close", ("verified",), "closed", "the hazard is closed (销案)"),
            Transition(
                "reject",
                ("reported", "assigned", "escalated"),
                "rejected",
                "the report is not a hazard; the reason is recorded",
            ),
            Transition(
                "escalate",
                ("reported", "assigned", "rectifying", "escalated"),
                "escalated",
                "the hazard goes up the territorial chain: a major hazard, beyond the holder's power, or overdue",
            ),
        )
    }
)
"""The closed loop, command -> :class:`Transition`.  ``closed`` and ``rejected`` are final."""

_NO_MOVE = frozenset(
    {"start_rectification", "mark_rectified", "fail_verification", "verify", "close", "reject"}
)
_REASON_REQUIRED = frozenset({"reject", "escalate", "fail_verification"})


# -- replay: the one place where the rules are applied -------------------------------------------------------


def _rungs(report: HazardReport, rules: HazardRules) -> tuple[tuple[str, str, str], ...]:
    top = rules.district_holder
    return (*report.ladder, ("district", top, top))


def _names(report: HazardReport, level: str, holder: tuple[str, ...], rules: HazardRules) -> tuple[str, ...]:
    if level == "department":
        return holder
    names = {rid: name for lvl, rid, name in _rungs(report, rules) if lvl == level}
    return tuple(names.get(h) or h for h in holder)


def _escalation_target(
    report: HazardReport, level: str, to: str | None, rules: HazardRules
) -> tuple[str, str] | str:
    """The (level, id) an escalation from ``level`` reaches; a str is the reason it cannot."""
    rungs = [(lvl, rid) for lvl, rid, _ in _rungs(report, rules)]
    if level == "district":
        return "nothing is above the district"
    if level == "department":
        above = [("district", rules.district_holder)]
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


def _grid_keeps(severity: str, rules: HazardRules) -> bool:
    return severity in rules.grid_severities


def _allowed(h: Hazard, severity: str, rules: HazardRules) -> tuple[str, ...]:
    found = []
    for t in TRANSITIONS.values():
        if h.state not in t.sources:
            continue
        if t.command == "assign" and (
            (h.level == "grid" and not _grid_keeps(severity, rules)) or h.level == "department"
        ):
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


def _check_rule(h: Hazard | None, e: Event, rules: HazardRules) -> HazardRule:
    if e.rule not in rules.rules:
        raise _refuse(h, e, f"unknown rule {e.rule!r}; the rules are {', '.join(rules.rules)}")
    allowed = rules.rules_of(e.command)
    if e.rule not in allowed:
        raise _refuse(h, e, f"{e.command} rests on one of {', '.join(allowed)}, not {e.rule!r}")
    return rules.rules[e.rule]


def _check_words(h: Hazard | None, e: Event, rules: HazardRules) -> None:
    """The event cites its rule's clause and, when it quotes, its words (a log read on its own says the truth)."""
    rule = rules.rules[e.rule]
    if e.clause != rule.clause:
        raise _refuse(h, e, f"the rule {e.rule} cites clause {rule.clause}, the event says {e.clause}")
    if e.quote and e.quote != rule.quote:
        raise _refuse(h, e, f"the event quotes {e.quote!r}, not the words of {e.rule} ({rule.quote!r})")


def _first(e: Event, rules: HazardRules) -> Hazard:
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
    channel = rules.channels.get(report.channel)
    if channel is None:
        raise _refuse(
            None, e, f"unknown channel {report.channel!r}; the channels are {', '.join(rules.channels)}"
        )
    category = rules.categories.get(report.category)
    if category is None:
        raise _refuse(
            None, e, f"unknown category {report.category!r}; the categories are {', '.join(rules.categories)}"
        )
    _check_rule(None, e, rules)
    if e.rule != channel.rule:
        raise _refuse(None, e, f"a report through {report.channel} cites {channel.rule!r}, not {e.rule!r}")
    level, rid, _ = report.ladder[0]
    if (e.level, e.to) != (level, (rid,)):
        raise _refuse(
            None,
            e,
            f"a report is first held by its lowest unit ({level} {rid}), the event says {e.level} {e.to}",
        )
    if e.deadline is not None:
        raise _refuse(None, e, "a report sets no deadline")
    _check_words(None, e, rules)
    h = Hazard(
        report=report,
        state="reported",
        level=level,
        holder=(rid,),
        holder_names=_names(report, level, (rid,), rules),
        updated_at=e.at,
        version=1,
        allowed=(),
        category_zh=category.zh,
        channel_zh=channel.zh,
    )
    return attrs.evolve(h, allowed=_allowed(h, report.severity, rules))


def apply_event(h: Hazard | None, e: Event, policy: Policy | None = None) -> Hazard:
    """The state after ``e`` under a policy (the embedded one by default); raise :class:`TransitionError` if ``e`` cannot follow ``h``.

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
    return _apply(h, e, _rules_of(policy))


def _apply(h: Hazard | None, e: Event, rules: HazardRules) -> Hazard:
    if h is None:
        return _first(e, rules)
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
    _check_rule(h, e, rules)
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
        if h.level == "grid" and not _grid_keeps(severity, rules):
            keeps = "、".join(rules.grid_severities) or "no severity"
            grid_rule = rules.rule_for("assign", "grid")
            raise _refuse(
                h,
                e,
                f"a {severity} hazard is not handled in the grid: the grid keeps {keeps} hazards"
                f" ({grid_rule.clause}: {grid_rule.quote}); escalate it",
            )
        if (e.level, e.to) != (h.level, h.holder):
            raise _refuse(
                h, e, f"the hazard is held by {h.level} {h.holder}; the event assigns {e.level} {e.to}"
            )
        expected = rules.rule_for("assign", h.level).id
        if e.rule != expected:
            raise _refuse(h, e, f"an assignment at {h.level} level cites {expected!r}, not {e.rule!r}")
    elif e.command == "whistle":
        if h.level != "street":
            raise _refuse(h, e, f"only a street blows the whistle; the hazard is held at {h.level} level")
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
            rectify = rules.rule_for("start_rectification")
            raise _refuse(h, e, f"a rectification needs its deadline ({rectify.clause}: {rectify.quote})")
        if e.deadline < e.at.date():
            raise _refuse(h, e, f"the deadline {e.deadline} is before the day it is set ({e.at.date()})")
        new = attrs.evolve(new, deadline=e.deadline)
    elif e.command == "close":
        new = attrs.evolve(new, closed_at=e.at, deadline=None)
    elif e.command == "reject":
        new = attrs.evolve(new, rejection=e.reason, deadline=None)
    elif e.command == "escalate":
        cause = next((c for c in ESCALATION_CAUSES if rules.rule_for("escalate", c).id == e.rule), None)
        if cause == "major" and severity != "major":
            raise _refuse(h, e, "the hazard is general, not major; escalate it as beyond_power or overdue")
        if cause == "overdue" and not h.is_overdue(e.at.date()):
            due = (
                f"its deadline {h.deadline} has not passed on {e.at.date()}"
                if h.deadline
                else "it has no deadline"
            )
            raise _refuse(h, e, f"the hazard is not overdue: {due}")
        target = _escalation_target(h.report, h.level, e.level or None, rules)
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
            holder_names=_names(h.report, target[0], (target[1],), rules),
            deadline=None,
            escalations=h.escalations + 1,
            left_grid=True,
        )
    _check_words(h, e, rules)
    return attrs.evolve(new, allowed=_allowed(new, severity, rules))


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


def _actor(actor: object, authority: object) -> str:
    """The actor's person id as an event records it (empty: not given); checked for its type."""
    if actor is None:
        return ""
    if not isinstance(actor, str) or not actor.strip() or actor != actor.strip() or "\n" in actor:
        raise XiaofangError(
            f"actor: expected a person id of the district file (one line of text), got {actor!r}"
        )
    return actor


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
    offset) are required by every command.  Every command also takes
    ``actor`` (the person id of who acts, recorded in the event) and
    ``authority`` (an :class:`~jiceng_xiaofang.Authority`): with it, a
    command whose actor held no post the policy grants it on the day of
    ``at``, or whom a separation of duties keeps from it, raises
    :class:`~jiceng_xiaofang.NotAuthorisedError` and adds nothing.

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
    """The hazard's events in order, the report first."""
    policy: Policy = attrs.field(factory=load_policy, eq=False, repr=False)
    """The policy whose rules the events are checked against (the embedded one by default)."""
    _state: Hazard = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if not self.events:
            raise XiaofangError(
                "History.events: expected the hazard's events, starting with its report; got none"
            )
        if not isinstance(self.policy, Policy):
            raise XiaofangError(f"History.policy: expected a Policy, got {self.policy!r}")
        rules = self.policy.hazards
        state: Hazard | None = None
        for i, event in enumerate(self.events):
            if not isinstance(event, Event):
                raise XiaofangError(f"History.events[{i}]: expected an Event, got {event!r}")
            state = _apply(state, event, rules)
        assert state is not None
        object.__setattr__(self, "_state", state)

    @classmethod
    def _extend(cls, old: History, event: Event, authority: Authority | None = None) -> History:
        state = _apply(old._state, event, old.policy.hazards)  # raises before anything is built
        if authority is not None:
            from .authority import authorise_event, done_by

            authorise_event(authority, old._state, event, done_by(old.events))
        new = object.__new__(cls)
        object.__setattr__(new, "events", (*old.events, event))
        object.__setattr__(new, "policy", old.policy)
        object.__setattr__(new, "_state", state)
        return new

    @property
    def rules(self) -> HazardRules:
        """The policy's rules of the loop that this history follows."""
        return self.policy.hazards

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
        rules = self.rules
        for event in self.events:
            state = _apply(state, event, rules)
            found.append(state)
        return tuple(found)

    def append(self, event: Event, *, authority: Authority | None = None) -> History:
        """Return this history with one more event, validated as the commands validate theirs.

        Use it to apply an event from elsewhere (another system, a log).
        With ``authority``, the event's actor must hold a post the policy
        grants its command on the event's day
        (:class:`~jiceng_xiaofang.NotAuthorisedError` otherwise).
        """
        if not isinstance(event, Event):
            raise XiaofangError(f"event: expected an Event, got {event!r}")
        return History._extend(self, event, authority)

    # -- commands ---------------------------------------------------------------------------------------

    def _event(
        self,
        command: str,
        rule: HazardRule,
        *,
        by: str,
        at: dt.datetime,
        reason: str = "",
        level: str = "",
        to: tuple[str, ...] = (),
        deadline: dt.date | None = None,
        note: str = "",
        actor: str | None = None,
        authority: Authority | None = None,
    ) -> History:
        check_text("by", by)
        check_time("at", at)
        check_text("reason", reason, empty=True)
        actor = _actor(actor, authority)
        event = Event(
            hazard=self.id,
            seq=len(self.events) + 1,
            command=command,
            state=TRANSITIONS[command].target,
            at=at,
            by=by,
            rule=rule.id,
            clause=str(rule.clause),
            quote=rule.quote,
            reading=rule.reference.reading if rule.is_reading else "",
            reason=reason,
            level=level,
            to=to,
            deadline=deadline,
            note=note,
            actor=actor,
        )
        return History._extend(self, event, authority)

    def _refuse(self, command: str, reason: str) -> TransitionError:
        h = self._state
        return TransitionError(h.id, h.state, command, h.allowed, reason)

    def assign(
        self,
        *,
        by: str,
        at: dt.datetime,
        reason: str = "",
        actor: str | None = None,
        authority: Authority | None = None,
    ) -> History:
        """The level holding the hazard takes it on (交办): its grid, community, street or the district.

        The rule follows the level, as the policy cites it (under the
        embedded policy: 3.2 in the grid, 3.1 in a community or street, 1.4 at
        the district).  A hazard of a severity the grid does not keep (a major
        one) cannot be assigned to a grid: escalate it.
        """
        h = self._state
        if h.level not in ("grid", "community", "street", "district"):
            raise self._refuse("assign", f"a hazard held at {h.level} level is not assigned; escalate it")
        rule = self.rules.rule_for("assign", h.level)
        return self._event(
            "assign",
            rule,
            by=by,
            at=at,
            reason=reason,
            level=h.level,
            to=h.holder,
            actor=actor,
            authority=authority,
        )

    def whistle(
        self,
        *,
        by: str,
        at: dt.datetime,
        departments: Iterable[str] | None = None,
        reason: str = "",
        actor: str | None = None,
        authority: Authority | None = None,
    ) -> History:
        """The street blows the whistle and the industry departments take the hazard on (街道吹哨、部门报到).

        By default the departments are those :func:`jiceng_xiaofang.route`
        gives for the report's ``place_kind`` under the history's policy; when
        the route was inferred by the closest-business principle, the event's
        note says so.
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
            found = route(kind, self.policy)
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
        rule = self.rules.rule_for("whistle")
        return self._event(
            "whistle",
            rule,
            by=by,
            at=at,
            reason=reason or rule.reason,
            level="department",
            to=names,
            note=note,
            actor=actor,
            authority=authority,
        )

    def start_rectification(
        self,
        *,
        deadline: dt.date | str | relativedelta,
        by: str,
        at: dt.datetime,
        reason: str = "",
        actor: str | None = None,
        authority: Authority | None = None,
    ) -> History:
        """Start the rectification with its deadline (under the embedded policy, 4.3: 明确整改责任、措施和时限).

        ``deadline`` is a date, an ISO 8601 duration (``"P15D"``, ``"P1M"``)
        or a ``relativedelta``, counted from the day of ``at``.
        """
        check_time("at", at)
        day, note = resolve_deadline(deadline, at.date())
        rule = self.rules.rule_for("start_rectification")
        return self._event(
            "start_rectification",
            rule,
            by=by,
            at=at,
            reason=reason,
            deadline=day,
            note=note,
            actor=actor,
            authority=authority,
        )

    def mark_rectified(
        self,
        *,
        by: str,
        at: dt.datetime,
        reason: str = "",
        actor: str | None = None,
        authority: Authority | None = None,
    ) -> History:
        """The holder reports the hazard rectified; it awaits verification."""
        return self._event(
            "mark_rectified",
            self.rules.rule_for("mark_rectified"),
            by=by,
            at=at,
            reason=reason,
            actor=actor,
            authority=authority,
        )

    def fail_verification(
        self,
        *,
        reason: str,
        by: str,
        at: dt.datetime,
        actor: str | None = None,
        authority: Authority | None = None,
    ) -> History:
        """The check finds the rectification incomplete: back to rectifying, with the same deadline."""
        rule = self.rules.rule_for("fail_verification")
        return self._event(
            "fail_verification", rule, by=by, at=at, reason=reason, actor=actor, authority=authority
        )

    def verify(
        self,
        *,
        by: str,
        at: dt.datetime,
        reason: str = "",
        actor: str | None = None,
        authority: Authority | None = None,
    ) -> History:
        """The check confirms the rectification (under the embedded policy, 3.2: 实现“闭环”管理)."""
        return self._event(
            "verify",
            self.rules.rule_for("verify"),
            by=by,
            at=at,
            reason=reason,
            actor=actor,
            authority=authority,
        )

    def close(
        self,
        *,
        by: str,
        at: dt.datetime,
        reason: str = "",
        actor: str | None = None,
        authority: Authority | None = None,
    ) -> History:
        """Close the hazard (销案)."""
        return self._event(
            "close",
            self.rules.rule_for("close"),
            by=by,
            at=at,
            reason=reason,
            actor=actor,
            authority=authority,
        )

    def reject(
        self,
        *,
        reason: str,
        by: str,
        at: dt.datetime,
        actor: str | None = None,
        authority: Authority | None = None,
    ) -> History:
        """The report is not a hazard: reject it, saying why."""
        return self._event(
            "reject",
            self.rules.rule_for("reject"),
            by=by,
            at=at,
            reason=reason,
            actor=actor,
            authority=authority,
        )

    def escalate(
        self,
        *,
        reason: str,
        by: str,
        at: dt.datetime,
        cause: str = "beyond_power",
        to: str | None = None,
        actor: str | None = None,
        authority: Authority | None = None,
    ) -> History:
        """Send the hazard up its territorial chain: grid → community → street → district.

        ``cause`` is ``"beyond_power"`` (the holder cannot handle it),
        ``"major"`` (a major hazard) or ``"overdue"`` (its deadline has
        passed); the event cites the rule the policy gives the cause.  By
        default the hazard goes up one level; ``to`` names a higher level
        (``"street"``) to skip levels.  A department's hazard goes to the
        district.
        """
        if cause not in ESCALATION_CAUSES:
            raise XiaofangError(
                f"cause: expected one of {', '.join(repr(c) for c in ESCALATION_CAUSES)}, got {cause!r}"
            )
        rule = self.rules.rule_for("escalate", cause)
        if to is not None and to not in LEVELS:
            raise XiaofangError(f"to: expected one of {', '.join(repr(lv) for lv in LEVELS)}, got {to!r}")
        h = self._state
        target = _escalation_target(h.report, h.level, to, self.rules)
        if isinstance(target, str):
            raise self._refuse("escalate", target)
        return self._event(
            "escalate",
            rule,
            by=by,
            at=at,
            reason=reason,
            level=target[0],
            to=(target[1],),
            actor=actor,
            authority=authority,
        )

    # -- automatic rules ------------------------------------------------------------------------------------

    def dispatch(
        self, *, by: str, at: dt.datetime, actor: str | None = None, authority: Authority | None = None
    ) -> History:
        """Apply the automatic rule to a reported or escalated hazard (派单), and record it.

        * a hazard of a severity the grid does not keep (a major one), held by
          a grid or community, escalates to its street (under the embedded
          policy, 3.2: 一般隐患不出网格);
        * at the street, a hazard whose place kind has industry departments
          (:func:`jiceng_xiaofang.route`) is whistled to them;
        * otherwise the level holding it takes it on, citing the policy's rule
          for that level.
        """
        from ..org.places import route

        h = self._state
        rules = self.rules
        if h.state not in ("reported", "escalated"):
            raise self._refuse("dispatch", "dispatch decides only for a reported or escalated hazard")
        if not _grid_keeps(h.severity, rules) and h.level in ("grid", "community"):
            reason = rules.rule_for("escalate", "major").reason
            return self.escalate(
                reason=reason, by=by, at=at, cause="major", to="street", actor=actor, authority=authority
            )
        if (
            h.level == "street"
            and h.report.place_kind
            and route(h.report.place_kind, self.policy).departments
        ):
            return self.whistle(by=by, at=at, actor=actor, authority=authority)
        return self.assign(
            by=by, at=at, reason=rules.rule_for("assign", h.level).reason, actor=actor, authority=authority
        )

    def escalate_if_overdue(
        self, *, by: str, at: dt.datetime, actor: str | None = None, authority: Authority | None = None
    ) -> History:
        """Escalate one level if the deadline has passed on the day of ``at``; else return this history.

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
        return self.escalate(reason=reason, by=by, at=at, cause="overdue", actor=actor, authority=authority)


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


def report_hazard(
    report: HazardReport,
    *,
    district: District,
    by: str | None = None,
    policy: Policy | None = None,
    actor: str | None = None,
    authority: Authority | None = None,
) -> History:
    """Start a hazard's history with its report (event 1), located in the district, under a policy.

    The report's lowest unit (its grid, else community, else street) is
    looked up in ``district``; the units above it and their names are filled
    in from :meth:`District.chain <jiceng_xiaofang.District.chain>`, so the
    history records the territorial chain it will escalate along.  The
    policy (by default the district's own) says which channels and
    categories there are; the event cites the rule of the report's channel.
    ``by`` is who recorded it (by default the reporter, or the channel for an
    anonymous report); ``actor`` their person id in the district file, when
    they have one, and ``authority`` checks that they may report (under the
    embedded policy anyone may).

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
    from ..org.responsibility import policy_of

    if not isinstance(report, HazardReport):
        raise XiaofangError(f"report: expected a HazardReport, got {report!r}")
    policy = policy_of(district, policy)
    rules = policy.hazards
    try:
        channel = rules.channel(report.channel)
        rules.category(report.category)
    except NotFoundError as exc:
        field = "channel" if "channel" in str(exc).split("'", 1)[0] else "category"
        raise XiaofangError(f"HazardReport.{field}: {exc}") from None
    located = _locate(report, district)
    who = by if by is not None else (located.reporter or channel.zh)
    check_text("by", who)
    rule = rules.rule(channel.rule)
    level, rid, _ = located.ladder[0]
    event = Event(
        hazard=located.id,
        seq=1,
        command="report",
        state="reported",
        at=located.reported_at,
        by=who,
        rule=rule.id,
        clause=str(rule.clause),
        quote=rule.quote,
        reading=rule.reference.reading if rule.is_reading else "",
        level=level,
        to=(rid,),
        report=located,
        actor=_actor(actor, authority),
    )
    if authority is not None:
        from .authority import authorise_event

        authorise_event(authority, None, event, {})
    return History((event,), policy=policy)
