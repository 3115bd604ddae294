"""The committee's ledger on an event store: entries checked before they are appended, writers serialised."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
from pathlib import Path
from typing import Any

import pytest

import jiceng_xiaofang as jx
from jiceng_xiaofang.ledger import (
    LEDGER_STREAMS,
    Entry,
    LedgerError,
    LedgerStore,
    ledger_to_jsonl,
    parse_ledger,
)
from jiceng_xiaofang.store import ConflictError, copy_store, open_store
from store_workers import SCHEMES, new_spec, open_spec, record_inspections

D = dt.date


def progress(on: D, status: str, task: str = "1.1") -> Entry:
    return Entry("progress", on, by="王五", task=task, unit="解放碑街道", status=status)


@pytest.fixture(scope="module")
def policy() -> jx.Policy:
    return jx.load_policy()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_recorded_entries_read_back(
    scheme: str, tmp_path: Path, request: pytest.FixtureRequest, policy: jx.Policy
) -> None:
    spec = new_spec(scheme, tmp_path, request)
    with LedgerStore(open_spec(spec), policy, jx.yuzhong()) as store:
        first = store.record(progress(D(2024, 3, 1), "in_progress"), progress(D(2024, 6, 1), "completed"))
        second = store.record(Entry("acceptance", D(2024, 7, 1), by="李四", task="1.1", unit="解放碑街道"))
        assert [e.seq for e in second] == [1, 2, 3]
        again = store.ledger()
        assert again.entries == second.entries and first.entries == second.entries[:2]
        with pytest.raises(LedgerError, match="was accepted on 2024-07-01: it is closed"):
            store.record(progress(D(2024, 8, 1), "in_progress"))
        assert len(store.ledger()) == 3  # the refused entry wrote nothing
        store.store.close()


def test_a_jsonl_ledger_is_the_interchange_file(tmp_path: Path, policy: jx.Policy) -> None:
    path = tmp_path / "ledger.jsonl"
    with LedgerStore(path, policy, jx.yuzhong()) as store:
        ledger = store.record(progress(D(2024, 3, 1), "in_progress"), progress(D(2024, 6, 1), "completed"))
    text = path.read_text(encoding="utf-8")
    assert text == ledger_to_jsonl(ledger)  # the store's file is the interchange format, byte for byte
    assert all(json.loads(line)["policy"] == "yuzhong-2023" for line in text.splitlines())
    assert parse_ledger(text, policy, jx.yuzhong()).entries == ledger.entries
    # and it copies into a database and back, byte for byte
    with open_store(path, kind=LEDGER_STREAMS) as source, open_store(tmp_path / "l.sqlite") as database:
        copy_store(source, database)
        with open_store(tmp_path / "back.jsonl", kind=LEDGER_STREAMS) as back:
            copy_store(database, back)
    assert (tmp_path / "back.jsonl").read_text(encoding="utf-8") == text


def test_a_line_of_another_policy_is_refused(policy: jx.Policy) -> None:
    line = '{"policy": "qijiang-2022", "seq": 1, "kind": "inspection", "on": "2024-01-05", "by": "x"}'
    with pytest.raises(LedgerError, match=r"l\.jsonl:1: the entry is of the ledger of policy 'qijiang-2022'"):
        parse_ledger(line, policy, source="l.jsonl")


def _interleave(first: LedgerStore, other: LedgerStore, entry: Entry) -> None:
    """Make ``first``'s next append lose a race: ``other`` records ``entry`` just before it."""
    original = first.store.append
    calls = {"n": 0}

    def append(*args: Any, **kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            other.record(entry)
        return original(*args, **kwargs)

    first.store.append = append  # type: ignore[method-assign]


def test_a_writer_that_loses_a_race_checks_again_and_appends_next(tmp_path: Path, policy: jx.Policy) -> None:
    target = tmp_path / "ledger.sqlite"
    with LedgerStore(target, policy, jx.yuzhong()) as a, LedgerStore(target, policy, jx.yuzhong()) as b:
        _interleave(a, b, Entry("inspection", D(2024, 3, 1), by="区消安办", done="b's round"))
        ledger = a.record(Entry("supervision", D(2024, 3, 2), by="区消安办", done="a's visit"))
        assert [(e.seq, e.kind) for e in ledger] == [(1, "inspection"), (2, "supervision")]
        assert a.ledger().entries == ledger.entries


def test_a_writer_whose_entry_no_longer_follows_is_refused(tmp_path: Path, policy: jx.Policy) -> None:
    target = tmp_path / "ledger.sqlite"
    with LedgerStore(target, policy, jx.yuzhong()) as a, LedgerStore(target, policy, jx.yuzhong()) as b:
        a.record(progress(D(2024, 3, 1), "completed"))
        _interleave(a, b, Entry("acceptance", D(2024, 4, 1), by="李四", task="1.1", unit="解放碑街道"))
        with pytest.raises(LedgerError, match="was accepted on 2024-04-01: it is closed"):
            a.record(progress(D(2024, 4, 2), "in_progress"))
        assert [e.kind for e in b.ledger()] == ["progress", "acceptance"]


def test_a_writer_that_keeps_losing_gets_a_conflict(tmp_path: Path, policy: jx.Policy) -> None:
    target = tmp_path / "ledger.sqlite"
    with LedgerStore(target, policy) as a, LedgerStore(target, policy) as b:
        original = a.store.append

        def append(*args: Any, **kwargs: Any) -> int:
            b.record(Entry("inspection", D(2024, 3, 1), by="x"))
            return original(*args, **kwargs)

        a.store.append = append  # type: ignore[method-assign]
        with pytest.raises(ConflictError, match="ledger stream 'yuzhong-2023'"):
            a.record(Entry("supervision", D(2024, 3, 2), by="y"))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_an_open_store_reads_only_what_was_appended_since(
    scheme: str, tmp_path: Path, request: pytest.FixtureRequest, policy: jx.Policy
) -> None:
    spec = new_spec(scheme, tmp_path, request)
    with LedgerStore(open_spec(spec), policy) as a, LedgerStore(open_spec(spec), policy) as b:
        reads: list[int] = []
        original = a.store.read

        def read(*args: Any, after: int = 0) -> Any:
            records = original(*args, after=after)
            reads.append(len(records))
            return records

        a.store.read = read  # type: ignore[method-assign]
        for day in range(1, 6):
            a.record(Entry("inspection", D(2024, 3, day), by="区消安办", done=f"round {day}"))
        b.record(Entry("supervision", D(2024, 3, 9), by="区消安办", done="b's visit"))
        assert [e.seq for e in a.ledger()] == [1, 2, 3, 4, 5, 6]  # b's entry is seen
        assert a.ledger().entries == b.ledger().entries
        assert reads == [0, 0, 0, 0, 0, 1, 0]  # each read cost what was new, never the whole ledger
        a.store.close()
        b.store.close()


def test_a_replaced_file_is_read_again_from_the_start(tmp_path: Path, policy: jx.Policy) -> None:
    from jiceng_xiaofang.store import replace_jsonl

    path = tmp_path / "ledger.jsonl"
    with LedgerStore(path, policy) as store:
        store.record(*(Entry("inspection", D(2024, 3, day), by="x", done=str(day)) for day in (1, 2, 3)))
        first = path.read_text(encoding="utf-8").splitlines(keepends=True)[0]
        replace_jsonl(path, first.encode("utf-8"))  # a repair kept only the first entry
        assert [e.done for e in store.ledger()] == ["1"]


def test_hazards_and_the_ledger_share_one_database(tmp_path: Path, policy: jx.Policy) -> None:
    from jiceng_xiaofang.hazards import HAZARD_STREAMS

    target = tmp_path / "district.sqlite"
    with LedgerStore(target, policy) as store:
        store.record(Entry("inspection", D(2024, 3, 1), by="x"))
        with open_store(target) as database:
            assert {k.name for k in database.kinds()} == {"ledger"}
            assert HAZARD_STREAMS.name != LEDGER_STREAMS.name


@pytest.mark.parametrize("scheme", SCHEMES)
def test_processes_recording_at_once_each_get_their_own_number(
    scheme: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    spec = new_spec(scheme, tmp_path, request)
    open_spec(spec).close()
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    workers = [ctx.Process(target=record_inspections, args=(spec, w, 8, queue)) for w in range(3)]
    for w in workers:
        w.start()
    results = dict(queue.get(timeout=120) for _ in workers)
    for w in workers:
        w.join(timeout=60)
    numbers = [n for seqs in results.values() for n in seqs]
    with LedgerStore(open_spec(spec), jx.load_policy(), jx.yuzhong()) as store:
        stored = store.ledger()
        store.store.close()
    acknowledged = [n for n in numbers if n > 0]
    assert sorted(acknowledged) == [e.seq for e in stored.entries]  # every acknowledged entry kept, once
    assert len(set(acknowledged)) == len(acknowledged)
    assert len(stored) == 24 - numbers.count(-1)
