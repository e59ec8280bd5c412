"""'Did you mean' hints for near-miss names, ids and kinds."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

__all__ = ["closest", "did_you_mean", "slugify"]


def closest(value: str, choices: Iterable[str], limit: int = 1) -> list[str]:
    """The choices that look most like `value`, best first."""
    return difflib.get_close_matches(value, list(choices), n=limit, cutoff=0.6)


def did_you_mean(value: str, choices: Iterable[str], what: str = "", limit: int = 8) -> str:
    """A hint naming the closest choice, else the choices (when few enough to list)."""
    options = sorted(set(choices))
    close = closest(value, options, 3)
    if close:
        quoted = " or ".join(f"'{c}'" for c in close)
        return f"did you mean {quoted}?"
    if what and options and len(options) <= limit:
        return f"{what}: {', '.join(options)}"
    return ""


def slugify(text: str) -> str:
    """An id made from text: `Foo Bar` -> `foo-bar` (empty when nothing is left)."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))
