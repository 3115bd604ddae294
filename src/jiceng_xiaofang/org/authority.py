"""Who may act: an act checked against the posts the policy grants it and the tenures of the district.

An actor is a person of the district file (its ``[[person]]`` id), acting
through a tenure (``[[tenure]]``) they hold on the day of the act.  The policy
says which posts may perform each act and where the post must be held
(:class:`~jiceng_xiaofang.policy.Grant`), and who may not
(:class:`~jiceng_xiaofang.policy.Separation`).  The package
never authenticates anyone: a platform that has logged a user in maps the
user to a person id and passes it as the actor.

Missing data is never a pass: a policy that declares no post for an act, an
actor the district does not know, or a day the actor holds no such post is
refused with :class:`~jiceng_xiaofang.NotAuthorisedError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from types import MappingProxyType

import attrs

from ..errors import NotAuthorisedError, NotFoundError, XiaofangError
from ..policy.authority_rules import AUTHORITY_ACTS, Grant
from ..policy.model import Policy
from .model import District, Person, Tenure
from .responsibility import policy_of

__all__ = ["AUTHORITY_COLUMNS", "Authorisation", "Authority", "authority_table"]

AUTHORITY_COLUMNS = ("process", "acts", "posts", "where", "clause", "basis", "id")
"""The columns of the rows ``authority_table`` gives: process, acts, posts, where, clause, basis, id."""

_SCOPE_SHORT = MappingProxyType(
    {"holder": "holder or above", "location": "location or above", "district": "district", "anyone": "anyone"}
)


@attrs.frozen
class Authorisation:
    """An act allowed: who acts, through which tenure (``None`` for an act open to anyone), under which grant.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> a = jx.Authority(jx.sample_district()).check(
    ...     "hazards", "assign", actor="p11", on=dt.date(2024, 5, 6), holder="解放碑街道/示例甲社区")
    >>> a.person.name, a.tenure.role, a.grant.id
    ('郑示例', 'community_main_head', 'community_handles_its_hazards')
    """

    actor: str
    """The actor's person id as given (empty for an act open to anyone done anonymously)."""
    person: Person | None
    """The person of the district file, or ``None`` for an anonymous act open to anyone."""
    tenure: Tenure | None
    """The tenure the actor acts through, or ``None`` when the act needs no post."""
    grant: Grant
    """The grant of the policy that allows the act."""


def _date(on: object) -> dt.date:
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise XiaofangError(f"on: expected a datetime.date, got {on!r}")
    return on


