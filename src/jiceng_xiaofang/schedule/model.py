"""Obligations, inspection logs and due-status rows as immutable values."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from .._text import table
from ..errors import NotFoundError
from ..vocabulary.citations import Citation, ClauseId, Reference
from .periods import Frequency, Period

__all__ = [
    "METHODS",
    "SCOPES",
    "STATUSES",
    "STRENGTHS",
    "TIMINGS",
    "CalendarEntry",
    "Due",
    "DueReport",
    "InspectionLog",
    "InspectionRecord",
    "Obligation",
    "ObligationSet",
]

TIMINGS = ("every", "deadline", "per_hazard", "unscheduled")
"""When an obligation falls due.

``every``
    at least once per period (a :class:`Frequency` such as ``P1Y``), counted in
    a reading of :data:`READINGS`;
``deadline``
    once, by a fixed date;
``per_hazard``
    each hazard closes by the deadline set when it was listed (限期销案);
``unscheduled``
    the policy sets a duty or a method but no frequency.
"""

SCOPES = ("each_target", "each_street", "round")
"""What one inspection covers.

``each_target``
    every target (unit, premises, compound, hazard) on its own;
``each_street``
    every street of the district on its own;
``round``
    the responsible body as a whole: any entry of the obligation counts.
"""

METHODS = MappingProxyType(
    {
        "inspection": "消防监督检查",
        "double_random": "双随机、一公开",
        "spot_check": "抽查",
        "check": "检查",
        "supervision": "督导",
        "completion": "完成建设任务",
        "rectification": "限期销案",
    }
)
"""How an obligation is carried out, with the policy's Chinese term."""

STRENGTHS = MappingProxyType({"required": "应", "optional": "可以"})
"""Whether the policy requires the duty (应、应当、要) or allows it (可以)."""

STATUSES = ("overdue", "due", "unknown", "met", "unscheduled")
"""The status of a duty on a day, in the order reports list them.

``overdue``
    the due date has passed without an entry in the log;
``due``
    not yet done, and the due date is today or later;
``unknown``
    the log and the arguments do not tell (no target known, no start date);
    missing data is never ``met``;
``met``
    done: the log shows an inspection in the current period (calendar
    reading), the completion, or the hazard's closing;
``unscheduled``
    the policy sets no frequency; the row shows the last entry.
"""


def _label(clause: str) -> str:
    return ClauseId(clause).label


@attrs.frozen
class Obligation:
    """A recurring duty or a deadline that the policy sets, with the clause and words it rests on.

    ``frequency`` (for ``every``) and ``deadline`` (for ``deadline``) are
    taken from the policy fact named in ``fact``, so the number is written once,
    in the policy file.  ``reading`` is the default reading of "at least once
    per period" (:data:`READINGS`); callers may override it.

    Examples
    --------
    >>> from jiceng_xiaofang.schedule import load_obligations
    >>> ob = load_obligations().get("district_quarterly_check")
    >>> ob.clause, ob.who, ob.frequency.iso, ob.reading, ob.scope
    ('5.4', ('区消防安全委员会',), 'P3M', 'calendar', 'round')
    >>> ob.quote
    '每季度至少开展一次检查'
    >>> str(ob.citation)
    'yuzhong-2023 五（四）'
    """

    id: str
    """A snake_case id, such as ``district_quarterly_check``; a log names the obligation by it."""
    clause: str
    """The id of the clause that sets it."""
    quote: str
    """The clause's words it rests on, verbatim."""
    who: tuple[str, ...]
    """The bodies that carry it out, as the policy's directory names them."""
    targets: tuple[str, ...]
    """What it covers, in the clause's words (units, premises, compounds, hazards...)."""
    scope: str
    """What one inspection covers, one of :data:`~jiceng_xiaofang.schedule.SCOPES`."""
    timing: str
    """When it falls due, one of :data:`~jiceng_xiaofang.schedule.TIMINGS`."""
    method: str
    """How it is carried out, a key of :data:`~jiceng_xiaofang.schedule.METHODS`."""
    strength: str
    """Whether the policy requires or allows it, a key of :data:`~jiceng_xiaofang.schedule.STRENGTHS`."""
    description_en: str
    """What it asks, in English."""
    frequency: Frequency | None = None
    """How often, for timing ``every``; ``None`` otherwise."""
    deadline: dt.date | None = None
    """The date by which it is to be done, for timing ``deadline``; ``None`` otherwise."""
    reading: str | None = None
    """How "at least once per period" is counted (:data:`~jiceng_xiaofang.schedule.READINGS`), for timing ``every``; ``None`` otherwise."""
    fact: str | None = None
    """The id of the policy fact the frequency or deadline comes from; ``None`` when none."""
    see_also: tuple[Reference, ...] = ()
    """Other clauses and words that state the same duty; empty when none."""
    document: str = "policy"
    """The id of the policy document, as citations name it."""
    clause_label: str = ""
    """The clause's label as the document prints it, such as ``五（四）``; ``""`` to derive it from the id."""

    @property
    def label(self) -> str:
        """The clause's label as its document prints it, such as ``三（三）``."""
        return self.clause_label or _label(self.clause)

    @property
    def citation(self) -> Citation:
        """A :class:`~jiceng_xiaofang.Citation` of the clause."""
        return Citation(document=self.document, clause=self.clause, label=self.label)

    @property
    def clauses(self) -> tuple[str, ...]:
        """The clause and the clauses of ``see_also``, each once."""
        return tuple(dict.fromkeys((self.clause, *(r.clause for r in self.see_also))))


