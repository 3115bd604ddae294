"""The hazard loop on an event store: each hazard one stream, each event checked by the state machine first.

:class:`HazardStore` reads a hazard's history from any
:class:`~jiceng_xiaofang.store.EventStore`, checks the new events against
it (the state machine of :mod:`jiceng_xiaofang.hazards.machine` decides what
may follow), and appends them with the sequence number it expects to write
next, so the store's uniqueness constraint has the last word: of two
writers that both read event 3 and both append an event 4, one is
acknowledged and the other gets :class:`~jiceng_xiaofang.ConflictError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from types import TracebackType
from typing import TYPE_CHECKING

from ..errors import NotFoundError, XiaofangError
from ..policy.load import load_policy
from ..policy.model import Policy
from ..store import ConflictError, EventStore, Record, StreamKind, open_store
from .authority import authorise_event
from .log import HazardLogError, LogProblem, LogReadResult, _Replay, event_from_json, event_to_json
from .machine import History
from .model import Event

if TYPE_CHECKING:
    from ..org.authority import Authority

__all__ = ["HAZARD_STREAMS", "HazardStore"]

HAZARD_STREAMS = StreamKind("hazard", stream_key="hazard", seq_key="seq")
"""The hazard loop's kind of stream, one stream per hazard, named by the event's ``hazard`` and numbered by ``seq``."""


class HazardStore:
    """Hazards' histories in an event store (SQLite, PostgreSQL or a JSON Lines file), every append validated.

    Parameters
    ----------
    store
        An open :class:`~jiceng_xiaofang.store.EventStore`, or a path or
        URL for :func:`~jiceng_xiaofang.open_store` (``hazards.sqlite``,
        ``postgresql://...``, ``hazards.jsonl``).  A store opened here is
        closed by :meth:`close`; a store given is left open.
    policy
        The policy whose rules the events follow (the embedded one by default).
    create
        If false, a store file that does not exist is refused.
    authority
        An :class:`~jiceng_xiaofang.Authority` (the district's people and
        tenures under the policy): every event appended must be by an actor
        who holds a post the policy grants its command on the event's day
        (:class:`~jiceng_xiaofang.NotAuthorisedError` otherwise, nothing
        written), and :meth:`read` reports an event that is not as
        ``unauthorised``.  Without it, nothing is checked but the loop.

    Examples
    --------
    >>> import datetime as dt
    >>> import pathlib, tempfile
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport
    >>> at = dt.datetime(2024, 5, 6, 9, tzinfo=CHINA_STANDARD_TIME)
    >>> report = HazardReport(id="HZ-1", category="ebike", description="楼道内电动自行车充电",
    ...                       channel="grid_patrol", grid="解放碑街道/示例甲社区/第1网格", reported_at=at)
    >>> h = jx.report_hazard(report, district=jx.sample_district(), by="网格员 张三")
    >>> tmp = tempfile.TemporaryDirectory()
    >>> store = jx.HazardStore(pathlib.Path(tmp.name, "hazards.sqlite"))
    >>> [e.command for e in store.record(h.dispatch(by="网格员 张三", at=at))]
    ['report', 'assign']

    Two workers read the same history; the first to append wins:

    >>> a = store.history("HZ-1")
    >>> b = store.history("HZ-1")
    >>> _ = store.append(a.start_rectification(deadline="P3D", by="网格员 张三", at=at).events[2:])
    >>> store.append(b.reject(reason="重复上报", by="网格员 李四", at=at).events[2:])
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.store.base.ConflictError: ...hazards.sqlite: hazard stream 'HZ-1': conflict: event 3 is already stored (the stream holds 3 events); another writer appended first: nothing was written, read the stream again
    >>> store.history("HZ-1").state.state, store.hazards()
    ('rectifying', ('HZ-1',))
    >>> store.close()
    >>> tmp.cleanup()
    """

    def __init__(
        self,
        store: EventStore | str | os.PathLike[str],
        *,
        policy: Policy | None = None,
        create: bool = True,
        authority: Authority | None = None,
    ) -> None:
        if policy is not None and not isinstance(policy, Policy):
            raise XiaofangError(f"policy: expected a Policy, got {policy!r}")
        if authority is not None:
            from ..org.authority import Authority

            if not isinstance(authority, Authority):
                raise XiaofangError(f"authority: expected an Authority, got {authority!r}")
            if policy is not None and authority.policy != policy:
                raise XiaofangError(
                    f"authority: its policy is {authority.policy.document.id}, the store's {policy.document.id}"
                )
        self.authority = authority
        self.policy = (
            (authority.policy if authority is not None else load_policy()) if policy is None else policy
        )
        self._owned = not isinstance(store, EventStore)
        self.store = open_store(store, kind=HAZARD_STREAMS, create=create)

    def __repr__(self) -> str:
        return f"<HazardStore on {self.store!r}>"

    def __enter__(self) -> HazardStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the store if this object opened it."""
        if self._owned:
            self.store.close()

    # -- reading ---------------------------------------------------------------------------------------------

    def hazards(self) -> tuple[str, ...]:
        """The ids of the hazards stored, in the order of their reports."""
        return self.store.streams(HAZARD_STREAMS)

    def _replay(self, records: tuple[Record, ...]) -> History | None:
        history: History | None = None
        for record in records:
            try:
                event = event_from_json(record.payload)
                history = History((event,), self.policy) if history is None else history.append(event)
            except XiaofangError as exc:
                raise HazardLogError(
                    f"the stored history is damaged: {exc}; it cannot be appended to until it is repaired",
                    file=self.store.name,
                    key=f"hazard {record.stream!r} event {record.seq}",
                ) from None
        return history

    def history(self, hazard_id: str) -> History:
        """The history of one hazard, replayed from the store under the policy.

        Raises :class:`~jiceng_xiaofang.NotFoundError` for a hazard the store
        does not hold, and :class:`~jiceng_xiaofang.hazards.HazardLogError`
        if its stored events do not replay.
        """
        found = self._replay(self.store.read(HAZARD_STREAMS, hazard_id))
        if found is None:
            raise NotFoundError.for_name("hazard", hazard_id, self.hazards(), where=self.store.name)
        return found

    def read(self) -> LogReadResult:
        """Every stored event, checked as :func:`~jiceng_xiaofang.hazards.parse_hazard_log` checks a file.

        An event that does not replay is a problem (``invalid``), and so are
        the later events of its hazard; so is every line of a JSON Lines
        store that is not a record, and an unfinished append at its end.  A
        problem's line is its line in the JSON Lines file, or, for a
        database, in the store's JSON Lines export.
        """
        lines = self.store.scheme == "jsonl"
        problems = [LogProblem(p.position, p.kind, p.message) for p in self.store.problems()]
        replay = _Replay(self.policy, self.authority)
        for number, record in enumerate(self.store.read_all(HAZARD_STREAMS), start=1):
            line = record.position if lines else number
            try:
                event = event_from_json(record.payload)
            except XiaofangError as exc:
                problems.append(LogProblem(line, "invalid", str(exc)))
                continue
            refused = replay.take(event)
            if refused is not None:
                problems.append(LogProblem(line, *refused))
        return replay.result(problems, self.store.name)

    # -- writing ---------------------------------------------------------------------------------------------

    def append(self, events: Iterable[Event]) -> tuple[Event, ...]:
        """Append events of one or more hazards, all or nothing, after checking that they follow.

        Each hazard's stored history is read and the events are replayed on
        it (:class:`~jiceng_xiaofang.TransitionError` if one cannot follow);
        then all are appended in one atomic write, each hazard expecting the
        sequence number of its first new event.  An event whose number is
        already stored raises :class:`~jiceng_xiaofang.ConflictError` (another
        writer was first); nothing is written then.  Returns the events
        appended.
        """
        new = list(events)
        for i, event in enumerate(new):
            if not isinstance(event, Event):
                raise XiaofangError(f"events[{i}]: expected an Event, got {event!r}")
        if not new:
            return ()
        groups: dict[str, list[Event]] = {}
        for event in new:
            groups.setdefault(event.hazard, []).append(event)
        for hazard_id, found in groups.items():
            records = self.store.read(HAZARD_STREAMS, hazard_id)
            held = len(records)
            if found[0].seq <= held:
                raise ConflictError(
                    store=self.store.name,
                    kind=HAZARD_STREAMS.name,
                    stream=hazard_id,
                    expected=found[0].seq,
                    found=held,
                )
            history = self._replay(records)
            for event in found:
                if history is None:
                    history = History((event,), self.policy)
                    if self.authority is not None:
                        authorise_event(self.authority, None, event, {})
                else:
                    history = history.append(event, authority=self.authority)
        self.store.append_many(HAZARD_STREAMS, [event_to_json(e) for e in new])
        return tuple(new)

    def record(self, history: History) -> tuple[Event, ...]:
        """Append the events of ``history`` that the store does not hold yet; returns them.

        The stored events of the hazard must be the start of ``history``: a
        history that branched off (two people changed the hazard from the
        same old state) raises :class:`~jiceng_xiaofang.ConflictError`, so
        no event is lost.  Recording again what is stored adds nothing, so a
        retry after a lost connection is safe.
        """
        if not isinstance(history, History):
            raise XiaofangError(f"history: expected a History, got {history!r}")
        if history.policy != self.policy:
            raise XiaofangError(
                f"the history of {history.id!r} follows {history.policy.document.id}, the store"
                f" {self.policy.document.id}"
            )
        stored = [r.payload for r in self.store.read(HAZARD_STREAMS, history.id)]
        mine = [event_to_json(e) for e in history.events]
        for i, (a, b) in enumerate(zip(stored, mine, strict=False)):
            if a != b:
                raise ConflictError(
                    store=self.store.name,
                    kind=HAZARD_STREAMS.name,
                    stream=history.id,
                    expected=i + 1,
                    found=len(stored),
                )
        if len(mine) <= len(stored):
            return ()
        if self.authority is not None:
            from .authority import done_by

            states = history.states
            for i in range(len(stored), len(mine)):
                before = None if i == 0 else states[i - 1]
                authorise_event(self.authority, before, history.events[i], done_by(history.events[:i]))
        self.store.append(HAZARD_STREAMS, history.id, mine[len(stored) :], expected=len(stored) + 1)
        return history.events[len(stored) :]
