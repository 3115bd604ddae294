"""What the committee's ledger records: progress on a task by a unit, acceptance, rounds, letters and answers.

Every entry is dated, says who recorded it, and, once in a ledger, carries
its sequence number and the rule of the policy it rests on (``[ledger]``).
Entries are immutable; a ledger only grows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from types import MappingProxyType

import attrs

from ..errors import XiaofangError

__all__ = [
    "ENTRY_KINDS",
    "PROGRESS_STATUSES",
    "Entry",
    "Evidence",
    "LedgerError",
]

PROGRESS_STATUSES = MappingProxyType(
    {"not_started": "未启动", "in_progress": "推进中", "completed": "已完成", "accepted": "已验收"}
)
"""The states of a task for a unit, in order, with their Chinese names.  ``accepted`` is set only by an acceptance."""

ENTRY_KINDS = MappingProxyType(
    {
        "progress": "进展报告",
        "acceptance": "验收",
        "inspection": "检查",
        "supervision": "督导",
        "letter": "督办函",
        "interview": "约谈",
        "answer": "回复",
    }
)
"""The kinds of ledger entry, with their Chinese names."""

_COMMAND = {
    "progress": "report",
    "acceptance": "accept",
    "inspection": "inspect",
    "supervision": "supervise",
    "letter": "letter",
    "interview": "interview",
    "answer": "answer",
}
_MAX_TEXT = 20_000
_MAX_FILE = 200_000_000


class LedgerError(XiaofangError):
    """An entry the ledger refuses, or a ledger file that cannot be read; the message says why, with the clause.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> issubclass(jx.LedgerError, jx.XiaofangError)
    True
    """


def _text(name: str, value: object, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise LedgerError(f"{name}: expected text, got {value!r}")
    text = value.strip()
    if required and not text:
        raise LedgerError(f"{name}: expected a non-empty text, got {value!r}")
    if len(text) > _MAX_TEXT:
        raise LedgerError(f"{name}: at most {_MAX_TEXT} characters, got {len(text)}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise LedgerError(f"{name}: the text holds a lone surrogate") from None
    return text


def _date(name: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise LedgerError(f"{name}: expected a date (datetime.date), got {value!r}")
    return value


@attrs.frozen
class Evidence:
    """Evidence of progress: a text, or a file known by the SHA-256 of its content.

    A file is named as given (a path relative to an evidence folder) with
    its digest; :meth:`verify` reads it again and refuses a file that
    changed since it was recorded.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from jiceng_xiaofang.ledger import Evidence
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "photo.jpg").write_bytes(b"station sign")
    12
    >>> e = Evidence.of_file(folder / "photo.jpg", folder=folder)
    >>> e.file, e.sha256[:12]
    ('photo.jpg', '2dbfe403bc1b')
    >>> e.verify(folder)
    >>> (folder / "photo.jpg").write_bytes(b"another sign")
    12
    >>> e.verify(folder)
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.ledger.model.LedgerError: evidence photo.jpg changed since it was recorded: its SHA-256 was 2dbfe403bc1b..., it is now fd8d7a9d7248...
    """

    text: str = ""
    """Evidence in words; ``""`` for a file."""
    file: str = ""
    """The file's name as given, a path relative to an evidence folder (``/`` between parts); ``""`` for a text."""
    sha256: str = ""
    """The SHA-256 of the file's content, 64 lower-case hex digits; ``""`` for a text."""

    def __attrs_post_init__(self) -> None:
        _text("evidence.text", self.text)
        _text("evidence.file", self.file)
        if bool(self.file) != bool(self.sha256):
            raise LedgerError(
                "evidence: a file comes with the SHA-256 of its content, and a digest with its file"
            )
        if self.sha256 and (len(self.sha256) != 64 or any(c not in "0123456789abcdef" for c in self.sha256)):
            raise LedgerError(f"evidence.sha256: expected 64 lower-case hex digits, got {self.sha256!r}")
        if not self.text and not self.file:
            raise LedgerError("evidence: expected a text or a file")

    @classmethod
    def of_file(
        cls, path: str | os.PathLike[str], *, folder: str | os.PathLike[str] | None = None
    ) -> Evidence:
        """Evidence of a file: its name (relative to ``folder`` when given) and the digest of its content."""
        target = Path(path)
        name = str(target.relative_to(folder)) if folder is not None else target.name
        return cls(file=name.replace(os.sep, "/"), sha256=_digest(target))

    def verify(self, folder: str | os.PathLike[str]) -> None:
        """Check that the file is still there and unchanged; raises :class:`~jiceng_xiaofang.LedgerError` if not."""
        if not self.file:
            return
        now = _digest(Path(folder) / self.file)
        if now != self.sha256:
            raise LedgerError(
                f"evidence {self.file} changed since it was recorded: its SHA-256 was {self.sha256[:12]}...,"
                f" it is now {now[:12]}..."
            )


