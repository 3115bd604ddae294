"""The organisation a policy creates, as cited data: posts, the bodies units set up, responsibility, supervision.

A policy file declares them in ``[[role]]``, ``[[required_body]]``,
``[[responsibility]]`` and ``[[supervision]]`` tables, each naming its clause
and quoting its words (:mod:`jiceng_xiaofang.policy._cite`); the engine
(:mod:`jiceng_xiaofang.org`) answers its questions from them, so loading another
district's policy changes every post, chain and supervisor.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from .._toml import Table
from ..vocabulary.citations import Reference
from ..vocabulary.hierarchy import QUALIFICATIONS, UNIT_KINDS
from ..vocabulary.records import RecordError, field_spec, record_type
from ._cite import Cited, Context, read_body, read_code, read_reference

__all__ = [
    "POST_SCOPES",
    "SUPERVISION_CATEGORIES",
    "SUPERVISION_UNITS",
    "OrganizationForm",
    "Post",
    "RequiredBody",
    "ResponsibilityRule",
    "Role",
    "SupervisionRule",
]

POST_SCOPES = ("unit", "children")
"""Where a post's holders are counted, in the unit itself or in the units below it (one per unit)."""

SUPERVISION_CATEGORIES = ("key_unit", "police_listed", "street")
"""How a place is classified for supervision, as a key fire-safety unit, one a police station lists, or
the rest, which the territorial street (town, township) supervises."""

SUPERVISION_UNITS = ("", "territorial", "police_station")
"""Which unit of a district supervises, none named, the office of the place's street (town...) or its police station."""


@attrs.frozen
class OrganizationForm:
    """How a body appears as an organization in exports: its id slot, classification and name patterns.

    ``zh`` and ``en`` are patterns in which ``{zh}`` and ``{en}`` stand for
    the unit's names (``{zh}消防工作站`` → 解放碑街道消防工作站);
    ``classification_zh`` and ``classification_en`` label the classification.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> form = jx.load_policy().required_body("消防工作站", "street").organization
    >>> form.code, form.name("解放碑街道", "Jiefangbei Street")
    ('fire_work_station', ('解放碑街道消防工作站', 'Jiefangbei Street Fire Work Station'))
    """

    code: str
    """A snake_case code for the organization, such as ``fire_work_station``; its export ids use it."""
    classification: str
    """A snake_case code for what sort of organization it is, such as ``committee`` or ``office``."""
    zh: str
    """The Chinese name pattern, ``{zh}`` standing for the unit's Chinese name (``{zh}消防工作站``)."""
    en: str
    """The English name pattern, ``{en}`` standing for the unit's English name."""
    classification_zh: str
    """The classification's Chinese label, such as ``办公室``."""
    classification_en: str
    """The classification's English label, such as ``office``."""

    def name(self, zh: str, en: str) -> tuple[str, str]:
        """The organization's Chinese and English names in a unit with these names (English empty without one)."""
        return self.zh.replace("{zh}", zh), (self.en.replace("{en}", en) if en else "")


@attrs.frozen
class Role(Cited):
    """A post the policy creates: who may hold it, in which kinds of unit, and the words that found it.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> r = jx.load_policy().role("street_main_leader")
    >>> r.zh, r.clause, r.single, r.unit_kinds
    ('街道办事处主要负责人', '3.1', True, ('street',))
    >>> r.quote
    '街道办事处主要负责人为消防工作第一责任人'
    >>> jx.load_policy().role("district_committee_director").is_reading
    True
    """

    code: str
    """A snake_case code, such as ``street_main_leader``; records and other entries name the post by it."""
    zh: str
    """The post's Chinese name, such as ``街道办事处主要负责人``."""
    en: str
    """The post's English name."""
    unit_kinds: tuple[str, ...]
    """The kinds of unit whose post it is (:data:`~jiceng_xiaofang.vocabulary.UNIT_KINDS`), at least one."""
    reference: Reference
    """The clause and the words that found the post, or the package's reading of them."""
    single: bool = True
    """Whether a unit has one holder at a time (``False`` for several, such as staff)."""
    qualifications: tuple[str, ...] = ()
    """The qualifications a holder must have (:data:`~jiceng_xiaofang.vocabulary.QUALIFICATIONS`); empty when none."""
    aliases: tuple[str, ...] = ()
    """Other names by which records and files may name the post; empty when none."""
    held_in: str = ""
    """The required body (or its host) in whose organization the post is held; ``""`` for a post of the unit's own organization."""

    @property
    def unit_kind(self) -> str:
        """The first kind of unit whose post it is."""
        return self.unit_kinds[0]

    @property
    def names(self) -> tuple[str, ...]:
        """The post's Chinese name and aliases."""
        return (self.zh, *self.aliases)


