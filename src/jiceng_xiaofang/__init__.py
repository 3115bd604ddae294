"""jiceng_xiaofang (基层消防): a district's grassroots fire-safety governance policy as code.

The embedded default is the Chongqing Yuzhong District policy of 2023.  Heavy
parts are imported on first use, so ``import jiceng_xiaofang`` stays light.

Examples
--------
>>> import jiceng_xiaofang as jx
>>> policy = jx.load_policy()
>>> policy.clause("3.2").label
'三（二）'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    DataFileError,
    DistrictFileError,
    DocumentError,
    NotFoundError,
    PolicyFileError,
    ScheduleFileError,
    UnitError,
    XiaofangError,
)

if TYPE_CHECKING:
    from .drafting import Draft, DraftProblem, draft_policy
    from .graph import draw_task_graph, task_graph
    from .hazards import (
        HazardLog,
        HazardReport,
        HazardStore,
        TransitionError,
        read_hazard_log,
        report_hazard,
        to_open311,
    )
    from .org import (
        District,
        Place,
        Street,
        hierarchy_graph,
        load_district,
        parse_district,
        responsibility,
        responsibility_chain,
        route,
        sample_district,
        supervisor_of,
        yuzhong,
    )
    from .policy import (
        Amendment,
        AmendmentError,
        Body,
        Citation,
        Clause,
        Document,
        Fact,
        LintIssue,
        ParentDocument,
        Policy,
        Requirement,
        RequirementChange,
        Section,
        Task,
        Workload,
        lint,
        load_amendments,
        load_policy,
        parse_policy,
    )
    from .report import policy_summary
    from .revisions import Change, Comparison, PolicyDiff, compare, diff
    from .schedule import due_report, load_obligations, parse_chinese_date, read_log
    from .standards import (
        CheckComparison,
        CommunityFireWorkGroup,
        Finding,
        FireLane,
        FireWorkStation,
        KeyUnitMicroFireStation,
        MicroFireStation,
        OldBuilding,
        PoliceStation,
        Report,
        TableReport,
        check,
        check_all,
        check_dask,
        check_staffing,
        check_table,
        compare_checks,
        load_facilities,
        record_from_dict,
    )
    from .store import ConflictError, StoreError, open_store
    from .vocabulary import Provenance

__all__ = [
    "Amendment",
    "AmendmentError",
    "Body",
    "Change",
    "CheckComparison",
    "Citation",
    "Clause",
    "CommunityFireWorkGroup",
    "Comparison",
    "ConflictError",
    "DataFileError",
    "District",
    "DistrictFileError",
    "Document",
    "DocumentError",
    "Draft",
    "DraftProblem",
    "Fact",
    "Finding",
    "FireLane",
    "FireWorkStation",
    "HazardLog",
    "HazardReport",
    "HazardStore",
    "KeyUnitMicroFireStation",
    "LintIssue",
    "MicroFireStation",
    "NotFoundError",
    "OldBuilding",
    "ParentDocument",
    "Place",
    "PoliceStation",
    "Policy",
    "PolicyDiff",
    "PolicyFileError",
    "Provenance",
    "Report",
    "Requirement",
    "RequirementChange",
    "ScheduleFileError",
    "Section",
    "StoreError",
    "Street",
    "TableReport",
    "Task",
    "TransitionError",
    "UnitError",
    "Workload",
    "XiaofangError",
    "__version__",
    "check",
    "check_all",
    "check_dask",
    "check_staffing",
    "check_table",
    "compare",
    "compare_checks",
    "diff",
    "draft_policy",
    "draw_task_graph",
    "due_report",
    "hierarchy_graph",
    "lint",
    "load_amendments",
    "load_district",
    "load_facilities",
    "load_obligations",
    "load_policy",
    "open_store",
    "parse_chinese_date",
    "parse_district",
    "parse_policy",
    "policy_summary",
    "read_hazard_log",
    "read_log",
    "record_from_dict",
    "report_hazard",
    "responsibility",
    "responsibility_chain",
    "route",
    "sample_district",
    "supervisor_of",
    "task_graph",
    "to_open311",
    "yuzhong",
]

_LAZY = {
    "Draft": "drafting",
    "DraftProblem": "drafting",
    "draft_policy": "drafting",
    "Amendment": "policy",
    "AmendmentError": "policy",
    "RequirementChange": "policy",
    "load_amendments": "policy",
    "CheckComparison": "standards",
    "compare_checks": "standards",
    "Body": "policy",
    "Citation": "policy",
    "Clause": "policy",
    "Document": "policy",
    "Fact": "policy",
    "LintIssue": "policy",
    "ParentDocument": "policy",
    "Policy": "policy",
    "Requirement": "policy",
    "Section": "policy",
    "Task": "policy",
    "Workload": "policy",
    "lint": "policy",
    "load_policy": "policy",
    "parse_policy": "policy",
    "policy_summary": "report",
    "diff": "revisions",
    "compare": "revisions",
    "Comparison": "revisions",
    "Change": "revisions",
    "PolicyDiff": "revisions",
    "District": "org",
    "Provenance": "vocabulary",
    "Street": "org",
    "load_district": "org",
    "parse_district": "org",
    "yuzhong": "org",
    "report_hazard": "hazards",
    "HazardReport": "hazards",
    "HazardLog": "hazards",
    "HazardStore": "hazards",
    "open_store": "store",
    "ConflictError": "store",
    "StoreError": "store",
    "read_hazard_log": "hazards",
    "to_open311": "hazards",
    "TransitionError": "hazards",
    "due_report": "schedule",
    "load_obligations": "schedule",
    "parse_chinese_date": "schedule",
    "read_log": "schedule",
    "Place": "org",
    "hierarchy_graph": "org",
    "responsibility": "org",
    "responsibility_chain": "org",
    "route": "org",
    "sample_district": "org",
    "supervisor_of": "org",
    "check_staffing": "standards",
    "task_graph": "graph",
    "draw_task_graph": "graph",
    "CommunityFireWorkGroup": "standards",
    "Finding": "standards",
    "FireLane": "standards",
    "FireWorkStation": "standards",
    "KeyUnitMicroFireStation": "standards",
    "MicroFireStation": "standards",
    "OldBuilding": "standards",
    "PoliceStation": "standards",
    "Report": "standards",
    "check": "standards",
    "check_all": "standards",
    "check_table": "standards",
    "check_dask": "standards",
    "TableReport": "standards",
    "load_facilities": "standards",
    "record_from_dict": "standards",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'jiceng_xiaofang' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
