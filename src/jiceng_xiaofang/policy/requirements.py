"""Read ``[[requirement]]`` tables: from a policy file (its own layer) and from baseline files.

A baseline file holds the requirements of a layer under the district policy,
such as the national standards it builds on::

    format = 1
    [layer]
    name = "national"
    title = "..."
    [[requirement]]
    id = "national.micro_fire_station.members"
    subject = "micro_fire_station"
    field = "members"
    comparator = ">="
    value = 5
    unit = "person"
    ...
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
import re
from collections.abc import Mapping, Sequence
from importlib import resources

import attrs

from .._toml import Table, parse_toml, read_bytes
from ..errors import PolicyFileError, XiaofangError
from ..units import CANONICAL_UNITS, DIMENSIONS
from ..vocabulary.provenance import CONFIDENCE_LEVELS
from ..vocabulary.records import OTHER_POST, RecordError, field_spec, record_type
from .model import COMPARATORS, LAYERS, STRENGTHS, Clause, Condition, Fact, Requirement

__all__ = ["BASELINES", "Baseline", "baseline_layers", "load_baseline", "load_baselines", "read_requirements"]

BASELINES = {"national": "national-baseline.toml"}
"""The embedded baseline layers, name -> packaged file (the package ships no municipal values)."""

Baseline = str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None
"""What ``load_policy(..., baseline=...)`` takes: one layer, several from the floor up, or ``None``.

