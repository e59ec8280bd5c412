"""Options and helpers several commands share."""

from __future__ import annotations

from collections.abc import Callable
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
