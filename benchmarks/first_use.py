"""First-use costs: what a fresh interpreter pays before the first answer, against plain Python doing the least.

Run ``python benchmarks/first_use.py [--rounds 7]``.  Each row runs a fresh interpreter per round, the package's
step and its baseline interleaved, and prints the median and minimum wall time of each and of their ratio:

- ``import jiceng_xiaofang`` / ``import attrs`` (the lazy shell only: what an import costs);
- ``import`` + ``load_policy()`` (the first real use: the policy's files read, checked against their quotes)
  / ``import attrs`` + ``tomllib.loads`` of the same policy file;
- ``import`` + ``task_graph()`` / ``import networkx`` + a graph of the same 116 edges from a list;
- ``jiceng-xiaofang report`` (the command, a policy summary) / ``python -c pass`` (an interpreter starting).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "jiceng_xiaofang" / "data"

TIMED = "import time; t = time.perf_counter(); {body}; print(time.perf_counter() - t)"
CASES: dict[str, tuple[str, str]] = {
    "import": ("import jiceng_xiaofang", "import attrs"),
    "import + load_policy()": (
        "import jiceng_xiaofang as jx; jx.load_policy()",
        f"import attrs, tomllib; tomllib.loads(open({str(DATA / 'yuzhong-2023.toml')!r}, encoding='utf-8').read())",
    ),
    "import + task_graph()": (
        "import jiceng_xiaofang as jx; jx.task_graph()",
        "import networkx as nx; g = nx.DiGraph(); g.add_edges_from((f'u{i % 17}', f't{i % 20}') for i in range(116))",
    ),
}


def _python(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def _wall(args: list[str]) -> float:
    import time

    start = time.perf_counter()
    subprocess.run(args, capture_output=True, check=True)
    return time.perf_counter() - start


def run(rounds: int) -> list[str]:
    lines = []
    for name, (ours, theirs) in CASES.items():
        a, b = [], []
        for _ in range(rounds):
            a.append(_python(TIMED.format(body=ours)))
            b.append(_python(TIMED.format(body=theirs)))
        lines.append(_line(name, a, b))
        print(lines[-1], flush=True)
    a, b = [], []
    for _ in range(rounds):
        a.append(_wall([sys.executable, "-m", "jiceng_xiaofang", "report"]))
        b.append(_wall([sys.executable, "-c", "pass"]))
    lines.append(_line("the report command (wall, with interpreter start)", a, b))
    print(lines[-1], flush=True)
    return lines


def _line(name: str, ours: list[float], theirs: list[float]) -> str:
    each = [x / y for x, y in zip(ours, theirs, strict=True)]
    return (
        f"{name}: package median {statistics.median(ours) * 1e3:.0f} ms (min {min(ours) * 1e3:.0f}),"
        f" baseline median {statistics.median(theirs) * 1e3:.0f} ms (min {min(theirs) * 1e3:.0f});"
        f" ratio median {statistics.median(each):.1f}x, min {min(each):.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    run(parser.parse_args().rounds)


if __name__ == "__main__":
    main()
