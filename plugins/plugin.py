"""The `opsbook` MkDocs plugin: a thin user of the page renderer (opsbook.rendering).

Hooks, in MkDocs' order, each calling plain functions:

- on_config: what the pages need (the opsbook Markdown extension, the Mermaid
  fence, stylesheet and script), the site's words and templates;
- on_files: load and validate the knowledge base (an invalid document stops the
  build with the messages of `opsbook validate`), read git history once, put
  document pages and generated pages among the files, order the navigation;
- on_nav: under `mkdocs serve --dirty`, mark the pages an edit changed (opsbook.plugins.
  preview);
- on_page_read_source: a document's page Markdown, from the renderer;
- on_page_markdown: other pages get links to YAML documents fixed and their
  History section;
- on_page_content: while serving, the problems of invalid documents above each page;
- on_post_build: search also finds titles typed without diacritics.

Under `mkdocs serve` an invalid document does not stop the preview (see
opsbook.plugins.preview); `mkdocs build` stops with the messages of `opsbook validate`.

Everything a reader sees is in the page Markdown, so `opsbook render` and
Zensical give the same pages without this plugin.
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

from opsbook.history import read_history, uncommitted_paths
from opsbook.knowledge_base import LoadCache, load_knowledge_base
from opsbook.plugins.config import OpsbookConfig, option_errors
from opsbook.plugins.navigation import ordered_nav, rewrite_nav
from opsbook.plugins.preview import Preview
from opsbook.plugins.search_folding import fold_search_index
from opsbook.plugins.site_pages import add_generated, content_files, place_documents
from opsbook.plugins.site_setup import (
    ASSET_DIR,
    add_assets,
    configure_markdown,
    enable_copy_buttons,
)
from opsbook.problems import printable
from opsbook.rendering.code_host import code_host
from opsbook.rendering.environment import ASSETS_DIR, make_environment
from opsbook.rendering.labels import Labels, load_labels
from opsbook.rendering.memo import PageMemo
from opsbook.rendering.page_meta import PageMeta
from opsbook.rendering.site import Site, SiteOptions
from opsbook.review import today as review_day

__all__ = ["OpsbookPlugin", "site_options"]

log = get_plugin_logger(__name__)


def _configured_day(value: object) -> dt.date:
    """The `today` option (or OPSBOOK_TODAY): a date, YYYY-MM-DD text, or the real date."""
    try:
        return review_day(value if value is None or isinstance(value, dt.date) else str(value))
    except ValueError as error:
        raise PluginError(f"opsbook option 'today': {error}") from None


def _stamps(config: MkDocsConfig) -> tuple[tuple[str, int], ...]:
    """When the site's own template overrides last changed (labels files are read once)."""
    custom = config.theme.custom_dir
    if not custom or not Path(custom).is_dir():
        return ()
    return tuple(
        (str(path), path.stat().st_mtime_ns) for path in sorted(Path(custom).rglob("*.html"))
    )


def site_options(options: OpsbookConfig, config: MkDocsConfig) -> SiteOptions:
    """What the renderer generates, from the plugin's options and the site's settings."""
    return SiteOptions(
        use_directory_urls=bool(config.use_directory_urls),
        site_name=config.site_name,
        site_url=config.site_url,
        repo_url=config.repo_url,
        catalog=options.catalog,
        catalog_dir=options.catalog_dir.strip("/"),
        field_reference=options.field_reference.strip("/"),
        changelog=options.changelog,
        changelog_dir=options.changelog_dir.strip("/"),
        changelog_exclude=tuple(options.changelog_exclude),
        changelog_limit=options.changelog_limit,
        history=options.history,
        kb_json=options.kb_json,
        tags_plugin=any(name in config.plugins for name in ("tags", "material/tags")),
    )


