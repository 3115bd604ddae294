"""The event store's interface: streams of events keyed by (kind, stream, sequence number), and its errors.

A store holds **streams**: each a sequence of events numbered 1, 2, 3...
with no gap, identified by its **kind** (a namespace such as ``hazard``)
and its id.  An event is stored as its payload, one line of JSON text kept
byte for byte; the payload names its own stream and sequence number (under
the keys its :class:`StreamKind` says), so any store can be exported to
JSON Lines and read back.

An append is **atomic and optimistic**: the caller says which sequence
number it expects to write next; if the stream holds anything else (another
writer appended first, or the caller's view is stale), nothing is written
and :class:`~jiceng_xiaofang.ConflictError` says which stream and which number it lost.  The
store knows nothing of what the events mean: the layer above it (the hazard
loop, the committee's ledger) validates them before appending.
"""

from __future__ import annotations

import abc
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType, TracebackType
from typing import Any, ClassVar, NamedTuple

import attrs

from ..errors import XiaofangError

__all__ = [
    "MAX_SEQ",
    "MAX_STREAM_LENGTH",
    "PROBLEM_KINDS",
    "ConflictError",
    "EventStore",
    "Record",
    "StoreError",
    "StoreProblem",
    "StreamKind",
]

MAX_STREAM_LENGTH = 200
"""The longest stream id a store takes, in characters."""

MAX_SEQ = 2**63 - 1
"""The largest sequence number a store takes (a signed 64-bit integer, as databases store it)."""

PROBLEM_KINDS: Mapping[str, str] = MappingProxyType(
    {
        "truncated": "bytes at the end of a JSON Lines store that no append committed (an interrupted write)",
        "corrupted": "a line of a JSON Lines store that is not UTF-8 JSON",
        "invalid": "a JSON line that is not an event of the store's kind, or that repeats or skips a sequence number",
    }
)
"""The kinds of :class:`StoreProblem`, kind -> what it means (the same words as the hazard log's)."""

_KIND_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}\Z")


class StoreError(XiaofangError):
    """A store that cannot be opened, read or written; the message names the store and what went wrong.

    Examples
    --------
    >>> from jiceng_xiaofang.store import StoreError
    >>> str(StoreError("cannot open the database (disk I/O error)", store="h.sqlite"))
    'h.sqlite: cannot open the database (disk I/O error)'
    """

    def __init__(self, message: str, *, store: str = "") -> None:
        self.store = store
        self.reason = message
        super().__init__(f"{store}: {message}" if store else message)


class ConflictError(StoreError):
    """An append that lost: the stream does not continue where the caller expected, so nothing was written.

    Another writer appended to the stream first, or the caller's view of it
    is stale.  Read the stream again, decide again, and retry.

    Attributes
    ----------
    kind, stream
        The stream that conflicted.
    expected
        The sequence number the append expected to write (the one it lost).
    found
        The last sequence number the stream held (0 for none).

    Examples
    --------
    >>> from jiceng_xiaofang.store import ConflictError
    >>> print(ConflictError(store="h.sqlite", kind="hazard", stream="HZ-1", expected=3, found=3))
    h.sqlite: hazard stream 'HZ-1': conflict: event 3 is already stored (the stream holds 3 events); another writer appended first: nothing was written, read the stream again
    """

    def __init__(self, *, store: str, kind: str, stream: str, expected: int, found: int) -> None:
        self.kind = kind
        self.stream = stream
        self.expected = expected
        self.found = found
        held = f"{found} event" + ("" if found == 1 else "s")
        if expected <= found:
            why = (
                f"event {expected} is already stored (the stream holds {held}); another writer appended"
                " first: nothing was written, read the stream again"
            )
        else:
            why = (
                f"the append starts at event {expected}, but the stream holds {held}, so the next is"
                f" {found + 1}: nothing was written, read the stream again"
            )
        super().__init__(f"{kind} stream {stream!r}: conflict: {why}", store=store)


def _fail(field: str, expected: str, got: object) -> XiaofangError:
    return XiaofangError(f"{field}: expected {expected}, got {got!r}")


