"""Facility standards: records, requirements checked with units, findings and reports, and two policies compared."""

from __future__ import annotations

from ..vocabulary.records import (
    OTHER_POST,
    RECORD_TYPES,
    CommunityFireWorkGroup,
    FacilityRecord,
    FieldSpec,
    FireLane,
    FireWorkStation,
    KeyUnitMicroFireStation,
    MicroFireStation,
    OldBuilding,
    PoliceStation,
    RecordError,
    field_spec,
    record_from_dict,
    record_type,
)
from .bulk import TableReport, check_dask, check_table
from .check import Compiled, check, compiled_requirements, evaluate, post_labels, with_post_codes
from .compare import CheckComparison, FacilityChange, FindingChange, compare_checks
from .findings import FRAME_COLUMNS_ZH, STATUSES, Finding, Report, frame_in_chinese
from .rollup import (
    FACILITY_FORMATS,
    FacilityFileError,
    Rollup,
    Summary,
    check_all,
    load_facilities,
    parse_facilities,
    sample_facilities,
)
from .staffing import check_staffing, staffing_records

__all__ = [
    "FACILITY_FORMATS",
    "FRAME_COLUMNS_ZH",
    "OTHER_POST",
    "RECORD_TYPES",
    "STATUSES",
    "CheckComparison",
    "CommunityFireWorkGroup",
    "Compiled",
    "FacilityChange",
    "FacilityFileError",
    "FacilityRecord",
    "FieldSpec",
    "Finding",
    "FindingChange",
    "FireLane",
    "FireWorkStation",
    "KeyUnitMicroFireStation",
    "MicroFireStation",
    "OldBuilding",
    "PoliceStation",
    "RecordError",
    "Report",
    "Rollup",
    "Summary",
    "TableReport",
    "check",
    "check_all",
    "check_dask",
    "check_staffing",
    "check_table",
    "compare_checks",
    "compiled_requirements",
    "evaluate",
    "field_spec",
    "frame_in_chinese",
    "load_facilities",
    "parse_facilities",
    "post_labels",
    "record_from_dict",
    "record_type",
    "sample_facilities",
    "staffing_records",
    "with_post_codes",
]
