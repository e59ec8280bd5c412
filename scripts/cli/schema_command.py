"""`opsbook schema`: write the JSON Schemas editors use to complete fields."""

from __future__ import annotations

from pathlib import Path

import click

from opsbook.cli.options import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from opsbook.cli.report import say
from opsbook.problems import printable
from opsbook.schemas.json_schema import generate_schemas, is_generated

__all__ = ["schema"]


@click.command()
@click.option(
    "--output",
    "-o",
    "output_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("schemas/json"),
    show_default=True,
    help="Folder to write the schemas into.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when a file is out of date.")
def schema(output_dir: Path, check: bool) -> int:
    """Write one JSON Schema per kind, and document.schema.json for any kind."""
    files = generate_schemas()
    shown = printable(str(output_dir))
    stale = [
        name
        for name, text in files.items()
        if not (output_dir / name).is_file()
        or (output_dir / name).read_text(encoding="utf-8") != text
    ]
    if check:
        for name in stale:
            say(
                f"{printable(str(output_dir / name))}: out of date; "
                "run 'opsbook schema' and commit it"
            )
        if not stale:
            say(f"opsbook: the {len(files)} schemas in {shown} are up to date.")
        return EXIT_INVALID if stale else EXIT_OK
    foreign = [name for name in stale if not is_generated(output_dir / name)]
    if foreign:
        for name in foreign:
            say(
                f"{printable(str(output_dir / name))}: was not written by opsbook; "
                "not overwriting it "
                "(move it away or choose another --output)",
                err=True,
            )
        return EXIT_INVALID
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        for name in stale:
            (output_dir / name).write_text(files[name], encoding="utf-8")
    except OSError as error:
        say(f"opsbook: cannot write into {shown}: {error.strerror or error}", err=True)
        return EXIT_USAGE
    say(f"opsbook: wrote {len(stale)} of {len(files)} schemas into {shown}.")
    return EXIT_OK
