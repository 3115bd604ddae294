"""One check for every data-file error: the message names the file, the line and the key path."""

from __future__ import annotations

import re

from jiceng_xiaofang.errors import DataFileError, XiaofangError


def _names(key: str) -> list[str]:
    """The key path's names without indices, outermost first: clause[0].lead[1] -> [clause, lead]."""
    return [re.sub(r"\[\d+\]", "", part) for part in key.split(".") if part]


def assert_file_error(
    err: DataFileError, *, file: str, key: str, fragment: str, text: str | None = None
) -> None:
    """The error's parts, its one-line message ``file:line: key: reason``, and (given the text) its line."""
    assert isinstance(err, ValueError) and isinstance(err, XiaofangError)
    assert err.file == file
    assert err.key == key
    assert fragment in err.reason, err.reason
    where = file if err.line is None else f"{file}:{err.line}"
    if key:
        where = f"{where}: {key}"
    assert str(err) == f"{where}: {err.reason}"
    assert "\n" not in str(err)
    if text is None or not key:
        return
    lines = text.removeprefix("\ufeff").splitlines()
    names = _names(key)
    if err.line is None:
        # only a key missing from the top level has no line to show
        assert len(names) == 1 and f"{names[0]} =" not in text and f"[{names[0]}" not in text, key
        return
    assert 1 <= err.line <= len(lines)
    line = lines[err.line - 1]
    # the key's own line, or (for a key the table lacks) the line of the table that lacks it
    assert any(name in line for name in names[-2:]), (err.line, line, key)
