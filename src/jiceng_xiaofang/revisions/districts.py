"""Compare districts' policies side by side: :func:`~jiceng_xiaofang.compare`."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from ..errors import XiaofangError
from ..policy.load import load_policy
from ..policy.model import STRENGTHS, Policy, Requirement
from ..policy.requirements import Baseline
from ._rules import threshold_text, tighter
from .comparison import Cell, CellValue, Comparison, ComparisonColumn, ComparisonRow

__all__ = ["compare"]

_Order = Callable[[Any, Any], int | None]
"""How two values of a row compare: 1 if the first asks more, -1 if less, 0 if the same, None if neither."""

_SYMBOL = {"min": ">=", "max": "<="}


@attrs.frozen
class _Entry:
    value: CellValue
    key: Any  # what the row's order compares
    rank: int  # the strength: higher binds more


def _rank(strength: str) -> int:
    return len(STRENGTHS) - STRENGTHS.index(strength) if strength in STRENGTHS else 0


@attrs.define
class _Row:
    kind: str
    key: str
    name_zh: str
    name_en: str
    order: _Order
    cells: dict[int, list[_Entry]] = attrs.field(factory=dict)
    idle: dict[int, list[Requirement]] = attrs.field(factory=dict)
    floor: dict[tuple[str, ...], _Entry] = attrs.field(factory=dict)


# --- how values compare ---------------------------------------------------------------------------------


def _requirement_order(a: Requirement, b: Requirement) -> int | None:
    if (a.comparator, a.value, a.maximum, a.value_field) == (b.comparator, b.value, b.maximum, b.value_field):
        return 0
    moved = tighter(b, a)  # from b to a: tightened means a asks more
    return {"tightened": 1, "loosened": -1}.get(moved)


def _days(frequency: Any) -> tuple[int, int]:
    """The fewest and the most days a frequency may last (a month is 28 to 31 days)."""
    return frequency.months * 28 + frequency.days, frequency.months * 31 + frequency.days


def _frequency_order(a: Any, b: Any) -> int | None:
    """A shorter period asks more; a frequency and a duty without one, or two that may overlap, do not compare."""
    if isinstance(a, str) or isinstance(b, str):
        return 0 if a == b else None
    if a == b:
        return 0
    (a_low, a_high), (b_low, b_high) = _days(a), _days(b)
    if a_high < b_low:
        return 1
    if b_high < a_low:
        return -1
    return None


def _date_order(a: dt.date, b: dt.date) -> int | None:
    return 0 if a == b else (1 if a < b else -1)


def _compare(order: _Order, a: _Entry, b: _Entry) -> int | None:
    """Value, then strength: one asks more if it asks at least as much of both and more of one."""
    value = order(a.key, b.key)
    if value is None:
        return None
    strength = (a.rank > b.rank) - (a.rank < b.rank)
    if value == 0 or value == strength:
        return strength or value
    return value if strength == 0 else None


def _at_least(order: _Order, a: list[_Entry], b: list[_Entry]) -> bool:
    """Whether cell ``a`` asks at least what cell ``b`` asks: each value of ``b`` is matched by one of ``a``."""
    return all(any(_compare(order, x, y) in (0, 1) for x in a) for y in b)


# --- values and their citations ------------------------------------------------------------------------


def _label(policy: Policy, clause: str | None) -> str:
    if clause is None:
        return ""
    try:
        return policy.clause(clause).label
    except XiaofangError:
        return clause


def _requirement_text(r: Requirement) -> str:
    text = threshold_text(r)
    if r.norm is not None:
        text += f" (norm {r.value:g}–{r.norm:g})" if isinstance(r.value, float) else ""
    return text


def _requirement_value(policy: Policy, r: Requirement) -> CellValue:
    if r.layer != "district":
        document, clause, label = f"{r.source} [{r.confidence}]", None, ""
    elif r.amendment is not None:
        document, clause, label = r.amendment.citation, None, ""
    else:
        document, clause, label = policy.document.id, r.clause, r.label or _label(policy, r.clause)
    return CellValue(
        text=_requirement_text(r),
        entry=r.id,
        document=document,
        strength=r.strength,
        clause=clause,
        label=label,
        quote=r.quote,
        layer=r.layer,
        period=r.period_text(),
    )


def _frequency(text: str | None) -> Any:
    from ..schedule.periods import Frequency

    return None if text is None else Frequency.parse(text)


def _frequency_text(frequency: Any) -> str:
    if frequency is None:
        return "no frequency set"
    label = frequency.label_zh
    return frequency.iso if label == frequency.iso else f"{frequency.iso} {label}"


def _condition_text(when: str) -> str:
    return f" when {when}" if when else ""


# --- the rows of one policy ----------------------------------------------------------------------------


class _Builder:
    def __init__(self, on: dt.date) -> None:
        self.on = on
        self.rows: dict[tuple[str, ...], _Row] = {}
        self.notes: list[str] = []

    def row(
        self, ident: tuple[str, ...], kind: str, key: str, name_zh: str, name_en: str, order: _Order
    ) -> _Row:
        found = self.rows.get(ident)
        if found is None:
            found = self.rows[ident] = _Row(kind, key, name_zh, name_en, order)
        return found

    def requirement_row(self, r: Requirement) -> _Row:
        subject, field, direction, when = r.identity
        symbol = _SYMBOL.get(direction, direction)
        return self.row(
            ("requirement", *r.identity),
            "requirement",
            f"{subject}.{field} {symbol}{_condition_text(when)}",
            r.name_zh,
            r.name_en,
            _requirement_order,
        )

    def requirements(self, i: int, policy: Policy) -> None:
        deadlines: dict[str, list[Requirement]] = {}
        for r in policy.requirements:
            if r.layer == "district" and not r.draft:
                row = self.requirement_row(r)
                if r.in_force(self.on):
                    row.cells.setdefault(i, []).append(
                        _Entry(_requirement_value(policy, r), r, _rank(r.strength))
                    )
                    if r.deadline is not None:
                        deadlines.setdefault(r.subject, []).append(r)
                else:
                    row.idle.setdefault(i, []).append(r)
            elif r.in_force(self.on):
                entry = _Entry(_requirement_value(policy, r), r, _rank(r.strength))
                value = entry.value
                self.requirement_row(r).floor.setdefault(
                    (r.id, value.text, value.strength, value.period, value.document), entry
                )
        for subject, found in deadlines.items():
            self.requirement_deadline(i, policy, subject, found)

    def requirement_deadline(self, i: int, policy: Policy, subject: str, found: list[Requirement]) -> None:
        """The day by which a kind of facility's requirements are all to be met: the latest of their deadlines."""
        last = max(r.deadline for r in found if r.deadline is not None)
        dates = {r.deadline for r in found}
        fact = next((f for f in policy.facts if f.kind == "date" and f.value == last), None)
        source = next(r for r in found if r.deadline == last)
        clause, quote, entry = (
            (fact.clause, fact.quote, fact.id) if fact else (source.clause, source.quote, source.id)
        )
        detail = f"{len(found)} requirement(s)" + (
            f", {len(dates)} deadlines: the latest" if len(dates) > 1 else ""
        )
        value = CellValue(
            text=last.isoformat(),
            entry=entry,
            document=policy.document.id,
            clause=clause,
            label=_label(policy, clause),
            quote=quote,
            detail=detail,
        )
        row = self.row(
            ("deadline", "requirements", subject),
            "deadline",
            f"deadline {subject} requirements",
            "",
            f"the day by which the {subject} requirements are met",
            _date_order,
        )
        row.cells.setdefault(i, []).append(_Entry(value, last, _rank("required")))

    def supervision(self, i: int, policy: Policy) -> None:
        for rule in policy.supervision:
            frequency = _frequency(rule.frequency)
            clause = str(rule.reference.clause)
            value = CellValue(
                text=_frequency_text(frequency),
                entry=rule.category,
                document=policy.document.id,
                clause=clause,
                label=_label(policy, clause),
                quote=rule.reference.quote,
                detail=f"{rule.supervisor}: {rule.method}",
            )
            row = self.row(
                ("supervision", rule.category),
                "supervision",
                f"supervision {rule.category}",
                rule.method_zh or rule.supervisor,
                rule.method_en,
                _frequency_order,
            )
            row.cells.setdefault(i, []).append(_Entry(value, frequency or value.text, _rank("required")))

    def duties(self, i: int, policy: Policy) -> None:
        from ..schedule.load import load_obligations
        from ..schedule.model import METHODS

        try:
            obligations = load_obligations(policy=policy).obligations
        except XiaofangError as exc:
            self.notes.append(f"the duties of {policy.document.id} cannot be read, so none is shown: {exc}")
            return
        keys = [(ob.method, _kinds(policy, ob.who), ob.scope) for ob in obligations]
        counts: dict[tuple[str, str, str], int] = {}
        for found in keys:
            counts[found] = counts.get(found, 0) + 1
        for ob, (method, kinds, scope) in zip(obligations, keys, strict=True):
            deadline = ob.timing == "deadline"
            kind = "deadline" if deadline else "duty"
            ident = (kind, method, kinds, scope) + ((ob.id,) if counts[(method, kinds, scope)] > 1 else ())
            key = f"{kind} {method} by {kinds} ({scope})" + (f" [{ob.id}]" if len(ident) > 4 else "")
            row_key: Any
            if deadline:
                assert ob.deadline is not None
                text, row_key, order = ob.deadline.isoformat(), ob.deadline, _date_order
            else:
                order = _frequency_order
                if ob.timing == "every":
                    text, row_key = _frequency_text(ob.frequency), ob.frequency
                else:
                    text = "no frequency set" if ob.timing == "unscheduled" else "by each hazard's deadline"
                    row_key = text
            value = CellValue(
                text=text,
                entry=ob.id,
                document=policy.document.id,
                strength=ob.strength,
                clause=ob.clause,
                label=_label(policy, ob.clause),
                quote=ob.quote,
                detail=f"{'、'.join(ob.who)}: {'、'.join(ob.targets)}",
            )
            row = self.row(
                ident,
                kind,
                key,
                f"{'、'.join(ob.who)}{METHODS[method]}",
                f"{method} ({METHODS[method]})",
                order,
            )
            row.cells.setdefault(i, []).append(_Entry(value, row_key, _rank(ob.strength)))


