"""What the committee's ledger rests on, as cited data: its rules, its office, its deadline and its rounds.

The ledger itself (progress reports on each annex task and responsible unit,
their acceptance, the committee's inspections and supervision visits, letters
of supervision and warning interviews) is the engine's
(:mod:`jiceng_xiaofang.ledger`).  A policy file's ``[ledger]`` table says which
of its words each step cites, which body keeps the ledger, the date fact by
which the tasks are to be done and the period facts of the committee's rounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from .._toml import Table
from ..errors import NotFoundError
from ..vocabulary.citations import Reference
from ._cite import Context, read_body, read_reference
from .rules import Rule, read_cite, read_rules

__all__ = ["LEDGER_COMMANDS", "LEDGER_ROUNDS", "LedgerRules"]

LEDGER_COMMANDS = (
    "report",
    "accept",
    "inspect",
    "supervise",
    "letter",
    "interview",
    "answer",
    "bulletin",
    "assess",
)
"""The steps of the ledger whose citation a policy gives in ``[ledger.cite]``."""

LEDGER_ROUNDS = ("inspect", "supervise")
"""The committee's recurring rounds, each with a period fact in ``[ledger.rounds]``."""


@attrs.frozen
class LedgerRules:
    """A policy's rules of the committee's ledger: rules, the citation of each step, office, deadline, rounds.

    ``office`` is the body that keeps the ledger, inspects, supervises, accepts
    work and writes letters, with the ``office_reference`` that founds it;
    ``deadline`` the id of the date fact by which the annex tasks are to be
    done; ``rounds`` maps each round (``inspect``, ``supervise``) to the id of
    its period fact.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> rules = jx.load_policy().ledger
    >>> rules.office, rules.deadline, dict(rules.rounds)
    ('区消防安全委员会办公室', 'completion_deadline', {'inspect': 'district_check_frequency', 'supervise': 'district_supervision_frequency'})
    >>> rules.rule_for("inspect").quote
    '每季度至少开展一次检查'
    """

    rules: Mapping[str, Rule]
    """The rules, by id."""
    cite: Mapping[str, str]
    """The rule id each step cites, by step (:data:`~jiceng_xiaofang.policy.LEDGER_COMMANDS`)."""
    office: str
    """The body that keeps the ledger, inspects, supervises, accepts work and writes letters."""
    office_reference: Reference
    """The clause and the words that give the office its work."""
    deadline: str
    """The id of the date fact by which the annex tasks are to be done."""
    rounds: Mapping[str, str]
    """The id of the period fact of each round (:data:`~jiceng_xiaofang.policy.LEDGER_ROUNDS`), by round."""

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id."""
        try:
            return self.rules[rule_id]
        except KeyError:
            raise NotFoundError.for_name("ledger rule", rule_id, self.rules) from None

    def rule_for(self, command: str) -> Rule:
        """The rule a step of the ledger cites."""
        try:
            return self.rules[self.cite[command]]
        except KeyError:
            raise NotFoundError.for_name("ledger step", command, self.cite) from None


def read_ledger_rules(t: Table, ctx: Context) -> LedgerRules:
    """Read the ``[ledger]`` table: its rules, the citation of each step, office, deadline and rounds."""
    rules = read_rules(t.tables("rule"), ctx, Rule)
    cite_table = t.table("cite")
    assert cite_table is not None
    deadline = t.req_text("deadline")
    fact = ctx.facts.get(deadline)
    if fact is None or fact.kind != "date":
        t.fail(
            f'the deadline is the id of a date fact ([[fact]] kind = "date"); got {deadline!r}', "deadline"
        )
    rounds_table = t.table("rounds")
    assert rounds_table is not None
    rounds: dict[str, str] = {}
    for name in LEDGER_ROUNDS:
        fact_id = rounds_table.req_text(name)
        period = ctx.facts.get(fact_id)
        if period is None or period.kind != "period":
            rounds_table.fail(
                f'a round\'s frequency is the id of a period fact ([[fact]] kind = "period"); got {fact_id!r}',
                name,
            )
        rounds[name] = fact_id
    rounds_table.done()
    found = LedgerRules(
        rules=rules,
        cite=read_cite(cite_table, LEDGER_COMMANDS, rules),
        office=read_body(t, ctx, "office") or "",
        office_reference=read_reference(t, ctx, prefix="office_"),
        deadline=deadline,
        rounds=MappingProxyType(rounds),
    )
    t.done()
    return found
