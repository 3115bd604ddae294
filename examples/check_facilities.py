"""Check facilities against the policy's standards: one micro fire station, then a sample district.

Run ``python examples/check_facilities.py``.  The sample district is illustrative: real Yuzhong streets
with invented communities and facilities.
"""

from __future__ import annotations

import datetime as dt
import json

import jiceng_xiaofang as jx
from jiceng_xiaofang.standards import sample_facilities


def main() -> None:
    on = dt.date(2024, 7, 1)

    # One station, as a platform would send it: a JSON row with units written every which way.
    row = {
        "kind": "micro_fire_station",
        "name": "示例站",
        "street": "解放碑街道",
        "chief_post": "社区支部书记",
        "deputy_chief_post": "居“两委”成员",
        "members": "6名",
        "duty_shift_size": 3,
        "room_area": "323 ft²",
        "night_duty_beds": 2,
        "fire_motorcycles": 1,
        "extinguishers": 6,
        "branch_nozzles": 2,
        "hoses": 2,
        "helmets": 6,
        "fire_gloves": 6,
        "cutter_spreaders": 1,
        "external_landline": "有",
        "patrol_team": True,
        "first_response_team": True,
        "publicity_team": "是",
    }
    station = jx.record_from_dict(row)
    report = jx.check(station, on=on)
    print(report.to_text("zh"))
    print()

    # A fire work station one established officer short, before and after the 2025 deadline (5.1).
    work_station = jx.FireWorkStation(name="示例工作站", staff=5, established_fire_officers=1)
    for day in (on, dt.date(2026, 1, 1)):
        print(
            day,
            jx.check(work_station, on=day).finding("fire_work_station.established_fire_officers").message_en,
        )
    # A fire lane narrowed to 3.5 m: a legal standard with no deadline, so it simply fails.
    lane = jx.FireLane(
        name="示例巷道", clear_width="350 cm", clear_height="4.5 m", slope="6 %", dead_end_length=0
    )
    print(jx.check(lane, on=on).finding("fire_lane.clear_width").message_en)
    print()

    # The whole sample district.
    rollup = jx.check_all(sample_facilities(), on=on)
    print(rollup.to_text())
    print(json.dumps(rollup.summary().to_dict(), ensure_ascii=False))


if __name__ == "__main__":
    main()
