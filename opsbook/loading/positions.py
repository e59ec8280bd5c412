"""Where each key and value of a YAML document sits in its file."""

from __future__ import annotations

from collections.abc import Callable

Key = str | int
"""One step into a document: a mapping key or a list index."""

Location = tuple[int, int]
"""A 1-based (line, column) in the file."""

Path = tuple[Key, ...]
Tables = tuple[dict[Path, Location], dict[Path, Location], dict[Path, str]]


class Positions:
    """Line and column of every value (and every mapping key) by its path.

    Paths are tuples of keys and indexes from the top of the document. Lines are
    lines of the file, so front matter positions already include the offset of
    the Markdown file's first `---`. The tables are made on first use, from the
    parsed YAML: a valid document never needs them.
    """

    __slots__ = ("_compute", "_tables")

    def __init__(self, compute: Callable[[], Tables] | None = None) -> None:
        self._compute = compute
        self._tables: Tables | None = None

    def _get(self) -> Tables:
        if self._tables is None:
            self._tables = self._compute() if self._compute is not None else ({}, {}, {})
            self._compute = None
        return self._tables

    @property
    def values(self) -> dict[Path, Location]:
        return self._get()[0]

    @property
    def keys(self) -> dict[Path, Location]:
        return self._get()[1]

    @property
    def written(self) -> dict[Path, str]:
        """How values that are not text (numbers, dates, true/false) were written, so a
        hint can quote them exactly (`2.10`, not `2.1`)."""
        return self._get()[2]

    def value(self, path: Path) -> Location:
        """The value at `path`, or the closest enclosing value that exists."""
        values = self.values
        while path not in values and path:
            path = path[:-1]
        return values.get(path, (1, 1))

    def key(self, path: Path) -> Location:
        """The key that introduces `path`, falling back to its value."""
        found = self.keys.get(path)
        return found if found is not None else self.value(path)
