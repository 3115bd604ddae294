"""Amendments: a reform that changes a requirement's value or strength from a date, with its own citation.

An :class:`Amendment` is a document (a notice, a revision of the policy, a new
standard) that changes requirements from the day it takes effect.
:meth:`Policy.amend <jiceng_xiaofang.Policy.amend>` returns a new policy in
which each requirement it changes is split at that day: the old value stays in
force before it, the new value from it, citing the amendment's document and
quote instead of the clause it replaces.  The original policy is unchanged.

Amendments are data like the rest of a policy: a small TOML file
(:func:`~jiceng_xiaofang.load_amendments`, format in the user guide's page on the policy file
format) holds them; the classes are for notebooks.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from .._toml import Table, parse_toml, read_bytes
from .._toml_locate import locate
from ..errors import DataFileError, NotFoundError, UnitError, XiaofangError
from ..units import CANONICAL_UNITS, to_canonical
from ..vocabulary.provenance import CONFIDENCE_LEVELS
from ..vocabulary.records import field_spec
from .model import STRENGTHS, Requirement

if TYPE_CHECKING:
    from .model import Policy

__all__ = [
    "AMENDMENT_FORMAT_VERSION",
    "Amendment",
    "AmendmentError",
    "AmendmentFileError",
    "RequirementChange",
    "apply_amendments",
    "load_amendments",
    "parse_amendments",
]

AMENDMENT_FORMAT_VERSION = 1
"""The version of the amendment file format this package reads (``format = 1``)."""

_ID = re.compile(r"[a-z0-9_]+")
_NUMERIC = (">=", "<=", "between")


class AmendmentError(XiaofangError):
    """An amendment that cannot be built or applied: an unknown requirement, a wrong unit, a value it cannot take.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.policy import Amendment, RequirementChange
    >>> typo = Amendment(id="typo", title="示例", effective=dt.date(2025, 1, 1), quote="队员不少于7名",
    ...                  changes=[RequirementChange("micro_fire_station.member", value=7)])
    >>> jx.load_policy().amend(typo)
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.policy.amend.AmendmentError: amendment 'typo', change[0]: no requirement 'micro_fire_station.member' in the policy; did you mean 'micro_fire_station.members' or 'national.micro_fire_station.members' or 'micro_fire_station.helmets'?
    """


class AmendmentFileError(DataFileError):
    """An amendment file that cannot be read or does not follow its format.

    Examples
    --------
    >>> from jiceng_xiaofang.policy import parse_amendments
    >>> parse_amendments("format = 1", source="a.toml")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.policy.amend.AmendmentFileError: a.toml: amendment: missing required key
    """


def _fail(message: str) -> AmendmentError:
    return AmendmentError(message)


def _check_measure(value: object, name: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _fail(f"change {name}: expected a number or a text such as '35 平方米', got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise _fail(f"change {name}: expected a finite number, got {value!r}")


@attrs.frozen
class RequirementChange:
    """One change an amendment makes: a requirement's new value, range, norm or strength.

    ``requirement`` is the id of the requirement changed.  ``value``,
    ``maximum`` and ``norm`` are numbers in ``unit`` (the field's canonical
    unit when not given) or texts with their unit (``"35 平方米"``); for a post
    requirement (``==``) ``value`` is a post (a role's code or name).
    ``name_zh`` and ``name_en`` rename the requirement; by default its names
    say what was amended.

    Examples
    --------
    >>> from jiceng_xiaofang.policy import RequirementChange
    >>> RequirementChange("micro_fire_station.room_area", value=35, unit="m^2").value
    35
    >>> RequirementChange("micro_fire_station.room_area")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.policy.amend.AmendmentError: change of 'micro_fire_station.room_area': give a value, maximum, norm or strength to change
    """

    requirement: str
    """The id of the requirement changed, such as ``micro_fire_station.room_area``."""
    value: float | str | None = None
    """The new value (threshold or floor), a number in :attr:`unit`, a text with its unit, or a post for ``==``; ``None`` to keep it."""
    maximum: float | str | None = None
    """The new top of a ``between`` range, as :attr:`value`; ``None`` to keep it."""
    unit: str | None = None
    """The unit of a number given, such as ``m^2``; ``None`` for the field's canonical unit."""
    strength: str | None = None
    """The new strength (:data:`~jiceng_xiaofang.policy.STRENGTHS`); ``None`` to keep it."""
    norm: float | str | None = None
    """The new usual number beside a floor, as :attr:`value`; ``None`` to keep it."""
    name_zh: str | None = None
    """A new Chinese name; ``None`` to say what was amended."""
    name_en: str | None = None
    """A new English name; ``None`` to say what was amended."""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.requirement, str) or not self.requirement.strip():
            raise _fail(f"change requirement: expected a requirement id, got {self.requirement!r}")
        where = f"change of {self.requirement!r}"
        for name in ("value", "maximum", "norm"):
            _check_measure(getattr(self, name), name)
        if self.strength is not None and self.strength not in STRENGTHS:
            raise _fail(f"{where}: strength: expected one of {', '.join(STRENGTHS)}; got {self.strength!r}")
        for name in ("unit", "name_zh", "name_en"):
            text = getattr(self, name)
            if text is not None and (not isinstance(text, str) or not text.strip()):
                raise _fail(f"{where}: {name}: expected a non-empty text, got {text!r}")
        if self.value is None and self.maximum is None and self.norm is None and self.strength is None:
            raise _fail(f"{where}: give a value, maximum, norm or strength to change")
        if self.unit is not None and self.value is None and self.maximum is None and self.norm is None:
            raise _fail(f"{where}: a unit goes with a value, maximum or norm")


