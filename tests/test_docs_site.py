"""The documentation as a reader meets it: sources that Furo renders badly, and the built site.

The source checks always run.  The checks of the built site read the HTML that
``sphinx-build -b html docs DIR`` wrote to the folder named by ``JX_DOCS_SITE``
(CI sets it after its Sphinx build); without it they skip.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
import tomllib
from pathlib import Path

import pytest

from jiceng_xiaofang.report import text_width

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SOURCES = sorted(p for p in DOCS.rglob("*") if p.suffix in (".rst", ".md") and "_build" not in p.parts)

# -- sources -------------------------------------------------------------------------------------

CONTENTS = re.compile(r"^\s*(\.\. contents::|```\{contents\}|:::\{contents\})", re.M)


def test_no_table_of_contents_directive() -> None:
    # Furo shows a red "ERROR: Adding a table of contents ... is unnecessary" box over a
    # page that has one (in CSS, so sphinx-build -W does not see it): its sidebar is the table.
    found = [str(p.relative_to(DOCS)) for p in SOURCES if CONTENTS.search(p.read_text(encoding="utf-8"))]
    assert found == []


def test_contents_check_catches_both_syntaxes() -> None:
    assert CONTENTS.search("Intro\n\n.. contents:: On this page\n   :local:\n")
    assert CONTENTS.search("```{contents}\n:local:\n```\n")
    assert not CONTENTS.search("See the contents of the annex.\n")


def _conf() -> dict[str, object]:
    text = (DOCS / "conf.py").read_text(encoding="utf-8")
    found: dict[str, object] = {}
    for name in ("html_search_language", "exclude_patterns"):
        m = re.search(rf"^{name} = (.+)$", text, re.M)
        assert m, name
        found[name] = eval(m.group(1), {})
    return found


def test_search_splits_chinese_words() -> None:
    assert _conf()["html_search_language"] == "zh"
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(dep.startswith("jieba") for dep in extra["optional-dependencies"]["docs"])


def test_vendored_glossary_is_not_a_page_of_its_own() -> None:
    assert "glossary-source.md" in _conf()["exclude_patterns"]  # type: ignore[operator]
    assert "{include} glossary-source.md" in (DOCS / "glossary.md").read_text(encoding="utf-8")


CJK = "[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"


def test_no_line_break_inside_chinese_text() -> None:
    # a line break in a paragraph is a space in HTML: 部门 报到
    found = []
    for page in SOURCES:
        if page.name == "glossary-source.md":
            continue
        fenced = False
        lines = page.read_text(encoding="utf-8").splitlines()
        for n, (line, after) in enumerate(itertools.pairwise(lines), start=1):
            fenced ^= line.startswith("```")
            if not fenced and re.search(CJK + "$", line) and re.match(CJK, after):
                found.append(f"{page.relative_to(DOCS)}:{n}")
    assert found == []


# -- the built site --------------------------------------------------------------------------------

SITE = os.environ.get("JX_DOCS_SITE")
needs_site = pytest.mark.skipif(not SITE, reason="set JX_DOCS_SITE to a folder that sphinx-build wrote")


@pytest.fixture(scope="module")
def site() -> Path:
    assert SITE is not None
    path = Path(SITE)
    assert (path / "index.html").is_file(), f"{path} is not a built site"
    return path


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@needs_site
def test_site_has_no_contents_box(site: Path) -> None:
    found = [p.name for p in _pages(site) if re.search(r'class="[^"]*\bcontents\b', p.read_text("utf-8"))]
    assert found == []


def _search_index(site: Path) -> dict[str, object]:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    start, end = text.index("{"), text.rindex("}") + 1
    data: dict[str, object] = json.loads(text[start:end])
    return data


@needs_site
def test_site_search_finds_part_of_a_chinese_run(site: Path) -> None:
    index = _search_index(site)
    docnames: list[str] = index["docnames"]  # type: ignore[assignment]

    def pages(term: str) -> set[str]:
        """The pages a search for ``term`` finds, in their text or their titles."""
        hits: set[str] = set()
        for kind in ("terms", "titleterms"):
            found = index[kind].get(term, [])  # type: ignore[attr-defined]
            hits |= {docnames[i] for i in ([found] if isinstance(found, int) else found)}
        return hits

    # the landing page says 重庆市渝中区 (in the policy's title) and never 渝中区 on its own
    assert "index" in pages("渝中区") and "index" in pages("重庆市")
    assert "guide/task-graph" in pages("消防")
    assert "guide/hazards" in pages("hazard")  # English words are still stemmed
    assert "glossary-source" not in docnames


@needs_site
def test_site_has_no_glossary_source_page(site: Path) -> None:
    assert not (site / "glossary-source.html").exists()
    glossary = (site / "glossary.html").read_text(encoding="utf-8")
    assert "消防工作站" in glossary and "jiceng_xiaofang.org.Unit" in glossary
    assert '<span class="pre">Community</span>' not in glossary


def _output_blocks(page: Path) -> list[list[str]]:
    text = page.read_text(encoding="utf-8")
    blocks = re.findall(
        r'<div class="highlight-text notranslate"><div class="highlight"><pre>(.*?)</pre>', text, re.S
    )
    return [html.unescape(re.sub(r"<[^>]+>", "", b)).splitlines() for b in blocks]


def _columns(line: str) -> list[int]:
    """The display column where each field of a table line starts (fields: two or more spaces apart)."""
    return [text_width(line[: m.start()]) for m in re.finditer(r"(?:^|(?<=  ))\S", line)]


@needs_site
def test_site_tables_with_chinese_line_up(site: Path) -> None:
    blocks = _output_blocks(site / "guide" / "task-graph.html")
    table = next(b for b in blocks if b and b[0].startswith("body "))
    english = _columns(table[0])[-1]
    assert len(table) == 18
    for line in table[1:]:
        assert _columns(line)[-1] == english, line
        assert text_width(line[: line.index(" ", line.index("  ") + 2)]) <= english


@needs_site
def test_site_viewcode_links_reach_their_anchor(site: Path) -> None:
    anchors: dict[Path, set[str]] = {}
    broken = []
    for page in sorted((site / "_modules").rglob("*.html")):
        for href in re.findall(r'<a class="viewcode-back" href="([^"]+)"', page.read_text("utf-8")):
            target, _, anchor = href.partition("#")
            path = (page.parent / target).resolve()
            if path not in anchors:
                text = path.read_text("utf-8") if path.is_file() else ""
                anchors[path] = set(re.findall(r'id="([^"]+)"', text))
            if anchor not in anchors[path]:
                broken.append(href)
    assert broken == []


@needs_site
def test_site_pictures_open_full_size(site: Path) -> None:
    page = (site / "guide" / "task-graph.html").read_text(encoding="utf-8")
    for name in ("task-matrix.svg", "task-graph.svg"):
        assert re.search(rf'<a class="reference external image-reference" href="../_static/{name}">', page)
        assert (site / "_static" / name).is_file()
    assert page.count('<figure class="jx-figure') == 2
