"""The bodies a name of a policy stands for in a district: itself, or each street office of a collective.

A collective body such as 各街道办事处 names every street office of the district;
given the district, it stands for 解放碑街道办事处, 七星岗街道办事处, ...  The task
graph and the committee's ledger both answer per body this way.
"""

from __future__ import annotations

import attrs

from ..policy.model import Body, Policy
from .model import District, Street

__all__ = ["Member", "members"]

# The kind of body that governs each kind of township-level division (national structure, not a policy's).
_OFFICE_OF = {"street_office": "street", "town_government": "town", "township_government": "township"}


@attrs.frozen
class Member:
    """A body a policy's name stands for: its name, English name, kind, level, and the division it governs.

    ``via`` is the collective name it was expanded from (``""`` for the body
    itself); ``street`` the division it governs, when it is a street office,
    a town's or township's government.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.org import members
    >>> m = members(jx.load_policy(), "各街道办事处", jx.yuzhong())[0]
    >>> m.name, m.via, m.street.name
    ('七星岗街道办事处', '各街道办事处', '七星岗街道')
    """

    name: str
    """The body's Chinese name, such as ``七星岗街道办事处``."""
    name_en: str
    """Its English name, the directory's (for a division office, the division's English name and ``office``)."""
    kind: str
    """Its kind (:data:`~jiceng_xiaofang.policy.BODY_KINDS`)."""
    level: str
    """Its level (:data:`~jiceng_xiaofang.policy.BODY_LEVELS`)."""
    via: str = ""
    """The collective name it was expanded from, such as ``各街道办事处``; ``""`` for the body itself."""
    street: Street | None = None
    """The division it governs, for a street office or a town's or township's government; ``None`` otherwise."""

    @property
    def code(self) -> str:
        """The statistical code of the division it governs, or ``""``."""
        return self.street.code if self.street is not None else ""


def members(policy: Policy, name: str, district: District | None = None) -> tuple[Member, ...]:
    """The bodies a name stands for: each office of the district's divisions for a collective, else the body.

    Without a district, or for a body that is not a collective of division
    offices, the name stands for itself.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.org import members
    >>> len(members(jx.load_policy(), "各街道办事处", jx.yuzhong()))
    11
    >>> [m.name for m in members(jx.load_policy(), "区应急局", jx.yuzhong())]
    ['区应急局']
    """
    body: Body = policy.body(name)
    member = policy.body(body.collective_of) if body.collective_of else None
    if district is not None and member is not None and member.kind in _OFFICE_OF:
        division = _OFFICE_OF[member.kind]
        return tuple(
            Member(
                name=street.office,
                name_en=f"{street.name_en} office",
                kind=member.kind,
                level=member.level,
                via=name,
                street=street,
            )
            for street in district.streets
            if street.kind == division
        )
    return (Member(name=name, name_en=body.name_en, kind=body.kind, level=body.level),)
