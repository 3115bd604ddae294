"""The committee's ledger: status and bulletin of Yuzhong and of a 1,000-street district, and growth with entries.

Used by benchmarks/run.py, or alone:
``python benchmarks/ledger.py [--quick] [--growth 10000,100000,1000000] [--store 1000,10000,100000]``.

The baseline is what a competent engineer would write first: one pass over the entries keeping the latest
progress report of each (task, unit) dated on or before the day, then one row per task and lead unit with that
status and an overdue flag.  It reads no facility checks, no acceptance rule, no letters, rounds or assessment,
so the package is expected to be slower; the goals are absolute: Yuzhong (its 151 task-lead pairs, 11 streets, a
report each month for 3 years) in under 2 s, and a synthetic district of 1,000 streets (quarterly reports for 3
years, about 96,000 entries) in under 30 s, status and bulletin with the facility checks and a scheme.

Growth: ledgers of 10k, 100k and 1M entries of the 1,000-street district; building the ledger (every entry
checked), status and bulletin are timed and their time per entry compared (1.0 is linear).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from _timing import paired
from attrs import evolve as attrs_evolve

import jiceng_xiaofang as jx
from jiceng_xiaofang.ledger import Entry, Ledger, bulletin, ledger_status, load_scheme
from jiceng_xiaofang.org import District, Provenance, Street
from jiceng_xiaofang.standards import check_all, load_facilities, record_from_dict

Row = tuple[str, float, float, str, float | None]
FACILITIES = Path(__file__).resolve().parents[1] / "examples" / "data" / "ledger-facilities.toml"
START = dt.date(2023, 3, 1)
ON = dt.date(2025, 12, 31)


def synthetic_district(streets: int) -> District:
    """An invented district of ``streets`` streets (no communities): what 各街道办事处 expands to."""
    return District(
        name="示例区",
        name_en="Example District",
        code="990000",
        streets=tuple(
            Street(name=f"示例{i}街道", name_en=f"Street {i}", code=f"990000{i:04d}") for i in range(streets)
        ),
        units=(),
        provenance=Provenance(source="synthetic", confidence="illustrative"),
    )


def _months(start: dt.date, count: int) -> list[dt.date]:
    return [
        dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 25)
        for i in range(count)
    ]


def entries_for(ledger: Ledger, dates: list[dt.date], total: int | None = None, seed: int = 7) -> list[Entry]:
    """Progress reports of every task and lead unit on each date (or ``total`` of them spread over the pairs).

    Each stream runs not started, in progress, then completed at a random date; entries are in date order.
    """
    rng = random.Random(seed)
    pairs = [(t.id, r.unit) for t in ledger.policy.tasks for r in ledger.responsible(t.id, role="lead")]
    per_pair = len(dates) if total is None else max(1, -(-total // len(pairs)))
    steps = _spread(dates, per_pair)
    found: list[Entry] = []
    for task, unit in pairs:
        finish = rng.randrange(len(steps) // 2, len(steps) + len(steps) // 4)
        for i, day in enumerate(steps):
            if i > finish:
                break
            status = "not_started" if i == 0 else "completed" if i == finish else "in_progress"
            found.append(
                Entry("progress", day, by="联络员", task=task, unit=unit, status=status, done="推进")
            )
            if total is not None and len(found) >= total:
                break
        if total is not None and len(found) >= total:
            break
    for quarter in range(0, len(dates), 3):
        found.append(Entry("inspection", dates[quarter], by="办"))
    found.sort(key=lambda e: e.on)
    return found


def _spread(dates: list[dt.date], count: int) -> list[dt.date]:
    """``count`` dates in order over the span of ``dates`` (several a day when there are more than days)."""
    first, last = dates[0], dates[-1]
    span = (last - first).days
    return [first + dt.timedelta(days=span * i // max(1, count - 1)) for i in range(count)]


def facilities_for(district: District) -> list[object]:
    """A passing fire work station and community group for each street, and a failing one in every tenth."""
    records = []
    for i, street in enumerate(district.streets):
        records.append(
            record_from_dict(
                {
                    "kind": "fire_work_station",
                    "name": f"{street.name}消防工作站",
                    "street": street.name,
                    "staff": 3 if i % 10 == 0 else 6,
                    "established_fire_officers": 2,
                    "office_capacity": 6,
                    "chief_post": "street_deputy_in_charge",
                    "deputy_chief_post": "street_emergency_office_head",
                    "qualified_enforcement_officers": 2,
                }
            )
        )
        records.append(
            record_from_dict(
                {
                    "kind": "community_fire_work_group",
                    "name": f"{street.name}社区消防工作小组",
                    "street": street.name,
                    "leader_post": "community_main_head",
                    "staff": 2,
                    "compounds": 10,
                    "compounds_with_warden": 10,
                    "wardens_shown_publicly": True,
                }
            )
        )
    return records


def baseline(
    ledger: Ledger, pairs: list[tuple[str, str]], deadline: dt.date, on: dt.date
) -> list[tuple[str, str, str, bool]]:
    """The hand-written pass: latest progress report per (task, unit), one row per pair, overdue or not."""
    latest: dict[tuple[str, str], str] = {}
    for e in ledger.entries:
        if e.kind == "progress" and e.on <= on:
            latest[(e.task, e.unit)] = e.status
    rows = []
    for pair in pairs:
        status = latest.get(pair, "not_started")
        rows.append((pair[0], pair[1], status, on > deadline and status != "completed"))
    return rows


def _case(
    ledger: Ledger, checks_of: Callable[[], object], rounds: int
) -> tuple[dict[str, list[float]], list[float]]:
    policy = ledger.policy
    scheme = load_scheme()
    deadline = policy.fact(policy.ledger.deadline).value
    assert isinstance(deadline, dt.date)
    pairs = [(t.id, r.unit) for t in policy.tasks for r in ledger.responsible(t.id, role="lead")]
    base = baseline(ledger, pairs, deadline, ON)
    report = ledger_status(ledger, on=ON)
    assert [(r.task, r.unit, r.status) for r in report.rows] == [(t, u, s) for t, u, s, _ in base]
    times = paired(
        {
            "status": lambda: ledger_status(ledger, on=ON, checks=checks_of()),
            "bulletin": lambda: bulletin(ledger, "2025Q4", checks=checks_of(), scheme=scheme).to_markdown(),
            "baseline": lambda: baseline(ledger, pairs, deadline, ON),
        },
        rounds,
    )
    both = [s + b for s, b in zip(times["status"], times["bulletin"], strict=True)]
    return times, both


def rows(quick: bool) -> tuple[list[Row], list[str]]:
    """The benchmark table's rows and notes: Yuzhong, the 1,000-street district."""
    policy = jx.load_policy()
    found: list[Row] = []
    notes: list[str] = []
    cases = [("Yuzhong 151 pairs x 36 months", jx.yuzhong(), 36, 2.0)]
    streets = 100 if quick else 1000
    cases.append((f"{streets:,}-street district x 12 quarters", synthetic_district(streets), 12, 30.0))
    for name, district, months, goal in cases:
        ledger0 = Ledger(policy, district)
        dates = _months(START, 36)
        entries = entries_for(ledger0, dates if months == 36 else dates[::3])
        start = time.perf_counter()
        ledger = ledger0.record(*entries)
        built = time.perf_counter() - start
        records = facilities_for(district) if district.name == "示例区" else list(load_facilities(FACILITIES))

        def checks_of(records: list[object] = records) -> object:
            return check_all(records, policy, ON)  # type: ignore[arg-type]

        times, both = _case(ledger, checks_of, 2 if quick else 5)
        ratios = [a / b for a, b in zip(both, times["baseline"], strict=True)]
        label = f"{name} ({len(ledger):,} entries)"
        found.append((f"status+bulletin {label}"[:48], statistics.median(both), goal, "under", None))
        found.append(
            (
                f"status vs latest-report dict, {name}"[:48],
                statistics.median(times["status"]),
                statistics.median(times["baseline"]),
                "report",
                None,
            )
        )
        notes.append(
            f"{label}: ledger built (every entry checked) in {built:.2f} s; status {statistics.median(times['status']):.3f} s,"
            f" bulletin {statistics.median(times['bulletin']):.3f} s (median; with {len(records):,} facility checks and the"
            f" illustrative scheme); baseline {statistics.median(times['baseline']) * 1e3:.1f} ms; ratio of status+bulletin"
            f" to the baseline: median {statistics.median(ratios):.0f}x, min {min(ratios):.0f}x"
        )
    return found, notes


