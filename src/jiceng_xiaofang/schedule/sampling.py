"""Double-random sampling (双随机、一公开): random targets, random inspectors, a draw anyone can re-run.

Under the embedded policy, clause 3.3: "区消防救援支队应采取“双随机、一公开”方式开展消防监督检查" —
the detachment draws the units it inspects and the inspectors who go, and
makes the results public.  :func:`draw` takes the seed from the caller and
records it, with the policy's obligation it serves and everything needed to
repeat the draw, so the published record (:meth:`SamplingDraw.to_json`) can
be checked by anyone who holds the pools.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Iterable, Sequence

import attrs

from .._json import JsonError
from .._json import loads as loads_json
from .._values import describe, unwritable
from ..errors import XiaofangError
from ..policy.model import Policy
from .load import load_obligations

__all__ = ["SAMPLING_ALGORITHM", "SamplingDraw", "SamplingError", "draw"]

SAMPLING_ALGORITHM = (
    "jiceng_xiaofang double-random v1: sort both pools by code point; rng = random.Random(seed); draw k targets,"
    " then a team for each drawn target in draw order; each pick is a partial Fisher-Yates step with index"
    " i + int(rng.random() * (n - i))"
)
"""How :func:`draw` picks, stated so that the draw can be repeated without this package.

Only the ``random()`` method of :class:`random.Random` is used, whose sequence for a given seed
Python keeps stable across versions (``sample`` and ``shuffle`` are not
guaranteed to be).
"""


class SamplingError(XiaofangError):
    """A draw that cannot be made: an empty or duplicated pool, ``k`` or ``team`` out of range, a bad seed.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.schedule import draw
    >>> draw(["张三", "李四"], ["A"], k=2, seed=1, on=dt.date(2024, 4, 1))
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.schedule.sampling.SamplingError: k: cannot draw 2 targets from a pool of 1
    """


def _pool(name: str, values: Iterable[str]) -> tuple[str, ...]:
    if isinstance(values, str | bytes):
        raise SamplingError(f"{name}: expected a list of names, got the single text {describe(values)}")
    items = list(values)
    seen: set[str] = set()
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise SamplingError(f"{name}[{i}]: expected a non-empty name, got {describe(item)}")
        if unwritable(item) is not None:
            raise SamplingError(f"{name}[{i}]: expected a name, got {describe(item)}: {unwritable(item)}")
        if item in seen:
            raise SamplingError(f"{name}: {describe(item)} is listed twice; each name may be drawn once")
        seen.add(item)
    if not items:
        raise SamplingError(f"{name}: the pool is empty")
    return tuple(sorted(items))


def _count(name: str, value: object, pool: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SamplingError(f"{name}: expected a whole number, got {describe(value)}")
    if value < 1:
        raise SamplingError(f"{name}: expected 1 or more, got {describe(value)}")
    if value > pool:
        raise SamplingError(f"{name}: cannot draw {describe(value)} {what} from a pool of {pool}")
    return value


def _pick(rng: random.Random, pool: Sequence[str], n: int) -> tuple[str, ...]:
    items = list(pool)
    for i in range(n):
        j = i + int(rng.random() * (len(items) - i))
        items[i], items[j] = items[j], items[i]
    return tuple(items[:n])


def _digest(inspectors: Sequence[str], targets: Sequence[str]) -> str:
    text = json.dumps(
        {"inspectors": list(inspectors), "targets": list(targets)}, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@attrs.frozen
class SamplingDraw:
    """The record of one double-random draw, for publication (一公开).

    ``targets`` are the targets drawn, in draw order, and ``teams[i]`` the
    inspectors drawn for ``targets[i]``.  ``obligation`` and ``clause`` name
    the policy's double-random obligation the draw serves (empty when the
    policy has none).  ``pool_digest`` is the SHA-256 of
    the sorted pools (JSON ``{"inspectors": [...], "targets": [...]}``, no
    spaces), so a reader can check that a re-run used the same pools.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.schedule import SamplingDraw, draw
    >>> d = draw(["张三", "李四", "王五"], ["甲商场", "乙酒店", "丙医院"], k=2, seed=2024, on=dt.date(2024, 4, 1))
    >>> SamplingDraw.from_json(d.to_json()) == d
    True
    """

    seed: int | str
    """The seed given to the random generator, a whole number or a text; the same seed and pools give the same draw."""
    on: dt.date
    """The day of the draw."""
    targets: tuple[str, ...]
    """The targets drawn, in draw order."""
    teams: tuple[tuple[str, ...], ...]
    """The inspectors drawn for each target, in the order of :attr:`targets`."""
    target_pool: int
    """The number of targets drawn from."""
    inspector_pool: int
    """The number of inspectors drawn from."""
    pool_digest: str
    """The SHA-256 of the sorted pools (JSON ``{"inspectors": [...], "targets": [...]}``, no spaces), in hex."""
    method: str = "双随机、一公开"
    """The method's Chinese name, ``双随机、一公开``."""
    obligation: str = ""
    """The id of the policy's double-random obligation the draw serves; ``""`` when the policy has none."""
    clause: str = ""
    """The id of that obligation's clause; ``""`` when none."""
    algorithm: str = SAMPLING_ALGORITHM
    """How the draw picks, stated so that it can be repeated without this package (:data:`~jiceng_xiaofang.schedule.SAMPLING_ALGORITHM`)."""

    @property
    def inspectors(self) -> tuple[str, ...]:
        """Every inspector drawn, each once, in the order first drawn."""
        return tuple(dict.fromkeys(name for team in self.teams for name in team))

    @property
    def assignments(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Pairs of (target, team), in draw order."""
        return tuple(zip(self.targets, self.teams, strict=True))

    def as_dict(self) -> dict[str, object]:
        """The record as a JSON-ready dict."""
        return {
            "method": self.method,
            "obligation": self.obligation,
            "clause": self.clause,
            "on": self.on.isoformat(),
            "seed": self.seed,
            "target_pool": self.target_pool,
            "inspector_pool": self.inspector_pool,
            "pool_digest": self.pool_digest,
            "assignments": [{"target": t, "inspectors": list(team)} for t, team in self.assignments],
            "algorithm": self.algorithm,
        }

    def to_json(self) -> str:
        """The record as JSON, the same bytes for the same draw.

        Examples
        --------
        >>> import datetime as dt
        >>> from jiceng_xiaofang.schedule import draw
        >>> d = draw(["张三", "李四"], ["甲商场", "乙酒店"], k=1, seed=7, on=dt.date(2024, 4, 1), team=1)
        >>> print(d.to_json())  # doctest: +ELLIPSIS
        {
          "method": "双随机、一公开",
          "obligation": "detachment_double_random",
          "clause": "3.3",
          "on": "2024-04-01",
          "seed": 7,
          ...
        """
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> SamplingDraw:
        """Read a record written by :meth:`to_json`.

        Raises :class:`SamplingError` when the text is not such a record.
        """
        try:
            data = loads_json(text)
            assignments = data["assignments"]
            return cls(
                seed=data["seed"],
                on=dt.date.fromisoformat(data["on"]),
                targets=tuple(a["target"] for a in assignments),
                teams=tuple(tuple(a["inspectors"]) for a in assignments),
                target_pool=data["target_pool"],
                inspector_pool=data["inspector_pool"],
                pool_digest=data["pool_digest"],
                method=data["method"],
                obligation=data["obligation"],
                clause=data["clause"],
                algorithm=data["algorithm"],
            )
        except JsonError as exc:
            raise SamplingError(f"not a sampling record: {exc}") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise SamplingError(
                f"not a sampling record: {type(exc).__name__}({describe(str(exc), 200)})"
            ) from None


def draw(
    inspectors: Iterable[str],
    targets: Iterable[str],
    *,
    k: int,
    seed: int | str,
    on: dt.date,
    team: int = 2,
    policy: Policy | None = None,
) -> SamplingDraw:
    """Draw ``k`` targets and, for each, a team of ``team`` inspectors, reproducibly from ``seed``.

    The pools are sorted first, so the draw depends on who is in them, not on
    the order given.  The same pools, ``k``, ``team`` and ``seed`` give the
    same draw on any machine; a different seed gives, in general, another.
    The global :mod:`random` state is never used or changed.

    Parameters
    ----------
    inspectors
        The inspector pool (执法人员和检查人员库, 3.4): distinct names.
    targets
        The target pool: distinct names, such as the key units (消防安全重点单位).
    k
        How many targets to draw, 1 to the size of the pool.
    seed
        An integer or a text; publish it with the result.
    on
        The day of the draw.
    team
        Inspectors per target, 1 to the size of the pool; 2 by default, the
        usual minimum of enforcement officers at an inspection (not a number
        of this policy).
    policy
        The policy whose double-random obligation (``method =
        "double_random"``) the draw serves, recorded with its clause; the
        embedded policy by default.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.schedule import draw
    >>> pool = ["张三", "李四", "王五", "赵六"]
    >>> units = ["甲商场", "乙酒店", "丙医院", "丁学校", "戊养老院"]
    >>> d = draw(pool, units, k=2, seed=20240401, on=dt.date(2024, 4, 1))
    >>> d == draw(reversed(pool), units, k=2, seed=20240401, on=dt.date(2024, 4, 1))
    True
    >>> len(d.targets), [len(t) for t in d.teams], d.target_pool, d.inspector_pool
    (2, [2, 2], 5, 4)
    >>> d.obligation, d.clause
    ('detachment_double_random', '3.3')
    """
    if isinstance(seed, bool) or not isinstance(seed, int | str):
        raise SamplingError(f"seed: expected an integer or a text, got {describe(seed)}")
    if isinstance(seed, str) and unwritable(seed) is not None:
        raise SamplingError(f"seed: expected a text, got {describe(seed)}: {unwritable(seed)}")
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise SamplingError(f"on: expected a datetime.date, got {describe(on)}")
    inspector_pool = _pool("inspectors", inspectors)
    target_pool = _pool("targets", targets)
    k = _count("k", k, len(target_pool), "targets")
    team = _count("team", team, len(inspector_pool), "inspectors per target")
    rng = random.Random(seed)
    drawn = _pick(rng, target_pool, k)
    teams = tuple(_pick(rng, inspector_pool, team) for _ in drawn)
    served = next((ob for ob in load_obligations(policy=policy) if ob.method == "double_random"), None)
    return SamplingDraw(
        obligation=served.id if served is not None else "",
        clause=str(served.clause) if served is not None else "",
        seed=seed,
        on=on,
        targets=drawn,
        teams=teams,
        target_pool=len(target_pool),
        inspector_pool=len(inspector_pool),
        pool_digest=_digest(inspector_pool, target_pool),
    )