def _kinds(policy: Policy, who: Iterable[str]) -> str:
    """The kinds of body that carry a duty, each once, sorted: a collective counts as the kind it stands for."""
    kinds = set()
    for name in who:
        try:
            body = policy.body(name)
        except XiaofangError:
            kinds.add("other")
            continue
        if body.collective_of is not None:
            with contextlib.suppress(XiaofangError):
                body = policy.body(body.collective_of)
        kinds.add(body.kind)
    return "+".join(sorted(kinds))


# --- the verdict of a row ------------------------------------------------------------------------------


def _finish(row: _Row, columns: Sequence[str], on: dt.date) -> ComparisonRow:
    stated = {i: entries for i, entries in row.cells.items() if entries}
    order = row.order
    marked: set[int] = set()
    disagree = False
    verdict = ""
    if len(stated) >= 2:
        items = list(stated.items())
        first = items[0][1]
        equivalent = all(_at_least(order, first, e) and _at_least(order, e, first) for _, e in items[1:])
        disagree = not equivalent
        if equivalent:
            verdict = f"equal: {'neither' if len(stated) == 2 else 'none'} is stricter"
        else:
            best = items[0][1]
            for _, entries in items[1:]:
                if _at_least(order, entries, best):
                    best = entries
            if all(_at_least(order, best, e) for _, e in items):
                marked = {i for i, e in items if _at_least(order, e, best)}
                verdict = f"stricter: {'、'.join(columns[i] for i in sorted(marked))}"
            else:
                verdict = "differ: none is stricter than every other"
    elif len(stated) == 1:
        verdict = f"only {columns[next(iter(stated))]} states it"
    else:
        verdict = "no policy states it" + ("; the floor applies" if row.floor else "")
    floor = list(row.floor.values())
    cells = []
    below: list[str] = []
    for i, column in enumerate(columns):
        if i not in stated:
            cells.append(_unstated(column, row.idle.get(i, []), on))
            continue
        entries = stated[i]
        weaker = [(f, e) for e in entries for f in floor if order(f.key, e.key) == 1 and f.rank >= e.rank]
        note = ""
        if weaker:
            f, e = weaker[0]
            below.append(column)
            note = f"{e.value.text} is weaker than the {f.value.layer} {f.value.text} ({f.value.entry}), which applies"
        cells.append(
            Cell(
                column=column,
                status="stated",
                values=tuple(e.value for e in entries),
                stricter=i in marked,
                below_floor=bool(weaker),
                note=note,
            )
        )
    unstated = [columns[i] for i in range(len(columns)) if i not in stated]
    if len(stated) >= 2 and unstated:
        verdict += f"; not stated by {'、'.join(unstated)}"
    if below:
        verdict += f"; below the floor: {'、'.join(below)}"
    return ComparisonRow(
        kind=row.kind,
        key=row.key,
        name_zh=row.name_zh,
        name_en=row.name_en,
        cells=tuple(cells),
        floor=tuple(f.value for f in floor),
        disagree=disagree,
        verdict=verdict,
    )


