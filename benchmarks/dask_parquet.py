"""Dask from Parquet, the reading included: one process, threads, and a local cluster of 2 worker processes.

Run ``python benchmarks/dask_parquet.py [--rows 2000000] [--parts 8] [--rounds 3]`` (needs pandas, pyarrow and
``dask[distributed]``).  The invented stations of ``bulk_checks.stations`` are written once to a Parquet folder of
``--parts`` files; then, in paired, interleaved rounds, each way reads the folder and counts the statuses:

- ``single``: ``pandas.read_parquet`` and ``check_table`` in this process (the baseline);
- ``threads``: ``dask.dataframe.read_parquet``, ``check_dask``, the threaded scheduler;
- ``cluster``: the same graph on a ``distributed.LocalCluster`` of 2 processes of 1 thread each (started once,
  outside the timing; the policy's compiled plan is shipped to the workers with the graph).

Printed: the median seconds of each and the ratio of each to ``single`` (median and minimum of the per-round
ratios; below 1 is faster).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from _timing import paired, ratios
from bulk_checks import ON, stations

import jiceng_xiaofang as jx
from jiceng_xiaofang.standards import check_dask, check_table


def run(rows: int, parts: int, rounds: int) -> list[str]:
    import dask
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    policy = jx.load_policy()
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder, "stations"))
        frame = pd.DataFrame(stations(rows), copy=False)
        dd.from_pandas(frame, npartitions=parts, sort=False).to_parquet(path, write_index=False)
        del frame

        def single() -> Any:
            report = check_table(pd.read_parquet(path), kind="micro_fire_station", policy=policy, on=ON)
            return np.bincount(report.status_codes, minlength=3).tolist()

        def counts(scheduler: Any) -> list[int]:
            result = check_dask(dd.read_parquet(path), kind="micro_fire_station", policy=policy, on=ON)
            found = result["status"].value_counts().compute(scheduler=scheduler)
            return [int(found.get(s, 0)) for s in ("pass", "fail", "unknown")]

        with (
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            expected = single()
            with dask.config.set(num_workers=2):
                assert counts("threads") == expected, "threads must agree"
            assert counts(client) == expected, "the cluster must agree"
            with dask.config.set(num_workers=2):
                times = paired(
                    {
                        "single": single,
                        "threads": lambda: counts("threads"),
                        "cluster": lambda: counts(client),
                    },
                    rounds,
                )
    lines = []
    base = statistics.median(times["single"])
    lines.append(f"single: pandas.read_parquet + check_table, {rows:,} rows: {base:.2f} s (median)")
    for name in ("threads", "cluster"):
        median, least = ratios(times[name], times["single"])
        lines.append(
            f"{name}: {statistics.median(times[name]):.2f} s (median), {parts} files; ratio to single:"
            f" median {median:.2f}x, min {least:.2f}x"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--parts", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for line in run(args.rows, args.parts, args.rounds):
        print(line, flush=True)


if __name__ == "__main__":
    main()
