"""Read an annex table of tasks (重点任务分解表): rows of 项目, 工作任务, 工作内容, 责任单位, 配合单位.

A web page gives the table one cell per line, each opening with a tab, a
cell's own line breaks as lines without the tab, and a blank line between
rows; a merged 项目 cell is empty in the rows after its first.  A .docx table
is read into the same shape.
"""

from __future__ import annotations

import attrs

from ._model import DraftProblem
from ._source import Line
from ._text import join_lines, same, split_bodies

__all__ = ["COLUMNS", "Row", "Table", "read_annex"]

COLUMNS = {
    "section": ("项目", "类别", "重点工作", "工作类别", "领域"),
    "name": ("工作任务", "重点任务", "任务", "任务名称"),
    "content": ("工作内容", "具体内容", "主要内容", "工作措施", "具体措施", "任务内容"),
    "lead": ("责任单位", "牵头单位", "责任部门", "牵头部门"),
    "cooperating": ("配合单位", "配合部门", "协办单位", "参与单位"),
    "number": ("序号", "编号"),
}
"""The annex columns the drafter reads, each with the headings documents print for it."""


@attrs.frozen
class Row:
    """One row of the annex table as read."""

    number: int
    line: int
    section: str
    name: str
    content: str
    lead: tuple[str, ...]
    cooperating: tuple[str, ...]


@attrs.frozen
class Table:
    """The annex as read: its title and rows."""

    title: str
    rows: tuple[Row, ...]
    line: int | None
    columns: tuple[str, ...] = ()


@attrs.frozen
class _Cells:
    line: int
    cells: tuple[str, ...]
    outside: bool = False  # a line of text outside any table row


def _cells(lines: list[Line]) -> list[_Cells]:
    """The rows of tab-led cells, a cell's continuation lines joined to it."""
    rows: list[_Cells] = []
    cells: list[list[str]] = []
    first = 0
    for line in lines:
        if not line.text and not line.cell:
            if cells:
                rows.append(_Cells(first, tuple(join_lines(c) for c in cells)))
                cells = []
            continue
        if line.cell:
            if not cells:
                first = line.number
            cells.append([line.text] if line.text else [])
        elif cells:
            cells[-1].append(line.text)
        else:
            rows.append(_Cells(line.number, (line.text,), outside=True))
    if cells:
        rows.append(_Cells(first, tuple(join_lines(c) for c in cells)))
    return rows


def read_annex(lines: list[Line], annex_line: int, problems: list[DraftProblem]) -> Table | None:
    """Read the annex lines: a title, then the table; None when no table of tasks is found."""
    title_lines: list[str] = []
    index = 0
    while index < len(lines) and not lines[index].cell:
        if lines[index].text:
            title_lines.append(lines[index].text)
        index += 1
    title = "".join(title_lines)
    rows = _cells(list(lines[index:]))
    header_at = next(
        (i for i, row in enumerate(rows) if sum(_column(c) is not None for c in row.cells) >= 2), None
    )
    if header_at is None:
        problems.append(
            DraftProblem(
                "unread",
                "annex",
                f"the annex {title[:30]!r} has no table with the headings 工作任务 and 责任单位: not read",
                line=annex_line,
            )
        )
        return None
    for row in rows[:header_at]:
        problems.append(
            DraftProblem("unread", "annex", f"not read: {' | '.join(row.cells)[:60]}", line=row.line)
        )
    header_line, header = rows[header_at].line, rows[header_at].cells
    columns = [_column(cell) for cell in header]
    for cell, column in zip(header, columns, strict=True):
        if column is None:
            problems.append(
                DraftProblem(
                    "unread",
                    "annex",
                    f"the column {cell!r} is not one the format has: its cells are not in the draft",
                    line=header_line,
                )
            )
    if "name" not in columns:
        problems.append(
            DraftProblem("unread", "annex", "the table has no 工作任务 column: not read", line=header_line)
        )
        return None
    found: list[Row] = []
    section = ""
    previous: tuple[str, ...] | None = None
    for position, row in enumerate(rows[header_at + 1 :], start=1):
        line, cells = row.line, row.cells
        if row.outside:
            problems.append(DraftProblem("unread", "annex", f"not read: {cells[0][:60]}", line=line))
            continue
        if len(cells) != len(header):
            repeat = previous is not None and len(cells) == 1 and cells[0] in previous
            problems.append(
                DraftProblem(
                    "unread",
                    "annex",
                    f"a row of {len(cells)} cell(s), not {len(header)}: {' | '.join(cells)[:60]!r}"
                    + (" (it repeats a cell of the row before)" if repeat else ""),
                    line=line,
                )
            )
            continue
        values = {column: cell for column, cell in zip(columns, cells, strict=True) if column is not None}
        if not any(values.values()):
            continue
        printed = values.pop("number", "")
        if printed and printed != str(position):
            problems.append(
                DraftProblem(
                    "mismatch",
                    "annex",
                    f"the row numbered {printed!r} is row {position} of the table",
                    line=line,
                )
            )
        section = values.get("section") or section  # a merged 项目 cell is empty after its first row
        name = "".join(values.get("name", "").split())
        if not name:
            problems.append(
                DraftProblem(
                    "unread", "annex", f"a row without a task name: {' | '.join(cells)[:60]!r}", line=line
                )
            )
            continue
        found.append(
            Row(
                number=len(found) + 1,
                line=line,
                section="".join(section.split()),
                name=name,
                content=values.get("content", ""),
                lead=split_bodies(values.get("lead", "")),
                cooperating=split_bodies(values.get("cooperating", "")),
            )
        )
        previous = cells
    return Table(title=title, rows=tuple(found), line=annex_line, columns=header)


def _column(cell: str) -> str | None:
    for column, names in COLUMNS.items():
        if any(same(cell, name) for name in names):
            return column
    return None
