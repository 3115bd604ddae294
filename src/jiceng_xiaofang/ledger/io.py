"""Ledger entries as JSON lines: one entry per line, keys in a fixed order, read back strictly.

JSON lines are the ledger's interchange format (a file a district can keep,
diff and send); every line is read with the same checks as a new entry, and
a damaged line is an error naming the file and the line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import NotAuthorisedError
from ..org.model import District
from ..policy.model import Policy
from .book import Ledger
from .model import Entry, Evidence, LedgerError

if TYPE_CHECKING:
    from ..org.authority import Authority

__all__ = [
    "entry_from_json",
    "entry_to_json",
    "ledger_to_jsonl",
    "parse_ledger",
    "read_ledger",
    "write_ledger",
]

_FIELDS = (
    "seq",
    "kind",
    "on",
    "by",
    "task",
    "unit",
    "status",
    "done",
    "problems",
    "next_steps",
    "id",
    "ref",
    "deadline",
    "rule",
    "actor",
)
_MAX_LINE = 200_000
_MAX_DEPTH = 20


def entry_to_json(entry: Entry, *, policy: str = "") -> str:
    """One entry as one line of JSON (empty fields left out; dates as ISO strings).

    ``policy`` is the id of the policy the ledger follows, written first: a
    ledger's lines carry it, so that a line says which ledger it is of (and
    an event store keeps each policy's ledger as its own stream).

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.ledger import Entry, entry_to_json
    >>> print(entry_to_json(Entry("inspection", dt.date(2024, 3, 20), by="区消安办", done="抽查3个街道")))
    {"kind": "inspection", "on": "2024-03-20", "by": "区消安办", "done": "抽查3个街道"}
    >>> entry_to_json(Entry("inspection", dt.date(2024, 3, 20), by="区消安办"), policy="yuzhong-2023")[:26]
    '{"policy": "yuzhong-2023",'
    """
    data: dict[str, Any] = {"policy": policy} if policy else {}
    for name in _FIELDS:
        value = getattr(entry, name)
        if value in ("", None, 0):
            continue
        data[name] = value.isoformat() if isinstance(value, dt.date) else value
    if entry.evidence:
        data["evidence"] = [
            {k: v for k, v in (("text", e.text), ("file", e.file), ("sha256", e.sha256)) if v}
            for e in entry.evidence
        ]
    return json.dumps(data, ensure_ascii=False)


def _depth(value: object, level: int = 0) -> int:
    if level > _MAX_DEPTH:
        return level
    if isinstance(value, Mapping):
        return max((_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level)
    return level


def _date(data: Mapping[str, Any], key: str) -> dt.date | None:
    raw = data.get(key)
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise LedgerError(f'{key}: expected a date such as "2024-03-31", got {raw!r}')
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise LedgerError(f'{key}: expected a date such as "2024-03-31", got {raw!r}') from None


def entry_policy(text: str | bytes) -> str:
    """The policy id a ledger line names (``""`` when it names none); the line is not otherwise checked."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return ""
    policy = data.get("policy", "") if isinstance(data, dict) else ""
    return policy if isinstance(policy, str) else ""


def entry_from_json(text: str | bytes) -> Entry:
    """Read one entry from a line of JSON, with every check a new entry gets.

    Examples
    --------
    >>> from jiceng_xiaofang.ledger import entry_from_json
    >>> entry_from_json('{"kind": "answer", "on": "2024-05-01", "by": "解放碑街道", "ref": "DB-1", "unit": "解放碑街道"}').ref
    'DB-1'
    >>> entry_from_json('{"kind": "answer", "on": "2024-05-01"}')
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.ledger.model.LedgerError: by: expected a non-empty text, got ''
    """
    if len(text) > _MAX_LINE:
        raise LedgerError(f"a ledger line is at most {_MAX_LINE} characters, got {len(text)}")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise LedgerError(f"not a line of JSON ({str(exc)[:80]})") from None
    if not isinstance(data, dict):
        raise LedgerError(f"a ledger line is a JSON object, got {type(data).__name__}")
    if _depth(data) > _MAX_DEPTH:
        raise LedgerError("a ledger line is nested too deep")
    policy = data.pop("policy", "")
    if not isinstance(policy, str):
        raise LedgerError(f"policy: expected the id of a policy, got {policy!r}")
    unknown = sorted(set(data) - set(_FIELDS) - {"evidence"})
    if unknown:
        raise LedgerError(f"unknown key {unknown[0]!r} (an entry has: {', '.join(_FIELDS)}, evidence)")
    kwargs: dict[str, Any] = {}
    for name in _FIELDS:
        if name in ("on", "deadline"):
            continue
        value = data.get(name, 0 if name == "seq" else "")
        if name == "seq" and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63
        ):
            raise LedgerError(f"seq: expected a whole number, got {value!r}")
        kwargs[name] = value
    on = _date(data, "on")
    if on is None:
        raise LedgerError("on: missing (the entry's date)")
    evidence = data.get("evidence", [])
    if not isinstance(evidence, list) or not all(isinstance(e, dict) for e in evidence):
        raise LedgerError(f"evidence: expected a list of objects, got {evidence!r}")
    items = []
    for i, e in enumerate(evidence):
        extra = sorted(set(e) - {"text", "file", "sha256"})
        if extra:
            raise LedgerError(f"evidence[{i}]: unknown key {extra[0]!r}")
        items.append(Evidence(**{k: e.get(k, "") for k in ("text", "file", "sha256")}))
    try:
        return Entry(on=on, deadline=_date(data, "deadline"), evidence=tuple(items), **kwargs)
    except TypeError as exc:  # a field of the wrong type that attrs passes on
        raise LedgerError(str(exc)) from None


