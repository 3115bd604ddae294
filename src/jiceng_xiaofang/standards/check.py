"""Check a facility record against the policy's requirements.

The record already holds plain floats in canonical units (read at the edge by
:mod:`jiceng_xiaofang.vocabulary.records`), and each requirement is compiled
once per policy into a small tuple, so a check is a loop of float comparisons
that builds one :class:`~jiceng_xiaofang.Finding` per requirement.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from ..errors import XiaofangError
from ..policy.model import Condition, Requirement
from ..vocabulary.records import OTHER_POST, FacilityRecord, record_type
from .findings import Report

if TYPE_CHECKING:
    from ..policy.model import Policy

__all__ = ["Compiled", "check", "compiled_requirements", "evaluate"]

_Test = Callable[[object, FacilityRecord], str]


def _compare_condition(condition: Condition) -> Callable[[FacilityRecord], bool | None]:
    field, comparator, target = condition.field, condition.comparator, condition.value

    def applies(record: FacilityRecord) -> bool | None:
        value = getattr(record, field)
        if value is None:
            return None
        if comparator == ">":
            return bool(value > target)
        if comparator == ">=":
            return bool(value >= target)
        if comparator == "<":
            return bool(value < target)
        if comparator == "<=":
            return bool(value <= target)
        return bool(value == target)

    return applies


def _no_value(_value: object, _record: FacilityRecord) -> str:
    return "unknown"


def _test(requirement: Requirement, on: dt.date) -> _Test:
    """The comparison of one requirement: measured value -> pass or fail (never called with None).

    A requirement with no value in force on the day is unknown whatever is measured.
    """
    if not requirement.in_force(on):
        return _no_value
    comparator = requirement.comparator
    if comparator == "present":
        return lambda value, _record: "pass" if value else "fail"
    if comparator == "==":
        expected = requirement.value
        return lambda value, _record: "pass" if value == expected else "fail"
    if comparator == "between":
        low, high = requirement.value, requirement.maximum
        assert isinstance(low, float) and high is not None
        return lambda value, _record: "pass" if low <= value <= high else "fail"  # type: ignore[operator]
    if requirement.value_field is not None:
        other = requirement.value_field

        def against_field(value: object, record: FacilityRecord) -> str:
            threshold = getattr(record, other)
            if threshold is None:
                return "unknown"
            ok = value >= threshold if comparator == ">=" else value <= threshold
            return "pass" if ok else "fail"

        return against_field
    threshold = requirement.value
    assert isinstance(threshold, float)
    if comparator == ">=":
        return lambda value, _record: "pass" if value >= threshold else "fail"  # type: ignore[operator]
    return lambda value, _record: "pass" if value <= threshold else "fail"  # type: ignore[operator]


_Rule = tuple[Requirement, str, _Test, Callable[[FacilityRecord], bool | None] | None]


@attrs.frozen
class Compiled:
    """The effective requirements of one kind of facility, ready for :func:`evaluate`.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.standards import compiled_requirements
    >>> compiled = compiled_requirements(jx.load_policy(), "fire_lane")
    >>> [r.id for r in compiled.requirements][:3]
    ['fire_lane.clear_width', 'fire_lane.clear_height', 'national.fire_lane.slope']
    """

    requirements: tuple[Requirement, ...]
    """The requirements in force on the day, in the policy's order."""
    rules: tuple[_Rule, ...]
    """For each requirement, the requirement, the field it reads, its test and its condition's test (``None`` when it has none)."""


def compiled_requirements(policy: Policy, subject: str, on: dt.date | None = None) -> Compiled:
    """The requirements of a subject in force on a day (today by default), compiled for :func:`evaluate`.

    Built once per policy and per stretch of days on which the same values
    are in force (:meth:`~jiceng_xiaofang.Policy.change_dates`).

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.standards import compiled_requirements
    >>> policy = jx.load_policy()
    >>> compiled = compiled_requirements(policy, "fire_lane", dt.date(2024, 7, 1))
    >>> len(compiled.requirements), compiled_requirements(policy, "fire_lane", dt.date(2025, 1, 1)) is compiled
    (6, True)
    """
    if on is None:
        on = dt.date.today()
    dates = policy.change_dates(subject)
    key = (
        f"standards.compiled.{subject}.{bisect.bisect_right(dates, on)}"
        if dates
        else f"standards.compiled.{subject}"
    )

    def build() -> Compiled:
        requirements = policy.effective_requirements(subject, on)
        rules = tuple(
            (r, r.field, _test(r, on), _compare_condition(r.when) if r.when is not None else None)
            for r in requirements
        )
        return Compiled(requirements=requirements, rules=rules)

    return policy.memo(key, build)


