"""Hazard reports, events and the state of a hazard, as immutable values; the engine's vocabularies.

The states, levels and severities of the loop are the engine's.  What comes
from a policy (the channels a hazard comes in by, its categories, the rules
each step cites) is the policy's data (:attr:`jiceng_xiaofang.Policy.hazards`),
checked when a hazard is reported and at every step.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from ..errors import XiaofangError
from ..vocabulary.severity import SEVERITIES
from ..vocabulary.timezone import CHINA_STANDARD_TIME as _CST

__all__ = [
    "CHINA_STANDARD_TIME",
    "LEVELS",
    "SEVERITIES",
    "STATES",
    "Event",
    "Hazard",
    "HazardReport",
    "TransitionError",
]

CHINA_STANDARD_TIME = _CST
"""The time of Chongqing (UTC+8).  Event times must carry an offset; this is the usual one."""


STATES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "reported": ("已上报", "reported"),
        "assigned": ("已交办", "assigned"),
        "rectifying": ("整改中", "being rectified"),
        "rectified": ("已整改", "rectified, awaiting verification"),
        "verified": ("已复查", "verified"),
        "closed": ("已销案", "closed"),
        "rejected": ("不予立案", "rejected: not a hazard"),
        "escalated": ("已提级", "escalated"),
    }
)
"""The states of a hazard, code -> (Chinese, English).  ``closed`` and ``rejected`` are final."""

FINAL_STATES = ("closed", "rejected")

LEVELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "grid": ("网格", "grid"),
        "community": ("社区", "community"),
        "street": ("街道", "street"),
        "department": ("行业部门", "industry department"),
        "district": ("区", "district"),
    }
)
"""Who may hold a hazard, level code -> (Chinese, English).

