"""Compare two policies: :func:`diff`."""

from __future__ import annotations

import os
from typing import Any

from ..errors import XiaofangError
from ..policy.load import load_policy
from ..policy.model import Policy
from . import _entries as entries
from . import _rules as rules
from . import _structure as structure
from ._context import Pair
from .model import PolicyDiff

__all__ = ["diff"]


def _policy(value: object, name: str) -> Policy:
    if isinstance(value, Policy):
        return value
    if isinstance(value, str | os.PathLike):
        return load_policy(value)
    raise XiaofangError(
        f"diff: {name}: expected a Policy or the path of a policy file, got {type(value).__name__}"
    )


def _duties(policy: Policy, side: str, notes: list[str]) -> tuple[Any, ...]:
    """The policy's duties and deadlines; none, with a note, when its obligations file does not check against it."""
    from ..schedule.load import load_obligations

    try:
        return load_obligations(policy=policy).obligations
    except XiaofangError as exc:
        notes.append(f"the duties of the {side} policy cannot be read, so no duties were compared: {exc}")
        return ()


def _notes(old: Policy, new: Policy) -> list[str]:
    notes = []
    if old.document.id != new.document.id:
        notes.append(
            f"two different documents ({old.document.id}, {new.document.id}): clauses are matched by number and by"
            " text, so a clause under the same number may be a different clause"
        )
    for side, policy in (("old", old), ("new", new)):
        if not policy.document.complete:
            coverage = f" ({policy.document.coverage})" if policy.document.coverage else ""
            notes.append(
                f"the {side} file holds only part of its document{coverage}: what it leaves out shows as"
                f" {'removed' if side == 'new' else 'added'}"
            )
    return notes


def diff(old: Policy | str | os.PathLike[str], new: Policy | str | os.PathLike[str]) -> PolicyDiff:
    """What changed from one policy to another: clauses, requirements, bodies, deadlines, facts, metadata.

    Clauses are matched by id, and a clause whose text is under another id,
    whole or at least :data:`~jiceng_xiaofang.revisions.MOVE_SIMILARITY` alike,
    is reported moved; a changed text comes with its character diff.
    Requirements are matched by id, then by subject, field and direction;
    ``>=`` is tightened by a bigger value, ``<=`` by a smaller one and a range
    by a narrower one.  A date or period fact that changed is reported once,
    with the duties, supervision rules and requirements that take it.  English
    translations and summaries the files add are not compared: the Chinese text
    is the authority.

    Parameters
    ----------
    old, new
        Two policies, or the paths of policy files (read with
        :func:`~jiceng_xiaofang.load_policy`).

    Returns
    -------
    PolicyDiff
        Empty (false) when nothing differs.

    Raises
    ------
    XiaofangError
        An argument is neither a policy nor a path; a
        :class:`~jiceng_xiaofang.PolicyFileError` for a file that cannot be read.

    Examples
    --------
    >>> import attrs
    >>> import jiceng_xiaofang as jx
    >>> policy = jx.load_policy()
    >>> fact = policy.fact("district_check_frequency")
    >>> facts = tuple(attrs.evolve(f, value="P1M") if f is fact else f for f in policy.facts)
    >>> revised = attrs.evolve(policy, facts=facts)
    >>> print(jx.diff(policy, revised).to_text())
    diff yuzhong-2023 -> yuzhong-2023: 1 change(s) (1 frequency-changed)
    事实 facts
      五（四） district_check_frequency P3M -> P1M, more often; used by obligation district_quarterly_check: frequency-changed (tightened)
    """
    a, b = _policy(old, "old"), _policy(new, "new")
    pairs, removed, added = structure.pair_clauses(a, b)
    pair = Pair(a, b, moved={str(x.id): str(y.id) for x, y in pairs if x.id != y.id})
    notes = _notes(a, b)
    old_duties, new_duties = _duties(a, "old", notes), _duties(b, "new", notes)
    if any(n.startswith("the duties of the") for n in notes):
        old_duties = (
            new_duties
        ) = ()  # one side's cannot be read: compare neither, rather than report all removed
    facts = rules.facts(pair, old_duties, new_duties)  # first: it records the dates and periods it explains
    changes = [
        *structure.document(pair),
        *structure.sections(pair),
        *structure.clause_changes(pair, pairs, removed, added),
        *structure.tasks(pair),
        *rules.requirements(pair),
        *facts,
        *entries.obligations(pair, old_duties, new_duties),
        *entries.organisation(pair),
        *structure.bodies(pair),
    ]
    return PolicyDiff(
        old_document=a.document.id,
        new_document=b.document.id,
        old_source=a.source,
        new_source=b.source,
        changes=tuple(changes),
        notes=tuple(notes),
    )
