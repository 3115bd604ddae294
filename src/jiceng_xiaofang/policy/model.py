"""The policy as immutable values: document, sections, clauses, tasks, facts, bodies."""

from __future__ import annotations

import bisect
import datetime as dt
import html
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from .._numerals import chinese_number
from .._values import describe
from ..errors import NotFoundError, XiaofangError
from ..vocabulary.citations import Citation, ClauseId, chinese_numeral
from ..vocabulary.numbering import DEFAULT_NUMBERING, Numbering, normalise_label
from ..vocabulary.records import OTHER_POST

if TYPE_CHECKING:
    from .amend import Amendment
    from .authority_rules import AuthorityRules
    from .hazard_rules import HazardRules
    from .ledger_rules import LedgerRules
    from .organisation import RequiredBody, ResponsibilityRule, Role, SupervisionRule
    from .places import PlaceKind, Routing

__all__ = [
    "COMPARATORS",
    "DOCUMENT_KINDS",
    "LAYERS",
    "STRENGTHS",
    "TASK_SOURCES",
    "Body",
    "Citation",
    "Clause",
    "Condition",
    "Document",
    "Fact",
    "FactValue",
    "ParentDocument",
    "Policy",
    "Requirement",
    "Section",
    "Task",
    "Workload",
]

_T = TypeVar("_T")

FactValue = int | float | str | dt.date | None
"""The type of a :class:`~jiceng_xiaofang.Fact` value (a count, a magnitude, a date, a period or a text)."""


@attrs.frozen
class ParentDocument:
    """The higher-level document that a policy implements.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> jx.load_policy().document.parent.number
    '渝府办发〔2022〕110号'
    """

    number: str
    """Its document number (文号), as printed."""
    title: str
    """Its title, as printed."""
    issuer: str
    """The body that issued it, as printed."""


DOCUMENT_KINDS = ("实施意见", "实施方案", "工作方案", "指导意见", "意见", "方案", "办法", "规定", "通知")
"""The kinds of document (文种) the format names; a document's title ends with its kind."""


@attrs.frozen
class Document:
    """The policy document's metadata: title, kind, issuer, numbers and dates.

    ``issued`` is the date printed on the text; ``published`` (optional) the
    date it appeared publicly, with ``published_source`` saying where that
    date comes from.  A draft file (see :func:`~jiceng_xiaofang.draft_policy`)
    may not know every item yet: ``issued`` and ``public`` are then ``None``,
    ``jurisdiction``, ``issuer`` and ``title_en`` empty (unknown, and
    :func:`~jiceng_xiaofang.lint` says so).  ``number`` is the document's own number (文号) when it
    has one; ``kind`` its kind (文种: 实施意见, 实施方案, 工作方案...), the words
    its title ends with.  ``preamble`` is the text before the first section.
    A file that holds only part of a document says so: ``complete`` is
    false and ``coverage`` says what it holds.  ``numbering`` is the ladder of
    labels the document prints (一、 （一） 1. （1） by default).

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> doc = jx.load_policy().document
    >>> doc.issued.isoformat(), doc.approval_meeting, doc.kind
    ('2023-02-21', 38, '实施意见')
    >>> doc.issuer
    '重庆市渝中区人民政府办公室'
    """

    id: str
    """A short id such as ``yuzhong-2023``; it appears in every citation."""
    jurisdiction: str
    """The district, such as ``重庆市渝中区`` (``""`` when not given)."""
    title: str
    """The title, as printed."""
    title_en: str
    """The title in English."""
    notice_title: str
    """The title of the cover notice (关于印发……的通知)."""
    issuer: str
    """The issuing body, as printed."""
    issued: dt.date | None
    """The date printed on the text; ``None`` when not given."""
    approved_by: str
    """The meeting or body that approved it."""
    approval_meeting: int | None
    """That meeting's number, 1 or more; ``None`` when not given."""
    publication: str
    """The publication note, as printed."""
    public: bool | None
    """Whether the text is public (此件公开发布); ``None`` when not given."""
    addressees: tuple[str, ...]
    """The bodies the text is addressed to (主送), as printed."""
    parent: ParentDocument | None = None
    """The document it implements (上位文件), when it names one."""
    published: dt.date | None = None
    """The date it appeared publicly; not before :attr:`issued`."""
    published_source: str | None = None
    """Where the :attr:`published` date comes from."""
    kind: str = ""
    """The kind of document (文种), such as ``实施意见``; the title ends with it."""
    number: str | None = None
    """The document's own number (文号), such as ``綦江府办发〔2022〕71号``."""
    preamble: str = ""
    """The text before section 一, verbatim."""
    complete: bool = True
    """``False`` when the file holds only part of the document."""
    coverage: str = ""
    """What part of the document the file holds, when it is not complete."""
    numbering: Numbering = DEFAULT_NUMBERING
    """The ladder of labels the document prints (一、 （一） 1. ...)."""


@attrs.frozen
class Section:
    """A numbered section of the document (一、二、…), with its prose when it has any.

    A section may hold numbered clauses, prose of its own (``text``, such as
    a 总体要求 section with no numbered items, or the lead-in before its first
    item), or both.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> s = jx.load_policy().section(3)
    >>> s.label, s.title, s.id
    ('三', '加强基层消防工作机制建设', '3')
    """

    number: int
    """The section's number in the order they appear, 1 for 一, 2 for 二 and so on."""
    title: str
    """The section title, as printed, without its label."""
    title_en: str
    """The title in English."""
    text: str = ""
    """The section's own prose, verbatim, all of it for a section without clauses or the lead-in before its first item."""
    label: str = attrs.field(
        default=attrs.Factory(lambda self: chinese_numeral(self.number), takes_self=True)
    )
    """The label as printed (一, 二, ...)."""

    @property
    def id(self) -> ClauseId:
        """The section's id as a :class:`~jiceng_xiaofang.vocabulary.ClauseId` (``"3"``)."""
        return ClauseId(str(self.number))

    def quotes(self, words: str) -> bool:
        """Whether ``words`` stand verbatim in the section's title or prose (whitespace ignored)."""
        return _squeeze(words) in _squeeze(f"{self.title}\n{self.text}")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _first_sentence(self: Clause) -> str:
    return self.text.split("。", 1)[0]


def _derived_label(self: Clause) -> str:
    return self.id.label


def _clause_id(value: object) -> ClauseId:
    return ClauseId(value)


