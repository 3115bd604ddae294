"""Units in which the policy states its values.

The policy file names units by their canonical symbol; this table says which
symbols are allowed and what they measure.  Parsing user input with pint lives
in the standards layer; the policy loader only needs this table, so loading a
policy does not build a unit registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["CANONICAL_UNITS"]

CANONICAL_UNITS: Mapping[str, str] = MappingProxyType(
    {
        "m": "length",
        "m^2": "area",
        "person": "count",
        "count": "count",
        "percent": "ratio",
    }
)
"""Canonical unit symbol -> the dimension it measures.

Examples
--------
>>> from jiceng_xiaofang.units import CANONICAL_UNITS
>>> CANONICAL_UNITS["m^2"]
'area'
"""
