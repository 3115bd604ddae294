"""Read the numbered body of a document: sections 一、, items （一）, points 1., sub-points （1）, ①.

The depth of each style of heading is learned from the document: the first
style met under a section is depth 2, the first under that depth 3, and so
on, so documents that number 一、 1. or 一、（一）1.（1） both read.  A heading
out of sequence is numbered in sequence and keeps its printed label.  Each
clause's closing note （责任单位：……；配合单位：……） gives its lead and
cooperating bodies.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import attrs

from ..vocabulary.citations import ClauseId, chinese_numeral
from ..vocabulary.numbering import DEFAULT_NUMBERING
from ._model import DraftProblem
from ._source import Line
from ._text import chinese_number, join_lines, read_date, split_bodies

__all__ = ["Body", "ClausePart", "SectionPart", "is_section_heading", "read_body"]

_CN = "一二三四五六七八九十"
_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cn", re.compile(rf"([{_CN}]{{1,3}})\s*([、．.])\s*(.*)")),
    ("cn_paren", re.compile(rf"([（(])\s*([{_CN}]{{1,3}})\s*([）)])\s*(.*)")),
    ("num", re.compile(r"(\d{1,2})\s*([.．、])(?![\d０-９])\s*(.*)")),
    ("num_paren", re.compile(r"([（(])\s*(\d{1,2})\s*([）)])\s*(.*)")),
    ("circled", re.compile(r"([①-⑳])\s*(.*)")),
)
_LEAD_KEYS = ("责任单位", "牵头单位", "责任部门", "牵头部门")
_COOPERATING_KEYS = ("配合单位", "配合部门", "协办单位", "参与单位")
_NOTE = re.compile(
    r"[（(]\s*((?:"
    + "|".join(_LEAD_KEYS + _COOPERATING_KEYS)
    + r")\s*[：:](?:[^（）()]|[（(][^（）()]*[）)])*)[）)]$"
)
_NOTE_PART = re.compile(r"\s*(\S+?)\s*[：:]\s*(.*)")
_ANNEX = re.compile(r"附\s*件\s*\d{0,2}\s*[:：]?\s*(.*)")
_TAIL = re.compile(r"(抄送|印发|主送|附件)\s*[：:]?.*|.*\d{4}年\d{1,2}月\d{1,2}日印发")
_ORG_END = ("办公室", "办公厅", "人民政府", "政府", "委员会")
_MAX_TITLE = 30
_MAX_NUMBER = 99  # a ClauseId's parts run 1 to 99


@attrs.frozen
class SectionPart:
    """A section as read: number, title, prose, printed label."""

    number: int
    title: str
    text: str
    line: int
    label: str


@attrs.define
class ClausePart:
    """A clause as read: id, printed label, text, closing note."""

    id: ClauseId
    label: str
    text: str
    line: int
    lead: tuple[str, ...] = ()
    cooperating: tuple[str, ...] = ()
    note: bool = False
    title: str | None = None
    printed_label: str | None = None


@attrs.frozen
class Body:
    """The body of a document as read: sections, clauses, the ladder, and what follows."""

    sections: tuple[SectionPart, ...]
    clauses: tuple[ClausePart, ...]
    numbering: tuple[str, ...]
    annex: tuple[Line, ...]
    annex_line: int | None
    signed_by: str = ""
    signed_on: dt.date | None = None


def _heading(text: str) -> tuple[str, int, str, str] | None:
    """(family, number, style, rest) of a heading line, or None."""
    for family, pattern in _HEADINGS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        groups = match.groups()
        if family == "cn":
            number, style, rest = chinese_number(groups[0]), "一" + groups[1], groups[2]
        elif family == "cn_paren":
            number, style, rest = chinese_number(groups[1]), groups[0] + "一" + groups[2], groups[3]
        elif family == "num":
            number, style, rest = int(groups[0]), "1" + groups[1], groups[2]
        elif family == "num_paren":
            number, style, rest = int(groups[1]), groups[0] + "1" + groups[2], groups[3]
        else:
            number, style, rest = ord(groups[0]) - ord("①") + 1, "①", groups[1]
        if number is None or number < 1 or not rest:
            return None
        return family, number, style, rest
    return None


def is_section_heading(text: str) -> bool:
    """Whether a line opens a section (一、……).

    Examples
    --------
    >>> from jiceng_xiaofang.drafting._structure import is_section_heading
    >>> is_section_heading("一、加强基层消防力量建设"), is_section_heading("（一）建强街道消防工作机构")
    (True, False)
    """
    found = _heading(text)
    return found is not None and found[0] == "cn"


@attrs.define
class _Section:
    number: int
    title: str
    line: int
    label: str
    lines: list[str] = attrs.Factory(list)
    text: str | None = None


@attrs.define
class _Reader:
    problems: list[DraftProblem]
    depth_of: dict[str, int] = attrs.Factory(dict)
    styles: dict[int, str] = attrs.Factory(dict)
    sections: list[SectionPart] = attrs.Factory(list)
    clauses: list[ClausePart] = attrs.Factory(list)
    path: list[int] = attrs.Factory(list)
    last_child: dict[tuple[int, ...], int] = attrs.Factory(dict)
    section: _Section | None = None
    clause_lines: list[str] | None = None
    signed_by: str = ""
    signed_on: dt.date | None = None

    def add_text(self, line: Line) -> None:
        if self.clause_lines is not None:
            self.clause_lines.append(line.text)
        elif self.section is not None:
            self.section.lines.append(line.text)
        else:
            self.problems.append(
                DraftProblem("unread", "document", f"not read: {line.text[:60]}", line=line.number)
            )

    def finish_clause(self) -> None:
        if self.clause_lines is not None:
            clause = self.clauses[-1]
            clause.text = join_lines(self.clause_lines)
            _read_note(clause, self.problems)
            self.clause_lines = None

    def finish_section(self) -> None:
        self.finish_clause()
        if self.section is not None:
            s = self.section
            text = s.text if s.text is not None else join_lines(s.lines)
            self.sections.append(SectionPart(s.number, s.title, text, s.line, s.label))
            self.section = None

    def heading(self, line: Line, family: str, number: int, style: str, rest: str) -> bool:
        """Open a section or clause; False when the line cannot be a heading here (it is text)."""
        depth = self.depth_of.get(family)
        current = len(self.path)
        if depth is None:
            depth = 1 if family == "cn" and not self.path else current + 1
            if depth > DEFAULT_NUMBERING.depth or (depth == 1) != (family == "cn"):
                return False
            if depth in self.styles:
                self.problems.append(
                    DraftProblem(
                        "guess",
                        f"clause {self.clauses[-1].id}" if self.clauses else "document",
                        f"{rest[:20]!r} is numbered {style}, but depth {depth} is numbered {self.styles[depth]}"
                        " in this document: kept as text",
                        line=line.number,
                    )
                )
                return False
            self.depth_of[family] = depth
            self.styles[depth] = style
        if depth > current + 1:
            self.problems.append(
                DraftProblem(
                    "guess",
                    f"clause {self.clauses[-1].id}" if self.clauses else "document",
                    f"{rest[:20]!r} is numbered like depth {depth} but no depth {depth - 1} is open: kept as text",
                    line=line.number,
                )
            )
            return False
        parent = tuple(self.path[: depth - 1])
        expected = self.last_child.get(parent, 0) + 1
        if expected > _MAX_NUMBER:
            self.problems.append(
                DraftProblem(
                    "unread",
                    f"clause {self.clauses[-1].id}" if self.clauses else "document",
                    f"{rest[:20]!r} would be number {expected} at its level; the format numbers up to"
                    f" {_MAX_NUMBER}: kept as text",
                    line=line.number,
                )
            )
            return False
        printed = None
        if number != expected:
            printed = (
                style.replace("一", chinese_numeral(number))
                if "一" in style
                else style.replace("1", str(number), 1)
            )
            self.problems.append(
                DraftProblem(
                    "mismatch",
                    "document",
                    f"heading {printed} where number {expected} was expected: numbered {expected} here, its"
                    " printed label kept",
                    line=line.number,
                )
            )
        self.last_child[parent] = expected
        self.path = [*parent, expected]
        if depth == 1:
            self.finish_section()
            label = printed.rstrip("、．.") if printed else chinese_numeral(expected)
            self.section = _Section(expected, rest.rstrip("。") or rest, line.number, label)
            return True
        self.finish_clause()
        assert self.section is not None
        if self.section.text is None:
            self.section.text = join_lines(self.section.lines)  # the lead-in before the first item
        self.clauses.append(
            ClausePart(
                id=ClauseId.of(tuple(self.path)), label="", text="", line=line.number, printed_label=printed
            )
        )
        self.clause_lines = [rest]
        return True


def read_body(lines: list[Line], problems: list[DraftProblem]) -> Body:
    """Read the lines from the first section heading to the end of the document."""
    reader = _Reader(problems)
    annex: list[Line] = []
    annex_line = None
    held: Line | None = None  # a possible signature, held until the next line says what it is
    for index, line in enumerate(lines):
        if annex_line is not None:
            annex.append(line)
            continue
        text = line.text
        if not text:
            continue
        if _ANNEX.fullmatch(text) and not line.cell and _annex_follows(lines, index):
            annex_line = line.number
            title = _ANNEX.fullmatch(text)
            assert title is not None
            if title.group(1):
                annex.append(Line(line.number, title.group(1)))
            continue
        date = read_date(text)
        if date is not None and reader.path:
            if held is not None:
                reader.signed_by, held = held.text, None
            reader.signed_on = date
            continue
        if held is not None:
            reader.add_text(held)
            held = None
        if reader.path and text.endswith(_ORG_END) and not any(mark in text for mark in "。，；：、"):
            held = line
            continue
        if _TAIL.fullmatch(text):
            problems.append(DraftProblem("unread", "document", f"not read: {text[:60]}", line=line.number))
            continue
        found = _heading(text)
        if found is not None and reader.heading(line, *found):
            continue
        reader.add_text(line)
    if held is not None:
        reader.add_text(held)
    reader.finish_section()
    sections = _unique_section_labels(sorted(reader.sections, key=lambda s: s.number), problems)
    numbering = tuple(reader.styles[d] for d in sorted(reader.styles))
    _unique_labels(reader.clauses, sections, numbering, problems)
    return Body(
        sections=tuple(sections),
        clauses=tuple(reader.clauses),
        numbering=numbering,
        annex=tuple(annex),
        annex_line=annex_line,
        signed_by=reader.signed_by,
        signed_on=reader.signed_on,
    )


def _unique_section_labels(sections: list[SectionPart], problems: list[DraftProblem]) -> list[SectionPart]:
    """A printed section label that is another section's too gives way to the label of its number."""
    ids = {chinese_numeral(s.number) for s in sections}
    printed = Counter(s.label for s in sections if s.label != chinese_numeral(s.number))
    out = []
    for section in sections:
        own = chinese_numeral(section.number)
        if section.label != own and (printed[section.label] > 1 or section.label in ids):
            problems.append(
                DraftProblem(
                    "mismatch",
                    f"section {section.number}",
                    f"printed {section.label}, a label another section has: labelled {own}",
                    line=section.line,
                )
            )
            section = attrs.evolve(section, label=own)
        out.append(section)
    return out


