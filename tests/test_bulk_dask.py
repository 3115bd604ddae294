"""check_dask: the same statuses as check_table, partition by partition, on Dask's local schedulers."""

from __future__ import annotations

import datetime as dt

import pytest

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")

import jiceng_xiaofang as jx  # noqa: E402
from jiceng_xiaofang.standards import STATUSES, check_dask, check_table  # noqa: E402

ON = dt.date(2024, 7, 1)


def stations(n: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    members = rng.integers(3, 9, n).astype(float)
    members[rng.random(n) < 0.1] = np.nan
    posts = np.array(["社区支部书记", "party_branch_secretary", "other", None], dtype=object)
    return pd.DataFrame(
        {
            "members": members,
            "room_area": np.round(rng.uniform(300, 350, n), 1),  # ft²
            "chief_post": posts[rng.integers(0, 4, n)],
            "external_landline": rng.choice(["有", "无", None], n),
            "arrival_minutes": rng.choice([2.0, 3.0, 3.5, np.nan], n),
        },
        index=pd.Index([f"S{i:04d}" for i in range(n)], name="station"),
    )


def test_check_dask_equals_check_table_with_the_synchronous_scheduler() -> None:
    frame = stations(500)
    units = {"room_area": "ft^2"}
    expected = check_table(frame, kind="micro_fire_station", units=units, on=ON).to_frame()
    result = check_dask(dd.from_pandas(frame, npartitions=4), kind="micro_fire_station", units=units, on=ON)
    assert result.npartitions == 4
    assert list(result.columns) == list(expected.columns)
    assert all(isinstance(t, pd.CategoricalDtype) and tuple(t.categories) == STATUSES for t in result.dtypes)
    computed = result.compute(scheduler="synchronous")
    pd.testing.assert_frame_equal(computed, expected, check_index_type=False)  # dask keeps a pyarrow index
    counts = result["status"].value_counts().compute(scheduler="synchronous")
    summary = check_table(frame, kind="micro_fire_station", units=units, on=ON).summary()
    assert (counts["pass"], counts["fail"], counts["unknown"]) == (
        summary.passed,
        summary.failed,
        summary.unknown,
    )


def test_check_dask_ships_to_other_processes() -> None:
    """What a cluster does: each task, with its compiled requirements, pickled to another process."""
    frame = stations(60)
    expected = check_table(frame, kind="micro_fire_station", on=ON).to_frame()
    result = check_dask(dd.from_pandas(frame, npartitions=2), kind="micro_fire_station", on=ON)
    computed = result.compute(scheduler="processes", num_workers=2)
    pd.testing.assert_frame_equal(computed, expected, check_index_type=False)  # dask keeps a pyarrow index


def test_errors_in_a_partition_name_the_column_row_and_index() -> None:
    frame = stations(40)
    frame.loc["S0031", "room_area"] = -5.0
    result = check_dask(dd.from_pandas(frame, npartitions=2), kind="micro_fire_station", on=ON)
    with pytest.raises(jx.UnitError, match=r"room_area \(row 11, index 'S0031'\): expected an area"):
        result.compute(scheduler="synchronous")


def test_bad_arguments_fail_before_any_work() -> None:
    frame = dd.from_pandas(stations(10), npartitions=2)
    with pytest.raises(jx.XiaofangError, match="expected a dask DataFrame, got DataFrame"):
        check_dask(stations(10), kind="micro_fire_station")
    with pytest.raises(jx.UnitError, match="room_area: expected an area"):
        check_dask(frame, kind="micro_fire_station", units={"room_area": "kg"})
    with pytest.raises(jx.standards.RecordError, match="unknown column 'rooms'"):
        check_dask(frame.rename(columns={"room_area": "rooms"}), kind="micro_fire_station")
