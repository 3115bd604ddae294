"""Benchmarks of jiceng_xiaofang, each against a baseline run side by side in the same process.

Run ``python benchmarks/run.py`` (add ``--quick`` for a fast smoke run).  Each row times the
package's way and a hand-written baseline doing the same work, interleaved over several rounds
(the machines here are small and noisy), and prints the best round of each and their ratio.
Figures are recorded, with the machine they were taken on, in docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import subprocess
import sys
import timeit
from collections.abc import Callable

import jiceng_xiaofang as jx


def best_of(funcs: dict[str, Callable[[], object]], number: int, rounds: int) -> dict[str, list[float]]:
    """Seconds per call of each function in each of ``rounds`` interleaved rounds (the table pairs them)."""
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(rounds):
        for name, func in funcs.items():
            times[name].append(timeit.timeit(func, number=number) / number)
    return times


# --- 1. import ------------------------------------------------------------------------------------


def import_times(rounds: int) -> dict[str, list[float]]:
    """Wall time of a fresh interpreter importing each module, per round (interleaved)."""
    code = "import time, sys; t = time.perf_counter(); import {m}; print(time.perf_counter() - t)"
    found: dict[str, list[float]] = {"jiceng_xiaofang": [], "attrs": []}
    for _ in range(rounds):
        for module in found:
            out = subprocess.run(
                [sys.executable, "-c", code.format(m=module)], capture_output=True, text=True, check=True
            )
            found[module].append(float(out.stdout))
    return found


# --- 2. one check of a micro fire station -----------------------------------------------------------

STATION = dict(
    chief_post="party_branch_secretary",
    deputy_chief_post="two_committees_member",
    members=6,
    duty_shift_size=3,
    room_area=30.0,
    night_duty_beds=2,
    fire_motorcycles=1,
    extinguishers=4,
    branch_nozzles=2,
    hoses=2,
    helmets=6,
    fire_gloves=6,
    cutter_spreaders=1,
    external_landline=True,
    vehicle_movers=0,
    small_fire_engines=0,
    patrol_team=True,
    first_response_team=True,
    publicity_team=True,
    arrival_minutes=3.0,
)

# The same 21 rules, written by hand: (id, field, kind, threshold).
RULES = [
    ("micro_fire_station.chief_post", "chief_post", "==", "party_branch_secretary"),
    ("micro_fire_station.deputy_chief_post", "deputy_chief_post", "==", "two_committees_member"),
    ("micro_fire_station.members", "members", ">=", 6.0),
    ("micro_fire_station.room_area", "room_area", ">=", 30.0),
    ("micro_fire_station.night_duty_beds", "night_duty_beds", "present", None),
    ("micro_fire_station.fire_motorcycles", "fire_motorcycles", "present", None),
    ("micro_fire_station.extinguishers", "extinguishers", "present", None),
    ("micro_fire_station.branch_nozzles", "branch_nozzles", "present", None),
    ("micro_fire_station.hoses", "hoses", "present", None),
    ("micro_fire_station.helmets", "helmets", "present", None),
    ("micro_fire_station.fire_gloves", "fire_gloves", "present", None),
    ("micro_fire_station.cutter_spreaders", "cutter_spreaders", "present", None),
    ("micro_fire_station.external_landline", "external_landline", "present", None),
    ("micro_fire_station.vehicle_movers", "vehicle_movers", "present", None),
    ("micro_fire_station.small_fire_engines", "small_fire_engines", "present", None),
    ("micro_fire_station.patrol_team", "patrol_team", "present", None),
    ("micro_fire_station.first_response_team", "first_response_team", "present", None),
    ("micro_fire_station.publicity_team", "publicity_team", "present", None),
    ("national.micro_fire_station.chief", "chief_post", "present", None),
    ("national.micro_fire_station.duty_shift_size", "duty_shift_size", ">=", 3.0),
    ("national.micro_fire_station.arrival_minutes", "arrival_minutes", "<=", 3.0),
]
UNITS = {"room_area": "m**2", "arrival_minutes": "minute"}  # every other numeric field is a count


def plain_float_check(record: dict[str, object]) -> list[tuple[str, str]]:
    """Hand-written: compare floats, no objects, no units, no citations."""
    out = []
    for rule_id, field, kind, threshold in RULES:
        value = record.get(field)
        if value is None:
            status = "unknown"
        elif kind == ">=":
            status = "pass" if value >= threshold else "fail"  # type: ignore[operator]
        elif kind == "<=":
            status = "pass" if value <= threshold else "fail"  # type: ignore[operator]
        elif kind == "==":
            status = "pass" if value == threshold else "fail"
        else:
            status = "pass" if value else "fail"
        out.append((rule_id, status))
    return out


def _pint_check(
    record: dict[str, object], compare: Callable[[str, str, str, object], bool]
) -> list[tuple[str, str]]:
    """The statuses of the 21 rules, numbers compared by ``compare(rule_id, field, kind, value)`` with pint."""
    out = []
    for rule_id, field, kind, threshold in RULES:
        value = record.get(field)
        if value is None:
            status = "unknown"
        elif kind == "==" or isinstance(value, bool | str):
            status = (
                ("pass" if value == threshold else "fail") if kind == "==" else ("pass" if value else "fail")
            )
        else:
            status = "pass" if compare(rule_id, field, kind, value) else "fail"
        out.append((rule_id, status))
    return out


def pint_per_field_check(record: dict[str, object], ureg: object) -> list[tuple[str, str]]:
    """Naive: every numeric field becomes a pint Quantity, compared with a Quantity threshold made each time."""
    Q = ureg.Quantity  # type: ignore[attr-defined]
    thresholds = {rule_id: threshold for rule_id, _, _, threshold in RULES}

    def compare(rule_id: str, field: str, kind: str, value: object) -> bool:
        unit = UNITS.get(field, "count")
        measured = Q(value, unit)
        if kind == "present":
            return bool(measured >= Q(1, unit))
        required = Q(thresholds[rule_id], unit)
        return bool(measured >= required if kind == ">=" else measured <= required)

    return _pint_check(record, compare)


def pint_thresholds(ureg: object) -> dict[str, object]:
    """The thresholds as pint Quantities, made once (what a competent pint user does)."""
    Q = ureg.Quantity  # type: ignore[attr-defined]
    made: dict[str, object] = {}
    for rule_id, field, kind, threshold in RULES:
        if kind in (">=", "<=", "present"):
            made[rule_id] = Q(1 if kind == "present" else threshold, UNITS.get(field, "count"))
    return made


def pint_competent_check(
    record: dict[str, object], ureg: object, made: dict[str, object]
) -> list[tuple[str, str]]:
    """Competent: thresholds made once; each numeric value made a Quantity once per call and compared."""
    Q = ureg.Quantity  # type: ignore[attr-defined]
    values = {
        f: Q(v, UNITS.get(f, "count"))
        for f, v in record.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }

    def compare(rule_id: str, field: str, kind: str, value: object) -> bool:
        measured, required = values[field], made[rule_id]
        return bool(measured <= required if kind == "<=" else measured >= required)

    return _pint_check(record, compare)


def check_times(number: int, rounds: int) -> dict[str, float]:
    from jiceng_xiaofang.units import setup_registry

    record = jx.MicroFireStation(**STATION)  # type: ignore[arg-type]
    policy = jx.load_policy()
    on = dt.date(2024, 7, 1)
    ureg = setup_registry()
    plain = dict(STATION)
    made = pint_thresholds(ureg)
    ours = [(f.id, f.status) for f in jx.check(record, policy, on)]
    assert ours == plain_float_check(plain) == pint_per_field_check(plain, ureg), "the three must agree"
    assert ours == pint_competent_check(plain, ureg, made), "the competent pint version must agree"
    return best_of(
        {
            "check": lambda: jx.check(record, policy, on),
            "check+findings": lambda: jx.check(record, policy, on).findings,
            "record+check": lambda: jx.check(jx.MicroFireStation(**STATION), policy, on),  # type: ignore[arg-type]
            "plain": lambda: plain_float_check(plain),
            "pint": lambda: pint_per_field_check(plain, ureg),
            "pint competent": lambda: pint_competent_check(plain, ureg, made),
        },
        number,
        rounds,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="few repetitions: a smoke run, not a measurement"
    )
    args = parser.parse_args()
    number, rounds, imports = (200, 3, 3) if args.quick else (5000, 7, 15)

    print(f"jiceng_xiaofang {jx.__version__} on Python {platform.python_version()}, {platform.machine()}")
    rows = []
    t = import_times(imports)
    rows.append(("import jiceng_xiaofang vs import attrs", t["jiceng_xiaofang"], t["attrs"], "slower", 1.5))
    c = check_times(number, rounds)
    rows.append(("check() micro station vs plain floats", c["check"], c["plain"], "slower", 10))
    rows.append(("check() + findings built vs plain floats", c["check+findings"], c["plain"], "slower", 10))
    rows.append(("check() micro station vs pint per field", c["check"], c["pint"], "faster", 20))
    # the fair one: both convert the record's values (the record built with its units), thresholds made once
    rows.append(
        ("record built + check() vs competent pint", c["record+check"], c["pint competent"], "report", None)
    )

    # 3. check_table on a national table of micro fire stations; 5. the same on Dask (benchmarks/bulk_checks.py)
    from bulk_checks import dask_times, table_times

    stations, big, parts = (10_000, 100_000, 4) if args.quick else (1_000_000, 10_000_000, 20)
    b = table_times(stations, 3 if args.quick else 7)
    rows.append((f"check_table {stations:,} stations vs numpy", b["check_table"], b["numpy"], "slower", 2))
    rows.append(("check_table peak memory vs input columns", b["peak_bytes"], b["input_bytes"], "memory", 3))
    rows.append(
        ("check_table peak memory vs numpy's own peak", b["peak_bytes"], b["numpy_peak_bytes"], "memory", 1.5)
    )
    d = dask_times(big, parts, 2 if args.quick else 3)
    notes = []
    if d is None:
        notes.append("check_dask: skipped, dask is not installed (pip install 'jiceng-xiaofang[dask]')")
    else:
        name = f"check_dask {big:,} rows/{parts} parts vs 1 process"
        rows.append((name, d["dask"], d["single"], "report", None))

    # 4. a national-size hierarchy and the upward chain of a compound (benchmarks/hierarchy.py)
    from hierarchy import hierarchy_rows

    for name, ours, base, sense, goal in hierarchy_rows(args.quick):
        rows.append(
            (name, ours, base, "report" if sense == "info" else sense, goal if sense != "info" else None)
        )

    # 6. drafting a policy file from the seed, and its growth (benchmarks/drafting.py)
    from drafting import growth_rows, seed_rows

    for found, note in (
        seed_rows(3 if args.quick else 15),
        growth_rows((1_000, 10_000) if args.quick else (1_000, 10_000, 30_000)),
    ):
        rows += found
        notes.append(note)
    # 6. the diff of two 24-clause policies (benchmarks/revisions.py)
    from revisions import diff_rows

    for name, ours, base, sense, goal in diff_rows(args.quick):
        rows.append(
            (name, ours, base, "report" if sense == "info" else sense, goal if sense != "info" else None)
        )

    # 7. appending to the hazard loop's stores at 1k/10k/100k events, and races and kills (benchmarks/store.py)
    from store import store_rows

    found_rows, store_notes = store_rows(args.quick)
    rows += found_rows
    notes += store_notes
    # 7. the committee's ledger: status and bulletin, Yuzhong and a 1,000-street district (benchmarks/ledger.py)
    from ledger import rows as ledger_rows

    found, ledger_notes = ledger_rows(args.quick)
    rows += found
    notes += ledger_notes

    print(f"{'benchmark':<48} {'package':>10} {'baseline':>10}  {'result':<17} goal")
    for name, ours_given, base_given, sense, goal in rows:
        # a row timed in rounds carries both lists: its figures are the medians, its ratio the median of the
        # per-round ratios (paired: round i of one with round i of the other), and the minimum ratio is shown too
        paired = isinstance(ours_given, list) and isinstance(base_given, list)
        ours = statistics.median(ours_given) if isinstance(ours_given, list) else ours_given
        base = statistics.median(base_given) if isinstance(base_given, list) else base_given
        if paired:
            each = [a / b for a, b in zip(ours_given, base_given, strict=True)]  # type: ignore[arg-type]
            ours, base = statistics.median(each) * base, base  # the ratio shown is the paired median
        if sense == "slower":
            result, met = f"{ours / base:.2f}x slower", ours / base <= goal
            target = f"<= {goal}x slower"
        elif sense == "under":
            result, met = f"{ours:.3f}s", ours < base
            target = f"< {base:g} s"
        elif sense == "memory":
            result, met = f"{ours / base:.2f}x", ours / base <= goal
            target = f"<= {goal}x"
        elif sense == "report" and ours == base:
            result, met, target = "(time only)", None, "no goal: measured"
        elif sense == "report":
            result, met = (
                (f"{base / ours:.2f}x faster" if ours <= base else f"{ours / base:.2f}x slower"),
                None,
            )
            target = "no goal: measured"
        else:
            result, met = f"{base / ours:.1f}x faster", base / ours >= goal
            target = f">= {goal}x faster"
        flag = "" if met is None else " (met)" if met else " (NOT MET)"
        unit = "B" if sense == "memory" else "s"
        if paired:
            flag += f"; paired rounds, min ratio {min(each):.2f}"
            ours = statistics.median(ours_given)  # type: ignore[arg-type]
        print(f"{name:<48} {show(ours, unit):>10} {show(base, unit):>10}  {result:<17} {target}{flag}")
    for note in notes:
        print(note)


def show(value: float, unit: str) -> str:
    """A time in s, ms or us, or a size in MiB."""
    if unit == "B":
        return f"{value / 2**20:.1f}MiB"
    if value >= 1:
        return f"{value:.2f}s"
    return f"{value * 1e3:.1f}ms" if value >= 1e-3 else f"{value * 1e6:.1f}us"


if __name__ == "__main__":
    main()
