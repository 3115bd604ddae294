"""Kinds of place and where a street's whistle goes for them, as cited data (街道吹哨、部门报到).

A policy file declares ``[[place]]`` kinds with the industry departments that
answer for them, and a ``[routing]`` table for kinds it does not name: the
closest-business principle (业务相近的原则) as each department's business words,
and who decides when none matches.  Every entry names its clause and quotes
its words; a department chosen by the package's reading says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from .._toml import Table
from ..vocabulary.citations import Reference
from ._cite import Cited, Context, read_bodies, read_body, read_code, read_reference

__all__ = ["PlaceKind", "Routing"]


@attrs.frozen
class PlaceKind(Cited):
    """A kind of place: its Chinese name, the industry departments that answer for it, and the words that say so.

    ``joint_control`` marks a high-risk place under the key supervision of
    both the territorial street and the industry (属地街道和行业, with joint
    control); ``named`` is false for a kind the text covers without naming it
    (a size class, one of the nine small kinds of 九小场所); ``nine_small``
    marks those nine.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> t = jx.load_policy().place("underground_space")
    >>> t.zh, t.departments, t.clause, t.basis, t.joint_control
    ('地下空间', ('区人防办',), '3.6', 'reading', True)
    """

    kind: str
    """A snake_case code, such as ``underground_space``."""
    zh: str
    """The kind's Chinese name, such as ``地下空间``."""
    departments: tuple[str, ...]
    """The industry departments that answer for it, as the directory names them."""
    reference: Reference
    """The clause and the words that say so (often a reading of 管行业必须管安全)."""
    aliases: tuple[str, ...] = ()
    """Other Chinese names a description may use, such as ``人员密集``; empty when none."""
    joint_control: bool = False
    """Whether it is under the key supervision of both the territorial street and the industry, with joint control."""
    named: bool = True
    """``False`` for a kind the text covers without naming it (a size class, one of the nine small kinds)."""
    nine_small: bool = False
    """Whether it is one of the nine kinds of small premises (九小场所) a street inspects."""


@attrs.frozen
class Routing:
    """How a kind of place that no ``[[place]]`` names is routed: each department's business, and a fallback.

    ``business`` maps each department to the words of its business; a new
    kind of place goes to the department(s) whose words its description
    shares most, and to ``fallback`` when none does.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> r = jx.load_policy().routing
    >>> r.fallback, r.reference.clause, r.reference.is_reading
    ('区消防安全委员会办公室', '3.6', True)
    >>> "剧本" in r.business["区文旅委"]
    True
    """

    reference: Reference
    """The clause and the words that found the closest-business routing (业务相近的原则)."""
    business: Mapping[str, tuple[str, ...]]
    """The words of each department's business, by department name."""
    fallback: str
    """The body that decides when no department's words match, such as ``区消防安全委员会办公室``."""
    fallback_reference: Reference
    """The clause and the words that make it the fallback."""

    @classmethod
    def of(cls, business: Mapping[str, object], base: Routing) -> Routing:
        """A routing with another business table (a district's own), keeping ``base``'s citations and fallback."""
        table: dict[str, tuple[str, ...]] = {}
        for department, words in business.items():
            if not isinstance(department, str) or not department.strip():
                raise ValueError(f"routing: expected department names, got {department!r}")
            if isinstance(words, str) or not all(isinstance(w, str) and w for w in words):  # type: ignore[attr-defined]
                raise ValueError(f"routing[{department!r}]: expected a list of business words, got {words!r}")
            table[department] = tuple(words)  # type: ignore[arg-type]
        return attrs.evolve(base, business=MappingProxyType(table))


def read_places(tables: list[Table], ctx: Context) -> tuple[PlaceKind, ...]:
    """Read ``[[place]]`` tables, checking every department against the body directory and every quote."""
    found: dict[str, PlaceKind] = {}
    names: dict[str, str] = {}
    for t in tables:
        kind = read_code(t, "type")
        if kind in found:
            t.fail(f"duplicate place type {kind!r}", "type")
        place = PlaceKind(
            kind=kind,
            zh=t.req_text("zh"),
            departments=read_bodies(t, ctx, "departments"),
            reference=read_reference(t, ctx),
            aliases=t.texts("aliases", required=False),
            joint_control=t.flag("joint_control", False),
            named=t.flag("named", True),
            nine_small=t.flag("nine_small", False),
        )
        for i, name in enumerate((place.zh, *place.aliases)):
            if name in names:
                key = "zh" if i == 0 else f"aliases[{i - 1}]"
                t.fail(f"the name {name!r} already names the place type {names[name]!r}", key)
            names[name] = kind
        t.done()
        found[kind] = place
    return tuple(found.values())


def read_routing(t: Table, ctx: Context) -> Routing:
    """Read the ``[routing]`` table: the principle's citation, each department's business words, the fallback."""
    business: dict[str, tuple[str, ...]] = {}
    for b in t.tables("business"):
        department = read_body(b, ctx, "department") or ""
        if department in business:
            b.fail(f"{department!r} already has its business words", "department")
        words = b.texts("words")
        if not words:
            b.fail("expected at least one word", "words")
        business[department] = words
        b.done()
    routing = Routing(
        reference=read_reference(t, ctx),
        business=MappingProxyType(business),
        fallback=read_body(t, ctx, "fallback") or "",
        fallback_reference=read_reference(t, ctx, prefix="fallback_"),
    )
    t.done()
    return routing
