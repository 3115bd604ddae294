"""An independent reader of the source policy text, used only by the tests.

The package's encoded data (``src/jiceng_xiaofang/data/*.toml``) is compared
with what this module reads straight from the Chinese source, so the data
cannot drift from the policy.  This reader shares no code with the package on
purpose: a bug in the package's loader must not be able to hide here too.

The source is looked up in ``../shared/seed/`` beside the checkout (the
authority) and falls back to the copy vendored in ``tests/seed/``; a test
checks that the two are identical whenever both exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SEED_NAME = "yuzhong-2023-fire-governance-opinions.txt"
HERE = Path(__file__).resolve().parent
VENDORED = HERE / "seed" / SEED_NAME
SHARED = HERE.parent.parent / "shared" / "seed" / SEED_NAME

SECTION_NUMERALS = "一二三四五六七八九十"
_SECTION_RE = re.compile(r"^([一二三四五六七八九十])、(.+)$")
_CLAUSE_RE = re.compile(r"^（([一二三四五六七八九十])）(.+)$")
_DUTY_RE = re.compile(r"（责任单位：([^；）]*)(?:；配合单位：([^）]*))?）$")


def assert_vendored(vendored: Path, shared: Path) -> None:
    """The vendored copy is the one recorded in ``tests/seed/SHA256SUMS``, and the shared authority when present.

    The checksum makes the check run in a fresh clone, where ``../shared`` is not beside the checkout.
    """
    import hashlib

    sums = dict(
        reversed(line.split(maxsplit=1))
        for line in (HERE / "seed" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    assert hashlib.sha256(vendored.read_bytes()).hexdigest() == sums[vendored.name], vendored
    if shared.exists():
        assert vendored.read_bytes() == shared.read_bytes(), shared


def seed_path() -> Path:
    """The source file: the shared authority when present, else the vendored copy."""
    return SHARED if SHARED.exists() else VENDORED


def seed_text() -> str:
    return seed_path().read_text(encoding="utf-8")


@dataclass(frozen=True)
class SourceClause:
    id: str
    section_title: str
    line: str  # the whole source line, label included
    body: str  # the line without its label and without the duty note
    lead: tuple[str, ...]
    cooperating: tuple[str, ...]


@dataclass(frozen=True)
class SourceRow:
    section: str
    task: str
    content: str
    lead: tuple[str, ...]
    cooperating: tuple[str, ...]


def _split_units(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(part for part in text.split("、") if part)


def source_clauses() -> list[SourceClause]:
    """Every numbered clause of the opinions, in order."""
    body_text = seed_text().split("附件", 1)[0]
    clauses: list[SourceClause] = []
    section = 0
    section_title = ""
    item = 0
    for raw in body_text.splitlines():
        line = raw.strip()
        if m := _SECTION_RE.match(line):
            section = SECTION_NUMERALS.index(m.group(1)) + 1
            section_title = m.group(2)
            item = 0
            continue
        if section and (m := _CLAUSE_RE.match(line)):
            item += 1
            assert SECTION_NUMERALS.index(m.group(1)) + 1 == item, line
            rest = m.group(2)
            lead: tuple[str, ...] = ()
            cooperating: tuple[str, ...] = ()
            if d := _DUTY_RE.search(rest):
                lead = _split_units(d.group(1))
                cooperating = _split_units(d.group(2))
                rest = rest[: d.start()]
            clauses.append(
                SourceClause(
                    id=f"{section}.{item}",
                    section_title=section_title,
                    line=line,
                    body=rest,
                    lead=lead,
                    cooperating=cooperating,
                )
            )
    return clauses


def source_rows() -> list[SourceRow]:
    """The rows of the annex table (全区基层消防治理重点任务分解表)."""
    annex = seed_text().split("全区基层消防治理重点任务分解表", 1)[1]
    rows: list[SourceRow] = []
    section = ""
    for block in re.split(r"\n(?: *\n)+", annex):  # a bare tab is an empty cell
        cells: list[str] = []
        for raw in block.split("\n"):
            if raw.startswith("\t"):
                cells.append(raw[1:].strip())
            elif raw.strip() and cells:
                cells[-1] += raw.strip()  # a cell broken over two lines
            elif raw.strip():
                cells.append(raw.strip())
        if len(cells) != 5 or cells[0] == "项目":
            continue
        section = cells[0] or section
        rows.append(
            SourceRow(
                section=section,
                task=cells[1],
                content=cells[2],
                lead=_split_units(cells[3]),
                cooperating=_split_units(cells[4]),
            )
        )
    return rows


def normalise(text: str) -> str:
    """Remove all whitespace, which the source uses only for layout."""
    return re.sub(r"\s+", "", text)
