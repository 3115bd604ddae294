"""Hostile input for the fuzz tests and the fuzz campaign: values, ways to damage a file, and every loader as a target.

Choices come from a ``pick(lo, hi)`` function returning an int in ``[lo, hi]``: the hypothesis tests pass one
that draws from hypothesis (so a failure shrinks to a small reproducer), ``benchmarks/fuzz_campaign.py`` one
from :class:`random.Random` (so it runs millions of inputs without hypothesis' bookkeeping).

Hostile values come in named classes (``deep``, ``huge-int``, ``nan``...), so a test can leave out a class that
a target still lets escape (``test_fuzz_loaders.STILL_ESCAPING`` names each with its reproducer) and assert
the rest; the campaign leaves out nothing.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import functools
import json
import re
import shutil
import tempfile
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

import jiceng_xiaofang as jx

Pick = Callable[[int, int], int]
"""``pick(lo, hi)``: an int in ``[lo, hi]``, from hypothesis or from a random generator."""

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT / "src" / "jiceng_xiaofang" / "data"
TESTS_DATA = HERE / "data"
FIXTURES = HERE / "fixtures"
MINIMAL = FIXTURES / "good" / "minimal.toml"
QIJIANG = TESTS_DATA / "qijiang-2022-fragment.toml"
QIJIANG_ORG = TESTS_DATA / "qijiang-2022-fragment-organisation.toml"
QIJIANG_DISTRICT = TESTS_DATA / "qijiang-sample-district.toml"
MUNICIPAL = TESTS_DATA / "municipal-illustrative.toml"

DEEP_JSON = "[" * 1000 + "]" * 1000

# --- values, by format and class ---------------------------------------------------------------------------

TOML_VALUES = (
    '""',
    '"x"',
    "0",
    "-1",
    "1.5",
    "true",
    "[]",
    "[1, 2]",
    '["x"]',
    "{}",
    '{ a = "b" }',
    "2024-01-01",
    "2024-01-01T00:00:00",
    "07:32:00",
    '"1.1"',
    '"9.9"',
    '"1.1.1.1.1"',
    '"区应急局"',
    '"street"',
    '"reading"',
    '"各镇人民政府"',
    '"P3D"',
    '"30 m^2"',
    '"六名"',
)
"""Ordinary TOML values of every type, and names and ids the policy files use."""

TOML_HOSTILE: Mapping[str, tuple[str, ...]] = {
    "deep": ("[" * 1000 + "]" * 1000, "{ a = " * 300 + "1" + " }" * 300),
    "huge-int": ("9" * 5000, "-" + "9" * 400, "0x" + "f" * 400),
    "huge-float": ("1e400", "-1e400", "1" * 400 + ".5"),
    "nan": ("nan", "inf", "-inf"),
    "long-text": ('"' + "x" * 100_000 + '"',),
    "control": ('"\\u0000"', '"\\u0085\\u2028"', '"\\u202e"'),
    "date": ("0001-01-01", "9999-12-31", "2024-02-29T23:59:60Z", "1979-05-27T00:32:00-23:59"),
}

JSON_VALUES = (
    '""',
    '"x"',
    "0",
    "-1",
    "1.5",
    "true",
    "false",
    "null",
    "[]",
    "{}",
    '{"a": 1}',
    '[1, "x"]',
    '"2024-02-30"',
    '"2024-05-06T09:30:00+08:00"',
    '"3.2"',
    '"L"',
    '"30 m^2"',
)
"""Ordinary JSON values of every type, and values the package's JSON files hold."""

JSON_HOSTILE: Mapping[str, tuple[str, ...]] = {
    "deep": (DEEP_JSON, '{"a":' * 1000 + "1" + "}" * 1000),
    "huge-int": ("9" * 5000, "-" + "9" * 400),
    "huge-float": ("1e400", "-1e400"),
    "nan": ("NaN", "Infinity", "-Infinity"),
    "long-text": ('"' + "x" * 100_000 + '"',),
    "surrogate": ('"\\ud800"', '"\\udfff x"'),
    "control": ('"\\u0000"', '"\\u0085\\u2028"'),
    "duplicate-key": ('{"a": 1, "a": 2}',),
}

