"""Every subcommand, registered on the group."""

from __future__ import annotations

import click

from opsbook.cli.changes_command import changes
from opsbook.cli.codeowners_command import codeowners
from opsbook.cli.new_command import new
from opsbook.cli.review_command import review
from opsbook.cli.schema_command import schema
from opsbook.cli.validate_command import validate

__all__ = ["register"]


def register(group: click.Group) -> None:
    for command in (validate, new, review, codeowners, changes, schema):
        group.add_command(command)