def _changes(value: Iterable[RequirementChange]) -> tuple[RequirementChange, ...]:
    if isinstance(value, RequirementChange | str) or not isinstance(value, Iterable):
        raise _fail(f"changes: expected a list of RequirementChange, got {value!r}")
    return tuple(value)


@attrs.frozen
class Amendment:
    """A reform: a document that changes requirements from the day it takes effect, with its own citation.

    ``title`` and ``number`` (文号, when it has one) name the document,
    ``issuer`` and ``issued`` say who issued it and when, ``effective`` is
    the first day its values are in force, and ``quote`` the words that
    found the changes.  ``source`` says where the document is published and
    ``confidence`` how far it is confirmed (``official``, ``secondary``,
    ``unverified`` or ``illustrative`` for an invented example).

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.policy import Amendment, RequirementChange
    >>> reform = Amendment(
    ...     id="room_35",
    ...     title="示例：关于提高社区微型消防站站房面积的通知",
    ...     number="示例府办发〔2025〕1号",
    ...     effective=dt.date(2025, 7, 1),
    ...     quote="站房面积不小于35平方米",
    ...     changes=[RequirementChange("micro_fire_station.room_area", value="35 平方米")],
    ...     confidence="illustrative",
    ... )
    >>> reform.citation
    '示例：关于提高社区微型消防站站房面积的通知（示例府办发〔2025〕1号） [illustrative]'
    """

    id: str
    """Lower-case words joined by ``_``, such as ``room_35``; it tags the ids of the requirements it sets (``…@room_35``)."""
    title: str
    """The document's title, as printed."""
    effective: dt.date
    """The first day its values are in force."""
    quote: str
    """The words of the document that found the changes."""
    changes: tuple[RequirementChange, ...] = attrs.field(converter=_changes)
    """The changes it makes, at least one, applied in order."""
    number: str | None = None
    """Its document number (文号); ``None`` when it has none."""
    issuer: str = ""
    """The body that issued it; ``""`` when not given."""
    issued: dt.date | None = None
    """The date it was issued; ``None`` when not given."""
    source: str = ""
    """Where the document is published; ``""`` when not given."""
    confidence: str = "unverified"
    """How far it is confirmed, one of :data:`~jiceng_xiaofang.vocabulary.CONFIDENCE_LEVELS`."""
    origin: str = attrs.field(default="", eq=False, repr=False)
    """Where it was read from (``file:line``); ``""`` for one made in code."""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID.fullmatch(self.id):
            raise _fail(
                f"amendment id: expected lower-case words joined by _ such as 'members_7', got {self.id!r}"
            )
        where = f"amendment {self.id!r}"
        for name in ("title", "quote"):
            text = getattr(self, name)
            if not isinstance(text, str) or not text.strip():
                raise _fail(f"{where}: {name}: expected a non-empty text, got {text!r}")
        for name in ("effective", "issued"):
            day = getattr(self, name)
            if (day is not None or name == "effective") and (
                isinstance(day, dt.datetime) or not isinstance(day, dt.date)
            ):
                raise _fail(f"{where}: {name}: expected a datetime.date, got {day!r}")
        if self.number is not None and (not isinstance(self.number, str) or not self.number.strip()):
            raise _fail(
                f"{where}: number: expected a document number such as '渝府办发〔2022〕110号', got {self.number!r}"
            )
        for name in ("issuer", "source"):
            if not isinstance(getattr(self, name), str):
                raise _fail(f"{where}: {name}: expected a text, got {getattr(self, name)!r}")
        if self.confidence not in CONFIDENCE_LEVELS:
            raise _fail(
                f"{where}: confidence: expected one of {', '.join(CONFIDENCE_LEVELS)}; got {self.confidence!r}"
            )
        if not self.changes:
            raise _fail(f"{where}: changes: an amendment changes at least one requirement")
        for i, change in enumerate(self.changes):
            if not isinstance(change, RequirementChange):
                raise _fail(f"{where}: changes[{i}]: expected a RequirementChange, got {change!r}")

    @property
    def citation(self) -> str:
        """How findings cite the amendment, by its title, its number and how far it is confirmed."""
        number = f"（{self.number}）" if self.number else ""
        return f"{self.title}{number} [{self.confidence}]"


