"""Revisions: what changed from one version of a policy to another, or between two districts' policies.

:func:`~jiceng_xiaofang.diff` compares two policies and returns a
:class:`~jiceng_xiaofang.PolicyDiff` of :class:`~jiceng_xiaofang.Change`
entries: clauses added, removed, moved and reworded (with a character diff of
the Chinese), requirements tightened or loosened, bodies gaining or losing a
lead or cooperating role, deadlines moved, frequencies changed, facts and
document metadata changed.  It prints as text, JSON and HTML.

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
from .model import CHANGE_KINDS, DIFF_FORMAT_VERSION, DIRECTIONS, ENTITIES, Change, ChangeValue, PolicyDiff

__all__ = [
    "CHANGE_KINDS",
    "DIFF_FORMAT_VERSION",
    "DIRECTIONS",
    "ENTITIES",
    "MOVE_SIMILARITY",
    "Change",
    "ChangeValue",
    "PolicyDiff",
    "Segment",
    "char_diff",
    "diff",
    "render_html",
    "render_text",
    "similarity",
    "threshold_text",
    "tighter",
]
