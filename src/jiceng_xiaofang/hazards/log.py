"""The append-only hazard log: many hazards' events in one sequence, and its JSON Lines file.

Each line of the file is one event, a JSON object written with its keys in a
fixed order (same log, same bytes).  Reading never drops a line silently: a
line that cannot be read (truncated by a crash, corrupted, or an event that
cannot follow its hazard's history) is reported with its line number in the
:class:`LogReadResult`, and every event before it, and every valid event of
other hazards after it, stays readable.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from .. import _json
from .._persistent import Shared
from ..errors import DataFileError, XiaofangError
from ..policy.load import load_policy
from ..policy.model import Policy
from .authority import ActorsByAct, authorise_event
from .machine import History, _events
from .model import Event, Hazard, HazardReport

if TYPE_CHECKING:
    from ..org.authority import Authority

__all__ = [
    "LOG_FORMAT_VERSION",
    "PROBLEM_KINDS",
    "HazardLog",
    "HazardLogError",
    "LogProblem",
    "LogReadResult",
    "append_events",
    "event_from_json",
    "event_to_json",
    "parse_hazard_log",
    "read_hazard_log",
]

LOG_FORMAT_VERSION = 1
"""The version of the event format, written as ``"format"`` on every line."""

PROBLEM_KINDS: Mapping[str, str] = MappingProxyType(
    {
        "truncated": "the last line ends without a line break and is not a complete event (an interrupted write)",
        "corrupted": (
            "a line that is not UTF-8 JSON, or JSON this reader refuses (NaN or Infinity, a number out of range,"
            " an integer of more than 4,300 digits, a key given twice, a lone surrogate, nesting more than 100 deep)"
        ),
        "invalid": "a JSON line that is not a valid event, or an event that cannot follow its hazard's history",
        "unauthorised": (
            "an event whose actor held no post the policy grants its act on the event's day, or whom a separation"
            " of duties keeps from it (checked only when the reader is given an Authority)"
        ),
    }
)
"""The kinds of :class:`LogProblem`, kind -> what it means."""


class HazardLogError(DataFileError):
    r"""A hazard log file that cannot be read, written or appended to; names the file and the line.

    Examples
    --------
    >>> from jiceng_xiaofang.hazards import parse_hazard_log
    >>> parse_hazard_log('{"format": 1}\n', source="h.jsonl").check()
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.hazards.log.HazardLogError: h.jsonl: line 1: invalid: missing key 'hazard'
    """


# -- one event <-> one JSON object -----------------------------------------------------------------------------

_REPORT_OPTIONAL = (
    "severity",
    "grid",
    "community",
    "street",
    "grid_name",
    "community_name",
    "street_name",
    "place",
    "place_kind",
    "address",
    "lat",
    "long",
    "reporter",
)


def _report_dict(r: HazardReport) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": r.id,
        "category": r.category,
        "description": r.description,
        "channel": r.channel,
        "reported_at": r.reported_at.isoformat(),
    }
    for name in _REPORT_OPTIONAL:
        value = getattr(r, name)
        if value not in ("", None):
            d[name] = value
    return d


def _event_dict(e: Event) -> dict[str, Any]:
    d: dict[str, Any] = {
        "format": LOG_FORMAT_VERSION,
        "hazard": e.hazard,
        "seq": e.seq,
        "command": e.command,
        "state": e.state,
        "at": e.at.isoformat(),
        "by": e.by,
        **({"actor": e.actor} if e.actor else {}),
        "rule": e.rule,
        "clause": e.clause,
    }
    if e.quote:
        d["quote"] = e.quote
    if e.reading:
        d["reading"] = e.reading
    if e.reason:
        d["reason"] = e.reason
    if e.level:
        d["level"] = e.level
    if e.to:
        d["to"] = list(e.to)
    if e.deadline is not None:
        d["deadline"] = e.deadline.isoformat()
    if e.note:
        d["note"] = e.note
    if e.report is not None:
        d["report"] = _report_dict(e.report)
    return d


def event_to_json(event: Event) -> str:
    """One event as one line of JSON (no line break), keys in a fixed order, Chinese kept as is.

    Every character that some tools read as a line break (U+0085, U+2028,
    U+2029, and the control characters JSON escapes anyway) is escaped.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, Event, event_to_json
    >>> e = Event(hazard="HZ-1", seq=5, command="verify", state="verified", by="社区 郑示例",
    ...           at=dt.datetime(2024, 5, 9, 9, 0, tzinfo=CHINA_STANDARD_TIME),
    ...           rule="closed_loop", clause="3.2", quote="实现“闭环”管理")
    >>> print(event_to_json(e))
    {"format":1,"hazard":"HZ-1","seq":5,"command":"verify","state":"verified","at":"2024-05-09T09:00:00+08:00","by":"社区 郑示例","rule":"closed_loop","clause":"3.2","quote":"实现“闭环”管理"}
    """
    if not isinstance(event, Event):
        raise XiaofangError(f"event: expected an Event, got {event!r}")
    text = json.dumps(_event_dict(event), ensure_ascii=False, separators=(",", ":"))
    # JSON leaves these line separators raw; escaped, no tool that splits lines on them can break an event
    return text.translate(_SEPARATORS)


_SEPARATORS = MappingProxyType({0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"})


class _Bad(Exception):
    """A key of an event object that is missing or wrong."""


def _take(
    obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...], what: str, *, required: bool
) -> Any:
    if key not in obj:
        if required:
            raise _Bad(f"missing key {key!r}")
        return None
    value = obj[key]
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
        raise _Bad(f"key {key!r}: expected {what}, got {_shown(value)}")
    return value


def _shown(value: Any, limit: int = 60) -> str:
    """A JSON value as an error message shows it: as written, cut to ``limit`` characters."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def _time(obj: Mapping[str, Any], key: str) -> dt.datetime:
    text = _take(obj, key, str, "an ISO 8601 datetime with a UTC offset", required=True)
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or value.utcoffset() is None:
        raise _Bad(
            f"key {key!r}: expected an ISO 8601 datetime with a UTC offset such as 2024-05-06T09:30:00+08:00, got {text!r}"
        )
    return value


