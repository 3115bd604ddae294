"""The package's errors: one base class and a few precise children.

Every error the package raises on bad input is a :class:`XiaofangError`, which
is a :class:`ValueError`, so callers can catch either.  Messages name the
field or key, what was expected and what was given.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "DataFileError",
    "DistrictFileError",
    "DocumentError",
    "NotAuthorisedError",
    "NotFoundError",
    "PolicyFileError",
    "ScheduleFileError",
    "UnitError",
    "XiaofangError",
]


class XiaofangError(ValueError):
    """Base class of every error raised by :mod:`jiceng_xiaofang` on bad input.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> issubclass(jx.PolicyFileError, jx.XiaofangError)
    True
    >>> issubclass(jx.XiaofangError, ValueError)
    True
    """


class DataFileError(XiaofangError):
    """A data file (policy, district) could not be read or does not follow its format.

    Parameters
    ----------
    message
        What is wrong: what was expected and what was found.
    file
        The file being read (``"<embedded yuzhong-2023.toml>"`` for packaged data).
    key
        The key path inside the file, such as ``"clause[3].lead[0]"``; empty
        for errors about the whole file.
    line
        The line of the file where the key is written (1 for the first), when
        it can be told.

    Examples
    --------
    >>> err = DataFileError("expected a string, got 3", file="p.toml", key="document.title", line=7)
    >>> str(err)
    'p.toml:7: document.title: expected a string, got 3'
    >>> err.key, err.line
    ('document.title', 7)
    """

    def __init__(self, message: str, *, file: str, key: str = "", line: int | None = None) -> None:
        self.file = file
        self.key = key
        self.line = line
        self.reason = message
        where = f"{file}:{line}" if line is not None else file
        if key:
            where = f"{where}: {key}"
        super().__init__(f"{where}: {message}")


class PolicyFileError(DataFileError):
    """A policy file could not be read or does not follow the policy format.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> jx.parse_policy("format = 1", source="p.toml")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.PolicyFileError: p.toml: document: missing required key
    """


class DistrictFileError(DataFileError):
    """A district file could not be read or does not follow the district format.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> jx.parse_district("format = 1", source="d.toml")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.DistrictFileError: d.toml: district: missing required key
    """


class DocumentError(DataFileError):
    """A published document could not be read to draft a policy file from it.

    Raised for what cannot be drafted at all (a binary or empty file, a
    document with no numbered section); what can be drafted but not read
    whole is reported with the draft instead (:attr:`Draft.problems
    <jiceng_xiaofang.Draft.problems>`).

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> jx.draft_policy("")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.DocumentError: <text>: the document is empty
    """


_MAX_NAME = 80  # characters of a name shown (and compared) in a NotFoundError


class NotFoundError(XiaofangError, LookupError):
    """A clause, task, fact or body that the policy does not have.

    The message lists the closest known names, so a typo is easy to fix.

    Examples
    --------
    >>> err = NotFoundError.for_name("clause", "3.22", ["1.1", "3.2", "5.4"])
    >>> print(err)
    no clause '3.22' in the policy; did you mean '3.2'?
    """

    @classmethod
    def for_name(
        cls, what: str, given: str, known: Iterable[str], *, where: str = "the policy"
    ) -> NotFoundError:
        """Build the error for ``given``, suggesting the closest of ``known``."""
        close = difflib.get_close_matches(given[:_MAX_NAME], list(known), n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        shown = repr(given) if len(given) <= _MAX_NAME else repr(given[:_MAX_NAME]) + "..."
        return cls(f"no {what} {shown} in {where}{hint}")


class ScheduleFileError(DataFileError):
    """A file of obligations or an inspection log could not be read or breaks its format.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.schedule import parse_obligations
    >>> parse_obligations("format = 1", source="o.toml")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.ScheduleFileError: o.toml: policy: missing required key
    >>> issubclass(jx.ScheduleFileError, jx.DataFileError)
    True
    """


class UnitError(XiaofangError):
    """A measured value with the wrong dimension, a negative size, NaN or text that is not a number.

    The message names the field, the dimension expected and the value given.

    Examples
    --------
    >>> err = UnitError("room_area: expected an area (m²), got '4 kg'")
    >>> isinstance(err, ValueError)
    True
    """


class NotAuthorisedError(XiaofangError):
    """An act refused because the actor held no post the policy grants it on that day; nothing was written.

    The message names the act and its subject, the actor, the date, the
    posts the act needs and the clauses that say so (or that the policy
    declares no post for the act), and why the actor's posts do not serve.

    Attributes
    ----------
    process, act
        The process (``"hazards"``, ``"ledger"``) and the act refused.
    actor
        The person id of the actor (empty when none was given).
    on
        The day of the act, as an ISO date.
    posts
        The role codes the act needs (empty when the policy declares none).
    clauses
        The clauses of the grants (and separations) that refuse it.
    reason
        Why the actor does not qualify.

    Examples
    --------
    >>> err = NotAuthorisedError("hazards", "verify", actor="p1", on="2024-05-09", posts=("grid_worker",),
    ...                          clauses=("3.2",), reason="p1 holds no post on that day", subject="hazard 'HZ-1'")
    >>> print(err)
    hazard 'HZ-1': verify by p1 on 2024-05-09 is not authorised: p1 holds no post on that day; verify needs a post of grid_worker (3.2)
    >>> isinstance(err, XiaofangError)
    True
    """

    def __init__(
        self,
        process: str,
        act: str,
        *,
        actor: str,
        on: str,
        posts: tuple[str, ...],
        clauses: tuple[str, ...],
        reason: str,
        subject: str = "",
        needs: str = "",
    ) -> None:
        self.process = process
        self.act = act
        self.actor = actor
        self.on = on
        self.posts = posts
        self.clauses = clauses
        self.reason = reason
        who = f" by {actor}" if actor else ""
        head = f"{subject}: " if subject else ""
        if not needs:
            cited = f" ({', '.join(clauses)})" if clauses else ""
            needs = f"{act} needs a post of {', '.join(posts)}{cited}" if posts else ""
        tail = f"; {needs}" if needs else ""
        super().__init__(f"{head}{act}{who} on {on} is not authorised: {reason}{tail}")
