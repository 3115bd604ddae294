"""Read a policy file (TOML) into a validated :class:`~jiceng_xiaofang.Policy`."""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
import re
from importlib import resources
from typing import TypeVar

from .._toml import Table, parse_toml, read_bytes
from ..errors import PolicyFileError
from ..units import CANONICAL_UNITS
from .model import Body, Clause, Document, Fact, FactValue, ParentDocument, Policy, Section, Task
from .requirements import load_baseline, read_requirements

__all__ = ["BODY_KINDS", "BODY_LEVELS", "FACT_KINDS", "FORMAT_VERSION", "load_policy", "parse_policy"]

FORMAT_VERSION = 1
"""The policy file format this version of the package reads."""

BODY_KINDS = frozenset(
    {
        "government",
        "government_office",
        "committee",
        "committee_office",
        "fire_service",
        "department",
        "party_department",
        "collective",
        "street_office",
        "street_body",
        "police_station",
        "community_body",
        "station",
        "other",
    }
)
"""The kinds a ``[[body]]`` may have."""

BODY_LEVELS = frozenset({"national", "municipal", "district", "street", "community"})
"""The levels of government a ``[[body]]`` may sit at."""

FACT_KINDS = frozenset({"count", "quantity", "date", "period", "text", "names"})
"""The kinds a ``[[fact]]`` may have."""

_T = TypeVar("_T")
_EMBEDDED = "yuzhong-2023.toml"
_CLAUSE_ID = re.compile(r"([1-9][0-9]?)\.([1-9][0-9]?)")
_PERIOD = re.compile(r"P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?")


def load_policy(
    path: str | os.PathLike[str] | None = None, *, baseline: str | os.PathLike[str] | None = "national"
) -> Policy:
    """Load a policy: the embedded Yuzhong 2023 policy, or a file in the same format.

    Parameters
    ----------
    path
        A policy TOML file.  Without it, the embedded default (read once and
        shared: policies are immutable).
    baseline
        The layer of standards under the policy: ``"national"`` (the embedded
        national baseline, the default), a baseline TOML file, or ``None``
        for the policy's own requirements only.

    Returns
    -------
    Policy

    Raises
    ------
    PolicyFileError
        The file is missing, is not TOML, or breaks the format; the message
        names the file and the key path.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> policy = jx.load_policy()
    >>> policy.document.title
    '重庆市渝中区进一步加强基层消防治理的实施意见'
    >>> policy is jx.load_policy()
    True
    """
    if path is None:
        if baseline == "national":
            return _embedded()
        raw = resources.files("jiceng_xiaofang.data").joinpath(_EMBEDDED).read_bytes()
        return parse_policy(raw, source=f"<embedded {_EMBEDDED}>", baseline=baseline)
    raw = read_bytes(path, error=PolicyFileError)
    return parse_policy(raw, source=str(path), baseline=baseline)


@functools.cache
def _embedded() -> Policy:
    raw = resources.files("jiceng_xiaofang.data").joinpath(_EMBEDDED).read_bytes()
    return parse_policy(raw, source=f"<embedded {_EMBEDDED}>")


def parse_policy(
    data: bytes | str, *, source: str = "<string>", baseline: str | os.PathLike[str] | None = "national"
) -> Policy:
    """Parse and validate the text of a policy file.

    Parameters
    ----------
    data
        The TOML text (bytes must be UTF-8).
    source
        A name for the text used in error messages, such as its file name.

    Examples
    --------
    >>> from jiceng_xiaofang.policy import parse_policy
    >>> parse_policy('format = 9', source="new.toml")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.PolicyFileError: new.toml: format: this package reads policy format 1, the file has 9
    """
    return _Builder(parse_toml(data, source=source, error=PolicyFileError), baseline).build()


