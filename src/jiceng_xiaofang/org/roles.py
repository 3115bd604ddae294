"""The posts the policy creates, and the bodies each kind of unit must set up, with their clauses."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

__all__ = ["BODIES", "ROLES", "RequiredBody", "Role"]


@attrs.frozen
class Role:
    """A post in a unit: who may hold it, what it answers for, and where the policy says so.

    Examples
    --------
    >>> from jiceng_xiaofang.org import ROLES
    >>> r = ROLES["street_main_leader"]
    >>> r.zh, r.clause, r.single
    ('街道办事处主要负责人', '3.1', True)
    """

    code: str
    unit_kind: str
    zh: str
    en: str
    clause: str
    single: bool = True
    qualifications: tuple[str, ...] = ()


def _roles(*roles: Role) -> Mapping[str, Role]:
    return MappingProxyType({r.code: r for r in roles})


ROLES: Mapping[str, Role] = _roles(
    Role(
        "district_committee_director",
        "district",
        "区消防安全委员会主任",
        "director of the district fire safety committee",
        "1.4",
    ),
    Role(
        "district_committee_office_head",
        "district",
        "区消防安全委员会办公室负责人",
        "head of the committee's standing office",
        "1.4",
    ),
    Role("street_main_leader", "street", "街道办事处主要负责人", "main leader of the street office", "3.1"),
    Role(
        "street_deputy_in_charge",
        "street",
        "街道分管消防安全工作的副职",
        "deputy in charge of fire safety",
        "3.1",
    ),
    Role(
        "street_team_member",
        "street",
        "街道班子其他成员",
        "other member of the street's leading team",
        "3.1",
        single=False,
    ),
    Role(
        "street_emergency_office_head",
        "street",
        "街道应急管理办公室负责人",
        "head of the street emergency management office",
        "1.1",
    ),
    Role(
        "street_committee_member",
        "street",
        "街道消防安全委员会成员（相关所、室、中心负责人）",
        "member of the street fire safety committee",
        "1.1",
        single=False,
    ),
    Role("station_staff", "street", "消防工作站工作人员", "fire work station staff", "1.1", single=False),
    Role(
        "designated_fire_officer",
        "street",
        "消防专管员（在编）",
        "designated fire officer (established staff)",
        "1.1",
        single=False,
        qualifications=("established",),
    ),
    Role(
        "enforcement_officer",
        "street",
        "消防行政执法人员",
        "fire law-enforcement officer",
        "3.4",
        single=False,
        qualifications=("fire_enforcement",),
    ),
    Role(
        "community_main_head", "community", "居委会主要负责人", "main head of the residents' committee", "3.1"
    ),
    Role(
        "community_committee_member",
        "community",
        "居委会成员",
        "member of the residents' committee",
        "3.1",
        single=False,
    ),
    Role("party_branch_secretary", "community", "社区支部书记", "community party branch secretary", "1.2"),
    Role(
        "micro_station_deputy",
        "community",
        "微型消防站副站长（居“两委”成员）",
        "deputy chief of the micro fire station (two-committees member)",
        "1.2",
    ),
    Role(
        "micro_station_member",
        "community",
        "微型消防站队员",
        "micro fire station member",
        "1.2",
        single=False,
    ),
    Role(
        "fire_group_staff",
        "community",
        "消防工作小组专（兼）职工作人员",
        "fire work group staff",
        "1.2",
        single=False,
    ),
    Role("fire_warden", "residents_group", "消防管理员", "fire warden", "1.2"),
    Role("compound_fire_warden", "compound", "消防管理员", "fire warden", "1.2"),
    Role("grid_worker", "grid", "网格员", "grid worker", "3.2", single=False),
    Role(
        "fire_police",
        "police_station",
        "专（兼）职消防民警",
        "fire police officer",
        "3.5",
        single=False,
        qualifications=("police_enforcement",),
    ),
)
"""Every post the policy creates, code -> :class:`Role`."""


@attrs.frozen
class RequiredBody:
    """A body the policy requires a kind of unit to set up, with its posts.

    ``posts`` maps the body's positions (``chair``, ``chief``...) to role codes.

    Examples
    --------
    >>> from jiceng_xiaofang.org import BODIES
    >>> station = next(b for b in BODIES["street"] if b.name == "消防工作站")
    >>> station.host, dict(station.posts)["chief"]
    ('街道应急管理办公室', 'street_deputy_in_charge')
    """

    name: str
    name_en: str
    clause: str
    posts: tuple[tuple[str, str], ...]
    host: str = ""


BODIES: Mapping[str, tuple[RequiredBody, ...]] = MappingProxyType(
    {
        "district": (
            RequiredBody(
                "区消防安全委员会",
                "district fire safety committee",
                "1.4",
                (("director", "district_committee_director"),),
            ),
            RequiredBody(
                "区消防安全委员会办公室",
                "office of the district fire safety committee (a standing body)",
                "1.4",
                (("head", "district_committee_office_head"),),
            ),
        ),
        "street": (
            RequiredBody(
                "街道消防安全委员会",
                "street fire safety committee",
                "1.1",
                (
                    ("chair", "street_main_leader"),
                    ("vice_chair", "street_deputy_in_charge"),
                    ("members", "street_committee_member"),
                ),
            ),
            RequiredBody(
                "消防工作站",
                "fire work station",
                "1.1",
                (
                    ("chief", "street_deputy_in_charge"),
                    ("deputy_chief", "street_emergency_office_head"),
                    ("staff", "station_staff"),
                    ("designated_fire_officers", "designated_fire_officer"),
                    ("enforcement_officers", "enforcement_officer"),
                ),
                host="街道应急管理办公室",
            ),
        ),
        "community": (
            RequiredBody(
                "消防工作小组",
                "community fire work group",
                "1.2",
                (("leader", "community_main_head"), ("staff", "fire_group_staff")),
            ),
            RequiredBody(
                "微型消防站",
                "micro fire station",
                "1.2",
                (
                    ("chief", "party_branch_secretary"),
                    ("deputy_chief", "micro_station_deputy"),
                    ("members", "micro_station_member"),
                ),
            ),
        ),
        "residents_group": (RequiredBody("消防管理员", "fire warden", "1.2", (("warden", "fire_warden"),)),),
        "compound": (
            RequiredBody("消防管理员", "fire warden", "1.2", (("warden", "compound_fire_warden"),)),
        ),
        "police_station": (
            RequiredBody("消防民警", "fire police", "3.5", (("fire_police", "fire_police"),)),
        ),
    }
)
"""The bodies each kind of unit must set up (kind -> bodies), with the roles that fill their posts."""
