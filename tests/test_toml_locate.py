"""locate() names the line of a key path, as the TOML reader reports it, in the file's text.

Texts are written with ``toml(...)``: one argument per line, so line ``n`` of the text
is the ``n``-th argument and the expected numbers can be read off the call.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiceng_xiaofang._toml_locate import locate


def toml(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def line_count(text: str) -> int:
    return text.count("\n") + 1


# -- the key paths the reader produces ------------------------------------------------


def test_top_level_key() -> None:
    text = toml("# a policy", "", "format = 1", "other = 2")
    assert locate(text, "format") == 3
    assert locate(text, "other") == 4


def test_key_in_table() -> None:
    text = toml("format = 1", "", "[document]", "number = 7", "title = 'x'", "", "[other]", "title = 'y'")
    assert locate(text, "document.title") == 5
    assert locate(text, "other.title") == 8


def test_key_written_as_a_dotted_key_at_top_level() -> None:
    text = toml("format = 1", "document.number = 3", "document.title = 'x'")
    assert locate(text, "document.title") == 3
    assert locate(text, "document") == 2


def test_key_in_an_inline_table() -> None:
    text = toml("format = 1", 'document = {number = 3, title = "x"}', "after = 2")
    assert locate(text, "document.title") == 2
    assert locate(text, "document") == 2


def test_subtable_header() -> None:
    text = toml("[document]", "title = 'x'", "", "[document.parent]", "number = 3")
    assert locate(text, "document.parent") == 4
    assert locate(text, "document") == 1


def test_key_in_subtable() -> None:
    text = toml("[document]", "number = 1", "[document.parent]", "title = 'p'", "number = 3")
    assert locate(text, "document.parent.number") == 5
    assert locate(text, "document.number") == 2


def test_subtable_before_its_table() -> None:
    text = toml("[document.parent]", "number = 3", "[document]", "title = 'x'")
    assert locate(text, "document") == 3
    assert locate(text, "document.parent.number") == 2


def test_array_of_tables_element() -> None:
    text = toml(*["[[clause]]", "id = 'c'", ""] * 5)
    assert locate(text, "clause[0]") == 1
    assert locate(text, "clause[3]") == 10
    assert locate(text, "clause[4]") == 13
    assert locate(text, "clause") == 1


def test_key_in_array_of_tables_element() -> None:
    text = toml(*[line for i in range(5) for line in ("[[clause]]", f"id = '{i}'", f"lead = ['unit {i}']")])
    assert locate(text, "clause[3].lead") == 12
    assert locate(text, "clause[3].id") == 11
    assert locate(text, "clause[0].lead") == 3


def test_array_element_written_on_its_own_line() -> None:
    text = toml("[[clause]]", "lead = [", "  'a',", "  'b',  'c',", "  # 'not d'", "  'd'", "]", "x = 1")
    assert locate(text, "clause[0].lead") == 2
    assert locate(text, "clause[0].lead[0]") == 3
    assert locate(text, "clause[0].lead[1]") == 4
    assert locate(text, "clause[0].lead[2]") == 4
    assert locate(text, "clause[0].lead[3]") == 6
    assert locate(text, "clause[0].x") == 8


def test_array_element_of_a_one_line_array() -> None:
    text = toml("[[clause]]", "id = '1'", "lead = ['a', 'b', 'c']", "x = 1")
    assert locate(text, "clause[0].lead[1]") == 3
    assert locate(text, "clause[0].lead[2]") == 3


def test_array_of_tables_under_a_dotted_name() -> None:
    text = toml(
        "[key_unit]",
        "name = 'hospital'",
        *[line for i in range(4) for line in ("", "[[key_unit.threshold]]", f"value = {i}", "unit = 'bed'")],
    )
    assert locate(text, "key_unit.threshold[2].value") == 13
    assert locate(text, "key_unit.threshold[2]") == 12
    assert locate(text, "key_unit.threshold") == 4
    assert locate(text, "key_unit.name") == 2


def test_nested_arrays_of_tables_count_within_their_parent_element() -> None:
    text = toml(
        "[[body]]",
        "name = 'district'",
        "[[body.post]]",
        "role = 'head'",
        "[[body.post]]",
        "role = 'deputy'",
        "[[body]]",
        "name = 'street'",
        "[[body.post]]",
        "role = 'secretary'",
        "[[body.post]]",
        "role = 'member'",
    )
    assert locate(text, "body[0].post[1].role") == 6
    assert locate(text, "body[1].post[0].role") == 10
    assert locate(text, "body[1].post[1]") == 11
    assert locate(text, "body[1].name") == 8


def test_array_of_inline_tables_over_several_lines() -> None:
    text = toml(
        "[[required_body]]",
        "kind = 'station'",
        "posts = [",
        "  {slot = 'a', role = 'x'},",
        "  {slot = 'b', role = 'y'},",
        "]",
    )
    assert locate(text, "required_body[0].posts[1].role") == 5
    assert locate(text, "required_body[0].posts[0].slot") == 4
    assert locate(text, "required_body[0].posts[1]") == 5
    assert locate(text, "required_body[0].posts") == 3


def test_array_of_inline_tables_on_one_line() -> None:
    text = toml(
        "[[required_body]]",
        "kind = 'station'",
        "posts = [ {slot = 'a', role = 'x'}, {slot = 'b', role = 'y'} ]",
        "after = 1",
    )
    assert locate(text, "required_body[0].posts[1].role") == 3
    assert locate(text, "required_body[0].after") == 4


def test_empty_key() -> None:
    assert locate(toml("format = 1", '"" = 2'), "") is None


def test_missing_key_gives_the_deepest_enclosing_line() -> None:
    text = toml(*[line for i in range(4) for line in ("[[clause]]", f"id = '{i}'", "lead = ['a']")])
    assert locate(text, "clause[3].nosuch") == 10
    assert locate(text, "clause[3].lead[5]") == 12
    assert locate(text, "clause[3].id[0]") == 11  # not an array: the key's line
    assert locate(text, "clause[9]") == 1  # no such element: the array's first header
    assert locate(text, "clause[9].id") == 1
    assert locate(text, "nosuch") is None
    assert locate(text, "nosuch.id") is None
    assert locate(text, "clauses[3]") is None  # a longer name is another key


def test_missing_key_in_an_implied_table_gives_its_subtable() -> None:
    text = toml("format = 1", "[document.parent]", "number = 3")
    assert locate(text, "document.title") == 2


# -- the syntax it copes with --------------------------------------------------------


def test_comments_and_blank_lines() -> None:
    text = toml(
        "# title = 'not this one'",
        "",
        "   # [document]",
        "format = 1  # title = 'nor this'",
        "",
        "[document]  # the document",
        "# title = 'not here'",
        "",
        "title = 'x'  # here",
    )
    assert locate(text, "document.title") == 9
    assert locate(text, "document") == 6
    assert locate(text, "title") is None


def test_quoted_keys() -> None:
    text = toml(
        '"a b" = 1',
        "'x' = 2",
        '"quoted.dot" = 3',
        '"\\u0065scaped" = 4',
        "[ \"my table\" . 'sub' ]",
        '"key" = 5',
    )
    assert locate(text, "a b") == 1
    assert locate(text, "x") == 2
    assert locate(text, "quoted.dot") == 3
    assert locate(text, "escaped") == 4
    assert locate(text, "my table.sub") == 5
    assert locate(text, "my table.sub.key") == 6


def test_white_space_around_equals_signs_and_in_headers() -> None:
    text = toml(
        "format=1",
        "other\t =  2",
        "[ document ]",
        "title   =   'x'",
        "[[ clause ]]",
        "id='1'",
        "[[  clause  ]]",
        "id = '2'",
        "[ clause . meta ]",
        "a . b = 3",
    )
    assert locate(text, "format") == 1
    assert locate(text, "other") == 2
    assert locate(text, "document.title") == 4
    assert locate(text, "clause[1]") == 7
    assert locate(text, "clause[1].id") == 8
    assert locate(text, "clause[1].meta.a.b") == 10


def test_strings_holding_toml_syntax() -> None:
    text = toml(
        "[[clause]]",
        "text = \"[[clause]] # id = 'x' ] [\"",
        "note = 'a = b # [c] ]]'",
        'quote = "say \\"[[clause]]\\" # = ["',
        "lead = ['[x]', \"# ]\", ']]']",
        "id = '1'",
        "[[clause]]",
        "id = '2'",
    )
    assert locate(text, "clause[0].id") == 6
    assert locate(text, "clause[1]") == 7
    assert locate(text, "clause[0].lead[2]") == 5


def test_multi_line_strings_hide_keys_and_headers() -> None:
    text = toml(
        "[[clause]]",
        'text = """',
        "[[clause]]",
        "id = 'fake'",
        '\\""" still inside',
        'the end""""',
        "literal = '''",
        "[document]",
        "title = 'fake'",
        "'''",
        "id = '1'",
        "[[clause]]",
        "id = '2'",
        "[document]",
        "title = 'real'",
    )
    assert locate(text, "clause[0].id") == 11
    assert locate(text, "clause[1]") == 12
    assert locate(text, "clause[1].id") == 13
    assert locate(text, "document.title") == 15
    assert locate(text, "clause[0].literal") == 7


