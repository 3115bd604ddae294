"""Concurrent writers on every store: processes racing on one hazard and on many, and a writer killed mid-append.

Each store (SQLite, the JSON Lines file, PostgreSQL when a server answers) must acknowledge exactly one
of two appends of the same sequence number, keep every acknowledged event exactly once, and stay appendable.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from jiceng_xiaofang import hazards as jh
from store_workers import (
    SCHEMES,
    Spec,
    T,
    big_payload,
    new_spec,
    next_event,
    open_spec,
    race_many_hazards,
    race_one_hazard,
    setup_hazard,
    spawn,
    write_until_killed,
)

WORKERS = 4
ROUNDS = 25
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the kill test needs POSIX signals")


@pytest.fixture(params=SCHEMES)
def spec(request: pytest.FixtureRequest, tmp_path: Path) -> Spec:
    return new_spec(request.param, tmp_path, request)


def _collect(queue: multiprocessing.Queue, processes: list[multiprocessing.Process]) -> list[tuple]:  # type: ignore[type-arg]
    found = [queue.get(timeout=120) for _ in processes]
    for p in processes:
        p.join(timeout=30)
        assert p.exitcode == 0
    return found


def _not_wedged(spec: Spec, hazard_id: str) -> None:
    """After the race: the store reads back whole and takes one more event."""
    with open_spec(spec) as raw:
        store = jh.HazardStore(raw)
        assert store.read().ok
        h = store.history(hazard_id)
        store.append([next_event(h, 99)])
        assert len(store.history(hazard_id)) == len(h) + 1


def test_processes_racing_on_one_hazard_one_winner_per_event(spec: Spec) -> None:
    with open_spec(spec) as raw:
        jh.HazardStore(raw).record(setup_hazard("HZ-RACE"))
    ctx = multiprocessing.get_context("spawn")
    barrier, queue = ctx.Barrier(WORKERS), ctx.Queue()
    processes = [
        ctx.Process(target=race_one_hazard, args=(spec, w, ROUNDS, barrier, queue)) for w in range(WORKERS)
    ]
    for p in processes:
        p.start()
    results = {worker: rows for worker, rows in _collect(queue, processes)}
    winners: dict[int, list[tuple[int, str]]] = {r: [] for r in range(ROUNDS)}
    for worker, rows in results.items():
        for r, seq, outcome, text in rows:
            assert seq == 4 + r  # every worker read the same history in every round
            if outcome == "won":
                winners[r].append((worker, text))
    assert all(len(w) == 1 for w in winners.values()), winners  # exactly one winner per sequence number
    with open_spec(spec) as raw:
        stored = [r.payload for r in raw.read(jh.HAZARD_STREAMS, "HZ-RACE")]
    assert len(stored) == 3 + ROUNDS
    assert stored[3:] == [winners[r][0][1] for r in range(ROUNDS)]  # each acknowledged event, once, in order
    lost = sum(outcome == "lost" for rows in results.values() for _, _, outcome, _ in rows)
    assert lost == (WORKERS - 1) * ROUNDS
    _not_wedged(spec, "HZ-RACE")


def test_processes_racing_on_many_hazards_keep_every_acknowledged_event_once(spec: Spec) -> None:
    hazards = [f"HZ-{i}" for i in range(3)]
    with open_spec(spec) as raw:
        store = jh.HazardStore(raw)
        for hazard_id in hazards:
            store.record(setup_hazard(hazard_id))
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    processes = [
        ctx.Process(target=race_many_hazards, args=(spec, w, ROUNDS, hazards, queue)) for w in range(WORKERS)
    ]
    for p in processes:
        p.start()
    found = _collect(queue, processes)
    acked = [text for _, texts, _ in found for text in texts]
    lost = sum(n for _, _, n in found)
    assert len(acked) + lost == WORKERS * ROUNDS
    with open_spec(spec) as raw:
        stored = [r.payload for r in raw.read_all(jh.HAZARD_STREAMS)]
        for hazard_id in hazards:
            assert [r.seq for r in raw.read(jh.HAZARD_STREAMS, hazard_id)] == list(
                range(1, raw.last_seq(jh.HAZARD_STREAMS, hazard_id) + 1)
            )
    new = stored[3 * len(hazards) :]
    assert Counter(new) == Counter(acked)  # every acknowledged event kept exactly once, and nothing else
    assert len(set(new)) == len(new)
    _not_wedged(spec, hazards[0])


def test_a_writer_killed_mid_append_loses_no_acknowledged_event(spec: Spec) -> None:
    parent, child = multiprocessing.get_context("spawn").Pipe()
    process = spawn(write_until_killed, spec, 1500, child)
    acked = 0
    while acked < 2 * 1500:  # two batches acknowledged, then kill it in the middle of a later one
        assert parent.poll(60), "the writer acknowledged nothing"
        acked = parent.recv()
    time.sleep(random.uniform(0, 0.03))
    os.kill(process.pid, signal.SIGKILL)
    process.join(timeout=30)
    while parent.poll(0.2):
        acked = parent.recv()
    with open_spec(spec) as store:
        head = store.last_seq(T, "big")
        assert head >= acked and head % 1500 == 0  # every acknowledged batch; never part of one
        records = store.read(T, "big")
        assert [r.seq for r in records] == list(range(1, head + 1))
        assert all(r.payload == big_payload(r.seq) for r in records)
        assert all(p.kind == "truncated" for p in store.problems())
        store.append(T, "big", [big_payload(head + 1)], expected=head + 1)  # not wedged
        assert store.problems() == ()
        assert store.last_seq(T, "big") == head + 1
