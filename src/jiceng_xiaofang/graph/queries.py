"""Questions asked of a task graph: who leads what, who works with whom, where responsibility is thin.

Every function takes the graph built by :func:`~jiceng_xiaofang.task_graph` and
answers with plain tuples in a deterministic order.  A body or task the graph
does not have raises :class:`~jiceng_xiaofang.NotFoundError` naming the closest
ones, never a networkx error.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import networkx as nx

from .._values import describe
from ..errors import NotFoundError, XiaofangError
from ..policy.model import Workload
from ..vocabulary.numbering import normalise_label
from .build import COOPERATING, LEAD

__all__ = [
    "CENTRALITY_MEASURES",
    "Partner",
    "Ranked",
    "bodies",
    "body_projection",
    "centrality_ranking",
    "cooperated_by",
    "cooperating_bodies",
    "coordination_path",
    "lead_bodies",
    "led_by",
    "partners",
    "spread_lead_tasks",
    "task_node",
    "tasks",
    "tasks_without_lead",
    "workload_table",
]


@attrs.frozen
class Partner:
    """A body that shares tasks with another, and which tasks.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import partners
    >>> p = partners(jx.task_graph(), "区司法局")[0]
    >>> p.name, p.shared, p.tasks
    ('区消防救援支队', 3, ('3.4', '3.5', '4.4'))
    """

    name: str
    """The other body's name."""
    shared: int
    """The number of tasks the two share."""
    tasks: tuple[str, ...]
    """The ids of those tasks, in annex order."""


@attrs.frozen
class Ranked:
    """A body with its score in a ranking.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import centrality_ranking
    >>> top = centrality_ranking(jx.task_graph())[0]
    >>> top.name, top.score
    ('区消防救援支队', 96.0)
    """

    name: str
    """The body's name."""
    name_en: str
    """Its English name."""
    score: float
    """Its score under the measure ranked by (:data:`~jiceng_xiaofang.graph.CENTRALITY_MEASURES`), higher first."""


def bodies(g: nx.DiGraph[str]) -> tuple[str, ...]:
    """The body nodes, in the order they were added.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import bodies
    >>> len(bodies(jx.task_graph())), len(bodies(jx.task_graph(district=jx.yuzhong())))
    (17, 27)
    """
    return tuple(n for n, data in g.nodes(data=True) if data.get("kind") == "body")


def tasks(g: nx.DiGraph[str]) -> tuple[str, ...]:
    """The task nodes (clause ids), in annex order.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import tasks
    >>> tasks(jx.task_graph())[:3]
    ('1.1', '1.2', '1.3')
    """
    found = [(data.get("number", 0), n) for n, data in g.nodes(data=True) if data.get("kind") == "task"]
    return tuple(n for _, n in sorted(found))


def _check(g: nx.DiGraph[str], node: str, kind: str) -> None:
    if g.nodes.get(node, {}).get("kind") != kind:
        known = bodies(g) if kind == "body" else tasks(g)
        raise NotFoundError.for_name(kind, node, known)


def _task_order(g: nx.DiGraph[str]) -> Callable[[str], int]:
    return lambda task: int(g.nodes[task].get("number", 0))


def led_by(g: nx.DiGraph[str], body: str) -> tuple[str, ...]:
    """The tasks a body leads (责任单位), in annex order.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import led_by
    >>> led_by(jx.task_graph(), "区公安分局")
    ('3.3', '3.5')
    """
    _check(g, body, "body")
    found = [t for _, t, data in g.out_edges(body, data=True) if data["role"] == LEAD]
    return tuple(sorted(found, key=_task_order(g)))


def cooperated_by(g: nx.DiGraph[str], body: str) -> tuple[str, ...]:
    """The tasks a body cooperates on (配合单位), in annex order.

    A body that the source lists as both lead and cooperating on a task (4.5)
    is counted here too: both facts stay visible.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import cooperated_by
    >>> cooperated_by(jx.task_graph(), "区公安分局")
    ('4.5',)
    >>> "4.5" in cooperated_by(jx.task_graph(), "区消防救援支队")
    True
    """
    _check(g, body, "body")
    found = [
        t
        for _, t, data in g.out_edges(body, data=True)
        if data["role"] == COOPERATING or data["also_cooperating"]
    ]
    return tuple(sorted(found, key=_task_order(g)))


