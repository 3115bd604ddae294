"""The PostgreSQL event store, through SQLAlchemy Core (the ``postgres`` extra: SQLAlchemy 2 and psycopg 3).

The tables are those of the SQLite store: ``jx_events`` with
``UNIQUE (kind, stream, seq)``, ``jx_kinds`` and ``jx_meta``, created on
first use (under an advisory lock, so that several processes may open a
new database at once).  An append runs in one transaction: it checks the
streams' last sequence numbers and inserts; when two transactions insert
the same number of one stream, PostgreSQL makes the second wait for the
first and then refuses it (unique violation), which becomes
:class:`~jiceng_xiaofang.ConflictError`.  SQLAlchemy and the driver
are imported when a store is opened, never by ``import jiceng_xiaofang``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .._extras import require_extra
from .base import EventStore, Record, StoreError, StreamKind, _Entry
from .sqlite import SCHEMA_VERSION

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["PostgresStore"]

_LOCK_KEY = 0x6A78_5354  # "jxST": serialises the creation of the tables by concurrent first openers


def _tables(schema: str | None) -> tuple[sa.MetaData, sa.Table, sa.Table, sa.Table]:
    import sqlalchemy as sa

    metadata = sa.MetaData(schema=schema)
    events = sa.Table(
        "jx_events",
        metadata,
        sa.Column("position", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("stream", sa.Text, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.UniqueConstraint("kind", "stream", "seq", name="jx_events_stream_seq"),
        sa.CheckConstraint("seq >= 1", name="jx_events_seq_from_1"),
    )
    sa.Index(
        "jx_events_streams",
        events.c.kind,
        events.c.position,
        postgresql_where=events.c.seq == 1,
        sqlite_where=events.c.seq == 1,
    )
    kinds = sa.Table(
        "jx_kinds",
        metadata,
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("stream_key", sa.Text, nullable=False),
        sa.Column("seq_key", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    meta = sa.Table(
        "jx_meta",
        metadata,
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    return metadata, events, kinds, meta


def engine_url(url: str) -> str:
    """The SQLAlchemy URL of a PostgreSQL URL: ``postgresql://`` and ``postgres://`` use psycopg 3.

    Examples
    --------
    >>> from jiceng_xiaofang.store.postgres import engine_url
    >>> engine_url("postgresql://jx@localhost/hazards")
    'postgresql+psycopg://jx@localhost/hazards'
    >>> engine_url("postgresql+psycopg2://jx@localhost/hazards")
    'postgresql+psycopg2://jx@localhost/hazards'
    """
    scheme, sep, rest = url.partition("://")
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg{sep}{rest}"
    return url


class PostgresStore(EventStore):
    """An event store in a PostgreSQL (or PostgreSQL-derived) database, through SQLAlchemy Core.

    Needs the ``postgres`` extra (``pip install 'jiceng-xiaofang[postgres]'``).
    Every process opens its own store; any number may append at once, and of
    two appends of one sequence number the second gets
    :class:`~jiceng_xiaofang.ConflictError`.  Records are ordered by
    an identity column: within a stream by sequence number; across streams,
    in the order the rows were inserted (a transaction that commits late can
    show up behind a later one).

    Parameters
    ----------
    url
        ``postgresql://user:password@host:port/database`` (psycopg 3), or any
        SQLAlchemy PostgreSQL URL such as ``postgresql+psycopg2://...``.
    schema
        The schema for the tables (created if missing); the connection's
        default (``public``) if None.
    create
        Create the tables if missing; if false, a database without them is
        refused.
    connect_timeout
        Seconds to wait for the server when connecting.

    Examples
    --------
    With a server (``store = PostgresStore("postgresql://jx@db.example/xiaofang")``) it works as the
    other stores do; without one, the error says so, the password hidden:

    >>> from jiceng_xiaofang.store import PostgresStore
    >>> PostgresStore("postgresql://jx:secret@127.0.0.1:1/none", connect_timeout=1)
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.store.base.StoreError: postgresql+psycopg://jx:***@127.0.0.1:1/none: cannot connect (...)
    """

    scheme = "postgresql"

    def __init__(
        self, url: str, *, schema: str | None = None, create: bool = True, connect_timeout: float = 10.0
    ) -> None:
        require_extra("sqlalchemy", "PostgresStore")
        import sqlalchemy as sa
        import sqlalchemy.exc

        try:
            parsed = sa.engine.make_url(engine_url(url))
        except (sa.exc.ArgumentError, ValueError) as exc:
            raise StoreError(f"not a database URL: {exc}", store=_masked(url)) from None
        super().__init__(parsed.render_as_string(hide_password=True))
        if parsed.get_backend_name() != "postgresql":
            raise StoreError(
                f"expected a postgresql:// URL, got the {parsed.get_backend_name()!r} backend",
                store=self.name,
            )
        self.schema = schema
        self._sa = sa
        self._metadata, self._events, self._kinds_table, self._meta = _tables(schema)
        self._known: dict[str, StreamKind] = {}
        try:
            self._engine = sa.create_engine(
                parsed,
                pool_pre_ping=True,
                pool_size=1,
                max_overflow=2,
                connect_args={"connect_timeout": max(1, round(connect_timeout))},
            )
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
            raise StoreError(
                f"cannot use the driver ({exc}): install the extra with pip install 'jiceng-xiaofang[postgres]'",
                store=self.name,
            ) from None
        try:
            self._setup(create)
        except BaseException:
            self._engine.dispose()
            raise

    def _failure(self, what: str, exc: BaseException) -> StoreError:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        return StoreError(f"{what} ({detail[0] if detail else type(exc).__name__})", store=self.name)

    def _setup(self, create: bool) -> None:
        sa = self._sa
        try:
            with self._engine.begin() as conn:
                if create:
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
                    if self.schema is not None:
                        conn.execute(sa.schema.CreateSchema(self.schema, if_not_exists=True))
                    self._metadata.create_all(conn, checkfirst=True)
                    from sqlalchemy.dialects.postgresql import insert

                    conn.execute(
                        insert(self._meta)
                        .values(key="schema", value=str(SCHEMA_VERSION))
                        .on_conflict_do_nothing()
                    )
                elif not sa.inspect(conn).has_table("jx_events", schema=self.schema):
                    raise StoreError("the database holds no event tables (jx_events)", store=self.name)
                found = conn.execute(
                    sa.select(self._meta.c.value).where(self._meta.c.key == "schema")
                ).scalar_one_or_none()
        except sa.exc.OperationalError as exc:
            raise self._failure("cannot connect", exc) from None
        except sa.exc.SQLAlchemyError as exc:
            raise self._failure("cannot create the event tables", exc) from None
        if found != str(SCHEMA_VERSION):
            raise StoreError(
                f"the database holds event tables of schema {found}; this version reads {SCHEMA_VERSION}",
                store=self.name,
            )

    def _kind(self, conn: Any, kind: StreamKind, *, register: bool) -> bool:
        if self._known.get(kind.name) == kind:
            return True
        sa = self._sa
        t = self._kinds_table
        row = conn.execute(sa.select(t.c.stream_key, t.c.seq_key).where(t.c.name == kind.name)).first()
        if row is None:
            if not register:
                return False
            from sqlalchemy.dialects.postgresql import insert

            count = conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            conn.execute(
                insert(t)
                .values(name=kind.name, stream_key=kind.stream_key, seq_key=kind.seq_key, position=count + 1)
                .on_conflict_do_nothing()
            )
            return self._kind(conn, kind, register=False)
        if tuple(row) != (kind.stream_key, kind.seq_key):
            raise StoreError(
                f"the kind {kind.name!r} is stored with stream_key {row[0]!r} and seq_key {row[1]!r},"
                f" not {kind.stream_key!r} and {kind.seq_key!r}",
                store=self.name,
            )
        self._known[kind.name] = kind
        return True

    def _heads(self, conn: Any, kind: str, streams: Iterable[str]) -> dict[str, int]:
        sa = self._sa
        e = self._events
        rows = conn.execute(
            sa.select(e.c.stream, sa.func.max(e.c.seq))
            .where(e.c.kind == kind, e.c.stream.in_(list(streams)))
            .group_by(e.c.stream)
        ).all()
        return {str(s): int(q) for s, q in rows}

    def _write(self, kind: StreamKind, entries: list[_Entry], expected: dict[str, int]) -> None:
        sa = self._sa
        try:
            with self._engine.begin() as conn:
                self._kind(conn, kind, register=True)
                heads = self._heads(conn, kind.name, expected)
                for stream, first in expected.items():
                    if heads.get(stream, 0) != first - 1:
                        raise self._conflict(kind, stream, first, heads.get(stream, 0))
                conn.execute(
                    sa.insert(self._events),
                    [
                        {"kind": kind.name, "stream": e.stream, "seq": e.seq, "payload": e.payload}
                        for e in entries
                    ],
                )
        except sa.exc.IntegrityError as exc:
            if getattr(exc.orig, "sqlstate", None) not in (None, "23505"):
                raise self._failure("cannot append", exc) from None
            raise self._lost(kind, expected) from None
        except sa.exc.SQLAlchemyError as exc:
            self._known.pop(kind.name, None)
            raise self._failure("cannot append", exc) from None

    def _lost(self, kind: StreamKind, expected: dict[str, int]) -> StoreError:
        try:
            with self._engine.connect() as conn:
                heads = self._heads(conn, kind.name, expected)
        except self._sa.exc.SQLAlchemyError as exc:
            return self._failure("cannot append", exc)
        for stream, first in expected.items():
            if heads.get(stream, 0) != first - 1:
                return self._conflict(kind, stream, first, heads.get(stream, 0))
        stream, first = next(iter(expected.items()))
        return self._conflict(kind, stream, first, first)

    def _select(self, kind: StreamKind | None, build: Any) -> list[Any]:
        sa = self._sa
        try:
            with self._engine.connect() as conn:
                if kind is not None and not self._kind(conn, kind, register=False):
                    return []
                return list(conn.execute(build()).all())
        except sa.exc.SQLAlchemyError as exc:
            raise self._failure("cannot read", exc) from None

    def _read(self, kind: StreamKind, stream: str, after: int) -> tuple[Record, ...]:
        sa = self._sa
        e = self._events
        rows = self._select(
            kind,
            lambda: (
                sa.select(e.c.seq, e.c.payload, e.c.position)
                .where(e.c.kind == kind.name, e.c.stream == stream, e.c.seq > after)
                .order_by(e.c.seq)
            ),
        )
        return tuple(Record(kind.name, stream, int(s), str(p), int(pos)) for s, p, pos in rows)

    def _last_seq(self, kind: StreamKind, stream: str) -> int:
        sa = self._sa
        e = self._events
        rows = self._select(
            kind,
            lambda: sa.select(sa.func.coalesce(sa.func.max(e.c.seq), 0)).where(
                e.c.kind == kind.name, e.c.stream == stream
            ),
        )
        return int(rows[0][0]) if rows else 0

    def _streams(self, kind: StreamKind) -> tuple[str, ...]:
        sa = self._sa
        e = self._events
        rows = self._select(
            kind,
            lambda: sa.select(e.c.stream).where(e.c.kind == kind.name, e.c.seq == 1).order_by(e.c.position),
        )
        return tuple(str(r[0]) for r in rows)

    def _read_all(self, kind: StreamKind | None) -> Iterable[Record]:
        sa = self._sa
        e = self._events

        def build() -> Any:
            query = sa.select(e.c.kind, e.c.stream, e.c.seq, e.c.payload, e.c.position).order_by(e.c.position)
            return query if kind is None else query.where(e.c.kind == kind.name)

        rows = self._select(kind, build)
        return [Record(str(k), str(s), int(q), str(p), int(pos)) for k, s, q, p, pos in rows]

    def _kinds(self) -> tuple[StreamKind, ...]:
        sa = self._sa
        t = self._kinds_table
        rows = self._select(
            None, lambda: sa.select(t.c.name, t.c.stream_key, t.c.seq_key).order_by(t.c.position)
        )
        return tuple(StreamKind(str(n), str(s), str(q)) for n, s, q in rows)

    def _close(self) -> None:
        self._engine.dispose()


def _masked(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    auth, at, host = rest.rpartition("@")
    if not at or ":" not in auth:
        return url
    return f"{scheme}://{auth.split(':', 1)[0]}:***@{host}"
