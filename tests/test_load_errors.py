"""The loader rejects malformed policy files with a PolicyFileError naming the file and the key path.

Every fixture in ``tests/fixtures/bad/`` is ``tests/fixtures/good/minimal.toml``
with one defect, stated in the fixture's first line.  ``BAD_FIXTURES`` maps
each fixture to the key path the error must name (exact) and a distinctive
fragment of its reason; a fixture missing from the table fails a test.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from pathlib import Path

import attrs
import pytest

import jiceng_xiaofang as jx
from file_errors import assert_file_error
from jiceng_xiaofang.errors import PolicyFileError
from jiceng_xiaofang.policy import Document, ParentDocument, load_policy, parse_policy

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "good" / "minimal.toml"
BAD = FIXTURES / "bad"

UNKNOWN_UNIT = "unknown body name"

# fixture file name -> (key path, fragment of the reason)
BAD_FIXTURES: dict[str, tuple[str, str]] = {
    # the whole file
    "file-format-unsupported.toml": ("format", "reads policy format 1, the file has 2"),
    "file-format-string.toml": ("format", "expected an integer, got str '1'"),
    "file-not-toml.toml": ("", "not valid TOML"),
    "file-unknown-top-level-key.toml": ("facts", "unknown key 'facts'"),
    # [document]
    "document-unknown-key.toml": ("document.approval_meting", "unknown key 'approval_meting'"),
    "document-parent-unknown-key.toml": ("document.parent.titel_en", "unknown key 'titel_en'"),
    "document-issued-string.toml": ("document.issued", "expected a date"),
    "document-approval-meeting-string.toml": ("document.approval_meeting", "expected an integer"),
    "document-public-yes.toml": ("document.public", "expected true or false, got str 'yes'"),
    "document-published-before-issued.toml": ("document.published", "is before issued"),
    "document-approval-meeting-zero.toml": ("document.approval_meeting", "1 or more, got 0"),
    "document-published-source-without-date.toml": (
        "document.published_source",
        "published (the date) is not",
    ),
    # [[section]]
    "section-number-gap.toml": ("section[1].number", "expected 2, got 3"),
    # [[clause]]
    "clause-duplicate-id.toml": ("clause[1].id", "duplicate clause id '1.1'"),
    "clause-id-gap.toml": ("clause[1].id", "expected 1.2, got 1.3"),
    "clause-ids-out-of-order.toml": ("clause[0].id", "expected 1.1, got 1.2"),
    "clause-sections-interleaved.toml": ("clause[2].id", "order"),
    "clause-id-malformed.toml": ("clause[2].id", "a clause id is numbers joined by dots"),
    "clause-id-trailing-newline.toml": ("clause[2].id", "a clause id is numbers joined by dots"),
    "clause-unknown-section.toml": ("clause[2].id", "the [[section]] list does not have"),
    "clause-missing-text.toml": ("clause[1].text", "missing required key"),
    "clause-empty-text.toml": ("clause[1].text", "non-empty string"),
    "clause-unknown-key.toml": ("clause[0].cooprating", "unknown key 'cooprating'"),
    "clause-lead-string.toml": ("clause[0].lead", "expected an array of strings"),
    "clause-lead-empty-name.toml": ("clause[0].lead[0]", "non-empty string"),
    "clause-lead-unknown-unit.toml": ("clause[0].lead[0]", UNKNOWN_UNIT),
    "clause-cooperating-unknown-unit.toml": ("clause[0].cooperating[1]", UNKNOWN_UNIT),
    # [[task]]
    "task-missing-clause.toml": ("task[1].clause", "missing required key"),
    "task-unknown-clause.toml": ("task[1].clause", "the task cites clause '1.3'"),
    "task-duplicate-clause.toml": ("task[1].clause", "clause 1.1 already has a task"),
    "task-cooperating-unknown-unit.toml": ("task[1].cooperating[0]", UNKNOWN_UNIT),
    "task-unknown-key.toml": ("task[1].cooperation", "unknown key 'cooperation'"),
    # [[fact]]
    "fact-quote-not-in-clause.toml": ("fact[0].quote", "the quote is not in the text of clause 1.1"),
    "fact-names-item-not-in-quote.toml": ("fact[1].items[2]", "the item '大坪' is not in the fact's quote"),
    "fact-unit-kg.toml": ("fact[1].unit", "unknown unit 'kg'"),
    "fact-unit-chinese.toml": ("fact[1].unit", "unknown unit '米'"),
    "fact-quantity-missing-unit.toml": ("fact[1].unit", "missing required key"),
    "fact-count-with-unit.toml": ("fact[0].unit", "only a 'quantity' fact has a unit"),
    "fact-count-negative.toml": ("fact[0].value", "0 or more"),
    "fact-count-with-empty-items.toml": ("fact[0].items", "only a 'names' fact has items"),
    "fact-names-without-items.toml": ("fact[0].items", "at least one item"),
    "fact-count-float.toml": ("fact[0].value", "needs an integer"),
    "fact-quantity-nan.toml": ("fact[1].value", "nan"),
    "fact-period-not-iso.toml": ("fact[0].value", "ISO 8601"),
    "fact-period-trailing-newline.toml": ("fact[0].value", "ISO 8601"),
    "fact-missing-value.toml": ("fact[0].value", "missing required key"),
    "fact-unknown-kind.toml": ("fact[0].kind", "got 'number'"),
    "fact-unknown-clause.toml": ("fact[1].clause", "the fact cites clause '2.4'"),
    "fact-duplicate-id.toml": ("fact[1].id", "duplicate fact id 'fire_station_staff'"),
    # [[body]]
    "body-duplicate-name.toml": ("body[3].name", "already used by the body '区应急局'"),
    "body-duplicate-alias.toml": ("body[1].aliases[0]", "already used by the body '各街道办事处'"),
    "body-unknown-kind.toml": ("body[2].kind", "got 'bureau'"),
    "body-unknown-level.toml": ("body[2].level", "got 'province'"),
    "body-collective-of-unknown.toml": ("body[0].collective_of", "collective_of names no body"),
    "body-collective-of-on-non-collective.toml": (
        "body[1].kind",
        "only a body of kind 'collective' has collective_of",
    ),
}


BAD_CASES = [pytest.param(name, key, fragment, id=name) for name, (key, fragment) in BAD_FIXTURES.items()]


def _fixture_files() -> list[str]:
    return sorted(p.name for p in BAD.iterdir() if not p.name.startswith("."))


def _without_header(text: str) -> str:
    """The text after the leading comment lines (the fixture's own description)."""
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines) and lines[i].startswith("#"):
        i += 1
    return "".join(lines[i:])


