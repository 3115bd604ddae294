"""Who may act, as cited data: the posts each act of a process needs, and the separations of duties.

A policy file's ``[authority]`` table grants acts to posts (``[[authority.grant]]``:
the acts of one process, the role codes that may perform them, and where the
actor's post must be held) and separates duties (``[[authority.separation]]``:
who may not perform an act because of an earlier one).  Each entry cites its
clause and words, or says that it is the package's reading of them.  The
engine that checks an act against them is :class:`jiceng_xiaofang.Authority`.

A policy without ``[authority]`` declares no posts for any act: asked to
check one, the engine refuses it (:class:`~jiceng_xiaofang.NotAuthorisedError`),
never lets it through.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from .._toml import Table
from ..errors import NotFoundError
from ..vocabulary.citations import Reference
from ._cite import Cited, Context, read_code, read_reference
from .hazard_rules import CITED_COMMANDS
from .ledger_rules import LEDGER_COMMANDS

__all__ = [
    "AUTHORITY_ACTS",
    "AUTHORITY_SCOPES",
    "AuthorityRules",
    "Grant",
    "Separation",
]

AUTHORITY_ACTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"hazards": ("report", *CITED_COMMANDS), "ledger": LEDGER_COMMANDS}
)
"""The processes whose acts a policy may grant, process -> its acts (the engine's commands)."""

AUTHORITY_SCOPES: Mapping[str, str] = MappingProxyType(
    {
        "holder": "a post in the unit that holds the subject, or in a unit above it",
        "location": "a post in the unit where the subject is, or in a unit above it",
        "district": "a post anywhere in the district",
        "anyone": "anyone, with or without a post (the act is open to the public)",
    }
)
"""Where the actor's post must be held for a grant, scope -> what it means."""


@attrs.frozen
class Grant(Cited):
    """Acts of a process that holders of some posts may perform, within a scope, and the words that found it.

    ``roles`` are role codes of the policy (empty when ``scope`` is
    ``"anyone"``); ``scope`` is a key of :data:`AUTHORITY_SCOPES`.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> g = jx.load_policy().authority_rules.grant("grid_handles_its_hazards")
    >>> g.process, g.roles, g.scope, str(g.clause)
    ('hazards', ('grid_worker',), 'holder', '3.2')
    """

    id: str
    """The grant's id, unique among the policy's grants and separations."""
    process: str
    """The process whose acts it grants, a key of :data:`AUTHORITY_ACTS`."""
    acts: tuple[str, ...]
    """The acts granted, each an act of the process."""
    roles: tuple[str, ...]
    """The role codes whose holders may perform them (empty for a grant to anyone)."""
    scope: str
    """Where the post must be held, a key of :data:`AUTHORITY_SCOPES`."""
    reference: Reference
    """The clause, its words and the basis (text or reading) the grant rests on."""
    en: str
    """What the grant says, in English."""


@attrs.frozen
class Separation(Cited):
    """A separation of duties: who may not perform ``acts`` of a process, and the words that found it.

    ``not_by`` names earlier acts on the same subject whose actors may not
    perform these acts (the one who reported or rectified a hazard may not
    verify it); ``not_own`` says that a unit may not perform them on what is
    its own (a unit accepting its own task).  ``enabled`` is false when the
    policy declares the separation but switches it off.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> s = jx.load_policy().authority_rules.separation("no_self_verification")
    >>> s.acts, s.not_by, s.enabled
    (('fail_verification', 'verify', 'close'), ('report', 'mark_rectified'), True)
    """

    id: str
    """The separation's id."""
    process: str
    """The process whose acts it restricts."""
    acts: tuple[str, ...]
    """The acts it restricts."""
    reference: Reference
    """The clause, its words and the basis the separation rests on."""
    en: str
    """What it says, in English."""
    not_by: tuple[str, ...] = ()
    """Earlier acts on the same subject whose actors may not perform :attr:`acts`."""
    not_own: bool = False
    """Whether a unit may not perform :attr:`acts` on a subject of its own."""
    enabled: bool = True
    """Whether it is switched on (a policy may declare it and switch it off)."""


@attrs.frozen
class AuthorityRules:
    """A policy's grants of acts to posts and its separations of duties (``[authority]``).

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> rules = jx.load_policy().authority_rules
    >>> [g.id for g in rules.grants_for("hazards", "verify")]
    ['grid_closes_its_loop', 'community_closes_its_loop', 'street_closes_the_loop', 'district_closes_the_loop']
    >>> [s.id for s in rules.separations_for("hazards", "close")]
    ['no_self_verification']
    """

    grants: Mapping[str, Grant]
    """The grants by id, in file order."""
    separations: Mapping[str, Separation]
    """The separations of duties by id, in file order."""

    def grant(self, grant_id: str) -> Grant:
        """The grant with this id."""
        try:
            return self.grants[grant_id]
        except KeyError:
            raise NotFoundError.for_name("grant", grant_id, self.grants) from None

    def separation(self, separation_id: str) -> Separation:
        """The separation of duties with this id."""
        try:
            return self.separations[separation_id]
        except KeyError:
            raise NotFoundError.for_name("separation", separation_id, self.separations) from None

    def grants_for(self, process: str, act: str) -> tuple[Grant, ...]:
        """The grants of an act, in file order (none: the policy declares no post for it)."""
        return tuple(g for g in self.grants.values() if g.process == process and act in g.acts)

    def separations_for(self, process: str, act: str) -> tuple[Separation, ...]:
        """The separations of duties that apply to an act and are switched on, in file order."""
        return tuple(
            s for s in self.separations.values() if s.enabled and s.process == process and act in s.acts
        )


def _acts(t: Table, key: str, process: str) -> tuple[str, ...]:
    acts = t.texts(key)
    known = AUTHORITY_ACTS[process]
    for i, act in enumerate(acts):
        if act not in known:
            t.fail(f"expected an act of {process} ({', '.join(known)}); got {act!r}", f"{key}[{i}]")
    if len(set(acts)) != len(acts):
        t.fail("an act is named twice", key)
    return acts


def _process(t: Table) -> str:
    process = t.req_text("process")
    if process not in AUTHORITY_ACTS:
        t.fail(f"expected one of {', '.join(AUTHORITY_ACTS)}; got {process!r}", "process")
    return process


def read_authority_rules(t: Table, ctx: Context, roles: frozenset[str]) -> AuthorityRules:
    """Read the ``[authority]`` table: its grants and separations of duties, every role a role of the policy."""
    grants: dict[str, Grant] = {}
    for g in t.tables("grant") if t.has("grant") else []:
        grant_id = read_code(g, "id")
        if grant_id in grants:
            g.fail(f"duplicate grant id {grant_id!r}", "id")
        process = _process(g)
        acts = _acts(g, "acts", process)
        if not acts:
            g.fail("a grant names at least one act", "acts")
        scope = g.req_text("scope")
        if scope not in AUTHORITY_SCOPES:
            g.fail(f"expected one of {', '.join(AUTHORITY_SCOPES)}; got {scope!r}", "scope")
        granted = g.texts("roles", required=scope != "anyone")
        for i, role in enumerate(granted):
            if role not in roles:
                g.fail(f"unknown role {role!r}: not a code of the policy's [[role]] entries", f"roles[{i}]")
        if scope == "anyone" and granted:
            g.fail('a grant to anyone (scope = "anyone") names no roles', "roles")
        if scope != "anyone" and not granted:
            g.fail("a grant names at least one role", "roles")
        grants[grant_id] = Grant(
            id=grant_id,
            process=process,
            acts=acts,
            roles=granted,
            scope=scope,
            reference=read_reference(g, ctx),
            en=g.req_text("en"),
        )
        g.done()
    separations: dict[str, Separation] = {}
    for s in t.tables("separation") if t.has("separation") else []:
        separation_id = read_code(s, "id")
        if separation_id in separations or separation_id in grants:
            s.fail(f"duplicate id {separation_id!r}", "id")
        process = _process(s)
        acts = _acts(s, "acts", process)
        not_by = _acts(s, "not_by", process) if s.has("not_by") else ()
        not_own = s.flag("not_own", False)
        if not acts:
            s.fail("a separation names at least one act", "acts")
        if not not_by and not not_own:
            s.fail("a separation says who may not act: not_by (earlier acts) or not_own = true", "not_by")
        separations[separation_id] = Separation(
            id=separation_id,
            process=process,
            acts=acts,
            reference=read_reference(s, ctx),
            en=s.req_text("en"),
            not_by=not_by,
            not_own=not_own,
            enabled=s.flag("enabled", True),
        )
        s.done()
    t.done()
    return AuthorityRules(grants=MappingProxyType(grants), separations=MappingProxyType(separations))
