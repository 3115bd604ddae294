"""Hostile files: nesting, enormous integers and lone surrogates give each loader's own error, with its line.

Every loader of TOML (policy, baseline layer, district, facilities, obligations, amendments) reads through one
reader, and every loader of JSON (facilities, inspection logs, sampling records) through another; each case
below is run against each loader.  Before the fix these raised ``RecursionError``, ``ValueError`` (Python's
4,300-digit limit) or ``OverflowError``, or accepted a lone surrogate that failed later, when written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import jiceng_xiaofang as jx
from jiceng_xiaofang.errors import DataFileError, DistrictFileError, PolicyFileError, ScheduleFileError
from jiceng_xiaofang.policy import AmendmentFileError, parse_amendments
from jiceng_xiaofang.schedule import SamplingDraw, SamplingError, parse_log, parse_obligations
from jiceng_xiaofang.standards import FacilityFileError, parse_facilities

DEEP = 1000


def _baseline(text: str) -> object:
    """A municipal baseline layer read through load_policy (a temporary file)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "municipal.toml")
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        return jx.load_policy(baseline=("national", str(path)))


TOML_LOADERS: dict[str, tuple[Callable[[str], object], type[DataFileError]]] = {
    "policy": (lambda text: jx.parse_policy(text, source="f.toml"), PolicyFileError),
    "district": (lambda text: jx.parse_district(text, source="f.toml"), DistrictFileError),
    "facilities": (lambda text: parse_facilities(text, source="f.toml", fmt="toml"), FacilityFileError),
    "obligations": (lambda text: parse_obligations(text, source="f.toml"), ScheduleFileError),
    "amendments": (lambda text: parse_amendments(text, source="f.toml"), AmendmentFileError),
}
NESTED_TOML = {  # the text and the depth the message reports (an array of tables is two levels)
    "arrays": ("format = 1\n\nx = " + "[" * DEEP + "]" * DEEP + "\n", DEEP),
    "inline tables": ("format = 1\n\nx = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n", DEEP),
    "arrays of tables": ("format = 1\n\nx = " + "[{a = " * DEEP + "1" + "}]" * DEEP + "\n", 2 * DEEP),
}


@pytest.mark.parametrize("shape", sorted(NESTED_TOML))
@pytest.mark.parametrize("loader", sorted(TOML_LOADERS))
def test_toml_nested_a_thousand_deep(loader: str, shape: str) -> None:
    load, error = TOML_LOADERS[loader]
    text, depth = NESTED_TOML[shape]
    with pytest.raises(error) as info:
        load(text)
    assert info.value.file == "f.toml" and info.value.line == 3
    assert f"nested at most a few hundred levels deep, got {depth} levels" in str(info.value)


@pytest.mark.parametrize("loader", sorted(TOML_LOADERS))
def test_toml_integers_of_thousands_of_digits(loader: str) -> None:
    load, error = TOML_LOADERS[loader]
    with pytest.raises(error, match=r"f\.toml:3: not valid TOML: an integer of thousands of digits"):
        load("format = 1\n\nx = " + "9" * 5000 + "\n")


@pytest.mark.parametrize(
    "digits", ["9" * 400, "9223372036854775808", "-9223372036854775809", "0x1" + "0" * 16]
)
@pytest.mark.parametrize("loader", sorted(TOML_LOADERS))
def test_toml_integers_outside_64_bits(loader: str, digits: str) -> None:
    load, error = TOML_LOADERS[loader]
    with pytest.raises(error) as info:
        load(f"format = 1\n[a]\nb = [1, {{c = {digits}}}]\n")
    assert info.value.key == "a.b[1].c" and info.value.line == 3
    assert "expected a 64-bit integer (TOML's range, -2^63 to 2^63-1)" in info.value.reason


def test_64_bit_integers_still_read() -> None:
    with pytest.raises(PolicyFileError, match="document: missing required key"):
        jx.parse_policy(
            "format = 1\nx = 9223372036854775807\ny = -9223372036854775808\nz = '" + "9" * 40 + "'"
        )


@pytest.mark.parametrize("loader", sorted(TOML_LOADERS))
def test_toml_text_with_a_lone_surrogate(loader: str) -> None:
    load, error = TOML_LOADERS[loader]
    with pytest.raises(error) as info:
        load('format = 1\n\nname = "解放碑\ud800"\n')
    assert info.value.line == 3
    assert "not UTF-8 text: it holds U+D800 at character 24, a lone surrogate" in str(info.value)


def test_a_baseline_layer_file_is_read_by_the_same_reader() -> None:
    with pytest.raises(PolicyFileError, match=r"municipal\.toml:3: expected arrays and inline tables nested"):
        _baseline(NESTED_TOML["arrays"][0])
    with pytest.raises(PolicyFileError, match=r"municipal\.toml:3: a\.b: expected a 64-bit integer"):
        _baseline("format = 1\n[a]\nb = " + "9" * 400 + "\n")


