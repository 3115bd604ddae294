"""Who answers for fire safety in a unit, and the chain of answerable posts up to the district.

The answers come from the policy's ``[[responsibility]]`` entries (for Yuzhong,
clause 3.1 for streets and communities), each citing its clause; the engine
knows no post of any policy.
"""

from __future__ import annotations

import datetime as dt

import attrs

from ..policy.load import load_policy
from ..policy.model import Policy
from ..policy.organisation import ResponsibilityRule
from ..vocabulary.citations import ClauseId, Reference
from .model import District

__all__ = ["Responsible", "policy_of", "responsibility", "responsibility_chain"]


def policy_of(district: District, policy: Policy | None = None) -> Policy:
    """The policy to answer with: the one given, else the district's own, else the embedded one.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.org import policy_of
    >>> policy_of(jx.sample_district()).document.id
    'yuzhong-2023'
    """
    if policy is not None:
        return policy
    return district.policy if district.policy is not None else load_policy()


@attrs.frozen
class Responsible:
    """A post that answers for fire safety in a unit, and who held it on the day asked.

    ``persons`` is empty when the organisation data name nobody for the post
    on that day: the answer is then *unknown*, not that nobody is responsible.
    ``reference`` cites the words that found the responsibility; an entry the
    package reads into them says so (``is_reading``).

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.org import responsibility, sample_district
    >>> first = responsibility(sample_district(), "解放碑街道", on=dt.date(2024, 7, 1))[0]
    >>> first.responsibility, first.role, first.names, first.clause
    ('first', 'street_main_leader', ('王示例',), '3.1')
    """

    unit: str
    """The id of the unit (the district's or a street's code, a unit's id)."""
    unit_name: str
    """The unit's Chinese name."""
    unit_kind: str
    """The unit's kind (:data:`~jiceng_xiaofang.vocabulary.UNIT_KINDS`)."""
    responsibility: str
    """The kind of responsibility, such as ``first`` (第一责任人), as the policy codes it."""
    role: str
    """The code of the role that bears it."""
    persons: tuple[str, ...]
    """The ids of the people holding the post on the day asked; empty when the data name nobody (unknown)."""
    names: tuple[str, ...]
    """Their names, in the same order."""
    clause: ClauseId
    """The id of the clause that founds the responsibility."""
    role_zh: str = ""
    """The post's Chinese name."""
    role_en: str = ""
    """The post's English name."""
    responsibility_zh: str = ""
    """The responsibility's Chinese name, such as ``第一责任人``."""
    responsibility_en: str = ""
    """The responsibility's English name."""
    reference: Reference | None = None
    """The words that found the responsibility; ``None`` when not given."""

    @property
    def known(self) -> bool:
        """Whether the data name anyone for the post on the day asked."""
        return bool(self.persons)

    @property
    def is_reading(self) -> bool:
        """Whether the responsibility is the package's reading of the policy's words."""
        return self.reference is not None and self.reference.is_reading

    @property
    def description_zh(self) -> str:
        """The responsibility in Chinese, e.g. ``街道办事处主要负责人：第一责任人``."""
        return f"{self.role_zh}：{self.responsibility_zh}"

    @property
    def description_en(self) -> str:
        """The responsibility in English."""
        return f"{self.role_en}: {self.responsibility_en}"

    def __str__(self) -> str:
        who = "、".join(self.names) if self.names else "unknown"
        reading = ", reading" if self.is_reading else ""
        return f"{self.unit_name} {self.description_zh} — {who} ({self.clause}{reading})"


def _name(district: District, ref: str) -> str:
    return district.name if ref == district.code else district.unit(ref).name


def responsibility(
    district: District, unit: str, *, on: dt.date | None = None, policy: Policy | None = None
) -> tuple[Responsible, ...]:
    """The posts that answer for fire safety in one unit, with their holders on ``on`` (today by default).

    The policy (by default the district's own) says who answers for each kind
    of unit.  Under the embedded policy: a street's main leader (first
    responsible), its deputy in charge (principal) and the other members of
    its team (leadership, within their remit), 3.1; a community's main head
    (first responsible) and its members by division of duties, 3.1; a
    residents' group's or compound's fire warden, 1.2 (a reading).  Units the
    policy gives no one (grids, police stations) answer through the unit
    above them.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.org import responsibility, sample_district
    >>> for r in responsibility(sample_district(), "解放碑街道", on=dt.date(2024, 3, 31)):
    ...     print(r)
    解放碑街道 街道办事处主要负责人：第一责任人 — 王示例 (3.1)
    解放碑街道 街道分管消防安全工作的副职：主要责任人 — 刘示例 (3.1)
    解放碑街道 街道班子其他成员：领导责任（分管范围内） — 杨示例 (3.1)
    """
    rules = policy_of(district, policy)
    on = on or dt.date.today()
    unit_id = unit if unit == district.code else district.unit(unit).id
    kind = district.kind_of(unit_id)
    return tuple(
        _responsible(district, unit_id, kind, rule, rules, on) for rule in rules.responsibilities_of(kind)
    )


def _responsible(
    district: District, unit_id: str, kind: str, rule: ResponsibilityRule, rules: Policy, on: dt.date
) -> Responsible:
    role = rules.role(rule.role)
    holders = district.holders(unit_id, rule.role, on)
    return Responsible(
        unit=unit_id,
        unit_name=_name(district, unit_id),
        unit_kind=kind,
        responsibility=rule.kind,
        role=rule.role,
        persons=tuple(p.id for p in holders),
        names=tuple(p.name for p in holders),
        clause=rule.clause,
        role_zh=role.zh,
        role_en=role.en,
        responsibility_zh=rule.zh,
        responsibility_en=rule.en,
        reference=rule.reference,
    )


def responsibility_chain(
    district: District, unit: str, *, on: dt.date | None = None, policy: Policy | None = None
) -> tuple[Responsible, ...]:
    """The chain of answerable posts from a unit up to the district, the first one of each level.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.org import responsibility_chain, sample_district
    >>> chain = responsibility_chain(sample_district(), "解放碑街道/示例甲社区/示例花园小区", on=dt.date(2024, 7, 1))
    >>> [(r.unit_kind, r.role, r.names) for r in chain]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('compound', 'compound_fire_warden', ('杨示例',)), ('community', 'community_main_head', ('郑示例',)),
     ('street', 'street_main_leader', ('王示例',)), ('district', 'district_committee_director', ())]
    """
    rules = policy_of(district, policy)
    on = on or dt.date.today()
    chain = []
    for ref in district.chain(unit):  # only the first post of each level is built
        kind = district.kind_of(ref)
        first = next(iter(rules.responsibilities_of(kind)), None)
        if first is not None:
            chain.append(_responsible(district, ref, kind, first, rules, on))
    return tuple(chain)
