"""What a branch changes in the knowledge base, for its pull request.

Documents are named by title and kind (removed ones by the title of their
last version), with the teams whose documents changed, the documents that
point at changed ones and so may need a look, and the validation result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from opsbook.changelog import PAGE_KIND, page_title, title_from_source
from opsbook.history import DiffEntry, DiffSummary, read_blobs
from opsbook.knowledge_base import Entry, KnowledgeBase
from opsbook.loading.reader import MARKDOWN_SUFFIXES, YAML_SUFFIXES, document_data
from opsbook.problems import Problem
from opsbook.schemas.team import Team

__all__ = ["ChangeSummary", "ChangedDocument", "OwnerToAsk", "Referrer", "summarise_changes"]


@dataclass(frozen=True, slots=True)
class ChangedDocument:
    action: str
    path: str
    old_path: str | None
    title: str
    kind: str
    document_id: str | None
    owner: str | None
    former_id: str | None = None
    """The id a removed document had."""


@dataclass(frozen=True, slots=True)
class OwnerToAsk:
    team_id: str
    title: str
    handles: tuple[str, ...]
    documents: int


@dataclass
class Referrer:
    """A document that points at a changed one, so its owners may want a look."""

    title: str
    kind: str
    path: str
    references: list[str]
    id: str | None = None


@dataclass
class ChangeSummary:
    base: str
    merge_base: str
    documents: list[ChangedDocument] = field(default_factory=list)
    owners: list[OwnerToAsk] = field(default_factory=list)
    referencing: list[Referrer] = field(default_factory=list)
    """Unchanged documents that reference changed or removed ones."""
    problems: list[Problem] = field(default_factory=list)
    document_count: int = 0


def summarise_changes(kb: KnowledgeBase, diff: DiffSummary) -> ChangeSummary:
    summary = ChangeSummary(
        diff.base, diff.merge_base, problems=kb.problems, document_count=kb.document_count
    )
    by_path = kb.by_path()
    content = tuple(YAML_SUFFIXES | MARKDOWN_SUFFIXES)
    entries = [e for e in diff.entries if e.path.lower().endswith(content)]
    removed = [e for e in entries if e.kind == "deleted"]
    old_versions: dict[tuple[str, str], bytes] = {}
    if removed and diff.repo_root is not None:
        wanted = [(diff.merge_base, diff.repo_path(e.path)) for e in removed]
        old_versions = read_blobs(diff.repo_root, wanted)
    for change in entries:
        document = _describe(change, kb, by_path.get(change.path), diff, old_versions)
        if document is not None:
            summary.documents.append(document)
    summary.owners = _owners(summary.documents, kb)
    summary.referencing = _referencing(summary.documents, kb)
    return summary


def _describe(
    change: DiffEntry,
    kb: KnowledgeBase,
    current: Entry | None,
    diff: DiffSummary,
    old_versions: dict[tuple[str, str], bytes],
) -> ChangedDocument | None:
    """The changed file as a reader names it; None for YAML that is not a document."""
    is_yaml = change.path.lower().endswith(tuple(YAML_SUFFIXES))
    if change.kind == "deleted":
        old = old_versions.get((diff.merge_base, diff.repo_path(change.path)), b"")
        title, kind = title_from_source(change.path, old)
        if kind == PAGE_KIND and is_yaml:
            return None
        data = document_data(change.path, old.decode("utf-8", "replace"))
        former = data.get("id") if isinstance(data, dict) else None
        return ChangedDocument(
            change.kind,
            change.path,
            None,
            title,
            kind,
            None,
            _owner_in(data),
            former if isinstance(former, str) else None,
        )
    if current is not None:
        return ChangedDocument(
            change.kind,
            change.path,
            change.old_path,
            current.title,
            current.kind,
            current.id,
            _owner_of(current),
        )
    source = kb.sources.get(change.path)
    if source is not None and source.document is not None:  # a document, invalid for now
        data = source.document.data
        raw_title, raw_kind = data.get("title"), data.get("kind")
        return ChangedDocument(
            change.kind,
            change.path,
            change.old_path,
            raw_title if isinstance(raw_title, str) else page_title(change.path, None),
            raw_kind if isinstance(raw_kind, str) else PAGE_KIND,
            None,
            _owner_in(data),
        )
    if is_yaml and (source is None or not source.problems):
        return None  # a YAML file that is not a content document
    if is_yaml:  # unreadable YAML: name it from its top-level lines as well as we can
        found = dict(_TOP_LEVEL.findall(source.text or "")) if source else {}
        title = found.get("title", "").strip("'\" ") or page_title(change.path, None)
        kind = found.get("kind", "").strip("'\" ") or "document"
        return ChangedDocument(
            change.kind, change.path, change.old_path, title, kind, None, found.get("owner")
        )
    title = page_title(change.path, source.text if source else None)
    return ChangedDocument(change.kind, change.path, change.old_path, title, PAGE_KIND, None, None)


_TOP_LEVEL = re.compile(r"^(kind|title|owner)[ \t]*:[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def _owner_of(entry: Entry) -> str | None:
    if isinstance(entry.model, Team):
        return entry.id
    return entry.model.owner


def _owner_in(data: object) -> str | None:
    """The team answering for a document's data: its owner, or itself for a team."""
    if not isinstance(data, dict):
        return None
    if data.get("kind") == "team" and isinstance(data.get("id"), str):
        return str(data["id"])
    owner = data.get("owner")
    return owner if isinstance(owner, str) else None


def _owners(documents: list[ChangedDocument], kb: KnowledgeBase) -> list[OwnerToAsk]:
    counts: dict[str, int] = {}
    for document in documents:
        if document.owner:
            counts[document.owner] = counts.get(document.owner, 0) + 1
    owners = []
    for team_id, count in sorted(counts.items()):
        entry = kb.entries.get(team_id)
        team = entry.model if entry is not None and isinstance(entry.model, Team) else None
        owners.append(
            OwnerToAsk(
                team_id,
                team.title if team else team_id,
                tuple(team.codeowners) if team else (),
                count,
            )
        )
    return owners


def _referencing(documents: list[ChangedDocument], kb: KnowledgeBase) -> list[Referrer]:
    """Unchanged documents pointing at changed or removed ones (a reference to a
    removed one is broken: validation reports it too)."""
    changed_paths = {d.path for d in documents}
    found: dict[str, Referrer] = {}

    def add(rel_path: str, title: str, kind: str, target: str, ref_id: str | None) -> None:
        if rel_path in changed_paths:
            return
        referrer = found.setdefault(rel_path, Referrer(title, kind, rel_path, [], ref_id))
        if target not in referrer.references:
            referrer.references.append(target)

    for document in documents:
        target = document.document_id or document.former_id
        for link in kb.backlinks.get(target, []) if target else []:
            entry = link.source
            add(entry.rel_path, entry.title, entry.kind, document.title, entry.id)
    return sorted(found.values(), key=lambda item: item.title.casefold())