@attrs.frozen
class Clause:
    """One numbered clause, such as ``3.2`` = 三（二）, or ``2.1.1`` = 二（一）1. in a deeper document.

    ``text`` is the verbatim Chinese text without its label and without the
    closing note of responsible bodies, which is held in ``lead`` and
    ``cooperating`` exactly as written (责任单位 and 配合单位; either may be
    empty).  ``title`` is the clause's first sentence unless the file gives
    it (a page that drops the 。 after a title); ``label`` is the label the
    document prints.  ``complete`` is false for a clause whose text the file
    holds only in part.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> c = jx.load_policy().clause("三（二）")
    >>> c.id, c.label, c.title, c.depth
    ('3.2', '三（二）', '健全消防安全网格化管理机制', 2)
    >>> c.lead, c.cooperating
    (('各街道办事处',), ('区应急局', '区消防救援支队'))
    """

    id: ClauseId = attrs.field(converter=_clause_id)
    """The clause's position, such as ``3.2`` for 三（二）."""
    section: int
    """The number of its section (3 for 三)."""
    item: int
    """Its number within the section (2 for （二）)."""
    section_title: str
    """The title of its section."""
    title_en: str
    """The title in English."""
    text: str
    """The verbatim Chinese text, title sentence first, without the label and the closing note of responsible bodies."""
    summary_en: str
    """A summary in English."""
    lead: tuple[str, ...]
    """The lead bodies (责任单位) of the closing note, exactly as written, in order."""
    cooperating: tuple[str, ...]
    """The cooperating bodies (配合单位), exactly as written, in order."""
    document: str = "policy"
    """The id of the document it belongs to, as citations name it."""
    label: str = attrs.field(default=attrs.Factory(_derived_label, takes_self=True))
    """The label as printed, such as ``三（二）``."""
    title: str = attrs.field(default=attrs.Factory(_first_sentence, takes_self=True))
    """The title, the text up to its first 。 unless the file gives it."""
    complete: bool = True
    """``False`` when the file holds only part of the clause's text."""

    @property
    def depth(self) -> int:
        """How many levels deep the clause is numbered (2 for 三（二）)."""
        return self.id.depth

    @property
    def parent(self) -> ClauseId:
        """The id of the section or clause the clause is numbered under."""
        parent = self.id.parent
        assert parent is not None  # a clause is at least two levels deep
        return parent

    @property
    def eid(self) -> str:
        """The Akoma Ntoso style element id, such as ``sec_3__item_2``."""
        return self.id.eid

    @property
    def citation(self) -> Citation:
        """A :class:`Citation` of this clause."""
        return Citation(document=self.document, clause=self.id, label=self.label)

    @property
    def bodies(self) -> tuple[str, ...]:
        """Lead then cooperating bodies, each once, in the order written."""
        return tuple(dict.fromkeys(self.lead + self.cooperating))

    def quotes(self, words: str) -> bool:
        """Whether ``words`` stand verbatim in the clause's text (whitespace, which is only layout, ignored).

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().clause("1.2").quotes("站房至少30平方米"), jx.load_policy().clause("1.2").quotes("站房至少40平方米")
        (True, False)
        """
        return _squeeze(words) in _squeeze(self.text)

    def __repr__(self) -> str:
        return f"<Clause {self.id} {self.label} {self.title}>"

    def _repr_html_(self) -> str:
        bodies = ""
        if self.lead or self.cooperating:
            bodies = (
                f"<p><b>责任单位 lead</b>: {html.escape('、'.join(self.lead) or '-')}<br>"
                f"<b>配合单位 cooperating</b>: {html.escape('、'.join(self.cooperating) or '-')}</p>"
            )
        return (
            f"<div><p><b>{html.escape(self.label)} {html.escape(self.title)}</b> "
            f"<small>({self.id}, {self.eid}; {html.escape(self.section_title)})</small><br>"
            f"<i>{html.escape(self.title_en)}</i></p><p>{html.escape(self.text)}</p>{bodies}"
            f"<p><small>{html.escape(self.summary_en)}</small></p></div>"
        )


TASK_SOURCES = ("annex", "clause")
"""Where a task comes from, a row of the annex table or (a document without an annex) a clause's note."""


def _clause_ids(value: object) -> tuple[ClauseId, ...]:
    if isinstance(value, str):
        return (ClauseId(value),)
    return tuple(ClauseId(v) for v in value)  # type: ignore[attr-defined]


@attrs.frozen
class Task:
    """A task to track: a row of the annex table (重点任务分解表), or a clause with responsible bodies.

    ``section`` and ``name`` are the 项目 and 工作任务 cells as written;
    ``clauses`` are the ids of the clauses the row implements (usually one;
    ``clause`` is the first).  ``id`` is the first clause's id when the row is
    the only one for it, else the id the file gives.  A document without an
    annex has one task per clause that names responsible bodies
    (``source = "clause"``).

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> t = jx.load_policy().task("4.5")
    >>> t.number, t.id, t.name, t.source
    (20, '4.5', '推进基层消防智慧治理能力建设', 'annex')
    >>> t.lead
    ('区消防救援支队', '区大数据发展局')
    """

    number: int
    """Its place among the tasks, from 1."""
    id: str
    """The task's id, its clause's id unless the annex row gives another."""
    clauses: tuple[ClauseId, ...] = attrs.field(converter=_clause_ids)
    """The ids of the clauses the row implements."""
    section: str
    """The 项目 (heading) cell, as written."""
    name: str
    """The 工作任务 (task) cell, as written."""
    content: str
    """The content cell, as written."""
    lead: tuple[str, ...]
    """The 责任单位 cell, exactly as written."""
    cooperating: tuple[str, ...]
    """The 配合单位 cell, exactly as written."""
    source: str = "annex"
    """Where the task comes from, ``annex`` (a row of the annex table) or ``clause`` (a clause's closing note), one of :data:`~jiceng_xiaofang.policy.TASK_SOURCES`."""

    @property
    def clause(self) -> ClauseId:
        """The (first) clause the task implements."""
        return self.clauses[0]

    @property
    def bodies(self) -> tuple[str, ...]:
        """Lead then cooperating bodies, each once, in the order written."""
        return tuple(dict.fromkeys(self.lead + self.cooperating))


@attrs.frozen
class Fact:
    """A named fact of the policy, with the verbatim words it rests on.

    ``kind`` is one of ``count``, ``quantity`` (a ``value`` with a ``unit``),
    ``date``, ``period`` (an ISO 8601 duration such as ``P1Y``), ``text`` or
    ``names`` (the ``items``).  ``draft`` is true for a fact a drafting tool
    found in the text and no person has confirmed yet.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> f = jx.load_policy().fact("fire_lane_clearance")
    >>> f.value, f.unit, f.clause
    (4, 'm', '2.4')
    >>> f.quote
    '确保消防车通道宽度、高度不低于4米'
    """

    id: str
    """A unique snake_case id, such as ``fire_lane_clearance``."""
    clause: str
    """The id of the clause it comes from."""
    kind: str
    """One of :data:`~jiceng_xiaofang.policy.FACT_KINDS`."""
    quote: str
    """The words the fact rests on, verbatim from the clause's text."""
    description_en: str
    """What the fact says, in English."""
    value: FactValue = None
    """The value (a count, a quantity, a date, a period or a text); ``None`` for kind ``names``."""
    unit: str | None = None
    """The canonical unit of a quantity; ``None`` for other kinds."""
    items: tuple[str, ...] = ()
    """The names, for kind ``names``."""
    draft: bool = False
    """``True`` for a fact a drafting tool found that no person has confirmed."""