def _unknown(obj: Mapping[str, Any], known: Iterable[str], where: str) -> None:
    extra = sorted(set(obj) - set(known))
    if extra:
        raise _Bad(f"unknown key {extra[0]!r}{where}")


def _report(obj: Any) -> HazardReport:
    if not isinstance(obj, dict):
        raise _Bad(f"key 'report': expected an object, got {_shown(obj)}")
    fields: dict[str, Any] = {}
    for key in ("id", "category", "description", "channel"):
        fields[key] = _take(obj, key, str, "a string", required=True)
    fields["reported_at"] = _time(obj, "reported_at")
    for key in _REPORT_OPTIONAL:
        if key in ("lat", "long"):
            value = _take(obj, key, (int, float), "a number", required=False)
        else:
            value = _take(obj, key, str, "a string", required=False)
        if value is not None:
            fields[key] = value
    _unknown(
        obj, ("id", "category", "description", "channel", "reported_at", *_REPORT_OPTIONAL), " in 'report'"
    )
    try:
        return HazardReport(**fields)
    except XiaofangError as exc:
        raise _Bad(f"key 'report': {exc}") from None


_EVENT_KEYS = (
    "format",
    "hazard",
    "seq",
    "command",
    "state",
    "at",
    "by",
    "actor",
    "rule",
    "clause",
    "quote",
    "reading",
    "reason",
    "level",
    "to",
    "deadline",
    "note",
    "report",
)


def _event(obj: Any) -> Event:
    if not isinstance(obj, dict):
        raise _Bad(f"expected a JSON object, got {type(obj).__name__}")
    version = _take(obj, "format", int, "an integer", required=True)
    if version != LOG_FORMAT_VERSION:
        raise _Bad(f"key 'format': expected {LOG_FORMAT_VERSION}, got {version}")
    _unknown(obj, _EVENT_KEYS, "")
    fields: dict[str, Any] = {}
    for key in ("hazard", "seq", "command", "state", "at", "by", "rule", "clause"):
        if key == "seq":
            fields[key] = _take(obj, key, int, "an integer", required=True)
        elif key == "at":
            fields[key] = _time(obj, key)
        else:
            fields[key] = _take(obj, key, str, "a string", required=True)
    for key in ("quote", "reading", "reason", "level", "note", "actor"):
        value = _take(obj, key, str, "a string", required=False)
        if value is not None:
            fields[key] = value
    to = _take(obj, "to", list, "a list of strings", required=False)
    if to is not None:
        if not all(isinstance(item, str) for item in to):
            raise _Bad(f"key 'to': expected a list of strings, got {_shown(to)}")
        fields["to"] = tuple(to)
    deadline = _take(obj, "deadline", str, "a date such as 2024-05-21", required=False)
    if deadline is not None:
        try:
            fields["deadline"] = dt.date.fromisoformat(deadline)
        except ValueError:
            raise _Bad(f"key 'deadline': expected a date such as 2024-05-21, got {deadline!r}") from None
    if "report" in obj:
        fields["report"] = _report(obj["report"])
    try:
        return Event(**fields)
    except XiaofangError as exc:
        raise _Bad(str(exc)) from None


