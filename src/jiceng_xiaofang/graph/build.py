"""Build the task graph: policy bodies -> annex tasks, as a bipartite :class:`networkx.DiGraph`."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from ..org.members import members
from ..org.model import District
from ..policy.load import load_policy
from ..policy.model import Policy

__all__ = ["COOPERATING", "LEAD", "task_graph"]

LEAD = "lead"
"""Edge role of a lead body (责任单位)."""
COOPERATING = "cooperating"
"""Edge role of a cooperating body (配合单位)."""


def _bodies(policy: Policy, name: str, district: District | None) -> Iterator[tuple[str, dict[str, object]]]:
    """The graph nodes a body name stands for: itself, or each street office (town government...) of the district."""
    for m in members(policy, name, district):
        yield (
            m.name,
            {"name_en": m.name_en, "body_kind": m.kind, "level": m.level, "code": m.code, "via": m.via},
        )


def task_graph(policy: Policy | None = None, *, district: District | None = None) -> nx.DiGraph[str]:
    """The lead/cooperating graph of the annex tasks: body nodes -> task nodes.

    Parameters
    ----------
    policy
        A loaded policy; the embedded Yuzhong 2023 policy by default.
    district
        When given, a collective body of street offices (各街道办事处) becomes
        one node per street office of the district, and its edges carry
        ``via="各街道办事处"``.  Without it the collective stays one node.

    Returns
    -------
    networkx.DiGraph
        Body nodes keyed by Chinese name (``kind="body"``, ``bipartite=0``,
        ``name_en``, ``body_kind``, ``level``, ``code``); task nodes keyed by
        clause id (``kind="task"``, ``bipartite=1``, ``label``, ``title``,
        ``title_en``, ``task_name`` (the annex's 工作任务), ``section``,
        ``section_title``, ``number``);
        edges body -> task with ``role`` (``"lead"`` or ``"cooperating"``),
        ``also_cooperating`` (a lead body the source also lists as
        cooperating, as 4.5 does), ``clause``, ``citation`` and ``via``.
        Every attribute is a string, int or bool, so the graph exports to
        GraphML as it is.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> g = jx.task_graph()
    >>> g.nodes["3.2"]["label"], g.edges["各街道办事处", "3.2"]["role"]
    ('三（二）', 'lead')
    >>> g.edges["区消防救援支队", "4.5"]["also_cooperating"]
    True
    >>> g2 = jx.task_graph(district=jx.yuzhong())
    >>> g2.edges["解放碑街道办事处", "3.2"]["via"]
    '各街道办事处'
    """
    policy = load_policy() if policy is None else policy
    g: nx.DiGraph[str] = nx.DiGraph(
        document=policy.document.id,
        title=policy.document.title,
        district=district.name if district is not None else "",
    )
    for task in policy.tasks:
        clause = policy.clause(task.clause)
        cited = [policy.clause(c) for c in task.clauses]
        g.add_node(
            task.id,
            kind="task",
            bipartite=1,
            label="、".join(c.label for c in cited),
            title=clause.title,
            title_en=clause.title_en,
            task_name=task.name,
            section=clause.section,
            section_title=clause.section_title,
            number=task.number,
        )
        for role, names in ((LEAD, task.lead), (COOPERATING, task.cooperating)):
            for name in dict.fromkeys(names):
                if role == COOPERATING and name in task.lead:
                    continue  # kept on the lead edge as also_cooperating
                for node, data in _bodies(policy, name, district):
                    via = data.pop("via")
                    if node not in g:
                        g.add_node(node, kind="body", bipartite=0, **data)
                    g.add_edge(
                        node,
                        task.id,
                        role=role,
                        also_cooperating=role == LEAD and name in task.cooperating,
                        clause=",".join(str(c.id) for c in cited),
                        citation="；".join(str(c.citation) for c in cited),
                        via=via,
                    )
    return g
