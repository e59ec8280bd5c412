"""Every page opsbook adds to a site, for any builder.

`Site` knows which page shows each document and writes complete page
Markdown: document pages, the catalog, the review list, the field reference,
the changelog with its feed, and the History section of every other page.
The MkDocs plugin hands these to MkDocs as they are asked for; `opsbook
render` writes them into a folder that Zensical or plain MkDocs builds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from jinja2 import Environment

from opsbook.changelog import changelog_entries
from opsbook.export import KB_JSON, export_knowledge_base
from opsbook.health import compute_health
from opsbook.history import History
from opsbook.history.model import lookup_key
from opsbook.kinds import REGISTRY
from opsbook.knowledge_base import Entry, KnowledgeBase
from opsbook.loading.reader import MARKDOWN_SUFFIXES
from opsbook.rendering.catalog import CatalogContext, CatalogPage, index_pages
from opsbook.rendering.changelog_pages import changelog_files
from opsbook.rendering.code_host import IssueReport, code_host
from opsbook.rendering.dependencies import listed_facts, sources_of, surface, with_references
from opsbook.rendering.document import render_document
from opsbook.rendering.field_reference import render_field_reference
from opsbook.rendering.health_page import render_health_page
from opsbook.rendering.history_sections import render_page_history
from opsbook.rendering.labels import Labels
from opsbook.rendering.memo import PageMemo
from opsbook.rendering.urls import Links, page_src_uri
from opsbook.rendering.yaml_links import rewrite_yaml_links
from opsbook.schemas.team import Team

__all__ = ["GeneratedFile", "Site", "SiteOptions"]


@dataclass(frozen=True)
class SiteOptions:
    """What to generate, as the opsbook plugin options and mkdocs.yml say."""

    use_directory_urls: bool = True
    site_name: str = ""
    site_url: str | None = None
    repo_url: str | None = None
    catalog: bool = True
    catalog_dir: str = "catalog"
    field_reference: str = "reference/fields.md"
    changelog: bool = True
    changelog_dir: str = "changelog"
    changelog_exclude: Sequence[str] = ()
    changelog_limit: int = 1000
    history: bool = True
    kb_json: bool = True
    """Publish the knowledge base as JSON at `kb.json` (opsbook.export)."""
    tags_plugin: bool = False
    edit_url_base: str | None = None
    """Where "edit this page" of a document goes, joined with its source path; only for
    builders that cannot be told the source of a generated page otherwise."""


@dataclass(frozen=True, slots=True)
class GeneratedFile:
    src_uri: str
    content: str

    @property
    def is_page(self) -> bool:
        return self.src_uri.endswith(".md")


@dataclass
class Site:
    kb: KnowledgeBase
    env: Environment
    labels: Labels
    today: dt.date
    options: SiteOptions = field(default_factory=SiteOptions)
    history: History | None = None
    uncommitted: frozenset[str] = frozenset()
    document_pages: dict[str, Entry] = field(init=False, default_factory=dict)
    """The document shown on each page, by the page's src_uri."""
    yaml_pages: dict[str, str] = field(init=False, default_factory=dict)
    """Page src_uri by YAML document path (links and nav entries may name the YAML)."""
    links: Links = field(init=False)

    def __post_init__(self) -> None:
        page_of: dict[str, str] = {}
        for entry in self.kb.entries.values():
            src_uri = page_src_uri(entry.rel_path)
            page_of[entry.id] = src_uri
            self.document_pages[src_uri] = entry
            if src_uri != entry.rel_path:
                self.yaml_pages[entry.rel_path] = src_uri
        self.links = Links(page_of, self.options.use_directory_urls)

    def ordinary_pages(self) -> list[str]:
        """The site's own Markdown pages (not documents), by src_uri."""
        return [
            path
            for path in self.kb.sources
            if path.lower().endswith(tuple(MARKDOWN_SUFFIXES)) and path not in self.document_pages
        ]

    def document_page(self, src_uri: str) -> str:
        """The complete page Markdown of the document shown at `src_uri`."""
        entry = self.document_pages[src_uri]
        extra: dict[str, Any] = {}
        if self.options.edit_url_base:
            extra["edit_url"] = self.options.edit_url_base.rstrip("/") + "/" + entry.rel_path
        markdown = render_document(
            self.env,
            entry,
            self.kb,
            labels=self.labels,
            link=self.links.linker(src_uri),
            today=self.today,
            tags_plugin=self.options.tags_plugin,
            history=self.history_section(entry.rel_path),
            extra_meta=extra,
            report_url=self.report_url(entry, src_uri),
        )
        return self.with_page_links(markdown, src_uri)

    def report_url(self, entry: Entry, src_uri: str) -> str | None:
        """The code host's new-issue form for a problem with this document's page, filled in
        for its owner team; None without a GitHub or GitLab `repo_url`."""
        host = code_host(self.options.repo_url)
        if host is None:
            return None
        url = self.links.url(src_uri)
        owner_id = entry.id if isinstance(entry.model, Team) else (entry.model.owner or "")
        owner = self.kb.entries.get(owner_id)
        team = owner.model if owner is not None and isinstance(owner.model, Team) else None
        report = IssueReport(
            title=str(self.labels.report_issue_title).format(title=entry.title),
            page_title=entry.title,
            page_url=urljoin(self.options.site_url, url) if self.options.site_url else url,
            document_id=entry.id,
            kind=entry.kind,
            owner_title=team.title if team else owner_id,
            owner_id=owner_id,
            handles=tuple(team.codeowners) if team else (),
        )
        return host.new_issue(report)

    def with_page_links(self, markdown: str, src_uri: str) -> str:
        """Links that name a YAML document point at its page."""
        if not self.yaml_pages:
            return markdown
        return rewrite_yaml_links(markdown, src_uri, self.yaml_pages)

    def history_section(self, rel_path: str) -> str:
        """The History section of the page made from `rel_path` ("" without history)."""
        history = self.history
        if history is None or not history.available or not self.options.history:
            return ""
        return render_page_history(
            self.env,
            self.labels,
            history.for_path(rel_path),
            uncommitted=lookup_key(rel_path) in self.uncommitted,
            repo_url=self.options.repo_url,
            boundary=history.boundary,
        )

    def health_page(self) -> GeneratedFile:
        """`catalog/health.md`: the figures of opsbook.health, with charts."""
        src_uri = f"{self.options.catalog_dir.strip('/')}/health.md"
        health = compute_health(self.kb, self.today, self.history)
        markdown = render_health_page(
            self.env,
            health,
            self.kb,
            labels=self.labels,
            link=self.links.linker(src_uri),
            title=self.labels.health,
        )
        return GeneratedFile(src_uri, markdown)

    def generated_files(self, memo: PageMemo | None = None) -> list[GeneratedFile]:
        """The catalog, the field reference and the changelog, in that order. With the
        `memo` of an earlier build, a group of pages whose inputs (opsbook.rendering.
        dependencies) are unchanged is not made again."""
        memo = memo or PageMemo()
        options, kb, today = self.options, self.kb, self.today
        shown, facts = surface(kb), listed_facts(kb)
        history = self._history_inputs()
        files: list[GeneratedFile] = []
        if options.catalog:
            catalog = CatalogContext(
                self.env, kb, self.labels, self.links, today, options.catalog_dir.strip("/")
            )
            for kind in REGISTRY:
                entries = kb.of_kind(kind.name)
                files += memo.get(
                    f"catalog/{kind.name}",
                    (options, today, shown, sources_of(kb, with_references(kb, entries))),
                    lambda kind=kind: _files(kind.catalog_pages(catalog)),  # type: ignore[misc]
                )
            files += memo.get(
                "catalog/index",
                (options, today, shown, facts),
                lambda: _files(index_pages(catalog)),
            )
            everything = sources_of(kb, kb.entries.values())
            files += memo.get(
                "catalog/health",
                (options, today, history, everything),
                lambda: [self.health_page()],
            )
        if options.kb_json:
            files += memo.get(
                "kb.json", (options, today, history, shown, facts), lambda: [self._kb_json()]
            )
        if options.field_reference:
            files += memo.get(
                "field-reference",
                (options,),
                lambda: [
                    GeneratedFile(
                        options.field_reference.strip("/"),
                        render_field_reference(self.env, self.labels),
                    )
                ],
            )
        if options.changelog and self.history is not None:
            others = tuple(
                source for path, source in kb.sources.items() if path not in kb.by_path()
            )
            files += memo.get("changelog", (options, history, shown, others), self._changelog_files)
        return files

    def _history_inputs(self) -> tuple[object, ...]:
        """What pages made from git history are made from; the commits themselves are
        the same object while HEAD has not moved (opsbook.history keeps them)."""
        history = self.history
        if history is None:
            return ()
        return (history.available, history.head, history.changes, history.warnings)

    def _kb_json(self) -> GeneratedFile:
        export = export_knowledge_base(
            self.kb,
            page_urls={doc_id: self.links.url(uri) for doc_id, uri in self.links.page_of.items()},
            today=self.today,
            history=self.history,
            site_url=self.options.site_url,
        )
        return GeneratedFile(KB_JSON, export.model_dump_json(indent=2) + "\n")

    def _changelog_files(self) -> list[GeneratedFile]:
        options, history = self.options, self.history
        assert history is not None
        entries = changelog_entries(history, self.kb, exclude=options.changelog_exclude)
        everything = {*self.ordinary_pages(), *self.document_pages}
        return [
            GeneratedFile(src_uri, content)
            for src_uri, content in changelog_files(
                entries,
                env=self.env,
                labels=self.labels,
                links=self.links,
                pages=everything,
                directory=options.changelog_dir.strip("/"),
                site_name=options.site_name,
                site_url=options.site_url,
                repo_url=options.repo_url,
                limit=options.changelog_limit or None,
                warnings=history.warnings,
            )
        ]


def _files(pages: list[CatalogPage]) -> list[GeneratedFile]:
    return [GeneratedFile(page.src_uri, page.markdown) for page in pages]
