"""Every export read by an independent client, as a user of that client would read it.

igraph for GraphML, pandas and the csv module for the RACI matrix, rdflib's SPARQL for ORG Turtle, a plain
JSON client for Open311, icalendar and vobject for iCalendar.  Each test is one item of issue 19: what a
client saw wrong before, asserted now.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import warnings
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

import jiceng_xiaofang as jx
from jiceng_xiaofang.cli import main
from jiceng_xiaofang.graph import raci_csv, read_graphml, read_raci_csv, write_graphml

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def graphml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graphml") / "task-graph.graphml"
    write_graphml(jx.task_graph(), path)
    return path


# -- 1. GraphML -----------------------------------------------------------------------------------------


def test_igraph_finds_every_node_by_its_id(graphml: Path) -> None:
    igraph = pytest.importorskip("igraph")
    g = igraph.Graph.Read_GraphML(str(graphml))
    ours = jx.task_graph()
    assert g.vcount() == ours.number_of_nodes() and g.ecount() == ours.number_of_edges()
    assert sorted(g.vs["name"]) == sorted(ours.nodes)  # no vertex is nameless, no title stands for a name
    emergency = g.vs.find("区应急局")
    assert emergency["kind"] == "body" and emergency["name_en"] == "emergency management bureau"
    task = g.vs.find("3.2")
    assert task["task_name"] == "健全消防安全网格化管理机制" and task["label"] == "三（二）"
    edge = g.es[g.get_eid(g.vs.find("区消防救援支队").index, g.vs.find("4.5").index)]
    assert edge["role"] == "lead" and edge["also_cooperating"]
    assert g["document"] == "yuzhong-2023"


def test_graph_data_comes_before_the_nodes(graphml: Path) -> None:
    # graphology reads graph-level <data> only when it precedes the nodes and edges
    [top] = ElementTree.parse(graphml).getroot().findall(f"{GRAPHML}graph")
    tags = [child.tag.removeprefix(GRAPHML) for child in top]
    first_node = tags.index("node")
    assert tags[:first_node] == ["data"] * 3 and "data" not in tags[first_node:]
    keys = {
        k.get("id"): k.get("attr.name") for k in ElementTree.parse(graphml).getroot() if k.tag.endswith("key")
    }
    assert {keys[c.get("key")] for c in top if c.tag == f"{GRAPHML}data"} == {"document", "title", "district"}


def test_the_graph_read_back_has_no_name_it_did_not_have(graphml: Path) -> None:
    import networkx as nx

    ours = jx.task_graph()
    assert nx.utils.graphs_equal(read_graphml(graphml), ours)
    assert all(
        "name" not in data for _, data in ours.nodes(data=True)
    )  # write_graphml left the caller's graph alone
    own = nx.DiGraph()
    own.add_node("500103003", name="解放碑街道")  # a node with a name of its own keeps it
    buffer = io.BytesIO()
    write_graphml(own, buffer)
    buffer.seek(0)
    assert read_graphml(buffer).nodes["500103003"] == {"name": "解放碑街道"}


# -- 2. RACI CSV ----------------------------------------------------------------------------------------


def test_raci_csv_opens_in_excel_as_utf8_and_reads_back(tmp_path: Path) -> None:
    text = raci_csv(jx.task_graph())
    path = tmp_path / "raci.csv"
    path.write_text(text, encoding="utf-8", newline="")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfbody,name_en,") and data.count(b"\r\n") == len(text.splitlines())
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line ends CRLF, none LF alone
    with open(path, encoding="utf-8-sig", newline="") as f:  # how a spreadsheet importer reads it
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["body", "name_en", "1.1"] and rows[1][0] == "各街道办事处"
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(path, index_col=0)  # pandas' default encoding also drops the mark
    assert frame.index.name == "body" and frame.loc["区消防救援支队", "4.5"] == "L+C"
    for given in (text, data, text.encode("utf-8")):
        assert read_raci_csv(given).number_of_edges() == jx.task_graph().number_of_edges()


def test_raci_csv_plain_utf8_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = raci_csv(jx.task_graph(), excel=False)
    assert plain.startswith("body,name_en,") and "\r" not in plain
    assert (
        read_raci_csv(plain).number_of_edges() == read_raci_csv(raci_csv(jx.task_graph())).number_of_edges()
    )
    out = tmp_path / "raci.csv"
    assert main(["graph", "--format", "raci-csv", "-o", str(out)]) == 0
    assert out.read_bytes() == raci_csv(jx.task_graph()).encode("utf-8")
    assert main(["graph", "--format", "raci-csv", "--no-excel", "-o", str(out)]) == 0
    assert out.read_bytes() == plain.encode("utf-8")
    capsys.readouterr()


# -- 3. ORG Turtle --------------------------------------------------------------------------------------

JOIN = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?membership ?post WHERE {
  ?membership a org:Membership ; org:organization ?o ; org:role ?r ; dcterms:spatial ?area .
  ?post a org:Post ; org:postIn ?o ; org:role ?r ; dcterms:spatial ?area .
}
"""

