"""What a comparison of districts says: a :class:`Comparison` table of rows, one cell per policy.

Built by :func:`~jiceng_xiaofang.compare`; this module holds the values and
their outputs (text, JSON, pandas, HTML).  Nothing here decides what is
stricter: the rows come with their verdicts.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .._extras import require_extra
from .._text import table
from ..errors import XiaofangError

if TYPE_CHECKING:
    import pandas

__all__ = [
    "CELL_STATUSES",
    "COMPARISON_FORMAT_VERSION",
    "ROW_KINDS",
    "Cell",
    "CellValue",
    "Comparison",
    "ComparisonColumn",
    "ComparisonRow",
]

COMPARISON_FORMAT_VERSION = 1
"""The version of the dictionary :meth:`~jiceng_xiaofang.Comparison.to_dict` returns (its ``format`` key)."""

ROW_KINDS = {
    "requirement": "标准要求 requirements",
    "supervision": "监管分工 supervision",
    "duty": "职责频次 duties",
    "deadline": "期限 deadlines",
}
"""What a row compares, in the order :meth:`~jiceng_xiaofang.Comparison.to_text` groups them, with each
group's heading."""

CELL_STATUSES = {
    "stated": "the policy sets a value in force on the day",
    "not stated": "the policy does not set it (never a pass, never zero)",
    "not in force": "the policy sets values, none of them in force on the day",
}
"""What a :class:`~jiceng_xiaofang.revisions.Cell` may say, with what each means."""

_NOT_STATED = "not stated"


