"""`opsbook validate`: check the knowledge base, for people and for CI."""

from __future__ import annotations

import os
from pathlib import Path

import click

from opsbook.cli.options import EXIT_INVALID, EXIT_OK, config_option, load_config
from opsbook.cli.report import FORMATS, render_problems, say, summary_line
from opsbook.knowledge_base import CONTENT_SUFFIXES, discover, load_knowledge_base
from opsbook.problems import Problem

__all__ = ["validate"]


@click.command()
@click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path, file_okay=True, dir_okay=True)
)
@config_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, github for workflow annotations, json for tools.",
)
def validate(paths: tuple[Path, ...], config_file: Path, output_format: str) -> int:
    """Check every content document; report problems as path:line:col.

    With PATHS, the whole knowledge base is still loaded (references need it)
    but only problems in those files or folders are reported. Exit status: 0
    valid, 1 invalid, 2 misuse.
    """
    config = load_config(config_file)
    if not config.docs_dir.is_dir():
        raise click.UsageError(
            f"the docs folder {config.docs_dir} (docs_dir in {config.config_file.name}) "
            + ("is not a folder" if config.docs_dir.exists() else "does not exist")
        )
    files = list(discover(config.docs_dir, config.excluded()))
    files += _outside_docs(paths, config.docs_dir)
    kb = load_knowledge_base(
        config.docs_dir,
        files,
        max_bytes=config.max_bytes,
        use_directory_urls=config.use_directory_urls,
    )
    problems = _within(kb.problems, paths)
    base = Path.cwd()
    output = render_problems(problems, output_format, base)
    if output_format == "json":
        click.echo(output)  # render_problems makes its output safe to print
        say(summary_line(problems, kb.document_count), err=True)
    else:
        if output:
            click.echo(output)
        say(summary_line(problems, kb.document_count))
    return EXIT_INVALID if problems else EXIT_OK


def _outside_docs(paths: tuple[Path, ...], docs_dir: Path) -> list[tuple[Path, str]]:
    """Files named on the command line that live outside the docs folder."""
    extra: list[tuple[Path, str]] = []
    for given in paths:
        path = given.resolve()
        if path == docs_dir or docs_dir in path.parents:
            continue
        if path.is_dir():
            extra += [(p, Path(os.path.relpath(p)).as_posix()) for p, _ in discover(path)]
        elif path.suffix.lower() in CONTENT_SUFFIXES:
            extra.append((path, given.as_posix()))
    return extra


def _within(problems: list[Problem], paths: tuple[Path, ...]) -> list[Problem]:
    if not paths:
        return problems
    wanted = [path.resolve() for path in paths]

    def selected(problem: Problem) -> bool:
        file = problem.file.resolve()
        return any(file == path or path in file.parents for path in wanted)

    return [problem for problem in problems if selected(problem)]