AREAS = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?post ?where ?name WHERE {
  ?post a org:Post ; org:postIn ?o ; org:role ?r ; org:location ?where ; dcterms:spatial ?area .
  ?o skos:prefLabel "示例甲社区居民委员会"@zh .
  ?r skos:prefLabel "消防管理员"@zh .
  ?area skos:prefLabel ?name .
}
"""


def test_org_posts_state_their_area_and_memberships_join_their_post_once() -> None:
    rdflib = pytest.importorskip("rdflib")
    district = jx.sample_district()
    g = rdflib.Graph().parse(data=jx.org.to_org_turtle(district), format="turtle")
    wardens = list(g.query(AREAS))
    assert len(wardens) > 1  # several fire wardens in one residents' committee...
    assert len({str(w) for _, w, _ in wardens}) == len(wardens)  # ...each told apart by its area
    assert all(str(where) == str(name) for _, where, name in wardens)
    joined = list(g.query(JOIN))
    memberships = {m for m, _ in joined}
    assert len(joined) == len(memberships) == len(jx.org.to_popolo(district)["memberships"])  # one post each


def test_every_area_kind_and_classification_is_a_concept_of_a_scheme() -> None:
    rdflib = pytest.importorskip("rdflib")
    g = rdflib.Graph().parse(data=jx.org.to_org_turtle(jx.sample_district()), format="turtle")
    DCTERMS, ORG, SKOS = rdflib.namespace.DCTERMS, rdflib.namespace.ORG, rdflib.namespace.SKOS
    used = set(g.objects(None, DCTERMS.type)) | set(g.objects(None, ORG.classification))
    assert used and all((c, rdflib.RDF.type, SKOS.Concept) in g for c in used)
    assert all(any(True for _ in g.objects(c, SKOS.inScheme)) for c in used)
    assert all({label.language for label in g.objects(c, SKOS.prefLabel)} == {"zh", "en"} for c in used)


def test_every_term_is_in_its_vocabulary() -> None:
    rdflib = pytest.importorskip("rdflib")
    g = rdflib.Graph().parse(data=jx.org.to_org_turtle(jx.sample_district()), format="turtle")
    used = {t for triple in g for t in triple if isinstance(t, rdflib.URIRef)}
    namespaces = (
        rdflib.namespace.DCTERMS,
        rdflib.namespace.ORG,
        rdflib.namespace.SKOS,
        rdflib.namespace.TIME,
    )
    checked = 0
    with warnings.catch_warnings():
        warnings.simplefilter(
            "error"
        )  # rdflib's closed namespaces raise, or warn, on a term they do not define
        for namespace in namespaces:
            for term in used:
                if str(term).startswith(str(namespace)):
                    assert namespace[str(term).removeprefix(str(namespace))] == term
                    checked += 1
        with pytest.raises((AttributeError, UserWarning)):
            rdflib.namespace.TIME["inXSDDay"]  # the check is real: a term TIME does not define
    assert checked >= 15


# -- 4. Open311 -----------------------------------------------------------------------------------------


def _hazard_log() -> Any:
    from test_hazards_queries import _hazards

    return _hazards()


def _georeport_fields() -> list[str]:
    from test_hazards_queries import GEOREPORT_FIELDS

    return GEOREPORT_FIELDS


def test_a_client_may_index_every_georeport_field() -> None:
    requests = json.loads(json.dumps(jx.hazards.open311_requests(_hazard_log())))
    assert len(requests) == 6
    fields = _georeport_fields()
    for r in requests:
        assert list(r) == fields
        row = {field: r[field] for field in fields}  # what a client does; no KeyError
        assert (row["lat"] is None) == (row["long"] is None)
        assert row["media_url"] is None and row["service_notice"] is None
    by_id = {r["service_request_id"]: r for r in requests}
    assert by_id["HZ-2"]["expected_datetime"] == "2024-05-11T23:59:59+08:00"
    assert by_id["HZ-1"]["expected_datetime"] is None  # closed: nothing more is expected


def test_an_escalated_hazard_has_its_deadline_once_one_is_set() -> None:
    from hazards_helpers import reported, t

    h = reported("HZ-7").dispatch(by="网格员", at=t(5, 6, 10))
    h = h.escalate(reason="需要执法", by="网格员", at=t(5, 6, 11))
    assert jx.hazards.to_open311(h)["expected_datetime"] is None  # the escalation cleared the old deadline
    h = h.dispatch(by="社区", at=t(5, 6, 12)).start_rectification(deadline="P2D", by="社区", at=t(5, 7))
    r = jx.hazards.to_open311(h)
    assert r["expected_datetime"] == "2024-05-09T23:59:59+08:00" and h.state.escalations == 1


# -- 5. iCalendar ---------------------------------------------------------------------------------------


def _ical(stamp: dt.datetime | None = None) -> bytes:
    from jiceng_xiaofang.schedule import Period, load_obligations, read_log, to_ical

    log = read_log(Path(__file__).parent / "fixtures" / "schedule" / "logs" / "sample.csv")
    return to_ical(load_obligations(), Period.quarter(2024, 1), log=log, stamp=stamp)


def test_icalendar_and_vobject_read_the_stamp_and_the_completion() -> None:
    icalendar = pytest.importorskip("icalendar")
    vobject = pytest.importorskip("vobject")
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    data = _ical()
    after = dt.datetime.now(dt.UTC)
    cal = icalendar.Calendar.from_ical(data)
    todos = [c for c in cal.walk("VTODO")]
    assert all(before <= c["dtstamp"].dt <= after for c in cal.walk() if "dtstamp" in c)
    [done] = [c for c in todos if "completed" in c]
    completed = done["completed"].dt
    assert completed.utcoffset() == dt.timedelta(0)  # RFC 5545: COMPLETED is UTC
    local = completed.astimezone(jx.hazards.CHINA_STANDARD_TIME)
    assert (local.date(), local.time()) == (
        dt.date(2024, 3, 20),
        dt.time(23, 59, 59),
    )  # the day it was closed
    parsed = vobject.readOne(data.decode("utf-8"))
    [vdone] = [c for c in parsed.vtodo_list if hasattr(c, "completed")]
    assert vdone.completed.value == completed and before <= vdone.dtstamp.value <= after
