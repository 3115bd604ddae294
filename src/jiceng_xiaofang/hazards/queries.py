"""Questions over many hazards: open, overdue, time to close, share closed inside the grid.

Open hazards by grid, street or department; overdue ones on a day; the time
from report to closing; the share of closed hazards their grid closed.

Every query takes a :class:`~jiceng_xiaofang.HazardLog`, or any
iterable of :class:`~jiceng_xiaofang.hazards.History` or
:class:`~jiceng_xiaofang.hazards.Hazard` values, and answers in the order
given (a log: the order of the reports).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from ..errors import XiaofangError
from .log import HazardLog
from .machine import History
from .model import SEVERITIES, STATES, Hazard, check_choice

__all__ = [
    "GROUP_KEYS",
    "Share",
    "count_by_state",
    "open_by",
    "open_hazards",
    "overdue",
    "select",
    "share_closed_in_grid",
    "time_to_close",
]

Hazards = HazardLog | Iterable[History | Hazard]

GROUP_KEYS = ("grid", "community", "street", "department", "level", "state")
"""What :func:`open_by` groups by.

The grid, community or street a hazard is in (ids; the street by name), the
department holding it, the level holding it, or its state.
"""


def _states(hazards: Hazards) -> tuple[Hazard, ...]:
    if isinstance(hazards, HazardLog):
        return hazards.hazards
    found = []
    for item in hazards:
        if isinstance(item, History):
            found.append(item.state)
        elif isinstance(item, Hazard):
            found.append(item)
        else:
            raise XiaofangError(f"hazards: expected a HazardLog, or History or Hazard values; got {item!r}")
    return tuple(found)


def select(
    hazards: Hazards,
    *,
    street: str | None = None,
    community: str | None = None,
    grid: str | None = None,
    department: str | None = None,
    severity: str | None = None,
    states: Iterable[str] | None = None,
) -> tuple[Hazard, ...]:
    """The hazards that match every filter given.

    ``street`` is a street's name or code; ``community`` and ``grid`` are
    unit ids; ``department`` matches a hazard a department holds now (after
    a whistle); ``states`` is a set of :data:`~jiceng_xiaofang.hazards.STATES`.

    Examples
    --------
    >>> from jiceng_xiaofang.hazards import select
    >>> select([], street="解放碑街道")
    ()
    >>> select([], states=["open"])
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.XiaofangError: states: expected one of 'reported', 'assigned', 'rectifying', 'rectified', 'verified', 'closed', 'rejected', 'escalated', got 'open'
    """
    if severity is not None:
        check_choice("severity", severity, SEVERITIES)
    wanted = None
    if states is not None:
        wanted = set()
        for s in [states] if isinstance(states, str) else states:
            check_choice("states", s, STATES)
            wanted.add(s)
    found = []
    for h in _states(hazards):
        r = h.report
        if street is not None and street not in (r.street, r.street_name, f"{r.street_name}办事处"):
            continue
        if community is not None and r.community != community:
            continue
        if grid is not None and r.grid != grid:
            continue
        if department is not None and not (h.level == "department" and department in h.holder):
            continue
        if severity is not None and h.severity != severity:
            continue
        if wanted is not None and h.state not in wanted:
            continue
        found.append(h)
    return tuple(found)


def open_hazards(
    hazards: Hazards,
    *,
    street: str | None = None,
    community: str | None = None,
    grid: str | None = None,
    department: str | None = None,
    severity: str | None = None,
) -> tuple[Hazard, ...]:
    """The hazards neither closed nor rejected, with the filters of :func:`select`.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport, open_hazards
    >>> at = dt.datetime(2024, 5, 6, 9, tzinfo=CHINA_STANDARD_TIME)
    >>> report = HazardReport(id="HZ-1", category="ebike", description="楼道内电动自行车充电",
    ...                       channel="grid_patrol", grid="解放碑街道/示例甲社区/第1网格", reported_at=at)
    >>> h = jx.report_hazard(report, district=jx.sample_district())
    >>> [str(x) for x in open_hazards([h], street="解放碑街道")]
    ['HZ-1 reported (已上报) at grid 第1网格']
    >>> open_hazards([h.reject(reason="不属于火灾隐患", by="网格员 张三", at=at)])
    ()
    """
    found = select(
        hazards, street=street, community=community, grid=grid, department=department, severity=severity
    )
    return tuple(h for h in found if h.is_open)


def open_by(hazards: Hazards, key: str) -> Mapping[str, tuple[Hazard, ...]]:
    """The open hazards grouped by ``key`` (one of :data:`GROUP_KEYS`), keys sorted.

    ``department`` groups only the hazards a department holds (a hazard
    whistled to two departments is under both); the others group every open
    hazard (``""`` for a hazard reported without a grid or community).

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport, open_by
    >>> at = dt.datetime(2024, 5, 6, 9, tzinfo=CHINA_STANDARD_TIME)
    >>> report = HazardReport(id="HZ-1", category="ebike", description="楼道内电动自行车充电",
    ...                       channel="grid_patrol", grid="解放碑街道/示例甲社区/第1网格", reported_at=at)
    >>> h = jx.report_hazard(report, district=jx.sample_district())
    >>> {key: [x.id for x in found] for key, found in open_by([h], "grid").items()}
    {'解放碑街道/示例甲社区/第1网格': ['HZ-1']}
    >>> {key: [x.id for x in found] for key, found in open_by([h], "state").items()}
    {'reported': ['HZ-1']}
    """
    if key not in GROUP_KEYS:
        raise XiaofangError(f"key: expected one of {', '.join(repr(k) for k in GROUP_KEYS)}, got {key!r}")
    groups: dict[str, list[Hazard]] = {}
    for h in _states(hazards):
        if not h.is_open:
            continue
        if key == "department":
            names = h.holder if h.level == "department" else ()
        elif key == "street":
            names = (h.report.street_name or h.report.street,)
        elif key in ("grid", "community"):
            names = (getattr(h.report, key),)
        else:
            names = (getattr(h, key),)
        for name in names:
            groups.setdefault(name, []).append(h)
    return MappingProxyType({k: tuple(groups[k]) for k in sorted(groups)})


def overdue(hazards: Hazards, on: dt.date) -> tuple[Hazard, ...]:
    """The hazards being rectified whose deadline has passed on the day ``on`` (the deadline day is in time).

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport, overdue
    >>> at = dt.datetime(2024, 5, 6, 9, tzinfo=CHINA_STANDARD_TIME)
    >>> report = HazardReport(id="HZ-1", category="ebike", description="楼道内电动自行车充电",
    ...                       channel="grid_patrol", grid="解放碑街道/示例甲社区/第1网格", reported_at=at)
    >>> h = jx.report_hazard(report, district=jx.sample_district())
    >>> h = h.dispatch(by="网格员 张三", at=at).start_rectification(deadline="P3D", by="网格员 张三", at=at)
    >>> h.state.deadline
    datetime.date(2024, 5, 9)
    >>> overdue([h], dt.date(2024, 5, 9))
    ()
    >>> [str(x) for x in overdue([h], dt.date(2024, 5, 10))]
    ['HZ-1 rectifying (整改中) at grid 第1网格, due 2024-05-09']
    """
    return tuple(h for h in _states(hazards) if h.is_overdue(on))


def time_to_close(hazard: Hazard | History) -> dt.timedelta | None:
    """How long the hazard took from its report to its closing; ``None`` while it is not closed.

    A rejected hazard was never closed: ``None`` too.  For calendar months
    and days, take ``relativedelta(h.closed_at, h.reported_at)``.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport, time_to_close
    >>> at = dt.datetime(2024, 5, 6, 9, tzinfo=CHINA_STANDARD_TIME)
    >>> report = HazardReport(id="HZ-1", category="ebike", description="楼道内电动自行车充电",
    ...                       channel="grid_patrol", grid="解放碑街道/示例甲社区/第1网格", reported_at=at)
    >>> h = jx.report_hazard(report, district=jx.sample_district())
    >>> time_to_close(h) is None
    True
    >>> h = h.dispatch(by="网格员 张三", at=at).start_rectification(deadline="P3D", by="网格员 张三", at=at)
    >>> h = h.mark_rectified(by="网格员 张三", at=at + dt.timedelta(days=2))
    >>> h = h.verify(by="社区 郑示例", at=at + dt.timedelta(days=3))
    >>> time_to_close(h.close(by="社区 郑示例", at=at + dt.timedelta(days=3, hours=1)))
    datetime.timedelta(days=3, seconds=3600)
    """
    h = hazard.state if isinstance(hazard, History) else hazard
    if not isinstance(h, Hazard):
        raise XiaofangError(f"hazard: expected a Hazard or History, got {hazard!r}")
    return None if h.closed_at is None else h.closed_at - h.reported_at


@attrs.frozen
class Share:
    """A share: ``part`` of ``whole``; ``value`` is ``None`` when ``whole`` is 0.

    Examples
    --------
    >>> from jiceng_xiaofang.hazards import Share
    >>> print(Share(3, 4)), Share(0, 0).value
    3/4 (75.0%)
    (None, None)
    """

    part: int
    """The number counted."""
    whole: int
    """The number it is a share of; 0 when there is nothing to share."""

    @property
    def value(self) -> float | None:
        """``part / whole``, or ``None`` when there is nothing to share."""
        return self.part / self.whole if self.whole else None

    def __str__(self) -> str:
        value = self.value
        return f"{self.part}/{self.whole} ({'-' if value is None else f'{value:.1%}'})"


def share_closed_in_grid(hazards: Hazards, *, severity: str | None = "general") -> Share:
    """Of the closed hazards, how many their grid closed without their leaving it (一般隐患不出网格, 3.2).

    By default only general hazards count, as 3.2 asks it of them; pass
    ``severity=None`` for all, ``"major"`` for major ones.  A hazard that
    was escalated, or whistled, or reported without a grid, was not closed
    in the grid.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport, share_closed_in_grid
    >>> at = dt.datetime(2024, 5, 6, 9, tzinfo=CHINA_STANDARD_TIME)
    >>> report = HazardReport(id="HZ-1", category="ebike", description="楼道内电动自行车充电",
    ...                       channel="grid_patrol", grid="解放碑街道/示例甲社区/第1网格", reported_at=at)
    >>> h = jx.report_hazard(report, district=jx.sample_district())
    >>> h = h.dispatch(by="网格员 张三", at=at).start_rectification(deadline="P3D", by="网格员 张三", at=at)
    >>> h = h.mark_rectified(by="网格员 张三", at=at).verify(by="社区 郑示例", at=at).close(by="社区 郑示例", at=at)
    >>> print(share_closed_in_grid([h]))
    1/1 (100.0%)
    >>> print(share_closed_in_grid([h], severity="major"))
    0/0 (-)
    """
    if severity is not None:
        check_choice("severity", severity, SEVERITIES)
    closed = [
        h for h in _states(hazards) if h.state == "closed" and (severity is None or h.severity == severity)
    ]
    return Share(sum(h.closed_in_grid for h in closed), len(closed))


def count_by_state(hazards: Hazards) -> Mapping[str, int]:
    """How many hazards are in each state, in the order of :data:`~jiceng_xiaofang.hazards.STATES` (all states).

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport, count_by_state
    >>> at = dt.datetime(2024, 5, 6, 9, tzinfo=CHINA_STANDARD_TIME)
    >>> report = HazardReport(id="HZ-1", category="ebike", description="楼道内电动自行车充电",
    ...                       channel="grid_patrol", grid="解放碑街道/示例甲社区/第1网格", reported_at=at)
    >>> h = jx.report_hazard(report, district=jx.sample_district())
    >>> counts = count_by_state([h, h.reject(reason="不属于火灾隐患", by="网格员 张三", at=at)])
    >>> list(counts)
    ['reported', 'assigned', 'rectifying', 'rectified', 'verified', 'closed', 'rejected', 'escalated']
    >>> {state: n for state, n in counts.items() if n}
    {'reported': 1, 'rejected': 1}
    """
    counts = dict.fromkeys(STATES, 0)
    for h in _states(hazards):
        counts[h.state] += 1
    return MappingProxyType(counts)
