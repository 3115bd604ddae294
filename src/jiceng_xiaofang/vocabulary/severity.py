"""The severities of a fire hazard, shared by the hazard loop and the policy files that cite it."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["SEVERITIES"]

SEVERITIES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {"general": ("一般", "general"), "major": ("重大", "major")}
)
"""Severity code -> (Chinese, English).

Policies name general hazards (一般隐患); any hazard the caller judges not
general is ``major``.  The package does not judge severity: the reporter or
the grid worker does; a policy says which severities a grid may keep
(``grid_severities``).
"""
