"""Catalog pages: every document in filterable tables, and the review list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jinja2 import Environment

from opsbook.knowledge_base import Entry, KnowledgeBase
from opsbook.rendering.document import DocLink, link_for
from opsbook.rendering.environment import iso_date, minutes_text
from opsbook.rendering.labels import Labels
from opsbook.rendering.page import assemble_page
from opsbook.rendering.urls import Linker, Links
from opsbook.review import due_reviews
from opsbook.schemas import KINDS, FeatureGuide, OnboardingPath, Process, Runbook, Team

__all__ = ["CatalogPage", "catalog_pages", "kind_slug"]


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    sort: str = ""
    """What the column sorts by when it differs from the text (dates, numbers)."""
    link: DocLink | None = None


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[list[Cell], str]] = field(default_factory=list)
    """Cells, and the owner's title (for the owner filter)."""


@dataclass(frozen=True, slots=True)
class CatalogPage:
    src_uri: str
    markdown: str


def _page(src_uri: str, title: str, rendered: str) -> CatalogPage:
    """Catalog pages list what documents say; search finds the documents themselves."""
    meta = {"title": title, "search": {"exclude": True}}
    return CatalogPage(src_uri, assemble_page(rendered, meta=meta))


_KIND_SLUGS = {"process": "processes"}


def kind_slug(kind: str) -> str:
    """The page name of a kind's catalog: `runbooks`, `processes`, `feature-guides`, ..."""
    return _KIND_SLUGS.get(kind, f"{kind}s")


def _date_cell(value: dt.date | None) -> Cell:
    return Cell(iso_date(value), iso_date(value))


def _number_cell(value: int, text: str | None = None) -> Cell:
    return Cell(text if text is not None else str(value), f"{value:010d}")


def _row(entry: Entry, kb: KnowledgeBase, link: Linker, labels: Labels) -> list[Cell]:
    """Columns that a reader filters each kind by."""
    doc = entry.model
    owner = link_for(kb, link, doc.owner)
    first = [Cell(doc.title, doc.title.casefold(), link_for(kb, link, doc.id))]
    owner_cell = Cell(
        owner.title if owner else "", (owner.title if owner else "").casefold(), owner
    )
    review = doc.review
    reviewed = [
        _date_cell(review.last_reviewed if review else None),
        _date_cell(review.due if review else None),
    ]
    if isinstance(doc, Runbook):
        severity = doc.severity or ""
        return [
            *first,
            Cell(doc.service),
            Cell(severity, severity or "sev9"),
            owner_cell,
            *reviewed,
        ]
    if isinstance(doc, Process):
        return [
            *first,
            Cell(doc.cadence or ""),
            _number_cell(len(doc.steps)),
            owner_cell,
            *reviewed,
        ]
    if isinstance(doc, FeatureGuide):
        order = ("planned", "alpha", "beta", "ga", "deprecated", "retired")
        return [
            *first,
            Cell(labels.statuses.get(doc.status, doc.status), str(order.index(doc.status))),
            _date_cell(doc.released),
            Cell(", ".join(doc.audience)),
            owner_cell,
        ]
    if isinstance(doc, OnboardingPath):
        minutes = doc.required_minutes
        return [
            *first,
            Cell(doc.audience),
            _number_cell(len(doc.modules)),
            _number_cell(minutes, minutes_text(minutes, labels)),
            owner_cell,
        ]
    if isinstance(doc, Team):
        return [
            *first,
            _number_cell(len(doc.members)),
            _number_cell(len(kb.owned.get(doc.id, []))),
            Cell(doc.channels.chat or "" if doc.channels else ""),
        ]
    return [*first, owner_cell]  # pragma: no cover - every kind is handled above


def _columns(kind: str, labels: Labels) -> list[str]:
    t = labels
    return {
        "runbook": [t.title, t.service, t.severity, t.owner, t.last_reviewed, t.next_review],
        "process": [t.title, t.cadence, t.steps, t.owner, t.last_reviewed, t.next_review],
        "feature-guide": [t.title, t.status, t.released, t.audience, t.owner],
        "onboarding-path": [t.title, t.audience, t.modules, t.total_time_short, t.owner],
        "team": [t.title, t.members, t.owns_short, t.channel_kinds["chat"]],
    }[kind]


def catalog_pages(
    env: Environment,
    kb: KnowledgeBase,
    *,
    labels: Labels,
    directory: str,
    links: Links,
    today: dt.date,
) -> list[CatalogPage]:
    """The overview, one page per kind and the review list, as page Markdown."""
    pages = []
    overdue = due_reviews(kb, today)
    overview_uri = f"{directory}/index.md"
    review_uri = f"{directory}/needs-review.md"
    kinds = []
    for kind in KINDS:
        uri = f"{directory}/{kind_slug(kind)}.md"
        entries = kb.of_kind(kind)
        link = links.linker(uri)
        table = Table(_columns(kind, labels))
        for entry in entries:
            owner = link_for(kb, link, entry.model.owner)
            table.rows.append((_row(entry, kb, link, labels), owner.title if owner else ""))
        kinds.append((kind, uri, len(entries)))
        title = labels.kinds_plural[kind]
        rendered = env.get_template("opsbook/catalog-kind.html").render(
            t=labels, kind=kind, title=title, table=table
        )
        pages.append(_page(uri, title, rendered))
    link = links.linker(overview_uri)
    overview = Table([labels.title, labels.kind, labels.owner, labels.summary_short])
    everything = sorted(kb.entries.values(), key=lambda e: (e.title.casefold(), e.id))
    for entry in everything:
        owner = link_for(kb, link, entry.model.owner)
        overview.rows.append(
            (
                [
                    Cell(entry.title, entry.title.casefold(), link_for(kb, link, entry.id)),
                    Cell(labels.kinds[entry.kind], entry.kind),
                    Cell(owner.title if owner else "", "", owner),
                    Cell(entry.model.summary),
                ],
                owner.title if owner else "",
            )
        )
    rendered = env.get_template("opsbook/catalog.html").render(
        t=labels,
        kinds=[
            (kind, labels.kinds_plural[kind], links.between(overview_uri, uri), count)
            for kind, uri, count in kinds
        ],
        review_url=links.between(overview_uri, review_uri),
        overdue=len(overdue),
        table=overview,
    )
    pages.append(_page(overview_uri, labels.catalog, rendered))
    link = links.linker(review_uri)
    reviews = Table(
        [labels.title, labels.kind, labels.owner, labels.last_reviewed, labels.days_overdue]
    )
    for status in overdue:
        owner = link_for(kb, link, status.entry.model.owner)
        reviews.rows.append(
            (
                [
                    Cell(
                        status.entry.title,
                        status.entry.title.casefold(),
                        link_for(kb, link, status.entry.id),
                    ),
                    Cell(labels.kinds[status.entry.kind], status.entry.kind),
                    Cell(owner.title if owner else "", "", owner),
                    _date_cell(status.last_reviewed),
                    _number_cell(status.days_overdue),
                ],
                owner.title if owner else "",
            )
        )
    rendered = env.get_template("opsbook/needs-review.html").render(
        t=labels, table=reviews, today=iso_date(today)
    )
    pages.append(_page(review_uri, labels.needs_review, rendered))
    return pages
