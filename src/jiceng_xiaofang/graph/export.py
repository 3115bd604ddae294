"""Task graph exports: node-link JSON, GraphML and a RACI-style matrix (CSV, rows, DataFrame).

Each export reads back: :func:`read_node_link_json` and :func:`read_graphml`
give a graph equal to the one written (nodes, edges and every attribute);
:func:`read_raci_csv` gives the same bodies, tasks and roles.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from .. import _json
from .._extras import require_extra
from ..errors import XiaofangError
from .build import COOPERATING, LEAD
from .queries import bodies, tasks

if TYPE_CHECKING:
    import pandas

__all__ = [
    "RACI_CELLS",
    "GraphFormatError",
    "node_link_json",
    "raci_csv",
    "raci_frame",
    "raci_rows",
    "read_graphml",
    "read_node_link_json",
    "read_raci_csv",
    "write_graphml",
]

RACI_CELLS = {"L": "lead", "C": "cooperating", "L+C": "lead, also listed as cooperating"}
"""The cells of the RACI-style matrix and what they mean; a blank cell means no role."""


class GraphFormatError(XiaofangError):
    """A graph file or text that cannot be read back as a task graph.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import GraphFormatError, read_node_link_json
    >>> read_node_link_json("[]")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.graph.export.GraphFormatError: node-link JSON: expected an object with 'nodes' and 'edges'
    >>> issubclass(GraphFormatError, jx.XiaofangError)
    True
    """


def node_link_json(g: nx.DiGraph[str], *, indent: int | None = 2) -> str:
    """The graph as node-link JSON (UTF-8 text, Chinese kept readable, edges under ``"edges"``).

    Examples
    --------
    >>> import json
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import node_link_json
    >>> data = json.loads(node_link_json(jx.task_graph()))
    >>> len(data["nodes"]), len(data["edges"]), data["edges"][0]["source"]
    (37, 116, '各街道办事处')
    """
    data = nx.node_link_data(g, edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=indent)


def read_node_link_json(text: str | bytes) -> nx.DiGraph[str]:
    """Read node-link JSON written by :func:`node_link_json` back into a graph.

    The text must be what :func:`node_link_json` writes: an object with
    ``nodes`` (objects with a non-empty string ``id``, each id once) and
    ``edges`` (objects with the ``source`` and ``target`` of listed nodes,
    each pair once), optionally ``directed`` (true), ``multigraph`` (false)
    and ``graph``; every attribute a string, a finite number or a boolean.
    Anything else raises :class:`GraphFormatError` naming the node, edge or
    key, as do JSON this package refuses to read (``NaN``, a number out of
    range, a key given twice, a lone surrogate, nesting more than 100 deep).

    Examples
    --------
    >>> import networkx as nx
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import node_link_json, read_node_link_json
    >>> g = jx.task_graph()
    >>> nx.utils.graphs_equal(read_node_link_json(node_link_json(g)), g)
    True
    >>> read_node_link_json('{"nodes": [{"id": "a"}], "edges": [{"source": "a", "target": "b"}]}')
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.graph.export.GraphFormatError: node-link JSON: edge 0: 'target': no node 'b' in 'nodes'
    """
    try:
        data = _json.loads(text)
    except _json.JsonError as exc:
        raise GraphFormatError(f"node-link JSON: not valid JSON ({exc})") from None
    if not isinstance(data, dict) or "nodes" not in data or "edges" not in data:
        raise GraphFormatError("node-link JSON: expected an object with 'nodes' and 'edges'")
    extra = sorted(set(data) - set(_NODE_LINK_KEYS))
    if extra:
        raise GraphFormatError(
            f"node-link JSON: unknown key {_short(extra[0])}; expected {', '.join(map(repr, _NODE_LINK_KEYS))}"
        )
    if data.get("directed", True) is not True:
        raise GraphFormatError(
            f"node-link JSON: expected a directed graph, got 'directed': {_shown(data['directed'])}"
        )
    if data.get("multigraph", False) is not False:
        raise GraphFormatError(
            f"node-link JSON: expected a graph without parallel edges, got 'multigraph': {_shown(data['multigraph'])}"
        )
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.graph.update(_attributes(data.get("graph", {}), "'graph'", of_graph=True))
    nodes, edges = data["nodes"], data["edges"]
    if not isinstance(nodes, list) or not isinstance(edges, list):
        which = "nodes" if not isinstance(nodes, list) else "edges"
        raise GraphFormatError(f"node-link JSON: {which!r}: expected a list, got {_shown(data[which])}")
    for i, node in enumerate(nodes):
        if not isinstance(node, dict) or "id" not in node:
            raise GraphFormatError(f"node-link JSON: malformed node {i}: expected an object with an 'id'")
        node_id = _node_name(node["id"], f"node {i}: 'id'")
        if node_id in graph:
            raise GraphFormatError(f"node-link JSON: node {i}: the id {_short(node_id)} is given twice")
        graph.add_node(node_id)
        graph.nodes[node_id].update(_attributes(node, f"node {i} ({_short(node_id)})", skip=("id",)))
    for i, edge in enumerate(edges):
        if not isinstance(edge, dict) or "source" not in edge or "target" not in edge:
            raise GraphFormatError(
                f"node-link JSON: malformed edge {i}: expected an object with a 'source' and a 'target'"
            )
        ends = []
        for end in ("source", "target"):
            name = _node_name(edge[end], f"edge {i}: {end!r}")
            if name not in graph:
                raise GraphFormatError(
                    f"node-link JSON: edge {i}: {end!r}: no node {_short(name)} in 'nodes'"
                )
            ends.append(name)
        source, target = ends
        if graph.has_edge(source, target):
            raise GraphFormatError(
                f"node-link JSON: edge {i}: the edge {_short(source)} -> {_short(target)} is given twice"
            )
        where = f"edge {i} ({_short(source)} -> {_short(target)})"
        graph.add_edge(source, target)
        graph.edges[source, target].update(_attributes(edge, where, skip=("source", "target")))
    return graph


_NODE_LINK_KEYS = ("directed", "multigraph", "graph", "nodes", "edges")
_RESERVED = ("node_default", "edge_default")  # graph attributes where networkx keeps GraphML key defaults


def _short(text: str, limit: int = 40) -> str:
    """``text`` quoted for a message, cut to ``limit`` characters."""
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _shown(value: object) -> str:
    """A JSON value as a message shows it: scalars as written, containers by kind."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _short(value)
    text = str(value)
    return text if len(text) <= 40 else f"a number of {len(text)} characters"


