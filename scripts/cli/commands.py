"""Every subcommand, registered on the group."""

from __future__ import annotations

import click
from opsbook.cli.schema_command import schema
from opsbook.cli.validate_command import validate

__all__ = ["register"]


def register(group: click.Group) -> None:
    for command in (validate, schema):
        group.add_command(command)
