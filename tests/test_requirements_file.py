"""Requirements in the policy file and in baseline files: what the loader rejects, with the key path."""

from __future__ import annotations

from pathlib import Path

import pytest

import jiceng_xiaofang as jx
from policy_files import DATA, EMBEDDED

BASELINE = EMBEDDED.with_name("national-baseline.toml")
ROOM = '''id = "micro_fire_station.room_area"
subject = "micro_fire_station"
field = "room_area"
comparator = ">="
value = 30
unit = "m^2"
strength = "required"
clause = "1.2"
quote = "站房至少30平方米"'''


def _index_of_room() -> int:
    text = EMBEDDED.read_text(encoding="utf-8")
    before = text[: text.index(ROOM)]
    return before.count("[[requirement]]") - 1


def _policy_with(old: str, new: str) -> str:
    text = EMBEDDED.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


ROOM_KEY = f"requirement[{_index_of_room()}]"


@pytest.mark.parametrize(
    ("new", "field", "fragment"),
    [
        (
            ROOM.replace('subject = "micro_fire_station"', 'subject = "fire_hydrant"'),
            "subject",
            "unknown facility kind",
        ),
        (
            ROOM.replace('field = "room_area"', 'field = "room_size"'),
            "field",
            "has no measured field 'room_size'",
        ),
        (
            ROOM.replace('comparator = ">="', 'comparator = "=>"'),
            "comparator",
            "expected one of >=, <=, ==, between, present",
        ),
        (ROOM.replace('unit = "m^2"', 'unit = "m"'), "unit", "is area (m^2); the unit 'm' measures length"),
        (ROOM.replace('unit = "m^2"', 'unit = "平方米"'), "unit", "unknown unit '平方米'"),
        (ROOM.replace("value = 30", 'value = "30"'), "value", "expected a finite number"),
        (ROOM.replace("value = 30", "value = nan"), "value", "expected a finite number"),
        (
            ROOM.replace('strength = "required"', 'strength = "应"'),
            "strength",
            "expected one of required, advisory, encouraged, optional",
        ),
        (ROOM.replace('clause = "1.2"', 'clause = "1.9"'), "clause", "cites clause '1.9'"),
        (
            ROOM.replace("站房至少30平方米", "站房至少40平方米", 1),
            "quote",
            "the quote is not in the text of clause 1.2",
        ),
        (
            ROOM.replace('id = "micro_fire_station.room_area"', 'id = "Room Area"'),
            "id",
            "dotted lower-case words",
        ),
        (
            ROOM.replace('id = "micro_fire_station.room_area"', 'id = "micro_fire_station.members"'),
            "id",
            "duplicate requirement id",
        ),
        (ROOM.replace('comparator = ">="', 'comparator = "=="'), "comparator", "'==' compares posts"),
        (
            ROOM.replace('comparator = ">="', 'comparator = "present"'),
            "comparator",
            "'present' applies to a flag",
        ),
        (ROOM.replace('comparator = ">="', 'comparator = "between"'), "maximum", "missing required key"),
        (ROOM + "\nmaximum = 20", "maximum", "unknown key 'maximum'"),
        (ROOM + '\nresponsible = ["区消防队"]', "responsible[0]", "unknown body name '区消防队'"),
        (
            ROOM + '\nwhen = { field = "members", comparator = "~", value = 3 }',
            "when.comparator",
            "expected one of >, >=, <, <=, ==",
        ),
        (
            ROOM + '\nwhen = { field = "nothing", comparator = ">", value = 3 }',
            "when.field",
            "has no measured field 'nothing'",
        ),
        (ROOM + '\nsource = "x"', "source", "unknown key 'source'"),
        (
            ROOM + '\nwhen = { field = "chief_post", comparator = ">", value = 1 }',
            "when.field",
            "chief_post is a post",
        ),
    ],
)
def test_bad_district_requirements(new: str, field: str, fragment: str) -> None:
    with pytest.raises(jx.PolicyFileError) as info:
        jx.parse_policy(_policy_with(ROOM, new), source="p.toml", base=DATA)
    assert info.value.key == f"{ROOM_KEY}.{field}"
    assert fragment in info.value.reason


def test_bad_deadline_reference() -> None:
    text = _policy_with('deadline = "completion_deadline"', 'deadline = "heritage_buildings"')
    with pytest.raises(jx.PolicyFileError, match="the id of a 'date' fact, got 'heritage_buildings'"):
        jx.parse_policy(text, base=DATA)


def test_a_deadline_may_be_a_date() -> None:
    text = _policy_with(ROOM, ROOM + "\ndeadline = 2024-06-30").replace(
        '\nname_en = "station room of at least 30 m2"\ndeadline = "completion_deadline"',
        '\nname_en = "station room of at least 30 m2"',
        1,
    )
    policy = jx.parse_policy(text, base=DATA)
    assert policy.requirement("micro_fire_station.room_area").deadline.isoformat() == "2024-06-30"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("old", "new", "key", "fragment"),
    [
        ('name = "national"', 'name = "district"', "layer.name", "one of national, municipal"),
        (
            'confidence = "secondary"',
            'confidence = "sure"',
            "requirement[0].confidence",
            "expected one of official",
        ),
        (
            'source = "社区微型消防站建设标准（试行）, 公安部消防局, 2015"\nconfidence = "secondary"\n\n[[requirement]]\nid = "national.micro_fire_station.members"',
            'confidence = "secondary"\n\n[[requirement]]\nid = "national.micro_fire_station.members"',
            "requirement[0].source",
            "missing required key",
        ),
        ("format = 1", "format = 2", "format", "baseline format 1"),
    ],
)
def test_bad_baseline_files(tmp_path: Path, old: str, new: str, key: str, fragment: str) -> None:
    text = BASELINE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "baseline.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(jx.PolicyFileError) as info:
        jx.load_policy(baseline=path)
    assert info.value.file == str(path)
    assert info.value.key == key
    assert fragment in info.value.reason


def test_a_baseline_file_of_ones_own(tmp_path: Path) -> None:
    path = tmp_path / "municipal.toml"
    path.write_text(
        """format = 1
[layer]
name = "municipal"
[[requirement]]
id = "municipal.micro_fire_station.room_area"
subject = "micro_fire_station"
field = "room_area"
comparator = ">="
value = 40
unit = "m^2"
strength = "required"
name_zh = "站房不少于40平方米"
name_en = "room of at least 40 m2"
source = "an invented municipal rule"
confidence = "illustrative"
""",
        encoding="utf-8",
    )
    policy = jx.load_policy(baseline=path)
    f = jx.check(jx.MicroFireStation(room_area=35), policy).finding("municipal.micro_fire_station.room_area")
    assert (f.status, f.layer) == ("fail", "municipal")  # 40 m² is stricter than the district's 30 m²
    assert [i.code for i in jx.lint(policy) if i.code == "weaker-than-baseline"] == ["weaker-than-baseline"]
    with pytest.raises(jx.PolicyFileError, match="cannot read the file"):
        jx.load_policy(baseline=tmp_path / "missing.toml")
