"""Who leads what, who works with whom: the policy's task graph.

Run ``python examples/task_graph.py`` to print the workload table, partners,
a coordination path and the tasks whose lead is spread over many bodies, and to
write the exports to ``task-graph/``.  With ``--picture FILE`` (needs the
``plot`` extra and a font that can show Chinese) it also draws the graph.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import jiceng_xiaofang as jx
from jiceng_xiaofang import graph


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="task-graph", help="folder for the exports")
    parser.add_argument("--picture", help="draw the graph to this PNG file")
    args = parser.parse_args(argv)

    g = jx.task_graph()
    print(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges")

    print("\nWorkload (lead / cooperating):")
    for row in graph.workload_table(g):
        print(f"  {row.name:<8} {row.lead:>2} / {row.cooperating:>2}  {row.name_en}")

    print(
        "\n区公安分局 leads",
        graph.led_by(g, "区公安分局"),
        "and cooperates on",
        graph.cooperated_by(g, "区公安分局"),
    )
    print("Partners of 区司法局:", [(p.name, p.shared) for p in graph.partners(g, "区司法局")][:3])
    print("From 区人防办 to 区司法局:", " -> ".join(graph.coordination_path(g, "区人防办", "区司法局")))
    print("Tasks led by more than 5 bodies:", graph.spread_lead_tasks(g))
    per_street = jx.task_graph(district=jx.yuzhong())
    print(
        "... counting each of the 11 streets:", graph.spread_lead_tasks(per_street, more_than=10)[:3], "..."
    )

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "task-graph.json").write_text(graph.node_link_json(g), encoding="utf-8")
    graph.write_graphml(g, out / "task-graph.graphml")
    (out / "raci.csv").write_text(graph.raci_csv(per_street), encoding="utf-8")
    print(f"\nWrote {', '.join(sorted(p.name for p in out.iterdir()))} to {out}/")

    if args.picture:
        import matplotlib

        matplotlib.use("Agg")
        ax = jx.draw_task_graph(g)
        ax.figure.savefig(args.picture, dpi=150, bbox_inches="tight")
        print(f"Drew {args.picture}")


if __name__ == "__main__":
    main()
