"""Every export that needs an optional extra says which one to install when it is missing (not an ImportError)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable

import pytest

import jiceng_xiaofang as jx
from jiceng_xiaofang.graph import raci_frame
from jiceng_xiaofang.standards import sample_facilities


def _exports() -> dict[str, Callable[[], object]]:
    policy = jx.load_policy()
    facilities = sample_facilities()
    station = jx.MicroFireStation(members=6)
    return {
        "Report.to_frame": lambda: jx.check(station).to_frame(),
        "Rollup.to_frame": lambda: jx.check_all(facilities).to_frame(),
        "TableReport.to_frame": lambda: jx.check_table(
            {"members": [6, 5]}, kind="micro_fire_station"
        ).to_frame(),
        "CheckComparison.to_frame": lambda: jx.compare_checks(facilities, policy, policy).to_frame(),
        "Comparison.to_frame": lambda: jx.compare([policy, policy]).to_frame(),
        "raci_frame": lambda: raci_frame(jx.task_graph(policy)),
    }


@pytest.mark.parametrize("name", list(_exports()))
def test_a_missing_pandas_names_the_extra(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    export = _exports()[name]
    export()  # with pandas installed, it works
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda module, *a: None if module == "pandas" else real(module, *a)
    )
    with pytest.raises(
        jx.XiaofangError,
        match=r"needs pandas: install the extra with pip install 'jiceng-xiaofang\[pandas\]'",
    ):
        export()
