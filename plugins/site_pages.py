"""Where each document's page lives in the site, and the pages opsbook adds.

A YAML document becomes a page at the URL its path would have as Markdown,
backed by the YAML file itself so that `--dirty` and `mkdocs serve` notice
edits; "edit this page" points at the YAML. Markdown documents keep their file.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from opsbook.knowledge_base import CONTENT_SUFFIXES, Entry, KnowledgeBase
from opsbook.plugins.html_policy import sanitize_html
from opsbook.plugins.rendering.blocks import (
    as_text_markers,
    protect_html,
    restore_html,
    restore_unsearched,
)
from opsbook.plugins.rendering.document import Linker

__all__ = ["SitePages", "content_files", "page_uri_for"]


def page_uri_for(rel_path: str) -> str:
    """`processes/incident-review.yaml` -> `processes/incident-review.md`."""
    stem, _ = posixpath.splitext(rel_path)
    return f"{stem}.md"


def content_files(files: Files) -> list[tuple[Path, str]]:
    """Files MkDocs will publish that may be content documents."""
    found = []
    for file in files:
        if file.abs_src_path is None or file.generated_by is not None:
            continue
        if file.inclusion.is_excluded():
            continue
        if posixpath.splitext(file.src_uri)[1].lower() in CONTENT_SUFFIXES:
            found.append((Path(file.abs_src_path), file.src_uri))
    return found


@dataclass
class SitePages:
    """Documents by page, pages by document, for one build."""

    kb: KnowledgeBase
    page_of: dict[str, File] = field(default_factory=dict)
    """The page file of each document, by id."""
    entry_of: dict[str, Entry] = field(default_factory=dict)
    """The document shown on each page, by the page's src_uri."""
    yaml_pages: dict[str, str] = field(default_factory=dict)
    """Page src_uri by YAML document path, for nav entries that name the YAML."""
    generated: list[str] = field(default_factory=list)
    """The src_uri of every page opsbook generated (catalog, changelog, reference)."""
    blocks: dict[str, list[str]] = field(default_factory=dict)
    """HTML blocks kept out of Markdown, by page src_uri (see rendering/blocks.py)."""

    def protect(self, src_uri: str, text: str) -> str:
        """Page Markdown with its HTML blocks set aside until `restore`."""
        return protect_html(text, self.blocks.setdefault(src_uri, []))

    def restore(self, src_uri: str, html: str, *, sanitize: bool = False) -> str:
        """The page's HTML with its blocks back; with `sanitize`, what Markdown produced
        (the document's own Markdown fields) is reduced to the allow-list first."""
        chunks = self.blocks.get(src_uri)
        if sanitize:
            html = sanitize_html(as_text_markers(html))
        return restore_html(html, chunks) if chunks else html

    def restore_unsearched(self, src_uri: str, html: str) -> str:
        """The page's HTML with the blocks search was not to index (after it has): the last
        use of its blocks, which are let go."""
        chunks = self.blocks.pop(src_uri, None)
        return restore_unsearched(html, chunks) if chunks else html

    @classmethod
    def place(cls, kb: KnowledgeBase, files: Files, config: MkDocsConfig) -> SitePages:
        site = cls(kb)
        for entry in kb.entries.values():
            if entry.raw.source_format == "yaml":
                page = _replace_yaml(entry, files, config)
                site.yaml_pages[entry.rel_path] = page.src_uri
            else:
                found = files.get_file_from_path(entry.rel_path)
                if found is None:  # pragma: no cover - the file list came from `files`
                    continue
                page = found
            site.page_of[entry.id] = page
            site.entry_of[page.src_uri] = entry
        return site

    def linker(self, from_url: str) -> Linker:
        """Links between document pages, relative to the page at `from_url`."""

        def link(document_id: str) -> str | None:
            target = self.page_of.get(document_id)
            return get_relative_url(target.url, from_url) if target is not None else None

        return link

    def add_generated(self, files: Files, config: MkDocsConfig, src_uri: str, content: str) -> File:
        """Add a page opsbook writes, refusing to hide a page a person wrote."""
        existing = files.get_file_from_path(src_uri)
        if existing is not None and existing.generated_by is None:
            raise PluginError(
                f"{Path(config.docs_dir, src_uri)} exists, but opsbook generates this page; "
                "rename your file, or move the generated pages with the plugin's catalog_dir "
                "or changelog_dir option"
            )
        if existing is not None:
            files.remove(existing)
        page = File.generated(config, src_uri, content=self.protect(src_uri, content))
        files.append(page)
        self.generated.append(src_uri)
        return page


def _replace_yaml(entry: Entry, files: Files, config: MkDocsConfig) -> File:
    src_uri = page_uri_for(entry.rel_path)
    clash = files.get_file_from_path(src_uri)
    if clash is not None:  # a Markdown page, or another YAML document (x.yaml and x.yml)
        raise PluginError(
            f"{entry.raw.path} and {clash.abs_src_path} would both be the page {src_uri}; "
            "rename one of them"
        )
    original = files.get_file_from_path(entry.rel_path)
    if original is not None:
        files.remove(original)
    page = File.generated(
        config, src_uri, abs_src_path=str(entry.raw.path), inclusion=InclusionLevel.INCLUDED
    )
    page.edit_uri = entry.rel_path
    files.append(page)
    return page
