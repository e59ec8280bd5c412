"""In-process memory of parsed histories, so `mkdocs serve` rebuilds do not run `git log` again.

A history is keyed by what decides its content: repository root, HEAD, docs folder, options,
and the state of the shallow file (a fetch that deepens a clone keeps HEAD but adds history).
Uncommitted files are never cached here: they change with every save.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["BoundedCache", "clear_caches"]

V = TypeVar("V")

_CLEARERS: list[Callable[[], None]] = []


class BoundedCache(Generic[V]):
    """A small least-recently-used map; a long `mkdocs serve` session sees many HEADs."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        _CLEARERS.append(self.clear)

    def get(self, key: Hashable) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: Hashable, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


def clear_caches() -> None:
    """Forget every cached history and blob (for tests, and after rewriting history)."""
    for clear in _CLEARERS:
        clear()
