"""Plain-text layout by display width: a Chinese character takes two columns of a terminal.

Every text table the package prints is laid out here, so that columns line up
under Chinese names as under English ones.  :func:`text_table` and
:func:`text_width` are public in :mod:`jiceng_xiaofang.report`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .errors import XiaofangError

__all__ = ["pad", "table", "text_table", "text_width", "width"]


def text_width(text: str) -> int:
    """The columns ``text`` takes in a terminal or a monospace font.

    East Asian wide and full-width characters (Chinese characters, full-width
    punctuation such as ``（`` and ``、``) count two; combining marks and other
    zero-width characters count none; every other character counts one.

    Examples
    --------
    >>> from jiceng_xiaofang.report import text_width
    >>> text_width("区应急局"), text_width("三（二）"), text_width("3.2")
    (8, 8, 3)
    """
    columns = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        columns += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return columns


width = text_width  # the name the package's modules use


def pad(text: str, columns: int, *, right: bool = False) -> str:
    """``text`` filled with spaces to ``columns`` display columns, on the right (or on the left with ``right``)."""
    fill = " " * max(0, columns - text_width(text))
    return fill + text if right else text + fill


def table(header: Sequence[str], rows: Sequence[Sequence[object]], *, right: Sequence[int] = ()) -> list[str]:
    """Lay out rows under a header, two spaces between columns; ``right`` aligns columns right."""
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    for n, row in enumerate(cells[1:], start=1):
        if len(row) != len(header):
            raise ValueError(f"row {n}: expected {len(header)} cells (one per column), got {len(row)}")
    columns = [max(text_width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        parts = [pad(cell, columns[i], right=i in right) for i, cell in enumerate(row)]
        lines.append("  ".join(parts).rstrip())
    return lines


def text_table(header: Sequence[str], rows: Sequence[Sequence[object]], *, right: Sequence[int] = ()) -> str:
    """Rows under a header as a text table whose columns line up by display width.

    Each cell is ``str()`` of its value; columns are separated by two spaces
    and padded by :func:`text_width`, so a column of Chinese names lines up in
    a terminal and in a monospace font that draws a Chinese character two
    Latin characters wide.  Trailing spaces are dropped.

    Parameters
    ----------
    header
        The column titles.
    rows
        The rows, each with one cell per column.
    right
        The indices of the columns to align right (numbers, usually).

    Raises
    ------
    XiaofangError
        A row does not have one cell per column.

    Examples
    --------
    >>> from jiceng_xiaofang.report import text_table
    >>> print(text_table(["body", "lead"], [("区消防救援支队", 11), ("区人防办", 1), ("justice bureau", 1)], right=[1]))
    body            lead
    区消防救援支队    11
    区人防办           1
    justice bureau     1
    """
    try:
        return "\n".join(table(header, rows, right=right))
    except ValueError as exc:
        raise XiaofangError(f"rows: {exc}") from None
