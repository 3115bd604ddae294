"""Drawing the task graph (plot extra)."""

from __future__ import annotations

from pathlib import Path

import pytest

import jiceng_xiaofang as jx

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402

from jiceng_xiaofang.graph import CJK_FAMILIES, find_cjk_font  # noqa: E402


def _has_cjk_font() -> bool:
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return any(family in installed for family in CJK_FAMILIES)


needs_cjk = pytest.mark.skipif(not _has_cjk_font(), reason="no CJK font installed (fonts-noto-cjk)")


def test_no_cjk_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    with pytest.raises(jx.XiaofangError, match="no font that can show Chinese is installed"):
        jx.draw_task_graph(jx.task_graph())


def test_bad_font_file(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-font.ttf"
    bad.write_bytes(b"nothing")
    with pytest.raises(jx.XiaofangError, match=r"cannot read .* as a font file"):
        find_cjk_font(bad)


@needs_cjk
def test_draw_has_every_node_and_edge(tmp_path: Path) -> None:
    import matplotlib.pyplot as plt

    g = jx.task_graph()
    ax = jx.draw_task_graph(g)
    texts = {t.get_text() for t in ax.texts}
    assert {u for u, d in g.nodes(data=True) if d["kind"] == "body"} <= texts
    assert any(t.startswith("四（五）") for t in texts)
    assert len(ax.lines) == g.number_of_edges()
    styles = {(line.get_linestyle(), line.get_color()) for line in ax.lines}
    assert ("--", "#8c8c8c") in styles and ("-", "#b2182b") in styles and ("-", "#7b3294") in styles
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["lead 责任单位", "cooperating 配合单位", "both (as written)"]
    path = tmp_path / "g.png"
    ax.figure.savefig(path)
    assert path.stat().st_size > 10_000
    plt.close(ax.figure)


@needs_cjk
def test_draw_in_english_on_given_axes() -> None:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    out = jx.draw_task_graph(jx.task_graph(), ax=ax, english=True)
    assert out is ax
    assert "fire and rescue detachment" in {t.get_text() for t in ax.texts}
    plt.close(fig)


def test_matrix_cells_are_the_graph_edges() -> None:
    from jiceng_xiaofang.graph import MATRIX_CELLS, task_matrix, workload_table

    g = jx.task_graph()
    bodies, tasks, codes = task_matrix(g)
    assert bodies == tuple(w.name for w in workload_table(g))  # most loaded on top
    sections = [g.nodes[t]["section"] for t in tasks]
    assert sections == sorted(sections)  # grouped by section
    cells = {(b, t): MATRIX_CELLS[codes[i][j]] for i, b in enumerate(bodies) for j, t in enumerate(tasks)}
    assert sum(1 for c in cells.values() if c) == g.number_of_edges()
    assert [k for k, c in cells.items() if c == "both"] == [("区消防救援支队", "4.5")]
    assert cells["各街道办事处", "3.2"] == "lead" and cells["区应急局", "3.2"] == "cooperating"
    assert cells["区大数据发展局", "1.1"] == ""


def test_matrix_of_an_empty_graph() -> None:
    import networkx as nx

    from jiceng_xiaofang.graph import task_matrix

    assert task_matrix(nx.DiGraph()) == ((), (), ())


def test_matrix_without_a_cjk_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    with pytest.raises(jx.XiaofangError, match="no font that can show Chinese is installed"):
        jx.draw_task_matrix(jx.task_graph())


@needs_cjk
def test_draw_matrix_with_chinese_labels(tmp_path: Path) -> None:
    import matplotlib.pyplot as plt

    g = jx.task_graph()
    ax = jx.draw_task_matrix(g)
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows[0] == "区消防救援支队" and len(rows) == 17
    columns = [t.get_text() for t in ax.get_xticklabels()]
    assert len(columns) == 20 and columns[-1].startswith("4.5\n推\n进")
    marks = [t.get_text() for t in ax.texts]
    assert marks.count("责配") == 1 and marks.count("责") + marks.count("配") == g.number_of_edges() - 1
    assert "加强基层消防\n力量建设" in marks  # the first section's title under its columns
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["责  lead 责任单位", "配  cooperating 配合单位", "责配  both 既责任又配合"]
    path = tmp_path / "m.svg"
    ax.figure.savefig(path, bbox_inches="tight")
    assert path.read_text(encoding="utf-8").startswith("<?xml")
    plt.close(ax.figure)


@needs_cjk
def test_draw_matrix_in_english_on_given_axes() -> None:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    out = jx.draw_task_matrix(jx.task_graph(), ax=ax, english=True)
    assert out is ax
    assert "fire and rescue detachment" in {t.get_text() for t in ax.get_yticklabels()}
    assert {"L", "C", "L+C"} <= {t.get_text() for t in ax.texts}
    plt.close(fig)
