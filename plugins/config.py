"""The options of the opsbook plugin, as written under `plugins:` in mkdocs.yml."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c

from opsbook.loading.reader import DEFAULT_MAX_BYTES

__all__ = ["OpsbookConfig"]


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

    history = c.Type(bool, default=True)
    """Show "last updated" and a history section on every page, from git."""

    strict_history = c.Type(bool, default=False)
    """Let missing or incomplete git history fail `mkdocs build --strict`. By default
    the warning is printed but, in a strict build, at INFO level: history is about
    where the build runs, not about the content being wrong."""

    changelog = c.Type(bool, default=True)
    """Generate the changelog pages and the feed."""

    changelog_dir = c.Type(str, default="changelog")

    changelog_exclude = c.ListOfItems(c.Type(str), default=[])
    """Regular expressions; commits whose subject or author name matches one are left out
    (bots, chores)."""

    changelog_limit = c.Type(int, default=1000)
    """Show at most this many changes on each changelog page (0: all of them); the feed
    has the newest 50. Years of history make pages too long to read or search."""

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