def growth(sizes: tuple[int, ...], streets: int = 1000) -> list[str]:
    """Time per entry of building, status and bulletin for ledgers of each size (1.0 from first to last is linear)."""
    policy = jx.load_policy()
    empty = Ledger(policy, synthetic_district(streets))
    dates = _months(START, 34)
    lines = []
    per: dict[str, list[float]] = {"build": [], "status": [], "bulletin": []}
    for n in sizes:
        entries = entries_for(empty, dates, total=n)
        gc.collect()
        start = time.perf_counter()
        ledger = empty.record(*entries)
        built = time.perf_counter() - start
        start = time.perf_counter()
        ledger_status(ledger, on=ON)
        status = time.perf_counter() - start
        start = time.perf_counter()
        bulletin(ledger, "2025Q4", scheme=load_scheme())
        made = time.perf_counter() - start
        for key, value in (("build", built), ("status", status), ("bulletin", made)):
            per[key].append(value / len(ledger))
        lines.append(
            f"growth {len(ledger):,} entries: build {built:.2f} s, status {status:.2f} s, bulletin+assess {made:.2f} s"
            f" ({built / len(ledger) * 1e6:.1f} / {status / len(ledger) * 1e6:.1f} / {made / len(ledger) * 1e6:.1f} us per entry)"
        )
        del ledger, entries
    for key, values in per.items():
        lines.append(
            f"growth per-entry time of {key}: x{values[-1] / values[0]:.2f} from {sizes[0]:,} to {sizes[-1]:,} entries"
        )
    return lines


