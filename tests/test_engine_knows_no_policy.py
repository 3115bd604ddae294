"""The engine knows no clause of any policy: no clause id or label is written in ``src/**/*.py``.

Docstrings may show the embedded policy in their examples; code may not cite it.  The only clause-like
literals allowed are those that explain the syntax of a clause reference to a user ("a clause id such as
'3.2'").
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "jiceng_xiaofang"
CLAUSE = re.compile(
    r"(?<![\w.])[1-9][0-9]?\.[1-9][0-9]?(?:\.[1-9][0-9]?)*(?![\w.])"
    r"|[一二三四五六七八九十]+[（(][一二三四五六七八九十]+[）)]"
)
SYNTAX_HELP = ("clause id", "clause reference")


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
        if isinstance(node, ast.Module | ast.ClassDef):
            for before, after in zip(node.body, node.body[1:], strict=False):
                attribute_doc = isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                if attribute_doc and isinstance(before, ast.Assign | ast.AnnAssign):
                    found.add(id(after.value))  # type: ignore[attr-defined]
    return found


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    texts = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            texts.append((node.lineno, node.value))
    return texts


def test_no_clause_id_is_written_in_the_engine() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for line, text in _literals(path):
            if CLAUSE.search(text) and not any(words in text for words in SYNTAX_HELP):
                found.append(f"{path.relative_to(SRC)}:{line}: {text[:60]!r}")
    assert not found, "clause ids written in code (they belong in the policy's files):\n" + "\n".join(found)


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Docstring citing 3.2 and 三（二） is fine."""\n'
        'RULE = "3.2"\n'
        'LABEL = "见三（二）"\n'
        'VERSION = "1.0.3"\n'
        'HELP = "a clause id such as 3.2"\n',
        encoding="utf-8",
    )
    hits = [text for _, text in _literals(sample) if CLAUSE.search(text)]
    assert hits == ["3.2", "见三（二）", "a clause id such as 3.2"]


def test_no_module_of_the_engine_names_the_embedded_policys_posts_or_rules() -> None:
    names = (
        "street_main_leader",
        "general_in_grid",
        "区消防安全委员会办公室",
        "detachment_double_random",
        "3.6",
    )
    for path in sorted(SRC.rglob("*.py")):
        for line, text in _literals(path):
            for name in names:
                assert name not in text, f"{path.relative_to(SRC)}:{line} names {name!r}"
