"""Plain-text layout helpers that count CJK characters as two columns."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["table", "width"]


def width(text: str) -> int:
    """Terminal columns taken by ``text`` (wide and full-width characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, columns: int, right: bool) -> str:
    fill = " " * max(0, columns - width(text))
    return fill + text if right else text + fill


def table(header: Sequence[str], rows: Sequence[Sequence[object]], *, right: Sequence[int] = ()) -> list[str]:
    """Lay out rows under a header, two spaces between columns; ``right`` aligns columns right."""
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    columns = [max(width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        parts = [_pad(cell, columns[i], i in right) for i, cell in enumerate(row)]
        lines.append("  ".join(parts).rstrip())
    return lines
