"""Assessment (考核): a scheme applied to the ledger over a period, every point traced to its entries and clause.

Each street office and each department that leads an annex task (and the
ledger's office, when the scheme scores it) gets a score, the sum of its
:class:`~jiceng_xiaofang.ledger.Point` s, and a rank within its group.
Points are kept to 0.01 as :class:`~decimal.Decimal`, so they add up to the
score exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import attrs

from .._extras import require_extra
from .._text import pad, table
from ..schedule.periods import Period
from ._measures import Occurrence, UnitFacts, unit_facts
from .authority import authorise_assessment
from .book import Ledger
from .model import LedgerError
from .periods import as_period
from .scheme import GROUPS, MEASURES, Scheme, SchemeRule

if TYPE_CHECKING:
    import pandas

    from ..org.authority import Authority

__all__ = ["Assessment", "Point", "UnitScore", "assess"]

_CENT = Decimal("0.01")
_ZERO = Decimal("0.00")


@attrs.frozen
class Point:
    """Points given to a unit by one line of a scheme, with what they rest on.

    ``points`` is negative for a deduction.  ``entries`` are the numbers
    (``seq``) of the ledger entries behind them and ``tasks`` the annex tasks;
    ``clause`` and ``quote`` are those of the ``[ledger]`` rule ``assess`` (the
    assessment method), ``rule``, ``rule_clause`` and ``rule_quote`` those of
    the rule (or deadline fact) behind the entries.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger import load_scheme
    >>> a = jx.assess(jx.Ledger(jx.load_policy(), jx.yuzhong()), load_scheme(), "2026")
    >>> p = a.score("解放碑街道").points[0]
    >>> p.item, p.points, p.tasks, p.rule_clause, p.reason_en
    ('progress', Decimal('0.00'), (), '5.1', 'lead tasks completed or accepted: 0 of 8, 70.00 x 0/8 = 0.00')
    """

    unit: str
    """The unit given the points."""
    item: str
    """The id of the scheme's line."""
    kind: str
    """The line's kind, ``item``, ``deduction`` or ``bonus``."""
    measure: str
    """The measure the line counts."""
    points: Decimal
    """The points, to two decimals; negative for a deduction."""
    entries: tuple[int, ...]
    """The numbers (``seq``) of the ledger entries behind them; empty when none."""
    tasks: tuple[str, ...]
    """The ids of the annex tasks behind them; empty when none."""
    clause: str
    """The clause of the ``[ledger]`` rule ``assess`` (the assessment method)."""
    quote: str
    """That rule's words."""
    rule: str
    """The id of the rule (or deadline fact) behind the entries."""
    rule_clause: str
    """That rule's clause."""
    rule_quote: str
    """That rule's words."""
    reason_zh: str
    """How the points were reached, in Chinese."""
    reason_en: str
    """How the points were reached, in English."""

    def to_dict(self) -> dict[str, Any]:
        """The point as plain data (``points`` as a number)."""
        data = attrs.asdict(self)
        data["points"] = float(self.points)
        data["entries"] = list(self.entries)
        data["tasks"] = list(self.tasks)
        return data


@attrs.frozen
class UnitScore:
    """A unit's score in an assessment: its points, their sum and its rank within its group.

    ``unknown`` names the lines of the scheme that could not be told for the
    unit (a measure that needs facility checks when none were given, a share of
    nothing); they give no points, and the assessment says so.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger import load_scheme
    >>> s = jx.assess(jx.Ledger(jx.load_policy(), jx.yuzhong()), load_scheme(), "2025").score("大坪街道")
    >>> s.group, s.rank, s.subtotal("overdue"), s.unknown
    ('street', 1, Decimal('-20.00'), ('contradiction',))
    """

    unit: str
    """The unit, as the ledger names it."""
    group: str
    """Its group (:data:`~jiceng_xiaofang.ledger.GROUPS`), ``street``, ``department`` or ``office``."""
    street: str
    """The name of the division it governs; ``""`` for a department or the office."""
    score: Decimal
    """The sum of its points, to two decimals."""
    rank: int
    """Its rank within its group, 1 for the highest score; equal scores share a rank."""
    points: tuple[Point, ...]
    """Its points, line by line of the scheme."""
    unknown: tuple[str, ...] = ()
    """The ids of the lines that could not be told for the unit (they give no points); empty when none."""

    def subtotal(self, item: str) -> Decimal:
        """The points of one line of the scheme."""
        return sum((p.points for p in self.points if p.item == item), _ZERO)


