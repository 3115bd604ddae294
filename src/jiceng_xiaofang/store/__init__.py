"""Event stores: streams of events keyed by (kind, stream id, sequence number), safe under concurrent writers.

One small interface (:class:`EventStore`) with three implementations:
:class:`SQLiteStore` (the embedded default: a file path is all it needs),
:class:`PostgresStore` (SQLAlchemy Core, the ``postgres`` extra) and
:class:`JsonlStore` (the JSON Lines interchange format, with a lock and an
index so that appends cost the same at any size).  :func:`~jiceng_xiaofang.open_store`
chooses one from a path or URL; :func:`copy_store` imports and exports.

An append names the sequence number it expects to write next; of two
writers appending the same number of one stream, exactly one is
acknowledged and the other gets :class:`~jiceng_xiaofang.ConflictError`, with nothing
written.  The store knows nothing of what the events mean: the hazard loop
(:class:`~jiceng_xiaofang.HazardStore`) validates each event
before it appends, and another layer keeps its own kind of stream
(:class:`StreamKind`) in the same database.

Examples
--------
>>> import pathlib, tempfile
>>> import jiceng_xiaofang as jx
>>> from jiceng_xiaofang.store import StreamKind
>>> T = StreamKind("t", stream_key="id")
>>> tmp = tempfile.TemporaryDirectory()
>>> with jx.open_store(pathlib.Path(tmp.name, "events.sqlite")) as store:
...     store.append_many(T, ['{"id":"a","seq":1}', '{"id":"b","seq":1}', '{"id":"a","seq":2}'])
...     [(r.stream, r.seq) for r in store.read_all()]
3
[('a', 1), ('b', 1), ('a', 2)]
>>> tmp.cleanup()
"""

from __future__ import annotations

from .base import (
    MAX_SEQ,
    MAX_STREAM_LENGTH,
    PROBLEM_KINDS,
    ConflictError,
    EventStore,
    Record,
    StoreError,
    StoreProblem,
    StreamKind,
)
from .jsonl import INDEX_VERSION, JsonlStore, replace_jsonl
from .open import SUFFIXES, copy_store, open_store
from .postgres import PostgresStore
from .sqlite import SCHEMA_VERSION, SQLiteStore

__all__ = [
    "INDEX_VERSION",
    "MAX_SEQ",
    "MAX_STREAM_LENGTH",
    "PROBLEM_KINDS",
    "SCHEMA_VERSION",
    "SUFFIXES",
    "ConflictError",
    "EventStore",
    "JsonlStore",
    "PostgresStore",
    "Record",
    "SQLiteStore",
    "StoreError",
    "StoreProblem",
    "StreamKind",
    "copy_store",
    "open_store",
    "replace_jsonl",
]
