"""One table of facilities checked under two policies: which facilities flip, on which requirement, citing both.

:func:`compare_checks` runs the same facilities under an old and a new policy
(typically a policy and :meth:`Policy.amend <jiceng_xiaofang.Policy.amend>` of
it) on one day, pairs each facility's findings requirement by requirement, and
keeps the facilities where a finding's status changed: those whose overall
status changed are the *flips* (pass to fail, fail to pass, to or from
unknown).  Each change cites the clause or document of both values.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from .._extras import require_extra
from ..errors import XiaofangError
from ..policy.model import Requirement
from ..vocabulary.records import FacilityRecord
from .bulk import TableReport, check_table
from .findings import Finding, Report, _value_text
from .rollup import check_all

if TYPE_CHECKING:
    import pandas

    from ..policy.model import Policy

__all__ = ["CheckComparison", "FacilityChange", "FindingChange", "compare_checks"]

ABSENT = "absent"
"""The status of a requirement that one of the two policies does not have for the facility."""


@attrs.frozen
class FindingChange:
    """One requirement of one facility whose status differs between the two policies.

    ``old`` and ``new`` are the two findings; either is ``None`` where that
    policy has no such requirement for the facility (its status reads
    ``"absent"``).

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> reform = jx.Amendment(id="members_7", title="示例：关于调整队员人数的通知", effective=dt.date(2025, 7, 1),
    ...                       quote="队员不少于7名", confidence="illustrative",
    ...                       changes=[jx.RequirementChange("micro_fire_station.members", value=7)])
    >>> policy = jx.load_policy()
    >>> result = jx.compare_checks([jx.MicroFireStation(members=6)], policy, policy.amend(reform), on=dt.date(2025, 7, 1))
    >>> change = result.changes[0].changes[0]
    >>> change.status_old, change.status_new, change.citation_old, change.citation_new
    ('pass', 'fail', 'yuzhong-2023 一（二）', '示例：关于调整队员人数的通知 [illustrative]')
    """

    old: Finding | None
    """The finding under the old policy; ``None`` where it has no such requirement for the facility."""
    new: Finding | None
    """The finding under the new policy; ``None`` where it has no such requirement for the facility."""

    @property
    def requirement(self) -> str:
        """The requirement's id under the new policy (the old one's where the new has none)."""
        finding = self.new if self.new is not None else self.old
        assert finding is not None
        return finding.id

    @property
    def status_old(self) -> str:
        """The finding's status under the old policy, or ``"absent"``."""
        return self.old.status if self.old is not None else ABSENT

    @property
    def status_new(self) -> str:
        """The finding's status under the new policy, or ``"absent"``."""
        return self.new.status if self.new is not None else ABSENT

    @property
    def citation_old(self) -> str | None:
        """Where the old value comes from (clause, standard or amendment)."""
        return self.old.citation if self.old is not None else None

    @property
    def citation_new(self) -> str | None:
        """Where the new value comes from (clause, standard or amendment)."""
        return self.new.citation if self.new is not None else None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: both statuses, thresholds, citations and quotes."""
        finding = self.new if self.new is not None else self.old
        assert finding is not None
        measured = finding.measured
        return {
            "requirement": self.requirement,
            "status_old": self.status_old,
            "status_new": self.status_new,
            "measured": measured,
            "required_old": self.old.required if self.old is not None else None,
            "required_new": self.new.required if self.new is not None else None,
            "citation_old": self.citation_old,
            "citation_new": self.citation_new,
            "quote_old": self.old.quote if self.old is not None else None,
            "quote_new": self.new.quote if self.new is not None else None,
        }

    def to_text(self) -> str:
        """Two or three lines: the requirement's statuses and thresholds, then each value's citation."""
        finding = self.new if self.new is not None else self.old
        assert finding is not None
        old = self.old.required if self.old is not None else ABSENT
        new = self.new.required if self.new is not None else ABSENT
        measured = _value_text(finding.measured, finding.unit)
        lines = [
            f"{self.requirement}: {self.status_old} -> {self.status_new} (measured {measured}; {old} -> {new})"
        ]
        for side, f in (("old", self.old), ("new", self.new)):
            if f is not None:
                quote = f" 「{f.quote}」" if f.quote else ""
                lines.append(f"  {side}: {f.citation}{quote}")
        return "\n".join(lines)


@attrs.frozen
class FacilityChange:
    """One facility with at least one finding whose status differs between the two policies.

    ``row`` is its position among the facilities compared; ``status_old``
    and ``status_new`` its overall statuses.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> reform = jx.Amendment(id="members_7", title="示例：关于调整队员人数的通知", effective=dt.date(2025, 7, 1),
    ...                       quote="队员不少于7名", confidence="illustrative",
    ...                       changes=[jx.RequirementChange("micro_fire_station.members", value=7)])
    >>> policy = jx.load_policy()
    >>> stations = [jx.MicroFireStation(name="甲", members=6), jx.MicroFireStation(name="乙", members=6, room_area=20)]
    >>> result = jx.compare_checks(stations, policy, policy.amend(reform), on=dt.date(2025, 7, 1))
    >>> [(c.row, c.title, c.status_old, c.status_new, c.flipped) for c in result.changes]
    [(0, 'micro_fire_station: 甲', 'unknown', 'fail', True), (1, 'micro_fire_station: 乙', 'fail', 'fail', False)]
    """

    row: int
    """The facility's position among the facilities compared, from 0."""
    record: FacilityRecord
    """The facility's record."""
    status_old: str
    """Its overall status under the old policy (``pass``, ``fail`` or ``unknown``)."""
    status_new: str
    """Its overall status under the new policy."""
    changes: tuple[FindingChange, ...]
    """Its findings whose status differs, at least one."""

    @property
    def flipped(self) -> bool:
        """Whether the facility's overall status differs (pass, fail or unknown)."""
        return self.status_old != self.status_new

    @property
    def title(self) -> str:
        """The facility's kind and name, as a heading."""
        record = self.record
        where = " ".join(part for part in (record.street, record.community, record.name) if part)
        return f"{record.kind}" + (f": {where}" if where else f" (row {self.row})")

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: the row, the facility, both overall statuses and every changed finding."""
        return {
            "row": self.row,
            "kind": self.record.kind,
            "name": self.record.name,
            "street": self.record.street,
            "community": self.record.community,
            "status_old": self.status_old,
            "status_new": self.status_new,
            "changes": [c.to_dict() for c in self.changes],
        }


def _label(policy: Policy) -> str:
    return policy.document.id + "".join(f" + {a.id}" for a in policy.amendments)


@attrs.frozen
class CheckComparison:
    """The facilities whose findings differ between two policies, on one day.

    ``changes`` holds every facility with a changed finding, in table order;
    :attr:`flips` those whose overall status changed.  Build one with
    :func:`compare_checks`.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.standards import sample_facilities
    >>> reform = jx.Amendment(id="room_35", title="示例：关于提高站房面积的通知", effective=dt.date(2025, 7, 1),
    ...                       quote="站房面积不小于35平方米", confidence="illustrative",
    ...                       changes=[jx.RequirementChange("micro_fire_station.room_area", value="35 平方米")])
    >>> policy = jx.load_policy()
    >>> result = jx.compare_checks(sample_facilities(), policy, policy.amend(reform), on=dt.date(2025, 7, 1))
    >>> result
    <CheckComparison on 2025-07-01: yuzhong-2023 -> yuzhong-2023 + room_35, 14 facilities (1 pass->fail)>
    >>> print(result.to_text())
    Checks on 2025-07-01: yuzhong-2023 -> yuzhong-2023 + room_35, 14 facilities
    Flips: pass -> fail: 1
    [pass -> fail] micro_fire_station: 解放碑街道 示例甲社区 示例甲社区微型消防站
        micro_fire_station.room_area@room_35: pass -> fail (measured 32 m^2; >= 30 m^2 -> >= 35 m^2)
          old: yuzhong-2023 一（二） 「站房至少30平方米」
          new: 示例：关于提高站房面积的通知 [illustrative] 「站房面积不小于35平方米」
    """

    on: dt.date
    """The day both checks speak of."""
    old: str
    """The old policy, its document id and the ids of its amendments (``yuzhong-2023 + room_35``)."""
    new: str
    """The new policy, named likewise."""
    facilities: int
    """The number of facilities compared."""
    changes: tuple[FacilityChange, ...]
    """Every facility with a changed finding, in table order; empty when none changed."""

    @property
    def flips(self) -> tuple[FacilityChange, ...]:
        """The facilities whose overall status changed."""
        return tuple(c for c in self.changes if c.flipped)

    def flipped(self, old: str, new: str) -> tuple[FacilityChange, ...]:
        """The facilities that went from status ``old`` to ``new`` (``"pass"``, ``"fail"`` or ``"unknown"``)."""
        return tuple(c for c in self.flips if (c.status_old, c.status_new) == (old, new))

    def counts(self) -> dict[tuple[str, str], int]:
        """How many facilities flipped, by (old status, new status)."""
        return dict(Counter((c.status_old, c.status_new) for c in self.flips))

    def __repr__(self) -> str:
        counted = ", ".join(f"{n} {a}->{b}" for (a, b), n in sorted(self.counts().items())) or "no flips"
        return f"<CheckComparison on {self.on}: {self.old} -> {self.new}, {self.facilities} facilities ({counted})>"

    def to_text(self) -> str:
        """The flips and the other changed findings, each with both citations."""
        lines = [f"Checks on {self.on}: {self.old} -> {self.new}, {self.facilities} facilities"]
        counts = self.counts()
        if counts:
            lines.append("Flips: " + ", ".join(f"{a} -> {b}: {n}" for (a, b), n in sorted(counts.items())))
        else:
            lines.append("Flips: none")
        for change in self.changes:
            status = f"{change.status_old} -> {change.status_new}" if change.flipped else change.status_new
            lines.append(f"[{status}] {change.title}")
            for finding in change.changes:
                lines += [f"    {line}" for line in finding.to_text().splitlines()]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: the day, the two policies, the flip counts and every changed facility."""
        return {
            "on": self.on.isoformat(),
            "old": self.old,
            "new": self.new,
            "facilities": self.facilities,
            "flips": {f"{a}->{b}": n for (a, b), n in sorted(self.counts().items())},
            "changes": [c.to_dict() for c in self.changes],
        }

    def to_frame(self) -> pandas.DataFrame:
        """One row per changed finding, with its facility's overall statuses (needs the ``pandas`` extra)."""
        require_extra("pandas", "to_frame")
        import pandas

        rows: list[dict[str, Any]] = []
        for change in self.changes:
            facility = change.to_dict()
            del facility["changes"]
            facility["overall_old"] = facility.pop("status_old")
            facility["overall_new"] = facility.pop("status_new")
            for finding in change.changes:
                rows.append({**facility, **finding.to_dict()})
        columns = [
            "row", "kind", "name", "street", "community", "overall_old", "overall_new", "requirement",
            "status_old", "status_new", "measured", "required_old", "required_new", "citation_old",
            "citation_new", "quote_old", "quote_new",
        ]  # fmt: skip
        return pandas.DataFrame(rows, columns=columns)


