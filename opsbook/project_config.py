"""What the command line needs from mkdocs.yml, read without MkDocs.

mkdocs.yml often holds tags PyYAML's safe loader refuses (`!ENV`,
`!!python/name:...`); they are read as plain values here, since only a few
settings matter: where the docs are, which files it leaves out and the opsbook
plugin's options.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec
import yaml

from opsbook.loading.reader import DEFAULT_MAX_BYTES

__all__ = ["ConfigError", "ProjectConfig", "read_project_config"]


class ConfigError(Exception):
    """mkdocs.yml is missing or unreadable: a usage problem (exit code 2)."""


@dataclass(frozen=True)
class ProjectConfig:
    config_file: Path
    docs_dir: Path
    plugin_options: dict[str, Any] = field(default_factory=dict)
    exclude_docs: str = ""
    """MkDocs' `exclude_docs`: gitignore-style patterns of files the site leaves out."""
    site_url: str | None = None
    use_directory_urls: bool = True
    """MkDocs' `use_directory_urls`: whether `x.md` is the page `x/` (and so the same
    page as `x/index.md`) or `x.html`."""

    def excluded(self) -> Callable[[str], bool]:
        """Whether a docs-relative path is left out of the site, as MkDocs decides it:
        its default (hidden files, `/templates/`) and then `exclude_docs`."""
        spec = pathspec.GitIgnoreSpec.from_lines(
            [".*", "/templates/", *self.exclude_docs.splitlines()]
        )
        return spec.match_file

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def max_bytes(self) -> int:
        value = self.plugin_options.get("max_file_size", DEFAULT_MAX_BYTES)
        return value if isinstance(value, int) and value > 0 else DEFAULT_MAX_BYTES


class _LenientLoader(yaml.SafeLoader):
    """Reads any tag as the plain value under it."""


def _any_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return None  # pragma: no cover


_LenientLoader.add_constructor(None, _any_tag)


def read_project_config(config_file: Path) -> ProjectConfig:
    """Read `config_file` (and the file it INHERITs from, if any)."""
    data = _read(config_file, set())
    exclude = data.get("exclude_docs")
    directory_urls = data.get("use_directory_urls", True)
    return ProjectConfig(
        config_file=config_file.resolve(),
        docs_dir=(config_file.parent / str(data.get("docs_dir") or "docs")).resolve(),
        plugin_options=_plugin_options(data.get("plugins")),
        exclude_docs=exclude if isinstance(exclude, str) else "",
        # MkDocs refuses anything but true or false; an !ENV tag reads as its default here.
        use_directory_urls=directory_urls if isinstance(directory_urls, bool) else True,
        site_url=str(data["site_url"]) if isinstance(data.get("site_url"), str) else None,
    )


def _read(config_file: Path, seen: set[Path]) -> dict[str, Any]:
    if not config_file.is_file():
        raise ConfigError(
            f"no MkDocs configuration at {config_file}; run opsbook in the folder that holds "
            "mkdocs.yml, or pass --config PATH"
        )
    resolved = config_file.resolve()
    if resolved in seen:
        raise ConfigError(f"{config_file} inherits from itself")
    seen.add(resolved)
    try:
        with config_file.open("rb") as stream:
            data = yaml.load(stream, Loader=_LenientLoader)  # noqa: S506 - safe loader subclass
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"cannot read {config_file}: {error}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{config_file} must be a mapping of settings")
    settings: dict[str, Any] = data
    parent = settings.pop("INHERIT", None)
    if isinstance(parent, str):
        base = _read(config_file.parent / parent, seen)
        base.update(settings)
        settings = base
    return settings


def _plugin_options(plugins: Any) -> dict[str, Any]:
    items = (
        plugins.items()
        if isinstance(plugins, dict)
        else (
            (next(iter(item.items())) if isinstance(item, dict) and item else (item, None))
            for item in (plugins or [])
        )
    )
    for name, options in items:
        if name == "opsbook":
            return dict(options) if isinstance(options, dict) else {}
    return {}
