"""Reading the package's TOML data files: decoding, parsing and a typed reader that names key paths."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NoReturn

from ._toml_locate import _COMMENT, _STRING, locate
from ._values import describe, surrogate_at, unwritable
from .errors import DataFileError

__all__ = ["Table", "parse_toml", "read_bytes"]


def _describe(value: object) -> str:
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return f"{type(value).__name__} {describe(value, 40)}"


class Table:
    """One TOML table with its key path; reading a key marks it as known.

    Call :meth:`done` after reading to reject keys the format does not have.
    """

    def __init__(
        self,
        data: Mapping[str, object],
        *,
        file: str,
        error: type[DataFileError],
        path: str = "",
        text: str = "",
    ) -> None:
        self._data = data
        self.error = error
        self.file = file
        self.path = path
        self.text_of_file = text
        self._seen: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, message: str, name: str | None = None) -> NoReturn:
        key = self.key(name) if name else self.path
        line = locate(self.text_of_file, key) if self.text_of_file and key else None
        raise self.error(message, file=self.file, key=key, line=line)

    def has(self, name: str) -> bool:
        self._seen.add(name)  # an optional key the table takes, asked for: a key it knows
        return name in self._data

    def _get(self, name: str, required: bool) -> object:
        self._seen.add(name)
        if name not in self._data:
            if required:
                self.fail("missing required key", name)
            return None
        return self._data[name]

    def text(self, name: str, *, required: bool = True, empty: bool = False) -> str | None:
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(f"expected a string, got {_describe(value)}", name)
        if not empty and not value.strip():
            self.fail("expected a non-empty string, got an empty one", name)
        return value

    def req_text(self, name: str) -> str:
        value = self.text(name)
        assert value is not None
        return value

    def integer(self, name: str, *, required: bool = True) -> int | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"expected an integer, got {_describe(value)}", name)
        return value

    def boolean(self, name: str) -> bool:
        value = self._get(name, True)
        if not isinstance(value, bool):
            self.fail(f"expected true or false, got {_describe(value)}", name)
        return value

    def flag(self, name: str, default: bool) -> bool:
        """An optional ``true``/``false`` key: its value, or ``default`` when the table does not have it."""
        return self.boolean(name) if self.has(name) else default

    def date(self, name: str, *, required: bool = True) -> dt.date | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.fail(f"expected a date such as 2023-02-21, got {_describe(value)}", name)
        return value

    def choice(self, name: str, allowed: Iterable[str]) -> str:
        """A required string that must be one of ``allowed`` (listed in the error in the order given)."""
        value = self.req_text(name)
        options = list(allowed)
        if value not in options:
            self.fail(f"expected one of {', '.join(options)}; got {value!r}", name)
        return value

    def raw(self, name: str, *, required: bool = True) -> object:
        return self._get(name, required)

    def texts(self, name: str, *, required: bool = True) -> tuple[str, ...]:
        value = self._get(name, required)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(f"expected an array of strings, got {_describe(value)}", name)
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.fail(f"expected a non-empty string, got {_describe(item)}", f"{name}[{i}]")
        return tuple(value)

    def table(self, name: str, *, required: bool = True) -> Table | None:
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.fail(f"expected a table, got {_describe(value)}", name)
        return Table(value, file=self.file, error=self.error, path=self.key(name), text=self.text_of_file)

    def tables(self, name: str) -> list[Table]:
        value = self._get(name, True)
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self.fail(f"expected an array of tables ([[{name}]]), got {_describe(value)}", name)
        return [
            Table(
                item, file=self.file, error=self.error, path=f"{self.key(name)}[{i}]", text=self.text_of_file
            )
            for i, item in enumerate(value)
        ]

    def done(self) -> None:
        unknown = sorted(set(self._data) - self._seen)
        if unknown:
            known = ", ".join(sorted(self._seen))
            self.fail(f"unknown key {unknown[0]!r} (this table takes: {known})", unknown[0])


_NESTING = re.compile(rf"{_STRING}|{_COMMENT}|[\[\]{{}}]")
# A run of digits (or hex digits) long enough to write an integer outside 64 bits: only then are integers checked.
_LONG_RUN = re.compile(r"[0-9A-Fa-f_]{17,}")
_TOO_LONG = re.compile(r"[0-9_]{4000,}")
_INT64 = (-(2**63), 2**63 - 1)


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _deepest(text: str) -> tuple[int, int]:
    """The deepest nesting of arrays and inline tables in ``text``, and the line where it is first reached."""
    depth = deepest = at = 0
    for token in _NESTING.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > deepest:
                deepest, at = depth, token.start()
        elif bracket in ("]", "}"):
            depth = max(0, depth - 1)
    return deepest, _line(text, at)


def _wide_integer(doc: Mapping[str, object]) -> tuple[str, int] | None:
    """The key path and value of the first integer outside 64 bits (TOML integers are 64-bit), if any."""
    stack: list[tuple[str, object]] = [("", doc)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, Mapping):
            stack.extend(
                (f"{path}.{key}" if path else key, item) for key, item in reversed(list(value.items()))
            )
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, int) and not isinstance(value, bool) and not _INT64[0] <= value <= _INT64[1]:
            return path, value
    return None


def parse_toml(data: bytes | str, *, source: str, error: type[DataFileError]) -> Table:
    """Decode (UTF-8, a byte-order mark allowed) and parse TOML text into a root :class:`Table`.

    Besides what :mod:`tomllib` refuses, refuses text holding a lone surrogate
    (a ``str`` decoded wrongly), arrays or inline tables nested more deeply than
    the reader follows, and integers outside 64 bits (the TOML specification's
    range), each with its line.
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise error(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=source) from None
    text = data.removeprefix("\ufeff")
    at = surrogate_at(text)
    if at is not None:
        raise error(f"not UTF-8 text: {unwritable(text)}", file=source, line=_line(text, at))
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"not valid TOML: {exc}", file=source) from None
    except RecursionError:
        depth, line = _deepest(text)
        raise error(
            f"expected arrays and inline tables nested at most a few hundred levels deep, got {depth} levels",
            file=source,
            line=line,
        ) from None
    except ValueError:  # int() refuses more digits than sys.get_int_max_str_digits()
        found = _TOO_LONG.search(text)
        raise error(
            "not valid TOML: an integer of thousands of digits (TOML integers are 64-bit)",
            file=source,
            line=_line(text, found.start()) if found else None,
        ) from None
    if _LONG_RUN.search(text):
        wide = _wide_integer(doc)
        if wide is not None:
            path, value = wide
            raise error(
                f"expected a 64-bit integer (TOML's range, -2^63 to 2^63-1), got {describe(value)}",
                file=source,
                key=path,
                line=locate(text, path),
            )
    return Table(doc, file=source, error=error, text=text)


def read_bytes(path: str | os.PathLike[str], *, error: type[DataFileError]) -> bytes:
    """Read a data file, turning an OS error into the package's error naming the file."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise error(f"cannot read the file ({exc.strerror})", file=str(path)) from None