def task_node(g: nx.DiGraph[str], ref: str) -> str:
    """The task node of a reference as :meth:`Policy.clause <jiceng_xiaofang.Policy.clause>` takes it.

    A task is found by its id (``3.2``, ``３.２``) or by the clause label the
    document prints (``三（二）``, ``三(二)``); :class:`~jiceng_xiaofang.NotFoundError`
    names the closest tasks.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import task_node
    >>> g = jx.task_graph()
    >>> task_node(g, "三（二）"), task_node(g, "３.２"), task_node(g, "3.2")
    ('3.2', '3.2', '3.2')
    """
    if not isinstance(ref, str):
        raise NotFoundError(
            f"a task is a clause id or label such as '3.2' or '三（二）', got {describe(ref)}"
        )
    if g.nodes.get(ref, {}).get("kind") == "task":
        return ref
    wanted = normalise_label(ref)
    for node, data in g.nodes(data=True):
        if data.get("kind") != "task":
            continue
        labels = {normalise_label(label) for label in str(data.get("label", "")).split("、")}
        if wanted == normalise_label(node) or wanted in labels:
            return str(node)
    raise NotFoundError.for_name("task", ref, tasks(g))


def lead_bodies(g: nx.DiGraph[str], task: str) -> tuple[str, ...]:
    """The bodies that lead a task (责任单位); the task by its id or label (``"三（二）"``).

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import lead_bodies
    >>> lead_bodies(jx.task_graph(), "2.3")
    ('区城管局', '区规资局')
    >>> lead_bodies(jx.task_graph(), "三（二）")
    ('各街道办事处',)
    """
    task = task_node(g, task)
    return tuple(u for u, _, data in g.in_edges(task, data=True) if data["role"] == LEAD)


def cooperating_bodies(g: nx.DiGraph[str], task: str) -> tuple[str, ...]:
    """The bodies that cooperate on a task (配合单位); the task by its id or label.

    A body the source lists as both lead and cooperating on the task (4.5) is
    here too, as in :func:`cooperated_by`.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import cooperating_bodies
    >>> cooperating_bodies(jx.task_graph(), "三（二）")
    ('区应急局', '区消防救援支队')
    >>> "区消防救援支队" in cooperating_bodies(jx.task_graph(), "4.5")
    True
    """
    task = task_node(g, task)
    return tuple(
        u
        for u, _, data in g.in_edges(task, data=True)
        if data["role"] == COOPERATING or data["also_cooperating"]
    )


def partners(g: nx.DiGraph[str], body: str) -> tuple[Partner, ...]:
    """The bodies that share at least one task with ``body``, most shared first.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import partners
    >>> [(p.name, p.shared) for p in partners(jx.task_graph(), "区司法局")][:2]
    [('区消防救援支队', 3), ('各街道办事处', 2)]
    """
    _check(g, body, "body")
    shared: dict[str, list[str]] = {}
    for task in sorted(g.successors(body), key=_task_order(g)):
        for other in g.predecessors(task):
            if other != body:
                shared.setdefault(other, []).append(task)
    order = {name: i for i, name in enumerate(bodies(g))}
    ranked = sorted(shared.items(), key=lambda item: (-len(item[1]), order[item[0]]))
    return tuple(Partner(name=name, shared=len(ts), tasks=tuple(ts)) for name, ts in ranked)


def workload_table(g: nx.DiGraph[str]) -> tuple[Workload, ...]:
    """Each body with the number of tasks it leads and cooperates on.

    Ordered as :meth:`Policy.workload <jiceng_xiaofang.Policy.workload>`:
    total, then lead count, descending; ties keep the graph's order.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import workload_table
    >>> w = workload_table(jx.task_graph())[0]
    >>> w.name, w.lead, w.cooperating
    ('区消防救援支队', 11, 10)
    """
    rows = [
        Workload(
            name=body,
            name_en=g.nodes[body]["name_en"],
            lead=len(led_by(g, body)),
            cooperating=len(cooperated_by(g, body)),
        )
        for body in bodies(g)
    ]
    return tuple(sorted(rows, key=lambda w: (-w.total, -w.lead)))


def body_projection(g: nx.DiGraph[str]) -> nx.Graph[str]:
    """The body-body graph: an edge for each pair sharing a task, ``weight`` = shared tasks.

    Each edge also carries ``tasks``, a comma-separated list of the shared task ids.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import body_projection
    >>> p = body_projection(jx.task_graph())
    >>> p.edges["区应急局", "区消防救援支队"]["weight"]
    19
    """
    projected: nx.Graph[str] = nx.Graph()
    for body in bodies(g):
        projected.add_node(body, **g.nodes[body])
    for task in tasks(g):
        members = list(g.predecessors(task))
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if projected.has_edge(a, b):
                    projected.edges[a, b]["weight"] += 1
                    projected.edges[a, b]["tasks"] += f",{task}"
                else:
                    projected.add_edge(a, b, weight=1, tasks=task)
    return projected