def _unique_labels(
    clauses: list[ClausePart],
    sections: list[SectionPart],
    numbering: tuple[str, ...],
    problems: list[DraftProblem],
) -> None:
    """Give each clause its label; a printed label that is another clause's too gives way to its place's.

    Labels of place (from the ids) are unique; a printed label is kept only when no other clause has it,
    printed or by place, so one pass settles every label.
    """
    printed = {id(c): c.printed_label for c in clauses}
    for clause in clauses:
        clause.printed_label = None
    by_place = {id(c): _label(c, sections, numbering) for c in clauses}
    places = set(by_place.values())
    for clause in clauses:
        clause.printed_label = printed[id(clause)]
    as_printed = {id(c): _label(c, sections, numbering) for c in clauses if c.printed_label is not None}
    counts = Counter(as_printed.values())
    for clause in clauses:
        label = as_printed.get(id(clause))
        if label is not None and (counts[label] > 1 or label in places):
            problems.append(
                DraftProblem(
                    "mismatch",
                    f"clause {clause.id}",
                    f"its printed label {label} is another clause's too: labelled by its place instead",
                    line=clause.line,
                )
            )
            clause.printed_label = None
            label = None
        clause.label = label if label is not None else by_place[id(clause)]


def _annex_follows(lines: list[Line], index: int) -> bool:
    """Whether an 附件 line opens the annex (lines follow it), rather than listing it at the end."""
    return any(line.text for line in lines[index + 1 :])


