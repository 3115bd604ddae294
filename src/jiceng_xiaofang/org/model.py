"""The organisation as immutable values: the district, its streets and units, posts, people and tenures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from ..errors import NotFoundError
from ..vocabulary.hierarchy import QUALIFICATIONS, UNIT_KINDS
from ..vocabulary.provenance import Provenance

if TYPE_CHECKING:
    from ..policy.model import Policy

__all__ = [
    "QUALIFICATIONS",
    "UNIT_KINDS",
    "District",
    "Person",
    "Street",
    "Tenure",
    "Unit",
]

_OFFICE_SUFFIX = MappingProxyType({"street": "办事处", "town": "人民政府", "township": "人民政府"})


@attrs.frozen
class Street:
    """A township-level division of a district: a street (街道), a town (镇) or a township (乡).

    ``kind`` says which; ``office`` is the body that governs it, as policies
    name them: a street office (解放碑街道办事处), a town's or township's
    people's government (三角镇人民政府).

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> s = jx.yuzhong().street("解放碑街道")
    >>> s.code, s.name_en, s.office, s.kind
    ('500103003', 'Jiefangbei Street', '解放碑街道办事处', 'street')
    >>> from jiceng_xiaofang.org import Street
    >>> Street(name="示例镇", name_en="Example Town", code="990001100", kind="town").office
    '示例镇人民政府'
    """

    name: str
    """The division's Chinese name, such as ``解放碑街道``."""
    name_en: str
    """Its English name, such as ``Jiefangbei Street``."""
    code: str
    """Its statistical division code, 9 digits, such as ``500103003``."""
    kind: str = attrs.field(default="street")
    """``street`` (街道), ``town`` (镇) or ``township`` (乡)."""

    @kind.validator
    def _kind(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in _OFFICE_SUFFIX:
            raise ValueError(f"Street.kind: expected one of {', '.join(_OFFICE_SUFFIX)}, got {value!r}")

    @property
    def id(self) -> str:
        """The division's id in its district, which is its statistical code."""
        return self.code

    @property
    def office(self) -> str:
        """The body that governs the division, 街道办事处 for a street and 人民政府 for a town or township."""
        return f"{self.name}{_OFFICE_SUFFIX[self.kind]}"


@attrs.frozen
class Unit:
    """A unit below the street level, or a police station: community, residents' group, compound, grid.

    ``id`` is the unit's statistical code when it has one, else its path of
    names (``"解放碑街道/示例甲社区/示例小区"``); ``parent`` is the id of the unit
    above it (a street's code for a community).  A police station sits under
    the district and ``covers`` the ids of the streets it serves.

    Examples
    --------
    >>> from jiceng_xiaofang.org import Unit
    >>> Unit(id="500103003/示例甲社区", kind="community", name="示例甲社区", parent="500103003").kind
    'community'
    """

    id: str
    """The unit's statistical code when it has one, else its path of names (``解放碑街道/示例甲社区/示例小区``)."""
    kind: str
    """Its kind, a key of :data:`~jiceng_xiaofang.vocabulary.UNIT_KINDS` below the street (``community``, ``grid``, ``police_station``...)."""
    name: str
    """Its Chinese name."""
    parent: str
    """The id of the unit above it (a street's code for a community; the district's code for a police station)."""
    name_en: str = ""
    """Its English name; ``""`` when not given."""
    code: str = ""
    """Its statistical code; ``""`` when it has none."""
    covers: tuple[str, ...] = ()
    """For a police station, the codes of the streets it serves; empty otherwise."""


@attrs.frozen
class Person:
    """A person who holds posts, with the qualifications the policy asks for.

    Examples
    --------
    >>> from jiceng_xiaofang.org import Person
    >>> Person(id="p1", name="张三", qualifications=("established",)).has("established")
    True
    """

    id: str
    """The person's id in the organisation data, such as ``p1``; tenures name the person by it."""
    name: str
    """The person's name."""
    qualifications: tuple[str, ...] = ()
    """The qualifications held (codes of :data:`~jiceng_xiaofang.vocabulary.QUALIFICATIONS`); empty when none is known."""

    def has(self, qualification: str) -> bool:
        """Whether the person holds a qualification (a code of :data:`QUALIFICATIONS`)."""
        return qualification in self.qualifications


@attrs.frozen
class Tenure:
    """A person holding a role in a unit from ``start`` to ``end`` (inclusive; ``None``: still held).

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.org import Tenure
    >>> t = Tenure(person="p1", unit="500103003", role="street_main_leader", start=dt.date(2023, 1, 1))
    >>> t.active(dt.date(2024, 7, 1)), t.active(dt.date(2022, 12, 31))
    (True, False)
    """

    person: str
    """The id of the person holding the post."""
    unit: str
    """The id of the unit (a street's code, a unit's id) the post is in."""
    role: str
    """The code of the policy's role held."""
    start: dt.date
    """The first day the post is held."""
    end: dt.date | None = None
    """The last day the post is held (included); ``None`` while it is still held."""

    def active(self, on: dt.date) -> bool:
        """Whether the tenure covers the day ``on``."""
        return self.start <= on and (self.end is None or on <= self.end)


@attrs.frozen
class District:
    """A district (区) with its streets, and optionally the units, people and tenures below them.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> d = jx.yuzhong()
    >>> d.name, d.code, len(d.streets)
    ('渝中区', '500103', 11)
    >>> d.street("500103012").name
    '大坪街道'
    """

    name: str
    """The district's Chinese name, such as ``渝中区``."""
    name_en: str
    """Its English name, such as ``Yuzhong District``."""
    code: str
    """Its statistical division code, 6 digits, such as ``500103``."""
    streets: tuple[Street, ...]
    """Its township-level divisions (streets, towns, townships), in the file's order."""
    provenance: Provenance
    """Where the district data come from and how far they can be trusted."""
    units: tuple[Unit, ...] = ()
    """The units below the streets, and the police stations; empty when the data give none."""
    persons: tuple[Person, ...] = ()
    """The people who hold posts; empty when the data name nobody."""
    tenures: tuple[Tenure, ...] = ()
    """Who held which post in which unit, and when; empty when the data give none."""
    policy: Policy | None = attrs.field(default=None, eq=False, repr=False)
    """The policy whose roles the tenures name and the district answers with; ``None`` for the embedded one."""
    _street_index: Mapping[str, Street] = attrs.field(init=False, repr=False, eq=False)
    _unit_index: Mapping[str, Unit] = attrs.field(init=False, repr=False, eq=False)
    _children: Mapping[str, tuple[str, ...]] = attrs.field(init=False, repr=False, eq=False)
    _person_index: Mapping[str, Person] = attrs.field(init=False, repr=False, eq=False)
    _parent: Mapping[str, str] = attrs.field(init=False, repr=False, eq=False)
    _posts: Mapping[tuple[str, str], tuple[Tenure, ...]] = attrs.field(init=False, repr=False, eq=False)
    _role_codes: frozenset[str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        index = {s.name: s for s in self.streets}
        index.update({s.code: s for s in self.streets})
        index.update({s.office: s for s in self.streets})
        object.__setattr__(self, "_street_index", MappingProxyType(index))
        object.__setattr__(self, "_unit_index", MappingProxyType({u.id: u for u in self.units}))
        children: dict[str, list[str]] = {self.code: [s.code for s in self.streets]}
        for unit in self.units:
            children.setdefault(unit.parent, []).append(unit.id)
        object.__setattr__(self, "_children", MappingProxyType({k: tuple(v) for k, v in children.items()}))
        object.__setattr__(self, "_person_index", MappingProxyType({p.id: p for p in self.persons}))
        parents = {s.code: self.code for s in self.streets}
        parents.update({u.id: u.parent for u in self.units})
        object.__setattr__(self, "_parent", MappingProxyType(parents))
        posts: dict[tuple[str, str], list[Tenure]] = {}
        for tenure in self.tenures:
            posts.setdefault((tenure.unit, tenure.role), []).append(tenure)
        object.__setattr__(self, "_posts", MappingProxyType({k: tuple(v) for k, v in posts.items()}))
        codes = frozenset(r.code for r in self.policy.roles) if self.policy is not None else frozenset()
        object.__setattr__(self, "_role_codes", codes)

    def __repr__(self) -> str:
        extra = f", {len(self.units)} units, {len(self.persons)} people" if self.units or self.persons else ""
        return f"<District {self.name} {self.code}: {len(self.streets)} streets{extra} ({self.provenance.confidence})>"

    def street(self, ref: str) -> Street:
        """The street with this name, office name or statistical code.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.yuzhong().street("七星岗街道办事处").code
        '500103001'
        """
        try:
            return self._street_index[ref]
        except KeyError:
            raise NotFoundError.for_name(
                "street", ref, [s.name for s in self.streets], where=self.name
            ) from None

    def find_street(self, ref: str) -> Street | None:
        """The street with this name, office name or statistical code, or ``None`` (a lookup that cannot fail).

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.yuzhong().find_street("解放碑街道").code, jx.yuzhong().find_street("区应急局")
        ('500103003', None)
        """
        return self._street_index.get(ref)

    def unit(self, ref: str) -> Street | Unit:
        """A street (by name, office or code) or a unit (by id).

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.yuzhong().unit("500103003").name
        '解放碑街道'
        """
        found = self._unit_index.get(ref)
        if found is not None:
            return found
        street = self._street_index.get(ref)
        if street is not None:
            return street
        known = [s.name for s in self.streets] + list(self._unit_index)
        raise NotFoundError.for_name("unit", ref, known, where=self.name)

    def kind_of(self, ref: str) -> str:
        """The kind of a unit id, or ``"district"`` for the district's own code."""
        return "district" if ref == self.code else self.unit(ref).kind

    def parent_of(self, ref: str) -> str | None:
        """The id of the unit above ``ref`` (a street's parent is the district's code; the district has none).

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.yuzhong().parent_of("500103003")
        '500103'
        """
        if ref == self.code:
            return None
        parent = self._parent.get(ref)
        if parent is None:
            unit = self.unit(ref)  # a street by name or office, or an unknown ref (raises)
            return self._parent[unit.id]
        return parent

    def chain(self, ref: str) -> tuple[str, ...]:
        """The ids from ``ref`` up to the district: the unit, its parent, ..., the district's code.

        Examples
        --------
        >>> from jiceng_xiaofang.org import sample_district
        >>> sample_district().chain("解放碑街道/示例甲社区/示例花园小区")
        ('解放碑街道/示例甲社区/示例花园小区', '解放碑街道/示例甲社区', '500103003', '500103')
        """
        parents = self._parent
        if ref not in parents and ref != self.code:
            ref = self.unit(ref).id
        found = [ref]
        while ref in parents:
            ref = parents[ref]
            found.append(ref)
        return tuple(found)

    def children(self, ref: str) -> tuple[str, ...]:
        """The ids of the units directly below ``ref``, in file order."""
        return self._children.get(ref, ())

    def walk(self, ref: str | None = None) -> Iterator[str]:
        """Every unit id under ``ref`` (the district by default), depth first, ``ref`` first."""
        stack = [ref or self.code]
        while stack:
            current = stack.pop()
            yield current
            stack.extend(reversed(self.children(current)))

    def person(self, person_id: str) -> Person:
        """The person with this id."""
        try:
            return self._person_index[person_id]
        except KeyError:
            raise NotFoundError.for_name("person", person_id, self._person_index, where=self.name) from None

    def holders(self, unit: str, role: str, on: dt.date) -> tuple[Person, ...]:
        """The people holding ``role`` in ``unit`` on the day ``on``.

        Examples
        --------
        >>> import datetime as dt
        >>> from jiceng_xiaofang.org import sample_district
        >>> d = sample_district()
        >>> [p.name for p in d.holders("500103003", "street_main_leader", dt.date(2024, 7, 1))]
        ['王示例']
        """
        if self._role_codes and role not in self._role_codes:
            raise NotFoundError.for_name("role", role, sorted(self._role_codes), where="the policy")
        if unit != self.code:
            unit = self.unit(unit).id
        return tuple(self._person_index[t.person] for t in self._posts.get((unit, role), ()) if t.active(on))

    def tracks(self, unit: str, role: str) -> bool:
        """Whether the district file records the post in the unit at all (some tenure of it, at any time).

        A post the file never records is unknown on every day, not vacant.

        Examples
        --------
        >>> from jiceng_xiaofang.org import sample_district
        >>> sample_district().tracks("500103003", "street_main_leader"), sample_district().tracks("500103001", "grid_worker")
        (True, False)
        """
        if unit != self.code:
            unit = self.unit(unit).id
        return (unit, role) in self._posts
