"""Hostile measurements: a unit string is data (one number, one unit), never an expression pint evaluates.

Each case was found by fuzzing (issue 14): before the fix it raised from deep inside pint or Python, ran for
minutes, or was read as something else (``"600 %"`` as 6 people, ``"30 m**2 + 1 m**2"`` as 31 m²).
"""

from __future__ import annotations

import fractions
import math

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

import jiceng_xiaofang as jx
from jiceng_xiaofang.standards import FireLane, MicroFireStation, OldBuilding, record_from_dict
from jiceng_xiaofang.units import to_canonical


def _id(value: object) -> str | None:
    """Test ids that pytest can print (str() of a 5,000-digit integer raises)."""
    if isinstance(value, int) and value.bit_length() > 64:
        return f"int{value.bit_length()}bits"
    return None


# --- expressions are not read ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "9**9**8 m**2",  # pint would compute 9**(9**8) first: minutes of CPU from a 12-character field
        "30 m**2 + 1 m**2",  # pint read this as 31 m²
        "30 m^2 - 1 m^2",
        "2 * 15 m^2",
        "30 m^2 / 1",
        "(30) m^2",
        "30 m * m",
        "30 meter*meter",
        "1e3 m^2 + 0",
        "30 m^2 m^2",
        "30 ft² + 1 ft²",
        "30 __import__",
        "30 平方米 + 1 平方米",
    ],
)
def test_arithmetic_in_a_measurement_is_refused(text: str) -> None:
    with pytest.raises(jx.UnitError, match=r"room_area: expected an area \(m\^2\)") as info:
        MicroFireStation(room_area=text)
    assert text in str(info.value) or "characters" in str(info.value)


def test_the_denial_of_service_string_never_reaches_pint(monkeypatch: pytest.MonkeyPatch) -> None:
    """A field with an exponent tower is refused by the grammar: pint is never asked to read it."""
    from jiceng_xiaofang import units

    units._token_factor.cache_clear()
    units._units_factor.cache_clear()
    asked: list[str] = []
    registry = units.setup_registry()
    original = registry.Quantity

    def spy(*args: object, **kwargs: object) -> object:
        asked.append(repr(args))
        return original(*args, **kwargs)

    monkeypatch.setattr(registry, "Quantity", spy)
    for text in ("9**9**8 m**2", "9**9**9**9", "30 m**2 + 1 m**2"):
        with pytest.raises(jx.UnitError):
            MicroFireStation(room_area=text)
    assert asked == []


def test_a_long_measurement_is_refused_before_it_is_read() -> None:
    with pytest.raises(
        jx.UnitError,
        match=r"clear_width: .* one number and one unit in at most 40 characters, got a text of 5002",
    ):
        FireLane(clear_width="9" * 5000 + " m")
    with pytest.raises(jx.UnitError, match="at most 40 characters"):
        FireLane(clear_width="4" + " " * 100 + "m")


# --- one number: Arabic, full-width or Chinese -------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field", "expected"),
    [
        ({"members": "六名"}, "members", 6.0),
        ({"members": "十二人"}, "members", 12.0),
        ({"members": "两名"}, "members", 2.0),
        ({"members": "６名"}, "members", 6.0),
        ({"members": "三十"}, "members", 30.0),
        ({"room_area": "三十平方米"}, "room_area", 30.0),
        ({"room_area": "三十五 平方米"}, "room_area", 35.0),
        ({"room_area": "３０㎡"}, "room_area", 30.0),
        ({"room_area": "30m2"}, "room_area", 30.0),
        ({"room_area": "30 m**2"}, "room_area", 30.0),
        ({"room_area": "30 m ** 2"}, "room_area", 30.0),
        ({"room_area": "+30 m^2"}, "room_area", 30.0),
        ({"room_area": "3e1 m^2"}, "room_area", 30.0),
        ({"room_area": "30 m²"}, "room_area", 30.0),
        ({"room_area": "３０ ｍ²"}, "room_area", 30.0),
        ({"arrival_minutes": "180 s"}, "arrival_minutes", 3.0),
        ({"arrival_minutes": "三分钟"}, "arrival_minutes", 3.0),
        ({"arrival_minutes": "0.05 h"}, "arrival_minutes", 3.0),
    ],
)
def test_numbers_in_every_script_and_one_unit(kwargs: dict[str, object], field: str, expected: float) -> None:
    assert getattr(MicroFireStation(**kwargs), field) == pytest.approx(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "百名",
        "十十名",
        "三点五米",
        "一二三名",
        "nan m",
        "inf",
        "- 5 m",
        "4 m 2",
        "3³ m",
        "5² m",
        "①米",
        "٣ m",
    ],
)
def test_what_is_not_one_number_and_one_unit_is_refused(text: str) -> None:
    with pytest.raises(jx.UnitError, match=r"clear_width: expected a length \(m\)") as info:
        FireLane(clear_width=text)
    assert repr(text) in str(info.value)


