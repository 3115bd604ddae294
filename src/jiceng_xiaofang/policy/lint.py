"""Consistency checks of a loaded policy: what the loader accepts but a reader should see.

The loader rejects files that break the format.  The lint reports what is
valid data but doubtful policy: an annex row that disagrees with its clause, a
body listed as both lead and cooperating on one task, a task without a lead.
It never changes the data: the source really says what it says.
"""

from __future__ import annotations

import attrs

from .model import LAYERS, Policy, Requirement

__all__ = ["LINT_CODES", "LintIssue", "lint"]

LINT_CODES = {
    "annex-lead-mismatch": "an annex row's lead bodies differ from its clause's",
    "annex-cooperating-mismatch": "an annex row's cooperating bodies differ from its clause's",
    "annex-name-mismatch": "an annex row's task name differs from its clause's title",
    "annex-section-mismatch": "an annex row's section (项目) differs from its clause's section title",
    "lead-and-cooperating": "a body is listed as both lead and cooperating on one task",
    "duplicate-body": "a body is listed twice in one role",
    "no-lead": "an annex row, or a clause with cooperating bodies, names no lead body",
    "clause-without-task": "a clause with responsible bodies has no annex row",
    "weaker-than-baseline": "a requirement is weaker than a lower layer's requirement of the same field (national, municipal)",
    "incomplete-clause": "the file holds only part of a clause's text (complete = false)",
    "role-name-not-quoted": "a post of the text whose name (or an alias) is not in the words it quotes",
    "draft-entry": "an entry a drafting tool found (draft = true) that no person has confirmed yet",
    "metadata-unknown": "the document's issuer, date of issue, publication or district is not given",
    "body-level-unknown": "a body of the directory whose level is not given",
}
"""Every lint code with a one-line meaning."""


@attrs.frozen
class LintIssue:
    """One finding of :func:`lint`.

    ``where`` is ``"clause 4.5"`` or ``"annex row 20 (4.5)"``; ``clause`` the
    clause id it concerns; ``severity`` is ``"warning"`` or ``"error"``.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> issue = jx.lint(jx.load_policy())[0]
    >>> issue.code, issue.where
    ('lead-and-cooperating', 'clause 4.5')
    >>> print(issue)
    warning lead-and-cooperating clause 4.5: 区消防救援支队 is listed as both lead (责任单位) and cooperating (配合单位) body
    """

    code: str
    """What kind of issue, a key of :data:`~jiceng_xiaofang.policy.LINT_CODES`."""
    severity: str
    """``warning`` or ``error``."""
    where: str
    """Where it is, such as ``clause 4.5`` or ``annex row 20 (4.5)``."""
    clause: str
    """The id of the clause it concerns."""
    message: str
    """What is wrong, in English with the Chinese names as written."""

    def __str__(self) -> str:
        return f"{self.severity} {self.code} {self.where}: {self.message}"


def _fmt(bodies: tuple[str, ...]) -> str:
    return "、".join(bodies) if bodies else "(none)"


def _role_issues(
    where: str, clause: str, lead: tuple[str, ...], cooperating: tuple[str, ...], *, need_lead: bool
) -> list[LintIssue]:
    issues = []
    for body in dict.fromkeys(lead):
        if body in cooperating:
            issues.append(
                LintIssue(
                    "lead-and-cooperating",
                    "warning",
                    where,
                    clause,
                    f"{body} is listed as both lead (责任单位) and cooperating (配合单位) body",
                )
            )
    for role, bodies in (("lead", lead), ("cooperating", cooperating)):
        for body in dict.fromkeys(u for u in bodies if bodies.count(u) > 1):
            issues.append(
                LintIssue("duplicate-body", "warning", where, clause, f"{body} is listed twice as {role}")
            )
    if not lead and (need_lead or cooperating):
        issues.append(
            LintIssue("no-lead", "error", where, clause, f"no lead body; cooperating: {_fmt(cooperating)}")
        )
    return issues


