"""Duties, supervision, posts, required bodies, responsibility, kinds of place, routing and hazard rules, compared.

Each is a list of entries with a code or a name; entries are matched by it and compared field by field
(:func:`~jiceng_xiaofang.revisions._context.compare_entries`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import attrs

from ..policy.model import Policy
from ..vocabulary.citations import Reference
from ._context import Pair, compare_entries, compare_fields, sort_changes
from .model import Change

__all__ = ["obligations", "organisation"]


_OBLIGATION_FIELDS = (
    "who",
    "targets",
    "scope",
    "timing",
    "method",
    "strength",
    "frequency",
    "deadline",
    "reading",
    "fact",
    "clause",
)


def obligations(pair: Pair, old: tuple[Any, ...], new: tuple[Any, ...]) -> list[Change]:
    """Duties and deadlines (the obligations file) added, removed or changed, matched by id."""
    return sort_changes(
        compare_entries(
            pair,
            "obligation",
            old,
            new,
            key=lambda o: o.id,
            fields=_OBLIGATION_FIELDS,
            clause=lambda o: o.clause,
            describe=lambda o: f"{o.timing} {o.method}: {'、'.join(o.who)}",
        )
    )


@attrs.frozen
class _Table:
    entity: str
    items: Callable[[Policy], Iterable[Any]]
    key: Callable[[Any], str]
    fields: tuple[str, ...]
    describe: Callable[[Any], str]


def _reference(entry: Any) -> str | None:
    reference = getattr(entry, "reference", None)
    return str(reference.clause) if isinstance(reference, Reference) else None


def _hazard_entries(policy: Policy) -> list[Any]:
    rules = policy.hazard_rules
    if rules is None:
        return []
    return [*rules.rules.values(), *rules.channels.values(), *rules.categories.values()]


def _hazard_key(entry: Any) -> str:
    name = type(entry).__name__.lower().removeprefix("hazard")
    return f"{name or 'rule'} {getattr(entry, 'id', None) or entry.code}"


_TABLES = (
    _Table(
        "supervision",
        lambda p: p.supervision,
        lambda s: s.category,
        (
            "supervisor",
            "method_zh",
            "unit",
            "frequency",
            "frequency_fact",
            "spot_check_by",
            "reference",
            "spot_check",
            "listed_by",
        ),
        lambda s: f"{s.supervisor} {s.method_zh}".strip(),
    ),
    _Table(
        "role",
        lambda p: p.roles,
        lambda r: r.code,
        ("zh", "unit_kinds", "single", "qualifications", "aliases", "held_in", "reference"),
        lambda r: r.zh,
    ),
    _Table(
        "required_body",
        lambda p: p.required_bodies,
        lambda b: f"{b.name} ({'/'.join(b.unit_kinds)})",
        ("posts", "host", "record", "parent", "reference"),
        lambda b: "",
    ),
    _Table(
        "responsibility",
        lambda p: p.responsibilities,
        lambda r: f"{'/'.join(r.unit_kinds)} {r.kind}",
        ("zh", "role", "reference"),
        lambda r: f"{r.zh} {r.role}",
    ),
    _Table(
        "place",
        lambda p: p.places,
        lambda p: p.kind,
        ("zh", "departments", "aliases", "joint_control", "named", "nine_small", "reference"),
        lambda p: " ".join((p.zh, *p.departments)),
    ),
    _Table(
        "routing",
        lambda p: () if p.routing is None else (p.routing,),
        lambda r: "routing",
        ("business", "fallback", "reference", "fallback_reference"),
        lambda r: r.fallback,
    ),
    _Table(
        "hazards",
        _hazard_entries,
        _hazard_key,
        ("zh", "rule", "reason", "reference"),
        lambda e: getattr(e, "zh", ""),
    ),
)


def _hazard_settings(pair: Pair) -> list[Change]:
    a, b = pair.old.hazard_rules, pair.new.hazard_rules
    if a is None or b is None:
        return []
    return compare_fields(
        pair,
        "hazards",
        "settings",
        a,
        b,
        ("cite", "district_holder", "grid_severities"),
        old_clause=None,
        new_clause=None,
    )


def organisation(pair: Pair) -> list[Change]:
    """Supervision rules, posts, required bodies, responsibility, kinds of place, routing and hazard rules."""
    found: list[Change] = []
    for table in _TABLES:
        found += sort_changes(
            compare_entries(
                pair,
                table.entity,
                table.items(pair.old),
                table.items(pair.new),
                key=table.key,
                fields=table.fields,
                clause=_reference,
                describe=table.describe,
            )
        )
    return found + _hazard_settings(pair)
