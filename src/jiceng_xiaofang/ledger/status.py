"""Where each annex task stands for each unit on a day: reported, supported by the checks, due, overdue.

A unit's word is one thing, its facilities another.  Where a task has
facility requirements (the requirements that cite the task's clauses), the
status the checks support stands beside the status reported, and a unit that
reports a task done while its checks fail, or say nothing, is flagged.  The
committee's own rounds (a check each quarter, supervision each half-year, by
the policy's period facts) are due and missed the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .._extras import require_extra
from .._text import table
from ..schedule.periods import Period
from ..standards.findings import Report
from .book import Ledger, Responsibility
from .model import PROGRESS_STATUSES, Entry, LedgerError

if TYPE_CHECKING:
    import pandas

__all__ = ["DERIVED_STATUSES", "FLAGS", "RoundStatus", "StatusReport", "TaskStatus", "ledger_status"]

DERIVED_STATUSES = {
    "pass": "every facility of the task's kinds in the unit passes its checks",
    "fail": "a facility of the task's kinds in the unit fails a required check",
    "unknown": "a check cannot be told (missing data), and none fails",
    "no_records": "the task has facility requirements, but the unit has no facility record of those kinds",
    "": "the task has no facility requirement, or the unit is not a street (nothing to derive)",
}
"""What the checks say of a task and unit, beside what the unit reports."""

FLAGS = {
    "overdue": "not reported done by the deadline",
    "contradiction": "reported done (or accepted) while the checks fail, cannot be told, or have no record",
    "letter_open": "a letter or interview to the unit about the task is unanswered past its deadline",
}
"""The flags of a task and unit, with their meaning."""

_DONE = ("completed", "accepted")


@attrs.frozen
class TaskStatus:
    """One annex task for one unit on a day: reported status, derived status, flags.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger import ledger_status
    >>> ledger = jx.Ledger(jx.load_policy(), jx.yuzhong())
    >>> row = ledger_status(ledger, on=dt.date(2026, 1, 5)).row("1.1", "解放碑街道办事处")
    >>> row.status, row.status_zh, row.flags
    ('not_started', '未启动', ('overdue',))
    """

    number: int
    """The task's place in the annex, from 1."""
    task: str
    """The id of the annex task."""
    name: str
    """The task's name (工作任务)."""
    section: str
    """The task's heading (项目)."""
    unit: str
    """The unit, as the ledger names it."""
    role: str
    """``lead`` or ``cooperating``."""
    street: str
    """The name of the division the unit governs; ``""`` for a department."""
    status: str
    """The status reported, a key of :data:`~jiceng_xiaofang.ledger.PROGRESS_STATUSES` (``not_started`` when nothing is)."""
    reported_on: dt.date | None
    """The day of the last entry on the task and unit; ``None`` when there is none."""
    done: str
    """What the last progress report says was done; ``""`` when none."""
    problems: str
    """The problems it gives; ``""`` when none."""
    next_steps: str
    """The next steps it gives; ``""`` when none."""
    derived: str
    """What the facility checks say, a key of :data:`~jiceng_xiaofang.ledger.DERIVED_STATUSES` (``""`` when nothing is derived)."""
    derived_detail: str
    """The counts behind :attr:`derived`, such as ``3 facilities, 2 pass, 1 fail, 0 unknown``; ``""`` when nothing is derived."""
    deadline: dt.date | None
    """The day by which the tasks are to be done (the ``[ledger]`` deadline fact); ``None`` when it is not a date."""
    flags: tuple[str, ...]
    """The flags raised (:data:`~jiceng_xiaofang.ledger.FLAGS`); empty when none."""
    rule: str
    """The id of the rule progress reports cite."""

    @property
    def status_zh(self) -> str:
        """The reported status in Chinese."""
        return PROGRESS_STATUSES[self.status]

    def to_dict(self) -> dict[str, Any]:
        """The row as plain data (dates as ISO strings)."""
        data = attrs.asdict(self)
        for key in ("reported_on", "deadline"):
            data[key] = data[key].isoformat() if data[key] else None
        data["flags"] = list(self.flags)
        data["status_zh"] = self.status_zh
        return data