CELLS = ("", "x", "L", "C", "L+C", "2024-02-30", "2024-03-31", "张三", "street_entrusted_units", '"', "a,b")
"""Ordinary CSV cells."""

CELL_HOSTILE: Mapping[str, tuple[str, ...]] = {
    "huge-int": ("9" * 5000,),
    "long-text": ("x" * 200_000,),
    "control": ("\x00", "\x85", "\u2028", "\r"),
}

TEXTS = (
    "",
    " ",
    "3.2",
    "三（二）",
    "sec_3__item_2",
    "一",
    "（一）",
    "1.",
    "十二",
    "〇",
    "2023年2月21日",
    "每季度",
    "P3D",
    "区消防救援支队",
    "https://example.org/",
)
"""Ordinary short texts: ids, labels, numerals, dates."""

TEXT_HOSTILE: Mapping[str, tuple[str, ...]] = {
    "huge-int": (
        "9" * 5000,
        "2023年2月" + "9" * 5000 + "日",
        "P" + "9" * 5000 + "D",
        "一" * 5000,
        "sec_" + "9" * 5000,
    ),
    "long-text": ("x" * 100_000,),
    "surrogate": ("\ud800", "3.\udfff"),
    "control": ("\x00", "\x85", "\u2028", "\r\n"),
    "deep": ("（" * 1000,),
}


def _values(
    ordinary: Sequence[str], hostile: Mapping[str, Sequence[str]], exclude: frozenset[str]
) -> list[str]:
    return [*ordinary, *(v for cls, vs in hostile.items() if cls not in exclude for v in vs)]


def choose(values: Sequence[str], pick: Pick) -> str:
    """One of ``values``."""
    return values[pick(0, len(values) - 1)]


# --- damage ------------------------------------------------------------------------------------------------

_JSON_SCALAR = re.compile(r'[:\[,]\s*("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)')
_JSON_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"(?=\s*:)')
_XML_TEXT = re.compile(r">([^<]+)<|=\"([^\"]*)\"")


def _spots(line: str, kind: str) -> list[tuple[int, int]]:
    """Where a value of ``line`` can be replaced: (start, end) spans."""
    if kind == "toml":
        key, eq, _value = line.partition(" = ")
        return [(len(key) + 3, len(line))] if eq and not line.lstrip().startswith("#") else []
    if kind in ("json", "jsonl"):
        return [m.span(1) for m in _JSON_SCALAR.finditer(line)]
    if kind == "csv":
        spans, start = [], 0
        for cell in line.split(","):
            spans.append((start, start + len(cell)))
            start += len(cell) + 1
        return spans
    if kind == "xml":
        return [m.span(1 if m.group(1) is not None else 2) for m in _XML_TEXT.finditer(line)]
    return [(i, min(len(line), i + 4)) for i in range(0, len(line) + 1, 4)]