def ledger_to_jsonl(ledger: Ledger) -> str:
    """The ledger's entries as JSON lines, in order.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger import ledger_to_jsonl
    >>> ledger = jx.Ledger(jx.load_policy()).record(jx.Entry("supervision", dt.date(2024, 6, 3), by="区消安办"))
    >>> print(ledger_to_jsonl(ledger), end="")
    {"policy": "yuzhong-2023", "seq": 1, "kind": "supervision", "on": "2024-06-03", "by": "区消安办", "rule": "supervision"}
    """
    policy = ledger.policy.document.id
    return "".join(entry_to_json(e, policy=policy) + "\n" for e in ledger.entries)


def parse_ledger(
    data: str | bytes,
    policy: Policy,
    district: District | None = None,
    *,
    source: str = "<ledger>",
    authority: Authority | None = None,
) -> Ledger:
    """A ledger from JSON lines: each line read and checked in order; the first bad line is an error.

    With ``authority``, each entry's actor is checked again with the posts
    held on the entry's day, so an entry by someone who did not hold a
    granted post then (forged or back-dated) is refused, naming its line.

    Raises
    ------
    LedgerError
        Naming the source and the line.
    NotAuthorisedError
        With ``authority``: an entry whose actor may not make it, naming the source and the line.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger import parse_ledger
    >>> text = '{"kind": "acceptance", "on": "2024-06-03", "by": "区消安办", "task": "2.1", "unit": "区住建委"}'
    >>> parse_ledger(text, jx.load_policy(), source="l.jsonl")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.ledger.model.LedgerError: l.jsonl:1: task 2.1 of 区住建委 cannot be accepted: its unit has never reported it done (5.2 '确保各项重点任务落实落地')
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LedgerError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    entries: list[Entry] = []
    lines: list[int] = []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entries.append(entry_from_json(line))
        except LedgerError as exc:
            raise LedgerError(f"{source}:{number}: {exc}") from None
        named = entry_policy(line)
        if named and named != policy.document.id:
            raise LedgerError(
                f"{source}:{number}: the entry is of the ledger of policy {named!r}, not {policy.document.id!r}"
            )
        lines.append(number)
    try:
        return Ledger(policy, district).record(*entries, authority=authority)
    except LedgerError as exc:
        index = getattr(exc, "index", None)
        where = f"{source}:{lines[index]}" if isinstance(index, int) else source
        raise LedgerError(f"{where}: {exc}") from None
    except NotAuthorisedError as exc:
        index = getattr(exc, "index", None)
        where = f"{source}:{lines[index]}" if isinstance(index, int) else source
        exc.args = (f"{where}: {exc}",)
        raise


def read_ledger(
    path: str | os.PathLike[str],
    policy: Policy,
    district: District | None = None,
    *,
    authority: Authority | None = None,
) -> Ledger:
    """Read a ledger file of JSON lines (see :func:`~jiceng_xiaofang.ledger.parse_ledger`, ``authority`` too).

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> jx.read_ledger("no-such-ledger.jsonl", jx.load_policy())
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.ledger.model.LedgerError: no-such-ledger.jsonl: cannot read the file (No such file or directory)
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise LedgerError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    return parse_ledger(raw, policy, district, source=str(path), authority=authority)


def write_ledger(ledger: Ledger, path: str | os.PathLike[str]) -> None:
    """Write the ledger as JSON lines (the whole file; UTF-8).

    Examples
    --------
    >>> import datetime as dt, pathlib, tempfile
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger import write_ledger
    >>> ledger = jx.Ledger(jx.load_policy()).record(jx.Entry("inspection", dt.date(2024, 3, 1), by="区消安办"))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ledger.jsonl"
    >>> write_ledger(ledger, path)
    >>> jx.read_ledger(path, jx.load_policy()).entries == ledger.entries
    True
    """
    try:
        Path(path).write_text(ledger_to_jsonl(ledger), encoding="utf-8", newline="\n")
    except OSError as exc:
        raise LedgerError(f"{path}: cannot write the file ({exc.strerror or exc})") from None


def entries_of(lines: Iterable[str]) -> list[Entry]:
    """Entries from lines of JSON (blank lines skipped)."""
    return [entry_from_json(line) for line in lines if line.strip()]
