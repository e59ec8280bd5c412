"""`opsbook export-json`: the knowledge base as JSON, the `kb.json` the site serves."""

from __future__ import annotations

from pathlib import Path

import click

from opsbook.cli.options import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    config_option,
    judged_day,
    load_config,
    load_project,
    today_option,
)
from opsbook.cli.report import render_problems, say, summary_line, write_file

__all__ = ["export_json"]


@click.command("export-json")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file instead of standard output.",
)
@today_option
@config_option
def export_json(output: Path | None, on: str | None, config_file: Path) -> int:
    """Write the whole knowledge base as JSON (kb.json, as the built site serves it):
    every document's kind, id, title, owner, page URL, review state, last change,
    references and backlinks. Exit status: 0 written, 1 invalid content, 2 misuse."""
    from opsbook.export import export_knowledge_base
    from opsbook.history import read_history
    from opsbook.rendering.urls import page_src_uri, page_url

    config = load_config(config_file)
    day = judged_day(config, on)
    kb = load_project(config)
    if kb.problems:
        say(render_problems(kb.problems, "text", Path.cwd()))
        say(summary_line(kb.problems, kb.document_count))
        say("opsbook: fix the problems above first; nothing was exported.", err=True)
        return EXIT_INVALID
    export = export_knowledge_base(
        kb,
        page_urls={
            entry.id: page_url(page_src_uri(entry.rel_path), config.use_directory_urls)
            for entry in kb.entries.values()
        },
        today=day,
        history=read_history(config.docs_dir),
        site_url=config.site_url,
    )
    text = export.model_dump_json(indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return EXIT_OK
    if not write_file(output, text, str(output)):
        return EXIT_USAGE
    say(f"opsbook: wrote {len(export.documents)} documents to {output}")
    return EXIT_OK