def hostile_values(kind: str, exclude: frozenset[str] = frozenset()) -> list[str]:
    """The hostile values that fit a file of this kind, as written in it (none inside a binary container)."""
    if kind == "binary":
        return []
    table = {"toml": TOML_HOSTILE, "json": JSON_HOSTILE, "jsonl": JSON_HOSTILE, "csv": CELL_HOSTILE}
    values = _values((), table.get(kind, TEXT_HOSTILE), exclude | ({"surrogate"} if kind == "xml" else set()))
    if kind == "xml":
        values = [v.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;") for v in values]
    return values


def _put(line: str, span: tuple[int, int], value: str) -> str:
    return line[: span[0]] + value + line[span[1] :]


def _replace_value(line: str, kind: str, pick: Pick, exclude: frozenset[str]) -> str:
    spots = _spots(line, kind)
    if not spots:
        return line
    ordinary = {"toml": TOML_VALUES, "json": JSON_VALUES, "jsonl": JSON_VALUES, "csv": CELLS}.get(kind, TEXTS)
    pool = [*ordinary, *hostile_values(kind, exclude)]
    return _put(line, spots[pick(0, len(spots) - 1)], choose(pool, pick))


def plant(raw: bytes, kind: str, value: str, where: float) -> bytes:
    """``raw`` with one value replaced by ``value``: the first value of the line at ``where`` (0 first, 1 last)."""
    lines = raw.decode("utf-8").split("\n")
    places = [(i, spots[0]) for i, line in enumerate(lines) if (spots := _spots(line, kind))]
    if not places:
        return value.encode("utf-8", "surrogatepass")
    i, span = places[round(where * (len(places) - 1))]
    lines[i] = _put(lines[i], span, value)
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def _rename_key(line: str, kind: str, pick: Pick) -> str:
    if kind == "toml" and " = " in line:
        key, _, value = line.partition(" = ")
        return f"{key}x = {value}"
    if kind in ("json", "jsonl"):
        keys = list(_JSON_KEY.finditer(line))
        if keys:
            end = keys[pick(0, len(keys) - 1)].end(1)
            return line[:end] + "x" + line[end:]
    if kind == "csv":
        return line.replace(",", ",x", 1)
    return line


def damage_lines(lines: list[str], kind: str, pick: Pick, exclude: frozenset[str] = frozenset()) -> list[str]:
    """Drop, double or swap lines, replace a value by another (ordinary or hostile) or rename a key, 1-4 times."""
    lines = list(lines)
    for _ in range(pick(1, 4)):
        if not lines:
            break
        i = pick(0, len(lines) - 1)
        action = pick(0, 5)
        if action == 0:
            del lines[i]
        elif action == 1:
            lines.insert(i, lines[i])
        elif action == 2:
            j = pick(0, len(lines) - 1)
            lines[i], lines[j] = lines[j], lines[i]
        elif action in (3, 4):
            lines[i] = _replace_value(lines[i], kind, pick, exclude)
        else:
            lines[i] = _rename_key(lines[i], kind, pick)
    return lines


def damage_bytes(raw: bytes, pick: Pick) -> bytes:
    """Flip a byte, insert or delete a few bytes, or cut the file short."""
    data = bytearray(raw)
    action = pick(0, 3)
    if not data:
        return bytes([pick(0, 255)])
    i = pick(0, len(data) - 1)
    if action == 0:
        data[i] ^= 1 << pick(0, 7)
    elif action == 1:
        data[i:i] = bytes(pick(0, 255) for _ in range(pick(1, 4)))
    elif action == 2:
        del data[i : i + pick(1, 4)]
    else:
        del data[i:]
    return bytes(data)


def mutate(raw: bytes, kind: str, pick: Pick, exclude: frozenset[str] = frozenset()) -> bytes:
    """A damaged copy of a valid file: its lines edited (mostly), or its bytes (sometimes), or both."""
    how = pick(0, 3)
    if kind == "binary":  # a zip container such as .xlsx: only its bytes
        return damage_bytes(raw, pick)
    if how != 3:
        text = raw.decode("utf-8")
        raw = "\n".join(damage_lines(text.split("\n"), kind, pick, exclude)).encode("utf-8", "surrogatepass")
    if how >= 2:
        raw = damage_bytes(raw, pick)
    return raw


def random_input(pick: Pick, exclude: frozenset[str] = frozenset()) -> bytes:
    """Random bytes, random text, or a hostile value on its own."""
    how = pick(0, 3)
    if how == 0:
        return bytes(pick(0, 255) for _ in range(pick(0, 64)))
    if how == 1:
        chars = (pick(0, 0x10FFFF) for _ in range(pick(0, 32)))
        return "".join(map(chr, chars)).encode("utf-8", "surrogatepass")
    if how == 2:
        ascii_ = (pick(0x20, 0x7E) for _ in range(pick(0, 64)))
        return "".join(map(chr, ascii_)).encode("ascii")
    pool = [
        *_values(TEXTS, TEXT_HOSTILE, exclude),
        *_values(JSON_VALUES, JSON_HOSTILE, exclude),
        *_values(TOML_VALUES, TOML_HOSTILE, exclude),
    ]
    return choose(pool, pick).encode("utf-8", "surrogatepass")


def as_text(raw: bytes) -> str:
    """Bytes as text for a function that takes text: bytes that are not UTF-8 become lone surrogates."""
    return raw.decode("utf-8", "surrogateescape")


# --- the targets -------------------------------------------------------------------------------------------


@attrs.frozen
class Target:
    """A public loader or parser, called on bytes; it must return or raise a ``XiaofangError``.

    ``seeds`` gives valid inputs to damage, ``kind`` says how to damage them (toml, json, jsonl, csv, xml,
    text), ``owner`` is the module that reads them.
    """

    name: str
    call: Callable[[bytes], object]
    seeds: Callable[[], tuple[bytes, ...]]
    kind: str
    owner: str = ""

    def __str__(self) -> str:
        return self.name


@functools.cache
def policy() -> jx.Policy:
    return jx.load_policy()


@functools.cache
def qijiang() -> jx.Policy:
    return jx.load_policy(QIJIANG)


@functools.cache
def _folder() -> Path:
    """One folder holding every policy file and the files they include, so a damaged main file finds its parts."""
    folder = Path(tempfile.mkdtemp(prefix="jx-fuzz-"))
    atexit.register(shutil.rmtree, folder, True)
    for source in (DATA, TESTS_DATA, MINIMAL.parent):
        for file in source.glob("*.toml"):
            shutil.copyfile(file, folder / file.name)
    return folder


def _files(*paths: Path) -> Callable[[], tuple[bytes, ...]]:
    return lambda: tuple(p.read_bytes() for p in paths)


def _parse_policy(raw: bytes) -> object:
    return jx.parse_policy(raw, source="p.toml", base=_folder())


def _municipal(raw: bytes) -> object:
    layer = _folder() / "fuzz-municipal.toml"
    layer.write_bytes(raw)
    return jx.load_policy(_folder() / "minimal.toml", baseline=("national", layer))


def _district(raw: bytes) -> object:
    # the Qijiang district follows the Qijiang policy; the others the embedded one
    on = qijiang() if b"qijiang" in raw[:2000].lower() or "綦江".encode() in raw[:2000] else policy()
    return jx.parse_district(raw, source="d.toml", policy=on)


def _facilities_seeds() -> tuple[bytes, ...]:
    text = (DATA / "sample-facilities.toml").read_text(encoding="utf-8")
    head, *rows = text.split("[[facility]]")
    small = head + "".join(f"[[facility]]{row}" for row in rows[:4])  # four rows: a fifth of the parse time
    data = tomllib.loads(small)
    as_json = json.dumps(data["facility"], ensure_ascii=False, indent=1)
    return small.encode("utf-8"), as_json.encode("utf-8")


def _facilities(raw: bytes) -> object:
    from jiceng_xiaofang.standards import parse_facilities

    fmt = "json" if raw.lstrip()[:1] in (b"[", b"{") else "toml"
    return parse_facilities(raw, source=f"f.{fmt}", fmt=fmt)


def _facilities_csv(raw: bytes) -> object:
    from jiceng_xiaofang.standards import parse_facilities

    return parse_facilities(raw, source="f.csv", fmt="csv")


def _facilities_csv_seeds() -> tuple[bytes, ...]:
    return ((ROOT / "examples" / "data" / "facilities.csv").read_bytes(),)  # damaged as UTF-8 lines


@functools.cache
def _facilities_xlsx_seeds() -> tuple[bytes, ...]:
    import csv
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    text = (ROOT / "examples" / "data" / "facilities.csv").read_text(encoding="utf-8-sig")
    for row in list(csv.reader(io.StringIO(text)))[:4]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return (out.getvalue(),)


def _facilities_xlsx(raw: bytes) -> object:
    import tempfile

    from jiceng_xiaofang.standards import load_facilities

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "f.xlsx")
        path.write_bytes(raw)
        return load_facilities(path)


