"""Many facilities at once: reading facility files, checking them all, rolling up by street and district."""

from __future__ import annotations

import datetime as dt
import html
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .._extras import require_extra
from .._json import JsonError
from .._json import loads as loads_json
from .._tabular import csv_rows, decode, xlsx_rows
from .._toml import parse_toml
from ..errors import DataFileError, XiaofangError
from ..vocabulary.records import FacilityRecord, record_from_dict
from .check import check, compiled_requirements, evaluate, post_labels, with_post_codes
from .findings import Report, frame_in_chinese

if TYPE_CHECKING:
    import pandas

    from ..policy.model import Policy

__all__ = [
    "FACILITY_FORMATS",
    "FacilityFileError",
    "Rollup",
    "Summary",
    "check_all",
    "load_facilities",
    "parse_facilities",
    "sample_facilities",
]

_SAMPLE = "sample-facilities.toml"


_HEADS = {
    "en": ("street", "facilities", "pass", "fail", "unknown", "due", "overdue", "compliant"),
    "zh": ("街道", "设施数", "符合", "不符合", "未知", "未到期", "已逾期", "达标率"),
}


def _lang(lang: str) -> str:
    if lang not in ("en", "zh"):
        raise XiaofangError(f"lang: expected 'en' or 'zh', got {lang!r}")
    return lang


class FacilityFileError(DataFileError):
    """A file of facility records that cannot be read, or a row in it that is not a valid record.

    Examples
    --------
    >>> from jiceng_xiaofang.standards import parse_facilities
    >>> parse_facilities('[{"clear_width": "4 m"}]', source="f.json", fmt="json")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.standards.rollup.FacilityFileError: f.json: facility[0]: a facility row needs a 'kind', such as 'micro_fire_station'
    """


FACILITY_FORMATS = ("toml", "json", "csv", "xlsx")
"""The formats of a facility file; :func:`~jiceng_xiaofang.load_facilities` tells them by the file's suffix."""

_FORMAT_OF_SUFFIX = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".toml": "toml"}


def parse_facilities(
    data: bytes | str, *, source: str = "<string>", fmt: str = "toml", encoding: str | None = None
) -> tuple[FacilityRecord, ...]:
    """Read facility records from TOML (``[[facility]]`` tables), JSON (a list of objects) or CSV.

    Each row needs a ``kind`` (``micro_fire_station``, ``fire_lane``...);
    a bad row raises :class:`FacilityFileError` naming the file, the row and the field.
    A CSV file has a header row of field names and one facility a row; an
    empty cell is a value not given (unknown).  Bytes are read as UTF-8, else
    as GB18030 (GBK, as Excel on a Chinese Windows saves a CSV), or in
    ``encoding`` when it is given.  (An ``.xlsx`` workbook is read from its
    file by :func:`~jiceng_xiaofang.load_facilities`.)

    Examples
    --------
    >>> from jiceng_xiaofang.standards import parse_facilities
    >>> rows = parse_facilities('[{"kind": "fire_lane", "clear_width": "4 m"}]', fmt="json")
    >>> rows[0].clear_width
    4.0
    >>> parse_facilities('[{"kind": "fire_lane", "clear_width": "4 kg"}]', source="f.json", fmt="json")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.standards.rollup.FacilityFileError: f.json: facility[0]: clear_width: expected a length (m), got '4 kg'
    """
    if fmt == "csv":
        text = (
            data
            if isinstance(data, str)
            else decode(data, source=source, error=FacilityFileError, encoding=encoding)
        )
        return _records_of_rows(csv_rows(text, source=source, error=FacilityFileError), source, "line")
    if encoding is not None and isinstance(data, bytes):
        data = decode(data, source=source, error=FacilityFileError, encoding=encoding)
    if fmt == "json":
        try:
            raw = loads_json(data)
        except JsonError as exc:
            raise FacilityFileError(f"not valid JSON: {exc}", file=source) from None
        if isinstance(raw, Mapping) and "facility" in raw:
            raw = raw["facility"]
        if not isinstance(raw, list):
            raise FacilityFileError(
                'expected a list of facility objects (or {"facility": [...]})', file=source
            )
        rows: list[object] = raw
    elif fmt == "toml":
        root = parse_toml(data, source=source, error=FacilityFileError)
        root.raw("format", required=False)
        root.table("sample", required=False)
        raw_rows = root.raw("facility", required=False)
        if raw_rows is not None and not isinstance(raw_rows, list):
            root.fail("expected [[facility]] tables", "facility")
        rows = list(raw_rows or [])
        root.done()
    else:
        raise XiaofangError(f"fmt: expected 'toml', 'json' or 'csv', got {fmt!r}")
    records = []
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise FacilityFileError(
                f"expected an object, got {type(row).__name__}", file=source, key=f"facility[{i}]"
            )
        try:
            records.append(record_from_dict(row))
        except XiaofangError as exc:
            raise FacilityFileError(str(exc), file=source, key=f"facility[{i}]") from None
    return tuple(records)


