"""Options and helpers several commands share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, TypeVar

import click

from opsbook.knowledge_base import KnowledgeBase, discover, load_knowledge_base
from opsbook.project_config import ConfigError, ProjectConfig, read_project_config

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def config_option(function: F) -> F:
    """`--config PATH`: the mkdocs.yml that says where the docs are."""
    return click.option(
        "--config",
        "-f",
        "config_file",
        type=click.Path(path_type=Path, dir_okay=False),
        default=Path("mkdocs.yml"),
        show_default=True,
        help="The MkDocs configuration that names docs_dir.",
    )(function)


def load_config(config_file: Path) -> ProjectConfig:
    """The project configuration, or a usage error (exit 2) naming what is wrong."""
    try:
        return read_project_config(config_file)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None


def load_project(config: ProjectConfig) -> KnowledgeBase:
    """The knowledge base of the project, with the files the site has: MkDocs'
    `exclude_docs` applies, so `opsbook validate` and `mkdocs build` agree."""
    files = discover(config.docs_dir, config.excluded())
    return load_knowledge_base(
        config.docs_dir,
        files,
        max_bytes=config.max_bytes,
        use_directory_urls=config.use_directory_urls,
    )


def team_option(function: F) -> F:
    """`--team ID`: only what one team owns."""
    return click.option("--team", "team", help="Only the documents this team (an id) owns.")(
        function
    )


def today_option(function: F) -> F:
    """`--today DATE`: the day reviews and deadlines are judged against."""
    return click.option(
        "--today",
        "on",
        help="Judge against this date (YYYY-MM-DD); default: the plugin's `today` option, "
        "OPSBOOK_TODAY, or the real date.",
    )(function)


def judged_day(config: ProjectConfig, on: str | None) -> dt.date:
    """The day of `--today`, else of the plugin's `today` option (as the site judges)."""
    from opsbook.review import today

    try:
        return today(on if on is not None else config.plugin_options.get("today"))
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--today") from None


def check_team(team: str | None, teams: Collection[str]) -> None:
    """A usage error (exit 2) when `--team` names no team of the knowledge base."""
    if team is not None and team not in teams:
        raise click.BadParameter(
            f"'{team}' is not a team; the teams are {', '.join(teams) or 'none yet'}",
            param_hint="--team",
        )
