"""Places: who supervises them and which departments act when a street blows the whistle (街道吹哨、部门报到).

The kinds of place, who supervises each category, each department's business
and the fallback are the policy's data (``[[place]]``, ``[[supervision]]``,
``[routing]``), each citing its clause; the key fire-safety unit thresholds
are national data (``data/key-unit-thresholds.toml``, REFERENCE.md
[secondary]), a configurable default.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from importlib import resources
from types import MappingProxyType

import attrs

from .._toml import parse_toml
from ..errors import DataFileError, NotFoundError, XiaofangError
from ..policy.load import load_policy
from ..policy.model import Policy
from ..policy.places import PlaceKind, Routing
from ..vocabulary.citations import Reference
from .model import District
from .responsibility import policy_of

__all__ = [
    "Classification",
    "Place",
    "Route",
    "Supervision",
    "classify_place",
    "key_unit_thresholds",
    "place_types",
    "route",
    "supervisor_of",
]


@functools.cache
def _thresholds() -> tuple[Mapping[str, tuple[str, float]], str]:
    raw = resources.files("jiceng_xiaofang.data").joinpath("key-unit-thresholds.toml").read_bytes()
    root = parse_toml(raw, source="<embedded key-unit-thresholds.toml>", error=DataFileError)
    root.integer("format")
    head = root.table("key_unit")
    assert head is not None
    source = f"{head.req_text('source')} [{head.req_text('confidence')}]"
    thresholds = {}
    for t in head.tables("threshold"):
        thresholds[t.req_text("place")] = (t.text("field", empty=True) or "", float(t.raw("value")))  # type: ignore[arg-type]
        t.done()
    head.done()
    root.done()
    return MappingProxyType(thresholds), source


def place_types(policy: Policy | None = None) -> Mapping[str, PlaceKind]:
    """Every kind of place a policy names (the embedded one by default): type -> :class:`~jiceng_xiaofang.policy.PlaceKind`.

    Examples
    --------
    >>> from jiceng_xiaofang.org import place_types
    >>> place_types()["underground_space"].departments
    ('区人防办',)
    """
    policy = load_policy() if policy is None else policy
    return MappingProxyType({p.kind: p for p in policy.places})


def key_unit_thresholds() -> Mapping[str, tuple[str, float]]:
    """The default key fire-safety unit thresholds: place type -> (field, value); an empty field means any size.

    Examples
    --------
    >>> from jiceng_xiaofang.org import key_unit_thresholds
    >>> key_unit_thresholds()["hotel"]
    ('guest_rooms', 50.0)
    """
    return _thresholds()[0]


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
    """The kind of place, a :attr:`PlaceKind.kind <jiceng_xiaofang.policy.PlaceKind.kind>` of the policy, such as ``hotel``."""
    name: str = ""
    """The place's name; ``""`` when not given."""
    street: str = ""
    """The street it is in (a name, office name or code); ``""`` when not given."""
    floor_area: float | None = None
    """Its floor area in square metres; ``None`` when unknown."""
    guest_rooms: int | None = None
    """The number of guest rooms (a hotel); ``None`` when unknown."""
    inpatient_beds: int | None = None
    """The number of inpatient beds (a hospital); ``None`` when unknown."""
    beds: int | None = None
    """The number of beds (a care home); ``None`` when unknown."""
    boarding_beds: int | None = None
    """The number of boarding places (a school, a kindergarten); ``None`` when unknown."""
    workshop_staff: int | None = None
    """The number of people working in one workshop (a factory); ``None`` when unknown."""
    listed_by_police: bool | None = None
    """Whether the police station lists it as a supervised unit; ``None`` when not known (taken as not listed, and said so)."""


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
    """``key_unit``, ``police_listed``, ``street`` or ``unknown`` (a size the decision needs is missing)."""
    basis: str
    """Why, in English, such as ``guest_rooms 60 >= 50``."""
    source: str
    """What the decision rests on, the source of the key-unit thresholds or the id of the clause that lists the place."""


