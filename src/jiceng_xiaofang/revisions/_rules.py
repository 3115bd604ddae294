"""What the policy asks, compared: requirements tightened or loosened, facts, deadlines moved, frequencies changed.

A date or period fact that changed is recorded in the comparison, so the
requirements, duties and supervision rules that take it are not reported again.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from ..policy.model import Fact, Policy, Requirement
from ._context import (
    Pair,
    Sides,
    compare_fields,
    periodic,
    show,
    sort_changes,
    strength_direction,
    value_of,
    when_direction,
)
from .model import Change, ChangeValue

__all__ = ["facts", "requirements", "threshold_text", "tighter"]

_DIRECTION = {">=": "min", "<=": "max"}


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def threshold_text(r: Requirement) -> str:
    """A requirement's threshold with its unit: ``>= 5 person``, ``1–2 person``, ``<= 8 percent``, ``present``.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.revisions import threshold_text
    >>> threshold_text(jx.load_policy().requirement("fire_work_station.staff"))
    '>= 5 person'
    """
    unit = "" if r.unit in (None, "count") else f" {r.unit}"
    if r.comparator == "present":
        return "present"
    if r.value_field is not None:
        return f"{r.comparator} {r.value_field}"
    if r.comparator == "between":
        return f"{_number(r.value)}–{_number(r.maximum)}{unit}"
    return f"{r.comparator} {_number(r.value)}{unit}"


def _interval(r: Requirement) -> tuple[float, float] | None:
    if r.value_field is not None or isinstance(r.value, bool) or not isinstance(r.value, int | float):
        return None
    if r.comparator == ">=":
        return (r.value, math.inf)
    if r.comparator == "<=":
        return (-math.inf, r.value)
    if r.comparator == "between" and r.maximum is not None:
        return (r.value, float(r.maximum))
    return None


def tighter(old: Requirement, new: Requirement) -> str:
    """Which way a threshold moved: ``tightened`` if the values it allows now are fewer, ``loosened`` if more.

    ``>=`` allows ``[value, ∞)``, ``<=`` ``(-∞, value]`` and ``between``
    ``[value, maximum]``: the new range inside the old one is tightened, around
    it loosened; a range shifted (2–3 for 1–2), an ``==`` or a ``present``
    has no direction (empty).  Both at the same value allow the same: the
    threshold is included on both sides (不少于5人 allows 5).

    Examples
    --------
    >>> import attrs
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.revisions import tighter
    >>> staff = jx.load_policy().requirement("fire_work_station.staff")
    >>> tighter(staff, attrs.evolve(staff, value=6.0)), tighter(staff, attrs.evolve(staff, value=4.0))
    ('tightened', 'loosened')
    >>> tighter(staff, attrs.evolve(staff, comparator="between", value=5.0, maximum=8.0))
    'tightened'
    """
    a, b = _interval(old), _interval(new)
    if a is None or b is None or a == b:
        return ""
    if a[0] <= b[0] and b[1] <= a[1]:
        return "tightened"
    if b[0] <= a[0] and a[1] <= b[1]:
        return "loosened"
    return ""


def _req_key(r: Requirement) -> tuple[str, str, str, str, str]:
    return (r.layer, r.subject, r.field, _DIRECTION.get(r.comparator, r.comparator), str(r.when or ""))


def _pair_requirements(
    old: Iterable[Requirement], new: Iterable[Requirement]
) -> tuple[list[tuple[Requirement, Requirement]], list[Requirement], list[Requirement]]:
    """Match by id, then what is left by (layer, subject, field, direction, condition) where each side has one."""
    before = {r.id: r for r in old}
    after = {r.id: r for r in new}
    pairs = [(before.pop(i), after.pop(i)) for i in list(before) if i in after]
    groups: dict[tuple[str, ...], tuple[list[Requirement], list[Requirement]]] = {}
    for r in before.values():
        groups.setdefault(_req_key(r), ([], []))[0].append(r)
    for r in after.values():
        groups.setdefault(_req_key(r), ([], []))[1].append(r)
    for a_side, b_side in groups.values():
        if len(a_side) == 1 and len(b_side) == 1:
            pairs.append((a_side[0], b_side[0]))
            del before[a_side[0].id], after[b_side[0].id]
    return pairs, list(before.values()), list(after.values())


def requirements(pair: Pair) -> list[Change]:
    """Requirements added, removed, tightened, loosened, with their strength, norm, condition or deadline changed."""
    pairs, removed, added = _pair_requirements(pair.old.requirements, pair.new.requirements)
    found: list[Change] = []
    for r in removed:
        detail = f"{threshold_text(r)} ({r.strength}) {r.name_zh}"
        found.append(
            pair.change(
                "requirement",
                "removed",
                r.id,
                detail,
                old=threshold_text(r),
                old_clause=r.clause,
                unit=r.unit,
            )
        )
    for r in added:
        detail = f"{threshold_text(r)} ({r.strength}) {r.name_zh}"
        found.append(
            pair.change(
                "requirement", "added", r.id, detail, new=threshold_text(r), new_clause=r.clause, unit=r.unit
            )
        )
    for a, b in pairs:
        where = Sides(old_clause=a.clause, new_clause=b.clause)
        ta, tb = threshold_text(a), threshold_text(b)
        if ta != tb:
            direction = tighter(a, b)
            found.append(
                pair.change(
                    "requirement",
                    direction or "changed",
                    b.id,
                    f"{ta} -> {tb}",
                    field="threshold",
                    old=ta,
                    new=tb,
                    direction=direction,
                    unit=b.unit,
                    **where,
                )
            )
        if a.strength != b.strength:
            direction = strength_direction(a.strength, b.strength)
            found.append(
                pair.change(
                    "requirement",
                    direction or "changed",
                    b.id,
                    f"strength {a.strength} -> {b.strength}",
                    field="strength",
                    old=a.strength,
                    new=b.strength,
                    direction=direction,
                    **where,
                )
            )
        found += compare_fields(
            pair, "requirement", b.id, a, b, ("id", "layer", "norm", "when", "deadline", "clause"), **where
        )
    return sort_changes(found)


def _users(policy: Policy, fact: Fact, duties: Iterable[Any]) -> str:
    """Who takes a date or a period from a fact: duties, supervision rules, requirements (by date)."""
    names = [f"obligation {d.id}" for d in duties if d.fact == fact.id]
    names += [f"supervision {s.category}" for s in policy.supervision if s.frequency_fact == fact.id]
    if fact.kind == "date":
        count = sum(r.deadline == fact.value for r in policy.requirements)
        if count:
            names.append(f"{count} requirement(s)")
    return f"; used by {', '.join(names)}" if names else ""


def _fact_value(fact: Fact) -> ChangeValue:
    return value_of(fact.items) if fact.kind == "names" else value_of(fact.value)


def _fact_text(fact: Fact) -> str:
    return show(_fact_value(fact), fact.unit)


def facts(pair: Pair, old_duties: tuple[Any, ...], new_duties: tuple[Any, ...]) -> list[Change]:
    """Facts added, removed or changed: a date fact's deadline moved, a period's frequency, values, units, items.

    A date or period that changed is recorded in ``pair.explained``, so the
    requirements, duties and supervision rules that take it from the fact are
    not reported again.
    """
    before = {f.id: f for f in pair.old.facts}
    after = {f.id: f for f in pair.new.facts}
    found: list[Change] = []
    for fid, f in before.items():
        if fid not in after:
            found.append(
                pair.change(
                    "fact",
                    "removed",
                    fid,
                    f"{f.kind} {_fact_text(f)}",
                    old_clause=f.clause,
                    old=_fact_value(f),
                )
            )
    for fid, b in after.items():
        if fid not in before:
            found.append(
                pair.change(
                    "fact", "added", fid, f"{b.kind} {_fact_text(b)}", new_clause=b.clause, new=_fact_value(b)
                )
            )
            continue
        a = before[fid]
        where = Sides(old_clause=a.clause, new_clause=b.clause)
        va, vb = value_of(a.value), value_of(b.value)
        if va != vb or a.unit != b.unit:
            kind = {"date": "deadline-moved", "period": "frequency-changed"}.get(b.kind, "changed")
            if a.kind != b.kind:
                kind = "changed"
            words, direction = when_direction(kind, va, vb)
            if kind != "changed":
                pair.explained.add((periodic(va), periodic(vb)))
            detail = f"{show(va, a.unit)} -> {show(vb, b.unit)}" + (f", {words}" if words else "")
            detail += _users(pair.new, b, new_duties)
            found.append(
                pair.change(
                    "fact",
                    kind,
                    fid,
                    detail,
                    field="value",
                    old=va,
                    new=vb,
                    direction=direction,
                    unit=b.unit,
                    **where,
                )
            )
        if a.items != b.items:
            gone = [i for i in a.items if i not in b.items]
            new = [i for i in b.items if i not in a.items]
            detail = "; ".join(
                part
                for part in (f"+ {'、'.join(new)}" if new else "", f"- {'、'.join(gone)}" if gone else "")
                if part
            )
            found.append(
                pair.change(
                    "fact",
                    "changed",
                    fid,
                    f"items {detail or 'reordered'}",
                    field="items",
                    old=a.items,
                    new=b.items,
                    **where,
                )
            )
        found += compare_fields(pair, "fact", fid, a, b, ("kind", "clause"), **where)
    return sort_changes(found)
