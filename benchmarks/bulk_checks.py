"""Bulk benchmarks: check_table against hand-written numpy, and the Dask path against one process.

Imported by ``benchmarks/run.py``, which runs every benchmark with one command and prints the table.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

import jiceng_xiaofang as jx
from jiceng_xiaofang.standards import MicroFireStation, check_table

ON = dt.date(2024, 7, 1)
PASS, FAIL, UNKNOWN = 0, 1, 2

# The 21 rules of a community micro fire station, written by hand: (field, test, threshold, required).
RULES = [
    ("chief_post", "==", "party_branch_secretary", True),
    ("deputy_chief_post", "==", "two_committees_member", True),
    ("members", ">=", 6.0, True),
    ("room_area", ">=", 30.0, True),
    ("night_duty_beds", "present", None, True),
    ("fire_motorcycles", "present", None, True),
    ("extinguishers", "present", None, True),
    ("branch_nozzles", "present", None, True),
    ("hoses", "present", None, True),
    ("helmets", "present", None, True),
    ("fire_gloves", "present", None, True),
    ("cutter_spreaders", "present", None, True),
    ("external_landline", "present", None, True),
    ("vehicle_movers", "present", None, False),
    ("small_fire_engines", "present", None, False),
    ("patrol_team", "present", None, True),
    ("first_response_team", "present", None, True),
    ("publicity_team", "present", None, True),
    ("chief_post", "present", None, True),
    ("duty_shift_size", ">=", 3.0, True),
    ("arrival_minutes", "<=", 3.0, False),
]
COUNTS = [f.name for f in MicroFireStation.fields() if f.dimension == "count"]  # the record's own schema
FLAGS = [f.name for f in MicroFireStation.fields() if f.dimension == "flag"]


def stations(n: int, seed: int = 2023) -> dict[str, np.ndarray]:
    """``n`` invented micro fire stations as numpy columns, as a national table holds them.

    Numbers are float64 in canonical units (m², minutes, counts) with NaN for the ~5 % missing;
    flags are 1.0 / 0.0 / NaN; posts are object arrays of post codes with None when missing.
    """
    rng = np.random.default_rng(seed)

    def holes(x: np.ndarray) -> np.ndarray:
        x[rng.random(n) < 0.05] = np.nan
        return x

    columns: dict[str, np.ndarray] = {}
    for field in COUNTS:
        columns[field] = holes(rng.integers(0, 9, n).astype(np.float64))
    columns["room_area"] = holes(np.round(rng.uniform(20, 45, n), 2))
    columns["arrival_minutes"] = holes(np.round(rng.uniform(1, 6, n), 1))
    for field in FLAGS:
        columns[field] = holes((rng.random(n) < 0.9).astype(np.float64))
    posts = np.array([*jx.load_policy().post_codes(), None], dtype=object)
    for field, usual in (("chief_post", 4), ("deputy_chief_post", 5)):
        choice = rng.integers(0, len(posts), n)
        choice[rng.random(n) < 0.7] = usual
        columns[field] = posts[choice]
    return columns


def numpy_by_hand(columns: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The same 21 rules as numpy comparisons: int8 codes per rule and row, and each row's status."""
    n = len(columns["members"])
    codes = np.empty((len(RULES), n), dtype=np.int8)
    for j, (field, test, threshold, _required) in enumerate(RULES):
        x = columns[field]
        if x.dtype == object:  # a post
            missing = np.equal(x, None)
            ok = np.equal(x, threshold) if test == "==" else ~missing
        else:
            missing = np.isnan(x)
            if test == ">=":
                ok = x >= threshold
            elif test == "<=":
                ok = x <= threshold
            else:
                ok = x != 0
        codes[j] = np.where(missing, UNKNOWN, np.where(ok, PASS, FAIL))
    required = codes[[j for j, rule in enumerate(RULES) if rule[3]]]
    status = np.where(
        (required == FAIL).any(axis=0), FAIL, np.where((required == UNKNOWN).any(axis=0), UNKNOWN, PASS)
    )
    return codes, status.astype(np.int8)


def best(funcs: dict[str, Callable[[], object]], rounds: int) -> dict[str, Any]:
    """Seconds of one call of each function in each of ``rounds`` interleaved rounds (the table pairs them)."""
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(rounds):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
    return dict(times)


def peak_bytes(func: Callable[[], object]) -> int:
    """Peak bytes allocated while ``func`` runs (tracemalloc: Python objects and numpy buffers)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        result = func()
        peak = tracemalloc.get_traced_memory()[1]
        del result
    finally:
        tracemalloc.stop()
    return peak - before


def table_times(n: int, rounds: int) -> dict[str, float]:
    """check_table on ``n`` stations vs numpy by hand; also peak memory and the input's size (bytes)."""
    policy = jx.load_policy()
    columns = stations(n)
    ours = check_table(columns, kind="micro_fire_station", policy=policy, on=ON)
    codes, status = numpy_by_hand(columns)
    assert np.array_equal(ours.codes, codes) and np.array_equal(ours.status_codes, status), "must agree"
    found = best(
        {
            "check_table": lambda: check_table(columns, kind="micro_fire_station", policy=policy, on=ON),
            "numpy": lambda: numpy_by_hand(columns),
        },
        rounds,
    )
    found["input_bytes"] = float(sum(c.nbytes for c in columns.values()))
    found["peak_bytes"] = float(
        peak_bytes(lambda: check_table(columns, kind="micro_fire_station", policy=policy, on=ON))
    )
    found["numpy_peak_bytes"] = float(peak_bytes(lambda: numpy_by_hand(columns)))
    return found


def dask_times(n: int, partitions: int, rounds: int) -> dict[str, float] | None:
    """The Dask path (threads, local machine) vs check_table in one process, on the same DataFrame."""
    try:
        import dask
        import dask.dataframe as dd
        import pandas as pd
    except ImportError:
        return None
    from jiceng_xiaofang.standards import check_dask

    policy = jx.load_policy()
    frame = pd.DataFrame(stations(n), copy=False)
    ddf = dd.from_pandas(frame, npartitions=partitions, sort=False)

    def single() -> Any:
        report = check_table(frame, kind="micro_fire_station", policy=policy, on=ON)
        return np.bincount(report.status_codes, minlength=3)

    def spread() -> Any:
        result = check_dask(ddf, kind="micro_fire_station", policy=policy, on=ON)
        with dask.config.set(scheduler="threads", num_workers=os.cpu_count()):
            return result["status"].value_counts().compute()

    counts = spread()
    assert [int(counts.get(s, 0)) for s in ("pass", "fail", "unknown")] == single().tolist(), "must agree"
    found = best({"single": single, "dask": spread}, rounds)
    found["partitions"] = float(ddf.npartitions)
    return found
