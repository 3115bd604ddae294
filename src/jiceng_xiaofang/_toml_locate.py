r"""Find the line of a value in TOML text from the key path the data reader reports.

:mod:`tomllib` returns values without positions, so when the reader in
:mod:`jiceng_xiaofang._toml` rejects a value it can name the key path, such as
``clause[3].lead[0]``, but not the line.  :func:`locate` reads the text once more,
without building any values, and returns the line where that key path is
written; when the path is not in the text (the reader also reports missing
keys) it returns the line of the deepest table or key on the way to it.

Notes
-----
This is not a TOML parser.  It follows just enough of the syntax to tell which
lines hold keys and table headers -- the four kinds of strings, comments, arrays
and inline tables over several lines, dotted and quoted keys, arrays of tables --
and it is lenient: any text and any key give an answer (maybe ``None``), never an
exception.

Only what lies on the way to the key path is recorded, and the scan stops as
soon as nothing later can change the answer.  Everything else is stepped over,
mostly by regular expressions that swallow whole runs of lines, and whole
sections of other tables, at once.  No pattern can backtrack into a repetition,
so the time taken is linear in the size of the text.

Lines are counted as :mod:`tomllib` counts them in its own error messages: one
plus the number of ``"\n"`` before the position, so CRLF files count right too.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import re

__all__ = ["locate"]

# Arrays and inline tables nested deeper than this on the way to the key are
# stepped over without looking inside, which keeps the recursion shallow.
_MAX_NESTING = 32

# Pieces of the syntax.  Every repetition is possessive (``*+``, ``++``) and
# repeats a character class or alternatives that begin differently, so no match
# ever backtracks into a repetition: matching is linear in what it reads.
_WS = r"[ \t\r\n]"  # TOML's white space and line breaks
_BARE = r"[A-Za-z0-9_-]++"
# the rest of a string after its opening quote(s); a multi-line one may end in 5 quotes
_BASIC_REST = r'[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"'
_LITERAL_REST = r"[^'\n]*+'"
_ML_BASIC_REST = r'(?s:[^"\\]*+(?:(?:\\.|"(?!""))[^"\\]*+)*+)"{3,5}+'
_ML_LITERAL_REST = r"[^']*+(?:'(?!'')[^']*+)*+'{3,5}+"
_BASIC = rf'"(?!""){_BASIC_REST}'
_LITERAL = rf"'(?!''){_LITERAL_REST}"
_ML_BASIC = rf'"""{_ML_BASIC_REST}'
_ML_LITERAL = rf"'''{_ML_LITERAL_REST}"
_STRING = rf"(?:{_ML_BASIC}|{_BASIC}|{_ML_LITERAL}|{_LITERAL})"
_COMMENT = r"#[^\n]*+"
_SCALAR = r"""[^\s\[\]{}#"',]++"""
_PART = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_KEY_TAIL = rf"(?:[ \t]*+\.[ \t]*+{_PART})*+"
_LINE_END = rf"[ \t]*+(?:{_COMMENT})?\r?\n"
_PLAIN = r"""[^\[\]{}"'#]"""  # nothing that opens, closes or hides a bracket


def _group(depth: int) -> str:
    """An array or inline table nested at most ``depth`` deep (any closer closes, as in the scanner)."""
    inner = rf"{_PLAIN}++|{_STRING}|{_COMMENT}"
    if depth > 1:
        inner += "|" + _group(depth - 1)
    return rf"[\[{{](?:{inner})*+[\]}}]"


