"""Make the ILLUSTRATIVE inputs that the README's command examples name: ``python examples/data/make_first_hour_data.py``.

Every name, street, measurement and event below is invented to show what the commands report; the streets are
real Yuzhong streets, the rest says nothing about them.  The files are written beside this script:

- ``facilities.json``, ``facilities.csv`` (UTF-8) and ``facilities-gbk.csv`` (GB18030, as Excel on a Chinese
  Windows saves a CSV): facility records for ``jiceng-xiaofang check``;
- ``inspections.csv``: an inspection log for ``jiceng-xiaofang schedule --log``;
- ``hazards.jsonl``: a hazard log (two hazards of the sample district) for ``jiceng-xiaofang hazards``.

A test makes them again and compares byte for byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

import jiceng_xiaofang as jx
from jiceng_xiaofang import hazards as jh

HERE = Path(__file__).resolve().parent

FACILITIES: list[dict[str, object]] = [
    {
        "kind": "micro_fire_station",
        "name": "示例甲社区微型消防站",
        "street": "解放碑街道",
        "community": "示例甲社区",
        "members": "7名",
        "duty_shift_size": 3,
        "room_area": "32 m2",
        "fire_motorcycles": 1,
        "extinguishers": 10,
    },
    {
        "kind": "micro_fire_station",
        "name": "示例乙社区微型消防站",
        "street": "七星岗街道",
        "community": "示例乙社区",
        "members": "五名",
        "duty_shift_size": 3,
        "room_area": "29.5 平方米",
        "fire_motorcycles": 1,
        "extinguishers": 6,
    },
    {
        "kind": "fire_lane",
        "name": "示例乙社区老街巷道",
        "street": "七星岗街道",
        "community": "示例乙社区",
        "clear_width": "350 cm",
        "clear_height": "4.2 m",
    },
    {
        "kind": "fire_lane",
        "name": "示例丁社区高层楼群通道",
        "street": "上清寺街道",
        "community": "示例丁社区",
        "clear_width": "6 m",
        "clear_height": "4 m",
    },
]

INSPECTIONS = """\
date,target,by,obligation,deadline,note
2024-03-20,全区,区消防安全委员会办公室,district_quarterly_check,,第一季度检查
2024-01-10,全区,区消防安全委员会办公室,district_half_year_supervision,,上半年督导
2023-04-01,甲宾馆,解放碑派出所 李四,police_station_listed_units,,
2024-03-31,丙火锅店,解放碑街道消防工作站 张三,street_entrusted_units,,
2024-03-05,某物流仓库 堵塞安全出口,区消防救援支队,campaign_hazards_closed,2024-03-25,列入隐患清单
2024-06-01,解放碑街道,解放碑街道办事处,streets_complete_construction,,
"""

GRID = "解放碑街道/示例甲社区/第1网格"


def _at(month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2024, month, day, hour, tzinfo=jh.CHINA_STANDARD_TIME)


def _csv(rows: list[dict[str, object]]) -> str:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _hazards() -> jh.HazardLog:
    district = jx.sample_district()
    general = jh.report_hazard(
        jh.HazardReport(
            id="YZ-2024-0001",
            category="fire_lane_blocked",
            description="示例花园小区消防车通道堆放杂物",
            channel="hotline_12345",
            reported_at=_at(5, 6),
            grid=GRID,
            place="示例花园小区",
            place_kind="compound",
        ),
        district=district,
    )
    general = general.dispatch(by="网格员 张三", at=_at(5, 6, 10))
    general = general.start_rectification(deadline="P3D", by="网格员 张三", at=_at(5, 6, 11))
    general = general.mark_rectified(by="网格员 张三", at=_at(5, 8, 16))
    general = general.verify(by="示例甲社区 郑示例", at=_at(5, 9, 9))
    general = general.close(by="示例甲社区 郑示例", at=_at(5, 9, 10))
    major = jh.report_hazard(
        jh.HazardReport(
            id="YZ-2024-0002",
            category="facilities_missing",
            description="示例大厦室内消火栓无水",
            channel="whistle_blower",
            severity="major",
            reported_at=_at(5, 7, 14),
            grid=GRID,
            place="示例大厦",
            place_kind="high_rise_building",
        ),
        district=district,
    )
    major = major.dispatch(by="网格化管理平台", at=_at(5, 7, 15))
    major = major.dispatch(by="解放碑街道消防工作站", at=_at(5, 7, 16))
    major = major.start_rectification(deadline="P15D", by="区住建委", at=_at(5, 8, 9))
    return jh.HazardLog.from_histories([general, major])


def build(target: Path = HERE) -> None:
    """Write every file into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    text = json.dumps(FACILITIES, ensure_ascii=False, indent=2) + "\n"
    (target / "facilities.json").write_text(text, encoding="utf-8", newline="\n")
    (target / "facilities.csv").write_text(_csv(FACILITIES), encoding="utf-8", newline="")
    (target / "facilities-gbk.csv").write_bytes(_csv(FACILITIES).encode("gb18030"))
    (target / "inspections.csv").write_text(INSPECTIONS, encoding="utf-8", newline="")
    _hazards().write(target / "hazards.jsonl")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
