r"""Reading JSON from outside: what hostile text does to :func:`json.loads`, as one :class:`json.JSONDecodeError`.

:func:`json.loads` raises :class:`RecursionError` for arrays nested about a
thousand deep and a plain :class:`ValueError` for an integer of more than
4,300 digits, and it returns strings holding lone surrogates for escapes such
as ``"\ud800"`` (they fail later, when written).  :func:`loads` reports each
as a :class:`json.JSONDecodeError` with its position, so that a reader's
handling of bad JSON covers them too.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from ._values import surrogate_at, unwritable

__all__ = ["loads"]

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE_ESCAPE = re.compile(r"(\\+)u([dD][89a-fA-F][0-9a-fA-F]{2})")
_LONG_INTEGER = re.compile(r"[0-9]{4000,}")


def _deepest(text: str) -> tuple[int, int]:
    """The deepest nesting of arrays and objects in ``text`` and where it is first reached."""
    depth = deepest = at = 0
    for token in _TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > deepest:
                deepest, at = depth, token.start()
        elif bracket in "]}":
            depth -= 1
    return deepest, at


def _lone_escape(text: str) -> int:
    """Where the first escape of a lone surrogate is in ``text`` (0 if none is found)."""
    pending: int | None = None  # a high surrogate waiting for its low half
    end = -1
    for match in _SURROGATE_ESCAPE.finditer(text):
        if len(match.group(1)) % 2 == 0:
            continue  # an escaped backslash followed by the letters "u d8..."
        start = match.start() + len(match.group(1)) - 1
        code = int(match.group(2), 16)
        high = code < 0xDC00
        if pending is not None and not (start == end and not high):
            return pending
        if pending is not None:
            pending = None
        elif high:
            pending = start
        else:
            return start
        end = match.end()
    return pending if pending is not None else 0


def _has_surrogate(value: object) -> bool:
    """Whether any string of a decoded JSON value (keys included) holds a lone surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if surrogate_at(item) is not None:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def loads(data: str | bytes) -> Any:
    r"""Parse JSON text (``bytes`` are decoded as :func:`json.loads` does, but strictly).

    Raises
    ------
    json.JSONDecodeError
        Text that is not JSON, and also: nesting deeper than the parser can
        follow, an integer of more than 4,300 digits, a lone surrogate (as an
        escape or in the text).
    UnicodeDecodeError
        ``bytes`` that are not text in their encoding.

    Examples
    --------
    >>> from jiceng_xiaofang._json import loads
    >>> loads('{"a": [1, "\\ud83d\\ude92"]}')
    {'a': [1, '🚒']}
    >>> loads('["\\ud800"]')
    Traceback (most recent call last):
    ...
    json.decoder.JSONDecodeError: a lone surrogate escape, which is not text: line 1 column 3 (char 2)
    >>> loads("[" * 100_000 + "]" * 100_000)
    Traceback (most recent call last):
    ...
    json.decoder.JSONDecodeError: arrays and objects nested 100000 levels deep, more than the reader follows: line 1 column 100000 (char 99999)
    """
    text = bytes(data).decode(json.detect_encoding(data)) if isinstance(data, bytes | bytearray) else data
    at = surrogate_at(text)
    if at is not None:
        raise json.JSONDecodeError(f"the text is not UTF-8 text: {unwritable(text)}", text, at)
    try:
        value = json.loads(text)
    except RecursionError:
        depth, position = _deepest(text)
        raise json.JSONDecodeError(
            f"arrays and objects nested {depth} levels deep, more than the reader follows", text, position
        ) from None
    except json.JSONDecodeError:
        raise
    except ValueError:  # int() refuses more digits than sys.get_int_max_str_digits()
        found = _LONG_INTEGER.search(text)
        limit = sys.get_int_max_str_digits()
        raise json.JSONDecodeError(
            f"an integer of more than {limit} digits", text, found.start() if found else 0
        ) from None
    if _ESCAPE.search(text) and _has_surrogate(value):
        raise json.JSONDecodeError("a lone surrogate escape, which is not text", text, _lone_escape(text))
    return value