@attrs.frozen
class Body:
    """A body the policy names: a department, committee, station or office.

    A ``collective`` body such as 各街道办事处 stands for every body of the
    kind named in ``collective_of`` (every street office of the district).
    ``level`` is empty when the file does not say it (a draft), ``name_en``
    empty when no English name is given yet.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> b = jx.load_policy().body("区消防救援支队")
    >>> b.name_en, b.kind, b.level
    ('fire and rescue detachment', 'fire_service', 'district')
    >>> jx.load_policy().body("各街道办事处").collective_of
    '街道办事处'
    """

    name: str
    """The Chinese name, as the text writes it."""
    name_en: str
    """The English name (the project glossary's where it has one)."""
    kind: str
    """One of :data:`~jiceng_xiaofang.policy.BODY_KINDS`."""
    level: str
    """One of :data:`~jiceng_xiaofang.policy.BODY_LEVELS`."""
    aliases: tuple[str, ...] = ()
    """Other names the text uses, such as ``派出所`` for 公安派出所."""
    collective_of: str | None = None
    """For a collective body such as 各街道办事处, the name of the body it stands for every one of."""

    @property
    def is_collective(self) -> bool:
        """Whether the body stands for many bodies (各街道办事处, 区级国家机关有关部门)."""
        return self.kind == "collective" or self.collective_of is not None


@attrs.frozen
class Workload:
    """How many annex tasks a body leads and cooperates on.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> top = jx.load_policy().workload()[0]
    >>> top.name, top.lead, top.cooperating
    ('区消防救援支队', 11, 10)
    """

    name: str
    """The body's Chinese name."""
    name_en: str
    """Its English name."""
    lead: int
    """The number of tasks it leads (责任单位)."""
    cooperating: int
    """The number of tasks it cooperates on (配合单位)."""

    @property
    def total(self) -> int:
        """Lead plus cooperating (a body listed as both on one task counts twice)."""
        return self.lead + self.cooperating


COMPARATORS = (">=", "<=", "==", "between", "present")
"""How a requirement compares a measured value with its threshold.

``>=`` and ``<=`` include the threshold (以上、不少于、至少、不低于 count the number
itself); ``between`` is ``value <= x <= maximum`` (1至2名); ``present`` asks for
a flag that is true or a count of at least one; ``==`` asks for a post.
"""

STRENGTHS = ("required", "advisory", "encouraged", "optional")
"""How binding a requirement is, one of required (应, 不应), advisory (宜, 不宜, a standard's recommendation),
encouraged (鼓励) and optional (可选配).  Only a required requirement fails a report."""

LAYERS = ("national", "municipal", "district")
"""The layers of standards, from the floor to the most local."""


@attrs.frozen
class Condition:
    """When a requirement applies: a comparison on another field of the record.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> policy = jx.load_policy()
    >>> r = next(r for r in policy.requirements if r.when is not None)
    >>> r.when.field, r.when.comparator, r.when.value
    ('dead_end_length', '>', 40.0)
    """

    field: str
    """The other field of the record compared."""
    comparator: str
    """``>``, ``>=``, ``<``, ``<=`` or ``==`` (``==`` for a yes/no flag)."""
    value: float | bool
    """The number in the field's canonical unit, or ``True``/``False`` for a flag."""

    def __str__(self) -> str:
        return f"{self.field} {self.comparator} {self.value}"


