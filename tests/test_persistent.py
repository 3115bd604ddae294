"""The shared append-only storage under Ledger and HazardLog: every value sees exactly what it was built with."""

from __future__ import annotations

import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from jiceng_xiaofang._persistent import Shared

# a step: extend the value number `base` (modulo how many exist) by `items`, setting key -> the new length
steps = st.lists(
    st.tuples(st.integers(0, 50), st.lists(st.integers(0, 9), max_size=3), st.sampled_from("abc")),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(steps)
def test_every_value_sees_its_own_items_and_versions_whatever_is_built_from_it(plan: list) -> None:  # type: ignore[type-arg]
    # the model: each value is a plain tuple and a plain dict, copied at each step
    values: list[tuple[Shared[int, str, int], int]] = [(Shared(), 0)]
    model: list[tuple[tuple[int, ...], dict[str, int]]] = [((), {})]
    for base, items, key in plan:
        shared, length = values[base % len(values)]
        items_before, keys_before = model[base % len(values)]
        new_length = length + len(items)
        values.append(shared.extend(length, items, {key: new_length}))
        model.append(((*items_before, *items), {**keys_before, key: new_length}))
        for (s, n), (expected_items, expected_keys) in zip(values, model, strict=True):
            assert s.view(n) == expected_items
            assert list(s.versions.keys(n)) == list(expected_keys)
            assert {
                k: s.versions.get(k, n) for k in "abc" if s.versions.get(k, n) is not None
            } == expected_keys
            assert s.versions.count(n) == len(expected_keys)


def test_the_newest_value_extends_in_place_and_an_older_one_branches() -> None:
    first, n = Shared[int, str, int]().extend(0, [1, 2])
    second, m = first.extend(n, [3])
    assert second is first and first.view(m) == (1, 2, 3) and first.view(n) == (1, 2)
    branch, k = first.extend(n, [9])
    assert branch is not first and branch.view(k) == (1, 2, 9) and first.view(m) == (1, 2, 3)
    assert first.view(m, 1) == (2, 3)


def test_threads_extending_one_value_each_get_their_own() -> None:
    base, n = Shared[int, str, int]().extend(0, [0])
    got: dict[int, tuple[int, ...]] = {}

    def work(i: int) -> None:
        shared, length = base, n
        for step in range(200):
            shared, length = shared.extend(length, [i * 1000 + step], {"last": step})
        got[i] = shared.view(length)
        assert shared.versions.get("last", length) == 199

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, items in got.items():
        assert items == (0, *(i * 1000 + step for step in range(200)))
