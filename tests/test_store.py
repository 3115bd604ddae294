"""The event store interface, the same suite for SQLite, the JSON Lines file and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

import jiceng_xiaofang as jx
from jiceng_xiaofang.store import (
    ConflictError,
    JsonlStore,
    PostgresStore,
    SQLiteStore,
    StoreError,
    StreamKind,
    copy_store,
    open_store,
)
from store_workers import SCHEMES, Spec, T, new_spec, open_spec, payload


@pytest.fixture(params=SCHEMES)
def spec(request: pytest.FixtureRequest, tmp_path: Path) -> Spec:
    return new_spec(request.param, tmp_path, request)


@pytest.fixture
def store(spec: Spec) -> jx.store.EventStore:  # type: ignore[name-defined]
    with open_spec(spec) as s:
        yield s


def test_append_and_read_a_stream(store: jx.store.EventStore) -> None:  # type: ignore[name-defined]
    assert store.last_seq(T, "a") == 0 and store.read(T, "a") == () and store.streams(T) == ()
    assert store.append(T, "a", [payload("a", 1), payload("a", 2, x="消防")], expected=1) == 2
    assert store.append(T, "b", [payload("b", 1)], expected=1) == 1
    assert store.append(T, "a", [payload("a", 3)], expected=3) == 3
    records = store.read(T, "a")
    assert [(r.kind, r.stream, r.seq) for r in records] == [("t", "a", 1), ("t", "a", 2), ("t", "a", 3)]
    assert records[1].payload == '{"id":"a","seq":2,"x":"消防"}'  # byte for byte
    assert [r.position for r in records] == sorted(r.position for r in records)
    assert store.last_seq(T, "a") == 3 and store.streams(T) == ("a", "b")
    assert [(r.stream, r.seq) for r in store.read_all()] == [("a", 1), ("a", 2), ("b", 1), ("a", 3)]
    assert store.kinds() == (T,) and store.problems() == ()
    assert store.append(T, "a", [], expected=4) == 3  # nothing to write, nothing checked
    assert [r.seq for r in store.read(T, "a", after=1)] == [2, 3]  # only what came after
    assert store.read(T, "a", after=3) == () and store.read(T, "a", after=99) == ()
    assert store.read(T, "a", after=0) == records


def test_a_conflicting_append_writes_nothing_and_names_what_it_lost(store: jx.store.EventStore) -> None:  # type: ignore[name-defined]
    store.append(T, "a", [payload("a", 1), payload("a", 2)], expected=1)
    with pytest.raises(ConflictError) as caught:
        store.append(T, "a", [payload("a", 2, who="late"), payload("a", 3)], expected=2)
    err = caught.value
    assert (err.kind, err.stream, err.expected, err.found) == ("t", "a", 2, 2)
    assert str(err).endswith(
        "t stream 'a': conflict: event 2 is already stored (the stream holds 2 events); another writer"
        " appended first: nothing was written, read the stream again"
    )
    assert err.store == store.name and isinstance(err, jx.XiaofangError)
    with pytest.raises(
        ConflictError, match="the append starts at event 5, but the stream holds 2 events, so the next is 3"
    ):
        store.append(T, "a", [payload("a", 5)], expected=5)
    with pytest.raises(
        ConflictError,
        match="stream 'new': conflict: the append starts at event 2, but the stream holds 0 events",
    ):
        store.append(T, "new", [payload("new", 2)], expected=2)
    assert [r.seq for r in store.read(T, "a")] == [1, 2] and store.streams(T) == ("a",)
    assert store.append(T, "a", [payload("a", 3)], expected=3) == 3  # still appendable


def test_append_many_is_all_or_nothing_across_streams(store: jx.store.EventStore) -> None:  # type: ignore[name-defined]
    store.append(T, "b", [payload("b", 1)], expected=1)
    with pytest.raises(ConflictError, match="stream 'b'"):
        store.append_many(T, [payload("a", 1), payload("b", 1), payload("a", 2)])
    assert store.read(T, "a") == ()  # the good stream was not written either
    assert store.append_many(T, [payload("a", 1), payload("b", 2), payload("a", 2)]) == 3
    assert [(r.stream, r.seq) for r in store.read_all(T)] == [("b", 1), ("a", 1), ("b", 2), ("a", 2)]
    with pytest.raises(
        jx.XiaofangError,
        match=r"payloads\[1\]: key 'seq': expected 4 \(the next event of 'a' in this batch\), got 5",
    ):
        store.append_many(T, [payload("a", 3), payload("a", 5)])


@pytest.mark.parametrize(
    ("payloads", "message"),
    [
        (["{"], r"payloads\[0\]: expected JSON, got '\{'"),
        (['{"id":"a","seq":1}\n'], r"payloads\[0\]: expected one line of JSON \(no line break\)"),
        (
            ['{"id":"a","seq":true}'],
            r"payloads\[0\]: expected a JSON object with 'id' \(a string\) and 'seq'",
        ),
        (['{"id":"a","seq":0}'], r"an integer from 1"),
        (['{"id":"a","seq":9223372036854775808}'], r"an integer from 1"),
        (['{"id":"b","seq":1}'], r"payloads\[0\]: key 'id': expected 'a', got 'b'"),
        (['{"id":"a","seq":2}'], r"payloads\[0\]: key 'seq': expected 1, got 2"),
        (['{"id":"a","seq":1,"x":"\ud800"}'], r"no lone surrogates"),
        (["[" * 100_000 + "]" * 100_000], r"nested too deep|expected JSON"),
        ([b'{"id":"a","seq":1}'], r"payloads\[0\]: expected a str of JSON"),
        ('{"id":"a","seq":1}', r"payloads: expected a sequence of JSON strings"),
    ],
)
def test_bad_payloads_are_refused_naming_them(
    store: jx.store.EventStore,  # type: ignore[name-defined]
    payloads: list[str],
    message: str,
) -> None:
    with pytest.raises(jx.XiaofangError, match=message):
        store.append(T, "a", payloads, expected=1)
    assert store.read(T, "a") == ()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.append("t", "a", [], expected=1), r"kind: expected a StreamKind, got 't'"),
        (lambda s: s.append(T, "", [], expected=1), r"stream: expected a non-empty string, got ''"),
        (
            lambda s: s.append(T, "x" * 201, [], expected=1),
            r"stream: expected at most 200 characters, got 201",
        ),
        (lambda s: s.append(T, "a\nb", [], expected=1), r"stream: expected text without control characters"),
        (lambda s: s.append(T, "a", [], expected=0), r"expected: expected a sequence number from 1"),
        (lambda s: s.append(T, "a", [], expected=True), r"expected: expected a sequence number from 1"),
        (lambda s: s.read(T, 3), r"stream: expected a non-empty string, got 3"),
        (lambda s: s.read(T, "a", after=-1), r"after: expected a sequence number from 0"),
        (lambda s: s.read(T, "a", after=1.5), r"after: expected a sequence number from 0"),
        (lambda s: s.read(T, "a", after=True), r"after: expected a sequence number from 0"),
    ],
)
def test_bad_arguments_are_refused_naming_them(store: jx.store.EventStore, call, message: str) -> None:  # type: ignore[name-defined,no-untyped-def]
    with pytest.raises(jx.XiaofangError, match=message):
        call(store)


def test_a_kind_keeps_its_keys(store: jx.store.EventStore) -> None:  # type: ignore[name-defined]
    store.append(T, "a", [payload("a", 1)], expected=1)
    other = StreamKind("t", stream_key="other")
    with pytest.raises(StoreError, match=r"stream_key 'id'|keys 'id', 'seq'"):
        store.append(other, "a", ['{"other":"a","seq":2}'], expected=2)
    if store.scheme == "jsonl":
        return  # a file holds one kind: tested in test_store_jsonl
    ledger = StreamKind("ledger", stream_key="entry")
    store.append(ledger, "a", ['{"entry":"a","seq":1}'], expected=1)  # same stream id, other kind
    assert store.kinds() == (T, ledger)
    assert store.last_seq(ledger, "a") == 1 and store.last_seq(T, "a") == 1
    assert [r.kind for r in store.read_all()] == ["t", "ledger"]
    assert [r.kind for r in store.read_all(ledger)] == ["ledger"]


def test_a_closed_store_says_so(store: jx.store.EventStore) -> None:  # type: ignore[name-defined]
    store.close()
    store.close()
    assert store.closed
    with pytest.raises(StoreError, match="the store is closed"):
        store.read(T, "a")


def test_the_store_reopens_with_what_it_held(spec: Spec) -> None:
    with open_spec(spec) as s:
        s.append(T, "a", [payload("a", 1), payload("a", 2)], expected=1)
    with open_spec(spec) as s:
        assert [r.payload for r in s.read(T, "a")] == [payload("a", 1), payload("a", 2)]
        with pytest.raises(ConflictError):
            s.append(T, "a", [payload("a", 2)], expected=2)


def _sample_jsonl(path: Path) -> bytes:
    """A hazard log as the package writes it: several hazards interleaved, Chinese, escapes."""
    from store_workers import next_event, setup_hazard

    histories = [setup_hazard(f"HZ-{i}") for i in range(3)]
    for _ in range(3):
        histories = [h.append(next_event(h, i)) for i, h in enumerate(histories)]
    log = jx.HazardLog.from_histories(histories)
    log.write(path)
    return path.read_bytes()


@pytest.mark.parametrize("scheme", ["sqlite", "postgresql"])
def test_jsonl_to_a_database_and_back_is_byte_identical(
    scheme: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from jiceng_xiaofang.hazards import HAZARD_STREAMS

    original = _sample_jsonl(tmp_path / "original.jsonl")
    with open_spec(new_spec(scheme, tmp_path, request)) as middle:
        assert copy_store(tmp_path / "original.jsonl", middle, kinds=[HAZARD_STREAMS]) == original.count(
            b"\n"
        )
        assert copy_store(middle, tmp_path / "back.jsonl") == original.count(b"\n")
    assert (tmp_path / "back.jsonl").read_bytes() == original
    back = jx.read_hazard_log(tmp_path / "back.jsonl")
    assert back.ok and back.events == jx.read_hazard_log(tmp_path / "original.jsonl").events


def test_copy_refuses_a_damaged_source_and_copies_nothing(tmp_path: Path) -> None:
    source = tmp_path / "damaged.jsonl"
    source.write_text(payload("a", 1) + "\nnot json\n" + payload("a", 2) + "\n", encoding="utf-8")
    with pytest.raises(
        StoreError, match=r"cannot copy a damaged store: line 2 \(corrupted\): not valid JSON"
    ):
        copy_store(source, tmp_path / "t.sqlite", kinds=[T])
    with SQLiteStore(tmp_path / "t.sqlite") as target:
        assert list(target.read_all()) == []
    (tmp_path / "fresh.jsonl").write_text(payload("a", 1) + "\n", encoding="utf-8")
    with pytest.raises(StoreError, match="the kind of its streams is not known"):
        copy_store(tmp_path / "fresh.jsonl", tmp_path / "u.sqlite")


def test_open_store_chooses_by_scheme_and_suffix(tmp_path: Path) -> None:
    for name, cls in (("a.sqlite", SQLiteStore), ("a.sqlite3", SQLiteStore), ("a.db", SQLiteStore),
                      ("a.jsonl", JsonlStore), ("a.NDJSON", JsonlStore)):  # fmt: skip
        with open_store(tmp_path / name) as s:
            assert type(s) is cls
    with open_store(f"sqlite:///{tmp_path / 'url.sqlite'}") as s:
        assert isinstance(s, SQLiteStore) and s.path == tmp_path / "url.sqlite"
    given = SQLiteStore(tmp_path / "given.sqlite")
    assert open_store(given) is given
    given.close()
    for target, message in (
        ("events.csv", r"cannot tell which store to open: expected a postgresql:// or sqlite:/// URL"),
        ("mysql://x/y", r"unknown scheme 'mysql': expected postgresql:// or sqlite:///"),
        ("sqlite://relative.db", r"expected sqlite:///path/to/file.sqlite"),
        (3, r"target: expected a path, a URL or an EventStore, got 3"),
    ):
        with pytest.raises(StoreError, match=message):
            open_store(target)  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="no such database file"):
        open_store(tmp_path / "missing.sqlite", create=False)
    with pytest.raises(StoreError, match="no such file"):
        open_store(tmp_path / "missing.jsonl", create=False)
    with pytest.raises(StoreError, match="cannot open the database"):
        open_store(tmp_path / "no-folder" / "x.sqlite")
    with pytest.raises(StoreError, match="no such folder"):
        open_store(tmp_path / "no-folder" / "x.jsonl")
    (tmp_path / "garbage.sqlite").write_bytes(b"this is not a database, it is text" * 100)
    with pytest.raises(
        StoreError, match=r"garbage.sqlite: cannot open the database \(file is not a database\)"
    ):
        open_store(tmp_path / "garbage.sqlite")


def test_a_database_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "future.sqlite"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE jx_meta SET value = '2' WHERE key = 'schema'")
    db.close()
    with pytest.raises(StoreError, match="holds event tables of schema 2; this version reads 1"):
        SQLiteStore(path)


def test_another_writer_holding_sqlite_too_long_is_an_error_not_a_hang(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "busy.sqlite"
    SQLiteStore(path).close()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with (
            SQLiteStore(path, timeout=0.1) as s,
            pytest.raises(StoreError, match=r"another writer held the database for more than 0.1 s"),
        ):
            s.append(T, "a", [payload("a", 1)], expected=1)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def test_postgres_urls_and_a_server_that_does_not_answer() -> None:
    pytest.importorskip("sqlalchemy")
    pytest.importorskip("psycopg")
    from jiceng_xiaofang.store.postgres import engine_url

    assert engine_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(StoreError, match=r"postgresql\+psycopg://jx:\*\*\*@127.0.0.1:9/none: cannot connect"):
        PostgresStore("postgresql://jx:secret@127.0.0.1:9/none", connect_timeout=1)
    with pytest.raises(StoreError, match="expected a postgresql:// URL, got the 'sqlite' backend"):
        PostgresStore("sqlite:///x.db")
    with pytest.raises(StoreError, match=r"not a database URL"):
        PostgresStore("postgresql://[::1")


def test_postgres_without_the_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "sqlalchemy" else real(name, *a)
    )
    with pytest.raises(
        jx.XiaofangError,
        match=r"PostgresStore needs sqlalchemy: install the extra with pip install 'jiceng-xiaofang\[postgres\]'",
    ):
        open_store("postgresql://u@localhost/db")
