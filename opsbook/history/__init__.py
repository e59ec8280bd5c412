"""Page history and changes from git, read in one pass; independent of any renderer.

    read_history(docs_dir, *, max_count=None) -> History
        One `git log` for the whole docs folder (none again while HEAD stays the same).
        `History.changes` lists every change newest first (the site changelog);
        `History.for_path(rel)`, `.last_change(rel)` and `.first_change(rel)` give one file's
        history, following renames. Never raises: `available` and `warnings` say what is
        missing (no git, no repository, no commits, shallow clone).
    uncommitted_paths(docs_dir) -> frozenset[str]
        Docs-relative paths that are untracked or differ from HEAD; one `git status` per call.
    read_contents(history, changes) -> dict[Change, bytes]
    read_blobs(repo_root, [(rev, repo_path), ...]) -> dict[(rev, repo_path), bytes]
        File contents at commits with one `git cat-file --batch`, e.g. a deleted page's last
        version for its title in the changelog.
    diff_against(docs_dir, base) -> DiffSummary
        Docs files added, modified, renamed or deleted between the merge base with `base` and
        HEAD, for a pull-request summary. Raises HistoryError (message for people, `reason` for
        exit codes) when the base is unknown or there is no repository.

Paths given and returned are relative to the docs folder, POSIX, whether the docs folder is
the repository root or nested deep in it.
"""

from __future__ import annotations

from opsbook.history.blobs import read_blobs
from opsbook.history.cache import clear_caches
from opsbook.history.diff import diff_against
from opsbook.history.model import (
    Change,
    ChangeKind,
    Commit,
    DiffEntry,
    DiffSummary,
    History,
    HistoryError,
)
from opsbook.history.reader import SHALLOW_WARNING, read_contents, read_history
from opsbook.history.status import uncommitted_paths

__all__ = [
    "SHALLOW_WARNING",
    "Change",
    "ChangeKind",
    "Commit",
    "DiffEntry",
    "DiffSummary",
    "History",
    "HistoryError",
    "clear_caches",
    "diff_against",
    "read_blobs",
    "read_contents",
    "read_history",
    "uncommitted_paths",
]