@attrs.frozen
class Post:
    """A position in a required body and the role(s) that fill it, with the record field it fills.

    ``field`` is the field of the body's facility record that the post's
    holders fill (a count of qualified holders, or for a post field the role
    named by ``post``, by default the role itself); with ``scope =
    "children"``, the count of units below that have a holder of one of
    ``roles`` goes to ``field`` and the number of such units to ``total_field``.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> station = jx.load_policy().required_body("消防工作站", "street")
    >>> chief = station.post("chief")
    >>> chief.role, chief.field
    ('street_deputy_in_charge', 'chief_post')
    """

    slot: str
    """A snake_case name of the position within the body, such as ``chief``; unique in the body."""
    roles: tuple[str, ...]
    """The codes of the roles that fill it, at least one."""
    field: str | None = None
    """The field of the body's facility record that the holders fill; ``None`` when it fills none."""
    scope: str = "unit"
    """Where holders are counted (:data:`POST_SCOPES <jiceng_xiaofang.policy.POST_SCOPES>`), ``unit`` (in the unit itself) or ``children`` (one per unit below)."""
    total_field: str | None = None
    """For scope ``children``, the record field that takes the number of units below; ``None`` otherwise."""
    post: str | None = None
    """For a post field, the code of the role the record names when the post is held; ``None`` for the role itself."""

    @property
    def role(self) -> str:
        """The (first) role that fills the post."""
        return self.roles[0]


@attrs.frozen
class RequiredBody(Cited):
    """A body the policy requires a kind of unit to set up, with its posts.

    ``record`` is the kind of facility record whose fields the body's staffing
    fills (:func:`jiceng_xiaofang.check_staffing`), when it has one.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> station = jx.load_policy().required_body("消防工作站", "street")
    >>> station.host, station.record, station.clause
    ('街道应急管理办公室', 'fire_work_station', '1.1')
    >>> [p.slot for p in station.posts][:2]
    ['chief', 'deputy_chief']
    """

    name: str
    """The body's Chinese name, such as ``消防工作站``."""
    name_en: str
    """Its English name."""
    unit_kinds: tuple[str, ...]
    """The kinds of unit that must set it up (:data:`~jiceng_xiaofang.vocabulary.UNIT_KINDS`)."""
    reference: Reference
    """The clause and the words that require it."""
    posts: tuple[Post, ...]
    """Its positions and the roles that fill them, in order; empty when it has none."""
    host: str = ""
    """The body that hosts it, such as ``街道应急管理办公室``; ``""`` when none."""
    record: str | None = None
    """The kind of facility record its staffing fills, such as ``fire_work_station``; ``None`` when none."""
    organization: OrganizationForm | None = None
    """How it appears as an organization in the exports; ``None`` for a body that is a post of the unit's own organization."""
    host_organization: OrganizationForm | None = None
    """How its host appears as an organization in the exports; ``None`` when not given."""
    parent: str = ""
    """The name of the required body whose organization it sits under; ``""`` for the unit's own."""

    def post(self, slot: str) -> Post:
        """The post in this slot."""
        for post in self.posts:
            if post.slot == slot:
                return post
        raise KeyError(slot)


@attrs.frozen
class ResponsibilityRule(Cited):
    """Who answers for fire safety in a kind of unit: a kind of responsibility and the role that bears it.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> first = jx.load_policy().responsibilities_of("street")[0]
    >>> first.kind, first.zh, first.role, first.clause
    ('first', '第一责任人', 'street_main_leader', '3.1')
    """

    unit_kinds: tuple[str, ...]
    """The kinds of unit it applies to (:data:`~jiceng_xiaofang.vocabulary.UNIT_KINDS`)."""
    kind: str
    """A snake_case code for the kind of responsibility, such as ``first`` (第一责任人) or ``leadership``."""
    zh: str
    """The responsibility's Chinese name, such as ``第一责任人``."""
    en: str
    """Its English name, such as ``first responsible person``."""
    role: str
    """The code of the role that bears it."""
    reference: Reference
    """The clause and the words that say so."""


