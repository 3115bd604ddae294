"""Who may write in the ledger: each entry checked against its actor's posts on the entry's day.

The acts are the ledger's steps (:data:`~jiceng_xiaofang.policy.LEDGER_COMMANDS`: ``report``, ``accept``,
``inspect``...); the posts each needs, where they must be held and the separations of duties are the
policy's ``[authority]`` (:class:`~jiceng_xiaofang.Authority`).  An entry about a unit (a progress report,
an acceptance, a letter, an answer) is *held* by that unit when it is a street office of the district (its
street), and by no unit of the district file when it is a department or another body (the district file
records no posts in them).  A unit's *own* entries are those about it: a separation ``not_own`` keeps its
posts from accepting its own task or scoring its own assessment.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import XiaofangError
from ..org.model import District
from .model import Entry

if TYPE_CHECKING:
    from ..org.authority import Authorisation, Authority

__all__ = ["PROCESS", "authorise_assessment", "authorise_entry", "unit_ids"]

PROCESS = "ledger"
"""The name of the ledger among the processes of :data:`~jiceng_xiaofang.policy.AUTHORITY_ACTS`."""


def unit_ids(district: District | None, unit: str) -> tuple[str, ...]:
    """The names an entry's unit goes by for the separations: the unit as written, and its street's code.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger.authority import unit_ids
    >>> unit_ids(jx.yuzhong(), "解放碑街道办事处"), unit_ids(jx.yuzhong(), "区应急局")
    (('解放碑街道办事处', '500103003'), ('区应急局',))
    """
    street = _street(district, unit)
    return (unit, street) if street else ((unit,) if unit else ())


def _street(district: District | None, unit: str) -> str:
    """The code of the street whose office ``unit`` is, or ``""`` (a department, a body, or no district)."""
    found = district.find_street(unit) if district is not None and unit else None
    return found.code if found is not None else ""


def _authority(authority: object) -> Authority:
    from ..org.authority import Authority

    if not isinstance(authority, Authority):
        raise XiaofangError(f"authority: expected an Authority, got {authority!r}")
    return authority


def authorise_entry(authority: Authority, entry: Entry) -> Authorisation:
    """Check that the entry's actor may make it on its day; return how, or raise.

    Raises :class:`~jiceng_xiaofang.NotAuthorisedError` naming the step, the
    posts it needs and their clauses.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger.authority import authorise_entry
    >>> auth = jx.Authority(jx.sample_district())
    >>> entry = jx.Entry("progress", dt.date(2024, 5, 6), by="解放碑街道 王示例", task="1.1",
    ...                  unit="解放碑街道办事处", status="in_progress", actor="p01")
    >>> authorise_entry(auth, entry).tenure.role
    'street_main_leader'
    """
    auth = _authority(authority)
    street = _street(auth.district, entry.unit) or None  # a unit outside the district file holds no posts
    subject = f"task {entry.task} of {entry.unit}" if entry.task else (entry.unit or entry.kind)
    return auth.check(
        PROCESS,
        entry.command,
        actor=entry.actor or None,
        on=entry.on,
        holder=street,
        location=street,
        own=unit_ids(auth.district, entry.unit),
        subject=f"ledger entry {entry.kind} ({subject})",
    )


def authorise_assessment(
    authority: Authority, actor: str | None, on: object, units: Iterable[str]
) -> Authorisation:
    """Check that ``actor`` may score an assessment of these units on the day ``on`` (none of them their own).

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger.authority import authorise_assessment
    >>> auth = jx.Authority(jx.sample_district())
    >>> authorise_assessment(auth, "p01", dt.date(2025, 12, 31), ["解放碑街道办事处"])
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.NotAuthorisedError: ...
    """
    auth = _authority(authority)
    own = tuple(name for unit in units for name in unit_ids(auth.district, unit))
    return auth.check(PROCESS, "assess", actor=actor, on=on, own=own, subject="the assessment")  # type: ignore[arg-type]