class Authority:
    """The posts a district's people hold and what the policy grants them: checks who may perform an act.

    Parameters
    ----------
    district
        The district file's organisation: its persons and their tenures.
    policy
        The policy whose ``[authority]`` grants acts to posts (by default the
        district's own, else the embedded one).  A policy that declares no
        ``[authority]`` refuses every act it is asked to check.

    Examples
    --------
    >>> import datetime as dt
    >>> import jiceng_xiaofang as jx
    >>> auth = jx.Authority(jx.sample_district())
    >>> auth.check("hazards", "verify", actor="p07", on=dt.date(2024, 5, 9), holder="500103003")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.NotAuthorisedError: verify by p07 on 2024-05-09 is not authorised: p07 (杨示例) holds street_team_member in 500103003, compound_fire_warden in 解放碑街道/示例甲社区/示例花园小区, none of them a post this act needs in 500103003 or above; verify needs a post of grid_worker, community_main_head, community_committee_member, enforcement_officer, designated_fire_officer, district_committee_office_head (3.2, 3.1, 3.4, 1.4)
    """

    def __init__(self, district: District, policy: Policy | None = None) -> None:
        if not isinstance(district, District):
            raise XiaofangError(f"district: expected a District, got {district!r}")
        if policy is not None and not isinstance(policy, Policy):
            raise XiaofangError(f"policy: expected a Policy, got {policy!r}")
        self.district = district
        self.policy = policy_of(district, policy)
        self.rules = self.policy.authority_rules
        by_person: dict[str, list[Tenure]] = {}
        for tenure in district.tenures:
            by_person.setdefault(tenure.person, []).append(tenure)
        self._tenures: Mapping[str, tuple[Tenure, ...]] = MappingProxyType(
            {k: tuple(v) for k, v in by_person.items()}
        )

    def __repr__(self) -> str:
        declared = "no posts declared" if self.rules is None else f"{len(self.rules.grants)} grants"
        return f"<Authority {self.district.name} under {self.policy.document.id}: {declared}>"

    def tenures(self, actor: str, on: dt.date) -> tuple[Tenure, ...]:
        """The tenures ``actor`` holds on the day ``on`` (raises :class:`~jiceng_xiaofang.NotFoundError` for an unknown person).

        Examples
        --------
        >>> import datetime as dt
        >>> import jiceng_xiaofang as jx
        >>> [t.role for t in jx.Authority(jx.sample_district()).tenures("p03", dt.date(2024, 5, 6))]
        ['station_staff', 'designated_fire_officer', 'enforcement_officer']
        """
        self.district.person(actor)
        day = _date(on)
        return tuple(t for t in self._tenures.get(actor, ()) if t.active(day))

    def _within(self, unit: str | None, scope: str) -> frozenset[str] | None:
        """The unit ids a post must be held in for a scope (``None``: anywhere)."""
        if scope == "district":
            return None
        if unit is None:
            return frozenset()
        return frozenset(self.district.chain(unit))

    def check(
        self,
        process: str,
        act: str,
        *,
        actor: str | None,
        on: dt.date,
        holder: str | None = None,
        location: str | None = None,
        done_by: Mapping[str, Collection[str]] | None = None,
        own: Collection[str] = (),
        subject: str = "",
    ) -> Authorisation:
        """Check that ``actor`` may perform ``act`` of ``process`` on the day ``on``; return how, or refuse.

        Parameters
        ----------
        process, act
            A process of :data:`~jiceng_xiaofang.policy.AUTHORITY_ACTS` and one of its acts.
        actor
            The person id of the actor (a ``[[person]]`` of the district).
        on
            The day of the act: the tenures in force that day count.
        holder, location
            The unit ids that hold the subject and where it is, for grants of
            scope ``holder`` and ``location`` (a post there or above serves).
        done_by
            Earlier acts on the same subject, act -> the person ids who did
            them, for the separations of duties (``not_by``).
        own
            The unit ids and body names whose own the subject is, for the
            separations of duties that keep a unit from acting on its own (``not_own``).
        subject
            What the act is on, for the message (``"hazard 'HZ-1'"``).

        Raises
        ------
        NotAuthorisedError
            When the policy declares no post for the act, the actor is not a
            person of the district, holds no granted post in scope that day,
            or a separation of duties keeps them from it.
        """
        if process not in AUTHORITY_ACTS or act not in AUTHORITY_ACTS[process]:
            known = ", ".join(f"{p}: {' '.join(a)}" for p, a in AUTHORITY_ACTS.items())
            raise XiaofangError(f"act: expected an act of a process ({known}); got {process!r} {act!r}")
        day = _date(on)
        who = actor or ""

        def refuse(reason: str, grants: tuple[Grant, ...] = (), needs: str = "") -> NotAuthorisedError:
            roles = tuple(dict.fromkeys(r for g in grants for r in g.roles))
            clauses = tuple(dict.fromkeys(str(g.clause) for g in grants))
            return NotAuthorisedError(
                process,
                act,
                actor=who,
                on=day.isoformat(),
                posts=roles,
                clauses=clauses,
                reason=reason,
                subject=subject,
                needs=needs,
            )

        if self.rules is None:
            raise refuse(
                f"the policy {self.policy.document.id} declares no posts for any act (its files have no [authority])"
            )
        grants = self.rules.grants_for(process, act)
        if not grants:
            raise refuse(
                f"the policy {self.policy.document.id} declares no posts for {process} {act}"
                " (no [[authority.grant]] names it)"
            )
        open_grant = next((g for g in grants if g.scope == "anyone"), None)
        if open_grant is not None:
            person = None
            if who:
                try:
                    person = self.district.person(who)
                except NotFoundError:
                    person = None
            return Authorisation(who, person, None, open_grant)
        if not who:
            raise refuse("no actor was given, and the act needs a post", grants)
        try:
            person = self.district.person(who)
        except NotFoundError as exc:
            raise refuse(f"{who!r} is not a person of the district file ({exc})", grants) from None
        held = self.tenures(who, day)
        name = f"{who} ({person.name})"
        if not held:
            ever = self._tenures.get(who, ())
            ended = [t for t in ever if t.end is not None and t.end < day]
            if ended:
                last = max(ended, key=lambda t: t.end or day)
                why = f"{name} holds no post on that day: {last.role} in {last.unit} ended on {last.end}"
            elif ever:
                first = min(ever, key=lambda t: t.start)
                why = (
                    f"{name} holds no post on that day: {first.role} in {first.unit} starts on {first.start}"
                )
            else:
                why = f"{name} holds no post in the district file"
            raise refuse(why, grants)
        candidates: list[tuple[Tenure, Grant]] = []
        for grant in grants:
            unit = location if grant.scope == "location" else holder
            try:
                within = self._within(unit, grant.scope)
            except NotFoundError:
                raise refuse(f"{unit!r} is not a unit of {self.district.name}", grants) from None
            for role in grant.roles:  # in the order the policy lists the posts
                for tenure in held:
                    if tenure.role == role and (within is None or tenure.unit in within):
                        candidates.append((tenure, grant))
        if not candidates:
            posts = ", ".join(f"{t.role} in {t.unit}" for t in held)
            place = holder or location or "the district"
            raise refuse(
                f"{name} holds {posts}, none of them a post this act needs in {place} or above", grants
            )
        for separation in self.rules.separations_for(process, act):
            cited = f"{separation.id}, {separation.clause}: {separation.quote}"
            for earlier in separation.not_by:
                if done_by and who in done_by.get(earlier, ()):
                    raise refuse(
                        f"{name} did {earlier} on it, and {separation.en} ({cited})",
                        needs=f"someone else must {act}",
                    )
            if separation.not_own and own:
                # any post held that day in a unit whose own the subject is bars the act, not only the post
                # acted through: someone of the street does not accept the street's task, whatever else they are
                mine = set(own)
                inside = next((t for t in held if self._names(t) & mine), None)
                if inside is not None:
                    raise refuse(
                        f"{name} holds {inside.role} in {inside.unit}, whose own it is, and {separation.en} ({cited})",
                        needs="someone of another unit must",
                    )
        tenure, grant = candidates[0]
        return Authorisation(who, person, tenure, grant)

    def _names(self, tenure: Tenure) -> set[str]:
        """The ids and names a tenure's unit goes by: its id, its name, a street's office; the district's name."""
        if tenure.unit == self.district.code:
            return {tenure.unit, self.district.name} | self._body_names(tenure)
        unit = self.district.unit(tenure.unit)
        names = {tenure.unit, unit.id, unit.name}
        office = getattr(unit, "office", None)
        if isinstance(office, str):
            names.add(office)
        return names | self._body_names(tenure)

    def _body_names(self, tenure: Tenure) -> set[str]:
        """The name of the body a post is held in, when the policy says (a committee office's head: the office)."""
        try:
            held_in = self.policy.role(tenure.role).held_in
        except NotFoundError:
            return set()
        if not held_in:
            return set()
        try:
            return {self.policy.body(held_in).name}
        except NotFoundError:
            return {held_in}