@attrs.frozen
class SupervisionRule(Cited):
    """Who supervises a category of place, how and how often, and the words that say so.

    ``frequency`` is an ISO 8601 period (from the policy fact ``frequency_fact``)
    or ``None`` when the policy sets none; ``spot_check`` cites the body that
    may spot-check the supervisor's work; ``listed_by`` the words that put a
    place in the category (who lists it).

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> rule = jx.load_policy().supervision_rule("street")
    >>> rule.supervisor, rule.frequency, rule.clause, rule.spot_check_by
    ('街道办事处', 'P1Y', '3.3', '区消防救援支队')
    """

    category: str
    """The category of place (:data:`SUPERVISION_CATEGORIES <jiceng_xiaofang.policy.SUPERVISION_CATEGORIES>`), ``key_unit``, ``police_listed`` or ``street``."""
    supervisor: str
    """The body that supervises, as the directory names it, such as ``区消防救援支队``."""
    method_zh: str
    """The method's Chinese name, such as ``双随机、一公开``; ``""`` when the text gives none."""
    method_en: str
    """The method in English."""
    reference: Reference
    """The clause and the words that say who supervises and how."""
    unit: str = ""
    """Which unit of the district supervises a place (:data:`SUPERVISION_UNITS <jiceng_xiaofang.policy.SUPERVISION_UNITS>`), ``territorial``, ``police_station`` or ``""`` (none named)."""
    frequency: str | None = None
    """How often, an ISO 8601 period such as ``P1Y``; ``None`` when the policy sets none."""
    frequency_fact: str | None = None
    """The id of the period fact the frequency comes from; ``None`` when none."""
    spot_check_by: str | None = None
    """The body that may spot-check the supervisor's work; ``None`` when none."""
    spot_check: Reference | None = None
    """The clause and words that let it spot-check; ``None`` without :attr:`spot_check_by`."""
    listed_by: Reference | None = None
    """The clause and words that put a place in the category (who lists it); ``None`` when not given."""

    @property
    def method(self) -> str:
        """The method in English, with its Chinese name when the rule gives one."""
        return f"{self.method_en} ({self.method_zh})" if self.method_zh else self.method_en


@attrs.frozen
class _Organisation:
    roles: tuple[Role, ...]
    required_bodies: tuple[RequiredBody, ...]
    responsibilities: tuple[ResponsibilityRule, ...]
    supervision: tuple[SupervisionRule, ...]


def _unit_kinds(t: Table, name: str = "unit_kinds") -> tuple[str, ...]:
    kinds = t.texts(name)
    if not kinds:
        t.fail("expected at least one kind of unit", name)
    for i, kind in enumerate(kinds):
        if kind not in UNIT_KINDS:
            t.fail(f"expected a kind of unit, one of {', '.join(UNIT_KINDS)}; got {kind!r}", f"{name}[{i}]")
    return kinds


def _roles(tables: list[Table], ctx: Context) -> tuple[Role, ...]:
    roles: dict[str, Role] = {}
    names: dict[str, str] = {}
    for t in tables:
        code = read_code(t, "code")
        if code in roles:
            t.fail(f"duplicate role code {code!r}", "code")
        qualifications = t.texts("qualifications", required=False)
        for i, q in enumerate(qualifications):
            if q not in QUALIFICATIONS:
                t.fail(f"expected one of {', '.join(QUALIFICATIONS)}; got {q!r}", f"qualifications[{i}]")
        role = Role(
            code=code,
            zh=t.req_text("zh"),
            en=t.req_text("en"),
            unit_kinds=_unit_kinds(t),
            reference=read_reference(t, ctx),
            single=t.flag("single", True),
            qualifications=qualifications,
            aliases=t.texts("aliases", required=False),
            held_in=t.text("held_in", required=False) or "",
        )
        for i, alias in enumerate(role.aliases):
            other = names.get(alias)
            if other is not None or alias in roles:
                t.fail(f"the alias {alias!r} already names the role {other or alias!r}", f"aliases[{i}]")
            names[alias] = code
        if code in names:
            t.fail(f"the code {code!r} is already an alias of the role {names[code]!r}", "code")
        t.done()
        roles[code] = role
    return tuple(roles.values())


