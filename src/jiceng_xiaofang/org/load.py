"""Read a district file (TOML) into a validated :class:`~jiceng_xiaofang.District`."""

from __future__ import annotations

import collections
import datetime as dt
import functools
import os
import re
from collections.abc import Mapping
from importlib import resources

import attrs

from .._toml import Table, parse_toml, read_bytes
from ..errors import DistrictFileError, NotFoundError
from ..policy.load import load_policy
from ..policy.model import Policy
from ..vocabulary.hierarchy import DIVISION_KINDS, QUALIFICATIONS, UNIT_KINDS
from ..vocabulary.provenance import CONFIDENCE_LEVELS, Provenance
from .model import District, Person, Street, Tenure, Unit

__all__ = [
    "DISTRICT_FORMAT_VERSION",
    "MAX_UNIT_DEPTH",
    "load_district",
    "parse_district",
    "sample_district",
    "yuzhong",
]

DISTRICT_FORMAT_VERSION = 1
"""The district file format this version of the package reads."""

MAX_UNIT_DEPTH = 32
"""How many levels below the district a unit may sit (a street is 1).  Real hierarchies have about six
(street, community, residents' group, compound, grid); a file nested deeper is refused, since a unit
without a code is named by its path and a chain thousands deep would be quadratic in memory."""

_EMBEDDED = "yuzhong-district.toml"
_DISTRICT_CODE = re.compile(r"[0-9]{6}")
_STREET_CODE = re.compile(r"[0-9]{9}")


def yuzhong() -> District:
    """The embedded Yuzhong District (渝中区) with its 11 streets and their statistical codes.

    The codes are the national statistics division codes of 2022, tagged
    ``secondary`` (see ``District.provenance``).  Communities are not
    embedded; load a district file with :func:`load_district` for them.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> [s.name for s in jx.yuzhong().streets][:3]
    ['七星岗街道', '解放碑街道', '两路口街道']
    >>> jx.yuzhong() is jx.yuzhong()
    True
    """
    return _embedded()


@functools.cache
def _embedded() -> District:
    raw = resources.files("jiceng_xiaofang.data").joinpath(_EMBEDDED).read_bytes()
    return parse_district(raw, source=f"<embedded {_EMBEDDED}>")


def sample_district() -> District:
    """The bundled sample district file: Yuzhong's streets with invented communities, people and posts.

    Everything below the streets is **illustrative** (``provenance.confidence``).

    Examples
    --------
    >>> from jiceng_xiaofang.org import sample_district
    >>> d = sample_district()
    >>> d.provenance.confidence, len(d.streets), d.unit("解放碑街道/示例甲社区").kind
    ('illustrative', 11, 'community')
    """
    return _sample()


@functools.cache
def _sample() -> District:
    raw = resources.files("jiceng_xiaofang.data").joinpath("sample-district.toml").read_bytes()
    return parse_district(raw, source="<embedded sample-district.toml>")


def load_district(path: str | os.PathLike[str], *, policy: Policy | None = None) -> District:
    """Load a district file, checking its posts against a policy (the embedded one by default).

    The district remembers its policy (``District.policy``): the questions
    asked of it (who is responsible, who supervises, staffing) use that
    policy's roles and rules unless another is given.

    Raises
    ------
    DistrictFileError
        The file is missing, is not TOML, or breaks the format; the message
        names the file and the key path.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> jx.load_district("no-such-file.toml")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.DistrictFileError: no-such-file.toml: cannot read the file (No such file or directory)
    """
    return parse_district(read_bytes(path, error=DistrictFileError), source=str(path), policy=policy)