def event_from_json(text: str | bytes) -> Event:
    """Read one event from its JSON line (see :func:`event_to_json`); the error names the key.

    Examples
    --------
    >>> from jiceng_xiaofang.hazards import event_from_json
    >>> event_from_json('{"format":1,"hazard":"HZ-1","seq":"5"}')
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.XiaofangError: key 'seq': expected an integer, got "5"
    """
    try:
        obj = _json.loads(text)
    except _json.JsonError as exc:
        raise XiaofangError(f"not valid JSON: {exc}") from None
    try:
        return _event(obj)
    except _Bad as exc:
        raise XiaofangError(str(exc)) from None


# -- the log ---------------------------------------------------------------------------------------------------


@attrs.frozen(eq=False)
class HazardLog:
    """The events of many hazards in the order they were recorded; each hazard's history derived from them.

    Building a log replays every event (a
    :class:`~jiceng_xiaofang.TransitionError` names the first that
    cannot follow).  :meth:`record` and :meth:`append` return a new log; the
    log itself never changes.  The new log shares its events with the old
    one (it sees more of them), so appending costs what it adds, not the
    log's size: a platform may append event by event for years.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardLog, HazardReport, report_hazard
    >>> report = HazardReport(id="HZ-1", category="ebike", description="楼道内电动自行车充电",
    ...                       channel="grid_patrol", grid="解放碑街道/示例甲社区/第1网格",
    ...                       reported_at=dt.datetime(2024, 5, 6, 9, 30, tzinfo=CHINA_STANDARD_TIME))
    >>> h = report_hazard(report, district=jx.sample_district(), by="网格员 张三")
    >>> log = HazardLog().record(h)
    >>> log = log.record(h.dispatch(by="网格员 张三", at=dt.datetime(2024, 5, 6, 10, tzinfo=CHINA_STANDARD_TIME)))
    >>> log, log.history("HZ-1").state.state
    (<HazardLog: 1 hazards, 2 events>, 'assigned')
    """

    _given: tuple[Event, ...] = attrs.field(default=(), converter=_events, alias="events", repr=False)
    policy: Policy = attrs.field(factory=load_policy, repr=False)
    """The policy whose rules every event is checked against (the embedded one by default)."""
    _shared: Shared[Event, str, History] = attrs.field(init=False, repr=False)
    _length: int = attrs.field(init=False, repr=False)
    _view: tuple[Event, ...] | None = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.policy, Policy):
            raise XiaofangError(f"HazardLog.policy: expected a Policy, got {self.policy!r}")
        histories: dict[str, History] = {}
        for i, event in enumerate(self._given):
            if not isinstance(event, Event):
                raise XiaofangError(f"HazardLog.events[{i}]: expected an Event, got {event!r}")
            old = histories.get(event.hazard)
            histories[event.hazard] = History((event,), self.policy) if old is None else old.append(event)
        self._set(*Shared[Event, str, History]().extend(0, self._given, histories))
        object.__setattr__(self, "_given", ())  # the events are kept once, in the shared storage

    def _set(self, shared: Shared[Event, str, History], length: int) -> None:
        object.__setattr__(self, "_shared", shared)
        object.__setattr__(self, "_length", length)
        object.__setattr__(self, "_view", None)

    @classmethod
    def _made(cls, policy: Policy, stored: tuple[Shared[Event, str, History], int]) -> HazardLog:
        """A log of checked events: a storage and the length of it the log sees (nothing replayed)."""
        new = object.__new__(cls)
        object.__setattr__(new, "_given", ())
        object.__setattr__(new, "policy", policy)
        new._set(*stored)
        return new

    @classmethod
    def _with(cls, events: tuple[Event, ...], histories: Mapping[str, History], policy: Policy) -> HazardLog:
        return cls._made(policy, Shared[Event, str, History]().extend(0, events, histories))

    def _extend(self, events: Iterable[Event], history: History) -> HazardLog:
        """A new log: these events of one hazard added, ``history`` being its history now."""
        return HazardLog._made(self.policy, self._shared.extend(self._length, events, {history.id: history}))

    def _get(self, hazard_id: str) -> History | None:
        return self._shared.versions.get(hazard_id, self._length)

    @property
    def events(self) -> tuple[Event, ...]:
        """The events in the order they were recorded."""
        view = self._view
        if view is None:
            view = self._shared.view(self._length)
            object.__setattr__(self, "_view", view)
        return view

    def __len__(self) -> int:
        return self._length

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, HazardLog):
            return NotImplemented
        return self._length == other._length and self.events == other.events  # as before: the events decide

    def __hash__(self) -> int:
        return hash(self._length)

    @classmethod
    def from_histories(cls, histories: Iterable[History], *, policy: Policy | None = None) -> HazardLog:
        """A log of whole histories, their events merged in time order (ties: the order given, then seq).

        Examples
        --------
        >>> from jiceng_xiaofang.hazards import HazardLog
        >>> HazardLog.from_histories([])
        <HazardLog: 0 hazards, 0 events>
        """
        items = list(histories)
        for h in items:
            if not isinstance(h, History):
                raise XiaofangError(f"histories: expected History values, got {h!r}")
        keyed = sorted(
            ((e.at, i, e.seq, e) for i, h in enumerate(items) for e in h.events),
            key=lambda k: (k[0], k[1], k[2]),
        )
        given: dict[str, History] = {}
        for h in items:
            if not isinstance(h, History):
                raise XiaofangError(f"histories: expected History values, got {h!r}")
            if h.id in given:
                raise XiaofangError(f"histories: the hazard {h.id!r} is given twice")
            given[h.id] = h
        if policy is None:
            policy = items[0].policy if items else load_policy()
        for h in items:
            if h.policy != policy:
                raise XiaofangError(
                    f"histories: the hazard {h.id!r} follows {h.policy.document.id}, the log {policy.document.id}"
                )
        events = tuple(k[3] for k in keyed)
        index = {e.hazard: given[e.hazard] for e in events if e.seq == 1}  # in the order of their reports
        return cls._with(events, index, policy)

    def __repr__(self) -> str:
        hazards = self._shared.versions.count(self._length)
        return f"<HazardLog: {hazards} hazards, {self._length} events>"

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __contains__(self, hazard_id: object) -> bool:
        return isinstance(hazard_id, str) and self._get(hazard_id) is not None

    @property
    def histories(self) -> tuple[History, ...]:
        """Every hazard's history, in the order of their reports."""
        versions = self._shared.versions
        return tuple(versions.get(k, self._length) for k in versions.keys(self._length))  # type: ignore[misc]

    @property
    def hazards(self) -> tuple[Hazard, ...]:
        """Every hazard's current state, in the order of their reports."""
        return tuple(h.state for h in self.histories)

    def history(self, hazard_id: str) -> History:
        """The history of one hazard."""
        found = self._get(hazard_id)
        if found is None:
            from ..errors import NotFoundError

            known = list(self._shared.versions.keys(self._length))
            raise NotFoundError.for_name("hazard", hazard_id, known, where="the log")
        return found

    def record(self, history: History) -> HazardLog:
        """Return this log with the events of ``history`` that it does not hold yet.

        The log's events of that hazard must be the start of ``history``:
        a history that branched off (two people changed the same hazard from
        the same old state) is refused, so no event is lost.
        """
        if not isinstance(history, History):
            raise XiaofangError(f"history: expected a History, got {history!r}")
        if history.policy != self.policy:
            raise XiaofangError(
                f"the history of {history.id!r} follows {history.policy.document.id}, the log {self.policy.document.id}"
            )
        held = self._get(history.id)
        known = held.events if held is not None else ()
        if history.events[: len(known)] != known:
            at = next(
                (i for i, (a, b) in enumerate(zip(known, history.events, strict=False)) if a != b),
                len(history.events),
            )
            raise XiaofangError(
                f"the history of {history.id!r} does not continue the log's: the log holds {len(known)} events and"
                f" differs from it at event {at + 1}; replay the new commands on the log's history"
            )
        new = history.events[len(known) :]
        if not new:
            return self
        return self._extend(new, history)

    def append(self, event: Event) -> HazardLog:
        """Return this log with one more event, validated against its hazard's history."""
        if not isinstance(event, Event):
            raise XiaofangError(f"event: expected an Event, got {event!r}")
        held = self._get(event.hazard)
        history = History((event,), self.policy) if held is None else held.append(event)
        return self._extend((event,), history)

    def to_jsonl(self) -> str:
        """The log as JSON Lines: one event per line, each line ending with a line break."""
        return "".join(event_to_json(e) + "\n" for e in self.events)

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write the log to a JSON Lines file, replacing it atomically (a crash leaves the old file whole).

        The file's lock is held while it is replaced, so an append through
        a store (:class:`~jiceng_xiaofang.HazardStore`, :func:`~jiceng_xiaofang.hazards.append_events`)
        never interleaves with it; the store's index sees a new file.
        """
        from ..store import StoreError
        from ..store.jsonl import replace_jsonl

        try:
            replace_jsonl(path, self.to_jsonl().encode("utf-8"))
        except OSError as exc:
            raise HazardLogError(f"cannot write the file ({exc.strerror})", file=str(path)) from None
        except StoreError as exc:
            raise HazardLogError(f"cannot write the file ({exc.reason})", file=str(path)) from None
        except UnicodeEncodeError as exc:
            raise HazardLogError(
                f"cannot write the file (an event holds text that UTF-8 cannot encode: {exc.reason})",
                file=str(path),
            ) from None


# -- reading a file --------------------------------------------------------------------------------------------


@attrs.frozen
class LogProblem:
    """A line of a hazard log that could not be read, and why; its events were left out and said so.

    Examples
    --------
    >>> from jiceng_xiaofang.hazards import LogProblem
    >>> print(LogProblem(line=7, kind="truncated", message="not valid JSON"))
    line 7 (truncated): not valid JSON
    """

    line: int
    """The line of the file, from 1."""
    kind: str
    """``truncated``, ``corrupted`` or ``invalid``, a key of :data:`~jiceng_xiaofang.hazards.PROBLEM_KINDS`."""
    message: str
    """What is wrong, in English."""

    def __str__(self) -> str:
        return f"line {self.line} ({self.kind}): {self.message}"


@attrs.frozen
class LogReadResult:
    """What a hazard log file held: the events read, and the problems of the lines that could not be.

    ``events`` keeps every readable event in file order; each hazard's
    events in it form a valid history.  ``problems`` is empty for a sound
    file; :meth:`check` raises on the first problem.

    Examples
    --------
    >>> from jiceng_xiaofang.hazards import parse_hazard_log
    >>> result = parse_hazard_log('{"format":1,"hazard":"HZ-1","se', source="h.jsonl")
    >>> result.events, result.ok
    ((), False)
    >>> print(result.problems[0])
    line 1 (truncated): the last line ends without a line break and is not a complete event: not valid JSON (Unterminated string starting at: column 29)
    """

    events: tuple[Event, ...]
    """Every readable event, in file order."""
    problems: tuple[LogProblem, ...]
    """The lines that could not be read, in file order; empty for a sound file."""
    source: str = "<string>"
    """The file's path, or ``<string>`` for text parsed in place."""
    policy: Policy = attrs.field(factory=load_policy, eq=False, repr=False)
    """The policy the events were checked against."""
    _built: HazardLog | None = attrs.field(default=None, eq=False, repr=False, alias="_built")

    @property
    def ok(self) -> bool:
        """Whether every line was read."""
        return not self.problems

    @property
    def log(self) -> HazardLog:
        """The events read, as a :class:`~jiceng_xiaofang.HazardLog` under the policy they were read with.

        The reader built it as it checked each line, so asking for it replays nothing.
        """
        if self._built is None:
            object.__setattr__(self, "_built", HazardLog(self.events, self.policy))
        assert self._built is not None
        return self._built

    def check(self) -> LogReadResult:
        """Raise :class:`HazardLogError` (file and line) for the first problem; return the result if none."""
        if self.problems:
            p = self.problems[0]
            raise HazardLogError(f"{p.kind}: {p.message}", file=self.source, key=f"line {p.line}")
        return self


