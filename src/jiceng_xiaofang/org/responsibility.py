"""Who answers for fire safety in a unit (3.1), and the chain of answerable posts up to the district."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from .model import District
from .roles import ROLES

__all__ = ["RESPONSIBILITIES", "Responsible", "responsibility", "responsibility_chain"]

RESPONSIBILITIES: Mapping[str, tuple[tuple[str, str], ...]] = MappingProxyType(
    {
        "street": (
            ("first", "street_main_leader"),
            ("principal", "street_deputy_in_charge"),
            ("leadership", "street_team_member"),
        ),
        "community": (
            ("first", "community_main_head"),
            ("by_duties", "community_committee_member"),
        ),
        "residents_group": (("warden", "fire_warden"),),
        "compound": (("warden", "compound_fire_warden"),),
        "district": (("coordination", "district_committee_director"),),
    }
)
"""Kind of unit -> (responsibility, role) pairs, from clauses 3.1 (streets, communities), 1.2 (wardens)
and 1.4 (the district fire safety committee)."""

_RESPONSIBILITY_TEXT = {
    "first": ("第一责任人", "first responsible person"),
    "principal": ("主要责任人", "principal responsible person"),
    "leadership": ("领导责任（分管范围内）", "leadership responsibility within their remit"),
    "by_duties": ("按职责分工承担相应责任", "responsibility by division of duties"),
    "warden": ("消防管理员", "fire warden"),
    "coordination": ("统筹协调（区消防安全委员会）", "coordination (district fire safety committee)"),
}


@attrs.frozen
class Responsible:
    """A post that answers for fire safety in a unit, and who held it on the day asked.

    ``persons`` is empty when the organisation data name nobody for the post
    on that day: the answer is then *unknown*, not that nobody is responsible.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.org import responsibility, sample_district
    >>> first = responsibility(sample_district(), "解放碑街道", on=dt.date(2024, 7, 1))[0]
    >>> first.responsibility, first.role, first.names, first.clause
    ('first', 'street_main_leader', ('王示例',), '3.1')
    """

    unit: str
    unit_name: str
    unit_kind: str
    responsibility: str
    role: str
    persons: tuple[str, ...]
    names: tuple[str, ...]
    clause: str

    @property
    def known(self) -> bool:
        """Whether the data name anyone for the post on the day asked."""
        return bool(self.persons)

    @property
    def description_zh(self) -> str:
        """The responsibility in Chinese, e.g. ``街道办事处主要负责人：第一责任人``."""
        return f"{ROLES[self.role].zh}：{_RESPONSIBILITY_TEXT[self.responsibility][0]}"

    @property
    def description_en(self) -> str:
        """The responsibility in English."""
        return f"{ROLES[self.role].en}: {_RESPONSIBILITY_TEXT[self.responsibility][1]}"

    def __str__(self) -> str:
        who = "、".join(self.names) if self.names else "unknown"
        return f"{self.unit_name} {self.description_zh} — {who} ({self.clause})"


def _name(district: District, ref: str) -> str:
    return district.name if ref == district.code else district.unit(ref).name


def responsibility(district: District, unit: str, *, on: dt.date | None = None) -> tuple[Responsible, ...]:
    """The posts that answer for fire safety in one unit, with their holders on ``on`` (today by default).

    A street: its main leader (first responsible), the deputy in charge
    (principal), the other members of its team (leadership, within their
    remit) — 3.1.  A community: the main head of the residents' committee
    (first responsible) and its members by division of duties — 3.1.  A
    residents' group or compound: its fire warden — 1.2.  Other units (grids,
    police stations) answer through the street or community above them.

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
    on = on or dt.date.today()
    unit_id = unit if unit == district.code else district.unit(unit).id
    kind = district.kind_of(unit_id)
    found = []
    for kind_of_responsibility, role in RESPONSIBILITIES.get(kind, ()):
        holders = district.holders(unit_id, role, on)
        found.append(
            Responsible(
                unit=unit_id,
                unit_name=_name(district, unit_id),
                unit_kind=kind,
                responsibility=kind_of_responsibility,
                role=role,
                persons=tuple(p.id for p in holders),
                names=tuple(p.name for p in holders),
                clause=ROLES[role].clause,
            )
        )
    return tuple(found)


def responsibility_chain(
    district: District, unit: str, *, on: dt.date | None = None
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
    on = on or dt.date.today()
    chain = []
    for ref in district.chain(unit):
        posts = responsibility(district, ref, on=on)
        if posts:
            chain.append(posts[0])
    return tuple(chain)
