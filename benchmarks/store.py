"""Benchmark: appending to the hazard loop's stores at 1,000 / 10,000 / 100,000 events, and their reliability.

Used by benchmarks/run.py; ``python benchmarks/store.py [--quick] [--postgres URL]`` prints the details.

* **Append time.** One event appended to a hazard of a store already holding N events (10 per hazard), through
  :class:`jiceng_xiaofang.HazardStore` (it reads the hazard's history, replays the new event on it, appends with
  the sequence number it expects): SQLite, the JSON Lines file store, PostgreSQL when a server is given
  (``--postgres`` or ``JX_TEST_POSTGRES_URL``). The baseline is the old ``append_events`` (before the store): it
  read and replayed the whole file, then appended without a lock. The median of several appends is reported.
* **Reliability.** Races: 4 processes, each round reading the same hazard and appending its own next event at
  once; every round must have exactly one winner, every acknowledged event must be stored once, and the store
  must take one more event afterwards. Kills: a writer appending batches of 1,500 events is killed (SIGKILL) at a
  random moment; the store must reopen with every acknowledged batch, none in part, and take the next append.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import random
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jiceng_xiaofang as jx
from jiceng_xiaofang import hazards as jh
from jiceng_xiaofang.store import ConflictError, EventStore, PostgresStore, StreamKind, open_store

PER_HAZARD = 10
WORKERS = 4
BATCH = 1500
T = StreamKind("bench", stream_key="id")
BASE = dt.datetime(2024, 5, 6, 9, tzinfo=jh.CHINA_STANDARD_TIME)
GRID = "解放碑街道/示例甲社区/第1网格"


# -- stores -----------------------------------------------------------------------------------------------------


def postgres_url(given: str | None = None) -> str | None:
    return given or os.environ.get("JX_TEST_POSTGRES_URL") or None


def open_spec(spec: tuple[str, str, str | None]) -> EventStore:
    scheme, target, schema = spec
    if scheme == "postgresql":
        return PostgresStore(target, schema=schema)
    return open_store(target)


@contextmanager
def fresh(scheme: str, folder: Path, url: str | None) -> Iterator[tuple[str, str, str | None]]:
    """A new empty store of a scheme (a PostgreSQL schema dropped after)."""
    name = uuid.uuid4().hex[:10]
    if scheme == "sqlite":
        yield (scheme, str(folder / f"{name}.sqlite"), None)
    elif scheme == "jsonl":
        yield (scheme, str(folder / f"{name}.jsonl"), None)
    else:
        assert url is not None
        schema = f"jx_bench_{name}"
        try:
            yield (scheme, url, schema)
        finally:
            store = PostgresStore(url, schema=schema)
            with store._engine.begin() as conn:
                conn.execute(store._sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            store.close()


# -- hazards that take events for ever ------------------------------------------------------------------------


def template() -> list[str]:
    """One hazard of PER_HAZARD events (report, assign, rectify, then rectified / failed ...), as JSON lines."""
    report = jh.HazardReport(
        id="HZ-TEMPLATE", category="ebike", description="楼道内电动自行车充电", channel="grid_patrol",
        grid=GRID, reported_at=BASE,
    )  # fmt: skip
    h = jx.report_hazard(report, district=jx.sample_district(), by="网格员 张三")
    h = h.dispatch(by="网格员 张三", at=BASE).start_rectification(deadline="P1Y", by="网格员 张三", at=BASE)
    while len(h) < PER_HAZARD:
        h = h.append(next_event(h, 0))
    return [jh.event_to_json(e) for e in h.events]


def next_event(h: jh.History, worker: int) -> jh.Event:
    at = BASE + dt.timedelta(minutes=len(h))
    if h.state.state == "rectifying":
        return h.mark_rectified(by=f"worker-{worker}", at=at).events[-1]
    return h.fail_verification(reason=f"worker-{worker}: 复查未通过", by=f"worker-{worker}", at=at).events[-1]


def hazard_lines(n_events: int, lines: list[str]) -> Iterator[str]:
    for i in range(n_events // PER_HAZARD):
        name = f"HZ-{i:06d}"
        for line in lines:
            yield line.replace("HZ-TEMPLATE", name)


def fill(store: EventStore, n_events: int, lines: list[str]) -> None:
    batch: list[str] = []
    for line in hazard_lines(n_events, lines):
        batch.append(line)
        if len(batch) == 5000:
            store.append_many(jh.HAZARD_STREAMS, batch)
            batch = []
    if batch:
        store.append_many(jh.HAZARD_STREAMS, batch)


# -- the old append_events, as it was before the store (the baseline) -----------------------------------------


def old_append_events(path: Path, events: list[jh.Event], policy: jx.Policy) -> None:
    raw = path.read_bytes() if path.exists() else b""
    current = jh.parse_hazard_log(raw, source=str(path), policy=policy).check()
    log = current.log
    for event in events:
        log = log.append(event)
    text = "".join(jh.event_to_json(e) + "\n" for e in events)
    with open(path, "a", encoding="utf-8", newline="\n") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())


# -- append time ------------------------------------------------------------------------------------------------


def _median_append(
    append: Callable[[jh.Event], None], history: Callable[[str], jh.History], n: int, k: int
) -> float:
    rng = random.Random(n)
    times = []
    for _ in range(k):
        hazard = f"HZ-{rng.randrange(n // PER_HAZARD):06d}"
        event = next_event(history(hazard), 1)
        start = time.perf_counter()
        append(event)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def append_times(sizes: tuple[int, ...], url: str | None, reps: int) -> dict[tuple[str, int], float]:
    """Seconds per append of one event: (store, size) -> median."""
    policy = jx.load_policy()
    lines = template()
    found: dict[tuple[str, int], float] = {}
    schemes = ["sqlite", "jsonl"] + (["postgresql"] if url else [])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in sizes:
            for scheme in schemes:
                with fresh(scheme, folder, url) as spec, open_spec(spec) as raw:
                    fill(raw, n, lines)
                    store = jh.HazardStore(raw, policy=policy)
                    found[(scheme, n)] = _median_append(
                        lambda e, s=store: s.append([e]), store.history, n, reps
                    )
            old = folder / f"old-{n}.jsonl"
            old.write_text("".join(line + "\n" for line in hazard_lines(n, lines)), encoding="utf-8")

            def replayed(hazard: str, path: Path = old) -> jh.History:
                return jh.read_hazard_log(path, policy=policy).log.history(hazard)

            found[("old", n)] = _median_append(
                lambda e, path=old: old_append_events(path, [e], policy), replayed, n, max(2, reps // 4)
            )
    return found


# -- reliability: races and kills -------------------------------------------------------------------------------


def race_worker(spec: tuple[str, str, str | None], worker: int, rounds: int, barrier: Any, out: Any) -> None:
    results = []
    with open_spec(spec) as raw:
        store = jh.HazardStore(raw)
        for r in range(rounds):
            barrier.wait()
            event = next_event(store.history("HZ-RACE"), worker)
            barrier.wait()
            try:
                store.append([event])
                results.append((r, jh.event_to_json(event)))
            except ConflictError:
                pass
    out.put(results)


def race(spec: tuple[str, str, str | None], rounds: int) -> dict[str, int]:
    """One race of WORKERS processes for ``rounds`` rounds on one hazard: what it did and what it broke."""
    with open_spec(spec) as raw:
        store = jh.HazardStore(raw)
        store.append([json_event(line) for line in template()[:3]])
    ctx = multiprocessing.get_context("spawn")
    barrier, queue = ctx.Barrier(WORKERS), ctx.Queue()
    processes = [
        ctx.Process(target=race_worker, args=(spec, w, rounds, barrier, queue)) for w in range(WORKERS)
    ]
    for p in processes:
        p.start()
    won = [row for _ in processes for row in queue.get(timeout=300)]
    for p in processes:
        p.join(timeout=60)
    per_round = [sum(r == i for r, _ in won) for i in range(rounds)]
    with open_spec(spec) as raw:
        stored = [r.payload for r in raw.read(jh.HAZARD_STREAMS, "HZ-RACE")][3:]
        store = jh.HazardStore(raw)
        try:
            store.append([next_event(store.history("HZ-RACE"), 99)])
            wedged = 0 if store.read().ok else 1
        except jx.XiaofangError:
            wedged = 1
    acked = [text for _, text in sorted(won)]
    return {
        "contested": rounds,
        "attempts": rounds * WORKERS,
        "one_winner": sum(n == 1 for n in per_round),
        "lost_acknowledged": sum(text not in stored for text in acked),
        "duplicates": len(stored) - len(set(stored)),
        "wedged": wedged,
    }


def json_event(line: str) -> jh.Event:
    return jh.event_from_json(line.replace("HZ-TEMPLATE", "HZ-RACE"))


def big_payload(seq: int) -> str:
    return json.dumps({"id": "big", "seq": seq, "pad": "消" * 100}, ensure_ascii=False, separators=(",", ":"))


def kill_worker(spec: tuple[str, str, str | None], conn: Any) -> None:
    store = open_spec(spec)
    while True:
        head = store.last_seq(T, "big")
        store.append(T, "big", [big_payload(head + i) for i in range(1, BATCH + 1)], expected=head + 1)
        conn.send(head + BATCH)


def kill(spec: tuple[str, str, str | None], rng: random.Random) -> dict[str, int]:
    """Kill a writer in the middle of its appends; what the store kept."""
    parent, child = multiprocessing.get_context("spawn").Pipe()
    process = multiprocessing.get_context("spawn").Process(
        target=kill_worker, args=(spec, child), daemon=True
    )
    process.start()
    acked = 0
    while acked < 2 * BATCH:
        if not parent.poll(120):
            raise RuntimeError("the writer acknowledged nothing")
        acked = parent.recv()
    time.sleep(rng.uniform(0, 0.05))
    os.kill(process.pid, signal.SIGKILL)
    process.join(timeout=60)
    while parent.poll(0.2):
        acked = parent.recv()
    with open_spec(spec) as store:
        head = store.last_seq(T, "big")
        torn = sum(p.kind == "truncated" for p in store.problems())
        records = store.read(T, "big")
        whole = [r.seq for r in records] == list(range(1, head + 1)) and head % BATCH == 0
        try:
            store.append(T, "big", [big_payload(head + 1)], expected=head + 1)
            wedged = 1 if store.problems() else 0
        except jx.XiaofangError:
            wedged = 1
    return {
        "kills": 1,
        "lost_acknowledged": max(0, acked - head),
        "partial": 0 if whole else 1,
        "torn": torn,
        "wedged": wedged,
    }


def reliability(races: int, rounds: int, kills: int, url: str | None) -> dict[str, dict[str, int]]:
    """Per store: totals of the races and kills run."""
    if sys.platform == "win32":
        return {}
    rng = random.Random(14)
    found: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for scheme in ["sqlite", "jsonl"] + (["postgresql"] if url else []):
            total: dict[str, int] = {}
            for _ in range(races):
                with fresh(scheme, Path(tmp), url) as spec:
                    for key, value in race(spec, rounds).items():
                        total[key] = total.get(key, 0) + value
            total["races"] = races
            for _ in range(kills):
                with fresh(scheme, Path(tmp), url) as spec:
                    for key, value in kill(spec, rng).items():
                        total[f"kill_{key}"] = total.get(f"kill_{key}", 0) + value
            found[scheme] = total
    return found


def reliability_note(found: dict[str, dict[str, int]]) -> str:
    parts = []
    for scheme, t in found.items():
        parts.append(
            f"{scheme}: {t['races']} races, {t['contested']} contested events ({t['attempts']} appends),"
            f" {t['one_winner']} with exactly one winner, acknowledged lost {t['lost_acknowledged'] + t.get('kill_lost_acknowledged', 0)},"
            f" duplicated {t['duplicates']}, wedged {t['wedged'] + t.get('kill_wedged', 0)};"
            f" {t.get('kill_kills', 0)} writers killed, {t.get('kill_partial', 0)} batches kept in part,"
            f" {t.get('kill_torn', 0)} unfinished appends set aside"
        )
    return (
        "store reliability: " + "; ".join(parts)
        if parts
        else "store reliability: skipped (needs POSIX signals)"
    )


# -- for run.py -------------------------------------------------------------------------------------------------


def store_rows(quick: bool) -> tuple[list[tuple[str, float, float, str, float]], list[str]]:
    """(rows, notes) for the benchmark table of run.py."""
    url = postgres_url()
    sizes = (1_000, 10_000) if quick else (1_000, 10_000, 100_000)
    times = append_times(sizes, url, 5 if quick else 21)
    rows: list[tuple[str, float, float, str, float]] = []
    big, small = sizes[-1], sizes[0]
    for scheme in ("jsonl", "sqlite", "postgresql"):
        if (scheme, big) not in times:
            continue
        label = {"jsonl": "JSONL", "sqlite": "SQLite", "postgresql": "PostgreSQL"}[scheme]
        rows.append(
            (
                f"append, {label}, {big:,} events vs old append",
                times[(scheme, big)],
                times[("old", big)],
                "faster",
                10.0,
            )
        )
        rows.append(
            (
                f"append, {label}: {big:,} vs {small:,} events",
                times[(scheme, big)],
                times[(scheme, small)],
                "slower",
                2.0,
            )
        )
    notes = [
        "append time per event (median): "
        + ", ".join(
            f"{s} {n:,}: {times[(s, n)] * 1e3:.2f} ms"
            for s in ("old", "jsonl", "sqlite", "postgresql")
            for n in sizes
            if (s, n) in times
        )
    ]
    if not url:
        notes.append("store: PostgreSQL skipped (set JX_TEST_POSTGRES_URL to a server to include it)")
    found = reliability(1, 10 if quick else 25, 1 if quick else 5, url)
    notes.append(reliability_note(found))
    return rows, notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes and one race: a smoke run")
    parser.add_argument(
        "--postgres", metavar="URL", help="a PostgreSQL server to include (else JX_TEST_POSTGRES_URL)"
    )
    parser.add_argument("--races", type=int, default=20, help="races per store (default 20)")
    parser.add_argument("--kills", type=int, default=20, help="writers killed per store (default 20)")
    args = parser.parse_args()
    url = postgres_url(args.postgres)
    sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000)
    print(f"jiceng_xiaofang {jx.__version__}; PostgreSQL: {url or 'none'}")
    times = append_times(sizes, url, 5 if args.quick else 21)
    print(f"{'store':<12}" + "".join(f"{n:>14,}" for n in sizes))
    for scheme in ("old", "jsonl", "sqlite", "postgresql"):
        if (scheme, sizes[0]) in times:
            print(f"{scheme:<12}" + "".join(f"{times[(scheme, n)] * 1e3:>12.2f}ms" for n in sizes))
    races, kills = (1, 1) if args.quick else (args.races, args.kills)
    found = reliability(races, 10 if args.quick else 25, kills, url)
    for scheme, totals in found.items():
        print(scheme, json.dumps(totals))
    print(reliability_note(found))


if __name__ == "__main__":
    main()
