"""check_table: columns of every form, units converted once per column, bad columns named with their row."""

from __future__ import annotations

import datetime as dt
import json
import math
import pickle
import subprocess
import sys

import pytest

np = pytest.importorskip("numpy")

import jiceng_xiaofang as jx  # noqa: E402
from jiceng_xiaofang.standards import (  # noqa: E402
    STATUSES,
    RecordError,
    TableReport,
    bulk,
    check_all,
    check_table,
    sample_facilities,
    with_post_codes,
)

ON = dt.date(2024, 7, 1)
AFTER = dt.date(2026, 1, 1)


def codes(table: TableReport, requirement: str) -> list[str]:
    return list(table.statuses(requirement))


# --- boundaries and the forms a column comes in -------------------------------------------------------


def test_room_area_boundaries_in_every_form() -> None:
    cells = [29.99, 30.0, 30.01, None]
    expected = ["fail", "pass", "pass", "unknown"]
    forms = [
        cells,
        tuple(cells),
        np.array([29.99, 30.0, 30.01, np.nan]),
        np.array(cells, dtype=object),
        ["29.99 平方米", "30㎡", "30.01 m^2", ""],
        [29.99, "30 平方米", 30.01, float("nan")],
    ]
    for column in forms:
        table = check_table({"room_area": column}, kind="micro_fire_station", on=ON)
        assert codes(table, "micro_fire_station.room_area") == expected, column


def test_counts_between_and_lower_bounds() -> None:
    table = check_table({"qualified_fire_police": [0, 1, 2, 3, None]}, kind="police_station", on=ON)
    # 配备1至2名: a floor of 1 with a norm of 2, so 3 passes (the finding says it is above the norm)
    assert codes(table, "police_station.qualified_fire_police") == ["fail", "pass", "pass", "pass", "unknown"]
    assert table.report(3).finding("police_station.qualified_fire_police").above_norm
    ints = check_table({"members": np.array([5, 6, 7], dtype=np.int64)}, kind="micro_fire_station", on=ON)
    assert codes(ints, "micro_fire_station.members") == ["fail", "pass", "pass"]
    names = check_table({"members": ["5名", "6名", "6人"]}, kind="micro_fire_station", on=ON)
    assert codes(names, "micro_fire_station.members") == ["fail", "pass", "pass"]


def test_posts_by_code_or_chinese_title() -> None:
    column = [
        "社区支部书记",
        "party_branch_secretary",
        " 社区支部书记 ",
        "other",
        "street_main_leader",
        None,
        "",
    ]
    table = check_table({"chief_post": column}, kind="micro_fire_station", on=ON)
    assert codes(table, "micro_fire_station.chief_post") == [
        "pass",
        "pass",
        "pass",
        "fail",
        "fail",
        "unknown",
        "unknown",
    ]
    # any post is a chief: the national 'present' requirement passes wherever a post is given
    assert codes(table, "national.micro_fire_station.chief") == ["pass"] * 5 + ["unknown"] * 2


def test_flags_in_words_numbers_and_booleans() -> None:
    words = ["是", "否", "有", "无", "yes", "NO", True, False, 1, 0, 2, None, ""]
    expected = ["pass", "fail"] * 5 + ["pass", "unknown", "unknown"]
    table = check_table({"external_landline": words}, kind="micro_fire_station", on=ON)
    assert codes(table, "micro_fire_station.external_landline") == expected
    booleans = check_table({"patrol_team": np.array([True, False])}, kind="micro_fire_station", on=ON)
    assert codes(booleans, "micro_fire_station.patrol_team") == ["pass", "fail"]
    floats = check_table({"patrol_team": np.array([1.0, 0.0, np.nan])}, kind="micro_fire_station", on=ON)
    assert codes(floats, "micro_fire_station.patrol_team") == ["pass", "fail", "unknown"]
    missing = check_table({"patrol_team": np.array([np.nan, np.nan])}, kind="micro_fire_station", on=ON)
    assert codes(missing, "micro_fire_station.patrol_team") == ["unknown", "unknown"]
    counts = check_table({"extinguishers": [True, False, 3, 0]}, kind="micro_fire_station", on=ON)
    assert codes(counts, "micro_fire_station.extinguishers") == ["pass", "fail", "pass", "fail"]


