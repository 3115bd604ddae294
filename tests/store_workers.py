"""Helpers of the store tests: which stores to test, and the workers that spawned processes run.

A store is described by a picklable ``Spec`` (scheme, target, schema) so that a spawned process can open
it. PostgreSQL is tested when ``JX_TEST_POSTGRES_URL`` names a server that answers (``.ci/run`` starts one);
each test gets its own schema, dropped after it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import random
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import jiceng_xiaofang as jx
from jiceng_xiaofang import hazards as jh
from jiceng_xiaofang.store import ConflictError, EventStore, PostgresStore, StreamKind, open_store

POSTGRES_ENV = "JX_TEST_POSTGRES_URL"
SCHEMES = ("sqlite", "jsonl", "postgresql")
T = StreamKind("t", stream_key="id")
GRID = "解放碑街道/示例甲社区/第1网格"
BASE = dt.datetime(2024, 5, 6, 9, tzinfo=jh.CHINA_STANDARD_TIME)


class Spec(NamedTuple):
    scheme: str
    target: str
    schema: str | None = None


def open_spec(spec: Spec) -> EventStore:
    if spec.scheme == "postgresql":
        return PostgresStore(spec.target, schema=spec.schema)
    return open_store(spec.target)


@functools.cache
def postgres_unreachable() -> str | None:
    """Why PostgreSQL cannot be tested here (None: it can)."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        return f"no PostgreSQL server to test against: {POSTGRES_ENV} is not set (.ci/run starts one and sets it)"
    try:
        import psycopg  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError as exc:
        return f"the postgres extra is not installed ({exc}): pip install 'jiceng-xiaofang[postgres]'"
    try:
        PostgresStore(url, connect_timeout=5, create=False).close()
    except jx.XiaofangError as exc:
        if "holds no event tables" in str(exc):
            return None
        return f"no PostgreSQL server answers at {POSTGRES_ENV}: {exc}"
    return None


def new_spec(scheme: str, tmp_path: Path, request: pytest.FixtureRequest) -> Spec:
    """A fresh, empty store of a scheme; skips PostgreSQL (saying why) when no server answers."""
    if scheme == "sqlite":
        return Spec(scheme, str(tmp_path / "events.sqlite"))
    if scheme == "jsonl":
        return Spec(scheme, str(tmp_path / "events.jsonl"))
    reason = postgres_unreachable()
    if reason:
        pytest.skip(reason)
    url = os.environ[POSTGRES_ENV]
    schema = f"jx_test_{uuid.uuid4().hex[:12]}"

    def drop() -> None:
        import sqlalchemy as sa

        from jiceng_xiaofang.store.postgres import engine_url

        engine = sa.create_engine(engine_url(url))
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()

    request.addfinalizer(drop)
    return Spec(scheme, url, schema)


def payload(stream: str, seq: int, **extra: Any) -> str:
    return json.dumps({"id": stream, "seq": seq, **extra}, separators=(",", ":"), ensure_ascii=False)


# -- hazards that can take events forever: rectified, failed, rectified again... -----------------------------


def setup_hazard(hazard_id: str) -> jh.History:
    report = jh.HazardReport(
        id=hazard_id,
        category="ebike",
        description="楼道内电动自行车充电",
        channel="grid_patrol",
        grid=GRID,
        reported_at=BASE,
    )
    h = jx.report_hazard(report, district=jx.sample_district(), by="网格员 张三")
    h = h.dispatch(by="网格员 张三", at=BASE)
    return h.start_rectification(deadline="P1Y", by="网格员 张三", at=BASE)


def next_event(h: jh.History, worker: int) -> jh.Event:
    at = BASE + dt.timedelta(minutes=len(h))
    if h.state.state == "rectifying":
        return h.mark_rectified(by=f"worker-{worker}", at=at).events[-1]
    return h.fail_verification(reason=f"worker-{worker}: 复查未通过", by=f"worker-{worker}", at=at).events[-1]


def race_one_hazard(spec: Spec, worker: int, rounds: int, barrier: Any, out: Any) -> None:
    """Each round: all workers read the same history, then append their own next event at once."""
    results = []
    with open_spec(spec) as raw:
        store = jh.HazardStore(raw)
        for r in range(rounds):
            barrier.wait()
            event = next_event(store.history("HZ-RACE"), worker)
            barrier.wait()
            try:
                store.append([event])
                results.append((r, event.seq, "won", jh.event_to_json(event)))
            except ConflictError:
                results.append((r, event.seq, "lost", ""))
    out.put((worker, results))


def race_many_hazards(spec: Spec, worker: int, attempts: int, hazards: list[str], out: Any) -> None:
    """Free-running: each attempt picks a hazard, reads it and appends its next event."""
    rng = random.Random(worker)
    acked, lost = [], 0
    with open_spec(spec) as raw:
        store = jh.HazardStore(raw)
        for _ in range(attempts):
            event = next_event(store.history(rng.choice(hazards)), worker)
            try:
                store.append([event])
                acked.append(jh.event_to_json(event))
            except ConflictError:
                lost += 1
    out.put((worker, acked, lost))


def big_payload(seq: int) -> str:
    return payload("big", seq, pad="消" * 100)


def write_until_killed(spec: Spec, batch: int, conn: Any) -> None:
    """Append big batches to one stream for ever, telling the parent each sequence number acknowledged."""
    store = open_spec(spec)
    while True:
        head = store.last_seq(T, "big")
        store.append(T, "big", [big_payload(head + i) for i in range(1, batch + 1)], expected=head + 1)
        conn.send(head + batch)


def spawn(target: Callable[..., None], *args: Any) -> Any:
    import multiprocessing

    process = multiprocessing.get_context("spawn").Process(target=target, args=args, daemon=True)
    process.start()
    return process


def record_inspections(spec: Spec, worker: int, count: int, out: Any) -> None:
    """Record ``count`` inspections in the Yuzhong ledger of the store, each retried by LedgerStore on conflict."""
    from jiceng_xiaofang.ledger import Entry, LedgerStore

    store = open_spec(spec)
    ledger = LedgerStore(store, jx.load_policy(), jx.yuzhong())
    recorded = []
    try:
        for i in range(count):
            entry = Entry("inspection", dt.date(2024, 3, 1), by=f"worker {worker}", done=f"{worker}-{i}")
            try:
                recorded.append(ledger.record(entry).entries[-1].seq)
            except ConflictError:
                recorded.append(-1)
    finally:
        store.close()
    out.put((worker, recorded))
