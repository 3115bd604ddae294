"""The policy as data: model, loader and lint."""

from __future__ import annotations

from .lint import LINT_CODES, LintIssue, lint
from .load import BODY_KINDS, BODY_LEVELS, FACT_KINDS, FORMAT_VERSION, load_policy, parse_policy
from .model import (
    Body,
    Citation,
    Clause,
    Document,
    Fact,
    FactValue,
    ParentDocument,
    Policy,
    Section,
    Task,
    Workload,
    chinese_numeral,
)

__all__ = [
    "BODY_KINDS",
    "BODY_LEVELS",
    "FACT_KINDS",
    "FORMAT_VERSION",
    "LINT_CODES",
    "Body",
    "Citation",
    "Clause",
    "Document",
    "Fact",
    "FactValue",
    "LintIssue",
    "ParentDocument",
    "Policy",
    "Section",
    "Task",
    "Workload",
    "chinese_numeral",
    "lint",
    "load_policy",
    "parse_policy",
]
