"""Draft a policy file from a published document, for a person to check, confirm and load.

:func:`~jiceng_xiaofang.draft_policy` reads the text (or a .docx) of a district's document as
published and writes a policy file in the format the loader reads; every
entry it inferred says so, and what it could not read is reported with its
line (:class:`~jiceng_xiaofang.DraftProblem`).
"""

from __future__ import annotations

from ._annex import COLUMNS as ANNEX_COLUMNS
from ._draft import draft_policy
from ._model import PROBLEM_KINDS, Draft, DraftProblem
from ._source import MAX_BYTES

__all__ = ["ANNEX_COLUMNS", "MAX_BYTES", "PROBLEM_KINDS", "Draft", "DraftProblem", "draft_policy"]
