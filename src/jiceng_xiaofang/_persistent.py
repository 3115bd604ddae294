"""Append-only storage shared by immutable values, so that adding one item costs one item.

A :class:`~jiceng_xiaofang.Ledger` or a :class:`~jiceng_xiaofang.HazardLog` is
immutable: recording returns a new one.  Copying the whole sequence for each
new value makes recording n items one at a time cost n² (32,000 hazard events
took 25 s).  Here the new value shares its parent's storage and sees a longer
prefix of it: the newest value extends the storage in place; a value recorded
from an older one (a branch) gets a copy of its prefix first, so no value ever
sees an item recorded after it.

:class:`Shared` is the list of items; :class:`Versions` maps keys to values
that change as items are added (a hazard's history), keeping each key's
earlier values with the length from which they hold (a partially persistent
map, "fat nodes").  A lock makes the newest-or-branch decision safe between
threads.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

__all__ = ["Shared", "Versions"]

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


class Shared(Generic[T, K, V]):
    """Items several immutable values share, each seeing its first ``length``; and values by key beside them.

    Examples
    --------
    >>> from jiceng_xiaofang._persistent import Shared
    >>> store, n = Shared[str, str, int]().extend(0, ["a", "b"], {"a": 2})
    >>> newer, m = store.extend(n, ["c"], {"a": 3})  # the newest extends in place
    >>> newer is store, store.view(n), store.view(m), store.versions.get("a", n), store.versions.get("a", m)
    (True, ('a', 'b'), ('a', 'b', 'c'), 2, 3)
    >>> branch, k = store.extend(n, ["x"])  # from the older value: a copy of its prefix
    >>> branch is store, branch.view(k), store.view(m), branch.versions.get("a", k)
    (False, ('a', 'b', 'x'), ('a', 'b', 'c'), 2)
    """

    __slots__ = ("_items", "_lock", "versions")

    def __init__(self, items: Iterable[T] = (), versions: Versions[K, V] | None = None) -> None:
        self._items: list[T] = list(items)
        self._lock = threading.Lock()
        self.versions: Versions[K, V] = Versions() if versions is None else versions

    def __len__(self) -> int:
        return len(self._items)

    def extend(
        self, length: int, new: Iterable[T], changes: Mapping[K, V] | None = None
    ) -> tuple[Shared[T, K, V], int]:
        """The storage and length of a value that adds ``new`` (and sets ``changes``) to one of ``length`` items."""
        added = list(new)
        end = length + len(added)
        with self._lock:
            # the newest value extends in place; a change with no new item would show at the old length too
            if len(self._items) == length and (added or not changes):
                self._items.extend(added)
                for key, value in (changes or {}).items():
                    self.versions.set(key, end, value)
                return self, end
        fork = Shared(self._items[:length] + added, self.versions.prefix(length))
        for key, value in (changes or {}).items():
            fork.versions.set(key, end, value)
        return fork, end

    def view(self, length: int, start: int = 0) -> tuple[T, ...]:
        """The first ``length`` items (from ``start``)."""
        return tuple(self._items[start:length])

    def item(self, index: int) -> T:
        """One item (``index`` within the value's length)."""
        return self._items[index]

    def bisect_right(self, length: int, value: Any, key: Callable[[T], Any]) -> int:
        """:func:`bisect.bisect_right` over the first ``length`` items, sorted by ``key``."""
        return bisect.bisect_right(self._items, value, 0, length, key=key)


class Versions(Generic[K, V]):
    """Values by key as a sequence grows: each value holds from the length at which it was set.

    ``get(key, length)`` is the value of ``key`` as a value of ``length``
    items sees it.  Keys are kept in the order they first appeared.

    Examples
    --------
    >>> from jiceng_xiaofang._persistent import Versions
    >>> v = Versions[str, int]()
    >>> v.set("a", 1, 10); v.set("b", 2, 20); v.set("a", 3, 11)
    >>> v.get("a", 2), v.get("a", 3), v.get("b", 1), list(v.keys(2)), v.count(3)
    (10, 11, None, ['a', 'b'], 2)
    """

    __slots__ = ("_firsts", "_keys", "_values")

    def __init__(self) -> None:
        self._values: dict[K, list[tuple[int, V]]] = {}
        self._keys: list[K] = []
        self._firsts: list[int] = []

    def set(self, key: K, length: int, value: V) -> None:
        """``key`` is ``value`` for every value of ``length`` items or more (lengths only grow)."""
        found = self._values.get(key)
        if found is None:
            self._values[key] = [(length, value)]
            self._keys.append(key)
            self._firsts.append(length)
        elif found[-1][0] == length:
            found[-1] = (length, value)
        else:
            found.append((length, value))

    def get(self, key: K, length: int) -> V | None:
        """The value of ``key`` seen by a value of ``length`` items, or ``None``."""
        found = self._values.get(key)
        if found is None:
            return None
        if found[-1][0] <= length:  # the usual case: the newest value asks
            return found[-1][1]
        at = bisect.bisect_right(found, length, key=lambda item: item[0])
        return found[at - 1][1] if at else None

    def keys(self, length: int) -> Iterator[K]:
        """The keys a value of ``length`` items sees, in the order they first appeared."""
        return iter(self._keys[: bisect.bisect_right(self._firsts, length)])

    def count(self, length: int) -> int:
        """How many keys a value of ``length`` items sees."""
        return bisect.bisect_right(self._firsts, length)

    def prefix(self, length: int) -> Versions[K, V]:
        """A copy holding what a value of ``length`` items sees, as of that length (for a branch from it)."""
        copy: Versions[K, V] = Versions()
        for key in self.keys(length):
            value = self.get(key, length)
            assert value is not None
            copy.set(key, length, value)
        return copy
