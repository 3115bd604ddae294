"""The kinds of unit in China's grassroots hierarchy, and the qualifications posts may ask for.

This is the national structure every district shares, not a policy's: a
district (区) divides into streets (街道), towns (镇) and townships (乡); under
them are communities (社区, with a residents' committee) and villages (村, with
a village committee); then residents' and villagers' groups, compounds and
grids.  Police stations sit under the district and cover streets or towns.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["DIVISION_KINDS", "QUALIFICATIONS", "UNIT_KINDS"]

UNIT_KINDS: Mapping[str, tuple[str, str, tuple[str, ...]]] = MappingProxyType(
    {
        "district": ("区", "district", ()),
        "street": ("街道", "street", ("district",)),
        "town": ("镇", "town", ("district",)),
        "township": ("乡", "township", ("district",)),
        "community": ("社区", "community", ("street", "town", "township")),
        "village": ("村", "village", ("town", "township", "street")),
        "residents_group": ("居民小组", "residents' group", ("community",)),
        "villagers_group": ("村民小组", "villagers' group", ("village",)),
        "compound": ("居民小区（楼院）", "residential compound", ("community", "village")),
        "grid": ("网格", "grid", ("community", "village", "street", "town", "township")),
        "police_station": ("公安派出所", "police station", ("district",)),
    }
)
"""Kind of unit -> (Chinese, English, the kinds its parent may be).

Examples
--------
>>> from jiceng_xiaofang.vocabulary import UNIT_KINDS
>>> UNIT_KINDS["village"]
('村', 'village', ('town', 'township', 'street'))
"""

DIVISION_KINDS = ("street", "town", "township")
"""The kinds of township-level division directly under a district (街道、镇、乡)."""

QUALIFICATIONS: Mapping[str, str] = MappingProxyType(
    {
        "established": "在编人员",
        "fire_enforcement": "消防行政执法资格",
        "police_enforcement": "公安机关人民警察执法资格",
    }
)
"""Qualifications a post may ask of its holders, code -> Chinese."""
