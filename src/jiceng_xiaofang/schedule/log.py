"""Read an inspection log from CSV or JSON Lines into an :class:`InspectionLog`.

Each record has the columns (CSV) or keys (JSON Lines):

``date``
    the day of the inspection, ``2024-03-31`` or ``2024年3月31日``;
``target``
    what was inspected (a unit, premises, compound, street or hazard);
``by`` (or ``inspector``)
    who inspected;
``obligation`` (or ``kind``)
    the id of the obligation the entry fulfils;
``deadline`` (optional)
    for a ``per_hazard`` obligation, the deadline set for the hazard listed;
``note`` (optional)
    free text.

Errors name the file, the line and the field.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

from .._json import JsonError
from .._json import loads as loads_json
from .._tabular import decode, numbered_rows, xlsx_rows
from .._values import describe as _shown
from .._values import surrogate_at, unwritable
from ..errors import ScheduleFileError, XiaofangError
from .chinese_dates import parse_chinese_date
from .model import InspectionLog, InspectionRecord, ObligationSet

__all__ = ["LOG_FORMATS", "parse_log", "read_log"]

LOG_FORMATS = ("csv", "jsonl")
"""The inspection log formats, CSV with a header row and JSON Lines (one object per line)."""

_REQUIRED = ("date", "target", "by", "obligation")
_OPTIONAL = ("deadline", "note")
_ALIASES = MappingProxyType({"inspector": "by", "kind": "obligation"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SUFFIXES = MappingProxyType({".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xlsx": "xlsx"})


def read_log(
    path: str | os.PathLike[str],
    *,
    obligations: ObligationSet | None = None,
    format: str | None = None,
    encoding: str | None = None,
) -> InspectionLog:
    """Read an inspection log file: CSV (``.csv``), JSON Lines (``.jsonl``, ``.ndjson``) or ``.xlsx``.

    Parameters
    ----------
    path
        The file: UTF-8 (a byte-order mark is allowed), else GB18030 (GBK, as
        Excel on a Chinese Windows saves a CSV); or the first sheet of an
        ``.xlsx`` workbook (the ``xlsx`` extra), its first row the header.
    obligations
        The obligations that the ``obligation`` column must name; the embedded
        ones by default.
    format
        ``"csv"``, ``"jsonl"`` or ``"xlsx"``; by default from the file's suffix.
    encoding
        The text encoding of a CSV or JSON Lines file, such as ``"gb18030"``.

    Raises
    ------
    ScheduleFileError
        The file cannot be read, a column is missing, a date is invalid, an
        obligation is unknown...; the message names the file, the line and
        the field.

    Examples
    --------
    >>> from jiceng_xiaofang.schedule import read_log
    >>> read_log("no-such-log.csv")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.ScheduleFileError: no-such-log.csv: cannot read the file (No such file or directory)
    """
    if format is None:
        format = _SUFFIXES.get(Path(path).suffix.lower())
        if format is None:
            raise ScheduleFileError(
                "cannot tell the log format from the file name: use .csv, .jsonl or .xlsx, or pass format=",
                file=str(path),
            )
    if format == "xlsx":
        if obligations is None:
            from .load import load_obligations

            obligations = load_obligations()
        if not Path(path).is_file():
            raise ScheduleFileError("cannot read the file (No such file or directory)", file=str(path))
        rows = xlsx_rows(
            path, source=str(path), error=ScheduleFileError, what="reading an .xlsx inspection log"
        )
        return _from_rows(_sheet_rows(rows, str(path)), str(path), obligations)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ScheduleFileError(f"cannot read the file ({exc.strerror})", file=str(path)) from None
    return parse_log(raw, format=format, source=str(path), obligations=obligations, encoding=encoding)


def _sheet_rows(
    rows: Iterator[tuple[int, dict[str, str]]], source: str
) -> Iterator[tuple[int, dict[str, str]]]:
    columns: dict[str, str] | None = None
    for number, row in rows:
        if columns is None:
            columns = _columns(list(row), source, 1)
        yield number, {columns[name]: cell for name, cell in row.items()}


def _from_rows(
    rows: Iterator[tuple[int, dict[str, str]]], source: str, obligations: ObligationSet
) -> InspectionLog:
    records = tuple(_record(line, row, source, obligations) for line, row in rows)
    return InspectionLog(records=records, source=source)


def parse_log(
    data: bytes | str,
    *,
    format: str = "csv",
    source: str = "<string>",
    obligations: ObligationSet | None = None,
    encoding: str | None = None,
) -> InspectionLog:
    r"""Parse the text of an inspection log (see :func:`~jiceng_xiaofang.read_log`).

    Examples
    --------
    >>> from jiceng_xiaofang.schedule import parse_log
    >>> log = parse_log("date,target,by,obligation\n2024-03-31,某火锅店,张三,street_entrusted_units\n")
    >>> log.records[0].date, log.records[0].line
    (datetime.date(2024, 3, 31), 2)
    >>> parse_log("date,target,by,obligation\n2024-02-30,某火锅店,张三,street_entrusted_units\n", source="log.csv")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.ScheduleFileError: log.csv: line 2, date: expected a day of 2024-02, which has 29 days, got '2024-02-30'
    """
    if format not in LOG_FORMATS:
        raise XiaofangError(f"the log format is one of {', '.join(LOG_FORMATS)}; got {format!r}")
    if obligations is None:
        from .load import load_obligations

        obligations = load_obligations()
    if isinstance(data, bytes):
        data = decode(data, source=source, error=ScheduleFileError, encoding=encoding)
    data = data.removeprefix("\ufeff")
    at = surrogate_at(data)
    if at is not None:
        raise _fail(f"not UTF-8 text: {unwritable(data)}", source, data.count("\n", 0, at) + 1)
    rows = _csv_rows(data, source) if format == "csv" else _jsonl_rows(data, source)
    return _from_rows(rows, source, obligations)


def _fail(message: str, source: str, line: int, field: str = "") -> ScheduleFileError:
    return ScheduleFileError(message, file=source, key=f"line {line}, {field}" if field else f"line {line}")


def _columns(names: list[str], source: str, line: int, what: str = "column") -> dict[str, str]:
    """Map each column name as written to its canonical name; reject unknown, duplicate and missing ones."""
    known = (*_REQUIRED, *_OPTIONAL)
    canonical: dict[str, str] = {}
    for name in names:
        key = _ALIASES.get(name.strip().lower(), name.strip().lower())
        if key not in known:
            raise _fail(
                f"unknown {what} {_shown(name)}; a log has {', '.join(known)} ('inspector' for 'by' and 'kind' for"
                " 'obligation' also work)",
                source,
                line,
            )
        if key in canonical.values():
            raise _fail(f"the {what} {key!r} is given twice (as {name!r})", source, line)
        canonical[name] = key
    missing = [c for c in _REQUIRED if c not in canonical.values()]
    if missing:
        raise _fail(
            f"missing {what} {missing[0]!r}; a log needs the {what}s {', '.join(_REQUIRED)}", source, line
        )
    return canonical


def _csv_rows(text: str, source: str) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise _fail(f"the file is empty; expected a header row: {','.join(_REQUIRED)}", source, 1) from None
    except csv.Error as exc:
        raise _fail(f"not valid CSV: {exc}", source, 1) from None
    columns = _columns(header, source, 1)
    names = list(columns.values())
    for line, cells in numbered_rows(reader, lambda message, at: _fail(message, source, at)):
        if len(cells) != len(names):
            raise _fail(f"expected {len(names)} cells as in the header, got {len(cells)}", source, line)
        yield line, dict(zip(names, cells, strict=True))


def _jsonl_rows(text: str, source: str) -> Iterator[tuple[int, dict[str, str]]]:
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            value = loads_json(raw)
        except JsonError as exc:
            where = f" (column {exc.column})" if exc.column is not None else ""
            raise _fail(f"not valid JSON: {exc.reason}{where}", source, line) from None
        if not isinstance(value, Mapping):
            raise _fail(f"expected a JSON object, got {type(value).__name__}", source, line)
        columns = _columns(list(value), source, line, "key")
        row: dict[str, str] = {}
        for name, key in columns.items():
            item = value[name]
            if item is None:
                continue
            if not isinstance(item, str):
                raise _fail(f"expected a string, got {_shown(item)}", source, line, key)
            row[key] = item
        yield line, row


def _parse_day(text: str) -> dt.date:
    """One day from ``2024-03-31`` or ``2024年3月31日``; XiaofangError says what was expected."""
    text = text.strip()
    if _ISO_DATE.fullmatch(text):
        year, month, day = (int(p) for p in text.split("-"))
        if not 1 <= month <= 12:
            raise XiaofangError(f"expected a month from 1 to 12, got {text!r}")
        days = calendar.monthrange(year, month)[1] if year else 0
        if not year or not 1 <= day <= days:
            what = f"a day of {year:04d}-{month:02d}, which has {days} days" if year else "a year from 0001"
            raise XiaofangError(f"expected {what}, got {text!r}")
        return dt.date(year, month, day)
    try:
        value = parse_chinese_date(text)
    except XiaofangError as exc:
        if re.search(r"[年月日号]", text):
            raise XiaofangError(str(exc)) from None
        raise XiaofangError(f"expected a date such as 2024-03-31 or 2024年3月31日, got {text!r}") from None
    if not isinstance(value, dt.date):
        raise XiaofangError(f"expected a single day such as 2024-03-31, got {text!r}, which is not a day")
    return value


def _date(text: str, source: str, line: int, field: str) -> dt.date:
    try:
        return _parse_day(text)
    except XiaofangError as exc:
        raise _fail(str(exc), source, line, field) from None


def _record(line: int, row: dict[str, str], source: str, obligations: ObligationSet) -> InspectionRecord:
    for name in _REQUIRED:
        if not row.get(name, "").strip():
            raise _fail("missing value" if name not in row else "empty value", source, line, name)
    obligation = row["obligation"].strip()
    if obligation not in obligations:
        try:
            obligations.get(obligation)
        except XiaofangError as exc:
            raise _fail(f"unknown obligation: {exc}", source, line, "obligation") from None
    on = _date(row["date"], source, line, "date")
    deadline = None
    if row.get("deadline", "").strip():
        deadline = _date(row["deadline"], source, line, "deadline")
        if obligations.get(obligation).timing != "per_hazard":
            raise _fail(
                f"only a 'per_hazard' obligation takes a deadline; {obligation!r} is"
                f" {obligations.get(obligation).timing!r}",
                source,
                line,
                "deadline",
            )
    if deadline is not None and deadline < on:
        raise _fail(f"the deadline {deadline} is before the date {on}", source, line, "deadline")
    return InspectionRecord(
        target=row["target"].strip(),
        by=row["by"].strip(),
        date=on,
        obligation=obligation,
        deadline=deadline,
        note=row.get("note", "").strip(),
        line=line,
    )
