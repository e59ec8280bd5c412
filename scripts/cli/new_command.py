"""`opsbook new`: start a document from a skeleton that already validates."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import cast

import click

from opsbook.cli.options import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    config_option,
    load_config,
    load_project,
)
from opsbook.cli.report import say
from opsbook.kinds import KINDS
from opsbook.knowledge_base import CONTENT_SUFFIXES, KnowledgeBase
from opsbook.problems import printable, relative_path
from opsbook.review import today
from opsbook.schemas.json_schema import schema_file_name
from opsbook.suggestions import did_you_mean
from opsbook.workflow.scaffold import (
    DEFAULT_FORMATS,
    Format,
    Skeleton,
    id_problem,
    outside_the_site,
    render_skeleton,
    schema_comment,
    target_path,
)

__all__ = ["new"]


@click.command()
@click.argument("kind")
@click.argument("document_id", metavar="ID")
@click.option("--title", help="The page title (default: made from the id).")
@click.option("--owner", help="The id of the team that owns the document.")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["yaml", "md"]),
    help="YAML file or Markdown with front matter (default depends on the kind).",
)
@click.option(
    "--path",
    "path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write here instead of the kind's folder in the docs folder.",
)
@config_option
def new(
    kind: str,
    document_id: str,
    title: str | None,
    owner: str | None,
    file_format: str | None,
    path: Path | None,
    config_file: Path,
) -> int:
    """Create a new KIND document with the id ID, ready to fill in.

    KIND is one of runbook, process, feature-guide, onboarding-path, team. The
    file is never overwritten: if it exists, or the id is already used, nothing
    is written and the exit status is 1. --path must lie in the docs folder, where
    the site and `opsbook validate` look, outside hidden and excluded folders.
    """
    if kind not in KINDS:
        raise click.BadParameter(
            f"unknown kind '{kind}'; "
            + (did_you_mean(kind, KINDS) or f"use one of {', '.join(KINDS)}"),
            param_hint="KIND",
        )
    problem = id_problem(document_id)
    if problem is not None:
        raise click.BadParameter(problem, param_hint="ID")
    config = load_config(config_file)
    chosen = _format(kind, file_format, path)
    if path is not None:
        refused = outside_the_site(path, config.docs_dir, config.excluded())
        if refused is not None:
            raise click.BadParameter(refused, param_hint="--path")
    target = path if path is not None else target_path(config.docs_dir, kind, document_id, chosen)

    kb = load_project(config)
    shown = printable(relative_path(target))
    if target.exists():
        say(f"opsbook: {shown} already exists; nothing was written.", err=True)
        return EXIT_INVALID
    user = _document_using(kb, document_id)
    if user is not None:
        say(
            f"opsbook: the id '{document_id}' is already used by {printable(relative_path(user))}; "
            "choose another id. Nothing was written.",
            err=True,
        )
        return EXIT_INVALID
    teams = [entry.id for entry in kb.of_kind("team")]
    if owner is not None and owner not in teams:
        hint = did_you_mean(owner, teams, "teams", limit=20) or "create the team first"
        say(f"opsbook: '{owner}' is not a team ({hint}). Nothing was written.", err=True)
        return EXIT_INVALID
    if owner is None and kind != "team":
        if len(teams) > 1:
            raise click.UsageError(
                "several teams could own it; name one with --owner: " + ", ".join(teams)
            )
        owner = teams[0] if teams else None

    skeleton = Skeleton(
        kind=kind,
        id=document_id,
        title=title or document_id.replace("-", " ").capitalize(),
        owner=owner,
        today=today(),
    )
    # The project's schemas, next to mkdocs.yml; the line leads there from the folder the
    # file is in as named (through any folder link), which is where editors start from.
    schema_dir = config.root / "schemas" / "json"
    text = render_skeleton(skeleton, chosen, schema_comment(target, schema_dir, kind))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as stream:  # "x": never replace a file
            stream.write(text)
    except FileExistsError:
        say(f"opsbook: {shown} already exists; nothing was written.", err=True)
        return EXIT_INVALID
    except OSError as error:
        say(f"opsbook: cannot write {shown}: {error.strerror or error}", err=True)
        return EXIT_USAGE
    say(f"Created {shown}")
    if not (schema_dir / schema_file_name(kind)).is_file():
        where = relative_path(schema_dir)
        say(
            f"opsbook: the JSON Schemas its first line points editors at are not in {where} "
            f"yet; to write them, run: opsbook schema --output {shlex.quote(where)} "
            "(or opsbook init, which also sets up the editor)",
            err=True,
        )
    if owner is None and kind != "team":
        say("  Set 'owner' to the id of the team that answers for it.")
    say("  Replace the TODO placeholders, then run: opsbook validate")
    return EXIT_OK


def _document_using(kb: KnowledgeBase, document_id: str) -> Path | None:
    """The file that declares `document_id`, valid or not (an invalid one still owns it)."""
    for source in kb.sources.values():
        if source.document is not None and source.document.data.get("id") == document_id:
            return source.path
    return None


def _format(kind: str, given: str | None, path: Path | None) -> Format:
    if path is not None:
        suffix = path.suffix.lower()
        if suffix not in CONTENT_SUFFIXES:
            raise click.BadParameter("the file must end in .yaml, .yml or .md", param_hint="--path")
        from_path: Format = "md" if suffix in (".md", ".markdown") else "yaml"
        if given is not None and given != from_path:
            raise click.BadParameter(
                f"--format {given} does not match the file name {path.name}", param_hint="--format"
            )
        return from_path
    return cast(Format, given) if given is not None else DEFAULT_FORMATS[kind]
