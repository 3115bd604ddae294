"""Read an obligations file (TOML) into a validated :class:`ObligationSet`, checked against its policy."""

from __future__ import annotations

import datetime as dt
import os
import re

from .._toml import Table, parse_toml, read_bytes
from ..errors import NotFoundError, ScheduleFileError, XiaofangError
from ..policy.load import load_policy
from ..policy.model import Fact, Policy
from ..vocabulary.citations import Reference
from .model import METHODS, SCOPES, STRENGTHS, TIMINGS, Obligation, ObligationSet
from .periods import READINGS, Frequency

__all__ = ["OBLIGATIONS_FORMAT_VERSION", "load_obligations", "parse_obligations"]

OBLIGATIONS_FORMAT_VERSION = 1
"""The obligations file format this version of the package reads."""

_ID = re.compile(r"[a-z][a-z0-9_]*")


def load_obligations(
    path: str | os.PathLike[str] | None = None, *, policy: Policy | None = None
) -> ObligationSet:
    """Load obligations: those of a policy (its ``obligations`` file), or a file in the same format.

    Every obligation is checked against the policy: its clause exists, its
    quote is in that clause's text, its bodies are in the body directory, and
    its period or deadline is taken from the policy fact it names.

    Parameters
    ----------
    path
        An obligations TOML file.  Without it, the file the policy names
        (a policy that names none has no obligations).
    policy
        The policy the obligations cite; the embedded policy by default.

    Raises
    ------
    ScheduleFileError
        The file is missing, is not TOML, or breaks the format or the policy;
        the message names the file and the key path.

    Examples
    --------
    >>> from jiceng_xiaofang.schedule import load_obligations
    >>> obligations = load_obligations()
    >>> [(ob.clause, ob.timing) for ob in obligations][:3]
    [('3.5', 'every'), ('3.3', 'every'), ('3.3', 'unscheduled')]
    >>> obligations is load_obligations()
    True
    """
    if path is None:
        policy = load_policy() if policy is None else policy
        return policy.memo("obligations", lambda: _of(policy))
    return parse_obligations(read_bytes(path, error=ScheduleFileError), source=str(path), policy=policy)


def _of(policy: Policy) -> ObligationSet:
    if policy.obligations_source is None:
        return ObligationSet(obligations=(), policy=policy.document.id, source=policy.source)
    source, raw = policy.obligations_source
    return parse_obligations(raw, source=source, policy=policy)


def parse_obligations(
    data: bytes | str, *, source: str = "<string>", policy: Policy | None = None
) -> ObligationSet:
    r"""Parse and validate the text of an obligations file against a policy (the embedded one by default).

    Examples
    --------
    >>> from jiceng_xiaofang.schedule import parse_obligations
    >>> parse_obligations('format = 1\npolicy = "other-2024"\nobligation = []', source="o.toml")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.ScheduleFileError: o.toml:2: policy: the obligations are for policy 'other-2024', not 'yuzhong-2023'
    """
    policy = load_policy() if policy is None else policy
    root = parse_toml(data, source=source, error=ScheduleFileError)
    version = root.integer("format")
    if version != OBLIGATIONS_FORMAT_VERSION:
        root.fail(
            f"this package reads obligations format {OBLIGATIONS_FORMAT_VERSION}, the file has {version}",
            "format",
        )
    policy_id = root.req_text("policy")
    if policy_id != policy.document.id:
        root.fail(f"the obligations are for policy {policy_id!r}, not {policy.document.id!r}", "policy")
    obligations: dict[str, Obligation] = {}
    for t in root.tables("obligation"):
        ob = _obligation(t, policy)
        if ob.id in obligations:
            t.fail(f"duplicate obligation id {ob.id!r}", "id")
        obligations[ob.id] = ob
    root.done()
    return ObligationSet(obligations=tuple(obligations.values()), policy=policy_id, source=source)


def _clause(t: Table, policy: Policy) -> str:
    clause = t.req_text("clause")
    if clause not in {c.id for c in policy.clauses}:
        t.fail(f"the obligation cites clause {clause!r}, which the policy does not have", "clause")
    return clause


def _quote(t: Table, policy: Policy, clause: str) -> str:
    quote = t.req_text("quote")
    if not policy.clause(clause).quotes(quote):
        t.fail(f"the quote is not in the text of clause {clause}: {quote!r}", "quote")
    return quote


def _fact(t: Table, policy: Policy, clause: str) -> Fact | None:
    fact_id = t.text("fact", required=False)
    if fact_id is None:
        return None
    try:
        fact = policy.fact(fact_id)
    except NotFoundError as exc:
        t.fail(str(exc), "fact")
    if fact.clause != clause:
        t.fail(f"the fact {fact_id!r} is from clause {fact.clause}, not {clause}", "fact")
    return fact


def _texts(t: Table, name: str) -> tuple[str, ...]:
    values = t.texts(name)
    if not values:
        t.fail("expected at least one name", name)
    return values


