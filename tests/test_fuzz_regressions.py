"""Inputs that fuzzing found escaping as a library's exception, or silently read as something else.

Each case here once raised ``RecursionError``, ``TypeError``, ``KeyError``, ``AttributeError``, ``csv.Error``,
a bare ``ValueError`` (Python's 4,300-digit limit) or rdflib's bare ``Exception``, or was accepted and
read wrong (an edge to an undeclared node, a node without an id read as ``'None'``, a multigraph returned as
a graph, a key given twice read as the last one).  Now each is the package's own error, naming what is wrong.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest

import jiceng_xiaofang as jx
from hazards_helpers import closed_in_grid, reported
from jiceng_xiaofang import _json
from jiceng_xiaofang import hazards as jh
from jiceng_xiaofang.graph import (
    GraphFormatError,
    node_link_json,
    raci_csv,
    read_graphml,
    read_node_link_json,
    read_raci_csv,
    write_graphml,
)

DEEP = "[" * 1000 + "]" * 1000
LONG = "9" * 5000

# --- the JSON every reader of the package's JSON uses ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (DEEP, "nested deeper than 100 levels"),
        ("[" * 101 + "]" * 101, "nested deeper than 100 levels"),
        ("[" * 100_000, "nested deeper than 100 levels"),
        ("[" + LONG + "]", "an integer of 5000 digits, more than 4300"),
        ("[-" + LONG, "an integer of 5000 digits, more than 4300"),
        ('{"a": NaN}', "NaN is not a JSON number"),
        ("[Infinity]", "Infinity is not a JSON number"),
        ("[-Infinity]", "-Infinity is not a JSON number"),
        ("[1e400]", "the number '1e400' is out of range"),
        ('{"a": 1, "a": 2}', "the key 'a' is given twice in one object"),
        ('["\\ud800"]', "a lone surrogate \\ud800, which is not Unicode text"),
        ('{"\\udfff": 1}', "a lone surrogate \\udfff, which is not Unicode text"),
        (b'["\xed\xa0\x80"]', "not UTF-8 text (invalid continuation byte at byte 2)"),
        (b"\xff", "not UTF-8 text (invalid start byte at byte 0)"),
        (5, "expected JSON text, got int"),
    ],
)
def test_json_this_package_refuses(text: str | bytes, reason: str) -> None:
    with pytest.raises(_json.JsonError) as caught:
        _json.loads(text)
    assert str(caught.value) == reason


def test_json_this_package_reads() -> None:
    assert _json.loads("[" * 100 + "]" * 100) is not None  # 100 levels are allowed
    assert _json.loads('["\\ud83d\\ude00"]') == ["\U0001f600"]  # a surrogate pair is one character
    assert _json.loads("[" + "9" * 4300 + "]") == [int("9" * 4300)]
    assert _json.loads(b"\xef\xbb\xbf[1]") == [1]
    assert _json.loads("[1.5e308, -0]") == [1.5e308, 0]
    with pytest.raises(_json.JsonError) as caught:
        _json.loads("[1,")
    assert (caught.value.reason, caught.value.line, caught.value.column) == ("Expecting value", 1, 4)


# --- node-link JSON ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"nodes": 5, "edges": []}', "'nodes': expected a list, got 5"),
        ('{"nodes": {}, "edges": []}', "'nodes': expected a list, got an object"),
        ('{"nodes": [], "edges": {}}', "'edges': expected a list, got an object"),
        ('{"nodes": [], "edges": [], "graph": 5}', "'graph': expected an object, got 5"),
        ('{"nodes": [], "edges": [], "graph": []}', "'graph': expected an object, got a list"),
        ('{"nodes": [], "edges": [], "links": []}', "unknown key 'links'"),
        ('{"nodes": [], "edges": [], "multigraph": true}', "expected a graph without parallel edges"),
        ('{"nodes": [], "edges": [], "directed": false}', "expected a directed graph"),
        ('{"nodes": [1], "edges": []}', "malformed node 0: expected an object with an 'id'"),
        ('{"nodes": [{"id": 1}], "edges": []}', "node 0: 'id': expected a non-empty string, got 1"),
        ('{"nodes": [{"id": [1]}], "edges": []}', "node 0: 'id': expected a non-empty string, got a list"),
        ('{"nodes": [{"id": ""}], "edges": []}', "node 0: 'id': expected a non-empty string, got ''"),
        ('{"nodes": [{"id": "a"}, {"id": "a"}], "edges": []}', "node 1: the id 'a' is given twice"),
        ('{"nodes": [{"id": "a", "x": [1]}], "edges": []}', "attribute 'x': expected a string, a number or"),
        ('{"nodes": [{"id": "a", "x": null}], "edges": []}', "got null"),
        ('{"nodes": [{"id": "a"}], "edges": [1]}', "malformed edge 0"),
        ('{"nodes": [{"id": "a"}], "edges": [{"source": "a"}]}', "malformed edge 0"),
        ('{"nodes": [{"id": "a"}], "edges": [{"source": "a", "target": "b"}]}', "'target': no node 'b'"),
        ('{"nodes": [{"id": "a"}], "edges": [{"source": "a", "target": ["a"]}]}', "'target': expected a non"),
        (
            '{"nodes": [{"id": "a"}], "edges": [{"source": "a", "target": "a"}, {"source": "a", "target": "a"}]}',
            "edge 1: the edge 'a' -> 'a' is given twice",
        ),
        ('{"nodes": [], "edges": [], "graph": {"node_default": "x"}}', "reserved for GraphML key defaults"),
        ('{"nodes": [{"id": "a", "x": 1e400}], "edges": []}', "not valid JSON (the number '1e400' is out"),
        ('{"nodes": [{"id": NaN}], "edges": []}', "not valid JSON (NaN is not a JSON number)"),
        ('{"nodes": [{"id": "\\ud800"}], "edges": []}', "a lone surrogate"),
        ('{"nodes": [], "edges": [], "nodes": []}', "the key 'nodes' is given twice"),
        ('{"nodes": [{"id": "a", "n": ' + LONG + "}], " + '"edges": []}', "an integer of 5000 digits"),
        (DEEP, "nested deeper than 100 levels"),
        ('{"nodes": [{"id": "a", "x": ' + DEEP + "}], " + '"edges": []}', "nested deeper than 100 levels"),
    ],
)
def test_a_wrong_node_link_file_is_a_graph_format_error(text: str, message: str) -> None:
    with pytest.raises(GraphFormatError) as caught:
        read_node_link_json(text)
    assert str(caught.value).startswith("node-link JSON: ")
    assert message in str(caught.value)


def test_a_node_link_file_keeps_what_it_may_hold() -> None:
    text = '{"nodes": [{"id": "a", "n": 10000000000000000000000, "f": 0.5, "b": true}], "edges": []}'
    assert dict(read_node_link_json(text).nodes["a"]) == {"n": 10**22, "f": 0.5, "b": True}


# --- GraphML -----------------------------------------------------------------------------------------------

G = '<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">{}</graphml>'
KEY = '<key id="d0" for="node" attr.name="x" attr.type="{}"/>'


def _graph(body: str, key: str = "") -> bytes:
    return G.format(key + f'<graph edgedefault="directed">{body}</graph>').encode("utf-8")


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (b"", "not XML (no element found"),
        (b"<a/>", "expected a <graphml> document in the GraphML namespace"),
        (G.format("").encode(), "expected one <graph>, got 0"),
        (G.format('<graph edgedefault="directed"/>' * 2).encode(), "expected one <graph>, got 2"),
        (G.format('<graph><node id="a"/></graph>').encode(), "expected a directed graph"),
        (_graph("<node/>"), "a <node> without an 'id'"),
        (_graph('<node id="a"/><node id="a"/>'), "node 'a' is declared twice"),
        (_graph('<node id="a"/><edge source="a" target="b"/>'), "edge 0: 'target': no node 'b' is declared"),
        (_graph('<node id="a"/><edge target="a"/>'), "edge 0: no 'source'"),
        (_graph('<node id="a"/>' + '<edge source="a" target="a"/>' * 2), "is given twice (parallel edges"),
        (_graph('<node id="a"/><edge source="a" target="a" directed="false"/>'), "expected a directed edge"),
        (_graph('<node id="a"><graph/></node>'), "node 'a': <graph> elements are not read"),
        (_graph('<node id="a"><port name="p"/></node>'), "node 'a': <port> elements are not read"),
        (_graph('<node id="a"/><hyperedge/>'), "<hyperedge> elements are not read"),
        (_graph('<node id="a"><data key="nokey">1</data></node>'), "<data> of an undeclared key 'nokey'"),
        (_graph('<node id="a"><data key="d0">zz</data></node>', KEY.format("int")), "expected an integer"),
        (_graph(f'<node id="a"><data key="d0">{LONG}</data></node>', KEY.format("long")), "at most 4300"),
        (
            _graph('<node id="a"><data key="d0">maybe</data></node>', KEY.format("boolean")),
            "expected true or",
        ),
        (_graph('<node id="a"><data key="d0">1e999</data></node>', KEY.format("double")), "a finite number"),
        (_graph('<node id="a"><data key="d0">nan</data></node>', KEY.format("double")), "a finite number"),
        (_graph('<node id="a"><data key="d0">1</data></node>', KEY.format("weird")), "expected attr.type"),
        (
            _graph('<node id="a"><data key="d0"><y:x xmlns:y="y"/></data></node>', KEY.format("string")),
            "inside",
        ),
        (
            _graph(
                '<node id="a"/><edge source="a" target="a"><data key="d0">1</data></edge>', KEY.format("int")
            ),
            "the key 'd0' is for node, not edge",
        ),
        (
            _graph('<node id="a"><data key="d0">1</data><data key="d0">2</data></node>', KEY.format("int")),
            "attribute 'x' is given twice",
        ),
        (G.format('<key id="d0" attr.name="x"/><key id="d0" attr.name="y"/>').encode(), "declared twice"),
        (G.format('<key id="d0"/>').encode(), "a <key> needs an 'id' and an 'attr.name'"),
    ],
)
def test_a_wrong_graphml_file_is_a_graph_format_error(xml: bytes, message: str) -> None:
    with pytest.raises(GraphFormatError) as caught:
        read_graphml(io.BytesIO(xml))
    assert str(caught.value).startswith("GraphML: <stream>: ")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("given", "message"), [(5, "got int"), (None, "got NoneType"), (b"x.graphml", "bytes")]
)
def test_graphml_reads_a_path_or_a_binary_file_only(given: object, message: str) -> None:
    with pytest.raises(GraphFormatError, match=message):
        read_graphml(given)  # type: ignore[arg-type]


def test_graphml_names_the_file_it_cannot_read(tmp_path: Path) -> None:
    with pytest.raises(GraphFormatError, match=r"GraphML: .*missing.graphml: cannot read the file \(No such"):
        read_graphml(tmp_path / "missing.graphml")
    with pytest.raises(GraphFormatError, match="cannot read the file"):
        read_graphml(str(tmp_path / "a\x00b"))
    closed = io.BytesIO(b"<x/>")
    closed.close()
    with pytest.raises(GraphFormatError, match="cannot read the file"):
        read_graphml(closed)


def test_graphml_reads_types_defaults_and_text_streams() -> None:
    xml = G.format(
        '<key id="b" for="node" attr.name="b" attr.type="boolean"><default>false</default></key>'
        '<key id="i" for="edge" attr.name="i" attr.type="int"/><key id="g" for="graph" attr.name="g"/>'
        '<graph edgedefault="directed"><data key="g">图</data><node id="a"><data key="b">TRUE</data></node>'
        '<node id="b"/><edge source="a" target="b" id="e1"><data key="i"> -7 </data></edge></graph>'
    )
    g = read_graphml(io.StringIO(xml))
    assert dict(g.nodes["a"]) == {"b": True} and dict(g.nodes["b"]) == {}
    assert dict(g.edges["a", "b"]) == {"i": -7, "id": "e1"}
    assert g.graph == {"node_default": {"b": False}, "g": "图"}


def test_write_graphml_refuses_what_xml_cannot_hold() -> None:
    g: nx.DiGraph[str] = nx.DiGraph()
    g.add_node("a", x="\x01")
    with pytest.raises(GraphFormatError, match="U\\+0001, which XML cannot hold"):
        write_graphml(g, io.BytesIO())
    g = nx.DiGraph()
    g.add_node("a\ud800")
    with pytest.raises(GraphFormatError, match="node 'a\\\\ud800' holds the character U\\+D800"):
        write_graphml(g, io.BytesIO())
    g = nx.DiGraph()
    g.add_node("a", x=float("inf"))
    with pytest.raises(GraphFormatError, match="only finite numbers round-trip"):
        write_graphml(g, io.BytesIO())
    g = nx.DiGraph(node_default="x")
    with pytest.raises(GraphFormatError, match="must be a dict of key defaults"):
        write_graphml(g, io.BytesIO())


def test_what_the_node_link_reader_accepts_writes_and_reads_back_as_graphml() -> None:
    text = node_link_json(jx.task_graph())
    buffer = io.BytesIO()
    write_graphml(read_node_link_json(text), buffer)
    buffer.seek(0)
    assert nx.utils.graphs_equal(read_graphml(buffer), jx.task_graph())


# --- RACI CSV ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("body,name_en,1.1,1.1\n", "RACI CSV line 1: the task '1.1' is given twice"),
        ("body,name_en,,1.1\n", "RACI CSV line 1: column 3 has no task id"),
        ("body,name_en,1.1\nx,y,L\nx,z,C\n", "RACI CSV line 3: the body 'x' is already a body given on an"),
        ("body,name_en,1.1\n1.1,y,L\n", "RACI CSV line 2: the body '1.1' is already a task id"),
        ("body,name_en,1.1\n,y,L\n", "RACI CSV line 2: the body name is empty"),
        ('body,name_en,1.1\n"a\nb",y,X\n', "RACI CSV line 3, task 1.1: expected one of L, C, L+C or blank"),
        ("body,name_en,x\n" + "a" * 200_000 + ",b,L\n", "RACI CSV line 2: field larger than field limit"),
        (b"body,name_en\n\xff\n", "RACI CSV: not UTF-8 text (invalid start byte at byte 13)"),
        ("body,name_en\n\ud800,x\n", "RACI CSV: a lone surrogate U+D800"),
        (5, "RACI CSV: expected text, got int"),
    ],
)
def test_a_wrong_raci_file_is_a_graph_format_error(text: str, message: str) -> None:
    with pytest.raises(GraphFormatError) as caught:
        read_raci_csv(text)
    assert message in str(caught.value)


def test_raci_reads_bytes_a_byte_order_mark_and_blank_lines() -> None:
    text = raci_csv(jx.task_graph())
    back = read_raci_csv(b"\xef\xbb\xbf" + text.replace("\n", "\n\n", 3).encode("utf-8"))
    assert set(back) == set(jx.task_graph())


# --- the hazard log ----------------------------------------------------------------------------------------


def _two_hazards() -> tuple[str, str]:
    first, second = closed_in_grid("HZ-1").events, reported("HZ-2").events
    return "".join(jh.event_to_json(e) + "\n" for e in first), jh.event_to_json(second[0]) + "\n"


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (DEEP, "not valid JSON (nested deeper than 100 levels)"),
        ('{"format":1,"seq":' + LONG + "}", "not valid JSON (an integer of 5000 digits, more than 4300)"),
        ('{"format":NaN}', "not valid JSON (NaN is not a JSON number)"),
        ('{"format":1,"format":1}', "not valid JSON (the key 'format' is given twice in one object)"),
        (
            '{"format":1,"hazard":"\\ud800"}',
            "not valid JSON (a lone surrogate \\ud800, which is not Unicode text)",
        ),
        ('{"format":1,"lat":1e400}', "not valid JSON (the number '1e400' is out of range)"),
    ],
)
def test_a_hostile_line_in_the_middle_is_corrupted_and_the_rest_kept(bad: str, reason: str) -> None:
    first, second = _two_hazards()
    result = jh.parse_hazard_log(first + bad + "\n" + second, source="h.jsonl")
    assert [str(p) for p in result.problems] == [f"line 7 (corrupted): {reason}"]
    assert [e.hazard for e in result.events] == ["HZ-1"] * 6 + ["HZ-2"]
    with pytest.raises(jh.HazardLogError) as caught:
        result.check()
    assert str(caught.value) == f"h.jsonl: line 7: corrupted: {reason}"


@pytest.mark.parametrize("tail", ['{"format":1,"seq":' + LONG, '{"format":1,"seq":' + "9" * 50, DEEP[:1500]])
def test_a_last_line_cut_inside_a_long_number_or_deep_nesting_is_truncated(tail: str) -> None:
    first, _ = _two_hazards()
    result = jh.parse_hazard_log(first + tail, source="h.jsonl")
    [problem] = result.problems
    assert (problem.line, problem.kind) == (7, "truncated")
    assert len(result.events) == 6


@pytest.mark.parametrize(
    "text", [DEEP, '{"format":1,"seq":' + LONG + "}", '{"format":1,"format":1}', b"\xff"]
)
def test_event_from_json_refuses_with_the_package_error(text: str | bytes) -> None:
    with pytest.raises(jx.XiaofangError, match="not valid JSON"):
        jh.event_from_json(text)


def test_a_long_value_is_shown_cut_in_the_message() -> None:
    line = json.dumps({"format": 1, "hazard": ["x" * 10_000]})
    [problem] = jh.parse_hazard_log(line + "\n").problems
    assert problem.message.startswith("key 'hazard': expected a string, got [\"xxx")
    assert problem.message.endswith("... (10004 characters)") and len(problem.message) < 150


# --- the ORG export's base ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "reason"),
    [
        ("http://x y/", "an IRI cannot hold ' '"),
        ("http://x/<y>/", "an IRI cannot hold '<'"),
        ("http://x/|/", "an IRI cannot hold '|'"),
        ("http://x/\\/", "an IRI cannot hold '\\\\'"),
        ("http://x/`/", "an IRI cannot hold '`'"),
        ("http://x/\n/", "an IRI cannot hold '\\n'"),
        ("http://x/\ud800/", "an IRI cannot hold '\\ud800'"),
        ("http://x/%zz/", "'%' must be followed by two hexadecimal digits"),
        ("http://[::1/", "Invalid IPv6 URL"),
        ("1http://x/", ""),
    ],
)
def test_a_base_that_is_not_an_iri_is_refused_before_rdflib_sees_it(base: str, reason: str) -> None:
    pytest.importorskip("rdflib")
    from jiceng_xiaofang.org import sample_district, to_org_turtle

    with pytest.raises(jx.XiaofangError) as caught:
        to_org_turtle(sample_district(), base=base)
    assert str(caught.value).startswith("base: expected an absolute IRI ending in '/' or '#', got ")
    assert str(caught.value).endswith(reason)


def test_the_org_command_refuses_a_bad_base_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("rdflib")
    from jiceng_xiaofang.cli import main

    assert main(["org", "--format", "turtle", "--base", "http://x y/"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "an IRI cannot hold ' '" in err


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("a\x00b", "a\\x00b: cannot read the file (embedded null byte)"),
        ("\ud800.jsonl", "\\ud800.jsonl: cannot read the file ('utf-8' codec can't encode character"),
        (5, "5: expected the path of a file, got int"),
        (b"h.jsonl", "b'h.jsonl': expected the path of a file, got bytes"),
    ],
)
def test_read_hazard_log_refuses_a_path_it_cannot_open(path: object, message: str) -> None:
    with pytest.raises(jh.HazardLogError) as caught:
        jh.read_hazard_log(path)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)
