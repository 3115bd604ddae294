"""An assessment scheme (考核评价办法): the district's own file of items, weights, deductions and bonuses.

The policy says the method keeps improving (the ``[ledger]`` rule ``assess``
cites it), so the weights are not the policy's: a district writes them in a
scheme file of its own, and every line of it names one engine **measure**
(:data:`~jiceng_xiaofang.ledger.MEASURES`), a fixed vocabulary of what the
ledger can count.  :func:`~jiceng_xiaofang.assess` applies a scheme to a ledger
and a period.

The format (``format = 1``)::

    format = 1
    id = "my-scheme-2025"
    title = "示例考核办法"
    illustrative = true          # invented weights: say so
    policy = "yuzhong-2023"      # the policy the scheme applies to

    [[item]]                     # points = weight x a share (0 to 1)
    id = "progress"
    name_zh = "重点任务完成情况"
    name_en = "annex tasks done"
    measure = "lead_tasks_done_share"
    weight = 60

    [[deduction]]                # minus points per occurrence, up to a cap
    id = "overdue"
    name_zh = "逾期未完成"
    name_en = "tasks overdue"
    measure = "tasks_overdue"
    points = 5
    cap = 20

``[[bonus]]`` tables are written like deductions and add their points.
Every table takes an optional ``applies_to``, the groups of units it scores
(``street``, ``department``, ``office``; by default those its measure
applies to).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

import attrs

from .._toml import Table, parse_toml, read_bytes
from ..errors import DataFileError

__all__ = [
    "GROUPS",
    "MEASURES",
    "SCHEME_FORMAT_VERSION",
    "Measure",
    "Scheme",
    "SchemeFileError",
    "SchemeRule",
    "load_scheme",
    "parse_scheme",
]

SCHEME_FORMAT_VERSION = 1
"""The assessment scheme file format this version of the package reads."""

GROUPS = MappingProxyType(
    {
        "street": "街道",
        "department": "部门",
        "office": "办公室",
    }
)
"""The groups of units an assessment scores, each ranked on its own, with their Chinese names.

``street``: a street office that leads an annex task (for 各街道办事处);
``department``: any other body that leads an annex task; ``office``: the body
that keeps the ledger (the ``[ledger]`` ``office``), scored on the
committee's rounds.
"""


@attrs.frozen
class Measure:
    """One thing the ledger can count for a unit over a period, which a scheme's items and deductions name.

    ``kind`` is ``share`` (a number from 0 to 1, for a weighted item) or
    ``count`` (occurrences, for a deduction or a bonus); ``groups`` are the
    groups of units it applies to; ``step`` is the ``[ledger.cite]`` step whose
    rule the entries behind it rest on.

    Examples
    --------
    >>> from jiceng_xiaofang.ledger import MEASURES
    >>> m = MEASURES["tasks_overdue"]
    >>> m.kind, m.groups, m.step
    ('count', ('street', 'department'), 'report')
    """

    name: str
    """The measure's name, such as ``tasks_overdue``, a key of :data:`~jiceng_xiaofang.ledger.MEASURES`."""
    kind: str
    """``share`` (a number from 0 to 1, for a weighted item) or ``count`` (occurrences, for a deduction or a bonus)."""
    groups: tuple[str, ...]
    """The groups of units it applies to (:data:`~jiceng_xiaofang.ledger.GROUPS`)."""
    step: str
    """The ``[ledger.cite]`` step whose rule the entries behind it rest on, such as ``report``."""
    en: str
    """What it counts, in English."""
    zh: str
    """What it counts, in Chinese."""
    needs_checks: bool = False
    """Whether it needs facility checks; without them the unit's line is unknown."""


