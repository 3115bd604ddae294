"""The committee's ledger: progress on the annex tasks, the committee's rounds, letters, assessment, bulletin.

The steps rest on the policy's ``[ledger]`` rules (:class:`~jiceng_xiaofang.policy.LedgerRules`);
the ledger follows the annex tasks and the units that answer for them.
"""

from __future__ import annotations

from .assess import Assessment, Point, UnitScore, assess
from .book import Ledger, Responsibility
from .bulletin import HEADERS, Bulletin, BulletinRow, LetterLine, bulletin
from .io import entry_from_json, entry_to_json, ledger_to_jsonl, parse_ledger, read_ledger, write_ledger
from .model import ENTRY_KINDS, PROGRESS_STATUSES, Entry, Evidence, LedgerError
from .periods import as_period
from .scheme import (
    GROUPS,
    MEASURES,
    SCHEME_FORMAT_VERSION,
    Measure,
    Scheme,
    SchemeFileError,
    SchemeRule,
    load_scheme,
    parse_scheme,
)
from .status import DERIVED_STATUSES, FLAGS, RoundStatus, StatusReport, TaskStatus, ledger_status
from .store import LEDGER_STREAMS, LedgerStore

__all__ = [
    "DERIVED_STATUSES",
    "ENTRY_KINDS",
    "FLAGS",
    "GROUPS",
    "HEADERS",
    "LEDGER_STREAMS",
    "MEASURES",
    "PROGRESS_STATUSES",
    "SCHEME_FORMAT_VERSION",
    "Assessment",
    "Bulletin",
    "BulletinRow",
    "Entry",
    "Evidence",
    "Ledger",
    "LedgerError",
    "LedgerStore",
    "LetterLine",
    "Measure",
    "Point",
    "Responsibility",
    "RoundStatus",
    "Scheme",
    "SchemeFileError",
    "SchemeRule",
    "StatusReport",
    "TaskStatus",
    "UnitScore",
    "as_period",
    "assess",
    "bulletin",
    "entry_from_json",
    "entry_to_json",
    "ledger_status",
    "ledger_to_jsonl",
    "load_scheme",
    "parse_ledger",
    "parse_scheme",
    "read_ledger",
    "write_ledger",
]
