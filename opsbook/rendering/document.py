"""One document to the Markdown of its page, through the template of its kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment

from opsbook.kinds import KINDS, kind_of
from opsbook.knowledge_base import Entry, KnowledgeBase
from opsbook.rendering.labels import Labels
from opsbook.rendering.links import DocLink, link_for
from opsbook.rendering.page import assemble_page
from opsbook.rendering.page_meta import document_meta
from opsbook.rendering.urls import Linker
from opsbook.review import review_status
from opsbook.schemas.team import Team

__all__ = ["PageContext", "render_document"]


@dataclass
class PageContext:
    """What a kind's page context may ask about the rest of the knowledge base."""

    kb: KnowledgeBase
    labels: Labels
    today: dt.date
    link: Linker
    kind_order: Sequence[str] = field(default=KINDS)

    def to(self, document_id: str | None) -> DocLink | None:
        """How this page links to a document; None for no such document."""
        return link_for(self.kb, self.link, document_id)

    def backlinks(self, document_id: str, kind: str | None = None) -> list[DocLink]:
        """Documents that name `document_id` (of `kind` only, when given)."""
        found = (
            self.to(backlink.source.id)
            for backlink in self.kb.backlinks.get(document_id, [])
            if kind is None or backlink.source.kind == kind
        )
        return [link for link in found if link is not None]

    def team(self, team_id: str | None) -> Team | None:
        entry = self.kb.entries.get(team_id) if team_id else None
        return entry.model if entry is not None and isinstance(entry.model, Team) else None

    def channels(self, team_id: str) -> list[tuple[str, str]]:
        """The team's channels (kind, address) as it wrote them."""
        team = self.team(team_id)
        if team is None or team.channels is None:
            return []
        return [(name, value) for name, value in team.channels.model_dump().items() if value]


def render_document(
    env: Environment,
    entry: Entry,
    kb: KnowledgeBase,
    *,
    labels: Labels,
    link: Linker,
    today: dt.date,
    tags_plugin: bool = False,
    history: str = "",
    extra_meta: dict[str, Any] | None = None,
    report_url: str | None = None,
) -> str:
    """The complete page Markdown for `entry`: front matter and the page its template
    writes, with `history` (an HTML block, see history_sections) at the end."""
    doc = entry.model
    kind = kind_of(doc.kind)
    page = PageContext(kb, labels, today, link)
    context: dict[str, Any] = {
        "doc": doc,
        "entry": entry,
        "t": labels,
        "kind_label": labels.kinds.get(doc.kind, doc.kind),
        "owner": page.to(doc.owner),
        "owner_team": page.team(doc.owner),
        "related": [found for found in map(page.to, doc.related) if found is not None],
        "backlinks": [b for b in page.backlinks(doc.id) if b.id not in doc.related],
        "review": review_status(entry, today),
        "body": entry.raw.body.strip("\n") if entry.raw.source_format == "markdown" else "",
        "show_tags": bool(doc.tags) and not tags_plugin,
        "link": page.to,
        "report_url": report_url,
        **kind.page_context(doc, page),
    }
    rendered = env.get_template(kind.template).render(context)
    meta = {**document_meta(entry), **(extra_meta or {})}
    markdown = assemble_page(rendered, meta=meta, document=True)
    return f"{markdown}\n{history}" if history else markdown