def _unstated(column: str, idle: list[Requirement], on: dt.date) -> Cell:
    if not idle:
        return Cell(column=column)
    later = [r for r in idle if r.effective_from is not None and r.effective_from > on]
    stand_in = (
        min(later, key=lambda r: r.effective_from or dt.date.max)
        if later
        else max(idle, key=lambda r: r.effective_until or dt.date.min)
    )
    note = f"no value in force on {on.isoformat()}; {_requirement_text(stand_in)} is in force {stand_in.period_text()}"
    return Cell(column=column, status="not in force", note=note)


# --- the function ------------------------------------------------------------------------------------------


def _policies(policies: object, baseline: Baseline) -> list[Policy]:
    if isinstance(policies, Policy | str | os.PathLike) or not isinstance(policies, Sequence):
        raise XiaofangError(
            f"compare: expected a list of policies or policy files, got {type(policies).__name__}"
        )
    if not policies:
        raise XiaofangError("compare: expected at least one policy, got none")
    found = []
    for i, item in enumerate(policies):
        if isinstance(item, Policy):
            found.append(item)
        elif isinstance(item, str | os.PathLike):
            found.append(load_policy(item, baseline=baseline))
        else:
            raise XiaofangError(
                f"compare: policies[{i}]: expected a Policy or the path of a policy file, got {type(item).__name__}"
            )
    return found


