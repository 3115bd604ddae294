"""The task graph as a matrix: bodies by tasks, each cell lead, cooperating or both (the ``plot`` extra)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import networkx as nx

from .build import LEAD
from .draw import find_cjk_font
from .queries import tasks, workload_table

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["MATRIX_CELLS", "draw_task_matrix", "task_matrix"]

MATRIX_CELLS = ("", "lead", "cooperating", "both")
"""The values of a cell of :func:`task_matrix`, in the order of their codes 0 to 3.

``"both"`` is a lead body that the source also lists as cooperating on the
same task (4.5 of the Yuzhong policy does so); ``""`` means no role.
"""

# Colours: the same red, grey and purple as draw_task_graph's edges, with text
# that stays readable on each.
_FILL = ("#ffffff", "#b2182b", "#d0d0d0", "#7b3294")
_INK = ("#000000", "#ffffff", "#000000", "#ffffff")
_MARK_ZH = ("", "责", "配", "责配")
_MARK_EN = ("", "L", "C", "L+C")
_LEGEND_ZH = ("", "lead 责任单位", "cooperating 配合单位", "both 既责任又配合")
_LEGEND_EN = ("", "lead", "cooperating", "both (as written)")
_TITLE_CHARS = 12  # of a clause title shown above its column


def task_matrix(g: nx.DiGraph[str]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[int, ...], ...]]:
    """The bodies, the tasks and, for each body, the code of its role on each task.

    Rows are the bodies most loaded first (as
    :func:`~jiceng_xiaofang.graph.workload_table`), columns the tasks in
    annex order, so grouped by section; a cell's code indexes
    :data:`MATRIX_CELLS`.  No plotting library is needed.

    Parameters
    ----------
    g
        A task graph from :func:`~jiceng_xiaofang.task_graph`.

    Returns
    -------
    tuple
        ``(bodies, tasks, codes)``; ``codes[i][j]`` is the role of
        ``bodies[i]`` on ``tasks[j]``.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import MATRIX_CELLS, task_matrix
    >>> bodies, task_ids, codes = task_matrix(jx.task_graph())
    >>> len(bodies), len(task_ids)
    (17, 20)
    >>> row = codes[bodies.index("区消防救援支队")]
    >>> MATRIX_CELLS[row[task_ids.index("4.5")]], MATRIX_CELLS[row[task_ids.index("1.1")]]
    ('both', 'cooperating')
    """
    body_order = tuple(row.name for row in workload_table(g))
    task_order = tasks(g)
    codes = []
    for body in body_order:
        row = []
        for task in task_order:
            data = g.edges.get((body, task))
            if data is None:
                row.append(0)
            elif data["role"] == LEAD:
                row.append(3 if data.get("also_cooperating") else 1)
            else:
                row.append(2)
        codes.append(tuple(row))
    return body_order, task_order, tuple(codes)


def draw_task_matrix(
    g: nx.DiGraph[str],
    *,
    ax: Axes | None = None,
    font: str | os.PathLike[str] | None = None,
    english: bool = False,
) -> Axes:
    """Draw the task graph as a matrix: a row per body, a column per task, grouped by section.

    Each cell says the body's role on the task, in colour and in a mark that
    reads without colour: lead (red, 责), cooperating (grey, 配) or both
    (purple, 责配), where the source lists a lead body as cooperating too.
    Rows are ordered by workload, most loaded on top; columns follow the
    annex, with a rule between sections and each section's title below.
    Unlike :func:`~jiceng_xiaofang.draw_task_graph`, no line crosses
    another, so the picture stays legible when it is small.

    Parameters
    ----------
    g
        A task graph from :func:`~jiceng_xiaofang.task_graph`.
    ax
        The matplotlib axes to draw on; a new figure sized to the matrix when omitted.
    font
        A font file that can show Chinese; found among installed fonts when omitted.
    english
        Label rows, columns, sections and cells in English instead of Chinese.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    XiaofangError
        matplotlib is not installed, or no font can show Chinese.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> ax = jx.draw_task_matrix(jx.task_graph())  # doctest: +SKIP
    >>> ax.figure.savefig("task-matrix.svg", bbox_inches="tight")  # doctest: +SKIP
    """
    family = find_cjk_font(font)
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch
    from matplotlib.transforms import blended_transform_factory

    body_order, task_order, codes = task_matrix(g)
    rows, columns = len(body_order), len(task_order)
    if ax is None:
        cell = 0.42
        _, ax = plt.subplots(figsize=(2.2 + cell * max(columns, 4), 2.8 + cell * max(rows, 4)))
    assert ax is not None
    marks = _MARK_EN if english else _MARK_ZH
    ax.imshow(
        [list(row) for row in codes] if rows else [[0] * max(columns, 1)],
        cmap=ListedColormap(list(_FILL)),
        vmin=-0.5,
        vmax=3.5,
        aspect="equal",
        interpolation="nearest",
    )
    for i, row in enumerate(codes):
        for j, code in enumerate(row):
            if code:
                size = 7 if len(marks[code]) > 1 else 9
                ax.text(
                    j,
                    i,
                    marks[code],
                    ha="center",
                    va="center",
                    color=_INK[code],
                    fontsize=size,
                    family=family,
                )
    # thin white grid between cells, a dark rule between sections
    ax.set_xticks([j - 0.5 for j in range(1, columns)], minor=True)
    ax.set_yticks([i - 0.5 for i in range(1, rows)], minor=True)
    ax.grid(which="minor", color="#ffffff", linewidth=1.0)
    ax.tick_params(which="minor", length=0)
    sections = [g.nodes[t].get("section") for t in task_order]
    starts = [j for j in range(columns) if j == 0 or sections[j] != sections[j - 1]]
    for j in starts[1:]:
        ax.axvline(j - 0.5, color="#404040", linewidth=1.2)
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else columns
        node = g.nodes[task_order[start]]
        title = node.get("section_title", "")
        if english:
            text = f"section {node.get('section', '')}"
        else:
            text = "\n".join(title[n : n + 6] for n in range(0, len(title), 6)) if title else ""
        ax.text(
            (start + end - 1) / 2,
            rows - 0.5 + 0.3,
            text,
            ha="center",
            va="top",
            fontsize=8,
            family=family,
            color="#404040",
        )
    ax.set_yticks(range(rows))
    ax.set_yticklabels(
        [g.nodes[b]["name_en"] if english else b for b in body_order], family=family, fontsize=9
    )
    ax.set_xticks(range(columns))
    column_labels = []
    for t in task_order:
        node = g.nodes[t]
        title = node.get("title_en" if english else "title", "")
        # Chinese reads top to bottom, one character under another; English is turned
        column_labels.append(f"{t} {title[:28]}" if english else "\n".join([t, *title[:_TITLE_CHARS]]))
    ax.set_xticklabels(column_labels, family=family, fontsize=8, rotation=90 if english else 0)
    ax.xaxis.tick_top()
    ax.tick_params(which="major", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    legend = _LEGEND_EN if english else _LEGEND_ZH
    ax.legend(
        handles=[Patch(facecolor=_FILL[c], label=f"{marks[c]}  {legend[c]}") for c in (1, 2, 3)],
        loc="upper center",
        bbox_to_anchor=(0.5, rows - 0.5 + 1.2),  # centred, below the section titles
        bbox_transform=blended_transform_factory(ax.transAxes, ax.transData),
        ncol=3,
        frameon=False,
        prop={"family": family, "size": 9},
    )
    return ax