CENTRALITY_MEASURES = ("degree", "strength", "betweenness", "eigenvector")
"""The measures :func:`centrality_ranking` knows."""


def centrality_ranking(g: nx.DiGraph[str], measure: str = "strength") -> tuple[Ranked, ...]:
    """Rank bodies by their centrality on the body projection.

    Parameters
    ----------
    g
        A task graph.
    measure
        ``"degree"`` (share of other bodies a body works with),
        ``"strength"`` (total shared tasks, the weighted degree),
        ``"betweenness"`` (how often a body lies on the shortest coordination
        route between two others; a shared task is a short link, so the
        distance of an edge is ``1 / weight``) or ``"eigenvector"`` (weighted).

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import centrality_ranking
    >>> [r.name for r in centrality_ranking(jx.task_graph(), "betweenness")][:2]
    ['区消防救援支队', '各街道办事处']
    """
    projected = body_projection(g)
    if measure == "degree":
        scores = nx.degree_centrality(projected)
    elif measure == "strength":
        scores = {n: float(d) for n, d in projected.degree(weight="weight")}
    elif measure == "betweenness":
        for _, _, data in projected.edges(data=True):
            data["distance"] = 1.0 / data["weight"]
        scores = nx.betweenness_centrality(projected, weight="distance")
    elif measure == "eigenvector":
        scores = nx.eigenvector_centrality(projected, weight="weight", max_iter=1000)
    else:
        raise XiaofangError(
            f"centrality measure: expected one of {', '.join(CENTRALITY_MEASURES)}; got {measure!r}"
        )
    order = {name: i for i, name in enumerate(projected)}
    ranked = sorted(
        projected, key=lambda n: (-round(scores[n], 9), order[n])
    )  # float noise must not reorder ties
    return tuple(Ranked(name=n, name_en=projected.nodes[n]["name_en"], score=scores[n]) for n in ranked)


def coordination_path(g: nx.DiGraph[str], source: str, target: str) -> tuple[str, ...]:
    """The shortest chain of shared tasks linking two bodies: body, task, body, task, ..., body.

    Raises :class:`~jiceng_xiaofang.NotFoundError` when the bodies share no chain.
    Among chains of equal length the first found (in the graph's order) is returned.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import coordination_path
    >>> coordination_path(jx.task_graph(), "区大数据发展局", "区规资局")
    ('区大数据发展局', '4.5', '区消防救援支队', '2.1', '区规资局')
    """
    _check(g, source, "body")
    _check(g, target, "body")
    # Breadth-first search with neighbours in a fixed order (tasks in annex order, bodies in
    # graph order), so the same graph always gives the same path; networkx's undirected
    # view iterates a set and would not.
    task_order = _task_order(g)
    parent: dict[str, str] = {source: source}
    frontier = [source]
    while frontier and target not in parent:
        following = []
        for body in frontier:
            for task in sorted(g.successors(body), key=task_order):
                if task in parent:
                    continue
                parent[task] = body
                for other in g.predecessors(task):
                    if other not in parent:
                        parent[other] = task
                        following.append(other)
        frontier = following
    if target not in parent:
        raise NotFoundError(f"no coordination path between {source!r} and {target!r}")
    path = [target]
    while path[-1] != source:
        path.append(parent[path[-1]])
    return tuple(reversed(path))


def spread_lead_tasks(g: nx.DiGraph[str], more_than: int = 5) -> tuple[tuple[str, int], ...]:
    """Tasks led by more than ``more_than`` bodies, with their lead count, most first.

    Many leads can mean that responsibility is spread thin.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import spread_lead_tasks
    >>> spread_lead_tasks(jx.task_graph(), more_than=7)
    (('4.3', 11), ('3.6', 8), ('4.1', 8), ('4.2', 8))
    """
    if isinstance(more_than, bool) or not isinstance(more_than, int) or more_than < 0:
        raise XiaofangError(f"more_than: expected a whole number of 0 or more, got {more_than!r}")
    counts = [(task, len(lead_bodies(g, task))) for task in tasks(g)]
    wide = [(task, n) for task, n in counts if n > more_than]
    return tuple(sorted(wide, key=lambda item: -item[1]))  # stable: ties stay in annex order


def tasks_without_lead(g: nx.DiGraph[str]) -> tuple[str, ...]:
    """Tasks that no body leads.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import tasks_without_lead
    >>> tasks_without_lead(jx.task_graph())
    ()
    """
    return tuple(task for task in tasks(g) if not lead_bodies(g, task))