def test_conditions_and_value_fields() -> None:
    lanes = {
        "turnaround_side": [11.99, 11.99, 12.0, 14.0, None, 11.0],
        "dead_end_length": [40.0, 40.01, 41.0, 10.0, 50.0, None],
        "serves_high_rise": ["否", "否", "否", "是", "是", "否"],
    }
    table = check_table(lanes, kind="fire_lane", on=ON)
    assert codes(table, "national.fire_lane.turnaround") == [
        "not_applicable",
        "fail",
        "pass",
        "not_applicable",
        "unknown",
        "unknown",
    ]
    assert codes(table, "national.fire_lane.turnaround_high_rise") == ["not_applicable"] * 3 + [
        "fail",
        "unknown",
        "not_applicable",
    ]
    groups = {"compounds": [12, 12, None, 3], "compounds_with_warden": [12, 11, 5, None]}
    wardens = check_table(groups, kind="community_fire_work_group", on=ON)
    assert codes(wardens, "community_fire_work_group.wardens") == ["pass", "fail", "unknown", "unknown"]


def test_a_field_without_a_column_is_unknown_and_an_empty_table_has_no_rows() -> None:
    table = check_table({"members": [6, 6]}, kind="micro_fire_station", on=ON)
    assert codes(table, "micro_fire_station.room_area") == ["unknown", "unknown"]
    assert table.codes.dtype == np.int8 and table.codes.shape == (21, 2)
    empty = check_table({"members": []}, kind="micro_fire_station", on=ON)
    assert len(empty) == 0 and empty.summary().facilities == 0
    assert check_table({}, kind="fire_lane", on=ON).codes.shape == (6, 0)


def test_kind_may_be_the_record_class_and_a_kind_column_must_agree() -> None:
    table = check_table({"kind": ["fire_lane", None], "clear_width": [4, 3]}, kind=jx.FireLane, on=ON)
    assert table.kind == "fire_lane" and list(table.status) == ["unknown", "fail"]
    with pytest.raises(RecordError, match=r"kind \(row 1\).*'old_building'"):
        check_table({"kind": ["fire_lane", "old_building"], "clear_width": [4, 3]}, kind="fire_lane")
    with pytest.raises(RecordError, match="unknown facility kind 'lane'"):
        check_table({}, kind="lane")


# --- the same answers as check and check_all ------------------------------------------------------------


def test_sample_district_by_kind_equals_check_all() -> None:
    by_kind: dict[str, list[jx.standards.FacilityRecord]] = {}
    for record in sample_facilities():
        by_kind.setdefault(record.kind, []).append(record)
    for kind, records in by_kind.items():
        rows = [r.to_dict() for r in records]
        table = {key: [row[key] for row in rows] for key in rows[0] if key != "kind"}
        for on in (ON, AFTER):
            result = check_table(table, kind=kind, on=on)
            assert result.summary() == check_all(records, on=on).summary()
            for i, record in enumerate(records):
                assert result.report(i) == jx.check(record, on=on)
                assert result.record(i) == with_post_codes(record, jx.load_policy())


def test_report_of_a_row_reads_back_measured_values_and_labels() -> None:
    table = check_table(
        {
            "name": ["甲站", None],
            "street": ["解放碑街道", "大坪街道"],
            "room_area": ["323 ft²", 25],
            "chief_post": ["社区支部书记", None],
            "external_landline": ["有", "无"],
        },
        kind="micro_fire_station",
        on=AFTER,
    )
    report = table.report(1)
    assert report.record == jx.MicroFireStation(street="大坪街道", room_area=25, external_landline=False)
    assert report.finding("micro_fire_station.room_area").timing == "overdue"
    assert table.report(-2).record.chief_post == "party_branch_secretary"
    assert table.report(0).record.room_area == pytest.approx(30.008, abs=1e-3)
    with pytest.raises(jx.XiaofangError, match="row 2 is outside the table's 2 rows"):
        table.report(2)
    assert [r.record.street for r in table] == ["解放碑街道", "大坪街道"]


