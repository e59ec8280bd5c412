"""Split a Markdown file into its YAML front matter and its body."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FrontMatter", "split_front_matter"]

_OPENING = re.compile(r"\A---[ \t]*\r?\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The YAML between the `---` lines (starting on line 2) and what follows."""

    yaml: str
    body: str
    body_line: int
    unclosed: bool = False


def split_front_matter(text: str) -> FrontMatter | None:
    """None when the file does not start with a `---` line."""
    opening = _OPENING.match(text)
    if opening is None:
        return None
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        return FrontMatter(yaml=text[opening.end() :], body="", body_line=1, unclosed=True)
    yaml_text = text[opening.end() : closing.start()]
    body_start = closing.end()
    if text.startswith("\r\n", body_start):
        body_start += 2
    elif text.startswith("\n", body_start):
        body_start += 1
    body_line = text.count("\n", 0, body_start) + 1
    return FrontMatter(yaml=yaml_text, body=text[body_start:], body_line=body_line)
