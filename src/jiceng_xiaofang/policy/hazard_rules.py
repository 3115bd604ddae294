"""The words each step of the hazard loop rests on, as cited data: rules, channels, categories, citations.

The loop itself (report → assign or whistle → rectify by a deadline → verify →
close, with reject and escalate) is the engine's
(:mod:`jiceng_xiaofang.hazards`).  A policy file's ``[hazards]`` table says which
of its words each step cites, how hazards come in and what they are, who holds
a hazard above the street, and which severities a grid may keep.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from .._toml import Table
from ..errors import NotFoundError
from ..vocabulary.citations import Reference
from ..vocabulary.severity import SEVERITIES
from ._cite import Cited, Context, read_body, read_code, read_reference
from .rules import Rule, read_rules, rule_ref

__all__ = [
    "ASSIGN_LEVELS",
    "CITED_COMMANDS",
    "ESCALATION_CAUSES",
    "Category",
    "Channel",
    "HazardRule",
    "HazardRules",
]

ASSIGN_LEVELS = ("grid", "community", "street", "district")
"""The levels of the territorial chain that take a hazard on, lowest first."""

ESCALATION_CAUSES = ("major", "beyond_power", "overdue")
"""Why a hazard goes up its chain, because it is major, beyond the holder's power, or past its deadline."""

CITED_COMMANDS = (
    "assign",
    "whistle",
    "start_rectification",
    "mark_rectified",
    "fail_verification",
    "verify",
    "close",
    "reject",
    "escalate",
)
"""The steps of the loop whose citation a policy gives in ``[hazards.cite]`` (a report cites its channel's rule)."""

_BY_LEVEL = {"assign": ASSIGN_LEVELS, "escalate": ESCALATION_CAUSES}


@attrs.frozen
class HazardRule(Rule):
    """A rule a hazard decision rests on: the clause and its words, and what an automatic decision records.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> r = jx.load_policy().hazard_rules.rule("general_in_grid")
    >>> r.clause, r.quote
    ('3.2', '确保“一般隐患不出网格”，实现“闭环”管理')
    """


@attrs.frozen
class Channel:
    """A way a hazard comes in, and the rule a report through it cites.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> c = jx.load_policy().hazard_rules.channel("hotline_12345")
    >>> c.zh, c.rule
    ('“12345”政务服务便民热线', 'citizen_report')
    """

    code: str
    """A snake_case code, such as ``hotline_12345``."""
    zh: str
    """The channel's Chinese name, such as ``“12345”政务服务便民热线``."""
    en: str
    """Its English name."""
    rule: str
    """The id of the rule a report through it cites."""


@attrs.frozen
class Category(Cited):
    """What kind of hazard: a code (the Open311 ``service_code``), its names, and the clause that names the problem.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> c = jx.load_policy().hazard_rules.category("fire_lane_blocked")
    >>> c.zh, c.clause
    ('占用、堵塞消防车通道', '2.4')
    """

    code: str
    """A snake_case code, also the Open311 ``service_code``, such as ``fire_lane_blocked``."""
    zh: str
    """The category's Chinese name, such as ``占用、堵塞消防车通道``."""
    en: str
    """Its English name."""
    reference: Reference
    """The clause and the words that name the problem."""