def _obligations(raw: bytes) -> object:
    from jiceng_xiaofang.schedule import parse_obligations

    return parse_obligations(raw, source="o.toml")


def _inspection_log(raw: bytes) -> object:
    from jiceng_xiaofang.schedule import parse_log

    fmt = "jsonl" if raw.lstrip()[:1] == b"{" else "csv"
    return parse_log(raw, format=fmt, source=f"log.{fmt}")


def _amendment_seeds() -> tuple[bytes, ...]:
    text = (ROOT / "examples" / "reform.py").read_text(encoding="utf-8")
    found = re.search(r'REFORM = """(.*?)"""', text, re.S)
    assert found, "examples/reform.py holds its amendment file as REFORM"
    return (found.group(1).encode("utf-8"),)


def _amendments(raw: bytes) -> object:
    from jiceng_xiaofang.policy import parse_amendments

    return policy().amend(*parse_amendments(raw, source="a.toml"))


def _chinese_date(raw: bytes) -> object:
    return jx.parse_chinese_date(as_text(raw))


def _lookups(raw: bytes) -> None:
    text, p = as_text(raw), policy()
    for find in (p.clause, p.task, p.fact, p.body, p.role, p.requirement):
        with contextlib.suppress(jx.NotFoundError):
            find(text)


def _labels(raw: bytes) -> None:
    from jiceng_xiaofang.schedule.periods import Frequency
    from jiceng_xiaofang.vocabulary import DEFAULT_NUMBERING, parse_chinese_numeral

    text = as_text(raw)
    DEFAULT_NUMBERING.parse(text)
    parse_chinese_numeral(text)
    with contextlib.suppress(jx.XiaofangError):
        Frequency.parse(text)


