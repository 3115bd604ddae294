"""What every part of a comparison shares: the two policies, the clauses that moved, labels, and values."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypedDict, TypeVar

import attrs

from ..policy.model import STRENGTHS, Policy
from ..vocabulary.citations import ClauseId, Reference
from .model import Change, ChangeValue

__all__ = [
    "Pair",
    "Sides",
    "compare_entries",
    "compare_fields",
    "periodic",
    "self_moved",
    "show",
    "sort_changes",
    "strength_direction",
    "value_of",
    "when_direction",
]

_T = TypeVar("_T")

_STRENGTH_ORDER = STRENGTHS


class Sides(TypedDict):
    """The clause an entry sits in or cites, on each side (keyword arguments of :meth:`Pair.change`)."""

    old_clause: str | None
    new_clause: str | None


def _labels(policy: Policy) -> dict[str, str]:
    found = {str(s.id): s.label for s in policy.sections}
    found.update({str(c.id): c.label for c in policy.clauses})
    return found


def _sort_key(clause_id: str | None) -> tuple[float, ...]:
    try:
        return ClauseId(clause_id).parts if clause_id else (math.inf,)
    except ValueError:
        return (math.inf,)


@attrs.frozen
class Pair:
    """The old and the new policy, with the clauses found moved (old id -> new id) and each side's labels."""

    old: Policy
    new: Policy
    moved: Mapping[str, str] = attrs.field(factory=dict)
    old_labels: Mapping[str, str] = attrs.field(init=False)
    new_labels: Mapping[str, str] = attrs.field(init=False)
    explained: set[tuple[Any, Any]] = attrs.field(factory=set, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "old_labels", _labels(self.old))
        object.__setattr__(self, "new_labels", _labels(self.new))

    def follows(self, old_clause: str | None, new_clause: str | None) -> bool:
        """Whether an entry citing ``old_clause`` before and ``new_clause`` now cites the same clause."""
        if old_clause is None or new_clause is None:
            return old_clause == new_clause
        return self.moved.get(old_clause, old_clause) == new_clause

    def label(self, clause: str | None, *, old: bool) -> str:
        """The label of a clause (or section) as its side prints it."""
        if not clause:
            return ""
        labels = self.old_labels if old else self.new_labels
        if clause in labels:
            return labels[clause]
        try:
            return ClauseId(clause).label
        except ValueError:
            return ""

    def change(
        self,
        entity: str,
        kind: str,
        subject: str,
        detail: str = "",
        *,
        field: str = "",
        old: ChangeValue = None,
        new: ChangeValue = None,
        old_clause: str | None = None,
        new_clause: str | None = None,
        direction: str = "",
        unit: str | None = None,
        segments: tuple[tuple[str, str], ...] = (),
        where: str | None = None,
    ) -> Change:
        """A :class:`Change` with its labels and its one-line message (``where detail: kind (direction)``).

        ``where`` is by default the clause's label on each side (one if they
        agree) and the subject: ``一（一） fire_work_station.staff``.
        """
        old_label = self.label(old_clause, old=True)
        new_label = self.label(new_clause, old=False)
        if where is None:
            labels = " -> ".join(dict.fromkeys(label for label in (old_label, new_label) if label))
            where = f"{labels} {subject}".strip()
        message = f"{where} {detail}".strip() + f": {kind}"
        if direction and direction != kind:
            message += f" ({direction})"
        return Change(
            entity=entity,
            kind=kind,
            subject=str(subject),
            message=message,
            field=field,
            old=old,
            new=new,
            old_clause=None if old_clause is None else str(old_clause),
            new_clause=None if new_clause is None else str(new_clause),
            old_label=old_label,
            new_label=new_label,
            direction=direction,
            unit=unit,
            segments=segments,
        )


def sort_changes(changes: Iterable[Change]) -> list[Change]:
    """Changes in the order of their clause on the new side (the old side for what was removed); stable."""
    return sorted(changes, key=lambda c: _sort_key(c.new_clause or c.old_clause))


def _compact(value: object) -> str:
    if isinstance(value, Reference):
        return str(value.clause)
    if type(value).__str__ is not object.__str__:
        return str(value)  # a class that says how it reads, such as a Condition
    if attrs.has(type(value)):
        parts = []
        for a in attrs.fields(type(value)):  # type: ignore[arg-type]
            if a.name.startswith("_") or a.name in ("en", "name_en", "reading", "quote"):
                continue
            item = getattr(value, a.name)
            if a.default is not attrs.NOTHING and item == a.default:
                continue
            parts.append(f"{a.name}={_compact(item)}")
        return " ".join(parts)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_compact(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_compact(v) for v in value) + "]"
    return str(value)


def value_of(value: object) -> ChangeValue:
    """A value as a :class:`Change` holds it: numbers, dates and texts as they are, names as a tuple, others as text."""
    if value is None or isinstance(value, bool | int | float | dt.date):
        return value
    if isinstance(value, str):
        return str(value)
    iso = getattr(value, "iso", None)
    if isinstance(iso, str):
        return iso  # a Frequency
    if isinstance(value, tuple | list) and all(isinstance(v, str) for v in value):
        return tuple(str(v) for v in value)
    if isinstance(value, Mapping):
        return tuple(f"{k}: {_compact(v)}" for k, v in value.items())
    return _compact(value)


def show(value: ChangeValue, unit: str | None = None) -> str:
    """A value as a message shows it: ``2025-12-31``, ``4 m``, ``十八梯、王家坝``, ``(none)``."""
    if value is None or value == ():
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, tuple):
        return "、".join(value)
    text = str(value)
    return f"{text} {unit}" if unit and unit not in ("count",) and isinstance(value, int | float) else text


