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
