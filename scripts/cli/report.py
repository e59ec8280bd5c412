"""Problems printed for people (text), for GitHub Actions, or as JSON."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from pathlib import Path

from opsbook.problems import Problem

__all__ = ["FORMATS", "markdown_cell", "markdown_code", "render_problems", "summary_line"]

FORMATS = ("text", "github", "json")


def render_problems(problems: Sequence[Problem], output_format: str, base: Path) -> str:
    """All problems in one format; an empty string when there are none (text)."""
    if output_format == "json":
        return json.dumps(
            [_as_json(problem, base) for problem in problems], ensure_ascii=False, indent=2
        )
    lines = [problem.format(base) for problem in problems]
    if output_format == "github":
        lines = [_annotation(problem, base) for problem in problems] + lines
    return "\n".join(lines)


def summary_line(problems: Sequence[Problem], documents: int) -> str:
    files = len({problem.file for problem in problems})
    checked = f"{documents} document{'s' if documents != 1 else ''} checked"
    if not problems:
        return f"opsbook: {checked}, all valid."
    return (
        f"opsbook: {len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} "
        f"file{'s' if files != 1 else ''}; {checked}."
    )


def _as_json(problem: Problem, base: Path) -> dict[str, object]:
    return {
        "file": problem.display_path(base),
        "line": problem.line,
        "column": problem.column,
        "severity": "error",
        "code": problem.code,
        "message": problem.message,
        "hint": problem.hint,
    }


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(problem: Problem, base: Path) -> str:
    """A workflow command that GitHub shows on the line of the pull request diff."""
    properties = ",".join(
        [
            f"file={_escape_property(problem.display_path(base))}",
            f"line={problem.line}",
            f"col={problem.column}",
            f"title={_escape_property('opsbook ' + problem.code)}",
        ]
    )
    return f"::error {properties}::{_escape_data(problem.text())}"


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]|#~])")


def markdown_cell(text: str) -> str:
    """Text for a Markdown table cell or list item, shown as written: no HTML, no
    links or emphasis, no column breaks."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))
    return " ".join(escaped.splitlines())


def markdown_code(text: str) -> str:
    """Text as an inline code span that no backtick inside can close, safe in a table."""
    flat = " ".join(text.splitlines()).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"