def parse_district(data: bytes | str, *, source: str = "<string>", policy: Policy | None = None) -> District:
    """Parse and validate the text of a district file against a policy (the embedded one by default).

    Streets go in ``[[street]]``, towns in ``[[town]]`` and townships in
    ``[[township]]``; communities, villages, groups, compounds, grids and
    police stations in ``[[unit]]``; people in ``[[person]]``; who held which
    of the policy's posts, and when, in ``[[tenure]]``.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> d = jx.parse_district('''
    ... format = 1
    ... [district]
    ... name = "示例区"
    ... name_en = "Example District"
    ... code = "990001"
    ... source = "invented for this example"
    ... confidence = "illustrative"
    ... [[street]]
    ... name = "示例街道"
    ... name_en = "Example Street"
    ... code = "990001001"
    ... ''')
    >>> d.street("990001001").office
    '示例街道办事处'
    """
    policy = load_policy() if policy is None else policy
    root = parse_toml(data, source=source, error=DistrictFileError)
    version = root.integer("format")
    if version != DISTRICT_FORMAT_VERSION:
        root.fail(
            f"this package reads district format {DISTRICT_FORMAT_VERSION}, the file has {version}", "format"
        )
    head = root.table("district")
    assert head is not None
    code = head.req_text("code")
    if not _DISTRICT_CODE.fullmatch(code):
        head.fail(f"a district code has 6 digits, got {code!r}", "code")
    confidence = head.req_text("confidence")
    if confidence not in CONFIDENCE_LEVELS:
        head.fail(f"expected one of {', '.join(CONFIDENCE_LEVELS)}; got {confidence!r}", "confidence")
    district_name = head.req_text("name")
    name_en = head.req_text("name_en")
    provenance = Provenance(source=head.req_text("source"), confidence=confidence)
    extends = head.text("extends", required=False)
    if extends is not None and extends != "yuzhong":
        head.fail(f"a district file can extend only the embedded 'yuzhong'; got {extends!r}", "extends")
    if extends == "yuzhong" and code != yuzhong().code:
        head.fail(f"a file that extends yuzhong has its code {yuzhong().code}, got {code!r}", "code")
    head.done()
    divisions = [(kind, root.tables(kind)) for kind in DIVISION_KINDS if root.has(kind)]
    if extends == "yuzhong" and not divisions:
        streets = yuzhong().streets
    elif not divisions:
        root.fail(
            "a district file lists its streets, towns or townships ([[street]], [[town]], [[township]])",
            "street",
        )
    else:
        streets = _streets(divisions, code)
    skeleton = District(
        name=district_name, name_en=name_en, code=code, streets=streets, provenance=provenance, policy=policy
    )
    units = _units(root.tables("unit"), skeleton) if root.has("unit") else ()
    with_units = attrs.evolve(skeleton, units=units)
    persons = _persons(root.tables("person")) if root.has("person") else ()
    tenures = _tenures(root.tables("tenure"), with_units, persons, policy) if root.has("tenure") else ()
    root.done()
    return attrs.evolve(with_units, persons=persons, tenures=tenures)


