"""Interop: Popolo JSON validated against the Popolo project's own schemas; W3C ORG Turtle read back."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

import jiceng_xiaofang as jx
from jiceng_xiaofang.org import (
    parse_district,
    popolo_json,
    sample_district,
    to_org_turtle,
    to_popolo,
)

D = sample_district()
SCHEMAS = Path(__file__).resolve().parent / "fixtures" / "popolo"
POPOLO = "http://www.popoloproject.com/schemas/"
KINDS = {
    "organizations": "organization",
    "posts": "post",
    "persons": "person",
    "memberships": "membership",
    "areas": "area",
}
BASE = "https://w3id.org/jiceng-xiaofang/"
ROOT = BASE + "500103/"

HEAD = """format = 1
[district]
name = "渝中区"
name_en = "Yuzhong District"
code = "500103"
extends = "yuzhong"
source = "test"
confidence = "illustrative"
"""


# --- the Popolo schemas ---------------------------------------------------------------------------------


def _schema_files() -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(SCHEMAS.glob("*.json"))}


@pytest.fixture(scope="module")
def validators() -> dict[str, jsonschema.protocols.Validator]:
    """A draft 3 validator per Popolo class, its $refs resolved to the vendored files (nothing fetched)."""
    schemas = _schema_files()
    registry: Registry[Any] = Registry().with_resources(
        (schema["id"].rstrip("#"), Resource.from_contents(schema)) for schema in schemas.values()
    )
    found: dict[str, jsonschema.protocols.Validator] = {}
    for key, name in KINDS.items():
        schema = schemas[name]
        cls = jsonschema.validators.validator_for(schema)
        assert cls is jsonschema.Draft3Validator
        cls.check_schema(schema)
        found[key] = cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)
    return found


def _errors(validators: dict[str, jsonschema.protocols.Validator], doc: dict[str, Any]) -> list[str]:
    return [
        f"{key}[{i}] {item.get('id')}: {e.message} at {list(e.absolute_path)}"
        for key, items in doc.items()
        if key != "meta"
        for i, item in enumerate(items)
        for e in validators[key].iter_errors(item)
    ]


def test_the_vendored_schemas_are_popolos_and_every_ref_is_vendored() -> None:
    schemas = _schema_files()
    assert set(KINDS.values()) <= set(schemas)
    refs: set[str] = set()

    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            if "$ref" in node:
                yield node["$ref"]
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for stem, schema in schemas.items():
        assert schema["$schema"] == "http://json-schema.org/draft-03/schema#"
        assert schema["id"] == f"{POPOLO}{stem}.json#"
        refs.update(walk(schema))
    assert refs == {f"{POPOLO}{stem}.json#" for stem in schemas}
    assert (SCHEMAS / "README.md").is_file()


@pytest.mark.parametrize(
    "district, on",
    [(D, None), (D, dt.date(2024, 7, 1)), (jx.yuzhong(), None)],
    ids=["sample", "sample-on-a-day", "yuzhong"],
)
def test_every_item_validates_against_the_popolo_schemas(
    validators: dict[str, jsonschema.protocols.Validator], district: jx.District, on: dt.date | None
) -> None:
    doc = to_popolo(district, on=on)
    assert list(doc) == ["meta", *KINDS]
    assert doc["meta"]["confidence"] == district.provenance.confidence  # provenance travels with the data
    assert _errors(validators, doc) == []


def test_the_validation_is_real(validators: dict[str, jsonschema.protocols.Validator]) -> None:
    # A name object without a name breaks other_name.json, reached through a $ref of organization.json;
    # a date with slashes breaks membership.json's pattern; a list as an area's name breaks area.json.
    doc: dict[str, Any] = {
        "organizations": [{"id": "o", "name": "x", "other_names": [{"note": "English name"}]}],
        "posts": [{"id": "p", "organization_id": 3}],
        "persons": [{"id": "x", "identifiers": [{"scheme": "no identifier"}]}],
        "memberships": [{"id": "m", "start_date": "2023/05/01"}],
        "areas": [{"id": "a", "name": ["渝中区"]}],
    }
    errors = _errors(validators, doc)
    assert len(errors) == 5, errors
    assert all(key in " ".join(errors) for key in KINDS)


# --- what the document says ----------------------------------------------------------------------------


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def test_every_tenure_becomes_a_membership_with_its_dates() -> None:
    doc = to_popolo(D)
    memberships = doc["memberships"]
    posts = _by_id(doc["posts"])
    assert len(memberships) == len(D.tenures) == 20
    for t, m in zip(D.tenures, memberships, strict=True):
        assert m["person_id"] == f"person:{t.person}"
        assert m["post_id"] == f"post:{t.unit}:{t.role}"
        assert m["organization_id"] == posts[m["post_id"]]["organization_id"]
        assert (m["role"], m["label"]) == (jx.load_policy().role(t.role).en, jx.load_policy().role(t.role).zh)
        assert m["start_date"] == t.start.isoformat()
        assert m.get("end_date") == (t.end.isoformat() if t.end else None)
    deputy = [m for m in memberships if m["post_id"] == "post:500103003:street_deputy_in_charge"]
    assert [(m["person_id"], m["start_date"], m.get("end_date")) for m in deputy] == [
        ("person:p05", "2021-03-01", "2024-03-31"),
        ("person:p06", "2024-04-01", None),
    ]


def test_on_keeps_the_memberships_of_that_day() -> None:
    def deputies(day: dt.date) -> list[str]:
        return [
            m["person_id"]
            for m in to_popolo(D, on=day)["memberships"]
            if m["post_id"] == "post:500103003:street_deputy_in_charge"
        ]

    assert deputies(dt.date(2024, 3, 31)) == ["person:p05"]
    assert deputies(dt.date(2024, 4, 1)) == ["person:p06"]
    assert to_popolo(D, on=dt.date(2020, 1, 1))["memberships"] == []
    everyone = {m["id"] for m in to_popolo(D)["memberships"]}
    assert {m["id"] for m in to_popolo(D, on=dt.date(2024, 7, 1))["memberships"]} < everyone
    assert len(to_popolo(D, on=dt.date(2020, 1, 1))["persons"]) == 12  # persons and posts stay
    with pytest.raises(jx.XiaofangError, match=r"on: expected a datetime\.date"):
        to_popolo(D, on="2024-07-01")  # type: ignore[arg-type]


def _chain(items: dict[str, dict[str, Any]], start: str) -> list[str]:
    chain = [start]
    while "parent_id" in items[chain[-1]]:
        chain.append(items[chain[-1]]["parent_id"])
        assert chain.count(chain[-1]) == 1, chain
    return chain


@pytest.mark.parametrize("district", [D, jx.yuzhong()], ids=["sample", "yuzhong"])
def test_parent_chains_reach_the_district(district: jx.District) -> None:
    doc = to_popolo(district)
    orgs, areas = _by_id(doc["organizations"]), _by_id(doc["areas"])
    for org in orgs:
        assert _chain(orgs, org)[-1] == "org:500103:government"
    for area in areas:
        assert _chain(areas, area)[-1] == "area:500103"
    assert [o for o in orgs.values() if "parent_id" not in o] == [orgs["org:500103:government"]]


def test_the_hierarchy_read_by_hand() -> None:
    doc = to_popolo(D)
    orgs, areas, posts = _by_id(doc["organizations"]), _by_id(doc["areas"]), _by_id(doc["posts"])
    community = "解放碑街道/示例甲社区"
    assert _chain(orgs, f"org:{community}:micro_fire_station") == [
        f"org:{community}:micro_fire_station",
        f"org:{community}:residents_committee",
        "org:500103003:street_office",
        "org:500103:government",
    ]
    assert _chain(orgs, "org:500103003:fire_work_station") == [
        "org:500103003:fire_work_station",
        "org:500103003:emergency_office",
        "org:500103003:street_office",
        "org:500103:government",
    ]
    assert orgs["org:500103:committee_office"]["parent_id"] == "org:500103:committee"
    assert orgs["org:500103003:street_office"] == {
        "id": "org:500103003:street_office",
        "name": "解放碑街道办事处",
        "classification": "street_office",
        "other_names": [{"name": "Jiefangbei Street Office", "note": "English name"}],
        "parent_id": "org:500103:government",
        "area_id": "area:500103003",
    }
    assert orgs[f"org:{community}:residents_committee"]["name"] == "示例甲社区居民委员会"
    assert "other_names" not in orgs[f"org:{community}:residents_committee"]  # the data have no English
    assert areas["area:500103003"] == {
        "id": "area:500103003",
        "name": "解放碑街道",
        "classification": "street",
        "identifier": "500103003",
        "parent_id": "area:500103",
    }
    assert areas["area:500103"]["identifier"] == "500103"
    assert areas[f"area:{community}/第1网格"]["classification"] == "grid"
    # Posts are held where the policy puts them; a warden's or grid worker's in the residents' committee.
    assert posts["post:500103003:street_main_leader"]["organization_id"] == "org:500103003:street_office"
    assert posts["post:500103003:station_staff"]["organization_id"] == "org:500103003:fire_work_station"
    assert posts["post:500103:district_committee_director"]["organization_id"] == "org:500103:committee"
    warden = posts[f"post:{community}/示例花园小区:compound_fire_warden"]
    assert warden["organization_id"] == f"org:{community}:residents_committee"
    assert warden["area_id"] == f"area:{community}/示例花园小区"
    assert (warden["label"], warden["role"]) == ("消防管理员", "fire warden")
    assert warden["extra"] == {"role_code": "compound_fire_warden", "clause": "1.2"}
    grid = posts[f"post:{community}/第1网格:grid_worker"]
    assert grid["organization_id"] == f"org:{community}:residents_committee"


def test_every_body_the_policy_requires_is_an_organization() -> None:
    orgs = to_popolo(D)["organizations"]
    for unit, kind in [
        ("500103", "district"),
        ("500103003", "street"),
        ("解放碑街道/示例甲社区", "community"),
    ]:
        clauses = sorted(
            o["extra"]["clause"] for o in orgs if o["id"].startswith(f"org:{unit}:") and "extra" in o
        )
        assert clauses == sorted(
            b.clause for b in jx.load_policy().required_bodies_of(kind) if b.organization
        )
    names = {o["name"] for o in orgs}
    assert {"渝中区消防安全委员会", "渝中区消防安全委员会办公室", "解放碑街道消防安全委员会"} <= names
    assert {"解放碑街道消防工作站", "示例甲社区消防工作小组", "示例甲社区微型消防站"} <= names
    assert sum(o["classification"] == "street_office" for o in orgs) == 11


def test_posts_are_one_per_unit_and_role() -> None:
    posts = to_popolo(D)["posts"]
    expected = [(unit, role.code) for unit in D.walk() for role in jx.load_policy().roles_of(D.kind_of(unit))]
    assert [tuple(p["id"].split(":", 1)[1].rsplit(":", 1)) for p in posts] == expected
    assert len(posts) == 110
    labels = {p["id"]: (p["label"], p["role"]) for p in posts}
    assert labels["post:500103003:street_main_leader"] == (
        "街道办事处主要负责人",
        "main leader of the street office",
    )


def test_police_stations_hang_under_the_sub_bureau_and_cover_their_streets() -> None:
    doc = to_popolo(D)
    orgs, areas, posts = _by_id(doc["organizations"]), _by_id(doc["areas"]), _by_id(doc["posts"])
    station = orgs["org:ps-jfb:police_station"]
    assert station["classification"] == "police_station"
    assert station["parent_id"] == "org:500103:public_security_sub_bureau"
    assert orgs[station["parent_id"]]["name"] == "渝中区公安分局"
    assert areas[station["area_id"]] == {
        "id": "area:ps-jfb",
        "name": "示例解放碑派出所辖区",
        "classification": "police_jurisdiction",
        "parent_id": "area:500103",
        "extra": {"covers": ["area:500103003", "area:500103001"]},
    }
    assert posts["post:ps-jfb:fire_police"]["organization_id"] == "org:ps-jfb:police_station"
    # No police station, no sub-bureau.
    assert not any("public_security" in o["id"] for o in to_popolo(jx.yuzhong())["organizations"])


def test_qualifications_are_kept_under_extra() -> None:
    persons = _by_id(to_popolo(D)["persons"])
    assert persons["person:p03"] == {
        "id": "person:p03",
        "name": "张示例",
        "extra": {
            "qualifications": [
                {"code": "established", "name": "在编人员"},
                {"code": "fire_enforcement", "name": "消防行政执法资格"},
            ]
        },
    }
    assert persons["person:p01"]["extra"] == {"qualifications": []}


def _all_ids(doc: dict[str, list[dict[str, Any]]]) -> list[str]:
    return [item["id"] for key, items in doc.items() if key != "meta" for item in items]


def test_ids_are_unique_deterministic_and_every_reference_resolves() -> None:
    doc = to_popolo(D)
    ids = _all_ids(doc)
    assert len(ids) == len(set(ids))
    assert popolo_json(D).encode() == popolo_json(sample_district()).encode()
    assert json.dumps(doc, ensure_ascii=False) == json.dumps(to_popolo(D), ensure_ascii=False)
    known = set(ids)
    for kind, items in doc.items():
        if kind == "meta":
            continue
        for item in items:
            for key in ("parent_id", "area_id", "organization_id", "post_id", "person_id"):
                if key in item:
                    assert item[key] in known, (item["id"], key)
            for covered in item.get("extra", {}).get("covers", []):
                assert covered in known


def test_colons_in_ids_are_escaped() -> None:
    text = (
        HEAD
        + '[[unit]]\nkind = "community"\nname = "甲"\nid = "a:b"\nparent = "解放碑街道"\n'
        + '[[unit]]\nkind = "community"\nname = "乙"\nid = "a%3Ab"\nparent = "解放碑街道"\n'
        + '[[person]]\nid = "x:1"\nname = "某"\n'
        + '[[tenure]]\nperson = "x:1"\nunit = "a:b"\nrole = "community_main_head"\nstart = 2023-01-01\n'
    )
    doc = to_popolo(parse_district(text))
    ids = _all_ids(doc)
    assert len(ids) == len(set(ids))
    assert "org:a%3Ab:residents_committee" in ids
    assert "org:a%253Ab:residents_committee" in ids
    assert doc["memberships"][0]["id"] == "membership:x%3A1:a%3Ab:community_main_head:2023-01-01"


def test_the_same_tenure_twice_gives_two_memberships() -> None:
    tenure = '[[tenure]]\nperson = "p"\nunit = "解放碑街道"\nrole = "station_staff"\nstart = 2023-01-01\n'
    district = parse_district(HEAD + '[[person]]\nid = "p"\nname = "某"\n' + tenure + tenure)
    ids = [m["id"] for m in to_popolo(district)["memberships"]]
    assert ids == [
        "membership:p:500103003:station_staff:2023-01-01",
        "membership:p:500103003:station_staff:2023-01-01:2",
    ]


def test_popolo_json_is_readable_utf8() -> None:
    text = popolo_json(D)
    assert '"name": "解放碑街道办事处"' in text
    assert json.loads(text) == to_popolo(D)
    assert "\n" not in popolo_json(D, indent=None)
    assert json.loads(popolo_json(D, on=dt.date(2024, 7, 1))) == to_popolo(D, on=dt.date(2024, 7, 1))


# --- W3C ORG as Turtle -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rdflib() -> Any:
    return pytest.importorskip("rdflib")


def _graph(rdflib: Any, text: str) -> Any:
    return rdflib.Graph().parse(data=text, format="turtle")


def test_turtle_parses_back_with_the_expected_triples(rdflib: Any) -> None:
    g = _graph(rdflib, to_org_turtle(D))
    ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
    TIME = rdflib.Namespace("http://www.w3.org/2006/time#")
    SKOS, RDF, XSD, FOAF = rdflib.SKOS, rdflib.RDF, rdflib.XSD, rdflib.FOAF
    uri, lit = rdflib.URIRef, rdflib.Literal

    def count(cls: Any) -> int:
        return len(set(g.subjects(RDF.type, cls)))

    doc = to_popolo(D)
    assert count(ORG.Organization) == len(doc["organizations"])
    assert count(ORG.Post) == len(doc["posts"])
    assert count(ORG.Membership) == len(doc["memberships"])
    assert count(FOAF.Person) == len(doc["persons"])

    office = uri(ROOT + "org/500103003/street_office")
    assert (office, RDF.type, ORG.Organization) in g
    assert (office, SKOS.prefLabel, lit("解放碑街道办事处", lang="zh")) in g
    assert (office, SKOS.prefLabel, lit("Jiefangbei Street Office", lang="en")) in g
    assert (office, ORG.subOrganizationOf, uri(ROOT + "org/500103/government")) in g
    assert (office, ORG.classification, uri(BASE + "classification/street_office")) in g
    code = lit("500103003", datatype=uri(BASE + "scheme/stats-division-code"))
    assert (office, ORG.identifier, code) in g
    concept = uri(BASE + "classification/street_office")
    assert (concept, RDF.type, SKOS.Concept) in g
    assert (concept, SKOS.prefLabel, lit("街道办事处", lang="zh")) in g
    station = uri(ROOT + "org/500103003/fire_work_station")
    assert (station, ORG.subOrganizationOf, uri(ROOT + "org/500103003/emergency_office")) in g
    police = uri(ROOT + "org/ps-jfb/police_station")
    assert set(g.objects(police, ORG.linkedTo)) == {
        uri(ROOT + "org/500103003/street_office"),
        uri(ROOT + "org/500103001/street_office"),
    }
    community = uri(ROOT + "org/解放碑街道%2F示例甲社区/residents_committee")
    assert (community, ORG.subOrganizationOf, office) in g

    post = uri(ROOT + "post/500103003/street_deputy_in_charge")
    role = uri(BASE + "role/street_deputy_in_charge")
    assert (post, RDF.type, ORG.Post) in g
    assert (post, ORG.postIn, office) in g
    assert (post, ORG.role, role) in g
    assert (role, RDF.type, ORG.Role) in g
    assert (role, SKOS.prefLabel, lit("街道分管消防安全工作的副职", lang="zh")) in g
    assert set(g.objects(post, ORG.heldBy)) == {uri(ROOT + "person/p06")}  # p05's tenure has ended

    member = uri(ROOT + "membership/p05/500103003/street_deputy_in_charge/2021-03-01")
    assert (member, ORG.member, uri(ROOT + "person/p05")) in g
    assert (member, ORG.organization, office) in g
    assert (member, ORG.role, role) in g
    interval = g.value(member, ORG.memberDuring)
    assert (interval, RDF.type, TIME.Interval) in g
    begin, end = g.value(interval, TIME.hasBeginning), g.value(interval, TIME.hasEnd)
    assert (begin, RDF.type, TIME.Instant) in g
    assert g.value(begin, TIME.inXSDDate) == lit("2021-03-01", datatype=XSD.date)
    assert g.value(end, TIME.inXSDDate) == lit("2024-03-31", datatype=XSD.date)
    still = uri(ROOT + "membership/p06/500103003/street_deputy_in_charge/2024-04-01")
    assert g.value(g.value(still, ORG.memberDuring), TIME.hasEnd) is None
    assert (uri(ROOT + "person/p01"), FOAF.name, lit("王示例")) in g


def test_turtle_is_deterministic_and_takes_a_base_and_a_day(rdflib: Any) -> None:
    assert to_org_turtle(D) == to_org_turtle(sample_district())
    g = _graph(rdflib, to_org_turtle(D, base="https://example.org/fire#", on=dt.date(2024, 3, 31)))
    ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
    post = rdflib.URIRef("https://example.org/fire#500103/post/500103003/street_deputy_in_charge")
    assert set(g.objects(post, ORG.heldBy)) == {rdflib.URIRef("https://example.org/fire#500103/person/p05")}
    assert len(set(g.subjects(rdflib.RDF.type, ORG.Membership))) == len(
        to_popolo(D, on=dt.date(2024, 3, 31))["memberships"]
    )
    assert not any(str(s).startswith(BASE) for s in g.subjects())
    yuzhong = _graph(rdflib, to_org_turtle(jx.yuzhong()))
    assert len(set(yuzhong.subjects(rdflib.RDF.type, ORG.Organization))) == 3 + 11 * 4


@pytest.mark.parametrize("base", ["", "example.org/", "https://example.org", "urn:x"])
def test_a_bad_base_is_a_clear_error(rdflib: Any, base: str) -> None:
    with pytest.raises(jx.XiaofangError, match="base: expected an absolute IRI"):
        to_org_turtle(D, base=base)


def test_without_rdflib_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rdflib", None)
    with pytest.raises(jx.XiaofangError, match=r"pip install 'jiceng-xiaofang\[rdf\]'"):
        to_org_turtle(D)


def test_org_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from jiceng_xiaofang.cli import main

    assert main(["org", "--district", "sample", "--on", "2024-07-01"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["meta"]["on"] == "2024-07-01" and doc["organizations"][0]["id"] == "org:500103:government"
    out = tmp_path / "org.ttl"
    assert main(["org", "--format", "turtle", "--output", str(out)]) == 0
    assert "org:Organization" in out.read_text(encoding="utf-8")
    assert main(["org", "--district", str(tmp_path / "missing.toml")]) == 2
    assert "cannot read the file" in capsys.readouterr().err