@attrs.frozen
class ObligationSet:
    """The obligations of one policy, in the order of their file.

    Examples
    --------
    >>> from jiceng_xiaofang.schedule import load_obligations
    >>> obligations = load_obligations()
    >>> len(obligations), obligations.policy
    (8, 'yuzhong-2023')
    >>> [ob.id for ob in obligations][:2]
    ['police_station_listed_units', 'street_entrusted_units']
    """

    obligations: tuple[Obligation, ...]
    """The obligations, in the order of their file."""
    policy: str
    """The id of the policy whose obligations they are, such as ``yuzhong-2023``."""
    source: str = attrs.field(default="<memory>", eq=False)
    """Where they were read from, the file's path or ``<memory>``."""
    _index: Mapping[str, Obligation] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", MappingProxyType({ob.id: ob for ob in self.obligations}))

    def __iter__(self) -> Iterator[Obligation]:
        return iter(self.obligations)

    def __len__(self) -> int:
        return len(self.obligations)

    def __contains__(self, obligation_id: object) -> bool:
        return obligation_id in self._index

    def get(self, obligation_id: str) -> Obligation:
        """The obligation with this id; :class:`~jiceng_xiaofang.NotFoundError` names the closest ids.

        Examples
        --------
        >>> from jiceng_xiaofang.schedule import load_obligations
        >>> load_obligations().get("district_quartely_check").id
        Traceback (most recent call last):
        ...
        jiceng_xiaofang.errors.NotFoundError: no obligation 'district_quartely_check' in the policy; did you mean 'district_quarterly_check' or 'detachment_spot_check'?

        The id of the policy fact an obligation takes its period from is not
        the obligation's, and the error names the obligation that uses it:

        >>> load_obligations().get("street_inspection").id
        Traceback (most recent call last):
        ...
        jiceng_xiaofang.errors.NotFoundError: no obligation 'street_inspection' in the policy: 'street_inspection' is the fact (the period) of the obligation 'street_entrusted_units'; a log names the obligation
        """
        try:
            return self._index[obligation_id]
        except KeyError:
            using = [o.id for o in self.obligations if o.fact is not None and o.fact == obligation_id]
            if using:
                names = " or ".join(repr(i) for i in using)
                raise NotFoundError(
                    f"no obligation {obligation_id!r} in the policy: {obligation_id!r} is the fact (the period)"
                    f" of the obligation {names}; a log names the obligation"
                ) from None
            raise NotFoundError.for_name("obligation", obligation_id, self._index) from None

    @property
    def ids(self) -> tuple[str, ...]:
        """The obligation ids, in file order."""
        return tuple(self._index)


@attrs.frozen
class InspectionRecord:
    """One line of an inspection log: who did what for which target, on which day.

    For a ``per_hazard`` obligation, a record with a ``deadline`` lists a
    hazard (the target names it) with the deadline set for it; a later record
    without a deadline closes it (销案).  ``line`` is where the record is in
    its file (0 when built in code); it is not compared.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.schedule import InspectionRecord
    >>> r = InspectionRecord("某火锅店", "解放碑街道 张三", dt.date(2024, 3, 31), "street_entrusted_units")
    >>> r.date.isoformat(), r.deadline
    ('2024-03-31', None)
    """

    target: str
    """What was inspected (a unit, premises, a compound, a hazard), as the log names it."""
    by: str
    """Who did it, as the log writes it."""
    date: dt.date
    """The day it was done."""
    obligation: str
    """The id of the obligation it serves."""
    deadline: dt.date | None = None
    """For a ``per_hazard`` obligation, the deadline set for the hazard listed; ``None`` for a record that closes it, or any other."""
    note: str = ""
    """A free note; ``""`` when none."""
    line: int = attrs.field(default=0, eq=False)
    """The line of its file (0 when built in code); not compared."""