def parse_hazard_log(
    data: bytes | str,
    *,
    source: str = "<string>",
    policy: Policy | None = None,
    authority: Authority | None = None,
) -> LogReadResult:
    r"""Read the events of a hazard log from JSON Lines text, checked under a policy (the embedded one by default).

    Every line is read on its own.  A line that is not UTF-8 JSON is a
    ``corrupted`` problem (``truncated`` when it is the last line and lacks
    its line break: an interrupted write); a JSON line that is not a valid
    event, or an event that cannot follow its hazard's history, is
    ``invalid``.  Problem lines are left out, and so are the later events of
    a hazard whose history they break (each reported too); everything else
    is kept.  Blank lines are skipped.

    With ``authority`` (an :class:`~jiceng_xiaofang.Authority`: the district's
    people and tenures under the policy), every event is checked again
    against the tenures in force on its day: an event whose actor held no
    post the policy grants its command then (a forged or back-dated event,
    or one with no actor), or whom a separation of duties keeps from it, is
    an ``unauthorised`` problem and is not replayed.  Each check looks up
    only the actor's own tenures and the chain of the hazard's unit.

    Examples
    --------
    >>> from jiceng_xiaofang.hazards import parse_hazard_log
    >>> parse_hazard_log("").ok
    True
    >>> r = parse_hazard_log("\n[1, 2]\n", source="h.jsonl")
    >>> print(r.problems[0])
    line 2 (invalid): expected a JSON object, got list
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    lines = raw.split(b"\n")
    torn = lines[-1] != b""  # the last piece has no line break
    if not torn:
        lines.pop()
    policy = load_policy() if policy is None else policy
    problems: list[LogProblem] = []
    replay = _Replay(policy, authority)
    for number, line in enumerate(lines, start=1):
        line = line.removesuffix(b"\r")
        if not line.strip():
            continue
        last = torn and number == len(lines)
        try:
            obj = _json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, _json.JsonError) as exc:
            if isinstance(exc, UnicodeDecodeError):
                reason = f"not UTF-8 ({exc.reason} at byte {exc.start})"
            elif exc.column is not None:
                reason = f"not valid JSON ({exc.reason}: column {exc.column})"
            else:
                reason = f"not valid JSON ({exc.reason})"
            if last:
                message = f"the last line ends without a line break and is not a complete event: {reason}"
                problems.append(LogProblem(number, "truncated", message))
            else:
                problems.append(LogProblem(number, "corrupted", reason))
            continue
        try:
            event = _event(obj)
        except _Bad as exc:
            problems.append(LogProblem(number, "invalid", str(exc)))
            continue
        refused = replay.take(event)
        if refused is not None:
            problems.append(LogProblem(number, *refused))
    return replay.result(problems, source)


class _Replay:
    """Events checked one by one into their hazards' histories, as a reader keeps them (each checked once).

    Under an ``authority`` each event's actor is checked too, with who did each earlier act on the hazard.
    """

    def __init__(self, policy: Policy, authority: Authority | None) -> None:
        self.policy = policy
        self.authority = authority
        self.events: list[Event] = []
        self.histories: dict[str, History] = {}
        self.actors: dict[str, ActorsByAct] = {}

    def take(self, event: Event) -> tuple[str, str] | None:
        """Keep the event if it follows its hazard's history and its actor may act; else (problem kind, message)."""
        held = self.histories.get(event.hazard)
        try:
            history = History((event,), self.policy) if held is None else held.append(event)
        except XiaofangError as exc:
            return "invalid", str(exc)
        if self.authority is not None:
            done = self.actors.setdefault(event.hazard, {})
            try:
                authorise_event(self.authority, None if held is None else held.state, event, done)
            except XiaofangError as exc:
                return "unauthorised", str(exc)
            if event.actor:
                done.setdefault(event.command, set()).add(event.actor)
        self.histories[event.hazard] = history
        self.events.append(event)
        return None

    def result(self, problems: list[LogProblem], source: str) -> LogReadResult:
        """What was read: the events kept, the problems (in line order) and the log built from the histories."""
        built = tuple(self.events)
        log = HazardLog._with(built, self.histories, self.policy)
        return LogReadResult(built, tuple(sorted(problems, key=lambda p: p.line)), source, self.policy, log)


