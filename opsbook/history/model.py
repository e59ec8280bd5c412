"""What the history of the docs folder is made of: commits, changes, and the result objects.

Everything here is immutable so that one parsed history can be cached and handed to every
build of `mkdocs serve` without a build being able to spoil it for the next.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

__all__ = [
    "Change",
    "ChangeKind",
    "Commit",
    "DiffEntry",
    "DiffSummary",
    "History",
    "HistoryError",
    "lookup_key",
]

ChangeKind = Literal["added", "modified", "renamed", "deleted"]


def lookup_key(rel_path: str) -> str:
    """The form paths are indexed under (NFC), so an NFD name from macOS finds its history."""
    return unicodedata.normalize("NFC", rel_path)


class HistoryError(Exception):
    """A git question could not be answered; `message` is written for the person at the terminal.

    `reason` is a stable word (`no-git`, `no-repo`, `bare`, `outside`, `empty`, `bad-ref`,
    `no-merge-base`, `git-failed`) so a command line can choose an exit code without parsing text.
    """

    def __init__(self, message: str, reason: str = "git-failed") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit as a page's history shows it: who, when, and the first line of the message."""

    sha: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    date: datetime
    subject: str

    @property
    def short_sha(self) -> str:
        """Seven characters, enough to read and to paste into `git show` in a docs repository."""
        return self.sha[:7]


@dataclass(frozen=True, slots=True)
class Change:
    """One file changed by one commit. `path` is relative to the docs folder, POSIX, as git has
    it; `old_path` is set for renames only."""

    commit: Commit
    kind: ChangeKind
    path: str
    old_path: str | None = None


@dataclass(frozen=True, slots=True)
class History:
    """The history of every file under the docs folder, read with one `git log`.

    `available` is false when there is no history to show (no git, no repository, no commits);
    `warnings` then says why, in words for the person running the build. A shallow clone is
    available but warned about, because its oldest commits look like every file was added then.
    `changes` is newest first; `index` maps each path (NFC) to its changes, newest first,
    including those made under the names the file had before it was renamed.
    """

    available: bool
    warnings: tuple[str, ...] = ()
    shallow: bool = False
    repo_root: Path | None = None
    docs_prefix: str = ""
    head: str | None = None
    changes: tuple[Change, ...] = ()
    index: Mapping[str, tuple[Change, ...]] = field(default_factory=dict, repr=False, compare=False)
    boundary: frozenset[str] = frozenset()

    def for_path(self, rel_path: str) -> tuple[Change, ...]:
        """Changes of one docs-relative path, newest first, following renames back."""
        return self.index.get(lookup_key(rel_path), ())

    def last_change(self, rel_path: str) -> Change | None:
        """The newest change of a path: when and by whom the page was last edited."""
        found = self.for_path(rel_path)
        return found[0] if found else None

    def first_change(self, rel_path: str) -> Change | None:
        """The change that created the file as it is now: its newest addition, since a path
        deleted and added again starts a new page. None when the history does not reach back
        to it (a shallow clone or `max_count` cut it off)."""
        for change in self.for_path(rel_path):
            if change.kind == "added":
                return None if change.commit.sha in self.boundary else change
        return None

    def repo_path(self, rel_path: str) -> str:
        """A docs-relative path as git names it, relative to the repository root."""
        return f"{self.docs_prefix}/{rel_path}" if self.docs_prefix else rel_path


@dataclass(frozen=True, slots=True)
class DiffEntry:
    """One file that differs between the merge base and HEAD, relative to the docs folder."""

    kind: ChangeKind
    path: str
    old_path: str | None = None


@dataclass(frozen=True, slots=True)
class DiffSummary:
    """What a branch changed under the docs folder since it left `base`.

    The comparison is merge base to HEAD: commits only. Uncommitted edits are not included,
    because a pull-request summary describes what was pushed.
    """

    base: str
    merge_base: str
    head: str
    entries: tuple[DiffEntry, ...] = ()
    repo_root: Path | None = None
    docs_prefix: str = ""
    """The docs folder relative to the repository root ("" when they are the same)."""

    def repo_path(self, rel_path: str) -> str:
        """A docs-relative path as git names it, for reading old versions."""
        return f"{self.docs_prefix}/{rel_path}" if self.docs_prefix else rel_path

    def _paths(self, kind: ChangeKind) -> tuple[str, ...]:
        return tuple(entry.path for entry in self.entries if entry.kind == kind)

    @property
    def added(self) -> tuple[str, ...]:
        return self._paths("added")

    @property
    def modified(self) -> tuple[str, ...]:
        return self._paths("modified")

    @property
    def deleted(self) -> tuple[str, ...]:
        return self._paths("deleted")

    @property
    def renamed(self) -> tuple[tuple[str, str], ...]:
        """(old path, new path) pairs."""
        return tuple(
            (entry.old_path or "", entry.path) for entry in self.entries if entry.kind == "renamed"
        )
