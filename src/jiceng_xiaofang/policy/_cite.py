"""Reading the citation of an entry of a policy file: its clause, its verbatim quote, and its basis.

Every rule, role, route and body a policy file declares names the clause that
founds it and quotes its words; the quote must stand in that clause (or in the
prose of a section).  An entry that is the package's reading rather than the
text's own words says so (``basis = "reading"``) and what it reads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from .._toml import Table
from ..errors import XiaofangError
from ..vocabulary.citations import BASES, ClauseId, Reference
from .model import Clause, Fact, Section

__all__ = ["Context", "read_bodies", "read_body", "read_reference"]

_CODE = re.compile(r"[a-z][a-z0-9_]{0,59}")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


class Cited:
    """Shortcuts to the reference of an entry that has one (``reference``): its clause, quote and basis."""

    __slots__ = ()
    reference: Reference

    @property
    def clause(self) -> ClauseId:
        """The clause the entry cites."""
        return self.reference.clause

    @property
    def quote(self) -> str:
        """The words of the clause it rests on."""
        return self.reference.quote

    @property
    def basis(self) -> str:
        """``"text"`` or ``"reading"``."""
        return self.reference.basis

    @property
    def is_reading(self) -> bool:
        """Whether the entry is the package's reading of its words rather than what they say."""
        return self.reference.is_reading


@attrs.frozen
class Context:
    """What an entry may refer to: the policy's clauses and sections, bodies, facts and roles so far."""

    clauses: Mapping[str, Clause]
    sections: Mapping[int, Section]
    body_names: Mapping[str, str]
    facts: Mapping[str, Fact]
    roles: frozenset[str] = frozenset()

    def text_of(self, clause: ClauseId) -> str | None:
        """The text a quote from ``clause`` must stand in, or ``None`` if the policy has no such part."""
        if clause.depth == 1:
            section = self.sections.get(clause.section)
            return None if section is None else f"{section.title}\n{section.text}"
        found = self.clauses.get(clause)
        return None if found is None else found.text


def read_code(t: Table, name: str) -> str:
    """A code: lower-case words joined by underscores, such as ``street_main_leader``."""
    code = t.req_text(name)
    if not _CODE.fullmatch(code):
        t.fail(
            f"a code is lower-case words joined by underscores, such as 'fire_warden', got {code!r}",
            name,
        )
    return code


def read_reference(t: Table, ctx: Context, *, prefix: str = "") -> Reference:
    """The clause, quote, basis and reading of an entry (keys ``{prefix}clause``, ``{prefix}quote``...)."""
    key = f"{prefix}clause"
    raw = t.req_text(key)
    try:
        clause = ClauseId(raw)
    except XiaofangError as exc:
        t.fail(str(exc), key)
    text = ctx.text_of(clause)
    if text is None:
        t.fail(f"the entry cites clause {raw!r}, which the policy does not have", key)
    quote = t.req_text(f"{prefix}quote")
    if _squeeze(quote) not in _squeeze(text):
        t.fail(f"the quote is not in the text of clause {clause}: {quote!r}", f"{prefix}quote")
    basis = t.text(f"{prefix}basis", required=False) or "text"
    if basis not in BASES:
        t.fail(f"expected one of {', '.join(BASES)}; got {basis!r}", f"{prefix}basis")
    reading = t.text(f"{prefix}reading", required=basis == "reading") or ""
    if basis == "text" and t.has(f"{prefix}reading"):
        t.fail(f'only an entry with {prefix}basis = "reading" says what it reads', f"{prefix}reading")
    return Reference(clause=clause, quote=quote, basis=basis, reading=reading)


def read_body(t: Table, ctx: Context, name: str, *, required: bool = True) -> str | None:
    """A body of the policy's [[body]] directory, by its name or an alias (returned as written)."""
    body = t.text(name, required=required)
    if body is not None and body not in ctx.body_names:
        t.fail(f"unknown body name {body!r}: not a name or alias in the [[body]] directory", name)
    return body


def read_bodies(t: Table, ctx: Context, name: str, *, required: bool = True) -> tuple[str, ...]:
    """Bodies of the policy's [[body]] directory, each by its name or an alias."""
    bodies = t.texts(name, required=required)
    for i, body in enumerate(bodies):
        if body not in ctx.body_names:
            t.fail(
                f"unknown body name {body!r}: not a name or alias in the [[body]] directory", f"{name}[{i}]"
            )
    return bodies