def test_multi_line_arrays_with_comments_and_nesting() -> None:
    text = toml(
        "matrix = [",
        "  [1, 2],  # ] [",
        "  [",
        "    3,",
        "    4,",
        "  ],",
        "]",
        "after = { a = [1, [2]], b = '}' }",
        "[[clause]]",
        "id = '1'",
    )
    assert locate(text, "matrix[1]") == 3
    assert locate(text, "matrix[1][1]") == 5
    assert locate(text, "after.b") == 8
    assert locate(text, "clause[0].id") == 10


def test_crlf_line_endings() -> None:
    text = toml("format = 1", "", "[[clause]]", "lead = [", "  'a',", "  'b',", "]").replace("\n", "\r\n")
    assert locate(text, "format") == 1
    assert locate(text, "clause[0]") == 3
    assert locate(text, "clause[0].lead[1]") == 6


def test_byte_order_mark() -> None:
    text = "\ufeff" + toml("format = 1", "[document]", "title = 'x'")
    assert locate(text, "format") == 1
    assert locate(text, "document.title") == 3


def test_long_names() -> None:
    name = "k" * 100
    text = toml("x = 1", f"{name}x = 2", f"{name}.b = 3", "[t]", f"{name}y = 4", f"{name} = 5")
    assert locate(text, f"{name}.b") == 3
    assert locate(text, f"t.{name}") == 6
    assert locate(text, "a" * 1_000_000) is None
    assert locate(text * 1000, "k" * 1_000_000) is None


