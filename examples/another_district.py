"""Another district's policy, end to end: Qijiang's implementation plan (the beginning of it).

Run from the repository: ``python examples/another_district.py``.  It loads the policy file that encodes
the published beginning of 綦江府办发〔2022〕71号 (``tests/data/qijiang-2022-fragment.toml``, a partial file
that says so) and an illustrative district of streets, towns and villages, then asks the questions a district
platform asks: what the document says, who leads its tasks (every town of the district), whether a town's fire
work station meets "明确2名以上消防专管员", and who answers for a village grid.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jiceng_xiaofang as jx

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
ON = dt.date(2024, 7, 1)


def main() -> None:
    policy = jx.load_policy(DATA / "qijiang-2022-fragment.toml")
    doc = policy.document
    print(f"{doc.title} ({doc.number}, {doc.kind}), issued {doc.issued}")
    print(f"complete: {doc.complete} - {doc.coverage}")
    for clause in policy.clauses:
        print(f"  {clause.label} {clause.title}  lead: {'、'.join(clause.lead) or '-'}")
    for issue in jx.lint(policy):
        print(" ", issue)

    district = jx.load_district(DATA / "qijiang-sample-district.toml", policy=policy)
    graph = jx.task_graph(policy, district=district)
    print("1.1 is led by:", "、".join(sorted(graph.predecessors("1.1"))))

    for officers in (2, 1):
        station = jx.FireWorkStation(name="示例乙镇消防工作站", street="示例乙镇", fire_officers=officers)
        finding = jx.check(station, policy, on=ON).finding("fire_work_station.fire_officers")
        print(f"{officers} officers: {finding.status} - {finding.message_zh} ({finding.citation})")

    for report in jx.check_staffing(district, ON).reports:
        print(f"{report.record.name}: {report.status}")
    for link in jx.responsibility_chain(district, "示例乙镇/示例村/第1网格", on=ON):
        print(link)


if __name__ == "__main__":
    main()
