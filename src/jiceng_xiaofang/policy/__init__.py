"""The policy as data: model, loader and lint."""

from __future__ import annotations

from .lint import LINT_CODES, LintIssue, lint
from .load import BODY_KINDS, BODY_LEVELS, FACT_KINDS, FORMAT_VERSION, load_policy, parse_policy
from .model import (
    COMPARATORS,
    LAYERS,
    STRENGTHS,
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
from .requirements import BASELINES

__all__ = [
    "BASELINES",
    "BODY_KINDS",
    "BODY_LEVELS",
    "COMPARATORS",
    "FACT_KINDS",
    "FORMAT_VERSION",
    "LAYERS",
    "LINT_CODES",
    "STRENGTHS",
    "Body",
    "Citation",
    "Clause",
    "Condition",
    "Document",
    "Fact",
    "FactValue",
    "LintIssue",
    "ParentDocument",
    "Policy",
    "Requirement",
    "Section",
    "Task",
    "Workload",
    "lint",
    "load_policy",
    "parse_policy",
]
