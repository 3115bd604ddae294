"""The ledger: entries checked against the policy and the district as they are recorded.

A :class:`~jiceng_xiaofang.Ledger` is immutable: :meth:`~jiceng_xiaofang.Ledger.record` returns a new ledger
with the entry added, or refuses it with a :class:`~jiceng_xiaofang.LedgerError` that cites the
rule of the policy it breaks.  It knows, from the policy's annex and the
district, which units answer for which task (each street office for
各街道办事处).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from .._persistent import Shared
from ..errors import NotAuthorisedError, NotFoundError
from ..org.members import members
from ..org.model import District
from ..policy.model import Policy, Task
from ..policy.rules import Rule
from .authority import authorise_entry
from .model import Entry, LedgerError

if TYPE_CHECKING:
    from ..org.authority import Authority

__all__ = ["Ledger", "Responsibility"]


@attrs.frozen
class Responsibility:
    """A unit that answers for an annex task: the task, the unit, and whether it leads or cooperates.

    ``via`` is the collective name of the annex it stands for (各街道办事处),
    ``street`` the name of the division it governs (解放碑街道), when it does.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> ledger = jx.Ledger(jx.load_policy(), jx.yuzhong())
    >>> r = ledger.responsible("1.1")[0]
    >>> r.task, r.unit, r.role, r.street
    ('1.1', '七星岗街道办事处', 'lead', '七星岗街道')
    """

    task: str
    """The id of the annex task."""
    unit: str
    """The unit's name, such as ``七星岗街道办事处``."""
    role: str
    """``lead`` (责任单位) or ``cooperating`` (配合单位)."""
    via: str = ""
    """The collective name of the annex it stands for, such as ``各街道办事处``; ``""`` for a body the annex names itself."""
    street: str = ""
    """The name of the division it governs, such as ``解放碑街道``; ``""`` for a unit that governs none."""


def _responsibilities(policy: Policy, district: District | None) -> dict[str, tuple[Responsibility, ...]]:
    found: dict[str, tuple[Responsibility, ...]] = {}
    for task in policy.tasks:
        rows: dict[str, Responsibility] = {}
        for role, names in (("lead", task.lead), ("cooperating", task.cooperating)):
            for name in names:
                for m in members(policy, name, district):
                    rows.setdefault(
                        m.name,
                        Responsibility(
                            task.id, m.name, role, m.via, m.street.name if m.street is not None else ""
                        ),
                    )
        found[task.id] = tuple(rows.values())
    return found


_K = TypeVar("_K")


