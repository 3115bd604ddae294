"""Paired, interleaved timing shared by the benchmarks: the package and its baseline in the same rounds."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable


def paired(funcs: dict[str, Callable[[], object]], rounds: int) -> dict[str, list[float]]:
    """Seconds of each function per round, interleaved within each round (garbage collected before each)."""
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(rounds):
        for name, func in funcs.items():
            gc.collect()
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
    return times


def ratios(ours: list[float], theirs: list[float]) -> tuple[float, float]:
    """The median and the minimum of the per-round ratios ours / theirs (paired: round i with round i)."""
    each = [a / b for a, b in zip(ours, theirs, strict=True)]
    return statistics.median(each), min(each)


def once(func: Callable[[], object]) -> float:
    """Seconds of one call, garbage collected first."""
    gc.collect()
    start = time.perf_counter()
    func()
    return time.perf_counter() - start
