"""What a draft holds: the parts read from the document, and the problems met reading it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from ..policy.model import Policy

__all__ = ["PROBLEM_KINDS", "Draft", "DraftProblem"]

PROBLEM_KINDS = {
    "unread": "text the drafter could not place: it is not in the draft",
    "guess": "a value the drafter inferred: check it before confirming",
    "mismatch": "two places of the document disagree (an annex row and its clause, a title and the notice)",
    "missing": "something a policy file usually has that the document does not show",
}
"""The kinds of :class:`~jiceng_xiaofang.DraftProblem`, with their meaning."""


@attrs.frozen
class DraftProblem:
    """Something the drafter could not read, had to guess, or found inconsistent.

    ``line`` is the line of the source document (1 for the first) when the
    problem has one; ``where`` names the part (``"document"``, ``"clause
    一（三）"``, ``"annex row 5"``); ``kind`` is one of :data:`~jiceng_xiaofang.drafting.PROBLEM_KINDS`.

    Examples
    --------
    >>> from jiceng_xiaofang.drafting import DraftProblem
    >>> print(DraftProblem("unread", "document", "not read: 抄送：区委办公室", line=190))
    line 190: unread document: not read: 抄送：区委办公室
    """

    kind: str
    """What sort of problem, a key of :data:`~jiceng_xiaofang.drafting.PROBLEM_KINDS`."""
    where: str
    """The part of the document, such as ``document``, ``clause 一（三）`` or ``annex row 5``."""
    message: str
    """What is wrong or was guessed, in English with the document's words."""
    line: int | None = None
    """The line of the source document, 1 for the first; ``None`` when the problem has none."""

    def __str__(self) -> str:
        at = f"line {self.line}: " if self.line is not None else ""
        return f"{at}{self.kind} {self.where}: {self.message}"


@attrs.frozen
class Draft:
    """A policy file drafted from a published document, with the problems met reading it.

    ``toml`` is the text of the policy file; every entry the drafter inferred
    rather than read (a fact it found, a body's level) says so in a comment or
    with ``draft = true``, and a person confirms it.  ``problems`` lists what
    could not be read, was guessed or disagrees, each with its line.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> text = '''重庆市某某区人民政府办公室
    ... 2024年3月1日
    ... 某某区消防工作方案
    ... 一、工作任务
    ... （一）建立消防工作站。各街道设立消防工作站，工作人员不少于3人。（责任单位：各街道办事处；配合单位：区应急局）'''
    >>> draft = jx.draft_policy(text, id="example-2024")
    >>> policy = draft.load()
    >>> policy.clause("1.1").lead, policy.clause("1.1").cooperating
    (('各街道办事处',), ('区应急局',))
    >>> [(f.kind, f.value, f.quote, f.draft) for f in policy.facts]
    [('count', 3, '工作人员不少于3人', True)]
    """

    toml: str
    """The text of the policy file drafted."""
    problems: tuple[DraftProblem, ...]
    """What could not be read, was guessed or disagrees, in order; empty when nothing."""
    source: str
    """The document's name, its file's path, or ``<text>`` or ``<bytes>`` when given in place."""
    clauses: int
    """The number of clauses drafted."""
    tasks: int
    """The number of tasks, the annex's rows matched or else the clauses that name responsible bodies."""
    facts: int
    """The number of candidate facts found (each marked ``draft = true``)."""
    bodies: int
    """The number of bodies named, whose kind and level were guessed."""
    drafted_on: dt.date = attrs.field(factory=dt.date.today)
    """The day the draft was made (today by default)."""

    def load(self, *, baseline: str | os.PathLike[str] | None = None) -> Policy:
        """Load the draft as a policy, to check it reads (no baseline layer by default).

        Raises
        ------
        PolicyFileError
            The draft does not load: its problems say what to fill in.
        """
        from ..policy.load import parse_policy

        return parse_policy(self.toml, source=f"<draft of {self.source}>", baseline=baseline)

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write the policy file (UTF-8)."""
        Path(path).write_text(self.toml, encoding="utf-8")

    def summary(self) -> str:
        r"""One line per count and per problem kind, for a terminal.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> print(jx.draft_policy("某某区工作方案\n一、总体要求\n坚持属地管理。", id="x").summary())
        drafted 0 clause(s), 0 task(s), 0 fact(s), 0 body(ies) from <text>
        3 problem(s): missing 3
        """
        counts: dict[str, int] = {}
        for problem in self.problems:
            counts[problem.kind] = counts.get(problem.kind, 0) + 1
        lines = [
            f"drafted {self.clauses} clause(s), {self.tasks} task(s), {self.facts} fact(s),"
            f" {self.bodies} body(ies) from {self.source}"
        ]
        if counts:
            kinds = ", ".join(f"{kind} {counts[kind]}" for kind in PROBLEM_KINDS if kind in counts)
            lines.append(f"{len(self.problems)} problem(s): {kinds}")
        else:
            lines.append("no problems")
        return "\n".join(lines)