@attrs.frozen
class RoundStatus:
    """One period of one of the committee's rounds, and whether a round was held in it.

    ``state`` is ``held``, ``missed`` (the period is over with no round) or
    ``due`` (the period runs on ``on``, no round yet); ``entries`` are the
    numbers of the rounds held in it.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger import ledger_status
    >>> ledger = jx.Ledger(jx.load_policy()).record(jx.Entry("inspection", dt.date(2024, 2, 1), by="区消安办"))
    >>> r = [r for r in ledger_status(ledger, on=dt.date(2024, 2, 2)).rounds if r.kind == "inspection"][-1]
    >>> r.period.label_zh, r.state, r.entries
    ('2024年第一季度', 'held', (1,))
    """

    kind: str
    """``inspection`` (检查) or ``supervision`` (督导)."""
    period: Period
    """The period of the round, such as a quarter for inspections."""
    state: str
    """``held``, ``missed`` (the period is over with no round) or ``due`` (the period runs on the day, no round yet)."""
    entries: tuple[int, ...]
    """The numbers (``seq``) of the rounds held in it; empty when none."""
    rule: str
    """The id of the ``[ledger]`` rule that sets the round."""


@attrs.frozen
class StatusReport:
    """Where every annex task stands for every unit on a day, and the committee's rounds.

    ``rows`` holds one :class:`~jiceng_xiaofang.ledger.TaskStatus` per task and unit (leads, then
    cooperating units when asked for), in the annex's order.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger import ledger_status
    >>> report = ledger_status(jx.Ledger(jx.load_policy(), jx.yuzhong()), on=dt.date(2024, 7, 1))
    >>> len(report.rows), len({r.task for r in report.rows})
    (151, 20)
    >>> [(r.kind, r.period.label_zh, r.state) for r in report.rounds][:2]
    [('inspection', '2023年第一季度', 'missed'), ('inspection', '2023年第二季度', 'missed')]
    """

    on: dt.date
    """The day the report speaks of."""
    policy: str
    """The id of the ledger's policy."""
    rows: tuple[TaskStatus, ...]
    """One row per task and unit, in the annex's order."""
    rounds: tuple[RoundStatus, ...]
    """Each period of the committee's rounds from the policy's issue to the day, inspections then supervision visits."""

    def row(self, task: str, unit: str) -> TaskStatus:
        """The row of a task and unit (the unit as the ledger names it)."""
        for row in self.rows:
            if row.task == task and row.unit == unit:
                return row
        raise LedgerError(f"no row for task {task!r} and unit {unit!r} on {self.on}")

    def flagged(self, flag: str) -> tuple[TaskStatus, ...]:
        """The rows with a flag (``overdue``, ``contradiction``, ``letter_open``)."""
        if flag not in FLAGS:
            raise LedgerError(f"flag: expected one of {', '.join(FLAGS)}, got {flag!r}")
        return tuple(r for r in self.rows if flag in r.flags)

    def missed_rounds(self) -> tuple[RoundStatus, ...]:
        """The committee's rounds whose period ended without one."""
        return tuple(r for r in self.rounds if r.state == "missed")

    def counts(self) -> dict[str, int]:
        """How many rows have each reported status."""
        found = dict.fromkeys(PROGRESS_STATUSES, 0)
        for row in self.rows:
            found[row.status] += 1
        return found

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data."""
        return {
            "on": self.on.isoformat(),
            "policy": self.policy,
            "counts": self.counts(),
            "rows": [r.to_dict() for r in self.rows],
            "rounds": [
                {
                    "kind": r.kind,
                    "period": str(r.period),
                    "label_zh": r.period.label_zh,
                    "state": r.state,
                    "entries": list(r.entries),
                }
                for r in self.rounds
            ],
        }

    def to_frame(self) -> pandas.DataFrame:
        """One row per task and unit (needs the ``pandas`` extra)."""
        require_extra("pandas", "to_frame")
        import pandas

        return pandas.DataFrame([r.to_dict() for r in self.rows])

    def to_text(self) -> str:
        """A summary: counts, flagged rows, missed rounds."""
        counts = self.counts()
        lines = [
            f"ledger of {self.policy} on {self.on}: {len(self.rows)} task-unit rows; "
            + ", ".join(f"{PROGRESS_STATUSES[k]} {v}" for k, v in counts.items())
        ]
        for flag in FLAGS:
            rows = self.flagged(flag)
            if rows:
                lines.append(f"{flag} ({FLAGS[flag]}): {len(rows)}")
                lines += [
                    "  " + line
                    for line in table(
                        ("task", "unit", "status", "checks", "deadline"),
                        [(r.task, r.unit, r.status_zh, r.derived or "-", r.deadline or "-") for r in rows],
                    )
                ]
        missed = self.missed_rounds()
        if missed:
            lines.append("missed rounds: " + ", ".join(f"{r.kind} {r.period.label_zh}" for r in missed))
        return "\n".join(lines)


def _subjects(ledger: Ledger) -> Mapping[str, frozenset[str]]:
    """For each task, the kinds of facility its clauses set requirements for."""
    by_clause: dict[str, set[str]] = {}
    for r in ledger.policy.requirements:
        if r.clause is not None and not r.draft:
            by_clause.setdefault(str(r.clause), set()).add(r.subject)
    return {
        t.id: frozenset(s for c in t.clauses for s in by_clause.get(str(c), ())) for t in ledger.policy.tasks
    }


def _by_street(reports: Iterable[Report]) -> dict[tuple[str, str], list[str]]:
    """The statuses of the reports, by (street, kind of facility): read once, looked up per row."""
    found: dict[tuple[str, str], list[str]] = {}
    for r in reports:
        found.setdefault((r.record.street, r.record.kind), []).append(r.status)
    return found


def _derive(
    reports: Mapping[tuple[str, str], list[str]], subjects: frozenset[str], street: str
) -> tuple[str, str]:
    statuses = [status for subject in sorted(subjects) for status in reports.get((street, subject), ())]
    if not statuses:
        return "no_records", "no facility record"
    fail, unknown = statuses.count("fail"), statuses.count("unknown")
    detail = (
        f"{len(statuses)} facilities: {len(statuses) - fail - unknown} pass, {fail} fail, {unknown} unknown"
    )
    return ("fail" if fail else "unknown" if unknown else "pass"), detail


def _reports(checks: object) -> tuple[Report, ...]:
    reports = getattr(checks, "reports", checks)
    if not isinstance(reports, Iterable):
        raise LedgerError(f"checks: expected a Rollup (jx.check_all) or reports, got {checks!r}")
    found = tuple(reports)
    for i, r in enumerate(found):
        if not isinstance(r, Report):
            raise LedgerError(f"checks[{i}]: expected a Report, got {r!r}")
    return found


def ledger_status(
    ledger: Ledger,
    *,
    on: dt.date | None = None,
    checks: object = None,
    cooperating: bool = False,
) -> StatusReport:
    """Where every annex task stands for every responsible unit on a day.

    Parameters
    ----------
    ledger
        The ledger; only its entries dated on or before ``on`` count.
    on
        The day (today by default).
    checks
        The district's facility checks on that day (a :class:`~jiceng_xiaofang.standards.Rollup`
        from :func:`~jiceng_xiaofang.check_all`, or reports): the status they
        support stands beside the status reported.
    cooperating
        Also give rows for the cooperating units (by default: the lead units,
        the 责任单位 the bulletin reports on).

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger import ledger_status
    >>> ledger = jx.Ledger(jx.load_policy(), jx.yuzhong()).record(
    ...     jx.Entry("progress", dt.date(2025, 6, 30), by="王五", task="1.1", unit="解放碑街道",
    ...              status="completed", done="消防工作站已建成"))
    >>> station = jx.FireWorkStation(street="解放碑街道", staff=3)
    >>> report = ledger_status(ledger, on=dt.date(2025, 7, 1), checks=jx.check_all([station], on=dt.date(2025, 7, 1)))
    >>> row = report.row("1.1", "解放碑街道办事处")
    >>> row.status, row.derived, row.flags
    ('completed', 'fail', ('contradiction',))
    """
    day = dt.date.today() if on is None else on
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise LedgerError(f"on: expected a datetime.date, got {on!r}")
    policy = ledger.policy
    rules = policy.ledger
    deadline_value = policy.fact(rules.deadline).value
    deadline = deadline_value if isinstance(deadline_value, dt.date) else None
    reports = _by_street(_reports(checks)) if checks is not None else None
    subjects = _subjects(ledger)
    seen = [e for e in ledger.entries if e.on <= day]
    streams: dict[tuple[str, str], list[Entry]] = {}
    open_letters: dict[tuple[str, str], int] = {}
    answered = {e.ref for e in seen if e.kind == "answer"}
    for entry in seen:
        if entry.kind in ("progress", "acceptance"):
            streams.setdefault((entry.task, entry.unit), []).append(entry)
        elif (
            entry.kind in ("letter", "interview")
            and entry.id not in answered
            and entry.deadline is not None
            and entry.deadline < day
        ):
            key = (entry.task, entry.unit)
            open_letters[key] = open_letters.get(key, 0) + 1
    rows: list[TaskStatus] = []
    report_rule = rules.rule_for("report").id
    for task in policy.tasks:
        for resp in ledger.responsible(task.id, role=None if cooperating else "lead"):
            rows.append(
                _row(
                    task.number,
                    task.id,
                    task.name,
                    task.section,
                    resp,
                    streams.get((task.id, resp.unit), []),
                    subjects.get(task.id, frozenset()),
                    reports,
                    deadline,
                    day,
                    open_letters,
                    report_rule,
                )
            )
    return StatusReport(
        on=day, policy=policy.document.id, rows=tuple(rows), rounds=_rounds(ledger, seen, day)
    )


def _row(
    number: int,
    task: str,
    name: str,
    section: str,
    resp: Responsibility,
    stream: list[Entry],
    subjects: frozenset[str],
    reports: Mapping[tuple[str, str], list[str]] | None,
    deadline: dt.date | None,
    day: dt.date,
    open_letters: Mapping[tuple[str, str], int],
    rule: str,
) -> TaskStatus:
    progress = [e for e in stream if e.kind == "progress"]
    last = progress[-1] if progress else None
    accepted = bool(stream) and stream[-1].kind == "acceptance"
    status = "accepted" if accepted else (last.status if last is not None else "not_started")
    derived, detail = "", ""
    if reports is not None and subjects and resp.street:
        derived, detail = _derive(reports, subjects, resp.street)
    flags = []
    if deadline is not None and day > deadline and status not in _DONE:
        flags.append("overdue")
    if status in _DONE and derived in ("fail", "unknown", "no_records"):
        flags.append("contradiction")
    if open_letters.get((task, resp.unit)) or open_letters.get(("", resp.unit)):
        flags.append("letter_open")
    return TaskStatus(
        number=number,
        task=task,
        name=name,
        section=section,
        unit=resp.unit,
        role=resp.role,
        street=resp.street,
        status=status,
        reported_on=stream[-1].on if stream else None,
        done=last.done if last is not None else "",
        problems=last.problems if last is not None else "",
        next_steps=last.next_steps if last is not None else "",
        derived=derived,
        derived_detail=detail,
        deadline=deadline,
        flags=tuple(flags),
        rule=rule,
    )


def _rounds(ledger: Ledger, seen: list[Entry], day: dt.date) -> tuple[RoundStatus, ...]:
    """Each period of the committee's rounds from the policy's issue to ``day``: held, missed or due."""
    policy = ledger.policy
    rules = policy.ledger
    start = policy.document.issued or min((e.on for e in seen), default=day)
    found: list[RoundStatus] = []
    for command, kind in (("inspect", "inspection"), ("supervise", "supervision")):
        frequency = str(policy.fact(rules.rounds[command]).value)
        period = Period.containing(start, frequency)
        rule = rules.rule_for(command).id
        held: dict[dt.date, list[int]] = {}  # the rounds by the first day of their period
        for e in seen:
            if e.kind == kind:
                held.setdefault(Period.containing(e.on, frequency).start, []).append(e.seq)
        while period.start <= day:
            inside = tuple(held.get(period.start, ()))
            state = "held" if inside else ("due" if day in period else "missed")
            found.append(RoundStatus(kind, period, state, inside, rule))
            period = period.following()
    return tuple(found)