def _records_of_rows(
    rows: Iterable[tuple[int, Mapping[str, str]]], source: str, where: str
) -> tuple[FacilityRecord, ...]:
    """Records from the rows of a table; an empty cell is a value not given."""
    records = []
    for number, row in rows:
        values = {name: cell for name, cell in row.items() if cell.strip()}
        try:
            records.append(record_from_dict(values))
        except XiaofangError as exc:
            if where == "line":
                raise FacilityFileError(str(exc), file=source, line=number) from None
            raise FacilityFileError(str(exc), file=source, key=f"row {number}") from None
    return tuple(records)


def load_facilities(
    path: str | os.PathLike[str], *, encoding: str | None = None
) -> tuple[FacilityRecord, ...]:
    """Read a facility file by its suffix: ``.json``, ``.csv``, ``.xlsx`` (the ``xlsx`` extra), else TOML.

    A CSV file or the first sheet of a workbook has a header row of field
    names (``kind``, ``name``, ``street``, ``room_area``...) and one facility a
    row; an empty cell is a value not given.  A CSV file is read as UTF-8, else
    GB18030 (which reads GBK: Excel on a Chinese Windows), or in ``encoding``.
    An error names the file, the row (a CSV's line) and the field.

    Examples
    --------
    >>> from jiceng_xiaofang.standards import load_facilities
    >>> load_facilities("missing.toml")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.standards.rollup.FacilityFileError: missing.toml: cannot read the file (No such file or directory)
    """
    fmt = _FORMAT_OF_SUFFIX.get(Path(path).suffix.lower(), "toml")
    if fmt == "xlsx":
        if not Path(path).is_file():
            raise FacilityFileError("cannot read the file (No such file or directory)", file=str(path))
        rows = xlsx_rows(
            path, source=str(path), error=FacilityFileError, what="reading an .xlsx facility file"
        )
        return _records_of_rows(rows, str(path), "row")
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise FacilityFileError(f"cannot read the file ({exc.strerror})", file=str(path)) from None
    return parse_facilities(raw, source=str(path), fmt=fmt, encoding=encoding)


def sample_facilities() -> tuple[FacilityRecord, ...]:
    """The bundled sample district: real Yuzhong streets, invented communities and facilities.

    The data are **illustrative** (made up to show the checks), not a survey.

    Examples
    --------
    >>> from jiceng_xiaofang.standards import sample_facilities
    >>> len(sample_facilities()) > 10
    True
    """
    raw = resources.files("jiceng_xiaofang.data").joinpath(_SAMPLE).read_bytes()
    return parse_facilities(raw, source=f"<embedded {_SAMPLE}>")


