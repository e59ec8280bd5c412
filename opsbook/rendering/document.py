"""One document to the Markdown of its page, through the template of its kind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from opsbook.knowledge_base import Entry, KnowledgeBase
from opsbook.rendering.flowchart import MERMAID_MAX_TEXT, flowchart
from opsbook.rendering.labels import Labels
from opsbook.rendering.page import assemble_page
from opsbook.rendering.page_meta import document_meta
from opsbook.rendering.raci import raci_matrix
from opsbook.rendering.urls import Linker
from opsbook.review import review_status
from opsbook.schemas import FeatureGuide, OnboardingPath, Process, Runbook, Team

__all__ = ["DocLink", "Linker", "link_for", "render_document", "template_name"]


@dataclass(frozen=True, slots=True)
class DocLink:
    """Another document as a page links to it."""

    id: str
    title: str
    kind: str
    url: str | None
    summary: str


def template_name(kind: str) -> str:
    return f"opsbook/{kind}.html"


def link_for(kb: KnowledgeBase, link: Linker, document_id: str | None) -> DocLink | None:
    if document_id is None:
        return None
    entry = kb.entries.get(document_id)
    if entry is None:
        return None
    return DocLink(entry.id, entry.title, entry.kind, link(entry.id), entry.model.summary)


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
) -> str:
    """The complete page Markdown for `entry`: front matter and the page its template
    writes, with `history` (an HTML block, see history_sections) at the end."""
    doc = entry.model

    def to(document_id: str | None) -> DocLink | None:
        return link_for(kb, link, document_id)

    owner_id = doc.owner
    context: dict[str, Any] = {
        "doc": doc,
        "entry": entry,
        "t": labels,
        "kind_label": labels.kinds.get(doc.kind, doc.kind),
        "owner": to(owner_id),
        "owner_team": _team(kb, owner_id),
        "related": [found for found in map(to, doc.related) if found is not None],
        "backlinks": [
            found
            for found in (to(backlink.source.id) for backlink in kb.backlinks.get(doc.id, []))
            if found is not None and found.id not in doc.related
        ],
        "review": review_status(entry, today),
        "body": entry.raw.body.strip("\n") if entry.raw.source_format == "markdown" else "",
        "show_tags": bool(doc.tags) and not tags_plugin,
        "link": to,
    }
    if isinstance(doc, Runbook):
        context["escalation"] = [
            {
                "after_minutes": step.after_minutes,
                "team": to(step.contact),
                "channels": _channels(kb, step.contact),
            }
            for step in doc.escalation
        ]
    elif isinstance(doc, Process):
        chart = flowchart(doc, labels.start, labels.end)
        # Past Mermaid's text limit a reader would get an error instead of a chart.
        context["flowchart"] = chart if len(chart) <= MERMAID_MAX_TEXT else None
        context["raci"] = raci_matrix(doc)
        context["step_titles"] = {step.id: step.title for step in doc.steps}
    elif isinstance(doc, FeatureGuide):
        context["support"] = to(doc.support_contact or doc.owner)
    elif isinstance(doc, OnboardingPath):
        context["prerequisite_paths"] = [
            found for found in map(to, doc.prerequisites) if found is not None
        ]
        context["modules"] = [{"module": module, "doc": to(module.doc)} for module in doc.modules]
        context["required_minutes"] = doc.required_minutes
    elif isinstance(doc, Team):
        owned = kb.owned.get(doc.id, [])
        owned_ids = {item.id for item in owned}
        context["backlinks"] = [b for b in context["backlinks"] if b.id not in owned_ids]
        groups: dict[str, list[DocLink]] = {}
        for item in owned:
            found = to(item.id)
            if found is not None:
                groups.setdefault(item.kind, []).append(found)
        context["owned_groups"] = [
            (labels.kinds_plural.get(kind, kind), groups[kind]) for kind in sorted(groups)
        ]
    rendered = env.get_template(template_name(doc.kind)).render(context)
    meta = {**document_meta(entry), **(extra_meta or {})}
    page = assemble_page(rendered, meta=meta, document=True)
    return f"{page}\n{history}" if history else page


def _team(kb: KnowledgeBase, team_id: str | None) -> Team | None:
    entry = kb.entries.get(team_id) if team_id else None
    return entry.model if entry is not None and isinstance(entry.model, Team) else None


def _channels(kb: KnowledgeBase, team_id: str) -> list[tuple[str, str]]:
    team = _team(kb, team_id)
    if team is None or team.channels is None:
        return []
    return [(name, value) for name, value in team.channels.model_dump().items() if value]
