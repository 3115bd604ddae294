"""Draw a task graph with matplotlib (the ``plot`` extra), Chinese labels included."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..errors import XiaofangError
from .queries import tasks, workload_table

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["CJK_FAMILIES", "draw_task_graph", "find_cjk_font"]

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)
"""Font families that can show Chinese, in order of preference."""

_LEAD_COLOUR = "#b2182b"
_BOTH_COLOUR = "#7b3294"
_COOP_COLOUR = "#8c8c8c"


def _font_manager() -> Any:
    try:
        from matplotlib import font_manager
    except ImportError:
        raise XiaofangError(
            "drawing needs matplotlib: install the extra with pip install 'jiceng-xiaofang[plot]'"
        ) from None
    return font_manager


def find_cjk_font(font: str | os.PathLike[str] | None = None) -> str:
    """The name of a font family that can show Chinese, for matplotlib.

    Parameters
    ----------
    font
        A font file (TTF, OTF or TTC) to use; without it, the first installed
        family of :data:`CJK_FAMILIES`.

    Raises
    ------
    XiaofangError
        No CJK-capable font is installed (the message says how to get one), or
        the given file cannot be read as a font.

    Examples
    --------
    >>> from jiceng_xiaofang.graph import find_cjk_font
    >>> find_cjk_font()  # doctest: +SKIP
    'Noto Sans CJK SC'
    """
    font_manager = _font_manager()
    if font is not None:
        path = os.fspath(font)
        try:
            font_manager.fontManager.addfont(path)
            name: str = font_manager.FontProperties(fname=path).get_name()
        except (OSError, RuntimeError, ValueError) as exc:
            raise XiaofangError(f"font: cannot read {path!r} as a font file ({exc})") from None
        return name
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    import matplotlib

    raise XiaofangError(
        "no font that can show Chinese is installed; install one (for example the Debian package "
        "fonts-noto-cjk or fonts-wqy-microhei) or pass font='path/to/font.ttf'. A font installed after "
        "matplotlib first ran stays unseen until its font cache is rebuilt: delete the fontlist-*.json files in "
        f"{matplotlib.get_cachedir()} and restart Python (or the notebook's kernel)"
    )


def draw_task_graph(
    g: nx.DiGraph[str],
    *,
    ax: Axes | None = None,
    font: str | os.PathLike[str] | None = None,
    english: bool = False,
) -> Axes:
    """Draw the task graph: bodies on the left (most loaded on top), tasks on the right.

    Lead edges are solid red, cooperating edges dashed grey, and a lead body
    that the source also lists as cooperating (4.5) solid purple.

    Parameters
    ----------
    g
        A task graph from :func:`~jiceng_xiaofang.task_graph`.
    ax
        The matplotlib axes to draw on; a new figure when omitted.
    font
        A font file that can show Chinese; found among installed fonts when omitted.
    english
        Label nodes with their English names instead of Chinese.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> ax = jx.draw_task_graph(jx.task_graph())  # doctest: +SKIP
    >>> ax.figure.savefig("task-graph.png")  # doctest: +SKIP
    """
    family = find_cjk_font(font)
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    body_order = [row.name for row in workload_table(g)]
    task_order = list(tasks(g))
    if ax is None:
        height = max(6.0, 0.32 * max(len(body_order), len(task_order)))
        _, ax = plt.subplots(figsize=(13, height))
    assert ax is not None

    def spread(count: int) -> list[float]:
        return [1.0 - i / max(count - 1, 1) for i in range(count)]

    pos = {u: (0.0, y) for u, y in zip(body_order, spread(len(body_order)), strict=True)}
    pos.update({t: (1.0, y) for t, y in zip(task_order, spread(len(task_order)), strict=True)})
    for u, t, data in g.edges(data=True):
        (x0, y0), (x1, y1) = pos[u], pos[t]
        if data["role"] == "lead":
            colour = _BOTH_COLOUR if data["also_cooperating"] else _LEAD_COLOUR
            ax.plot([x0, x1], [y0, y1], color=colour, linewidth=1.2, alpha=0.8, zorder=1)
        else:
            ax.plot(
                [x0, x1], [y0, y1], color=_COOP_COLOUR, linewidth=0.7, linestyle="--", alpha=0.6, zorder=0
            )
    ax.scatter([0.0] * len(body_order), [pos[u][1] for u in body_order], s=40, color="#2166ac", zorder=2)
    ax.scatter([1.0] * len(task_order), [pos[t][1] for t in task_order], s=40, color="#e08214", zorder=2)
    for u in body_order:
        text = g.nodes[u]["name_en"] if english else u
        ax.text(-0.02, pos[u][1], text, ha="right", va="center", fontsize=9, family=family)
    for t in task_order:
        node = g.nodes[t]
        title = node.get("title_en" if english else "title", "")
        text = f"{t} {title}" if english else f"{node.get('label', t)} {title}"
        ax.text(1.02, pos[t][1], text[:40], ha="left", va="center", fontsize=9, family=family)
    ax.legend(
        handles=[
            Line2D([], [], color=_LEAD_COLOUR, label="lead 责任单位"),
            Line2D([], [], color=_COOP_COLOUR, linestyle="--", label="cooperating 配合单位"),
            Line2D([], [], color=_BOTH_COLOUR, label="both (as written)"),
        ],
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=3,
        frameon=False,
        prop={"family": family},
    )
    ax.set_xlim(-0.45, 1.75)
    ax.set_ylim(-0.04, 1.04)
    ax.axis("off")
    return ax
