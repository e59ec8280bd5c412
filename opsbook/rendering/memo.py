"""Generated pages kept between the rebuilds of `mkdocs serve`.

A catalog or changelog page is made again only when what it was made from has
changed. Each group of pages names its inputs as a key; keys hold the inputs
themselves (source files, history, dates), so an unchanged input compares by
identity in no time and a changed one by value.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

__all__ = ["PageMemo"]

T = TypeVar("T")


class PageMemo:
    """The last result of each named group of pages, with the inputs it came from."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[Sequence[object], object]] = {}
        self.made: list[str] = []
        """Groups made (not reused) by the latest build, for tests and the log."""

    def get(self, name: Hashable, inputs: Sequence[object], make: Callable[[], T]) -> T:
        """`make()`, or what it returned last time for `name` if `inputs` are equal."""
        key = str(name)
        kept = self._kept.get(key)
        if kept is not None and kept[0] == inputs:
            return kept[1]  # type: ignore[return-value]
        made = make()
        self._kept[key] = (inputs, made)
        self.made.append(key)
        return made

    def start_build(self) -> None:
        self.made = []