# --- applying --------------------------------------------------------------------------------------


def apply_amendments(policy: Policy, amendments: Sequence[Amendment]) -> Policy:
    """A new policy with the amendments applied in order (what :meth:`Policy.amend <jiceng_xiaofang.Policy.amend>` does).

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.policy import Amendment, RequirementChange, apply_amendments
    >>> reform = Amendment(id="advisory_slope", title="示例", effective=dt.date(2026, 1, 1),
    ...                    quote="坡度不应大于8%", confidence="illustrative",
    ...                    changes=[RequirementChange("national.fire_lane.slope_recommended", strength="required")])
    >>> reformed = apply_amendments(jx.load_policy(), [reform])
    >>> [(r.id, r.strength, r.period_text()) for r in reformed.requirements if r.id.startswith("national.fire_lane.slope_")]
    [('national.fire_lane.slope_recommended', 'advisory', 'before 2026-01-01'), ('national.fire_lane.slope_recommended@advisory_slope', 'required', 'from 2026-01-01')]
    """
    requirements = list(policy.requirements)
    applied = list(policy.amendments)
    for amendment in amendments:
        if not isinstance(amendment, Amendment):
            raise _fail(f"amend: expected Amendment objects, got {amendment!r}")
        if any(a.id == amendment.id for a in applied):
            raise _fail(f"amendment {amendment.id!r} is already applied to this policy")
        for i, change in enumerate(amendment.changes):
            requirements = _apply(requirements, amendment, i, change, policy)
        applied.append(amendment)
    return attrs.evolve(policy, requirements=tuple(requirements), amendments=tuple(applied))


def _where(amendment: Amendment, i: int) -> str:
    origin = f" ({amendment.origin})" if amendment.origin else ""
    return f"amendment {amendment.id!r}{origin}, change[{i}]"


def _apply(
    requirements: list[Requirement], amendment: Amendment, i: int, change: RequirementChange, policy: Policy
) -> list[Requirement]:
    where = _where(amendment, i)
    wanted = change.requirement
    targets = [r for r in requirements if r.id == wanted or r.id.startswith(f"{wanted}@")]
    if not targets:
        raise _fail(f"{where}: {NotFoundError.for_name('requirement', wanted, [r.id for r in requirements])}")
    day = amendment.effective
    live = {id(r) for r in targets if r.effective_until is None or r.effective_until > day}
    if not live:
        ends = max(r.effective_until for r in targets if r.effective_until is not None)
        raise _fail(
            f"{where}: requirement {wanted!r} has no value in force on or after {day} (its last ends before {ends})"
        )
    found: list[Requirement] = []
    for r in requirements:
        if id(r) not in live:
            found.append(r)
            continue
        if r.effective_from is None or r.effective_from < day:
            found.append(attrs.evolve(r, effective_until=day))
        found.append(_amended(r, amendment, change, where, policy))
    return found


