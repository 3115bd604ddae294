"""Read a policy (a TOML file and the files it includes) into a validated :class:`~jiceng_xiaofang.Policy`."""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TypeVar

from .._toml import Table, parse_toml, read_bytes
from ..errors import PolicyFileError, XiaofangError
from ..units import CANONICAL_UNITS
from ..vocabulary.citations import ClauseId
from ..vocabulary.numbering import DEFAULT_NUMBERING, Numbering
from ._cite import Context
from .authority_rules import AuthorityRules, read_authority_rules
from .hazard_rules import HazardRules, read_hazard_rules
from .ledger_rules import LedgerRules, read_ledger_rules
from .model import (
    DOCUMENT_KINDS,
    Body,
    Clause,
    Document,
    Fact,
    FactValue,
    ParentDocument,
    Policy,
    Section,
    Task,
)
from .organisation import read_organisation
from .places import Routing, read_places, read_routing
from .requirements import Baseline, load_baselines, read_requirements

__all__ = [
    "BODY_KINDS",
    "BODY_LEVELS",
    "FACT_KINDS",
    "FORMAT_VERSION",
    "INCLUDABLE",
    "load_policy",
    "parse_policy",
]

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
        "town_government",
        "township_government",
        "park_committee",
        "street_body",
        "police_station",
        "community_body",
        "residents_committee",
        "village_committee",
        "station",
        "other",
    }
)
"""The kinds a ``[[body]]`` may have."""

BODY_LEVELS = frozenset(
    {"national", "municipal", "district", "street", "town", "township", "park", "community", "village"}
)
"""The levels of government a ``[[body]]`` may sit at.

``street``, ``town`` (镇), ``township`` (乡) and ``park`` (an industrial park's
management committee, 园区管委会) are the levels under the district;
``community`` (a residents' committee, 居委会) and ``village`` (a village
committee, 村委会) the self-governing level under them.
"""

FACT_KINDS = frozenset({"count", "quantity", "date", "period", "text", "names"})
"""The kinds a ``[[fact]]`` may have."""

INCLUDABLE = (
    "task",
    "fact",
    "body",
    "requirement",
    "role",
    "required_body",
    "responsibility",
    "supervision",
    "place",
    "routing",
    "hazards",
    "ledger",
    "authority",
)
"""The tables an included file may hold (a policy's document, sections and clauses stay in its main file)."""

_T = TypeVar("_T")
_EMBEDDED = "yuzhong-2023.toml"
_PERIOD = re.compile(r"P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?")
_INCLUDE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}\.toml")
_TASK_ID = re.compile(r"[^\s]{1,40}")
_DOCUMENT_NUMBER = re.compile(r".{1,40}〔[0-9]{4}〕[0-9]{1,5}号")
_MAX_INCLUDES = 20

Reader = Callable[[str], tuple[bytes, str]]
"""Reads an included file by its name: (bytes, the name errors should show)."""


