"""Entry point: the command group, and the rule that no input ends in a traceback.

Exit codes: 0 all good, 1 invalid content (or a check that failed), 2 misuse
(unknown option, no mkdocs.yml, unknown git ref), 3 a bug in opsbook itself.
"""

from __future__ import annotations

import io
import os
import sys
import traceback

import click

from opsbook import __version__
from opsbook.cli.commands import LazyGroup
from opsbook.problems import printable_lines

EXIT_BUG = 3


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="opsbook")
def cli() -> None:
    """Documentation as code for product operations: validate the knowledge base,
    generate editor schemas, scaffold documents and summarise changes."""


def main(argv: list[str] | None = None) -> None:
    try:
        status = cli.main(args=argv, prog_name="opsbook", standalone_mode=False)
    except click.exceptions.Exit as done:
        status = done.exit_code
    except click.ClickException as error:
        shown = io.StringIO()  # the message may quote an argument or a path: print it safely
        error.show(file=shown)
        click.echo(printable_lines(shown.getvalue().rstrip("\n")), err=True)
        status = error.exit_code
    except click.Abort:
        click.echo("Aborted.", err=True)
        status = 1
    except KeyboardInterrupt:
        status = 130
    except Exception as error:  # a bug: say so plainly, keep the trace for who asks
        if os.environ.get("OPSBOOK_DEBUG"):
            traceback.print_exc()
        message = printable_lines(
            f"opsbook: internal error ({type(error).__name__}: {error}). This is a bug in "
            "opsbook, not in your documents; set OPSBOOK_DEBUG=1 to see details and please "
            "report it."
        )
        click.echo(message, err=True)
        status = EXIT_BUG
    sys.exit(status if isinstance(status, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
