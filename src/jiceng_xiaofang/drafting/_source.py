"""Read a published document into numbered lines: plain text (UTF-8, or GB18030/GBK) or a .docx.

A page copied from a government web site keeps its line breaks, its stray
spaces and its table cells, one per line and each opening with a tab.  A
.docx is read into the same shape (paragraphs as lines, each table row as a
blank line and a tab-led line per cell), so one reader drafts both.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import attrs

from ..errors import DocumentError

__all__ = ["MAX_BYTES", "Line", "Source", "read_source"]

MAX_BYTES = 8_000_000
"""The largest document read, in bytes (a policy document is tens of kilobytes)."""

_MAX_DOCX_XML = 64_000_000
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACES = " \t\u3000\u00a0\u200b\ufeff"


@attrs.frozen
class Line:
    """One line of the document: its number (1 for the first), its text without surrounding spaces.

    ``cell`` is true for a line that opens a table cell (a tab before any
    text), as web pages and .docx tables give them.
    """

    number: int
    text: str
    cell: bool = False


@attrs.frozen
class Source:
    """The document as lines, with its name and how it was decoded."""

    name: str
    lines: tuple[Line, ...]
    encoding: str


def read_source(document: str | bytes | os.PathLike[str], *, name: str | None = None) -> Source:
    """Read a document: a ``str`` is its text, ``bytes`` its content, a path a file to read.

    Raises
    ------
    DocumentError
        The file cannot be read, is too large, is empty, is binary or a
        broken .docx, or is text in no encoding the reader knows.
    """
    if isinstance(document, str):
        return _text_source(document, name or "<text>", "str")
    if isinstance(document, bytes):
        return _bytes_source(document, name or "<bytes>")
    path = Path(document)
    shown = name or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(f"the file is {size} bytes; a document is read up to {MAX_BYTES}", file=shown)
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read the file ({exc.strerror or exc})", file=shown) from None
    return _bytes_source(raw, shown)


def _bytes_source(raw: bytes, name: str) -> Source:
    if len(raw) > MAX_BYTES:
        raise DocumentError(
            f"the document is {len(raw)} bytes; a document is read up to {MAX_BYTES}", file=name
        )
    if raw.startswith(b"PK\x03\x04"):
        return _text_source(_docx_text(raw, name), name, "docx")
    for bom, codec in ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            try:
                return _text_source(raw.decode(codec), name, codec)
            except UnicodeDecodeError:
                break
    if b"\x00" in raw:
        raise DocumentError(
            "this is not a text document (it holds NUL bytes): give UTF-8 text or a .docx", file=name
        )
    try:
        return _text_source(raw.decode("utf-8-sig"), name, "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"{exc.reason} at byte {exc.start}"
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise DocumentError(
            f"not UTF-8 text ({utf8_error}) and not GBK/GB18030 either: give UTF-8 text or a .docx", file=name
        ) from None
    return _text_source(text, name, "gb18030")


def _text_source(text: str, name: str, encoding: str) -> Source:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise DocumentError(f"the text holds a lone surrogate at character {exc.start}", file=name) from None
    if len(text) > MAX_BYTES:
        raise DocumentError(
            f"the text is {len(text)} characters; a document is read up to {MAX_BYTES}", file=name
        )
    bad = next((c for c in text if (ord(c) < 32 and c not in "\t\n\r\f\v") or c == "\ufffd"), None)
    if bad is not None:
        raise DocumentError(
            f"the text holds a control or replacement character ({bad!r}): is it binary, or in another encoding?",
            file=name,
        )
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip(_SPACES)
        cell = raw.lstrip(" \u3000\u00a0").startswith("\t")
        if stripped or cell:
            lines.append(Line(number, stripped, cell))
        else:
            lines.append(Line(number, ""))
    if not any(line.text for line in lines):
        raise DocumentError("the document is empty", file=name)
    return Source(name=name, lines=tuple(lines), encoding=encoding)


def _docx_text(raw: bytes, name: str) -> str:
    """The text of a .docx: paragraphs as lines; a table row as a blank line, then one tab-led line per cell."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > _MAX_DOCX_XML:
                raise DocumentError(
                    f"word/document.xml unpacks to {info.file_size} bytes; read up to {_MAX_DOCX_XML}",
                    file=name,
                )
            xml = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise DocumentError(f"not a readable .docx ({exc})", file=name) from None
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise DocumentError(
            "the .docx declares a DOCTYPE or entities, which a Word file never does", file=name
        )
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise DocumentError(f"the .docx's document.xml is not well-formed XML ({exc})", file=name) from None
    body = root.find(f"{_W}body")
    if body is None:
        raise DocumentError("the .docx has no document body (w:body)", file=name)
    out: list[str] = []
    for block in body:
        if block.tag == f"{_W}p":
            out.append(_paragraph(block))
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                out.append("")
                for cell in row.findall(f"{_W}tc"):
                    paragraphs = [_paragraph(p) for p in cell.findall(f"{_W}p")]
                    out.append("\t" + "\n".join(paragraphs))
                    # a cell merged across columns stands for each of them: the others are empty
                    span = cell.find(f"{_W}tcPr/{_W}gridSpan")
                    extra = span.get(f"{_W}val", "1") if span is not None else "1"
                    out.extend(["\t"] * (min(int(extra), 20) - 1 if extra.isdigit() else 0))
            out.append("")
    return "\n".join(out)


def _paragraph(p: ElementTree.Element) -> str:
    parts = []
    for node in p.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)
