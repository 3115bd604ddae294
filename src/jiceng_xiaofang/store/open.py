"""Opening a store from a path or URL, and copying events from one store to another (import and export)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

from .base import EventStore, StoreError, StreamKind, check_kind
from .jsonl import JsonlStore
from .sqlite import SQLiteStore

__all__ = ["SUFFIXES", "copy_store", "open_store"]

SUFFIXES: Mapping[str, str] = MappingProxyType(
    {
        ".sqlite": "sqlite",
        ".sqlite3": "sqlite",
        ".db": "sqlite",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
    }
)
"""File suffix -> the store :func:`~jiceng_xiaofang.open_store` opens for it (a URL's scheme decides for a URL)."""

_COPY_BATCH = 5000


def open_store(
    target: EventStore | str | os.PathLike[str],
    *,
    kind: StreamKind | None = None,
    create: bool = True,
    timeout: float = 30.0,
) -> EventStore:
    """Open an event store, chosen by the URL's scheme or the file's suffix.

    - ``postgresql://user:pw@host:5432/db`` (also ``postgres://``,
      ``postgresql+psycopg://``...): :class:`~jiceng_xiaofang.store.PostgresStore`
      (the ``postgres`` extra; psycopg 3);
    - ``sqlite:///path/hazards.sqlite``, or a file ending in ``.sqlite``,
      ``.sqlite3`` or ``.db``: :class:`~jiceng_xiaofang.store.SQLiteStore`;
    - a file ending in ``.jsonl`` or ``.ndjson``: :class:`~jiceng_xiaofang.store.JsonlStore`.

    An :class:`~jiceng_xiaofang.store.EventStore` is returned as it is.
    ``kind`` is the kind of stream of a JSON Lines file (others hold any
    kind); ``create=False`` refuses a file that does not exist; ``timeout``
    is how long to wait for another writer's lock (files) or for the server
    (PostgreSQL).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import jiceng_xiaofang as jx
    >>> tmp = tempfile.TemporaryDirectory()
    >>> for name in ("hazards.sqlite", "hazards.jsonl"):
    ...     with jx.open_store(pathlib.Path(tmp.name, name)) as store:
    ...         print(type(store).__name__, store.scheme)
    SQLiteStore sqlite
    JsonlStore jsonl
    >>> jx.open_store("hazards.csv")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.store.base.StoreError: hazards.csv: cannot tell which store to open: expected a postgresql:// or sqlite:/// URL, or a file ending in .sqlite, .sqlite3, .db, .jsonl or .ndjson
    >>> tmp.cleanup()
    """
    if isinstance(target, EventStore):
        return target
    if not isinstance(target, str | os.PathLike):
        raise StoreError(f"target: expected a path, a URL or an EventStore, got {target!r}")
    text = os.fspath(target)
    if isinstance(text, bytes):
        raise StoreError(f"target: expected a str path, got {text!r}")
    if kind is not None:
        check_kind(kind)
    scheme, sep, rest = text.partition("://")
    if sep and "/" not in scheme and "\\" not in scheme:
        base = scheme.split("+", 1)[0].lower()
        if base in ("postgresql", "postgres"):
            from .postgres import PostgresStore

            return PostgresStore(text, create=create, connect_timeout=timeout)
        if base == "sqlite":
            if not rest.startswith("/") or rest in ("/", "/:memory:"):
                raise StoreError(
                    "expected sqlite:///path/to/file.sqlite (three slashes, then the path)", store=text
                )
            return SQLiteStore(rest[1:], create=create, timeout=timeout)
        raise StoreError(f"unknown scheme {scheme!r}: expected postgresql:// or sqlite:///", store=text)
    found = SUFFIXES.get(Path(text).suffix.lower())
    if found == "sqlite":
        return SQLiteStore(text, create=create, timeout=timeout)
    if found == "jsonl":
        return JsonlStore(text, kind=kind, create=create, timeout=timeout)
    raise StoreError(
        "cannot tell which store to open: expected a postgresql:// or sqlite:/// URL, or a file ending in"
        f" {', '.join(list(SUFFIXES)[:-1])} or {list(SUFFIXES)[-1]}",
        store=text,
    )


def copy_store(
    source: EventStore | str | os.PathLike[str],
    target: EventStore | str | os.PathLike[str],
    *,
    kinds: Iterable[StreamKind] | None = None,
) -> int:
    r"""Copy every record of ``source`` (of ``kinds``, or all) into ``target``, in order, payloads byte for byte.

    This is import and export: a JSON Lines file copied into a database and
    back gives the same bytes.  The source must be sound (a damaged line of
    a JSON Lines source raises :class:`~jiceng_xiaofang.StoreError`
    naming it: nothing is copied), and the target must hold none of the
    streams copied (else :class:`~jiceng_xiaofang.ConflictError`).
    Records are appended in batches of 5,000, each atomic.  A path or URL
    is opened with :func:`~jiceng_xiaofang.open_store` (a JSON Lines source without an index
    needs ``kinds``) and closed after.  Returns how many records were
    copied.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from jiceng_xiaofang.store import StreamKind, copy_store
    >>> tmp = tempfile.TemporaryDirectory()
    >>> a, b = pathlib.Path(tmp.name, "a.jsonl"), pathlib.Path(tmp.name, "b.jsonl")
    >>> _ = a.write_text('{"id":"x","seq":1}\n{"id":"y","seq":1}\n{"id":"x","seq":2}\n')
    >>> T = StreamKind("t", stream_key="id")
    >>> copy_store(a, pathlib.Path(tmp.name, "t.sqlite"), kinds=[T])
    3
    >>> copy_store(pathlib.Path(tmp.name, "t.sqlite"), b)
    3
    >>> a.read_bytes() == b.read_bytes()
    True
    >>> tmp.cleanup()
    """
    wanted = None if kinds is None else [check_kind(k) for k in kinds]
    only = wanted[0] if wanted is not None and len(wanted) == 1 else None
    opened: list[EventStore] = []
    try:
        src = source if isinstance(source, EventStore) else open_store(source, kind=only, create=False)
        if src is not source:
            opened.append(src)
        dst = target if isinstance(target, EventStore) else open_store(target, kind=only)
        if dst is not target:
            opened.append(dst)
        problems = src.problems()
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise StoreError(f"cannot copy a damaged store: {problems[0]}{more}", store=src.name)
        stored = {k.name: k for k in src.kinds()}
        if wanted is not None:
            for k in wanted:
                if k.name in stored and stored[k.name] != k:
                    raise StoreError(
                        f"the kind {k.name!r} is stored with other keys: {stored[k.name]}", store=src.name
                    )
            names = {k.name for k in wanted}
        else:
            names = set(stored)
        copied = 0
        batch: list[str] = []
        current: StreamKind | None = None
        for record in src.read_all():
            if record.kind not in names:
                continue
            kind = stored[record.kind]
            if batch and (kind != current or len(batch) >= _COPY_BATCH):
                assert current is not None
                copied += dst.append_many(current, batch)
                batch = []
            current = kind
            batch.append(record.payload)
        if batch:
            assert current is not None
            copied += dst.append_many(current, batch)
        return copied
    finally:
        for store in opened:
            store.close()