def _role_ref(t: Table, name: str, roles: Mapping[str, Role]) -> str:
    code = t.req_text(name)
    if code not in roles:
        t.fail(f"unknown role {code!r}; the policy's roles are {', '.join(roles)}", name)
    return code


def _post(t: Table, roles: Mapping[str, Role], unit_kinds: tuple[str, ...], record: str | None) -> Post:
    slot = read_code(t, "slot")
    if t.has("role") and t.has("roles"):
        t.fail("give role (one) or roles (several), not both", "roles")
    if t.has("roles"):
        codes = t.texts("roles")
        if not codes:
            t.fail("expected at least one role", "roles")
        for i, code in enumerate(codes):
            if code not in roles:
                t.fail(f"unknown role {code!r}; the policy's roles are {', '.join(roles)}", f"roles[{i}]")
    else:
        codes = (_role_ref(t, "role", roles),)
    scope = t.choice("scope", POST_SCOPES) if t.has("scope") else "unit"
    for code in codes:
        kinds = roles[code].unit_kinds
        if scope == "unit" and not set(kinds) & set(unit_kinds):
            t.fail(f"{code} is a post of a {' or '.join(kinds)}, not of a {' or '.join(unit_kinds)}", "role")
    field = t.text("field", required=False)
    total = t.text("total_field", required=scope == "children")
    post = t.text("post", required=False)
    if post is not None and post not in roles:
        t.fail(f"unknown role {post!r}; the policy's roles are {', '.join(roles)}", "post")
    if field is not None or total is not None:
        if record is None:
            t.fail("a post fills a record field only in a body with a record", "field")
        for key, value in (("field", field), ("total_field", total)):
            if value is None:
                continue
            try:
                spec = field_spec(record, value)
            except RecordError as exc:
                t.fail(str(exc), key)
            if spec.dimension not in ("count", "post"):
                t.fail(f"{record}.{value} is {spec.dimension}; a post fills a count or a post field", key)
            if key == "field" and spec.dimension == "post" and scope != "unit":
                t.fail("a post field is filled from the unit's own post (scope = 'unit')", key)
    if post is not None and (field is None or field_spec(record or "", field).dimension != "post"):
        t.fail("post names the role a post field records; this post fills no post field", "post")
    t.done()
    return Post(slot=slot, roles=codes, field=field, scope=scope, total_field=total, post=post)


def _form(t: Table, name: str) -> OrganizationForm | None:
    f = t.table(name, required=False)
    if f is None:
        return None
    form = OrganizationForm(
        code=read_code(f, "code"),
        classification=read_code(f, "classification"),
        zh=f.req_text("zh"),
        en=f.req_text("en"),
        classification_zh=f.req_text("classification_zh"),
        classification_en=f.req_text("classification_en"),
    )
    for key in ("zh", "en"):
        pattern = getattr(form, key)
        if pattern.count("{") != pattern.count("}") or any(
            part.split("}", 1)[0] not in ("zh", "en") for part in pattern.split("{")[1:]
        ):
            f.fail(f"a name pattern uses only {{zh}} and {{en}} (the unit's names), got {pattern!r}", key)
    f.done()
    return form


def _required_bodies(
    tables: list[Table], ctx: Context, roles: Mapping[str, Role]
) -> tuple[RequiredBody, ...]:
    found: list[RequiredBody] = []
    seen: set[tuple[str, str]] = set()
    for t in tables:
        name = t.req_text("name")
        unit_kinds = _unit_kinds(t)
        for kind in unit_kinds:
            if (name, kind) in seen:
                t.fail(f"a {kind} already has a required body named {name!r}", "name")
            seen.add((name, kind))
        record = t.text("record", required=False)
        if record is not None:
            try:
                record_type(record)
            except RecordError as exc:
                t.fail(str(exc), "record")
        posts = []
        slots: set[str] = set()
        for p in t.tables("posts"):
            post = _post(p, roles, unit_kinds, record)
            if post.slot in slots:
                p.fail(f"duplicate slot {post.slot!r}", "slot")
            slots.add(post.slot)
            posts.append(post)
        found.append(
            RequiredBody(
                name=name,
                name_en=t.req_text("name_en"),
                unit_kinds=unit_kinds,
                reference=read_reference(t, ctx),
                posts=tuple(posts),
                host=read_body(t, ctx, "host", required=False) or "",
                record=record,
                organization=_form(t, "organization"),
                host_organization=_form(t, "host_organization"),
                parent=t.text("parent", required=False) or "",
            )
        )
        body = found[-1]
        if body.host_organization is not None and not body.host:
            t.fail("host_organization is given but host (the body) is not", "host_organization")
        if body.parent:
            parents = [b for b in found[:-1] if b.name == body.parent and set(b.unit_kinds) & set(unit_kinds)]
            if not parents or parents[0].organization is None:
                t.fail(
                    f"the parent {body.parent!r} is no earlier required body with an organization of this unit",
                    "parent",
                )
        t.done()
    return tuple(found)