def _units(tables: list[Table], district: District) -> tuple[Unit, ...]:
    """Read [[unit]] tables.

    A unit's parent is the district's code, a street (name, office or code), or another unit by its
    id, code or path of names (``"解放碑街道/示例甲社区"``), in any order in the file.  A unit without
    a code or id gets its path as its id.  Each unit is resolved once its parent is (children wait on
    their parent's reference, so any order costs one pass); what cannot be resolved is an unknown
    parent or a cycle.  Units nest at most :data:`MAX_UNIT_DEPTH` levels below the district.
    """
    known: dict[str, str] = {district.code: district.code}
    path_of: dict[str, str] = {district.code: ""}
    for street in district.streets:
        for ref in (street.name, street.office, street.code):
            known[ref] = street.code
        path_of[street.code] = street.name
    pending: list[tuple[Table, Unit]] = []
    explicit: set[str] = set()
    for t in tables:
        kind = t.req_text("kind")
        if kind in DIVISION_KINDS:
            parent = t.text("parent", required=False)
            below = parent not in (None, district.code, district.name)
            where = f", not under {parent!r}" if below else ""
            t.fail(
                f"a {kind} sits directly under the district{where}: list it in [[{kind}]]",
                "parent" if below else "kind",
            )
        if kind not in UNIT_KINDS or kind == "district":
            allowed = ", ".join(k for k in UNIT_KINDS if k != "district" and k not in DIVISION_KINDS)
            t.fail(f"expected one of {allowed}; got {kind!r}", "kind")
        code = t.text("code", required=False) or ""
        unit_id = t.text("id", required=False) or code
        if code and not code.startswith(district.code):
            t.fail(f"code {code} does not start with the district code {district.code}", "code")
        if unit_id and (unit_id in explicit or unit_id in known):
            t.fail(f"duplicate {'code' if code else 'id'} {unit_id!r}", "code" if code else "id")
        if unit_id:
            explicit.add(unit_id)
        covers = t.texts("covers", required=kind == "police_station")
        if covers and kind != "police_station":
            t.fail("only a police station covers streets", "covers")
        unit = Unit(
            id=unit_id,
            kind=kind,
            name=t.req_text("name"),
            parent=t.text("parent", required=kind != "police_station") or district.code,
            name_en=t.text("name_en", required=False) or "",
            code=code,
            covers=covers,
        )
        t.done()
        pending.append((t, unit))
    resolved: dict[int, Unit] = {}
    depth_of: dict[str, int] = {district.code: 0, **{s.code: 1 for s in district.streets}}
    waiting: dict[str, list[int]] = {}  # a parent's reference -> the units waiting for it, in file order
    ready: collections.deque[int] = collections.deque()
    for i, (_, unit) in enumerate(pending):
        if unit.parent in known:
            ready.append(i)
        else:
            waiting.setdefault(unit.parent, []).append(i)
    while ready:
        i = ready.popleft()
        t, unit = pending[i]
        parent = known[unit.parent]
        path = f"{path_of[parent]}/{unit.name}".lstrip("/")
        unit_id = unit.id or path
        if unit_id in path_of:
            t.fail(f"duplicate unit {path!r} (give one of them a code or an id)", "name")
        depth = depth_of[parent] + 1
        if depth > MAX_UNIT_DEPTH:
            t.fail(
                f"the unit is {depth} levels below the district; at most {MAX_UNIT_DEPTH} are read", "parent"
            )
        depth_of[unit_id] = depth
        for ref in (path, unit_id):
            if ref not in known:
                known[ref] = unit_id
                ready.extend(waiting.pop(ref, ()))
        known[unit_id] = unit_id
        path_of[unit_id] = path
        resolved[i] = attrs.evolve(unit, id=unit_id, parent=parent)
    if waiting:
        left = sorted(i for group in waiting.values() for i in group)
        t, unit = pending[left[0]]
        waits_on = {pending[i][1].id: pending[i][1].parent for i in left if pending[i][1].id}
        if unit.parent in waits_on:
            chain = [unit.id, unit.parent]
            while chain[-1] in waits_on and chain[-1] not in chain[:-1]:
                chain.append(waits_on[chain[-1]])
            t.fail(f"the parents form a cycle: {' -> '.join(chain)}", "parent")
        t.fail(
            f"unknown parent {unit.parent!r}: not the district, a street, or a unit of this file",
            "parent",
        )
    units = tuple(resolved[i] for i in sorted(resolved))
    by_id = {u.id: u for u in units}
    for t, unit in zip(tables, units, strict=True):
        _check_unit(t, unit, by_id, district)
    return tuple(attrs.evolve(u, covers=_covers(t, u, district)) for t, u in zip(tables, units, strict=True))


def _check_unit(t: Table, unit: Unit, units: Mapping[str, Unit], district: District) -> None:
    allowed = UNIT_KINDS[unit.kind][2]
    if unit.kind == "grid":
        allowed = (*allowed, "grid")  # a grid may be divided into smaller grids (微网格)
    if unit.parent == district.code:
        parent_kind = "district"
    else:
        parent_kind = units[unit.parent].kind if unit.parent in units else district.unit(unit.parent).kind
    if parent_kind not in allowed:
        t.fail(f"a {unit.kind} sits under a {' or '.join(allowed)}, not a {parent_kind}", "parent")


