"""The quarterly bulletin (通报): every annex task and lead unit at a quarter's end, what is late, the rounds.

A :class:`~jiceng_xiaofang.Bulletin` holds one row per annex task and
responsible (lead) unit, headed 序号 / 工作任务 / 责任单位 / 进展情况 / 存在问题 /
下步打算 / 完成时限 / 状态; the tasks overdue and the reports the facility checks
contradict; the committee's rounds of the quarter; the letters and interviews;
and, with a scheme, the assessment ranking.  It is written as Markdown
(:meth:`~jiceng_xiaofang.Bulletin.to_markdown`), or as ``.xlsx`` and ``.docx``
with the ``ledger`` extra (:meth:`~jiceng_xiaofang.Bulletin.write`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from ..schedule.periods import Period
from .assess import Assessment, assess
from .book import Ledger
from .model import PROGRESS_STATUSES, LedgerError
from .periods import as_period
from .scheme import GROUPS, Scheme
from .status import RoundStatus, ledger_status

__all__ = ["HEADERS", "Bulletin", "BulletinRow", "LetterLine", "bulletin"]

HEADERS: Mapping[str, tuple[str, ...]] = {
    "zh": ("序号", "工作任务", "责任单位", "进展情况", "存在问题", "下步打算", "完成时限", "状态"),
    "en": ("No.", "Task", "Responsible unit", "Progress", "Problems", "Next steps", "Deadline", "Status"),
}
"""The headers of the bulletin's table, in Chinese and English."""

_DONE = ("completed", "accepted")
_LANGS = ("zh", "en")
_FLAG_WORDS = {
    "zh": {"overdue": "逾期", "contradiction": "与核查不符", "letter_open": "督办未回复"},
    "en": {"overdue": "overdue", "contradiction": "checks disagree", "letter_open": "letter unanswered"},
}
_DERIVED = {
    "zh": {"pass": "通过", "fail": "未通过", "unknown": "无法判定", "no_records": "无设施记录", "": "-"},
    "en": {"pass": "pass", "fail": "fail", "unknown": "unknown", "no_records": "no record", "": "-"},
}
_ROUND_WORDS = {
    "zh": {
        "inspection": "检查",
        "supervision": "督导",
        "held": "已开展",
        "missed": "未开展",
        "due": "期内待开展",
    },
    "en": {
        "inspection": "inspection",
        "supervision": "supervision",
        "held": "held",
        "missed": "missed",
        "due": "due",
    },
}
_LETTER_WORDS = {
    "zh": {
        "letter": "督办函",
        "interview": "约谈",
        "answered": "已回复",
        "late": "逾期后回复",
        "open": "逾期未回复",
        "pending": "待回复",
        "none": "无需回复",
    },
    "en": {
        "letter": "letter",
        "interview": "interview",
        "answered": "answered",
        "late": "answered late",
        "open": "unanswered past its deadline",
        "pending": "awaiting an answer",
        "none": "no answer due",
    },
}
_TEXT = {
    "zh": {
        "title": "{office}关于{quarter}《{document}》重点任务推进情况的通报",
        "basis": "依据：{clause}“{quote}”。截至{end}，政策 {policy}。",
        "summary": "一、总体情况",
        "counts": "共{rows}项（任务×责任单位，{tasks}项任务）：{counts}。",
        "table": "二、重点任务推进情况",
        "overdue": "三、逾期未完成",
        "contradictions": "四、报告与设施核查不符",
        "unchecked": "未提供设施核查结果，未比对。",
        "rounds": "五、检查督导开展情况",
        "letters": "六、督办函告与约谈",
        "ranking": "七、考核排名",
        "none": "无。",
        "illustrative": "（示意：考核办法 {scheme} 的权重为虚构）",
        "deadline_note": "完成时限为当日终了；到期仍未完成（已完成或已验收）的，列为逾期。",
    },
    "en": {
        "title": "{office}: bulletin of {quarter} on the tasks of {document}",
        "basis": "Basis: {clause} “{quote}”. As of {end}, policy {policy}.",
        "summary": "1. Overview",
        "counts": "{rows} rows (task × lead unit, {tasks} tasks): {counts}.",
        "table": "2. Progress on the tasks",
        "overdue": "3. Overdue",
        "contradictions": "4. Reports the facility checks contradict",
        "unchecked": "No facility checks were given: nothing compared.",
        "rounds": "5. The committee's rounds",
        "letters": "6. Letters of supervision and warning interviews",
        "ranking": "7. Assessment ranking",
        "none": "None.",
        "illustrative": "(illustrative: the weights of scheme {scheme} are invented)",
        "deadline_note": "A deadline runs to the end of its day; a task not done (completed or accepted) by then is overdue.",
    },
}
_STATUS_EN = {k: k.replace("_", " ") for k in PROGRESS_STATUSES}