def load_policy(path: str | os.PathLike[str] | None = None, *, baseline: Baseline = "national") -> Policy:
    """Load a policy: the embedded Yuzhong 2023 policy, or a district's policy file in the same format.

    A policy file may list other files in ``include`` (beside it, by name):
    its facts, bodies, annex tasks and requirements may live there.

    Parameters
    ----------
    path
        A policy TOML file.  Without it, the embedded default (read once and
        shared: policies are immutable).
    baseline
        The layers of standards under the policy: ``"national"`` (the embedded
        national baseline, the default), a baseline TOML file, several from
        the floor up (``("national", "municipal.toml")``), or ``None`` for
        the policy's own requirements only.

    Returns
    -------
    Policy

    Raises
    ------
    PolicyFileError
        The file is missing, is not TOML, or breaks the format; the message
        names the file, the line and the key path.

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
        return _parse(_package_file(_EMBEDDED), f"<embedded {_EMBEDDED}>", baseline, _package_reader)
    raw = read_bytes(path, error=PolicyFileError)
    return _parse(raw, str(path), baseline, _folder_reader(Path(path).parent))


def _package_file(name: str) -> bytes:
    return resources.files("jiceng_xiaofang.data").joinpath(name).read_bytes()


def _package_reader(name: str) -> tuple[bytes, str]:
    try:
        return _package_file(name), f"<embedded {name}>"
    except OSError as exc:
        raise PolicyFileError(f"cannot read the file ({exc})", file=f"<embedded {name}>") from None


def _folder_reader(folder: Path) -> Reader:
    def read(name: str) -> tuple[bytes, str]:
        path = folder / name
        return read_bytes(path, error=PolicyFileError), str(path)

    return read


@functools.cache
def _embedded() -> Policy:
    return _parse(_package_file(_EMBEDDED), f"<embedded {_EMBEDDED}>", "national", _package_reader)


def parse_policy(
    data: bytes | str,
    *,
    source: str = "<string>",
    baseline: Baseline = "national",
    base: str | os.PathLike[str] | None = None,
) -> Policy:
    """Parse and validate the text of a policy file.

    Parameters
    ----------
    data
        The TOML text (bytes must be UTF-8).
    source
        A name for the text used in error messages, such as its file name.
    baseline
        As for :func:`load_policy`.
    base
        The folder of the files the text includes; without it a text that
        includes files is refused (or load it from its file).

    Examples
    --------
    >>> from jiceng_xiaofang.policy import parse_policy
    >>> parse_policy('format = 9', source="new.toml")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.PolicyFileError: new.toml:1: format: this package reads policy format 1, the file has 9
    """
    return _parse(data, source, baseline, None if base is None else _folder_reader(Path(base)))


def _parse(data: bytes | str, source: str, baseline: Baseline, reader: Reader | None) -> Policy:
    root = parse_toml(data, source=source, error=PolicyFileError)
    return _Builder(root, baseline, reader).build()


def _includes(root: Table, reader: Reader | None) -> list[Table]:
    names = root.texts("include", required=False)
    if len(names) > _MAX_INCLUDES:
        root.fail(f"at most {_MAX_INCLUDES} included files, got {len(names)}", "include")
    found = []
    seen: set[str] = set()
    for i, name in enumerate(names):
        key = f"include[{i}]"
        if not _INCLUDE_NAME.fullmatch(name) or ".." in name:
            root.fail(
                f"an included file is a .toml file beside this one, named without a folder; got {name!r}", key
            )
        if name in seen:
            root.fail(f"{name!r} is included twice", key)
        seen.add(name)
        if reader is None:
            root.fail(
                "this text includes files: give parse_policy their folder (base=) or load it from its file",
                key,
            )
        raw, shown = reader(name)
        part = parse_toml(raw, source=shown, error=PolicyFileError)
        if part.has("include"):
            part.fail("an included file cannot include others", "include")
        version = part.integer("format")
        if version != FORMAT_VERSION:
            part.fail(f"this package reads policy format {FORMAT_VERSION}, the file has {version}", "format")
        part.text("about", required=False)
        found.append(part)
    return found


class _Builder:
    def __init__(self, root: Table, baseline: Baseline, reader: Reader | None) -> None:
        self.root = root
        self.baseline = baseline
        self.reader = reader

    def _tables(self, name: str) -> list[Table]:
        """The [[name]] tables of the main file, then of each included file, in order."""
        found = self.root.tables(name) if self.root.has(name) else []
        for part in self.parts:
            if part.has(name):
                found += part.tables(name)
        return found

    def _single(self, name: str) -> Table | None:
        """The one [name] table of the main file or an included file."""
        found = [(f, f.table(name)) for f in (self.root, *self.parts) if f.has(name)]
        if len(found) > 1:
            found[1][0].fail(f"[{name}] is already in {found[0][0].file}", name)
        return found[0][1] if found else None

    def build(self) -> Policy:
        root = self.root
        version = root.integer("format")
        if version != FORMAT_VERSION:
            root.fail(f"this package reads policy format {FORMAT_VERSION}, the file has {version}", "format")
        root.text("about", required=False)
        self.parts = _includes(root, self.reader)
        document = self._document(_required(root.table("document")))
        bodies = self._bodies(self._tables("body"))
        sections = self._sections(root.tables("section"), document.numbering)
        clauses = self._clauses(root.tables("clause") if root.has("clause") else [], sections, document)
        if not clauses and not any(s.text for s in sections.values()):
            root.fail("a policy needs clauses ([[clause]]) or sections with prose (text)", "clause")
        # a file with [[task]] (even an empty list) has an annex; without one, the clauses' notes are the tasks
        annex = any(f.has("task") for f in (root, *self.parts))
        tasks = self._tasks(self._tables("task"), clauses) if annex else _clause_tasks(clauses)
        facts = self._facts(self._tables("fact"), clauses)
        fact_index = {f.id: f for f in facts}
        ctx = Context(clauses=clauses, sections=sections, body_names=self.body_names, facts=fact_index)
        organisation = read_organisation(
            roles=self._tables("role"),
            required_bodies=self._tables("required_body"),
            responsibilities=self._tables("responsibility"),
            supervision=self._tables("supervision"),
            ctx=ctx,
        )
        places = read_places(self._tables("place"), ctx)
        routing_table = self._single("routing")
        routing: Routing | None = None if routing_table is None else read_routing(routing_table, ctx)
        hazards_table = self._single("hazards")
        hazards: HazardRules | None = None if hazards_table is None else read_hazard_rules(hazards_table, ctx)
        ledger_table = self._single("ledger")
        ledger: LedgerRules | None = None if ledger_table is None else read_ledger_rules(ledger_table, ctx)
        authority_table = self._single("authority")
        authority: AuthorityRules | None = None
        if authority_table is not None:
            role_codes = frozenset(r.code for r in organisation.roles)
            authority = read_authority_rules(authority_table, ctx, role_codes)
        obligations = root.text("obligations", required=False)
        obligations_source = None
        if obligations is not None:
            if not _INCLUDE_NAME.fullmatch(obligations) or ".." in obligations:
                root.fail(
                    f"the obligations file is a .toml file beside this one, got {obligations!r}",
                    "obligations",
                )
            if self.reader is None:
                root.fail(
                    "this text names an obligations file: give parse_policy its folder (base=)", "obligations"
                )
            raw, shown = self.reader(obligations)
            obligations_source = (shown, raw)
        names = frozenset(self.body_names)
        codes = tuple(r.code for r in organisation.roles)
        seen: set[str] = set()
        requirements = read_requirements(
            self._tables("requirement"),
            layer="district",
            clauses=clauses,
            facts=fact_index,
            body_names=names,
            seen=seen,
            roles=codes,
        )
        if self.baseline is not None:
            requirements += load_baselines(
                self.baseline, clauses=clauses, facts=fact_index, body_names=names, seen=seen, roles=codes
            )
        for part in self.parts:
            part.done()
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
            roles=organisation.roles,
            required_bodies=organisation.required_bodies,
            responsibilities=organisation.responsibilities,
            supervision=organisation.supervision,
            places=places,
            routing=routing,
            hazard_rules=hazards,
            ledger_rules=ledger,
            authority_rules=authority,
            obligations_source=obligations_source,
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
        numbering = DEFAULT_NUMBERING
        if t.has("numbering"):
            styles = t.texts("numbering")
            try:
                numbering = Numbering(styles)
            except XiaofangError as exc:
                t.fail(str(exc).removeprefix("numbering: "), "numbering")
        complete = t.flag("complete", True)
        document = Document(
            id=t.req_text("id"),
            jurisdiction=t.text("jurisdiction", required=False) or "",
            title=t.req_text("title"),
            title_en=t.text("title_en", required=False) or "",
            notice_title=t.text("notice_title", required=False) or "",
            issuer=t.text("issuer", required=False) or "",
            issued=t.date("issued", required=False),
            approved_by=t.text("approved_by", required=False) or "",
            approval_meeting=t.integer("approval_meeting", required=False),
            publication=t.text("publication", required=False) or "",
            public=t.boolean("public") if t.has("public") else None,
            addressees=t.texts("addressees", required=False),
            parent=parent,
            published=t.date("published", required=False),
            published_source=t.text("published_source", required=False),
            kind=t.text("kind", required=False) or _kind_of(t.req_text("title")),
            number=t.text("number", required=False),
            preamble=t.text("preamble", required=False) or "",
            complete=complete,
            coverage=t.text("coverage", required=False) or "",
            numbering=numbering,
        )
        if document.approval_meeting is not None and document.approval_meeting < 1:
            t.fail(
                f"expected a meeting number of 1 or more, got {document.approval_meeting}", "approval_meeting"
            )
        if document.published_source is not None and document.published is None:
            t.fail("published_source is given but published (the date) is not", "published_source")
        if document.published is not None and document.issued and document.published < document.issued:
            t.fail(f"published {document.published} is before issued {document.issued}", "published")
        if document.kind and not document.title.endswith(document.kind):
            t.fail(f"the title {document.title!r} does not end with its kind {document.kind!r}", "kind")
        if document.number is not None and not _DOCUMENT_NUMBER.fullmatch(document.number):
            t.fail(f"a document number reads like 綦江府办发〔2022〕71号, got {document.number!r}", "number")
        if not document.complete and not document.coverage:
            t.fail("a file that holds part of a document says what it holds (coverage)", "coverage")
        if document.complete and document.coverage:
            t.fail(
                "coverage says what a partial file holds: set complete = false, or leave coverage out",
                "coverage",
            )
        if parent is not None and not _DOCUMENT_NUMBER.fullmatch(parent.number):
            parent_table = t.table("parent")
            assert parent_table is not None
            parent_table.fail(
                f"a document number reads like 渝府办发〔2022〕110号, got {parent.number!r}", "number"
            )
        t.done()
        return document

    def _bodies(self, tables: list[Table]) -> dict[str, Body]:
        bodies: dict[str, Body] = {}
        names: dict[str, str] = {}
        for t in tables:
            body = Body(
                name=t.req_text("name"),
                name_en=t.text("name_en", required=False) or "",
                kind=t.choice("kind", sorted(BODY_KINDS)),
                level=t.choice("level", sorted(BODY_LEVELS)) if t.has("level") else "",
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

    def _sections(self, tables: list[Table], numbering: Numbering) -> dict[int, Section]:
        sections: dict[int, Section] = {}
        for i, t in enumerate(tables, start=1):
            number = _required(t.integer("number"))
            if number != i:
                t.fail(
                    f"sections must be numbered 1, 2, 3, ... in order; expected {i}, got {number}", "number"
                )
            label = t.text("label", required=False) or numbering.label(ClauseId(str(number)))
            sections[number] = Section(
                number=number,
                title=t.req_text("title"),
                title_en=t.text("title_en", required=False) or "",
                text=t.text("text", required=False) or "",
                label=label,
            )
            t.done()
        return sections

    def _clauses(
        self, tables: list[Table], sections: dict[int, Section], document: Document
    ) -> dict[str, Clause]:
        clauses: dict[str, Clause] = {}
        last_child: dict[str, int] = {}
        previous: ClauseId | None = None
        labels: dict[str, str] = {}
        for t in tables:
            raw = t.req_text("id")
            try:
                clause_id = ClauseId(raw)
            except XiaofangError as exc:
                t.fail(str(exc), "id")
            if clause_id in clauses:
                t.fail(f"duplicate clause id {clause_id!r}", "id")
            parent = clause_id.parent
            if parent is None:
                t.fail(
                    f"{clause_id!r} names a section; a clause is numbered under one, such as"
                    f" '{clause_id}.1' (a section's own prose goes in its text)",
                    "id",
                )
            if clause_id.section not in sections:
                t.fail(
                    f"clause {clause_id} is in section {clause_id.section}, which the [[section]] list does not have",
                    "id",
                )
            if clause_id.depth > document.numbering.depth:
                t.fail(
                    f"clause {clause_id} is {clause_id.depth} levels deep; the document numbers"
                    f" {document.numbering.depth} ({', '.join(document.numbering.styles)})",
                    "id",
                )
            if parent.depth > 1 and parent not in clauses:
                t.fail(f"clause {clause_id} is numbered under {parent}, which comes before it nowhere", "id")
            if previous is not None and not _follows(previous, clause_id):
                t.fail(f"clauses must be in document order: {clause_id} comes after {previous}", "id")
            expected = last_child.get(parent, 0) + 1
            if clause_id.parts[-1] != expected:
                t.fail(
                    f"clause ids must run in order under {parent}:"
                    f" expected {ClauseId.of((*parent.parts, expected))}, got {clause_id}",
                    "id",
                )
            last_child[parent] = expected
            previous = clause_id
            label = t.text("label", required=False) or _label(clause_id, sections, document.numbering)
            if label in labels:
                t.fail(f"the label {label!r} is already clause {labels[label]}'s", "label")
            labels[label] = clause_id
            text = t.req_text("text")
            title = t.text("title", required=False)
            if title is not None and not text.startswith(title):
                t.fail(f"the title must be how the text begins; the text begins {text[:20]!r}", "title")
            clauses[clause_id] = Clause(
                id=clause_id,
                section=clause_id.section,
                item=clause_id.parts[1],
                section_title=sections[clause_id.section].title,
                title_en=t.text("title_en", required=False) or "",
                text=text,
                summary_en=t.text("summary_en", required=False) or "",
                lead=self._named_bodies(t, "lead"),
                cooperating=self._named_bodies(t, "cooperating"),
                document=document.id,
                label=label,
                title=title if title is not None else text.split("。", 1)[0],
                complete=t.flag("complete", True),
            )
            t.done()
        return clauses

    def _named_bodies(self, t: Table, name: str) -> tuple[str, ...]:
        bodies = t.texts(name, required=False)
        for i, body in enumerate(bodies):
            if body not in self.body_names:
                t.fail(
                    f"unknown body name {body!r}: every lead or cooperating body must be a name or alias"
                    " in the [[body]] directory",
                    f"{name}[{i}]",
                )
        return bodies

    def _tasks(self, tables: list[Table], clauses: dict[str, Clause]) -> tuple[Task, ...]:
        rows: list[tuple[Table, tuple[ClauseId, ...], str | None]] = []
        rows_of: dict[str, list[int]] = {}
        for t in tables:
            if t.has("clause") and t.has("clauses"):
                t.fail("give clause (one) or clauses (several), not both", "clauses")
            key = "clauses" if t.has("clauses") else "clause"
            refs = t.texts("clauses") if key == "clauses" else (t.req_text("clause"),)
            if not refs:
                t.fail("a task implements at least one clause", key)
            listed: list[ClauseId] = []
            for i, ref in enumerate(refs):
                where = f"clauses[{i}]" if key == "clauses" else "clause"
                if ref not in clauses:
                    t.fail(f"the task cites clause {ref!r}, which the policy does not have", where)
                if ref in listed:
                    t.fail(f"clause {ref} is listed twice", where)
                listed.append(clauses[ref].id)
                rows_of.setdefault(ref, []).append(len(rows) + 1)
            rows.append((t, tuple(listed), t.text("id", required=False)))
        tasks: dict[str, Task] = {}
        for number, (t, cited, given) in enumerate(rows, start=1):
            task_id = given
            if task_id is None:
                if len(cited) > 1:
                    t.fail("give this row an id: it implements several clauses", "clauses")
                others = [n for n in rows_of[cited[0]] if n < number]
                if others:
                    t.fail(
                        f"clause {cited[0]} already has a task (row {others[0]}); the later rows that share a"
                        " clause each need an id",
                        "clause",
                    )
                task_id = str(cited[0])
            elif not _TASK_ID.fullmatch(task_id):
                t.fail(f"a task id is up to 40 characters without spaces, got {task_id!r}", "id")
            if task_id in tasks:
                t.fail(f"duplicate task id {task_id!r} (row {tasks[task_id].number})", "id")
            if given is not None and given in clauses and (given,) != tuple(str(c) for c in cited):
                t.fail(f"the id {given!r} is another clause's id", "id")
            tasks[task_id] = Task(
                number=number,
                id=task_id,
                clauses=cited,
                section=t.text("section", required=False) or "",
                name=t.req_text("name"),
                content=t.text("content", required=False) or "",
                lead=self._named_bodies(t, "lead"),
                cooperating=self._named_bodies(t, "cooperating"),
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
            draft = t.flag("draft", False)
            fact = Fact(
                id=fact_id,
                clause=clause_id,
                kind=kind,
                quote=quote,
                # a drafting tool writes no English: a person confirming the fact does
                description_en=t.text("description_en", required=not draft) or "",
                value=_fact_value(t, kind),
                unit=_fact_unit(t, kind),
                items=_fact_items(t, kind, quote),
                draft=draft,
            )
            facts[fact_id] = fact
            t.done()
        return tuple(facts.values())


def _label(clause: ClauseId, sections: dict[int, Section], numbering: Numbering) -> str:
    """The label a clause prints: its ladder's, with its section's own label where the file gives one."""
    label = numbering.label(clause)
    printed = numbering.label(ClauseId(str(clause.section)))
    section = sections[clause.section].label
    return section + label[len(printed) :] if section != printed and label.startswith(printed) else label


def _follows(previous: ClauseId, new: ClauseId) -> bool:
    """Whether ``new`` may come right after ``previous`` in document order (depth first)."""
    parent = new.parent
    assert parent is not None
    if parent.depth == 1 and parent.section > previous.section:
        return True  # the first clause of a later section
    return previous.is_within(parent)


def _kind_of(title: str) -> str:
    return next((kind for kind in DOCUMENT_KINDS if title.endswith(kind)), "")


def _clause_tasks(clauses: dict[str, Clause]) -> tuple[Task, ...]:
    """A document without an annex: one task per clause whose note names responsible bodies."""
    found: list[Task] = []
    for clause in clauses.values():
        if clause.lead or clause.cooperating:
            found.append(
                Task(
                    number=len(found) + 1,
                    id=str(clause.id),
                    clauses=(clause.id,),
                    section=clause.section_title,
                    name=clause.title,
                    content=clause.text,
                    lead=clause.lead,
                    cooperating=clause.cooperating,
                    source="clause",
                )
            )
    return tuple(found)


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
