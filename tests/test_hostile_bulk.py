"""Hostile columns: complex numbers are refused (never truncated), yes/no columns take yes/no values, units are one unit.

``check_table`` must refuse what ``jx.check`` on each row refuses: the same rules, named with the column and row.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

import jiceng_xiaofang as jx
from jiceng_xiaofang.standards import check_table

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

ON = dt.date(2024, 7, 1)


def _statuses(table: object, kind: str, requirement: str, **kwargs: object) -> list[str]:
    return list(check_table(table, kind=kind, on=ON, **kwargs).statuses(requirement))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([6 + 1j, 7 + 0j]),
        pd.Series([6 + 0j, 7 + 0j]),  # no imaginary part is still not a real column
        pd.Series([np.nan, 6 + 0j], dtype="complex64"),
        np.array([6 + 0j, 7 + 0j]),
    ],
    ids=["pandas", "pandas zero imaginary", "complex64 with nan", "numpy"],
)
def test_complex_columns_are_refused(column: object) -> None:
    table = pd.DataFrame({"members": column}) if isinstance(column, pd.Series) else {"members": column}
    with pytest.raises(
        jx.UnitError, match=r"members \(row \d\): expected real numbers, got a column of complex"
    ):
        check_table(table, kind="micro_fire_station", on=ON)


def test_complex_cells_are_refused_with_their_row() -> None:
    with pytest.raises(
        jx.UnitError, match=r"members \(row 1\): expected a count: a real number, got the complex"
    ):
        check_table({"members": [6, 6 + 0j]}, kind="micro_fire_station", on=ON)
    with pytest.raises(jx.UnitError, match=r"patrol_team \(row 0\): expected yes or no"):
        check_table({"patrol_team": [1j]}, kind="micro_fire_station", on=ON)


@pytest.mark.parametrize(
    ("column", "row", "given"),
    [
        (np.array([1.0, np.inf]), 1, "inf"),
        (np.array([1.0, -np.inf]), 1, "-inf"),
        (np.array([1, -5]), 1, "-5"),
        (np.array([0.0, 0.5]), 1, "0.5"),
        ([True, -5], 1, "-5"),
        (["是", math.inf], 1, "inf"),
        (pd.Series([1, -5]), 1, "-5"),
        (pd.array([1, -5, None], dtype="Int64"), 1, "-5"),
        (pd.Series([1.0, 2.5]), 1, "2.5"),
    ],
    ids=[
        "inf",
        "-inf",
        "negative int",
        "fraction",
        "list",
        "objects",
        "pandas",
        "nullable",
        "pandas fraction",
    ],
)
def test_yes_no_columns_refuse_infinite_negative_and_fractional(column: object, row: int, given: str) -> None:
    table = (
        pd.DataFrame({"patrol_team": column})
        if isinstance(column, pd.Series | pd.arrays.IntegerArray)
        else {"patrol_team": column}
    )
    with pytest.raises(jx.UnitError, match=rf"patrol_team \(row {row}\): expected yes or no .*got {given}$"):
        check_table(table, kind="micro_fire_station", on=ON)


def test_yes_no_columns_keep_their_values() -> None:
    words = ["是", "否", "有", "无", True, False, 1, 0, 2, None, "", np.nan]
    expected = ["pass", "fail"] * 4 + ["pass", "unknown", "unknown", "unknown"]
    assert (
        _statuses({"patrol_team": words}, "micro_fire_station", "micro_fire_station.patrol_team") == expected
    )
    floats = np.array([1.0, 0.0, 3.0, np.nan])
    assert _statuses({"patrol_team": floats}, "micro_fire_station", "micro_fire_station.patrol_team") == [
        "pass",
        "fail",
        "pass",
        "unknown",
    ]


def test_integers_too_large_for_a_float() -> None:
    with pytest.raises(
        jx.UnitError, match=r"members \(row 0\): expected a finite number .*integer of 401 digits"
    ):
        check_table({"members": [10**400, 6]}, kind="micro_fire_station", on=ON)
    with pytest.raises(
        jx.UnitError, match=r"room_area \(row 1\): expected a finite number .*integer of 5001 digits"
    ):
        check_table(
            {"room_area": [1, 10**5000]}, kind="micro_fire_station", units={"room_area": "ft^2"}, on=ON
        )


@pytest.mark.parametrize(
    ("field", "unit"),
    [
        ("room_area", "9**9**8 m**2"),
        ("room_area", "m**2 + m**2"),
        ("room_area", "m*m"),
        ("members", "%"),
        ("members", "radian"),
        ("slope", "degree"),
        ("slope", "°"),
        ("slope", "名"),
        ("clear_width", "x" * 5000),
    ],
)
def test_column_units_are_one_unit_of_the_dimension(field: str, unit: str) -> None:
    kind = "fire_lane" if field in ("slope", "clear_width") else "micro_fire_station"
    with pytest.raises(jx.UnitError, match=rf"{field}: expected .* in every row, but the column's unit is"):
        check_table({field: [1]}, kind=kind, units={field: unit}, on=ON)


def test_cells_are_read_as_records_read_them() -> None:
    lanes = {"slope": ["6%", "60 ‰", "0.06 dimensionless", "６％"]}
    assert _statuses(lanes, "fire_lane", "national.fire_lane.slope") == ["pass"] * 4
    with pytest.raises(jx.UnitError, match=r"slope \(row 1\): .*an angle is not a slope"):
        check_table({"slope": ["6%", "8°"]}, kind="fire_lane", on=ON)
    with pytest.raises(jx.UnitError, match=r"members \(row 0\): expected a count, got '600 %'"):
        check_table({"members": ["600 %"]}, kind="micro_fire_station", on=ON)
    # a full-width number in a column with a unit is in that unit, as an ASCII one is
    widths = {"clear_width": ["４００", "400", "4 m"]}
    assert list(
        check_table(widths, kind="fire_lane", units={"clear_width": "cm"}, on=ON).columns["clear_width"]
    ) == [
        4.0,
        4.0,
        4.0,
    ]
