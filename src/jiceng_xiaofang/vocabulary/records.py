"""Facility records: what a platform knows about a station, a lane or a building.

Each record is a frozen attrs class built from keyword arguments or from a
dict (a JSON row).  Values are read once, here, into plain floats in the
canonical unit of their dimension (:mod:`jiceng_xiaofang.units`); a value that
is not given is ``None``, which checks report as *unknown*, never as a pass.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

import attrs

from .._values import describe, unwritable
from ..errors import UnitError, XiaofangError
from ..units import DIMENSIONS, _real, to_canonical

__all__ = [
    "OTHER_POST",
    "RECORD_TYPES",
    "CommunityFireWorkGroup",
    "FacilityRecord",
    "FieldSpec",
    "FireLane",
    "FireWorkStation",
    "KeyUnitMicroFireStation",
    "MicroFireStation",
    "OldBuilding",
    "PoliceStation",
    "RecordError",
    "field_spec",
    "record_from_dict",
    "record_type",
]


class RecordError(XiaofangError):
    """A facility record with an unknown or missing field, or of an unknown kind.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> jx.record_from_dict({"kind": "fire_lane", "width": 4})
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.vocabulary.records.RecordError: fire_lane: unknown field 'width'; this kind has: clear_height, clear_width, community, dead_end_length, name, serves_high_rise, slope, street, turnaround_side
    """


OTHER_POST = ("other", "其他")
"""The post a record names when the holder holds none of the policy's posts, its code and Chinese label."""

_MAX_POST = 100
_TRUE = {"true", "yes", "y", "1", "是", "有", "已", "√"}
_FALSE = {"false", "no", "n", "0", "否", "无", "没有", "未", "×"}


@attrs.frozen
class FieldSpec:
    """What a record field measures: its dimension and unit, and its names in Chinese and English.

    ``dimension`` is a dimension of :data:`jiceng_xiaofang.units.DIMENSIONS`
    (values stored as floats in its canonical unit), ``"flag"`` (present or
    not: a bool) or ``"post"`` (the post a holder holds: one of the policy's
    roles by code or name, or :data:`OTHER_POST`, resolved when the record
    is checked against a policy).

    Examples
    --------
    >>> from jiceng_xiaofang.standards import field_spec
    >>> spec = field_spec("micro_fire_station", "room_area")
    >>> spec.dimension, spec.unit, spec.zh, spec.en
    ('area', 'm^2', '站房面积', 'station room area')
    """

    name: str
    """The field's name in a record, such as ``room_area``."""
    dimension: str
    """A dimension of :data:`jiceng_xiaofang.units.DIMENSIONS`, ``flag`` or ``post``."""
    zh: str
    """The field's Chinese label, such as ``站房面积``; it also heads a Chinese table's column."""
    en: str
    """The field's English label, such as ``station room area``."""

    @property
    def unit(self) -> str | None:
        """The canonical unit of the stored value (``None`` for flags and posts)."""
        return DIMENSIONS.get(self.dimension)


_FLAG_EXPECTED = "yes or no (true/false, 是/否, 有/无) or a count of what is present (0 is no)"


def _flag(value: object, field: str) -> bool | None:
    """A yes/no value: a bool, a word (是/否, 有/无, yes/no), or a whole count of 0 or more (0 is no).

    A count says how many of the thing there are (3 extinguishers: yes), so it
    must be a count: not negative, not fractional, not infinite.  NaN is refused
    here; a table's missing cell (NaN) is unknown before it gets here.
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, numbers.Real):
        number = _real(value)
        if not math.isfinite(number) or number < 0 or number != int(number):
            raise UnitError(f"{field}: expected {_FLAG_EXPECTED}, got {describe(value)}")
        return number > 0
    if isinstance(value, str):
        text = value.strip().lower()
        if not text:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise UnitError(f"{field}: expected {_FLAG_EXPECTED}, got {describe(value)}")


def _post(value: object, field: str) -> str | None:
    """A post as written: a role code or a Chinese name, resolved against a policy when checked."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if len(text) <= _MAX_POST and "\n" not in text and unwritable(text) is None:
            return text
    raise UnitError(
        f"{field}: expected a post: a role's code or Chinese name (one line of text), got {describe(value)}"
    )


