"""The text summary that ``jiceng-xiaofang report`` prints, and the text tables of the package.

:func:`text_table` lays out rows by display width (a Chinese character takes two
columns), as every table the package prints does; use it for tables of your own.
"""

from __future__ import annotations

from ._text import table, text_table, text_width
from .policy.lint import lint
from .policy.model import Fact, Policy

__all__ = ["policy_summary", "text_table", "text_width"]


def _fact_value(fact: Fact) -> str:
    if fact.kind == "names":
        return "、".join(fact.items)
    if fact.kind == "quantity":
        return f"{fact.value} {fact.unit}"
    return str(fact.value)


def policy_summary(policy: Policy, *, top: int | None = None) -> str:
    """A readable summary of a policy: document, sections, counts, facts and bodies.

    Parameters
    ----------
    policy
        A loaded policy.
    top
        Show only the first ``top`` bodies of the ranking (all by default).

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> text = jx.policy_summary(jx.load_policy(), top=3)
    >>> print(text.splitlines()[0])
    重庆市渝中区进一步加强基层消防治理的实施意见
    >>> "24 clauses, 20 annex tasks" in text
    True
    """
    doc = policy.document
    out = [doc.title, doc.title_en, ""]
    issued = f"Issued      {doc.issued.isoformat() if doc.issued else '(date unknown)'} by {doc.issuer or '(issuer unknown)'}"
    if doc.published:
        issued += f" (published {doc.published.isoformat()})"
    out.append(issued)
    if doc.approved_by:
        out.append(f"Approved    {doc.approved_by}")
    if doc.parent:
        out.append(f"Implements  {doc.parent.number} {doc.parent.title} ({doc.parent.issuer})")
    if doc.publication:
        out.append(f"Publication {doc.publication}")
    if doc.addressees:
        out.append(f"Addressees  {'、'.join(doc.addressees)}")
    tasks = {t.clause for t in policy.tasks}
    rows = []
    for section in policy.sections:
        clauses = policy.clauses_in(section.number)
        rows.append(
            (
                section.label,
                section.title,
                section.title_en,
                len(clauses),
                sum(c.id in tasks for c in clauses),
            )
        )
    out += ["", "Sections", *table(("", "title", "English", "clauses", "tasks"), rows, right=(3, 4))]
    tasks_of = "annex tasks" if policy.has_annex else "tasks (from the clauses; no annex)"
    out.append(
        f"Totals: {len(policy.clauses)} clauses, {len(policy.tasks)} {tasks_of}, "
        f"{len(policy.facts)} facts, {len(policy.bodies)} bodies"
    )
    if policy.facts:
        fact_rows = [(f.clause, f.id, _fact_value(f)) for f in policy.facts]
        out += ["", "Facts", *table(("clause", "fact", "value"), fact_rows)]
    ranking = policy.workload()
    shown = ranking if top is None else ranking[:top]
    body_rows = [(i, w.name, w.name_en, w.lead, w.cooperating, w.total) for i, w in enumerate(shown, start=1)]
    out += [
        "",
        "Bodies ranked by tasks led and joined",
        *table(("#", "body", "English", "lead", "coop", "total"), body_rows, right=(0, 3, 4, 5)),
    ]
    if len(shown) < len(ranking):
        out.append(f"... and {len(ranking) - len(shown)} more")
    issues = lint(policy)
    out.append("")
    if issues:
        out.append(f"Lint: {len(issues)} issue(s); run `jiceng-xiaofang lint` for details")
    else:
        out.append("Lint: no issues")
    return "\n".join(out)
