"""The task graph against the source annex, its queries against facts read by hand, its exports."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import attrs
import networkx as nx
import pytest

import jiceng_xiaofang as jx
import seed_text as seed
from jiceng_xiaofang.cli import main
from jiceng_xiaofang.graph import (
    GraphFormatError,
    bodies,
    body_projection,
    centrality_ranking,
    cooperated_by,
    coordination_path,
    lead_bodies,
    led_by,
    node_link_json,
    partners,
    raci_csv,
    raci_frame,
    raci_rows,
    read_graphml,
    read_node_link_json,
    read_raci_csv,
    spread_lead_tasks,
    tasks,
    tasks_without_lead,
    workload_table,
    write_graphml,
)

ROWS = seed.source_rows()
CLAUSE_IDS = [c.id for c in seed.source_clauses()]


@pytest.fixture(scope="module")
def g() -> nx.DiGraph[str]:
    return jx.task_graph()


@pytest.fixture(scope="module")
def gd() -> nx.DiGraph[str]:
    return jx.task_graph(district=jx.yuzhong())


def _roles(graph: nx.DiGraph[str], task: str) -> tuple[set[str], set[str]]:
    lead = {u for u, _, d in graph.in_edges(task, data=True) if d["role"] == "lead"}
    coop = {
        u
        for u, _, d in graph.in_edges(task, data=True)
        if d["role"] == "cooperating" or d["also_cooperating"]
    }
    return lead, coop


def test_graph_matches_the_source_annex_exactly(g: nx.DiGraph[str]) -> None:
    assert tasks(g) == tuple(CLAUSE_IDS[:20])
    for task, row in zip(tasks(g), ROWS, strict=True):
        assert g.nodes[task]["task_name"] == row.task
        assert _roles(g, task) == (set(row.lead), set(row.cooperating))
    named = {u for r in ROWS for u in (*r.lead, *r.cooperating)}
    assert set(bodies(g)) == named
    assert g.number_of_edges() == sum(len(set(r.lead) | set(r.cooperating)) for r in ROWS)


def test_node_and_edge_attributes(g: nx.DiGraph[str]) -> None:
    assert g.nodes["3.2"] | {} == {
        "kind": "task",
        "bipartite": 1,
        "label": "三（二）",
        "title": "健全消防安全网格化管理机制",
        "title_en": "Improve grid-based fire-safety management",
        "task_name": "健全消防安全网格化管理机制",
        "section": 3,
        "section_title": "加强基层消防工作机制建设",
        "number": 10,
    }
    assert g.nodes["区应急局"] == {
        "kind": "body",
        "bipartite": 0,
        "name_en": "emergency management bureau",
        "body_kind": "department",
        "level": "district",
        "code": "",
    }
    assert g.edges["区应急局", "3.2"] == {
        "role": "cooperating",
        "also_cooperating": False,
        "clause": "3.2",
        "citation": "yuzhong-2023 三（二）",
        "via": "",
    }
    assert all(u in bodies(g) for u, _ in g.edges)  # every edge goes unit -> task
    assert g.graph == {"document": "yuzhong-2023", "title": jx.load_policy().document.title, "district": ""}


def test_bipartite_sets_work_with_networkx(g: nx.DiGraph[str]) -> None:
    top = {n for n, d in g.nodes(data=True) if d["bipartite"] == 0}
    assert nx.bipartite.is_bipartite_node_set(g.to_undirected(), top)
    assert top == set(bodies(g))


def test_both_lead_and_cooperating_keeps_both_facts(g: nx.DiGraph[str]) -> None:
    edge = g.edges["区消防救援支队", "4.5"]
    assert (edge["role"], edge["also_cooperating"]) == ("lead", True)
    assert "4.5" in led_by(g, "区消防救援支队") and "4.5" in cooperated_by(g, "区消防救援支队")
    flagged = [(u, t) for u, t, d in g.edges(data=True) if d["also_cooperating"]]
    assert flagged == [("区消防救援支队", "4.5")]


def test_district_expands_every_street(gd: nx.DiGraph[str], g: nx.DiGraph[str]) -> None:
    streets = jx.yuzhong().streets
    assert "各街道办事处" not in gd
    assert len(bodies(gd)) == len(bodies(g)) - 1 + len(streets)
    collective = {(t, d["role"]) for _, t, d in g.out_edges("各街道办事处", data=True)}
    for street in streets:
        node = gd.nodes[street.office]
        assert (node["code"], node["body_kind"], node["level"]) == (street.code, "street_office", "street")
        edges = list(gd.out_edges(street.office, data=True))
        assert {(t, d["role"]) for _, t, d in edges} == collective
        assert {d["via"] for _, _, d in edges} == {"各街道办事处"}
    assert gd.graph["district"] == "渝中区"
    assert {d["via"] for u, _, d in gd.edges(data=True) if not u.endswith("办事处")} == {""}


def test_led_and_cooperated_read_by_hand(g: nx.DiGraph[str]) -> None:
    assert led_by(g, "区公安分局") == ("3.3", "3.5")
    assert cooperated_by(g, "区公安分局") == ("4.5",)
    assert led_by(g, "区应急局") == ("4.3",)
    coop = cooperated_by(g, "区应急局")
    assert len(coop) == 18 and "3.5" not in coop and "4.3" not in coop
    assert led_by(g, "区大数据发展局") == ("4.5",)
    assert lead_bodies(g, "3.5") == ("区公安分局",)
    assert lead_bodies(g, "2.1") == ("区住建委", "区城管局", "区规资局")


def test_workload_table_equals_the_policy_ranking(g: nx.DiGraph[str]) -> None:
    assert workload_table(g) == jx.load_policy().workload()


def test_partners_read_by_hand(g: nx.DiGraph[str]) -> None:
    found = {p.name: (p.shared, p.tasks) for p in partners(g, "区司法局")}
    # 区司法局: cooperates on 3.4 and 3.5, leads 4.4
    assert found["区消防救援支队"] == (3, ("3.4", "3.5", "4.4"))
    assert found["区应急局"] == (2, ("3.4", "4.4"))
    assert found["区公安分局"] == (1, ("3.5",))
    assert found["区委宣传部"] == (1, ("4.4",))
    assert "区人防办" not in found
    shared = [p.shared for p in partners(g, "区司法局")]
    assert shared == sorted(shared, reverse=True)


def test_projection_weights_count_shared_tasks(g: nx.DiGraph[str]) -> None:
    p = body_projection(g)
    assert set(p) == set(bodies(g))
    assert p.edges["区公安分局", "区司法局"]["weight"] == 1  # 3.5 only
    assert p.edges["区公安分局", "区司法局"]["tasks"] == "3.5"
    assert not p.has_edge("区人防办", "区大数据发展局")
    for a, b, data in p.edges(data=True):
        shared = set(g.successors(a)) & set(g.successors(b))
        assert data["weight"] == len(shared)


@pytest.mark.parametrize("measure", ["degree", "strength", "betweenness", "eigenvector"])
def test_centrality_ranking_is_ordered_and_deterministic(g: nx.DiGraph[str], measure: str) -> None:
    ranked = centrality_ranking(g, measure)
    assert {r.name for r in ranked} == set(bodies(g))
    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True)
    assert ranked == centrality_ranking(jx.task_graph(), measure)


def test_strength_is_total_shared_tasks(g: nx.DiGraph[str]) -> None:
    top = centrality_ranking(g, "strength")[0]
    expected = sum(len(set(g.predecessors(t))) - 1 for t in g.successors(top.name))
    assert top.score == expected


def test_bad_measure(g: nx.DiGraph[str]) -> None:
    with pytest.raises(jx.XiaofangError, match="expected one of degree, strength"):
        centrality_ranking(g, "pagerank")


def test_coordination_path_is_a_chain_of_shared_tasks(g: nx.DiGraph[str]) -> None:
    path = coordination_path(g, "区人防办", "区司法局")
    assert path[0] == "区人防办" and path[-1] == "区司法局"
    assert len(path) == 5  # they share no task, but each shares one with a common partner
    for unit, task in zip(path[::2], path[1::2], strict=False):
        assert g.has_edge(unit, task)
    for task, unit in zip(path[1::2], path[2::2], strict=True):
        assert g.has_edge(unit, task)
    assert coordination_path(g, "区公安分局", "区司法局") == ("区公安分局", "3.5", "区司法局")
    assert coordination_path(g, "区应急局", "区应急局") == ("区应急局",)


def test_no_coordination_path(g: nx.DiGraph[str]) -> None:
    lonely = g.copy()
    lonely.add_node(
        "孤立单位", kind="body", bipartite=0, name_en="isolated", body_kind="other", level="district"
    )
    with pytest.raises(jx.NotFoundError, match="no coordination path"):
        coordination_path(lonely, "孤立单位", "区应急局")


def test_unknown_unit_or_task_is_a_clear_error(g: nx.DiGraph[str]) -> None:
    with pytest.raises(jx.NotFoundError, match=r"no body '区公安局'.*did you mean '区公安分局'"):
        led_by(g, "区公安局")
    with pytest.raises(jx.NotFoundError, match=r"no body '3\.2'"):
        partners(g, "3.2")  # a task is not a body
    with pytest.raises(jx.NotFoundError, match=r"no task '6\.1'"):
        lead_bodies(g, "6.1")


def test_spread_lead_tasks_read_by_hand(g: nx.DiGraph[str], gd: nx.DiGraph[str]) -> None:
    assert spread_lead_tasks(g) == (("4.3", 11), ("3.6", 8), ("4.1", 8), ("4.2", 8), ("3.7", 7), ("4.4", 6))
    assert spread_lead_tasks(g, more_than=10) == (("4.3", 11),)
    # with every street a node of its own, the street-led tasks spread over 11 offices
    assert dict(spread_lead_tasks(gd, more_than=10))["3.2"] == 11
    with pytest.raises(jx.XiaofangError, match="more_than"):
        spread_lead_tasks(g, more_than=-1)


def test_tasks_without_lead() -> None:
    policy = jx.load_policy()
    changed = attrs.evolve(
        policy, tasks=tuple(attrs.evolve(t, lead=()) if t.clause == "3.5" else t for t in policy.tasks)
    )
    assert tasks_without_lead(jx.task_graph(policy)) == ()
    assert tasks_without_lead(jx.task_graph(changed)) == ("3.5",)


# --- exports -----------------------------------------------------------------------------------


@pytest.mark.parametrize("district", [False, True], ids=["plain", "district"])
def test_node_link_json_round_trips(district: bool) -> None:
    graph = jx.task_graph(district=jx.yuzhong() if district else None)
    text = node_link_json(graph)
    assert "区消防救援支队" in text  # Chinese kept readable, not \\u-escaped
    data = json.loads(text)
    assert "edges" in data and "links" not in data
    assert nx.utils.graphs_equal(read_node_link_json(text), graph)
    assert read_node_link_json(text.encode("utf-8")).graph == graph.graph


@pytest.mark.parametrize("district", [False, True], ids=["plain", "district"])
def test_graphml_round_trips(tmp_path: Path, district: bool) -> None:
    graph = jx.task_graph(district=jx.yuzhong() if district else None)
    path = tmp_path / "g.graphml"
    write_graphml(graph, path)
    back = read_graphml(path)
    assert nx.utils.graphs_equal(back, graph)
    assert type(back.edges["区消防救援支队", "4.5"]["also_cooperating"]) is bool
    assert type(back.nodes["3.2"]["number"]) is int


def test_graphml_refuses_unflattened_attributes(g: nx.DiGraph[str]) -> None:
    bad = g.copy()
    bad.nodes["3.2"]["units"] = ("a", "b")
    with pytest.raises(GraphFormatError, match="attribute 'units' is tuple"):
        write_graphml(bad, io.BytesIO())


def _structure(graph: nx.DiGraph[str]) -> set[tuple[str, str, str, bool]]:
    return {(u, t, d["role"], d["also_cooperating"]) for u, t, d in graph.edges(data=True)}


@pytest.mark.parametrize("district", [False, True], ids=["plain", "district"])
def test_raci_round_trips(district: bool) -> None:
    graph = jx.task_graph(district=jx.yuzhong() if district else None)
    back = read_raci_csv(raci_csv(graph))
    assert set(back) == set(graph)
    assert _structure(back) == _structure(graph)
    assert bodies(back) == bodies(graph) and tasks(back) == tasks(graph)


def test_raci_rows_match_the_source(g: nx.DiGraph[str]) -> None:
    header, *rows = raci_rows(g)
    assert header == ["body", "name_en", *CLAUSE_IDS[:20]]
    cells = {row[0]: dict(zip(header[2:], row[2:], strict=True)) for row in rows}
    for task, src in zip(header[2:], ROWS, strict=True):
        for unit, by_task in cells.items():
            expected = ("L" if unit in src.lead else "") + ("C" if unit in src.cooperating else "")
            assert by_task[task] == {"LC": "L+C"}.get(expected, expected)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "header must start"),
        ("name,x\n", "header must start"),
        ("body,name_en,1.1\n区应急局,x,R\n", "expected one of L, C, L+C or blank; got 'R'"),
        ("body,name_en,1.1\n区应急局,x\n", "line 2: expected 3 cells, got 2"),
    ],
)
def test_bad_raci(text: str, fragment: str) -> None:
    with pytest.raises(GraphFormatError, match=fragment.replace("+", r"\+")):
        read_raci_csv(text)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("{", "not valid JSON"), ("[]", "'nodes' and 'edges'"), ('{"nodes": [{}], "edges": []}', "malformed")],
)
def test_bad_node_link_json(text: str, fragment: str) -> None:
    with pytest.raises(GraphFormatError, match=fragment):
        read_node_link_json(text)


def test_bad_graphml(tmp_path: Path) -> None:
    path = tmp_path / "x.graphml"
    path.write_text("<not-graphml/>", encoding="utf-8")
    with pytest.raises(GraphFormatError, match="GraphML"):
        read_graphml(path)


def test_raci_frame_with_pandas(g: nx.DiGraph[str]) -> None:
    pytest.importorskip("pandas")
    frame = raci_frame(g)
    assert frame.loc["区消防救援支队", "4.5"] == "L+C"
    assert frame.shape == (17, 21)


def test_raci_frame_without_pandas(g: nx.DiGraph[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(jx.XiaofangError, match=r"pip install 'jiceng-xiaofang\[pandas\]'"):
        raci_frame(g)


@pytest.mark.parametrize(
    ("fmt", "check"), [("json", "区消防救援支队"), ("graphml", "<graphml"), ("raci-csv", "body,name_en")]
)
def test_cli_graph(fmt: str, check: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "--format", fmt]) == 0
    assert check in capsys.readouterr().out
    out = tmp_path / f"g.{fmt}"
    assert main(["graph", "--format", fmt, "--district", "yuzhong", "--output", str(out)]) == 0
    assert "七星岗街道办事处" in out.read_text(encoding="utf-8")


def test_cli_graph_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    assert main(["graph", "--output", str(out)]) == 0
    assert nx.utils.graphs_equal(read_graphml(out), jx.task_graph())


def test_summary_counts_the_annex(g: nx.DiGraph[str]) -> None:
    from jiceng_xiaofang.graph import summary

    s = summary(g)
    assert s.lead == sum(len(r.lead) for r in ROWS)
    assert s.lead + s.cooperating == g.number_of_edges()
    assert s.cooperating == sum(len(r.cooperating) for r in ROWS) - s.both
    assert s.both == 1 and s.workload == workload_table(g) and s.without_lead == ()
    html = s._repr_html_()
    assert html.count("<tr>") == len(bodies(g)) + 1 and "4.3 (11)" in html
