"""The bulletin as office files: a workbook (.xlsx, openpyxl) and a document (.docx, python-docx).

Both need the ``ledger`` extra (``pip install 'jiceng-xiaofang[ledger]'``)
and are imported only when a bulletin is written.  The workbook's first sheet
is the table, its headers in the first row; the other sheets hold the rest of
the bulletin.  The document is landscape, with the title, the sections and
their tables.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .._extras import require_extra
from .model import LedgerError

if TYPE_CHECKING:
    from .bulletin import Bulletin

__all__ = ["write_docx", "write_xlsx"]

_SHEETS = {
    "zh": ("重点任务", "逾期与不符", "检查督导", "督办约谈", "考核排名", "说明"),
    "en": ("Tasks", "Overdue and checks", "Rounds", "Letters", "Ranking", "About"),
}
_WIDTHS = (6, 30, 20, 40, 30, 30, 14, 18)


def _saved(path: Path, save: object) -> None:
    try:
        save(path)  # type: ignore[operator]
    except OSError as exc:
        raise LedgerError(f"{path}: cannot write the file ({exc.strerror or exc})") from None


def write_xlsx(bulletin: Bulletin, path: str | os.PathLike[str]) -> None:
    """Write the bulletin as an Excel workbook: the table on the first sheet, headers in row 1.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger.office import write_xlsx
    >>> b = jx.bulletin(jx.Ledger(jx.load_policy(), jx.yuzhong()), "2025Q4")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "bulletin.xlsx"
    >>> write_xlsx(b, path)
    >>> import openpyxl
    >>> sheet = openpyxl.load_workbook(path).worksheets[0]
    >>> [c.value for c in sheet[1]][:4], sheet.max_row
    (['序号', '工作任务', '责任单位', '进展情况'], 152)
    """
    require_extra("openpyxl", "writing a bulletin as .xlsx")
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    names = _SHEETS[bulletin.lang]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = names[0]
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def fill(ws: object, rows: Sequence[Sequence[str]], start: int = 1) -> None:
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                cell = ws.cell(row=start + i, column=j + 1, value=value)  # type: ignore[attr-defined]
                cell.alignment = wrap
                if i == 0:
                    cell.font = bold

    table = bulletin.table()
    fill(sheet, table)
    for i in range(2, len(table) + 1):  # 序号 as a number, so that the sheet sorts by it
        sheet.cell(row=i, column=1).value = int(table[i - 1][0])
    for i, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table[0]))}{len(table)}"

    late = book.create_sheet(names[1])
    row = 1
    for key, part in (
        ("overdue", bulletin.overdue_table()),
        ("contradictions", bulletin.contradiction_table()),
    ):
        late.cell(row=row, column=1, value=bulletin.text(key)).font = bold
        row += 1
        if key == "contradictions" and not bulletin.checked:
            late.cell(row=row, column=1, value=bulletin.text("unchecked"))
            row += 2
            continue
        fill(late, part, row)
        row += len(part) + 1
    for i, width in enumerate((34, 22, 12, 50), start=1):
        late.column_dimensions[get_column_letter(i)].width = width
    fill(book.create_sheet(names[2]), bulletin.rounds_table())
    fill(book.create_sheet(names[3]), bulletin.letters_table())
    if bulletin.assessment is not None:
        fill(book.create_sheet(names[4]), bulletin.ranking_table())
    about = book.create_sheet(names[5])
    for i, line in enumerate([bulletin.title, *bulletin.preamble(), bulletin.summary()], start=1):
        about.cell(row=i, column=1, value=line)
    about.column_dimensions["A"].width = 120
    book.properties.title = bulletin.title
    _saved(Path(path), book.save)


def write_docx(bulletin: Bulletin, path: str | os.PathLike[str]) -> None:
    """Write the bulletin as a Word document: title, sections and tables, landscape.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger.office import write_docx
    >>> b = jx.bulletin(jx.Ledger(jx.load_policy(), jx.yuzhong()), "2025Q4")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "bulletin.docx"
    >>> write_docx(b, path)
    >>> import docx
    >>> table = docx.Document(str(path)).tables[0]
    >>> [c.text for c in table.rows[0].cells][:3], len(table.rows)
    (['序号', '工作任务', '责任单位'], 152)
    """
    require_extra("docx", "writing a bulletin as .docx")
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(9)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), "宋体")
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.core_properties.title = bulletin.title
    document.add_heading(bulletin.title, level=1)
    for line in bulletin.preamble():
        document.add_paragraph(line)
    for heading, body in bulletin.sections():
        document.add_heading(heading, level=2)
        if isinstance(body, str):
            document.add_paragraph(body)
            continue
        table = document.add_table(rows=len(body), cols=len(body[0]))
        table.style = "Table Grid"
        for i, row in enumerate(body):
            cells = table.rows[i].cells
            for j, value in enumerate(row):
                cells[j].text = value
                if i == 0:
                    for run in cells[j].paragraphs[0].runs:
                        run.bold = True
    _saved(Path(path), document.save)
