"""Clause references of any depth, citations, and the references that found a rule.

Chinese official documents number their parts by a fixed ladder (GB/T 9704):
``一、`` (a section), ``（一）`` (an item), ``1.`` (a point), ``（1）`` (a
sub-point).  A :class:`ClauseId` writes the same position with Arabic numbers
joined by dots: ``"3"`` is section 三, ``"3.2"`` is 三（二）, ``"2.1.1"`` is
二（一）1.  It is a :class:`str`, so it compares, hashes and serialises as the
plain id, and it knows its parts, its parent, its Akoma Ntoso style element id
and the label the ladder prints.
"""

from __future__ import annotations

import re

import attrs

from .._values import describe
from ..errors import XiaofangError

__all__ = [
    "BASES",
    "Citation",
    "ClauseId",
    "Reference",
    "chinese_numeral",
    "parse_chinese_numeral",
]

_NUMERALS = "一二三四五六七八九"
_MAX_DEPTH = 5
_MAX_NUMBER = 99
_ID = re.compile(r"[1-9][0-9]?(?:\.[1-9][0-9]?){0,4}")
_EID_LEVELS = ("sec", "item", "point", "subpoint", "para")

BASES = ("text", "reading")
"""How an entry of a policy file rests on its clause.

``text``: the quoted words say it.  ``reading``: the package reads it into
the quoted words (a post the text implies, a department chosen by the
closest-business principle); such entries say so in every output.
"""


