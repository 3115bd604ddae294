"""Dated requirement values: the value in force on the day is the one checked; a day with none is unknown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jiceng_xiaofang as jx
from jiceng_xiaofang.standards import check_table, compiled_requirements

D = dt.date
HEAD = """format = 1
[layer]
name = "municipal"
"""


def _requirement(
    rid: str, value: float, *extra: str, field: str = "staff", strength: str = "required"
) -> str:
    lines = [
        "[[requirement]]",
        f'id = "{rid}"',
        'subject = "key_unit_micro_fire_station"',
        f'field = "{field}"',
        'comparator = ">="',
        f"value = {value}",
        'unit = "person"',
        f'strength = "{strength}"',
        f'name_zh = "人员不少于{value:g}人"',
        f'name_en = "at least {value:g} people"',
        'source = "an invented municipal rule"',
        'confidence = "illustrative"',
        *extra,
    ]
    return "\n".join(lines) + "\n"


# At least 6 until 2024, at least 8 in 2024, nothing from 2025-01-01 to 2025-06-30, at least 9 from 2025-07-01.
STEPS = (
    _requirement("municipal.staff.first", 6, "effective_until = 2024-01-01")
    + _requirement("municipal.staff.second", 8, "effective_from = 2024-01-01", "effective_until = 2025-01-01")
    + _requirement("municipal.staff.third", 9, "effective_from = 2025-07-01")
)


def _policy(tmp_path: Path, text: str) -> jx.Policy:
    path = tmp_path / "municipal.toml"
    path.write_text(HEAD + text, encoding="utf-8")
    return jx.load_policy(baseline=path)


@pytest.fixture(scope="module")
def steps(tmp_path_factory: pytest.TempPathFactory) -> jx.Policy:
    return _policy(tmp_path_factory.mktemp("dated"), STEPS)


@pytest.mark.parametrize(
    ("on", "staff", "status", "cited"),
    [
        (D(1990, 1, 1), 7, "pass", "municipal.staff.first"),  # no effective_from: in force since ever
        (D(2023, 12, 31), 7, "pass", "municipal.staff.first"),  # the last day before effective_until
        (
            D(2024, 1, 1),
            7,
            "fail",
            "municipal.staff.second",
        ),  # effective_until excludes, effective_from includes
        (D(2024, 1, 1), 8, "pass", "municipal.staff.second"),
        (D(2024, 12, 31), 7, "fail", "municipal.staff.second"),
        (D(2025, 1, 1), 7, "unknown", "municipal.staff.third"),  # a gap: the next value stands for it
        (D(2025, 1, 1), 100, "unknown", "municipal.staff.third"),  # never a pass, whatever is measured
        (D(2025, 6, 30), 9, "unknown", "municipal.staff.third"),
        (D(2025, 7, 1), 8, "fail", "municipal.staff.third"),
        (D(2025, 7, 1), 9, "pass", "municipal.staff.third"),
        (D(2999, 1, 1), 9, "pass", "municipal.staff.third"),
    ],
)
def test_the_value_in_force_on_the_day_is_checked(
    steps: jx.Policy, on: dt.date, staff: int, status: str, cited: str
) -> None:
    report = jx.check(jx.KeyUnitMicroFireStation(staff=staff), steps, on=on)
    [finding] = [f for f in report.findings if f.requirement.field == "staff"]
    assert (finding.status, finding.id) == (status, cited)
    assert report.status == status  # the one required requirement decides
    assert finding.in_force == (status != "unknown")


def test_a_gap_says_why_it_is_unknown(steps: jx.Policy) -> None:
    finding = jx.check(jx.KeyUnitMicroFireStation(staff=12), steps, on=D(2025, 3, 1)).finding(
        "municipal.staff.third"
    )
    assert finding.status == "unknown" and not finding.in_force
    assert finding.message_en == (
        "at least 9 people: unknown (no value in force on 2025-03-01; >= 9 is in force from 2025-07-01)"
    )
    assert "2025-03-01 无施行中的要求" in finding.message_zh and "自 2025-07-01 起" in finding.message_zh
    data = finding.to_dict()
    assert (data["in_force"], data["effective_from"], data["effective_until"]) == (False, "2025-07-01", None)


def test_after_the_last_value_ends_the_last_one_stands_for_the_gap(tmp_path: Path) -> None:
    policy = _policy(tmp_path, _requirement("municipal.staff.only", 6, "effective_until = 2024-01-01"))
    finding = jx.check(jx.KeyUnitMicroFireStation(staff=7), policy, on=D(2024, 1, 1)).finding(
        "municipal.staff.only"
    )
    assert finding.status == "unknown"
    assert finding.message_en.endswith(
        "(no value in force on 2024-01-01; >= 6 is in force before 2024-01-01)"
    )


@pytest.mark.parametrize("on", [D(2023, 12, 31), D(2024, 1, 1), D(2025, 1, 1), D(2025, 7, 1)])
def test_tables_and_many_records_select_by_date_as_check_does(steps: jx.Policy, on: dt.date) -> None:
    staff = [5, 6, 7, 8, 9, None]
    table = check_table({"staff": staff}, kind="key_unit_micro_fire_station", policy=steps, on=on)
    records = [jx.KeyUnitMicroFireStation(staff=n) for n in staff]
    singles = [jx.check(r, steps, on=on) for r in records]
    assert [table.report(i) for i in range(len(staff))] == singles
    assert list(table.status) == [r.status for r in singles]
    assert [r.statuses for r in jx.check_all(records, steps, on=on).reports] == [r.statuses for r in singles]


def test_compiled_once_per_stretch_of_days(steps: jx.Policy) -> None:
    assert steps.change_dates("key_unit_micro_fire_station") == (D(2024, 1, 1), D(2025, 1, 1), D(2025, 7, 1))
    first = compiled_requirements(steps, "key_unit_micro_fire_station", D(2024, 1, 1))
    assert compiled_requirements(steps, "key_unit_micro_fire_station", D(2024, 12, 31)) is first
    assert compiled_requirements(steps, "key_unit_micro_fire_station", D(2025, 1, 1)) is not first


def test_without_a_day_the_check_speaks_for_today(steps: jx.Policy) -> None:
    record = jx.KeyUnitMicroFireStation(staff=8)
    assert jx.check(record, steps) == jx.check(record, steps, on=dt.date.today())
    assert steps.effective_requirements("key_unit_micro_fire_station") == steps.effective_requirements(
        "key_unit_micro_fire_station", dt.date.today()
    )
    with pytest.raises(jx.XiaofangError, match=r"on: expected a datetime\.date, got '2024-01-01'"):
        steps.effective_requirements("key_unit_micro_fire_station", "2024-01-01")  # type: ignore[arg-type]


def test_undated_requirements_keep_todays_behaviour() -> None:
    policy = jx.load_policy()
    station = jx.MicroFireStation(members=6, room_area=30)
    for on in (D(1900, 1, 1), D(2024, 7, 1), D(2999, 1, 1)):
        report = jx.check(station, policy, on=on)
        assert report.finding("micro_fire_station.members").status == "pass"
        assert report.finding("micro_fire_station.room_area").in_force


def test_a_dated_value_merges_with_the_other_layers_on_its_days(tmp_path: Path) -> None:
    text = _requirement("municipal.members", 8, "effective_from = 2024-01-01").replace(
        'subject = "key_unit_micro_fire_station"\nfield = "staff"',
        'subject = "micro_fire_station"\nfield = "members"',
    )
    policy = _policy(tmp_path, text)
    station = jx.MicroFireStation(members=7)

    def members(on: dt.date) -> list[tuple[str, str]]:
        found = [f for f in jx.check(station, policy, on=on).findings if f.requirement.field == "members"]
        return [(f.id, f.status) for f in found]

    assert members(D(2023, 12, 31)) == [("micro_fire_station.members", "pass")]  # the district's 6: no gap
    assert members(D(2024, 1, 1)) == [("municipal.members", "fail")]  # the stricter 8 binds


def test_a_change_of_strength_over_time_leaves_no_gap(tmp_path: Path) -> None:
    policy = _policy(
        tmp_path,
        _requirement("municipal.staff.advice", 8, "effective_until = 2024-01-01", strength="advisory")
        + _requirement("municipal.staff.rule", 8, "effective_from = 2024-01-01"),
    )
    record = jx.KeyUnitMicroFireStation(staff=8)
    before = jx.check(record, policy, on=D(2023, 12, 31))
    after = jx.check(record, policy, on=D(2024, 1, 1))
    assert [(f.id, f.strength, f.status) for f in before if f.requirement.field == "staff"] == [
        ("municipal.staff.advice", "advisory", "pass")
    ]
    assert [(f.id, f.strength, f.status) for f in after if f.requirement.field == "staff"] == [
        ("municipal.staff.rule", "required", "pass")
    ]


def test_the_national_layer_dates_gb_55037() -> None:
    policy = jx.load_policy()
    for rid in ("national.fire_lane.slope", "national.fire_lane.turnaround"):
        r = policy.requirement(rid)
        assert (r.effective_from, r.effective_until, r.confidence) == (D(2023, 6, 1), None, "secondary")
        assert "GB 55037-2022 (in force 2023-06-01" in r.source
    # the GB 50016 entries are not dated: nothing says they ended
    assert not policy.requirement("national.fire_lane.slope_recommended").dated
    assert not policy.requirement("national.fire_lane.clear_width").dated
    lane = jx.FireLane(
        clear_width=4, clear_height=4, slope=9, dead_end_length=50, turnaround_side=12, serves_high_rise=False
    )
    before, after = jx.check(lane, policy, on=D(2023, 5, 31)), jx.check(lane, policy, on=D(2023, 6, 1))
    # before 2023-06-01 only GB 50016's advisory 8 % is known for the slope: the required 10 % is not in force
    assert "national.fire_lane.slope" not in [f.id for f in before]
    assert before.finding("national.fire_lane.slope_recommended").status == "fail"
    assert before.finding("national.fire_lane.turnaround").status == "unknown"  # no earlier value is known
    assert before.status == "unknown"
    assert after.finding("national.fire_lane.slope").status == "pass"
    assert after.finding("national.fire_lane.turnaround").status == "pass"
    assert after.status == "pass"


def test_a_condition_that_does_not_apply_is_not_applicable_even_in_a_gap() -> None:
    lane = jx.FireLane(dead_end_length=30, turnaround_side=0)
    finding = jx.check(lane, on=D(2023, 5, 31)).finding("national.fire_lane.turnaround")
    assert finding.status == "not_applicable"
    table = check_table({"dead_end_length": [30, 50, None]}, kind="fire_lane", on=D(2023, 5, 31))
    assert list(table.statuses("national.fire_lane.turnaround")) == ["not_applicable", "unknown", "unknown"]


def _load_error(tmp_path: Path, text: str) -> jx.PolicyFileError:
    with pytest.raises(jx.PolicyFileError) as info:
        _policy(tmp_path, text)
    return info.value


def test_overlapping_values_are_rejected_naming_both(tmp_path: Path) -> None:
    text = _requirement("municipal.staff.a", 6, "effective_until = 2024-01-02") + _requirement(
        "municipal.staff.b", 8, "effective_from = 2024-01-01"
    )
    error = _load_error(tmp_path, text)
    assert error.key == "requirement[1].effective_from"
    assert error.line == (HEAD + text).splitlines().index("effective_from = 2024-01-01") + 1
    assert "'municipal.staff.b' overlaps 'municipal.staff.a'" in error.reason
    assert (
        "both are required values of key_unit_micro_fire_station.staff >=, in force together from 2024-01-01"
        in error.reason
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ((), ("effective_from = 2024-01-01",)),  # an undated value is in force on every day
        (("effective_from = 2024-01-01",), ("effective_from = 2030-01-01",)),
        (("effective_until = 2024-01-01",), ("effective_until = 2020-01-01",)),
        (("effective_from = 2020-01-01", "effective_until = 2030-01-01"), ("effective_from = 2029-12-31",)),
    ],
)
def test_overlaps_of_every_shape(tmp_path: Path, first: tuple[str, ...], second: tuple[str, ...]) -> None:
    error = _load_error(
        tmp_path, _requirement("municipal.a", 6, *first) + _requirement("municipal.b", 7, *second)
    )
    assert "'municipal.b' overlaps 'municipal.a'" in error.reason


def test_touching_ranges_do_not_overlap_and_other_keys_may(tmp_path: Path) -> None:
    policy = _policy(
        tmp_path,
        _requirement("municipal.a", 6, "effective_until = 2024-01-01")
        + _requirement("municipal.b", 7, "effective_from = 2024-01-01")
        + _requirement("municipal.c", 9, "effective_from = 2024-01-01", strength="encouraged")  # another key
        + _requirement("municipal.d", 3, "effective_from = 2024-01-01", field="arrival_minutes").replace(
            'comparator = ">="\nvalue = 3\nunit = "person"', 'comparator = "<="\nvalue = 3\nunit = "minute"'
        ),
    )
    assert len(policy.requirements) == 4 + len(jx.load_policy(baseline=None).requirements)


def test_two_undated_values_of_one_key_keep_the_stricter(tmp_path: Path) -> None:
    policy = _policy(tmp_path, _requirement("municipal.a", 6) + _requirement("municipal.b", 7))
    [staff] = [r for r in policy.effective_requirements("key_unit_micro_fire_station") if r.field == "staff"]
    assert staff.id == "municipal.b"


@pytest.mark.parametrize(
    ("extra", "key", "fragment"),
    [
        (("effective_from = 2024-01-01", "effective_until = 2024-01-01"), "effective_until", "is not after"),
        (("effective_from = 2024-01-02", "effective_until = 2024-01-01"), "effective_until", "is not after"),
        (('effective_from = "2024-01-01"',), "effective_from", "expected a date such as"),
        (("effective_until = 2024-01-01T00:00:00",), "effective_until", "expected a date such as"),
        (("effective_from = 2024",), "effective_from", "expected a date such as"),
    ],
)
def test_bad_dates(tmp_path: Path, extra: tuple[str, ...], key: str, fragment: str) -> None:
    error = _load_error(tmp_path, _requirement("municipal.a", 6, *extra))
    assert error.key == f"requirement[0].{key}"
    assert fragment in error.reason


def test_lint_compares_values_in_force_together(tmp_path: Path) -> None:
    text = _requirement("municipal.members", 9, "effective_until = 2024-01-01").replace(
        'subject = "key_unit_micro_fire_station"\nfield = "staff"',
        'subject = "micro_fire_station"\nfield = "members"',
    )
    policy = _policy(tmp_path, text)
    district = policy.requirement("micro_fire_station.members")
    assert [i.where for i in jx.lint(policy) if i.code == "weaker-than-baseline"] == [
        "requirement micro_fire_station.members"  # 6 is weaker than 9 before 2024 ...
    ]
    dated = attrs.evolve(district, effective_from=D(2024, 1, 1))
    assert not dated.overlaps(policy.requirement("municipal.members"))  # ... but from 2024 never at one time
    weaker = attrs.evolve(
        policy, requirements=tuple(dated if r is district else r for r in policy.requirements)
    )
    assert not [i for i in jx.lint(weaker) if i.code == "weaker-than-baseline"]
    overlapping = attrs.evolve(district, effective_from=D(2023, 12, 31))
    both = attrs.evolve(
        policy, requirements=tuple(overlapping if r is district else r for r in policy.requirements)
    )
    assert [i.where for i in jx.lint(both) if i.code == "weaker-than-baseline"] == [
        "requirement micro_fire_station.members"
    ]


DAYS = st.one_of(st.none(), st.dates(min_value=D(2024, 1, 1), max_value=D(2024, 1, 12)))
RANGES = st.tuples(DAYS, DAYS).filter(lambda r: r[0] is None or r[1] is None or r[0] < r[1])  # as the loader


@settings(max_examples=300, deadline=None)
@given(a=RANGES, b=RANGES, on=st.dates(min_value=D(2023, 12, 30), max_value=D(2024, 1, 14)))
def test_in_force_and_overlaps_agree_with_counting_days(
    a: tuple[dt.date | None, dt.date | None], b: tuple[dt.date | None, dt.date | None], on: dt.date
) -> None:
    base = jx.load_policy().requirement("micro_fire_station.members")
    first, second = (attrs.evolve(base, effective_from=f, effective_until=u) for f, u in (a, b))
    window = [D(2023, 12, 30) + dt.timedelta(days=i) for i in range(16)]  # every boundary, and a day around
    common = [day for day in window if first.in_force(day) and second.in_force(day)]
    assert first.overlaps(second) == bool(common) == second.overlaps(first)
    start, end = a
    assert first.in_force(on) == ((start is None or start <= on) and (end is None or on < end))
