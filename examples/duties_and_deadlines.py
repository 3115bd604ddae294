"""What is due and overdue: the policy's duties against a small inspection log, on a fixed day.

Run it with ``python examples/duties_and_deadlines.py``.  It lists the
obligations of the Yuzhong 2023 policy with their clauses, reads a sample log
(written inline, as a district system would export it), reports what is
overdue, due and unknown on 1 April 2024 under both readings of "每年至少检查一次",
shows the calendar of the second quarter, and makes a double-random draw.
"""

from __future__ import annotations

import datetime as dt

import jiceng_xiaofang as jx
from jiceng_xiaofang import schedule as js

LOG = """date,target,by,obligation,deadline,note
2023-12-20,全区,区消防安全委员会办公室,district_quarterly_check,,第四季度检查
2024-01-10,全区,区消防安全委员会办公室,district_half_year_supervision,,上半年督导
2023-04-01,甲宾馆,解放碑派出所 李四,police_station_listed_units,,
2024-02-29,乙网吧,解放碑街道消防工作站 张三,street_entrusted_units,,
2023-03-15,丙火锅店,解放碑街道消防工作站 张三,street_entrusted_units,,
2024-03-05,某物流仓库 堵塞安全出口,区消防救援支队,campaign_hazards_closed,2024-03-25,列入隐患清单
2025-12-20,解放碑街道,解放碑街道办事处,streets_complete_construction,,
"""
ON = dt.date(2024, 4, 1)


def main() -> None:
    obligations = js.load_obligations()
    print("Duties of the Yuzhong 2023 policy")
    for ob in obligations:
        when = ob.frequency.label_zh if ob.frequency else ob.deadline or ob.timing
        print(f"  {ob.label} {ob.id}: {when}; {ob.quote}")

    log = js.parse_log(LOG, source="sample-log.csv")
    since = jx.load_policy().document.issued  # the duties began with the policy
    print(f"\nRead {len(log)} log entries; duties counted from {since}.\n")

    report = js.due_report(obligations, log, on=ON, since=since)
    print(report.to_text(statuses=("overdue", "due", "unknown")))
    for row in report.overdue:
        print(f"  overdue: {row.obligation} {row.target} ({row.clause}): {row.note}")

    # The 2025 deadline applies to every street: pass the district to get one row per street.
    after = js.due_report(obligations, log, on=dt.date(2026, 1, 1), district=jx.yuzhong())
    streets = [r for r in after if r.obligation == "streets_complete_construction"]
    late = [r.target for r in streets if r.status == "overdue"]
    print(f"\nOn 2026-01-01, {len(late)} of {len(streets)} streets have no completion logged by 2025-12-31.")

    rolling = js.due_report(obligations, log, on=ON, reading="rolling")
    print("\nRead as 'at most one year between inspections' instead:")
    for row in rolling.with_status("overdue", "due"):
        if row.obligation in ("police_station_listed_units", "street_entrusted_units"):
            print(f"  {row.status:8} {row.due} {row.obligation} {row.target}")

    print("\nDue in the second quarter of 2024:")
    for entry in js.calendar(obligations, "2024年第二季度", log=log):
        print(f"  {entry.due} {entry.obligation} {entry.target or '(every target)'}")

    draw = js.draw(
        ["执法员甲", "执法员乙", "执法员丙", "执法员丁"],
        ["甲商场", "乙酒店", "丙医院"],
        k=2,
        seed=2024,
        on=ON,
    )
    print(f"\nDouble-random draw, seed {draw.seed} (publish the record):")
    for target, team in draw.assignments:
        print(f"  {target}: {'、'.join(team)}")


if __name__ == "__main__":
    main()