@attrs.frozen
class StreamKind:
    """A kind of stream (a namespace), and the keys of a payload that name its stream and sequence number.

    The hazard loop's streams are
    :data:`~jiceng_xiaofang.hazards.HAZARD_STREAMS`; another layer (the
    committee's ledger) declares its own kind and shares a database store
    with it without either knowing the other.  A store remembers the keys of
    each kind it holds and refuses the same name with other keys.

    Examples
    --------
    >>> from jiceng_xiaofang.store import StreamKind
    >>> StreamKind("ledger", stream_key="entry")
    StreamKind(name='ledger', stream_key='entry', seq_key='seq')
    >>> StreamKind("Ledger", stream_key="entry")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.XiaofangError: StreamKind.name: expected lower-case letters, digits and '_', starting with a letter (at most 64), got 'Ledger'
    """

    name: str
    """The kind's name, of lower-case letters, digits and ``_``, starting with a letter; at most 64."""
    stream_key: str
    """The payload's key holding the stream id (a string)."""
    seq_key: str = "seq"
    """The payload's key holding the sequence number (an integer from 1)."""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not _KIND_NAME.match(self.name):
            raise _fail(
                "StreamKind.name",
                "lower-case letters, digits and '_', starting with a letter (at most 64)",
                self.name,
            )
        for field in ("stream_key", "seq_key"):
            value = getattr(self, field)
            if not isinstance(value, str) or not value:
                raise _fail(f"StreamKind.{field}", "a non-empty string", value)
        if self.stream_key == self.seq_key:
            raise _fail(
                "StreamKind.seq_key", f"a key other than stream_key {self.stream_key!r}", self.seq_key
            )


@attrs.frozen
class Record:
    """One stored event: its stream, its sequence number, its payload as stored, and its place in the store.

    ``position`` orders the store's records: the line of the file in a JSON
    Lines store; in a database, a number that grows with each record
    written (the numbers of a failed append may be skipped).

    Examples
    --------
    >>> from jiceng_xiaofang.store import Record
    >>> Record(kind="hazard", stream="HZ-1", seq=1, payload='{"hazard":"HZ-1","seq":1}', position=1).seq
    1
    """

    kind: str
    """The name of the stream's kind (:attr:`StreamKind.name <jiceng_xiaofang.store.StreamKind.name>`)."""
    stream: str
    """The stream's id, such as a hazard's id."""
    seq: int
    """The event's number in its stream, from 1."""
    payload: str
    """The event as stored, a JSON object's text."""
    position: int
    """The record's place in the store, the line of a JSON Lines file or a database's growing number."""


@attrs.frozen
class StoreProblem:
    """Stored data that is not a readable record, left out of every read, and why (a JSON Lines store's only).

    Examples
    --------
    >>> from jiceng_xiaofang.store import StoreProblem
    >>> print(StoreProblem(position=7, kind="corrupted", message="not valid JSON"))
    line 7 (corrupted): not valid JSON
    """

    position: int
    """The line of the file the problem is on."""
    kind: str
    """``corrupted`` (not UTF-8 or not JSON), ``invalid`` (not an event that follows its stream) or ``truncated`` (bytes no append committed)."""
    message: str
    """What is wrong, in English."""

    def __str__(self) -> str:
        return f"line {self.position} ({self.kind}): {self.message}"


class _Entry(NamedTuple):
    stream: str
    seq: int
    payload: str


def check_kind(kind: object) -> StreamKind:
    """Return ``kind`` if it is a :class:`StreamKind`, else raise naming the argument."""
    if not isinstance(kind, StreamKind):
        raise _fail("kind", "a StreamKind", kind)
    return kind


def check_stream(stream: object, field: str = "stream") -> str:
    """Return ``stream`` if it is a valid stream id, else raise naming ``field``."""
    if not isinstance(stream, str) or not stream:
        raise _fail(field, "a non-empty string", stream)
    if len(stream) > MAX_STREAM_LENGTH:
        raise XiaofangError(
            f"{field}: expected at most {MAX_STREAM_LENGTH} characters, got {len(stream)}: {stream[:40]!r}..."
        )
    if any(ord(c) < 0x20 or ord(c) == 0x7F or 0xD800 <= ord(c) <= 0xDFFF for c in stream):
        raise _fail(field, "text without control characters or lone surrogates", stream)
    return stream


