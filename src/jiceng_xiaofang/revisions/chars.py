"""Character-level comparison of Chinese text: similarity, a readable diff, and its text and HTML forms.

Chinese has no spaces between words, so texts are compared character by
character with :class:`difflib.SequenceMatcher` (its ``autojunk`` heuristic
off: in a clause of a few hundred characters it would ignore 消, 防 and every
other common character).  The raw opcodes of two unrelated passages
interleave single shared characters (的, 消防...) with edits; :func:`char_diff`
folds such short equalities into the edits around them, the "semantic
cleanup" of diff-match-patch, so a rewritten sentence reads as one
replacement.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Sequence

__all__ = [
    "MOVE_SIMILARITY",
    "Segment",
    "alike_pairs",
    "char_diff",
    "render_html",
    "render_text",
    "similarity",
]

Segment = tuple[str, str]
"""A piece of a character diff, ``("=", text)`` kept, ``("-", text)`` deleted or ``("+", text)`` inserted."""

MOVE_SIMILARITY = 0.75
"""How similar (:func:`similarity`, 0 to 1) a clause under a new id must be to one under an old id to be read
as the same clause moved.

In the Yuzhong text no two different clauses score more than 0.36 (五（一） and
五（二）, which share their opening words), and a clause of another district's
document on the same subject scores about 0.24 against Yuzhong's; a clause
moved with a few words changed scores above 0.9.  0.75 lets a moved clause
lose or gain about a quarter of its characters and still be found.
"""


def _matcher(a: str, b: str) -> difflib.SequenceMatcher[str]:
    return difflib.SequenceMatcher(None, a, b, autojunk=False)


def similarity(a: str, b: str, *, at_least: float = 0.0) -> float:
    """How alike two texts are, from 0 (nothing in common) to 1 (the same): difflib's ratio on characters.

    With ``at_least``, texts that cannot reach it by the cheap upper bounds
    score 0 without the full comparison.

    Examples
    --------
    >>> from jiceng_xiaofang.revisions import similarity
    >>> similarity("工作人员不少于5人", "工作人员不少于6人")
    0.8888888888888888
    >>> similarity("", "")
    1.0
    """
    matcher = _matcher(a, b)
    if at_least and (matcher.real_quick_ratio() < at_least or matcher.quick_ratio() < at_least):
        return 0.0
    return matcher.ratio()


def alike_pairs(old: Sequence[str], new: Sequence[str], *, at_least: float) -> list[tuple[float, int, int]]:
    """Every (similarity, i, j) with ``similarity(old[i], new[j]) >= at_least``, most alike first.

    Each new text is indexed once for all the old ones, and the cheap upper
    bounds rule out most pairs before the full comparison.

    Examples
    --------
    >>> from jiceng_xiaofang.revisions.chars import alike_pairs
    >>> alike_pairs(["站房至少30平方米", "配备消防摩托车"], ["站房至少40平方米"], at_least=0.75)
    [(0.8888888888888888, 0, 0)]
    """
    found = []
    matcher: difflib.SequenceMatcher[str] = difflib.SequenceMatcher(None, autojunk=False)
    for j, b in enumerate(new):
        matcher.set_seq2(b)
        for i, a in enumerate(old):
            matcher.set_seq1(a)
            if matcher.real_quick_ratio() < at_least or matcher.quick_ratio() < at_least:
                continue
            score = matcher.ratio()
            if score >= at_least:
                found.append((score, i, j))
    return sorted(found, key=lambda f: (-f[0], f[2], f[1]))


def _blocks(a: str, b: str) -> list[tuple[str, str, str]]:
    """Kept texts and edits in order: ``("=", kept, "")`` or ``("~", deleted, inserted)``, short kept runs folded."""
    blocks: list[tuple[str, str, str]] = []
    for op, i1, i2, j1, j2 in _matcher(a, b).get_opcodes():
        if op == "equal":
            blocks.append(("=", a[i1:i2], ""))
        elif blocks and blocks[-1][0] == "~":
            _, deleted, inserted = blocks[-1]
            blocks[-1] = ("~", deleted + a[i1:i2], inserted + b[j1:j2])
        else:
            blocks.append(("~", a[i1:i2], b[j1:j2]))
    merged = True
    while merged:
        merged = False
        for k in range(1, len(blocks) - 1):
            kind, kept, _ = blocks[k]
            before, after = blocks[k - 1], blocks[k + 1]
            if kind != "=" or before[0] != "~" or after[0] != "~":
                continue
            if len(kept) <= max(len(before[1]), len(before[2])) and len(kept) <= max(
                len(after[1]), len(after[2])
            ):
                blocks[k - 1 : k + 2] = [("~", before[1] + kept + after[1], before[2] + kept + after[2])]
                merged = True
                break
    return blocks


def char_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The character diff that turns ``old`` into ``new``, as kept, deleted and inserted segments.

    Joining the kept and deleted segments gives ``old`` back; the kept and
    inserted ones give ``new``.  A deletion comes before the insertion that
    replaces it.

    Examples
    --------
    >>> from jiceng_xiaofang.revisions import char_diff
    >>> char_diff("工作人员不少于5人", "工作人员不少于6人")
    (('=', '工作人员不少于'), ('-', '5'), ('+', '6'), ('=', '人'))
    >>> char_diff("站房至少30平方米", "站房至少30平方米")
    (('=', '站房至少30平方米'),)
    """
    segments: list[Segment] = []
    for kind, first, inserted in _blocks(old, new):
        if kind == "=":
            segments.append(("=", first))
            continue
        deleted = first
        if deleted:
            segments.append(("-", deleted))
        if inserted:
            segments.append(("+", inserted))
    return tuple(segments)


