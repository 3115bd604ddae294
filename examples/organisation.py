"""The organisation the policy requires: posts, people, responsibility, supervision, routing, staffing.

Run ``python examples/organisation.py``.  It uses the bundled sample district: the real Yuzhong streets
with invented communities, people and dates (illustrative data).
"""

from __future__ import annotations

import datetime as dt

import jiceng_xiaofang as jx


def main() -> None:
    district = jx.sample_district()
    on = dt.date(2024, 7, 1)
    print(district)

    print("\nWho answers for a compound, up to the district (3.1, 1.2):")
    for r in jx.responsibility_chain(district, "解放碑街道/示例甲社区/示例花园小区", on=on):
        print(f"  {r.unit_name}: {r.description_zh} — {'、'.join(r.names) or '未知'}")

    print("\nWho supervises these places (3.3, 3.5):")
    for place in (
        jx.Place(kind="shopping_mall", name="示例商场", street="解放碑街道", floor_area=8000),
        jx.Place(kind="small_restaurant", name="示例小餐馆", street="解放碑街道"),
        jx.Place(kind="hotel", name="示例酒店", street="七星岗街道"),
    ):
        s = jx.supervisor_of(place, district)
        print(f"  {place.name}: {s.supervisor or '?'} {s.supervising_unit} ({s.classification.basis})")

    print("\nWhere the street's whistle goes (3.6):")
    for kind in ("underground_space", "剧本杀门店"):
        r = jx.route(kind)
        print(f"  {kind}: {'、'.join(r.departments)}{' (inferred)' if r.inferred else ''}")

    print(
        "\nStaffing on", on, "judged by the policy's requirements (posts the file never records are unknown):"
    )
    rollup = jx.check_staffing(district, on)
    for report in rollup.failing():
        for f in report.failed():
            print(f"  {report.record.name}: {f.message_zh}")
    print(rollup.to_text())


if __name__ == "__main__":
    main()
