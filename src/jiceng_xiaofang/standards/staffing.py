"""The organisation's staffing, checked by the same requirements as the facilities (1.1, 1.2, 3.4, 3.5).

The posts held on a day become facility records (a street's fire work station,
a community's fire work group and micro fire station, a police station), which
:func:`jiceng_xiaofang.check` judges like any other record: no separate rules.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..org.model import District, Street, Unit
from ..vocabulary.records import (
    CommunityFireWorkGroup,
    FacilityRecord,
    FireWorkStation,
    MicroFireStation,
    PoliceStation,
)

if TYPE_CHECKING:
    from ..policy.model import Policy
    from .rollup import Rollup

__all__ = ["check_staffing", "staffing_records"]


def _count(
    district: District, unit: str, role: str, on: dt.date, qualification: str | None = None
) -> int | None:
    """How many hold the role on the day; unknown when the file records no tenure of it in the unit at all.

    A file that tracks a post (some tenure of it, at any time) says how many held it on each day, zero
    included; a file that never mentions it says nothing, and nothing is unknown, not zero.
    """
    if not any(t.unit == unit and t.role == role for t in district.tenures):
        return None
    holders = district.holders(unit, role, on)
    if qualification is not None:
        holders = tuple(p for p in holders if p.has(qualification))
    return len(holders)


def _post(district: District, unit: str, role: str, on: dt.date, code: str) -> str | None:
    """The post code when the post is held on the day, else unknown (``None``)."""
    return code if district.holders(unit, role, on) else None


def staffing_records(district: District, on: dt.date) -> tuple[FacilityRecord, ...]:
    """The records that the posts held on ``on`` make: one per street, community and police station.

    Counts come from tenures; a post the file never records, and what the
    organisation data cannot say (the office's seats, the station's room),
    stays unknown.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.org import sample_district
    >>> from jiceng_xiaofang.standards import staffing_records
    >>> records = staffing_records(sample_district(), dt.date(2024, 7, 1))
    >>> station = next(r for r in records if r.kind == "fire_work_station" and r.street == "解放碑街道")
    >>> station.staff, station.established_fire_officers, station.qualified_enforcement_officers
    (4.0, 2.0, 2.0)
    """
    records: list[FacilityRecord] = []
    for street in district.streets:
        unit = street.code
        records.append(
            FireWorkStation(
                name=f"{street.name}消防工作站",
                street=street.name,
                staff=_count(district, unit, "station_staff", on),
                established_fire_officers=_count(
                    district, unit, "designated_fire_officer", on, "established"
                ),
                chief_post=_post(district, unit, "street_deputy_in_charge", on, "street_deputy_in_charge"),
                deputy_chief_post=_post(
                    district, unit, "street_emergency_office_head", on, "street_emergency_office_head"
                ),
                qualified_enforcement_officers=_count(
                    district, unit, "enforcement_officer", on, "fire_enforcement"
                ),
            )
        )
    for community in (u for u in district.units if u.kind == "community"):
        street_name = district.unit(district.chain(community.id)[-2]).name
        below = [district.unit(c) for c in district.children(community.id)]
        wardened = [
            u
            for u in below
            if u.kind in ("residents_group", "compound")
            and district.holders(
                u.id, "fire_warden" if u.kind == "residents_group" else "compound_fire_warden", on
            )
        ]
        records.append(
            CommunityFireWorkGroup(
                name=f"{community.name}消防工作小组",
                street=street_name,
                community=community.name,
                leader_post=_post(district, community.id, "community_main_head", on, "community_main_head"),
                staff=_count(district, community.id, "fire_group_staff", on),
                compounds=sum(1 for u in below if u.kind in ("residents_group", "compound")),
                compounds_with_warden=len(wardened) if _tracks_wardens(district, below) else None,
            )
        )
        records.append(
            MicroFireStation(
                name=f"{community.name}微型消防站",
                street=street_name,
                community=community.name,
                chief_post=_post(
                    district, community.id, "party_branch_secretary", on, "party_branch_secretary"
                ),
                deputy_chief_post=_post(
                    district, community.id, "micro_station_deputy", on, "two_committees_member"
                ),
                members=_count(district, community.id, "micro_station_member", on),
            )
        )
    for station in (u for u in district.units if u.kind == "police_station"):
        records.append(
            PoliceStation(
                name=station.name,
                qualified_fire_police=_count(district, station.id, "fire_police", on, "police_enforcement"),
            )
        )
    return tuple(records)


def check_staffing(district: District, on: dt.date, policy: Policy | None = None) -> Rollup:
    """Check the organisation's staffing on a day with the policy's requirements.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.org import sample_district
    >>> from jiceng_xiaofang.standards import check_staffing
    >>> rollup = check_staffing(sample_district(), dt.date(2024, 7, 1))
    >>> station = next(r for r in rollup.reports if r.record.name == "解放碑街道消防工作站")
    >>> station.finding("fire_work_station.staff").message_en
    'fire work station has at least 5 staff: fail (measured 4, required >= 5); due by 2025-12-31'
    """
    from .rollup import check_all

    return check_all(staffing_records(district, on), policy, on)


def _tracks_wardens(district: District, units: list[Unit | Street]) -> bool:
    ids = {u.id for u in units}
    return any(t.unit in ids and t.role in ("fire_warden", "compound_fire_warden") for t in district.tenures)
