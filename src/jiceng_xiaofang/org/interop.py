"""The organisation for other systems: Popolo JSON and the W3C Organization Ontology (ORG) as Turtle.

Both exports describe the same things, built once from a :class:`~jiceng_xiaofang.District`:

* **organizations**: each unit's own (the district's people's government, a street office, a town's or
  township's people's government, a residents' or villagers' committee, a police station), the public
  security sub-bureau when the district has police stations, and under each unit the bodies the policy
  requires it to set up (``[[required_body]]`` with an ``organization``: under the embedded policy the fire
  safety committees, the committee's office, the fire work station with the emergency management office that
  hosts it, the fire work group and the micro fire station).
* **posts**: one per unit and policy role of the unit's kind, in the organization where the policy says the
  post is held (``held_in``), else the unit's own organization or, for units without one (groups, compounds,
  grids), the nearest one above.
* **persons** and **memberships**: a membership per tenure, with its dates.
* **areas** (Popolo only): the district, streets, communities, residents' groups, compounds and grids, with
  their statistical codes, and each police station's jurisdiction.

Ids are built from the district's own ids, so the same district always gives the same ids and the same
text: ``org:500103003:street_office``, ``post:500103003:street_main_leader``, ``area:500103003``,
``person:p01``, ``membership:p01:500103003:street_main_leader:2022-06-01``.  A ``:`` or ``%`` inside a
unit or person id is written ``%3A`` or ``%25``, so ids never collide.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import quote, urlsplit

import attrs

from .._version import __version__
from ..errors import XiaofangError
from ..policy.model import Policy
from ..policy.organisation import OrganizationForm, Role
from ..vocabulary.hierarchy import UNIT_KINDS
from .model import QUALIFICATIONS, District, Street, Unit
from .responsibility import policy_of

__all__ = ["popolo_json", "to_org_turtle", "to_popolo"]

_ORG_NS = "http://www.w3.org/ns/org#"
_TIME_NS = "http://www.w3.org/2006/time#"


@attrs.frozen
class _Main:
    """A unit's own organization, by kind of unit: the national structure, not a policy's."""

    slot: str
    classification: str
    zh: str
    en: str
    classification_zh: str
    classification_en: str


# The unit's own organization, by kind of unit; the other kinds (groups, compounds, grids) have none.
_MAIN: Mapping[str, _Main] = MappingProxyType(
    {
        "district": _Main(
            "government",
            "government",
            "{zh}人民政府",
            "{en} People's Government",
            "人民政府",
            "people's government",
        ),
        "street": _Main(
            "street_office", "street_office", "{zh}办事处", "{en} Office", "街道办事处", "street office"
        ),
        "town": _Main(
            "town_government",
            "town_government",
            "{zh}人民政府",
            "{en} People's Government",
            "镇人民政府",
            "town government",
        ),
        "township": _Main(
            "township_government",
            "township_government",
            "{zh}人民政府",
            "{en} People's Government",
            "乡人民政府",
            "township government",
        ),
        "community": _Main(
            "residents_committee",
            "community_committee",
            "{zh}居民委员会",
            "{en} Residents' Committee",
            "社区居民委员会",
            "residents' committee",
        ),
        "village": _Main(
            "villagers_committee",
            "village_committee",
            "{zh}村民委员会",
            "{en} Villagers' Committee",
            "村民委员会",
            "villagers' committee",
        ),
        "police_station": _Main(
            "police_station", "police_station", "{zh}", "{en}", "公安派出所", "police station"
        ),
    }
)
_BUREAU = _Main(
    "public_security_sub_bureau",
    "public_security_bureau",
    "{zh}公安分局",
    "{en} Public Security Sub-bureau",
    "公安分局",
    "public security sub-bureau",
)

_JURISDICTION = ("police_jurisdiction", "{zh}辖区")
_JURISDICTION_LABELS = ("公安派出所辖区", "police station jurisdiction")


def _segment(text: str) -> str:
    """A unit or person id as one segment of a Popolo id: ``%`` and ``:`` escaped, the rest as is."""
    return text.replace("%", "%25").replace(":", "%3A")


_IRI_KEEP = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_UCSCHAR = ((0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF), (0x10000, 0xEFFFD))


def _iri_segment(text: str) -> str:
    """One path segment of an IRI (RFC 3987): Chinese kept as is, ``/``, ``%`` and the like percent-encoded."""
    return "".join(
        c if c in _IRI_KEEP or any(lo <= ord(c) <= hi for lo, hi in _UCSCHAR) else quote(c, safe="")
        for c in text
    )


@attrs.frozen
class _Ref:
    """The id of one exported thing: its kind and its segments (unit, person, role...)."""

    kind: str
    parts: tuple[str, ...]

    @property
    def popolo(self) -> str:
        return ":".join((self.kind, *(_segment(p) for p in self.parts)))

    def iri(self, root: str) -> str:
        return root + "/".join((self.kind, *(_iri_segment(p) for p in self.parts)))


@attrs.frozen
class _Org:
    ref: _Ref
    unit: str
    name: str
    name_en: str
    classification: str
    parent: _Ref | None
    area: _Ref
    code: str = ""
    clause: str = ""
    covers: tuple[str, ...] = ()  # a police station's streets
    labels: tuple[str, str] = ("", "")  # the classification's Chinese and English labels


@attrs.frozen
class _Post:
    ref: _Ref
    role: Role
    organization: _Ref
    area: _Ref


@attrs.frozen
class _Area:
    ref: _Ref
    name: str
    classification: str
    code: str
    parent: _Ref | None
    covers: tuple[_Ref, ...] = ()


@attrs.frozen
class _Membership:
    ref: _Ref
    person: _Ref
    role: Role
    post: _Ref
    organization: _Ref
    start: dt.date
    end: dt.date | None


@attrs.frozen
class _Export:
    organizations: tuple[_Org, ...]
    posts: tuple[_Post, ...]
    areas: tuple[_Area, ...]
    memberships: tuple[_Membership, ...]


def _org_ref(unit: str, slot: str) -> _Ref:
    return _Ref("org", (unit, slot))


def _area_ref(unit: str) -> _Ref:
    return _Ref("area", (unit,))


def _person_ref(person: str) -> _Ref:
    return _Ref("person", (person,))


def _org(
    unit: str,
    form: _Main | OrganizationForm,
    zh: str,
    en: str,
    *,
    parent: _Ref | None,
    area: _Ref,
    code: str = "",
    clause: str = "",
    covers: tuple[str, ...] = (),
) -> _Org:
    slot = form.slot if isinstance(form, _Main) else form.code
    return _Org(
        ref=_org_ref(unit, slot),
        unit=unit,
        name=form.zh.replace("{zh}", zh),
        name_en=form.en.replace("{en}", en) if en else "",
        classification=form.classification,
        parent=parent,
        area=area,
        code=code,
        clause=clause,
        covers=covers,
        labels=(form.classification_zh, form.classification_en),
    )


def _body_orgs(
    policy: Policy, kind: str, unit: str, zh: str, en: str, main: _Ref, area: _Ref
) -> tuple[list[_Org], dict[str, _Ref]]:
    """The organizations of the bodies a unit of this kind sets up (each host before the body it hosts).

    Also returns where a post is held, by body or host name.
    """
    found: list[_Org] = []
    homes: dict[str, _Ref] = {}
    for body in policy.required_bodies_of(kind):
        if body.organization is None:
            continue
        parent = homes.get(body.parent, main) if body.parent else main
        if body.host and body.host_organization is not None:
            host = _org(unit, body.host_organization, zh, en, parent=main, area=area)
            found.append(host)
            homes[body.host] = host.ref
            parent = host.ref
        org = _org(unit, body.organization, zh, en, parent=parent, area=area, clause=body.clause)
        found.append(org)
        homes[body.name] = org.ref
    return found, homes


def _check_on(on: dt.date | None) -> None:
    if on is not None and (not isinstance(on, dt.date) or isinstance(on, dt.datetime)):
        raise XiaofangError(f"on: expected a datetime.date, got {on!r}")


def _build(district: District, on: dt.date | None, policy: Policy | None) -> _Export:
    """Organizations, posts, areas and memberships of a district, in a fixed order (the units depth first)."""
    _check_on(on)
    policy = policy_of(district, policy)
    roles = {r.code: r for r in policy.roles}
    code = district.code
    government = _org_ref(code, "government")
    district_area = _area_ref(code)
    stations = [u for u in district.units if u.kind == "police_station"]
    bureau = _org_ref(code, _BUREAU.slot)
    orgs: list[_Org] = []
    areas: list[_Area] = []
    posts: list[_Post] = []
    main_org: dict[str, _Ref] = {}
    for ref in district.walk():
        kind = district.kind_of(ref)
        unit: Street | Unit | None = None if ref == code else district.unit(ref)
        zh = district.name if unit is None else unit.name
        en = district.name_en if unit is None else unit.name_en
        unit_code = code if unit is None else unit.code
        parent_id = district.parent_of(ref)
        area = _area_ref(ref)
        homes: dict[str, _Ref] = {}
        if kind == "police_station":
            assert isinstance(unit, Unit)
            covers = tuple(_area_ref(s) for s in unit.covers)
            areas.append(
                _Area(
                    ref=area,
                    name=_JURISDICTION[1].format(zh=zh),
                    classification=_JURISDICTION[0],
                    code="",
                    parent=district_area,
                    covers=covers,
                )
            )
            new = [_org(ref, _MAIN[kind], zh, en, parent=bureau, area=area, covers=unit.covers)]
        else:
            areas.append(
                _Area(
                    ref=area,
                    name=zh,
                    classification=kind,
                    code=unit_code,
                    parent=None if parent_id is None else _area_ref(parent_id),
                    covers=(),
                )
            )
            new = []
            if kind in _MAIN:
                parent = None if parent_id is None else main_org[parent_id]
                main = _org(ref, _MAIN[kind], zh, en, parent=parent, area=area, code=unit_code)
                bodies, homes = _body_orgs(policy, kind, ref, zh, en, main.ref, area)
                new = [main, *bodies]
                if kind == "district" and stations:
                    new.append(_org(ref, _BUREAU, zh, en, parent=government, area=area))
        if new:
            main_org[ref] = new[0].ref
        orgs.extend(new)
        for role in policy.roles_of(kind):
            if role.held_in and role.held_in in homes:
                held_in = homes[role.held_in]
            else:
                held_in = next(main_org[up] for up in district.chain(ref) if up in main_org)
            posts.append(
                _Post(ref=_Ref("post", (ref, role.code)), role=role, organization=held_in, area=area)
            )
    post_org = {p.ref: p.organization for p in posts}
    memberships: list[_Membership] = []
    seen: dict[_Ref, int] = {}
    for t in district.tenures:
        member = _Ref("membership", (t.person, t.unit, t.role, t.start.isoformat()))
        seen[member] = seen.get(member, 0) + 1
        if seen[member] > 1:  # the same tenure twice in the file: keep both, with distinct ids
            member = _Ref("membership", (*member.parts, str(seen[member])))
        if on is not None and not t.active(on):
            continue
        post = _Ref("post", (t.unit, t.role))
        memberships.append(
            _Membership(
                ref=member,
                person=_person_ref(t.person),
                role=roles[t.role],
                post=post,
                organization=post_org[post],
                start=t.start,
                end=t.end,
            )
        )
    return _Export(tuple(orgs), tuple(posts), tuple(areas), tuple(memberships))


def to_popolo(
    district: District, *, on: dt.date | None = None, policy: Policy | None = None
) -> dict[str, Any]:
    """The organisation as a `Popolo <https://www.popoloproject.com/>`_ JSON document.

    The document has the keys ``organizations``, ``posts``, ``persons``,
    ``memberships`` and ``areas``, after a ``meta`` block with the
    generator, the district's code and the source and confidence of its
    data (so invented sample data says so); every item validates against the Popolo
    JSON schemas (``tests/fixtures/popolo``).  Names are Chinese; English
    names, where the data have them, are ``other_names`` with the note
    ``"English name"``.  Organization ``classification`` is one of
    ``government``, ``committee``, ``office``, ``public_security_bureau``,
    ``street_office``, ``fire_work_station``, ``community_committee``,
    ``fire_work_group``, ``micro_fire_station``, ``police_station``.  Area
    ``classification`` is the kind of unit (``district``, ``street``,
    ``community``, ``residents_group``, ``compound``, ``grid``) or
    ``police_jurisdiction``, and ``identifier`` its statistical code when it
    has one.  A post's ``label`` is the role's Chinese title and ``role`` its
    English; a membership has both too, with ISO ``start_date`` and
    ``end_date``.

    What Popolo has no field for is under ``extra``, as the Popolo guide
    advises for properties outside the specification: a person's
    qualifications (code and Chinese name, :data:`QUALIFICATIONS`), the
    clause that creates a body or post with the role's code, and the streets
    a police station covers (``extra.covers`` of its jurisdiction area, the
    station's ``area_id``).

    Parameters
    ----------
    district
        The district, with its units, persons and tenures.
    on
        Keep only the memberships active on this day; by default every tenure
        becomes a membership.
    policy
        The policy whose posts and bodies are exported; by default the
        district's own.

    Returns
    -------
    dict
        Plain lists and dicts of strings, in a fixed order: the same district
        always gives the same document.

    Examples
    --------
    >>> import datetime as dt
    >>> from jiceng_xiaofang.org import sample_district, to_popolo
    >>> doc = to_popolo(sample_district())
    >>> doc["meta"]["confidence"]
    'illustrative'
    >>> {key: len(items) for key, items in doc.items() if key != "meta"}
    {'organizations': 55, 'posts': 110, 'persons': 12, 'memberships': 20, 'areas': 20}
    >>> office = next(o for o in doc["organizations"] if o["id"] == "org:500103003:street_office")
    >>> office["name"], office["classification"], office["parent_id"], office["other_names"]
    ('解放碑街道办事处', 'street_office', 'org:500103:government', [{'name': 'Jiefangbei Street Office', 'note': 'English name'}])
    >>> m = doc["memberships"][1]
    >>> m["person_id"], m["post_id"], m["start_date"], m["end_date"]
    ('person:p05', 'post:500103003:street_deputy_in_charge', '2021-03-01', '2024-03-31')
    >>> len(to_popolo(sample_district(), on=dt.date(2024, 7, 1))["memberships"])
    19
    """
    export = _build(district, on, policy)
    organizations: list[dict[str, Any]] = []
    for o in export.organizations:
        item: dict[str, Any] = {"id": o.ref.popolo, "name": o.name, "classification": o.classification}
        if o.name_en:
            item["other_names"] = [{"name": o.name_en, "note": "English name"}]
        if o.parent is not None:
            item["parent_id"] = o.parent.popolo
        item["area_id"] = o.area.popolo
        if o.clause:
            item["extra"] = {"clause": o.clause}
        organizations.append(item)
    posts = [
        {
            "id": p.ref.popolo,
            "label": p.role.zh,
            "role": p.role.en,
            "organization_id": p.organization.popolo,
            "area_id": p.area.popolo,
            "extra": _post_extra(p.role),
        }
        for p in export.posts
    ]
    persons = [
        {
            "id": _person_ref(p.id).popolo,
            "name": p.name,
            "extra": {"qualifications": [{"code": q, "name": QUALIFICATIONS[q]} for q in p.qualifications]},
        }
        for p in district.persons
    ]
    memberships: list[dict[str, Any]] = []
    for m in export.memberships:
        item = {
            "id": m.ref.popolo,
            "label": m.role.zh,
            "role": m.role.en,
            "person_id": m.person.popolo,
            "organization_id": m.organization.popolo,
            "post_id": m.post.popolo,
            "start_date": m.start.isoformat(),
        }
        if m.end is not None:
            item["end_date"] = m.end.isoformat()
        memberships.append(item)
    areas: list[dict[str, Any]] = []
    for a in export.areas:
        item = {"id": a.ref.popolo, "name": a.name, "classification": a.classification}
        if a.code:
            item["identifier"] = a.code
        if a.parent is not None:
            item["parent_id"] = a.parent.popolo
        if a.covers:
            item["extra"] = {"covers": [c.popolo for c in a.covers]}
        areas.append(item)
    return {
        "meta": {
            "generator": f"jiceng_xiaofang {__version__}",
            "district": district.code,
            "source": district.provenance.source,
            "confidence": district.provenance.confidence,
            "on": on.isoformat() if on is not None else None,
        },
        "organizations": organizations,
        "posts": posts,
        "persons": persons,
        "memberships": memberships,
        "areas": areas,
    }


def _post_extra(role: Role) -> dict[str, str]:
    extra = {"role_code": role.code, "clause": str(role.clause)}
    if role.is_reading:
        extra["reading"] = role.reference.reading
    return extra


def popolo_json(
    district: District, *, on: dt.date | None = None, indent: int | None = 2, policy: Policy | None = None
) -> str:
    """The Popolo document of :func:`to_popolo` as JSON text (UTF-8, Chinese kept readable).

    Examples
    --------
    >>> from jiceng_xiaofang.org import popolo_json, sample_district
    >>> text = popolo_json(sample_district())
    >>> text == popolo_json(sample_district())
    True
    >>> '"name": "解放碑街道办事处"' in text
    True
    """
    return json.dumps(to_popolo(district, on=on, policy=policy), ensure_ascii=False, indent=indent)


def _rdflib() -> Any:
    try:
        return importlib.import_module("rdflib")
    except ImportError:
        raise XiaofangError(
            "to_org_turtle needs rdflib: install the extra with pip install 'jiceng-xiaofang[rdf]'"
        ) from None


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
# what an IRI in Turtle cannot hold (RFC 3987, Turtle's IRIREF): controls, space, <>"{}|^`\ and surrogates
_NOT_IN_IRI = re.compile('[\x00-\x20<>"{}|^`\\\\\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]')
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _check_base(base: object) -> None:
    """Refuse a base that is not an absolute IRI ending in ``/`` or ``#``, saying what is wrong with it."""
    expected = "base: expected an absolute IRI ending in '/' or '#'"
    if not isinstance(base, str):
        raise XiaofangError(f"{expected}, got {base!r}")
    shown = repr(base if len(base) <= 80 else base[:80] + "...")
    found = _NOT_IN_IRI.search(base)
    if found:
        raise XiaofangError(f"{expected}, got {shown}: an IRI cannot hold {found.group()!r}")
    if _BAD_PERCENT.search(base):
        raise XiaofangError(f"{expected}, got {shown}: '%' must be followed by two hexadecimal digits")
    try:
        parts = urlsplit(base)
    except ValueError as exc:  # a malformed IPv6 host
        raise XiaofangError(f"{expected}, got {shown}: {exc}") from None
    if not _SCHEME.fullmatch(parts.scheme) or not (parts.netloc or parts.path) or base[-1] not in "/#":
        raise XiaofangError(f"{expected}, got {shown}")


def to_org_turtle(
    district: District,
    *,
    base: str = "https://w3id.org/jiceng-xiaofang/",
    on: dt.date | None = None,
    policy: Policy | None = None,
) -> str:
    """The organisation in the W3C Organization Ontology (ORG), as Turtle (needs the ``rdf`` extra).

    * Each organization of :func:`to_popolo` is an ``org:Organization`` with
      ``skos:prefLabel`` in Chinese (``@zh``) and, where the data have it,
      English (``@en``); ``org:subOrganizationOf`` its parent;
      ``org:classification`` a ``skos:Concept`` of the same vocabulary as the
      Popolo ``classification``; ``org:identifier`` the statistical code of a
      government, street office or residents' committee, typed with the
      datatype ``<base>scheme/stats-division-code``.  A police station is
      ``org:linkedTo`` the street offices of the streets it covers.
    * Each post is an ``org:Post`` ``org:postIn`` its organization, with its
      ``org:role`` (an ``org:Role`` labelled in Chinese and English),
      ``org:heldBy`` the people who hold it (those whose tenure has no end,
      or, with ``on``, those holding it on that day), and the area it serves
      as data: ``dcterms:spatial`` the area and ``org:location`` its name
      (the compound of a 消防管理员, the grid of a 网格员), so posts of one
      role in one organization stay apart, as Popolo's ``area_id`` keeps them.
    * Each area of :func:`to_popolo` (the district, streets, communities,
      compounds, grids, a police station's jurisdiction) is a
      ``dcterms:Location`` with its ``skos:prefLabel``, ``dcterms:type`` its
      kind (a ``skos:Concept`` of ``<base>area-kind``), ``dcterms:identifier`` its statistical code,
      ``dcterms:isPartOf`` the area above it and ``dcterms:hasPart`` the
      streets a jurisdiction covers.
    * Each tenure is an ``org:Membership`` (``org:member``,
      ``org:organization``, ``org:role``, and ``dcterms:spatial`` the area of
      its post, so a membership joins its post on organization, role and
      area) with ``org:memberDuring`` a ``time:Interval`` whose
      ``time:hasBeginning`` and ``time:hasEnd`` are ``time:Instant`` with
      ``time:inXSDDate``, as the ORG specification does.
    * People are ``foaf:Person`` with ``foaf:name``.

    Parameters
    ----------
    district
        The district.
    base
        The IRI under which everything is named: the district's things under
        ``<base><district code>/`` (``.../500103/org/500103003/street_office``),
        the vocabularies under ``<base>classification/``, ``<base>role/`` and
        ``<base>scheme/``.  The default ``https://w3id.org/jiceng-xiaofang/`` is
        an example base, not a registered one: publish under your own.  It
        must be an absolute IRI ending in ``/`` or ``#``.
    on
        Keep only the memberships active on this day.
    policy
        The policy whose posts and bodies are exported; by default the
        district's own.

    Raises
    ------
    XiaofangError
        rdflib is not installed, or ``base`` is not an absolute IRI ending in
        ``/`` or ``#``.

    Examples
    --------
    >>> import rdflib
    >>> from jiceng_xiaofang.org import sample_district, to_org_turtle
    >>> text = to_org_turtle(sample_district())
    >>> g = rdflib.Graph().parse(data=text, format="turtle")
    >>> office = rdflib.URIRef("https://w3id.org/jiceng-xiaofang/500103/org/500103003/street_office")
    >>> sorted(str(label) for label in g.objects(office, rdflib.SKOS.prefLabel))
    ['Jiefangbei Street Office', '解放碑街道办事处']
    >>> to_org_turtle(sample_district(), base="example.org")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.errors.XiaofangError: base: expected an absolute IRI ending in '/' or '#', got 'example.org'
    """
    rdflib = _rdflib()
    _check_base(base)
    export = _build(district, on, policy)
    uri, literal, bnode = rdflib.URIRef, rdflib.Literal, rdflib.BNode
    org_ns = rdflib.Namespace(_ORG_NS)
    time_ns = rdflib.Namespace(_TIME_NS)
    skos, foaf, rdf, xsd, dcterms = rdflib.SKOS, rdflib.FOAF, rdflib.RDF, rdflib.XSD, rdflib.DCTERMS
    root = f"{base}{_iri_segment(district.code)}/"
    code_type = uri(f"{base}scheme/stats-division-code")

    g = rdflib.Graph()
    for prefix, namespace in (
        ("org", org_ns),
        ("skos", skos),
        ("foaf", foaf),
        ("time", time_ns),
        ("dcterms", dcterms),
        ("jxclass", rdflib.Namespace(f"{base}classification/")),
        ("jxrole", rdflib.Namespace(f"{base}role/")),
        ("jxarea", rdflib.Namespace(f"{base}area-kind/")),
    ):
        g.bind(prefix, namespace)

    def labels(node: Any, zh: str, en: str) -> None:
        g.add((node, skos.prefLabel, literal(zh, lang="zh")))
        if en:
            g.add((node, skos.prefLabel, literal(en, lang="en")))

    scheme = uri(f"{base}classification")
    g.add((scheme, rdf.type, skos.ConceptScheme))
    labels(scheme, "组织类别", "kinds of organization")
    concepts = {o.classification: o.labels for o in export.organizations}
    for classification, (label_zh, label_en) in concepts.items():
        concept = uri(f"{base}classification/{classification}")
        g.add((concept, rdf.type, skos.Concept))
        g.add((concept, skos.inScheme, scheme))
        labels(concept, label_zh, label_en)
    offices = {"street_office", "town_government", "township_government"}
    street_offices = {o.unit: o.ref for o in export.organizations if o.classification in offices}
    for o in export.organizations:
        node = uri(o.ref.iri(root))
        g.add((node, rdf.type, org_ns.Organization))
        labels(node, o.name, o.name_en)
        g.add((node, org_ns.classification, uri(f"{base}classification/{o.classification}")))
        if o.parent is not None:
            g.add((node, org_ns.subOrganizationOf, uri(o.parent.iri(root))))
        if o.code:
            g.add((node, org_ns.identifier, literal(o.code, datatype=code_type)))
        for street in o.covers:
            g.add((node, org_ns.linkedTo, uri(street_offices[street].iri(root))))

    area_kinds = uri(f"{base}area-kind")
    g.add((area_kinds, rdf.type, skos.ConceptScheme))
    labels(area_kinds, "区域类别", "kinds of area")
    for kind in dict.fromkeys(a.classification for a in export.areas):
        concept = uri(f"{base}area-kind/{kind}")
        g.add((concept, rdf.type, skos.Concept))
        g.add((concept, skos.inScheme, area_kinds))
        zh, en = _JURISDICTION_LABELS if kind == _JURISDICTION[0] else UNIT_KINDS[kind][:2]
        labels(concept, zh, en)
    area_names = {a.ref: a.name for a in export.areas}
    for a in export.areas:
        node = uri(a.ref.iri(root))
        g.add((node, rdf.type, dcterms.Location))
        g.add((node, skos.prefLabel, literal(a.name, lang="zh")))
        g.add((node, dcterms.type, uri(f"{base}area-kind/{a.classification}")))
        if a.code:
            g.add((node, dcterms.identifier, literal(a.code, datatype=code_type)))
        if a.parent is not None:
            g.add((node, dcterms.isPartOf, uri(a.parent.iri(root))))
        for covered in a.covers:
            g.add((node, dcterms.hasPart, uri(covered.iri(root))))

    holders: dict[tuple[str, ...], list[str]] = {}
    for t in district.tenures:
        holds = t.end is None if on is None else t.active(on)
        if holds:
            holders.setdefault((t.unit, t.role), []).append(t.person)
    for role in dict.fromkeys(p.role for p in export.posts):
        node = uri(f"{base}role/{role.code}")
        g.add((node, rdf.type, org_ns.Role))
        labels(node, role.zh, role.en)
    for p in export.posts:
        node = uri(p.ref.iri(root))
        g.add((node, rdf.type, org_ns.Post))
        labels(node, p.role.zh, p.role.en)
        g.add((node, org_ns.postIn, uri(p.organization.iri(root))))
        g.add((node, org_ns.role, uri(f"{base}role/{p.role.code}")))
        g.add((node, org_ns.location, literal(area_names[p.area], lang="zh")))
        g.add((node, dcterms.spatial, uri(p.area.iri(root))))
        for person in holders.get(p.ref.parts, []):
            g.add((node, org_ns.heldBy, uri(_person_ref(person).iri(root))))
    for someone in district.persons:
        node = uri(_person_ref(someone.id).iri(root))
        g.add((node, rdf.type, foaf.Person))
        g.add((node, foaf.name, literal(someone.name)))
    post_area = {p.ref: p.area for p in export.posts}
    for m in export.memberships:
        node = uri(m.ref.iri(root))
        g.add((node, rdf.type, org_ns.Membership))
        g.add((node, org_ns.member, uri(m.person.iri(root))))
        g.add((node, org_ns.organization, uri(m.organization.iri(root))))
        g.add((node, org_ns.role, uri(f"{base}role/{m.role.code}")))
        g.add((node, dcterms.spatial, uri(post_area[m.post].iri(root))))
        interval = bnode()
        g.add((node, org_ns.memberDuring, interval))
        g.add((interval, rdf.type, time_ns.Interval))
        for edge, day in ((time_ns.hasBeginning, m.start), (time_ns.hasEnd, m.end)):
            if day is None:
                continue
            instant = bnode()
            g.add((interval, edge, instant))
            g.add((instant, rdf.type, time_ns.Instant))
            g.add((instant, time_ns.inXSDDate, literal(day.isoformat(), datatype=xsd.date)))
    text: str = g.serialize(format="turtle")
    return text
