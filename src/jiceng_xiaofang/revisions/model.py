"""What a diff of two policies says: :class:`Change` entries in a :class:`PolicyDiff`, as text, JSON and HTML."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from ..errors import XiaofangError
from .chars import Segment, render_html, render_text

__all__ = [
    "CHANGE_KINDS",
    "DIFF_FORMAT_VERSION",
    "DIRECTIONS",
    "ENTITIES",
    "Change",
    "ChangeValue",
    "PolicyDiff",
]

DIFF_FORMAT_VERSION = 1
"""The version of the dictionary :meth:`~jiceng_xiaofang.PolicyDiff.to_dict` returns (its ``format`` key)."""

ENTITIES = {
    "document": "文件 document",
    "section": "部分 sections",
    "clause": "条款 clauses",
    "task": "附件任务 annex tasks",
    "requirement": "标准要求 requirements",
    "fact": "事实 facts",
    "obligation": "职责与期限 duties and deadlines",
    "supervision": "监管分工 supervision",
    "body": "单位 bodies",
    "role": "岗位 posts",
    "required_body": "应设机构 required bodies",
    "responsibility": "责任 responsibility",
    "place": "场所 kinds of place",
    "routing": "吹哨路由 routing",
    "hazards": "隐患闭环 hazard rules",
}
"""What a change is about, in the order :meth:`~jiceng_xiaofang.PolicyDiff.to_text` groups them, with each group's
heading."""

CHANGE_KINDS = {
    "added": "in the new policy only",
    "removed": "in the old policy only",
    "moved": "a clause under another id, with the same or nearly the same text",
    "reworded": "a text (a clause, a section's prose, an annex row, the preamble) changed",
    "retitled": "a title (of a clause, a section or an annex row) changed",
    "tightened": "a requirement asks for more: a narrower range of values or a stronger duty",
    "loosened": "a requirement asks for less: a wider range of values or a weaker duty",
    "changed": "a value changed with no direction to tell",
    "deadline-moved": "a date by which something is due changed (earlier is tightened)",
    "frequency-changed": "how often something recurs changed (more often is tightened)",
    "lead-gained": "a body became a lead body (责任单位) of a clause or an annex row",
    "lead-lost": "a body is no longer a lead body (责任单位) of a clause or an annex row",
    "cooperating-gained": "a body became a cooperating body (配合单位) of a clause or an annex row",
    "cooperating-lost": "a body is no longer a cooperating body (配合单位) of a clause or an annex row",
}
"""The kinds of :class:`~jiceng_xiaofang.Change`, with what each means."""

DIRECTIONS = ("", "tightened", "loosened")
"""Which way a change moves what the policy asks for, stricter, less strict, or no direction to tell."""

ChangeValue = str | int | float | bool | dt.date | tuple[str, ...] | None
"""The old or new value of a :class:`~jiceng_xiaofang.Change`, a number, a date, a text or a tuple of names."""


def _one_of(choices: Iterable[str]) -> Callable[[object, attrs.Attribute[str], str], None]:
    known = tuple(choices)

    def check(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in known:
            raise XiaofangError(
                f"Change.{attribute.name}: expected one of {', '.join(map(repr, known))}, got {value!r}"
            )

    return check


def _plain(value: ChangeValue) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


@attrs.frozen
class Change:
    """One difference between two policies.

    ``entity`` says what changed (a key of :data:`~jiceng_xiaofang.revisions.ENTITIES`) and ``subject``
    which one: a clause id, a requirement or fact id, a body's name, a field of
    the document.  ``kind`` is a key of :data:`~jiceng_xiaofang.revisions.CHANGE_KINDS`; ``field`` the
    attribute that changed (``text``, ``threshold``, ``strength``, ``lead``,
    ``issued``...), empty for an entry added or removed.  ``old_clause`` and
    ``new_clause`` are the ids of the clause the entry sits in or cites on each
    side, ``old_label`` and ``new_label`` their labels as printed.  ``old`` and
    ``new`` are the values; ``direction`` is ``tightened``, ``loosened`` or
    empty; ``segments`` the character diff of a reworded text
    (:func:`~jiceng_xiaofang.revisions.char_diff`).  ``message`` says it all in
    one line.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> change = jx.Change(entity="fact", kind="changed", subject="parks", field="items", message="parks changed")
    >>> change.to_dict()["kind"], str(change)
    ('changed', 'parks changed')
    """

    entity: str = attrs.field(validator=_one_of(ENTITIES))
    """What changed, a key of :data:`~jiceng_xiaofang.revisions.ENTITIES`."""
    kind: str = attrs.field(validator=_one_of(CHANGE_KINDS))
    """How it changed, a key of :data:`~jiceng_xiaofang.revisions.CHANGE_KINDS`."""
    subject: str
    """Which one changed, a clause id, a requirement or fact id, a body's name or a field of the document."""
    message: str
    """The change in one line of English."""
    field: str = ""
    """The attribute that changed (``text``, ``threshold``, ``strength``, ``lead``, ``issued``...); ``""`` for an entry added or removed."""
    old: ChangeValue = None
    """The old value; ``None`` for an entry added or a value not given."""
    new: ChangeValue = None
    """The new value; ``None`` for an entry removed or a value not given."""
    old_clause: str | None = None
    """The id of the clause the entry sits in or cites in the old policy; ``None`` when none."""
    new_clause: str | None = None
    """The id of that clause in the new policy; ``None`` when none."""
    old_label: str = ""
    """The old clause's label as printed; ``""`` when none."""
    new_label: str = ""
    """The new clause's label as printed; ``""`` when none."""
    direction: str = attrs.field(default="", validator=_one_of(DIRECTIONS))
    """``tightened``, ``loosened`` or ``""`` (no direction to tell), one of :data:`~jiceng_xiaofang.revisions.DIRECTIONS`."""
    unit: str | None = None
    """For a requirement, the canonical unit of its values; ``None`` for other changes or a value without a unit."""
    segments: tuple[Segment, ...] = ()
    """For a reworded text, its character diff (:func:`~jiceng_xiaofang.revisions.char_diff`); empty otherwise."""

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        """The change as a JSON-ready dictionary: every attribute, dates as ISO text, tuples as lists."""
        return {
            "entity": self.entity,
            "kind": self.kind,
            "subject": self.subject,
            "field": self.field,
            "old": _plain(self.old),
            "new": _plain(self.new),
            "old_clause": self.old_clause,
            "new_clause": self.new_clause,
            "old_label": self.old_label,
            "new_label": self.new_label,
            "direction": self.direction,
            "unit": self.unit,
            "segments": [list(s) for s in self.segments],
            "message": self.message,
        }


