"""The SQLite event store: the embedded default, one file, the standard library's :mod:`sqlite3`.

The database runs in WAL mode (readers never wait for the writer) with
``synchronous = FULL`` (an acknowledged append survives a power cut); a
write takes SQLite's write lock (``BEGIN IMMEDIATE``), waiting up to
``timeout`` seconds for another writer, checks the streams' last sequence
numbers and inserts.  ``UNIQUE (kind, stream, seq)`` is the last word: two
writers can never store the same number of one stream.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from .base import EventStore, Record, StoreError, StreamKind, _Entry

__all__ = ["SCHEMA_VERSION", "SQLiteStore"]

SCHEMA_VERSION = 1
"""The version of the tables a database store writes (``jx_meta``: ``schema``)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jx_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS jx_kinds (
    name TEXT PRIMARY KEY,
    stream_key TEXT NOT NULL,
    seq_key TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS jx_events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    stream TEXT NOT NULL,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    payload TEXT NOT NULL,
    UNIQUE (kind, stream, seq)
);
CREATE INDEX IF NOT EXISTS jx_events_streams ON jx_events (kind, position) WHERE seq = 1;
"""


class SQLiteStore(EventStore):
    """An event store in one SQLite file (WAL mode); a path is all it needs.

    Several processes may open the same file and append at once: one
    writer at a time holds the write lock (the others wait up to
    ``timeout`` seconds), and of two appends of the same sequence number the
    second gets :class:`~jiceng_xiaofang.ConflictError`.  Keep the
    file on a local disk: SQLite's locks do not work over network file
    systems.

    Parameters
    ----------
    path
        The database file; created with its tables if missing (unless
        ``create`` is false), in a folder that must exist.
    timeout
        Seconds to wait for another writer's lock before giving up with
        :class:`~jiceng_xiaofang.StoreError`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from jiceng_xiaofang.store import SQLiteStore, StreamKind
    >>> tmp = tempfile.TemporaryDirectory()
    >>> store = SQLiteStore(pathlib.Path(tmp.name, "events.sqlite"))
    >>> T = StreamKind("t", stream_key="id")
    >>> store.append(T, "a", ['{"id":"a","seq":1}', '{"id":"a","seq":2}'], expected=1)
    2
    >>> store.last_seq(T, "a"), store.streams(T)
    (2, ('a',))
    >>> store.close()
    >>> SQLiteStore(pathlib.Path(tmp.name, "missing", "x.sqlite"))
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.store.base.StoreError: ...x.sqlite: cannot open the database (unable to open database file)
    >>> tmp.cleanup()
    """

    scheme = "sqlite"

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0, create: bool = True) -> None:
        super().__init__(str(path))
        self.path = Path(path)
        self.timeout = float(timeout)
        self._known: dict[str, StreamKind] = {}
        if not create and not self.path.is_file():
            raise StoreError("no such database file", store=self.name)
        try:
            self._db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the database ({exc})", store=self.name) from None
        try:
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            found = self._schema()
            if found is None:  # a new database: create the tables, under the write lock
                self._begin()
                try:
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            self._db.execute(statement)
                    self._db.execute(
                        "INSERT OR IGNORE INTO jx_meta (key, value) VALUES ('schema', ?)",
                        (str(SCHEMA_VERSION),),
                    )
                    self._db.execute("COMMIT")
                except BaseException:
                    self._rollback()
                    raise
                found = self._schema()
        except sqlite3.Error as exc:
            self._db.close()
            raise StoreError(f"cannot open the database ({exc})", store=self.name) from None
        except StoreError:
            self._db.close()
            raise
        if found != str(SCHEMA_VERSION):
            self._db.close()
            raise StoreError(
                f"the database holds event tables of schema {found}; this version reads {SCHEMA_VERSION}",
                store=self.name,
            )

    def _schema(self) -> str | None:
        """The schema version the database's tables are written in; None for a database without them."""
        if not self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'jx_meta'").fetchone():
            return None
        row = self._db.execute("SELECT value FROM jx_meta WHERE key = 'schema'").fetchone()
        return None if row is None else str(row[0])

    def _begin(self) -> None:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(
                    f"another writer held the database for more than {self.timeout:g} s ({exc})",
                    store=self.name,
                ) from None
            raise

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    def _kind(self, kind: StreamKind, *, register: bool) -> bool:
        """Check ``kind`` against the kinds stored; register it if asked. False: the store holds none of it."""
        if self._known.get(kind.name) == kind:
            return True
        row = self._db.execute(
            "SELECT stream_key, seq_key FROM jx_kinds WHERE name = ?", (kind.name,)
        ).fetchone()
        if row is None:
            if not register:
                return False
            (count,) = self._db.execute("SELECT count(*) FROM jx_kinds").fetchone()
            self._db.execute(
                "INSERT INTO jx_kinds (name, stream_key, seq_key, position) VALUES (?, ?, ?, ?)",
                (kind.name, kind.stream_key, kind.seq_key, count + 1),
            )
        elif tuple(row) != (kind.stream_key, kind.seq_key):
            raise StoreError(
                f"the kind {kind.name!r} is stored with stream_key {row[0]!r} and seq_key {row[1]!r},"
                f" not {kind.stream_key!r} and {kind.seq_key!r}",
                store=self.name,
            )
        else:
            self._known[kind.name] = kind
        return True

    def _head(self, kind: str, stream: str) -> int:
        (found,) = self._db.execute(
            "SELECT coalesce(max(seq), 0) FROM jx_events WHERE kind = ? AND stream = ?", (kind, stream)
        ).fetchone()
        return int(found)

    def _write(self, kind: StreamKind, entries: list[_Entry], expected: dict[str, int]) -> None:
        try:
            self._begin()
            try:
                self._kind(kind, register=True)
                for stream, first in expected.items():
                    found = self._head(kind.name, stream)
                    if found != first - 1:
                        raise self._conflict(kind, stream, first, found)
                self._db.executemany(
                    "INSERT INTO jx_events (kind, stream, seq, payload) VALUES (?, ?, ?, ?)",
                    [(kind.name, e.stream, e.seq, e.payload) for e in entries],
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._rollback()
                self._known.pop(kind.name, None)
                raise
        except sqlite3.IntegrityError:  # only another writer can break UNIQUE (kind, stream, seq)
            raise self._lost(kind, expected) from None
        except sqlite3.Error as exc:
            raise StoreError(f"cannot append ({exc})", store=self.name) from None

    def _lost(self, kind: StreamKind, expected: dict[str, int]) -> StoreError:
        """The conflict of an append that the uniqueness constraint refused: the first stream taken."""
        try:
            for stream, first in expected.items():
                found = self._head(kind.name, stream)
                if found != first - 1:
                    return self._conflict(kind, stream, first, found)
        except sqlite3.Error as exc:
            return StoreError(f"cannot append ({exc})", store=self.name)
        stream, first = next(iter(expected.items()))
        return self._conflict(kind, stream, first, first)

    def _query(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read ({exc})", store=self.name) from None

    def _read(self, kind: StreamKind, stream: str, after: int) -> tuple[Record, ...]:
        if not self._kind(kind, register=False):
            return ()
        rows = self._query(
            "SELECT seq, payload, position FROM jx_events WHERE kind = ? AND stream = ? AND seq > ? ORDER BY seq",
            (kind.name, stream, after),
        )
        return tuple(Record(kind.name, stream, int(s), str(p), int(pos)) for s, p, pos in rows)  # type: ignore[call-overload]

    def _last_seq(self, kind: StreamKind, stream: str) -> int:
        if not self._kind(kind, register=False):
            return 0
        try:
            return self._head(kind.name, stream)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read ({exc})", store=self.name) from None

    def _streams(self, kind: StreamKind) -> tuple[str, ...]:
        if not self._kind(kind, register=False):
            return ()
        rows = self._query(
            "SELECT stream FROM jx_events WHERE kind = ? AND seq = 1 ORDER BY position", (kind.name,)
        )
        return tuple(str(r[0]) for r in rows)

    def _read_all(self, kind: StreamKind | None) -> Iterable[Record]:
        if kind is None:
            rows = self._query("SELECT kind, stream, seq, payload, position FROM jx_events ORDER BY position")
        elif not self._kind(kind, register=False):
            return ()
        else:
            rows = self._query(
                "SELECT kind, stream, seq, payload, position FROM jx_events WHERE kind = ? ORDER BY position",
                (kind.name,),
            )
        return [Record(str(k), str(s), int(q), str(p), int(pos)) for k, s, q, p, pos in rows]  # type: ignore[call-overload]

    def _kinds(self) -> tuple[StreamKind, ...]:
        rows = self._query("SELECT name, stream_key, seq_key FROM jx_kinds ORDER BY position")
        return tuple(StreamKind(str(n), str(s), str(q)) for n, s, q in rows)

    def _close(self) -> None:
        self._db.close()