def test_invalid_toml_gives_an_answer_not_an_exception() -> None:
    text = toml("format = ", "[[clause", "id = '1", 'text = """never closed', "[[clause]]", "id = '2'")
    assert locate(text, "format") == 1
    assert locate(text, "clause[0]") == 2  # an unclosed header still counts
    assert locate(text, "clause[0].id") == 3
    assert locate(text, "clause[1]") == 2  # all after the open string is inside it
    assert locate("a = [1, 2", "a[1]") == 1
    assert locate("= = =\na = {\n[]\n[[]]", "a.b") == 2
    assert locate("[]\na = 1", "a") is None  # after a broken header: not a top-level key


# -- every key of a realistic file ----------------------------------------------------

REALISTIC = toml(
    "# A policy file, as the package writes them.",
    "format = 1",
    "",
    "[document]",
    'title = "关于进一步加强基层消防工作的实施意见"',
    "issued = 2023-02-21",
    "public = true",
    'note = "a [bracket], a # hash and an = sign"',
    "",
    "[document.parent]",
    "number = 3",
    "title_en = 'Guiding Opinions [2021] #7'",
    "",
    "[[section]]",
    "number = 1",
    'title = "总体要求"',
    "",
    "[[clause]]",
    'id = "1.1"',
    'text = """',
    "各街道办事处负责本辖区消防工作。",
    "[[clause]]",
    'id = "not a key"',
    '"""',
    'lead = ["各街道办事处"]',
    "",
    "[[clause]]",
    'id = "1.2"',
    "lead = [",
    '  "区应急局",  # first',
    '  "区消防救援支队",',
    "]",
    'cooperating = [ "区公安分局", "区住建委" ]',
    "",
    "[[clause]]",
    'id = "2.1"',
    "text = '''",
    'literal [with] "quotes" and # hash',
    "'''",
    "lead = [",
    "  # a comment with a ] bracket",
    '  "区城管局",',
    "]",
    "",
    "[key_unit]",
    'name = "hospital"',
    "",
    "[[key_unit.threshold]]",
    "value = 100",
    'unit = "bed"',
    "",
    "[[key_unit.threshold]]",
    "value = 200",
    'unit = "bed"',
    "",
    "[[body]]",
    'name = "区政府"',
    "",
    "[[body.post]]",
    'role = "主任"',
    "",
    "[[body.post]]",
    'role = "副主任"',
    "",
    "[[body]]",
    'name = "街道"',
    "",
    "[[body.post]]",
    'role = "书记"',
    "",
    "[[required_body]]",
    'kind = "station"',
    "posts = [",
    '  {slot = "a", role = "站长"},',
    '  {slot = "b", role = "队员"},',
    "]",
)


