"""Growth: each workload that once grew faster than its data, at 10k, 100k (and 1M with --big) items.

Run ``python benchmarks/scale.py [--sizes 10000,100000] [--big] [--rounds 3]``.  For each workload and size the
package and a baseline a competent engineer would write run in paired, interleaved rounds; printed are the
seconds of each (median), the ratio (median and minimum of the per-round ratios), the time per item, and the
growth: how much the time per item rose from the smallest size to the largest (1.0 is linear; the goal is at
most 1.3 per 4x of data, and nothing above n log n).

The workloads (issue 16), each with its baseline:

- ``hazard append``: a HazardLog appended one event at a time (every event checked against its hazard's
  history) / a list and a dict of per-hazard lists, appended without checks.
- ``hazard read``: parse_hazard_log of a JSON Lines log (every event checked once) / json.loads of each line.
- ``district load``: parse_district of n units (communities, compounds and grids, listed deepest first, so each
  waits for its parent) with a tenure each / tomllib.loads of the same text.
- ``chains``: responsibility_chain of 1,000 compounds in a district of n units with a tenure each / a walk up
  a parent dict, taking the first holder of each level from a dict of (unit, role) -> persons.
- ``due report``: due_report of n targets each inspected once / a dict of each target's last day and the end
  of the quarter after it.
- ``ledger record``: Ledger.record one entry at a time / list.append.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import paired, ratios

import jiceng_xiaofang as jx
from jiceng_xiaofang import hazards as jh

Case = tuple[Callable[[], object], Callable[[], object]]
CST = jh.CHINA_STANDARD_TIME


# -- hazards ---------------------------------------------------------------------------------------------------


def _template_lines() -> list[str]:
    """The JSON lines of one hazard's closed loop in the sample district (6 events), id HZ-T."""
    at = dt.datetime(2024, 5, 6, 9, tzinfo=CST)
    report = jh.HazardReport(
        id="HZ-T",
        category="fire_lane_blocked",
        description="消防车通道堆放杂物",
        channel="hotline_12345",
        reported_at=at,
        grid="解放碑街道/示例甲社区/第1网格",
        place="示例花园小区",
        place_kind="compound",
    )
    h = jx.report_hazard(report, district=jx.sample_district(), by="网格员")
    h = h.dispatch(by="网格员", at=at + dt.timedelta(hours=1))
    h = h.start_rectification(deadline="P3D", by="网格员", at=at + dt.timedelta(hours=2))
    h = h.mark_rectified(by="网格员", at=at + dt.timedelta(days=1))
    h = h.verify(by="社区", at=at + dt.timedelta(days=1, hours=2))
    h = h.close(by="社区", at=at + dt.timedelta(days=2))
    return [jh.event_to_json(e) for e in h.events]