def chinese_numeral(n: int) -> str:
    """Write ``1 <= n <= 99`` as a Chinese numeral, as section labels do.

    Examples
    --------
    >>> chinese_numeral(3), chinese_numeral(10), chinese_numeral(12), chinese_numeral(20)
    ('三', '十', '十二', '二十')
    """
    if not 1 <= n <= _MAX_NUMBER:
        raise ValueError(f"chinese_numeral: expected 1 to 99, got {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens - 1] + "十")
    return head + (_NUMERALS[ones - 1] if ones else "")


_FROM_NUMERAL = {chinese_numeral(n): n for n in range(1, _MAX_NUMBER + 1)}


def parse_chinese_numeral(text: str) -> int | None:
    """The number a Chinese numeral from 一 to 九十九 writes, or ``None``.

    Examples
    --------
    >>> parse_chinese_numeral("十二"), parse_chinese_numeral("百")
    (12, None)
    """
    return _FROM_NUMERAL.get(text)


class ClauseId(str):
    """The id of a numbered part of a document: Arabic numbers joined by dots (``"3.2"``, ``"2.1.1"``).

    Depth 1 is a section (一、), depth 2 an item (（一）), depth 3 a point
    (1.), depth 4 a sub-point (（1）), depth 5 a paragraph (①); at most five
    levels, each numbered 1 to 99.
    Building one from anything else raises :class:`~jiceng_xiaofang.XiaofangError`.

    Examples
    --------
    >>> from jiceng_xiaofang.vocabulary import ClauseId
    >>> c = ClauseId("2.1.1")
    >>> c == "2.1.1", c.parts, c.depth, c.parent, c.section
    (True, (2, 1, 1), 3, '2.1', 2)
    >>> c.label, c.eid
    ('二（一）1.', 'sec_2__item_1__point_1')
    >>> ClauseId("3.2").label, ClauseId("3").label
    ('三（二）', '三')
    >>> ClauseId("3.x")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.XiaofangError: a clause id is numbers joined by dots such as '3.2' or '2.1.1' (at most 5 levels, each 1 to 99), got '3.x'
    """

    __slots__ = ()

    def __new__(cls, value: object) -> ClauseId:  # noqa: D102 (the class docstring says it)
        if isinstance(value, ClauseId):
            return value
        if not isinstance(value, str) or len(value) > 3 * _MAX_DEPTH or not _ID.fullmatch(value):
            raise XiaofangError(
                "a clause id is numbers joined by dots such as '3.2' or '2.1.1'"
                f" (at most {_MAX_DEPTH} levels, each 1 to {_MAX_NUMBER}), got {describe(value, 45)}"
            )
        return super().__new__(cls, value)

    @classmethod
    def of(cls, parts: tuple[int, ...]) -> ClauseId:
        """The id of a position given as its numbers.

        Examples
        --------
        >>> from jiceng_xiaofang.vocabulary import ClauseId
        >>> ClauseId.of((3, 2))
        '3.2'
        """
        return cls(".".join(str(p) for p in parts))

    @property
    def parts(self) -> tuple[int, ...]:
        """The numbers of each level, outermost first."""
        return tuple(int(p) for p in self.split("."))

    @property
    def depth(self) -> int:
        """How many levels deep the id is (1 for a section)."""
        return self.count(".") + 1

    @property
    def section(self) -> int:
        """The number of the section the part is in."""
        return int(self.split(".", 1)[0])

    @property
    def parent(self) -> ClauseId | None:
        """The id of the part this one is numbered under (``None`` for a section)."""
        head, dot, _ = self.rpartition(".")
        return ClauseId(head) if dot else None

    @property
    def label(self) -> str:
        """The label of the GB/T 9704 ladder, such as 三, 三（二）, 二（一）1. or 二（一）1.（1）."""
        from .numbering import DEFAULT_NUMBERING

        return DEFAULT_NUMBERING.label(self)

    @property
    def eid(self) -> str:
        """The Akoma Ntoso style element id, such as ``sec_3__item_2`` or ``sec_2__item_1__point_1``."""
        return "__".join(f"{_EID_LEVELS[i]}_{n}" for i, n in enumerate(self.parts))

    def is_within(self, other: str) -> bool:
        """Whether this part is ``other`` or numbered under it.

        Examples
        --------
        >>> from jiceng_xiaofang.vocabulary import ClauseId
        >>> ClauseId("2.1.1").is_within("2.1"), ClauseId("2.10").is_within("2.1")
        (True, False)
        """
        return self == other or self.startswith(f"{other}.")

    def __repr__(self) -> str:
        return str.__repr__(str(self))


def _clause_id(value: object) -> ClauseId:
    return ClauseId(value)


@attrs.frozen
class Citation:
    """Where a rule, number or mapping comes from: a clause of a document, with the label it prints.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> c = jx.load_policy().clause("3.2").citation
    >>> c.clause, c.label, c.eid
    ('3.2', '三（二）', 'sec_3__item_2')
    >>> str(c)
    'yuzhong-2023 三（二）'
    """

    document: str
    """The id of the cited document, such as ``yuzhong-2023``."""
    clause: ClauseId = attrs.field(converter=_clause_id)
    """The cited clause's id, such as ``3.2``."""
    label: str
    """The clause's label as the document prints it, such as ``三（二）``."""

    @property
    def eid(self) -> str:
        """The Akoma Ntoso style element id, such as ``sec_3__item_2``."""
        return self.clause.eid

    def __str__(self) -> str:
        return f"{self.document} {self.label}"


def _basis(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in BASES:
        raise XiaofangError(f"{attribute.name}: expected one of {', '.join(BASES)}, got {value!r}")


@attrs.frozen
class Reference:
    """What founds an entry of a policy file: a clause, the words quoted from it, and how it rests on them.

    ``basis`` is ``"text"`` when the words say it, ``"reading"`` when the
    package reads it into them; ``reading`` then says what is read.  ``fact``
    names the policy fact that states the same words, when one does.

    Examples
    --------
    >>> from jiceng_xiaofang.vocabulary import Reference
    >>> r = Reference("1.4", "充分发挥区消防安全委员会平台调度作用", basis="reading",
    ...               reading="the committee has a director, whom the text does not name")
    >>> r.is_reading, str(r)
    (True, '1.4 “充分发挥区消防安全委员会平台调度作用” (reading: the committee has a director, whom the text does not name)')
    """

    clause: ClauseId = attrs.field(converter=_clause_id)
    """The id of the clause the entry rests on, such as ``1.4``."""
    quote: str
    """The words the entry rests on, verbatim from that clause."""
    basis: str = attrs.field(default="text", validator=_basis)
    """``text`` when the words say it, ``reading`` when the package reads it into them (:data:`~jiceng_xiaofang.vocabulary.BASES`)."""
    reading: str = ""
    """What is read into the words, for basis ``reading``; ``""`` for basis ``text``."""
    fact: str | None = None
    """The id of the policy fact that states the same words; ``None`` when none does."""

    @property
    def is_reading(self) -> bool:
        """Whether the entry is the package's reading rather than the text's own words."""
        return self.basis == "reading"

    def __str__(self) -> str:
        tail = f" (reading: {self.reading})" if self.is_reading else ""
        return f"{self.clause} “{self.quote}”{tail}"