def test_rows_and_to_dict_are_json_ready() -> None:
    table = check_table(
        {"street": ["解放碑街道"], "qualified_fire_police": [0]}, kind="police_station", on=ON
    )
    data = table.to_dict()
    assert data["summary"]["failed"] == 1  # type: ignore[index]
    assert data["rows"] == [
        {
            "row": 0,
            "street": "解放碑街道",
            "status": "fail",
            "statuses": {"police_station.qualified_fire_police": "fail"},
        }
    ]
    json.dumps(data, ensure_ascii=False)
    assert "(facilities: 1)" in table.to_text()
    with pytest.raises(jx.XiaofangError, match="no requirement 'nope'"):
        table.statuses("nope")


# --- units: one conversion per column -----------------------------------------------------------------


def test_units_convert_each_column_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    original = bulk.to_canonical

    def counting(value: object, *, field: str, dimension: str) -> float | None:
        calls.append(value)
        return original(value, field=field, dimension=dimension)

    monkeypatch.setattr(bulk, "to_canonical", counting)
    n = 1000
    stations = {
        "room_area": np.full(n, 323.0),  # ft²
        "arrival_minutes": np.full(n, 180.0),  # seconds
        "members": np.full(n, 6.0),
    }
    table = check_table(
        stations, kind="micro_fire_station", units={"room_area": "ft²", "arrival_minutes": "s"}, on=ON
    )
    assert calls == ["1 ft²", "1 s"]
    assert set(codes(table, "micro_fire_station.room_area")) == {"pass"}
    assert set(codes(table, "national.micro_fire_station.arrival_minutes")) == {"pass"}
    assert table.columns["room_area"][0] == pytest.approx(30.0077, abs=1e-4)
    # text with a unit in each cell is read once per distinct value
    calls.clear()
    check_table({"room_area": ["30 平方米", "29 平方米"] * 500}, kind="micro_fire_station", on=ON)
    assert calls == ["30 平方米", "29 平方米"]


def test_units_given_per_column_or_carried_by_a_quantity() -> None:
    ureg = jx.units.setup_registry() if hasattr(jx, "units") else None
    from jiceng_xiaofang.units import setup_registry

    ureg = setup_registry()
    widths = ureg.Quantity(np.array([399.0, 400.0, 401.0]), "cm")
    table = check_table({"clear_width": widths}, kind="fire_lane", on=ON)
    assert codes(table, "fire_lane.clear_width") == ["fail", "pass", "pass"]
    text = check_table(
        {"clear_width": ["399", "4 m", 401]}, kind="fire_lane", units={"clear_width": "厘米"}, on=ON
    )
    assert codes(text, "fire_lane.clear_width") == ["fail", "pass", "pass"]
    slope = check_table({"slope": [0.06, 0.12]}, kind="fire_lane", units={"slope": "dimensionless"}, on=ON)
    assert codes(slope, "national.fire_lane.slope") == ["pass", "fail"]
    with pytest.raises(jx.XiaofangError, match="carries its own unit"):
        check_table({"clear_width": widths}, kind="fire_lane", units={"clear_width": "m"})


# --- bad columns: the column and the first bad row ----------------------------------------------------


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ([30, 31, -1, -2], r"room_area \(row 2\): expected an area \(m\^2\) of 0 or more, got -1"),
        (np.array([30.0, np.inf]), r"room_area \(row 1\): expected a finite number for an area"),
        (["30 m^2", "4 kg", "5 kg"], r"room_area \(row 1\): expected an area \(m\^2\), got '4 kg'"),
        (
            [30, "abc"],
            r"room_area \(row 1\): expected an area \(m\^2\) such as '30 m\^2' or a number, got 'abc'",
        ),
        ([30.0, None, True], r"room_area \(row 2\): expected an area \(m\^2\), got True"),
        (np.array([True, False]), r"room_area \(row 0\): expected an area \(m\^2\), got True"),
        ([30, [1, 2]], r"room_area \(row 1\): expected an area .*got \[1, 2\]"),
    ],
)
def test_bad_area_columns_name_the_column_and_first_bad_row(column: object, message: str) -> None:
    with pytest.raises(jx.UnitError, match=message):
        check_table({"room_area": column}, kind="micro_fire_station")


