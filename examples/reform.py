"""A reform and dated values: amend the policy from a date, see which facilities flip, each change cited.

Run ``python examples/reform.py``.  The reform is **illustrative**: an invented notice (示例) that raises the
station room of a community micro fire station from 30 to 35 m² and its members from 6 to 7 on 2025-07-01.
The sample district is illustrative too: real Yuzhong streets with invented communities and facilities.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import jiceng_xiaofang as jx
from jiceng_xiaofang.standards import sample_facilities

REFORM = """format = 1
about = "An illustrative reform: invented to show amendments, not a real document"

[[amendment]]
id = "stations_2025"
title = "示例：关于提高社区微型消防站建设标准的通知"
number = "示例府办发〔2025〕1号"
effective = 2025-07-01
quote = "站房面积不小于35平方米，队员不少于7名"
confidence = "illustrative"

[[amendment.change]]
requirement = "micro_fire_station.room_area"
value = 35
unit = "m^2"
name_zh = "站房面积不小于35平方米"
name_en = "station room of at least 35 m2"

[[amendment.change]]
requirement = "micro_fire_station.members"
value = 7
unit = "person"
name_zh = "队员不少于7名"
name_en = "at least 7 members"
"""


def main() -> None:
    policy = jx.load_policy()

    # Dated values: the national layer's GB 55037-2022 requirements are in force from 2023-06-01.
    slope = policy.requirement("national.fire_lane.slope")
    print(f"{slope.id}: {slope.threshold_text()} {slope.period_text()} ({slope.source})")
    lane = jx.FireLane(clear_width=4, clear_height=4, slope=9, dead_end_length=50, turnaround_side=12)
    for on in (dt.date(2023, 5, 31), dt.date(2023, 6, 1)):
        turnaround = jx.check(lane, policy, on=on).finding("national.fire_lane.turnaround")
        print(f"  on {on}: {turnaround.message_en}")

    # The reform, from its file (the data way); jx.Amendment and jx.RequirementChange build the same in a notebook.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reform.toml"
        path.write_text(REFORM, encoding="utf-8")
        reforms = jx.load_amendments(path)
    reformed = policy.amend(*reforms)  # a new policy; `policy` is unchanged

    station = jx.MicroFireStation(name="示例站", members=6, room_area="32 平方米")
    for on in (dt.date(2025, 6, 30), dt.date(2025, 7, 1)):
        finding = jx.check(station, reformed, on=on).finding("micro_fire_station.room_area")
        print(f"\non {on}: {finding.message_en}\n  cites {finding.citation}: {finding.quote}")

    # Which facilities of the (illustrative) sample district flip on the day the reform takes effect.
    print()
    result = jx.compare_checks(sample_facilities(), policy, reformed, on=dt.date(2025, 7, 1))
    print(result.to_text())


if __name__ == "__main__":
    main()