def lint(policy: Policy) -> tuple[LintIssue, ...]:
    """Report the inconsistencies of a policy, clause by clause.

    Parameters
    ----------
    policy
        A loaded policy.

    Returns
    -------
    tuple of LintIssue
        In clause order; for each clause, the clause's own issues, then its
        annex row's.  Empty when there is nothing to report.

    Examples
    --------
    The embedded policy lists 区消防救援支队 as both lead and cooperating body
    of 4.5, in the clause and in the annex; the lint reports it, it does not
    fix the data:

    >>> import jiceng_xiaofang as jx
    >>> [(i.code, i.where) for i in jx.lint(jx.load_policy())]
    [('lead-and-cooperating', 'clause 4.5'), ('lead-and-cooperating', 'annex row 20 (4.5)')]
    """
    annex = policy.has_annex
    issues: list[LintIssue] = []
    for clause in policy.clauses:
        where = f"clause {clause.id}"
        if not clause.complete:
            issues.append(
                LintIssue(
                    "incomplete-clause",
                    "warning",
                    where,
                    clause.id,
                    "the file holds only part of the clause's text; what it does not hold is not encoded",
                )
            )
        issues += _role_issues(where, clause.id, clause.lead, clause.cooperating, need_lead=False)
        if not annex:
            continue  # the clauses' own notes are the tasks: nothing to compare
        rows = policy.tasks_for(clause.id)
        task = rows[0] if len(rows) == 1 and len(rows[0].clauses) == 1 else None
        if task is None:
            if not rows and (clause.lead or clause.cooperating):
                issues.append(
                    LintIssue(
                        "clause-without-task",
                        "warning",
                        where,
                        clause.id,
                        "the annex table has no row for it",
                    )
                )
            continue
        row = f"annex row {task.number} ({clause.id})"
        if task.name != clause.title:
            issues.append(
                LintIssue(
                    "annex-name-mismatch",
                    "warning",
                    row,
                    clause.id,
                    f"task name {task.name!r} differs from clause title {clause.title!r}",
                )
            )
        if task.section != clause.section_title:
            issues.append(
                LintIssue(
                    "annex-section-mismatch",
                    "warning",
                    row,
                    clause.id,
                    f"section {task.section!r} differs from the clause's section {clause.section_title!r}",
                )
            )
        for role, in_row, in_clause in (
            ("lead", task.lead, clause.lead),
            ("cooperating", task.cooperating, clause.cooperating),
        ):
            if in_row != in_clause:
                issues.append(
                    LintIssue(
                        f"annex-{role}-mismatch",
                        "warning",
                        row,
                        clause.id,
                        f"{role} bodies in the annex: {_fmt(in_row)}; in the clause: {_fmt(in_clause)}",
                    )
                )
        issues += _role_issues(row, clause.id, task.lead, task.cooperating, need_lead=True)
    for task in policy.tasks:
        if task.source == "annex" and (len(task.clauses) > 1 or len(policy.tasks_for(task.clause)) > 1):
            row = f"annex row {task.number} ({task.id})"
            issues += _role_issues(row, task.clause, task.lead, task.cooperating, need_lead=True)
    issues += _role_name_issues(policy)
    issues += _layer_issues(policy)
    issues += _draft_issues(policy)
    return tuple(issues)


def _draft_issues(policy: Policy) -> list[LintIssue]:
    """What a drafted file still lacks: unconfirmed entries, unknown metadata, bodies without a level."""
    issues = [
        LintIssue(
            "draft-entry",
            "warning",
            f"fact {fact.id}",
            fact.clause,
            f"found by the drafter, not confirmed: {fact.kind} {fact.value if fact.value is not None else ''}"
            f" from {fact.quote!r}; check it, then remove draft = true and add description_en",
        )
        for fact in policy.facts
        if fact.draft
    ]
    issues += [
        LintIssue(
            "draft-entry",
            "warning",
            f"requirement {r.id}",
            r.clause or "",
            f"found by the drafter, not confirmed, and not checked until it is: {r.threshold_text()} from"
            f" {r.quote!r}; check it, then remove draft = true and add name_zh and name_en",
        )
        for r in policy.requirements
        if r.draft
    ]
    doc = policy.document
    missing = [
        what
        for what, known in (
            ("issuer", bool(doc.issuer)),
            ("issued", doc.issued is not None),
            ("public", doc.public is not None),
            ("jurisdiction", bool(doc.jurisdiction)),
        )
        if not known
    ]
    if missing:
        issues.append(
            LintIssue(
                "metadata-unknown",
                "warning",
                "document",
                "",
                f"not given: {', '.join(missing)}; findings and reports show them as unknown",
            )
        )
    issues += [
        LintIssue("body-level-unknown", "warning", f"body {body.name}", "", "its level is not given")
        for body in policy.bodies
        if not body.level
    ]
    return issues


def _role_name_issues(policy: Policy) -> list[LintIssue]:
    """Posts of the text whose quote names them by none of their names: the grounding may be the wrong words."""
    issues = []
    for role in policy.roles:
        if role.is_reading or any(name in role.quote for name in role.names):
            continue
        issues.append(
            LintIssue(
                "role-name-not-quoted",
                "warning",
                f"role {role.code}",
                str(role.clause),
                f"the quote {role.quote!r} names the post by none of {', '.join(role.names)}: add the name as"
                " it is written as an alias, or mark the role a reading",
            )
        )
    return issues


def _weaker(local: Requirement, floor: Requirement) -> bool:
    if local.value_field is not None or floor.value_field is not None:
        return False
    if local.comparator == ">=" and isinstance(local.value, float) and isinstance(floor.value, float):
        return local.value < floor.value
    if local.comparator == "<=" and isinstance(local.value, float) and isinstance(floor.value, float):
        return local.value > floor.value
    if local.comparator == "between" and isinstance(local.value, float) and isinstance(floor.value, float):
        assert local.maximum is not None and floor.maximum is not None
        return local.value < floor.value or local.maximum > floor.maximum
    return False


def _layer_issues(policy: Policy) -> list[LintIssue]:
    """District (or municipal) requirements that set a weaker value than a lower layer's."""
    issues = []
    for local in policy.requirements:
        for floor in policy.requirements:
            if LAYERS.index(floor.layer) >= LAYERS.index(local.layer) or floor.key != local.key:
                continue
            if not local.overlaps(floor):  # dated values that are never in force together
                continue
            if _weaker(local, floor):
                issues.append(
                    LintIssue(
                        "weaker-than-baseline",
                        "warning",
                        f"requirement {local.id}",
                        local.clause or "",
                        f"{local.layer} sets {local.threshold_text()}, weaker than the {floor.layer} "
                        f"{floor.threshold_text()} of {floor.id} ({floor.source}); the stricter value applies",
                    )
                )
    return issues