def test_bad_counts_flags_posts_and_units() -> None:
    with pytest.raises(
        jx.UnitError, match=r"members \(row 1\): expected a whole number \(a count\), got 6.5"
    ):
        check_table({"members": np.array([6.0, 6.5, 7.5])}, kind="micro_fire_station")
    with pytest.raises(jx.UnitError, match=r"external_landline \(row 1\): expected yes or no"):
        check_table({"external_landline": ["是", "maybe"]}, kind="micro_fire_station")
    with pytest.raises(jx.UnitError, match=r"chief_post \(row 2\): expected a post.*got '村长'"):
        check_table({"chief_post": ["other", None, "村长"]}, kind="micro_fire_station")
    with pytest.raises(jx.UnitError, match=r"chief_post \(row 1\): expected a post.*got 3.0"):
        check_table({"chief_post": np.array([np.nan, 3.0])}, kind="micro_fire_station")
    with pytest.raises(
        jx.UnitError, match=r"room_area: expected an area \(m\^2\) in every row, but the column's unit is 'm'"
    ):
        check_table({"room_area": [30]}, kind="micro_fire_station", units={"room_area": "m"})
    with pytest.raises(
        jx.UnitError, match=r"room_area \(row 1\): expected an area \(m\^2\) of 0 or more, got '-10 ft\^2'"
    ):
        check_table({"room_area": [10, -10]}, kind="micro_fire_station", units={"room_area": "ft^2"})
    with pytest.raises(jx.XiaofangError, match="chief_post is a post, not a measured value"):
        check_table({"chief_post": ["other"]}, kind="micro_fire_station", units={"chief_post": "m"})
    with pytest.raises(RecordError, match="units: micro_fire_station has no measured field 'room'"):
        check_table({}, kind="micro_fire_station", units={"room": "m^2"})


def test_bad_tables() -> None:
    with pytest.raises(RecordError, match="unknown column 'room_aera'"):
        check_table({"room_aera": [30]}, kind="micro_fire_station")
    with pytest.raises(jx.XiaofangError, match="members: the column has 1 rows, but room_area has 2"):
        check_table({"room_area": [30, 31], "members": [6]}, kind="micro_fire_station")
    with pytest.raises(jx.XiaofangError, match="expected a mapping of column name to values"):
        check_table([{"room_area": 30}], kind="micro_fire_station")
    with pytest.raises(jx.XiaofangError, match="expected a column"):
        check_table({"room_area": 30}, kind="micro_fire_station")
    with pytest.raises(jx.XiaofangError, match=r"on: expected a datetime\.date"):
        check_table({}, kind="fire_lane", on="2024-07-01")  # type: ignore[arg-type]


def test_without_numpy_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(jx.XiaofangError, match=r"needs numpy: .*jiceng-xiaofang\[bulk\]"):
        check_table({"members": [6]}, kind="micro_fire_station")