def _columns(policies: list[Policy], names: Sequence[str] | None) -> list[str]:
    if names is not None:
        if isinstance(names, str) or len(names) != len(policies):
            raise XiaofangError(
                f"compare: names: expected {len(policies)} names, one per policy, got {names!r}"
            )
        if any(not isinstance(n, str) or not n.strip() for n in names) or len(set(names)) != len(names):
            raise XiaofangError(f"compare: names: expected distinct non-empty texts, got {list(names)!r}")
        return list(names)
    found: list[str] = []
    taken: set[str] = set()
    tried: dict[str, int] = {}  # a name -> the last number tried after it
    for policy in policies:
        name = policy.document.jurisdiction or policy.document.id
        if name in taken:
            name = f"{name} ({policy.document.id})"
        base = name
        while name in taken:
            tried[base] = tried.get(base, 1) + 1
            name = f"{base} #{tried[base]}"
        found.append(name)
        taken.add(name)
    return found


def _notes(policies: list[Policy], columns: list[str]) -> list[str]:
    notes = []
    for policy, column in zip(policies, columns, strict=True):
        if not policy.document.complete:
            coverage = f" ({policy.document.coverage})" if policy.document.coverage else ""
            notes.append(
                f"{column}: the file holds only part of its document{coverage}; what it leaves out shows as not stated"
            )
    floors = {
        frozenset(
            (r.id, r.threshold_text(), r.strength, r.period_text())
            for r in p.requirements
            if r.layer != "district"
        )
        for p in policies
    }
    if len(floors) > 1:
        notes.append(
            "the policies stand on different lower layers: the floor of a row is every lower-layer value of any of them"
        )
    return notes


