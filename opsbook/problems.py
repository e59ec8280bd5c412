"""Problems found in content, with the place an editor has to look.

Also the one rule for printing what came from files (names, document text) on a
terminal, a CI log or the MkDocs build log: `printable`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Problem", "printable", "printable_lines", "relative_path"]


def relative_path(path: Path, base: Path | None = None) -> str:
    """`path` as people in `base` (the working directory) type it."""
    try:
        return os.path.relpath(path, base or Path.cwd())
    except ValueError:  # another drive on Windows
        return str(path)


# Every character that can end a line somewhere: terminals, Python, the GitHub runner.
_LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# The legacy workflow command is recognised anywhere in a line of a CI log.
_LEGACY_COMMAND = re.compile(r"##\[")
_NAMED_ESCAPES = {"\t": "\\t"}
# Control and format characters (escape sequences, bidirectional overrides, zero-width
# marks) and surrogates (left by file names that are not UTF-8): they act on the
# terminal or hide text, and the GitHub runner's culture-aware matching skips some of
# them. Unicode's categories Cc, Cf, Cs, Zl and Zp, written out because building the
# class from `unicodedata` at import would cost every command a tenth of a second.
_UNSEEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff"
    "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def _escape(found: re.Match[str]) -> str:
    character = found.group()
    named = _NAMED_ESCAPES.get(character)
    if named is not None:
        return named
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(text: str) -> str:
    """`text` made safe to print on one line of a terminal or CI log.

    File names and document text are written by whoever opened the pull request;
    printed raw, a line break in them starts a new line that GitHub Actions obeys
    as a workflow command (`::warning file=…::`, `::stop-commands::`), and escape
    sequences act on the terminal. Line breaks become ⏎, other invisible characters
    visible escapes (`\\t`, `\\x1b`, `\\u202e`), `##[` (the legacy command, found
    anywhere in a line) becomes `##\\[`, and a line that would begin with `::` gets
    a backslash in front. Idempotent, so a line built from printable values can be
    passed through again.
    """
    text = _LINE_BREAKS.sub("⏎", text)
    text = _UNSEEN.sub(_escape, text)
    text = _LEGACY_COMMAND.sub(r"##\\[", text)
    stripped = text.lstrip()
    if stripped.startswith("::"):
        start = len(text) - len(stripped)
        text = f"{text[:start]}\\{stripped}"
    return text


def printable_lines(text: str) -> str:
    """Several lines (only `\\n` separates them) each made `printable`."""
    return "\n".join(printable(line) for line in text.split("\n"))


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with one file, pointing at a line and column (1-based).

    Ordered by file and position so that output is stable whatever order the
    checks ran in. What it prints is `printable`: the file name and the message
    may hold anything the document's author put there.
    """

    file: Path
    line: int
    column: int
    message: str
    hint: str = ""
    code: str = "invalid"

    def text(self) -> str:
        """The message with its hint, on one line, as a sentence an editor can act on."""
        return printable(f"{self.message} ({self.hint})" if self.hint else self.message)

    def display_path(self, base: Path | None = None) -> str:
        """The file relative to `base` (the working directory by default)."""
        return printable(relative_path(self.file, base))

    def format(self, base: Path | None = None) -> str:
        return f"{self.display_path(base)}:{self.line}:{self.column}: error: {self.text()}"