# --- dimensionless is not a count, a count is not a slope, an angle is not a gradient ----------------


@pytest.mark.parametrize(
    "text", ["600 %", "6 radian", "6 rad", "6 degree", "6°", "6 ppm", "6 ‰", "6 percent"]
)
def test_dimensionless_units_are_not_counts(text: str) -> None:
    with pytest.raises(jx.UnitError, match=r"members: expected a count, got .*is neither") as info:
        MicroFireStation(members=text)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize(
    "text", ["6 person", "6 persons", "6 count", "6名", "6人", "6 台", "6 dimensionless"]
)
def test_count_units_are_counts(text: str) -> None:
    assert MicroFireStation(members=text).members == 6.0


@pytest.mark.parametrize("text", ["8 名", "8人", "8 count", "8 person", "8 ppm", "8 kg", "8 m"])
def test_counts_and_other_units_are_not_slopes(text: str) -> None:
    with pytest.raises(jx.UnitError, match=r"slope: expected a ratio \(percent\), got"):
        FireLane(slope=text)


@pytest.mark.parametrize("text", ["8°", "8 °", "8度", "8 degree", "8 deg", "0.14 radian"])
def test_an_angle_is_not_a_gradient(text: str) -> None:
    with pytest.raises(
        jx.UnitError, match=r"slope: expected a ratio \(percent\), got .*an angle is not a slope"
    ):
        FireLane(slope=text)


def test_the_angle_message_says_what_it_would_be_in_percent() -> None:
    with pytest.raises(jx.UnitError, match=r"the tangent of this angle is 14\.05 %"):
        FireLane(slope="8°")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("6%", 6.0), ("6 %", 6.0), ("６％", 6.0), ("60 ‰", 6.0), ("0.06 dimensionless", 6.0)],
)
def test_ratios_in_percent_per_mille_or_a_fraction(text: str, expected: float) -> None:
    assert FireLane(slope=text).slope == pytest.approx(expected)


def test_a_pint_quantity_follows_the_same_rules() -> None:
    ureg = pint.UnitRegistry()
    with pytest.raises(jx.UnitError, match="members: expected a count"):
        MicroFireStation(members=ureg.Quantity(600, "percent"))
    with pytest.raises(jx.UnitError, match="an angle is not a slope"):
        FireLane(slope=ureg.Quantity(8, "degree"))
    with pytest.raises(jx.UnitError, match=r"members: expected a count: a real number, got the complex"):
        MicroFireStation(members=ureg.Quantity(6 + 0j, "count"))
    with pytest.raises(jx.UnitError, match="room_area: expected a finite number for an area"):
        MicroFireStation(room_area=ureg.Quantity(10**400, "m**2"))
    assert MicroFireStation(members=ureg.Quantity(6, "count")).members == 6.0
    assert FireLane(slope=ureg.Quantity(0.06, "dimensionless")).slope == pytest.approx(6.0)


# --- numbers too large, complex, not finite ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (10**400, "members: expected a finite number for a count, got an integer of 401 digits"),
        (-(10**400), "members: expected a finite number for a count, got a negative integer of 401 digits"),
        (10**5000, "members: expected a finite number for a count, got an integer of 5001 digits"),
        (fractions.Fraction(10**400, 3), "members: expected a finite number for a count"),
        (3 + 0j, "members: expected a count: a real number, got the complex number (3+0j)"),
        (complex(6, 1), "members: expected a count: a real number, got the complex number (6+1j)"),
        (math.inf, "members: expected a finite number for a count, got inf"),
    ],
    ids=_id,
)
def test_numbers_too_large_complex_or_infinite(value: object, fragment: str) -> None:
    with pytest.raises(jx.UnitError) as info:
        MicroFireStation(members=value)
    assert fragment in str(info.value)