def _responsibilities(
    tables: list[Table], ctx: Context, roles: Mapping[str, Role]
) -> tuple[ResponsibilityRule, ...]:
    found = []
    for t in tables:
        unit_kinds = _unit_kinds(t)
        role = _role_ref(t, "role", roles)
        if not set(roles[role].unit_kinds) & set(unit_kinds):
            kinds = " or ".join(roles[role].unit_kinds)
            t.fail(f"{role} is a post of a {kinds}, not of a {' or '.join(unit_kinds)}", "role")
        found.append(
            ResponsibilityRule(
                unit_kinds=unit_kinds,
                kind=read_code(t, "kind"),
                zh=t.req_text("zh"),
                en=t.req_text("en"),
                role=role,
                reference=read_reference(t, ctx),
            )
        )
        t.done()
    return tuple(found)


def _supervision(tables: list[Table], ctx: Context) -> tuple[SupervisionRule, ...]:
    found: dict[str, SupervisionRule] = {}
    for t in tables:
        category = t.choice("category", SUPERVISION_CATEGORIES)
        if category in found:
            t.fail(f"the category {category!r} already has its supervision rule", "category")
        frequency_fact = t.text("frequency", required=False)
        frequency = None
        if frequency_fact is not None:
            fact = ctx.facts.get(frequency_fact)
            if fact is None or fact.kind != "period":
                t.fail(f"expected the id of a 'period' fact, got {frequency_fact!r}", "frequency")
            frequency = str(fact.value)
        spot_check_by = read_body(t, ctx, "spot_check_by", required=False)
        spot_check = read_reference(t, ctx, prefix="spot_check_") if spot_check_by is not None else None
        if spot_check_by is None and t.has("spot_check_clause"):
            t.fail("spot_check_clause is given but spot_check_by (the body) is not", "spot_check_clause")
        unit = t.choice("unit", SUPERVISION_UNITS[1:]) if t.has("unit") else ""
        listed_by = read_reference(t, ctx, prefix="listed_by_") if t.has("listed_by_clause") else None
        found[category] = SupervisionRule(
            category=category,
            supervisor=read_body(t, ctx, "supervisor") or "",
            method_zh=t.text("method_zh", required=False) or "",
            method_en=t.req_text("method_en"),
            reference=read_reference(t, ctx),
            unit=unit,
            frequency=frequency,
            frequency_fact=frequency_fact,
            spot_check_by=spot_check_by,
            spot_check=spot_check,
            listed_by=listed_by,
        )
        t.done()
    return tuple(found.values())


def read_organisation(
    *,
    roles: list[Table],
    required_bodies: list[Table],
    responsibilities: list[Table],
    supervision: list[Table],
    ctx: Context,
) -> _Organisation:
    """Read the organisation tables of a policy (and its included files), checking every citation."""
    role_list = _roles(roles, ctx)
    by_code = {r.code: r for r in role_list}
    bodies = _required_bodies(required_bodies, ctx, by_code)
    for t, role in zip(roles, role_list, strict=True):
        if not role.held_in:
            continue
        homes = [
            b
            for b in bodies
            if set(b.unit_kinds) & set(role.unit_kinds)
            and (
                (b.name == role.held_in and b.organization is not None)
                or (b.host == role.held_in and b.host_organization is not None)
            )
        ]
        if not homes:
            t.fail(
                f"held_in names no required body (or host) with an organization in a {' or '.join(role.unit_kinds)}:"
                f" {role.held_in!r}",
                "held_in",
            )
    return _Organisation(
        roles=role_list,
        required_bodies=bodies,
        responsibilities=_responsibilities(responsibilities, ctx, by_code),
        supervision=_supervision(supervision, ctx),
    )