def _draft(raw: bytes) -> object:
    # bytes (the encoding is detected) and text (lone surrogates where the bytes are not UTF-8), in turn
    return jx.draft_policy(raw if len(raw) % 2 else as_text(raw)).load()


def _graph_seeds(kind: str) -> Callable[[], tuple[bytes, ...]]:
    def seeds() -> tuple[bytes, ...]:
        import io

        from jiceng_xiaofang.graph import node_link_json, raci_csv, write_graphml

        g = jx.task_graph()
        if kind == "json":
            return (
                node_link_json(g).encode("utf-8"),
                node_link_json(jx.task_graph(qijiang())).encode("utf-8"),
            )
        if kind == "csv":
            return (raci_csv(g).encode("utf-8"),)
        out = io.BytesIO()
        write_graphml(g, out)
        return (out.getvalue(),)

    return seeds


def _node_link(raw: bytes) -> object:
    from jiceng_xiaofang.graph import read_node_link_json

    return read_node_link_json(raw)


def _graphml(raw: bytes) -> object:
    import io

    from jiceng_xiaofang.graph import read_graphml

    return read_graphml(io.BytesIO(raw))


def _raci(raw: bytes) -> object:
    from jiceng_xiaofang.graph import read_raci_csv

    return read_raci_csv(as_text(raw))


@functools.cache
def _hazard_log() -> bytes:
    from hazards_helpers import closed_in_grid, reported, t
    from jiceng_xiaofang import hazards as jh

    escalated = reported("HZ-3", severity="major").dispatch(by="网格员 张三", at=t(5, 6, 10))
    escalated = escalated.escalate(by="网格员 张三", at=t(5, 6, 11), reason="整改难度大")
    log = jh.HazardLog.from_histories([closed_in_grid("HZ-1"), reported("HZ-2"), escalated])
    return log.to_jsonl().encode("utf-8")


def _parse_hazard_log(raw: bytes) -> object:
    from jiceng_xiaofang.hazards import parse_hazard_log

    result = parse_hazard_log(raw, source="h.jsonl")
    result.log  # noqa: B018  (replays what was read: it must be a valid log)
    return result


@functools.cache
def _authorised_log() -> bytes:
    from hazards_helpers import district, reported, t
    from jiceng_xiaofang import hazards as jh

    auth = jx.Authority(district())
    h = reported("HZ-1").dispatch(by="社区 郑示例", at=t(5, 6, 10), actor="p11", authority=auth)
    h = h.start_rectification(deadline="P3D", by="社区 郑示例", at=t(5, 6, 11), actor="p11", authority=auth)
    h = h.mark_rectified(by="社区 郑示例", at=t(5, 8), actor="p11", authority=auth)
    h = h.verify(by="街道 张示例", at=t(5, 9), actor="p03", authority=auth)
    return jh.HazardLog.from_histories([h, reported("HZ-2")]).to_jsonl().encode("utf-8")


def _parse_authorised_log(raw: bytes) -> object:
    from hazards_helpers import district
    from jiceng_xiaofang.hazards import parse_hazard_log

    result = parse_hazard_log(raw, source="h.jsonl", authority=_authority(district()))
    result.log  # noqa: B018
    return result