@attrs.frozen
class Requirement:
    """A quantitative standard: a field of a facility compared with a threshold, cited.

    A requirement of the district layer cites its ``clause`` and quotes its
    words (``quote``); a requirement of the national or municipal layer names
    its ``source`` (a standard) and how far that source is confirmed
    (``confidence``).  ``deadline`` is the date by which the requirement must
    be met, when the policy sets one.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> r = jx.load_policy().requirement("micro_fire_station.room_area")
    >>> r.comparator, r.value, r.unit, r.strength, r.layer, r.clause
    ('>=', 30.0, 'm^2', 'required', 'district', '1.2')
    >>> r.quote
    '站房至少30平方米'

    A value may be in force for a time only: from ``effective_from``
    (included) and before ``effective_until`` (the first day it is no longer
    in force); an undated requirement is in force on every day.  A value set
    by an :class:`~jiceng_xiaofang.Amendment` names it in
    ``amendment`` and the requirement it replaced in ``amends``; it cites the
    amendment's document and quote, not the clause.

    >>> national = jx.load_policy().requirement("national.fire_lane.slope")
    >>> national.effective_from, national.in_force(dt.date(2023, 5, 31)), national.in_force(dt.date(2023, 6, 1))
    (datetime.date(2023, 6, 1), False, True)
    """

    id: str
    """A dotted lower-case id, such as ``micro_fire_station.room_area``; a value set by an amendment adds ``@`` and its id."""
    subject: str
    """The kind of facility record it applies to (a key of :data:`~jiceng_xiaofang.standards.RECORD_TYPES`)."""
    field: str
    """The field of that record compared."""
    comparator: str
    """How the field is compared, one of :data:`~jiceng_xiaofang.policy.COMPARATORS`."""
    strength: str
    """How binding it is, one of :data:`~jiceng_xiaofang.policy.STRENGTHS`."""
    layer: str
    """The layer it belongs to, one of :data:`~jiceng_xiaofang.policy.LAYERS`."""
    name_zh: str
    """Its Chinese name (for the district layer usually the quoted words)."""
    name_en: str
    """Its English name; ``""`` for a draft no person has named."""
    value: float | str | None = None
    """The threshold in :attr:`unit` (the floor of ``between``), or a role's code for ``==``; ``None`` for ``present`` or when :attr:`value_field` gives it."""
    maximum: float | None = None
    """The top of a ``between`` range; ``None`` otherwise."""
    value_field: str | None = None
    """Another field of the same record whose value is the threshold (every compound has a warden); ``None`` when a number is."""
    unit: str | None = None
    """The canonical unit of :attr:`value` and :attr:`maximum`; ``None`` for ``present`` and ``==``."""
    clause: str | None = None
    """The id of the clause it cites (district layer); ``None`` for a lower layer."""
    quote: str | None = None
    """The clause's words it rests on, verbatim (district layer); ``None`` for a lower layer."""
    source: str = ""
    """The standard or document a lower layer's requirement comes from; ``""`` for the district layer."""
    confidence: str = "policy"
    """How far a lower layer's source is confirmed (:data:`~jiceng_xiaofang.vocabulary.CONFIDENCE_LEVELS`); ``policy`` for the district layer."""
    deadline: dt.date | None = None
    """The date by which it must be met; ``None`` when the policy sets none."""
    responsible: tuple[str, ...] = ()
    """The bodies that answer for it, by default its clause's lead bodies; empty for a lower layer that names none."""
    when: Condition | None = None
    """The condition under which it applies; ``None`` when it always does."""
    label: str = ""
    """Its clause's label as printed, such as ``一（二）``; ``""`` for a lower layer."""
    norm: float | None = None
    """The top of the usual number beside a floor (明确1至2名 is floor 1, norm 2); ``None`` when none."""
    effective_from: dt.date | None = None
    """The first day the value is in force; ``None`` for no start."""
    effective_until: dt.date | None = None
    """The first day the value is no longer in force; ``None`` for no end."""
    amendment: Amendment | None = None
    """The amendment that set this value; ``None`` for the policy's own."""
    amends: Requirement | None = attrs.field(default=None, repr=False)
    """The requirement this value replaced, for a value set by an amendment; ``None`` otherwise."""
    draft: bool = False
    """``True`` for a requirement a drafting tool found that no person has confirmed."""

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """What two layers must share for one to tighten the other (subject, field, direction, strength, condition).

        A post requirement (``==``) adds the post it asks for to the condition
        part: two posts asked of one field are two requirements.
        """
        subject, field, direction, condition = self.identity
        if self.comparator == "==":
            condition = f"{condition}={self.value}"
        return (subject, field, direction, self.strength, condition)

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """What the values of one requirement share over time, its subject, field, direction and condition.

        It is the :attr:`key` without the strength (and, for a post, without
        the post asked for): values with one identity follow each other in
        time, as when a reform turns an advisory value into a required one or
        asks for another post.  A check on a day none of them is in force
        reports the requirement unknown.
        """
        direction = {">=": "min", "<=": "max"}.get(self.comparator, self.comparator)
        return (self.subject, self.field, direction, str(self.when or ""))

    @property
    def dated(self) -> bool:
        """Whether the value is in force for a time only (it has ``effective_from`` or ``effective_until``)."""
        return self.effective_from is not None or self.effective_until is not None

    def in_force(self, on: dt.date) -> bool:
        """Whether the value is in force on a day: ``effective_from <= on < effective_until``.

        Examples
        --------
        >>> import datetime as dt
        >>> import jiceng_xiaofang as jx
        >>> r = jx.load_policy().requirement("micro_fire_station.room_area")
        >>> r.dated, r.in_force(dt.date(1990, 1, 1))
        (False, True)
        """
        start, end = self.effective_from, self.effective_until
        return (start is None or start <= on) and (end is None or on < end)

    def overlaps(self, other: Requirement) -> bool:
        """Whether the two values are in force on at least one common day."""
        a_start, a_end = self.effective_from or dt.date.min, self.effective_until or dt.date.max
        b_start, b_end = other.effective_from or dt.date.min, other.effective_until or dt.date.max
        return a_start < b_end and b_start < a_end

    def period_text(self) -> str:
        """When the value is in force, as ``"from 2023-06-01"``, ``"before 2023-06-01"``, or both; ``""`` if always.

        ``effective_until`` is the first day the value is no longer in force,
        so it is written *before*.
        """
        parts = []
        if self.effective_from is not None:
            parts.append(f"from {self.effective_from.isoformat()}")
        if self.effective_until is not None:
            parts.append(f"before {self.effective_until.isoformat()}")
        return ", ".join(parts)

    def threshold_text(self) -> str:
        """The threshold as people write it, such as ``>= 30 m^2``, ``1–2`` or ``>= 1 (norm 1–2)``.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().requirement("police_station.qualified_fire_police").threshold_text()
        '>= 1 (norm 1–2)'
        """
        unit = "" if self.unit in (None, "count", "person") else f" {self.unit}"
        if self.norm is not None:
            return f"{self.comparator} {_number(self.value)}{unit} (norm {_number(self.value)}–{_number(self.norm)}{unit})"
        if self.comparator == "between":
            return f"{_number(self.value)}–{_number(self.maximum)}{unit}"
        if self.comparator == "present":
            return "present"
        if self.value_field is not None:
            return f"{self.comparator} {self.value_field}"
        return f"{self.comparator} {_number(self.value)}{unit}"


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_EID_RE = re.compile(r"sec_([1-9][0-9]?)((?:__[a-z]+_[1-9][0-9]?){0,4})")
_EID_PART = re.compile(r"__[a-z]+_([1-9][0-9]?)")
_MAX_REF = 80


def _index(items: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(items))


