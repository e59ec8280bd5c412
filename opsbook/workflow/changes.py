"""What a branch changes in the knowledge base, for its pull request.

Documents are named by title and kind (removed ones by the title of their
last version), with the teams whose documents changed, the documents that
point at changed ones and so may need a look, and the validation result.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from opsbook.changelog import PAGE_KIND, page_title, title_from_source
from opsbook.history import DiffSummary, read_blobs
from opsbook.knowledge_base import Entry, KnowledgeBase
from opsbook.loading.reader import MARKDOWN_SUFFIXES, YAML_SUFFIXES
from opsbook.problems import Problem
from opsbook.schemas import Team

__all__ = ["ChangeSummary", "ChangedDocument", "OwnerToAsk", "summarise_changes"]


@dataclass(frozen=True, slots=True)
class ChangedDocument:
    action: str
    path: str
    old_path: str | None
    title: str
    kind: str
    document_id: str | None
    owner: str | None


@dataclass(frozen=True, slots=True)
class OwnerToAsk:
    team_id: str
    title: str
    handles: tuple[str, ...]
    documents: int


@dataclass
class ChangeSummary:
    base: str
    merge_base: str
    documents: list[ChangedDocument] = field(default_factory=list)
    owners: list[OwnerToAsk] = field(default_factory=list)
    referencing: list[tuple[Entry, list[str]]] = field(default_factory=list)
    """Unchanged documents that reference changed ones, with the titles they reference."""
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
        current = by_path.get(change.path)
        if current is not None and change.kind != "deleted":
            document = ChangedDocument(
                change.kind,
                change.path,
                change.old_path,
                current.title,
                current.kind,
                current.id,
                _owner_of(current),
            )
        elif change.kind == "deleted":
            old = old_versions.get((diff.merge_base, diff.repo_path(change.path)), b"")
            title, kind = title_from_source(change.path, old)
            document = ChangedDocument(
                change.kind, change.path, None, title, kind, None, _old_owner(old, change.path)
            )
        else:
            source = kb.sources.get(change.path)
            if change.path.lower().endswith(tuple(YAML_SUFFIXES)) and (
                source is None or not source.problems
            ):
                continue  # a YAML file that is not a content document
            title = page_title(change.path, source.text if source else None)
            document = ChangedDocument(
                change.kind, change.path, change.old_path, title, PAGE_KIND, None, None
            )
        summary.documents.append(document)
    summary.owners = _owners(summary.documents, kb)
    summary.referencing = _referencing(summary.documents, kb)
    return summary


def _owner_of(entry: Entry) -> str | None:
    if isinstance(entry.model, Team):
        return entry.id
    return entry.model.owner


def _old_owner(content: bytes, path: str) -> str | None:
    from opsbook.loading.frontmatter import split_front_matter
    from opsbook.loading.yaml_reader import YamlError, parse_yaml

    text = content.decode("utf-8", "replace")
    try:
        if posixpath.splitext(path)[1].lower() in YAML_SUFFIXES:
            data, _ = parse_yaml(text)
        else:
            front = split_front_matter(text)
            data = parse_yaml(front.yaml)[0] if front and not front.unclosed else None
    except YamlError:
        return None
    if isinstance(data, dict):
        if data.get("kind") == "team" and isinstance(data.get("id"), str):
            return str(data["id"])
        owner = data.get("owner")
        return owner if isinstance(owner, str) else None
    return None


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


def _referencing(
    documents: list[ChangedDocument], kb: KnowledgeBase
) -> list[tuple[Entry, list[str]]]:
    changed_ids = {d.document_id for d in documents if d.document_id}
    changed_paths = {d.path for d in documents}
    found: dict[str, tuple[Entry, list[str]]] = {}
    for document in documents:
        if document.document_id is None:
            continue
        for link in kb.backlinks.get(document.document_id, []):
            source = link.source
            if source.id in changed_ids or source.rel_path in changed_paths:
                continue
            found.setdefault(source.id, (source, []))[1].append(document.title)
    return sorted(found.values(), key=lambda item: item[0].title.casefold())
