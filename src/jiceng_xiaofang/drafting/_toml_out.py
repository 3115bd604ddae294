"""Write the few TOML values a policy file holds: strings, integers, floats, booleans, dates, arrays of these.

A draft needs comments beside its entries (where a value came from, what to
check), which a general TOML writer does not write; the values are few and
simple, and every draft is parsed back by the loader.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence

__all__ = ["TomlValue", "key_value", "value"]

TomlValue = str | int | float | bool | dt.date | Sequence[str]


def value(item: TomlValue) -> str:
    r"""One value as TOML.

    Examples
    --------
    >>> from jiceng_xiaofang.drafting._toml_out import value
    >>> print(value('他说"好"\n'), value(3), value(2.5), value(True), value(["区应急局", "各街道办事处"]))
    "他说\"好\"\n" 3 2.5 true ["区应急局", "各街道办事处"]
    """
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, float):
        if not math.isfinite(item):
            raise ValueError(f"a TOML number must be finite, got {item!r}")
        return repr(item)
    if isinstance(item, dt.datetime):
        raise TypeError("a policy file holds dates, not date-times")
    if isinstance(item, dt.date):
        return item.isoformat()
    if isinstance(item, str):
        # JSON's string escapes (\" \\ \n \uXXXX) are all valid in a TOML basic string; TOML also escapes DEL
        return json.dumps(item, ensure_ascii=False).replace("\x7f", "\\u007f")
    return "[" + ", ".join(value(part) for part in item) + "]"


def key_value(key: str, item: TomlValue, comment: str = "") -> str:
    """A ``key = value`` line, with a comment after it when given."""
    line = f"{key} = {value(item)}"
    return f"{line}  # {_one_line(comment)}" if comment else line


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 200 else flat[:199] + "…"
