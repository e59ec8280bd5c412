"""The `opsbook` MkDocs plugin: hooks stay thin and call plain functions.

Flow of a build: on_config adds what pages need; on_files validates the whole
knowledge base (an invalid document stops the build with the same messages as
`opsbook validate`), swaps YAML documents for generated pages and adds the
catalog; on_page_read_source hands MkDocs each document's page Markdown.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from opsbook.changelog import changelog_entries
from opsbook.history import History, read_history, uncommitted_paths
from opsbook.history.model import lookup_key
from opsbook.knowledge_base import LoadCache, load_knowledge_base
from opsbook.plugins.config import OpsbookConfig, option_errors
from opsbook.plugins.navigation import ordered_nav, rewrite_nav
from opsbook.plugins.rendering.catalog import catalog_pages, kind_slug
from opsbook.plugins.rendering.document import render_document
from opsbook.plugins.rendering.environment import make_environment
from opsbook.plugins.rendering.field_reference import render_field_reference
from opsbook.plugins.rendering.history_sections import render_page_history
from opsbook.plugins.rendering.labels import Labels, load_labels
from opsbook.plugins.rendering.page_meta import page_meta
from opsbook.plugins.search_folding import fold_search_index
from opsbook.plugins.site_changelog import add_changelog
from opsbook.plugins.site_pages import SitePages, content_files
from opsbook.plugins.site_setup import (
    ASSET_DIR,
    add_assets,
    configure_markdown,
    enable_copy_buttons,
)
from opsbook.plugins.yaml_links import rewrite_yaml_links
from opsbook.review import today as review_day
from opsbook.schemas import KINDS

__all__ = ["OpsbookPlugin"]

log = get_plugin_logger(__name__)
ASSETS_SOURCE = Path(__file__).resolve().parent / "assets"


def _configured_day(value: object) -> dt.date:
    """The `today` option (or OPSBOOK_TODAY): a date, YYYY-MM-DD text, or the real date."""
    try:
        return review_day(value if value is None or isinstance(value, dt.date) else str(value))
    except ValueError as error:
        raise PluginError(f"opsbook option 'today': {error}") from None


class OpsbookPlugin(BasePlugin[OpsbookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: SitePages | None = None
        self.labels: Labels = load_labels("en")
        self.today: dt.date = dt.date.today()
        self.tags_plugin = False
        self.assets: list[str] = []
        self.history: History | None = None
        self.uncommitted: frozenset[str] = frozenset()
        self.cache = LoadCache()
        """Kept across the rebuilds of `mkdocs serve` (MkDocs keeps the plugin instance)."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Having this hook makes MkDocs keep the plugin across `mkdocs serve` rebuilds,
        so unchanged files are not read or validated again."""
        self.cache = LoadCache()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        errors = option_errors(self.config, load_labels("en"))
        if errors:
            raise PluginError("opsbook options in mkdocs.yml: " + "; ".join(errors))
        configure_markdown(config)
        enable_copy_buttons(config)
        self.assets = add_assets(config, self.config.mermaid_js)
        theme_dirs = [Path(directory) for directory in config.theme.dirs]
        self.labels = load_labels(
            config.theme.get("language") or config.theme.locale.language, self.config.labels
        )
        self.env = make_environment(theme_dirs, self.labels)
        self.today = _configured_day(self.config.today)
        self.tags_plugin = any(name in config.plugins for name in ("tags", "material/tags"))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        kb = load_knowledge_base(
            Path(config.docs_dir),
            content_files(files),
            max_bytes=self.config.max_file_size,
            cache=self.cache,
        )
        if kb.problems:
            base = Path.cwd()
            for problem in kb.problems:
                log.error(problem.format(base))
            count = len(kb.problems)
            raise PluginError(
                f"{count} problem{'s' if count != 1 else ''} in the knowledge base; "
                "fix them and build again (opsbook validate shows the same list)"
            )
        self.site = site = SitePages.place(kb, files, config)
        for name in self.assets:
            files.append(
                File.generated(
                    config, f"{ASSET_DIR}/{name}", abs_src_path=str(ASSETS_SOURCE / name)
                )
            )
        if self.config.catalog:
            self._add_catalog(site, files, config)
        if self.config.field_reference:
            site.add_generated(
                files,
                config,
                self.config.field_reference.strip("/"),
                render_field_reference(self.env, self.labels),
            )
        self._read_history(Path(config.docs_dir), strict=bool(config.strict))
        if self.config.changelog and self.history is not None:
            entries = changelog_entries(self.history, kb, exclude=self.config.changelog_exclude)
            add_changelog(
                site,
                files,
                config,
                entries,
                env=self.env,
                labels=self.labels,
                directory=self.config.changelog_dir.strip("/"),
                limit=self.config.changelog_limit or None,
                warnings=self.history.warnings,
            )
        if config.nav is not None:
            config.nav = rewrite_nav(config.nav, site.yaml_pages)
        else:
            mode = self.config.navigation
            if mode == "auto":
                large = len(site.entry_of) > self.config.navigation_limit
                mode = "catalog" if large and self.config.catalog else "full"
            config.nav = ordered_nav(
                files,
                leave_out=self._catalog_mode_leaves_out(site) if mode == "catalog" else frozenset(),
                catalog_dir=self.config.catalog_dir.strip("/"),
                tail_dirs=(
                    self.config.field_reference.strip("/").split("/", 1)[0],
                    self.config.changelog_dir.strip("/"),
                ),
            )
        return files

    def _catalog_mode_leaves_out(self, site: SitePages) -> frozenset[str]:
        """Documents, and the generated pages that the catalog and changelog index pages link
        to (each kind, needs review): the theme writes the navigation into every page, so
        each entry costs once per page."""
        kept = {
            f"{self.config.catalog_dir.strip('/')}/index.md",
            f"{self.config.changelog_dir.strip('/')}/index.md",
            self.config.field_reference.strip("/"),
        }
        return frozenset(site.entry_of) | frozenset(set(site.generated) - kept)

    def _read_history(self, docs_dir: Path, *, strict: bool) -> None:
        """One git log for the build (none while HEAD stays the same under `serve`)."""
        self.history = None
        self.uncommitted = frozenset()
        if not (self.config.history or self.config.changelog):
            return
        self.history = read_history(docs_dir)
        level = logging.WARNING
        if strict and not self.config.strict_history:
            level = logging.INFO
        for warning in self.history.warnings:
            log.log(level, "history: %s", warning)
        if self.history.available and self.config.history:
            self.uncommitted = uncommitted_paths(docs_dir)

    def _add_catalog(self, site: SitePages, files: Files, config: MkDocsConfig) -> None:
        directory = self.config.catalog_dir.strip("/")
        uris = [f"{directory}/index.md", f"{directory}/needs-review.md"]
        uris += [f"{directory}/{kind_slug(kind)}.md" for kind in KINDS]
        urls = {uri: File(uri, "", "", config.use_directory_urls).url for uri in uris}
        pages = catalog_pages(
            self.env,
            site.kb,
            labels=self.labels,
            directory=directory,
            link_from={uri: site.linker(url) for uri, url in urls.items()},
            today=self.today,
        )
        for page in pages:
            site.add_generated(files, config, page.src_uri, page.markdown)

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        site = self.site
        if site is None:
            return None
        entry = site.entry_of.get(page.file.src_uri)
        if entry is None:
            source = site.kb.sources.get(page.file.src_uri)
            return source.text if source is not None else None  # read once, in on_files
        body = entry.raw.body if entry.raw.source_format == "markdown" else ""
        markdown = render_document(
            self.env,
            entry,
            site.kb,
            labels=self.labels,
            link=site.linker(page.file.url),
            today=self.today,
            body=body,
            tags_plugin=self.tags_plugin,
        )
        return site.protect(page.file.src_uri, markdown)

    @event_priority(-100)  # after the search plugin has written its index, wherever listed
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled and self.config.search_folding:
            fold_search_index(Path(config.site_dir) / "search" / "search_index.json")

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Put back the HTML blocks kept out of Markdown; what a document's Markdown
        fields produced passes the allow-list first (see html_policy)."""
        site = self.site
        if site is None:
            return html
        entry = site.entry_of.get(page.file.src_uri)
        source = site.kb.sources.get(entry.rel_path) if entry is not None else None
        # Without raw HTML, a link or an attribute list ({: onclick=...}) written in it,
        # a document's Markdown has nothing to take out: only those pay for the sanitizer.
        risky = source is not None and any(
            sign in (source.text or "") for sign in ("<", "](", "]:", "{")
        )
        return site.restore(page.file.src_uri, html, sanitize=risky)

    @event_priority(-100)  # after the search plugin has indexed the page, wherever listed
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """The blocks search was not to index (history, backlinks, ...) go in now."""
        if self.site is not None and page.content is not None:
            page.content = self.site.restore_unsearched(page.file.src_uri, page.content)
        return context

    @event_priority(50)
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Links to YAML documents by file name point at their pages; every page written
        in the docs folder gets "last updated" and its history."""
        site, history = self.site, self.history
        entry = site.entry_of.get(page.file.src_uri) if site is not None else None
        if entry is not None:  # before other plugins (tags) read it: see the priority
            page.meta = page_meta(entry, tags_plugin=self.tags_plugin)
            # Material asks every page with metadata whether it is encrypted, for every nav
            # entry; an answer that exists is far cheaper than a failed lookup.
            vars(page).setdefault("encrypted", False)
        if site is not None and site.yaml_pages:
            markdown = rewrite_yaml_links(markdown, page.file.src_uri, site.yaml_pages)
        if site is None or history is None or not self.config.history:
            return markdown
        source = entry.rel_path if entry is not None else None
        if source is None:
            if page.file.generated_by is not None:
                return markdown
            source = page.file.src_uri
        if not history.available:
            return markdown
        section = render_page_history(
            self.env,
            self.labels,
            history.for_path(source),
            uncommitted=lookup_key(source) in self.uncommitted,
            repo_url=config.repo_url,
            boundary=history.boundary,
        )
        return f"{markdown.rstrip()}\n\n{site.protect(page.file.src_uri, section)}"
