"""Per-file history, following renames, built in one sweep from newest to oldest.

The sweep keeps a map from each path a file used to have to the path it has now. A rename
to `new` from `old` files the change under `new`'s current name and sends later (older)
changes of `old` there too. An addition, or being the target of a rename, ends a path's
earlier life: older changes under that path belong to another file (one that was deleted
or moved away before), so they are filed under the path itself again.
"""

from __future__ import annotations

from collections.abc import Iterable

from opsbook.history.model import Change, lookup_key

__all__ = ["build_index"]


def build_index(changes: Iterable[Change]) -> dict[str, tuple[Change, ...]]:
    """Map each path (NFC) to its changes, newest first, given changes newest first.

    Updates to the map wait until a commit's changes are all filed, so a commit that swaps
    two names files each change under the right file.
    """
    current: dict[str, str] = {}  # earlier path -> the path that file has now
    found: dict[str, list[Change]] = {}
    ended: list[str] = []
    moved: list[tuple[str, str]] = []
    sha = ""
    for change in changes:
        if change.commit.sha != sha:
            _apply(current, ended, moved)
            sha = change.commit.sha
        path = lookup_key(change.path)
        key = current.get(path, path)
        found.setdefault(key, []).append(change)
        if change.kind == "added" or change.kind == "renamed":
            ended.append(path)
        if change.kind == "renamed" and change.old_path is not None:
            moved.append((lookup_key(change.old_path), key))
    return {path: tuple(items) for path, items in found.items()}


def _apply(current: dict[str, str], ended: list[str], moved: list[tuple[str, str]]) -> None:
    for path in ended:
        current.pop(path, None)
    for old, key in moved:
        current[old] = key
    ended.clear()
    moved.clear()