@attrs.frozen
class Policy:
    """A whole policy: its document, sections, clauses, annex tasks, facts and bodies.

    Build one with :func:`jiceng_xiaofang.load_policy`.  Lookups accept the
    forms users write: ``policy.clause("3.2")``, ``policy.clause("三（二）")``
    or ``policy.clause("sec_3__item_2")``.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> policy = jx.load_policy()
    >>> len(policy.clauses), len(policy.tasks), len(policy.sections)
    (24, 20, 5)
    >>> [c.id for c in policy.search("微型消防站")]
    ['1.2', '1.3']
    """

    document: Document
    """The document, with its title, issuer, dates, number and numbering (:class:`Document`)."""
    sections: tuple[Section, ...]
    """The numbered parts of the text (一、二、...), in order, each with its title."""
    clauses: tuple[Clause, ...]
    """Every clause, in order, with its verbatim Chinese text; look one up with :meth:`clause`."""
    tasks: tuple[Task, ...]
    """The annex's tasks (重点任务分解表), each with its lead and cooperating bodies; empty without an annex."""
    facts: tuple[Fact, ...]
    """The named facts the text states (a number, a list of names, a date), each cited to its clause."""
    bodies: tuple[Body, ...]
    """The bodies named as lead or cooperating, with their English names, kinds and levels."""
    requirements: tuple[Requirement, ...] = ()
    """The measurable requirements on facilities, of this policy and its baseline layers, checked by :func:`~jiceng_xiaofang.check`."""
    source: str = attrs.field(default="<memory>", eq=False)
    """Where the policy was read from, the file's path or ``<memory>`` for text parsed in place."""
    roles: tuple[Role, ...] = ()
    """The posts the policy creates (first responsible person, fire warden ...), each cited."""
    required_bodies: tuple[RequiredBody, ...] = ()
    """The bodies the policy requires a unit to have (fire work station, micro fire station ...)."""
    responsibilities: tuple[ResponsibilityRule, ...] = ()
    """Who answers for each kind of unit (属地责任), each rule cited."""
    supervision: tuple[SupervisionRule, ...] = ()
    """Who supervises each category of place, how and how often, each rule cited."""
    places: tuple[PlaceKind, ...] = ()
    """The kinds of place the policy names and the industry departments that answer for each."""
    routing: Routing | None = None
    """Where a street's whistle goes for a kind of place no rule names; ``None`` when the policy says nothing."""
    hazard_rules: HazardRules | None = None
    """The cited rules of the hazard loop (channels, categories, deadlines); ``None`` when the policy has none."""
    ledger_rules: LedgerRules | None = None
    """The cited rules of the committee's ledger; ``None`` when the policy has none."""
    authority_rules: AuthorityRules | None = None
    """The posts each act needs and the separations of duties (``[authority]``); ``None`` when the policy declares none."""
    obligations_source: tuple[str, bytes] | None = attrs.field(default=None, eq=False, repr=False)
    """The obligations file the policy names, as (where it was read, its bytes); ``None`` when it names none."""
    amendments: tuple[Amendment, ...] = ()
    """The reforms applied with :meth:`amend`, oldest first; their changes are already in :attr:`requirements`."""
    _role_index: Mapping[str, Role] = attrs.field(init=False, repr=False, eq=False)
    _place_index: Mapping[str, PlaceKind] = attrs.field(init=False, repr=False, eq=False)
    _clause_index: Mapping[str, Clause] = attrs.field(init=False, repr=False, eq=False)
    _task_index: Mapping[str, Task] = attrs.field(init=False, repr=False, eq=False)
    _tasks_by_clause: Mapping[str, tuple[Task, ...]] = attrs.field(init=False, repr=False, eq=False)
    _labels: Mapping[str, ClauseId] = attrs.field(init=False, repr=False, eq=False)
    _fact_index: Mapping[str, Fact] = attrs.field(init=False, repr=False, eq=False)
    _body_index: Mapping[str, Body] = attrs.field(init=False, repr=False, eq=False)
    _requirement_index: Mapping[str, Requirement] = attrs.field(init=False, repr=False, eq=False)
    _by_subject: Mapping[str, tuple[Requirement, ...]] = attrs.field(init=False, repr=False, eq=False)
    _change_dates: Mapping[str, tuple[dt.date, ...]] = attrs.field(init=False, repr=False, eq=False)
    _memo: dict[str, Any] = attrs.field(init=False, repr=False, eq=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        names: dict[str, Body] = {}
        for body in self.bodies:
            for name in (body.name, *body.aliases):
                names.setdefault(name, body)
        object.__setattr__(self, "_clause_index", _index({c.id: c for c in self.clauses}))
        object.__setattr__(self, "_task_index", _index({t.id: t for t in self.tasks}))
        by_clause: dict[str, list[Task]] = {}
        for task in self.tasks:
            for clause_id in task.clauses:
                by_clause.setdefault(clause_id, []).append(task)
        object.__setattr__(self, "_tasks_by_clause", _index({k: tuple(v) for k, v in by_clause.items()}))
        labels = {normalise_label(c.label): c.id for c in self.clauses}
        labels.update({normalise_label(s.label): s.id for s in self.sections})
        object.__setattr__(self, "_labels", _index(labels))
        roles: dict[str, Role] = {}
        for role in self.roles:
            roles[role.code] = role
        for role in self.roles:
            for name in role.names:
                roles.setdefault(name, role)
        object.__setattr__(self, "_role_index", _index(roles))
        places: dict[str, PlaceKind] = {}
        for place in self.places:
            places[place.kind] = place
            for name in (place.zh, *place.aliases):
                places.setdefault(name, place)
        object.__setattr__(self, "_place_index", _index(places))
        object.__setattr__(self, "_fact_index", _index({f.id: f for f in self.facts}))
        object.__setattr__(self, "_body_index", _index(names))
        object.__setattr__(self, "_requirement_index", _index({r.id: r for r in self.requirements}))
        by_subject: dict[str, list[Requirement]] = {}
        dates: dict[str, set[dt.date]] = {}
        for requirement in self.requirements:
            if requirement.draft:
                continue  # found by a drafting tool, not confirmed: not checked (the lint lists it)
            by_subject.setdefault(requirement.subject, []).append(requirement)
            found = dates.setdefault(requirement.subject, set())
            found.update(
                d for d in (requirement.effective_from, requirement.effective_until) if d is not None
            )
        object.__setattr__(self, "_by_subject", _index({k: tuple(v) for k, v in by_subject.items()}))
        object.__setattr__(self, "_change_dates", _index({k: tuple(sorted(v)) for k, v in dates.items()}))

    def _repr_html_(self) -> str:
        doc = self.document
        rows = "".join(
            f"<tr><td>{s.label}</td><td>{html.escape(s.title)}</td><td>{html.escape(s.title_en)}</td>"
            f"<td>{len(self.clauses_in(s.number))}</td></tr>"
            for s in self.sections
        )
        layers = ", ".join(
            f"{sum(r.layer == layer for r in self.requirements)} {layer}"
            for layer in LAYERS
            if any(r.layer == layer for r in self.requirements)
        )
        return (
            f"<div><p><b>{html.escape(doc.title)}</b><br><i>{html.escape(doc.title_en)}</i><br>"
            f"Issued {doc.issued} by {html.escape(doc.issuer)}"
            + (f"; implements {html.escape(doc.parent.number)}" if doc.parent else "")
            + "</p><table><thead><tr><th></th><th>section</th><th>English</th><th>clauses</th></tr></thead>"
            f"<tbody>{rows}</tbody></table><p>{len(self.clauses)} clauses, {len(self.tasks)} annex tasks, "
            f"{len(self.facts)} facts, {len(self.bodies)} bodies, requirements: {layers or 'none'}</p></div>"
        )

    def __repr__(self) -> str:
        return (
            f"<Policy {self.document.id}{''.join(f' + {a.id}' for a in self.amendments)}: "
            f"{len(self.sections)} sections, "
            f"{len(self.clauses)} clauses, {len(self.tasks)} tasks, "
            f"{len(self.facts)} facts, {len(self.bodies)} bodies>"
        )

    def clause_id(self, ref: str) -> ClauseId:
        """Normalise a clause reference to its id: an id (``3.2``, ``2.1.1``), a label or an eId.

        Labels are read as the document prints them (``三（二）``, ``二（一）1.``),
        with brackets and digits of either width.  Raises
        :class:`~jiceng_xiaofang.NotFoundError` for a reference to no clause.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().clause_id("三(二)"), jx.load_policy().clause_id("３.２")
        ('3.2', '3.2')
        """
        found = self._resolve(ref)
        if found is None or found not in self._clause_index:
            if self.is_section(ref):
                section = self.section(ref)
                under = [str(c.id) for c in self.clauses if c.section == section.number]
                within = (
                    f"its clauses are {under[0]} to {under[-1]}" if under else "it has no numbered clause"
                )
                raise NotFoundError(
                    f"{ref!r} is the section {section.label}、{section.title}, not a clause: {within}"
                    f" (Policy.section({section.number}) gives the section)"
                )
            raise NotFoundError.for_name("clause", str(ref)[:_MAX_REF], self._clause_index)
        return found

    def _resolve(self, ref: object) -> ClauseId | None:
        if not isinstance(ref, str):
            raise NotFoundError(f"a clause reference is a string such as '3.2', got {describe(ref)}")
        if len(ref) > _MAX_REF:
            return None
        text = normalise_label(ref)
        if text in self._clause_index:
            return self._clause_index[text].id
        if text in self._labels:
            return self._labels[text]
        if text.isdigit() and any(str(s.number) == text for s in self.sections):
            return ClauseId(text)
        if m := _EID_RE.fullmatch(text):
            parts = (m.group(1), *_EID_PART.findall(m.group(2)))
            return ClauseId(".".join(parts))
        return self.document.numbering.parse(text)

    def clause(self, ref: str) -> Clause:
        """The clause with this id, label or eId.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().clause("sec_1__item_2").title
        '做实社区消防工作组织'
        """
        return self._clause_index[self.clause_id(ref)]

    def children(self, ref: str | int) -> tuple[Clause, ...]:
        """The clauses numbered directly under a section (its number) or a clause (any form :meth:`clause` takes).

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> [c.id for c in jx.load_policy().children(5)]
        ['5.1', '5.2', '5.3', '5.4']
        >>> jx.load_policy().children("3.2")
        ()
        """
        parent = self.section(ref).id if isinstance(ref, int) else self.clause_id(ref)
        return tuple(c for c in self.clauses if c.id.parent == parent)

    def text_of(self, ref: str) -> str:
        """The verbatim text of a clause, or the title and prose of a section (``"1"``), that entries quote.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().text_of("5")
        '保障措施'
        """
        found = self._resolve(ref)
        if found is not None and found.depth == 1:
            section = self.section(found.section)
            return f"{section.title}\n{section.text}".rstrip("\n")
        return self.clause(ref).text

    def quotes(self, ref: str, words: str) -> bool:
        """Whether ``words`` stand verbatim (whitespace ignored) in the text of a clause or section.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().quotes("3.2", "一般隐患不出网格"), jx.load_policy().quotes("3.2", "重大隐患")
        (True, False)
        """
        return _squeeze(words) in _squeeze(self.text_of(ref))

    def task(self, ref: str) -> Task:
        """The task with this id, or the one task that implements a clause (any form :meth:`clause` accepts).

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().task("1.1").lead
        ('各街道办事处',)
        """
        if isinstance(ref, str) and ref in self._task_index:
            return self._task_index[ref]
        clause_id = self.clause_id(ref)
        found = self._tasks_by_clause.get(clause_id, ())
        if len(found) == 1:
            return found[0]
        if not found:
            where = "the annex task table" if self.has_annex else "the policy's tasks"
            raise NotFoundError(f"clause {clause_id} has no row in {where}")
        ids = ", ".join(t.id for t in found)
        raise NotFoundError(f"clause {clause_id} has {len(found)} tasks ({ids}): ask for one by its id")

    def tasks_for(self, ref: str) -> tuple[Task, ...]:
        """Every task that implements a clause (a row may implement several clauses, a clause have several rows).

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> [t.number for t in jx.load_policy().tasks_for("3.3")]
        [11]
        """
        return self._tasks_by_clause.get(self.clause_id(ref), ())

    @property
    def has_annex(self) -> bool:
        """Whether the tasks are the rows of an annex table (not derived from the clauses' notes)."""
        return any(t.source == "annex" for t in self.tasks)

    def section(self, number: int | str) -> Section:
        """The section with this number: ``5``, or as text ``"5"``, ``"５"``, ``"五"`` or ``"五、"``.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().section(5).title
        '保障措施'
        >>> jx.load_policy().section("三").number
        3
        """
        if isinstance(number, str):
            found = self._section_number(number)
            if found is None:
                raise NotFoundError(
                    f"a section is a number such as 3 or 三, got {describe(number)}; the sections are "
                    + ", ".join(f"{s.number} ({s.label})" for s in self.sections)
                )
            number = found
        for section in self.sections:
            if section.number == number:
                return section
        raise NotFoundError.for_name("section", describe(number), (str(s.number) for s in self.sections))

    @staticmethod
    def _section_number(ref: str) -> int | None:
        text = normalise_label(ref[:_MAX_REF]).removesuffix("、").removesuffix(".")
        return chinese_number(text)

    def is_section(self, ref: str) -> bool:
        """Whether ``ref`` names a section (``"3"``, ``"三"``, ``"三、"``) rather than a clause.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> policy = jx.load_policy()
        >>> policy.is_section("三"), policy.is_section("3"), policy.is_section("3.2"), policy.is_section("9")
        (True, True, False, False)
        """
        if not isinstance(ref, str):
            return False
        number = self._section_number(ref)
        return number is not None and any(s.number == number for s in self.sections)

    def clauses_in(self, section: int) -> tuple[Clause, ...]:
        """The clauses of one section, in order.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> [c.id for c in jx.load_policy().clauses_in(5)]
        ['5.1', '5.2', '5.3', '5.4']
        """
        self.section(section)
        return tuple(c for c in self.clauses if c.section == section)

    def fact(self, fact_id: str) -> Fact:
        """The named fact with this id.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().fact("heritage_buildings").value
        149
        """
        try:
            return self._fact_index[fact_id]
        except KeyError:
            raise NotFoundError.for_name("fact", fact_id, self._fact_index) from None

    def body(self, name: str) -> Body:
        """The body with this Chinese name or alias.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().body("派出所").name
        '公安派出所'
        """
        try:
            return self._body_index[name]
        except KeyError:
            raise NotFoundError.for_name("body", name, self._body_index) from None

    def search(self, *keywords: str) -> tuple[Clause, ...]:
        """Clauses whose text, title or English summary contain every keyword.

        Matching ignores case (for English) and whitespace.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> [c.id for c in jx.load_policy().search("hazard", "grid")]
        ['3.2']
        """
        if not keywords:
            raise ValueError("search: give at least one keyword")
        wanted = [re.sub(r"\s+", " ", k).strip().casefold() for k in keywords]
        found = []
        for clause in self.clauses:
            hay = f"{clause.text}\n{clause.title_en}\n{clause.summary_en}".casefold()
            if all(word in hay for word in wanted):
                found.append(clause)
        return tuple(found)

    def mentions(self, name: str) -> tuple[Clause, ...]:
        """Clauses whose text or responsibility note names a body (or one of its aliases).

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> [c.id for c in jx.load_policy().mentions("区财政局")]
        ['5.2']
        """
        body = self.body(name)
        names = (body.name, *body.aliases)
        return tuple(
            c for c in self.clauses if any(n in c.text for n in names) or any(n in c.bodies for n in names)
        )

    # -- the organisation, places and hazard rules the policy declares --------------------------------------

    def _lacks(self, what: str, table: str) -> NotFoundError:
        return NotFoundError(
            f"the policy {self.document.id} declares no {what}: its files have no {table} (see the policy file format)"
        )

    def role(self, ref: str) -> Role:
        """The post with this code, Chinese name or alias.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().role("社区支部书记").code
        'party_branch_secretary'
        """
        if not self.roles:
            raise self._lacks("roles", "[[role]]")
        try:
            return self._role_index[ref]
        except (KeyError, TypeError):
            raise NotFoundError.for_name("role", str(ref), [r.code for r in self.roles]) from None

    def roles_of(self, unit_kind: str) -> tuple[Role, ...]:
        """The posts of a kind of unit (``"street"``, ``"town"``, ``"community"``...), in file order.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> [r.code for r in jx.load_policy().roles_of("police_station")]
        ['fire_police']
        """
        return tuple(r for r in self.roles if unit_kind in r.unit_kinds)

    def required_bodies_of(self, unit_kind: str) -> tuple[RequiredBody, ...]:
        """The bodies a kind of unit must set up, in file order.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> [b.name for b in jx.load_policy().required_bodies_of("community")]
        ['消防工作小组', '微型消防站']
        """
        return tuple(b for b in self.required_bodies if unit_kind in b.unit_kinds)

    def required_body(self, name: str, unit_kind: str) -> RequiredBody:
        """The body of this name that a kind of unit must set up.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().required_body("微型消防站", "community").clause
        '1.2'
        """
        found = [b for b in self.required_bodies_of(unit_kind) if b.name == name]
        if not found:
            known = [b.name for b in self.required_bodies_of(unit_kind)]
            raise NotFoundError.for_name(f"required body of a {unit_kind}", name, known)
        return found[0]

    def responsibilities_of(self, unit_kind: str) -> tuple[ResponsibilityRule, ...]:
        """Who answers for fire safety in a kind of unit, the first (its link in a chain) first.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> [(r.kind, r.role) for r in jx.load_policy().responsibilities_of("community")]
        [('first', 'community_main_head'), ('by_duties', 'community_committee_member')]
        """
        return tuple(r for r in self.responsibilities if unit_kind in r.unit_kinds)

    def supervision_rule(self, category: str) -> SupervisionRule:
        """Who supervises a category of place: ``key_unit``, ``police_listed`` or ``territorial``.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().supervision_rule("key_unit").supervisor
        '区消防救援支队'
        """
        if not self.supervision:
            raise self._lacks("supervision rules", "[[supervision]]")
        for rule in self.supervision:
            if rule.category == category:
                return rule
        raise NotFoundError.for_name("supervision category", category, [r.category for r in self.supervision])

    def place(self, ref: str) -> PlaceKind:
        """The kind of place with this type code, Chinese name or alias.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().place("人员密集").kind
        'crowded_place'
        """
        if not self.places:
            raise self._lacks("kinds of place", "[[place]]")
        try:
            return self._place_index[ref]
        except (KeyError, TypeError):
            raise NotFoundError.for_name("place type", str(ref), [p.kind for p in self.places]) from None

    def find_place(self, ref: str) -> PlaceKind | None:
        """The kind of place with this type code, Chinese name or alias, or ``None``."""
        return self._place_index.get(ref) if isinstance(ref, str) else None

    def post_codes(self) -> tuple[str, ...]:
        """The codes a record's post field may hold under this policy: its roles' codes, then ``"other"``.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().post_codes()[-1]
        'other'
        """
        return self.memo("posts.codes", lambda: (*(r.code for r in self.roles), OTHER_POST[0]))

    def post_code(self, text: str, *, field: str = "post") -> str:
        """The role code a post as written names: a role's code, Chinese name or alias, or ``"other"`` (其他).

        Raises :class:`~jiceng_xiaofang.XiaofangError` naming ``field`` for a
        post the policy does not have.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().post_code("社区支部书记"), jx.load_policy().post_code("其他")
        ('party_branch_secretary', 'other')
        """

        def build() -> Mapping[str, str]:
            index = {name: role.code for name, role in self._role_index.items()}
            index.update({OTHER_POST[0]: OTHER_POST[0], OTHER_POST[1]: OTHER_POST[0]})
            return MappingProxyType(index)

        index: Mapping[str, str] = self.memo("posts.index", build)
        code = index.get(text) if isinstance(text, str) else None
        if code is None:
            known = ", ".join(self.post_codes())
            raise XiaofangError(
                f"{field}: expected a post of {self.document.id} (a role's code or Chinese name: {known}), got {text!r}"
            )
        return code

    @property
    def hazards(self) -> HazardRules:
        """The rules of the hazard loop the policy declares (``[hazards]``).

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().hazards.channel("yukuaiban").rule
        'citizen_report'
        """
        if self.hazard_rules is None:
            raise self._lacks("hazard rules", "[hazards]")
        return self.hazard_rules

    @property
    def ledger(self) -> LedgerRules:
        """The rules of the committee's ledger the policy declares (``[ledger]``).

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().ledger.rule_for("accept").id
        'acceptance'
        """
        if self.ledger_rules is None:
            raise self._lacks("ledger rules", "[ledger]")
        return self.ledger_rules

    def memo(self, key: str, build: Callable[[], _T]) -> _T:
        """A value derived from this policy, built once on first use (for the package's compiled views).

        Policies are immutable, so a derived value (such as the compiled
        requirements of a kind of facility) never goes stale.
        """
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._memo[key] = build()
            return value

    def requirement(self, requirement_id: str) -> Requirement:
        """The requirement with this id, of any layer.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().requirement("fire_lane.clear_width").value
        4.0
        """
        try:
            return self._requirement_index[requirement_id]
        except KeyError:
            raise NotFoundError.for_name("requirement", requirement_id, self._requirement_index) from None

    def effective_requirements(self, subject: str, on: dt.date | None = None) -> tuple[Requirement, ...]:
        """The requirements that apply to a kind of facility on a day, after the layers are merged.

        Only values in force on ``on`` (today by default) take part; an
        undated requirement is in force on every day.  Where layers set the
        same requirement (same field, direction, strength and condition), the
        stricter value wins; on a tie the more local layer (district over
        municipal over national) is the one cited.

        A requirement whose every value is dated and none in force on ``on``
        (a gap, or a day before the first value) is kept: the value nearest
        after the day (else the last before it) stands for it, and a check
        reports it *unknown*, never a pass.  A requirement is one field
        compared in one direction under one condition, whatever its strength:
        a value that changes from advisory to required leaves no gap.

        Examples
        --------
        >>> import datetime as dt
        >>> import jiceng_xiaofang as jx
        >>> policy = jx.load_policy()
        >>> members = [r for r in policy.effective_requirements("micro_fire_station") if r.field == "members"]
        >>> [(r.value, r.layer) for r in members]
        [(6.0, 'district')]
        >>> slope = [r for r in policy.effective_requirements("fire_lane", dt.date(2023, 6, 1)) if r.field == "slope"]
        >>> [(r.id, r.in_force(dt.date(2023, 6, 1))) for r in slope]
        [('national.fire_lane.slope', True), ('national.fire_lane.slope_recommended', True)]
        """
        if on is None:
            on = dt.date.today()
        elif not isinstance(on, dt.date):
            raise XiaofangError(f"on: expected a datetime.date, got {on!r}")
        dates = self._change_dates.get(subject, ())
        if not dates:
            return self.memo(
                f"policy.effective.{subject}", lambda: _effective(self._by_subject.get(subject, ()), on)
            )
        period = bisect.bisect_right(dates, on)
        return self.memo(
            f"policy.effective.{subject}.{period}", lambda: _effective(self._by_subject.get(subject, ()), on)
        )

    def change_dates(self, subject: str) -> tuple[dt.date, ...]:
        """The days on which a value of a subject's requirements comes into force or goes out of it, in order.

        Between two of these days the same values are in force; a subject
        without dated requirements has none.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().change_dates("fire_lane")
        (datetime.date(2023, 6, 1),)
        >>> jx.load_policy().change_dates("micro_fire_station")
        ()
        """
        return self._change_dates.get(subject, ())

    def subjects(self) -> tuple[str, ...]:
        """The kinds of facility that have requirements, in the order first named.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> jx.load_policy().subjects()[:2]
        ('fire_work_station', 'community_fire_work_group')
        """
        return tuple(self._by_subject)

    def amend(self, *amendments: Amendment) -> Policy:
        """A new policy with the amendments applied, in order; this one is unchanged.

        Each change of an :class:`~jiceng_xiaofang.Amendment` splits
        the requirement it names at the amendment's ``effective`` date: the
        old value stays in force before it, the new value (which cites the
        amendment) from it.  Raises :class:`~jiceng_xiaofang.AmendmentError`
        for an unknown requirement, a unit of the wrong dimension, a value the
        comparator cannot take or an amendment applied twice.

        Examples
        --------
        >>> import datetime as dt
        >>> import jiceng_xiaofang as jx
        >>> from jiceng_xiaofang.policy import Amendment, RequirementChange
        >>> reform = Amendment(
        ...     id="members_7",
        ...     title="示例：关于调整社区微型消防站队员人数的通知",
        ...     effective=dt.date(2025, 7, 1),
        ...     quote="社区微型消防站队员不少于7名",
        ...     changes=(RequirementChange("micro_fire_station.members", value=7),),
        ...     confidence="illustrative",
        ... )
        >>> policy = jx.load_policy()
        >>> reformed = policy.amend(reform)
        >>> station = jx.MicroFireStation(members=6)
        >>> jx.check(station, reformed, on=dt.date(2025, 6, 30)).finding("micro_fire_station.members").status
        'pass'
        >>> f = jx.check(station, reformed, on=dt.date(2025, 7, 1)).finding("micro_fire_station.members")
        >>> f.status, f.citation
        ('fail', '示例：关于调整社区微型消防站队员人数的通知 [illustrative]')
        >>> jx.check(station, policy, on=dt.date(2025, 7, 1)).finding("micro_fire_station.members").citation
        'yuzhong-2023 一（二）'
        """
        from .amend import apply_amendments

        return apply_amendments(self, amendments)

    def workload(self) -> tuple[Workload, ...]:
        """Bodies ranked by how many annex tasks they lead, then join.

        Ordered by total (lead + cooperating), then lead, then the order of
        the body directory; only bodies named in the annex appear.

        Examples
        --------
        >>> import jiceng_xiaofang as jx
        >>> [(w.name, w.lead, w.cooperating) for w in jx.load_policy().workload()[:2]]
        [('区消防救援支队', 11, 10), ('各街道办事处', 8, 11)]
        """
        lead: dict[str, int] = {}
        cooperating: dict[str, int] = {}
        for task in self.tasks:
            for name in task.lead:
                lead[name] = lead.get(name, 0) + 1
            for name in task.cooperating:
                cooperating[name] = cooperating.get(name, 0) + 1
        rows = [
            Workload(
                name=name,
                name_en=self.body(name).name_en,
                lead=lead.get(name, 0),
                cooperating=cooperating.get(name, 0),
            )
            for name in dict.fromkeys([*lead, *cooperating])
        ]
        order = {body.name: i for i, body in enumerate(self.bodies)}
        return tuple(sorted(rows, key=lambda w: (-w.total, -w.lead, order[self.body(w.name).name])))


def _stricter(a: Requirement, b: Requirement) -> Requirement:
    """Of two requirements with the same key, the one that binds: stricter, or more local on a tie."""
    local = LAYERS.index(a.layer) >= LAYERS.index(b.layer)
    if a.comparator in (">=", "<=") and a.value_field is None and b.value_field is None:
        assert isinstance(a.value, float) and isinstance(b.value, float)
        if a.value != b.value:
            higher = a if a.value > b.value else b
            lower = b if higher is a else a
            return higher if a.comparator == ">=" else lower
    if a.comparator == "between" and isinstance(a.value, float) and isinstance(b.value, float):
        assert a.maximum is not None and b.maximum is not None
        if (a.value, a.maximum) != (b.value, b.maximum):
            if a.value >= b.value and a.maximum <= b.maximum:
                return a
            if b.value >= a.value and b.maximum <= a.maximum:
                return b
    return a if local else b


def _effective(requirements: tuple[Requirement, ...], on: dt.date) -> tuple[Requirement, ...]:
    """The requirements of one subject in force on a day, layers merged, and one for each gap (see above)."""
    chosen: dict[tuple[str, str, str, str, str], Requirement] = {}
    covered: set[tuple[str, str, str, str]] = set()
    idle: dict[tuple[str, str, str, str], list[Requirement]] = {}
    for requirement in requirements:
        if requirement.in_force(on):
            covered.add(requirement.identity)
            key = requirement.key
            current = chosen.get(key)
            chosen[key] = requirement if current is None else _stricter(requirement, current)
        else:
            idle.setdefault(requirement.identity, []).append(requirement)
    winners = {id(r) for r in chosen.values()}
    for ident, values in idle.items():
        if ident in covered:
            continue
        later = [r for r in values if r.effective_from is not None and r.effective_from > on]
        if later:
            stand_in = min(later, key=lambda r: r.effective_from or dt.date.max)
        else:
            stand_in = max(values, key=lambda r: r.effective_until or dt.date.min)
        winners.add(id(stand_in))
    return tuple(r for r in requirements if id(r) in winners)