_UNITS = ("street", "department")
MEASURES: Mapping[str, Measure] = MappingProxyType(
    {
        m.name: m
        for m in (
            Measure(
                "lead_tasks_done_share",
                "share",
                _UNITS,
                "report",
                "share of the unit's lead tasks completed or accepted by the period's end",
                "牵头任务完成率（已完成或已验收）",
            ),
            Measure(
                "lead_tasks_accepted_share",
                "share",
                _UNITS,
                "accept",
                "share of the unit's lead tasks accepted by the period's end",
                "牵头任务验收率",
            ),
            Measure(
                "rounds_held_share",
                "share",
                ("office",),
                "inspect",
                "share of the committee's rounds (inspections, supervision visits) whose period ended in the"
                " assessment period with a round held",
                "检查督导按期开展率",
            ),
            Measure(
                "tasks_overdue",
                "count",
                _UNITS,
                "report",
                "lead tasks not done (completed or accepted) at the period's end when the deadline is on or"
                " before it",
                "逾期未完成任务",
            ),
            Measure(
                "contradictions",
                "count",
                _UNITS,
                "report",
                "lead tasks reported done at the period's end while the facility checks fail, cannot be told"
                " or have no record (needs the checks)",
                "报告已完成但核查不符",
                needs_checks=True,
            ),
            Measure(
                "letters_unanswered",
                "count",
                _UNITS,
                "letter",
                "letters of supervision (督办函) to the unit whose answer was due in the period and not given"
                " by the deadline",
                "督办函逾期未回复",
            ),
            Measure(
                "interviews",
                "count",
                _UNITS,
                "interview",
                "warning interviews (约谈) of the unit held in the period",
                "被约谈",
            ),
            Measure(
                "reports_missing",
                "count",
                _UNITS,
                "report",
                "quarters of the period in which the unit filed no progress report on a lead task not done"
                " when the quarter began",
                "季度未报送进展",
            ),
            Measure(
                "tasks_completed",
                "count",
                _UNITS,
                "report",
                "lead tasks first reported completed in the period",
                "本期完成任务",
            ),
            Measure(
                "tasks_accepted",
                "count",
                _UNITS,
                "accept",
                "lead tasks accepted in the period",
                "本期通过验收任务",
            ),
            Measure(
                "rounds_missed",
                "count",
                ("office",),
                "inspect",
                "periods of the committee's rounds that ended in the assessment period without a round",
                "未按期开展检查督导",
            ),
        )
    }
)
"""The engine's measures by name, the things a scheme's items, deductions and bonuses may count."""

SCHEME_SECTIONS = MappingProxyType({"item": "share", "deduction": "count", "bonus": "count"})

_ID = re.compile(r"[a-z][a-z0-9_]*")
_CENT = Decimal("0.01")
_MAX = Decimal(10_000)


class SchemeFileError(DataFileError):
    """An assessment scheme file could not be read or does not follow the scheme format.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger import parse_scheme
    >>> parse_scheme("format = 1", source="s.toml")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.ledger.scheme.SchemeFileError: s.toml: id: missing required key
    >>> issubclass(jx.SchemeFileError, jx.DataFileError)
    True
    """


@attrs.frozen
class SchemeRule:
    """One line of a scheme: a weighted item, a deduction or a bonus, and the measure it counts.

    ``kind`` is ``item`` (``weight`` points times a share), ``deduction``
    (minus ``points`` per occurrence) or ``bonus`` (plus ``points`` per
    occurrence); ``cap`` bounds the points of a deduction or bonus for one
    unit in one period (``None``: no cap).  ``line`` is where the file writes it.

    Examples
    --------
    >>> from jiceng_xiaofang.ledger import load_scheme
    >>> r = load_scheme().rule("overdue")
    >>> r.kind, r.measure, r.points, r.cap, r.applies_to
    ('deduction', 'tasks_overdue', Decimal('5.00'), Decimal('20.00'), ('street', 'department'))
    """

    kind: str
    """``item`` (``weight`` points times a share), ``deduction`` (minus ``points`` per occurrence) or ``bonus`` (plus ``points`` per occurrence)."""
    id: str
    """The line's id in the scheme, such as ``overdue``."""
    name_zh: str
    """Its Chinese name, such as ``逾期未完成``."""
    name_en: str
    """Its English name."""
    measure: str
    """The measure it counts, a key of :data:`~jiceng_xiaofang.ledger.MEASURES`."""
    weight: Decimal | None
    """For an item, the points of a full share; ``None`` for a deduction or bonus."""
    points: Decimal | None
    """For a deduction or bonus, the points per occurrence (not negative); ``None`` for an item."""
    cap: Decimal | None
    """For a deduction or bonus, the most points it gives one unit in one period; ``None`` for no cap."""
    applies_to: tuple[str, ...]
    """The groups of units it scores (:data:`~jiceng_xiaofang.ledger.GROUPS`)."""
    line: int | None = None
    """The line of the file that writes it; ``None`` when built in code."""


