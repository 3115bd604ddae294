"""Benchmark: jx.diff of two 24-clause policies, against a hand-written clause-by-clause difflib.

Used by benchmarks/run.py.  The baseline compares the clauses of the same id and character-diffs the texts that
differ (what a script would do), without moved clauses, requirements, bodies or anything else.
"""

from __future__ import annotations

import difflib
import timeit

import attrs

import jiceng_xiaofang as jx


def _revised(policy: jx.Policy) -> jx.Policy:
    """A revision in memory: one clause reworded, one requirement tightened, one cooperating body dropped."""
    clauses = tuple(
        attrs.evolve(c, text=c.text.replace("不少于5人", "不少于6人", 1), cooperating=c.cooperating[:1])
        if c is policy.clauses[0]
        else c
        for c in policy.clauses
    )
    staff = next(r for r in policy.requirements if r.comparator == ">=" and r.clause == policy.clauses[0].id)
    requirements = tuple(attrs.evolve(r, value=r.value + 1) if r is staff else r for r in policy.requirements)  # type: ignore[operator]
    return attrs.evolve(policy, clauses=clauses, requirements=requirements)


def _renumbered(policy: jx.Policy) -> jx.Policy:
    """Every clause's text moved to the next id and its last characters changed: the worst case for matching."""
    texts = [c.text for c in policy.clauses]
    clauses = tuple(
        attrs.evolve(c, text=texts[(i + 1) % len(texts)][:-3] + "新增的话。")
        for i, c in enumerate(policy.clauses)
    )
    return attrs.evolve(policy, clauses=clauses)


def _by_hand(old: jx.Policy, new: jx.Policy) -> list[object]:
    after = {c.id: c.text for c in new.clauses}
    found: list[object] = []
    for clause in old.clauses:
        text = after.get(clause.id)
        if text is not None and text != clause.text:
            found.append(difflib.SequenceMatcher(None, clause.text, text, autojunk=False).get_opcodes())
    return found


def diff_rows(quick: bool) -> list[tuple[str, float, float, str, float]]:
    """(name, package seconds, baseline seconds, sense, goal) rows for the benchmark table."""
    policy = jx.load_policy()
    number, rounds = (3, 2) if quick else (20, 5)
    rows = []
    for name, other, sense, goal in (
        ("diff() of a revision vs clause-by-clause difflib", _revised(policy), "slower", 10.0),
        ("diff() all 24 clauses moved vs clause-by-clause", _renumbered(policy), "info", 0.0),
    ):
        jx.diff(policy, other)  # the obligations of each side are read once and kept by the policy
        ours = min(timeit.repeat(lambda o=other: jx.diff(policy, o), number=number, repeat=rounds)) / number
        base = min(timeit.repeat(lambda o=other: _by_hand(policy, o), number=number, repeat=rounds)) / number
        rows.append((name, ours, base, sense, goal))
    return rows