_KEY_RE = re.compile(_PART + _KEY_TAIL)
_PART_RE = re.compile(_PART)
_BARE_RUN_RE = re.compile(r"[A-Za-z0-9_-]*+")
_BLANKS_RE = re.compile(r"[ \t]*+")
_SPACE_RE = re.compile(rf"(?:{_WS}++|{_COMMENT})*+")
_SCALAR_RE = re.compile(_SCALAR)
_BASIC_REST_RE = re.compile(_BASIC_REST)
_LITERAL_REST_RE = re.compile(_LITERAL_REST)
_ML_BASIC_REST_RE = re.compile(_ML_BASIC_REST)
_ML_LITERAL_REST_RE = re.compile(_ML_LITERAL_REST)
# inside an array or inline table: up to a bracket of its own, or one nested too deep
_GROUP_CONTENT_RE = re.compile(rf"(?:{_PLAIN}++|{_STRING}|{_COMMENT}|{_group(3)})*+")
# the same, stopping at a comma too: the rest of an array element
_ELEMENT_RE = re.compile(rf"""(?:[^\[\]{{}}"'#,]++|{_STRING}|{_COMMENT}|{_group(3)})*+""")
# brackets of one direction with nothing that matters between them
_OPENERS_RE = re.compile(rf"[\[{{](?:{_PLAIN}*+[\[{{])*+")
_CLOSERS_RE = re.compile(rf"[\]}}](?:{_PLAIN}*+[\]}}])*+")
_CLOSER_RE = re.compile(r"[\]}]")
_ESCAPE_RE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


# Longer names are looked out for by their start only (the pattern stays small).
_LONG_NAME = 64


def _not(name: str, ends: str) -> str:
    """A lookahead refusing a bare key ``name`` that one of ``ends`` follows ("" if no name)."""
    if not name:
        return ""
    if len(name) > _LONG_NAME:  # refuse all keys that start the same: those take the long way
        return rf"(?!{re.escape(name[:_LONG_NAME])})"
    return rf"(?!{re.escape(name)}[ \t]*+[{re.escape(ends)}])"


@functools.lru_cache(maxsize=32)
def _skippable(first_key: str | None, first_header: str) -> re.Pattern[str]:
    """Runs of lines that cannot lead to the key, which the scanner need not look at.

    First lines of the current table: blank lines, comments and ``key = value``
    (the value may span lines if it nests at most four deep) whose key starts
    with a bare key other than ``first_key``; any key if ``first_key`` is None,
    any bare key if it is empty.  Then whole sections under a header whose first
    key is bare and not ``first_header`` (any bare key if empty); match group 1
    is not empty if there were any.
    """
    value = rf"(?:{_STRING}|{_group(4)}|{_SCALAR})"
    key_value = rf"{_KEY_TAIL}[ \t]*+=[ \t]*+{value}{_LINE_END}"
    any_line = rf"{_WS}++|{_COMMENT}|{_PART}{key_value}"
    if first_key is None:
        table_line = any_line
    else:
        table_line = rf"{_WS}++|{_COMMENT}|{_not(first_key, '.=')}{_BARE}{key_value}"
    other_header = _not(first_header, ".]")
    header = rf"\[\[?+[ \t]*+{other_header}{_BARE}{_KEY_TAIL}[ \t]*+\]\]?+{_LINE_END}"
    return re.compile(rf"(?:{table_line})*+((?:{header}(?:{any_line})*+)*+)")


