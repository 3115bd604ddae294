"""The committee's ledger: progress on the annex tasks, the committee's rounds, letters, assessment, bulletin.

The steps rest on the policy's ``[ledger]`` rules (:class:`~jiceng_xiaofang.policy.LedgerRules`);
the ledger follows the annex tasks and the units that answer for them.
"""

from __future__ import annotations

from .book import Ledger, Responsibility
from .io import entry_from_json, entry_to_json, ledger_to_jsonl, parse_ledger, read_ledger, write_ledger
from .model import ENTRY_KINDS, PROGRESS_STATUSES, Entry, Evidence, LedgerError
from .status import DERIVED_STATUSES, FLAGS, RoundStatus, StatusReport, TaskStatus, ledger_status

__all__ = [
    "DERIVED_STATUSES",
    "ENTRY_KINDS",
    "FLAGS",
    "PROGRESS_STATUSES",
    "Entry",
    "Evidence",
    "Ledger",
    "LedgerError",
    "Responsibility",
    "RoundStatus",
    "StatusReport",
    "TaskStatus",
    "entry_from_json",
    "entry_to_json",
    "ledger_status",
    "ledger_to_jsonl",
    "parse_ledger",
    "read_ledger",
    "write_ledger",
]
