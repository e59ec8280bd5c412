"""File contents at given commits, many at once, with one `git cat-file --batch`.

The site changelog names a deleted page by the title it last had, so it needs that page's
last version; asking git once per page would cost a process each.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from opsbook.history.cache import BoundedCache
from opsbook.history.model import HistoryError
from opsbook.history.runner import locate, run_git

__all__ = ["read_blobs"]

_BLOBS: BoundedCache[bytes] = BoundedCache(4096)
_HEX = frozenset("0123456789abcdef")
_TYPES = frozenset({b"blob", b"tree", b"commit", b"tag"})


def _immutable(rev: str) -> bool:
    """A full object name never changes meaning, so what it names can be cached."""
    return len(rev) in (40, 64) and _HEX.issuperset(rev)


def read_blobs(repo_root: Path, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
    """Contents of files at revisions: `(rev, path)` to bytes, `path` relative to the root.

    `rev` is anything git understands (a sha, `sha^`, a branch). Pairs that name no file (a
    path missing at that revision, a commit a shallow clone lacks, a path with a newline) are
    left out of the result. Never raises: without git or a repository the result is empty.
    """
    result: dict[tuple[str, str], bytes] = {}
    asked: list[tuple[str, str]] = []
    for rev, path in dict.fromkeys(wanted):
        cached = _BLOBS.get((str(repo_root), rev, path)) if _immutable(rev) else None
        if cached is not None:
            result[(rev, path)] = cached
        elif "\n" not in rev and "\n" not in path and "\r" not in path and rev:
            asked.append((rev, path))
    if not asked:
        return result
    try:
        info = locate(repo_root)
        lines = b"".join(
            f"{rev}:{path}\n".encode("utf-8", "surrogateescape") for rev, path in asked
        )
        output = run_git(info.root, info.git_executable, ["cat-file", "--batch"], stdin=lines)
    except HistoryError:
        return result
    for (rev, path), content in zip(asked, _split_batch(output.stdout, len(asked)), strict=False):
        if content is None:
            continue
        result[(rev, path)] = content
        if _immutable(rev):
            _BLOBS.put((str(repo_root), rev, path), content)
    return result


def _split_batch(data: bytes, count: int) -> list[bytes | None]:
    """Contents from `--batch` output, one per request in order; None where git had nothing."""
    found: list[bytes | None] = []
    position = 0
    while len(found) < count and position < len(data):
        end = data.find(b"\n", position)
        if end < 0:
            break
        header = data[position:end].split(b" ")
        position = end + 1
        if len(header) == 3 and header[1] in _TYPES and header[2].isdigit():
            size = int(header[2])
            content = data[position : position + size]
            position += size + 1  # the content is followed by a newline
            found.append(content if header[1] == b"blob" else None)
        else:  # "<name> missing" or "<name> ambiguous"
            found.append(None)
    return found
