"""Problems found in content, with the place an editor has to look."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path


def relative_path(path: Path, base: Path | None = None) -> str:
    """`path` as people in `base` (the working directory) type it."""
    try:
        return os.path.relpath(path, base or Path.cwd())
    except ValueError:  # another drive on Windows
        return str(path)


_LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with one file, pointing at a line and column (1-based).

    Ordered by file and position so that output is stable whatever order the
    checks ran in.
    """

    file: Path
    line: int
    column: int
    message: str
    hint: str = ""
    code: str = "invalid"

    def text(self) -> str:
        """The message with its hint, on one line, as a sentence an editor can act on."""
        text = f"{self.message} ({self.hint})" if self.hint else self.message
        return _LINE_BREAKS.sub("⏎", text)

    def display_path(self, base: Path | None = None) -> str:
        """The file relative to `base` (the working directory by default)."""
        return relative_path(self.file, base)

    def format(self, base: Path | None = None) -> str:
        return f"{self.display_path(base)}:{self.line}:{self.column}: error: {self.text()}"
