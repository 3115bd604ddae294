"""Places: who supervises them (3.3, 3.5) and which department acts when a street blows the whistle (3.6).

The place types, the key fire-safety unit thresholds and each department's
business are data (``data/places.toml``); the thresholds are a configurable
default (REFERENCE.md, [secondary]).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

import attrs

from .._toml import parse_toml
from ..errors import DataFileError, NotFoundError, XiaofangError
from .model import District

__all__ = [
    "Classification",
    "Place",
    "PlaceType",
    "Route",
    "Supervision",
    "classify_place",
    "key_unit_thresholds",
    "place_types",
    "route",
    "supervisor_of",
]


@attrs.frozen
class PlaceType:
    """A kind of place: its Chinese name, the industry departments that answer for it, and why.

    Examples
    --------
    >>> from jiceng_xiaofang.org import place_types
    >>> t = place_types()["underground_space"]
    >>> t.zh, t.departments, t.clause, t.basis
    ('地下空间', ('区人防办',), '3.6', 'business')
    """

    kind: str
    zh: str
    departments: tuple[str, ...]
    clause: str
    basis: str
    nine_small: bool = False
    named: bool = True


@attrs.frozen
class _Data:
    types: Mapping[str, PlaceType]
    thresholds: Mapping[str, tuple[str, float]]
    threshold_source: str
    business: Mapping[str, tuple[str, ...]]


@functools.cache
def _data() -> _Data:
    raw = resources.files("jiceng_xiaofang.data").joinpath("places.toml").read_bytes()
    root = parse_toml(raw, source="<embedded places.toml>", error=DataFileError)
    root.integer("format")
    head = root.table("key_unit")
    assert head is not None
    source = f"{head.req_text('source')} [{head.req_text('confidence')}]"
    thresholds = {}
    for t in head.tables("threshold"):
        thresholds[t.req_text("place")] = (t.text("field", empty=True) or "", float(t.raw("value")))  # type: ignore[arg-type]
        t.done()
    head.done()
    types = {}
    for t in root.tables("place"):
        place = PlaceType(
            kind=t.req_text("type"),
            zh=t.req_text("zh"),
            departments=t.texts("departments"),
            clause=t.req_text("clause"),
            basis=t.req_text("basis"),
            nine_small=bool(t.raw("nine_small", required=False)),
            named=t.raw("named", required=False) is not False,
        )
        types[place.kind] = place
        t.done()
    business = {}
    for t in root.tables("business"):
        business[t.req_text("department")] = t.texts("words")
        t.done()
    root.done()
    return _Data(
        types=MappingProxyType(types),
        thresholds=MappingProxyType(thresholds),
        threshold_source=source,
        business=MappingProxyType(business),
    )


def place_types() -> Mapping[str, PlaceType]:
    """Every place type the package knows: type -> :class:`PlaceType` (from ``data/places.toml``).

    Examples
    --------
    >>> from jiceng_xiaofang.org import place_types
    >>> place_types()["underground_space"].departments
    ('区人防办',)
    """
    return _data().types


def key_unit_thresholds() -> Mapping[str, tuple[str, float]]:
    """The default key fire-safety unit thresholds: place type -> (field, value); an empty field means any size.

    Examples
    --------
    >>> from jiceng_xiaofang.org import key_unit_thresholds
    >>> key_unit_thresholds()["hotel"]
    ('guest_rooms', 50.0)
    """
    return _data().thresholds


@attrs.frozen(kw_only=True)
class Place:
    """A place to supervise: its type, where it is, and the sizes that decide whether it is a key unit.

    ``listed_by_police`` says whether the local police station has put the
    place on its list of supervised units (3.3: 公安派出所按标准确立); the
    police's own standard is not in the policy, so the caller says.

    Examples
    --------
    >>> from jiceng_xiaofang.org import Place
    >>> Place(kind="hotel", name="示例宾馆", guest_rooms=60).guest_rooms
    60
    """

    kind: str
    name: str = ""
    street: str = ""
    floor_area: float | None = None
    guest_rooms: int | None = None
    inpatient_beds: int | None = None
    beds: int | None = None
    boarding_beds: int | None = None
    workshop_staff: int | None = None
    listed_by_police: bool | None = None


@attrs.frozen
class Classification:
    """What kind of supervised place a place is: ``key_unit``, ``police_listed``, ``street`` or ``unknown``.

    Examples
    --------
    >>> from jiceng_xiaofang.org import Place, classify_place
    >>> c = classify_place(Place(kind="hotel", guest_rooms=60))
    >>> c.category, c.basis
    ('key_unit', 'guest_rooms 60 >= 50')
    >>> c.source
    '公通字〔2001〕97号 消防安全重点单位界定标准 (REFERENCE.md) [secondary]'
    """

    category: str
    basis: str
    source: str


def classify_place(place: Place, thresholds: Mapping[str, tuple[str, float]] | None = None) -> Classification:
    """Classify a place for supervision under 3.3.

    A place over its type's key-unit threshold is a key fire-safety unit
    (the detachment's); one the police station lists is the police's; the
    rest (entrusted social units, 九小场所, shopfronts, compounds...) are the
    street's.  A size the decision needs but the place lacks gives
    ``unknown``, never a guess.

    Examples
    --------
    >>> from jiceng_xiaofang.org import Place, classify_place
    >>> classify_place(Place(kind="hotel", guest_rooms=50)).category
    'key_unit'
    >>> classify_place(Place(kind="hotel", guest_rooms=49)).category
    'street'
    >>> classify_place(Place(kind="hotel")).category
    'unknown'
    """
    data = _data()
    if place.kind not in data.types:
        raise NotFoundError.for_name("place type", place.kind, data.types)
    limits = data.thresholds if thresholds is None else thresholds
    source = data.threshold_source if thresholds is None else "thresholds given by the caller"
    rule = limits.get(place.kind)
    if rule is not None:
        field, value = rule
        if not field:
            return Classification("key_unit", f"every {place.kind} is a key fire-safety unit", source)
        measured = getattr(place, field, None)
        if measured is None:
            return Classification(
                "unknown", f"{field} is needed to tell whether it is a key unit (>= {value:g})", source
            )
        if isinstance(measured, float) and math.isnan(measured):
            raise XiaofangError(f"{field}: expected a number, got nan")
        if measured >= value:
            return Classification("key_unit", f"{field} {measured:g} >= {value:g}", source)
    if place.listed_by_police:
        return Classification("police_listed", "listed by the police station (公安派出所按标准确立)", "3.3")
    basis = "not a key unit"
    if place.listed_by_police is None:
        basis += "; assumed not on the police station's list (listed_by_police not given)"
    return Classification("street", basis, "3.3")


@attrs.frozen
class Supervision:
    """Who supervises a place, how and how often, and the clause that says so.

    Examples
    --------
    >>> from jiceng_xiaofang.org import Place, supervisor_of
    >>> s = supervisor_of(Place(kind="shopping_mall", floor_area=1200))
    >>> s.supervisor, s.method, s.frequency, s.clause
    ('区消防救援支队', 'double-random, one-public sampling (双随机、一公开)', None, '3.3')
    """

    place: Place
    classification: Classification
    supervisor: str
    method: str
    frequency: str | None
    clause: str
    spot_check_by: str | None = None
    supervising_unit: str = ""


def supervisor_of(
    place: Place,
    district: District | None = None,
    *,
    thresholds: Mapping[str, tuple[str, float]] | None = None,
) -> Supervision:
    """Classify a place and say who supervises it (3.3, 3.5).

    With a district, the answer names the street office, or the police
    station covering the place's street.

    Examples
    --------
    >>> from jiceng_xiaofang.org import Place, sample_district, supervisor_of
    >>> s = supervisor_of(Place(kind="small_restaurant", street="解放碑街道"), sample_district())
    >>> s.supervisor, s.supervising_unit, s.frequency, s.spot_check_by
    ('街道办事处', '解放碑街道办事处', 'P1Y', '区消防救援支队')
    >>> p = supervisor_of(Place(kind="small_hotel", street="七星岗街道", listed_by_police=True), sample_district())
    >>> p.supervisor, p.supervising_unit, p.clause
    ('公安派出所', '示例解放碑派出所', '3.5')
    """
    c = classify_place(place, thresholds)
    if c.category == "key_unit":
        return Supervision(
            place, c, "区消防救援支队", "double-random, one-public sampling (双随机、一公开)", None, "3.3"
        )
    if c.category == "unknown":
        return Supervision(place, c, "", "unknown: " + c.basis, None, "3.3")
    street = None
    if district is not None and place.street:
        street = district.street(place.street)
    if c.category == "police_listed":
        unit = ""
        if district is not None and street is not None:
            stations = [u for u in district.units if u.kind == "police_station" and street.code in u.covers]
            unit = stations[0].name if stations else ""
        return Supervision(
            place,
            c,
            "公安派出所",
            "inspection of listed units, at least once a year",
            "P1Y",
            "3.5",
            spot_check_by="区消防救援支队",
            supervising_unit=unit,
        )
    return Supervision(
        place,
        c,
        "街道办事处",
        "inspection within the entrusted scope, at least once a year",
        "P1Y",
        "3.3",
        spot_check_by="区消防救援支队",
        supervising_unit=street.office if street is not None else "",
    )


@attrs.frozen
class Route:
    """Where a street's whistle goes for a place type (街道吹哨、部门报到, 3.6).

    ``inferred`` is true when the place type is not one the package knows
    and the departments were chosen by the closest-business principle
    (业务相近的原则) from the words of its description.

    Examples
    --------
    >>> from jiceng_xiaofang.org import route
    >>> r = route("剧本杀门店")
    >>> r.place_type, r.departments, r.clause, r.inferred
    ('剧本杀门店', ('区文旅委',), '3.6', True)
    >>> r.note
    'inferred by the closest-business principle (业务相近的原则) from: 剧本'
    """

    place_type: str
    departments: tuple[str, ...]
    clause: str
    basis: str
    inferred: bool
    note: str = ""


def route(place_type: str) -> Route:
    """The industry department(s) that must act on a place type when a street blows the whistle.

    A known type answers with its departments and the clause that names it.
    An unknown new kind of place (any text, such as ``"剧本杀门店"``) goes to
    the department whose business words it shares most, and the answer says
    it was inferred; with no shared word, it goes to the office of the
    district fire safety committee to decide (1.4, 3.6).

    Examples
    --------
    >>> from jiceng_xiaofang.org import route
    >>> r = route("underground_space")
    >>> r.departments, r.clause, r.inferred
    (('区人防办',), '3.6', False)
    >>> r = route("剧本杀门店")
    >>> r.departments, r.inferred
    (('区文旅委',), True)
    """
    data = _data()
    known = data.types.get(place_type)
    if known is None:
        by_zh = {t.zh: t for t in data.types.values()}
        known = by_zh.get(place_type)
    if known is not None:
        note = "" if known.departments else "the policy names no industry department for this place"
        return Route(known.kind, known.departments, known.clause, known.basis, inferred=False, note=note)
    scores = {
        department: sum(1 for word in words if word in place_type)
        for department, words in data.business.items()
    }
    best = max(scores.values(), default=0)
    if best == 0:
        return Route(
            place_type,
            ("区消防安全委员会办公室",),
            "3.6",
            "closest-business",
            inferred=True,
            note="no department's business matches; the district fire safety committee's office decides",
        )
    winners = tuple(d for d, n in scores.items() if n == best)
    matched = sorted({w for d in winners for w in data.business[d] if w in place_type})
    return Route(
        place_type,
        winners,
        "3.6",
        "closest-business",
        inferred=True,
        note=f"inferred by the closest-business principle (业务相近的原则) from: {'、'.join(matched)}",
    )