Escalation climbs grid → community → street → district (the district fire
safety committee's office, 1.4); a street may instead whistle the industry
departments (3.6), and a department's hazard escalates to the district.
"""


class TransitionError(XiaofangError):
    """A command that the hazard's state or the policy's rules do not allow; nothing was changed.

    Attributes
    ----------
    hazard, state, command
        The hazard's id, its state, the command attempted.
    allowed
        The commands allowed in that state.
    reason
        Why this command is refused.

    Examples
    --------
    >>> err = TransitionError("HZ-1", "closed", "assign", (), "the hazard is closed")
    >>> print(err)
    hazard 'HZ-1' is closed: cannot assign: the hazard is closed; allowed now: nothing (closed is final)
    >>> err.allowed
    ()
    """

    def __init__(self, hazard: str, state: str, command: str, allowed: tuple[str, ...], reason: str) -> None:
        self.hazard = hazard
        self.state = state
        self.command = command
        self.allowed = allowed
        self.reason = reason
        now = ", ".join(allowed) if allowed else f"nothing ({state} is final)"
        if not allowed and state not in FINAL_STATES:
            now = "nothing"
        super().__init__(f"hazard {hazard!r} is {state}: cannot {command}: {reason}; allowed now: {now}")


# -- validation helpers ------------------------------------------------------------------------------------


def _fail(field: str, expected: str, given: object) -> XiaofangError:
    return XiaofangError(f"{field}: expected {expected}, got {given!r}")


def check_text(field: str, value: object, *, empty: bool = False) -> None:
    """Reject a value that is not a string, or (unless ``empty``) blank, or that spans lines."""
    if not isinstance(value, str):
        raise _fail(field, "a string", value)
    if not empty and not value.strip():
        raise _fail(field, "a non-empty string", value)
    if "\n" in value or "\r" in value:
        raise _fail(field, "one line of text", value)


def check_choice(field: str, value: object, choices: Mapping[str, object]) -> None:
    """Reject a value that is not a key of ``choices``, listing them."""
    if not isinstance(value, str) or value not in choices:
        raise _fail(field, "one of " + ", ".join(repr(c) for c in choices), value)


def check_time(field: str, value: object) -> None:
    """Reject anything but a timezone-aware :class:`datetime.datetime`."""
    if not isinstance(value, dt.datetime):
        raise _fail(field, "a datetime.datetime with a UTC offset (+08:00 in Chongqing)", value)
    if value.utcoffset() is None:
        raise _fail(
            field, "a datetime with a UTC offset such as +08:00 (CHINA_STANDARD_TIME), not a naive one", value
        )


def _check_coordinate(field: str, value: object, limit: float) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise _fail(field, "a number of degrees or None", value)
    if not -limit <= value <= limit:
        raise _fail(field, f"degrees from {-limit:g} to {limit:g}", value)


@attrs.frozen(kw_only=True)
class HazardReport:
    """A reported fire hazard: where it is, what it is, how it came in, how severe, and when.

    Give the grid (or, if the report does not know it, the community or the
    street) by its unit id in the district; :func:`~jiceng_xiaofang.report_hazard`
    fills in the units above it and their names from the district, so the
    report records the territorial chain (属地) it was reported in.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport
    >>> r = HazardReport(
    ...     id="HZ-1",
    ...     category="fire_lane_blocked",
    ...     description="消防车通道被私家车占用",
    ...     channel="hotline_12345",
    ...     reported_at=dt.datetime(2024, 5, 6, 9, 30, tzinfo=CHINA_STANDARD_TIME),
    ...     grid="解放碑街道/示例甲社区/第1网格",
    ... )
    >>> r.severity, r.channel
    ('general', 'hotline_12345')
    >>> HazardReport(id="HZ-2", category="fire_lane_blocked", description="x", channel="",
    ...              reported_at=r.reported_at, grid=r.grid)
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.XiaofangError: HazardReport.channel: expected a non-empty string, got ''
    """

    id: str
    """The hazard's id in the reporting system, such as ``HZ-2024-0001``."""
    category: str
    """A hazard category of the policy (``policy.hazards.categories``; under the embedded policy ``other`` if none fits)."""
    description: str
    """What was seen, in the reporter's words."""
    channel: str
    """A report channel of the policy (``policy.hazards.channels``)."""
    reported_at: dt.datetime
    """When it was reported, a datetime with a UTC offset."""
    severity: str = "general"
    """``general`` (一般, the default) or ``major`` (重大), a key of :data:`~jiceng_xiaofang.hazards.SEVERITIES`."""
    grid: str = ""
    """The grid's unit id, such as ``解放碑街道/示例甲社区/第1网格``; ``""`` when not known (at least one of grid, community, street is given)."""
    community: str = ""
    """The community's unit id; ``""`` when not known."""
    street: str = ""
    """The street's statistical code; ``""`` when not known."""
    grid_name: str = ""
    """The grid's name, filled in by :func:`~jiceng_xiaofang.report_hazard`; ``""`` when not known."""
    community_name: str = ""
    """The community's name, filled in likewise; ``""`` when not known."""
    street_name: str = ""
    """The street's name, filled in likewise; ``""`` when not known."""
    place: str = ""
    """The place, such as ``示例花园小区3栋``; ``""`` when not given."""
    place_kind: str = ""
    """Its type for routing to industry departments (a type of :func:`~jiceng_xiaofang.org.place_types`, or the Chinese words of a new kind of place); ``""`` when not given."""
    address: str = ""
    """Where to find it; ``""`` when not given."""
    lat: float | None = None
    """Latitude in WGS 84 degrees; ``None`` when not known."""
    long: float | None = None
    """Longitude in WGS 84 degrees; ``None`` when not known."""
    reporter: str = ""
    """Who reported it; ``""`` for an anonymous report."""

    def __attrs_post_init__(self) -> None:
        check_text("HazardReport.id", self.id)
        check_text("HazardReport.category", self.category)
        check_text("HazardReport.description", self.description)
        check_text("HazardReport.channel", self.channel)
        check_time("HazardReport.reported_at", self.reported_at)
        check_choice("HazardReport.severity", self.severity, SEVERITIES)
        for name in (
            "grid",
            "community",
            "street",
            "grid_name",
            "community_name",
            "street_name",
            "place",
            "place_kind",
            "address",
            "reporter",
        ):
            check_text(f"HazardReport.{name}", getattr(self, name), empty=True)
        if not (self.grid or self.community or self.street):
            raise XiaofangError(
                "HazardReport: expected where the hazard is: a grid, community or street id; got none"
            )
        _check_coordinate("HazardReport.lat", self.lat, 90)
        _check_coordinate("HazardReport.long", self.long, 180)

    @property
    def ladder(self) -> tuple[tuple[str, str, str], ...]:
        """The territorial chain (level, id, name) from the lowest unit known up to the street.

        Examples
        --------
        >>> import datetime as dt
        >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport
        >>> HazardReport(id="HZ-1", category="other", description="x", channel="inspection",
        ...              reported_at=dt.datetime(2024, 5, 6, tzinfo=CHINA_STANDARD_TIME),
        ...              community="c1", street="500103003", street_name="解放碑街道").ladder
        (('community', 'c1', ''), ('street', '500103003', '解放碑街道办事处'))
        """
        rungs = []
        if self.grid:
            rungs.append(("grid", self.grid, self.grid_name))
        if self.community:
            rungs.append(("community", self.community, self.community_name))
        if self.street:
            rungs.append(("street", self.street, f"{self.street_name}办事处" if self.street_name else ""))
        return tuple(rungs)


def _as_tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


@attrs.frozen(kw_only=True)
class Event:
    """One immutable entry of a hazard's history: who did what, when, why, and on which clause.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, Event
    >>> e = Event(hazard="HZ-1", seq=4, command="mark_rectified", state="rectified",
    ...           at=dt.datetime(2024, 5, 10, 16, 0, tzinfo=CHINA_STANDARD_TIME), by="网格员 张三",
    ...           rule="rectify_by_deadline", clause="4.3", quote="明确整改责任、措施和时限")
    >>> e.at.isoformat()
    '2024-05-10T16:00:00+08:00'
    """

    hazard: str
    """The hazard's id."""
    seq: int
    """Its place in the hazard's history, 1 for the report, then 2, 3, ..."""
    command: str
    """The command, a key of :data:`~jiceng_xiaofang.hazards.TRANSITIONS`."""
    state: str
    """The hazard's state after the event, a key of :data:`~jiceng_xiaofang.hazards.STATES`."""
    at: dt.datetime
    """When, a datetime with a UTC offset."""
    by: str
    """Who decided or acted."""
    rule: str
    """The id of the policy's rule the decision rests on (:attr:`Policy.hazards <jiceng_xiaofang.Policy.hazards>`)."""
    clause: str
    """The rule's clause, copied into the event so that a log can be read on its own."""
    quote: str = ""
    """The rule's words, copied likewise; ``""`` when not given."""
    reason: str = ""
    """The reason given (required for rejections, failed verifications and escalations); ``""`` when none."""
    level: str = ""
    """For a report, an assignment, a whistle or an escalation, the level that now holds the hazard (:data:`~jiceng_xiaofang.hazards.LEVELS`); ``""`` otherwise."""
    reading: str = ""
    """When the rule is the package's reading of its words, what it reads; ``""`` for a rule of the text."""
    to: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    """With :attr:`level`, the unit ids or department names that now hold the hazard; empty otherwise."""
    deadline: dt.date | None = None
    """For the start of a rectification, the last day to finish (inclusive); ``None`` otherwise."""
    note: str = ""
    """Anything else the decision should say (how a deadline was set, a department inferred by the closest-business principle...); ``""`` when nothing."""
    report: HazardReport | None = None
    """For the report event, the report; ``None`` for every other event."""
    actor: str = ""
    """The person id (a ``[[person]]`` of the district file) of who acted, checked against their posts on the
    event's day when an :class:`~jiceng_xiaofang.Authority` is given; ``""`` when not known (events recorded
    before actors were, or a report by the public)."""

    def __attrs_post_init__(self) -> None:
        check_text("Event.hazard", self.hazard)
        if isinstance(self.seq, bool) or not isinstance(self.seq, int) or self.seq < 1:
            raise _fail("Event.seq", "a whole number from 1", self.seq)
        check_text("Event.command", self.command)
        check_choice("Event.state", self.state, STATES)
        check_time("Event.at", self.at)
        check_text("Event.by", self.by)
        check_text("Event.rule", self.rule)
        check_text("Event.clause", self.clause)
        for name in ("quote", "reason", "note", "reading", "actor"):
            check_text(f"Event.{name}", getattr(self, name), empty=True)
        if self.actor != self.actor.strip():
            raise _fail("Event.actor", "a person id without surrounding spaces", self.actor)
        if self.level:
            check_choice("Event.level", self.level, LEVELS)
        if not isinstance(self.to, tuple):
            raise _fail("Event.to", "a tuple of unit ids or department names", self.to)
        for i, item in enumerate(self.to):
            check_text(f"Event.to[{i}]", item)
        if self.deadline is not None and (
            isinstance(self.deadline, dt.datetime) or not isinstance(self.deadline, dt.date)
        ):
            raise _fail("Event.deadline", "a datetime.date or None", self.deadline)
        if self.report is not None and not isinstance(self.report, HazardReport):
            raise _fail("Event.report", "a HazardReport or None", self.report)


@attrs.frozen(kw_only=True)
class Hazard:
    """The state of a hazard, derived by replaying its history; never stored, never edited.

    ``rejection`` is the reason a rejected hazard was rejected.

    ``level`` and ``holder`` say who holds the hazard now (unit ids, or the
    names of departments); ``holder_names`` gives their names.
    ``left_grid`` is true once the hazard has been held above its grid
    (escalated, or assigned or whistled elsewhere); ``allowed`` lists the
    commands that the state and the rules allow now.  ``category_zh`` and
    ``channel_zh`` name the report's category and channel as the policy does.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport, report_hazard
    >>> report = HazardReport(id="HZ-1", category="ebike", description="楼道内电动自行车充电",
    ...                       channel="grid_patrol", grid="解放碑街道/示例甲社区/第1网格",
    ...                       reported_at=dt.datetime(2024, 5, 6, 9, 30, tzinfo=CHINA_STANDARD_TIME))
    >>> h = report_hazard(report, district=jx.sample_district(), by="网格员 张三").state
    >>> h.state, h.level, h.holder_names, h.allowed
    ('reported', 'grid', ('第1网格',), ('assign', 'reject', 'escalate'))
    """

    report: HazardReport
    """The report the history starts with."""
    state: str
    """The state now, a key of :data:`~jiceng_xiaofang.hazards.STATES`."""
    level: str
    """The level that holds it now, a key of :data:`~jiceng_xiaofang.hazards.LEVELS`."""
    holder: tuple[str, ...]
    """Who holds it now, unit ids or the names of departments."""
    holder_names: tuple[str, ...]
    """Their names, in the same order."""
    updated_at: dt.datetime
    """When the last event happened."""
    version: int
    """The number of events replayed, the ``seq`` of the last one."""
    allowed: tuple[str, ...]
    """The commands the state and the rules allow now; empty in a final state."""
    deadline: dt.date | None = None
    """The last day of the rectification under way (inclusive); ``None`` when none is."""
    closed_at: dt.datetime | None = None
    """When it was closed; ``None`` while it is not."""
    escalations: int = 0
    """How many times it was escalated."""
    left_grid: bool = False
    """Whether it has been held above its grid (escalated, or assigned or whistled elsewhere)."""
    whistled: bool = False
    """Whether a street has whistled industry departments for it (街道吹哨、部门报到)."""
    rejection: str = ""
    """The reason it was rejected; ``""`` unless it was."""
    category_zh: str = ""
    """The report's category as the policy names it in Chinese."""
    channel_zh: str = ""
    """The report's channel as the policy names it in Chinese."""

    @property
    def id(self) -> str:
        """The hazard's id."""
        return self.report.id

    @property
    def severity(self) -> str:
        """``general`` or ``major``."""
        return self.report.severity

    @property
    def reported_at(self) -> dt.datetime:
        """When the hazard was reported."""
        return self.report.reported_at

    @property
    def is_open(self) -> bool:
        """Whether the hazard is neither closed nor rejected."""
        return self.state not in FINAL_STATES

    @property
    def state_zh(self) -> str:
        """The state in Chinese."""
        return STATES[self.state][0]

    def is_overdue(self, on: dt.date) -> bool:
        """Whether the rectification deadline has passed on the day ``on`` (the deadline day is still in time).

        Only a hazard being rectified has a deadline; one rectified and
        awaiting verification is not overdue.
        """
        if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
            raise _fail("on", "a datetime.date", on)
        return self.state == "rectifying" and self.deadline is not None and on > self.deadline

    @property
    def closed_in_grid(self) -> bool:
        """Whether the hazard was closed by its grid without ever leaving it (一般隐患不出网格)."""
        return self.state == "closed" and self.level == "grid" and not self.left_grid

    def __str__(self) -> str:
        who = "、".join(self.holder_names) or "-"
        due = f", due {self.deadline}" if self.deadline and self.is_open else ""
        return f"{self.id} {self.state} ({self.state_zh}) at {self.level} {who}{due}"