@functools.cache
def _authority(d: jx.District) -> jx.Authority:
    return jx.Authority(d)


def _authority_file(raw: bytes) -> object:
    """The [authority] file of the embedded policy, damaged, read with the policy that includes it."""
    folder = _authority_folder()
    (folder / "yuzhong-2023-authority.toml").write_bytes(raw)
    return jx.load_policy(folder / "yuzhong-2023.toml", baseline=None)


@functools.cache
def _authority_folder() -> Path:
    return _folder()


def _event_from_json(raw: bytes) -> object:
    from jiceng_xiaofang.hazards import event_from_json

    return event_from_json(raw)


def _sampling_seeds() -> tuple[bytes, ...]:
    from jiceng_xiaofang.schedule.sampling import draw

    made = draw(
        ["张三", "李四", "王五", "赵六"], ["甲店", "乙店", "丙店"], k=2, seed=7, on=dt.date(2024, 4, 1)
    )
    return (made.to_json().encode("utf-8"),)


def _sampling(raw: bytes) -> object:
    from jiceng_xiaofang.schedule.sampling import SamplingDraw

    return SamplingDraw.from_json(as_text(raw))


def _comparison_seeds() -> tuple[bytes, ...]:
    return (jx.compare([policy(), qijiang()]).to_json().encode("utf-8"),)


def _comparison(raw: bytes) -> object:
    from jiceng_xiaofang import _json

    try:
        data = _json.loads(raw)  # the reading of the text is tested on its own; here the shape
    except _json.JsonError:
        return None
    return jx.Comparison.from_dict(data)


def _turtle_base(raw: bytes) -> object:
    from jiceng_xiaofang.org import sample_district, to_org_turtle

    base = as_text(raw)
    if base.endswith(("/", "#")) and not re.search(r"[^\x21-\x7e]|[<>\"{}|^`\\%]", base):
        return None  # a valid base builds the whole export (slow); the checks are what is fuzzed
    return to_org_turtle(sample_district(), base=base)


TARGETS: tuple[Target, ...] = (
    Target(
        "parse_policy",
        _parse_policy,
        _files(MINIMAL, QIJIANG, DATA / "yuzhong-2023.toml"),
        "toml",
        owner="policy/",
    ),
    Target("load_policy(baseline=municipal layer)", _municipal, _files(MUNICIPAL), "toml", owner="policy/"),
    Target(
        "parse_district",
        _district,
        _files(QIJIANG_DISTRICT, DATA / "sample-district.toml", DATA / "yuzhong-district.toml"),
        "toml",
        owner="org/load.py",
    ),
    Target("parse_facilities", _facilities, _facilities_seeds, "toml", owner="standards/"),
    Target("parse_facilities (csv)", _facilities_csv, _facilities_csv_seeds, "csv", owner="_tabular.py"),
    Target("load_facilities (xlsx)", _facilities_xlsx, _facilities_xlsx_seeds, "binary", owner="_tabular.py"),
    Target(
        "parse_obligations",
        _obligations,
        _files(DATA / "yuzhong-2023-obligations.toml"),
        "toml",
        owner="schedule/",
    ),
    Target(
        "parse_log (inspection log)",
        _inspection_log,
        _files(
            FIXTURES / "schedule" / "logs" / "sample.csv", FIXTURES / "schedule" / "logs" / "sample.jsonl"
        ),
        "csv",
        owner="schedule/",
    ),
    Target("parse_amendments", _amendments, _amendment_seeds, "toml", owner="policy/amend.py"),
    Target(
        "parse_chinese_date",
        _chinese_date,
        lambda: tuple(t.encode() for t in ("2023年2月21日", "２０２５年底", "2024年第一季度", "每半年")),
        "text",
        owner="schedule/",
    ),
    Target(
        "Policy.clause/task/fact/body/role/requirement",
        _lookups,
        lambda: tuple(t.encode() for t in ("3.2", "三（二）", "sec_3__item_2", "区消防救援支队")),
        "text",
        owner="policy/",
    ),
    Target(
        "Numbering.parse, parse_chinese_numeral, Frequency.parse",
        _labels,
        lambda: tuple(t.encode() for t in ("（十二）", "二十三", "P3M", "1.2.3")),
        "text",
        owner="vocabulary/",
    ),
    Target(
        "draft_policy",
        _draft,
        _files(
            HERE / "seed" / "qijiang-2022-fragment.txt",
            HERE / "seed" / "yuzhong-2023-fire-governance-opinions.txt",
        ),
        "text",
        owner="drafting/",
    ),
    Target("read_node_link_json", _node_link, _graph_seeds("json"), "json", owner="graph/"),
    Target("read_graphml", _graphml, _graph_seeds("xml"), "xml", owner="graph/"),
    Target("read_raci_csv", _raci, _graph_seeds("csv"), "csv", owner="graph/"),
    Target("parse_hazard_log", _parse_hazard_log, lambda: (_hazard_log(),), "jsonl", owner="hazards/"),
    Target(
        "parse_hazard_log(authority=)",
        _parse_authorised_log,
        lambda: (_authorised_log(),),
        "jsonl",
        owner="hazards/authority.py",
    ),
    Target(
        "load_policy ([authority] file)",
        _authority_file,
        _files(DATA / "yuzhong-2023-authority.toml"),
        "toml",
        owner="policy/authority_rules.py",
    ),
    Target(
        "event_from_json",
        _event_from_json,
        lambda: tuple(line for line in _hazard_log().split(b"\n") if line),
        "jsonl",
        owner="hazards/",
    ),
    Target("SamplingDraw.from_json", _sampling, _sampling_seeds, "json", owner="schedule/"),
    Target("Comparison.from_dict", _comparison, _comparison_seeds, "json", owner="revisions/"),
    Target(
        "to_org_turtle(base=)",
        _turtle_base,
        lambda: (b"https://w3id.org/jiceng-xiaofang/", b"urn:x:#"),
        "text",
        owner="org/interop.py",
    ),
)


