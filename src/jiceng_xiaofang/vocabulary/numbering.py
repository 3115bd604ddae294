"""How a document numbers its parts: the ladder of label styles, from labels to ids and back.

Chinese official documents number sections ``一、``, items ``（一）``, points
``1.`` and sub-points ``（1）`` (GB/T 9704).  Some print other styles (``1、``,
``(1)``, ``①``).  A :class:`Numbering` is the ladder a document prints; it
writes the label of an id (``"2.1.1"`` → ``二（一）1.``) and reads a label back
(``二(一)1.`` → ``"2.1.1"``), whatever the width of its brackets and digits.
"""

from __future__ import annotations

import re
import unicodedata

import attrs

from ..errors import XiaofangError
from .citations import ClauseId, chinese_numeral, parse_chinese_numeral

__all__ = ["DEFAULT_NUMBERING", "Numbering", "normalise_label"]

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PLACEHOLDERS = {"一": r"([一二三四五六七八九十]{1,3})", "1": r"([1-9][0-9]?)", "①": f"([{_CIRCLED}])"}
_TRAILING = "、，,.．"
_MAX_STYLE = 12
_MAX_LABEL = 60


def normalise_label(text: str) -> str:
    """A label in one canonical width: NFKC (full-width brackets and digits to ASCII), no whitespace.

    Examples
    --------
    >>> from jiceng_xiaofang.vocabulary.numbering import normalise_label
    >>> normalise_label(" 三（二） "), normalise_label("３.２")
    ('三(二)', '3.2')
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _placeholder(style: str) -> str:
    found = [p for p in _PLACEHOLDERS if p in style]
    if len(found) != 1 or style.count(found[0]) != 1:
        raise XiaofangError(
            "a numbering style holds exactly one placeholder, 一 (Chinese numerals), 1 (Arabic) or ①"
            f" (circled), such as '一、', '（一）', '1.' or '（1）'; got {style!r}"
        )
    return found[0]


def _write(style: str, n: int) -> str:
    placeholder = _placeholder(style)
    if placeholder == "一":
        number = chinese_numeral(n)
    elif placeholder == "①":
        if n > len(_CIRCLED):
            raise XiaofangError(f"the style {style!r} numbers up to {len(_CIRCLED)}, got {n}")
        number = _CIRCLED[n - 1]
    else:
        number = str(n)
    return style.replace(placeholder, number)


def _read(placeholder: str, text: str) -> int | None:
    if placeholder == "一":
        return parse_chinese_numeral(text)
    if placeholder == "①":
        return _CIRCLED.index(text) + 1
    return int(text)


def _styles(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, tuple | list):
        raise XiaofangError(f"numbering: expected a sequence of label styles, got {value!r}")
    styles = tuple(value)
    if not 1 <= len(styles) <= 5:
        raise XiaofangError(f"numbering: expected 1 to 5 levels, got {len(styles)}")
    for style in styles:
        if not isinstance(style, str) or not 1 <= len(style) <= _MAX_STYLE:
            raise XiaofangError(f"numbering: expected a short label style such as '（一）', got {style!r}")
        _placeholder(style)
    return styles


@attrs.frozen
class Numbering:
    """The ladder of label styles a document prints, outermost first.

    Examples
    --------
    >>> from jiceng_xiaofang.vocabulary.numbering import Numbering
    >>> n = Numbering(("一、", "（一）", "1.", "（1）"))
    >>> n.label(ClauseId("2.1.1")), n.label(ClauseId("3"))
    ('二（一）1.', '三')
    >>> n.parse("二(一)1."), n.parse("三、"), n.parse("第三条")
    ('2.1.1', '3', None)
    >>> Numbering(("一、", "（一）", "1、")).label(ClauseId("2.1.1"))
    '二（一）1、'
    """

    styles: tuple[str, ...] = attrs.field(converter=_styles)
    """The label style of each level, outermost first (1 to 5 of them), such as ``("一、", "（一）", "1.")``."""
    _pattern: re.Pattern[str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        parts = []
        for level, style in enumerate(self.styles):
            text = normalise_label(style)
            if level == 0:
                text = text.rstrip(_TRAILING)
            placeholder = _placeholder(text)
            head, _, tail = text.partition(placeholder)
            piece = re.escape(head) + _PLACEHOLDERS[placeholder] + re.escape(tail)
            if level == 0:
                piece += f"[{re.escape(_TRAILING)}]?"
            parts.append(piece)
        pattern = parts[-1]
        for piece in reversed(parts[:-1]):
            pattern = f"{piece}(?:{pattern})?"
        object.__setattr__(self, "_pattern", re.compile(pattern))

    @property
    def depth(self) -> int:
        """How many levels the document numbers."""
        return len(self.styles)

    def label(self, clause: ClauseId) -> str:
        """The label of a part as the document prints it when citing it (the section's 、 dropped)."""
        if clause.depth > self.depth:
            raise XiaofangError(
                f"clause {clause} is {clause.depth} levels deep; the document numbers {self.depth}"
                f" ({', '.join(self.styles)})"
            )
        out = []
        for level, n in enumerate(clause.parts):
            text = _write(self.styles[level], n)
            out.append(text.rstrip(_TRAILING) if level == 0 else text)
        return "".join(out)

    def parse(self, label: str) -> ClauseId | None:
        """The id a label names, or ``None`` if it is not a label of this ladder."""
        if not isinstance(label, str) or len(label) > _MAX_LABEL:
            return None
        m = self._pattern.fullmatch(normalise_label(label))
        if m is None:
            return None
        numbers = []
        for level, text in enumerate(m.groups()):
            if text is None:
                break
            number = _read(_placeholder(normalise_label(self.styles[level])), text)
            if number is None or not 1 <= number <= 99:
                return None
            numbers.append(number)
        return ClauseId.of(tuple(numbers))


DEFAULT_NUMBERING = Numbering(("一、", "（一）", "1.", "（1）", "①"))
"""The ladder of GB/T 9704, 一、 （一） 1. （1）, and ① below it."""