def strength_direction(old: str, new: str) -> str:
    """``tightened`` when ``new`` binds more than ``old`` (required > advisory > encouraged > optional)."""
    if old not in _STRENGTH_ORDER or new not in _STRENGTH_ORDER or old == new:
        return ""
    return "tightened" if _STRENGTH_ORDER.index(new) < _STRENGTH_ORDER.index(old) else "loosened"


def _period_days(value: ChangeValue) -> float | None:
    from ..schedule.periods import Frequency

    try:
        frequency = Frequency.parse(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return None if frequency is None else frequency.months * 30.4375 + frequency.days


def when_direction(kind: str, old: ChangeValue, new: ChangeValue) -> tuple[str, str]:
    """How a deadline or a frequency moved: (words, direction); earlier and more often are tightened."""
    if kind == "deadline-moved" and isinstance(old, dt.date) and isinstance(new, dt.date):
        days = (new - old).days
        words = f"{abs(days)} day(s) {'later' if days > 0 else 'earlier'}"
        return words, "loosened" if days > 0 else "tightened"
    if kind == "frequency-changed":
        a, b = _period_days(old), _period_days(new)
        if a is not None and b is not None and a != b:
            return ("less often", "loosened") if b > a else ("more often", "tightened")
    return "", ""


def periodic(value: ChangeValue) -> ChangeValue:
    """A period's canonical ISO text (``P12M`` is ``P1Y``); any other value as it is."""
    from ..schedule.periods import Frequency

    if isinstance(value, str):
        try:
            return Frequency.parse(value).iso
        except ValueError:
            return value
    return value


def self_moved(pair: Pair, old: object, new: object) -> str:
    """A note for an entry that cites the same number on both sides when the clause's text moved away from it."""
    if old is not None and old == new and str(old) in pair.moved:
        return f" (the text of {old} moved to {pair.moved[str(old)]})"
    return ""


def compare_fields(
    pair: Pair,
    entity: str,
    subject: str,
    old: object,
    new: object,
    fields: Iterable[str],
    *,
    old_clause: str | None,
    new_clause: str | None,
) -> list[Change]:
    """The changes between two versions of one entry, field by field.

    A field ``clause`` or a :class:`~jiceng_xiaofang.vocabulary.Reference` is
    compared by the clause it cites, following moved clauses; ``frequency``,
    ``deadline`` and ``strength`` fields get their kinds and directions, unless
    a changed fact already explains the move (``pair.explained``).
    """
    found: list[Change] = []
    where = Sides(old_clause=old_clause, new_clause=new_clause)
    for name in fields:
        a, b = getattr(old, name, None), getattr(new, name, None)
        if a == b and not pair.moved:
            continue  # the same value; with clauses moved, the same number may now hold another text
        if isinstance(a, Reference) or isinstance(b, Reference) or name == "clause":
            ca = a.clause if isinstance(a, Reference) else a
            cb = b.clause if isinstance(b, Reference) else b
            label = "clause" if name in ("clause", "reference") else f"{name}.clause"
            if not pair.follows(None if ca is None else str(ca), None if cb is None else str(cb)):
                detail = f"{label} {show(value_of(ca))} -> {show(value_of(cb))}" + self_moved(pair, ca, cb)
                found.append(
                    pair.change(
                        entity,
                        "changed",
                        subject,
                        detail,
                        field=label,
                        old=value_of(ca),
                        new=value_of(cb),
                        **where,
                    )
                )
            basis_a = a.basis if isinstance(a, Reference) else None
            basis_b = b.basis if isinstance(b, Reference) else None
            if basis_a and basis_b and basis_a != basis_b:
                field = "basis" if name == "reference" else f"{name}.basis"
                found.append(
                    pair.change(
                        entity,
                        "changed",
                        subject,
                        f"{field} {basis_a} -> {basis_b}",
                        field=field,
                        old=basis_a,
                        new=basis_b,
                        **where,
                    )
                )
            continue
        va, vb = value_of(a), value_of(b)
        kind, direction, words = "changed", "", ""
        if name == "frequency":
            va, vb = periodic(va), periodic(vb)
            kind = "frequency-changed"
        elif name == "deadline":
            kind = "deadline-moved"
        if va == vb or (kind != "changed" and (va, vb) in pair.explained):
            continue
        if kind != "changed":
            words, direction = when_direction(kind, va, vb)
        elif name == "strength" and isinstance(va, str) and isinstance(vb, str):
            direction = strength_direction(va, vb)
            kind = direction or "changed"
        detail = f"{name} {show(va)} -> {show(vb)}" + (f", {words}" if words else "")
        found.append(
            pair.change(
                entity, kind, subject, detail, field=name, old=va, new=vb, direction=direction, **where
            )
        )
    return found


def compare_entries(
    pair: Pair,
    entity: str,
    old: Iterable[_T],
    new: Iterable[_T],
    *,
    key: Callable[[_T], str],
    fields: tuple[str, ...],
    clause: Callable[[_T], str | None],
    describe: Callable[[_T], str],
) -> list[Change]:
    """Match two lists of entries by ``key`` and report what was added, removed and changed field by field."""
    before = {key(e): e for e in old}
    after = {key(e): e for e in new}
    found: list[Change] = []
    for k, entry in before.items():
        if k not in after:
            found.append(pair.change(entity, "removed", k, describe(entry), old_clause=clause(entry)))
    for k, entry in after.items():
        if k not in before:
            found.append(pair.change(entity, "added", k, describe(entry), new_clause=clause(entry)))
            continue
        if before[k] != entry or pair.moved:
            found += compare_fields(
                pair,
                entity,
                k,
                before[k],
                entry,
                fields,
                old_clause=clause(before[k]),
                new_clause=clause(entry),
            )
    return found