def _elide(text: str, context: int, *, first: bool, last: bool) -> str:
    """Keep ``context`` characters of a kept run beside each change it touches (a first run only its end)."""
    head = 0 if first else context  # kept at the start, next to the change before
    tail = 0 if last else context  # kept at the end, next to the change after
    if context < 0 or (first and last) or len(text) <= head + tail + 1:
        return text
    return text[:head] + "…" + text[len(text) - tail :]


def render_text(segments: tuple[Segment, ...], *, context: int = -1) -> str:
    """A diff as one line of text: deletions as ``[-删-]``, insertions as ``{+增+}``.

    With ``context`` of 0 or more, kept runs keep only that many characters
    beside each change (… marks what is left out); by default they are whole.

    Examples
    --------
    >>> from jiceng_xiaofang.revisions import char_diff, render_text
    >>> render_text(char_diff("工作人员不少于5人，其中在编人员不少于2人", "工作人员不少于6人，其中在编人员不少于2人"))
    '工作人员不少于[-5-]{+6+}人，其中在编人员不少于2人'
    >>> render_text(char_diff("工作人员不少于5人，其中在编人员不少于2人", "工作人员不少于6人，其中在编人员不少于2人"), context=3)
    '…不少于[-5-]{+6+}人，其…'
    """
    parts = []
    for i, (op, text) in enumerate(segments):
        if op == "=":
            parts.append(_elide(text, context, first=i == 0, last=i == len(segments) - 1))
        elif op == "-":
            parts.append(f"[-{text}-]")
        else:
            parts.append(f"{{+{text}+}}")
    return "".join(parts)


def render_html(segments: tuple[Segment, ...]) -> str:
    """A diff as escaped HTML: deletions in ``<del>``, insertions in ``<ins>``.

    Examples
    --------
    >>> from jiceng_xiaofang.revisions import char_diff, render_html
    >>> render_html(char_diff("不少于5人", "不少于<6>人"))
    '不少于<del>5</del><ins>&lt;6&gt;</ins>人'
    """
    tags = {"-": "del", "+": "ins"}
    parts = []
    for op, text in segments:
        escaped = html.escape(text)
        parts.append(escaped if op == "=" else f"<{tags[op]}>{escaped}</{tags[op]}>")
    return "".join(parts)
