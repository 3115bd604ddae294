r"""Values from outside as error messages show them, and text that a file can hold.

Error messages name the value given; :func:`describe` shows it in a bounded
number of characters however long, deep or large it is (``repr`` of an
integer of more than 4,300 digits raises, and ``repr`` of a list nested
1,000 deep recurses).  :func:`unwritable` finds a lone surrogate: a code
point that a JSON escape (``"\ud800"``) or a wrongly decoded file lets into
a Python string, and that no UTF-8 file or terminal can hold, so text with
one is refused where it enters instead of failing later when it is written.
"""

from __future__ import annotations

import math
import re
import reprlib

__all__ = ["describe", "surrogate_at", "unwritable"]

_LIMIT = 60
_BIG = 128  # bits: integers larger than this are described by their size
_SURROGATE = re.compile("[\ud800-\udfff]")


def _repr() -> reprlib.Repr:
    shown = reprlib.Repr()
    shown.maxlevel = 3
    shown.maxlist = shown.maxtuple = shown.maxset = shown.maxfrozenset = shown.maxdeque = 6
    shown.maxdict = 4
    shown.maxstring = shown.maxother = _LIMIT
    shown.maxlong = 40
    return shown


_REPR = _repr()


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe(value: object, limit: int = _LIMIT) -> str:
    """``repr(value)``, cut to ``limit`` characters; never raises, whatever the value.

    Examples
    --------
    >>> from jiceng_xiaofang._values import describe
    >>> describe("4 kg"), describe(6.5), describe([1, 2])
    ("'4 kg'", '6.5', '[1, 2]')
    >>> describe(10**5000)
    'an integer of 5001 digits'
    >>> describe("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."
    >>> nested: list[object] = []
    >>> for _ in range(5000):
    ...     nested = [nested]
    >>> describe(nested)
    '[[[[...]]]]'
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _BIG:
        digits = math.floor((value.bit_length() - 1) * math.log10(2)) + 1
        if abs(value) >= 10**digits:  # the estimate can be one short
            digits += 1
        return f"an integer of {digits} digits" if value > 0 else f"a negative integer of {digits} digits"
    if isinstance(value, str):
        return _cut(repr(value[: limit + 1]), limit)
    try:
        text = _REPR.repr(value)
    except Exception:  # a value whose repr fails: name its type
        text = f"<{type(value).__name__}>"
    return _cut(text, limit)


def surrogate_at(text: str) -> int | None:
    r"""Where the first lone surrogate of ``text`` is (0 for the first character), or ``None``.

    Examples
    --------
    >>> from jiceng_xiaofang._values import surrogate_at
    >>> surrogate_at("解放碑"), surrogate_at("ab\ud800")
    (None, 2)
    """
    if text.isascii():
        return None
    found = _SURROGATE.search(text)
    return None if found is None else found.start()


def unwritable(text: str) -> str | None:
    r"""Why ``text`` cannot be written to a UTF-8 file (the surrogate and its position), or ``None``.

    Examples
    --------
    >>> from jiceng_xiaofang._values import unwritable
    >>> unwritable("解放碑街道") is None
    True
    >>> unwritable("ab\ud800")
    'it holds U+D800 at character 3, a lone surrogate, which is not text (the data was decoded wrongly)'
    """
    at = surrogate_at(text)
    if at is None:
        return None
    return (
        f"it holds U+{ord(text[at]):04X} at character {at + 1}, a lone surrogate,"
        " which is not text (the data was decoded wrongly)"
    )
