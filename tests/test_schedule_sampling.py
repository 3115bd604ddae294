"""Double-random sampling (双随机、一公开): reproducible from the seed, recorded for publication."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiceng_xiaofang.errors import XiaofangError
from jiceng_xiaofang.schedule import SAMPLING_ALGORITHM, SamplingDraw, SamplingError, draw

ON = dt.date(2024, 4, 1)
INSPECTORS = [f"执法员{i:02d}" for i in range(1, 11)]
UNITS = [f"重点单位{i:03d}" for i in range(1, 41)]


def test_same_seed_same_draw_and_same_bytes() -> None:
    a = draw(INSPECTORS, UNITS, k=5, seed=20240401, on=ON)
    b = draw(list(INSPECTORS), list(UNITS), k=5, seed=20240401, on=ON)
    assert a == b and a.to_json() == b.to_json()


def test_input_order_does_not_matter() -> None:
    a = draw(INSPECTORS, UNITS, k=5, seed="2024年第二季度", on=ON)
    b = draw(reversed(INSPECTORS), sorted(UNITS, reverse=True), k=5, seed="2024年第二季度", on=ON)
    assert a == b


def test_different_seeds_give_different_draws() -> None:
    draws = {draw(INSPECTORS, UNITS, k=5, seed=seed, on=ON).targets for seed in range(20)}
    assert len(draws) == 20
    assert (
        draw(INSPECTORS, UNITS, k=5, seed=1, on=ON).targets
        != draw(INSPECTORS, UNITS, k=5, seed=2, on=ON).targets
    )
    assert draw(INSPECTORS, UNITS, k=5, seed="1", on=ON) != draw(INSPECTORS, UNITS, k=5, seed=1, on=ON)


def test_the_global_random_state_is_untouched() -> None:
    state = random.getstate()
    draw(INSPECTORS, UNITS, k=5, seed=1, on=ON)
    assert random.getstate() == state


def test_the_record_holds_what_publication_needs() -> None:
    d = draw(INSPECTORS, UNITS, k=3, seed=99, on=ON, team=2)
    data = json.loads(d.to_json())
    assert data["method"] == "双随机、一公开" and data["clause"] == "3.3"
    assert data["obligation"] == "detachment_double_random"
    assert (data["seed"], data["on"], data["target_pool"], data["inspector_pool"]) == (
        99,
        "2024-04-01",
        40,
        10,
    )
    assert [a["target"] for a in data["assignments"]] == list(d.targets)
    assert [tuple(a["inspectors"]) for a in data["assignments"]] == list(d.teams)
    pools = json.dumps(
        {"inspectors": sorted(INSPECTORS), "targets": sorted(UNITS)},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    assert data["pool_digest"] == hashlib.sha256(pools.encode("utf-8")).hexdigest()
    assert data["algorithm"] == SAMPLING_ALGORITHM
    assert SamplingDraw.from_json(d.to_json()) == d
    assert d.inspectors == tuple(dict.fromkeys(n for team in d.teams for n in team))
    assert d.assignments == tuple(zip(d.targets, d.teams, strict=True))


def test_the_published_algorithm_is_enough_to_repeat_the_draw() -> None:
    """An independent implementation of SAMPLING_ALGORITHM's words gives the same draw."""

    def pick(rng: random.Random, pool: list[str], n: int) -> list[str]:
        items = list(pool)
        for i in range(n):
            j = i + int(rng.random() * (len(items) - i))
            items[i], items[j] = items[j], items[i]
        return items[:n]

    rng = random.Random(424242)
    targets = pick(rng, sorted(UNITS), 4)
    teams = [tuple(pick(rng, sorted(INSPECTORS), 3)) for _ in targets]
    d = draw(INSPECTORS, UNITS, k=4, seed=424242, on=ON, team=3)
    assert list(d.targets) == targets and list(d.teams) == teams


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"k": 41}, "k: cannot draw 41 targets from a pool of 40"),
        ({"k": 0}, "k: expected 1 or more, got 0"),
        ({"k": 2.0}, "k: expected a whole number, got 2.0"),
        ({"k": True}, "k: expected a whole number, got True"),
        ({"team": 11}, "team: cannot draw 11 inspectors per target from a pool of 10"),
        ({"team": 0}, "team: expected 1 or more"),
        ({"seed": 1.5}, "seed: expected an integer or a text, got 1.5"),
        ({"seed": None}, "seed: expected an integer or a text, got None"),
        ({"on": "2024-04-01"}, "on: expected a datetime.date"),
        ({"inspectors": "张三"}, "inspectors: expected a list of names, got the single text '张三'"),
        ({"inspectors": []}, "inspectors: the pool is empty"),
        ({"targets": ["甲", "乙", "甲"]}, "targets: '甲' is listed twice"),
        ({"targets": ["甲", ""]}, "targets[1]: expected a non-empty name"),
    ],
)
def test_bad_draws(kwargs: dict[str, object], fragment: str) -> None:
    args: dict[str, object] = {"inspectors": INSPECTORS, "targets": UNITS, "k": 2, "seed": 1, "on": ON}
    args.update(kwargs)
    with pytest.raises(SamplingError) as info:
        draw(**args)  # type: ignore[arg-type]
    assert fragment in str(info.value)
    assert isinstance(info.value, XiaofangError)


def test_from_json_rejects_other_text() -> None:
    with pytest.raises(SamplingError, match="not a sampling record"):
        SamplingDraw.from_json('{"seed": 1}')


@settings(max_examples=200, deadline=None)
@given(
    inspectors=st.lists(
        st.text(min_size=1, max_size=4).filter(str.strip), min_size=1, max_size=8, unique=True
    ),
    targets=st.lists(st.text(min_size=1, max_size=4).filter(str.strip), min_size=1, max_size=30, unique=True),
    seed=st.integers(0, 2**64) | st.text(max_size=10),
    data=st.data(),
)
def test_draws_are_subsets_of_the_pools(
    inspectors: list[str], targets: list[str], seed: int | str, data: st.DataObject
) -> None:
    k = data.draw(st.integers(1, len(targets)))
    team = data.draw(st.integers(1, len(inspectors)))
    d = draw(inspectors, targets, k=k, seed=seed, on=ON, team=team)
    assert len(d.targets) == k and len(set(d.targets)) == k and set(d.targets) <= set(targets)
    assert all(len(t) == team and len(set(t)) == team and set(t) <= set(inspectors) for t in d.teams)
    assert d == draw(inspectors, targets, k=k, seed=seed, on=ON, team=team)