def _pairs(
    old: Sequence[Requirement], new: Sequence[Requirement]
) -> tuple[tuple[int | None, int | None], ...]:
    """Match two lists of requirements: same key first, then same identity (a changed strength)."""
    pairs: list[tuple[int | None, int | None]] = []
    free = list(range(len(new)))
    unmatched: list[int] = []
    for i, r in enumerate(old):
        j = next((j for j in free if new[j].key == r.key), None)
        if j is None:
            unmatched.append(i)
        else:
            free.remove(j)
            pairs.append((i, j))
    for i in unmatched:
        j = next((j for j in free if new[j].identity == old[i].identity), None)
        if j is not None:
            free.remove(j)
        pairs.append((i, j))
    pairs += [(None, j) for j in free]
    return tuple(pairs)


def _finding_changes(
    old: Report, new: Report, pairs: tuple[tuple[int | None, int | None], ...]
) -> tuple[FindingChange, ...]:
    found = []
    for i, j in pairs:
        a = old.statuses[i] if i is not None else ABSENT
        b = new.statuses[j] if j is not None else ABSENT
        if a != b:
            found.append(
                FindingChange(
                    old.findings[i] if i is not None else None, new.findings[j] if j is not None else None
                )
            )
    return tuple(found)


def _compare_reports(old: Iterable[Report], new: Iterable[Report]) -> list[FacilityChange]:
    cache: dict[tuple[int, int], tuple[tuple[int | None, int | None], ...]] = {}
    changes = []
    for row, (a, b) in enumerate(zip(old, new, strict=True)):
        if a.requirements is b.requirements and a.statuses == b.statuses:
            continue
        key = (id(a.requirements), id(b.requirements))
        pairs = cache.get(key)
        if pairs is None:
            pairs = cache[key] = _pairs(a.requirements, b.requirements)
        found = _finding_changes(a, b, pairs)
        if found:
            changes.append(FacilityChange(row, a.record, a.status, b.status, found))
    return changes


