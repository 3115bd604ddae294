"""Facility standards: thresholds at their boundaries, units, layers, deadlines, missing data."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

import attrs
import pint
import pytest

import jiceng_xiaofang as jx
import seed_text as seed
from jiceng_xiaofang.standards import RECORD_TYPES, RecordError, field_spec, record_from_dict

BEFORE = dt.date(2024, 7, 1)
DEADLINE = dt.date(2025, 12, 31)
AFTER = dt.date(2026, 1, 1)
SOURCE = {c.id: c.body for c in seed.source_clauses()}


def status(record: jx.standards.FacilityRecord, requirement: str, on: dt.date = BEFORE) -> str:
    return jx.check(record, on=on).finding(requirement).status


# --- the requirements are the policy's words --------------------------------------------------------


def test_every_district_requirement_quotes_its_clause(policy: jx.Policy) -> None:
    district = [r for r in policy.requirements if r.layer == "district"]
    assert len(district) >= 30
    for r in district:
        assert r.clause is not None and r.quote is not None
        assert r.quote in SOURCE[r.clause], r.id


def _numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]


def test_every_district_threshold_is_in_its_quote(policy: jx.Policy) -> None:
    for r in policy.requirements:
        if r.layer != "district" or not isinstance(r.value, float):
            continue
        assert r.quote is not None
        assert r.value in _numbers(r.quote), r.id
        if r.maximum is not None:
            assert r.maximum in _numbers(r.quote) and "至" in r.quote, r.id


@pytest.mark.parametrize(
    ("requirement", "comparator", "value", "maximum", "unit", "strength"),
    [
        ("fire_work_station.staff", ">=", 5, None, "person", "required"),  # 不少于5人
        ("fire_work_station.established_fire_officers", ">=", 2, None, "person", "required"),  # 不少于2人
        ("fire_work_station.office_capacity", ">=", 5, None, "person", "required"),  # 至少5人同时办公
        (
            "fire_work_station.qualified_enforcement_officers",
            ">=",
            2,
            None,
            "person",
            "required",
        ),  # 3.4 至少2名
        ("community_fire_work_group.staff", ">=", 1, None, "person", "required"),  # 1至2名: floor 1, norm 2
        ("micro_fire_station.members", ">=", 6, None, "person", "required"),  # 6名以上
        ("micro_fire_station.room_area", ">=", 30, None, "m^2", "required"),  # 至少30平方米
        ("micro_fire_station.vehicle_movers", "present", None, None, None, "encouraged"),  # 鼓励配备
        ("micro_fire_station.small_fire_engines", "present", None, None, None, "optional"),  # 可选配
        (
            "police_station.qualified_fire_police",
            ">=",
            1,
            None,
            "person",
            "required",
        ),  # 1至2名: floor 1, norm 2
        ("fire_lane.clear_width", ">=", 4, None, "m", "required"),  # 不低于4米
        ("fire_lane.clear_height", ">=", 4, None, "m", "required"),
    ],
)
def test_requirements_read_by_hand(
    policy: jx.Policy,
    requirement: str,
    comparator: str,
    value: float | None,
    maximum: float | None,
    unit: str | None,
    strength: str,
) -> None:
    r = policy.requirement(requirement)
    assert (r.comparator, r.value, r.maximum, r.unit, r.strength) == (
        comparator,
        value,
        maximum,
        unit,
        strength,
    )


def test_micro_station_equipment_is_all_required(policy: jx.Policy) -> None:
    required = {
        r.field
        for r in policy.requirements
        if r.subject == "micro_fire_station" and r.layer == "district" and r.strength == "required"
    }
    assert {
        "night_duty_beds",
        "fire_motorcycles",
        "extinguishers",
        "branch_nozzles",
        "hoses",
        "helmets",
        "fire_gloves",
        "cutter_spreaders",
        "external_landline",
        "patrol_team",
        "first_response_team",
        "publicity_team",
        "chief_post",
        "deputy_chief_post",
    } <= required


# --- boundaries of every numeric threshold, driven by the data ---------------------------------------


def _numeric(policy: jx.Policy) -> list[jx.Requirement]:
    return [
        r
        for s in policy.subjects()
        for r in policy.effective_requirements(s)
        if r.comparator in (">=", "<=", "between") and r.value_field is None and r.when is None
    ]


def _record(r: jx.Requirement, value: float) -> jx.standards.FacilityRecord:
    return RECORD_TYPES[r.subject](**{r.field: value})


@pytest.mark.parametrize("requirement_id", [r.id for r in _numeric(jx.load_policy())])
def test_threshold_boundaries(policy: jx.Policy, requirement_id: str) -> None:
    r = policy.requirement(requirement_id)
    step = 1.0 if field_spec(r.subject, r.field).dimension == "count" else 0.01
    assert isinstance(r.value, float)
    inside = [r.value] + ([r.maximum] if r.maximum is not None else [])
    if r.comparator == ">=":
        outside = [r.value - step]
    elif r.comparator == "<=":
        outside = [r.value + step]
    else:
        assert r.maximum is not None
        outside = [r.value - step, r.maximum + step]
    for value in inside:
        assert status(_record(r, value), r.id) == "pass", (r.id, value)
    for value in outside:
        if value >= 0:
            assert status(_record(r, value), r.id) == "fail", (r.id, value)


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        (30, "pass"),
        (29.99, "fail"),
        ("30 m^2", "pass"),
        ("30 平方米", "pass"),
        ("30㎡", "pass"),
        ("30平米", "pass"),
        ("29.99 m²", "fail"),
        ("323 ft²", "pass"),  # 30.0077 m²
        ("322 ft^2", "fail"),  # 29.91 m²
        ("300000 cm^2", "pass"),
        (pint.UnitRegistry().Quantity(30, "m**2"), "pass"),  # a Quantity from another registry
        (pint.UnitRegistry().Quantity(29.99, "m**2"), "fail"),
    ],
)
def test_room_area_boundary_in_any_unit(area: object, expected: str) -> None:
    assert status(jx.MicroFireStation(room_area=area), "micro_fire_station.room_area") == expected


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (4, "pass"),
        (3.99, "fail"),
        ("4米", "pass"),
        ("400 cm", "pass"),
        ("399 cm", "fail"),
        ("4000毫米", "pass"),
        ("3.99 m", "fail"),
        ("13.2 ft", "pass"),
        ("13 ft", "fail"),
    ],
)
def test_fire_lane_width_boundary(width: object, expected: str) -> None:
    assert status(jx.FireLane(clear_width=width), "fire_lane.clear_width") == expected


@pytest.mark.parametrize(
    ("members", "expected"), [(6, "pass"), ("6名", "pass"), ("6人", "pass"), (5, "fail"), (7, "pass")]
)
def test_members_six_or_more(members: object, expected: str) -> None:
    assert status(jx.MicroFireStation(members=members), "micro_fire_station.members") == expected


@pytest.mark.parametrize(
    ("police", "expected", "above"),
    [(0, "fail", False), (1, "pass", False), (2, "pass", False), (3, "pass", True)],
)
def test_police_station_one_to_two_is_a_floor_of_one_with_a_norm_of_two(
    police: int, expected: str, above: bool
) -> None:
    """配备1至2名: fewer than 1 fails; more than 2 is not a failure, and the finding says it is above the norm."""
    station = jx.PoliceStation(qualified_fire_police=police)
    finding = jx.check(station, on=dt.date(2024, 7, 1)).finding("police_station.qualified_fire_police")
    assert (finding.status, finding.above_norm) == (expected, above)
    assert ("above the norm of 1–2" in finding.message_en) == above
    assert ("高于通常的1至2" in finding.message_zh) == above


@pytest.mark.parametrize(
    ("staff", "expected"), [(0, "fail"), (1, "pass"), (2, "pass"), (3, "pass"), (7, "pass")]
)
def test_community_fire_work_group_one_to_two(staff: int, expected: str, policy: jx.Policy) -> None:
    r = policy.requirement("community_fire_work_group.staff")
    assert (r.value, r.norm, r.quote) == (1.0, 2.0, "明确1至2名专（兼）职工作人员")
    group = jx.CommunityFireWorkGroup(staff=staff)
    assert jx.check(group, on=dt.date(2024, 7, 1)).finding(r.id).status == expected


def test_the_high_rise_turnaround_is_advisory(policy: jx.Policy) -> None:
    """GB 50016 7.1.9: 回车场不应小于12m×12m; 对于高层建筑，不宜小于15m×15m (不宜: advisory, not required)."""
    r = policy.requirement("national.fire_lane.turnaround_high_rise")
    assert (r.strength, r.value) == ("advisory", 15.0) and "不宜" in r.name_zh
    lane = jx.FireLane(
        clear_width=4, clear_height=4, slope=5, serves_high_rise=True, dead_end_length=50, turnaround_side=13
    )
    report = jx.check(lane, on=dt.date(2024, 7, 1))
    assert (
        report.finding(r.id).status == "fail"
        and report.finding("national.fire_lane.turnaround").status == "pass"
    )
    assert report.status == "pass"  # an advisory finding never fails a report


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"room_area": "4 kg"}, "room_area: expected an area (m^2), got '4 kg'"),
        ({"room_area": "4 m"}, "room_area: expected an area (m^2), got '4 m'"),
        ({"room_area": -1}, "room_area: expected an area (m^2) of 0 or more, got -1"),
        ({"room_area": float("nan")}, "room_area: expected a finite number"),
        (
            {"room_area": "thirty"},
            "room_area: expected an area (m^2) such as '30 m^2' or a number, got 'thirty'",
        ),
        ({"room_area": True}, "room_area: expected an area (m^2), got True"),
        ({"members": -6}, "members: expected a count of 0 or more, got -6"),
        ({"members": 6.5}, "members: expected a whole number (a count), got 6.5"),
        ({"members": "6 m"}, "members: expected a count, got '6 m'"),
        ({"members": [6]}, "members: expected a count: a number, a string or a pint Quantity, got [6]"),
        ({"external_landline": "maybe"}, "external_landline: expected yes or no"),
        ({"chief_post": ["社区支部书记"]}, "chief_post: expected a post"),
        ({"chief_post": "社区\n支部书记"}, "chief_post: expected a post"),
        ({"arrival_minutes": "3 m"}, "arrival_minutes: expected a time (minutes), got '3 m'"),
    ],
)
def test_bad_values_name_the_field(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(jx.UnitError) as info:
        jx.MicroFireStation(**kwargs)  # type: ignore[arg-type]
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)


def test_a_post_the_policy_does_not_have_is_refused_when_checked() -> None:
    station = jx.MicroFireStation(chief_post="村长")  # a record does not know the policy
    assert station.chief_post == "村长"
    with pytest.raises(
        jx.XiaofangError, match=r"micro_fire_station.chief_post: expected a post of yuzhong-2023"
    ):
        jx.check(station)
    # a role's name or alias is read as its code, and other (其他) is a post that fails the requirement
    report = jx.check(jx.MicroFireStation(chief_post="社区支部书记", deputy_chief_post="其他"))
    assert report.finding("micro_fire_station.chief_post").status == "pass"
    assert report.finding("micro_fire_station.chief_post").measured == "party_branch_secretary"
    assert report.finding("micro_fire_station.deputy_chief_post").status == "fail"


def test_wrong_dimension_from_a_foreign_quantity() -> None:
    other = pint.UnitRegistry()
    with pytest.raises(jx.UnitError, match="clear_width: expected a length"):
        jx.FireLane(clear_width=other.Quantity(4, "kg"))


def test_dicts_with_unknown_or_wrong_fields() -> None:
    with pytest.raises(RecordError, match="micro_fire_station: unknown field 'room_size'"):
        jx.MicroFireStation.from_dict({"room_size": 30})
    with pytest.raises(RecordError, match="the row says kind 'fire_lane'"):
        jx.MicroFireStation.from_dict({"kind": "fire_lane"})
    with pytest.raises(RecordError, match="unknown facility kind 'fire_hydrant'"):
        record_from_dict({"kind": "fire_hydrant"})
    with pytest.raises(RecordError, match="needs a 'kind'"):
        record_from_dict({"room_area": 30})
    with pytest.raises(TypeError):
        jx.MicroFireStation(room_size=30)  # type: ignore[call-arg]


def test_check_needs_a_record() -> None:
    with pytest.raises(jx.XiaofangError, match="expected a facility record"):
        jx.check({"kind": "fire_lane"})  # type: ignore[arg-type]
    with pytest.raises(jx.XiaofangError, match=r"on: expected a datetime\.date"):
        jx.check(jx.FireLane(), on="2024-01-01")  # type: ignore[arg-type]


# --- missing data is unknown, never pass --------------------------------------------------------------


def test_missing_data_is_unknown() -> None:
    report = jx.check(jx.MicroFireStation(), on=BEFORE)
    assert {f.status for f in report.findings} == {"unknown"}
    assert report.status == "unknown" and not report.passed
    assert "measured unknown" in report.finding("micro_fire_station.room_area").message_en
    assert jx.MicroFireStation(room_area="").room_area is None  # an empty CSV cell


def test_encouraged_and_optional_never_fail_a_report(full_station: jx.MicroFireStation) -> None:
    bare = attrs.evolve(full_station, vehicle_movers=0, small_fire_engines=0, arrival_minutes=9)
    report = jx.check(bare, on=BEFORE)
    assert report.passed
    assert {f.id for f in report.failed(None)} == {
        "micro_fire_station.vehicle_movers",
        "micro_fire_station.small_fire_engines",
        "national.micro_fire_station.arrival_minutes",
    }


@pytest.fixture
def full_station() -> jx.MicroFireStation:
    return jx.MicroFireStation(
        chief_post="社区支部书记",
        deputy_chief_post="two_committees_member",
        members=6,
        duty_shift_size=3,
        room_area=30,
        night_duty_beds=2,
        fire_motorcycles=1,
        extinguishers=4,
        branch_nozzles=2,
        hoses=2,
        helmets=6,
        fire_gloves=6,
        cutter_spreaders=1,
        external_landline="有",
        vehicle_movers=1,
        small_fire_engines=1,
        patrol_team=True,
        first_response_team=True,
        publicity_team=True,
        arrival_minutes=3,
    )


def test_a_complete_station_passes(full_station: jx.MicroFireStation) -> None:
    report = jx.check(full_station, on=BEFORE)
    assert report.passed
    assert {f.status for f in report.findings} == {"pass"}


# --- deadlines -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("on", "timing"), [(BEFORE, "due"), (DEADLINE, "due"), (AFTER, "overdue")])
def test_construction_deadline(on: dt.date, timing: str) -> None:
    f = jx.check(jx.MicroFireStation(room_area=20), on=on).finding("micro_fire_station.room_area")
    assert (f.status, f.timing, f.deadline) == ("fail", timing, DEADLINE)
    assert ("due by 2025-12-31" in f.message_en) == (timing == "due")
    assert ("overdue since 2025-12-31" in f.message_en) == (timing == "overdue")


def test_no_deadline_no_timing() -> None:
    f = jx.check(jx.PoliceStation(qualified_fire_police=0), on=AFTER).finding(
        "police_station.qualified_fire_police"
    )
    assert (f.status, f.timing, f.deadline) == ("fail", None, None)
    assert f.responsible == ("区公安分局",)
    passing = jx.check(jx.MicroFireStation(room_area=31), on=AFTER).finding("micro_fire_station.room_area")
    assert passing.timing is None


def test_the_deadline_is_the_policy_fact(policy: jx.Policy) -> None:
    assert (
        policy.requirement("micro_fire_station.room_area").deadline
        == policy.fact("completion_deadline").value
    )


# --- layers ------------------------------------------------------------------------------------------


def test_the_stricter_layer_wins_and_is_named() -> None:
    f = jx.check(jx.MicroFireStation(members=5), on=BEFORE).finding("micro_fire_station.members")
    assert (f.status, f.layer, f.citation) == ("fail", "district", "yuzhong-2023 一（二）")
    national = jx.check(jx.MicroFireStation(duty_shift_size=2), on=BEFORE).finding(
        "national.micro_fire_station.duty_shift_size"
    )
    assert (national.status, national.layer) == ("fail", "national")
    assert national.citation.endswith("[secondary]") and "2015" in national.citation
    assert national.deadline is None


def test_without_a_baseline_only_the_district_applies() -> None:
    policy = jx.load_policy(baseline=None)
    assert {r.layer for r in policy.requirements} == {"district"}
    ids = [f.id for f in jx.check(jx.MicroFireStation(), policy)]
    assert "national.micro_fire_station.duty_shift_size" not in ids


def test_equal_values_cite_the_district(policy: jx.Policy) -> None:
    widths = [r for r in policy.effective_requirements("fire_lane") if r.field == "clear_width"]
    assert [(r.id, r.layer) for r in widths] == [("fire_lane.clear_width", "district")]


# --- conditions and comparisons with another field ----------------------------------------------------


@pytest.mark.parametrize(
    ("lane", "turnaround", "high_rise"),
    [
        ({"dead_end_length": 40, "serves_high_rise": False}, "not_applicable", "not_applicable"),
        ({"dead_end_length": 41, "turnaround_side": 12, "serves_high_rise": False}, "pass", "not_applicable"),
        (
            {"dead_end_length": 41, "turnaround_side": 11.99, "serves_high_rise": False},
            "fail",
            "not_applicable",
        ),
        ({"dead_end_length": 60, "turnaround_side": 12, "serves_high_rise": True}, "pass", "fail"),
        ({"dead_end_length": 60, "turnaround_side": 15, "serves_high_rise": True}, "pass", "pass"),
        ({"turnaround_side": 15}, "unknown", "unknown"),
    ],
)
def test_turnaround_conditions(lane: dict[str, object], turnaround: str, high_rise: str) -> None:
    report = jx.check(jx.FireLane(**lane), on=BEFORE)  # type: ignore[arg-type]
    assert report.finding("national.fire_lane.turnaround").status == turnaround
    assert report.finding("national.fire_lane.turnaround_high_rise").status == high_rise


@pytest.mark.parametrize(
    ("compounds", "with_warden", "expected"),
    [(12, 12, "pass"), (12, 11, "fail"), (12, 13, "pass"), (None, 3, "unknown")],
)
def test_a_warden_for_every_compound(compounds: int | None, with_warden: int, expected: str) -> None:
    group = jx.CommunityFireWorkGroup(compounds=compounds, compounds_with_warden=with_warden)
    assert status(group, "community_fire_work_group.wardens") == expected


@pytest.mark.parametrize(
    ("post", "expected"),
    [("party_branch_secretary", "pass"), ("社区支部书记", "pass"), ("two_committees_member", "fail")],
)
def test_chief_post(post: str, expected: str) -> None:
    assert status(jx.MicroFireStation(chief_post=post), "micro_fire_station.chief_post") == expected


# --- output --------------------------------------------------------------------------------------------


def test_report_renders(full_station: jx.MicroFireStation) -> None:
    report = jx.check(attrs.evolve(full_station, name="示例站", room_area=25), on=AFTER)
    text = report.to_text()
    assert text.startswith("社区微型消防站 micro_fire_station: 示例站 -- fail")
    assert (
        "[fail] station room of at least 30 m2: fail (measured 25 m^2, required >= 30 m^2); overdue since 2025-12-31"
        in text
    )
    zh = report.to_text("zh")
    assert "站房至少30平方米：不符合（实测 25 m^2，要求 >= 30 m^2）；已逾期（期限 2025-12-31）" in zh
    html = report._repr_html_()
    assert html.count("<tr>") == len(report) + 1 and "站房至少30平方米" in html
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["status"] == "fail" and data["record"]["room_area"] == 25.0
    row = next(f for f in data["findings"] if f["requirement"] == "micro_fire_station.room_area")
    assert row["timing"] == "overdue" and row["citation"] == "yuzhong-2023 一（二）"
    assert repr(report) == "<Report micro_fire_station '示例站': fail (20 pass, 1 fail)>"
    with pytest.raises(jx.XiaofangError, match="lang"):
        report.to_text("fr")


def test_report_frame() -> None:
    pd = pytest.importorskip("pandas")
    frame = jx.check(jx.FireLane(clear_width=3), on=BEFORE).to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert frame.loc["fire_lane.clear_width", "status"] == "fail"


def test_unknown_finding_id() -> None:
    with pytest.raises(jx.XiaofangError, match="no finding for 'x'"):
        jx.check(jx.FireLane()).finding("x")


# --- the unit registry ---------------------------------------------------------------------------------


def test_registry_is_set_up_once_and_survives_a_reload() -> None:
    import importlib

    from jiceng_xiaofang import units

    first = units.setup_registry()
    assert first is pint.get_application_registry() or first is pint.get_application_registry().get()
    reloaded = importlib.reload(units)
    again = reloaded.setup_registry()  # a Jupyter reload: definitions exist, nothing is redefined
    assert again.Quantity("6 person").m_as("count") == 6
    assert reloaded.to_canonical("30 平方米", field="a", dimension="area") == 30.0


def test_numbers_never_build_a_registry() -> None:
    code = (
        "import sys, datetime, jiceng_xiaofang as jx\n"
        "r = jx.check(jx.MicroFireStation(room_area=30, members=6), on=datetime.date(2024, 1, 1))\n"
        "assert r.finding('micro_fire_station.room_area').status == 'pass'\n"
        "print('pint' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "False"