def _zh(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "-"


@attrs.frozen
class BulletinRow:
    """One row of the bulletin: an annex task and its lead unit at the quarter's end.

    ``flags`` are those of :data:`~jiceng_xiaofang.ledger.FLAGS`; ``overdue``
    here means not done at the end of the deadline's day.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> row = jx.bulletin(jx.Ledger(jx.load_policy(), jx.yuzhong()), "2025Q4").rows[0]
    >>> row.task, row.unit, row.status, row.flags
    ('1.1', '七星岗街道办事处', 'not_started', ('overdue',))
    >>> row.cells("en")[-2:]
    ('2025-12-31', 'not started (overdue)')
    """

    number: int
    """The row's number in the bulletin, from 1."""
    task: str
    """The id of the annex task."""
    task_name: str
    """The task's name (工作任务)."""
    unit: str
    """The lead unit, as the ledger names it."""
    street: str
    """The name of the division the unit governs; ``""`` for a department."""
    done: str
    """What the last progress report says was done (进展情况); ``""`` when none."""
    problems: str
    """The problems it gives (存在问题); ``""`` when none."""
    next_steps: str
    """The next steps it gives (下步打算); ``""`` when none."""
    deadline: dt.date | None
    """The day by which the tasks are to be done (完成时限); ``None`` when the policy gives no date."""
    status: str
    """The status at the quarter's end, a key of :data:`~jiceng_xiaofang.ledger.PROGRESS_STATUSES`."""
    reported_on: dt.date | None
    """The day of the last entry on the task and unit; ``None`` when there is none."""
    derived: str
    """What the facility checks say (:data:`~jiceng_xiaofang.ledger.DERIVED_STATUSES`); ``""`` when nothing is derived."""
    derived_detail: str
    """The counts behind :attr:`derived`; ``""`` when nothing is derived."""
    flags: tuple[str, ...]
    """The flags raised (:data:`~jiceng_xiaofang.ledger.FLAGS`); empty when none."""

    def cells(self, lang: str = "zh") -> tuple[str, ...]:
        """The eight cells of the row, in the order of :data:`HEADERS`."""
        if lang == "zh":
            status = PROGRESS_STATUSES[self.status]
            deadline = _zh(self.deadline)
        else:
            status = _STATUS_EN[self.status]
            deadline = self.deadline.isoformat() if self.deadline else "-"
        flags = [_FLAG_WORDS[lang][f] for f in self.flags]
        if flags:
            status += ("（" + "、".join(flags) + "）") if lang == "zh" else " (" + ", ".join(flags) + ")"
        return (
            str(self.number),
            f"{self.task} {self.task_name}",
            self.unit,
            self.done,
            self.problems,
            self.next_steps,
            deadline,
            status,
        )


@attrs.frozen
class LetterLine:
    """A letter of supervision (督办函) or warning interview (约谈) of the quarter, or one still open in it.

    ``state`` is ``answered``, ``late`` (answered after the deadline),
    ``open`` (unanswered past its deadline), ``pending`` (unanswered, the
    deadline not reached) or ``none`` (an interview without a deadline).

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> ledger = jx.Ledger(jx.load_policy(), jx.yuzhong()).record(
    ...     jx.Entry("letter", dt.date(2025, 10, 8), by="区消安办", id="DB-1", unit="大坪街道",
    ...              deadline=dt.date(2025, 11, 8)))
    >>> line = jx.bulletin(ledger, "2025Q4").letters[0]
    >>> line.id, line.unit, line.state
    ('DB-1', '大坪街道办事处', 'open')
    """

    seq: int
    """The number of the letter's or interview's entry in the ledger."""
    kind: str
    """``letter`` (督办函) or ``interview`` (约谈)."""
    id: str
    """Its id, such as ``DB-1``."""
    unit: str
    """The unit it is addressed to, as the ledger names it."""
    task: str
    """The id of the annex task it concerns; ``""`` for none."""
    on: dt.date
    """The day it was sent or held."""
    deadline: dt.date | None
    """The day by which to answer; ``None`` for an interview without one."""
    answered: dt.date | None
    """The day of the first answer by the quarter's end; ``None`` while unanswered."""
    state: str
    """``answered``, ``late`` (answered after the deadline), ``open`` (unanswered past it), ``pending`` (unanswered, the deadline not reached) or ``none`` (unanswered, with no deadline)."""


@attrs.frozen
class Bulletin:
    """The quarterly bulletin (通报) of the committee's ledger.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> ledger = jx.Ledger(jx.load_policy(), jx.yuzhong()).record(
    ...     jx.Entry("progress", dt.date(2025, 11, 20), by="王五", task="1.1", unit="解放碑街道",
    ...              status="completed", done="工作站已建成", next_steps="申请验收"))
    >>> b = jx.bulletin(ledger, "2025Q4")
    >>> b.headers
    ('序号', '工作任务', '责任单位', '进展情况', '存在问题', '下步打算', '完成时限', '状态')
    >>> len(b.rows), len({r.task for r in b.rows})
    (151, 20)
    >>> b.table()[2]
    ('2', '1.1 建强街道消防工作机构', '解放碑街道办事处', '工作站已建成', '', '申请验收', '2025年12月31日', '已完成')
    >>> len(b.overdue())
    150
    """

    policy: str
    """The id of the ledger's policy."""
    title: str
    """The bulletin's title, in its language."""
    office: str
    """The body that issues it (the ``[ledger]`` office)."""
    quarter: Period
    """The quarter it reports on."""
    lang: str
    """Its language, ``zh`` or ``en``."""
    rows: tuple[BulletinRow, ...]
    """One row per annex task and lead unit, in the annex's order."""
    rounds: tuple[RoundStatus, ...]
    """The periods of the committee's rounds that overlap the quarter."""
    letters: tuple[LetterLine, ...]
    """The letters and interviews of the quarter, or still open in it."""
    assessment: Assessment | None
    """The assessment over the quarter, when a scheme was given; ``None`` otherwise."""
    checked: bool
    """Whether facility checks were given, so that reports could be compared with them."""
    clause: str
    """The clause of the ``[ledger]`` rule ``bulletin``."""
    quote: str
    """That rule's words."""

    @property
    def headers(self) -> tuple[str, ...]:
        """The headers of the table, in the bulletin's language."""
        return HEADERS[self.lang]

    @property
    def on(self) -> dt.date:
        """The day the bulletin speaks for, the last day of its quarter."""
        return self.quarter.end

    def table(self) -> list[tuple[str, ...]]:
        """The table: the headers, then one row per task and lead unit (all cells text)."""
        return [self.headers, *(r.cells(self.lang) for r in self.rows)]

    def overdue(self) -> tuple[BulletinRow, ...]:
        """The rows not done by the deadline."""
        return tuple(r for r in self.rows if "overdue" in r.flags)

    def contradictions(self) -> tuple[BulletinRow, ...]:
        """The rows reported done while the facility checks fail, cannot be told or have no record."""
        return tuple(r for r in self.rows if "contradiction" in r.flags)

    def counts(self) -> dict[str, int]:
        """How many rows have each status."""
        found = dict.fromkeys(PROGRESS_STATUSES, 0)
        for r in self.rows:
            found[r.status] += 1
        return found

    def text(self, key: str, **values: object) -> str:
        """A sentence or heading of the bulletin in its language."""
        return _TEXT[self.lang][key].format(**values)

    # -- the parts, as rows of text ----------------------------------------------------------------

    def summary(self) -> str:
        """The overview sentence: rows and tasks, and how many of each status."""
        counts = self.counts()
        names = PROGRESS_STATUSES if self.lang == "zh" else _STATUS_EN
        sep = "，" if self.lang == "zh" else ", "
        listed = sep.join(f"{names[k]} {v}" for k, v in counts.items())
        return self.text("counts", rows=len(self.rows), tasks=len({r.task for r in self.rows}), counts=listed)

    def overdue_table(self) -> list[tuple[str, ...]]:
        """The overdue rows: task, unit, status, last report."""
        zh = self.lang == "zh"
        head = (
            ("工作任务", "责任单位", "状态", "最近报告") if zh else ("Task", "Unit", "Status", "Last report")
        )
        rows = [
            (
                f"{r.task} {r.task_name}",
                r.unit,
                PROGRESS_STATUSES[r.status] if zh else _STATUS_EN[r.status],
                (_zh(r.reported_on) if zh else str(r.reported_on)) if r.reported_on else "-",
            )
            for r in self.overdue()
        ]
        return [head, *rows]

    def contradiction_table(self) -> list[tuple[str, ...]]:
        """The rows the checks contradict: task, unit, status reported, what the checks say."""
        zh = self.lang == "zh"
        head = (
            ("工作任务", "责任单位", "报告状态", "设施核查") if zh else ("Task", "Unit", "Reported", "Checks")
        )
        rows = [
            (
                f"{r.task} {r.task_name}",
                r.unit,
                PROGRESS_STATUSES[r.status] if zh else _STATUS_EN[r.status],
                f"{_DERIVED[self.lang][r.derived]}（{r.derived_detail}）"
                if zh
                else f"{r.derived} ({r.derived_detail})",
            )
            for r in self.contradictions()
        ]
        return [head, *rows]

    def rounds_table(self) -> list[tuple[str, ...]]:
        """The committee's rounds whose period meets the quarter: kind, period, state, entries."""
        words = _ROUND_WORDS[self.lang]
        head = (
            ("类别", "周期", "情况", "台账序号")
            if self.lang == "zh"
            else ("Round", "Period", "State", "Entries")
        )
        rows = [
            (words[r.kind], r.period.label_zh, words[r.state], ",".join(map(str, r.entries)) or "-")
            for r in self.rounds
        ]
        return [head, *rows]

    def letters_table(self) -> list[tuple[str, ...]]:
        """The letters and interviews of the quarter, and earlier ones still open in it."""
        zh = self.lang == "zh"
        words = _LETTER_WORDS[self.lang]
        head = (
            ("类别", "编号", "单位", "任务", "日期", "回复期限", "情况")
            if zh
            else ("Kind", "Id", "Unit", "Task", "Date", "Answer by", "State")
        )
        day = _zh if zh else (lambda d: d.isoformat() if d else "-")
        rows = [
            (words[x.kind], x.id, x.unit, x.task or "-", day(x.on), day(x.deadline), words[x.state])
            for x in self.letters
        ]
        return [head, *rows]

    def ranking_table(self) -> list[tuple[str, ...]]:
        """The assessment ranking (empty without a scheme): group, rank, unit, score."""
        if self.assessment is None:
            return []
        zh = self.lang == "zh"
        head = ("类别", "排名", "单位", "得分") if zh else ("Group", "Rank", "Unit", "Score")
        rows = [
            (GROUPS[s.group] if zh else s.group, str(s.rank), s.unit, f"{s.score}")
            for s in self.assessment.scores
        ]
        return [head, *rows]

    def sections(self) -> list[tuple[str, list[tuple[str, ...]] | str]]:
        """The bulletin's sections after the title: (heading, table or sentence), in order."""
        found: list[tuple[str, list[tuple[str, ...]] | str]] = [
            (self.text("summary"), self.summary()),
            (self.text("table"), self.table()),
            (self.text("overdue"), self.overdue_table() if self.overdue() else self.text("none")),
            (
                self.text("contradictions"),
                (self.contradiction_table() if self.contradictions() else self.text("none"))
                if self.checked
                else self.text("unchecked"),
            ),
            (self.text("rounds"), self.rounds_table() if self.rounds else self.text("none")),
            (self.text("letters"), self.letters_table() if self.letters else self.text("none")),
        ]
        if self.assessment is not None:
            found.append((self.text("ranking"), self.ranking_table()))
        return found

    def preamble(self) -> list[str]:
        """The lines under the title: the clause it rests on, the day, the deadline rule, an illustrative note."""
        end = _zh(self.on) if self.lang == "zh" else self.on.isoformat()
        lines = [
            self.text("basis", clause=self.clause, quote=self.quote, end=end, policy=self.policy),
            self.text("deadline_note"),
        ]
        if self.assessment is not None and self.assessment.illustrative:
            lines.append(self.text("illustrative", scheme=self.assessment.scheme))
        return lines

    # -- writers -----------------------------------------------------------------------------------

    def to_markdown(self) -> str:
        """The bulletin as Markdown: a title, the sections, the tables as pipe tables."""
        lines = [f"# {self.title}", ""]
        for line in self.preamble():
            lines += [line, ""]
        for heading, body in self.sections():
            lines += [f"## {heading}", ""]
            lines += [body] if isinstance(body, str) else _pipe(body)
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def to_dict(self) -> dict[str, Any]:
        """The bulletin as plain data."""
        return {
            "policy": self.policy,
            "title": self.title,
            "office": self.office,
            "quarter": str(self.quarter),
            "quarter_zh": self.quarter.label_zh,
            "lang": self.lang,
            "clause": self.clause,
            "quote": self.quote,
            "headers": list(self.headers),
            "counts": self.counts(),
            "rows": [
                attrs.asdict(r)
                | {
                    "deadline": r.deadline.isoformat() if r.deadline else None,
                    "reported_on": r.reported_on.isoformat() if r.reported_on else None,
                    "flags": list(r.flags),
                }
                for r in self.rows
            ],
            "rounds": [
                {"kind": r.kind, "period": str(r.period), "state": r.state, "entries": list(r.entries)}
                for r in self.rounds
            ],
            "letters": [
                attrs.asdict(x)
                | {
                    "on": x.on.isoformat(),
                    "deadline": x.deadline.isoformat() if x.deadline else None,
                    "answered": x.answered.isoformat() if x.answered else None,
                }
                for x in self.letters
            ],
            "checked": self.checked,
            "assessment": self.assessment.to_dict() if self.assessment is not None else None,
        }

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the bulletin by the file's suffix: ``.md``, ``.xlsx`` or ``.docx`` (the last two need the ``ledger`` extra).

        Raises
        ------
        LedgerError
            Another suffix, or a file that cannot be written.
        """
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix == ".md":
            try:
                target.write_text(self.to_markdown(), encoding="utf-8")
            except OSError as exc:
                raise LedgerError(f"{target}: cannot write the file ({exc.strerror or exc})") from None
        elif suffix == ".xlsx":
            from .office import write_xlsx

            write_xlsx(self, target)
        elif suffix == ".docx":
            from .office import write_docx

            write_docx(self, target)
        else:
            raise LedgerError(
                f"{target}: expected a file ending in .md, .xlsx or .docx, got {suffix or 'no suffix'!r}"
            )
        return target


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", "<br>") or " "


def _pipe(rows: Sequence[Sequence[str]]) -> list[str]:
    head, *body = rows
    lines = ["| " + " | ".join(_cell(c) for c in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in body]
    return lines


def _letters(ledger: Ledger, quarter: Period) -> tuple[LetterLine, ...]:
    answered: dict[str, dt.date] = {}
    for e in ledger.entries:
        if e.kind == "answer" and e.on <= quarter.end and (e.ref not in answered or e.on < answered[e.ref]):
            answered[e.ref] = e.on
    found = []
    for e in ledger.letters():
        if e.on > quarter.end:
            continue
        got = answered.get(e.id)
        if e.deadline is None:
            state = "answered" if got else "none"
        elif got is not None:
            state = "answered" if got <= e.deadline else "late"
        else:
            state = "open" if e.deadline < quarter.end else "pending"
        in_quarter = e.on in quarter or (got is not None and got in quarter)
        if in_quarter or state in ("open", "pending"):
            found.append(LetterLine(e.seq, e.kind, e.id, e.unit, e.task, e.on, e.deadline, got, state))
    return tuple(found)


def bulletin(
    ledger: Ledger,
    quarter: Period | str,
    *,
    checks: object = None,
    scheme: Scheme | None = None,
    lang: str = "zh",
) -> Bulletin:
    """The quarterly bulletin of the ledger: every annex task and lead unit at the quarter's end.

    Parameters
    ----------
    ledger
        The committee's ledger; entries dated after the quarter do not count.
    quarter
        A calendar quarter: ``"2025Q4"``, ``"2025年第四季度"`` or a
        :class:`~jiceng_xiaofang.schedule.Period`.
    checks
        The facility checks at the quarter's end (:func:`~jiceng_xiaofang.check_all`):
        the bulletin lists the reports they contradict.
    scheme
        An assessment scheme: the bulletin adds the ranking of the quarter
        (:func:`~jiceng_xiaofang.assess`).
    lang
        ``zh`` (the default) or ``en``: the headers, statuses and sentences;
        what units wrote stays as written.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> b = jx.bulletin(jx.Ledger(jx.load_policy(), jx.yuzhong()), "2024Q2", lang="en")
    >>> b.title
    '区消防安全委员会办公室: bulletin of 2024年第二季度 on the tasks of yuzhong-2023'
    >>> b.table()[0]
    ('No.', 'Task', 'Responsible unit', 'Progress', 'Problems', 'Next steps', 'Deadline', 'Status')
    >>> [(r.kind, r.period.label_zh, r.state) for r in b.rounds]
    [('inspection', '2024年第二季度', 'missed'), ('supervision', '2024年上半年', 'missed')]
    """
    if lang not in _LANGS:
        raise LedgerError(f"lang: expected one of {', '.join(_LANGS)}, got {lang!r}")
    span = as_period(quarter, name="quarter", quarter=True)
    status = ledger_status(ledger, on=span.end, checks=checks)
    rows = []
    for number, row in enumerate(status.rows, start=1):
        flags = list(row.flags)
        late = row.deadline is not None and row.deadline <= span.end and row.status not in _DONE
        if late and "overdue" not in flags:
            flags.insert(0, "overdue")
        rows.append(
            BulletinRow(
                number=number,
                task=row.task,
                task_name=row.name,
                unit=row.unit,
                street=row.street,
                done=row.done,
                problems=row.problems,
                next_steps=row.next_steps,
                deadline=row.deadline,
                status=row.status,
                reported_on=row.reported_on,
                derived=row.derived,
                derived_detail=row.derived_detail,
                flags=tuple(flags),
            )
        )
    rounds = tuple(
        # a round's period that ends with the quarter is over at the end of that day: held or missed, not due
        attrs.evolve(r, state="missed") if r.state == "due" and r.period.end == span.end else r
        for r in status.rounds
        if r.period.start <= span.end and r.period.end >= span.start
    )
    policy = ledger.policy
    rule = policy.ledger.rule_for("bulletin")
    office = policy.ledger.office
    document = policy.document.title if lang == "zh" else policy.document.id
    title = _TEXT[lang]["title"].format(office=office, quarter=span.label_zh, document=document)
    return Bulletin(
        policy=policy.document.id,
        title=title,
        office=office,
        quarter=span,
        lang=lang,
        rows=tuple(rows),
        rounds=rounds,
        letters=_letters(ledger, span),
        assessment=assess(ledger, scheme, span, checks=checks) if scheme is not None else None,
        checked=checks is not None,
        clause=str(rule.clause),
        quote=rule.quote,
    )
