"""Revisions: what changed from one version of a policy to another, or between two districts' policies.

:func:`~jiceng_xiaofang.diff` compares two policies and returns a
:class:`~jiceng_xiaofang.PolicyDiff` of :class:`~jiceng_xiaofang.Change`
entries: clauses added, removed, moved and reworded (with a character diff of
the Chinese), requirements tightened or loosened, bodies gaining or losing a
lead or cooperating role, deadlines moved, frequencies changed, facts and
document metadata changed.  It prints as text, JSON and HTML.
:func:`~jiceng_xiaofang.compare` puts several districts' policies side by
side in a :class:`~jiceng_xiaofang.Comparison`: one row per kind of duty or
threshold, one column per policy, the stricter value marked and the floor of
the lower layers shown.

Examples
--------
>>> import jiceng_xiaofang as jx
>>> jx.diff(jx.load_policy(), jx.load_policy()).to_text()
'diff yuzhong-2023 -> yuzhong-2023: no changes'
"""

from __future__ import annotations

from ._rules import threshold_text, tighter
from .chars import MOVE_SIMILARITY, Segment, char_diff, render_html, render_text, similarity
from .compare import diff
from .comparison import (
    CELL_STATUSES,
    COMPARISON_FORMAT_VERSION,
    ROW_KINDS,
    Cell,
    CellValue,
    Comparison,
    ComparisonColumn,
    ComparisonRow,
)
from .districts import compare
from .model import CHANGE_KINDS, DIFF_FORMAT_VERSION, DIRECTIONS, ENTITIES, Change, ChangeValue, PolicyDiff

__all__ = [
    "CELL_STATUSES",
    "CHANGE_KINDS",
    "COMPARISON_FORMAT_VERSION",
    "DIFF_FORMAT_VERSION",
    "DIRECTIONS",
    "ENTITIES",
    "MOVE_SIMILARITY",
    "ROW_KINDS",
    "Cell",
    "CellValue",
    "Change",
    "ChangeValue",
    "Comparison",
    "ComparisonColumn",
    "ComparisonRow",
    "PolicyDiff",
    "Segment",
    "char_diff",
    "compare",
    "diff",
    "render_html",
    "render_text",
    "similarity",
    "threshold_text",
    "tighter",
]
