"""check_table equals jx.check row by row: random tables with missing values, boundaries, posts, flags, units."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
hypothesis = pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import jiceng_xiaofang as jx  # noqa: E402
from jiceng_xiaofang.standards import RECORD_TYPES, check_all, check_table, record_type  # noqa: E402

BEFORE = dt.date(2024, 7, 1)
AFTER = dt.date(2026, 1, 1)
POLICY = jx.load_policy()

COUNTS = st.one_of(
    st.sampled_from([None, 0, 1, 2, 3, 4, 5, 6, 7, 12, 40, 41]),
    st.integers(0, 100),
    st.sampled_from([0.0, 1.0, 2.0, 5.0, 6.0]),
)
MEASURES = st.one_of(
    st.sampled_from(
        [
            *(None, 0.0, 2.99, 3.0, 3.01, 3.99, 4.0, 4.01, 8.0, 8.01, 10.0, 10.01),
            *(11.99, 12.0, 14.99, 15.0, 29.99, 30.0, 30.01, 40.0, 40.01),
        ]
    ),
    st.floats(0, 1000, allow_nan=False, allow_infinity=False),
)
FLAGS = st.sampled_from([None, True, False, "是", "否", "有", "无", "yes", "no", " Yes ", 0, 1, 2, ""])
_POLICY = jx.load_policy()
POST_VALUES = st.sampled_from(
    [None, "", *_POLICY.post_codes(), *(name for r in _POLICY.roles for name in r.names), "其他", " other "]
)
# Numbers in another unit, with the text a record is given for them.
OTHER_UNITS = {
    "area": ("ft^2", st.sampled_from([None, 0.0, 322.0, 323.0, 322.9, 430.0, 43.05, 43.06])),
    "length": (
        "cm",
        st.sampled_from([None, 0.0, 399.0, 399.99, 400.0, 400.01, 1199.0, 1200.0, 1500.0, 4001.0]),
    ),
    "time": ("second", st.sampled_from([None, 0.0, 179.0, 180.0, 180.5, 240.0])),
}
LABELS = st.sampled_from(["", "解放碑街道", "大坪街道", None])


def _values(dimension: str) -> st.SearchStrategy[object]:
    if dimension == "count":
        return COUNTS
    if dimension == "flag":
        return FLAGS
    if dimension == "post":
        return POST_VALUES
    return MEASURES


@st.composite
def tables(draw: Any) -> tuple[str, dict[str, object], dict[str, str], list[dict[str, object]]]:
    """A kind, a table of columns, its units, and the records a platform would build row by row."""
    kind = draw(st.sampled_from(sorted(RECORD_TYPES)))
    n = draw(st.integers(0, 12))
    table: dict[str, object] = {}
    units: dict[str, str] = {}
    records: list[dict[str, object]] = [{} for _ in range(n)]
    if draw(st.booleans()):
        cells = draw(st.lists(LABELS, min_size=n, max_size=n))
        table["street"] = cells
        for record, cell in zip(records, cells, strict=True):
            record["street"] = cell or ""
    for spec in record_type(kind).fields():
        if not draw(st.booleans()):
            continue  # a field with no column: unknown everywhere
        other = OTHER_UNITS.get(spec.dimension)
        if other is not None and draw(st.integers(0, 3)) == 0:
            unit, strategy = other
            cells = draw(st.lists(strategy, min_size=n, max_size=n))
            units[spec.name] = unit
            for record, cell in zip(records, cells, strict=True):
                if cell is not None:
                    record[spec.name] = f"{cell!r} {unit}"
        else:
            cells = draw(st.lists(_values(spec.dimension), min_size=n, max_size=n))
            for record, cell in zip(records, cells, strict=True):
                if cell is not None:
                    record[spec.name] = cell
        form = draw(st.sampled_from(["list", "objects", "floats"]))
        numeric = all(c is None or (isinstance(c, int | float) and not isinstance(c, bool)) for c in cells)
        if form == "floats" and numeric:
            table[spec.name] = np.array([math.nan if c is None else c for c in cells], dtype=float)
        elif form == "objects":
            column = np.empty(n, dtype=object)
            column[:] = cells
            table[spec.name] = column
        else:
            table[spec.name] = cells
    if not table:  # a mapping with no columns has no rows
        records = []
    return kind, table, units, records


def _expected(kind: str, records: list[dict[str, object]], on: dt.date) -> list[jx.Report]:
    cls = record_type(kind)
    return [jx.check(cls(**record), POLICY, on) for record in records]  # type: ignore[arg-type]


def _assert_same(result: Any, expected: list[jx.Report], on: dt.date) -> None:
    assert len(result) == len(expected)
    for i, report in enumerate(expected):
        assert result.report(i) == report, i
        assert result.status[i] == report.status
    assert result.summary() == check_all([r.record for r in expected], POLICY, on).summary()


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from([BEFORE, AFTER]))
def test_check_table_equals_check_row_by_row(drawn: Any, on: dt.date) -> None:
    kind, table, units, records = drawn
    result = check_table(table, kind=kind, units=units, policy=POLICY, on=on)
    _assert_same(result, _expected(kind, records, on), on)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from(["numpy", "pyarrow"]))
def test_check_table_on_a_dataframe_equals_check_row_by_row(drawn: Any, backend: str) -> None:
    kind, table, units, records = drawn
    n = len(records)
    frame = pd.DataFrame({name: list(column) for name, column in table.items()}, index=range(n))
    if backend == "pyarrow":
        pytest.importorskip("pyarrow")
        frame = frame.convert_dtypes(dtype_backend="pyarrow")
    result = check_table(frame, kind=kind, units=units, policy=POLICY, on=BEFORE)
    _assert_same(result, _expected(kind, records, BEFORE), BEFORE)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([None, 322.0, 323.0, 0.0, 1000.0]), max_size=10))
def test_pint_pandas_column_equals_check(cells: list[float | None]) -> None:
    pytest.importorskip("pint_pandas")
    frame = pd.DataFrame(
        {"room_area": pd.Series([math.nan if c is None else c for c in cells], dtype="pint[ft**2]")}
    )
    result = check_table(frame, kind="micro_fire_station", policy=POLICY, on=BEFORE)
    records = [{} if c is None else {"room_area": f"{c!r} ft^2"} for c in cells]
    _assert_same(result, _expected("micro_fire_station", records, BEFORE), BEFORE)