def classify_place(
    place: Place,
    thresholds: Mapping[str, tuple[str, float]] | None = None,
    *,
    policy: Policy | None = None,
) -> Classification:
    """Classify a place for supervision: a key fire-safety unit, one the police station lists, or the street's.

    A place over its type's key-unit threshold is a key fire-safety unit; one
    the police station lists is the police's; the rest (entrusted social
    units, 九小场所, shopfronts, compounds...) are the street's (or town's).
    A size the decision needs but the place lacks gives ``unknown``, never a
    guess.  The kinds of place are the policy's (the embedded one by default).

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
    policy = load_policy() if policy is None else policy
    policy.place(place.kind)  # a kind the policy does not name raises NotFoundError
    defaults, default_source = _thresholds()
    limits = defaults if thresholds is None else thresholds
    source = default_source if thresholds is None else "thresholds given by the caller"
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
        listed = policy.supervision_rule("police_listed")
        words = listed.listed_by.quote if listed.listed_by is not None else listed.quote
        cited = listed.listed_by.clause if listed.listed_by is not None else listed.clause
        return Classification("police_listed", f"listed by the police station ({words})", cited)
    street = policy.supervision_rule("street")
    basis = "not a key unit"
    if place.listed_by_police is None:
        basis += "; assumed not on the police station's list (listed_by_police not given)"
    cited = street.listed_by.clause if street.listed_by is not None else street.clause
    return Classification("street", basis, cited)


@attrs.frozen
class Supervision:
    """Who supervises a place, how and how often, and the clause that says so.

    ``reference`` cites the words of the supervision rule; ``supervising_unit``
    names, with a district, the street office (town government...) or police
    station that does it.

    Examples
    --------
    >>> from jiceng_xiaofang.org import Place, supervisor_of
    >>> s = supervisor_of(Place(kind="shopping_mall", floor_area=1200))
    >>> s.supervisor, s.method, s.frequency, s.clause
    ('区消防救援支队', 'double-random, one-public sampling (双随机、一公开)', None, '3.3')
    """

    place: Place
    """The place asked about."""
    classification: Classification
    """How the place is classified."""
    supervisor: str
    """The body that supervises it, as the policy names it; ``""`` when the classification is unknown."""
    method: str
    """How, in English with the Chinese name; for an unknown classification, ``unknown:`` and why."""
    frequency: str | None
    """How often, an ISO 8601 period such as ``P1Y``; ``None`` when the policy sets none or it is unknown."""
    clause: str
    """The id of the clause of the supervision rule."""
    spot_check_by: str | None = None
    """The body that may spot-check the supervisor's work; ``None`` when none."""
    supervising_unit: str = ""
    """With a district, the street office (town government...) or police station that does it; ``""`` when not known."""
    reference: Reference | None = None
    """The words of the supervision rule; ``None`` when not given."""


def supervisor_of(
    place: Place,
    district: District | None = None,
    *,
    thresholds: Mapping[str, tuple[str, float]] | None = None,
    policy: Policy | None = None,
) -> Supervision:
    """Classify a place and say who supervises it, by the policy's ``[[supervision]]`` rules.

    The policy is the one given, else the district's, else the embedded one.
    With a district, the answer names the street office (town government...)
    of the place's street, or the police station covering it.

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
    if policy is None:
        policy = policy_of(district) if district is not None else load_policy()
    c = classify_place(place, thresholds, policy=policy)
    if c.category == "unknown":
        key = policy.supervision_rule("key_unit")
        return Supervision(place, c, "", "unknown: " + c.basis, None, key.clause, reference=key.reference)
    rule = policy.supervision_rule(c.category)
    street = None
    if district is not None and place.street:
        street = district.street(place.street)
    unit = ""
    if street is not None and district is not None and rule.unit == "territorial":
        unit = street.office
    elif street is not None and district is not None and rule.unit == "police_station":
        stations = [u for u in district.units if u.kind == "police_station" and street.code in u.covers]
        unit = stations[0].name if stations else ""
    return Supervision(
        place,
        c,
        rule.supervisor,
        rule.method,
        rule.frequency,
        rule.clause,
        spot_check_by=rule.spot_check_by,
        supervising_unit=unit,
        reference=rule.reference,
    )


@attrs.frozen
class Route:
    """Where a street's whistle goes for a place type (街道吹哨、部门报到).

    ``inferred`` is true when the place type is not one the policy names and
    the departments were chosen by the closest-business principle (业务相近的原则)
    from the words of its description; ``basis`` is ``"reading"`` then, and
    wherever the departments are the package's reading.  ``joint_control``
    marks a high-risk place that the territorial street supervises jointly
    with the industry.

    Examples
    --------
    >>> from jiceng_xiaofang.org import route
    >>> r = route("剧本杀门店")
    >>> r.place_type, r.departments, r.clause, r.inferred, r.basis
    ('剧本杀门店', ('区文旅委',), '3.6', True, 'reading')
    >>> r.note
    'inferred by the closest-business principle (业务相近的原则) from: 剧本'
    """

    place_type: str
    """The kind of place asked about, its code or the words given."""
    departments: tuple[str, ...]
    """The industry departments that must act, or the fallback body."""
    clause: str
    """The id of the clause the answer rests on."""
    basis: str
    """``text`` or ``reading`` (always ``reading`` when inferred)."""
    inferred: bool
    """Whether the policy does not name the kind and the departments were chosen by the closest-business principle."""
    note: str = ""
    """How the answer was reached, when it is not simply the policy's entry; ``""`` otherwise."""
    joint_control: bool = False
    """Whether the territorial street supervises the place jointly with the industry."""
    reference: Reference | None = None
    """The words the answer rests on; ``None`` when not given."""


