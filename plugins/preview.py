"""`mkdocs serve`: every edit shown right, and quickly under `--dirty`.

MkDocs' dirty build makes a page again only when its source file is newer than
the page it built last time. opsbook's pages show other documents too, so after
an edit the preview marks as stale the built pages of every document that
shows an edited one (opsbook.rendering.dependencies: references, backlinks,
owners), and MkDocs makes those again as well. Generated pages (catalog,
changelog, health) are files of the preview's own, rewritten only when their
content changes, so MkDocs makes again only those that did. Pages left alone
keep their titles in the navigation, which a plain dirty build loses.

While a document has problems the preview does not stop: the messages of
`opsbook validate` go to the terminal and into a banner above every page it
rebuilds, an invalid document keeps a page at its address, and the next valid
save takes the banners away again.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_markdown_title
from mkdocs.utils.meta import get_data

from opsbook.knowledge_base import KnowledgeBase
from opsbook.loading.reader import MARKDOWN_SUFFIXES, SourceFile
from opsbook.rendering.dependencies import pages_showing
from opsbook.rendering.labels import Labels
from opsbook.rendering.memo import PageMemo
from opsbook.rendering.page import assemble_page
from opsbook.rendering.site import GeneratedFile, Site
from opsbook.rendering.urls import page_src_uri

__all__ = ["Preview"]


@dataclass
class Preview:
    """What one `mkdocs serve` session remembers from build to build."""

    dirty: bool
    folder: Path | None = None
    """Where generated pages are written under `--dirty` (None otherwise)."""
    memo: PageMemo = field(default_factory=PageMemo)
    previous: KnowledgeBase | None = None
    stale: set[str] = field(default_factory=set)
    """Pages (src_uri) to make again although their own file did not change."""
    problems: tuple[str, ...] = ()
    banner_html: str = ""
    banner_pages: set[str] = field(default_factory=set)
    nav_titles: dict[str, str] | None = None
    settings: object = None
    everything: bool = False
    """Every page is stale: the navigation or the settings changed."""
    _written: dict[str, str] = field(default_factory=dict)
    _titles: dict[str, tuple[object, str | None]] = field(default_factory=dict)

    @classmethod
    def start(cls, *, dirty: bool) -> Preview:
        folder = Path(tempfile.mkdtemp(prefix="opsbook-preview-")) if dirty else None
        return cls(dirty=dirty, folder=folder)

    def close(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    # --- on_files ----------------------------------------------------------------------------

    def loaded(self, kb: KnowledgeBase, settings: object = None) -> None:
        """Which documents' pages show a file that changed since the last build; with other
        `settings` (the plugin's options, the day reviews are judged on), every page."""
        previous, self.previous = self.previous, kb
        changed_settings, self.settings = settings != self.settings, settings
        if previous is None or not self.dirty:
            return
        if changed_settings:
            self.everything = True
            return
        changed = [
            path
            for path in kb.sources.keys() | previous.sources.keys()
            if kb.sources.get(path) is not previous.sources.get(path)
        ]
        shown: set[str] = set()
        for path in changed:
            shown |= pages_showing(previous, path) | pages_showing(kb, path)
        self.stale = {page_src_uri(path) for path in shown}

    def report(self, problems: Iterable[str], env: Environment, labels: Labels) -> None:
        """The banner for this build's problems; pages that show an older one are stale."""
        problems = tuple(problems)
        if problems != self.problems:
            self.stale |= self.banner_pages
            self.banner_pages = set()
        self.problems = problems
        self.banner_html = (
            env.get_template("opsbook/problems-banner.html").render(t=labels, problems=problems)
            if problems
            else ""
        )

    def invalid_pages(
        self, kb: KnowledgeBase, env: Environment, labels: Labels, taken: Files
    ) -> list[GeneratedFile]:
        """A page at the address of each YAML document that did not validate."""
        valid = kb.by_path()
        rel_paths = {source.path: rel_path for rel_path, source in kb.sources.items()}
        pages = []
        for problem_file in sorted({problem.file for problem in kb.problems}):
            rel_path = rel_paths.get(problem_file)
            if rel_path is None or rel_path in valid:
                continue
            if rel_path.lower().endswith(tuple(MARKDOWN_SUFFIXES)):
                continue  # a Markdown file stays a page of its own
            src_uri = page_src_uri(rel_path)
            if taken.get_file_from_path(src_uri) is not None:
                continue
            body = env.get_template("opsbook/invalid-document.html").render(t=labels)
            title = str(labels.preview_invalid_page).format(path=rel_path)
            meta = {"title": title, "search": {"exclude": True}}
            pages.append(GeneratedFile(src_uri, assemble_page(body, meta=meta)))
        return pages

    def backing(self, item: GeneratedFile) -> Path | None:
        """Under `--dirty`, the file that holds a generated page, written only when the page
        changed, so that MkDocs rebuilds only the generated pages that did."""
        if self.folder is None:
            return None
        path = self.folder / item.src_uri
        if self._written.get(item.src_uri) != item.content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(item.content, encoding="utf-8")
            self._written[item.src_uri] = item.content
        return path

    # --- on_nav ------------------------------------------------------------------------------

    def prepare(self, nav: Navigation, files: Files, site: Site) -> None:
        """Mark stale pages before MkDocs decides what to rebuild; a navigation whose
        entries or titles changed is on every page, so then every page is stale. Pages
        left alone get their titles back for the navigation of the pages rebuilt."""
        if not self.dirty:
            return
        titles = {page.file.src_uri: self._title(page, site) for page in nav.pages}
        if self.everything or (self.nav_titles is not None and titles != self.nav_titles):
            self.stale = {file.src_uri for file in files.documentation_pages()}
        self.nav_titles, self.everything = titles, False
        for src_uri in self.stale:
            file = files.get_file_from_path(src_uri)
            if file is not None and os.path.exists(file.abs_dest_path):
                os.utime(file.abs_dest_path, (0, 0))  # older than any source: MkDocs rebuilds it
        self.stale = set()
        for page in nav.pages:
            if not page.file.is_modified():
                page.title = titles[page.file.src_uri]

    def _title(self, page: Page, site: Site) -> str:
        """The page's title as MkDocs would find it, without reading a file again."""
        src_uri = page.file.src_uri
        entry = site.document_pages.get(src_uri)
        if entry is not None:
            return entry.title
        source: object = site.kb.sources.get(src_uri)
        if source is None and self.folder is not None:
            source = self._written.get(src_uri)
        kept = self._titles.get(src_uri)
        if kept is not None and kept[0] is source:
            return kept[1] or _title_from_name(page)
        text = source.text if isinstance(source, SourceFile) else source
        title = _markdown_title(text) if isinstance(text, str) else None
        self._titles[src_uri] = (source, title)
        return title or _title_from_name(page)

    # --- on_page_content ---------------------------------------------------------------------

    def with_banner(self, html: str, src_uri: str) -> str:
        if not self.banner_html:
            return html
        self.banner_pages.add(src_uri)
        return self.banner_html + html


def _title_from_name(page: Page) -> str:
    """MkDocs' last resort: Home, or the file name in words."""
    if page.is_homepage:
        return "Home"
    title = page.file.name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _markdown_title(text: str) -> str | None:
    markdown, meta = get_data(text)
    title = meta.get("title")
    return str(title) if title else get_markdown_title(markdown)
