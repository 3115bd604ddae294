"""Task graph exports: node-link JSON, GraphML and a RACI-style matrix (CSV, rows, DataFrame).

Each export reads back: :func:`read_node_link_json` and :func:`read_graphml`
give a graph equal to the one written (nodes, edges and every attribute);
:func:`read_raci_csv` gives the same bodies, tasks and roles.
"""

from __future__ import annotations

import csv
import io
import json
import os
from typing import TYPE_CHECKING, Any

import networkx as nx

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

    Examples
    --------
    >>> import networkx as nx
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import node_link_json, read_node_link_json
    >>> g = jx.task_graph()
    >>> nx.utils.graphs_equal(read_node_link_json(node_link_json(g)), g)
    True
    """
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise GraphFormatError(f"node-link JSON: not valid JSON ({exc})") from None
    if not isinstance(data, dict) or "nodes" not in data or "edges" not in data:
        raise GraphFormatError("node-link JSON: expected an object with 'nodes' and 'edges'")
    for i, node in enumerate(data["nodes"]):
        if not isinstance(node, dict) or "id" not in node:
            raise GraphFormatError(f"node-link JSON: malformed node {i}: expected an object with an 'id'")
    try:
        graph = nx.node_link_graph(data, directed=True, multigraph=False, edges="edges")
    except (KeyError, TypeError, nx.NetworkXError) as exc:
        raise GraphFormatError(f"node-link JSON: malformed node or edge ({exc!r})") from None
    if not isinstance(graph, nx.DiGraph):
        raise GraphFormatError("node-link JSON: expected a directed graph")
    return graph


def write_graphml(g: nx.DiGraph[str], path: str | os.PathLike[str] | io.BufferedIOBase) -> None:
    """Write the graph as GraphML; every attribute is a string, int or bool, so it round-trips.

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
    for _, data in g.nodes(data=True):
        _check_flat(data)
    for _, _, data in g.edges(data=True):
        _check_flat(data)
    nx.write_graphml(g, path)


def _check_flat(data: dict[str, Any]) -> None:
    for key, value in data.items():
        if not isinstance(value, str | int | float | bool):
            raise GraphFormatError(
                f"GraphML: attribute {key!r} is {type(value).__name__}; only str, int, float, bool round-trip"
            )


def read_graphml(path: str | os.PathLike[str] | io.BufferedIOBase) -> nx.DiGraph[str]:
    """Read GraphML written by :func:`write_graphml`.

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
    jiceng_xiaofang.graph.export.GraphFormatError: GraphML: cannot read <...> (syntax error: line 1, column 0)
    """
    try:
        graph = nx.read_graphml(path, node_type=str)
    except (nx.NetworkXError, OSError, SyntaxError) as exc:
        raise GraphFormatError(f"GraphML: cannot read {path!r} ({exc})") from None
    if not isinstance(graph, nx.DiGraph) or graph.is_multigraph():
        raise GraphFormatError("GraphML: expected a directed graph without parallel edges")
    for key in ("node_default", "edge_default"):  # added by the reader, empty for our files
        if graph.graph.get(key) == {}:
            del graph.graph[key]
    return graph


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


def raci_csv(g: nx.DiGraph[str]) -> str:
    """The RACI-style matrix as CSV text (UTF-8, Chinese as is).

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import raci_csv
    >>> raci_csv(jx.task_graph()).splitlines()[1].split(",")[:6]
    ['各街道办事处', 'every street office', 'L', 'L', 'L', 'C']
    """
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(raci_rows(g))
    return out.getvalue()


def read_raci_csv(text: str) -> nx.DiGraph[str]:
    """Read a RACI matrix back into a task graph of bodies, tasks and roles.

    The matrix carries body names (with ``name_en``), task ids and roles only;
    other attributes come from :func:`~jiceng_xiaofang.task_graph`.

    Examples
    --------
    >>> import jiceng_xiaofang as jx
    >>> from jiceng_xiaofang.graph import raci_csv, read_raci_csv
    >>> g = read_raci_csv(raci_csv(jx.task_graph()))
    >>> g.edges["区消防救援支队", "4.5"]["role"], g.edges["区消防救援支队", "4.5"]["also_cooperating"]
    ('lead', True)
    """
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0][:2] != ["body", "name_en"]:
        raise GraphFormatError("RACI CSV: the header must start with 'body,name_en'")
    task_ids = rows[0][2:]
    g: nx.DiGraph[str] = nx.DiGraph()
    for number, task in enumerate(task_ids, start=1):
        g.add_node(task, kind="task", bipartite=1, number=number)
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(rows[0]):
            raise GraphFormatError(f"RACI CSV line {line}: expected {len(rows[0])} cells, got {len(row)}")
        body, name_en, *cells = row
        g.add_node(body, kind="body", bipartite=0, name_en=name_en)
        for task, cell in zip(task_ids, cells, strict=True):
            if cell == "":
                continue
            if cell not in RACI_CELLS:
                raise GraphFormatError(
                    f"RACI CSV line {line}, task {task}: expected one of L, C, L+C or blank; got {cell!r}"
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