def test_importing_the_standards_does_not_import_numpy() -> None:
    code = (
        "import jiceng_xiaofang as jx, sys; jx.check(jx.FireLane()); "
        "from jiceng_xiaofang.standards import check_table; print('numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_plan_pickles_for_workers(policy: jx.Policy) -> None:
    plan = bulk._plan(policy, "fire_lane", dt.date(2024, 7, 1))
    assert repr(pickle.loads(pickle.dumps(plan))) == repr(plan)
    assert bulk._plan(policy, "fire_lane", dt.date(2024, 7, 1)) is plan  # compiled once per policy


def test_status_codes_follow_statuses() -> None:
    assert STATUSES == ("pass", "fail", "unknown", "not_applicable")
    assert (bulk.PASS, bulk.FAIL, bulk.UNKNOWN, bulk.NOT_APPLICABLE) == (0, 1, 2, 3)
    assert math.isnan(check_table({"members": [None]}, kind="micro_fire_station").columns["members"][0])


# --- pandas ---------------------------------------------------------------------------------------------


def test_dataframe_columns_of_every_dtype() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "members": pd.array([6, None, 5], dtype="Int64"),
            "room_area": [30.0, np.nan, 29.99],
            "chief_post": pd.Categorical(["社区支部书记", None, "other"]),
            "deputy_chief_post": ["two_committees_member", None, "居“两委”成员"],
            "external_landline": pd.array([True, None, False], dtype="boolean"),
            "street": ["解放碑街道", None, "大坪街道"],
        },
        index=["S1", "S2", "S3"],
    )
    table = check_table(frame, kind="micro_fire_station", on=ON)
    assert codes(table, "micro_fire_station.members") == ["pass", "unknown", "fail"]
    assert codes(table, "micro_fire_station.chief_post") == ["pass", "unknown", "fail"]
    assert codes(table, "micro_fire_station.deputy_chief_post") == ["pass", "unknown", "pass"]
    assert codes(table, "micro_fire_station.external_landline") == ["pass", "unknown", "fail"]
    out = table.to_frame()
    assert list(out.index) == ["S1", "S2", "S3"]
    assert list(out.columns) == ["status", *(r.id for r in table.requirements)]
    assert all(isinstance(dtype, pd.CategoricalDtype) for dtype in out.dtypes)
    assert out.loc["S3", "micro_fire_station.room_area"] == "fail"
    assert table.rows()[1]["row"] == "S2" and table.rows()[1]["street"] == ""
    with pytest.raises(
        jx.UnitError, match=r"room_area \(row 1, index 'S2'\): expected an area \(m\^2\) of 0"
    ):
        check_table(frame.assign(room_area=[30.0, -1.0, 30.0]), kind="micro_fire_station")
    with pytest.raises(
        jx.UnitError, match=r"room_area \(row 2, index 'S3'\): expected an area \(m\^2\), got '3 kg'"
    ):
        check_table(frame.assign(room_area=["30 m^2", None, "3 kg"]), kind="micro_fire_station")


def test_pyarrow_backed_dataframe() -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame(
        {
            "members": [6, None, 5],
            "room_area": [30.0, None, 29.99],
            "chief_post": ["社区支部书记", None, "other"],
        }
    ).convert_dtypes(dtype_backend="pyarrow")
    assert "pyarrow" in str(frame.dtypes["chief_post"])
    table = check_table(frame, kind="micro_fire_station", on=ON)
    assert codes(table, "micro_fire_station.room_area") == ["pass", "unknown", "fail"]
    assert codes(table, "micro_fire_station.chief_post") == ["pass", "unknown", "fail"]
    with pytest.raises(jx.UnitError, match=r"members \(row 2\): expected a whole number"):
        check_table(
            pd.DataFrame({"members": [6.0, None, 5.5]}).convert_dtypes(dtype_backend="pyarrow"),
            kind="micro_fire_station",
        )


def test_pint_pandas_column_is_converted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pint_pandas")
    calls: list[object] = []
    original = bulk.to_canonical
    monkeypatch.setattr(
        bulk,
        "to_canonical",
        lambda value, *, field, dimension: (
            calls.append(value) or original(value, field=field, dimension=dimension)
        ),
    )
    frame = pd.DataFrame({"room_area": pd.Series([322.0, 323.0, None] * 100, dtype="pint[ft**2]")})
    table = check_table(frame, kind="micro_fire_station", on=ON)
    assert codes(table, "micro_fire_station.room_area")[:3] == ["fail", "pass", "unknown"]
    assert calls == ["1 foot ** 2"]
    with pytest.raises(jx.UnitError, match=r"room_area: expected an area .* but the column's unit is 'foot'"):
        check_table(
            pd.DataFrame({"room_area": pd.Series([1.0], dtype="pint[ft]")}), kind="micro_fire_station"
        )


def test_a_series_or_dask_frame_is_not_a_table() -> None:
    pd = pytest.importorskip("pandas")
    with pytest.raises(jx.XiaofangError, match="got a Series"):
        check_table(pd.Series([1]), kind="police_station")
