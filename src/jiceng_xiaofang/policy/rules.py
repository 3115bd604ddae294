"""Rules a step of a process cites: an id, the clause and its words, an English gloss.

The hazard loop (``[hazards]``) and the committee's ledger (``[ledger]``)
each keep a list of rules and say which rule each of their steps cites
(``cite``); the engine runs the steps, the policy's words found them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TypeVar

import attrs

from .._toml import Table
from ..vocabulary.citations import Reference
from ._cite import Cited, Context, read_code, read_reference

__all__ = ["Rule"]


@attrs.frozen
class Rule(Cited):
    """A rule a decision rests on: the clause and its words, and what an automatic decision records.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> r = jx.load_policy().ledger.rule_for("report")
    >>> r.id, r.clause, r.quote
    ('tracking', '5.1', '明确分工、细化措施、打表推进')
    """

    id: str
    """A snake_case id, unique among the rules of its list, such as ``tracking``."""
    reference: Reference
    """The clause and the words the rule rests on."""
    en: str
    """What the rule says, in English."""
    reason: str = ""
    """The reason an automatic decision under the rule records, such as ``accepted as landed``; ``""`` when none."""


_R = TypeVar("_R", bound=Rule)


def read_rules(tables: list[Table], ctx: Context, cls: type[_R]) -> Mapping[str, _R]:
    """Read ``[[….rule]]`` tables (``id``, the citation, ``en``, optional ``reason``), ids unique."""
    rules: dict[str, _R] = {}
    for r in tables:
        rule_id = read_code(r, "id")
        if rule_id in rules:
            r.fail(f"duplicate rule id {rule_id!r}", "id")
        rules[rule_id] = cls(
            id=rule_id,
            reference=read_reference(r, ctx),
            en=r.req_text("en"),
            reason=r.text("reason", required=False) or "",
        )
        r.done()
    return MappingProxyType(rules)


def rule_ref(t: Table, name: str, rules: Mapping[str, Rule]) -> str:
    """The id of a rule named by key ``name``, which must be one of ``rules``."""
    rule = t.req_text(name)
    if rule not in rules:
        t.fail(f"unknown rule {rule!r}; the rules are {', '.join(rules)}", name)
    return rule


def read_cite(t: Table, commands: Sequence[str], rules: Mapping[str, Rule]) -> Mapping[str, str]:
    """A ``cite`` table: for each command, the id of the rule it cites (every command required)."""
    cite = {command: rule_ref(t, command, rules) for command in commands}
    t.done()
    return MappingProxyType(cite)