def _end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where a match of ``pattern`` at ``pos`` ends (``pos`` if there is none)."""
    match = pattern.match(text, pos)
    return pos if match is None else match.end()


def _count_brackets(text: str, start: int, end: int, brackets: str) -> int:
    return sum(text.count(bracket, start, end) for bracket in brackets)


def _unescape(match: re.Match[str]) -> str:
    digits = match.group(1) or match.group(2)
    if digits:
        code = int(digits, 16)
        return chr(code) if code <= 0x10FFFF else match.group()
    return _ESCAPES.get(match.group(3), match.group())


def _unquote(part: str) -> str:
    """The name a key part stands for: quotes removed, escapes of basic strings decoded."""
    if part.startswith('"'):
        return _ESCAPE_RE.sub(_unescape, part[1:-1])
    if part.startswith("'"):
        return part[1:-1]
    return part


class _Node:
    """A table, array or value whose key path ``key[:at]`` begins the wanted key path."""

    __slots__ = ("at", "elements", "explicit", "length", "line", "names")

    def __init__(self, line: int, at: int, *, explicit: bool) -> None:
        self.line = line
        self.at = at
        self.explicit = explicit  # False while only headers like [a.b] imply table a
        self.names: dict[str, _Node] = {}  # only the children on the way to the key
        self.elements: dict[int, _Node] | None = None  # set for an array of tables
        self.length = 0  # how many [[...]] elements it has so far


class _Done(Exception):
    """Nothing later in the text can change the answer: the key is found, or its [[...]] element ended."""


class _Scanner:
    """One pass over ``text`` recording the tables and keys on the way to ``key``."""

    def __init__(self, text: str, key: str) -> None:
        self.text = text
        self.key = key
        self.pos = 1 if text.startswith("\ufeff") else 0
        self.root = _Node(0, 0, explicit=True)
        self.found: list[_Node] = []  # every node made, in order
        self._first_header = self._bare_name(0)
        self._counted = 0  # self._line is the line of position self._counted
        self._line = 1

    def run(self) -> int | None:
        with contextlib.suppress(_Done):
            self._statements()
        deepest = max(self.found, key=lambda node: node.at, default=None)  # the first if tied
        return None if deepest is None else deepest.line

    def _statements(self) -> None:
        text, n = self.text, len(self.text)
        table: _Node | None = self.root
        while self.pos < n:
            match = self._skippable(table).match(text, self.pos)
            if match is not None:
                self.pos = match.end()
                if match.group(1):
                    table = None
            self.pos = _end(_BLANKS_RE, text, self.pos)
            if self.pos >= n:
                return
            char = text[self.pos]
            if char == "[":
                table = self._header()
            elif char not in "#\n":
                self._key_value(table, 0)
            self._next_line()

    # -- positions ---------------------------------------------------------------------

    def _current_line(self) -> int:
        text, pos = self.text, self.pos
        if pos >= self._counted:
            self._line += text.count("\n", self._counted, pos)
        else:
            self._line -= text.count("\n", pos, self._counted)
        self._counted = pos
        return self._line

    def _next_line(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end + 1

    def _bare_name(self, start: int) -> str:
        """The name starting at ``start`` in the key if it could be a bare key, else ``""``."""
        end = _end(_BARE_RUN_RE, self.key, start)
        if end < len(self.key) and self.key[end] not in ".[":
            return ""
        return self.key[start : min(end, start + _LONG_NAME + 1)]  # enough to tell it is long

    def _skippable(self, table: _Node | None) -> re.Pattern[str]:
        """The pattern for the lines from here on that cannot lead to the key."""
        key = self.key
        if table is None or table.at >= len(key):
            return _skippable(None, self._first_header)
        if table is self.root:
            return _skippable(self._bare_name(0), self._first_header)
        if key[table.at] != ".":
            return _skippable(None, self._first_header)
        return _skippable(self._bare_name(table.at + 1), self._first_header)

    # -- the way to the key ------------------------------------------------------------

    def _new(self, line: int, at: int, *, explicit: bool) -> _Node:
        node = _Node(line, at, explicit=explicit)
        self.found.append(node)
        if at == len(self.key) and explicit:
            raise _Done
        return node

    def _child(self, node: _Node, name: str, line: int, *, explicit: bool) -> _Node | None:
        """The child ``name`` of ``node`` if it is on the way to the key, else None."""
        child = node.names.get(name)
        if child is None:
            key, start = self.key, node.at
            if node is not self.root:
                if not key.startswith(".", start):
                    return None
                start += 1
            end = start + len(name)
            if not key.startswith(name, start) or (end < len(key) and key[end] not in ".["):
                return None
            child = node.names[name] = self._new(line, end, explicit=explicit)
        return child

    def _element(self, node: _Node, index: int, line: int) -> _Node | None:
        """Element ``index`` of the array ``node`` if it is on the way to the key, else None."""
        if not self.key.startswith("[", node.at):
            return None
        token = f"[{index}]"
        if not self.key.startswith(token, node.at):
            return None
        return self._new(line, node.at + len(token), explicit=True)

    def _walk(self, table: _Node | None, key: str, line: int, *, explicit: bool) -> tuple[_Node, str] | None:
        """The table holding the last part of the dotted ``key``, and that part's name.

        None if the way leaves the wanted key path.  A part naming an array of
        tables stands for its last element, as in ``[[a]]`` followed by ``[a.b]``.
        """
        parts = (_unquote(match.group()) for match in _PART_RE.finditer(key))
        name = next(parts, None)
        if table is None or name is None:
            return None
        for following in parts:
            child = self._child(table, name, line, explicit=explicit)
            if child is not None and child.elements is not None:
                child = child.elements.get(child.length - 1)
            if child is None:
                return None
            table, name = child, following
        return table, name

    # -- statements --------------------------------------------------------------------

    def _read_key(self) -> str | None:
        match = _KEY_RE.match(self.text, self.pos)
        if match is None:
            return None
        self.pos = match.end()
        return match.group()

    def _header(self) -> _Node | None:
        """Read a ``[table]`` or ``[[array]]`` header; the table it opens, if on the way."""
        line = self._current_line()
        array = self.text.startswith("[[", self.pos)
        self.pos = _end(_BLANKS_RE, self.text, self.pos + (2 if array else 1))
        key = self._read_key()
        if key is None:
            return None
        walked = self._walk(self.root, key, line, explicit=False)
        node = None if walked is None else self._child(*walked, line, explicit=True)
        if node is None:
            return None
        if array:
            if not self.key.startswith("[", node.at):  # the key goes into none of its elements
                raise _Done
            if node.elements is None:
                node.elements = {}
            index = node.length
            node.length += 1
            if index - 1 in node.elements:  # the element on the way is over and cannot come back
                raise _Done
            element = self._element(node, index, line)
            if element is not None:
                node.elements[index] = element
            return element
        if not node.explicit:  # [a] after [a.b]: a is written here
            node.line, node.explicit = line, True
            if node.at == len(self.key):
                raise _Done
        return node

    def _key_value(self, table: _Node | None, level: int) -> None:
        """Read ``key = value`` (as far as the text allows) into ``table``."""
        line = self._current_line()
        key = self._read_key()
        if key is None:
            return
        self.pos = _end(_BLANKS_RE, self.text, self.pos)
        if not self.text.startswith("=", self.pos):
            return
        self.pos = _end(_BLANKS_RE, self.text, self.pos + 1)
        walked = self._walk(table, key, line, explicit=True)
        node = None if walked is None else self._child(*walked, line, explicit=True)
        self._value(node, level)

    # -- values ------------------------------------------------------------------------

    def _value(self, node: _Node | None, level: int) -> None:
        """Read the value of ``node``, looking inside it only if it may hold the key."""
        if self.pos >= len(self.text):
            return
        char = self.text[self.pos]
        if node is not None and level < _MAX_NESTING:
            if char == "[":
                self._array(node, level + 1)
                return
            if char == "{":
                self._inline_table(node, level + 1)
                return
        self._skip_value()

    def _array(self, array: _Node, level: int) -> None:
        """Read an array value from its ``[``, recording the wanted element."""
        text, n = self.text, len(self.text)
        self.pos += 1
        if not self.key.startswith("[", array.at):
            self._skip_group(1)
            return
        index, fresh = 0, True  # fresh: nothing of element `index` read yet
        while True:
            self.pos = _end(_SPACE_RE, text, self.pos)
            if self.pos >= n:
                return
            char = text[self.pos]
            if char in "]}":
                self.pos += 1
                return
            if char == ",":
                self.pos += 1
                index, fresh = index + 1, True
                continue
            element = self._element(array, index, self._current_line()) if fresh else None
            fresh = False
            if element is not None:
                self._value(element, level)
                self._skip_group(1)  # no other element can be on the way
                return
            start = self.pos
            self.pos = _end(_ELEMENT_RE, text, start)
            if self.pos == start:  # nested too deep, or a string that does not close
                self._skip_value()

    def _inline_table(self, table: _Node, level: int) -> None:
        """Read an inline table from its ``{`` (line breaks allowed, as in TOML 1.1)."""
        text, n = self.text, len(self.text)
        self.pos += 1
        while True:
            self.pos = _end(_SPACE_RE, text, self.pos)
            if self.pos >= n:
                return
            char = text[self.pos]
            if char in "]}":
                self.pos += 1
                return
            if char == ",":
                self.pos += 1
                continue
            start = self.pos
            self._key_value(table, level)
            if self.pos == start:
                self._skip_value()

    def _skip_value(self) -> None:
        """Step over one value, or a run of stray characters, without looking inside.

        Does not move at white space, a comment, a comma or a closing bracket.
        """
        text, pos = self.text, self.pos
        if pos >= len(text):
            return
        char = text[pos]
        if char in "\"'":
            self._skip_string()
        elif char in "[{":
            self.pos = pos + 1
            self._skip_group(1)
        else:
            self.pos = _end(_SCALAR_RE, text, pos)

    def _skip_group(self, depth: int) -> None:
        """Step to just after the end of the array or inline table we are ``depth`` deep in."""
        text, n = self.text, len(self.text)
        while True:
            pos = _end(_GROUP_CONTENT_RE, text, self.pos)
            if pos >= n:
                self.pos = n
                return
            char = text[pos]
            if char in "[{":  # nested deeper than the pattern goes
                self.pos = _end(_OPENERS_RE, text, pos)
                depth += _count_brackets(text, pos, self.pos, "[{")
            elif char in "]}":
                end = _end(_CLOSERS_RE, text, pos)
                closers = _count_brackets(text, pos, end, "]}")
                if closers >= depth:
                    last = next(itertools.islice(_CLOSER_RE.finditer(text, pos, end), depth - 1, None))
                    self.pos = last.end()
                    return
                depth -= closers
                self.pos = end
            else:  # a string that does not close
                self.pos = pos
                self._skip_string()

    def _skip_string(self) -> None:
        """Step over a string of any of the four kinds; an unclosed one ends its line, or the text."""
        text, pos = self.text, self.pos
        quote = text[pos]
        if text.startswith(quote * 3, pos):
            rest = _ML_BASIC_REST_RE if quote == '"' else _ML_LITERAL_REST_RE
            match = rest.match(text, pos + 3)
            self.pos = len(text) if match is None else match.end()
            return
        rest = _BASIC_REST_RE if quote == '"' else _LITERAL_REST_RE
        match = rest.match(text, pos + 1)
        if match is not None:
            self.pos = match.end()
            return
        end = text.find("\n", pos)
        self.pos = len(text) if end < 0 else end


def locate(text: str, key: str) -> int | None:
    r"""The 1-based line number in TOML ``text`` where the value at ``key`` is written.

    Parameters
    ----------
    text : str
        TOML text, as read from the file; it need not be valid.
    key : str
        A key path as the data reader reports it: dotted key names, each
        followed by any number of 0-based ``[i]`` indices, such as
        ``clause[3].lead[1]``.

    Returns
    -------
    int or None
        The line of the key, of its table header, or of the array element (the
        line of the ``key =`` when the array is on one line).  If the key is not
        in the text, the line of the deepest table or key on the way to it; None
        if there is none or ``key`` is empty.  Lines count from 1, one per
        ``"\n"``.  Never raises.

    Examples
    --------
    >>> text = '''format = 1
    ...
    ... [[clause]]
    ... id = "1.1"
    ...
    ... [[clause]]
    ... id = "1.2"
    ... lead = [
    ...     "district fire brigade",
    ...     "district emergency bureau",
    ... ]
    ... '''
    >>> locate(text, "format")
    1
    >>> locate(text, "clause[1]")
    6
    >>> locate(text, "clause[1].lead[1]")
    10
    >>> locate(text, "clause[1].cooperating")  # missing: its table's header
    6
    >>> locate(text, "document.title") is None
    True
    """
    if not key:
        return None
    try:
        return _Scanner(text, key).run()
    except RecursionError:  # nesting is capped, so only when called with the stack nearly full
        return None
