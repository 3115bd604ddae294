"""Shared builders for the hazard tests: the sample district, times in +08:00, a report, a closed loop."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import jiceng_xiaofang as jx
from jiceng_xiaofang import hazards as jh
from jiceng_xiaofang.org import District

GRID = "解放碑街道/示例甲社区/第1网格"
COMMUNITY = "解放碑街道/示例甲社区"
STREET = "500103003"


@functools.cache
def district() -> District:
    return jx.sample_district()


def t(month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, month, day, hour, minute, tzinfo=jh.CHINA_STANDARD_TIME)


def report(hazard_id: str = "HZ-1", **changes: Any) -> jh.HazardReport:
    fields: dict[str, Any] = {
        "id": hazard_id,
        "category": "fire_lane_blocked",
        "description": "消防车通道堆放杂物",
        "channel": "hotline_12345",
        "reported_at": t(5, 6),
        "grid": GRID,
        "place": "示例花园小区",
        "place_kind": "compound",
    }
    fields.update(changes)
    return jh.HazardReport(**fields)


def reported(hazard_id: str = "HZ-1", **changes: Any) -> jh.History:
    return jh.report_hazard(report(hazard_id, **changes), district=district())


def closed_in_grid(hazard_id: str = "HZ-1", **changes: Any) -> jh.History:
    h = reported(hazard_id, **changes)
    h = h.dispatch(by="网格员 张三", at=t(5, 6, 10))
    h = h.start_rectification(deadline="P3D", by="网格员 张三", at=t(5, 6, 11))
    h = h.mark_rectified(by="网格员 张三", at=t(5, 8))
    h = h.verify(by="社区 郑示例", at=t(5, 9))
    return h.close(by="社区 郑示例", at=t(5, 9, 10))