# --- record_from_dict: Python values, not text -------------------------------------------------------------

RECORD_FIELDS = (
    "kind",
    "name",
    "street",
    "community",
    "members",
    "room_area",
    "duty_shift_size",
    "clear_width",
    "slope",
    "external_landline",
    "chief_post",
    "staff",
)
RECORD_KINDS = ("micro_fire_station", "fire_lane", "fire_work_station", "key_unit_micro_fire_station", "x")


def python_value(pick: Pick, exclude: frozenset[str] = frozenset(), depth: int = 0) -> Any:
    """A value a Mapping from pandas, JSON or user code may hold, hostile ones included."""
    ordinary: list[Any] = [
        None,
        True,
        0,
        6,
        -5,
        29.99,
        "",
        "6名",
        "六名",
        "30 平方米",
        "4 m",
        "8°",
        "是",
        "无",
        "x",
        dt.date(2024, 1, 1),
    ]
    hostile: dict[str, list[Any]] = {
        "huge-int": [10**400, -(10**400), "9" * 5000],
        "huge-float": [1e308, 1e-320],
        "nan": [float("nan"), float("inf"), float("-inf"), "nan m", "inf"],
        "unit-expression": ["30 m**2 + 1 m**2", "600 %", "6 radian"],
        "surrogate": ["\ud800"],
        "long-text": ["x" * 100_000],
        "complex": [1j, complex(6, 0)],
        "container": [[1], {"a": 1}, (6,), b"6"],
    }
    pool = ordinary + [v for cls, vs in hostile.items() if cls not in exclude for v in vs]
    if depth < 2 and "container" not in exclude and pick(0, 9) == 0:
        return [python_value(pick, exclude, depth + 1)]
    return pool[pick(0, len(pool) - 1)]


def record_dict(pick: Pick, exclude: frozenset[str] = frozenset()) -> dict[Any, Any]:
    """A facility row: a kind (usually a real one) and a few fields of any value; sometimes a key of another type."""
    row: dict[Any, Any] = {}
    if pick(0, 9):
        row["kind"] = choose(RECORD_KINDS, pick)
    for _ in range(pick(0, 4)):
        row[choose(RECORD_FIELDS, pick)] = python_value(pick, exclude)
    if "mixed-keys" not in exclude and pick(0, 9) == 0:
        row[pick(0, 3)] = "x"
    return row
