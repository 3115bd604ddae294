"""A fuzz campaign over every public loader and parser, outside pytest: many inputs, a few minutes.

Run ``python benchmarks/fuzz_campaign.py`` (``--seconds 20`` per target by default; ``--quick`` for a smoke run).
Each target of ``tests/fuzz_strategies.py`` is fed, in turn, random bytes and text and damaged copies of the
repository's real files (lines dropped, doubled or swapped, values replaced by other values, huge numbers,
deep nesting, lone surrogates..., bytes flipped); ``record_from_dict`` is fed rows of hostile Python values.
Each input must return or raise a ``XiaofangError``; anything else escapes and is counted by cause (the
exception's type and the innermost frame of the package it came through), with the smallest input seen for
each cause written to ``--save`` (a folder) when given.  An input that runs longer than ``--timeout`` seconds
is stopped and counted as a cause of its own ("timeout"): a denial of service.

The figures of the docs' "Reliability" section come from this script; it asserts nothing and always exits 0
unless ``--strict`` (then 1 when anything escaped).
"""

from __future__ import annotations

import argparse
import collections
import json
import platform
import random
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import fuzz_strategies as fs  # noqa: E402
import jiceng_xiaofang as jx  # noqa: E402


class Timeout(BaseException):
    """An input ran longer than the time allowed (a BaseException, so no ``except Exception`` swallows it)."""


def _alarm(signum: int, frame: object) -> None:
    raise Timeout


def cause_of(exc: BaseException) -> str:
    """The exception's type and where it left the package: ``RecursionError at schedule/sampling.py:from_json``."""
    if isinstance(exc, Timeout):
        return "timeout"
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "jiceng_xiaofang" in f.filename]
    where = ours[-1] if ours else (frames[-1] if frames else None)
    if where is None:
        return type(exc).__name__
    path = where.filename.split("jiceng_xiaofang/")[-1]
    return f"{type(exc).__name__} at {path}:{where.name}"


class Tally:
    """What one target did with its inputs."""

    def __init__(self) -> None:
        self.inputs = 0
        self.returned = 0
        self.refused = 0
        self.escaped: collections.Counter[str] = collections.Counter()
        self.example: dict[str, tuple[Any, str]] = {}
        self.seconds = 0.0

    def run(self, call: Callable[[], object], given: Any, timeout: float) -> None:
        self.inputs += 1
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            call()
        except jx.XiaofangError:
            self.refused += 1
        except (Exception, Timeout) as exc:
            cause = cause_of(exc)
            self.escaped[cause] += 1
            old = self.example.get(cause)
            if old is None or len(repr(given)) < len(repr(old[0])):
                self.example[cause] = (given, f"{type(exc).__name__}: {str(exc)[:300]}")
        else:
            self.returned += 1
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)


def campaign(seconds: float, seed: int, timeout: float, only: list[str]) -> dict[str, Tally]:
    rnd = random.Random(seed)
    pick = rnd.randint
    tallies: dict[str, Tally] = {}
    targets: list[tuple[str, Callable[[], tuple[Callable[[], object], Any]]]] = []
    for target in fs.TARGETS:
        seeds = target.seeds()

        def make(
            target: fs.Target = target, seeds: tuple[bytes, ...] = seeds
        ) -> tuple[Callable[[], object], Any]:
            if pick(0, 2) == 0:
                raw = fs.random_input(pick, frozenset())
            else:
                raw = fs.mutate(seeds[pick(0, len(seeds) - 1)], target.kind, pick, frozenset())
            return (lambda: target.call(raw)), raw

        targets.append((target.name, make))

    def make_record() -> tuple[Callable[[], object], Any]:
        row = fs.record_dict(pick)
        return (lambda: jx.record_from_dict(row)), row

    targets.append(("record_from_dict", make_record))
    for name, next_input in targets:
        if only and not any(o in name for o in only):
            continue
        tally = tallies[name] = Tally()
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            call, given = next_input()
            tally.run(call, given, timeout)
        tally.seconds = time.perf_counter() - start
        print(
            f"{name}: {tally.inputs} inputs, {tally.returned} read, {tally.refused} refused,"
            f" {sum(tally.escaped.values())} escaped",
            file=sys.stderr,
            flush=True,
        )
    return tallies


def report(tallies: dict[str, Tally]) -> str:
    lines = [
        "| target | inputs | read | refused (XiaofangError) | escaped | causes |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, t in tallies.items():
        causes = "; ".join(f"{cause} ×{n}" for cause, n in t.escaped.most_common()) or "–"
        escaped = sum(t.escaped.values())
        lines.append(f"| `{name}` | {t.inputs:,} | {t.returned:,} | {t.refused:,} | {escaped:,} | {causes} |")
    total = sum(t.inputs for t in tallies.values())
    escaped = sum(sum(t.escaped.values()) for t in tallies.values())
    kinds = {c for t in tallies.values() for c in t.escaped}
    lines.append(
        f"| **all {len(tallies)} targets** | **{total:,}** | | | **{escaped:,}** | {len(kinds)} causes |"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="time per target (default 20 s)")
    parser.add_argument("--seed", type=int, default=20261201, help="seed of the random choices")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds one input may take (default 5)")
    parser.add_argument(
        "--target", action="append", default=[], help="run only targets whose name holds this"
    )
    parser.add_argument("--save", type=Path, help="write the smallest input of each cause to this folder")
    parser.add_argument("--json", type=Path, help="write the tallies as JSON to this file")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 0.5 s per target")
    parser.add_argument("--strict", action="store_true", help="exit 1 when anything escaped")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    seconds = 0.5 if args.quick else args.seconds
    started = time.strftime("%Y-%m-%d %H:%M")
    tallies = campaign(seconds, args.seed, args.timeout, args.target)
    print(
        f"Fuzz campaign of {started}: seed {args.seed}, {seconds:g} s per target, timeout {args.timeout:g} s"
    )
    print(f"Python {platform.python_version()} on {platform.machine()}, jiceng_xiaofang {jx.__version__}")
    print()
    print(report(tallies))
    examples = {c: ex for t in tallies.values() for c, ex in t.example.items()}
    if examples:
        print()
        for cause, (given, error) in sorted(examples.items()):
            shown = repr(given)
            print(f"- {cause}: {error}\n  input ({len(shown)} chars): {shown[:300]}")
    if args.save and examples:
        args.save.mkdir(parents=True, exist_ok=True)
        for n, (cause, (given, error)) in enumerate(sorted(examples.items())):
            body = given if isinstance(given, bytes) else repr(given).encode("utf-8", "backslashreplace")
            (args.save / f"{n:02d}.input").write_bytes(body)
            (args.save / f"{n:02d}.txt").write_text(f"{cause}\n{error}\n", encoding="utf-8")
    if args.json:
        data = {
            name: {
                "inputs": t.inputs,
                "read": t.returned,
                "refused": t.refused,
                "escaped": dict(t.escaped),
                "seconds": round(t.seconds, 1),
            }
            for name, t in tallies.items()
        }
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    escaped = any(t.escaped for t in tallies.values())
    return 1 if args.strict and escaped else 0


if __name__ == "__main__":
    raise SystemExit(main())