@attrs.frozen
class Scheme:
    """An assessment scheme (考核评价办法): its items, deductions and bonuses, for one policy.

    Examples
    --------
    >>> from jiceng_xiaofang.ledger import load_scheme
    >>> scheme = load_scheme()  # the package's illustrative example
    >>> scheme.illustrative, scheme.policy
    (True, 'yuzhong-2023')
    >>> [(r.kind, r.id, r.measure) for r in scheme.rules][:2]
    [('item', 'progress', 'lead_tasks_done_share'), ('item', 'acceptance', 'lead_tasks_accepted_share')]
    """

    id: str
    """The scheme's id, such as ``my-scheme-2025``."""
    title: str
    """Its title, as the district writes it."""
    title_en: str
    """Its title in English; ``""`` when not given."""
    illustrative: bool
    """Whether its weights are invented (an example), which every output then says."""
    policy: str
    """The id of the policy it applies to, such as ``yuzhong-2023``."""
    rules: tuple[SchemeRule, ...]
    """Its items, deductions and bonuses, in the order of the file."""
    source: str = "<string>"
    """Where it was read from, the file's path or ``<string>``."""

    def rule(self, rule_id: str) -> SchemeRule:
        """The item, deduction or bonus with this id."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def groups(self) -> tuple[str, ...]:
        """The groups of units some line of the scheme scores, in the order of :data:`~jiceng_xiaofang.ledger.GROUPS`."""
        used = {g for r in self.rules for g in r.applies_to}
        return tuple(g for g in GROUPS if g in used)

    def measures(self) -> tuple[str, ...]:
        """The measures the scheme names, each once."""
        return tuple(dict.fromkeys(r.measure for r in self.rules))


def _number(t: Table, name: str, *, required: bool) -> Decimal | None:
    value = t.raw(name, required=required)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        t.fail(f"expected a number, got {value!r}", name)
    try:
        number = Decimal(str(value))
    except InvalidOperation:  # pragma: no cover - str of an int or float is always a number
        t.fail(f"expected a number, got {value!r}", name)
    if not number.is_finite() or number <= 0 or number > _MAX:
        t.fail(f"expected a number above 0 and at most {_MAX}, got {value!r}", name)
    if number != number.quantize(_CENT):
        t.fail(f"expected a number with at most two decimals (points are kept to 0.01), got {value!r}", name)
    return number.quantize(_CENT)


def _rule(t: Table, kind: str, line: int | None) -> SchemeRule:
    rule_id = t.req_text("id")
    if not _ID.fullmatch(rule_id):
        t.fail(f"an id is lower-case letters, digits and _, starting with a letter; got {rule_id!r}", "id")
    measure_name = t.choice("measure", MEASURES)
    measure = MEASURES[measure_name]
    wanted = SCHEME_SECTIONS[kind]
    if measure.kind != wanted:
        fits = ", ".join(m.name for m in MEASURES.values() if m.kind == wanted)
        t.fail(
            f"a [[{kind}]] counts a {wanted} measure ({fits}); {measure_name!r} is a {measure.kind}",
            "measure",
        )
    weight = points = cap = None
    if kind == "item":
        weight = _number(t, "weight", required=True)
    else:
        points = _number(t, "points", required=True)
        cap = _number(t, "cap", required=False)
        if cap is not None and points is not None and cap < points:
            t.fail(f"the cap ({cap}) is less than the points of one occurrence ({points})", "cap")
    applies = t.texts("applies_to", required=False) or measure.groups
    for i, group in enumerate(applies):
        if group not in GROUPS:
            t.fail(f"expected one of {', '.join(GROUPS)}; got {group!r}", f"applies_to[{i}]")
        if group not in measure.groups:
            t.fail(
                f"{measure_name} counts for {', '.join(measure.groups)}, not for {group!r}",
                f"applies_to[{i}]",
            )
    if len(set(applies)) != len(applies):
        t.fail("a group is named twice", "applies_to")
    found = SchemeRule(
        kind=kind,
        id=rule_id,
        name_zh=t.req_text("name_zh"),
        name_en=t.req_text("name_en"),
        measure=measure_name,
        weight=weight,
        points=points,
        cap=cap,
        applies_to=tuple(applies),
        line=line,
    )
    t.done()
    return found


def parse_scheme(data: bytes | str, *, source: str = "<string>") -> Scheme:
    r"""Read an assessment scheme from the text of its TOML file.

    Raises
    ------
    SchemeFileError
        The text is not TOML or breaks the format; the message names the
        file, the line and the key.

    Examples
    --------
    >>> from jiceng_xiaofang.ledger import parse_scheme
    >>> text = '''format = 1
    ... id = "s"
    ... title = "示例"
    ... illustrative = true
    ... policy = "yuzhong-2023"
    ... [[deduction]]
    ... id = "late"
    ... name_zh = "逾期"
    ... name_en = "late"
    ... measure = "lead_tasks_done_share"
    ... points = 2'''
    >>> parse_scheme(text, source="s.toml")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.ledger.scheme.SchemeFileError: s.toml:10: deduction[0].measure: a [[deduction]] counts a count measure (tasks_overdue, contradictions, letters_unanswered, interviews, reports_missing, tasks_completed, tasks_accepted, rounds_missed); 'lead_tasks_done_share' is a share
    """
    from .._toml_locate import locate

    root = parse_toml(data, source=source, error=SchemeFileError)
    version = root.integer("format")
    if version != SCHEME_FORMAT_VERSION:
        root.fail(
            f"this package reads assessment scheme format {SCHEME_FORMAT_VERSION}, the file has {version}",
            "format",
        )
    scheme_id = root.req_text("id")
    title = root.req_text("title")
    title_en = root.text("title_en", required=False) or ""
    illustrative = root.boolean("illustrative")
    policy = root.req_text("policy")
    rules: list[SchemeRule] = []
    for kind in SCHEME_SECTIONS:
        if not root.has(kind):
            continue
        for t in root.tables(kind):
            line = locate(root.text_of_file, t.path) if root.text_of_file else None
            rule = _rule(t, kind, line)
            if any(r.id == rule.id for r in rules):
                t.fail(f"duplicate id {rule.id!r}: items, deductions and bonuses share one list of ids", "id")
            rules.append(rule)
    if not rules:
        root.fail("a scheme has at least one [[item]], [[deduction]] or [[bonus]]", "item")
    root.done()
    return Scheme(
        id=scheme_id,
        title=title,
        title_en=title_en,
        illustrative=illustrative,
        policy=policy,
        rules=tuple(rules),
        source=source,
    )


def load_scheme(path: str | os.PathLike[str] | None = None) -> Scheme:
    """Load an assessment scheme file; without a path, the package's illustrative example.

    The example, ``assessment-illustrative.toml``, is marked illustrative: its
    weights are invented, as the policy gives none.

    Examples
    --------
    >>> from jiceng_xiaofang.ledger import load_scheme
    >>> load_scheme().id
    'yuzhong-2023-assessment-illustrative'
    >>> load_scheme("no-such-scheme.toml")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.ledger.scheme.SchemeFileError: no-such-scheme.toml: cannot read the file (No such file or directory)
    """
    if path is None:
        from importlib.resources import files

        name = "assessment-illustrative.toml"
        raw = files("jiceng_xiaofang.data").joinpath(name).read_bytes()
        return parse_scheme(raw, source=f"<embedded {name}>")
    return parse_scheme(read_bytes(path, error=SchemeFileError), source=str(path))
