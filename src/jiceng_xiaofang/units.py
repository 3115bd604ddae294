"""Units: the one pint registry of the package, Chinese unit names, and parsing at the edges.

Values enter the package once, at the edge (a record field, a table column),
and are stored as plain floats in the canonical unit of their dimension;
checks then compare floats.  :func:`to_canonical` is that edge: it accepts a
number (meaning the field's canonical unit), a pint Quantity from any
registry, or a string such as ``"30 m^2"``, ``"30 平方米"``, ``"30㎡"``,
``"4米"``, ``"400 cm"`` or ``"323 ft²"``.

The registry is pint's application registry, with Chinese aliases added the
first time one is needed (:func:`setup_registry`, idempotent).  Numbers never
touch pint, so ``import jiceng_xiaofang`` and checks of plain numbers do not
build a registry.
"""

from __future__ import annotations

import functools
import math
import numbers
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ._numerals import chinese_number
from ._values import describe
from .errors import UnitError

__all__ = [
    "CANONICAL_UNITS",
    "CHINESE_UNITS",
    "DIMENSIONS",
    "setup_registry",
    "to_canonical",
]

CANONICAL_UNITS: Mapping[str, str] = MappingProxyType(
    {
        "m": "length",
        "m^2": "area",
        "person": "count",
        "count": "count",
        "percent": "ratio",
        "minute": "time",
    }
)
"""Canonical unit symbol -> the dimension it measures (what a policy file may name).

Examples
--------
>>> from jiceng_xiaofang.units import CANONICAL_UNITS
>>> CANONICAL_UNITS["m^2"]
'area'
"""

DIMENSIONS: Mapping[str, str] = MappingProxyType(
    {
        "length": "m",
        "area": "m^2",
        "count": "count",
        "ratio": "percent",
        "time": "minute",
    }
)
"""Dimension -> the canonical unit its values are stored in.

Examples
--------
>>> from jiceng_xiaofang.units import DIMENSIONS
>>> DIMENSIONS["length"]
'm'
"""

_PINT_DIMENSION = {
    "length": "[length]",
    "area": "[length] ** 2",
    "time": "[time]",
}

CHINESE_UNITS: Mapping[str, str] = MappingProxyType(
    {
        "平方米": "m^2",
        "平米": "m^2",
        "㎡": "m^2",
        "毫米": "mm",
        "厘米": "cm",
        "公里": "km",
        "千米": "km",
        "米": "m",
        "分钟": "minute",
        "秒": "second",
        "小时": "hour",
        "人": "count",
        "名": "count",
        "张": "count",
        "台": "count",
        "辆": "count",
        "个": "count",
        "部": "count",
        "套": "count",
        "具": "count",
        "处": "count",
    }
)
"""Chinese unit words and symbols -> the pint unit they are read as (count words become counts).

Examples
--------
>>> from jiceng_xiaofang.units import CHINESE_UNITS
>>> CHINESE_UNITS["平方米"], CHINESE_UNITS["辆"]
('m^2', 'count')
"""

_MAX_TEXT = 40
"""The longest measurement text read (after stripping): one number and one unit fit in far fewer."""