def _measure(
    raw: float | str | None, unit: str | None, r: Requirement, name: str, where: str
) -> float | None:
    if raw is None:
        return None
    dimension = field_spec(r.subject, r.field).dimension
    given: object = raw
    if unit is not None:
        if isinstance(raw, str):
            raise _fail(f"{where}: {name}: with a unit, give a number; got {raw!r} and unit {unit!r}")
        given = f"{raw} {unit}"
    try:
        value = to_canonical(given, field=f"{r.id} {name}", dimension=dimension)
    except UnitError as exc:
        raise _fail(f"{where}: {exc}") from None
    if value is None:
        raise _fail(f"{where}: {name}: expected a value, got {raw!r}")
    return value


def _amended(
    r: Requirement, amendment: Amendment, change: RequirementChange, where: str, policy: Policy
) -> Requirement:
    value: float | str | None = r.value
    maximum, norm = r.maximum, r.norm
    numbers_change = change.value is not None or change.maximum is not None or change.norm is not None
    if numbers_change and r.comparator == "present":
        raise _fail(
            f"{where}: {r.id} asks for presence ('present') and takes no value: change its strength only"
        )
    if numbers_change and r.value_field is not None:
        raise _fail(f"{where}: {r.id} compares with the field {r.value_field!r}, not a value")
    if change.maximum is not None and r.comparator != "between":
        raise _fail(f"{where}: maximum goes with a range ('between'); {r.id} is {r.comparator!r}")
    if change.norm is not None and r.comparator != ">=":
        raise _fail(f"{where}: a norm goes with a floor ('>='); {r.id} is {r.comparator!r}")
    if r.comparator == "==":
        if change.value is not None:
            if not isinstance(change.value, str) or change.unit is not None:
                raise _fail(
                    f"{where}: {r.id} asks for a post: give a role's code or name, got {change.value!r}"
                )
            try:
                value = policy.post_code(change.value, field=f"{where}: value")
            except XiaofangError as exc:
                raise _fail(str(exc)) from None
    elif r.comparator in _NUMERIC:
        value = _measure(change.value, change.unit, r, "value", where) if change.value is not None else value
        if change.maximum is not None:
            maximum = _measure(change.maximum, change.unit, r, "maximum", where)
        if change.norm is not None:
            norm = _measure(change.norm, change.unit, r, "norm", where)
        assert isinstance(value, float)
        if maximum is not None and maximum < value:
            raise _fail(f"{where}: the range's maximum {maximum:g} is below its value {value:g}")
        if norm is not None and norm < value:
            raise _fail(f"{where}: the norm {norm:g} is below the new floor {value:g}: change the norm too")
    amended = attrs.evolve(
        r,
        id=f"{r.id}@{amendment.id}",
        value=value,
        maximum=maximum,
        norm=norm,
        strength=change.strength or r.strength,
        clause=None,
        quote=amendment.quote,
        label="",
        source=amendment.citation,
        confidence=amendment.confidence,
        effective_from=max(r.effective_from or amendment.effective, amendment.effective),
        amendment=amendment,
        amends=r,
    )
    what = []
    if numbers_change:
        what.append(amended.threshold_text())
    if change.strength is not None and change.strength != r.strength:
        what.append(change.strength)
    name_zh = change.name_zh or (f"{r.name_zh}（修订为 {'，'.join(what)}）" if what else r.name_zh)
    name_en = change.name_en or (f"{r.name_en} (amended: {', '.join(what)})" if what else r.name_en)
    return attrs.evolve(amended, name_zh=name_zh, name_en=name_en)


# --- the file format -------------------------------------------------------------------------------


def _measure_key(t: Table, name: str) -> float | str | None:
    raw = t.raw(name, required=False)
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        t.fail(f"expected a number (or, for a post, a role code), got {raw!r}", name)
    if isinstance(raw, float) and not math.isfinite(raw):
        t.fail(f"expected a finite number, got {raw!r}", name)
    if isinstance(raw, str) and not raw.strip():
        t.fail("expected a number or a non-empty text, got an empty one", name)
    return raw


