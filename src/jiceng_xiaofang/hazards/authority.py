"""Who may act on a hazard: each event of the loop checked against its actor's posts on the event's day.

The acts are the loop's commands; the posts each needs, where they must be
held and the separations of duties are the policy's ``[authority]``
(:class:`~jiceng_xiaofang.Authority`).  A hazard is *held* by the unit of its
level: its grid, community or street; the street it was whistled from while
industry departments hold it (the street keeps it under joint control); the
district once it is escalated to the district.  It is *located* in the
lowest unit of its report.  A post in that unit or a unit above it serves a
grant of scope ``holder`` (``location``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ..errors import XiaofangError
from .model import Event, Hazard

if TYPE_CHECKING:
    from ..org.authority import Authorisation, Authority

__all__ = ["PROCESS", "ActorsByAct", "authorise_event", "holder_unit"]

PROCESS = "hazards"
"""The name of the hazard loop among the processes of :data:`~jiceng_xiaofang.policy.AUTHORITY_ACTS`."""

ActorsByAct = dict[str, set[str]]
"""The person ids who performed each act on one hazard so far (for the separations of duties)."""


def holder_unit(h: Hazard, authority: Authority) -> str:
    """The unit id that holds a hazard for the scope ``holder``: its level's unit, its street, or the district.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport, report_hazard
    >>> from jiceng_xiaofang.hazards.authority import holder_unit
    >>> report = HazardReport(id="HZ-1", category="other", description="x", channel="inspection",
    ...     grid="解放碑街道/示例甲社区/第1网格", reported_at=dt.datetime(2024, 5, 6, tzinfo=CHINA_STANDARD_TIME))
    >>> h = report_hazard(report, district=jx.sample_district()).state
    >>> holder_unit(h, jx.Authority(jx.sample_district()))
    '解放碑街道/示例甲社区/第1网格'
    """
    if h.level == "district":
        return authority.district.code
    if h.level == "department":
        return h.report.street
    return h.holder[0]


def done_by(events: Iterable[Event]) -> ActorsByAct:
    """Who did each act of these events (events without an actor count for no one)."""
    found: ActorsByAct = {}
    for e in events:
        if e.actor:
            found.setdefault(e.command, set()).add(e.actor)
    return found


def authorise_event(
    authority: Authority, before: Hazard | None, event: Event, actors: Mapping[str, set[str]]
) -> Authorisation:
    """Check that the event's actor may perform its command on the hazard as it stood before it.

    ``before`` is the hazard's state before the event (``None`` for its
    report); ``actors`` who did each earlier act on it.  The day is the
    event's date at its own UTC offset.  Raises
    :class:`~jiceng_xiaofang.NotAuthorisedError`.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport, report_hazard
    >>> from jiceng_xiaofang.hazards.authority import authorise_event
    >>> auth = jx.Authority(jx.sample_district())
    >>> report = HazardReport(id="HZ-1", category="other", description="x", channel="inspection",
    ...     grid="解放碑街道/示例甲社区/第1网格", reported_at=dt.datetime(2024, 5, 6, tzinfo=CHINA_STANDARD_TIME))
    >>> h = report_hazard(report, district=jx.sample_district())
    >>> e = h.dispatch(by="社区 郑示例", at=report.reported_at, actor="p11").events[-1]
    >>> authorise_event(auth, h.state, e, {}).tenure.role
    'community_main_head'
    """
    from ..org.authority import Authority

    if not isinstance(authority, Authority):
        raise XiaofangError(f"authority: expected an Authority, got {authority!r}")
    if before is None:
        report = event.report
        location = report.ladder[0][1] if report is not None else None
        holder = location
    else:
        location = before.report.ladder[0][1]
        holder = holder_unit(before, authority)
    return authority.check(
        PROCESS,
        event.command,
        actor=event.actor or None,
        on=event.at.date(),
        holder=holder,
        location=location,
        done_by=actors,
        subject=f"hazard {event.hazard!r}",
    )
