"""The closed loop of fire hazards: from a 12345 call to closure, and a major hazard whistled to a department.

Run it with ``python examples/hazard_loop.py``.  It uses the bundled,
ILLUSTRATIVE sample district (real streets, invented communities and grids):
a general hazard reported through the 12345 hotline is handled and closed
inside its grid (3.2: 一般隐患不出网格); a major hazard in a high-rise leaves the
grid for its street, which whistles the industry department (3.6: 街道吹哨、
部门报到), misses its deadline and goes up to the district (4.3: 限期销案).  It
writes the events to a JSON Lines log, reads them back, answers a few
questions and prints one hazard as an Open311 GeoReport v2 service request.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import jiceng_xiaofang as jx
from jiceng_xiaofang import hazards as jh

GRID = "解放碑街道/示例甲社区/第1网格"


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, month, day, hour, minute, tzinfo=jh.CHINA_STANDARD_TIME)


def show(history: jh.History) -> None:
    print(f"{history.id}: {history.state.category_zh} ({history.state.report.severity})")
    for e, state in zip(history.events, history.states, strict=True):
        where = f" -> {'、'.join(state.holder_names)}" if e.to else ""
        due = f" due {e.deadline}" if e.deadline else ""
        print(f"  {e.seq}. {e.at:%m-%d %H:%M} {e.command:<19} {e.state:<10} [{e.clause}] {e.by}{where}{due}")
    print(f"  now: {history.state}\n")


def main() -> None:
    district = jx.sample_district()

    # A general hazard, reported through the 12345 hotline, closed inside its grid.
    call = jh.HazardReport(
        id="YZ-2024-0001",
        category="fire_lane_blocked",
        description="示例花园小区消防车通道堆放杂物",
        channel="hotline_12345",
        reported_at=at(5, 6, 9, 30),
        grid=GRID,
        place="示例花园小区",
        place_kind="compound",
        lat=29.5573,
        long=106.5772,
    )
    general = jh.report_hazard(call, district=district)
    general = general.dispatch(by="网格员 张三", at=at(5, 6, 10))
    general = general.start_rectification(deadline="P3D", by="网格员 张三", at=at(5, 6, 11))
    general = general.mark_rectified(by="网格员 张三", at=at(5, 8, 16))
    general = general.verify(by="示例甲社区 郑示例", at=at(5, 9, 9))
    general = general.close(by="示例甲社区 郑示例", at=at(5, 9, 10))
    show(general)

    # A major hazard in a high-rise: up to the street, whistled to the department, overdue, up to the district.
    tip = jh.HazardReport(
        id="YZ-2024-0002",
        category="facilities_missing",
        description="示例大厦室内消火栓无水",
        channel="whistle_blower",
        severity="major",
        reported_at=at(5, 7, 14),
        grid=GRID,
        place="示例大厦",
        place_kind="high_rise_building",
    )
    major = jh.report_hazard(tip, district=district)
    major = major.dispatch(by="网格化管理平台", at=at(5, 7, 14, 5))
    major = major.dispatch(by="解放碑街道消防工作站", at=at(5, 7, 16))
    major = major.start_rectification(deadline="P15D", by="区住建委", at=at(5, 8, 9))
    for day in range(20, 26):  # the daily sweep
        major = major.escalate_if_overdue(by="网格化管理平台", at=at(5, day, 8))
    major = major.dispatch(by="区消防安全委员会办公室", at=at(5, 24, 10))
    show(major)

    # An invalid command raises and changes nothing.
    try:
        general.reject(reason="重复举报", by="网格员 张三", at=at(5, 10))
    except jh.TransitionError as exc:
        print(f"refused: {exc}\n")

    # The log: JSON Lines, read back to the same state; a torn last line is reported, not dropped.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hazards.jsonl"
        log = jh.HazardLog.from_histories([general, major])
        log.write(path)
        back = jh.read_hazard_log(path)
        print(
            f"{path.name}: {len(back.events)} events read back, same states: {back.log.hazards == log.hazards}"
        )
        path.write_bytes(path.read_bytes()[:-25])
        torn = jh.read_hazard_log(path)
        problem = torn.problems[0]
        print(
            f"after a torn write: {len(torn.events)} events kept; line {problem.line} reported {problem.kind}\n"
        )

    on = dt.date(2024, 5, 24)
    print(f"open on {on}: {[h.id for h in jh.open_hazards(log)]}")
    print(f"open by level: { {k: [h.id for h in v] for k, v in jh.open_by(log, 'level').items()} }")
    print(f"time to close {general.id}: {jh.time_to_close(general)}")
    print(f"general hazards closed in their grid: {jh.share_closed_in_grid(log)}\n")

    print("Open311 GeoReport v2 service request:")
    print(json.dumps(jh.to_open311(general), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