def _covers(t: Table, unit: Unit, district: District) -> tuple[str, ...]:
    covers = []
    for i, street in enumerate(unit.covers):
        try:
            covers.append(district.street(street).code)
        except NotFoundError:
            t.fail(f"unknown street {street!r}", f"covers[{i}]")
    return tuple(covers)


def _persons(tables: list[Table]) -> tuple[Person, ...]:
    persons: dict[str, Person] = {}
    for t in tables:
        person = Person(
            id=t.req_text("id"),
            name=t.req_text("name"),
            qualifications=t.texts("qualifications", required=False),
        )
        if person.id in persons:
            t.fail(f"duplicate person id {person.id!r}", "id")
        for i, q in enumerate(person.qualifications):
            if q not in QUALIFICATIONS:
                t.fail(f"expected one of {', '.join(QUALIFICATIONS)}; got {q!r}", f"qualifications[{i}]")
        persons[person.id] = person
        t.done()
    return tuple(persons.values())


def _tenures(
    tables: list[Table], district: District, persons: tuple[Person, ...], policy: Policy
) -> tuple[Tenure, ...]:
    people = {p.id: p for p in persons}
    roles = {r.code: r for r in policy.roles}
    tenures: list[Tenure] = []
    held: dict[tuple[str, str], list[Tenure]] = {}
    for t in tables:
        person = t.req_text("person")
        if person not in people:
            t.fail(f"unknown person {person!r}", "person")
        role_code = t.req_text("role")
        role = roles.get(role_code)
        if role is None:
            known = ", ".join(roles) if roles else "none: the policy declares no [[role]]"
            t.fail(f"unknown role {role_code!r}; the roles of {policy.document.id} are {known}", "role")
        unit_ref = t.req_text("unit")
        try:
            unit_id = (
                district.code if unit_ref in (district.code, district.name) else district.unit(unit_ref).id
            )
        except NotFoundError as exc:
            t.fail(str(exc), "unit")
        kind = district.kind_of(unit_id)
        if kind not in role.unit_kinds:
            t.fail(
                f"{role_code} is a post of a {' or '.join(role.unit_kinds)}, and {unit_ref!r} is a {kind}",
                "role",
            )
        start = t.date("start")
        assert start is not None
        end = t.date("end", required=False)
        if end is not None and end < start:
            t.fail(f"end {end} is before start {start}", "end")
        tenure = Tenure(person=person, unit=unit_id, role=role_code, start=start, end=end)
        same = held.setdefault((unit_id, role_code), [])
        if role.single:
            for other in same:
                if _overlap(other, tenure):
                    t.fail(
                        f"{role.zh} ({role_code}) of {unit_ref} is held by {other.person} from {other.start}; "
                        "one person at a time",
                        "start",
                    )
        same.append(tenure)
        t.done()
        tenures.append(tenure)
    return tuple(tenures)


def _overlap(a: Tenure, b: Tenure) -> bool:
    a_end = a.end or dt.date.max
    b_end = b.end or dt.date.max
    return a.start <= b_end and b.start <= a_end


def _streets(divisions: list[tuple[str, list[Table]]], district_code: str) -> tuple[Street, ...]:
    seen: dict[str, str] = {}
    streets = []
    for kind, tables in divisions:
        for t in tables:
            street = Street(
                name=t.req_text("name"), name_en=t.req_text("name_en"), code=t.req_text("code"), kind=kind
            )
            if not _STREET_CODE.fullmatch(street.code):
                t.fail(f"a {kind} code has 9 digits, got {street.code!r}", "code")
            if not street.code.startswith(district_code):
                t.fail(
                    f"{kind} code {street.code} does not start with the district code {district_code}", "code"
                )
            for key, value in (("name", street.name), ("code", street.code)):
                if value in seen:
                    t.fail(f"duplicate {key} {value!r} (already used by {seen[value]})", key)
                seen[value] = street.name
            t.done()
            streets.append(street)
    return tuple(streets)