def _digest(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > _MAX_FILE:
            raise LedgerError(f"evidence {path}: {size} bytes; evidence files are hashed up to {_MAX_FILE}")
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise LedgerError(f"evidence {path}: cannot read the file ({exc.strerror or exc})") from None
    return digest.hexdigest()


@attrs.frozen
class Entry:
    """One entry of the ledger.

    ``kind`` is one of :data:`~jiceng_xiaofang.ledger.ENTRY_KINDS`:

    - ``progress``: a unit reports on a task: ``status`` (one of
      :data:`~jiceng_xiaofang.ledger.PROGRESS_STATUSES` but ``accepted``), what was done (``done``,
      进展情况), ``problems`` (存在问题), ``next_steps`` (下步打算), ``evidence``;
    - ``acceptance``: the committee office accepts a task a unit reported done;
    - ``inspection`` and ``supervision``: a round of the committee (检查,
      督导), of a ``unit`` and ``task`` or of the whole district (both empty),
      with its findings in ``done``;
    - ``letter`` (督办函) and ``interview`` (约谈): to a ``unit``, about a
      ``task`` or not, with an ``id`` of its own and the ``deadline`` of the
      answer (required for a letter);
    - ``answer``: a unit answers the letter or interview whose id is ``ref``.

    ``seq`` (its place in the ledger, from 1) and ``rule`` (the id of the rule
    of the policy's ``[ledger]`` it rests on) are set when a ledger records it.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.ledger import Entry
    >>> e = Entry("progress", dt.date(2024, 3, 31), by="解放碑街道 王五", task="1.1", unit="解放碑街道办事处",
    ...           status="in_progress", done="消防工作站已挂牌")
    >>> e.status_zh, e.kind_zh
    ('推进中', '进展报告')
    """

    kind: str
    """What kind of entry, a key of :data:`~jiceng_xiaofang.ledger.ENTRY_KINDS`."""
    on: dt.date
    """The day of the entry (of the report, the round, the letter...)."""
    by: str
    """Who made it, as written."""
    task: str = ""
    """The id of the annex task it concerns, such as ``1.1``; ``""`` for none (a round or letter about no task)."""
    unit: str = ""
    """The responsible unit, as the ledger names it once recorded (``解放碑街道`` becomes ``解放碑街道办事处``); ``""`` for none."""
    status: str = ""
    """For a progress report, a key of :data:`~jiceng_xiaofang.ledger.PROGRESS_STATUSES` other than ``accepted``; ``""`` otherwise."""
    done: str = ""
    """What was done (进展情况), or a round's findings; ``""`` when not given."""
    problems: str = ""
    """The problems met (存在问题); ``""`` when not given."""
    next_steps: str = ""
    """What comes next (下步打算); ``""`` when not given."""
    evidence: tuple[Evidence, ...] = ()
    """The evidence of a progress report; empty when none."""
    id: str = ""
    """The id of a letter or interview, such as ``DB-1``, which an answer names; ``""`` for other kinds."""
    ref: str = ""
    """For an answer, the id of the letter or interview it answers; ``""`` otherwise."""
    deadline: dt.date | None = None
    """For a letter or interview, the day by which to answer (required for a letter); ``None`` otherwise."""
    seq: int = 0
    """Its place in the ledger, from 1, set when a ledger records it; 0 before."""
    rule: str = ""
    """The id of the ``[ledger]`` rule it rests on, set when a ledger records it; ``""`` before."""
    actor: str = ""
    """The person id (a ``[[person]]`` of the district file) of who made it, checked against their posts on
    the entry's day when an :class:`~jiceng_xiaofang.Authority` is given; ``""`` when not known."""

    def __attrs_post_init__(self) -> None:
        if self.kind not in ENTRY_KINDS:
            raise LedgerError(f"kind: expected one of {', '.join(ENTRY_KINDS)}, got {self.kind!r}")
        _date("on", self.on)
        for name in ("by", "task", "unit", "done", "problems", "next_steps", "id", "ref", "rule", "actor"):
            value = getattr(self, name)
            if _text(name, value, required=name == "by") != value:
                object.__setattr__(self, name, value.strip())
        if not isinstance(self.evidence, tuple) or not all(isinstance(e, Evidence) for e in self.evidence):
            raise LedgerError(f"evidence: expected a tuple of Evidence, got {self.evidence!r}")
        if self.deadline is not None:
            _date("deadline", self.deadline)
        if isinstance(self.seq, bool) or not isinstance(self.seq, int) or self.seq < 0:
            raise LedgerError(f"seq: expected a whole number of 0 or more, got {self.seq!r}")
        self._check_shape()

    def _check_shape(self) -> None:
        kind = self.kind
        need = {
            "progress": ("task", "unit", "status"),
            "acceptance": ("task", "unit"),
            "letter": ("id", "unit"),
            "interview": ("id", "unit"),
            "answer": ("ref", "unit"),
        }.get(kind, ())
        for name in need:
            if not getattr(self, name):
                raise LedgerError(f"a {kind} entry needs {name}")
        if kind == "progress" and self.status not in PROGRESS_STATUSES:
            raise LedgerError(f"status: expected one of {', '.join(PROGRESS_STATUSES)}, got {self.status!r}")
        if kind == "progress" and self.status == "accepted":
            raise LedgerError(
                "status: a unit does not report its own task accepted; the committee office records an"
                " acceptance entry"
            )
        if kind != "progress" and self.status:
            raise LedgerError(f"only a progress entry has a status; this is a {kind} entry")
        if kind == "letter" and self.deadline is None:
            raise LedgerError("a letter (督办函) needs the deadline of its answer")
        if self.deadline is not None and kind not in ("letter", "interview"):
            raise LedgerError(f"only a letter or an interview has a deadline; this is a {kind} entry")
        if self.deadline is not None and self.deadline < self.on:
            raise LedgerError(f"deadline {self.deadline} is before the entry's date {self.on}")
        if kind in ("inspection", "supervision") and self.task and not self.unit:
            raise LedgerError(f"a {kind} of a task names the unit it visited")
        if self.id and kind not in ("letter", "interview"):
            raise LedgerError(f"only a letter or an interview has an id of its own; this is a {kind} entry")
        if self.ref and kind != "answer":
            raise LedgerError(f"only an answer refers to a letter (ref); this is a {kind} entry")

    @property
    def kind_zh(self) -> str:
        """The kind in Chinese (进展报告, 验收, 检查...)."""
        return ENTRY_KINDS[self.kind]

    @property
    def status_zh(self) -> str:
        """The status in Chinese (推进中...), or ``""`` for an entry without one."""
        return PROGRESS_STATUSES.get(self.status, "")

    @property
    def command(self) -> str:
        """The step of the policy's ``[ledger.cite]`` this kind of entry is."""
        return _COMMAND[self.kind]