_STYLE = (
    "<style>.jx-diff del{background:#fdd;text-decoration:line-through}.jx-diff ins{background:#dfd;"
    "text-decoration:none}.jx-diff td{vertical-align:top;text-align:left}</style>"
)


@attrs.frozen
class PolicyDiff:
    """The differences between an old and a new policy, grouped by what they are about.

    Build one with :func:`jiceng_xiaofang.diff`.  A diff is true when it has
    changes; iterate over it for the :class:`Change` entries, in the order of
    :data:`~jiceng_xiaofang.revisions.ENTITIES` and then of the document.  ``notes`` say what to keep in
    mind when reading it (a partial file, two different documents).

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> policy = jx.load_policy()
    >>> d = jx.diff(policy, policy)
    >>> bool(d), len(d)
    (False, 0)
    >>> print(d.to_text())
    diff yuzhong-2023 -> yuzhong-2023: no changes
    """

    old_document: str
    """The id of the old policy's document."""
    new_document: str
    """The id of the new policy's document."""
    old_source: str
    """The file the old policy was read from, or ``<memory>``."""
    new_source: str
    """The file the new policy was read from, or ``<memory>``."""
    changes: tuple[Change, ...]
    """Every change, in the order of :data:`~jiceng_xiaofang.revisions.ENTITIES` and then of the document; empty when none."""
    notes: tuple[str, ...] = ()
    """What to keep in mind when reading it (a partial file, two different documents); empty when nothing."""

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def select(
        self,
        *,
        entity: str | None = None,
        kind: str | None = None,
        direction: str | None = None,
        clause: str | None = None,
    ) -> tuple[Change, ...]:
        """The changes of an entity, a kind, a direction and/or a clause (by id, on either side).

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.diff(jx.load_policy(), jx.load_policy()).select(kind="tightened")
        ()
        """
        for name, value, known in (
            ("entity", entity, ENTITIES),
            ("kind", kind, CHANGE_KINDS),
            ("direction", direction, DIRECTIONS),
        ):
            if value is not None and value not in known:
                raise XiaofangError(
                    f"select: {name}: expected one of {', '.join(known) or repr('')}, got {value!r}"
                )
        return tuple(
            c
            for c in self.changes
            if (entity is None or c.entity == entity)
            and (kind is None or c.kind == kind)
            and (direction is None or c.direction == direction)
            and (clause is None or clause in (c.old_clause, c.new_clause))
        )

    def counts(self) -> dict[str, int]:
        """How many changes of each kind, in the order of :data:`~jiceng_xiaofang.revisions.CHANGE_KINDS` (kinds with none left out)."""
        found = Counter(c.kind for c in self.changes)
        return {kind: found[kind] for kind in CHANGE_KINDS if found[kind]}

    def _title(self) -> str:
        return f"diff {self.old_document} -> {self.new_document}"

    def to_text(self, *, context: int = 20) -> str:
        """The diff as readable text, grouped by what changed, each change on one line.

        A reworded text is shown on the next line as a character diff
        (``[-删-]{+增+}``), each kept run cut to ``context`` characters beside
        the changes (-1 keeps it whole).
        """
        if not self.changes:
            return "\n".join([f"{self._title()}: no changes", *(f"note: {n}" for n in self.notes)])
        counts = ", ".join(f"{n} {kind}" for kind, n in self.counts().items())
        lines = [f"{self._title()}: {len(self.changes)} change(s) ({counts})"]
        lines += [f"note: {n}" for n in self.notes]
        for entity, heading in ENTITIES.items():
            group = [c for c in self.changes if c.entity == entity]
            if not group:
                continue
            lines.append(heading)
            for change in group:
                lines.append(f"  {change.message}")
                if change.segments:
                    lines.append(f"      {render_text(change.segments, context=context)}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The diff as a JSON-ready dictionary with stable keys.

        ``{"format": 1, "old": {"document", "source"}, "new": {...}, "notes":
        [...], "counts": {kind: n}, "changes": [...]}``; each change is
        :meth:`~jiceng_xiaofang.Change.to_dict`.  Dates are ISO text.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> sorted(jx.diff(jx.load_policy(), jx.load_policy()).to_dict())
        ['changes', 'counts', 'format', 'new', 'notes', 'old']
        """
        return {
            "format": DIFF_FORMAT_VERSION,
            "old": {"document": self.old_document, "source": self.old_source},
            "new": {"document": self.new_document, "source": self.new_source},
            "notes": list(self.notes),
            "counts": self.counts(),
            "changes": [c.to_dict() for c in self.changes],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (Chinese kept as is, not escaped)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_html(self, *, standalone: bool = False) -> str:
        """The diff as an HTML table (every text escaped), reworded text marked with ``<del>`` and ``<ins>``.

        ``standalone`` wraps it in a whole page with its encoding.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> "no changes" in jx.diff(jx.load_policy(), jx.load_policy()).to_html()
        True
        """
        e = html.escape
        head = f"<p><b>{e(self._title())}</b>: "
        if not self.changes:
            body = head + "no changes</p>"
        else:
            counts = ", ".join(f"{n} {kind}" for kind, n in self.counts().items())
            rows = []
            for change in self.changes:
                clause = " → ".join(
                    dict.fromkeys(
                        f"{label} {cid}".strip()
                        for cid, label in (
                            (change.old_clause, change.old_label),
                            (change.new_clause, change.new_label),
                        )
                        if cid
                    )
                )
                detail = e(change.message)
                if change.segments:
                    detail += f"<br>{render_html(change.segments)}"
                rows.append(
                    f"<tr><td>{e(ENTITIES[change.entity])}</td><td>{e(clause)}</td><td>{e(change.subject)}</td>"
                    f"<td>{e(change.kind)}</td><td>{detail}</td></tr>"
                )
            body = (
                f"{head}{len(self.changes)} change(s) ({e(counts)})</p>"
                "<table><thead><tr><th>what</th><th>clause</th><th>subject</th><th>kind</th><th>change</th></tr>"
                f"</thead><tbody>{''.join(rows)}</tbody></table>"
            )
        notes = "".join(f"<p><i>note: {e(n)}</i></p>" for n in self.notes)
        fragment = f'{_STYLE}<div class="jx-diff">{body}{notes}</div>'
        if not standalone:
            return fragment
        return (
            f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{e(self._title())}</title></head>'
            f"<body>{fragment}</body></html>\n"
        )

    def _repr_html_(self) -> str:
        return self.to_html()
