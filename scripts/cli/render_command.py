"""`opsbook render OUT`: the site as plain Markdown, for Zensical or plain MkDocs."""

from __future__ import annotations

from pathlib import Path

import click

from opsbook.cli.options import EXIT_INVALID, EXIT_OK, config_option, load_config
from opsbook.cli.report import say
from opsbook.problems import printable

__all__ = ["render"]


@click.command()
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
@config_option
def render(out: Path, config_file: Path) -> int:
    """Write the site into OUT as Markdown pages and an mkdocs.yml that need no opsbook
    plugin: `zensical build -f OUT/mkdocs.yml` or `mkdocs build -f OUT/mkdocs.yml`.

    Every document page, catalog, team page, changelog and feed is written; ordinary pages
    and assets are copied. OUT must be new, empty or an earlier render. Exit status: 0
    written, 1 invalid content (nothing written), 2 misuse.
    """
    from opsbook.plugins.render_tree import InvalidContent, RenderError, render_tree

    load_config(config_file)  # a missing or unreadable mkdocs.yml is misuse, said the usual way
    try:
        result = render_tree(config_file, out, echo=say)
    except InvalidContent as error:
        say(f"opsbook: {error}; nothing was written.", err=True)
        return EXIT_INVALID
    except RenderError as error:
        raise click.UsageError(printable(str(error))) from None
    for warning in result.warnings:
        say(f"opsbook: warning: {warning}", err=True)
    for note in result.notes:
        say(f"opsbook: note: {note}", err=True)
    say(
        f"opsbook: rendered {result.pages} pages ({result.files} files) into {result.out}; "
        f"build it with: zensical build -f {result.out / 'mkdocs.yml'}"
    )
    return EXIT_OK