def _node_name(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise GraphFormatError(f"node-link JSON: {where}: expected a non-empty string, got {_shown(value)}")
    return value


def _attributes(
    obj: object, where: str, *, skip: tuple[str, ...] = (), of_graph: bool = False
) -> dict[str, Any]:
    """The attributes of a node, an edge or the graph: each a string, a finite number or a boolean."""
    if not isinstance(obj, dict):
        raise GraphFormatError(f"node-link JSON: {where}: expected an object, got {_shown(obj)}")
    found: dict[str, Any] = {}
    for key, value in obj.items():
        if key in skip:
            continue
        if of_graph and key in _RESERVED:
            raise GraphFormatError(
                f"node-link JSON: {where}: attribute {key!r} is reserved for GraphML key defaults"
            )
        if not isinstance(value, str | int | float):  # bool is an int; floats are finite when read
            raise GraphFormatError(
                f"node-link JSON: {where}: attribute {_short(key)}: expected a string, a number or a boolean,"
                f" got {_shown(value)}"
            )
        found[key] = value
    return found


def write_graphml(g: nx.DiGraph[str], path: str | os.PathLike[str] | io.BufferedIOBase) -> None:
    """Write the graph as GraphML; every attribute is a string, int or bool, so it round-trips.

    Written for the clients that read GraphML differently: the graph's own
    data (``document``, ``title``, ``district``) comes before the nodes and
    edges, where graphology looks for it; and every node without a ``name``
    attribute gets its id as ``name``, the vertex name igraph looks nodes up
    by (``g.vs.find("区应急局")``).  :func:`read_graphml` drops a ``name``
    equal to the node's id, so the graph read back equals the one written.

    Examples
    --------
    >>> import io
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import read_graphml, write_graphml
    >>> buffer = io.BytesIO()
    >>> write_graphml(jx.task_graph(), buffer)
    >>> _ = buffer.seek(0)
    >>> read_graphml(buffer).edges["区消防救援支队", "4.5"]["also_cooperating"]
    True
    """
    for node, data in g.nodes(data=True):
        _check_xml_text(node, f"node {node!r}")
        _check_flat(data)
    for _, _, data in g.edges(data=True):
        _check_flat(data)
    for key in _RESERVED:
        if not isinstance(g.graph.get(key, {}), dict):
            raise GraphFormatError(f"GraphML: graph attribute {key!r} must be a dict of key defaults")
        _check_flat(g.graph.get(key, {}))
    _check_flat({k: v for k, v in g.graph.items() if k not in _RESERVED})
    named = nx.DiGraph(g)  # a shallow copy: the caller's graph is not touched
    for node, data in named.nodes(data=True):
        if "name" not in data:
            named.nodes[node]["name"] = node
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(named)
    for graph in writer.xml.findall("graph"):  # the graph's own data first, where graphology reads it
        data = graph.findall("data")
        for element in data:
            graph.remove(element)
        graph[0:0] = data
    writer.dump(path)


def _check_flat(data: dict[str, Any]) -> None:
    for key, value in data.items():
        if not isinstance(value, str | int | float | bool):
            raise GraphFormatError(
                f"GraphML: attribute {key!r} is {type(value).__name__}; only str, int, float, bool round-trip"
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise GraphFormatError(f"GraphML: attribute {key!r} is {value}; only finite numbers round-trip")
        _check_xml_text(value, f"attribute {key!r}")


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _check_xml_text(value: object, where: str) -> None:
    """Refuse a string that XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE, U+FFFF)."""
    if isinstance(value, str):
        found = _NOT_XML.search(value)
        if found:
            raise GraphFormatError(
                f"GraphML: {where} holds the character U+{ord(found.group()):04X}, which XML cannot hold"
            )


def read_graphml(path: str | os.PathLike[str] | io.IOBase) -> nx.DiGraph[str]:
    """Read GraphML written by :func:`write_graphml` (a path, or a file object open for reading).

    Reads the GraphML that :func:`write_graphml` writes: one directed
    ``<graph>`` of ``<node>`` and ``<edge>`` elements with ``<data>`` for
    declared ``<key>`` elements of type string, int, long, float, double or
    boolean.  Anything else raises :class:`GraphFormatError` naming the
    element: a second or nested graph, hyperedges and ports, a node declared
    twice, an edge to an undeclared node, parallel edges, data of an
    undeclared key or with elements inside, a value that is not of its key's
    type (an integer of more than 4,300 digits, a number out of range).

    Examples
    --------
    >>> import io
    >>> import networkx as nx
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import read_graphml, write_graphml
    >>> g = jx.task_graph()
    >>> buffer = io.BytesIO()
    >>> write_graphml(g, buffer)
    >>> _ = buffer.seek(0)
    >>> back = read_graphml(buffer)
    >>> nx.utils.graphs_equal(g, back), back.number_of_nodes(), back.number_of_edges()
    (True, 37, 116)
    >>> read_graphml(io.BytesIO(b"not xml"))
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.graph.export.GraphFormatError: GraphML: <stream>: not XML (syntax error: line 1, column 0)
    """
    name, raw = _graphml_input(path)
    if isinstance(raw, str):
        found = _NOT_XML.search(raw)
        if found and 0xD800 <= ord(found.group()) <= 0xDFFF:
            raise GraphFormatError(
                f"GraphML: {name}: a lone surrogate U+{ord(found.group()):04X}, which is not Unicode text"
            )
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError as exc:
        raise GraphFormatError(f"GraphML: {name}: not XML ({exc})") from None
    return _GraphML(name).read(root)


def _graphml_input(source: object) -> tuple[str, bytes | str]:
    """The name of a GraphML source and its content."""
    if isinstance(source, str | os.PathLike):
        name = str(os.fspath(source))
        try:
            return name, Path(name).read_bytes()
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise GraphFormatError(f"GraphML: {name}: cannot read the file ({reason})") from None
    read = getattr(source, "read", None)
    if not callable(read) or isinstance(source, type):
        raise GraphFormatError(f"GraphML: expected a path or a binary file, got {type(source).__name__}")
    given = getattr(source, "name", None)
    name = given if isinstance(given, str) else "<stream>"
    try:
        content = read()
    except (OSError, ValueError) as exc:  # ValueError: a closed file
        raise GraphFormatError(f"GraphML: {name}: cannot read the file ({exc})") from None
    if not isinstance(content, bytes | str):
        raise GraphFormatError(
            f"GraphML: {name}: expected the file to give bytes, got {type(content).__name__}"
        )
    return name, content


_GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
_GRAPHML_TYPES: dict[str, type] = {
    "string": str,
    "int": int,
    "integer": int,
    "long": int,
    "float": float,
    "double": float,
    "boolean": bool,
}
_GRAPHML_DOMAINS = ("all", "graph", "node", "edge", "graphml", "hyperedge", "port", "endpoint")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class _GraphML:
    """The reader of one GraphML document: checks each element it reads and names it in errors."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.keys: dict[str, tuple[str, type, str]] = {}  # id -> (attribute name, type, domain)

    def fail(self, message: str) -> GraphFormatError:
        return GraphFormatError(f"GraphML: {self.name}: {message}")

    def read(self, root: ElementTree.Element) -> nx.DiGraph[str]:
        if root.tag != f"{_GRAPHML}graphml":
            raise self.fail(
                f"expected a <graphml> document in the GraphML namespace, got <{_short(root.tag)}>"
            )
        defaults: dict[str, dict[str, Any]] = {"node": {}, "edge": {}}
        for key in root.findall(f"{_GRAPHML}key"):
            self._key(key, defaults)
        graphs = root.findall(f"{_GRAPHML}graph")
        if len(graphs) != 1:
            raise self.fail(f"expected one <graph>, got {len(graphs)}")
        [top] = graphs
        if top.get("edgedefault") != "directed":
            raise self.fail(
                f'expected a directed graph (edgedefault="directed"), got {_short(str(top.get("edgedefault")))}'
            )
        graph: nx.DiGraph[str] = nx.DiGraph()
        for kind, values in defaults.items():
            if values:
                graph.graph[f"{kind}_default"] = values
        for child in top:
            if child.tag in (f"{_GRAPHML}hyperedge", f"{_GRAPHML}graph"):
                raise self.fail(f"<{child.tag.removeprefix(_GRAPHML)}> elements are not read")
        for node in top.findall(f"{_GRAPHML}node"):
            self._node(graph, node)
        for number, edge in enumerate(top.findall(f"{_GRAPHML}edge")):
            self._edge(graph, edge, number)
        data = self._data(top, "graph", "the graph")
        reserved = sorted(set(data) & set(_RESERVED))
        if reserved:
            raise self.fail(f"the graph: attribute {reserved[0]!r} is reserved for key defaults")
        graph.graph.update(data)
        return graph

    def _key(self, key: ElementTree.Element, defaults: dict[str, dict[str, Any]]) -> None:
        key_id, name = key.get("id"), key.get("attr.name")
        if key_id is None or name is None:
            raise self.fail("a <key> needs an 'id' and an 'attr.name'")
        if key_id in self.keys:
            raise self.fail(f"the key {_short(key_id)} is declared twice")
        type_name = key.get("attr.type", "string")
        if type_name not in _GRAPHML_TYPES:
            raise self.fail(
                f"key {_short(key_id)}: expected attr.type {', '.join(_GRAPHML_TYPES)}, got {_short(type_name)}"
            )
        domain = key.get("for", "all")
        if domain not in _GRAPHML_DOMAINS:
            raise self.fail(
                f"key {_short(key_id)}: expected for= {', '.join(_GRAPHML_DOMAINS)}, got {_short(domain)}"
            )
        self.keys[key_id] = (name, _GRAPHML_TYPES[type_name], domain)
        default = key.find(f"{_GRAPHML}default")
        if default is not None:
            value = self._value(default, key_id, f"the default of key {_short(key_id)}")
            for kind in ("node", "edge"):
                if domain in (kind, "all"):
                    defaults[kind][name] = value

    def _node(self, graph: nx.DiGraph[str], node: ElementTree.Element) -> None:
        node_id = node.get("id")
        if not node_id:
            raise self.fail("a <node> without an 'id'")
        where = f"node {_short(node_id)}"
        if node_id in graph:
            raise self.fail(f"{where} is declared twice")
        for child in node:
            if child.tag in (f"{_GRAPHML}graph", f"{_GRAPHML}port"):
                raise self.fail(f"{where}: <{child.tag.removeprefix(_GRAPHML)}> elements are not read")
        data = self._data(node, "node", where)
        if data.get("name") == node_id:
            del data["name"]  # the vertex name write_graphml adds for igraph
        graph.add_node(node_id)
        graph.nodes[node_id].update(data)

    def _edge(self, graph: nx.DiGraph[str], edge: ElementTree.Element, number: int) -> None:
        ends = []
        for end in ("source", "target"):
            name = edge.get(end)
            if not name:
                raise self.fail(f"edge {number}: no {end!r}")
            if name not in graph:
                raise self.fail(f"edge {number}: {end!r}: no node {_short(name)} is declared")
            ends.append(name)
        source, target = ends
        where = f"the edge {_short(source)} -> {_short(target)}"
        if edge.get("directed", "true") != "true":
            raise self.fail(
                f"{where}: expected a directed edge, got directed={_short(str(edge.get('directed')))}"
            )
        if graph.has_edge(source, target):
            raise self.fail(f"{where} is given twice (parallel edges are not read)")
        for child in edge:
            if child.tag == f"{_GRAPHML}port":
                raise self.fail(f"{where}: <port> elements are not read")
        data = self._data(edge, "edge", where)
        edge_id = edge.get("id")
        if edge_id and "id" not in data:
            data["id"] = edge_id
        graph.add_edge(source, target)
        graph.edges[source, target].update(data)

    def _data(self, element: ElementTree.Element, domain: str, where: str) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for data in element.findall(f"{_GRAPHML}data"):
            key_id = data.get("key")
            if key_id is None or key_id not in self.keys:
                raise self.fail(f"{where}: <data> of an undeclared key {_short(str(key_id))}")
            name, _, for_ = self.keys[key_id]
            if for_ not in ("all", domain):
                raise self.fail(f"{where}: the key {_short(key_id)} is for {for_}, not {domain}")
            if name in found:
                raise self.fail(f"{where}: attribute {_short(name)} is given twice")
            found[name] = self._value(data, key_id, f"{where}: attribute {_short(name)}")
        return found

    def _value(self, element: ElementTree.Element, key_id: str, where: str) -> Any:
        if len(element):
            raise self.fail(
                f"{where}: expected a value, got elements inside (an extension this reader does not read)"
            )
        text = element.text or ""
        kind = self.keys[key_id][1]
        if kind is str:
            return text
        stripped = text.strip()
        if kind is bool:
            if stripped.lower() not in _BOOLEANS:
                raise self.fail(f"{where}: expected true or false, got {_short(text)}")
            return _BOOLEANS[stripped.lower()]
        if kind is int:
            digits = len(stripped.lstrip("+-"))
            if not _INTEGER.fullmatch(stripped) or digits > _json.MAX_DIGITS:
                got = _short(text) if len(text) <= 40 else f"a text of {len(text)} characters"
                raise self.fail(
                    f"{where}: expected an integer of at most {_json.MAX_DIGITS} digits, got {got}"
                )
            return int(stripped)
        if not _DECIMAL.fullmatch(stripped) or not math.isfinite(value := float(stripped)):
            got = _short(text) if len(text) <= 40 else f"a text of {len(text)} characters"
            raise self.fail(f"{where}: expected a finite number, got {got}")
        return value


def _cell(data: dict[str, Any] | None) -> str:
    if data is None:
        return ""
    if data["role"] == LEAD:
        return "L+C" if data["also_cooperating"] else "L"
    return "C"


def raci_rows(g: nx.DiGraph[str]) -> list[list[str]]:
    """The RACI-style matrix as rows: a header of task ids, then a row per body.

    Cells are ``L`` (lead), ``C`` (cooperating), ``L+C`` (both, as the source
    says for 4.5) or blank.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import raci_rows
    >>> rows = raci_rows(jx.task_graph())
    >>> rows[0][:4]
    ['body', 'name_en', '1.1', '1.2']
    >>> fire = next(r for r in rows if r[0] == "区消防救援支队")
    >>> fire[rows[0].index("4.5")], fire[rows[0].index("1.1")], fire[rows[0].index("1.3")]
    ('L+C', 'C', 'L')
    """
    task_ids = tasks(g)
    rows = [["body", "name_en", *task_ids]]
    for body in bodies(g):
        rows.append([body, g.nodes[body]["name_en"], *(_cell(g.get_edge_data(body, t)) for t in task_ids)])
    return rows


def raci_csv(g: nx.DiGraph[str], *, excel: bool = True) -> str:
    r"""The RACI-style matrix as CSV text, Chinese as is.

    Parameters
    ----------
    g
        A task graph.
    excel
        By default the text starts with a byte-order mark and ends its lines
        with CRLF, as Excel (on Chinese Windows too) and LibreOffice need to
        open a CSV file as UTF-8 without asking; write it to a file with
        ``newline=""`` and ``encoding="utf-8"``.  ``excel=False`` gives plain
        UTF-8 text with LF line ends, for programs.
        :func:`read_raci_csv` reads either.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import raci_csv
    >>> text = raci_csv(jx.task_graph())
    >>> text[:13], text.splitlines(keepends=True)[0][-2:]
    ('\ufeffbody,name_en', '\r\n')
    >>> raci_csv(jx.task_graph(), excel=False).splitlines()[1].split(",")[:6]
    ['各街道办事处', 'every street office', 'L', 'L', 'L', 'C']
    """
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n" if excel else "\n").writerows(raci_rows(g))
    return ("\ufeff" if excel else "") + out.getvalue()


def read_raci_csv(text: str | bytes) -> nx.DiGraph[str]:
    r"""Read a RACI matrix back into a task graph of bodies, tasks and roles.

    The matrix carries body names (with ``name_en``), task ids and roles only;
    other attributes come from :func:`~jiceng_xiaofang.task_graph`.  Text or
    UTF-8 bytes (a byte-order mark is allowed); blank lines are skipped.  A
    header that does not start ``body,name_en``, an empty or repeated task id
    or body name, a body named like a task, a row of the wrong length or a
    cell other than ``L``, ``C``, ``L+C`` or blank raises
    :class:`GraphFormatError` with its line.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import raci_csv, read_raci_csv
    >>> g = read_raci_csv(raci_csv(jx.task_graph()))
    >>> g.edges["区消防救援支队", "4.5"]["role"], g.edges["区消防救援支队", "4.5"]["also_cooperating"]
    ('lead', True)
    >>> read_raci_csv("body,name_en,1.1,1.1\n")
    Traceback (most recent call last):
    ...
    jiceng_xiaofang.graph.export.GraphFormatError: RACI CSV line 1: the task '1.1' is given twice
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise GraphFormatError(f"RACI CSV: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    elif not isinstance(text, str):
        raise GraphFormatError(f"RACI CSV: expected text, got {type(text).__name__}")
    found = _NOT_XML.search(text)
    if found and 0xD800 <= ord(found.group()) <= 0xDFFF:
        raise GraphFormatError(
            f"RACI CSV: a lone surrogate U+{ord(found.group()):04X}, which is not Unicode text"
        )
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    try:
        return _raci_graph(reader)
    except csv.Error as exc:
        raise GraphFormatError(f"RACI CSV line {reader.line_num}: {exc}") from None


def _raci_graph(reader: Any) -> nx.DiGraph[str]:
    header = next(reader, None)
    if not header or header[:2] != ["body", "name_en"]:
        raise GraphFormatError("RACI CSV: the header must start with 'body,name_en'")
    task_ids = header[2:]
    g: nx.DiGraph[str] = nx.DiGraph()
    for number, task in enumerate(task_ids, start=1):
        if not task:
            raise GraphFormatError(f"RACI CSV line 1: column {number + 2} has no task id")
        if task in g:
            raise GraphFormatError(f"RACI CSV line 1: the task {_short(task)} is given twice")
        g.add_node(task, kind="task", bipartite=1, number=number)
    for row in reader:
        line = reader.line_num
        if not row:
            continue
        if len(row) != len(header):
            raise GraphFormatError(f"RACI CSV line {line}: expected {len(header)} cells, got {len(row)}")
        body, name_en, *cells = row
        if not body:
            raise GraphFormatError(f"RACI CSV line {line}: the body name is empty")
        if body in g:
            what = "a task id" if g.nodes[body]["kind"] == "task" else "a body given on an earlier line"
            raise GraphFormatError(f"RACI CSV line {line}: the body {_short(body)} is already {what}")
        g.add_node(body, kind="body", bipartite=0, name_en=name_en)
        for task, cell in zip(task_ids, cells, strict=True):
            if cell == "":
                continue
            if cell not in RACI_CELLS:
                raise GraphFormatError(
                    f"RACI CSV line {line}, task {task}: expected one of L, C, L+C or blank; got {_short(cell)}"
                )
            role = COOPERATING if cell == "C" else LEAD
            g.add_edge(body, task, role=role, also_cooperating=cell == "L+C")
    return g


def raci_frame(g: nx.DiGraph[str]) -> pandas.DataFrame:
    """The RACI-style matrix as a pandas DataFrame (needs the ``pandas`` extra).

    Rows are indexed by body, columns are ``name_en`` then the task ids.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import raci_frame
    >>> frame = raci_frame(jx.task_graph())  # doctest: +SKIP
    >>> frame.loc["区消防救援支队", "4.5"]  # doctest: +SKIP
    'L+C'
    """
    require_extra("pandas", "raci_frame")
    import pandas

    header, *rows = raci_rows(g)
    return pandas.DataFrame(rows, columns=header).set_index("body")