def _convert(value: object, field: attrs.Attribute[Any]) -> object:
    spec: FieldSpec = field.metadata["spec"]
    if spec.dimension == "flag":
        return _flag(value, spec.name)
    if spec.dimension == "post":
        return _post(value, spec.name)
    return to_canonical(value, field=spec.name, dimension=spec.dimension)


def _text(value: object, field: attrs.Attribute[Any]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"{field.name}: expected text (a name, street or community), got {describe(value)}")
    problem = unwritable(value)
    if problem is not None:
        raise RecordError(f"{field.name}: expected text, got {describe(value)}: {problem}")
    return value


def _measure(name: str, dimension: str, zh: str, en: str) -> Any:
    return attrs.field(
        default=None,
        converter=attrs.Converter(_convert, takes_field=True),
        metadata={"spec": FieldSpec(name=name, dimension=dimension, zh=zh, en=en)},
    )


def _label(default: str = "") -> Any:
    return attrs.field(default=default, converter=attrs.Converter(_text, takes_field=True), kw_only=True)


_R = TypeVar("_R", bound="FacilityRecord")


@attrs.frozen(kw_only=True)
class FacilityRecord:
    """Base of the facility records: an optional name, street and community, and a ``kind``.

    Subclasses add measured fields.  Build one with keyword arguments or with
    :meth:`from_dict`.

    Examples
    --------
    >>> from jiceng_xiaofang.standards import FacilityRecord, FireLane
    >>> lane = FireLane(name="示例巷", street="解放碑街道", clear_width="4米")
    >>> isinstance(lane, FacilityRecord), lane.kind, lane.kind_zh, lane.clear_width
    (True, 'fire_lane', '消防车通道', 4.0)
    """

    kind: ClassVar[str] = ""
    kind_zh: ClassVar[str] = ""
    name: str = _label()
    """The facility's name as the platform knows it (``""`` when not given)."""
    street: str = _label()
    """The street (街道) it belongs to, as named in the district (``""`` when not given)."""
    community: str = _label()
    """The community (社区) it belongs to (``""`` when not given); roll-ups group by it."""

    @classmethod
    def fields(cls) -> tuple[FieldSpec, ...]:
        """The measured fields of this kind of record, in order.

        Examples
        --------
        >>> from jiceng_xiaofang.standards import FireLane
        >>> [f.name for f in FireLane.fields()][:2]
        ['clear_width', 'clear_height']
        """
        return _specs(cls)

    @classmethod
    def from_dict(cls: type[_R], data: Mapping[str, object]) -> _R:
        """Build a record from a mapping such as a JSON row.

        A ``kind`` key, when present, must name this record's kind.  Unknown
        keys raise :class:`RecordError` naming them, so no data is silently lost.

        Examples
        --------
        >>> from jiceng_xiaofang.standards import FireLane
        >>> FireLane.from_dict({"clear_width": "400 cm", "clear_height": 4.2}).clear_width
        4.0
        """
        if not isinstance(data, Mapping):
            raise RecordError(f"{cls.kind}: expected a mapping of field to value, got {type(data).__name__}")
        values = dict(data)
        for key in values:
            if not isinstance(key, str):
                raise RecordError(f"{cls.kind}: expected field names as text, got the key {describe(key)}")
        kind = values.pop("kind", cls.kind)
        if kind != cls.kind:
            raise RecordError(f"{cls.kind}: the row says kind {describe(kind)}")
        known = {a.name for a in attrs.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise RecordError(
                f"{cls.kind}: unknown field {describe(unknown[0])}; this kind has: {', '.join(sorted(known))}"
            )
        return cls(**values)  # type: ignore[arg-type]  # values are checked by the converters

    def to_dict(self) -> dict[str, object]:
        """The record as a JSON-ready dict, ``kind`` first.

        Examples
        --------
        >>> from jiceng_xiaofang.standards import PoliceStation
        >>> PoliceStation(name="解放碑派出所", qualified_fire_police=2).to_dict()["qualified_fire_police"]
        2.0
        """
        return {"kind": self.kind, **attrs.asdict(self)}


@functools.cache
def _specs_of(cls: Any) -> tuple[FieldSpec, ...]:
    return tuple(a.metadata["spec"] for a in attrs.fields(cls) if "spec" in a.metadata)


def _specs(cls: type) -> tuple[FieldSpec, ...]:
    return _specs_of(cls)


@attrs.frozen(kw_only=True)
class FireWorkStation(FacilityRecord):
    """A street's fire work station (消防工作站), clauses 1.1 and 3.4.

    Examples
    --------
    >>> from jiceng_xiaofang.standards import FireWorkStation
    >>> s = FireWorkStation(street="解放碑街道", staff="6人", chief_post="街道分管消防安全工作的副职")
    >>> s.staff, s.chief_post
    (6.0, '街道分管消防安全工作的副职')
    """

    kind: ClassVar[str] = "fire_work_station"
    kind_zh: ClassVar[str] = "消防工作站"
    staff: float | None = _measure("staff", "count", "工作人员", "staff")
    fire_officers: float | None = _measure(
        "fire_officers", "count", "消防专管员", "designated fire officers (established or not)"
    )
    established_fire_officers: float | None = _measure(
        "established_fire_officers",
        "count",
        "在编消防专管员",
        "established staff designated as fire officers",
    )
    office_capacity: float | None = _measure(
        "office_capacity", "count", "可同时办公人数", "people the office seats at once"
    )
    chief_post: str | None = _measure("chief_post", "post", "站长职务", "post of the chief")
    deputy_chief_post: str | None = _measure(
        "deputy_chief_post", "post", "副站长职务", "post of the deputy chief"
    )
    qualified_enforcement_officers: float | None = _measure(
        "qualified_enforcement_officers",
        "count",
        "具有执法资格的消防行政执法人员",
        "fire law-enforcement officers with an enforcement qualification",
    )


@attrs.frozen(kw_only=True)
class CommunityFireWorkGroup(FacilityRecord):
    """A community's fire work group (消防工作小组) and its fire wardens, clause 1.2.

    Examples
    --------
    >>> from jiceng_xiaofang.standards import CommunityFireWorkGroup
    >>> CommunityFireWorkGroup(staff=2, compounds=12, compounds_with_warden=12).compounds
    12.0
    """

    kind: ClassVar[str] = "community_fire_work_group"
    kind_zh: ClassVar[str] = "社区消防工作小组"
    leader_post: str | None = _measure("leader_post", "post", "牵头人职务", "post of the leader")
    staff: float | None = _measure("staff", "count", "专（兼）职工作人员", "full- or part-time staff")
    compounds: float | None = _measure(
        "compounds", "count", "居民小组和居民小区数", "residents' groups and compounds"
    )
    compounds_with_warden: float | None = _measure(
        "compounds_with_warden",
        "count",
        "已明确消防管理员的居民小组和小区数",
        "residents' groups and compounds with a named fire warden",
    )
    wardens_shown_publicly: bool | None = _measure(
        "wardens_shown_publicly",
        "flag",
        "消防管理员信息挂牌公示",
        "fire wardens' names shown on a public board",
    )


@attrs.frozen(kw_only=True)
class MicroFireStation(FacilityRecord):
    """A community micro fire station (社区微型消防站), clause 1.2 and the national baseline.

    Counts of equipment (``fire_motorcycles``, ``extinguishers``...) also
    accept ``True``/``False`` for present/absent.

    Examples
    --------
    >>> from jiceng_xiaofang.standards import MicroFireStation
    >>> m = MicroFireStation(members="6名", room_area="30㎡", external_landline="有")
    >>> m.members, m.room_area, m.external_landline
    (6.0, 30.0, True)
    """

    kind: ClassVar[str] = "micro_fire_station"
    kind_zh: ClassVar[str] = "社区微型消防站"
    chief_post: str | None = _measure("chief_post", "post", "站长职务", "post of the chief")
    deputy_chief_post: str | None = _measure(
        "deputy_chief_post", "post", "副站长职务", "post of the deputy chief"
    )
    members: float | None = _measure(
        "members",
        "count",
        "队员（治安巡防队、保安队员、网格长（员）等）",
        "members (patrols, guards, grid workers)",
    )
    duty_shift_size: float | None = _measure(
        "duty_shift_size", "count", "每班值守人数", "people on each duty shift"
    )
    room_area: float | None = _measure("room_area", "area", "站房面积", "station room area")
    night_duty_beds: float | None = _measure(
        "night_duty_beds", "count", "夜间值守床铺", "beds for night duty"
    )
    fire_motorcycles: float | None = _measure("fire_motorcycles", "count", "消防摩托车", "fire motorcycles")
    extinguishers: float | None = _measure("extinguishers", "count", "灭火器", "extinguishers")
    branch_nozzles: float | None = _measure("branch_nozzles", "count", "水枪", "branch nozzles")
    hoses: float | None = _measure("hoses", "count", "水带", "hoses")
    helmets: float | None = _measure("helmets", "count", "头盔", "helmets")
    fire_gloves: float | None = _measure("fire_gloves", "count", "消防手套", "fire gloves")
    cutter_spreaders: float | None = _measure("cutter_spreaders", "count", "剪扩钳", "cutter-spreaders")
    external_landline: bool | None = _measure(
        "external_landline", "flag", "外线固定电话", "external landline"
    )
    vehicle_movers: float | None = _measure("vehicle_movers", "count", "移车器", "vehicle movers")
    small_fire_engines: float | None = _measure(
        "small_fire_engines", "count", "小型消防车", "small fire engines"
    )
    patrol_team: bool | None = _measure("patrol_team", "flag", "消防安全巡查队", "fire-safety patrol team")
    first_response_team: bool | None = _measure(
        "first_response_team", "flag", "灭火救援先遣队", "first-response firefighting team"
    )
    publicity_team: bool | None = _measure(
        "publicity_team", "flag", "消防知识宣传队", "fire-safety publicity team"
    )
    arrival_minutes: float | None = _measure(
        "arrival_minutes", "time", "到场时间", "time to arrive at a fire in the community"
    )


@attrs.frozen(kw_only=True)
class KeyUnitMicroFireStation(FacilityRecord):
    """A key fire-safety unit's micro fire station (national baseline, 2015).

    Examples
    --------
    >>> from jiceng_xiaofang.standards import KeyUnitMicroFireStation
    >>> KeyUnitMicroFireStation(staff=6).staff
    6.0
    """

    kind: ClassVar[str] = "key_unit_micro_fire_station"
    kind_zh: ClassVar[str] = "重点单位微型消防站"
    staff: float | None = _measure("staff", "count", "站内人员", "people of the station")
    arrival_minutes: float | None = _measure(
        "arrival_minutes", "time", "到场时间", "time to arrive at a fire"
    )


@attrs.frozen(kw_only=True)
class PoliceStation(FacilityRecord):
    """A police station (公安派出所) and its fire police officers, clause 3.5.

    Examples
    --------
    >>> from jiceng_xiaofang.standards import PoliceStation
    >>> PoliceStation(qualified_fire_police=1).qualified_fire_police
    1.0
    """

    kind: ClassVar[str] = "police_station"
    kind_zh: ClassVar[str] = "公安派出所"
    qualified_fire_police: float | None = _measure(
        "qualified_fire_police",
        "count",
        "取得执法资格的专（兼）职消防民警",
        "fire police officers with police enforcement qualification",
    )


@attrs.frozen(kw_only=True)
class FireLane(FacilityRecord):
    """A fire lane (消防车通道), clause 2.4 and the national baseline.

    Lengths are in metres, the slope in percent.

    Examples
    --------
    >>> from jiceng_xiaofang.standards import FireLane
    >>> lane = FireLane(clear_width="4米", clear_height="450 cm", slope="6%")
    >>> lane.clear_width, lane.clear_height, lane.slope
    (4.0, 4.5, 6.0)
    """

    kind: ClassVar[str] = "fire_lane"
    kind_zh: ClassVar[str] = "消防车通道"
    clear_width: float | None = _measure("clear_width", "length", "净宽度", "clear width")
    clear_height: float | None = _measure("clear_height", "length", "净空高度", "clear height")
    slope: float | None = _measure("slope", "ratio", "坡度", "slope")
    dead_end_length: float | None = _measure("dead_end_length", "length", "尽头式通道长度", "dead-end length")
    turnaround_side: float | None = _measure(
        "turnaround_side", "length", "回车场边长", "side of the turnaround area"
    )
    serves_high_rise: bool | None = _measure(
        "serves_high_rise", "flag", "服务高层建筑", "serves a high-rise building"
    )


@attrs.frozen(kw_only=True)
class OldBuilding(FacilityRecord):
    """An old building (老旧建筑) and its basic fire equipment, clause 2.4.

    Examples
    --------
    >>> from jiceng_xiaofang.standards import OldBuilding
    >>> OldBuilding(extinguishers=True, emergency_lighting="否").emergency_lighting
    False
    """

    kind: ClassVar[str] = "old_building"
    kind_zh: ClassVar[str] = "老旧建筑"
    extinguishers: bool | None = _measure("extinguishers", "flag", "灭火器", "extinguishers")
    emergency_lighting: bool | None = _measure("emergency_lighting", "flag", "应急照明", "emergency lighting")
    evacuation_signs: bool | None = _measure(
        "evacuation_signs", "flag", "安全疏散指示标志", "evacuation signs"
    )


RECORD_TYPES: Mapping[str, type[FacilityRecord]] = MappingProxyType(
    {
        cls.kind: cls
        for cls in (
            FireWorkStation,
            CommunityFireWorkGroup,
            MicroFireStation,
            KeyUnitMicroFireStation,
            PoliceStation,
            FireLane,
            OldBuilding,
        )
    }
)
"""Every kind of facility record, kind -> class.

Examples
--------
>>> from jiceng_xiaofang.standards import RECORD_TYPES
>>> sorted(RECORD_TYPES)[:3]
['community_fire_work_group', 'fire_lane', 'fire_work_station']
"""


def record_type(kind: str) -> type[FacilityRecord]:
    """The record class of a kind.

    Examples
    --------
    >>> from jiceng_xiaofang.standards import record_type
    >>> record_type("fire_lane").__name__
    'FireLane'
    """
    try:
        return RECORD_TYPES[kind]
    except KeyError:
        raise RecordError(
            f"unknown facility kind {describe(kind)}; expected one of {', '.join(RECORD_TYPES)}"
        ) from None


def field_spec(kind: str, field: str) -> FieldSpec:
    """The :class:`FieldSpec` of a measured field of a kind of record.

    Examples
    --------
    >>> from jiceng_xiaofang.standards import field_spec
    >>> field_spec("micro_fire_station", "room_area").unit
    'm^2'
    """
    for spec in record_type(kind).fields():
        if spec.name == field:
            return spec
    names = ", ".join(s.name for s in record_type(kind).fields())
    raise RecordError(f"{kind} has no measured field {field!r}; it has: {names}")


def record_from_dict(data: Mapping[str, object]) -> FacilityRecord:
    """Build the record a mapping describes, using its ``kind`` key.

    Examples
    --------
    >>> from jiceng_xiaofang.standards import record_from_dict
    >>> record_from_dict({"kind": "police_station", "qualified_fire_police": 1})
    PoliceStation(name='', street='', community='', qualified_fire_police=1.0)
    """
    if not isinstance(data, Mapping) or "kind" not in data:
        raise RecordError("a facility row needs a 'kind', such as 'micro_fire_station'")
    kind = data["kind"]
    if not isinstance(kind, str):
        raise RecordError(f"kind: expected text, got {describe(kind)}")
    return record_type(kind).from_dict(data)
