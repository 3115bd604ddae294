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

# Longest words first, so 平方米 is not read as 平方 + 米.
_CHINESE_RE = re.compile("|".join(sorted(map(re.escape, CHINESE_UNITS), key=len, reverse=True)))
_NUMBER_RE = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_SUPERSCRIPTS = str.maketrans({"²": "^2", "³": "^3"})
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")


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
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


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


def _from_quantity(quantity: Any, field: str, dimension: str, given: object) -> float:
    registry = setup_registry()
    try:
        ours = registry.Quantity(quantity.magnitude, str(quantity.units))
    except Exception as exc:  # a unit our registry does not know
        raise UnitError(f"{field}: cannot read the unit of {_describe(given)} ({exc})") from None
    target = DIMENSIONS[dimension]
    if dimension == "count":
        if not ours.dimensionless:
            raise UnitError(f"{field}: expected {_expected(dimension)}, got {_describe(given)}")
        return float(ours.m_as("count"))
    if dimension == "ratio":
        if not ours.dimensionless:
            raise UnitError(f"{field}: expected {_expected(dimension)}, got {_describe(given)}")
        return float(ours.m_as("percent"))
    if ours.dimensionality != registry.get_dimensionality(_PINT_DIMENSION[dimension]):
        raise UnitError(f"{field}: expected {_expected(dimension)}, got {_describe(given)}")
    return float(ours.m_as(target))


def _parse_text(text: str, field: str, dimension: str) -> float | None:
    cleaned = text.strip().translate(_FULL_WIDTH)
    if not cleaned:
        return None
    if _NUMBER_RE.fullmatch(cleaned):
        return float(cleaned)
    spaced = _CHINESE_RE.sub(lambda m: f" {CHINESE_UNITS[m.group(0)]} ", cleaned).translate(_SUPERSCRIPTS)
    number = _NUMBER_RE.match(spaced.strip())
    if number is None:
        example = _EXPECTED[dimension][1]
        raise UnitError(
            f"{field}: expected {_expected(dimension)} such as {example} or a number, got {text!r}"
        )
    registry = setup_registry()
    try:
        quantity = registry.Quantity(spaced.strip())
    except Exception:
        raise UnitError(f"{field}: cannot read {text!r} as {_expected(dimension)}") from None
    if not hasattr(quantity, "units"):
        return float(quantity)
    return _from_quantity(quantity, field, dimension, text)


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
        return _finite(float(value), field, dimension, value)
    if isinstance(value, str):
        parsed = _parse_text(value, field, dimension)
        return None if parsed is None else _finite(parsed, field, dimension, value)
    if hasattr(value, "magnitude") and hasattr(value, "units"):
        magnitude = value.magnitude
        if not isinstance(magnitude, numbers.Real):
            raise UnitError(f"{field}: expected a single quantity, got {_describe(value)}")
        return _finite(_from_quantity(value, field, dimension, value), field, dimension, value)
    raise UnitError(
        f"{field}: expected {_expected(dimension)}: a number, a string or a pint Quantity, got {_describe(value)}"
    )