def post_labels(policy: Policy) -> Mapping[str, str]:
    """The Chinese label of every post code of a policy (its roles, and 其他), for findings.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.standards import post_labels
    >>> post_labels(jx.load_policy())["party_branch_secretary"]
    '社区支部书记'
    """

    def build() -> Mapping[str, str]:
        labels = {r.code: r.zh for r in policy.roles}
        labels[OTHER_POST[0]] = OTHER_POST[1]
        return MappingProxyType(labels)

    return policy.memo("standards.post_labels", build)


def _post_fields(kind: str) -> tuple[str, ...]:
    return tuple(spec.name for spec in record_type(kind).fields() if spec.dimension == "post")


def with_post_codes(record: FacilityRecord, policy: Policy) -> FacilityRecord:
    """The record with every post field written as the policy's role code (a name or alias resolved).

    Raises :class:`~jiceng_xiaofang.XiaofangError` naming the field for a
    post the policy does not have.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.standards import with_post_codes
    >>> with_post_codes(jx.MicroFireStation(chief_post="社区支部书记"), jx.load_policy()).chief_post
    'party_branch_secretary'
    """
    changes = {}
    for name in policy.memo(f"standards.post_fields.{record.kind}", lambda: _post_fields(record.kind)):
        value = getattr(record, name)
        if value is not None:
            code = policy.post_code(value, field=f"{record.kind}.{name}")
            if code != value:
                changes[name] = code
    return attrs.evolve(record, **changes) if changes else record


def evaluate(
    record: FacilityRecord,
    compiled: Compiled,
    on: dt.date,
    document: str,
    labels: Mapping[str, str] | None = None,
) -> Report:
    """Run compiled requirements over one record (the inner loop of :func:`~jiceng_xiaofang.check`).

    Only statuses are computed here; the report builds its :class:`~jiceng_xiaofang.Finding` objects when asked.
    Post fields must hold role codes (:func:`with_post_codes`); ``labels`` names them in Chinese.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.standards import FireLane, compiled_requirements, evaluate
    >>> compiled = compiled_requirements(jx.load_policy(), "fire_lane")
    >>> evaluate(FireLane(clear_width=3.9, clear_height=4.2), compiled, dt.date(2024, 7, 1), "policy")
    <Report fire_lane '': fail (1 pass, 1 fail, 4 unknown)>
    """
    statuses: list[str] = []
    append = statuses.append
    for _requirement, field, test, applies in compiled.rules:
        if applies is not None:
            applicable = applies(record)
            if applicable is not True:
                append("unknown" if applicable is None else "not_applicable")
                continue
        value = getattr(record, field)
        append("unknown" if value is None else test(value, record))
    if labels is None:
        return Report(record, compiled.requirements, tuple(statuses), on, document)
    return Report(record, compiled.requirements, tuple(statuses), on, document, labels)


@functools.cache
def _default_policy() -> Policy:
    from ..policy.load import load_policy

    return load_policy()


def check(record: FacilityRecord, policy: Policy | None = None, on: dt.date | None = None) -> Report:
    """Check one facility record against the policy's requirements.

    Parameters
    ----------
    record
        A facility record such as :class:`~jiceng_xiaofang.MicroFireStation`.
    policy
        The policy (with its baseline layer); the embedded Yuzhong 2023 policy by default.
    on
        The date the check speaks for (today by default).  The values in
        force on that day are the ones checked (an undated requirement is in
        force every day); a requirement with no value in force that day is
        *unknown*, never a pass.  Before a requirement's deadline a failure
        is *due*, after it *overdue*.

    Returns
    -------
    Report
        One finding per effective requirement of the record's kind.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> station = jx.MicroFireStation(members=6, room_area="30 平方米", night_duty_beds=2)
    >>> report = jx.check(station, on=dt.date(2024, 7, 1))
    >>> report.finding("micro_fire_station.room_area").status
    'pass'
    >>> report.status  # the rest of the station is not known yet
    'unknown'
    >>> jx.check(jx.MicroFireStation(room_area="323 ft²")).finding("micro_fire_station.room_area").status
    'pass'
    """
    if not isinstance(record, FacilityRecord):
        raise XiaofangError(
            f"check: expected a facility record such as MicroFireStation, got {type(record).__name__}; "
            "build one from a dict with jiceng_xiaofang.record_from_dict"
        )
    if policy is None:
        policy = _default_policy()
    if on is None:
        on = dt.date.today()
    elif not isinstance(on, dt.date):
        raise XiaofangError(f"on: expected a datetime.date, got {on!r}")
    record = with_post_codes(record, policy)
    compiled = compiled_requirements(policy, record.kind, on)
    return evaluate(record, compiled, on, policy.document.id, post_labels(policy))
