"""The committee's ledger on an event store: one stream per policy, every entry checked before it is appended.

:class:`LedgerStore` reads the ledger of a policy from any
:class:`~jiceng_xiaofang.store.EventStore` (SQLite, PostgreSQL, or a JSON
Lines file), checks new entries against it (:meth:`Ledger.record
<jiceng_xiaofang.Ledger.record>`) and appends them with the entry number it
expects to write next.  The ledger is one stream, so two writers are
serialised by the store: of two that both read entry 41 and append an entry
42, one is acknowledged and the other reads the ledger again, checks its
entry against what is there now, and appends it as 43 (or is refused, if the
entry no longer follows: a report on a task accepted in the meantime).
"""

from __future__ import annotations

import os
from types import TracebackType
from typing import TYPE_CHECKING

from ..org.model import District
from ..policy.model import Policy
from ..store import ConflictError, EventStore, StreamKind, open_store
from .book import Ledger
from .io import entry_from_json, entry_to_json
from .model import Entry, LedgerError

if TYPE_CHECKING:
    from ..org.authority import Authority

__all__ = ["LEDGER_STREAMS", "LedgerStore"]

LEDGER_STREAMS = StreamKind("ledger", stream_key="policy", seq_key="seq")
"""The ledger's kind of stream, one stream per policy, named by the entry's ``policy`` and numbered by ``seq``."""

_RETRIES = 5


class LedgerStore:
    """A policy's ledger in an event store, every entry checked before it is appended.

    Parameters
    ----------
    store
        An open :class:`~jiceng_xiaofang.store.EventStore`, or a path or URL
        for :func:`~jiceng_xiaofang.open_store` (``ledger.sqlite``,
        ``postgresql://...``, ``ledger.jsonl``).  A store opened here is
        closed by :meth:`close`; a store given is left open.
    policy, district
        As for :class:`~jiceng_xiaofang.Ledger`.
    create
        If false, a store file that does not exist is refused.

    Examples
    --------
    >>> import datetime as dt, pathlib, tempfile
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.ledger import LedgerStore
    >>> tmp = tempfile.TemporaryDirectory()
    >>> store = LedgerStore(pathlib.Path(tmp.name, "ledger.sqlite"), jx.load_policy(), jx.yuzhong())
    >>> ledger = store.record(jx.Entry("progress", dt.date(2024, 3, 31), by="王五", task="1.1",
    ...                                unit="解放碑街道", status="completed"))
    >>> len(store.ledger()), store.ledger().entries[0].unit
    (1, '解放碑街道办事处')
    >>> store.record(jx.Entry("acceptance", dt.date(2024, 4, 2), by="李四", task="1.2", unit="解放碑街道"))
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.ledger.model.LedgerError: task 1.2 of 解放碑街道办事处 cannot be accepted: its unit has never reported it done (5.2 '确保各项重点任务落实落地')
    >>> store.close()
    >>> tmp.cleanup()
    """

    def __init__(
        self,
        store: EventStore | str | os.PathLike[str],
        policy: Policy,
        district: District | None = None,
        *,
        create: bool = True,
    ) -> None:
        self._owned = not isinstance(store, EventStore)
        self.store = open_store(store, kind=LEDGER_STREAMS, create=create)
        self.policy = policy
        self.district = district
        # the ledger as last read or written: later reads check only what was appended since
        self._known = Ledger(policy, district)  # a policy without [ledger] rules is refused here

    def __repr__(self) -> str:
        return f"<LedgerStore {self.policy.document.id} in {self.store}>"

    def __enter__(self) -> LedgerStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the store, if it was opened here."""
        if self._owned:
            self.store.close()

    def ledger(self) -> Ledger:
        """The ledger as the store holds it now, every entry checked in order.

        The store object remembers the ledger it last read or wrote and reads
        only the entries appended since (by this or any other writer), so
        keeping one open and reading or recording often costs what is new,
        not the ledger's size.

        Raises
        ------
        LedgerError
            The store holds damaged data for the ledger (a JSON Lines file
            with a line that is not an entry), or an entry that does not
            follow; the message names the entry.
        """
        problems = self.store.problems()
        if problems:
            raise LedgerError(
                f"{self.store}: {problems[0]}"
                + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
            )
        known = self._known
        last = known.last_seq
        if last and self.store.last_seq(LEDGER_STREAMS, self.policy.document.id) < last:
            known, last = Ledger(self.policy, self.district), 0  # the store was replaced (a repaired file)
        entries = []
        for record in self.store.read(LEDGER_STREAMS, self.policy.document.id, after=last):
            try:
                entries.append(entry_from_json(record.payload))
            except LedgerError as exc:
                raise LedgerError(f"{self.store}: entry {record.seq}: {exc}") from None
        if not entries:
            return known
        try:
            self._known = known.record(*entries)
        except LedgerError as exc:
            index = getattr(exc, "index", None)
            where = f"entry {entries[index].seq}: " if isinstance(index, int) else ""
            raise LedgerError(f"{self.store}: {where}{exc}") from None
        return self._known

    def record(self, *entries: Entry, authority: Authority | None = None) -> Ledger:
        """Check entries against the ledger as stored and append them, all or none; returns the new ledger.

        With ``authority``, each entry's actor is checked too (see
        :meth:`Ledger.record <jiceng_xiaofang.Ledger.record>`); a refused entry writes nothing.

        When another writer appended first, the ledger is read again and the
        entries checked against it (a few times at most); an entry that no
        longer follows is refused with its reason.

        Raises
        ------
        LedgerError
            An entry is refused (see :meth:`Ledger.record <jiceng_xiaofang.Ledger.record>`).
        ConflictError
            Other writers kept appending first, a few times over.
        """
        stream = self.policy.document.id
        for attempt in range(_RETRIES):
            current = self.ledger()
            updated = current.record(*entries, authority=authority)
            new = updated.entries_after(current.last_seq)
            expected = new[0].seq if new else current.last_seq + 1
            payloads = [entry_to_json(e, policy=stream) for e in new]
            try:
                self.store.append(LEDGER_STREAMS, stream, payloads, expected=expected)
            except ConflictError:
                if attempt == _RETRIES - 1:
                    raise
                continue
            self._known = updated
            return updated
        raise AssertionError("unreachable")  # pragma: no cover
