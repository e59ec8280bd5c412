"""The options of the opsbook plugin, as written under `plugins:` in mkdocs.yml."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from opsbook.loading.reader import DEFAULT_MAX_BYTES
from opsbook.problems import printable
from opsbook.suggestions import did_you_mean

__all__ = ["OpsbookConfig", "option_errors", "site_path_error"]


class OpsbookConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Switch the plugin off (e.g. `enabled: !ENV [OPSBOOK, true]`)."""

    max_file_size = c.Type(int, default=DEFAULT_MAX_BYTES)
    """Largest content document, in bytes; bigger files are errors."""

    today = c.Optional(c.Type((str, dt.date)))
    """Judge review dates against this day (YYYY-MM-DD) instead of the real date."""

    catalog = c.Type(bool, default=True)
    """Generate the catalog pages and the "needs review" list."""

    catalog_dir = c.Type(str, default="catalog")
    """The folder of the catalog pages, inside docs_dir."""

    history = c.Type(bool, default=True)
    """Show "last updated" and a history section on every page, from git."""

    strict_history = c.Type(bool, default=False)
    """Let missing or incomplete git history fail `mkdocs build --strict`. By default
    the warning is printed but, in a strict build, at INFO level: history is about
    where the build runs, not about the content being wrong."""

    changelog = c.Type(bool, default=True)
    """Generate the changelog pages and the feed."""

    changelog_dir = c.Type(str, default="changelog")
    """The folder of the changelog pages and feed, inside docs_dir."""

    changelog_exclude = c.ListOfItems(c.Type(str), default=[])
    """Regular expressions; commits whose subject or author name matches one are left out
    (bots, chores)."""

    changelog_limit = c.Type(int, default=1000)
    """Show at most this many changes on each changelog page (0: all of them); the feed
    has the newest 50. Years of history make pages too long to read or search."""

    navigation = c.Choice(("auto", "full", "catalog"), default="auto")
    """What the automatic navigation lists. `full`: every page, grouped by folder.
    `catalog`: every page but the documents and the per-kind catalog and changelog pages,
    which readers reach from the catalog, the changelog and search; the theme renders the
    navigation into every page, so each entry costs once per page. `auto`: `full` up to
    `navigation_limit` documents, `catalog` above."""

    navigation_limit = c.Type(int, default=400)

    kb_json = c.Type(bool, default=True)
    """Publish the whole knowledge base as JSON at `kb.json`, for other tools."""

    field_reference = c.Type(str, default="reference/fields.md")
    """Where to generate the field reference page ("" for none)."""

    search_folding = c.Type(bool, default=True)
    """Let search find titles typed without their diacritics ("khoi phuc")."""

    labels = c.Type(dict, default={})
    """The plugin's words to replace, by key (see plugins/locales/en.yml), in the site's
    language: e.g. `labels: {steps: "What to do"}`."""

    mermaid_js = c.Type(str, default="bundled")
    """"bundled" serves Mermaid from the site itself (works offline); "theme"
    lets the theme fetch it from its CDN; anything else is a script URL."""


def site_path_error(value: str, *, page: bool = False) -> str | None:
    """What keeps `value` from naming a place inside docs_dir for generated pages, or None.

    The value becomes part of every generated page's path. One that climbs out
    (`..`), is absolute, or holds backslashes (a separator on Windows only) gives
    pages MkDocs drops without a word, so it is refused before the build. A trailing
    `/` is forgiven: people write `catalog/` for a folder.
    """
    shown = repr(printable(value))
    if "\\" in value:
        return f"{shown} holds a backslash; write folders with '/'"
    if re.match(r"^[A-Za-z]:", value) or value.startswith("/"):
        return f"{shown} is an absolute path"
    if printable(value) != value:
        return f"{shown} holds control characters"
    parts = value.rstrip("/").split("/")
    if parts == [""]:
        return "it is empty; name a folder, like 'catalog'"
    if any(part in ("", ".", "..") for part in parts):
        return f"{shown} has an empty, '.' or '..' part; use plain folder names"
    if page and not parts[-1].endswith(".md"):
        return f"{shown} does not end in .md; name a Markdown page, like 'reference/fields.md'"
    return None


def option_errors(config: OpsbookConfig, english: dict[str, Any]) -> list[str]:
    """What is wrong with the options, in words (the values' types MkDocs checks itself)."""
    errors = []
    places = [("catalog_dir", config.catalog_dir, False)]
    places.append(("changelog_dir", config.changelog_dir, False))
    if config.field_reference:  # "" means no field reference page
        places.append(("field_reference", config.field_reference, True))
    for name, value, page in places:
        problem = site_path_error(value, page=page)
        if problem is not None:
            errors.append(
                f"{name}: {problem}; it must be a relative path inside docs_dir "
                "(the generated pages are written there)"
            )
    for pattern in config.changelog_exclude:
        try:
            re.compile(pattern)
        except re.error as error:
            errors.append(f"changelog_exclude: {pattern!r} is not a regular expression ({error})")
    if config.changelog_limit < 0:
        errors.append("changelog_limit: use 0 for no limit, or a positive number of changes")
    if config.navigation_limit < 0:
        errors.append("navigation_limit: give a number of documents, 0 or more")
    if config.navigation == "catalog" and not config.catalog:
        errors.append("navigation: catalog needs the catalog pages (catalog: true)")
    if config.max_file_size < 1024:
        errors.append("max_file_size: give the largest document size in bytes, at least 1024")
    for key, value in config.labels.items():
        expected = english.get(key)
        if expected is None:
            hint = did_you_mean(str(key), english)
            errors.append(f"labels: there is no label {key!r}" + (f"; {hint}" if hint else ""))
        elif isinstance(expected, dict):
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                errors.append(f"labels: {key!r} is a mapping, like {{{next(iter(expected))}: …}}")
        elif not isinstance(value, str):
            errors.append(f"labels: {key!r} must be text")
    return errors
