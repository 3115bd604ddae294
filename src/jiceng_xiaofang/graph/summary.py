"""A short, printable summary of a task graph, for notebooks and logs."""

from __future__ import annotations

import html

import attrs
import networkx as nx

from ..policy.model import Workload
from .queries import bodies, spread_lead_tasks, tasks, tasks_without_lead, workload_table

__all__ = ["TaskGraphSummary", "summary"]


@attrs.frozen
class TaskGraphSummary:
    """Counts, the workload table and the thin spots of a task graph.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import summary
    >>> summary(jx.task_graph())
    <TaskGraphSummary yuzhong-2023: 17 bodies, 20 tasks, 116 edges (71 lead, 45 cooperating, 1 both); 6 tasks with more than 5 leads>
    """

    document: str
    """The id of the policy document the graph was built from."""
    district: str
    """The district it is expanded to; ``""`` when not expanded."""
    bodies: int
    """The number of body nodes."""
    tasks: int
    """The number of task nodes."""
    lead: int
    """The number of lead edges (责任单位)."""
    cooperating: int
    """The number of cooperating edges (配合单位)."""
    both: int
    """The number of lead edges whose body is also listed as cooperating on the task."""
    workload: tuple[Workload, ...]
    """Each body's lead and cooperating counts, the busiest first."""
    spread: tuple[tuple[str, int], ...]
    """The tasks led by more than 5 bodies with their lead counts, most first."""
    without_lead: tuple[str, ...]
    """The ids of the tasks no body leads; empty when every task has a lead."""

    def __repr__(self) -> str:
        where = f" ({self.district})" if self.district else ""
        return (
            f"<TaskGraphSummary {self.document}{where}: {self.bodies} bodies, {self.tasks} tasks, "
            f"{self.lead + self.cooperating} edges ({self.lead} lead, {self.cooperating} cooperating, "
            f"{self.both} both); {len(self.spread)} tasks with more than 5 leads>"
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(w.name)}</td><td>{html.escape(w.name_en)}</td>"
            f"<td>{w.lead}</td><td>{w.cooperating}</td></tr>"
            for w in self.workload
        )
        spread = ", ".join(f"{task} ({n})" for task, n in self.spread) or "none"
        missing = ", ".join(self.without_lead) or "none"
        return (
            f"<div><p><b>Task graph of {html.escape(self.document)}</b>"
            + (f" expanded to {html.escape(self.district)}" if self.district else "")
            + f": {self.bodies} bodies, {self.tasks} tasks, {self.lead} lead and {self.cooperating} cooperating "
            f"edges ({self.both} body listed as both).<br>Tasks with more than 5 leads: {spread}. "
            f"Tasks without a lead: {missing}.</p>"
            "<table><thead><tr><th>body</th><th>English</th><th>lead</th><th>cooperating</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>"
        )


def summary(g: nx.DiGraph[str]) -> TaskGraphSummary:
    """Summarise a task graph: counts, the workload table, tasks led by many bodies or by none.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import summary
    >>> s = summary(jx.task_graph(district=jx.yuzhong()))
    >>> s.bodies, s.district, s.spread[0]
    (27, '渝中区', ('4.4', 16))
    """
    roles = [d for _, _, d in g.edges(data=True)]
    return TaskGraphSummary(
        document=str(g.graph.get("document", "")),
        district=str(g.graph.get("district", "")),
        bodies=len(bodies(g)),
        tasks=len(tasks(g)),
        lead=sum(d["role"] == "lead" for d in roles),
        cooperating=sum(d["role"] == "cooperating" for d in roles),
        both=sum(bool(d["also_cooperating"]) for d in roles),
        workload=workload_table(g),
        spread=spread_lead_tasks(g),
        without_lead=tasks_without_lead(g),
    )