@attrs.frozen
class InspectionLog:
    """An inspection log: records in the order of their file.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.schedule import InspectionLog, InspectionRecord
    >>> log = InspectionLog((InspectionRecord("A", "x", dt.date(2024, 1, 5), "district_quarterly_check"),))
    >>> len(log), log.targets("district_quarterly_check")
    (1, ('A',))
    """

    records: tuple[InspectionRecord, ...] = ()
    """The records, in the order of their file."""
    source: str = attrs.field(default="<memory>", eq=False)
    """Where it was read from, the file's path or ``<memory>``."""

    def __iter__(self) -> Iterator[InspectionRecord]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def for_obligation(self, obligation_id: str) -> tuple[InspectionRecord, ...]:
        """The records of one obligation, in file order."""
        return tuple(r for r in self.records if r.obligation == obligation_id)

    def targets(self, obligation_id: str) -> tuple[str, ...]:
        """The targets logged for one obligation, sorted."""
        return tuple(sorted({r.target for r in self.for_obligation(obligation_id)}))


def _iso(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Period):
        return {"start": value.start.isoformat(), "end": value.end.isoformat()}
    if isinstance(value, tuple):
        return [_iso(v) for v in value]
    return value


@attrs.frozen
class Due:
    r"""The status of one duty for one target on a day.

    ``target`` is empty for a ``round`` obligation (the body as a whole) and
    for a row that says no target is known.  ``due`` is the date by which the
    next entry is needed; ``window`` (calendar reading) the period in which it
    must fall; ``last`` the latest entry on or before the day of the report.
    ``missed`` (calendar reading) lists the periods that ended before the day
    with no entry, counted from ``since`` or else from the first entry: a late
    inspection clears ``overdue`` but not the record of a missed quarter.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.schedule import InspectionLog, due_report, load_obligations, parse_log
    >>> log = parse_log("date,target,by,obligation\n2023-12-20,全区,区消安委办,district_quarterly_check\n")
    >>> row = due_report(load_obligations(), log, on=dt.date(2024, 4, 1)).get("district_quarterly_check")
    >>> row.status, row.due, row.last
    ('overdue', datetime.date(2024, 3, 31), datetime.date(2023, 12, 20))
    """

    obligation: str
    """The id of the obligation."""
    clause: str
    """The id of the clause that sets it."""
    who: tuple[str, ...]
    """The bodies that carry it out."""
    target: str
    """The target; ``""`` for a ``round`` obligation or when no target is known."""
    status: str
    """One of :data:`~jiceng_xiaofang.schedule.STATUSES`."""
    due: dt.date | None = None
    """The date by which the next entry is needed; ``None`` when it cannot be told."""
    last: dt.date | None = None
    """The latest entry on or before the day of the report; ``None`` when the log has none."""
    window: Period | None = None
    """The calendar period the next entry must fall in (calendar reading); ``None`` otherwise."""
    reading: str | None = None
    """The reading used (:data:`~jiceng_xiaofang.schedule.READINGS`); ``None`` for timings other than ``every``."""
    missed: tuple[Period, ...] = ()
    """The periods that ended before the day with no entry (calendar reading); empty when none."""
    note: str = ""
    """How the status was reached, in English, such as ``overdue since 2026-01-01``; ``""`` when nothing to add."""

    def as_dict(self) -> dict[str, Any]:
        """The row as a JSON-ready dict (dates as ISO text)."""
        return {a.name: _iso(getattr(self, a.name)) for a in attrs.fields(Due)}