def test_a_policy_value_too_large_for_a_float() -> None:
    """tomllib reads integers of any size; the policy's fact and requirement readers then called float()."""
    path = Path(__file__).resolve().parent / "fixtures" / "good" / "minimal.toml"
    text = path.read_text(encoding="utf-8") + "\n[[fact]]\nid = 'x'\nvalue = " + "9" * 30 + "\n"
    with pytest.raises(PolicyFileError, match=r"fact\[\d+\]\.value: expected a 64-bit integer"):
        jx.parse_policy(text, source="p.toml")


# --- JSON ----------------------------------------------------------------------------------------------


def _facilities(text: str) -> object:
    return parse_facilities(text, source="f.json", fmt="json")


def _log(text: str) -> object:
    return parse_log(text, format="jsonl", source="log.jsonl")


def _sampling(text: str) -> object:
    return SamplingDraw.from_json(text)


JSON_LOADERS: dict[str, tuple[Callable[[str], object], type[jx.XiaofangError]]] = {
    "facilities": (_facilities, FacilityFileError),
    "inspection log": (_log, ScheduleFileError),
    "sampling record": (_sampling, SamplingError),
}
HOSTILE_JSON = {
    "arrays 1000 deep": ("[" * DEEP + "]" * DEEP, "nested deeper than 100 levels"),
    "objects 1000 deep": ('{"a":' * DEEP + "1" + "}" * DEEP, "nested deeper than 100 levels"),
    "arrays 100000 deep": ("[" * 100_000, "nested deeper than 100 levels"),
    "5000 digits": ('{"date": ' + "9" * 5000 + "}", "an integer of 5000 digits, more than 4300"),
    "lone surrogate escape": ('{"target": "\\ud800"}', "a lone surrogate \\ud800, which is not Unicode text"),
    "lone low surrogate": ('{"target": "a\\udc00b"}', "a lone surrogate \\udc00"),
    "reversed pair": ('{"target": "\\ude92\\ud83d"}', "a lone surrogate \\ude92"),
    "surrogate in a key": ('{"\\ud800": 1}', "a lone surrogate \\ud800"),
    "raw surrogate": ('{"target": "\ud800"}', "surrogate"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_JSON))
@pytest.mark.parametrize("loader", sorted(JSON_LOADERS))
def test_hostile_json(loader: str, case: str) -> None:
    load, error = JSON_LOADERS[loader]
    text, fragment = HOSTILE_JSON[case]
    with pytest.raises(error) as info:
        load(text)
    assert fragment in str(info.value)
    assert len(str(info.value)) < 400


def test_a_valid_surrogate_pair_and_an_escaped_backslash_are_text() -> None:
    rows = _facilities('[{"kind": "fire_lane", "name": "\\ud83d\\ude92 \\\\ud800"}]')
    assert rows[0].name == "🚒 \\ud800"  # type: ignore[attr-defined]


def test_json_positions_name_the_line() -> None:
    good = '{"date": "2024-01-01", "target": "x", "by": "y", "obligation": "street_entrusted_units"}'
    text = good + '\n{"target": "\\udfff"}\n'
    with pytest.raises(
        ScheduleFileError, match=r"log\.jsonl: line 2: not valid JSON: a lone surrogate \\udfff"
    ):
        _log(text)


def test_a_jsonl_value_that_is_not_text_is_shown_briefly() -> None:
    nested = "[" * 50 + "]" * 50  # deep, but within what the reader follows (100)
    with pytest.raises(
        ScheduleFileError, match=r"line 1, target: expected a string, got \[\[\[\[\.\.\.\]\]\]\]"
    ):
        _log('{"date": "2024-01-01", "target": ' + nested + ', "by": "y", "obligation": "z"}')


def test_utf8_encoded_surrogates_are_not_text() -> None:
    data = b'[{"kind": "fire_lane", "name": "x"}]'.replace(b'"x"', b'"\xed\xa0\x80"')
    with pytest.raises(FacilityFileError, match="not valid JSON"):
        parse_facilities(data, source="f.json", fmt="json")


def test_inspection_logs_in_csv_refuse_a_lone_surrogate() -> None:
    text = "date,target,by,obligation\n2024-03-31,某火锅店\ud800,张三,street_entrusted_units\n"
    with pytest.raises(ScheduleFileError, match=r"log\.csv: line 2: not UTF-8 text: it holds U\+D800"):
        parse_log(text, source="log.csv")


def test_facility_files_keep_reading_good_rows() -> None:
    text = json.dumps([{"kind": "fire_lane", "clear_width": "400 cm", "name": "示例巷"}], ensure_ascii=True)
    assert parse_facilities(text, fmt="json")[0].clear_width == 4.0  # type: ignore[attr-defined]
