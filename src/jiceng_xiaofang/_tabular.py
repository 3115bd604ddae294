"""Tables from outside: text in UTF-8 or GBK/GB18030, rows of a CSV file and rows of an ``.xlsx`` sheet.

A CSV file may be UTF-8 or GBK/GB18030, as Excel on a Chinese Windows saves it; an ``.xlsx`` sheet is read with
openpyxl (the ``xlsx`` extra).  Each row comes with its line.

The readers of facility files and inspection logs build on these; each takes the
error class of its own file format, so that a message names the file, the row
(its line in the CSV, its row in the sheet) and the column.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
from collections.abc import Callable, Iterator

from ._extras import require_extra
from ._values import describe
from .errors import DataFileError, XiaofangError

__all__ = ["ENCODINGS_TRIED", "csv_rows", "decode", "xlsx_rows"]

ENCODINGS_TRIED = ("utf-8", "gb18030")
"""The encodings tried in turn when none is given: UTF-8 (a byte-order mark allowed), then GB18030, which
reads GBK and GB2312 too (what Excel on a Chinese Windows writes for "CSV")."""


def _codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except (LookupError, TypeError, ValueError):
        raise XiaofangError(
            f"encoding: expected a text encoding such as utf-8 or gb18030, got {describe(encoding)}"
        ) from None


def decode(raw: bytes, *, source: str, error: type[DataFileError], encoding: str | None = None) -> str:
    r"""The text of a file's bytes: in ``encoding``, or UTF-8, else GB18030 (GBK) when none is given.

    Examples
    --------
    >>> from jiceng_xiaofang._tabular import decode
    >>> from jiceng_xiaofang.errors import DataFileError
    >>> decode("街道".encode("gbk"), source="f.csv", error=DataFileError)
    '街道'
    >>> decode(b"\xef\xbb\xbfkind", source="f.csv", error=DataFileError)
    'kind'
    >>> decode(b"\xff\xfe", source="f.csv", error=DataFileError, encoding="ascii")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.DataFileError: f.csv:1: not ascii text (ordinal not in range(128) at byte 0); give the file's encoding, such as --encoding gb18030
    """
    tried = (_codec(encoding),) if encoding else ENCODINGS_TRIED
    failure: UnicodeDecodeError | None = None
    for name in tried:
        try:
            text = raw.decode("utf-8-sig" if name == "utf-8" else name)
        except UnicodeDecodeError as exc:
            failure = failure or exc
            continue
        return text.removeprefix("\ufeff")
    assert failure is not None
    line = raw.count(b"\n", 0, failure.start) + 1
    what = tried[0] if encoding else " nor ".join(tried)
    raise error(
        f"not {what} text ({failure.reason} at byte {failure.start}); give the file's encoding, such as"
        " --encoding gb18030",
        file=source,
        line=line,
    )


def csv_rows(text: str, *, source: str, error: type[DataFileError]) -> Iterator[tuple[int, dict[str, str]]]:
    r"""The rows of a CSV text with a header row, each with the line it starts on; empty rows are skipped.

    Examples
    --------
    >>> from jiceng_xiaofang._tabular import csv_rows
    >>> from jiceng_xiaofang.errors import DataFileError
    >>> list(csv_rows("kind,name\nfire_lane,甲\n\nfire_lane,乙\n", source="f.csv", error=DataFileError))
    [(2, {'kind': 'fire_lane', 'name': '甲'}), (4, {'kind': 'fire_lane', 'name': '乙'})]
    >>> list(csv_rows("kind,name\nfire_lane\n", source="f.csv", error=DataFileError))
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.DataFileError: f.csv:2: expected 2 cells as in the header (kind, name), got 1
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise error(
            "the file is empty; expected a header row naming the columns", file=source, line=1
        ) from None
    except csv.Error as exc:
        raise error(f"not valid CSV: {exc}", file=source, line=1) from None
    for i, name in enumerate(header):
        if not name:
            raise error(f"column {i + 1} of the header row has no name", file=source, line=1)
        if name in header[:i]:
            raise error(f"the column {name!r} is given twice", file=source, line=1)
    for line, cells in numbered_rows(reader, lambda message, at: error(message, file=source, line=at)):
        if len(cells) != len(header):
            raise error(
                f"expected {len(header)} cells as in the header ({', '.join(header)}), got {len(cells)}",
                file=source,
                line=line,
            )
        yield line, dict(zip(header, cells, strict=True))


def numbered_rows(
    reader: Iterator[list[str]], fail: Callable[[str, int], Exception]
) -> Iterator[tuple[int, list[str]]]:
    r"""The rows a ``csv.reader`` has left (after its header), each with the line it starts on; blank rows skipped.

    A CSV error is raised as ``fail(message, line)``.

    Examples
    --------
    >>> import csv, io
    >>> from jiceng_xiaofang._tabular import numbered_rows
    >>> reader = csv.reader(io.StringIO('a,b\n1,2\n\n"3\n4",5\n6,7\n'))
    >>> header = next(reader)
    >>> list(numbered_rows(reader, lambda message, line: ValueError(f"{line}: {message}")))
    [(2, ['1', '2']), (4, ['3\n4', '5']), (6, ['6', '7'])]
    """
    start = getattr(reader, "line_num", 0) + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise fail(f"not valid CSV: {exc}", start) from None
        line, start = start, getattr(reader, "line_num", start) + 1
        if any(c.strip() for c in cells):
            yield line, cells


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_rows(
    path: str | os.PathLike[str], *, source: str, error: type[DataFileError], what: str
) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of the first sheet of an ``.xlsx`` workbook as text, each with its row number (needs openpyxl).

    The first row names the columns; dates become ``2024-07-01``, whole numbers lose their ``.0``, empty
    cells are ``""``, and empty rows are skipped.  ``what`` names the feature in the error raised when the
    ``xlsx`` extra is not installed.
    """
    require_extra("openpyxl", what, extra="xlsx")
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise error(f"cannot read the file ({exc.strerror or exc})", file=source) from None
    except Exception as exc:  # openpyxl raises many kinds (zipfile.BadZipFile, KeyError, ValueError...)
        raise error(
            f"not an .xlsx workbook ({type(exc).__name__}: {describe(str(exc))})", file=source
        ) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise error("the workbook has no sheet", file=source)
        rows = sheet.iter_rows(values_only=True)
        header_cells = next(rows, None)
        if header_cells is None:
            raise error(
                "the sheet is empty; expected a header row naming the columns", file=source, key="row 1"
            )
        header = [_cell(c).strip() for c in header_cells]
        while header and not header[-1]:
            header.pop()
        for i, name in enumerate(header):
            if not name:
                raise error(f"column {i + 1} of the header row has no name", file=source, key="row 1")
            if name in header[:i]:
                raise error(f"the column {name!r} is given twice", file=source, key="row 1")
        for number, cells in enumerate(rows, start=2):
            values = [_cell(c) for c in cells]
            if not any(v.strip() for v in values):
                continue
            extra = [v for v in values[len(header) :] if v.strip()]
            if extra:
                raise error(
                    f"a cell beyond the header's {len(header)} columns: {describe(extra[0])}",
                    file=source,
                    key=f"row {number}",
                )
            values += [""] * (len(header) - len(values))
            yield number, dict(zip(header, values[: len(header)], strict=True))
    finally:
        book.close()