class _Builder:
    def __init__(self, root: Table, baseline: str | os.PathLike[str] | None) -> None:
        self.root = root
        self.baseline = baseline

    def build(self) -> Policy:
        root = self.root
        version = root.integer("format")
        if version != FORMAT_VERSION:
            root.fail(f"this package reads policy format {FORMAT_VERSION}, the file has {version}", "format")
        document = self._document(_required(root.table("document")))
        bodies = self._bodies(root.tables("body"))
        sections = self._sections(root.tables("section"))
        clauses = self._clauses(root.tables("clause"), sections, bodies, document.id)
        tasks = self._tasks(root.tables("task"), clauses, bodies)
        facts = self._facts(root.tables("fact"), clauses) if root.has("fact") else ()
        fact_index = {f.id: f for f in facts}
        names = frozenset(self.body_names)
        seen: set[str] = set()
        requirements = []
        if root.has("requirement"):
            requirements += read_requirements(
                root.tables("requirement"),
                layer="district",
                clauses=clauses,
                facts=fact_index,
                body_names=names,
                seen=seen,
            )
        if self.baseline is not None:
            requirements += load_baseline(
                self.baseline, clauses=clauses, facts=fact_index, body_names=names, seen=seen
            )
        root.done()
        return Policy(
            document=document,
            sections=tuple(sections.values()),
            clauses=tuple(clauses.values()),
            tasks=tasks,
            facts=facts,
            bodies=tuple(bodies.values()),
            requirements=tuple(requirements),
            source=root.file,
        )

    def _document(self, t: Table) -> Document:
        parent_table = t.table("parent", required=False)
        parent = None
        if parent_table is not None:
            parent = ParentDocument(
                number=parent_table.req_text("number"),
                title=parent_table.req_text("title"),
                issuer=parent_table.req_text("issuer"),
            )
            parent_table.done()
        document = Document(
            id=t.req_text("id"),
            jurisdiction=t.req_text("jurisdiction"),
            title=t.req_text("title"),
            title_en=t.req_text("title_en"),
            notice_title=t.text("notice_title", required=False) or "",
            issuer=t.req_text("issuer"),
            issued=_required(t.date("issued")),
            approved_by=t.text("approved_by", required=False) or "",
            approval_meeting=t.integer("approval_meeting", required=False),
            publication=t.text("publication", required=False) or "",
            public=t.boolean("public"),
            addressees=t.texts("addressees", required=False),
            parent=parent,
            published=t.date("published", required=False),
            published_source=t.text("published_source", required=False),
        )
        if document.approval_meeting is not None and document.approval_meeting < 1:
            t.fail(
                f"expected a meeting number of 1 or more, got {document.approval_meeting}", "approval_meeting"
            )
        if document.published_source is not None and document.published is None:
            t.fail("published_source is given but published (the date) is not", "published_source")
        if document.published is not None and document.published < document.issued:
            t.fail(f"published {document.published} is before issued {document.issued}", "published")
        t.done()
        return document

    def _bodies(self, tables: list[Table]) -> dict[str, Body]:
        bodies: dict[str, Body] = {}
        names: dict[str, str] = {}
        for t in tables:
            body = Body(
                name=t.req_text("name"),
                name_en=t.req_text("name_en"),
                kind=t.choice("kind", sorted(BODY_KINDS)),
                level=t.choice("level", sorted(BODY_LEVELS)),
                aliases=t.texts("aliases", required=False),
                collective_of=t.text("collective_of", required=False),
            )
            for i, name in enumerate((body.name, *body.aliases)):
                key = "name" if i == 0 else f"aliases[{i - 1}]"
                if name in names:
                    t.fail(f"the name {name!r} is already used by the body {names[name]!r}", key)
                names[name] = body.name
            t.done()
            bodies[body.name] = body
        for t, body in zip(tables, bodies.values(), strict=True):
            if body.collective_of is not None and body.collective_of not in bodies:
                t.fail(f"collective_of names no body: {body.collective_of!r}", "collective_of")
            if body.collective_of is not None and body.kind != "collective":
                t.fail(
                    f"only a body of kind 'collective' has collective_of; this one is {body.kind!r}", "kind"
                )
        self.body_names = names
        return bodies

    def _sections(self, tables: list[Table]) -> dict[int, Section]:
        sections: dict[int, Section] = {}
        for i, t in enumerate(tables, start=1):
            number = _required(t.integer("number"))
            if number != i:
                t.fail(
                    f"sections must be numbered 1, 2, 3, ... in order; expected {i}, got {number}", "number"
                )
            sections[number] = Section(
                number=number, title=t.req_text("title"), title_en=t.req_text("title_en")
            )
            t.done()
        return sections

    def _clauses(
        self, tables: list[Table], sections: dict[int, Section], bodies: dict[str, Body], document: str
    ) -> dict[str, Clause]:
        clauses: dict[str, Clause] = {}
        last_item: dict[int, int] = {}
        for t in tables:
            clause_id = t.req_text("id")
            m = _CLAUSE_ID.fullmatch(clause_id)
            if not m:
                t.fail(f"a clause id is section.item such as '3.2', got {clause_id!r}", "id")
            if clause_id in clauses:
                t.fail(f"duplicate clause id {clause_id!r}", "id")
            section, item = int(m.group(1)), int(m.group(2))
            if section not in sections:
                t.fail(
                    f"clause {clause_id} is in section {section}, which the [[section]] list does not have",
                    "id",
                )
            if clauses and section < max(last_item):
                t.fail(
                    f"clauses must be in document order: {clause_id} comes after section {max(last_item)}",
                    "id",
                )
            expected = last_item.get(section, 0) + 1
            if item != expected:
                t.fail(
                    f"clause ids must run in order within a section: expected {section}.{expected}, got {clause_id}",
                    "id",
                )
            last_item[section] = item
            clauses[clause_id] = Clause(
                id=clause_id,
                section=section,
                item=item,
                section_title=sections[section].title,
                title_en=t.req_text("title_en"),
                text=t.req_text("text"),
                summary_en=t.req_text("summary_en"),
                lead=self._units(t, "lead"),
                cooperating=self._units(t, "cooperating"),
                document=document,
            )
            t.done()
        return clauses

    def _units(self, t: Table, name: str) -> tuple[str, ...]:
        units = t.texts(name, required=False)
        for i, unit in enumerate(units):
            if unit not in self.body_names:
                t.fail(
                    f"unknown unit name {unit!r}: every lead or cooperating unit must be a name or alias"
                    " in the [[body]] directory",
                    f"{name}[{i}]",
                )
        return units

    def _tasks(
        self, tables: list[Table], clauses: dict[str, Clause], bodies: dict[str, Body]
    ) -> tuple[Task, ...]:
        tasks: dict[str, Task] = {}
        for number, t in enumerate(tables, start=1):
            clause_id = t.req_text("clause")
            if clause_id not in clauses:
                t.fail(f"the task cites clause {clause_id!r}, which the policy does not have", "clause")
            if clause_id in tasks:
                t.fail(f"clause {clause_id} already has a task (row {tasks[clause_id].number})", "clause")
            tasks[clause_id] = Task(
                number=number,
                clause=clause_id,
                section=t.req_text("section"),
                name=t.req_text("name"),
                content=t.req_text("content"),
                lead=self._units(t, "lead"),
                cooperating=self._units(t, "cooperating"),
            )
            t.done()
        return tuple(tasks.values())

    def _facts(self, tables: list[Table], clauses: dict[str, Clause]) -> tuple[Fact, ...]:
        facts: dict[str, Fact] = {}
        for t in tables:
            fact_id = t.req_text("id")
            if fact_id in facts:
                t.fail(f"duplicate fact id {fact_id!r}", "id")
            clause_id = t.req_text("clause")
            if clause_id not in clauses:
                t.fail(f"the fact cites clause {clause_id!r}, which the policy does not have", "clause")
            quote = t.req_text("quote")
            if not clauses[clause_id].quotes(quote):
                t.fail(f"the quote is not in the text of clause {clause_id}: {quote!r}", "quote")
            kind = t.choice("kind", sorted(FACT_KINDS))
            fact = Fact(
                id=fact_id,
                clause=clause_id,
                kind=kind,
                quote=quote,
                description_en=t.req_text("description_en"),
                value=_fact_value(t, kind),
                unit=_fact_unit(t, kind),
                items=_fact_items(t, kind, quote),
            )
            facts[fact_id] = fact
            t.done()
        return tuple(facts.values())


