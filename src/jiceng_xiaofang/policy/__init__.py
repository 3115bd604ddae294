"""The policy as data: model, loader and lint.

A policy is the cited data of one district's document: its clauses, annex
tasks, facts and bodies, and everything the engine answers from, each entry
with the clause and words it rests on: the posts and bodies it creates, who
answers for fire safety, who supervises which places, where a street's
whistle goes, the rules of the hazard loop, and its requirements; and the
amendments that change its requirements from a date.
"""

from __future__ import annotations

from .amend import (
    AMENDMENT_FORMAT_VERSION,
    Amendment,
    AmendmentError,
    AmendmentFileError,
    RequirementChange,
    apply_amendments,
    load_amendments,
    parse_amendments,
)
from .authority_rules import AUTHORITY_ACTS, AUTHORITY_SCOPES, AuthorityRules, Grant, Separation
from .hazard_rules import (
    ASSIGN_LEVELS,
    CITED_COMMANDS,
    ESCALATION_CAUSES,
    Category,
    Channel,
    HazardRule,
    HazardRules,
)
from .ledger_rules import LEDGER_COMMANDS, LEDGER_ROUNDS, LedgerRules
from .lint import LINT_CODES, LintIssue, lint
from .load import BODY_KINDS, BODY_LEVELS, FACT_KINDS, FORMAT_VERSION, INCLUDABLE, load_policy, parse_policy
from .model import (
    COMPARATORS,
    DOCUMENT_KINDS,
    LAYERS,
    STRENGTHS,
    TASK_SOURCES,
    Body,
    Citation,
    Clause,
    Condition,
    Document,
    Fact,
    FactValue,
    ParentDocument,
    Policy,
    Requirement,
    Section,
    Task,
    Workload,
)
from .organisation import (
    POST_SCOPES,
    SUPERVISION_CATEGORIES,
    SUPERVISION_UNITS,
    OrganizationForm,
    Post,
    RequiredBody,
    ResponsibilityRule,
    Role,
    SupervisionRule,
)
from .places import PlaceKind, Routing
from .requirements import BASELINES, Baseline
from .rules import Rule

__all__ = [
    "AMENDMENT_FORMAT_VERSION",
    "ASSIGN_LEVELS",
    "AUTHORITY_ACTS",
    "AUTHORITY_SCOPES",
    "BASELINES",
    "BODY_KINDS",
    "BODY_LEVELS",
    "CITED_COMMANDS",
    "COMPARATORS",
    "DOCUMENT_KINDS",
    "ESCALATION_CAUSES",
    "FACT_KINDS",
    "FORMAT_VERSION",
    "INCLUDABLE",
    "LAYERS",
    "LEDGER_COMMANDS",
    "LEDGER_ROUNDS",
    "LINT_CODES",
    "POST_SCOPES",
    "STRENGTHS",
    "SUPERVISION_CATEGORIES",
    "SUPERVISION_UNITS",
    "TASK_SOURCES",
    "Amendment",
    "AmendmentError",
    "AmendmentFileError",
    "AuthorityRules",
    "Baseline",
    "Body",
    "Category",
    "Channel",
    "Citation",
    "Clause",
    "Condition",
    "Document",
    "Fact",
    "FactValue",
    "Grant",
    "HazardRule",
    "HazardRules",
    "LedgerRules",
    "LintIssue",
    "OrganizationForm",
    "ParentDocument",
    "PlaceKind",
    "Policy",
    "Post",
    "RequiredBody",
    "Requirement",
    "RequirementChange",
    "ResponsibilityRule",
    "Role",
    "Routing",
    "Rule",
    "Section",
    "Separation",
    "SupervisionRule",
    "Task",
    "Workload",
    "apply_amendments",
    "lint",
    "load_amendments",
    "load_policy",
    "parse_amendments",
    "parse_policy",
]