def store_growth(sizes: tuple[int, ...], records: int = 100, streets: int = 100) -> list[str]:
    """Recording one entry per call through a LedgerStore holding n entries, against a raw append.

    For each n the store is filled with n checked entries in one append, opened afresh (its first read checks
    all n), then ``records`` entries are recorded one call each, interleaved with the baseline: the same
    payload appended to another stream of a second store with the number the writer keeps (no checks, no read).
    The cost per record must not grow with n.
    """
    import tempfile

    from jiceng_xiaofang.ledger import LEDGER_STREAMS, LedgerStore, entry_to_json
    from jiceng_xiaofang.store import StreamKind, open_store

    raw_kind = StreamKind("raw", stream_key="policy", seq_key="seq")
    policy = jx.load_policy()
    district = synthetic_district(streets)
    empty = Ledger(policy, district)
    dates = _months(START, 34)
    lines = []
    per: dict[str, list[float]] = {}
    for scheme in ("sqlite", "jsonl"):
        for n in sizes:
            with tempfile.TemporaryDirectory() as folder:
                target = Path(folder, f"ledger.{scheme}")
                filled = empty.record(*entries_for(empty, dates, total=n))
                with open_store(target, kind=LEDGER_STREAMS) as store:
                    store.append(
                        LEDGER_STREAMS,
                        policy.document.id,
                        [entry_to_json(e, policy=policy.document.id) for e in filled],
                        expected=1,
                    )
                last = filled.entries[-1].seq
                start = time.perf_counter()
                ledger_store = LedgerStore(target, policy, district)
                ledger_store.ledger()
                opened = time.perf_counter() - start
                raw = open_store(Path(folder, f"raw.{scheme}"), kind=raw_kind)
                ours: list[float] = []
                theirs: list[float] = []
                for i in range(records):
                    entry = Entry("inspection", ON, by="办", done=f"round {i}")
                    gc.collect()
                    start = time.perf_counter()
                    ledger_store.record(entry)
                    ours.append(time.perf_counter() - start)
                    payload = entry_to_json(attrs_evolve(entry, seq=i + 1, rule="inspection"), policy="raw")
                    start = time.perf_counter()
                    raw.append(raw_kind, "raw", [payload], expected=i + 1)
                    theirs.append(time.perf_counter() - start)
                assert len(ledger_store.ledger()) == last + records
                ledger_store.close()
                raw.close()
            ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
            per.setdefault(scheme, []).append(statistics.median(ours))
            lines.append(
                f"store {scheme} holding {last:,} entries: opened and read in {opened:.2f} s; a record"
                f" {statistics.median(ours) * 1e3:.2f} ms (median), raw append {statistics.median(theirs) * 1e3:.2f} ms;"
                f" ratio median {statistics.median(ratios):.1f}x, min {min(ratios):.1f}x, max {max(ratios):.1f}x"
            )
    for scheme, values in per.items():
        lines.append(
            f"store {scheme}: a record's median time x{values[-1] / values[0]:.2f} from {sizes[0]:,} to {sizes[-1]:,} entries"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--growth", default="", help="sizes, such as 10000,100000,1000000")
    parser.add_argument(
        "--store", default="", help="ledger sizes for recording through a store, such as 1000,100000"
    )
    args = parser.parse_args()
    found, notes = rows(args.quick)
    for row in found:
        print(row)
    for note in notes:
        print(note)
    if args.growth:
        for line in growth(tuple(int(x) for x in args.growth.split(","))):
            print(line)
    if args.store:
        for line in store_growth(tuple(int(x) for x in args.store.split(","))):
            print(line)


if __name__ == "__main__":
    main()