def _obligation(t: Table, policy: Policy) -> Obligation:
    ob_id = t.req_text("id")
    if not _ID.fullmatch(ob_id):
        t.fail(f"an obligation id is snake_case such as 'district_quarterly_check', got {ob_id!r}", "id")
    clause = _clause(t, policy)
    quote = _quote(t, policy, clause)
    who = _texts(t, "who")
    for i, name in enumerate(who):
        try:
            policy.body(name)
        except NotFoundError as exc:
            t.fail(f"'who' names bodies of the policy's [[body]] directory: {exc}", f"who[{i}]")
    targets = _texts(t, "targets")
    for i, target in enumerate(targets):
        if not policy.clause(clause).quotes(target):
            t.fail(f"the target {target!r} is not in the text of clause {clause}", f"targets[{i}]")
    scope = t.choice("scope", SCOPES)
    timing = t.choice("timing", TIMINGS)
    fact = _fact(t, policy, clause)
    frequency, deadline = _timing(t, timing, fact)
    reading = t.text("reading", required=False)
    if timing == "every" and reading is None:
        t.fail(f"an 'every' obligation states its reading: one of {', '.join(READINGS)}", "reading")
    if reading is not None and timing != "every":
        t.fail(f"only an 'every' obligation has a reading; this one is {timing!r}", "reading")
    if reading is not None and reading not in READINGS:
        t.fail(f"expected one of {', '.join(READINGS)}; got {reading!r}", "reading")
    ob = Obligation(
        id=ob_id,
        clause=clause,
        quote=quote,
        who=who,
        targets=targets,
        scope=scope,
        timing=timing,
        method=t.choice("method", METHODS),
        strength=t.choice("strength", STRENGTHS),
        description_en=t.req_text("description_en"),
        frequency=frequency,
        deadline=deadline,
        reading=reading,
        fact=fact.id if fact else None,
        see_also=_see_also(t, policy, frequency, deadline),
        document=policy.document.id,
        clause_label=policy.clause(clause).label,
    )
    t.done()
    return ob


def _timing(t: Table, timing: str, fact: Fact | None) -> tuple[Frequency | None, dt.date | None]:
    period = t.text("period", required=False)
    deadline = t.date("deadline", required=False)
    if timing == "every":
        if deadline is not None:
            t.fail("an 'every' obligation has a period, not a deadline", "deadline")
        if fact is not None and period is not None:
            t.fail(f"the period comes from the fact {fact.id!r}; do not write it twice", "period")
        if fact is not None:
            if fact.kind != "period":
                t.fail(
                    f"an 'every' obligation takes its period from a 'period' fact; {fact.id!r} is {fact.kind!r}",
                    "fact",
                )
            return _frequency(t, "fact", str(fact.value)), None
        if period is None:
            t.fail(
                "an 'every' obligation needs its period: a 'period' fact (fact = ...) or period = 'P1Y'",
                "fact",
            )
        return _frequency(t, "period", period), None
    if period is not None:
        t.fail(f"only an 'every' obligation has a period; this one is {timing!r}", "period")
    if timing == "deadline":
        if fact is not None and deadline is not None:
            t.fail(f"the deadline comes from the fact {fact.id!r}; do not write it twice", "deadline")
        if fact is not None:
            if fact.kind != "date" or not isinstance(fact.value, dt.date):
                t.fail(
                    f"a 'deadline' obligation takes its date from a 'date' fact; {fact.id!r} is {fact.kind!r}",
                    "fact",
                )
            return None, fact.value
        if deadline is None:
            t.fail(
                "a 'deadline' obligation needs its date: a 'date' fact (fact = ...) or deadline = 2025-12-31",
                "fact",
            )
        return None, deadline
    if deadline is not None:
        t.fail(f"only a 'deadline' obligation has a deadline; this one is {timing!r}", "deadline")
    if fact is not None and fact.kind in ("period", "date"):
        t.fail(
            f"{timing!r} obligations have no period or deadline, but the fact {fact.id!r} is a {fact.kind!r}",
            "fact",
        )
    return None, None


def _frequency(t: Table, key: str, text: str) -> Frequency:
    try:
        return Frequency.parse(text)
    except XiaofangError as exc:
        t.fail(str(exc), key)


def _see_also(
    t: Table, policy: Policy, frequency: Frequency | None, deadline: dt.date | None
) -> tuple[Reference, ...]:
    if not t.has("see_also"):
        return ()
    refs = []
    for r in t.tables("see_also"):
        clause = _clause(r, policy)
        quote = _quote(r, policy, clause)
        fact = _fact(r, policy, clause)
        if fact is not None:
            if frequency is not None and (
                fact.kind != "period" or Frequency.parse(str(fact.value)) != frequency
            ):
                r.fail(
                    f"the fact {fact.id!r} ({fact.value}) disagrees with the obligation's period {frequency}",
                    "fact",
                )
            if deadline is not None and fact.value != deadline:
                r.fail(
                    f"the fact {fact.id!r} ({fact.value}) disagrees with the obligation's deadline {deadline}",
                    "fact",
                )
        refs.append(Reference(clause=clause, quote=quote, fact=fact.id if fact else None))
        r.done()
    return tuple(refs)
