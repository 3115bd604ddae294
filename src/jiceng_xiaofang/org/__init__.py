"""The organisation: the district, its streets and (to come) communities, posts and people."""

from __future__ import annotations

from .load import DISTRICT_FORMAT_VERSION, load_district, parse_district, yuzhong
from .model import CONFIDENCE_LEVELS, District, Provenance, Street

__all__ = [
    "CONFIDENCE_LEVELS",
    "DISTRICT_FORMAT_VERSION",
    "District",
    "Provenance",
    "Street",
    "load_district",
    "parse_district",
    "yuzhong",
]
