"""Check 100,000 generated micro fire stations at once with check_table, and print the totals.

Run: python examples/bulk_check.py [ROWS]      (needs numpy: pip install 'jiceng-xiaofang[bulk]')

The stations are generated (ILLUSTRATIVE data, not a survey): numbers as a national table holds them, with
about 5 % of each column missing, room areas in square feet, posts by code or Chinese title, yes/no flags.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

import numpy as np

import jiceng_xiaofang as jx
from jiceng_xiaofang.standards import MicroFireStation, check_table

ON = dt.date(2024, 7, 1)
COUNTS = [f.name for f in MicroFireStation.fields() if f.dimension == "count"]  # the record's own schema
FLAGS = [f.name for f in MicroFireStation.fields() if f.dimension == "flag"]
STREETS = [street.name for street in jx.yuzhong().streets]


def generate(n: int, seed: int = 2023) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)

    def holes(x: np.ndarray) -> np.ndarray:
        x = x.astype(float)
        x[rng.random(n) < 0.05] = np.nan
        return x

    table: dict[str, np.ndarray] = {"street": rng.choice(STREETS, n)}
    for field in COUNTS:
        table[field] = holes(rng.integers(0, 9, n))
    table["members"] = holes(rng.integers(4, 10, n))
    table["room_area"] = holes(rng.uniform(250, 500, n).round())  # square feet
    table["arrival_minutes"] = holes(rng.uniform(1, 5, n).round(1))
    for field in FLAGS:
        table[field] = rng.choice(np.array(["有", "无", None], dtype=object), n, p=[0.92, 0.04, 0.04])
    titles = np.array(["社区支部书记", "party_branch_secretary", "other", None], dtype=object)
    table["chief_post"] = rng.choice(titles, n, p=[0.5, 0.4, 0.05, 0.05])
    deputies = np.array(["居“两委”成员", "two_committees_member", None], dtype=object)
    table["deputy_chief_post"] = rng.choice(deputies, n, p=[0.5, 0.45, 0.05])
    return table


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    table = generate(n)
    start = time.perf_counter()
    result = check_table(table, kind="micro_fire_station", units={"room_area": "ft^2"}, on=ON)
    elapsed = time.perf_counter() - start
    print(f"{result!r}, checked in {elapsed * 1e3:.0f} ms on {ON}")
    print()
    print(result.to_text())
    print()
    summary = result.summary()
    print(f"failing, due by the 2025 deadline: {summary.due} findings; overdue: {summary.overdue}")
    print()
    print(f"{'street':<10} {'stations':>8} {'failing':>8}")
    streets = table["street"]
    failing = result.status_codes == 1
    for street in STREETS:
        here = streets == street
        print(f"{street:<10} {int(here.sum()):>8} {int((here & failing).sum()):>8}")
    first = int(result.failing()[0])
    print()
    print(result.report(first).to_text(lang="zh"))


if __name__ == "__main__":
    main()
