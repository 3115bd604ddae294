"""Who may act on a hazard: every step checked against the actor's post on its day, and a forged log line caught.

Run it with ``python examples/who_may_act.py``.  It uses the bundled,
ILLUSTRATIVE sample district (real streets, invented people): the table of
acts, posts and clauses generated from the embedded policy's ``[authority]``;
a hazard handled by its community's head, refused to a street team member, to
a deputy whose post has ended and to the head himself when he tries to verify
his own fix, and closed by a street enforcement officer; then the log with one
line rewritten (the fixer signing off) read back with the same authority,
which reports the forged line instead of replaying it.
"""

from __future__ import annotations

import datetime as dt

import jiceng_xiaofang as jx
from jiceng_xiaofang import hazards as jh

GRID = "解放碑街道/示例甲社区/第1网格"


def at(month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2024, month, day, hour, tzinfo=jh.CHINA_STANDARD_TIME)


def main() -> None:
    print("Who may act under the embedded policy (posts, where, clause, basis):")
    for process, acts, posts, where, clause, basis, _ in jx.authority_table():
        print(f"  {process:<7} {acts}\n          {posts} [{where}] {clause} ({basis})")

    district = jx.sample_district()
    authority = jx.Authority(district)
    report = jh.HazardReport(
        id="HZ-1",
        category="ebike",
        description="楼道内电动自行车充电",
        channel="grid_patrol",
        grid=GRID,
        reported_at=at(5, 6),
    )
    h = jh.report_hazard(report, district=district, by="社区 孙示例", actor="p12", authority=authority)
    h = h.dispatch(by="社区 郑示例", at=at(5, 6, 10), actor="p11", authority=authority)
    h = h.start_rectification(
        deadline="P3D", by="社区 郑示例", at=at(5, 6, 11), actor="p11", authority=authority
    )
    h = h.mark_rectified(by="社区 郑示例", at=at(5, 8), actor="p11", authority=authority)

    print("\nWho may verify the fix?")
    for actor in ("p07", "p05", "p11"):
        try:
            h.verify(by="?", at=at(5, 9), actor=actor, authority=authority)
        except jx.NotAuthorisedError as err:
            print(f"  {actor}: refused: {err.reason}")
    h = h.verify(by="街道 张示例", at=at(5, 9), actor="p03", authority=authority)
    h = h.close(by="街道 张示例", at=at(5, 9, 10), actor="p03", authority=authority)
    print(f"  p03: {h.state}")

    lines = jh.HazardLog.from_histories([h]).to_jsonl().splitlines()
    lines[4] = lines[4].replace('"actor":"p03"', '"actor":"p11"')
    result = jh.parse_hazard_log("\n".join(lines) + "\n", source="hazards.jsonl", authority=authority)
    print("\nThe log with its verification rewritten to the fixer, read back:")
    for problem in result.problems:
        print(f"  line {problem.line} ({problem.kind})")
    print(f"  HZ-1 replayed to: {result.log.history('HZ-1').state.state}")


if __name__ == "__main__":
    main()
