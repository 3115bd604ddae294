r"""Reading JSON that may be hostile: every refusal is one :class:`JsonError`, never a library's exception.

:func:`json.loads` accepts what no file of this package holds and lets through
exceptions that are not :class:`json.JSONDecodeError`: ``NaN`` and
``Infinity``, numbers out of the range of a float (read as ``inf``), an integer
longer than Python converts (a bare :class:`ValueError`), nesting deeper than
the interpreter's stack (:class:`RecursionError`), a key given twice (the last
one silently wins) and lone surrogates (``"\ud800"``: accepted, then text
that cannot be written as UTF-8).  :func:`loads` refuses each with a reason
fit for a message; the readers wrap it in their own error.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

__all__ = ["MAX_DEPTH", "MAX_DIGITS", "JsonError", "loads"]

MAX_DEPTH = 100
"""Arrays and objects nested deeper than this are refused (the package's files nest a few levels)."""

MAX_DIGITS = 4300
"""The longest integer read, in digits: Python's own limit on converting text to int."""

_SURROGATE = re.compile("[\ud800-\udfff]")


class JsonError(Exception):
    """JSON text refused: ``reason`` in words, with the line and column when the parser knows them.

    Not a :class:`ValueError` on purpose: a reader that forgot to wrap it lets
    it escape visibly instead of passing for the package's own error.
    """

    def __init__(self, reason: str, *, line: int | None = None, column: int | None = None) -> None:
        self.reason = reason
        self.line = line
        self.column = column
        where = f": line {line} column {column}" if line is not None and column is not None else ""
        super().__init__(f"{reason}{where}")


def _constant(name: str) -> float:
    raise JsonError(f"{name} is not a JSON number")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JsonError(f"the number {_short(text)} is out of range")
    return value


def _int(text: str) -> int:
    digits = len(text) - text.startswith("-")
    if digits > MAX_DIGITS:
        raise JsonError(f"an integer of {digits} digits, more than {MAX_DIGITS}")
    return int(text)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise JsonError(f"the key {_short(key)} is given twice in one object")
            seen.add(key)
    return obj


def _short(text: str, limit: int = 40) -> str:
    """``text`` quoted for a message, cut to ``limit`` characters."""
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _check(value: Any, max_depth: int) -> None:
    """Refuse containers nested deeper than ``max_depth`` and strings holding a lone surrogate."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            found = _SURROGATE.search(item)
            if found:
                raise JsonError(f"a lone surrogate \\u{ord(found.group()):04x}, which is not Unicode text")
        elif isinstance(item, dict | list):
            if depth >= max_depth:
                raise JsonError(f"nested deeper than {max_depth} levels")
            if isinstance(item, dict):
                stack.extend((key, depth + 1) for key in item)
                stack.extend((v, depth + 1) for v in item.values())
            else:
                stack.extend((v, depth + 1) for v in item)


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    r"""Read JSON text (bytes in UTF-8, UTF-16 or UTF-32, as :func:`json.loads` detects them).

    Raises
    ------
    JsonError
        The text is not JSON, or is JSON this package refuses: ``NaN``,
        ``Infinity``, a number out of the range of a float, an integer of more
        than :data:`MAX_DIGITS` digits, a key given twice in one object, a lone
        surrogate, nesting deeper than ``max_depth``, bytes that are not text.

    Examples
    --------
    >>> from jiceng_xiaofang._json import loads
    >>> loads('{"a": [1, 2.5, "三"]}')
    {'a': [1, 2.5, '三']}
    >>> loads('{"a": 1, "a": 2}')
    Traceback (most recent call last):
    ...
    jiceng_xiaofang._json.JsonError: the key 'a' is given twice in one object
    >>> loads("[" * 1000 + "]" * 1000)
    Traceback (most recent call last):
    ...
    jiceng_xiaofang._json.JsonError: nested deeper than 100 levels
    """
    if isinstance(text, bytes | bytearray):
        encoding = json.detect_encoding(text)
        try:
            text = bytes(text).decode(encoding)
        except UnicodeDecodeError as exc:
            name = encoding.upper().removesuffix("-SIG")
            raise JsonError(f"not {name} text ({exc.reason} at byte {exc.start})") from None
    elif not isinstance(text, str):
        raise JsonError(f"expected JSON text, got {type(text).__name__}")
    try:
        value = json.loads(
            text, parse_constant=_constant, parse_float=_float, parse_int=_int, object_pairs_hook=_object
        )
    except json.JSONDecodeError as exc:
        raise JsonError(exc.msg, line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise JsonError(f"nested deeper than {max_depth} levels") from None
    _check(value, max_depth)
    return value
