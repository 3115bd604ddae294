"""Drafting a policy file from a published document: the seed against a hand-written regex reader, and growth.

The baseline is what a competent engineer would write in an afternoon: split the lines, take 一、 as a
section, （一） as a clause, cut the closing note off with one regular expression.  It reads no notice, no
annex, no points, no facts and checks nothing, so the package is expected to be slower; the figure says by how
much, and the absolute time of drafting the seed is held against the issue's goal (under 2 s).

Growth: synthetic documents of n clauses (each with a note, a number and a frequency, and an annex row each)
are drafted; the time per clause must not grow with n (nothing worse than n log n).
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

from _timing import paired

import jiceng_xiaofang as jx

SEED = Path(__file__).resolve().parents[1] / "tests" / "seed" / "yuzhong-2023-fire-governance-opinions.txt"
_SECTION = re.compile(r"([一二三四五六七八九十]+)、(.+)")
_CLAUSE = re.compile(r"（([一二三四五六七八九十]+)）(.+)")
_NOTE = re.compile(r"（责任单位：([^；）]*)(?:；配合单位：([^）]*))?）$")


def baseline(text: str) -> list[dict[str, object]]:
    """Sections and clauses with their notes: the obvious hand-written reader."""
    clauses: list[dict[str, object]] = []
    section = 0
    for line in text.splitlines():
        line = line.strip()
        if _SECTION.fullmatch(line):
            section += 1
            continue
        match = _CLAUSE.fullmatch(line)
        if match is None or not section:
            continue
        body = match.group(2)
        note = _NOTE.search(body)
        lead, coop = (
            ((note.group(1) or "").split("、"), (note.group(2) or "").split("、")) if note else ([], [])
        )
        clauses.append(
            {"section": section, "text": body[: note.start()] if note else body, "lead": lead, "coop": coop}
        )
    return clauses


def synthetic(clauses: int) -> str:
    """A document of ``clauses`` clauses: sections of 50 items of 7 points, a note, a count and a frequency each.

    Every item has an annex row.  (Each level numbers up to 99, so a big document is deep, not wide.)
    """
    from jiceng_xiaofang.vocabulary.citations import chinese_numeral as cn

    lines = ["重庆市某某区人民政府办公室", "2024年1月2日", "（此件公开发布）", "某某区消防工作实施方案"]
    rows = ["附件", "任务分解表", "", "\t项目", "\t工作任务", "\t责任单位", "\t配合单位", ""]
    note = "（责任单位：各街道办事处；配合单位：区应急局、区消防救援支队）"
    made = 0
    section = 0
    while made < clauses:
        section += 1
        lines.append(f"{cn(section)}、第{section}项重点工作")
        for item in range(1, 51):
            if made >= clauses:
                break
            made += 1
            title = f"落实第{section}-{item}项任务"
            lines.append(f"（{cn(item)}）{title}。各街道明确工作人员不少于{item % 9 + 2}人。{note}")
            rows += [
                f"\t第{section}项重点工作",
                f"\t{title}",
                "\t各街道办事处",
                "\t区应急局、区消防救援支队",
                "",
            ]
            for point in range(1, 8):
                if made >= clauses:
                    break
                made += 1
                lines.append(f"{point}.每季度至少检查一次，站房至少{20 + point}平方米。{note}")
    return "\n".join(lines + rows)


Row = tuple[str, float, float, str, float | None]


def seed_rows(rounds: int) -> tuple[list[Row], str]:
    """The benchmark table's rows for the seed, and a note with the paired ratios (median and minimum)."""
    text = SEED.read_text(encoding="utf-8")
    assert len(baseline(text)) == 24 == jx.draft_policy(text).clauses  # the two read the same clauses
    t = paired({"draft": lambda: jx.draft_policy(text), "baseline": lambda: baseline(text)}, rounds)
    d = paired({"draft+load": lambda: jx.draft_policy(text).load()}, rounds)["draft+load"]
    ratios = [a / b for a, b in zip(t["draft"], t["baseline"], strict=True)]
    note = (
        f"drafting the seed: {statistics.median(t['draft']) * 1e3:.1f} ms median, {min(t['draft']) * 1e3:.1f} ms min;"
        f" baseline {statistics.median(t['baseline']) * 1e3:.2f} ms; ratio median {statistics.median(ratios):.0f}x,"
        f" min {min(ratios):.0f}x slower (it reads the notice, annex and facts the baseline skips);"
        f" draft + load {statistics.median(d) * 1e3:.1f} ms median"
    )
    return [
        (
            "draft_policy(seed) vs regex sections+notes",
            statistics.median(t["draft"]),
            statistics.median(t["baseline"]),
            "report",
            None,
        ),
        ("draft_policy(seed) + load, goal < 2 s", statistics.median(d), 2.0, "under", None),
    ], note


def growth_rows(sizes: tuple[int, ...]) -> tuple[list[Row], str]:
    """The benchmark table's rows for documents of each size, and a note on the time per clause."""
    per: list[float] = []
    rows = []
    for n in sizes:
        text = synthetic(n)
        assert jx.draft_policy(text).clauses == n
        seconds = min(paired({"draft": lambda text=text: jx.draft_policy(text)}, 2)["draft"])  # type: ignore[misc]
        per.append(seconds / n)
        rows.append(
            (
                f"draft_policy {n:,} clauses ({len(text.encode()) / 2**20:.1f} MiB)",
                seconds,
                seconds,
                "report",
                None,
            )
        )
    growth = per[-1] / per[0]
    note = (
        f"drafting growth: {', '.join(f'{n:,}: {p * 1e6:.0f} us/clause' for n, p in zip(sizes, per, strict=True))};"
        f" per-clause time x{growth:.2f} from {sizes[0]:,} to {sizes[-1]:,} clauses (1.0 is linear)"
    )
    return rows, note


if __name__ == "__main__":
    print(seed_rows(7)[1])
    print(growth_rows((1_000, 10_000, 30_000))[1])
