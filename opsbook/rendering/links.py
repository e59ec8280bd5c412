"""Other documents as a page links to them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opsbook.knowledge_base import KnowledgeBase
    from opsbook.rendering.urls import Linker

__all__ = ["DocLink", "link_for"]


@dataclass(frozen=True, slots=True)
class DocLink:
    """Another document as a page links to it."""

    id: str
    title: str
    kind: str
    url: str | None
    summary: str


def link_for(kb: KnowledgeBase, link: Linker, document_id: str | None) -> DocLink | None:
    """The document `document_id` as the page `link` belongs to links to it; None when
    there is no such document."""
    if document_id is None:
        return None
    entry = kb.entries.get(document_id)
    if entry is None:
        return None
    return DocLink(entry.id, entry.title, entry.kind, link(entry.id), entry.model.summary)
