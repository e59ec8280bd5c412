"""Which pages show what of which documents.

A preview (`mkdocs serve --dirty`) rebuilds only what an edit changes, so it
must know every page that shows an edited document; a catalog page is made
again only when one of its inputs changed. Pages show other documents in three
ways, and these functions follow all three:

- a document's page shows the documents it references (their title and link,
  and its owner team's name and handles in the "report a problem" link);
- it shows the documents that reference it (backlinks, an onboarding path's
  modules, a feature's experiments);
- a team's page lists the documents it owns, with their titles.
"""

from __future__ import annotations

from collections.abc import Iterable

from opsbook.knowledge_base import Entry, KnowledgeBase
from opsbook.loading.reader import SourceFile

__all__ = ["listed_facts", "pages_showing", "sources_of", "surface", "with_references"]


def surface(kb: KnowledgeBase) -> tuple[tuple[str, str, str, str | None, str], ...]:
    """What any page may show of a document it links to: id, kind, title, owner (team
    pages count what they own) and path (the link)."""
    return tuple(
        (entry.id, entry.kind, entry.title, entry.model.owner, entry.rel_path)
        for entry in kb.entries.values()
    )


def listed_facts(kb: KnowledgeBase) -> tuple[tuple[object, ...], ...]:
    """What lists of every document (the catalog overview, kb.json) show besides the
    surface: summary, tags, review schedule and the ids each names. Unchanged by an edit
    of a document's body or of its kind's own fields."""
    return tuple(
        (
            entry.model.summary,
            tuple(entry.model.tags),
            entry.model.review,
            tuple((reference.field, reference.target) for reference in entry.model.references()),
        )
        for entry in kb.entries.values()
    )


def sources_of(kb: KnowledgeBase, entries: Iterable[Entry]) -> tuple[SourceFile | None, ...]:
    """The files the documents were read from: equal exactly while they are unchanged."""
    return tuple(kb.sources.get(entry.rel_path) for entry in entries)


def with_references(kb: KnowledgeBase, entries: Iterable[Entry]) -> list[Entry]:
    """The documents and every document they reference (their owners too)."""
    found: dict[str, Entry] = {}
    for entry in entries:
        found[entry.id] = entry
        for reference in entry.model.references():
            target = kb.entries.get(reference.target)
            if target is not None:
                found.setdefault(target.id, target)
    return list(found.values())


def pages_showing(kb: KnowledgeBase, rel_path: str) -> set[str]:
    """Paths of the documents whose pages show the document read from `rel_path`, itself
    included; empty when no valid document came from there."""
    entry = kb.by_path().get(rel_path)
    if entry is None:
        return set()
    shown = {entry.rel_path}
    shown.update(target.rel_path for target in with_references(kb, [entry]))
    shown.update(link.source.rel_path for link in kb.backlinks.get(entry.id, ()))
    shown.update(owned.rel_path for owned in kb.owned.get(entry.id, ()))
    return shown