def _change(t: Table) -> RequirementChange:
    requirement = t.req_text("requirement")
    value, maximum, norm = (_measure_key(t, name) for name in ("value", "maximum", "norm"))
    unit = t.text("unit", required=False)
    if unit is not None and unit not in CANONICAL_UNITS:
        t.fail(f"unknown unit {unit!r}; expected one of {', '.join(CANONICAL_UNITS)}", "unit")
    if unit is not None and value is None and maximum is None and norm is None:
        t.fail("a unit goes with a value, maximum or norm", "unit")
    strength = t.text("strength", required=False)
    if strength is not None and strength not in STRENGTHS:
        t.fail(f"expected one of {', '.join(STRENGTHS)}; got {strength!r}", "strength")
    if value is None and maximum is None and norm is None and strength is None:
        t.fail("a change sets a value, maximum, norm or strength", "requirement")
    name_zh = t.text("name_zh", required=False)
    name_en = t.text("name_en", required=False)
    t.done()
    return RequirementChange(
        requirement=requirement,
        value=value,
        maximum=maximum,
        unit=unit,
        strength=strength,
        norm=norm,
        name_zh=name_zh,
        name_en=name_en,
    )


def _amendment(t: Table) -> Amendment:
    amendment_id = t.req_text("id")
    if not _ID.fullmatch(amendment_id):
        t.fail(
            f"an amendment id is lower-case words joined by _ such as 'members_7', got {amendment_id!r}", "id"
        )
    title = t.req_text("title")
    number = t.text("number", required=False)
    issuer = t.text("issuer", required=False) or ""
    issued = t.date("issued", required=False)
    effective = t.date("effective")
    assert effective is not None
    quote = t.req_text("quote")
    source = t.text("source", required=False) or ""
    confidence = t.choice("confidence", CONFIDENCE_LEVELS)
    changes = tuple(_change(c) for c in t.tables("change"))
    if not changes:
        t.fail("an amendment changes at least one requirement: add a [[amendment.change]]", "change")
    t.done()
    line = locate(t.text_of_file, t.path) if t.text_of_file else None
    return Amendment(
        id=amendment_id,
        title=title,
        effective=effective,
        quote=quote,
        changes=changes,
        number=number,
        issuer=issuer,
        issued=issued,
        source=source,
        confidence=confidence,
        origin=f"{t.file}:{line}" if line is not None else t.file,
    )


def parse_amendments(data: bytes | str, *, source: str = "<string>") -> tuple[Amendment, ...]:
    """Read amendments from the text of an amendment file (``format = 1``, ``[[amendment]]`` tables).

    Raises :class:`~jiceng_xiaofang.policy.AmendmentFileError` naming the file, the line and the key
    for a file that breaks the format.  Whether each change fits the policy
    (its requirement, unit and value) is checked when the amendments are
    applied, by :meth:`Policy.amend <jiceng_xiaofang.Policy.amend>`.

    Examples
    --------
    >>> from jiceng_xiaofang.policy import parse_amendments
    >>> [reform] = parse_amendments('''
    ... format = 1
    ... [[amendment]]
    ... id = "members_7"
    ... title = "示例：关于调整社区微型消防站队员人数的通知"
    ... effective = 2025-07-01
    ... quote = "社区微型消防站队员不少于7名"
    ... confidence = "illustrative"
    ... [[amendment.change]]
    ... requirement = "micro_fire_station.members"
    ... value = 7
    ... unit = "person"
    ... ''', source="reform.toml")
    >>> reform.effective, reform.changes[0].value, reform.origin
    (datetime.date(2025, 7, 1), 7, 'reform.toml:3')
    """
    root = parse_toml(data, source=source, error=AmendmentFileError)
    version = root.integer("format")
    if version != AMENDMENT_FORMAT_VERSION:
        root.fail(
            f"this package reads amendment format {AMENDMENT_FORMAT_VERSION}, the file has {version}",
            "format",
        )
    root.text("about", required=False)
    found: list[Amendment] = []
    for t in root.tables("amendment"):
        amendment = _amendment(t)
        if any(a.id == amendment.id for a in found):
            t.fail(f"duplicate amendment id {amendment.id!r}", "id")
        found.append(amendment)
    root.done()
    return tuple(found)


def load_amendments(path: str | os.PathLike[str]) -> tuple[Amendment, ...]:
    """Read an amendment file (see :func:`~jiceng_xiaofang.policy.parse_amendments`).

    Examples
    --------
    >>> from jiceng_xiaofang.policy import load_amendments
    >>> load_amendments("missing.toml")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.policy.amend.AmendmentFileError: missing.toml: cannot read the file (No such file or directory)
    """
    return parse_amendments(read_bytes(path, error=AmendmentFileError), source=os.fspath(path))