def _check_choice(known: Mapping[str, str]) -> Any:
    def check(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in known:
            raise XiaofangError(
                f"{attribute.name}: expected one of {', '.join(map(repr, known))}, got {value!r}"
            )

    return check


@attrs.frozen
class CellValue:
    """One value a policy (or a lower layer) states for a row, with where it comes from.

    ``text`` is the value as compared, with its unit (``>= 6 person``,
    ``P1Y 每年``, ``2025-12-31``); ``strength`` how binding it is;
    ``entry`` the id of what states it (a requirement, an obligation, a
    supervision category, a fact).  ``document`` is the id of the policy
    document it cites (or an amendment's citation, or a standard),
    ``clause`` and ``label`` the clause's id and printed label, ``quote`` its
    words.  ``layer`` is ``district``, ``municipal`` or ``national``;
    ``period`` when the value is in force (empty: always); ``detail`` what
    else the reader needs (who inspects, which targets).

    Examples
    --------
    >>> from jiceng_xiaofang.revisions import CellValue
    >>> v = CellValue(text=">= 6 person", entry="micro_fire_station.members", document="yuzhong-2023",
    ...               clause="1.2", label="一（二）", quote="成员由6名以上")
    >>> v.citation
    'yuzhong-2023 一（二）'
    """

    text: str
    """The value as compared, with its unit (``>= 6 person``, ``P1Y 每年``, ``2025-12-31``)."""
    entry: str
    """The id of what states it (a requirement, an obligation, a supervision category, a fact)."""
    document: str
    """The id of the policy document it cites, or an amendment's citation, or a standard."""
    strength: str = "required"
    """How binding it is, such as ``required`` or ``advisory``."""
    clause: str | None = None
    """The id of the clause it cites; ``None`` for a value that cites no clause (a standard)."""
    label: str = ""
    """The clause's label as printed, such as ``一（二）``; ``""`` without a clause."""
    quote: str | None = None
    """The clause's words; ``None`` when not given."""
    layer: str = "district"
    """``district``, ``municipal`` or ``national``."""
    period: str = ""
    """When the value is in force, such as ``from 2023-06-01``; ``""`` for always."""
    detail: str = ""
    """What else the reader needs (who inspects, which targets); ``""`` when nothing."""

    @property
    def citation(self) -> str:
        """The document and the clause's label (``yuzhong-2023 一（二）``), or the document alone."""
        return f"{self.document} {self.label}".strip() if self.clause is not None else self.document

    def short(self) -> str:
        """The value with its strength when not required, its period when dated, and its clause's label."""
        text = self.text
        if self.strength != "required":
            text += f" ({self.strength})"
        if self.period:
            text += f" [{self.period}]"
        return f"{text} {self.label}".strip() if self.clause is not None else text

    def to_dict(self) -> dict[str, Any]:
        """Every attribute, by name."""
        return attrs.asdict(self)


@attrs.frozen
class Cell:
    """What one policy says for one row: its values, or that it does not state it.

    ``status`` is a key of :data:`~jiceng_xiaofang.revisions.CELL_STATUSES`.
    ``stricter`` marks the cell that asks the most of the row (none when the
    values are equal, or when no value is stricter than every other);
    ``below_floor`` a value weaker than a lower layer's (the floor still
    applies).  ``note`` says more (why not in force, which floor value).

    Examples
    --------
    >>> from jiceng_xiaofang.revisions import Cell
    >>> Cell(column="重庆市綦江区").text
    'not stated'
    """

    column: str
    """The name of the policy's column, such as ``重庆市綦江区``."""
    status: str = attrs.field(default=_NOT_STATED, validator=_check_choice(CELL_STATUSES))
    """A key of :data:`~jiceng_xiaofang.revisions.CELL_STATUSES`."""
    values: tuple[CellValue, ...] = ()
    """The values the policy states for the row, in force on the day; empty when it states none."""
    stricter: bool = False
    """Whether this cell asks the most of the row (``False`` for every cell when the values are equal or none is stricter than every other)."""
    below_floor: bool = False
    """Whether a value is weaker than a lower layer's (the floor still applies)."""
    note: str = ""
    """What else to say (why not in force, which floor value); ``""`` when nothing."""

    @property
    def stated(self) -> bool:
        """Whether the policy sets a value in force on the day."""
        return self.status == "stated"

    @property
    def text(self) -> str:
        """The values (``;`` between several), or ``not stated`` / ``not in force``."""
        if not self.stated:
            return self.status
        return "; ".join(
            v.text + ("" if v.strength == "required" else f" ({v.strength})") for v in self.values
        )

    def short(self) -> str:
        """The cell as the text table shows it: values with their labels, ``*`` if stricter, ``!`` if below the floor."""
        if not self.stated:
            return self.status
        marks = ("*" if self.stricter else "") + ("!" if self.below_floor else "")
        return "; ".join(v.short() for v in self.values) + (f" {marks}" if marks else "")

    def to_dict(self) -> dict[str, Any]:
        """Every attribute, the values as :meth:`~jiceng_xiaofang.revisions.CellValue.to_dict`."""
        return {
            "column": self.column,
            "status": self.status,
            "values": [v.to_dict() for v in self.values],
            "stricter": self.stricter,
            "below_floor": self.below_floor,
            "note": self.note,
        }


@attrs.frozen
class ComparisonRow:
    """One kind of duty or threshold, across the policies compared.

    ``kind`` is a key of :data:`~jiceng_xiaofang.revisions.ROW_KINDS`; ``key``
    what matches it across policies (for a requirement its subject, field,
    direction and condition); ``name_zh`` and ``name_en`` name it as the
    first policy that states it does.  ``floor`` holds the values of the
    lower layers (national, municipal) in force on the day.  ``cells`` has
    one :class:`Cell` per policy, in the order of the columns.  ``verdict``
    says in words what the row shows.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> row = jx.compare([jx.load_policy()]).row("micro_fire_station.members >=")
    >>> row.kind, row.cells[0].text, row.disagree, row.verdict
    ('requirement', '>= 6 person', False, 'only 重庆市渝中区 states it')
    """

    kind: str = attrs.field(validator=_check_choice(ROW_KINDS))
    """A key of :data:`~jiceng_xiaofang.revisions.ROW_KINDS`."""
    key: str
    """What matches the row across policies, such as ``micro_fire_station.members >=`` (for a requirement its subject, field, direction and condition)."""
    name_zh: str
    """The row's Chinese name, as the first policy that states it gives it."""
    name_en: str
    """The row's English name, likewise."""
    cells: tuple[Cell, ...]
    """One cell per policy, in the order of the columns."""
    floor: tuple[CellValue, ...] = ()
    """The values of the lower layers (national, municipal) in force on the day; empty when none."""
    disagree: bool = False
    """Whether two or more policies state it and their values are not equivalent."""
    verdict: str = ""
    """What the row shows, in words, such as ``only 重庆市渝中区 states it``."""

    @property
    def stricter(self) -> tuple[str, ...]:
        """The columns marked stricter (none when equal, or when none is stricter than every other)."""
        return tuple(c.column for c in self.cells if c.stricter)

    @property
    def below_floor(self) -> tuple[str, ...]:
        """The columns with a value weaker than the floor."""
        return tuple(c.column for c in self.cells if c.below_floor)

    @property
    def unstated(self) -> tuple[str, ...]:
        """The columns that do not state the row (or state no value in force on the day)."""
        return tuple(c.column for c in self.cells if not c.stated)

    def cell(self, column: str) -> Cell:
        """The cell of a column (a policy's name in the comparison)."""
        for cell in self.cells:
            if cell.column == column:
                return cell
        raise XiaofangError(
            f"column: expected one of {', '.join(repr(c.column) for c in self.cells)}, got {column!r}"
        )

    def floor_text(self) -> str:
        """The floor's values with their layers, such as ``>= 5 person [national]``; ``-`` without one."""
        if not self.floor:
            return "-"
        return "; ".join(
            f"{v.text}{'' if v.strength == 'required' else f' ({v.strength})'} [{v.layer}]"
            for v in self.floor
        )

    def to_dict(self) -> dict[str, Any]:
        """The row with stable keys: kind, key, names, floor, cells, and what they show."""
        return {
            "kind": self.kind,
            "key": self.key,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "floor": [v.to_dict() for v in self.floor],
            "cells": [c.to_dict() for c in self.cells],
            "stricter": list(self.stricter),
            "disagree": self.disagree,
            "below_floor": list(self.below_floor),
            "verdict": self.verdict,
        }


@attrs.frozen
class ComparisonColumn:
    """A policy compared: its name in the table, its document's id and its file.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> jx.compare([jx.load_policy()]).columns[0].document
    'yuzhong-2023'
    """

    name: str
    """The policy's name in the table, its jurisdiction (or document id) unless given, made distinct."""
    document: str
    """The id of its document, such as ``yuzhong-2023``."""
    source: str
    """The file it was read from, or ``<memory>``."""

    def to_dict(self) -> dict[str, str]:
        """Every attribute, by name."""
        return attrs.asdict(self)


_STYLE = (
    "<style>.jx-compare td,.jx-compare th{vertical-align:top;text-align:left}"
    ".jx-compare .stricter{font-weight:bold;background:#efe}.jx-compare .floor{background:#fdd}"
    ".jx-compare .unstated{color:#888}</style>"
)


@attrs.frozen
class Comparison:
    """Policies side by side: one row per kind of duty or threshold, one column per policy.

    Build one with :func:`jiceng_xiaofang.compare`.  Iterate over it for the
    :class:`~jiceng_xiaofang.revisions.ComparisonRow` rows, grouped as
    :data:`~jiceng_xiaofang.revisions.ROW_KINDS`; ``notes`` say what to keep
    in mind when reading it (a partial file, duties that could not be read).

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> table = jx.compare([jx.load_policy(), jx.load_policy()], names=["a", "b"])
    >>> table.names, len(table.disagreements())
    (('a', 'b'), 0)
    >>> table.row("micro_fire_station.members >=").verdict
    'equal: neither is stricter'
    >>> table.select(kind="supervision")
    <Comparison a | b on ...: 3 row(s), 0 differ, 0 below the floor>
    """

    on: dt.date
    """The day the values in force are taken from."""
    columns: tuple[ComparisonColumn, ...]
    """The policies compared, in order."""
    rows: tuple[ComparisonRow, ...]
    """One row per kind of duty or threshold, grouped as :data:`~jiceng_xiaofang.revisions.ROW_KINDS`."""
    notes: tuple[str, ...] = ()
    """What to keep in mind when reading it (a partial file, duties that could not be read); empty when nothing."""

    def __iter__(self) -> Iterator[ComparisonRow]:
        return iter(self.rows)

    def __repr__(self) -> str:
        return f"<Comparison {self.summary().removeprefix('compare ')}>"

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def names(self) -> tuple[str, ...]:
        """The columns' names, in order."""
        return tuple(c.name for c in self.columns)

    def row(self, key: str) -> ComparisonRow:
        """The row with this key, such as ``"micro_fire_station.members >="`` or ``"supervision street"``.

        Raises :class:`~jiceng_xiaofang.NotFoundError` naming the closest keys.
        """
        for row in self.rows:
            if row.key == key:
                return row
        from ..errors import NotFoundError

        raise NotFoundError.for_name("row", key, [r.key for r in self.rows], where="the comparison")

    def select(
        self, *, kind: str | None = None, disagree: bool | None = None, stated: bool | None = None
    ) -> Comparison:
        """The same comparison with only the rows of a kind, that disagree (or agree), that a policy states (or none).

        ``stated=False`` keeps the rows only the floor sets.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> [r.key for r in jx.compare([jx.load_policy()]).select(kind="supervision")]
        ['supervision key_unit', 'supervision police_listed', 'supervision street']
        >>> len(jx.compare([jx.load_policy()]).select(disagree=True))
        0
        """
        if kind is not None and kind not in ROW_KINDS:
            raise XiaofangError(f"select: kind: expected one of {', '.join(ROW_KINDS)}, got {kind!r}")
        rows = tuple(
            r
            for r in self.rows
            if (kind is None or r.kind == kind)
            and (disagree is None or r.disagree == disagree)
            and (stated is None or any(c.stated for c in r.cells) == stated)
        )
        return attrs.evolve(self, rows=rows)

    def disagreements(self) -> tuple[ComparisonRow, ...]:
        """The rows where the policies that state them state different values."""
        return tuple(r for r in self.rows if r.disagree)

    def below_floor(self) -> tuple[ComparisonRow, ...]:
        """The rows where a policy states a value weaker than the floor."""
        return tuple(r for r in self.rows if r.below_floor)

    def _title(self) -> str:
        return f"compare {' | '.join(self.names)} on {self.on.isoformat()}"

    def summary(self) -> str:
        """One line: how many rows, how many differ, how many fall below the floor."""
        return (
            f"{self._title()}: {len(self.rows)} row(s), {len(self.disagreements())} differ,"
            f" {len(self.below_floor())} below the floor"
        )

    def to_text(self, *, quotes: bool = False) -> str:
        """The comparison as a table that lines up in a terminal (Chinese counts two columns).

        Each cell shows its value with its unit and its clause's label;
        ``*`` marks the stricter value, ``!`` a value weaker than the floor.
        ``quotes`` adds, under each row, each value's citation and quoted words.
        """
        header = ["", "floor", *self.names, "verdict"]
        body: list[list[str]] = []
        extra: dict[int, list[str]] = {}
        for kind, heading in ROW_KINDS.items():
            group = [r for r in self.rows if r.kind == kind]
            if not group:
                continue
            body.append([heading, *([""] * (len(header) - 1))])
            for row in group:
                body.append([f"  {row.key}", row.floor_text(), *(c.short() for c in row.cells), row.verdict])
                if quotes:
                    extra[len(body)] = [
                        f"      {c.column}: {v.citation}" + (f" “{v.quote}”" if v.quote else "")
                        for c in row.cells
                        for v in c.values
                    ]
        lines = table(header, body)
        out = [self.summary(), *(f"note: {n}" for n in self.notes), lines[0]]
        for i, line in enumerate(lines[1:], start=1):
            out.append(line)
            out += extra.get(i, [])
        out.append("* stricter   ! weaker than the floor (the floor applies)")
        return "\n".join(out)

    def to_dict(self) -> dict[str, Any]:
        """The comparison as a JSON-ready dictionary with stable keys.

        ``{"format": 1, "on": "2025-01-01", "columns": [{"name", "document",
        "source"}], "notes": [...], "rows": [...]}``; each row is
        :meth:`~jiceng_xiaofang.revisions.ComparisonRow.to_dict`.  :meth:`from_dict` reads it back.
        """
        return {
            "format": COMPARISON_FORMAT_VERSION,
            "on": self.on.isoformat(),
            "columns": [c.to_dict() for c in self.columns],
            "notes": list(self.notes),
            "rows": [r.to_dict() for r in self.rows],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (Chinese kept as is, not escaped)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Comparison:
        """Read back what :meth:`to_dict` wrote (or :meth:`to_json`, through :func:`json.loads`).

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> table = jx.compare([jx.load_policy()])
        >>> jx.Comparison.from_dict(table.to_dict()) == table
        True
        """
        try:
            if data["format"] != COMPARISON_FORMAT_VERSION:
                raise XiaofangError(
                    f"format: this package reads comparison format {COMPARISON_FORMAT_VERSION},"
                    f" got {data['format']!r}"
                )
            rows = []
            for r in data["rows"]:
                cells = tuple(
                    Cell(
                        column=c["column"],
                        status=c["status"],
                        values=tuple(CellValue(**v) for v in c["values"]),
                        stricter=c["stricter"],
                        below_floor=c["below_floor"],
                        note=c["note"],
                    )
                    for c in r["cells"]
                )
                rows.append(
                    ComparisonRow(
                        kind=r["kind"],
                        key=r["key"],
                        name_zh=r["name_zh"],
                        name_en=r["name_en"],
                        cells=cells,
                        floor=tuple(CellValue(**v) for v in r["floor"]),
                        disagree=r["disagree"],
                        verdict=r["verdict"],
                    )
                )
            return cls(
                on=dt.date.fromisoformat(data["on"]),
                columns=tuple(ComparisonColumn(**c) for c in data["columns"]),
                rows=tuple(rows),
                notes=tuple(data["notes"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, XiaofangError):
                raise
            raise XiaofangError(f"expected a comparison as Comparison.to_dict() writes it: {exc!r}") from None

    def to_frame(self) -> pandas.DataFrame:
        """The comparison as a :class:`pandas.DataFrame` (needs pandas): one row per row, one column per policy.

        The columns are ``kind``, ``key``, ``name_zh``, ``floor``, one per
        policy (each cell as :meth:`~jiceng_xiaofang.revisions.Cell.short` shows it), ``stricter`` (the
        names, joined by ``、``), ``disagree`` and ``verdict``.
        """
        require_extra("pandas", "to_frame")
        import pandas

        records = []
        for row in self.rows:
            record: dict[str, Any] = {
                "kind": row.kind,
                "key": row.key,
                "name_zh": row.name_zh,
                "floor": row.floor_text(),
            }
            for cell in row.cells:
                record[cell.column] = cell.short()
            record.update(stricter="、".join(row.stricter), disagree=row.disagree, verdict=row.verdict)
            records.append(record)
        columns = ["kind", "key", "name_zh", "floor", *self.names, "stricter", "disagree", "verdict"]
        return pandas.DataFrame.from_records(records, columns=columns)

    def to_html(self) -> str:
        """The comparison as an HTML table, every text escaped; stricter cells bold, values under the floor red."""
        e = html.escape
        head = "".join(f"<th>{e(h)}</th>" for h in ("", "floor", *self.names, "verdict"))
        rows = []
        for kind, heading in ROW_KINDS.items():
            group = [r for r in self.rows if r.kind == kind]
            if not group:
                continue
            rows.append(f'<tr><th colspan="{len(self.names) + 3}">{e(heading)}</th></tr>')
            for row in group:
                cells = []
                for cell in row.cells:
                    classes = " ".join(
                        name
                        for name, on in (
                            ("stricter", cell.stricter),
                            ("floor", cell.below_floor),
                            ("unstated", not cell.stated),
                        )
                        if on
                    )
                    if cell.stated:
                        inner = "<br>".join(
                            f"{e(v.text)}{'' if v.strength == 'required' else f' ({e(v.strength)})'}"
                            f"{f' [{e(v.period)}]' if v.period else ''}"
                            f"<br><small>{e(v.citation)}{f' “{e(v.quote)}”' if v.quote else ''}</small>"
                            for v in cell.values
                        )
                    else:
                        inner = e(cell.status)
                    if cell.note:
                        inner += f"<br><small><i>{e(cell.note)}</i></small>"
                    cells.append(f'<td class="{classes}">{inner}</td>' if classes else f"<td>{inner}</td>")
                rows.append(
                    f"<tr><td>{e(row.key)}<br><small>{e(row.name_zh)}</small></td><td>{e(row.floor_text())}</td>"
                    f"{''.join(cells)}<td>{e(row.verdict)}</td></tr>"
                )
        notes = "".join(f"<p><i>note: {e(n)}</i></p>" for n in self.notes)
        return (
            f'{_STYLE}<div class="jx-compare"><p><b>{e(self.summary())}</b></p>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{notes}</div>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()