def hazard_text(n: int) -> str:
    """About n events: whole closed loops of distinct hazards, interleaved in blocks of 100 hazards."""
    template = _template_lines()
    lines = []
    hazards = max(1, n // len(template))
    for block in range(0, hazards, 100):
        ids = [f"HZ-{i}" for i in range(block, min(block + 100, hazards))]
        for line in template:
            lines.extend(line.replace('"HZ-T"', f'"{i}"') for i in ids)
    return "\n".join(lines) + "\n"


def hazard_append(n: int) -> Case:
    policy = jx.load_policy()
    events = jh.parse_hazard_log(hazard_text(n), policy=policy).check().events

    def package() -> object:
        log = jh.HazardLog(policy=policy)
        for e in events:
            log = log.append(e)
        return log

    def baseline() -> object:
        seq: list[object] = []
        by: dict[str, list[object]] = {}
        for e in events:
            seq.append(e)
            by.setdefault(e.hazard, []).append(e)
        return seq

    return package, baseline


def hazard_read(n: int) -> Case:
    policy = jx.load_policy()
    text = hazard_text(n)
    return (
        lambda: jh.parse_hazard_log(text, policy=policy).log,
        lambda: [json.loads(line) for line in text.splitlines()],
    )


# -- the organisation ------------------------------------------------------------------------------------------

HEAD = """format = 1
[district]
name = "示例区"
name_en = "Example District"
code = "990001"
source = "synthetic"
confidence = "illustrative"
"""


def district_text(n: int) -> str:
    """n units (about 1 community : 4 compounds : 1 grid) under 20 streets, deepest listed first, a tenure each."""
    streets = "".join(
        f'[[street]]\nname = "街道{s}"\nname_en = "S{s}"\ncode = "990001{s:03d}"\n' for s in range(20)
    )
    communities = max(1, n // 6)
    units: list[str] = []
    tenures: list[str] = []
    for c in range(communities):
        street = f"街道{c % 20}"
        community = f"c{c}"
        for k in range(4):
            units.append(
                f'[[unit]]\nkind = "compound"\nname = "小区{k}"\nparent = "{community}"\nid = "{community}-{k}"\n'
            )
            tenures.append(
                f'[[tenure]]\nperson = "p{c % 1000}"\nunit = "{community}-{k}"\nrole = "compound_fire_warden"\nstart = 2023-01-01\n'
            )
        units.append(
            f'[[unit]]\nkind = "grid"\nname = "网格"\nparent = "{community}"\nid = "{community}-g"\n'
        )
        units.append(
            f'[[unit]]\nkind = "community"\nname = "社区{c}"\nparent = "{street}"\nid = "{community}"\n'
        )
        tenures.append(
            f'[[tenure]]\nperson = "p{c % 1000}"\nunit = "{community}"\nrole = "community_main_head"\nstart = 2023-01-01\n'
        )
    persons = "".join(f'[[person]]\nid = "p{i}"\nname = "人{i}"\n' for i in range(min(1000, communities)))
    return HEAD + streets + "".join(units) + persons + "".join(tenures)


def district_load(n: int) -> Case:
    text = district_text(n)
    return (lambda: jx.parse_district(text, source="d.toml"), lambda: tomllib.loads(text))


def chains(n: int) -> Case:
    district = jx.parse_district(district_text(n), source="d.toml")
    on = dt.date(2024, 7, 1)
    rng = random.Random(3)
    compounds = [u.id for u in district.units if u.kind == "compound"]
    leaves = [rng.choice(compounds) for _ in range(1000)]
    parent = {u.id: u.parent for u in district.units} | {s.code: district.code for s in district.streets}
    holders: dict[str, list[str]] = {}
    for t in district.tenures:
        if t.active(on):
            holders.setdefault(t.unit, []).append(district.person(t.person).name)

    def baseline() -> object:
        found = []
        for leaf in leaves:
            chain, ref = [], leaf
            while ref is not None:
                if ref in holders:
                    chain.append(holders[ref][0])
                ref = parent.get(ref)
            found.append(chain)
        return found

    return (lambda: [jx.responsibility_chain(district, leaf, on=on) for leaf in leaves], baseline)


# -- duties and the ledger -------------------------------------------------------------------------------------


def due(n: int) -> Case:
    from jiceng_xiaofang.schedule import InspectionLog, due_report, load_obligations
    from jiceng_xiaofang.schedule.model import InspectionRecord

    obligations = load_obligations()
    records = tuple(
        InspectionRecord(
            target=f"T{i}",
            by="x",
            date=dt.date(2024, 1 + i % 12, 1 + i % 28),
            obligation="police_station_listed_units",
        )
        for i in range(n)
    )
    log = InspectionLog(records)
    on = dt.date(2025, 6, 1)

    def baseline() -> object:
        last: dict[str, dt.date] = {}
        for r in records:
            if r.date > last.get(r.target, dt.date.min):
                last[r.target] = r.date
        rows = {}
        for target, day in last.items():
            quarter_end_month = (day.month - 1) // 3 * 3 + 6
            year = day.year + (quarter_end_month - 1) // 12
            month = (quarter_end_month - 1) % 12 + 1
            end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
            rows[target] = "overdue" if on > end else "met"
        return rows

    return (lambda: due_report(obligations, log, on=on), baseline)


def ledger_record(n: int) -> Case:
    from jiceng_xiaofang.ledger import Entry, Ledger

    empty = Ledger(jx.load_policy(), jx.yuzhong())
    entries = [
        Entry("inspection", dt.date(2024, 1, 1) + dt.timedelta(days=i // 50), by="区消安办", done=str(i))
        for i in range(n)
    ]

    def package() -> object:
        ledger = empty
        for e in entries:
            ledger = ledger.record(e)
        return ledger

    def baseline() -> object:
        seq: list[object] = []
        for e in entries:
            seq.append(e)
        return seq

    return package, baseline


WORKLOADS: dict[str, Callable[[int], Case]] = {
    "hazard append": hazard_append,
    "hazard read": hazard_read,
    "district load": district_load,
    "chains": chains,
    "due report": due,
    "ledger record": ledger_record,
}


def run(sizes: list[int], rounds: int, only: list[str]) -> list[str]:
    lines = []
    for name, make in WORKLOADS.items():
        if only and name not in only:
            continue
        per_item: list[float] = []
        for n in sizes:
            package, baseline = make(n)
            times = paired({"package": package, "baseline": baseline}, rounds if n < 1_000_000 else 1)
            ours, theirs = statistics.median(times["package"]), statistics.median(times["baseline"])
            median, least = ratios(times["package"], times["baseline"])
            items = 1000 if name == "chains" else n
            per_item.append(ours / items if name != "chains" else ours)
            lines.append(
                f"{name:14} n={n:>9,}: package {ours:8.3f} s, baseline {theirs:8.3f} s; ratio median {median:6.1f}x,"
                f" min {least:6.1f}x; {ours / items * 1e6:8.1f} us per item"
            )
            print(lines[-1], flush=True)
        for i in range(1, len(sizes)):
            a, b, na, nb = per_item[i - 1], per_item[i], sizes[i - 1], sizes[i]
            lines.append(f"{name:14} growth of the time per item from {na:,} to {nb:,}: x{b / a:.2f}")
            print(lines[-1], flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--big", action="store_true", help="add 1,000,000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="", help="workloads, comma separated")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] + ([1_000_000] if args.big else [])
    run(sizes, args.rounds, [w for w in args.only.split(",") if w])


if __name__ == "__main__":
    main()
