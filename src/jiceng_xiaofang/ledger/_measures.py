"""What the ledger counts for each unit over a period: the occurrences behind each measure of a scheme.

One pass over the entries dated up to the period's end, and the status of
every task and lead unit at that end (:func:`~jiceng_xiaofang.ledger.ledger_status`),
give every measure of :data:`~jiceng_xiaofang.ledger.MEASURES`; each occurrence
keeps the numbers of the entries and the tasks behind it, and the rule it rests on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

import attrs

from ..schedule.periods import Period
from .book import Ledger
from .model import Entry
from .scheme import MEASURES
from .status import RoundStatus, StatusReport, TaskStatus, ledger_status

__all__ = ["Occurrence", "UnitFacts", "unit_facts"]

_DONE = ("completed", "accepted")


@attrs.frozen
class Occurrence:
    """One thing counted for a unit: the entries and tasks behind it, the rule it rests on, why, in two languages."""

    entries: tuple[int, ...]
    tasks: tuple[str, ...]
    rule: str
    rule_clause: str
    rule_quote: str
    zh: str
    en: str


@attrs.frozen
class Share:
    """A share of a unit: the occurrences that count (the numerator) out of ``total``."""

    hits: tuple[Occurrence, ...]
    total: int


@attrs.frozen
class UnitFacts:
    """Everything the measures need, computed once for a ledger and a period."""

    period: Period
    status: StatusReport
    rows: Mapping[str, tuple[TaskStatus, ...]]
    streams: Mapping[tuple[str, str], tuple[Entry, ...]]
    letters: tuple[Entry, ...]
    answered: Mapping[str, dt.date]
    quarters: tuple[Period, ...]
    ledger: Ledger
    checked: bool

    def share(self, measure: str, unit: str) -> Share | None:
        """The share a ``share`` measure gives a unit, or ``None`` when it cannot be told (nothing to count)."""
        if measure == "rounds_held_share":
            rounds = self._rounds_ended()
            return (
                Share(tuple(self._round(r) for r in rounds if r.state == "held"), len(rounds))
                if rounds
                else None
            )
        rows = self.rows.get(unit, ())
        if not rows:
            return None
        wanted = _DONE if measure == "lead_tasks_done_share" else ("accepted",)
        step = "report" if measure == "lead_tasks_done_share" else "accept"
        hits = tuple(
            self._task(row, step, f"{row.status_zh}", row.status) for row in rows if row.status in wanted
        )
        return Share(hits, len(rows))

    def count(self, measure: str, unit: str) -> tuple[Occurrence, ...] | None:
        """The occurrences a ``count`` measure finds for a unit, or ``None`` when it cannot be told."""
        if MEASURES[measure].needs_checks and not self.checked:
            return None
        return tuple(getattr(self, f"_{measure}")(unit))

    # -- the measures ------------------------------------------------------------------------------

    def _tasks_overdue(self, unit: str) -> Iterator[Occurrence]:
        policy = self.ledger.policy
        fact = policy.fact(policy.ledger.deadline)
        deadline = fact.value
        if not isinstance(deadline, dt.date) or deadline > self.period.end:
            return
        for row in self.rows.get(unit, ()):
            if row.status not in _DONE:
                seqs = self._last(row.task, unit)
                yield Occurrence(
                    seqs,
                    (row.task,),
                    fact.id,
                    str(fact.clause),
                    fact.quote,
                    f"任务{row.task}到完成时限{_zh(deadline)}未完成（截至{_zh(self.period.end)}仍为{row.status_zh}）",
                    f"task {row.task} not done by the deadline {deadline}"
                    f" (still {row.status.replace('_', ' ')} on {self.period.end})",
                )

    def _contradictions(self, unit: str) -> Iterator[Occurrence]:
        for row in self.rows.get(unit, ()):
            if "contradiction" in row.flags:
                yield self._task(
                    row,
                    "report",
                    f"报告{row.status_zh}，设施核查：{_DERIVED_ZH[row.derived]}（{row.derived_detail}）",
                    f"reported {row.status.replace('_', ' ')} while the checks say {row.derived} ({row.derived_detail})",
                )

    def _letters_unanswered(self, unit: str) -> Iterator[Occurrence]:
        rule = self._rule("letter")
        for letter in self.letters:
            if letter.kind != "letter" or letter.unit != unit or letter.deadline is None:
                continue
            if letter.deadline not in self.period:
                continue
            answered = self.answered.get(letter.id)
            if answered is not None and answered <= letter.deadline:
                continue
            when = f"，{_zh(answered)}才回复" if answered is not None else "，至期末未回复"
            late = (
                f", answered only on {answered}"
                if answered is not None
                else ", unanswered at the period's end"
            )
            yield Occurrence(
                (letter.seq,),
                (letter.task,) if letter.task else (),
                *rule,
                f"督办函{letter.id}（{_zh(letter.on)}）限{_zh(letter.deadline)}前回复{when}",
                f"letter {letter.id} of {letter.on} due for an answer by {letter.deadline}{late}",
            )

    def _interviews(self, unit: str) -> Iterator[Occurrence]:
        rule = self._rule("interview")
        for entry in self.letters:
            if entry.kind == "interview" and entry.unit == unit and entry.on in self.period:
                yield Occurrence(
                    (entry.seq,),
                    (entry.task,) if entry.task else (),
                    *rule,
                    f"{_zh(entry.on)}被约谈（{entry.id}）" + (f"：{entry.done}" if entry.done else ""),
                    f"warning interview {entry.id} on {entry.on}",
                )

    def _reports_missing(self, unit: str) -> Iterator[Occurrence]:
        rule = self._rule("report")
        for row in self.rows.get(unit, ()):
            stream = self.streams.get((row.task, unit), ())
            for quarter in self.quarters:
                before = [e for e in stream if e.on < quarter.start]
                if before and (before[-1].kind == "acceptance" or before[-1].status == "completed"):
                    continue
                if any(e.kind == "progress" and e.on in quarter for e in stream):
                    continue
                yield Occurrence(
                    (),
                    (row.task,),
                    *rule,
                    f"任务{row.task}在{quarter.label_zh}未报送进展",
                    f"no progress report on task {row.task} in {quarter.label_zh} ({quarter})",
                )

    def _tasks_completed(self, unit: str) -> Iterator[Occurrence]:
        rule = self._rule("report")
        for row in self.rows.get(unit, ()):
            first = next((e for e in self.streams.get((row.task, unit), ()) if e.status == "completed"), None)
            if first is not None and first.on in self.period:
                yield Occurrence(
                    (first.seq,),
                    (row.task,),
                    *rule,
                    f"任务{row.task}于{_zh(first.on)}报告已完成",
                    f"task {row.task} reported completed on {first.on}",
                )

    def _tasks_accepted(self, unit: str) -> Iterator[Occurrence]:
        rule = self._rule("accept")
        for row in self.rows.get(unit, ()):
            stream = self.streams.get((row.task, unit), ())
            if stream and stream[-1].kind == "acceptance" and stream[-1].on in self.period:
                yield Occurrence(
                    (stream[-1].seq,),
                    (row.task,),
                    *rule,
                    f"任务{row.task}于{_zh(stream[-1].on)}通过验收",
                    f"task {row.task} accepted on {stream[-1].on}",
                )

    def _rounds_missed(self, unit: str) -> Iterator[Occurrence]:
        for r in self._rounds_ended():
            if r.state != "held":  # a period that ends with the assessment's is over at the end of that day
                yield self._round(r)

    # -- helpers -----------------------------------------------------------------------------------

    def _rounds_ended(self) -> list[RoundStatus]:
        return [r for r in self.status.rounds if self.period.start <= r.period.end <= self.period.end]

    def _round(self, r: RoundStatus) -> Occurrence:
        rule = self.ledger.policy.ledger.rule(r.rule)
        name_zh = {"inspection": "检查", "supervision": "督导"}[r.kind]
        if r.entries:
            zh = f"{r.period.label_zh}已开展{name_zh}（{len(r.entries)}次）"
            en = f"{r.kind} held in {r.period.label_zh} ({r.period})"
        else:
            zh = f"{r.period.label_zh}未开展{name_zh}"
            en = f"no {r.kind} in {r.period.label_zh} ({r.period})"
        return Occurrence(r.entries, (), rule.id, str(rule.clause), rule.quote, zh, en)

    def _rule(self, step: str) -> tuple[str, str, str]:
        rule = self.ledger.policy.ledger.rule_for(step)
        return rule.id, str(rule.clause), rule.quote

    def _last(self, task: str, unit: str) -> tuple[int, ...]:
        stream = self.streams.get((task, unit), ())
        return (stream[-1].seq,) if stream else ()

    def _task(self, row: TaskStatus, step: str, zh: str, en: str) -> Occurrence:
        stream = self.streams.get((row.task, row.unit), ())
        on = f"（{_zh(stream[-1].on)}）" if stream else ""
        on_en = f" ({stream[-1].on})" if stream else ""
        return Occurrence(
            self._last(row.task, row.unit),
            (row.task,),
            *self._rule(step),
            f"任务{row.task}：{zh}{on}",
            f"task {row.task}: {en.replace('_', ' ')}{on_en}",
        )


_DERIVED_ZH = {"pass": "通过", "fail": "未通过", "unknown": "无法判定", "no_records": "无设施记录", "": "无"}


def _zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _quarters(period: Period, since: dt.date | None) -> tuple[Period, ...]:
    found = []
    quarter = Period.containing(period.start, "P3M")
    while quarter.end <= period.end:
        if quarter.start >= period.start and (since is None or quarter.end >= since):
            found.append(quarter)
        quarter = quarter.following()
    return tuple(found)


def unit_facts(ledger: Ledger, period: Period, *, checks: object = None) -> UnitFacts:
    """The facts of every lead unit for a period: its task rows at the period's end, its streams and letters."""
    end = period.end
    status = ledger_status(ledger, on=end, checks=checks)
    rows: dict[str, list[TaskStatus]] = {}
    for row in status.rows:
        rows.setdefault(row.unit, []).append(row)
    streams: dict[tuple[str, str], list[Entry]] = {}
    letters: list[Entry] = []
    answered: dict[str, dt.date] = {}
    for entry in ledger.entries:
        if entry.on > end:
            continue
        kind = entry.kind
        if kind in ("progress", "acceptance"):
            streams.setdefault((entry.task, entry.unit), []).append(entry)
        elif kind in ("letter", "interview"):
            letters.append(entry)
        elif kind == "answer" and (entry.ref not in answered or entry.on < answered[entry.ref]):
            answered[entry.ref] = entry.on
    return UnitFacts(
        period=period,
        status=status,
        rows={k: tuple(v) for k, v in rows.items()},
        streams={k: tuple(v) for k, v in streams.items()},
        letters=tuple(letters),
        answered=answered,
        quarters=_quarters(period, ledger.policy.document.issued),
        ledger=ledger,
        checked=checks is not None,
    )