@attrs.frozen
class HazardRules:
    """A policy's rules of the hazard loop: rules, channels, categories and the citation of each step.

    ``cite`` maps a step to its rule id, or (for ``assign`` by level and
    ``escalate`` by cause) to a mapping of rule ids.  ``district_holder`` is
    the body that holds a hazard escalated above the street;
    ``grid_severities`` are the severities a grid may keep.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> h = jx.load_policy().hazard_rules
    >>> h.district_holder, h.grid_severities
    ('区消防安全委员会办公室', ('general',))
    >>> h.rule_for("assign", "grid").id, h.rule_for("escalate", "overdue").clause
    ('general_in_grid', '4.3')
    """

    rules: Mapping[str, HazardRule]
    """The rules, by id."""
    channels: Mapping[str, Channel]
    """The ways a hazard comes in, by code."""
    categories: Mapping[str, Category]
    """The kinds of hazard, by code."""
    cite: Mapping[str, str | Mapping[str, str]]
    """The rule id each step cites (:data:`~jiceng_xiaofang.policy.CITED_COMMANDS`); for ``assign`` a mapping by level, for ``escalate`` by cause."""
    district_holder: str
    """The body that holds a hazard escalated above the street, such as ``区消防安全委员会办公室``."""
    grid_severities: tuple[str, ...]
    """The severities a grid may keep (:data:`~jiceng_xiaofang.hazards.SEVERITIES`), such as ``("general",)``."""

    def rule(self, rule_id: str) -> HazardRule:
        """The rule with this id."""
        try:
            return self.rules[rule_id]
        except KeyError:
            raise NotFoundError.for_name("hazard rule", rule_id, self.rules) from None

    def channel(self, code: str) -> Channel:
        """The channel with this code."""
        try:
            return self.channels[code]
        except KeyError:
            raise NotFoundError.for_name("report channel", code, self.channels) from None

    def category(self, code: str) -> Category:
        """The category with this code."""
        try:
            return self.categories[code]
        except KeyError:
            raise NotFoundError.for_name("hazard category", code, self.categories) from None

    def rule_for(self, command: str, key: str | None = None) -> HazardRule:
        """The rule a step cites (``assign`` by the level taking the hazard on, ``escalate`` by its cause)."""
        cited = self.cite[command]
        if isinstance(cited, str):
            return self.rules[cited]
        if key is None or key not in cited:
            raise NotFoundError.for_name(f"{command} case", str(key), cited)
        return self.rules[cited[key]]

    def rules_of(self, command: str) -> tuple[str, ...]:
        """Every rule id a step may cite (a report: the rules of the channels)."""
        if command == "report":
            return tuple(dict.fromkeys(c.rule for c in self.channels.values()))
        cited = self.cite.get(command)
        if cited is None:
            return ()
        return (cited,) if isinstance(cited, str) else tuple(dict.fromkeys(cited.values()))


def _cite(t: Table, rules: Mapping[str, HazardRule]) -> dict[str, str | Mapping[str, str]]:
    cite: dict[str, str | Mapping[str, str]] = {}
    for command in CITED_COMMANDS:
        cases = _BY_LEVEL.get(command)
        if cases is None:
            cite[command] = rule_ref(t, command, rules)
            continue
        c = t.table(command)
        assert c is not None
        found = {}
        for case in cases:
            found[case] = rule_ref(c, case, rules)
        c.done()
        cite[command] = MappingProxyType(found)
    t.done()
    return cite


def read_hazard_rules(t: Table, ctx: Context) -> HazardRules:
    """Read the ``[hazards]`` table: its rules, channels, categories and the citation of each step."""
    rules = read_rules(t.tables("rule"), ctx, HazardRule)
    channels: dict[str, Channel] = {}
    for c in t.tables("channel"):
        code = read_code(c, "code")
        if code in channels:
            c.fail(f"duplicate channel code {code!r}", "code")
        channels[code] = Channel(
            code=code, zh=c.req_text("zh"), en=c.req_text("en"), rule=rule_ref(c, "rule", rules)
        )
        c.done()
    if not channels:
        t.fail("expected at least one channel ([[hazards.channel]])", "channel")
    categories: dict[str, Category] = {}
    for c in t.tables("category"):
        code = read_code(c, "code")
        if code in categories:
            c.fail(f"duplicate category code {code!r}", "code")
        categories[code] = Category(
            code=code, zh=c.req_text("zh"), en=c.req_text("en"), reference=read_reference(c, ctx)
        )
        c.done()
    if not categories:
        t.fail("expected at least one category ([[hazards.category]])", "category")
    cite_table = t.table("cite")
    assert cite_table is not None
    severities = t.texts("grid_severities")
    for i, severity in enumerate(severities):
        if severity not in SEVERITIES:
            t.fail(f"expected one of {', '.join(SEVERITIES)}; got {severity!r}", f"grid_severities[{i}]")
    found = HazardRules(
        rules=rules,
        channels=MappingProxyType(channels),
        categories=MappingProxyType(categories),
        cite=MappingProxyType(_cite(cite_table, rules)),
        district_holder=read_body(t, ctx, "district_holder") or "",
        grid_severities=severities,
    )
    t.done()
    return found
