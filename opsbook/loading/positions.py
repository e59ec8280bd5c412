"""Where each key and value of a YAML document sits in its file."""

from __future__ import annotations

from dataclasses import dataclass, field

Key = str | int
"""One step into a document: a mapping key or a list index."""

Location = tuple[int, int]
"""A 1-based (line, column) in the file."""


@dataclass(slots=True)
class Positions:
    """Line and column of every value (and every mapping key) by its path.

    Paths are tuples of keys and indexes from the top of the document. Lines are
    lines of the file, so front matter positions already include the offset of
    the Markdown file's first `---`.
    """

    values: dict[tuple[Key, ...], Location] = field(default_factory=dict)
    keys: dict[tuple[Key, ...], Location] = field(default_factory=dict)
    written: dict[tuple[Key, ...], str] = field(default_factory=dict)
    """How values that are not text (numbers, dates, true/false) were written, so a
    hint can quote them exactly (`2.10`, not `2.1`)."""

    def value(self, path: tuple[Key, ...]) -> Location:
        """The value at `path`, or the closest enclosing value that exists."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def key(self, path: tuple[Key, ...]) -> Location:
        """The key that introduces `path`, falling back to its value."""
        found = self.keys.get(path)
        return found if found is not None else self.value(path)
