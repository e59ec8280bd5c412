"""The knowledge base's changelog: git history told in documents' titles.

Each entry is one file changed by one commit, named by the document's title:
the current title while the document exists, the title of its last version
once it is removed (read for all removed documents with one git process).
Pages and the feed show one item per commit (`by_commit`): its subject, author
and date once, then the documents it added, changed, renamed or removed.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from opsbook.history import Change, Commit, History, read_contents
from opsbook.knowledge_base import KnowledgeBase
from opsbook.loading.frontmatter import split_front_matter
from opsbook.loading.reader import MARKDOWN_SUFFIXES, YAML_SUFFIXES, document_data

__all__ = [
    "PAGE_KIND",
    "ChangelogEntry",
    "CommitChanges",
    "by_commit",
    "changelog_entries",
    "months",
    "page_title",
    "shown_path",
    "title_from_source",
]

PAGE_KIND = "page"
"""The kind given to ordinary Markdown pages in the changelog."""

_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class ChangelogEntry:
    commit: Commit
    action: str
    """added, modified, renamed or deleted."""
    path: str
    old_path: str | None
    title: str
    kind: str
    """A content kind, or `page` for an ordinary Markdown page."""
    document_id: str | None
    """The id of the document as it exists now (None once removed)."""
    current_path: str = ""
    """Where the file is now (or was last), after any renames."""

    @property
    def date(self) -> dt.datetime:
        return self.commit.date


@dataclass(frozen=True, slots=True)
class CommitChanges:
    """One commit and the entries of the documents and pages it changed, in log order."""

    commit: Commit
    entries: tuple[ChangelogEntry, ...]

    @property
    def date(self) -> dt.datetime:
        return self.commit.date


def by_commit(entries: Iterable[ChangelogEntry]) -> list[CommitChanges]:
    """Entries gathered by commit, the commits in the order of their first entry."""
    groups: dict[str, list[ChangelogEntry]] = {}
    commits: dict[str, Commit] = {}
    for entry in entries:
        groups.setdefault(entry.commit.sha, []).append(entry)
        commits.setdefault(entry.commit.sha, entry.commit)
    return [CommitChanges(commits[sha], tuple(items)) for sha, items in groups.items()]


def shown_path(path: str) -> str:
    """A path git gave as undecodable bytes (kept with surrogates), made printable."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def page_title(rel_path: str, text: str | None) -> str:
    """An ordinary page's title as MkDocs would find it: front matter, first heading, file name."""
    if text:
        front = split_front_matter(text)
        body = text
        if front is not None and not front.unclosed:
            body = front.body
            match = re.search(r"^title:[ \t]*(.+?)[ \t]*$", front.yaml, re.MULTILINE)
            if match:
                return match.group(1).strip("'\"")
        heading = _HEADING.search(body)
        if heading:
            return heading.group(1).strip()
    stem = posixpath.splitext(posixpath.basename(shown_path(rel_path)))[0]
    if stem in ("index", "README"):
        parent = posixpath.basename(posixpath.dirname(rel_path))
        stem = parent or "home"
    return stem.replace("-", " ").replace("_", " ").capitalize()


def title_from_source(rel_path: str, content: bytes) -> tuple[str, str]:
    """(title, kind) of a file's old version, for documents that no longer exist."""
    text = content.decode("utf-8", "replace")
    suffix = posixpath.splitext(rel_path)[1].lower()
    data = document_data(rel_path, text)
    if isinstance(data, dict) and isinstance(data.get("title"), str):
        kind = data.get("kind")
        return data["title"], kind if isinstance(kind, str) else PAGE_KIND
    # A YAML file's comment lines are not headings: only Markdown gets searched.
    return page_title(rel_path, text if suffix in MARKDOWN_SUFFIXES else None), PAGE_KIND


def changelog_entries(
    history: History,
    kb: KnowledgeBase,
    *,
    exclude: Sequence[str] = (),
) -> list[ChangelogEntry]:
    """Changes to documents and pages, newest first, without excluded commits.

    Every entry of a file carries the file's name as it is now: the current
    title of a document or page that exists, the title of its last version for
    one that was removed. In a shallow clone, the oldest fetched commit seems
    to add every file; those additions are left out, as they never happened.
    """
    patterns = [re.compile(pattern) for pattern in exclude]
    by_path = kb.by_path()
    renamed = _renamed_to(history)
    wanted: list[tuple[Change, str]] = []
    for change in history.changes:
        suffix = posixpath.splitext(change.path)[1].lower()
        if suffix not in YAML_SUFFIXES | MARKDOWN_SUFFIXES:
            continue
        if change.kind == "added" and change.commit.sha in history.boundary:
            continue
        if any(
            p.search(change.commit.subject) or p.search(change.commit.author_name) for p in patterns
        ):
            continue
        current = renamed.get(change.path, change.path)
        if suffix in YAML_SUFFIXES and current not in by_path and current in kb.sources:
            continue  # an existing YAML file that is not a content document
        wanted.append((change, current))
    names = _names_now(history, kb, {current for _, current in wanted})
    entries = []
    for change, current in wanted:
        name = names.get(current)
        if name is None:
            continue  # a removed YAML file that was not a content document
        title, kind, document_id = name
        entries.append(
            ChangelogEntry(
                commit=change.commit,
                action=change.kind,
                path=shown_path(change.path),
                old_path=shown_path(change.old_path) if change.old_path else None,
                title=title,
                kind=kind,
                document_id=document_id,
                current_path=current,
            )
        )
    return entries


def _names_now(
    history: History, kb: KnowledgeBase, paths: set[str]
) -> dict[str, tuple[str, str, str | None]]:
    """(title, kind, id) of each path as it is now, or as it last was if removed."""
    by_path = kb.by_path()
    names: dict[str, tuple[str, str, str | None]] = {}
    last_versions: list[Change] = []
    for path in paths:
        entry = by_path.get(path)
        source = kb.sources.get(path)
        if entry is not None:
            names[path] = (entry.title, entry.kind, entry.id)
        elif source is not None and source.document is not None:
            data = source.document.data  # an invalid document: still named as it is now
            title = data.get("title")
            kind = data.get("kind")
            names[path] = (
                title if isinstance(title, str) else page_title(path, None),
                kind if isinstance(kind, str) else PAGE_KIND,
                None,
            )
        elif source is not None:
            if path.lower().endswith(tuple(MARKDOWN_SUFFIXES)):
                names[path] = (page_title(path, source.text), PAGE_KIND, None)
        else:
            last = history.last_change(path)
            if last is not None:
                last_versions.append(last)
    for change, content in read_contents(history, last_versions).items():
        title, kind = title_from_source(change.path, content)
        if kind == PAGE_KIND and change.path.lower().endswith(tuple(YAML_SUFFIXES)):
            continue
        names[change.path] = (title, kind, None)
    return names


def _renamed_to(history: History) -> dict[str, str]:
    """Old path -> the path the file has today, for files renamed since."""
    today: dict[str, str] = {}
    for path, changes in history.index.items():
        for change in changes:
            if change.old_path:
                today.setdefault(change.old_path, path)
            if change.path != path:
                today.setdefault(change.path, path)
    return today


_Dated = TypeVar("_Dated", "ChangelogEntry", "CommitChanges")


def months(items: Iterable[_Dated]) -> list[tuple[str, list[_Dated]]]:
    """Entries or commits grouped by year and month (`2026-11`), keeping their order."""
    groups: dict[str, list[_Dated]] = {}
    for item in items:
        groups.setdefault(item.date.strftime("%Y-%m"), []).append(item)
    return list(groups.items())
