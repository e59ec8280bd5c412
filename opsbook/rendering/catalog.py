"""Catalog pages: every document in filterable tables, and the review list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jinja2 import Environment

from opsbook.kinds import REGISTRY, Kind
from opsbook.knowledge_base import Entry, KnowledgeBase
from opsbook.rendering.labels import Labels
from opsbook.rendering.links import link_for
from opsbook.rendering.page import assemble_page
from opsbook.rendering.table import Cell, Table, date_cell, number_cell, text_cell
from opsbook.rendering.urls import Links
from opsbook.review import due_reviews

__all__ = ["CatalogContext", "CatalogPage", "index_pages", "kind_catalog_uri"]


@dataclass(frozen=True, slots=True)
class CatalogPage:
    src_uri: str
    markdown: str


def kind_catalog_uri(directory: str, kind: Kind) -> str:
    """The catalog page of a kind: `catalog/runbooks.md`."""
    return f"{directory}/{kind.slug}.md"


@dataclass
class CatalogContext:
    """What a kind's catalog pages are made with (see Kind.catalog_pages)."""

    env: Environment
    kb: KnowledgeBase
    labels: Labels
    links: Links
    today: dt.date
    directory: str

    def table(self, kind: Kind, entries: list[Entry], page_uri: str) -> Table:
        """The kind's columns, one row per entry, linked from the page `page_uri`."""
        link = self.links.linker(page_uri)
        table = Table(kind.columns(self.labels))
        for entry in entries:
            owner = link_for(self.kb, link, entry.model.owner)
            row = kind.row(entry, self.kb, link, self.labels)
            table.rows.append((row, owner.title if owner else ""))
        return table

    def grouped_tables(
        self, kind: Kind, field: str, order: Sequence[str], names: Mapping[str, str]
    ) -> list[tuple[str, Table]]:
        """The kind's documents in one table per value of `field`, in `order` and named by
        `names`, on the kind's catalog page; a value no document has gets no table."""
        uri = kind_catalog_uri(self.directory, kind)
        entries = self.kb.of_kind(kind.name)
        return [
            (names[value], self.table(kind, chosen, uri))
            for value in order
            if (chosen := [entry for entry in entries if getattr(entry.model, field) == value])
        ]

    def page(
        self,
        src_uri: str,
        title: str,
        template: str,
        *,
        markdown_fields: bool = False,
        **context: object,
    ) -> CatalogPage:
        """A catalog page from `template`. Catalogs list what documents say; search finds
        the documents themselves, so the page is left out of it. A page that shows
        documents' Markdown fields is sanitized like a document page."""
        rendered = self.env.get_template(template).render(t=self.labels, title=title, **context)
        meta = {"title": title, "search": {"exclude": True}}
        return CatalogPage(src_uri, assemble_page(rendered, meta=meta, document=markdown_fields))

    def kind_table_page(self, kind: Kind) -> CatalogPage:
        """Every document of the kind in one filterable, sortable table."""
        uri = kind_catalog_uri(self.directory, kind)
        table = self.table(kind, self.kb.of_kind(kind.name), uri)
        title = self.labels.kinds_plural[kind.name]
        return self.page(uri, title, "opsbook/catalog-kind.html", kind=kind.name, table=table)


def index_pages(catalog: CatalogContext) -> list[CatalogPage]:
    """The overview of every document, with each kind's count, and the review list (each
    kind's own pages come from Kind.catalog_pages)."""
    kb, labels, links, today, directory = (
        catalog.kb,
        catalog.labels,
        catalog.links,
        catalog.today,
        catalog.directory,
    )
    pages: list[CatalogPage] = []
    overdue = due_reviews(kb, today)
    overview_uri = f"{directory}/index.md"
    review_uri = f"{directory}/needs-review.md"
    kinds = [
        (kind.name, kind_catalog_uri(directory, kind), len(kb.of_kind(kind.name)))
        for kind in REGISTRY
    ]
    link = links.linker(overview_uri)
    overview = Table([labels.title, labels.kind, labels.owner, labels.summary_short])
    everything = sorted(kb.entries.values(), key=lambda e: (e.title.casefold(), e.id))
    for entry in everything:
        owner = link_for(kb, link, entry.model.owner)
        overview.rows.append(
            (
                [
                    text_cell(entry.title, link_for(kb, link, entry.id)),
                    Cell(labels.kinds[entry.kind], entry.kind),
                    text_cell(owner.title if owner else "", owner),
                    Cell(entry.model.summary),
                ],
                owner.title if owner else "",
            )
        )
    pages.append(
        catalog.page(
            overview_uri,
            labels.catalog,
            "opsbook/catalog.html",
            kinds=[
                (kind, labels.kinds_plural[kind], links.between(overview_uri, uri), count)
                for kind, uri, count in kinds
            ],
            review_url=links.between(overview_uri, review_uri),
            overdue=len(overdue),
            table=overview,
        )
    )
    link = links.linker(review_uri)
    reviews = Table(
        [labels.title, labels.kind, labels.owner, labels.last_reviewed, labels.days_overdue]
    )
    for status in overdue:
        owner = link_for(kb, link, status.entry.model.owner)
        reviews.rows.append(
            (
                [
                    text_cell(status.entry.title, link_for(kb, link, status.entry.id)),
                    Cell(labels.kinds[status.entry.kind], status.entry.kind),
                    text_cell(owner.title if owner else "", owner),
                    date_cell(status.last_reviewed),
                    number_cell(status.days_overdue),
                ],
                owner.title if owner else "",
            )
        )
    pages.append(
        catalog.page(
            review_uri,
            labels.needs_review,
            "opsbook/needs-review.html",
            table=reviews,
            today=today.isoformat(),
        )
    )
    return pages