def _typed(value: object) -> object:
    """The parsed TOML with every scalar tagged by its type, so 5 and 5.0 differ."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, repr(value))


def _assert_policy_file_error(
    err: PolicyFileError, *, file: str, key: str, fragment: str, text: str | None = None
) -> None:
    assert_file_error(err, file=file, key=key, fragment=fragment, text=text)


# --- the valid base


def test_minimal_loads() -> None:
    policy = load_policy(MINIMAL)
    assert isinstance(policy, jx.Policy)
    assert policy.source == str(MINIMAL)
    assert policy.document.id == "yuzhong-2023-minimal"
    assert policy.document.parent is not None
    assert policy.document.parent.number == "渝府办发〔2022〕110号"
    assert [s.number for s in policy.sections] == [1, 2]
    assert [c.id for c in policy.clauses] == ["1.1", "1.2", "2.1"]
    c11, c12, c21 = policy.clauses
    assert c11.lead == ("各街道办事处",)
    assert c11.cooperating == ("区应急局", "区消防救援支队")
    assert c12.lead == ("各街道办事处",)
    assert c12.cooperating == ()
    assert (c21.lead, c21.cooperating) == ((), ())
    assert [t.clause for t in policy.tasks] == ["1.1", "1.2"]
    count, quantity = policy.facts
    assert (count.kind, count.value, count.unit) == ("count", 5, None)
    assert (quantity.kind, quantity.value, quantity.unit) == ("quantity", 4, "m")
    assert count.quote in c11.text
    assert quantity.quote in c21.text
    assert policy.body("各街道").name == "各街道办事处"
    assert policy.body("各街道办事处").collective_of == "街道办事处"


def test_minimal_document_sets_every_field() -> None:
    data = tomllib.loads(MINIMAL.read_text(encoding="utf-8"))
    assert set(data["document"]) == {f.name for f in attrs.fields(Document)}
    assert set(data["document"]["parent"]) == {f.name for f in attrs.fields(ParentDocument)}


def test_minimal_loads_from_str_path_and_text() -> None:
    from_path = load_policy(MINIMAL)
    from_str_path = load_policy(str(MINIMAL))
    from_text = parse_policy(MINIMAL.read_text(encoding="utf-8"))
    from_bytes = parse_policy(MINIMAL.read_bytes(), source="minimal.toml")
    assert from_str_path == from_path
    assert from_text.source == "<string>"
    assert from_bytes.source == "minimal.toml"
    assert attrs.evolve(from_text, source=from_path.source) == from_path
    assert attrs.evolve(from_bytes, source=from_path.source) == from_path


# --- the malformed fixtures


@pytest.mark.parametrize(("name", "key", "fragment"), BAD_CASES)
def test_bad_fixture_is_rejected(name: str, key: str, fragment: str) -> None:
    path = BAD / name
    with pytest.raises(PolicyFileError) as info:
        load_policy(path)
    _assert_policy_file_error(
        info.value, file=str(path), key=key, fragment=fragment, text=path.read_text(encoding="utf-8")
    )


@pytest.mark.parametrize(("name", "key", "fragment"), BAD_CASES)
def test_bad_fixture_is_rejected_from_str(name: str, key: str, fragment: str) -> None:
    text = (BAD / name).read_text(encoding="utf-8")
    with pytest.raises(PolicyFileError) as info:
        parse_policy(text, source=name)
    _assert_policy_file_error(info.value, file=name, key=key, fragment=fragment)


def test_every_bad_fixture_is_in_the_table() -> None:
    assert _fixture_files() == sorted(BAD_FIXTURES)


@pytest.mark.parametrize("name", _fixture_files())
def test_bad_fixture_is_minimal_with_a_defect(name: str) -> None:
    text = (BAD / name).read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# Defect: ") and len(first) > len("# Defect: ") + 10, first
    body = _without_header(text)
    base = _without_header(MINIMAL.read_text(encoding="utf-8"))
    assert body != base
    # derived from the base: most lines are the base's own
    ratio = difflib.SequenceMatcher(None, base.splitlines(), body.splitlines()).ratio()
    assert ratio > 0.85, ratio
    # the defect is in the data, not only in comments or layout
    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError:
        assert name == "file-not-toml.toml"
    else:
        assert _typed(data) != _typed(tomllib.loads(base))


def test_quantity_nan_fixture_really_holds_nan() -> None:
    data = tomllib.loads((BAD / "fact-quantity-nan.toml").read_text(encoding="utf-8"))
    assert math.isnan(data["fact"][1]["value"])


# --- errors without a fixture file


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    raw = MINIMAL.read_text(encoding="utf-8").encode("gb18030")
    path.write_bytes(raw)
    with pytest.raises(PolicyFileError) as info:
        load_policy(path)
    _assert_policy_file_error(info.value, file=str(path), key="", fragment="not UTF-8")
    with pytest.raises(PolicyFileError) as info:
        parse_policy(raw, source="gbk.toml")
    _assert_policy_file_error(info.value, file="gbk.toml", key="", fragment="not UTF-8")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "no-such-policy.toml"
    for given in (path, str(path)):
        with pytest.raises(PolicyFileError) as info:
            load_policy(given)
        _assert_policy_file_error(info.value, file=str(path), key="", fragment="cannot read the file")


def test_directory_is_not_a_policy_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyFileError) as info:
        load_policy(tmp_path)
    _assert_policy_file_error(info.value, file=str(tmp_path), key="", fragment="cannot read the file")


def test_parse_policy_default_source() -> None:
    with pytest.raises(PolicyFileError) as info:
        parse_policy("format = 2\n")
    _assert_policy_file_error(info.value, file="<string>", key="format", fragment="the file has 2")


def test_bad_fixture_from_str_path() -> None:
    path = BAD / "clause-lead-unknown-unit.toml"
    with pytest.raises(PolicyFileError) as info:
        load_policy(str(path))
    _assert_policy_file_error(info.value, file=str(path), key="clause[0].lead[0]", fragment=UNKNOWN_UNIT)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.read_bytes())
    assert load_policy(path) == load_policy(MINIMAL)
    assert parse_policy("\ufeff" + MINIMAL.read_text(encoding="utf-8")) == load_policy(MINIMAL)