def route(
    place_type: str,
    policy: Policy | None = None,
    *,
    routing: Routing | Mapping[str, Iterable[str]] | None = None,
) -> Route:
    """The industry department(s) that must act on a place type when a street blows the whistle.

    A kind the policy names answers with its departments and its clause.  A
    new kind of place (any text, such as ``"剧本杀门店"``) goes to the
    department whose business words it shares most, and the answer says it
    was inferred; with no shared word, to the policy's fallback (for Yuzhong,
    the office of the district fire safety committee).  ``routing`` replaces
    the policy's business table with a district's own: a
    :class:`~jiceng_xiaofang.policy.Routing`, or a mapping of department to
    business words.

    Examples
    --------
    >>> from jiceng_xiaofang.org import route
    >>> r = route("underground_space")
    >>> r.departments, r.clause, r.inferred
    (('区人防办',), '3.6', False)
    >>> r = route("剧本杀门店")
    >>> r.departments, r.inferred
    (('区文旅委',), True)
    >>> route("剧本杀门店", routing={"区文化委": ["剧本", "演出"]}).departments
    ('区文化委',)
    """
    if not isinstance(place_type, str) or not place_type.strip():
        raise XiaofangError(f"place_type: expected a kind of place or its Chinese words, got {place_type!r}")
    policy = load_policy() if policy is None else policy
    known = policy.find_place(place_type)
    if known is not None:
        if known.departments:
            note = ""
        elif known.joint_control:
            note = (
                "the policy names no industry department for this place: it is under the key supervision of the"
                " territorial street and of the industry its business belongs to, with joint control"
            )
        else:
            note = "the policy names no industry department for this place"
        if known.reference.is_reading and known.departments:
            note = f"reading: {known.reference.reading}" + (f"; {note}" if note else "")
        return Route(
            known.kind,
            known.departments,
            known.clause,
            known.basis,
            inferred=False,
            note=note,
            joint_control=known.joint_control,
            reference=known.reference,
        )
    table = _routing(policy, routing)
    scores = {
        department: sum(1 for word in words if word in place_type)
        for department, words in table.business.items()
    }
    best = max(scores.values(), default=0)
    if best == 0:
        try:
            decides = policy.body(table.fallback).name_en or table.fallback
        except NotFoundError:
            decides = table.fallback
        return Route(
            place_type,
            (table.fallback,),
            table.fallback_reference.clause,
            table.fallback_reference.basis,
            inferred=True,
            note=f"no department's business matches; the {decides} decides",
            reference=table.fallback_reference,
        )
    winners = tuple(d for d, n in scores.items() if n == best)
    matched = sorted({w for d in winners for w in table.business[d] if w in place_type})
    return Route(
        place_type,
        winners,
        table.reference.clause,
        table.reference.basis,
        inferred=True,
        note=f"inferred by the closest-business principle (业务相近的原则) from: {'、'.join(matched)}",
        reference=table.reference,
    )


def _routing(policy: Policy, routing: Routing | Mapping[str, Iterable[str]] | None) -> Routing:
    if isinstance(routing, Routing):
        return routing
    if policy.routing is None:
        raise NotFoundError(
            f"the policy {policy.document.id} declares no routing of new kinds of place ([routing]);"
            " pass routing= a Routing"
        )
    if routing is None:
        return policy.routing
    if not isinstance(routing, Mapping):
        raise XiaofangError(
            f"routing: expected a Routing or a mapping of department to words, got {routing!r}"
        )
    try:
        return Routing.of(routing, policy.routing)
    except ValueError as exc:
        raise XiaofangError(str(exc)) from None
