"""Problems printed for people (text), for GitHub Actions, or as JSON; and the ways
every command prints what came from files (`say`, `json_text`, `markdown_cell`,
`markdown_code`), so that no file name or document text can start a workflow
command in a CI log or a link in a job summary."""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Sequence
from pathlib import Path

import click

from opsbook.problems import Problem, printable, printable_lines

__all__ = [
    "FORMATS",
    "json_text",
    "markdown_cell",
    "markdown_code",
    "render_problems",
    "say",
    "summary_line",
    "write_file",
]

FORMATS = ("text", "github", "json")


def say(text: str, *, err: bool = False) -> None:
    """Print lines that may hold file names or document text, each made `printable`."""
    click.echo(printable_lines(text), err=err)


def write_file(path: Path, text: str, shown: str) -> bool:
    """Write `text` to `path`, making its folder; False, said on stderr, when the system
    refuses (the caller exits 2: the path given is what is wrong)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        say(f"opsbook: cannot write {shown}: {error.strerror or error}", err=True)
        return False
    return True


@functools.cache
def _json_escape(character: str) -> str:
    if printable(character) == character:
        return character
    code = ord(character)
    if code > 0xFFFF:  # JSON escapes a character outside the BMP as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


_NOT_ASCII = re.compile(r"[^\x20-\x7e\n]")  # JSON strings hold no raw \n: json.dumps escapes it


def json_text(data: object) -> str:
    """`data` as indented JSON that reads back the same but prints safely: what
    `printable` would change (line separators JSON leaves raw, control and format
    characters) is \\u-escaped, and so is the `[` of `##[`. Other text stays readable."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = _NOT_ASCII.sub(lambda found: _json_escape(found.group()), text)
    return text.replace("##[", "##\\u005b")


def render_problems(problems: Sequence[Problem], output_format: str, base: Path) -> str:
    """All problems in one format; an empty string when there are none (text).

    Safe to print as it is: problems print themselves `printable`, annotations are
    the only lines that start with `::`, and JSON goes through `json_text`.
    """
    if output_format == "json":
        return json_text([_as_json(problem, base) for problem in problems])
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
    links or emphasis, no column breaks, nothing `printable` would change."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))
    return printable(" ".join(escaped.splitlines()))


def markdown_code(text: str) -> str:
    """Text as an inline code span that no backtick inside can close, safe in a table."""
    flat = printable(" ".join(text.splitlines())).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"