def key_paths(value: object, path: str = "") -> Iterator[tuple[str, str, object]]:
    """Every key path in a parsed document as the reader names it, with the array's or key's name."""
    if isinstance(value, dict):
        for name, item in value.items():
            here = f"{path}.{name}" if path else name
            yield here, name, item
            yield from key_paths(item, here)
    elif isinstance(value, list):
        name = path.rsplit(".", 1)[-1].split("[", 1)[0]
        for i, item in enumerate(value):
            yield f"{path}[{i}]", name, item
            yield from key_paths(item, f"{path}[{i}]")


def evidence(name: str, value: object) -> list[str]:
    """What the line of a key path may show: its name, its value, or a key of its table."""
    shown = [name]
    if isinstance(value, dict):
        shown += list(value)
    elif isinstance(value, bool):
        shown.append(str(value).lower())
    elif isinstance(value, str | int | float | dt.date):
        shown.append(str(value))
    return shown


REALISTIC_PATHS = list(key_paths(tomllib.loads(REALISTIC)))


def test_realistic_file_has_the_paths_the_cases_need() -> None:
    paths = {path for path, _, _ in REALISTIC_PATHS}
    assert {"clause[1].lead[1]", "key_unit.threshold[1].value", "body[1].post[0].role"} <= paths
    assert "required_body[0].posts[1].role" in paths
    assert len(REALISTIC_PATHS) > 60


@pytest.mark.parametrize(("path", "name", "value"), REALISTIC_PATHS, ids=[p for p, _, _ in REALISTIC_PATHS])
def test_every_key_of_a_realistic_file_is_on_its_line(path: str, name: str, value: object) -> None:
    line = locate(REALISTIC, path)
    assert line is not None
    text = REALISTIC.split("\n")[line - 1]
    assert any(shown in text for shown in evidence(name, value)), (line, text)


def test_realistic_file_exact_lines() -> None:
    expected = {
        "format": 2,
        "document": 4,
        "document.parent.title_en": 12,
        "clause[0].text": 20,
        "clause[0].lead": 25,
        "clause[1]": 27,
        "clause[1].lead[1]": 31,
        "clause[1].cooperating[1]": 33,
        "clause[2].lead[0]": 42,
        "key_unit.threshold[1].value": 53,
        "body[1].post[0].role": 69,
        "required_body[0].posts[1].role": 75,
        "clause[2].cooperating": 35,
        "body[0].post[1]": 62,
        "body[1].post[1]": 68,  # no such element: body[1]'s post array
    }
    assert {key: locate(REALISTIC, key) for key in expected} == expected


# -- properties -----------------------------------------------------------------------

FRAGMENTS = [
    "[[", "]]", "[", "]", "{", "}", '"""', "'''", '"', "'", "=", " = ", "#", ".", ",", "\\",
    "\n", "\r\n", "\r", " ", "\t", "a", "b", "clause", "x.y", "1", "\ufeff", "é", "\\u0041",
]  # fmt: skip
KEY_FRAGMENTS = ["a", "b", "clause", ".", "[", "]", "[0]", "[1]", "[12]", "x y", '"', "\\", " ", "é"]

toml_ish = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)
key_ish = st.lists(st.sampled_from(KEY_FRAGMENTS), max_size=8).map("".join)


def assert_valid_answer(text: str, key: str) -> None:
    line = locate(text, key)
    assert line is None or (type(line) is int and 1 <= line <= line_count(text))
    if line is not None:
        assert line <= len(text.splitlines())


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), toml_ish), key=st.one_of(st.text(), key_ish))
def test_never_raises_and_answers_a_line_of_the_text(text: str, key: str) -> None:
    assert_valid_answer(text, key)


@settings(max_examples=300, deadline=None)
@given(head=toml_ish, tail=toml_ish, key=key_ish)
def test_never_raises_on_toml_ish_fragments_around_real_toml(head: str, tail: str, key: str) -> None:
    assert_valid_answer(head + REALISTIC + tail, key)
    assert_valid_answer(REALISTIC[: len(head) * 17] + tail, key)


bare_names = st.from_regex(r"[A-Za-z0-9_-]{1,6}", fullmatch=True)
any_names = st.one_of(bare_names, st.text(max_size=6))


def basic_string(text: str) -> str:
    escaped = "".join(
        "\\" + ch if ch in '"\\' else f"\\u{ord(ch):04x}" if ch < " " or ch == "\x7f" else ch for ch in text
    )
    return f'"{escaped}"'