@attrs.frozen
class Summary:
    """Counts for a group of facilities: by overall status, and findings by (status, strength).

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.standards import check_all, sample_facilities
    >>> s = check_all(sample_facilities()).summary()
    >>> s.facilities == s.passed + s.failed + s.unknown
    True
    """

    facilities: int
    """The number of facilities."""
    passed: int
    """How many pass every required finding."""
    failed: int
    """How many fail a required finding."""
    unknown: int
    """How many fail none but have a required finding that cannot be told."""
    findings: Mapping[tuple[str, str], int]
    """The number of findings of each (status, strength), such as ``("fail", "required")``."""
    overdue: int
    """The number of failed findings past their deadline."""
    due: int
    """The number of failed findings whose deadline is still ahead."""

    @property
    def compliance(self) -> float | None:
        """Share of facilities that pass every required finding (``None`` for no facilities)."""
        return self.passed / self.facilities if self.facilities else None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready counts."""
        return {
            "facilities": self.facilities,
            "passed": self.passed,
            "failed": self.failed,
            "unknown": self.unknown,
            "compliance": self.compliance,
            "due": self.due,
            "overdue": self.overdue,
            "findings": {
                f"{status}/{strength}": n for (status, strength), n in sorted(self.findings.items())
            },
        }


def _summarise(reports: Iterable[Report]) -> Summary:
    statuses: Counter[str] = Counter()
    findings: Counter[tuple[str, str]] = Counter()
    timing: Counter[str | None] = Counter()
    total = 0
    for report in reports:
        total += 1
        statuses[report.status] += 1
        for f in report.findings:
            findings[(f.status, f.requirement.strength)] += 1
            if f.status == "fail":
                timing[f.timing] += 1
    return Summary(
        facilities=total,
        passed=statuses["pass"],
        failed=statuses["fail"],
        unknown=statuses["unknown"],
        findings=dict(findings),
        overdue=timing["overdue"],
        due=timing["due"],
    )


@attrs.frozen
class Rollup:
    """The reports of many facilities, with totals per street, per community and for the district.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.standards import check_all, sample_facilities
    >>> rollup = check_all(sample_facilities(), on=dt.date(2024, 7, 1))
    >>> list(rollup.by("street"))[:2]
    ['解放碑街道', '七星岗街道']
    """

    reports: tuple[Report, ...]
    """One report per facility, in the order given."""
    on: dt.date
    """The day the checks speak of."""

    def summary(self) -> Summary:
        """The totals of every facility."""
        return _summarise(self.reports)

    def by(self, level: str = "street") -> dict[str, Summary]:
        """Totals per ``street``, ``community`` or ``kind``, in the order first seen.

        Facilities with no street or community are grouped under ``""``.
        """
        if level not in ("street", "community", "kind"):
            raise XiaofangError(f"level: expected 'street', 'community' or 'kind', got {level!r}")
        groups: dict[str, list[Report]] = {}
        for report in self.reports:
            record = report.record
            key = record.kind if level == "kind" else getattr(record, level)
            if level == "community" and key:
                key = f"{record.street} {key}".strip()
            groups.setdefault(key, []).append(report)
        return {key: _summarise(reports) for key, reports in groups.items()}

    def failing(self) -> tuple[Report, ...]:
        """The reports whose facility fails a required finding."""
        return tuple(r for r in self.reports if r.status == "fail")

    def _rows(self, lang: str) -> list[tuple[str, Summary]]:
        district, no_street = ("(district)", "(no street)") if lang == "en" else ("（全区）", "（无街道）")
        rows = [(street or no_street, s) for street, s in self.by("street").items()]
        rows.append((district, self.summary()))
        return rows

    def to_text(self, lang: str = "en") -> str:
        """Per-street and district totals as a text table, headed in English (``"en"``) or Chinese (``"zh"``).

        Examples
        --------
        >>> import datetime as dt
        >>> import jiceng_xiaofang as jx
        >>> lanes = [jx.FireLane(street="大坪街道", clear_width=4, clear_height=3.5)]
        >>> print(jx.check_all(lanes, on=dt.date(2024, 1, 1)).to_text(lang="zh"))
        街道      设施数  符合  不符合  未知  未到期  已逾期  达标率
        大坪街道       1     0       1     0       0       0      0%
        （全区）       1     0       1     0       0       0      0%
        """
        from .._text import table

        head = _HEADS[_lang(lang)]
        rows = []
        for street, s in self._rows(lang):
            rate = "-" if s.compliance is None else f"{s.compliance:.0%}"
            rows.append((street, s.facilities, s.passed, s.failed, s.unknown, s.due, s.overdue, rate))
        return "\n".join(table(head, rows, right=(1, 2, 3, 4, 5, 6, 7)))

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in _HEADS["en"])
        rows = "".join(
            f"<tr><td>{html.escape(street)}</td><td>{s.facilities}</td><td>{s.passed}</td>"
            f"<td>{s.failed}</td><td>{s.unknown}</td><td>{s.due}</td><td>{s.overdue}</td>"
            f"<td>{'-' if s.compliance is None else f'{s.compliance:.0%}'}</td></tr>"
            for street, s in self._rows("en")
        )
        return f"<div>Compliance on {self.on}<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: the date, district totals, per-street totals and every report."""
        return {
            "on": self.on.isoformat(),
            "summary": self.summary().to_dict(),
            "streets": {k: v.to_dict() for k, v in self.by("street").items()},
            "reports": [r.to_dict() for r in self.reports],
        }

    def to_frame(self, lang: str = "en") -> pandas.DataFrame:
        """One row per finding of every facility (needs the ``pandas`` extra).

        ``lang="zh"`` names the columns in Chinese (:data:`~jiceng_xiaofang.standards.FRAME_COLUMNS_ZH`)
        and writes the statuses and strengths in Chinese.
        """
        lang = _lang(lang)
        require_extra("pandas", "to_frame")
        import pandas

        rows: list[dict[str, Any]] = []
        for report in self.reports:
            record = report.record
            for f in report.findings:
                rows.append(
                    {
                        "kind": record.kind,
                        "name": record.name,
                        "street": record.street,
                        "community": record.community,
                        **f.to_dict(),
                    }
                )
        frame = pandas.DataFrame(rows)
        return frame if lang == "en" else frame_in_chinese(frame)


def check_all(
    records: Iterable[FacilityRecord], policy: Policy | None = None, on: dt.date | None = None
) -> Rollup:
    """Check many facility records; the result rolls up per street, community and district.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> lanes = [jx.FireLane(street="大坪街道", clear_width=4, clear_height=3.5), jx.FireLane(street="大坪街道")]
    >>> s = jx.check_all(lanes, on=dt.date(2024, 1, 1)).by("street")["大坪街道"]
    >>> s.facilities, s.failed, s.unknown
    (2, 1, 1)
    """
    records = tuple(records)
    if not records:
        return Rollup(reports=(), on=on or dt.date.today())
    first = check(records[0], policy, on)
    policy_used = policy
    if policy_used is None:
        from .check import _default_policy

        policy_used = _default_policy()
    reports = [first]
    labels = post_labels(policy_used)
    for record in records[1:]:
        if not isinstance(record, FacilityRecord):
            raise XiaofangError(f"check_all: expected facility records, got {type(record).__name__}")
        record = with_post_codes(record, policy_used)
        compiled = compiled_requirements(policy_used, record.kind, first.on)
        reports.append(evaluate(record, compiled, first.on, policy_used.document.id, labels))
    return Rollup(reports=tuple(reports), on=first.on)