def _label(clause: ClausePart, sections: list[SectionPart], numbering: tuple[str, ...]) -> str:
    section = next((s for s in sections if s.number == clause.id.section), None)
    out = section.label if section is not None else chinese_numeral(clause.id.section)
    for depth, number in enumerate(clause.id.parts[1:], start=2):
        if depth == clause.id.depth and clause.printed_label is not None:
            return out + clause.printed_label
        style = numbering[depth - 1] if depth - 1 < len(numbering) else DEFAULT_NUMBERING.styles[depth - 1]
        out += (
            style.replace("一", chinese_numeral(number))
            if "一" in style
            else style.replace("1", str(number), 1)
        )
    return out


def _read_note(clause: ClausePart, problems: list[DraftProblem]) -> None:
    """Take the closing note of responsible bodies off a clause's text into its lead and cooperating."""
    match = _NOTE.search(clause.text)
    if match is None:
        return
    if not clause.text[: match.start()].strip():
        problems.append(
            DraftProblem(
                "guess",
                f"clause {clause.id}",
                "the clause is only a note of bodies: kept as its text",
                line=clause.line,
            )
        )
        return
    clause.text = clause.text[: match.start()].rstrip()
    clause.note = True
    for part in re.split(r"[；;]", match.group(1)):
        if not part.strip():
            continue
        found = _NOTE_PART.fullmatch(part)
        key = found.group(1) if found is not None else ""
        if found is not None and key in _LEAD_KEYS and not clause.lead:
            clause.lead = split_bodies(found.group(2))
        elif found is not None and key in _COOPERATING_KEYS and not clause.cooperating:
            clause.cooperating = split_bodies(found.group(2))
        else:
            problems.append(
                DraftProblem(
                    "unread",
                    f"clause {clause.id}",
                    f"a part of the closing note is not a list of lead or cooperating bodies: {part.strip()!r}",
                    line=clause.line,
                )
            )


def guess_title(text: str) -> str | None:
    """The title of a clause whose page ran it into the text without 。, when it can be told; else None.

    The title is the first sentence; when that sentence is long, the title
    usually ends where the body's subject begins (各街镇……, 在……, 对……).

    Examples
    --------
    >>> from jiceng_xiaofang.drafting._structure import guess_title
    >>> guess_title("实体化运作街镇消防工作机构各街镇成立由主要负责人、相关内设机构负责人组成的消防安全委员会。")
    '实体化运作街镇消防工作机构'
    >>> guess_title("建强街道消防工作机构。各街道成立街道消防安全委员会。") is None
    True
    """
    first = re.split(r"[。！？]", text, maxsplit=1)[0]
    # a title is short and has no comma (it may list with 、): a first sentence that is long or has one is not
    if len(first) <= _MAX_TITLE and not any(mark in first for mark in "，,；;"):
        return None
    head = re.split(r"[，,；;：:]", first, maxsplit=1)[0]
    for marker in ("各", "在", "对", "将", "由", "按照", "结合", "坚持", "依托", "围绕", "针对"):
        at = head.find(marker, 4)
        if 4 <= at <= _MAX_TITLE:
            return head[:at]
    return None
