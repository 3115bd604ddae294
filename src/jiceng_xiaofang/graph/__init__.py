"""The task graph: who leads and who cooperates on each annex task, as a networkx graph.

Build it with :func:`~jiceng_xiaofang.task_graph`; ask it questions with the query functions;
export it as node-link JSON, GraphML or a RACI-style matrix; draw it with
:func:`~jiceng_xiaofang.draw_task_graph`, or as a bodies-by-tasks matrix with
:func:`~jiceng_xiaofang.draw_task_matrix` (``plot`` extra).
"""

from __future__ import annotations

from .build import COOPERATING, LEAD, task_graph
from .draw import CJK_FAMILIES, draw_task_graph, find_cjk_font
from .export import (
    RACI_CELLS,
    GraphFormatError,
    node_link_json,
    raci_csv,
    raci_frame,
    raci_rows,
    read_graphml,
    read_node_link_json,
    read_raci_csv,
    write_graphml,
)
from .matrix import MATRIX_CELLS, draw_task_matrix, task_matrix
from .queries import (
    CENTRALITY_MEASURES,
    Partner,
    Ranked,
    bodies,
    body_projection,
    centrality_ranking,
    cooperated_by,
    cooperating_bodies,
    coordination_path,
    lead_bodies,
    led_by,
    partners,
    spread_lead_tasks,
    task_node,
    tasks,
    tasks_without_lead,
    workload_table,
)
from .summary import TaskGraphSummary, summary

__all__ = [
    "CENTRALITY_MEASURES",
    "CJK_FAMILIES",
    "COOPERATING",
    "LEAD",
    "MATRIX_CELLS",
    "RACI_CELLS",
    "GraphFormatError",
    "Partner",
    "Ranked",
    "TaskGraphSummary",
    "bodies",
    "body_projection",
    "centrality_ranking",
    "cooperated_by",
    "cooperating_bodies",
    "coordination_path",
    "draw_task_graph",
    "draw_task_matrix",
    "find_cjk_font",
    "lead_bodies",
    "led_by",
    "node_link_json",
    "partners",
    "raci_csv",
    "raci_frame",
    "raci_rows",
    "read_graphml",
    "read_node_link_json",
    "read_raci_csv",
    "spread_lead_tasks",
    "summary",
    "task_graph",
    "task_matrix",
    "task_node",
    "tasks",
    "tasks_without_lead",
    "workload_table",
    "write_graphml",
]