def read_hazard_log(
    path: str | os.PathLike[str], *, policy: Policy | None = None, authority: Authority | None = None
) -> LogReadResult:
    """Read a hazard log file (JSON Lines, UTF-8); see :func:`~jiceng_xiaofang.hazards.parse_hazard_log`.

    Call ``.check()`` on the result to raise on any damaged line, or read
    ``.problems`` and keep the events that were readable.

    Examples
    --------
    >>> from jiceng_xiaofang.hazards import read_hazard_log
    >>> read_hazard_log("no-such-log.jsonl")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.hazards.log.HazardLogError: no-such-log.jsonl: cannot read the file (No such file or directory)
    """
    if not isinstance(path, str | os.PathLike) or not isinstance(os.fspath(path), str):
        raise HazardLogError(f"expected the path of a file, got {type(path).__name__}", file=repr(path))
    try:
        raw = Path(path).read_bytes()
    except (OSError, ValueError) as exc:  # ValueError: a NUL or a lone surrogate in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise HazardLogError(f"cannot read the file ({reason})", file=repr(str(path))[1:-1]) from None
    return parse_hazard_log(raw, source=str(path), policy=policy, authority=authority)


def append_events(
    path: str | os.PathLike[str],
    events: Iterable[Event],
    *,
    policy: Policy | None = None,
    authority: Authority | None = None,
) -> tuple[Event, ...]:
    """Append events to a hazard log file, after checking that they follow the histories it holds.

    The file is a :class:`~jiceng_xiaofang.store.JsonlStore`: the append
    takes its lock, reads only the histories of the hazards appended to
    (through the index beside the file, never the whole file), replays the
    events on them (:class:`~jiceng_xiaofang.TransitionError` if one cannot
    follow; with ``authority``, :class:`~jiceng_xiaofang.NotAuthorisedError`
    if its actor may not perform it) and writes them all or none.  An event whose number another
    writer stored first raises :class:`~jiceng_xiaofang.ConflictError`.  A
    damaged line elsewhere in the file does not stop it; an unfinished
    append at the end of the file (a torn line) is moved aside to
    ``<file>.uncommitted`` first.  A missing file is created.  Returns the
    events appended (see :class:`~jiceng_xiaofang.HazardStore` for SQLite
    and PostgreSQL).

    Examples
    --------
    >>> import datetime as dt
    >>> import pathlib
    >>> import tempfile
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.hazards import CHINA_STANDARD_TIME, HazardReport, append_events, read_hazard_log
    >>> at = dt.datetime(2024, 5, 6, 9, tzinfo=CHINA_STANDARD_TIME)
    >>> report = HazardReport(id="HZ-1", category="ebike", description="楼道内电动自行车充电",
    ...                       channel="grid_patrol", grid="解放碑街道/示例甲社区/第1网格", reported_at=at)
    >>> h = jx.report_hazard(report, district=jx.sample_district())
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(tmp.name, "hazards.jsonl")
    >>> [e.command for e in append_events(path, h.events)]
    ['report']
    >>> assigned = h.dispatch(by="网格员 张三", at=at).events[1:]
    >>> _ = append_events(path, assigned)
    >>> read_hazard_log(path).log.history("HZ-1").state.state
    'assigned'
    >>> append_events(path, assigned)
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.store.base.ConflictError: ...hazards.jsonl: hazard stream 'HZ-1': conflict: event 2 is already stored (the stream holds 2 events); another writer appended first: nothing was written, read the stream again
    >>> tmp.cleanup()
    """
    new = list(events)
    for i, event in enumerate(new):
        if not isinstance(event, Event):
            raise XiaofangError(f"events[{i}]: expected an Event, got {event!r}")
    from ..store import JsonlStore
    from .store import HAZARD_STREAMS, HazardStore

    with JsonlStore(path, kind=HAZARD_STREAMS) as store:
        return HazardStore(store, policy=policy, authority=authority).append(new)