_ARABIC = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?"
_NUMBER_RE = re.compile(_ARABIC)
_MEASURE_RE = re.compile(rf"({_ARABIC}|[零〇○一二两三四五六七八九十]+)\s*(.*)", re.DOTALL)
_UNIT_NAME = re.compile(r"([A-Za-zμ][A-Za-z_μ]*)(?:(?:\^|\*\*)?([23])|\s*(?:\^|\*\*)\s*([23]))?")
_COUNTS = frozenset({"count", "person", "dimensionless"})
_RATIOS = MappingProxyType({"percent": 1.0, "permille": 0.1, "dimensionless": 100.0})
_ANGLE_WORDS = frozenset({"°", "度", "º"})
# Full-width ASCII (３０, ％, ｍ) and the ideographic space as their ASCII selves; not NFKC, which would
# also read "3³" as 33 and "①" as 1.  Superscript powers are read in the unit only ("m²" is "m2").
_FULL_WIDTH = {**{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}
_SUPERSCRIPTS = str.maketrans({"²": "2", "³": "3", "µ": "μ"})


@functools.cache
def setup_registry() -> Any:
    """Return pint's application registry, with the package's definitions added once.

    Adds ``person = count`` and ``percent`` if the registry lacks them.  Safe
    to call any number of times, and after a Jupyter reload: definitions are
    added only when missing.

    Examples
    --------
    >>> from jiceng_xiaofang.units import setup_registry
    >>> ureg = setup_registry()
    >>> ureg is setup_registry()
    True
    >>> round(ureg.Quantity("323 ft^2").m_as("m^2"), 2)
    30.01
    """
    import pint

    registry = pint.get_application_registry()  # type: ignore[no-untyped-call]
    for name, definition in (("person", "person = count"), ("percent", "percent = 0.01 = %")):
        if name not in registry:
            registry.define(definition)
    return registry


def _describe(value: object) -> str:
    return describe(value)


def _real(value: numbers.Real) -> float:
    """A real number as a float; an integer too large for a float is infinite (and refused as such)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf  # type: ignore[operator]


def _finite(value: float, field: str, dimension: str, given: object) -> float:
    if math.isnan(value) or math.isinf(value):
        raise UnitError(
            f"{field}: expected a finite number for {_expected(dimension)}, got {_describe(given)}"
        )
    if value < 0:
        raise UnitError(f"{field}: expected {_expected(dimension)} of 0 or more, got {_describe(given)}")
    if dimension == "count" and value != int(value):
        raise UnitError(f"{field}: expected a whole number (a count), got {_describe(given)}")
    return value


_EXPECTED = {
    "length": ("a length (m)", "'4 m'"),
    "area": ("an area (m^2)", "'30 m^2'"),
    "count": ("a count", "'6'"),
    "ratio": ("a ratio (percent)", "'8 %'"),
    "time": ("a time (minutes)", "'3 min'"),
}


def _expected(dimension: str) -> str:
    return _EXPECTED[dimension][0]


@functools.lru_cache(maxsize=256)
def _units_factor(units: str, dimension: str) -> tuple[float, str]:
    """The factor from ``units`` (pint's spelling of one unit) to the dimension's canonical unit.

    Returns ``(factor, "")``, or ``(factor to radians, "angle")`` for an angle
    given as a ratio, or ``(nan, why)`` with ``why`` one of ``unknown`` (pint
    does not know it), ``mismatch`` (another dimension), ``count`` or ``ratio``
    (dimensionless, but not a unit of people and things, or of a ratio).
    """
    registry = setup_registry()
    try:
        quantity = registry.Quantity(1.0, units)
    except Exception:  # pint's errors for an unknown or malformed unit
        return math.nan, "unknown"
    name = str(quantity.units)
    dimensionless = bool(quantity.dimensionless)
    angle = dimensionless and str(quantity.to_base_units().units) == "radian"
    if dimension == "count":
        if name in _COUNTS:
            return 1.0, ""
        return math.nan, ("count" if dimensionless else "mismatch")
    if dimension == "ratio":
        if name in _RATIOS:
            return _RATIOS[name], ""
        if angle:
            return float(quantity.m_as("radian")), "angle"
        return math.nan, ("ratio" if dimensionless else "mismatch")
    if quantity.dimensionality != registry.get_dimensionality(_PINT_DIMENSION[dimension]):
        return math.nan, "mismatch"
    return float(quantity.m_as(DIMENSIONS[dimension])), ""


@functools.lru_cache(maxsize=256)
def _token_factor(token: str, dimension: str) -> tuple[float, str]:
    """:func:`_units_factor` of one unit as written: a Chinese word, a symbol, or a name with a power."""
    if token in _ANGLE_WORDS:
        return _units_factor("degree", dimension)
    if token in ("%", "‰"):
        return _units_factor("percent" if token == "%" else "permille", dimension)
    match = _UNIT_NAME.fullmatch(CHINESE_UNITS.get(token, token))
    if match is None:
        return math.nan, "unknown"
    name, power, spaced = match.groups()
    power = power or spaced
    return _units_factor(name if power is None else f"{name} ** {power}", dimension)


def _refusal(field: str, dimension: str, given: object, unit: str, why: str, number: float) -> UnitError:
    expected, example = _EXPECTED[dimension]
    head = f"{field}: expected {expected}, got {_describe(given)}"
    if why == "mismatch":
        return UnitError(head)
    if why == "count":
        return UnitError(
            f"{head}: a count is a number alone or with a word for people or things"
            f" (名, 人, 个, 台...; person, count), and {unit!r} is neither"
        )
    if why == "ratio":
        return UnitError(
            f"{head}: a ratio is given in percent ('8 %'), per mille ('8 ‰') or as a fraction"
            f" ('0.08 dimensionless'), and {unit!r} is none of these"
        )
    if why == "angle":
        slope = math.tan(number) * 100 if 0 <= number < math.pi / 2 else math.nan
        hint = f" (the tangent of this angle is {slope:.2f} %)" if math.isfinite(slope) else ""
        return UnitError(f"{head}: an angle is not a slope in percent; convert it before giving it{hint}")
    return UnitError(
        f"{field}: expected {expected} such as {example}: one number and one unit,"
        f" got {_describe(given)}, and {unit!r} is not a unit"
    )


def _split(text: str, field: str, dimension: str) -> tuple[float, str] | None:
    """A measurement text as its number and its unit as written (``""`` for none); ``None`` if empty."""
    stripped = text.strip()
    if not stripped:
        return None
    expected, example = _EXPECTED[dimension]
    if len(stripped) > _MAX_TEXT:
        raise UnitError(
            f"{field}: expected {expected} such as {example}: one number and one unit in at most"
            f" {_MAX_TEXT} characters, got a text of {len(stripped)} characters ({_describe(stripped)})"
        )
    match = _MEASURE_RE.fullmatch(stripped.translate(_FULL_WIDTH))
    if match is None:
        raise UnitError(f"{field}: expected {expected} such as {example} or a number, got {text!r}")
    digits, unit = match.groups()
    if digits[-1].isdigit():
        number = float(digits)
    else:
        value = chinese_number(digits)
        if value is None:
            raise UnitError(
                f"{field}: expected {expected} such as {example} or a number, got {text!r}:"
                f" {digits!r} is not a Chinese numeral from 零 to 九十九"
            )
        number = float(value)
    return number, unit.strip()


def _number_alone(text: str, field: str, dimension: str) -> float | None:
    """The number of a text that is a number without a unit; ``None`` if it has a unit or is empty."""
    try:
        found = _split(text, field, dimension)
    except UnitError:
        return None
    if found is None or found[1]:
        return None
    return found[0]


def _parse_text(text: str, field: str, dimension: str) -> float | None:
    found = _split(text, field, dimension)
    if found is None:
        return None
    number, unit = found
    if not unit:
        return number
    factor, why = _token_factor(unit.translate(_SUPERSCRIPTS), dimension)
    if why:
        raise _refusal(field, dimension, text, unit, why, number * factor)
    return number * factor


def _from_quantity(quantity: Any, field: str, dimension: str, given: object) -> float:
    magnitude = quantity.magnitude
    if isinstance(magnitude, numbers.Complex) and not isinstance(magnitude, numbers.Real):
        raise UnitError(
            f"{field}: expected {_expected(dimension)}: a real number, got the complex {_describe(given)}"
        )
    if not isinstance(magnitude, numbers.Real) or isinstance(magnitude, bool):
        raise UnitError(f"{field}: expected a single quantity, got {_describe(given)}")
    units = str(quantity.units)
    factor, why = _units_factor(units, dimension)
    number = _real(magnitude)
    if why == "unknown":
        raise UnitError(f"{field}: cannot read the unit of {_describe(given)} ({units!r} is not a unit)")
    if why:
        raise _refusal(field, dimension, given, units, why, number * factor)
    return number * factor


def to_canonical(value: object, *, field: str, dimension: str) -> float | None:
    """Read one measured value into a float in the canonical unit of its dimension.

    Parameters
    ----------
    value
        ``None`` or ``""`` (unknown), a number (already in the canonical unit),
        a pint Quantity from any registry, or a string with a unit.
    field
        The field's name, for error messages.
    dimension
        One of :data:`DIMENSIONS`: ``length`` (stored in m), ``area`` (m²),
        ``count``, ``ratio`` (percent) or ``time`` (minutes).

    Returns
    -------
    float or None
        ``None`` when the value is unknown.

    Raises
    ------
    UnitError
        Wrong dimension, a negative value, NaN or infinity, a fractional
        count, or text that is not a quantity; the message names the field,
        what was expected and what was given.

    Examples
    --------
    >>> from jiceng_xiaofang.units import to_canonical
    >>> to_canonical("30 平方米", field="room_area", dimension="area")
    30.0
    >>> to_canonical("400 cm", field="clear_width", dimension="length")
    4.0
    >>> to_canonical("6名", field="members", dimension="count")
    6.0
    >>> to_canonical(None, field="room_area", dimension="area") is None
    True
    >>> to_canonical("4 kg", field="clear_width", dimension="length")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.UnitError: clear_width: expected a length (m), got '4 kg'
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension: expected one of {', '.join(DIMENSIONS)}; got {dimension!r}")
    if value is None:
        return None
    if isinstance(value, bool):
        if dimension != "count":  # True as 1 m² would be silent nonsense
            raise UnitError(f"{field}: expected {_expected(dimension)}, got {value!r}")
        return float(value)
    if isinstance(value, numbers.Real):
        return _finite(_real(value), field, dimension, value)
    if isinstance(value, str):
        parsed = _parse_text(value, field, dimension)
        return None if parsed is None else _finite(parsed, field, dimension, value)
    if isinstance(value, numbers.Complex):
        raise UnitError(
            f"{field}: expected {_expected(dimension)}: a real number, got the complex number {_describe(value)}"
        )
    if hasattr(value, "magnitude") and hasattr(value, "units"):
        return _finite(_from_quantity(value, field, dimension, value), field, dimension, value)
    raise UnitError(
        f"{field}: expected {_expected(dimension)}: a number, a string or a pint Quantity, got {_describe(value)}"
    )
