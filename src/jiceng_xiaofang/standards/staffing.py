"""The organisation's staffing, checked by the same requirements as the facilities.

The posts held on a day become facility records: for each unit, each body the
policy requires it to set up that has a ``record`` (under the embedded policy:
a street's fire work station, a community's fire work group and micro fire
station, a police station's fire police) becomes a record whose fields the
body's posts fill (``[[required_body]]`` ``posts``), and
:func:`jiceng_xiaofang.check` judges it like any other record: no separate rules.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..org.model import District, Street, Unit
from ..org.responsibility import policy_of
from ..vocabulary.records import FacilityRecord, field_spec, record_type

if TYPE_CHECKING:
    from ..policy.model import Policy
    from ..policy.organisation import Post, RequiredBody, Role
    from .rollup import Rollup

__all__ = ["check_staffing", "staffing_records"]


def _count(district: District, unit: str, role: Role, on: dt.date) -> int | None:
    """How many hold the role (with its qualifications) on the day; unknown when the file never records the post.

    A file that tracks a post (some tenure of it, at any time) says how many held it on each day, zero
    included; a file that never mentions it says nothing, and nothing is unknown, not zero.
    """
    if not district.tracks(unit, role.code):
        return None
    holders = district.holders(unit, role.code, on)
    for qualification in role.qualifications:
        holders = tuple(p for p in holders if p.has(qualification))
    return len(holders)


def _children(
    district: District, unit: str, post: Post, on: dt.date, policy: Policy
) -> tuple[int | None, int]:
    """Of the units below that take one of the post's roles: how many have a holder (unknown if untracked), how many."""
    kinds = {kind for code in post.roles for kind in policy.role(code).unit_kinds}
    below = [district.unit(c) for c in district.children(unit)]
    below = [u for u in below if u.kind in kinds]
    tracked = any(district.tracks(u.id, code) for u in below for code in post.roles)
    filled = sum(1 for u in below if any(district.holders(u.id, code, on) for code in post.roles))
    return (filled if tracked else None), len(below)


def _record(
    district: District, unit: Street | Unit, body: RequiredBody, on: dt.date, policy: Policy
) -> FacilityRecord:
    assert body.record is not None
    chain = district.chain(unit.id)
    names = {district.kind_of(ref): district.unit(ref).name for ref in chain if ref != district.code}
    street = next((names[k] for k in ("street", "town", "township") if k in names), "")
    community = next((names[k] for k in ("community", "village") if k in names), "")
    values: dict[str, object] = {}
    for post in body.posts:
        if post.field is None:
            continue
        if post.scope == "children":
            filled, total = _children(district, unit.id, post, on, policy)
            values[post.field] = filled
            if post.total_field is not None:
                values[post.total_field] = total
            continue
        role = policy.role(post.role)
        if field_spec(body.record, post.field).dimension == "post":
            held = bool(district.holders(unit.id, role.code, on))
            values[post.field] = (post.post or role.code) if held else None
        else:
            values[post.field] = _count(district, unit.id, role, on)
    own = unit.kind == body.record or (unit.kind == "police_station" and body.record == "police_station")
    if own:
        name = unit.name
    elif body.organization is not None:
        name = body.organization.name(unit.name, "")[0]
    else:
        name = f"{unit.name}{body.name}"
    return record_type(body.record)(name=name, street=street, community=community, **values)


def staffing_records(
    district: District, on: dt.date, policy: Policy | None = None
) -> tuple[FacilityRecord, ...]:
    """The records that the posts held on ``on`` make: one per unit and required body with a record.

    Counts come from tenures; a post the file never records, and what the
    organisation data cannot say (the office's seats, the station's room),
    stays unknown.  The policy (by default the district's own) says which
    bodies each kind of unit sets up and which posts fill which fields.

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
    policy = policy_of(district, policy)
    bodies = [b for b in policy.required_bodies if b.record is not None]
    kinds = list(dict.fromkeys(kind for b in bodies for kind in b.unit_kinds))
    units: list[Street | Unit] = [*district.streets, *district.units]
    records: list[FacilityRecord] = []
    for kind in kinds:  # units kind by kind, in the order the policy names them; each kind in file order
        for unit in units:
            if unit.kind != kind:
                continue
            for body in bodies:
                if kind in body.unit_kinds:
                    records.append(_record(district, unit, body, on, policy))
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

    policy = policy_of(district, policy)
    return check_all(staffing_records(district, on, policy), policy, on)