def payload_key(kind: StreamKind, payload: object, field: str) -> tuple[str, int]:
    """The (stream, seq) a payload names under its kind; raise :class:`XiaofangError` naming ``field`` if none.

    A payload is one line of JSON (no line break), UTF-8 encodable, an
    object whose ``kind.stream_key`` is a valid stream id and whose
    ``kind.seq_key`` is an integer from 1 to :data:`MAX_SEQ`.

    Examples
    --------
    >>> from jiceng_xiaofang.store import StreamKind
    >>> from jiceng_xiaofang.store.base import payload_key
    >>> payload_key(StreamKind("t", "id"), '{"id":"a","seq":2}', "payloads[0]")
    ('a', 2)
    >>> payload_key(StreamKind("t", "id"), '{"id":"a"}', "payloads[0]")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.XiaofangError: payloads[0]: expected a JSON object with 'id' (a string) and 'seq' (an integer from 1), got '{"id":"a"}'
    """
    if not isinstance(payload, str):
        raise _fail(field, "a str of JSON", payload)
    if "\n" in payload or "\r" in payload:
        raise _fail(field, "one line of JSON (no line break)", payload[:80])
    try:
        payload.encode("utf-8")
        obj = json.loads(payload)
    except UnicodeEncodeError:
        raise _fail(field, "text that UTF-8 can encode (no lone surrogates)", payload[:80]) from None
    except (ValueError, RecursionError) as exc:
        reason = "nested too deep" if isinstance(exc, RecursionError) else str(exc)
        raise XiaofangError(f"{field}: expected JSON, got {payload[:80]!r} ({reason})") from None
    key = key_of(kind, obj)
    if key is None:
        raise _fail(
            field,
            f"a JSON object with {kind.stream_key!r} (a string) and {kind.seq_key!r} (an integer from 1)",
            payload[:80],
        )
    stream, seq = key
    check_stream(stream, f"{field}: key {kind.stream_key!r}")
    return stream, seq


def key_of(kind: StreamKind, obj: object) -> tuple[str, int] | None:
    """The (stream, seq) of a decoded JSON value under ``kind``, or None if it has none."""
    if not isinstance(obj, dict):
        return None
    stream, seq = obj.get(kind.stream_key), obj.get(kind.seq_key)
    if not isinstance(stream, str) or not stream or isinstance(seq, bool) or not isinstance(seq, int):
        return None
    if not 1 <= seq <= MAX_SEQ:
        return None
    return stream, seq