class OpsbookPlugin(BasePlugin[OpsbookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self.labels: Labels = load_labels("en")
        self.today: dt.date = dt.date.today()
        self.assets: list[str] = []
        self.generated: list[str] = []
        self.cache = LoadCache()
        """Kept across the rebuilds of `mkdocs serve` (MkDocs keeps the plugin instance)."""
        self.preview: Preview | None = None
        self._env_key: object = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Having this hook makes MkDocs keep the plugin across `mkdocs serve` rebuilds,
        so unchanged files are not read or validated again."""
        self.cache = LoadCache()
        self.preview = Preview.start(dirty=dirty) if command == "serve" else None

    def on_shutdown(self) -> None:
        """MkDocs keeps this instance for the rest of the process: later builds in it are
        no preview."""
        if self.preview is not None:
            self.preview.close()
            self.preview = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        errors = option_errors(self.config, load_labels("en"))
        if errors:
            raise PluginError("opsbook options in mkdocs.yml: " + "; ".join(errors))
        configure_markdown(config)
        enable_copy_buttons(config)
        self.assets = add_assets(config, self.config.mermaid_js)
        self._environment(config)
        self.today = _configured_day(self.config.today)
        return config

    def _environment(self, config: MkDocsConfig) -> None:
        """The site's words and templates; kept while serving as long as they are the same,
        with the pages made from them. An edited template override changes the key (its
        time is in it), so it is read again: the environment itself never reloads."""
        language = config.theme.get("language") or config.theme.locale.language
        key = (language, self.config.labels, tuple(config.theme.dirs), _stamps(config))
        if key == self._env_key:
            return
        self._env_key = key
        self.labels = load_labels(language, self.config.labels)
        self.env = make_environment([Path(d) for d in config.theme.dirs], self.labels)
        if self.preview is not None:
            self.preview.memo = PageMemo()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        docs_dir = Path(config.docs_dir)
        kb = load_knowledge_base(
            docs_dir,
            content_files(files),
            max_bytes=self.config.max_file_size,
            cache=self.cache,
            use_directory_urls=bool(config.use_directory_urls),
        )
        problems = [problem.format(Path.cwd()) for problem in kb.problems]
        for problem in problems:
            log.error(problem)
        preview = self.preview
        if problems and preview is None:
            count = len(problems)
            raise PluginError(
                f"{count} problem{'s' if count != 1 else ''} in the knowledge base; "
                "fix them and build again (opsbook validate shows the same list)"
            )
        options = site_options(self.config, config)
        if preview is not None:
            preview.loaded(kb, settings=(options, self.today, dict(self.config)))
            preview.report(problems, self.env, self.labels)
        if code_host(options.repo_url) is None:
            log.info(
                "document pages get no 'Report a problem' link: "
                + (
                    "set repo_url to the GitHub or GitLab repository of the site"
                    if not options.repo_url
                    else f"{printable(options.repo_url)} is neither on GitHub nor on GitLab"
                )
            )
        history, uncommitted = None, frozenset[str]()
        if options.history or options.changelog:
            history = read_history(docs_dir)
            strict_quiet = config.strict and not self.config.strict_history
            for warning in history.warnings:
                level = logging.INFO if strict_quiet else logging.WARNING
                log.log(level, "history: %s", printable(warning))
            if history.available and options.history:
                uncommitted = uncommitted_paths(docs_dir)
        self.site = site = Site(
            kb, self.env, self.labels, self.today, options, history, uncommitted
        )
        place_documents(site, files, config)
        for name in self.assets:
            files.append(
                File.generated(config, f"{ASSET_DIR}/{name}", abs_src_path=str(ASSETS_DIR / name))
            )
        generated = site.generated_files(preview.memo if preview else None)
        if preview is not None:
            generated += preview.invalid_pages(kb, self.env, self.labels, files)
        for item in generated:
            add_generated(files, config, item, preview.backing(item) if preview else None)
        self.generated = [item.src_uri for item in generated if item.is_page]
        config.nav = self._navigation(site, files, config)
        return files

    def _navigation(self, site: Site, files: Files, config: MkDocsConfig) -> object:
        if config.nav is not None:
            return rewrite_nav(config.nav, site.yaml_pages)
        mode = self.config.navigation
        if mode == "auto":
            large = len(site.document_pages) > self.config.navigation_limit
            mode = "catalog" if large and self.config.catalog else "full"
        return ordered_nav(
            files,
            leave_out=self._catalog_mode_leaves_out(site) if mode == "catalog" else frozenset(),
            catalog_dir=self.config.catalog_dir.strip("/"),
            tail_dirs=(
                self.config.field_reference.strip("/").split("/", 1)[0],
                self.config.changelog_dir.strip("/"),
            ),
        )

    def _catalog_mode_leaves_out(self, site: Site) -> frozenset[str]:
        """Documents, and the generated pages that the catalog and changelog index pages link
        to (each kind, needs review): the theme writes the navigation into every page, so
        each entry costs once per page."""
        kept = {
            f"{self.config.catalog_dir.strip('/')}/index.md",
            f"{self.config.changelog_dir.strip('/')}/index.md",
            self.config.field_reference.strip("/"),
        }
        return frozenset(site.document_pages) | frozenset(set(self.generated) - kept)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> None:
        if self.preview is not None and self.site is not None:
            self.preview.prepare(nav, files, self.site)

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        site = self.site
        if site is None:
            return None
        src_uri = page.file.src_uri
        if src_uri in site.document_pages:
            return site.document_page(src_uri)
        source = site.kb.sources.get(src_uri)
        return source.text if source is not None else None  # read once, in on_files

    @event_priority(50)  # before other plugins (tags) read the metadata
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        site = self.site
        if site is None:
            return markdown
        src_uri = page.file.src_uri
        page.meta = PageMeta(page.meta)
        # Material asks every page with metadata whether it is encrypted, for every nav
        # entry; an answer that exists is far cheaper than a failed lookup.
        vars(page).setdefault("encrypted", False)
        if src_uri in site.document_pages or page.file.generated_by is not None:
            return markdown  # complete already
        section = site.history_section(src_uri)
        markdown = site.with_page_links(markdown, src_uri)
        return f"{markdown.rstrip()}\n\n{section}" if section else markdown

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.preview is None:
            return html
        return self.preview.with_banner(html, page.file.src_uri)

    @event_priority(-100)  # after the search plugin has written its index, wherever listed
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled and self.config.search_folding:
            fold_search_index(Path(config.site_dir) / "search" / "search_index.json")
