"""The JSON Lines event store: the interchange format, used as a store of one kind of stream per file.

Beside ``hazards.jsonl`` live three small files:

``hazards.jsonl.lock``
    The lock (:mod:`filelock`: ``flock`` on POSIX, ``LockFileEx`` on
    Windows) that every append takes, and every read for a moment.  The
    operating system releases it when a process dies, so a killed writer
    never leaves it held.
``hazards.jsonl.index``
    An SQLite index: where each record's line is, the last sequence number
    of each stream, and how much of the file is **committed** (its length,
    line count, identity, modification time and a hash of its last 4 KiB).
    An append writes its lines after the committed end, syncs the file, and
    only then moves the committed end in the index: that is the moment it
    is acknowledged.  So an append costs the same on a file of 1,000 or
    100,000 events: the file is never re-read.  The index is rebuilt from
    the file when it is missing, or when the file was changed by anything
    but an append (replaced, edited, truncated: its identity, size, time or
    last bytes differ); every whole line is then committed.
``hazards.jsonl.uncommitted``
    Bytes found after the committed end: the lines of an append whose
    writer was killed before the index said so.  They were never
    acknowledged; the next append moves them here (appending, never
    overwriting) and cuts them from the file, so the store is never wedged
    and nothing is thrown away.  Until then, reads leave them out and
    :meth:`~jiceng_xiaofang.store.EventStore.problems` reports them.

A line that is not a record (not UTF-8 JSON, not an event of the file's
kind, or a sequence number repeated or skipped) is left out of every read
and reported as a problem; it never stops an append.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from ..errors import XiaofangError
from .base import (
    EventStore,
    Record,
    StoreError,
    StoreProblem,
    StreamKind,
    _Entry,
    check_kind,
    check_stream,
    key_of,
)

__all__ = ["INDEX_VERSION", "JsonlStore", "replace_jsonl"]

INDEX_VERSION = 1
"""The version of a JSON Lines store's index; an index of another version is rebuilt."""

_TAIL = 4096
_BOM = b"\xef\xbb\xbf"

_INDEX_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value)",
    "CREATE TABLE IF NOT EXISTS records (line INTEGER PRIMARY KEY, stream TEXT NOT NULL, seq INTEGER NOT NULL,"
    " offset INTEGER NOT NULL, length INTEGER NOT NULL, UNIQUE (stream, seq))",
    "CREATE TABLE IF NOT EXISTS skipped (line INTEGER PRIMARY KEY, kind TEXT NOT NULL, message TEXT NOT NULL)",
)