def _required(value: _T | None) -> _T:
    assert value is not None  # the reader already failed on a missing required key
    return value


def _fact_value(t: Table, kind: str) -> FactValue:
    if kind == "names":
        if t.has("value"):
            t.fail("a 'names' fact lists its items in 'items', not 'value'", "value")
        return None
    value = t.raw("value")
    expected: tuple[type, ...]
    if kind == "count":
        expected, what = (int,), "an integer"
    elif kind == "quantity":
        expected, what = (int, float), "a number"
    elif kind == "date":
        expected, what = (dt.date,), "a date such as 2025-12-31"
    else:
        expected, what = (str,), "a string"
    bad_type = isinstance(value, bool) or not isinstance(value, expected) or isinstance(value, dt.datetime)
    if bad_type:
        t.fail(f"a {kind!r} fact needs {what}, got {value!r}", "value")
    if kind == "period" and not _PERIOD.fullmatch(str(value)):
        t.fail(f"a 'period' is an ISO 8601 duration such as 'P1Y' or 'P3M', got {value!r}", "value")
    if isinstance(value, int | float) and not (math.isfinite(value) and value >= 0):
        t.fail(f"a {kind!r} must be a finite number of 0 or more, got {value!r}", "value")
    return value  # type: ignore[return-value]


def _fact_unit(t: Table, kind: str) -> str | None:
    unit = t.text("unit", required=kind == "quantity")
    if unit is None:
        return None
    if kind != "quantity":
        t.fail(f"only a 'quantity' fact has a unit; this one is {kind!r}", "unit")
    if unit not in CANONICAL_UNITS:
        t.fail(f"unknown unit {unit!r}; expected one of {', '.join(CANONICAL_UNITS)}", "unit")
    return unit


def _fact_items(t: Table, kind: str, quote: str) -> tuple[str, ...]:
    items = t.texts("items", required=kind == "names")
    if kind == "names" and not items:
        t.fail("a 'names' fact needs at least one item", "items")
    if t.has("items") and kind != "names":
        t.fail(f"only a 'names' fact has items; this one is {kind!r}", "items")
    for i, item in enumerate(items):
        if item not in quote:
            t.fail(f"the item {item!r} is not in the fact's quote", f"items[{i}]")
    return items