def _changed_rows(old: TableReport, new: TableReport) -> list[int]:
    import numpy as np

    pairs = _pairs(old.requirements, new.requirements)
    changed = old.status_codes != new.status_codes
    for i, j in pairs:
        if i is None or j is None:
            changed[:] = True  # a requirement only one policy has: every row differs in it
            break
        np.logical_or(changed, old.codes[i] != new.codes[j], out=changed)
    return [int(k) for k in np.flatnonzero(changed)]


def compare_checks(
    facilities: Iterable[FacilityRecord] | Mapping[str, Sequence[object]] | Any,
    old: Policy,
    new: Policy,
    *,
    on: dt.date | None = None,
    kind: str | type[FacilityRecord] | None = None,
    units: Mapping[str, object] | None = None,
) -> CheckComparison:
    """Check the same facilities under two policies and report which flip, with both citations.

    Parameters
    ----------
    facilities
        Facility records of any kinds (such as
        :func:`~jiceng_xiaofang.standards.sample_facilities`), or, with
        ``kind``, a table of one kind as :func:`~jiceng_xiaofang.check_table` takes it.
    old, new
        The two policies, such as a policy and the same policy amended
        (:meth:`Policy.amend <jiceng_xiaofang.Policy.amend>`).
    on
        The day both checks speak for (today by default): each policy's
        values in force on that day are the ones checked.
    kind, units
        For a table: its kind and the units of its columns, as for
        :func:`~jiceng_xiaofang.check_table`.

    Returns
    -------
    CheckComparison
        Every facility with a finding whose status changed; its ``flips``
        are those whose overall status changed.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> reform = jx.Amendment(
    ...     id="members_7", title="示例：关于调整社区微型消防站队员人数的通知", effective=dt.date(2025, 7, 1),
    ...     quote="社区微型消防站队员不少于7名", confidence="illustrative",
    ...     changes=[jx.RequirementChange("micro_fire_station.members", value=7)],
    ... )
    >>> policy = jx.load_policy()
    >>> stations = [jx.MicroFireStation(name=f"{n} members", members=n) for n in (6, 7)]
    >>> result = jx.compare_checks(stations, policy, policy.amend(reform), on=dt.date(2025, 7, 1))
    >>> [(c.record.name, [(f.requirement, f.status_old, f.status_new) for f in c.changes]) for c in result.changes]
    [('6 members', [('micro_fire_station.members@members_7', 'pass', 'fail')])]
    >>> print(result.changes[0].changes[0].to_text())
    micro_fire_station.members@members_7: pass -> fail (measured 6; >= 6 -> >= 7)
      old: yuzhong-2023 一（二） 「成员由6名以上的治安巡防队、保安队员、网格长（员）等力量组成」
      new: 示例：关于调整社区微型消防站队员人数的通知 [illustrative] 「社区微型消防站队员不少于7名」
    """
    from ..policy.model import Policy

    for name, policy in (("old", old), ("new", new)):
        if not isinstance(policy, Policy):
            raise XiaofangError(f"compare_checks: {name}: expected a Policy, got {type(policy).__name__}")
    if on is None:
        on = dt.date.today()
    elif not isinstance(on, dt.date):
        raise XiaofangError(f"on: expected a datetime.date, got {on!r}")
    if kind is None:
        if units is not None:
            raise XiaofangError("compare_checks: units= goes with a table of one kind (kind=)")
        if isinstance(facilities, Mapping) or not isinstance(facilities, Iterable):
            raise XiaofangError(
                "compare_checks: expected facility records; for a table of one kind give its kind="
            )
        records = tuple(facilities)
        before, after = check_all(records, old, on), check_all(records, new, on)
        changes = _compare_reports(before.reports, after.reports)
        count = len(records)
    else:
        table_old = check_table(facilities, kind=kind, units=units, policy=old, on=on)
        table_new = check_table(facilities, kind=kind, units=units, policy=new, on=on)
        rows = _changed_rows(table_old, table_new)
        changes = _compare_reports((table_old.report(i) for i in rows), (table_new.report(i) for i in rows))
        changes = [attrs.evolve(c, row=rows[c.row]) for c in changes]
        count = len(table_old)
    return CheckComparison(on=on, old=_label(old), new=_label(new), facilities=count, changes=tuple(changes))
