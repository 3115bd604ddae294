"""The user guide's examples are run: each ```python block, then the ```text block after it is its output.

A ```toml block that the page introduces as a file, such as (`my.toml`), is written to that file first,
so the examples that load it find it.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted((DOCS / "guide").glob("*.md"))
BLOCK = re.compile(r"^```(\w[\w-]*)[^\n]*\n(.*?)^```\s*$", re.S | re.M)


FILE_NAME = re.compile(r"\(`([\w.-]+\.toml)`\):\s*$")


def _steps(text: str) -> list[tuple[str, str, str | None]]:
    """(kind, body, expected): ("file", content, name) or ("python", code, expected output)."""
    matches = list(BLOCK.finditer(text))
    steps: list[tuple[str, str, str | None]] = []
    for i, m in enumerate(matches):
        lang, body = m.group(1), m.group(2)
        if lang == "toml":
            start = matches[i - 1].end() if i else 0
            named = FILE_NAME.search(text[start : m.start()].rstrip() + "\n")
            if named:
                steps.append(("file", body, named.group(1)))
        elif lang == "python":
            after = matches[i + 1] if i + 1 < len(matches) else None
            expected = after.group(2) if after is not None and after.group(1) == "text" else None
            steps.append(("python", body, expected))
    return steps


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_guide_page_examples_print_what_the_page_says(page: Path, tmp_path: Path) -> None:
    steps = _steps(page.read_text(encoding="utf-8"))
    if not any(kind == "python" for kind, _, _ in steps):
        pytest.skip("no python examples on this page")
    namespace: dict[str, object] = {"__name__": "__guide__"}
    cwd = os.getcwd()
    os.chdir(tmp_path)  # examples may write files
    try:
        for kind, code, expected in steps:
            if kind == "file":
                assert expected is not None
                (tmp_path / expected).write_text(code, encoding="utf-8")
                continue
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(code, str(page), "exec"), namespace)
            if expected is not None:
                assert out.getvalue().rstrip() == expected.rstrip(), code
    finally:
        os.chdir(cwd)


def test_glossary_page_is_the_shared_glossary() -> None:
    vendored = DOCS / "glossary-source.md"
    shared = DOCS.parent.parent / "shared" / "GLOSSARY.md"
    import seed_text

    seed_text.assert_vendored(vendored, shared)


def test_body_names_follow_the_glossary() -> None:
    import jiceng_xiaofang as jx

    text = (DOCS / "glossary-source.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (.+?) \| (.+?) \|", text, re.M)
    policy = jx.load_policy()
    checked = 0
    for zh_cell, en_cell in rows:
        zh_terms = [re.sub(r"（.*?）|\(.*?\)", "", z).strip() for z in zh_cell.split(" / ")]
        en_terms = [e.strip().strip("`") for e in en_cell.split(" / ")]
        for zh, en in zip(zh_terms, en_terms, strict=False):
            try:
                body = policy.body(zh)
            except LookupError:
                continue
            if body.name == zh and not body.is_collective:
                # the glossary may shorten a series ("commerce / education / ..."); the name starts with it
                assert body.name_en.startswith(en), (zh, body.name_en, en)
                checked += 1
    assert checked >= 8