class EventStore(abc.ABC):
    """An event store: streams of events keyed by (kind, stream id, sequence number), payloads as stored.

    The implementations are :class:`~jiceng_xiaofang.store.SQLiteStore`,
    :class:`~jiceng_xiaofang.store.PostgresStore` and
    :class:`~jiceng_xiaofang.store.JsonlStore`;
    :func:`~jiceng_xiaofang.open_store` picks one from a path or URL.  A
    store is a context manager that closes it; a store object belongs to
    one thread (open one per thread or process: they share the data).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.store import ConflictError, StreamKind
    >>> NOTES = StreamKind("note", stream_key="note")
    >>> tmp = tempfile.TemporaryDirectory()
    >>> with jx.open_store(pathlib.Path(tmp.name, "notes.sqlite")) as store:
    ...     store.append(NOTES, "n-1", ['{"note":"n-1","seq":1,"text":"a"}'], expected=1)
    ...     try:
    ...         store.append(NOTES, "n-1", ['{"note":"n-1","seq":1,"text":"b"}'], expected=1)
    ...     except ConflictError as exc:
    ...         print(exc.stream, exc.expected, exc.found)
    ...     [r.payload for r in store.read(NOTES, "n-1")]
    1
    n-1 1 1
    ['{"note":"n-1","seq":1,"text":"a"}']
    >>> tmp.cleanup()
    """

    scheme: ClassVar[str] = ""
    """The kind of store (``sqlite``, ``postgresql`` or ``jsonl``)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._closed = False

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    def __str__(self) -> str:
        return self.name

    def __enter__(self) -> EventStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed

    def close(self) -> None:
        """Close the store (its connection or file handles); closing twice is harmless."""
        if not self._closed:
            self._closed = True
            self._close()

    def _open(self) -> None:
        if self._closed:
            raise StoreError("the store is closed", store=self.name)

    # -- writing -------------------------------------------------------------------------------------------

    def append(self, kind: StreamKind, stream: str, payloads: Sequence[str], *, expected: int) -> int:
        """Append events to one stream, all or nothing, if the stream's next sequence number is ``expected``.

        Each payload must name ``stream`` and the sequence numbers
        ``expected``, ``expected + 1``, ... in order.  Returns the last
        sequence number written (``expected - 1`` when ``payloads`` is empty:
        nothing is written or checked).  Raises :class:`~jiceng_xiaofang.ConflictError` when
        the stream does not end at ``expected - 1``; nothing is written then.
        """
        self._open()
        check_kind(kind)
        check_stream(stream)
        if isinstance(expected, bool) or not isinstance(expected, int) or not 1 <= expected <= MAX_SEQ:
            raise _fail("expected", f"a sequence number from 1 to {MAX_SEQ}", expected)
        items = _payloads(payloads)
        entries = []
        for i, payload in enumerate(items):
            name, seq = payload_key(kind, payload, f"payloads[{i}]")
            if name != stream:
                raise XiaofangError(
                    f"payloads[{i}]: key {kind.stream_key!r}: expected {stream!r}, got {name!r}"
                )
            if seq != expected + i:
                raise XiaofangError(
                    f"payloads[{i}]: key {kind.seq_key!r}: expected {expected + i}, got {seq}"
                )
            entries.append(_Entry(stream, seq, payload))
        if entries:
            self._write(kind, entries, {stream: expected})
        return expected + len(entries) - 1

    def append_many(self, kind: StreamKind, payloads: Sequence[str]) -> int:
        """Append events to several streams in the order given, all or nothing; returns how many were written.

        Each payload names its stream and sequence number; a stream's events
        in the batch must be numbered one after another, and the first of
        them is the number that stream is expected to write next (as in
        :meth:`append`).  One conflicting stream writes nothing at all.
        """
        self._open()
        check_kind(kind)
        entries: list[_Entry] = []
        expected: dict[str, int] = {}
        last: dict[str, int] = {}
        for i, payload in enumerate(_payloads(payloads)):
            stream, seq = payload_key(kind, payload, f"payloads[{i}]")
            if stream in last and seq != last[stream] + 1:
                raise XiaofangError(
                    f"payloads[{i}]: key {kind.seq_key!r}: expected {last[stream] + 1} (the next event of"
                    f" {stream!r} in this batch), got {seq}"
                )
            expected.setdefault(stream, seq)
            last[stream] = seq
            entries.append(_Entry(stream, seq, payload))
        if entries:
            self._write(kind, entries, expected)
        return len(entries)

    # -- reading -------------------------------------------------------------------------------------------

    def read(self, kind: StreamKind, stream: str, *, after: int = 0) -> tuple[Record, ...]:
        """The records of one stream in sequence order (empty if the store holds none).

        With ``after``, only the records numbered after it: a reader that
        keeps what it read catches up on what others appended since, at the
        cost of what is new.
        """
        self._open()
        if isinstance(after, bool) or not isinstance(after, int) or not 0 <= after <= MAX_SEQ:
            raise _fail("after", f"a sequence number from 0 to {MAX_SEQ}", after)
        return self._read(check_kind(kind), check_stream(stream), after)

    def last_seq(self, kind: StreamKind, stream: str) -> int:
        """The last sequence number of a stream (0 if the store holds none of it)."""
        self._open()
        return self._last_seq(check_kind(kind), check_stream(stream))

    def streams(self, kind: StreamKind) -> tuple[str, ...]:
        """The ids of the streams of a kind, in the order of their first event."""
        self._open()
        return self._streams(check_kind(kind))

    def read_all(self, kind: StreamKind | None = None) -> Iterator[Record]:
        """Every record (of one kind, or of all), in the order they were stored: one consistent snapshot."""
        self._open()
        return iter(self._read_all(None if kind is None else check_kind(kind)))

    def kinds(self) -> tuple[StreamKind, ...]:
        """The kinds of stream the store holds, in the order it first stored them."""
        self._open()
        return self._kinds()

    def problems(self) -> tuple[StoreProblem, ...]:
        """Stored data that is not a readable record (only a JSON Lines file can hold any); empty if sound."""
        self._open()
        return self._problems()

    # -- what an implementation provides ---------------------------------------------------------------------

    @abc.abstractmethod
    def _write(self, kind: StreamKind, entries: list[_Entry], expected: dict[str, int]) -> None:
        """Write ``entries`` in order if every stream's last seq is ``expected[stream] - 1``, else raise."""

    @abc.abstractmethod
    def _read(self, kind: StreamKind, stream: str, after: int) -> tuple[Record, ...]:
        """The records of ``stream`` numbered after ``after``, in sequence order."""

    @abc.abstractmethod
    def _last_seq(self, kind: StreamKind, stream: str) -> int: ...

    @abc.abstractmethod
    def _streams(self, kind: StreamKind) -> tuple[str, ...]: ...

    @abc.abstractmethod
    def _read_all(self, kind: StreamKind | None) -> Iterable[Record]: ...

    @abc.abstractmethod
    def _kinds(self) -> tuple[StreamKind, ...]: ...

    def _problems(self) -> tuple[StoreProblem, ...]:
        return ()

    @abc.abstractmethod
    def _close(self) -> None: ...

    def _conflict(self, kind: StreamKind, stream: str, expected: int, found: int) -> ConflictError:
        return ConflictError(store=self.name, kind=kind.name, stream=stream, expected=expected, found=found)


def _payloads(payloads: object) -> list[Any]:
    if isinstance(payloads, str | bytes) or not isinstance(payloads, Iterable):
        raise _fail("payloads", "a sequence of JSON strings", payloads)
    return list(payloads)