@attrs.frozen
class DueReport:
    """Every duty's status on one day, overdue first.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.schedule import InspectionLog, due_report, load_obligations
    >>> report = due_report(load_obligations(), InspectionLog(), on=dt.date(2024, 4, 1))
    >>> report.counts()["unknown"] > 0, report.has_overdue
    (True, False)
    """

    on: dt.date
    """The day the report speaks of."""
    rows: tuple[Due, ...]
    """One row per obligation and target, overdue first."""
    since: dt.date | None = None
    """The date from which periods are counted when the log does not tell; ``None`` when not given."""
    _keyed: dict[tuple[str, str], Due] | None = attrs.field(default=None, init=False, eq=False, repr=False)

    def __iter__(self) -> Iterator[Due]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def with_status(self, *statuses: str) -> tuple[Due, ...]:
        """The rows with any of these statuses (:data:`STATUSES`)."""
        return tuple(r for r in self.rows if r.status in statuses)

    @property
    def overdue(self) -> tuple[Due, ...]:
        """The overdue rows."""
        return self.with_status("overdue")

    @property
    def due(self) -> tuple[Due, ...]:
        """The rows due (not yet done, not yet late)."""
        return self.with_status("due")

    @property
    def has_overdue(self) -> bool:
        """Whether anything is overdue."""
        return any(r.status == "overdue" for r in self.rows)

    def get(self, obligation: str, target: str = "") -> Due:
        """The row of one obligation and target (``""`` for a round obligation).

        Raises :class:`~jiceng_xiaofang.NotFoundError` if the report has no such row.  The rows are
        keyed on the first call, so asking for each of n rows costs n, not n².
        """
        keyed = self._keyed
        if keyed is None:
            keyed = {}
            for row in self.rows:
                keyed.setdefault((row.obligation, row.target), row)  # the first row of a key, as a scan finds
            object.__setattr__(self, "_keyed", keyed)
        found = keyed.get((obligation, target))
        if found is not None:
            return found
        known = sorted({f"{r.obligation}/{r.target}" if r.target else r.obligation for r in self.rows})
        wanted = f"{obligation}/{target}" if target else obligation
        close = difflib.get_close_matches(wanted, known, n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise NotFoundError(f"the report has no row {wanted!r}{hint}")

    def counts(self) -> dict[str, int]:
        """The number of rows of each status, in the order of :data:`STATUSES`."""
        return {s: sum(r.status == s for r in self.rows) for s in STATUSES}

    def to_json(self) -> str:
        """The report as JSON: the day, the start date and the rows, deterministic.

        Examples
        --------
        >>> import datetime as dt, json
        >>> from jiceng_xiaofang.schedule import InspectionLog, due_report, load_obligations
        >>> data = json.loads(due_report(load_obligations(), InspectionLog(), on=dt.date(2024, 4, 1)).to_json())
        >>> data["on"], data["rows"][0]["status"]
        ('2024-04-01', 'unknown')
        """
        data = {
            "on": self.on.isoformat(),
            "since": self.since.isoformat() if self.since else None,
            "counts": self.counts(),
            "rows": [r.as_dict() for r in self.rows],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)

    def to_text(self, *, statuses: tuple[str, ...] = STATUSES) -> str:
        """A table of the rows with these statuses, then the counts of every status.

        Examples
        --------
        >>> import datetime as dt
        >>> from jiceng_xiaofang.schedule import InspectionLog, due_report, load_obligations
        >>> report = due_report(load_obligations(), InspectionLog(), on=dt.date(2024, 4, 1))
        >>> print(report.to_text(statuses=("overdue",)))
        Duties on 2024-04-01: 0 overdue, 0 due, 6 unknown, 0 met, 2 unscheduled
        """
        counts = self.counts()
        head = f"Duties on {self.on.isoformat()}: " + ", ".join(f"{n} {s}" for s, n in counts.items())
        rows = [
            (
                r.status,
                r.due.isoformat() if r.due else "-",
                r.obligation,
                r.clause,
                r.target or "-",
                r.last.isoformat() if r.last else "-",
            )
            for r in self.rows
            if r.status in statuses
        ]
        if not rows:
            return head
        lines = table(("status", "due", "obligation", "clause", "target", "last"), rows)
        return "\n".join([head, "", *lines])


@attrs.frozen
class CalendarEntry:
    """One due date in a calendar: an obligation, a target (empty: every target) and its window.

    Examples
    --------
    >>> from jiceng_xiaofang.schedule import calendar, load_obligations
    >>> entry = calendar(load_obligations(), "2024年上半年")[0]
    >>> entry.due.isoformat(), entry.obligation, entry.window.label_zh
    ('2024-03-31', 'district_quarterly_check', '2024年第一季度')
    """

    due: dt.date
    """The date by which the entry is needed."""
    obligation: str
    """The id of the obligation."""
    clause: str
    """The id of the clause that sets it."""
    who: tuple[str, ...]
    """The bodies that carry it out."""
    target: str = ""
    """The target; ``""`` for every target."""
    window: Period | None = None
    """The calendar period the entry must fall in (calendar reading); ``None`` otherwise."""
    note: str = ""
    """Where the date comes from, such as ``last 2024-03-20``; ``""`` when nothing to add."""

    def as_dict(self) -> dict[str, Any]:
        """The entry as a JSON-ready dict (dates as ISO text)."""
        return {a.name: _iso(getattr(self, a.name)) for a in attrs.fields(CalendarEntry)}
