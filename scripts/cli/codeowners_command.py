"""`opsbook codeowners`: keep CODEOWNERS in step with document owners."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from opsbook.cli.options import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    config_option,
    load_config,
    load_project,
)
from opsbook.cli.report import render_problems, say, summary_line, write_file
from opsbook.problems import printable, relative_path
from opsbook.workflow.codeowners import (
    MarkerError,
    codeowners_section,
    merge_section,
    repository_root,
)

__all__ = ["codeowners"]


@click.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The CODEOWNERS file (default: .github/CODEOWNERS in the repository).",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when the file is out of date.")
@config_option
def codeowners(output: Path | None, check: bool, config_file: Path) -> int:
    """Write CODEOWNERS lines from the owners of every document.

    The lines go in a marked section; the rest of the file is left alone.
    Teams without codeowners handles are reported.
    """
    config = load_config(config_file)
    kb = load_project(config)
    if kb.problems:
        say(render_problems(kb.problems, "text", Path.cwd()))
        say(summary_line(kb.problems, kb.document_count))
        say("opsbook: fix the problems above first; CODEOWNERS was not changed.", err=True)
        return EXIT_INVALID
    root = repository_root(config.root)
    target = output if output is not None else root / ".github" / "CODEOWNERS"
    shown = printable(str(target))
    ownership = codeowners_section(kb, root)
    if ownership.unwritable:
        for path, reason in ownership.unwritable:
            say(
                f"opsbook: {printable(relative_path(path))}: CODEOWNERS cannot name this file: "
                f"{reason}; rename the file",
                err=True,
            )
        say(f"opsbook: {shown} was not changed.", err=True)
        return EXIT_INVALID
    for team, paths in sorted(ownership.teams_without_handles.items()):
        say(
            f"opsbook: team '{team}' has no codeowners handles, so {len(paths)} document(s) "
            f"have no code owner; add 'codeowners: [\"@org/{team}\"]' to the team",
            err=True,
        )
    existing = target.read_text(encoding="utf-8") if target.is_file() else None
    try:
        wanted = merge_section(existing, ownership.lines)
    except MarkerError as error:
        say(f"opsbook: {shown}: {error}; nothing was written.", err=True)
        return EXIT_INVALID
    if check:
        if existing == wanted:
            say(f"opsbook: {shown} is up to date.")
            return EXIT_OK
        say(f"opsbook: {shown} is out of date; run 'opsbook codeowners' and commit it.")
        diff = difflib.unified_diff(
            (existing or "").splitlines(),
            wanted.splitlines(),
            "on disk",
            "expected",
            lineterm="",
            n=0,
        )
        for line in diff:
            if line.startswith(("+", "-")) and not line.startswith(("+++", "---")):
                say(f"  {line}")
        return EXIT_INVALID
    if existing == wanted:
        say(f"opsbook: {shown} is already up to date.")
        return EXIT_OK
    if not write_file(target, wanted, shown):
        return EXIT_USAGE
    owned = sum(1 for line in ownership.lines if not line.startswith("#"))
    say(f"opsbook: wrote {owned} owner line(s) to {shown}.")
    return EXIT_OK
