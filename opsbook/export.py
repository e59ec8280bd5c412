"""The whole knowledge base as JSON (`kb.json`), for chat bots, dashboards and other tools.

The site serves it at `kb.json` (both builders); `opsbook export-json` writes the same file
without building. Its shape is the pydantic model `KnowledgeBaseExport`, whose JSON Schema
`opsbook schema` writes to `schemas/json/kb.schema.json`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal
from urllib.parse import urljoin

from pydantic import BaseModel, ConfigDict, Field

from opsbook import __version__
from opsbook.history import History
from opsbook.knowledge_base import KnowledgeBase
from opsbook.review import review_status

__all__ = ["KB_JSON", "DocumentExport", "KnowledgeBaseExport", "export_knowledge_base"]

KB_JSON = "kb.json"
DUE_SOON_DAYS = 30


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReviewExport(_Model):
    last_reviewed: dt.date
    due: dt.date
    days_overdue: int = Field(description="Positive when overdue, negative while there is time.")
    state: Literal["overdue", "due-soon", "current"] = Field(
        description=f"`due-soon`: due within {DUE_SOON_DAYS} days."
    )


class ChangeExport(_Model):
    date: dt.datetime
    author: str
    commit: str


class ReferenceExport(_Model):
    field: str = Field(description="The field that names the other document, like `related`.")
    id: str


class DocumentExport(_Model):
    kind: str
    id: str
    title: str
    summary: str
    owner: str | None
    tags: list[str]
    url: str = Field(description="The page, relative to the site's root.")
    absolute_url: str | None = Field(description="The page's full address, when site_url is set.")
    source: str = Field(description="The document's file, relative to the docs folder.")
    review: ReviewExport | None
    last_change: ChangeExport | None = Field(description="The last commit that changed the file.")
    references: list[ReferenceExport]
    backlinks: list[str] = Field(description="Ids of the documents that name this one.")


class KnowledgeBaseExport(_Model):
    """Every document of the knowledge base, as opsbook published it."""

    generated_at: dt.datetime
    opsbook_version: str
    site_url: str | None
    documents: list[DocumentExport]


def export_knowledge_base(
    kb: KnowledgeBase,
    *,
    page_urls: dict[str, str],
    today: dt.date,
    history: History | None = None,
    site_url: str | None = None,
    now: dt.datetime | None = None,
) -> KnowledgeBaseExport:
    """`page_urls`: each document's page URL relative to the site's root, by id. The
    documents are gathered as plain data and checked against the model in one call: a
    preview makes this again after every edit, and one validation of the whole is several
    times faster than thousands of small models built one by one."""
    documents: list[dict[str, object]] = []
    for entry in sorted(kb.entries.values(), key=lambda e: (e.kind, e.id)):
        doc = entry.model
        status = review_status(entry, today)
        review = None
        if status is not None:
            state = (
                "overdue"
                if status.overdue
                else "due-soon"
                if status.days_overdue >= -DUE_SOON_DAYS
                else "current"
            )
            review = {
                "last_reviewed": status.last_reviewed,
                "due": status.due,
                "days_overdue": status.days_overdue,
                "state": state,
            }
        changes = history.for_path(entry.rel_path) if history and history.available else ()
        last = changes[0].commit if changes else None
        url = page_urls[entry.id]
        documents.append(
            {
                "kind": doc.kind,
                "id": doc.id,
                "title": doc.title,
                "summary": doc.summary,
                "owner": doc.owner,
                "tags": list(doc.tags),
                "url": url,
                "absolute_url": urljoin(site_url, url) if site_url else None,
                "source": entry.rel_path,
                "review": review,
                "last_change": (
                    {"date": last.date, "author": last.author_name, "commit": last.sha}
                    if last is not None
                    else None
                ),
                "references": [
                    {"field": reference.field, "id": reference.target}
                    for reference in doc.references()
                ],
                "backlinks": [link.source.id for link in kb.backlinks.get(doc.id, [])],
            }
        )
    return KnowledgeBaseExport.model_validate(
        {
            "generated_at": now or dt.datetime.now(dt.UTC),
            "opsbook_version": __version__,
            "site_url": site_url,
            "documents": documents,
        }
    )
