"""The `opsbook` command line; installed as `opsbook.cli`."""