def key_text(name: str) -> str:
    if name and all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in name):
        return name
    return basic_string(name)


plain_text = st.text(
    st.characters(exclude_characters="\\\"'\r", exclude_categories=["Cs", "Cc"]), max_size=20
)
scalars = st.one_of(
    st.integers().map(str),
    st.booleans().map(lambda b: str(b).lower()),
    st.text(max_size=8).map(basic_string),
    st.sampled_from(["'[x] # = y'", "1979-05-27", "1979-05-27 07:32:00Z", "inf", "-1.5e3", '""', "''"]),
    plain_text.map(lambda body: '"""\n' + body + '\n[[x]]\nk = 1 # ]\n"""'),
    plain_text.map(lambda body: "'''" + body + "\n[y]\n'''"),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(inner, max_size=3).map(lambda items: "[\n  " + ",  # c ]\n  ".join(items) + "\n]"),
        st.dictionaries(bare_names, inner, max_size=3).map(
            lambda table: "{" + ", ".join(f"{k} = {v}" for k, v in table.items()) + "}"
        ),
    ),
    max_leaves=6,
)
kinds = st.sampled_from(["key", "dotted", "table", "array"])


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, dict[str, int]]:
    """A TOML document and, for each top-level key, the line that first writes it."""
    lines: list[str] = []
    first_line: dict[str, int] = {}

    def add(text: str, name: str) -> None:
        first_line.setdefault(name, len(lines) + 1)
        lines.extend(text.split("\n"))

    named = draw(st.lists(st.tuples(any_names, kinds), unique_by=lambda pair: pair[0], max_size=8))
    named.sort(key=lambda pair: pair[1] in ("table", "array"))  # keys before the first header
    for name, kind in named:
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "# comment [x]", "  ", "\t# a = 1"])))
        if kind == "key":
            add(f"{key_text(name)} = {draw(values)}", name)
        elif kind == "dotted":
            add(f"{key_text(name)} . {draw(bare_names)} = {draw(values)}", name)
        else:
            header = f"[{key_text(name)}]" if kind == "table" else f"[[ {key_text(name)} ]]"
            for _ in range(1 if kind == "table" else draw(st.integers(1, 3))):
                add(header, name)
                for sub in draw(st.lists(bare_names, unique=True, max_size=2)):
                    lines.extend(f"{sub} = {draw(values)}".split("\n"))
    return "\n".join(lines) + "\n", first_line


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(document=documents(), crlf=st.booleans())
def test_top_level_keys_of_valid_toml_are_found(document: tuple[str, dict[str, int]], crlf: bool) -> None:
    text, first_line = document
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return  # documents() means to write valid TOML; should it ever miss, there is nothing to check
    for name in data:
        if name:
            assert locate(text, name) is not None, name
        if name and not any(ch in name for ch in ".[]"):
            assert locate(text, name) == first_line[name], name


@settings(max_examples=300, deadline=None)
@given(text=toml_ish)
def test_top_level_keys_of_any_text_tomllib_accepts_are_found(text: str) -> None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    for name in data:
        if name:
            assert locate(text, name) is not None, (text, name)


# -- hostile input ---------------------------------------------------------------------------------
# Large hostile texts still get an answer and no exception (how the time grows with the text is measured in
# benchmarks, not here).

HOSTILE: dict[str, Callable[[], str]] = {
    "realistic": lambda: REALISTIC * 250,
    "one-line keys": lambda: "".join(f"k{i} = {i}  # c\n" for i in range(20_000)),
    "blank lines": lambda: "\n" * 200_000,
    "open brackets": lambda: "a = " + "[" * 200_000,
    "pairs of brackets": lambda: "a = [" + "[]" * 100_000,
    "nested inline tables": lambda: "a = " + "{b = " * 40_000,
    "quotes": lambda: '"' * 200_000,
    "unclosed multi-line string": lambda: 'a = """' + 'x"\\' * 70_000,
    "dots": lambda: "a." * 100_000 + "b = 1",
    "spaces": lambda: " " * 200_000 + "a",
    "fragments": lambda: "".join(FRAGMENTS * 7_000),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_large_hostile_texts_get_an_answer(name: str) -> None:
    text = HOSTILE[name]()
    assert len(text) >= 200_000
    for key in ("a", "a.b[0]", "clause[1].lead[1]", "required_body[0].posts[1].role", "k19999"):
        assert_valid_answer(text, key)
