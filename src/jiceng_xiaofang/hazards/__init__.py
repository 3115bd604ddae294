"""Fire hazards from report to closure: the closed loop (闭环管理) and its append-only event log.

A hazard comes in through a channel (under the embedded policy: the 12345
hotline, 渝快办, a grid worker's patrol, an IoT sensor, a whistle-blower, an
inspection); a general hazard is handled inside its grid (一般隐患不出网格), a
major or overdue one goes up the territorial chain, and a street may whistle
the industry departments (街道吹哨、部门报到); it is rectified by a deadline,
verified and closed (限期销案).  The loop is the engine's; the channels,
categories and the rule each step cites are the policy's
(:attr:`jiceng_xiaofang.Policy.hazards`).  Every step is an immutable
:class:`Event` citing its clause; a hazard's state is derived by replaying
its :class:`History` under its policy.  :class:`~jiceng_xiaofang.HazardLog` holds many hazards and reads and
writes JSON Lines; :class:`~jiceng_xiaofang.HazardStore` keeps them in an event store (SQLite, PostgreSQL or
a JSON Lines file) that concurrent writers share safely; the queries answer what is open, what is overdue, how long
closing took and how much was closed inside the grid; :func:`~jiceng_xiaofang.to_open311`
exports a hazard as an Open311 GeoReport v2 service request.

Examples
--------
>>> import datetime as dt
>>> import jiceng_xiaofang as jx
>>> from jiceng_xiaofang import hazards as jh
>>> t = lambda day, hour=9: dt.datetime(2024, 5, day, hour, tzinfo=jh.CHINA_STANDARD_TIME)
>>> report = jh.HazardReport(id="HZ-1", category="fire_lane_blocked", description="消防车通道堆放杂物",
...                          channel="hotline_12345", grid="解放碑街道/示例甲社区/第1网格", reported_at=t(6))
>>> h = jh.report_hazard(report, district=jx.sample_district()).dispatch(by="网格员 张三", at=t(6, 10))
>>> h.events[-1].command, h.events[-1].clause, h.state.holder_names
('assign', '3.2', ('第1网格',))
"""

from __future__ import annotations

from .log import (
    LOG_FORMAT_VERSION,
    PROBLEM_KINDS,
    HazardLog,
    HazardLogError,
    LogProblem,
    LogReadResult,
    append_events,
    event_from_json,
    event_to_json,
    parse_hazard_log,
    read_hazard_log,
)
from .machine import (
    TRANSITIONS,
    History,
    Transition,
    report_hazard,
    resolve_deadline,
)
from .model import (
    CHINA_STANDARD_TIME,
    LEVELS,
    SEVERITIES,
    STATES,
    Event,
    Hazard,
    HazardReport,
    TransitionError,
)
from .open311 import open311_requests, open311_services, to_open311
from .queries import (
    GROUP_KEYS,
    Share,
    count_by_state,
    open_by,
    open_hazards,
    overdue,
    select,
    share_closed_in_grid,
    time_to_close,
)
from .store import HAZARD_STREAMS, HazardStore

__all__ = [
    "CHINA_STANDARD_TIME",
    "GROUP_KEYS",
    "HAZARD_STREAMS",
    "LEVELS",
    "LOG_FORMAT_VERSION",
    "PROBLEM_KINDS",
    "SEVERITIES",
    "STATES",
    "TRANSITIONS",
    "Event",
    "Hazard",
    "HazardLog",
    "HazardLogError",
    "HazardReport",
    "HazardStore",
    "History",
    "LogProblem",
    "LogReadResult",
    "Share",
    "Transition",
    "TransitionError",
    "append_events",
    "count_by_state",
    "event_from_json",
    "event_to_json",
    "open311_requests",
    "open311_services",
    "open_by",
    "open_hazards",
    "overdue",
    "parse_hazard_log",
    "read_hazard_log",
    "report_hazard",
    "resolve_deadline",
    "select",
    "share_closed_in_grid",
    "time_to_close",
    "to_open311",
]
