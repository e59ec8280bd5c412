"""`opsbook init`: start a knowledge base in a folder of any repository."""

from __future__ import annotations

import os
import re
from pathlib import Path

import click

from opsbook.cli.options import EXIT_INVALID, EXIT_OK
from opsbook.cli.report import render_problems, say, summary_line
from opsbook.kinds import KINDS
from opsbook.problems import printable, relative_path
from opsbook.project_config import ConfigError
from opsbook.review import today
from opsbook.schemas.fields import HANDLE_PATTERN
from opsbook.workflow.init import InitError, Outcome, initialize
from opsbook.workflow.scaffold import id_problem

__all__ = ["init"]


def _team_id(ctx: click.Context, param: click.Parameter, value: str) -> str:
    problem = id_problem(value)
    if problem is not None:
        raise click.BadParameter(problem)
    return value


def _handle(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not re.fullmatch(HANDLE_PATTERN, value):
        raise click.BadParameter(
            f"'{value}' is not a code-host handle: write it like @org/team or @user"
        )
    return value


@click.command()
@click.argument(
    "folder",
    metavar="[DIR]",
    required=False,
    default=Path("."),
    type=click.Path(path_type=Path, file_okay=False),
)
@click.option("--bare", is_flag=True, help="Write the first team only, no example documents.")
@click.option(
    "--team",
    "team_id",
    default="product-ops",
    show_default=True,
    callback=_team_id,
    help="The id of the first team, which owns the examples.",
)
@click.option(
    "--handle",
    callback=_handle,
    help="The team's code-host handle (@org/team): CODEOWNERS asks it to review changes.",
)
def init(folder: Path, bare: bool, team_id: str, handle: str | None) -> int:
    """Start a knowledge base in DIR (default: the current folder).

    Writes mkdocs.yml with the opsbook plugin, docs/ with a first team and an example of
    every kind, the JSON Schemas editors use, editor settings, the pull-request, deploy and
    review-reminder workflows, a pre-commit configuration and CODEOWNERS. A file that
    exists is never changed: it is skipped, and the command says so.
    """
    try:
        outcome = initialize(folder, team_id=team_id, bare=bare, handle=handle, today=today())
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    except InitError as error:
        say(f"opsbook: cannot write {_shown(error.path)}: {error.reason}", err=True)
        say("opsbook: stopped there; run it again in a folder you can write to.", err=True)
        return EXIT_INVALID
    created = [item for item in outcome.files if item.created]
    for item in outcome.files:
        if item.created:
            say(f"Created {_shown(item.path)}")
        else:
            advice = f"; {item.advice}" if item.advice else ""
            say(f"Skipped {_shown(item.path)}: it exists{advice}")
    say(f"opsbook: {len(created)} files written, {len(outcome.files) - len(created)} skipped.")
    if outcome.plugin_advice is not None:
        say(
            f"opsbook: {_shown(outcome.folder / 'mkdocs.yml')} does not use the opsbook plugin; "
            "nothing was added to it (opsbook never changes a file it did not write). "
            "Add the plugin to it:\n\n" + _indented(outcome.plugin_advice),
            err=True,
        )
    if outcome.problems:
        say(render_problems(outcome.problems, "text", Path.cwd()))
    say(summary_line(outcome.problems, outcome.document_count))
    if outcome.plugin_advice is not None or outcome.problems:
        return EXIT_INVALID
    _next_steps(outcome)
    return EXIT_OK


def _shown(path: Path) -> str:
    return printable(relative_path(path))


def _indented(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.splitlines())


def _next_steps(outcome: Outcome) -> None:
    steps = []
    if Path(os.path.abspath(".")) != outcome.folder:
        steps.append(f"Go to the knowledge base: cd {_shown(outcome.folder)}")
    if outcome.team_path is not None:
        team = printable(os.path.relpath(outcome.team_path, outcome.folder))
        handle = (
            ""
            if outcome.team_has_handle
            else ", and its code-host handle under codeowners (then run: opsbook codeowners)"
        )
        steps.append(f"Edit the team in {team}: its people and channels{handle}")
    if not outcome.in_repository:
        steps.append(
            "Make it a git repository: git init (pull requests, CODEOWNERS and page history "
            "need one)"
        )
    steps += [
        f"Start a document: opsbook new KIND ID (KIND is one of {', '.join(KINDS)})",
        "Preview the site: mkdocs serve, then open http://127.0.0.1:8000/",
        "Commit and push: the pull-request workflow checks every change, and the deploy "
        "workflow publishes main to GitHub Pages (set Pages' source to GitHub Actions)",
    ]
    say("\nNext steps:")
    for number, step in enumerate(steps, 1):
        say(f"  {number}. {step}")
    say("  To check before each commit as well: pip install pre-commit && pre-commit install")