A layer is the name of an embedded one (``"national"``) or the path of a
baseline file; several are given lowest first, such as
``("national", "municipal.toml")``.
"""

_CONDITION_COMPARATORS = (">", ">=", "<", "<=", "==")
_ID = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)+")


@attrs.frozen
class _Context:
    layer: str
    clauses: Mapping[str, Clause]
    facts: Mapping[str, Fact]
    body_names: frozenset[str]
    roles: tuple[str, ...] = ()


def _number(t: Table, name: str, *, required: bool = True) -> float | None:
    value = t.raw(name, required=required)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        t.fail(f"expected a finite number, got {value!r}", name)
    return float(value)


def _unit(t: Table, subject: str, field: str) -> str | None:
    spec = field_spec(subject, field)
    unit = t.text("unit", required=spec.dimension in DIMENSIONS and spec.dimension != "count")
    if unit is None:
        return spec.unit
    if unit not in CANONICAL_UNITS:
        t.fail(f"unknown unit {unit!r}; expected one of {', '.join(CANONICAL_UNITS)}", "unit")
    if CANONICAL_UNITS[unit] != spec.dimension:
        t.fail(
            f"{subject}.{field} is {spec.dimension} ({spec.unit}); the unit {unit!r} measures {CANONICAL_UNITS[unit]}",
            "unit",
        )
    return unit


def _condition(t: Table, subject: str) -> Condition | None:
    c = t.table("when", required=False)
    if c is None:
        return None
    field = c.req_text("field")
    try:
        spec = field_spec(subject, field)
    except RecordError as exc:
        c.fail(str(exc), "field")
    comparator = c.req_text("comparator")
    if comparator not in _CONDITION_COMPARATORS:
        c.fail(f"expected one of {', '.join(_CONDITION_COMPARATORS)}; got {comparator!r}", "comparator")
    raw = c.raw("value")
    if spec.dimension == "post":
        c.fail(f"{field} is a post; a condition compares a measured field or a yes/no flag", "field")
    if spec.dimension == "flag":
        if not isinstance(raw, bool) or comparator != "==":
            c.fail(f'{field} is a yes/no flag: write comparator = "==" and value = true or false', "value")
        value: float | bool = raw
    else:
        number = _number(c, "value")
        assert number is not None
        value = number
        unit = c.text("unit", required=False)
        if unit is not None and (unit not in CANONICAL_UNITS or CANONICAL_UNITS[unit] != spec.dimension):
            c.fail(f"{field} is measured in {spec.unit}; got unit {unit!r}", "unit")
    c.done()
    return Condition(field=field, comparator=comparator, value=value)


def _threshold(
    t: Table, subject: str, field: str, comparator: str, ctx: _Context
) -> tuple[float | str | None, float | None, str | None]:
    spec = field_spec(subject, field)
    if comparator == "present":
        if spec.dimension not in ("flag", "count", "post"):
            t.fail(
                f"'present' applies to a flag, a count or a post; {field} is {spec.dimension}", "comparator"
            )
        return None, None, None
    if comparator == "==":
        if spec.dimension != "post":
            t.fail(f"'==' compares posts; {field} is {spec.dimension}: use >=, <= or between", "comparator")
        post = t.req_text("value")
        posts = (*ctx.roles, OTHER_POST[0])
        if post not in posts:
            t.fail(
                f"expected a post: one of the policy's role codes ({', '.join(posts)}); got {post!r}", "value"
            )
        return post, None, None
    if spec.dimension in ("flag", "post"):
        t.fail(f"{field} is a {spec.dimension}: use 'present' or '=='", "comparator")
    if comparator == "between":
        low, high = _number(t, "value"), _number(t, "maximum")
        assert low is not None and high is not None
        if low > high:
            t.fail(f"maximum {high:g} is below value {low:g}", "maximum")
        return low, high, None
    if t.has("value_field"):
        other = t.req_text("value_field")
        try:
            other_spec = field_spec(subject, other)
        except RecordError as exc:
            t.fail(str(exc), "value_field")
        if other_spec.dimension != spec.dimension:
            t.fail(f"{other} is {other_spec.dimension}, {field} is {spec.dimension}", "value_field")
        return None, None, other
    return _number(t, "value"), None, None


def _norm(t: Table, comparator: str, value: float | str | None) -> float | None:
    """The top of the usual number beside a floor (明确1至2名: at least 1, norm 1 to 2)."""
    norm = _number(t, "norm", required=False)
    if norm is None:
        return None
    if comparator != ">=" or not isinstance(value, float):
        t.fail("a norm goes with a floor: comparator '>=' and a value", "norm")
    if norm < value:
        t.fail(f"the norm {norm:g} is below the floor {value:g}", "norm")
    return norm


def _deadline(t: Table, facts: Mapping[str, Fact]) -> dt.date | None:
    raw = t.raw("deadline", required=False)
    if raw is None:
        return None
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, str):
        fact = facts.get(raw)
        if fact is None or fact.kind != "date" or not isinstance(fact.value, dt.date):
            t.fail(f"expected a date or the id of a 'date' fact, got {raw!r}", "deadline")
        return fact.value
    t.fail(f"expected a date or the id of a 'date' fact, got {raw!r}", "deadline")


def _period(t: Table) -> tuple[dt.date | None, dt.date | None]:
    start = t.date("effective_from", required=False)
    end = t.date("effective_until", required=False)
    if start is not None and end is not None and end <= start:
        t.fail(
            f"effective_until {end} is not after effective_from {start}: a value is in force from "
            "effective_from up to the day before effective_until",
            "effective_until",
        )
    return start, end


def _requirement(t: Table, ctx: _Context) -> Requirement:
    requirement_id = t.req_text("id")
    if not _ID.fullmatch(requirement_id):
        t.fail(
            f"a requirement id is dotted lower-case words such as 'micro_fire_station.room_area', got {requirement_id!r}",
            "id",
        )
    subject = t.req_text("subject")
    try:
        record_type(subject)
    except RecordError as exc:
        t.fail(str(exc), "subject")
    field = t.req_text("field")
    try:
        field_spec(subject, field)
    except RecordError as exc:
        t.fail(str(exc), "field")
    comparator = t.req_text("comparator")
    if comparator not in COMPARATORS:
        t.fail(f"expected one of {', '.join(COMPARATORS)}; got {comparator!r}", "comparator")
    value, maximum, value_field = _threshold(t, subject, field, comparator, ctx)
    strength = t.req_text("strength")
    if strength not in STRENGTHS:
        t.fail(f"expected one of {', '.join(STRENGTHS)}; got {strength!r}", "strength")
    unit = _unit(t, subject, field) if comparator not in ("present", "==") else None
    clause = quote = None
    source = ""
    confidence = "policy"
    draft = False
    if ctx.layer == "district":
        draft = t.flag("draft", False)
        clause = t.req_text("clause")
        if clause not in ctx.clauses:
            t.fail(f"the requirement cites clause {clause!r}, which the policy does not have", "clause")
        quote = t.req_text("quote")
        if not ctx.clauses[clause].quotes(quote):
            t.fail(f"the quote is not in the text of clause {clause}: {quote!r}", "quote")
    else:
        for key in ("clause", "quote"):
            if t.has(key):
                t.fail(
                    f"a {ctx.layer} requirement cites its own document in source (a standard, or the"
                    " document and its article), not a clause of the district's policy: write them in source"
                    f" and leave out {key}",
                    key,
                )
        source = t.req_text("source")
        confidence = t.req_text("confidence")
        if confidence not in CONFIDENCE_LEVELS:
            t.fail(f"expected one of {', '.join(CONFIDENCE_LEVELS)}; got {confidence!r}", "confidence")
    responsible = t.texts("responsible", required=False)
    for i, name in enumerate(responsible):
        if name not in ctx.body_names:
            t.fail(f"unknown body name {name!r}: not in the policy's [[body]] directory", f"responsible[{i}]")
    if not responsible and clause is not None:
        responsible = ctx.clauses[clause].lead
    effective_from, effective_until = _period(t)
    requirement = Requirement(
        id=requirement_id,
        subject=subject,
        field=field,
        comparator=comparator,
        strength=strength,
        layer=ctx.layer,
        # a drafting tool names a candidate by its words; a person confirming it writes its names
        name_zh=t.text("name_zh", required=not draft) or quote or "",
        name_en=t.text("name_en", required=not draft) or "",
        value=value,
        maximum=maximum,
        value_field=value_field,
        unit=unit,
        clause=clause,
        quote=quote,
        source=source,
        confidence=confidence,
        deadline=_deadline(t, ctx.facts),
        responsible=responsible,
        when=_condition(t, subject),
        label=ctx.clauses[clause].label if clause is not None else "",
        norm=_norm(t, comparator, value),
        effective_from=effective_from,
        effective_until=effective_until,
        draft=draft,
    )
    t.done()
    return requirement


def read_requirements(
    tables: list[Table],
    *,
    layer: str,
    clauses: Mapping[str, Clause],
    facts: Mapping[str, Fact],
    body_names: frozenset[str],
    seen: set[str],
    roles: tuple[str, ...] = (),
) -> list[Requirement]:
    """Read the ``[[requirement]]`` tables of one layer (ids must be unique across ``seen``).

    The policy loader calls it with the tables of a policy or baseline file
    and what the policy defines so far: its clauses and facts by id, the
    names of its bodies and the codes of its roles (the posts a ``==``
    requirement may ask for).

    Examples
    --------
    >>> from jiceng_xiaofang._toml import parse_toml
    >>> from jiceng_xiaofang.errors import PolicyFileError
    >>> from jiceng_xiaofang.policy.requirements import read_requirements
    >>> root = parse_toml('''
    ... [[requirement]]
    ... id = "municipal.fire_lane.clear_width"
    ... subject = "fire_lane"
    ... field = "clear_width"
    ... comparator = ">="
    ... value = 4
    ... unit = "m"
    ... strength = "required"
    ... name_zh = "消防车通道净宽不小于4米"
    ... name_en = "fire lane clear width at least 4 m"
    ... source = "an example standard"
    ... confidence = "secondary"
    ... ''', source="r.toml", error=PolicyFileError)
    >>> seen = set()
    >>> [r] = read_requirements(root.tables("requirement"), layer="municipal", clauses={}, facts={},
    ...                         body_names=frozenset(), seen=seen)
    >>> r.layer, r.comparator, r.value, r.unit, seen
    ('municipal', '>=', 4.0, 'm', {'municipal.fire_lane.clear_width'})
    """
    ctx = _Context(layer=layer, clauses=clauses, facts=facts, body_names=body_names, roles=roles)
    found: list[Requirement] = []
    for t in tables:
        requirement = _requirement(t, ctx)
        if requirement.id in seen:
            t.fail(f"duplicate requirement id {requirement.id!r}", "id")
        _no_overlap(t, requirement, found)
        seen.add(requirement.id)
        found.append(requirement)
    return found


def _no_overlap(t: Table, requirement: Requirement, earlier: list[Requirement]) -> None:
    """Two values of one requirement (same key) in one layer must not be in force on a common day."""
    for other in earlier:
        if other.key != requirement.key or not (requirement.dated or other.dated):
            continue
        if requirement.overlaps(other):
            day = max(requirement.effective_from or dt.date.min, other.effective_from or dt.date.min)
            since = "on every day" if day == dt.date.min else f"from {day}"
            what = f"{requirement.strength} values of {requirement.subject}.{requirement.field} "
            what += requirement.comparator + (f" when {requirement.when}" if requirement.when else "")
            t.fail(
                f"requirement {requirement.id!r} overlaps {other.id!r}: both are {what}, in force together "
                f"{since}; "
                "dated values of one requirement need ranges that do not overlap (effective_until is the "
                "first day a value is no longer in force, the next value's effective_from)",
                "effective_from" if t.has("effective_from") else "id",
            )


@functools.cache
def _embedded_baseline(name: str) -> bytes:
    return resources.files("jiceng_xiaofang.data").joinpath(BASELINES[name]).read_bytes()


def _read_layer(baseline: str | os.PathLike[str]) -> tuple[Table, Table, str]:
    """A baseline file's root table, its ``[layer]`` table and the layer's name (checked)."""
    if isinstance(baseline, str) and baseline in BASELINES:
        raw, source = _embedded_baseline(baseline), f"<embedded {BASELINES[baseline]}>"
    elif isinstance(baseline, str | os.PathLike):
        raw, source = read_bytes(baseline, error=PolicyFileError), os.fspath(baseline)
    else:
        raise XiaofangError(
            f"baseline: expected {' or '.join(map(repr, BASELINES))} or the path of a baseline file,"
            f" got {baseline!r}"
        )
    root = parse_toml(raw, source=source, error=PolicyFileError)
    version = root.integer("format")
    if version != 1:
        root.fail(f"this package reads baseline format 1, the file has {version}", "format")
    head = root.table("layer")
    assert head is not None
    layer = head.req_text("name")
    if layer not in LAYERS or layer == "district":
        head.fail(
            f"a baseline layer is one of {', '.join(LAYERS[:-1])} (the district's own requirements are in its"
            f" policy file); got {layer!r}",
            "name",
        )
    head.text("title", required=False)
    head.done()
    return root, head, layer


def load_baseline(
    baseline: str | os.PathLike[str],
    *,
    clauses: Mapping[str, Clause],
    facts: Mapping[str, Fact],
    body_names: frozenset[str],
    seen: set[str],
    roles: tuple[str, ...] = (),
) -> list[Requirement]:
    """Read a baseline layer: an embedded one by name (``"national"``) or a baseline file.

    The other arguments are those of :func:`read_requirements`.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.policy.requirements import load_baseline
    >>> policy = jx.load_policy(baseline=None)
    >>> found = load_baseline(
    ...     "national",
    ...     clauses={c.id: c for c in policy.clauses},
    ...     facts={f.id: f for f in policy.facts},
    ...     body_names=frozenset(b.name for b in policy.bodies),
    ...     seen=set(),
    ... )
    >>> len(found), found[0].id, found[0].layer
    (18, 'national.micro_fire_station.chief', 'national')
    """
    root, _head, layer = _read_layer(baseline)
    return _layer_requirements(root, layer, clauses, facts, body_names, seen, roles)


def _layer_requirements(
    root: Table,
    layer: str,
    clauses: Mapping[str, Clause],
    facts: Mapping[str, Fact],
    body_names: frozenset[str],
    seen: set[str],
    roles: tuple[str, ...],
) -> list[Requirement]:
    found = read_requirements(
        root.tables("requirement"),
        layer=layer,
        clauses=clauses,
        facts=facts,
        body_names=body_names,
        seen=seen,
        roles=roles,
    )
    root.done()
    return found


def baseline_layers(baseline: Baseline) -> tuple[str | os.PathLike[str], ...]:
    """The layers a ``baseline=`` argument names, as a tuple, lowest first (``None`` names none).

    Examples
    --------
    >>> from jiceng_xiaofang.policy.requirements import baseline_layers
    >>> baseline_layers("national"), baseline_layers(None), baseline_layers(["national", "m.toml"])
    (('national',), (), ('national', 'm.toml'))
    >>> baseline_layers(3)
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.XiaofangError: baseline: expected 'national', the path of a baseline file, a sequence of them from the floor up, or None; got 3
    """
    if baseline is None:
        return ()
    if isinstance(baseline, str | os.PathLike):
        return (baseline,)
    if isinstance(baseline, Sequence) and all(isinstance(b, str | os.PathLike) for b in baseline):
        return tuple(baseline)
    raise XiaofangError(
        f"baseline: expected {' or '.join(map(repr, BASELINES))}, the path of a baseline file, a sequence of them"
        f" from the floor up, or None; got {baseline!r}"
    )


def load_baselines(
    baseline: Baseline,
    *,
    clauses: Mapping[str, Clause],
    facts: Mapping[str, Fact],
    body_names: frozenset[str],
    seen: set[str],
    roles: tuple[str, ...] = (),
) -> list[Requirement]:
    """Read the layers under a district policy, from the floor up: national, then municipal.

    ``baseline`` is what :func:`~jiceng_xiaofang.load_policy` takes: one
    layer (``"national"`` or a baseline file), several lowest first (such as
    ``("national", "municipal.toml")``), or ``None``.  Each layer may be
    given once, and in order: a layer under one already read, or a second
    layer of one name, is refused with a
    :class:`~jiceng_xiaofang.PolicyFileError` naming both files.  The other
    arguments are those of :func:`read_requirements`; requirement ids are
    unique across every layer.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.policy.requirements import load_baselines
    >>> policy = jx.load_policy(baseline=None)
    >>> context = dict(clauses={c.id: c for c in policy.clauses}, facts={f.id: f for f in policy.facts},
    ...                body_names=frozenset(b.name for b in policy.bodies))
    >>> len(load_baselines(("national",), seen=set(), **context))
    18
    >>> load_baselines(("national", "national"), seen=set(), **context)
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.PolicyFileError: <embedded national-baseline.toml>:8: layer.name: a second national layer: <embedded national-baseline.toml> is already the national layer; give each layer once, from the floor up (national, then municipal)
    """
    found: list[Requirement] = []
    read: dict[str, str] = {}  # layer -> the file it came from
    for item in baseline_layers(baseline):
        root, head, layer = _read_layer(item)
        if layer in read:
            head.fail(
                f"a second {layer} layer: {read[layer]} is already the {layer} layer; give each layer once,"
                f" from the floor up ({', '.join(LAYERS[:-1]).replace(', ', ', then ')})",
                "name",
            )
        above = [name for name in read if LAYERS.index(name) > LAYERS.index(layer)]
        if above:
            head.fail(
                f"the {layer} layer comes after the {above[0]} layer ({read[above[0]]}): give the layers from the"
                f" floor up ({', '.join(LAYERS[:-1]).replace(', ', ', then ')})",
                "name",
            )
        read[layer] = root.file
        found += _layer_requirements(root, layer, clauses, facts, body_names, seen, roles)
    return found