@attrs.frozen
class Assessment:
    """A scheme applied to a ledger over a period: a score and rank for each unit, every point traced.

    Ranks are given within each group (streets, departments, the office):
    the highest score is 1, and units with equal scores share a rank, the next
    rank skipping as many places ("1, 2, 2, 4"); tied units keep the order of
    the annex.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger import load_scheme
    >>> ledger = jx.Ledger(jx.load_policy(), jx.yuzhong()).record(
    ...     jx.Entry("progress", dt.date(2025, 5, 30), by="王五", task="1.1", unit="解放碑街道", status="completed"))
    >>> a = jx.assess(ledger, load_scheme(), "2025Q2")
    >>> s = a.score("解放碑街道")
    >>> s.rank, s.score, s.score == sum(p.points for p in s.points)
    (1, Decimal('5.25'), True)
    >>> [r.rank for r in a.ranking("street")][:3]
    [1, 2, 2]
    """

    scheme: str
    """The id of the scheme applied."""
    title: str
    """The scheme's title."""
    illustrative: bool
    """Whether the scheme's weights are invented."""
    policy: str
    """The id of the policy of the ledger."""
    period: Period
    """The period assessed."""
    scores: tuple[UnitScore, ...]
    """Each unit's score, group by group (:data:`~jiceng_xiaofang.ledger.GROUPS`), best first."""
    notes: tuple[str, ...]
    """What the reader should know (lines not assessed and why); empty when nothing."""
    clause: str
    """The clause of the ``[ledger]`` rule ``assess``."""
    quote: str
    """That rule's words."""
    items: tuple[str, ...] = ()
    """The ids of the scheme's lines, in the scheme's order."""

    @property
    def points(self) -> tuple[Point, ...]:
        """Every point of every unit."""
        return tuple(p for s in self.scores for p in s.points)

    def score(self, unit: str) -> UnitScore:
        """The score of a unit, by the name the ledger gives it or its street's name."""
        for s in self.scores:
            if unit in (s.unit, s.street):
                return s
        raise LedgerError(
            f"no unit {unit!r} in the assessment; its units are {', '.join(s.unit for s in self.scores[:5])} ..."
        )

    def ranking(self, group: str | None = None) -> tuple[UnitScore, ...]:
        """The scores of a group (``street``, ``department``, ``office``; all by default), best first."""
        if group is not None and group not in GROUPS:
            raise LedgerError(f"group: expected one of {', '.join(GROUPS)}, got {group!r}")
        return tuple(s for s in self.scores if group is None or s.group == group)

    def explain(self, unit: str, *, lang: str = "en") -> str:
        """Every point of a unit, one a line, with its entries, tasks and clauses."""
        s = self.score(unit)
        head = f"{s.unit}: {s.score} ({GROUPS[s.group] if lang == 'zh' else s.group} rank {s.rank})"
        lines = [head]
        for p in s.points:
            reason = p.reason_zh if lang == "zh" else p.reason_en
            seqs = ",".join(map(str, p.entries)) or "-"
            lines.append(
                f"  {p.points:+7}  {pad(p.item, 15)} {reason} [entries {seqs}; {p.rule_clause}; assess {p.clause}]"
            )
        lines += [f"  not assessed: {u}" for u in s.unknown]
        return "\n".join(lines)

    def to_text(self, *, lang: str = "en") -> str:
        """The ranking of each group as a table, with each line's subtotal."""
        zh = lang == "zh"
        lines = [
            f"{self.title} — {self.period.label_zh} ({self.period})"
            + (" [ILLUSTRATIVE scheme]" if self.illustrative and not zh else "")
        ]
        for group in GROUPS:
            scores = self.ranking(group)
            if not scores:
                continue
            used = {p.item for s in scores for p in s.points}
            items = [i for i in self.items if i in used]
            lines.append("")
            lines.append(GROUPS[group] if zh else f"{group}s" if group != "office" else "office")
            header = ("排名", "单位", "得分", *items) if zh else ("rank", "unit", "score", *items)
            rows = [(s.rank, s.unit, s.score, *(s.subtotal(i) for i in items)) for s in scores]
            lines += table(header, rows, right=(0, *range(2, 3 + len(items))))
        lines += [("说明：" if zh else "note: ") + n for n in self.notes]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The assessment as plain data (scores and points as numbers)."""
        return {
            "scheme": self.scheme,
            "title": self.title,
            "illustrative": self.illustrative,
            "policy": self.policy,
            "period": str(self.period),
            "period_zh": self.period.label_zh,
            "clause": self.clause,
            "quote": self.quote,
            "notes": list(self.notes),
            "scores": [
                {
                    "unit": s.unit,
                    "group": s.group,
                    "street": s.street,
                    "score": float(s.score),
                    "rank": s.rank,
                    "unknown": list(s.unknown),
                    "points": [p.to_dict() for p in s.points],
                }
                for s in self.scores
            ],
        }

    def to_frame(self, *, points: bool = False) -> pandas.DataFrame:
        """One row per unit (or per point with ``points=True``); needs the ``pandas`` extra."""
        require_extra("pandas", "to_frame")
        import pandas

        if points:
            return pandas.DataFrame([p.to_dict() for p in self.points])
        return pandas.DataFrame(
            [
                {"group": s.group, "rank": s.rank, "unit": s.unit, "score": float(s.score)}
                | {r: float(s.subtotal(r)) for r in self.items if any(p.item == r for p in s.points)}
                for s in self.scores
            ]
        )


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def _item_point(
    unit: str, rule: SchemeRule, hits: tuple[Occurrence, ...], total: int, base: dict[str, str]
) -> Point:
    assert rule.weight is not None
    points = _quantize(rule.weight * len(hits) / total)
    first = hits[0] if hits else None
    return Point(
        unit=unit,
        item=rule.id,
        kind=rule.kind,
        measure=rule.measure,
        points=points,
        entries=tuple(s for h in hits for s in h.entries),
        tasks=tuple(t for h in hits for t in h.tasks),
        rule=first.rule if first else base["rule"],
        rule_clause=first.rule_clause if first else base["rule_clause"],
        rule_quote=first.rule_quote if first else base["rule_quote"],
        clause=base["clause"],
        quote=base["quote"],
        reason_zh=f"{rule.name_zh}：{len(hits)}/{total}，{rule.weight}×{len(hits)}/{total}={points}分",
        reason_en=f"{rule.name_en}: {len(hits)} of {total}, {rule.weight} x {len(hits)}/{total} = {points}",
    )


def _count_points(
    unit: str, rule: SchemeRule, found: tuple[Occurrence, ...], base: dict[str, str]
) -> list[Point]:
    assert rule.points is not None
    sign = Decimal(-1) if rule.kind == "deduction" else Decimal(1)
    left = rule.cap
    points: list[Point] = []
    for o in found:
        give = rule.points if left is None else min(rule.points, left)
        if left is not None:
            left -= give
        capped = give < rule.points
        note_zh = f"（已达上限{rule.cap}分）" if capped else ""
        note_en = f" (cap of {rule.cap} reached)" if capped else ""
        word_zh = ("扣" if rule.kind == "deduction" else "加") if give else "不再"
        amount_zh = f"{give}分" if give else ("扣分" if rule.kind == "deduction" else "加分")
        amount_en = f"{'-' if sign < 0 else '+'}{give}" if give else "0"
        points.append(
            Point(
                unit=unit,
                item=rule.id,
                kind=rule.kind,
                measure=rule.measure,
                points=sign * give if give else _ZERO,
                entries=o.entries,
                tasks=o.tasks,
                rule=o.rule,
                rule_clause=o.rule_clause,
                rule_quote=o.rule_quote,
                clause=base["clause"],
                quote=base["quote"],
                reason_zh=f"{rule.name_zh}：{o.zh}，{word_zh}{amount_zh}{note_zh}",
                reason_en=f"{rule.name_en}: {o.en}, {amount_en}{note_en}",
            )
        )
    return points


def _units(ledger: Ledger, scheme: Scheme) -> list[tuple[str, str, str]]:
    """(unit, group, street) of every unit the scheme scores: streets, then departments, then the office."""
    office = ledger.policy.ledger.office
    found: dict[str, tuple[str, str, str]] = {}
    for task in ledger.policy.tasks:
        for r in ledger.responsible(task.id, role="lead"):
            group = "office" if r.unit == office else "street" if r.street else "department"
            found.setdefault(r.unit, (r.unit, group, r.street))
    if office and "office" in scheme.groups():
        found.setdefault(office, (office, "office", ""))
    wanted = set(scheme.groups())
    return sorted((u for u in found.values() if u[1] in wanted), key=lambda u: list(GROUPS).index(u[1]))


def _ranked(scores: Iterable[UnitScore]) -> list[UnitScore]:
    out: list[UnitScore] = []
    for group in GROUPS:
        members = [s for s in scores if s.group == group]
        ordered = sorted(members, key=lambda s: -s.score)  # stable: ties keep the annex order
        rank = 0
        for place, s in enumerate(ordered, start=1):
            if place == 1 or s.score != ordered[place - 2].score:
                rank = place
            out.append(attrs.evolve(s, rank=rank))
    return out


def assess(
    ledger: Ledger,
    scheme: Scheme,
    period: Period | str,
    *,
    checks: object = None,
    actor: str | None = None,
    authority: Authority | None = None,
) -> Assessment:
    """Apply an assessment scheme to a ledger over a period: a score and a rank for every unit it scores.

    Parameters
    ----------
    ledger
        The committee's ledger; only entries dated on or before the period's
        end count, and statuses are taken at that end.
    scheme
        The district's scheme (:func:`~jiceng_xiaofang.load_scheme`),
        written for the ledger's policy.
    period
        A :class:`~jiceng_xiaofang.schedule.Period` or a text such as
        ``"2025"``, ``"2025H2"``, ``"2025Q4"``.
    checks
        The facility checks at the period's end (:func:`~jiceng_xiaofang.check_all`),
        for the ``contradictions`` measure; without them that measure is not
        assessed (no points, and a note says so), never counted as zero.
    actor, authority
        With an :class:`~jiceng_xiaofang.Authority`, the person who scores
        (``actor``, a person id) must hold, on the period's last day, a post
        the policy grants the ledger's ``assess`` step, and not in a unit the
        assessment scores (an assessment is not scored by the unit assessed).

    Raises
    ------
    LedgerError
        A period that cannot be read, or a scheme written for another policy.
    NotAuthorisedError
        With ``authority``: the actor may not score this assessment.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger import load_scheme
    >>> a = jx.assess(jx.Ledger(jx.load_policy(), jx.yuzhong()), load_scheme(), "2026Q1")
    >>> s = a.score("七星岗街道")
    >>> s.score, [(p.item, str(p.points)) for p in s.points][:4]
    (Decimal('-24.00'), [('progress', '0.00'), ('acceptance', '0.00'), ('overdue', '-5.00'), ('overdue', '-5.00')])
    >>> a.notes[0]
    'contradiction (contradictions) not assessed: no facility checks were given'
    """
    if not isinstance(scheme, Scheme):
        raise LedgerError(f"scheme: expected a Scheme (jx.ledger.load_scheme), got {scheme!r}")
    policy = ledger.policy
    if scheme.policy != policy.document.id:
        raise LedgerError(
            f"the scheme {scheme.id!r} ({scheme.source}) is for policy {scheme.policy!r}, not {policy.document.id!r}"
        )
    span = as_period(period)
    facts: UnitFacts = unit_facts(ledger, span, checks=checks)
    assess_rule = policy.ledger.rule_for("assess")
    notes: list[str] = []
    scores: list[UnitScore] = []
    for unit, group, street in _units(ledger, scheme):
        points: list[Point] = []
        unknown: list[str] = []
        for rule in scheme.rules:
            if group not in rule.applies_to:
                continue
            measure = MEASURES[rule.measure]
            step_rule = policy.ledger.rule_for(measure.step)
            base = {
                "clause": str(assess_rule.clause),
                "quote": assess_rule.quote,
                "rule": step_rule.id,
                "rule_clause": str(step_rule.clause),
                "rule_quote": step_rule.quote,
            }
            if rule.kind == "item":
                share = facts.share(rule.measure, unit)
                if share is None:
                    unknown.append(rule.id)
                    continue
                points.append(_item_point(unit, rule, share.hits, share.total, base))
            else:
                found = facts.count(rule.measure, unit)
                if found is None:
                    unknown.append(rule.id)
                    note = f"{rule.id} ({rule.measure}) not assessed: no facility checks were given"
                    if note not in notes:
                        notes.append(note)
                    continue
                points += _count_points(unit, rule, found, base)
        score = sum((p.points for p in points), _ZERO)
        scores.append(UnitScore(unit, group, street, score, 0, tuple(points), tuple(unknown)))
    if authority is not None:
        authorise_assessment(authority, actor, span.end, [s.unit for s in scores])
    return Assessment(
        scheme=scheme.id,
        title=scheme.title,
        illustrative=scheme.illustrative,
        policy=policy.document.id,
        period=span,
        scores=tuple(_ranked(scores)),
        notes=tuple(notes),
        clause=str(assess_rule.clause),
        quote=assess_rule.quote,
        items=tuple(r.id for r in scheme.rules),
    )