def test_a_400_digit_width_in_a_json_file() -> None:
    from jiceng_xiaofang.standards import FacilityFileError, parse_facilities

    text = '[{"kind": "fire_lane", "clear_width": ' + "9" * 400 + "}]"
    with pytest.raises(
        FacilityFileError, match=r"facility\[0\]: clear_width: .*got an integer of 400 digits"
    ):
        parse_facilities(text, source="f.json", fmt="json")


# --- yes/no fields -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        ("是", True),
        ("否", False),
        ("有", True),
        ("无", False),
        (" Yes ", True),
        ("0", False),
        ("1", True),
        (0, False),
        (1, True),
        (1.0, True),
        (3, True),  # a count of what is present: 3 extinguishers is yes
        (10**400, True),
        (None, None),
        ("", None),
    ],
    ids=_id,
)
def test_yes_no_fields_take_yes_no_values_and_counts(value: object, expected: bool | None) -> None:
    if value == 10**400:
        with pytest.raises(jx.UnitError):  # not finite as a number: refused like a count
            OldBuilding(extinguishers=value)
        return
    assert OldBuilding(extinguishers=value).extinguishers is expected


@pytest.mark.parametrize(
    "value", [math.inf, -math.inf, -5, -1, math.nan, 0.5, 2.5, -0.5, "maybe", "2", 3 + 0j, [1]]
)
def test_yes_no_fields_refuse_what_is_neither(value: object) -> None:
    with pytest.raises(jx.UnitError, match=r"serves_high_rise: expected yes or no .* got "):
        FireLane(serves_high_rise=value)


# --- text fields and keys --------------------------------------------------------------------------


def test_lone_surrogates_are_refused_where_they_enter() -> None:
    with pytest.raises(jx.XiaofangError, match=r"name: expected text, got '\\ud800'.*lone surrogate"):
        MicroFireStation(name="\ud800")
    with pytest.raises(jx.XiaofangError, match=r"street: expected text, got .*U\+DC00 at character 3"):
        FireLane(street="解放\udc00")
    with pytest.raises(jx.XiaofangError, match="chief_post: expected a post"):
        MicroFireStation(chief_post="社区\ud800")
    with pytest.raises(jx.UnitError, match="room_area"):
        MicroFireStation(room_area="30 \ud800")


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ({1: 2}, "a facility row needs a 'kind'"),
        ({"kind": "fire_lane", 1: 2}, "fire_lane: expected field names as text, got the key 1"),
        ({"kind": "fire_lane", 1: 2, "x": 3}, "fire_lane: expected field names as text, got the key 1"),
        ({"kind": "fire_lane", (1, 2): 2}, "got the key (1, 2)"),
        ({"kind": "fire_lane", None: 2, "clear_width": 4}, "got the key None"),
        ({"kind": 10**5000}, "kind: expected text, got an integer of 5001 digits"),
        ({"kind": "x" * 5000}, "unknown facility kind 'xxxxxxxx"),
        ({"kind": "fire_lane", "x" * 5000: 1}, "fire_lane: unknown field 'xxxx"),
    ],
    ids=[f"row{i}" for i in range(8)],
)
def test_record_from_dict_with_keys_of_any_type(row: dict[object, object], fragment: str) -> None:
    with pytest.raises(jx.XiaofangError) as info:
        record_from_dict(row)  # type: ignore[arg-type]
    assert fragment in str(info.value)
    assert len(str(info.value)) < 600


# --- valid input keeps its meaning ------------------------------------------------------------------


@given(st.floats(0, 1e6, allow_nan=False), st.sampled_from(["m", "米", "cm", "厘米", "mm", "km", "ft"]))
def test_every_number_with_a_length_unit_reads_as_pint_would(number: float, unit: str) -> None:
    expected = {"m": 1, "米": 1, "cm": 0.01, "厘米": 0.01, "mm": 0.001, "km": 1000, "ft": 0.3048}[unit]
    value = to_canonical(f"{number!r} {unit}", field="clear_width", dimension="length")
    assert value == pytest.approx(number * expected, rel=1e-9)


@given(st.text(max_size=50))
def test_any_text_gives_a_value_or_the_package_error(text: str) -> None:
    for dimension in ("length", "area", "count", "ratio", "time"):
        try:
            value = to_canonical(text, field="f", dimension=dimension)
        except jx.UnitError:
            continue
        assert value is None or (math.isfinite(value) and value >= 0)
