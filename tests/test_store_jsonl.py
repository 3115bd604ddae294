"""The JSON Lines store: its lock, its index of the committed end, and what it does after a crash or an edit."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from jiceng_xiaofang.store import ConflictError, JsonlStore, StoreError, StreamKind, replace_jsonl
from store_workers import T, payload


def _lines(*items: tuple[str, int]) -> bytes:
    return b"".join(payload(s, q).encode() + b"\n" for s, q in items)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "events.jsonl"


def test_the_file_is_the_payloads_one_per_line(path: Path) -> None:
    with JsonlStore(path) as s:
        s.append(T, "a", [payload("a", 1), payload("a", 2)], expected=1)
        s.append_many(T, [payload("b", 1), payload("a", 3)])
    assert path.read_bytes() == _lines(("a", 1), ("a", 2), ("b", 1), ("a", 3))
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "events.jsonl",
        "events.jsonl.index",
        "events.jsonl.lock",
    ]


def test_an_append_does_not_read_the_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with JsonlStore(path) as s:
        s.append_many(T, [payload(f"s{i}", 1) for i in range(2000)])
        reads: list[int] = []
        real_open = open

        def counting_open(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
            handle = real_open(file, mode, *args, **kwargs)
            if Path(file) == path and "r" in mode:
                real_read = handle.read

                def read(n: int = -1) -> bytes:
                    data = real_read(n)
                    reads.append(len(data))
                    return data  # type: ignore[no-any-return]

                handle.read = read
            return handle

        monkeypatch.setattr("builtins.open", counting_open)
        s.append(T, "s7", [payload("s7", 2)], expected=2)
    assert sum(reads) <= 4096  # the last 4 KiB, hashed to check that the file is the one indexed


def test_a_torn_last_line_is_set_aside_by_the_next_append(path: Path) -> None:
    with JsonlStore(path) as s:
        s.append(T, "a", [payload("a", 1)], expected=1)
    good = path.read_bytes()
    with open(path, "ab") as f:
        f.write(b'{"id":"a","seq":2,"x":"\xe6\xb6')  # killed in the middle of a line (and of a character)
    with JsonlStore(path) as s:
        assert [str(p) for p in s.problems()] == [
            "line 2 (truncated): the file ends with 25 bytes that no append committed (an append that did not"
            " finish); the next append moves them to events.jsonl.uncommitted"
        ]
        assert [r.seq for r in s.read_all()] == [1] and s.last_seq(T, "a") == 1
        s.append(T, "a", [payload("a", 2)], expected=2)
        assert s.problems() == ()
    assert path.read_bytes() == good + _lines(("a", 2))
    assert path.with_name("events.jsonl.uncommitted").read_bytes() == b'{"id":"a","seq":2,"x":"\xe6\xb6\n'


def test_whole_lines_of_an_unfinished_append_are_not_committed(path: Path) -> None:
    with JsonlStore(path) as s:
        s.append(T, "a", [payload("a", 1)], expected=1)
    with open(path, "ab") as f:  # a batch written, the writer killed before the index said so
        f.write(_lines(("a", 2), ("b", 1)))
    with JsonlStore(path) as s:
        assert s.streams(T) == ("a",) and s.last_seq(T, "a") == 1
        assert s.problems()[0].kind == "truncated"
        s.append(T, "a", [payload("a", 2, who="second")], expected=2)  # the acknowledged writer wins
        assert [r.payload for r in s.read(T, "a")] == [payload("a", 1), payload("a", 2, who="second")]
    assert path.with_name("events.jsonl.uncommitted").read_bytes() == _lines(("a", 2), ("b", 1))


def test_a_file_without_index_is_read_whole_and_a_whole_last_line_kept(path: Path) -> None:
    path.write_bytes(
        b"\xef\xbb\xbf" + _lines(("a", 1)).replace(b"\n", b"\r\n") + b"\n" + payload("a", 2).encode()
    )
    with JsonlStore(path, kind=T) as s:
        assert [(r.seq, r.position) for r in s.read_all()] == [(1, 1), (2, 3)]  # a blank line 2
        assert s.problems() == ()
        s.append(T, "a", [payload("a", 3)], expected=3)  # the last line gets its line break first
        assert [r.seq for r in s.read(T, "a")] == [1, 2, 3]
    assert path.read_bytes().endswith(payload("a", 2).encode() + b"\n" + payload("a", 3).encode() + b"\n")


def test_damaged_lines_are_reported_and_never_stop_an_append(path: Path) -> None:
    # the wedge of issue 14: two writers appended event 2 of one stream; now also a corrupted line
    path.write_bytes(
        _lines(("a", 1), ("a", 2))
        + payload("a", 2, who="the other writer").encode()
        + b"\n\xff\xfe\n"
        + b'{"other": 1}\n'
        + payload("b", 3).encode()
        + b"\n"
        + b"[" * 5000
        + b"\n"
    )
    with JsonlStore(path, kind=T) as s:
        assert [(p.position, p.kind) for p in s.problems()] == [
            (3, "invalid"),
            (4, "corrupted"),
            (5, "invalid"),
            (6, "invalid"),
            (7, "corrupted"),
        ]
        messages = [p.message for p in s.problems()]
        assert messages[0] == "event 2 again of t stream 'a', which holds 2 events"
        assert messages[1] == "not UTF-8 (invalid start byte at byte 0)"
        assert messages[3] == "event 3 of t stream 'b', which holds 0 events: expected event 1"
        assert messages[4] == "not valid JSON (nested too deep)"
        s.append(T, "a", [payload("a", 3)], expected=3)
        s.append(T, "b", [payload("b", 1)], expected=1)
        assert [r.seq for r in s.read(T, "a")] == [1, 2, 3] and s.streams(T) == ("a", "b")


def test_an_edited_or_replaced_file_rebuilds_the_index(path: Path) -> None:
    with JsonlStore(path) as s:
        s.append(T, "a", [payload("a", 1), payload("a", 2)], expected=1)
        path.write_bytes(_lines(("a", 1)))  # edited in place: shorter
        assert s.last_seq(T, "a") == 1
        replace_jsonl(path, _lines(("a", 1), ("a", 2), ("a", 3)))  # replaced: another file
        assert s.last_seq(T, "a") == 3
        data = path.read_bytes().replace(b'"seq":2', b'"seq":7')  # same size, same inode, other bytes
        with open(path, "r+b") as f:
            f.write(data)
        assert [(p.position, p.kind) for p in s.problems()] == [(2, "invalid"), (3, "invalid")]
        assert s.last_seq(T, "a") == 1


def test_a_lost_or_damaged_index_is_rebuilt(path: Path) -> None:
    with JsonlStore(path) as s:
        s.append(T, "a", [payload("a", 1)], expected=1)
    index = path.with_name("events.jsonl.index")
    index.unlink()
    with JsonlStore(path, kind=T) as s:
        assert s.last_seq(T, "a") == 1
    index.write_bytes(b"not a database" * 1000)
    with JsonlStore(path, kind=T) as s:
        assert s.last_seq(T, "a") == 1
        s.append(T, "a", [payload("a", 2)], expected=2)
    with sqlite3.connect(index) as db:
        db.execute("UPDATE meta SET value = 99 WHERE key = 'version'")
    db.close()
    with JsonlStore(path) as s:
        assert s.last_seq(T, "a") == 2


def test_one_kind_per_file(path: Path) -> None:
    with JsonlStore(path) as s:
        s.append(T, "a", [payload("a", 1)], expected=1)
        with pytest.raises(
            StoreError, match=r"the file holds 't' streams .* not 'ledger'.*a JSON Lines store holds one kind"
        ):
            s.append(StreamKind("ledger", "id"), "a", [payload("a", 2)], expected=2)
        assert s.kinds() == (T,)
    with pytest.raises(StoreError, match="not 'ledger'"):
        JsonlStore(path, kind=StreamKind("ledger", "id")).read_all()
    path.with_name("events.jsonl.index").unlink()
    with pytest.raises(
        StoreError, match=r"the kind of its streams is not known \(the file has no index yet\)"
    ):
        JsonlStore(path).kinds()
    assert JsonlStore(path.with_name("empty.jsonl")).kinds() == ()


def test_a_held_lock_times_out_with_an_error(path: Path) -> None:
    import filelock

    held = r"another process held the lock .*events.jsonl.lock for more than 0.05 s"
    with (
        filelock.FileLock(path.with_name("events.jsonl.lock")),
        JsonlStore(path, timeout=0.05) as s,
        pytest.raises(StoreError, match=held),
    ):
        s.append(T, "a", [payload("a", 1)], expected=1)
    with JsonlStore(path) as s:  # released: fine
        s.append(T, "a", [payload("a", 1)], expected=1)


def test_a_folder_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="expected a file, got a folder"):
        JsonlStore(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "e.jsonl").write_bytes(_lines(("a", 1)))
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="cannot take the lock"):
            JsonlStore(folder / "e.jsonl", kind=T).read_all()
    finally:
        folder.chmod(0o700)


def test_conflicts_are_decided_under_the_lock(path: Path) -> None:
    a, b = JsonlStore(path), JsonlStore(path)
    a.append(T, "x", [payload("x", 1)], expected=1)
    assert b.last_seq(T, "x") == 1
    a.append(T, "x", [payload("x", 2)], expected=2)
    with pytest.raises(ConflictError, match="event 2 is already stored"):
        b.append(T, "x", [payload("x", 2, who="b")], expected=2)
    a.close()
    b.close()
