"""The organisation: the district, its streets and units, posts and people, and who answers for what."""

from __future__ import annotations

from ..vocabulary.provenance import Provenance
from .authority import AUTHORITY_COLUMNS, Authorisation, Authority, authority_table
from .hierarchy import hierarchy_graph
from .interop import popolo_json, to_org_turtle, to_popolo
from .load import (
    DISTRICT_FORMAT_VERSION,
    MAX_UNIT_DEPTH,
    load_district,
    parse_district,
    sample_district,
    yuzhong,
)
from .members import Member, members
from .model import (
    QUALIFICATIONS,
    UNIT_KINDS,
    District,
    Person,
    Street,
    Tenure,
    Unit,
)
from .places import (
    Classification,
    Place,
    Route,
    Supervision,
    classify_place,
    key_unit_thresholds,
    place_types,
    route,
    supervisor_of,
)
from .responsibility import Responsible, policy_of, responsibility, responsibility_chain

__all__ = [
    "AUTHORITY_COLUMNS",
    "DISTRICT_FORMAT_VERSION",
    "MAX_UNIT_DEPTH",
    "QUALIFICATIONS",
    "UNIT_KINDS",
    "Authorisation",
    "Authority",
    "Classification",
    "District",
    "Member",
    "Person",
    "Place",
    "Provenance",
    "Responsible",
    "Route",
    "Street",
    "Supervision",
    "Tenure",
    "Unit",
    "authority_table",
    "classify_place",
    "hierarchy_graph",
    "key_unit_thresholds",
    "load_district",
    "members",
    "parse_district",
    "place_types",
    "policy_of",
    "popolo_json",
    "responsibility",
    "responsibility_chain",
    "route",
    "sample_district",
    "supervisor_of",
    "to_org_turtle",
    "to_popolo",
    "yuzhong",
]