def authority_table(policy: Policy | None = None) -> tuple[tuple[str, ...], ...]:
    """Who may act under a policy: a row per grant, the acts granted to none, the separations of duties.

    The columns are :data:`~jiceng_xiaofang.org.AUTHORITY_COLUMNS`.  A grant's row names its acts, its posts (in Chinese, as the policy names
    them), where they must be held, its clause and basis and its id.  An act
    the policy grants to no post has a row that says it is refused; a policy
    without ``[authority]`` has such a row for every act.  Each separation of
    duties that is switched on ends the table.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> rows = jx.authority_table()
    >>> rows[0]
    ('hazards', 'report', 'anyone', 'anyone', '3.7', 'text', 'anyone_reports')
    >>> [r for r in rows if r[1] == "whistle"][0][2]
    '街道办事处主要负责人、街道分管消防安全工作的副职、街道应急管理办公室负责人、消防工作站工作人员、消防专管员（在编）'
    """
    from ..policy.load import load_policy

    policy = load_policy() if policy is None else policy
    rules = policy.authority_rules
    rows: list[tuple[str, ...]] = []
    for process, acts in AUTHORITY_ACTS.items():
        grants = () if rules is None else tuple(g for g in rules.grants.values() if g.process == process)
        for g in grants:
            posts = "、".join(policy.role(r).zh for r in g.roles) or "anyone"
            rows.append(
                (process, ", ".join(g.acts), posts, _SCOPE_SHORT[g.scope], str(g.clause), g.basis, g.id)
            )
        granted = {a for g in grants for a in g.acts}
        missing = [a for a in acts if a not in granted]
        if missing:
            rows.append((process, ", ".join(missing), "(none declared: refused)", "", "", "", ""))
    for s in () if rules is None else rules.separations.values():
        if not s.enabled:
            continue
        who = "not by who did " + ", ".join(s.not_by) if s.not_by else "not by the unit on its own"
        rows.append((s.process, ", ".join(s.acts), who, "separation", str(s.clause), s.basis, s.id))
    return tuple(rows)