def compare(
    policies: Sequence[Policy | str | os.PathLike[str]],
    on: dt.date | None = None,
    *,
    names: Sequence[str] | None = None,
    baseline: Baseline = "national",
) -> Comparison:
    """Districts' policies side by side: one row per kind of duty or threshold, one column per policy.

    Each cell holds the value a policy sets, with its unit and its citation
    (document, clause label, quote), or *not stated* when the policy does not
    set it (never a pass, never zero).  The stricter value of a row is
    marked: for ``>=`` the larger, for ``<=`` the smaller, for a range the
    narrower, for a frequency the shorter period, for a deadline the earlier
    day, and a required value over an advisory one of the same threshold.
    Equal values mark none ("equal: neither is stricter"), and so do values
    none of which asks at least what every other asks.  Rows where the
    policies that state them differ are flagged (``disagree``).  Only the
    district's own values fill the cells; the lower layers' (national,
    municipal) are the row's ``floor``, and a district value weaker than the
    floor is flagged (the floor still applies when checking).

    Rows are matched across policies by what they ask, never by a policy's
    own ids (each district names its entries its own way):

    - a **requirement** by its subject, field, direction and condition
      (:attr:`Requirement.identity <jiceng_xiaofang.Requirement.identity>`),
      so a required and an advisory value of one threshold share a row;
    - a **supervision rule** by its category (``key_unit``,
      ``police_listed``, ``street``: the format's fixed list);
    - a **duty** of the obligations file (with a frequency, or none) by its
      method, the kinds of body that carry it (a collective such as
      各街道办事处 counts as the kind it stands for) and its scope; a policy
      with several duties of one such key has each matched by its
      obligation id too;
    - a **deadline** of a duty the same way, and the deadline of a kind of
      facility's requirements (the latest of them) by the kind.

    It is one pass over each policy's entries into a dictionary of rows,
    then one pass over each row's cells: linear in entries times policies.

    Parameters
    ----------
    policies
        Policies, or the paths of policy files, at least one.
    on
        The day whose values are compared (today by default): a dated value
        counts on the days it is in force.
    names
        The columns' names, one per policy; by default each document's
        jurisdiction (or its id), made distinct.
    baseline
        The lower layers to load the paths on, as for
        :func:`~jiceng_xiaofang.load_policy` (policies keep their own).

    Returns
    -------
    Comparison

    Raises
    ------
    XiaofangError
        ``policies`` is not a list of policies or paths, ``on`` not a date,
        ``names`` not one distinct name per policy; a
        :class:`~jiceng_xiaofang.PolicyFileError` for a file that cannot be read.

    Examples
    --------
    >>> import datetime as dt
    >>> import attrs
    >>> import jiceng_xiaofang as jx
    >>> policy = jx.load_policy()
    >>> members = policy.requirement("micro_fire_station.members")
    >>> other = attrs.evolve(policy, requirements=tuple(
    ...     attrs.evolve(r, value=8.0) if r is members else r for r in policy.requirements))
    >>> table = jx.compare([policy, other], on=dt.date(2025, 1, 1), names=["渝中区", "示例区"])
    >>> row = table.row("micro_fire_station.members >=")
    >>> [c.text for c in row.cells], row.stricter, row.floor_text()
    (['>= 6 person', '>= 8 person'], ('示例区',), '>= 5 person [national]')
    >>> row.verdict
    'stricter: 示例区'
    >>> [r.key for r in table.disagreements()]
    ['micro_fire_station.members >=']
    """
    if on is None:
        on = dt.date.today()
    elif isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise XiaofangError(f"compare: on: expected a datetime.date, got {on!r}")
    loaded = _policies(policies, baseline)
    columns = _columns(loaded, names)
    builder = _Builder(on)
    for i, policy in enumerate(loaded):
        builder.requirements(i, policy)
        builder.supervision(i, policy)
        builder.duties(i, policy)
    kinds = ("requirement", "supervision", "duty", "deadline")
    rows = sorted(builder.rows.values(), key=lambda r: kinds.index(r.kind))
    return Comparison(
        on=on,
        columns=tuple(
            ComparisonColumn(name=c, document=p.document.id, source=p.source)
            for c, p in zip(columns, loaded, strict=True)
        ),
        rows=tuple(_finish(r, columns, on) for r in rows),
        notes=tuple(_notes(loaded, columns) + builder.notes),
    )