class _State(NamedTuple):
    """The committed part of the file, as the (checked) index says."""

    kind: StreamKind
    committed: int
    lines: int
    newline_missing: bool
    tail: bytes
    size: int  # the file's size now: more than committed when an append did not finish


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _lock(path: Path, timeout: float) -> contextlib.AbstractContextManager[object]:
    import filelock

    lock = filelock.FileLock(_side(path, ".lock"), timeout=timeout)

    @contextlib.contextmanager
    def held() -> Iterator[object]:
        try:
            lock.acquire(poll_interval=0.002)
        except filelock.Timeout:
            raise StoreError(
                f"another process held the lock {lock.lock_file} for more than {timeout:g} s", store=str(path)
            ) from None
        except OSError as exc:
            raise StoreError(
                f"cannot take the lock {lock.lock_file} ({exc.strerror or exc})", store=str(path)
            ) from None
        try:
            yield lock
        finally:
            lock.release()

    return held()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _classify(piece: bytes, kind: StreamKind, heads: dict[str, int]) -> tuple[str, str] | tuple[str, int]:
    """A line's (stream, seq) if it is the next record of its stream, else (problem kind, message)."""
    try:
        obj = json.loads(piece.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return "corrupted", f"not UTF-8 ({exc.reason} at byte {exc.start})"
    except json.JSONDecodeError as exc:
        return "corrupted", f"not valid JSON ({exc.msg}: column {exc.colno})"
    except (ValueError, RecursionError) as exc:
        reason = "nested too deep" if isinstance(exc, RecursionError) else str(exc)
        return "corrupted", f"not valid JSON ({reason})"
    key = key_of(kind, obj)
    if key is None:
        return "invalid", (
            f"not a {kind.name} event: expected a JSON object with {kind.stream_key!r} (a string) and"
            f" {kind.seq_key!r} (an integer from 1)"
        )
    stream, seq = key
    try:
        check_stream(stream, f"key {kind.stream_key!r}")
    except XiaofangError as exc:
        return "invalid", str(exc)
    head = heads.get(stream, 0)
    if seq != head + 1:
        held = f"{kind.name} stream {stream!r}, which holds {head} event" + ("" if head == 1 else "s")
        if seq <= head:
            return "invalid", f"event {seq} again of {held}"
        return "invalid", f"event {seq} of {held}: expected event {head + 1}"
    heads[stream] = seq
    return stream, seq


def _scan(
    data: bytes, kind: StreamKind
) -> tuple[list[tuple[int, str, int, int, int]], list[tuple[int, str, str]], int, int, bool]:
    """Read a whole file: (records, skipped lines, committed length, committed lines, newline missing)."""
    records: list[tuple[int, str, int, int, int]] = []
    skipped: list[tuple[int, str, str]] = []
    heads: dict[str, int] = {}
    offset = len(_BOM) if data.startswith(_BOM) else 0
    committed, line, newline_missing = offset, 0, False
    size = len(data)
    while offset < size:
        end = data.find(b"\n", offset)
        last = end == -1
        stop = size if last else end
        body = stop - 1 if stop > offset and data[stop - 1] == 0x0D else stop
        piece = data[offset:body]
        if not piece.strip():
            found: tuple[str, str] | tuple[str, int] | None = None
        else:
            found = _classify(piece, kind, heads)
        if last:
            # the last piece has no line break: keep it if it is blank or a whole record, else it is torn
            if found is None or isinstance(found[1], int):
                line += 1
                if found is not None:
                    records.append((line, found[0], int(found[1]), offset, body - offset))
                committed, newline_missing = size, True
            break
        line += 1
        if found is not None:
            if isinstance(found[1], int):
                records.append((line, found[0], found[1], offset, body - offset))
            else:
                skipped.append((line, found[0], found[1]))
        offset = committed = end + 1
    return records, skipped, committed, line, newline_missing


class JsonlStore(EventStore):
    """An event store in a JSON Lines file: each line one payload as stored; one kind of stream per file.

    The file is the hazard log's own format, so
    :func:`~jiceng_xiaofang.read_hazard_log` reads it, and a log
    written by :meth:`HazardLog.write <jiceng_xiaofang.HazardLog.write>` is
    a store.  Appends take the file's lock and cost the same whatever the
    file's size (see the module for the lock, the index and what happens
    after a crash).  Append to the file only through a store: bytes that
    something else appended after the committed end are moved aside as an
    unfinished append.

    Parameters
    ----------
    path
        The file; created at the first append if missing.  The folder must
        be writable (the lock and the index live beside the file).
    kind
        The kind of its streams.  Optional: a file whose index exists
        knows it, and each call names its kind; needed to read a file
        without an index through
        :meth:`~jiceng_xiaofang.store.EventStore.read_all` or
        :meth:`~jiceng_xiaofang.store.EventStore.kinds`.
    timeout
        Seconds to wait for another process's lock.
    create
        If false, a missing file is refused.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from jiceng_xiaofang.store import JsonlStore, StreamKind
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(tmp.name, "notes.jsonl")
    >>> NOTES = StreamKind("note", stream_key="note")
    >>> with JsonlStore(path) as store:
    ...     store.append(NOTES, "n-1", ['{"note":"n-1","seq":1}'], expected=1)
    1
    >>> with open(path, "ab") as f:  # a writer killed in the middle of a line
    ...     f.write(b'{"note":"n-1","se')
    17
    >>> with JsonlStore(path) as store:
    ...     print(store.problems()[0])
    ...     store.append(NOTES, "n-1", ['{"note":"n-1","seq":2}'], expected=2)
    line 2 (truncated): the file ends with 17 bytes that no append committed (an append that did not finish); the next append moves them to notes.jsonl.uncommitted
    2
    >>> print(path.read_text(), end="")
    {"note":"n-1","seq":1}
    {"note":"n-1","seq":2}
    >>> sorted(p.name for p in path.parent.iterdir())
    ['notes.jsonl', 'notes.jsonl.index', 'notes.jsonl.lock', 'notes.jsonl.uncommitted']
    >>> tmp.cleanup()
    """

    scheme = "jsonl"

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        kind: StreamKind | None = None,
        timeout: float = 30.0,
        create: bool = True,
    ) -> None:
        super().__init__(str(path))
        self.path = Path(path)
        self.kind = None if kind is None else check_kind(kind)
        self.timeout = float(timeout)
        self.index_path = _side(self.path, ".index")
        self.aside_path = _side(self.path, ".uncommitted")
        if self.path.is_dir():
            raise StoreError("expected a file, got a folder", store=self.name)
        if not create and not self.path.is_file():
            raise StoreError("no such file", store=self.name)
        if not self.path.parent.is_dir():
            raise StoreError(f"no such folder: {self.path.parent}", store=self.name)
        self._db: sqlite3.Connection | None = None
        self._db_id: tuple[int, int] | None = None

    # -- the index -------------------------------------------------------------------------------------------

    def _index(self) -> sqlite3.Connection:
        """The index's connection: reopened if the index file was replaced or removed since."""
        try:
            st = os.stat(self.index_path)
            ident: tuple[int, int] | None = (st.st_dev, st.st_ino)
        except FileNotFoundError:
            ident = None
        if self._db is not None and ident == self._db_id:
            return self._db
        self._drop_index(remove=False)
        try:
            db = self._connect()
        except sqlite3.DatabaseError:
            self.index_path.unlink(missing_ok=True)  # a damaged index: it is rebuilt from the file
            try:
                db = self._connect()
            except sqlite3.Error as exc:
                raise StoreError(
                    f"cannot use the index {self.index_path.name} ({exc})", store=self.name
                ) from None
        st = os.stat(self.index_path)
        self._db, self._db_id = db, (st.st_dev, st.st_ino)
        return db

    def _connect(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.index_path, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open the index {self.index_path.name} ({exc})", store=self.name
            ) from None
        try:
            db.execute("PRAGMA journal_mode = WAL")  # one sync per commit; readers never wait
            db.execute("PRAGMA synchronous = FULL")  # an acknowledged append survives a power cut
            for statement in _INDEX_SCHEMA:
                db.execute(statement)
        except BaseException:
            db.close()
            raise
        return db

    def _drop_index(self, *, remove: bool) -> None:
        if self._db is not None:
            self._db.close()
        self._db, self._db_id = None, None
        if remove:
            self.index_path.unlink(missing_ok=True)

    def _read_tail(self, committed: int) -> bytes:
        start = max(0, committed - _TAIL)
        with open(self.path, "rb") as f:
            f.seek(start)
            return f.read(committed - start)

    def _state(self, kind: StreamKind | None) -> _State | None:
        """Under the lock: the index checked against the file, rebuilt if stale; None if nothing is known."""
        db = self._index()
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        stored = None
        if "kind" in meta:
            stored = StreamKind(str(meta["kind"]), str(meta["stream_key"]), str(meta["seq_key"]))
        for given in (kind, self.kind):
            if given is not None and stored is not None and given != stored:
                raise StoreError(
                    f"the file holds {stored.name!r} streams (keys {stored.stream_key!r}, {stored.seq_key!r}),"
                    f" not {given.name!r} (keys {given.stream_key!r}, {given.seq_key!r}): a JSON Lines store holds"
                    " one kind of stream; use another file or a database store",
                    store=self.name,
                )
        use = kind or self.kind or stored
        try:
            st: os.stat_result | None = os.stat(self.path)
        except FileNotFoundError:
            st = None
        if stored is not None and meta.get("version") == INDEX_VERSION:
            committed = int(meta["committed"])
            if st is None:
                fresh = committed == 0 and int(meta["ino"]) == 0
                tail = b""
            else:
                fresh = (st.st_dev, st.st_ino) == (
                    int(meta["dev"]),
                    int(meta["ino"]),
                ) and st.st_size >= committed
                tail = self._read_tail(committed) if fresh else b""
                fresh = fresh and _digest(tail) == meta["tail"]
                fresh = fresh and (st.st_size > committed or st.st_mtime_ns == int(meta["mtime"]))
            if fresh:
                return _State(
                    stored,
                    committed,
                    int(meta["lines"]),
                    bool(meta["newline"]),
                    tail,
                    0 if st is None else st.st_size,
                )
        if use is None:
            if st is None or st.st_size == 0:
                return None
            raise StoreError(
                "the kind of its streams is not known (the file has no index yet): open it with"
                " JsonlStore(path, kind=...)",
                store=self.name,
            )
        return self._rebuild(db, use)

    def _rebuild(self, db: sqlite3.Connection, kind: StreamKind) -> _State:
        try:
            with open(self.path, "rb") as f:
                data = f.read()
                st = os.fstat(f.fileno())
                ident, mtime = (st.st_dev, st.st_ino), st.st_mtime_ns
        except FileNotFoundError:
            data, ident, mtime = b"", (0, 0), 0
        except OSError as exc:
            raise StoreError(f"cannot read the file ({exc.strerror})", store=self.name) from None
        records, skipped, committed, lines, newline_missing = _scan(data, kind)
        tail = data[max(0, committed - _TAIL) : committed]
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM records")
            db.execute("DELETE FROM skipped")
            db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?)", records)
            db.executemany("INSERT INTO skipped VALUES (?, ?, ?)", skipped)
            self._set_meta(
                db,
                version=INDEX_VERSION,
                kind=kind.name,
                stream_key=kind.stream_key,
                seq_key=kind.seq_key,
                committed=committed,
                lines=lines,
                newline=int(newline_missing),
                dev=ident[0],
                ino=ident[1],
                mtime=mtime,
                tail=_digest(tail),
            )
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return _State(kind, committed, lines, newline_missing, tail, len(data))

    @staticmethod
    def _set_meta(db: sqlite3.Connection, **values: object) -> None:
        db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(values.items()))

    @contextlib.contextmanager
    def _session(self, kind: StreamKind | None) -> Iterator[_State | None]:
        """Hold the lock with the index checked; SQLite errors of the index become StoreError."""
        with _lock(self.path, self.timeout):
            try:
                yield self._state(kind)
            except sqlite3.Error as exc:
                self._drop_index(remove=False)
                raise StoreError(
                    f"cannot use the index {self.index_path.name} ({exc})", store=self.name
                ) from None

    # -- writing ---------------------------------------------------------------------------------------------

    def _set_aside(self, db: sqlite3.Connection, state: _State) -> None:
        """Move the bytes after the committed end (an append that did not finish) to the .uncommitted file."""
        try:
            with open(self.path, "r+b") as f:
                f.seek(state.committed)
                tail = f.read()
                with open(self.aside_path, "ab") as aside:
                    aside.write(tail if tail.endswith(b"\n") else tail + b"\n")
                    aside.flush()
                    os.fsync(aside.fileno())
                f.truncate(state.committed)
                f.flush()
                os.fsync(f.fileno())
                mtime = os.fstat(f.fileno()).st_mtime_ns
        except OSError as exc:
            raise StoreError(
                f"cannot move an unfinished append to {self.aside_path.name} ({exc.strerror})",
                store=self.name,
            ) from None
        self._set_meta(db, mtime=mtime)

    def _write(self, kind: StreamKind, entries: list[_Entry], expected: dict[str, int]) -> None:
        with self._session(kind) as state:
            assert state is not None  # a kind was given
            db = self._index()
            if state.size > state.committed:
                self._set_aside(db, state)
            for stream, first in expected.items():
                found = self._head(db, stream)
                if found != first - 1:
                    raise self._conflict(kind, stream, first, found)
            lines = [e.payload.encode("utf-8") + b"\n" for e in entries]
            start = state.committed + (1 if state.newline_missing else 0)
            chunk = (b"\n" if state.newline_missing else b"") + b"".join(lines)
            created = not self.path.exists()
            try:
                with open(self.path, "r+b" if not created else "wb") as f:
                    f.seek(state.committed)
                    try:
                        f.write(chunk)
                        f.flush()
                        os.fsync(f.fileno())
                    except OSError:
                        f.truncate(state.committed)
                        raise
                    st = os.fstat(f.fileno())
                if created:
                    _sync_folder(self.path.parent)
            except OSError as exc:
                raise StoreError(f"cannot append to the file ({exc.strerror})", store=self.name) from None
            rows = []
            offset, line = start, state.lines
            for entry, raw in zip(entries, lines, strict=True):
                line += 1
                rows.append((line, entry.stream, entry.seq, offset, len(raw) - 1))
                offset += len(raw)
            committed = state.committed + len(chunk)
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?)", rows)
                self._set_meta(
                    db,
                    committed=committed,
                    lines=line,
                    newline=0,
                    dev=st.st_dev,
                    ino=st.st_ino,
                    mtime=st.st_mtime_ns,
                    tail=_digest((state.tail + chunk)[-_TAIL:]),
                )
                db.execute("COMMIT")  # the append is acknowledged
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    @staticmethod
    def _head(db: sqlite3.Connection, stream: str) -> int:
        (found,) = db.execute(
            "SELECT coalesce(max(seq), 0) FROM records WHERE stream = ?", (stream,)
        ).fetchone()
        return int(found)

    # -- reading ---------------------------------------------------------------------------------------------

    def _records(
        self, state: _State, rows: list[tuple[int, str, int, int, int]], *, whole: bool = False
    ) -> list[Record]:
        """The records of index rows: read from the whole committed file, or line by line."""
        if not rows:
            return []
        try:
            with open(self.path, "rb") as f:
                if whole:
                    data = f.read(state.committed)
                    slices = [data[o : o + n] for _, _, _, o, n in rows]
                else:
                    slices = []
                    for _, _, _, o, n in rows:
                        f.seek(o)
                        slices.append(f.read(n))
        except OSError as exc:
            raise StoreError(f"cannot read the file ({exc.strerror})", store=self.name) from None
        found = []
        for (line, stream, seq, _, n), raw in zip(rows, slices, strict=True):
            if len(raw) != n:
                raise StoreError(f"the file changed under its index at line {line}", store=self.name)
            found.append(Record(state.kind.name, stream, seq, raw.decode("utf-8"), line))
        return found

    def _read(self, kind: StreamKind, stream: str, after: int) -> tuple[Record, ...]:
        with self._session(kind) as state:
            assert state is not None
            rows = self._index().execute(
                "SELECT line, stream, seq, offset, length FROM records WHERE stream = ? AND seq > ? ORDER BY seq",
                (stream, after),
            )
            return tuple(self._records(state, rows.fetchall()))

    def _last_seq(self, kind: StreamKind, stream: str) -> int:
        with self._session(kind):
            return self._head(self._index(), stream)

    def _streams(self, kind: StreamKind) -> tuple[str, ...]:
        with self._session(kind):
            rows = self._index().execute("SELECT stream FROM records WHERE seq = 1 ORDER BY line").fetchall()
        return tuple(str(r[0]) for r in rows)

    def _read_all(self, kind: StreamKind | None) -> Iterable[Record]:
        with self._session(kind) as state:
            if state is None:
                return []
            rows = self._index().execute(
                "SELECT line, stream, seq, offset, length FROM records ORDER BY line"
            )
            return self._records(state, rows.fetchall(), whole=True)

    def _kinds(self) -> tuple[StreamKind, ...]:
        with self._session(None) as state:
            if state is None or self._index().execute("SELECT 1 FROM records LIMIT 1").fetchone() is None:
                return ()
            return (state.kind,)

    def _problems(self) -> tuple[StoreProblem, ...]:
        with self._session(None) as state:
            if state is None:
                return ()
            rows = self._index().execute("SELECT line, kind, message FROM skipped ORDER BY line").fetchall()
        found = [StoreProblem(int(line), str(kind), str(message)) for line, kind, message in rows]
        if state.size > state.committed:
            n = state.size - state.committed
            found.append(
                StoreProblem(
                    state.lines + 1,
                    "truncated",
                    f"the file ends with {n} bytes that no append committed (an append that did not finish);"
                    f" the next append moves them to {self.aside_path.name}",
                )
            )
        return tuple(found)

    def _close(self) -> None:
        self._drop_index(remove=False)


def _sync_folder(folder: Path) -> None:
    """Make a new file's name durable (POSIX); nothing to do where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace_jsonl(path: str | os.PathLike[str], data: bytes, *, timeout: float = 30.0) -> None:
    r"""Replace a JSON Lines file with ``data`` atomically, under the lock its store takes.

    The new file is written beside the old one, synced, and renamed over
    it, so a crash leaves the old file or the new one, whole; a store's
    index sees a new file and is rebuilt at its next use.  Raises
    :class:`OSError` when the file cannot be written, and
    :class:`~jiceng_xiaofang.StoreError` when the lock cannot be
    taken.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from jiceng_xiaofang.store import replace_jsonl
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(tmp.name, "notes.jsonl")
    >>> replace_jsonl(path, b'{"note":"n-1","seq":1}\n')
    >>> path.read_bytes()
    b'{"note":"n-1","seq":1}\n'
    >>> tmp.cleanup()
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise FileNotFoundError(2, "No such file or directory", str(target.parent))
    if target.is_dir():
        raise IsADirectoryError(21, "Is a directory", str(target))
    with _lock(target, timeout):
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _sync_folder(target.parent)
