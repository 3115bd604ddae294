"""A tour of the Yuzhong 2023 policy as data.

Run it with ``python examples/policy_tour.py``.  It loads the embedded policy,
looks up clauses in the ways people cite them, searches the text, reads the
annex table and the named facts, ranks the units by their tasks and runs the
lint.
"""

from __future__ import annotations

import jiceng_xiaofang as jx


def main() -> None:
    policy = jx.load_policy()
    doc = policy.document
    print(
        f"{doc.title}\nissued {doc.issued} by {doc.issuer}; implements {doc.parent.number if doc.parent else '-'}"
    )

    # One clause, cited three ways.
    clause = policy.clause("三（二）")
    assert clause is policy.clause("3.2") is policy.clause("sec_3__item_2")
    print(f"\n{clause.label} {clause.title} ({clause.title_en})")
    print(f"  lead: {'、'.join(clause.lead)}; cooperating: {'、'.join(clause.cooperating)}")

    # Where does the policy talk about micro fire stations?
    print("\nClauses on 微型消防站:")
    for found in policy.search("微型消防站"):
        print(f"  {found.id} {found.label} {found.title}")

    # The annex row of 4.5 and the named facts.
    task = policy.task("4.5")
    print(f"\nAnnex row {task.number}: {task.name}; lead {'、'.join(task.lead)}")
    lane = policy.fact("fire_lane_clearance")
    print(f"Fire lanes: at least {lane.value} {lane.unit} wide and high ({lane.clause}: {lane.quote})")
    stations = policy.fact("small_fire_stations")
    print(f"Small fire stations ({stations.clause}): {'、'.join(stations.items)}")

    # Who carries the most tasks?
    print("\nTop five units by annex tasks (lead / cooperating):")
    for row in policy.workload()[:5]:
        print(f"  {row.name} ({row.name_en}): {row.lead} / {row.cooperating}")

    # What does the lint say?
    print("\nLint:")
    for issue in jx.lint(policy):
        print(f"  {issue}")


if __name__ == "__main__":
    main()
