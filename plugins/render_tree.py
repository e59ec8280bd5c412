"""`opsbook render OUT`: the site as plain Markdown that builds without opsbook's plugin.

The MkDocs project is read the way `mkdocs build` reads it, and the opsbook
plugin places its pages exactly as in a build (same files, same validation,
same navigation); then every page is written out instead of built:

    OUT/mkdocs.yml     the same settings, without the opsbook plugin, with the
                       Markdown extensions the pages need and an explicit nav
    OUT/docs/          ordinary pages and assets as they are (links to YAML
                       documents pointed at their pages, History appended),
                       every generated page, opsbook's assets, the Atom feed
    OUT/overrides/     the theme's custom_dir, plus the edit button that takes
                       a document's page to its YAML or Markdown source
    OUT/.opsbook-render   says the folder is a render, so the next one may replace it

Zensical and plain MkDocs both build OUT. Nothing is written outside OUT, and
a folder that holds anything else is never overwritten.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.structure.files import File, Files, get_files

from opsbook.plugins.plugin import OpsbookPlugin
from opsbook.plugins.site_setup import (
    OPSBOOK_EXTENSION,
    REQUIRED_EXTENSIONS,
    SUPERFENCES,
)
from opsbook.rendering.environment import TEMPLATES_DIR

__all__ = ["MARKER", "InvalidContent", "RenderError", "RenderResult", "render_tree"]

MARKER = ".opsbook-render"
MARKER_TEXT = (
    "This folder was written by `opsbook render`; the next render replaces all of it.\n"
    "Edit the knowledge base itself, not these files.\n"
)
OVERRIDES = "overrides"
EDIT_BUTTON = TEMPLATES_DIR.parent / "theme" / "partials" / "actions.html"


class RenderError(Exception):
    """Misuse (exit 2): where to write, or the configuration, is not usable."""


class InvalidContent(Exception):
    """The knowledge base has problems (exit 1); they were printed already."""


@dataclass
class RenderResult:
    out: Path
    pages: int = 0
    files: int = 0
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Tagged:
    """A YAML value with a tag PyYAML's safe loader does not know (`!ENV`,
    `!!python/name:…`): kept as written, so the rendered mkdocs.yml means the same."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return _Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def render_tree(
    config_file: Path, out: Path, *, echo: Callable[[str], None] = print
) -> RenderResult:
    """Write the rendered site of `config_file` into `out`."""
    config_file = config_file.resolve()
    settings = _read_settings(config_file)
    config = _load_mkdocs_config(config_file)
    docs_dir = Path(config.docs_dir).resolve()
    out = _prepare(out, docs_dir, config_file)
    result = RenderResult(out)

    plugin = config.plugins.get("opsbook")
    if not isinstance(plugin, OpsbookPlugin):  # a site moving off the plugin
        plugin = OpsbookPlugin()
        plugin.load_config({})
    edit_base = _edit_base(config)
    messages = _Messages(echo)
    logging.getLogger("mkdocs").addHandler(messages)
    # MkDocs names the plugin running an event; generated files record it.
    config.plugins._current_plugin = "opsbook"
    try:
        plugin.on_startup(command="build", dirty=False)
        plugin.on_config(config)
        files = plugin.on_files(get_files(config), config=config) or Files([])
    except PluginError as error:
        if messages.errors:
            raise InvalidContent(str(error)) from None
        raise RenderError(str(error)) from None
    finally:
        logging.getLogger("mkdocs").removeHandler(messages)
    result.warnings += messages.warnings
    result.notes += messages.notes
    site = plugin.site
    if site is None:  # pragma: no cover - on_files always makes one when enabled
        raise RenderError("the opsbook plugin is disabled (enabled: false); nothing to render")
    if edit_base is not None:
        site.options = replace(site.options, edit_url_base=edit_base)

    _clear(out)
    docs_out = out / "docs"
    for file in files:
        if file.inclusion.is_excluded():
            continue
        target = _inside(out, docs_out / file.src_uri)
        target.parent.mkdir(parents=True, exist_ok=True)
        if file.src_uri in site.document_pages:
            target.write_text(site.document_page(file.src_uri), encoding="utf-8")
            result.pages += 1
        elif file.generated_by is not None and file.abs_src_path is None:
            target.write_bytes(file.content_bytes)
            result.pages += int(file.is_documentation_page())
        elif file.is_documentation_page():
            target.write_text(_ordinary_page(site, file), encoding="utf-8")
            result.pages += 1
        else:
            shutil.copyfile(str(file.abs_src_path), target)
        result.files += 1

    theme_dir = _write_overrides(config, out, result)
    output = _output_settings(settings, config, plugin, theme_dir, result)
    (out / "mkdocs.yml").write_text(
        "# Written by `opsbook render` from "
        f"{config_file.name}; build with `zensical build` or `mkdocs build`.\n"
        + yaml.dump(output, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )
    (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return result


class _Messages(logging.Handler):
    """What the plugin logs while placing pages, printed as the CLI prints problems."""

    def __init__(self, echo: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self.echo = echo
        self.errors = 0
        self.warnings: list[str] = []
        self.notes: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            self.errors += 1
            self.echo(message)
        elif record.levelno >= logging.WARNING:
            self.warnings.append(message)
        else:
            self.notes.append(message)


def _read_settings(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as written (tags kept), with what it INHERITs merged in."""
    try:
        with config_file.open("rb") as stream:
            data = yaml.load(stream, Loader=_Loader)  # noqa: S506 - a safe loader subclass
    except (OSError, yaml.YAMLError) as error:
        raise RenderError(f"cannot read {config_file}: {error}") from None
    if not isinstance(data, dict):
        raise RenderError(f"{config_file} must be a mapping of settings")
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str):
        return _merge(_read_settings((config_file.parent / parent).resolve()), data)
    return data


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """INHERIT's rule: mappings merge key by key, anything else is replaced."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _load_mkdocs_config(config_file: Path) -> MkDocsConfig:
    try:
        return load_config(str(config_file))
    except ConfigurationError as error:
        raise RenderError(f"{config_file}: {error}") from None


def _prepare(out: Path, docs_dir: Path, config_file: Path) -> Path:
    """The output folder, refusing one that holds what a person wrote."""
    out = out.resolve()
    if out == docs_dir or docs_dir in out.parents:
        raise RenderError(
            f"{out} is inside the docs folder {docs_dir}: the rendered pages would become "
            "part of the site; choose a folder outside it, like site-src"
        )
    if out == config_file.parent or out in docs_dir.parents:
        raise RenderError(
            f"{out} holds the knowledge base itself; choose an empty folder, like site-src"
        )
    if out.exists() and not out.is_dir():
        raise RenderError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise RenderError(
            f"{out} already holds files that `opsbook render` did not write; nothing was "
            "changed. Choose an empty or new folder (a previous render is replaced)"
        )
    return out


def _clear(out: Path) -> None:
    """Empty a previous render (links inside are removed, never followed)."""
    out.mkdir(parents=True, exist_ok=True)
    for child in out.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def _inside(out: Path, target: Path) -> Path:
    resolved = Path(os.path.normpath(target))
    if out != resolved and out not in resolved.parents:  # pragma: no cover - src_uris are relative
        raise RenderError(f"refusing to write {resolved}, outside {out}")
    return resolved


def _ordinary_page(site: Any, file: File) -> str:
    """A page a person wrote: as it is, with links to YAML documents pointing at their
    pages and its History section at the end (the plugin adds both while building)."""
    source = site.kb.sources.get(file.src_uri)
    text = source.text if source is not None and source.text is not None else file.content_string
    text = site.with_page_links(text, file.src_uri)
    section = site.history_section(file.src_uri)
    return f"{text.rstrip()}\n\n{section}" if section else text


def _edit_base(config: MkDocsConfig) -> str | None:
    """Where "edit this page" links of the source files start, as MkDocs joins them."""
    edit_uri = config.edit_uri
    if not edit_uri:
        return None
    return urljoin(config.repo_url.rstrip("/") + "/", edit_uri) if config.repo_url else edit_uri


def _write_overrides(config: MkDocsConfig, out: Path, result: RenderResult) -> str | None:
    """OUT/overrides: the site's custom_dir copied, and the edit button for documents."""
    custom = config.theme.custom_dir
    target = out / OVERRIDES
    if custom:
        shutil.copytree(custom, target, symlinks=False, dirs_exist_ok=True)
    if config.theme.name != "material" or not config.edit_uri:
        return OVERRIDES if custom else None
    button = target / "partials" / "actions.html"
    if button.exists():
        result.warnings.append(
            f"{Path(custom or '', 'partials', 'actions.html')} overrides the theme's edit "
            "button, so the edit links of YAML documents point at their generated pages; "
            "use page.meta.edit_url in it when set"
        )
    else:
        button.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(EDIT_BUTTON, button)
    return OVERRIDES


def _output_settings(
    settings: dict[str, Any],
    config: MkDocsConfig,
    plugin: OpsbookPlugin,
    theme_dir: str | None,
    result: RenderResult,
) -> dict[str, Any]:
    output = dict(settings)
    output["docs_dir"] = "docs"
    for key in ("site_dir", "watch"):
        output.pop(key, None)
    output["plugins"] = [
        item for item in _as_list(settings.get("plugins")) if _plugin_name(item) != "opsbook"
    ]
    if not output["plugins"] and "plugins" not in settings:
        output.pop("plugins")
    output["markdown_extensions"] = _extensions(settings.get("markdown_extensions"))
    output["extra_css"] = list(config.extra_css)
    output["extra_javascript"] = [_script(script) for script in config.extra_javascript]
    theme = settings.get("theme")
    theme = dict(theme) if isinstance(theme, dict) else {"name": config.theme.name}
    if theme_dir is not None:
        theme["custom_dir"] = theme_dir
    features = config.theme.get("features")
    if isinstance(features, list):
        theme["features"] = list(features)
    output["theme"] = theme
    hooks = settings.get("hooks")
    if isinstance(hooks, list):
        base = Path(config.config_file_path).parent
        output["hooks"] = [os.path.relpath(base / str(hook), result.out) for hook in hooks]
    output["nav"] = config.nav
    if plugin.config.search_folding:
        result.warnings.append(
            "search_folding: finding titles typed without diacritics needs the opsbook "
            "plugin after the build; the rendered site's search matches words as written"
        )
    return output


def _script(script: Any) -> Any:
    """A script of extra_javascript as mkdocs.yml writes it (with its attributes, if any)."""
    attributes = {
        key: value
        for key, value in (
            ("type", getattr(script, "type", "")),
            ("async", getattr(script, "async_", False)),
            ("defer", getattr(script, "defer", False)),
        )
        if value
    }
    return {"path": str(script), **attributes} if attributes else str(script)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [{key: item} if item is not None else key for key, item in value.items()]
    return list(value) if isinstance(value, list) else []


def _plugin_name(item: Any) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and len(item) == 1:
        return str(next(iter(item)))
    return None


def _extensions(declared: Any) -> list[Any]:
    """The site's Markdown extensions, with what opsbook pages need."""
    extensions = _as_list(declared)
    names = [_plugin_name(item) for item in extensions]
    for name in REQUIRED_EXTENSIONS:
        if name not in names:
            extensions.append(name)
            names.append(name)
    mermaid = {
        "name": "mermaid",
        "class": "mermaid",
        "format": _Tagged(
            "tag:yaml.org,2002:python/name:pymdownx.superfences.fence_code_format", ""
        ),
    }
    if SUPERFENCES in names:
        index = names.index(SUPERFENCES)
        item = extensions[index]
        options = dict(item[SUPERFENCES] or {}) if isinstance(item, dict) else {}
        fences = list(options.get("custom_fences") or [])
        if not any(isinstance(f, dict) and f.get("name") == "mermaid" for f in fences):
            fences.append(mermaid)
        options["custom_fences"] = fences
        extensions[index] = {SUPERFENCES: options}
    else:
        extensions.append({SUPERFENCES: {"custom_fences": [mermaid]}})
    assert OPSBOOK_EXTENSION in names
    return extensions
