"""Every subcommand, imported only when it runs: `opsbook validate` in CI should not
pay for loading git history or the change summary."""

from __future__ import annotations

import importlib

import click

__all__ = ["LazyGroup"]

COMMANDS = {
    "validate": "opsbook.cli.validate_command:validate",
    "new": "opsbook.cli.new_command:new",
    "review": "opsbook.cli.review_command:review",
    "codeowners": "opsbook.cli.codeowners_command:codeowners",
    "changes": "opsbook.cli.changes_command:changes",
    "schema": "opsbook.cli.schema_command:schema",
    "render": "opsbook.cli.render_command:render",
    "init": "opsbook.cli.init_command:init",
    "health": "opsbook.cli.health_command:health",
    "export-json": "opsbook.cli.export_command:export_json",
}


class LazyGroup(click.Group):
    """A group whose commands are imported by name on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, name = target.split(":")
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command)
        return command