class _Lazy(dict[_K, list[Entry]]):
    """Lists of entries by key over a frozen mapping of tuples: a key's list is copied only when it is asked for."""

    def __init__(self, base: Mapping[_K, tuple[Entry, ...]]) -> None:
        super().__init__()
        self.base = base

    def __missing__(self, key: _K) -> list[Entry]:
        if key not in self.base:
            raise KeyError(key)
        found = self[key] = list(self.base[key])
        return found

    def get(self, key: _K, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def setdefault(self, key: _K, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            self[key] = default
            return default

    def frozen(self) -> Mapping[_K, tuple[Entry, ...]]:
        """A read-only mapping of the base with the changed keys replaced (the base itself if none changed)."""
        if not self:
            return self.base
        merged = dict(self.base)
        merged.update({k: tuple(v) for k, v in self.items()})
        return MappingProxyType(merged)


def _as_tuple(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    return tuple(entries)


_LETTER_KINDS = frozenset({"letter", "interview"})


@attrs.frozen(eq=False)
class Ledger:
    """The committee's ledger of one policy (and district): entries in the order recorded.

    Parameters
    ----------
    policy
        The policy whose annex tasks the ledger follows; it declares the
        ledger's rules (``[ledger]``).
    district
        The district whose street offices stand for 各街道办事处 (and towns
        for 各镇人民政府); without it a collective body is one unit.
    entries
        Entries already recorded (each is checked again, in order).

    Notes
    -----
    A ledger and the ledgers recorded from it share one list of entries,
    each seeing its own first part of it, so :meth:`record` costs what it
    adds, not the ledger's size; :attr:`entries` makes its tuple once, when
    first asked for.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> ledger = jx.Ledger(jx.load_policy(), jx.yuzhong())
    >>> ledger = ledger.record(jx.Entry("progress", dt.date(2024, 3, 31), by="王五", task="1.1",
    ...                                 unit="解放碑街道", status="completed", done="消防工作站已建成"))
    >>> ledger.entries[-1].unit, ledger.entries[-1].seq, ledger.entries[-1].rule
    ('解放碑街道办事处', 1, 'tracking')
    >>> ledger.record(jx.Entry("progress", dt.date(2024, 4, 1), by="王五", task="1.1", unit="区财政局",
    ...                        status="in_progress"))
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.ledger.model.LedgerError: 区财政局 does not answer for task 1.1 (建强街道消防工作机构): its units are 七星岗街道办事处, 解放碑街道办事处, 两路口街道办事处 ... and 10 more
    """

    policy: Policy
    """The policy whose annex tasks the ledger follows and whose ``[ledger]`` rules it records by."""
    district: District | None = None
    """The district whose street offices stand for 各街道办事处; ``None`` when a collective body is one unit."""
    _given: tuple[Entry, ...] = attrs.field(default=(), converter=_as_tuple, alias="entries", repr=False)
    _log: Shared[Entry, str, None] = attrs.field(init=False, repr=False)
    _length: int = attrs.field(init=False, repr=False)
    _view: tuple[Entry, ...] | None = attrs.field(init=False, repr=False)
    _responsible: Mapping[str, tuple[Responsibility, ...]] = attrs.field(init=False, repr=False, eq=False)
    _unit_sets: Mapping[str, frozenset[str]] = attrs.field(init=False, repr=False, eq=False)
    _streams: Mapping[tuple[str, str], tuple[Entry, ...]] = attrs.field(init=False, repr=False, eq=False)
    _letters: Mapping[str, Entry] = attrs.field(init=False, repr=False, eq=False)
    _answers: Mapping[str, tuple[Entry, ...]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        self.policy.ledger  # noqa: B018 - raises a clear error for a policy without [ledger]
        responsible = _responsibilities(self.policy, self.district)
        object.__setattr__(self, "_responsible", MappingProxyType(responsible))
        sets = {task: frozenset(r.unit for r in rows) for task, rows in responsible.items()}
        object.__setattr__(self, "_unit_sets", MappingProxyType(sets))
        object.__setattr__(self, "_streams", MappingProxyType({}))
        object.__setattr__(self, "_letters", MappingProxyType({}))
        object.__setattr__(self, "_answers", MappingProxyType({}))
        given: tuple[Entry, ...] = self._given
        object.__setattr__(self, "_given", ())  # the checked entries are kept in _log, not twice
        checked: list[Entry] = []
        streams: dict[tuple[str, str], list[Entry]] = {}
        letters: dict[str, Entry] = {}
        answers: dict[str, list[Entry]] = {}
        for i, entry in enumerate(given):
            if not isinstance(entry, Entry):
                raise LedgerError(f"entries[{i}]: expected an Entry, got {entry!r}")
            done = self._checked(entry, checked[-1].seq if checked else 0, streams, letters)
            checked.append(done)
            self._index(done, streams, letters, answers)
        object.__setattr__(self, "_log", Shared[Entry, str, None](checked))
        object.__setattr__(self, "_length", len(checked))
        object.__setattr__(self, "_view", None)
        self._freeze(streams, letters, answers)

    def _freeze(
        self,
        streams: dict[tuple[str, str], list[Entry]],
        letters: Mapping[str, Entry],
        answers: dict[str, list[Entry]],
    ) -> None:
        if isinstance(streams, _Lazy) and isinstance(answers, _Lazy):
            # mappings the new entries left alone are shared as they are (a proxy is never wrapped again)
            object.__setattr__(self, "_streams", streams.frozen())
            proxy = letters if isinstance(letters, MappingProxyType) else MappingProxyType(letters)
            object.__setattr__(self, "_letters", proxy)
            object.__setattr__(self, "_answers", answers.frozen())
            return
        object.__setattr__(self, "_streams", MappingProxyType({k: tuple(v) for k, v in streams.items()}))
        object.__setattr__(self, "_letters", MappingProxyType(letters))
        object.__setattr__(self, "_answers", MappingProxyType({k: tuple(v) for k, v in answers.items()}))

    @staticmethod
    def _index(
        entry: Entry,
        streams: dict[tuple[str, str], list[Entry]],
        letters: dict[str, Entry],
        answers: dict[str, list[Entry]],
    ) -> None:
        if entry.kind in ("progress", "acceptance"):
            streams.setdefault((entry.task, entry.unit), []).append(entry)
        elif entry.kind in _LETTER_KINDS:
            letters[entry.id] = entry
        elif entry.kind == "answer":
            answers.setdefault(entry.ref, []).append(entry)

    def __repr__(self) -> str:
        return f"<Ledger {self.policy.document.id}: {self._length} entries>"

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ledger):
            return NotImplemented
        return (
            self.policy == other.policy
            and self.district == other.district
            and self._length == other._length
            and self.entries == other.entries
        )

    def __hash__(self) -> int:
        return hash((self.policy.document.id, self._length))

    @property
    def entries(self) -> tuple[Entry, ...]:
        """The entries in the order recorded, each as checked (its number, rule and unit as the ledger names it)."""
        view = self._view
        if view is None:
            view = self._log.view(self._length)
            object.__setattr__(self, "_view", view)
        return view

    @property
    def last_seq(self) -> int:
        """The number of the last entry (0 for an empty ledger)."""
        return self._log.item(self._length - 1).seq if self._length else 0

    def entries_after(self, seq: int) -> tuple[Entry, ...]:
        """The entries numbered after ``seq``, in order: what a reader that has seen up to ``seq`` has not.

        Examples
        --------
        >>> import datetime as dt
        >>> import jiceng_xiaofang as jx
        >>> ledger = jx.Ledger(jx.load_policy()).record(
        ...     jx.Entry("inspection", dt.date(2024, 3, 1), by="区消安办"),
        ...     jx.Entry("supervision", dt.date(2024, 6, 1), by="区消安办"))
        >>> [(e.seq, e.kind) for e in ledger.entries_after(1)], ledger.last_seq
        ([(2, 'supervision')], 2)
        """
        start = self._log.bisect_right(self._length, seq, key=lambda e: e.seq)
        return self._log.view(self._length, start)

    # -- who answers for what ----------------------------------------------------------------------

    def responsible(self, task: str, *, role: str | None = None) -> tuple[Responsibility, ...]:
        """The units that answer for a task (each street office for 各街道办事处), leads first.

        ``role`` keeps only ``"lead"`` or ``"cooperating"`` units.
        """
        found = self._responsible.get(self._task(task).id, ())
        return found if role is None else tuple(r for r in found if r.role == role)

    def unit_name(self, ref: str) -> str:
        """The unit a name refers to: a street by its name or office, or a body of the policy by name or alias."""
        street = self.district.find_street(ref) if self.district is not None else None
        if street is not None:
            return street.office
        try:
            return self.policy.body(ref).name
        except NotFoundError:
            raise LedgerError(
                f"unknown unit {ref!r}: not a street of {self.district.name if self.district else 'the district'}"
                f" nor a body of {self.policy.document.id}"
            ) from None

    def _units_of(self, task: str) -> frozenset[str]:
        """The names of the units that answer for a task."""
        return self._unit_sets.get(task, frozenset())

    def _task(self, ref: str) -> Task:
        try:
            return self.policy.task(ref)
        except NotFoundError as exc:
            raise LedgerError(str(exc)) from None

    def rule(self, entry: Entry) -> Rule:
        """The rule of the policy an entry rests on."""
        return self.policy.ledger.rule_for(entry.command)

    # -- recording ---------------------------------------------------------------------------------

    def record(self, *entries: Entry, authority: Authority | None = None) -> Ledger:
        """A new ledger with the entries added, each checked against the policy, the district and the ledger.

        With ``authority`` (:class:`~jiceng_xiaofang.Authority`), each entry's
        ``actor`` must also hold, on the entry's day, a post the policy's
        ``[authority]`` grants its step, and no separation of duties may keep
        them from it (a unit does not accept its own task): else
        :class:`~jiceng_xiaofang.NotAuthorisedError`, and nothing is recorded.

        Raises
        ------
        LedgerError
            An entry breaks a rule: an unknown task or unit, a unit that does
            not answer for the task, a date before the policy, an acceptance of
            a task never reported done, a report after the task was accepted,
            an answer to no letter; the message cites the rule's clause.
        """
        # only the streams the new entries touch are copied, and the list of entries is shared with this
        # ledger: recording costs what it adds, not the ledger's size
        streams: dict[tuple[str, str], list[Entry]] = _Lazy(self._streams)
        touches_letters = any(isinstance(e, Entry) and e.kind in _LETTER_KINDS for e in entries)
        letters = dict(self._letters) if touches_letters else self._letters
        answers: dict[str, list[Entry]] = _Lazy(self._answers)
        checked: list[Entry] = []
        last = self.last_seq
        for index, entry in enumerate(entries):
            if not isinstance(entry, Entry):
                raise LedgerError(f"expected an Entry, got {entry!r}")
            try:
                done = self._checked(entry, last, streams, letters)
                if authority is not None:
                    authorise_entry(authority, done)
            except (LedgerError, NotAuthorisedError) as exc:
                exc.index = index  # type: ignore[union-attr]
                raise
            checked.append(done)
            last = done.seq
            self._index(done, streams, letters, answers)  # type: ignore[arg-type]
        log, length = self._log.extend(self._length, checked)
        new = object.__new__(Ledger)
        object.__setattr__(new, "policy", self.policy)
        object.__setattr__(new, "district", self.district)
        object.__setattr__(new, "_given", ())
        object.__setattr__(new, "_log", log)
        object.__setattr__(new, "_length", length)
        object.__setattr__(new, "_view", None)
        object.__setattr__(new, "_responsible", self._responsible)
        object.__setattr__(new, "_unit_sets", self._unit_sets)
        new._freeze(streams, letters, answers)
        return new

    def _refuse(self, entry: Entry, message: str) -> LedgerError:
        rule = self.rule(entry)
        return LedgerError(f"{message} ({rule.clause} {rule.quote!r})")

    def _checked(
        self,
        entry: Entry,
        last_seq: int,
        streams: Mapping[tuple[str, str], list[Entry]],
        letters: Mapping[str, Entry],
    ) -> Entry:
        """The entry as recorded (its unit and task as the ledger names them, its number and rule), or refused.

        An entry read back from a store keeps its number, which must follow the
        last one; a new entry (number 0) takes the next.
        """
        if entry.seq and entry.seq <= last_seq:
            raise LedgerError(f"entry number {entry.seq} does not follow number {last_seq}")
        seq = entry.seq or last_seq + 1
        issued = self.policy.document.issued
        if issued is not None and entry.on < issued:
            raise LedgerError(
                f"{entry.kind} of {entry.on}: a date before the policy ({self.policy.document.id}, issued {issued})"
            )
        changes: dict[str, object] = {"seq": seq, "rule": self.rule(entry).id}
        if entry.unit:
            changes["unit"] = self.unit_name(entry.unit)
        if entry.task:
            task = self._task(entry.task)
            changes["task"] = task.id
            if entry.kind in ("progress", "acceptance"):
                units = self._responsible.get(task.id, ())
                unit = str(changes["unit"])
                if unit not in self._units_of(task.id):
                    names = ", ".join(r.unit for r in units[:3]) + (
                        f" ... and {len(units) - 3} more" if len(units) > 3 else ""
                    )
                    raise LedgerError(
                        f"{unit} does not answer for task {task.id} ({task.name}): its units are {names}"
                    )
        done = attrs.evolve(entry, **changes)  # type: ignore[arg-type]
        if done.kind in ("progress", "acceptance"):
            self._check_stream(done, streams.get((done.task, done.unit), []))
        elif done.kind in ("letter", "interview"):
            if done.id in letters:
                raise LedgerError(f"{done.kind} {done.id!r}: the ledger already has an entry with this id")
        elif done.kind == "answer":
            letter = letters.get(done.ref)
            if letter is None:
                raise self._refuse(
                    done, f"an answer to {done.ref!r}, which is no letter or interview of the ledger"
                )
            if done.unit != letter.unit:
                raise LedgerError(
                    f"the {letter.kind} {done.ref!r} went to {letter.unit}; {done.unit} answers it"
                )
            if done.on < letter.on:
                raise LedgerError(f"an answer of {done.on} to the {letter.kind} {done.ref!r} of {letter.on}")
        return done

    def _check_stream(self, entry: Entry, stream: list[Entry]) -> None:
        last = stream[-1] if stream else None
        if last is not None and entry.on < last.on:
            raise LedgerError(
                f"{entry.kind} of {entry.on} for task {entry.task} by {entry.unit}: the last entry is of {last.on};"
                " entries of a task and unit are recorded in date order"
            )
        if last is not None and last.kind == "acceptance":
            raise self._refuse(
                entry,
                f"task {entry.task} of {entry.unit} was accepted on {last.on}: it is closed, no {entry.kind} follows",
            )
        if entry.kind == "acceptance":
            reported = last.status if last is not None else ""
            if reported != "completed":
                raise self._refuse(
                    entry,
                    f"task {entry.task} of {entry.unit} cannot be accepted: its unit has "
                    + (
                        f"last reported it {reported} ({last.status_zh})"
                        if last is not None and reported
                        else "never reported it done"
                    ),
                )

    # -- reading -----------------------------------------------------------------------------------

    def stream(self, task: str, unit: str) -> tuple[Entry, ...]:
        """The progress reports and acceptance of one task and unit, in order."""
        return self._streams.get((self._task(task).id, self.unit_name(unit)), ())

    def letters(self) -> tuple[Entry, ...]:
        """The letters (督办函) and interviews (约谈), in order."""
        return tuple(self._letters.values())

    def answers(self, letter_id: str) -> tuple[Entry, ...]:
        """The answers to a letter or interview, in order."""
        return self._answers.get(letter_id, ())

    def rounds(self, kind: str) -> tuple[Entry, ...]:
        """The committee's rounds of one kind (``inspection`` or ``supervision``), in order."""
        return tuple(e for e in self.entries if e.kind == kind)

    def until(self, on: dt.date) -> Ledger:
        """The ledger as it stood at the end of a day: the entries dated on or before it."""
        return Ledger(self.policy, self.district, tuple(e for e in self.entries if e.on <= on))

    @classmethod
    def of(cls, policy: Policy, district: District | None, entries: Iterable[Entry]) -> Ledger:
        """A ledger of these entries (checked in order)."""
        return cls(policy, district, tuple(entries))
