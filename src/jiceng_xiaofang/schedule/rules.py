"""Schedules: each obligation as a :class:`dateutil.rrule.rrule`, the next due date, due and overdue, calendars.

Two readings of "at least once per period" (:data:`READINGS`):

``calendar``
    the inspection must fall in each calendar period (year, half-year,
    quarter).  After an inspection in a period, the next is due by the end of
    the following period; it is ``met`` until that period starts, then ``due``,
    and ``overdue`` from the day after the period ends.
``rolling``
    at most one period may pass between two inspections: the next is due on
    the last one plus the period (``relativedelta``: 2024-02-29 + P1Y is
    2025-02-28); it is ``due`` until then and ``overdue`` from the day after.

A target with no entry in the log is counted from ``since``, the day its duty
began (given by the caller): under the calendar reading it is due by the end
of the period that contains ``since``, under the rolling reading one period
after ``since``.  Without ``since`` it is ``unknown``.  When both are known
the later due date wins: nothing falls due before the duty began.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal

import attrs
from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule

from ..errors import NotFoundError, ScheduleFileError, XiaofangError
from ..org.model import District
from .chinese_dates import parse_chinese_date
from .model import (
    STATUSES,
    CalendarEntry,
    Due,
    DueReport,
    InspectionLog,
    InspectionRecord,
    Obligation,
    ObligationSet,
)
from .periods import READINGS, Frequency, Period

__all__ = ["calendar", "due_report", "next_due", "obligation_rule"]

_DAY = relativedelta(days=1)
_FREQ: Mapping[str, Literal[0, 1, 2, 3, 4, 5, 6]] = MappingProxyType(
    {"YEARLY": YEARLY, "MONTHLY": MONTHLY, "WEEKLY": WEEKLY, "DAILY": DAILY}
)

Readings = str | Mapping[str, str] | None
Periods = Mapping[str, Frequency | str] | None


@attrs.frozen
class _RuleSpec:
    """The parts of a recurrence rule, to build both a dateutil rrule and an iCalendar RRULE."""

    freq: str
    dtstart: dt.date
    interval: int = 1
    bymonth: int | None = None
    bymonthday: tuple[int, ...] | None = None
    bysetpos: int | None = None
    count: int | None = None
    until: dt.date | None = None

    def rrule(self) -> rrule:
        until = dt.datetime.combine(self.until, dt.time()) if self.until else None
        return rrule(
            _FREQ[self.freq],
            dtstart=dt.datetime.combine(self.dtstart, dt.time()),
            interval=self.interval,
            bymonth=self.bymonth,
            bymonthday=self.bymonthday,
            bysetpos=self.bysetpos,
            count=self.count,
            until=until,
        )

    def ical(self) -> dict[str, object]:
        parts: dict[str, object] = {"freq": self.freq}
        if self.interval != 1:
            parts["interval"] = self.interval
        if self.bymonth is not None:
            parts["bymonth"] = self.bymonth
        if self.bymonthday is not None:
            parts["bymonthday"] = list(self.bymonthday)
        if self.bysetpos is not None:
            parts["bysetpos"] = self.bysetpos
        if self.count is not None:
            parts["count"] = self.count
        if self.until is not None:
            parts["until"] = self.until
        return parts

    def dates(self) -> list[dt.date]:
        return [d.date() for d in self.rrule()]


def _calendar_spec(frequency: Frequency, start: dt.date, until: dt.date | None) -> _RuleSpec:
    months = frequency.calendar_months
    first = Period.containing(start, frequency).end
    if months == 12:
        return _RuleSpec("YEARLY", first, bymonth=12, bymonthday=(31,), until=until)
    return _RuleSpec("MONTHLY", first, interval=months, bymonthday=(-1,), until=until)


def _rolling_spec(frequency: Frequency, anchor: dt.date, until: dt.date | None) -> _RuleSpec:
    first = anchor + frequency.delta
    if frequency.months and frequency.days:
        raise XiaofangError(f"{frequency.iso} mixes months and days; it has no recurrence rule")
    if frequency.days:
        if frequency.days % 7 == 0:
            return _RuleSpec("WEEKLY", first, interval=frequency.days // 7, until=until)
        return _RuleSpec("DAILY", first, interval=frequency.days, until=until)
    # relativedelta moves 31 January + P1M to 29 February: in the rule, "the last of the days 28 to 31 that
    # the month has" (BYSETPOS=-1) keeps every occurrence on anchor + k periods, clamped the same way.
    day = anchor.day
    bymonthday, bysetpos = ((day,), None) if day <= 28 else (tuple(range(28, day + 1)), -1)
    if frequency.months % 12 == 0:
        return _RuleSpec(
            "YEARLY", first, interval=frequency.months // 12, bymonth=anchor.month, bymonthday=bymonthday,
            bysetpos=bysetpos, until=until,
        )  # fmt: skip
    return _RuleSpec(
        "MONTHLY", first, interval=frequency.months, bymonthday=bymonthday, bysetpos=bysetpos, until=until
    )


def _check_reading(reading: str) -> str:
    if reading not in READINGS:
        raise XiaofangError(f"a reading is one of {', '.join(READINGS)}; got {reading!r}")
    return reading


def _check_day(name: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise XiaofangError(
            f"{name}: expected a datetime.date such as datetime.date(2024, 4, 1), got {value!r}"
        )
    return value


def obligation_rule(
    obligation: Obligation,
    start: dt.date | None = None,
    *,
    until: dt.date | None = None,
    reading: str | None = None,
    frequency: Frequency | str | None = None,
) -> rrule:
    """The due dates of an obligation as a :class:`dateutil.rrule.rrule`.

    Parameters
    ----------
    obligation
        An ``every`` or ``deadline`` obligation (or any, with ``frequency``).
    start
        Calendar reading: the rule starts with the end of the period that
        contains ``start``.  Rolling reading: ``start`` is the last
        inspection, and the rule gives ``start`` plus one, two, ... periods,
        clamped to the month's end as ``relativedelta`` does.  Not used for a
        deadline, whose rule has its one date.
    until
        The last day the rule may give.
    reading
        ``calendar`` or ``rolling``; by default the obligation's.
    frequency
        A period to use instead of the obligation's (for an ``unscheduled``
        obligation, the caller's own frequency).

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.schedule import load_obligations, obligation_rule
    >>> obligations = load_obligations()
    >>> rule = obligation_rule(obligations.get("district_quarterly_check"), dt.date(2024, 2, 1), until=dt.date(2024, 12, 31))
    >>> [d.date().isoformat() for d in rule]
    ['2024-03-31', '2024-06-30', '2024-09-30', '2024-12-31']
    >>> rule = obligation_rule(obligations.get("police_station_listed_units"), dt.date(2024, 2, 29), reading="rolling", until=dt.date(2028, 12, 31))
    >>> [d.date().isoformat() for d in rule]
    ['2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']
    >>> print(rule)
    DTSTART:20250228T000000
    RRULE:FREQ=YEARLY;UNTIL=20281231T000000;BYSETPOS=-1;BYMONTH=2;BYMONTHDAY=28,29
    """
    return _spec(obligation, start, until, reading, frequency).rrule()


def _spec(
    obligation: Obligation,
    start: dt.date | None,
    until: dt.date | None,
    reading: str | None,
    frequency: Frequency | str | None,
) -> _RuleSpec:
    if frequency is None and obligation.timing == "deadline":
        assert obligation.deadline is not None
        if until is not None and until < obligation.deadline:
            return _RuleSpec("DAILY", obligation.deadline, until=until)  # no date
        return _RuleSpec("DAILY", obligation.deadline, count=1)
    freq = Frequency.coerce(frequency) if frequency is not None else obligation.frequency
    if freq is None:
        raise XiaofangError(
            f"the obligation {obligation.id!r} ({obligation.timing}) has no period; pass frequency= to schedule it"
        )
    if start is None:
        raise XiaofangError(f"the rule of {obligation.id!r} needs a start date")
    start = _check_day("start", start)
    read = _check_reading(reading or obligation.reading or "calendar")
    return _calendar_spec(freq, start, until) if read == "calendar" else _rolling_spec(freq, start, until)


def _due_window(
    frequency: Frequency, reading: str, last: dt.date | None, since: dt.date | None
) -> tuple[dt.date, Period | None]:
    options: list[tuple[dt.date, Period | None]] = []
    if reading == "calendar":
        if last is not None:
            window = Period.containing(last, frequency).following()
            options.append((window.end, window))
        if since is not None:
            window = Period.containing(since, frequency)
            options.append((window.end, window))
    else:
        options.extend((day + frequency.delta, None) for day in (last, since) if day is not None)
    if not options:
        raise XiaofangError("the next due date needs the last inspection or the day the duty began (since)")
    return max(options, key=lambda o: o[0])


def next_due(
    obligation: Obligation | Frequency | str,
    last: dt.date | None = None,
    *,
    since: dt.date | None = None,
    reading: str | None = None,
) -> dt.date:
    """The date by which the next inspection is due.

    Parameters
    ----------
    obligation
        An ``every`` obligation, or a frequency (``"P1Y"``); a ``deadline``
        obligation gives its deadline.
    last
        The last inspection, if any.
    since
        The day the duty began; used when there is no ``last``, and when it
        gives a later date.
    reading
        ``calendar`` or ``rolling``; by default the obligation's, and
        ``calendar`` for a bare frequency.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.schedule import next_due
    >>> next_due("P3M", dt.date(2024, 3, 31))  # checked in Q1: next by the end of Q2
    datetime.date(2024, 6, 30)
    >>> next_due("P1Y", dt.date(2024, 2, 29), reading="rolling")
    datetime.date(2025, 2, 28)
    >>> next_due("P6M", since=dt.date(2024, 5, 1))  # never done: by the end of the half-year of `since`
    datetime.date(2024, 6, 30)
    """
    if last is not None:
        _check_day("last", last)
    if since is not None:
        _check_day("since", since)
    if isinstance(obligation, Obligation):
        if obligation.timing == "deadline":
            assert obligation.deadline is not None
            return obligation.deadline
        if obligation.frequency is None:
            raise XiaofangError(f"the obligation {obligation.id!r} ({obligation.timing}) has no period")
        frequency, default = obligation.frequency, obligation.reading or "calendar"
    else:
        frequency, default = Frequency.coerce(obligation), "calendar"
    return _due_window(frequency, _check_reading(reading or default), last, since)[0]


# --- the due report


@attrs.frozen
class _Options:
    on: dt.date
    since: dt.date | None
    readings: Readings
    periods: Mapping[str, Frequency]
    targets: Mapping[str, tuple[str, ...]]
    streets: tuple[str, ...]

    def reading(self, ob: Obligation) -> str:
        if isinstance(self.readings, str):
            return self.readings
        if self.readings is not None and ob.id in self.readings:
            return self.readings[ob.id]
        return ob.reading or "calendar"

    def frequency(self, ob: Obligation) -> Frequency | None:
        return self.periods.get(ob.id, ob.frequency)

    def registered(self, ob: Obligation, records: Iterable[InspectionRecord]) -> list[str]:
        names = set(self.targets.get(ob.id, ())) | {r.target for r in records}
        if ob.scope == "each_street":
            names |= set(self.streets)
        return sorted(names)


def _options(
    obligations: ObligationSet,
    on: dt.date,
    since: dt.date | None,
    reading: Readings,
    periods: Periods,
    targets: Mapping[str, Iterable[str]] | None,
    district: District | None,
) -> _Options:
    def known(name: str, mapping: Mapping[str, object] | None) -> None:
        for key in mapping or {}:
            if key not in obligations:
                try:
                    obligations.get(key)
                except NotFoundError as exc:
                    raise NotFoundError(f"{name}: {exc}") from None

    if isinstance(reading, str):
        _check_reading(reading)
    elif reading is not None:
        known("reading", reading)
        for name in reading.values():
            _check_reading(name)
    known("periods", periods)
    frequencies: dict[str, Frequency] = {}
    for key, value in (periods or {}).items():
        if obligations.get(key).timing in ("deadline", "per_hazard"):
            raise XiaofangError(
                f"periods: {key!r} is a {obligations.get(key).timing!r} obligation, it has no period"
            )
        frequencies[key] = Frequency.coerce(value)
    known("targets", targets)
    register: dict[str, tuple[str, ...]] = {}
    for key, names in (targets or {}).items():
        ob = obligations.get(key)
        if ob.scope == "round" or ob.timing == "per_hazard":
            what = (
                "is done by its body as a whole" if ob.scope == "round" else "takes its hazards from the log"
            )
            raise XiaofangError(f"targets: {key!r} {what}; it has no targets to register")
        if isinstance(names, str):
            raise XiaofangError(f"targets: {key!r} expects a list of target names, got the string {names!r}")
        register[key] = tuple(names)
    streets = tuple(s.name for s in district.streets) if district is not None else ()
    return _Options(on, since, reading, frequencies, register, streets)


def due_report(
    obligations: ObligationSet,
    log: InspectionLog,
    *,
    on: dt.date,
    since: dt.date | None = None,
    targets: Mapping[str, Iterable[str]] | None = None,
    district: District | None = None,
    reading: Readings = None,
    periods: Periods = None,
) -> DueReport:
    """What is met, due, overdue or unknown on a day, for every obligation and target.

    Entries dated after ``on`` are ignored: the report is as of ``on``.

    Parameters
    ----------
    obligations
        From :func:`load_obligations`.
    log
        The inspection log (:func:`read_log`).
    on
        The day of the report.
    since
        The day the duties began, for targets never inspected (and for
        ``round`` obligations with no entry).  Without it they are ``unknown``.
    targets
        Targets to track beyond those in the log, by obligation id: units
        listed but never inspected, for example.
    district
        Its streets are the targets of ``each_street`` obligations (5.1).
    reading
        ``"calendar"`` or ``"rolling"`` for every obligation, or a mapping of
        obligation id to reading; by default each obligation's own.
    periods
        A frequency per obligation id, to schedule an ``unscheduled``
        obligation or replace a period (the caller's choice, not the policy's).

    Returns
    -------
    DueReport
        Rows ordered by status (:data:`~jiceng_xiaofang.schedule.STATUSES`), then due date, then the
        order of the obligations, then target.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.schedule import due_report, load_obligations, parse_log
    >>> log = parse_log('''date,target,by,obligation
    ... 2023-05-10,某火锅店,解放碑街道 张三,street_entrusted_units
    ... 2024-01-15,全区,区消安委办公室,district_quarterly_check
    ... ''')
    >>> report = due_report(load_obligations(), log, on=dt.date(2024, 4, 1))
    >>> [(r.obligation, r.target, r.status, str(r.due)) for r in report.with_status("overdue", "due", "met")]
    [('district_quarterly_check', '', 'due', '2024-06-30'), ('street_entrusted_units', '某火锅店', 'due', '2024-12-31')]
    >>> rolling = due_report(load_obligations(), log, on=dt.date(2024, 5, 11), reading="rolling")
    >>> rolling.get("street_entrusted_units", "某火锅店").status
    'overdue'
    """
    on = _check_day("on", on)
    if since is not None:
        since = _check_day("since", since)
    options = _options(obligations, on, since, reading, periods, targets, district)
    by_obligation: dict[str, list[InspectionRecord]] = {ob.id: [] for ob in obligations}
    for record in log:
        if record.obligation not in by_obligation:
            try:
                obligations.get(record.obligation)
            except NotFoundError as exc:
                raise ScheduleFileError(
                    f"unknown obligation: {exc}", file=log.source, key=f"line {record.line}, obligation"
                ) from None
        if record.date <= on:
            by_obligation[record.obligation].append(record)
    rows: list[Due] = []
    order = {ob.id: i for i, ob in enumerate(obligations)}
    for ob in obligations:
        records = by_obligation[ob.id]
        frequency = options.frequency(ob)
        if frequency is not None:
            rows.extend(_every_rows(ob, frequency, records, options))
        elif ob.timing == "deadline":
            rows.extend(_deadline_rows(ob, records, options))
        elif ob.timing == "per_hazard":
            rows.extend(_hazard_rows(ob, records, options))
        else:
            rows.extend(_unscheduled_rows(ob, records, options))
    rank = {s: i for i, s in enumerate(STATUSES)}
    rows.sort(key=lambda r: (rank[r.status], r.due or dt.date.max, order[r.obligation], r.target))
    return DueReport(on=on, rows=tuple(rows), since=since)


def _row(
    ob: Obligation,
    target: str,
    status: str,
    *,
    due: dt.date | None = None,
    last: dt.date | None = None,
    window: Period | None = None,
    reading: str | None = None,
    missed: tuple[Period, ...] = (),
    note: str = "",
) -> Due:
    return Due(
        obligation=ob.id, clause=ob.clause, who=ob.who, target=target, status=status, due=due, last=last,
        window=window, reading=reading, missed=missed, note=note,
    )  # fmt: skip


def _unknown(ob: Obligation, note: str) -> Due:
    return _row(ob, "", "unknown", note=note)


def _latest(records: Iterable[InspectionRecord]) -> dict[str, dt.date]:
    latest: dict[str, dt.date] = {}
    for r in records:
        if r.target not in latest or r.date > latest[r.target]:
            latest[r.target] = r.date
    return latest


def _every_rows(
    ob: Obligation, frequency: Frequency, records: list[InspectionRecord], o: _Options
) -> list[Due]:
    reading = o.reading(ob)
    if reading == "calendar":
        frequency.calendar_months  # noqa: B018 - fails early, naming the frequency, if it has no calendar periods
    days: dict[str, list[dt.date]] = {}
    for r in records:
        days.setdefault("" if ob.scope == "round" else r.target, []).append(r.date)
    if ob.scope == "round":
        names = [""]
    else:
        names = o.registered(ob, records)
        if not names:
            return [_unknown(ob, "no target registered or logged: pass targets= or log an inspection")]
    rows = []
    for target in names:
        logged = sorted(days.get(target, ()))
        last = logged[-1] if logged else None
        if last is None and o.since is None:
            rows.append(
                _row(
                    ob,
                    target,
                    "unknown",
                    reading=reading,
                    note="nothing logged and no start date: pass since=",
                )
            )
            continue
        due, window = _due_window(frequency, reading, last, o.since)
        if o.on > due:
            status, note = "overdue", f"overdue since {due + _DAY}"
        elif last is not None and window is not None and o.on < window.start:
            status, note = "met", f"done {last}; next due in {window.label_zh}"
        else:
            status = "due"
            note = f"due in {window.label_zh}" if window is not None else f"due by {due}"
        missed = _missed(frequency, logged, o.since, o.on) if reading == "calendar" else ()
        if missed:
            note += f"; missed {'、'.join(p.label_zh for p in missed)}"
        if frequency != ob.frequency:
            note += f" (period {frequency.iso} set by the caller)"
        rows.append(
            _row(
                ob,
                target,
                status,
                due=due,
                last=last,
                window=window,
                reading=reading,
                missed=missed,
                note=note,
            )
        )
    return rows


def _missed(
    frequency: Frequency, logged: list[dt.date], since: dt.date | None, on: dt.date
) -> tuple[Period, ...]:
    """The calendar periods that ended before ``on`` with no entry, from ``since`` or else the first entry."""
    start = since if since is not None else (logged[0] if logged else None)
    if start is None:
        return ()
    done = {Period.containing(day, frequency) for day in logged}
    missed = []
    period = Period.containing(start, frequency)
    while period.end < on:
        if period not in done:
            missed.append(period)
        period = period.following()
    return tuple(missed)


def _deadline_rows(ob: Obligation, records: list[InspectionRecord], o: _Options) -> list[Due]:
    deadline = ob.deadline
    assert deadline is not None
    first: dict[str, dt.date] = {}
    for r in records:
        target = "" if ob.scope == "round" else r.target
        if target not in first or r.date < first[target]:
            first[target] = r.date
    names = [""] if ob.scope == "round" else o.registered(ob, records)
    if not names:
        return [
            _unknown(ob, "no target registered or logged: pass district= or targets=, or log the completion")
        ]
    rows = []
    for target in names:
        done = first.get(target)
        if done is not None:
            late = " (after the deadline)" if done > deadline else ""
            rows.append(_row(ob, target, "met", due=deadline, last=done, note=f"completed {done}{late}"))
        elif o.on > deadline:
            rows.append(_row(ob, target, "overdue", due=deadline, note=f"overdue since {deadline + _DAY}"))
        else:
            rows.append(_row(ob, target, "due", due=deadline, note=f"due by {deadline}"))
    return rows


def _hazard_rows(ob: Obligation, records: list[InspectionRecord], o: _Options) -> list[Due]:
    listed: dict[str, tuple[dt.date, dt.date]] = {}  # target -> (deadline, listed on)
    closed: dict[str, dt.date] = {}
    last: dict[str, dt.date] = {}
    orphans: dict[str, dt.date] = {}
    for r in sorted(records, key=lambda r: (r.date, r.line)):
        last[r.target] = r.date
        if r.deadline is not None:
            if r.target in closed or r.target not in listed:
                closed.pop(r.target, None)
                listed[r.target] = (r.deadline, r.date)
            else:  # still open: a new deadline replaces the old one (an extension)
                listed[r.target] = (r.deadline, listed[r.target][1])
        elif r.target in listed and r.target not in closed:
            closed[r.target] = r.date
        else:
            orphans[r.target] = r.date
    if not listed and not orphans:
        return [_unknown(ob, "no hazard logged")]
    rows = []
    for target in sorted(set(listed) | set(orphans)):
        if target not in listed:
            rows.append(
                _row(
                    ob, target, "unknown", last=orphans[target], note="closing entry without a listed hazard"
                )
            )
            continue
        deadline, since = listed[target]
        if target in closed:
            late = " (after the deadline)" if closed[target] > deadline else ""
            rows.append(
                _row(
                    ob, target, "met", due=deadline, last=last[target], note=f"closed {closed[target]}{late}"
                )
            )
        elif o.on > deadline:
            note = f"listed {since}; overdue since {deadline + _DAY}"
            rows.append(_row(ob, target, "overdue", due=deadline, last=last[target], note=note))
        else:
            rows.append(_row(ob, target, "due", due=deadline, last=last[target], note=f"listed {since}"))
    return rows


def _unscheduled_rows(ob: Obligation, records: list[InspectionRecord], o: _Options) -> list[Due]:
    latest = _latest(records)
    names = o.registered(ob, records)
    if not names:
        return [_row(ob, "", "unscheduled", note="the policy sets no frequency")]
    return [
        _row(ob, t, "unscheduled", last=latest.get(t), note="the policy sets no frequency") for t in names
    ]


# --- calendars


@attrs.frozen
class _Series:
    obligation: Obligation
    target: str
    dates: tuple[dt.date, ...]
    spec: _RuleSpec | None = None
    reading: str | None = None
    frequency: Frequency | None = None
    note: str = ""
    closed: dt.date | None = None


def _period(period: Period | str) -> Period:
    if isinstance(period, Period):
        return period
    value = parse_chinese_date(period) if isinstance(period, str) else period
    if not isinstance(value, Period):
        raise XiaofangError(f"a calendar covers a period such as 2024年 or 2024年上半年, got {period!r}")
    return value


def _series(
    obligations: ObligationSet,
    period: Period,
    log: InspectionLog | None,
    reading: Readings,
    periods: Periods,
) -> list[_Series]:
    options = _options(obligations, period.start, None, reading, periods, None, None)
    records = [r for r in (log or ()) if r.date <= period.end]
    out: list[_Series] = []
    for ob in obligations:
        mine = [r for r in records if r.obligation == ob.id]
        frequency = options.frequency(ob)
        if frequency is not None:
            read = options.reading(ob)
            if read == "calendar":
                spec = _calendar_spec(frequency, period.start, period.end)
                out.append(_Series(ob, "", tuple(spec.dates()), spec, read, frequency))
                continue
            latest = {"": max(r.date for r in mine)} if ob.scope == "round" and mine else _latest(mine)
            for target, last in sorted(latest.items()):
                spec = _rolling_spec(frequency, last, period.end)
                dates = tuple(d for d in spec.dates() if d >= period.start)
                out.append(_Series(ob, target, dates, spec, read, frequency, note=f"last {last}"))
        elif ob.timing == "deadline":
            assert ob.deadline is not None
            if ob.deadline in period:
                out.append(_Series(ob, "", (ob.deadline,)))
        elif ob.timing == "per_hazard":
            closings = {
                r.target: r.date for r in sorted(mine, key=lambda r: (r.date, r.line)) if r.deadline is None
            }
            for r in mine:
                if r.deadline is not None and r.deadline in period:
                    done = closings.get(r.target)
                    closed = done if done is not None and done >= r.date else None
                    out.append(_Series(ob, r.target, (r.deadline,), note=f"listed {r.date}", closed=closed))
    return out


def calendar(
    obligations: ObligationSet,
    period: Period | str,
    *,
    log: InspectionLog | None = None,
    reading: Readings = None,
    periods: Periods = None,
) -> tuple[CalendarEntry, ...]:
    """The due dates that fall in a period, in date order.

    * ``every`` obligations, calendar reading: the end of each calendar period
      (quarter, half-year, year) in ``period``, for every target at once
      (``target`` is empty) with the period as its ``window``;
    * ``every`` obligations, rolling reading: for each target of the log, its
      latest inspection plus one, two, ... periods;
    * ``deadline`` obligations: the deadline, if it is in ``period``;
    * ``per_hazard``: each hazard of the log whose deadline is in ``period``.

    ``unscheduled`` obligations have no dates (unless ``periods`` gives one).

    Parameters
    ----------
    obligations
        From :func:`~jiceng_xiaofang.load_obligations`.
    period
        A :class:`Period` or its Chinese text: ``"2024年"``, ``"2024年上半年"``.
    log, reading, periods
        As for :func:`~jiceng_xiaofang.due_report`.

    Examples
    --------
    >>> from jiceng_xiaofang.schedule import calendar, load_obligations
    >>> for e in calendar(load_obligations(), "2025年下半年"):
    ...     print(e.due, e.obligation, e.window.label_zh if e.window else "-")
    2025-09-30 district_quarterly_check 2025年第三季度
    2025-12-31 police_station_listed_units 2025年
    2025-12-31 street_entrusted_units 2025年
    2025-12-31 district_quarterly_check 2025年第四季度
    2025-12-31 district_half_year_supervision 2025年下半年
    2025-12-31 streets_complete_construction -
    """
    span = _period(period)
    order = {ob.id: i for i, ob in enumerate(obligations)}
    entries = []
    for s in _series(obligations, span, log, reading, periods):
        for day in s.dates:
            calendar_reading = s.reading == "calendar" and s.frequency is not None
            window = Period.containing(day, s.frequency) if calendar_reading and s.frequency else None
            note = s.note if s.closed is None else f"{s.note}; closed {s.closed}"
            entries.append(
                CalendarEntry(
                    due=day, obligation=s.obligation.id, clause=s.obligation.clause, who=s.obligation.who,
                    target=s.target, window=window, note=note,
                )
            )  # fmt: skip
    entries.sort(key=lambda e: (e.due, order[e.obligation], e.target))
    return tuple(entries)
