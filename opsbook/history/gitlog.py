"""One `git log` for the whole docs folder, and the parser for its output.

The output is read as bytes and cut with `bytes.split` on control characters, so parsing stays
linear and cheap for thousands of commits: each record starts with RS (0x1e), header fields are
separated by US (0x1f), the header ends with US NUL, and the `--name-status -z` file list
follows as NUL-terminated tokens.

Merges: the log runs with git's default history simplification and without `-m`, so every
change made on a merged branch is listed once, under the commit that made it and its real
author. Merge commits are left out (`--no-merges` filters the output, not the walk, so both
sides of every merge are still followed); edits made while resolving a conflict are therefore
not shown. `--first-parent` was rejected because it credits a whole branch to whoever merged it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from opsbook.history.model import Change, ChangeKind, Commit

__all__ = ["LOG_FORMAT", "decode_path", "docs_changes", "log_args", "name_status", "parse_log"]

RS = b"\x1e"
US = b"\x1f"
HEADER_END = b"\x1f\x00"
LOG_FORMAT = "%x1e%H%x1f%P%x1f%aN%x1f%aE%x1f%aI%x1f%s%x1f"
"""sha, parents, author name and email (after .mailmap), strict ISO author date, subject."""

_KINDS: dict[int, ChangeKind] = {
    ord("A"): "added",
    ord("C"): "added",  # a copy is a new file; only seen if rename detection is set to copies
    ord("M"): "modified",
    ord("T"): "modified",  # type change, e.g. a file became a symlink
    ord("D"): "deleted",
    ord("R"): "renamed",
}
_HEX = frozenset(b"0123456789abcdef")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def log_args(revision: str, pathspec: str, max_count: int | None = None) -> list[str]:
    """Arguments for the one `git log`; each flag pins a setting a user's config could change.

    `revision` is the HEAD sha the cache is keyed by, so a commit made while git runs cannot
    make the cached history newer than its key.
    """
    args = [
        "log",
        "--encoding=UTF-8",  # re-encode messages that declare another encoding
        "--no-color",
        "--no-show-signature",
        "--no-relative",
        "--root",  # list the files of the first commit even if log.showRoot is false
        "--no-merges",  # they list no files; leaving them out makes --max-count count changes
        "-z",
        "--name-status",
        "-M",
        f"--format={LOG_FORMAT}",
    ]
    if max_count is not None:
        args.append(f"--max-count={max_count}")
    return [*args, revision, "--", pathspec]


def decode_path(raw: bytes) -> str:
    """A path as the file system names it: UTF-8, undecodable bytes kept as surrogates (like
    `os.fsdecode`) so the result still matches what MkDocs reads from disk."""
    return raw.decode("utf-8", "surrogateescape")


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _date(raw: bytes) -> datetime:
    try:
        return datetime.fromisoformat(raw.decode("ascii"))
    except ValueError:
        return _EPOCH


def _is_record_start(chunk: bytes) -> bool:
    """Whether a chunk after RS begins with a full sha and US (SHA-1 or SHA-256)."""
    return any(chunk[n : n + 1] == US and _HEX.issuperset(chunk[:n]) for n in (40, 64))


def _records(data: bytes) -> Iterator[bytes]:
    """Records of the log; an RS inside a subject or path is glued back to its record."""
    pending: bytes | None = None
    for chunk in data.split(RS)[1:]:
        if pending is not None and not _is_record_start(chunk):
            pending += RS + chunk
            continue
        if pending is not None:
            yield pending
        pending = chunk
    if pending is not None:
        yield pending


def name_status(tokens: list[bytes]) -> Iterator[tuple[ChangeKind, bytes, bytes | None]]:
    """(kind, path, old path) from the NUL-split tokens of `--name-status -z`."""
    position, count = 0, len(tokens)
    while position < count:
        status = tokens[position].lstrip(b"\n")
        position += 1
        if not status:
            continue
        kind = _KINDS.get(status[0])
        if status[0] in (ord("R"), ord("C")):
            if position + 1 >= count:
                break
            old, new = tokens[position], tokens[position + 1]
            position += 2
            if kind == "renamed":
                yield kind, new, old
            else:
                yield "added", new, None
            continue
        if position >= count:
            break
        path = tokens[position]
        position += 1
        if kind is not None:
            yield kind, path, None


def _strip(path: bytes, prefix: bytes) -> bytes | None:
    if path.startswith(prefix):
        return path[len(prefix) :]
    return None


def docs_changes(
    tokens: list[bytes], docs_prefix: str
) -> Iterator[tuple[ChangeKind, str, str | None]]:
    """`name_status` made relative to the docs folder, dropping files outside it.

    A rename whose old path lies outside the docs folder becomes an addition; one whose new path
    lies outside becomes a deletion, so each change is about a file that is or was a page.
    """
    prefix = (docs_prefix.rstrip("/") + "/").encode() if docs_prefix else b""
    for kind, raw_path, raw_old in name_status(tokens):
        path = _strip(raw_path, prefix)
        old = _strip(raw_old, prefix) if raw_old is not None else None
        if path is None:
            if old is not None:
                yield "deleted", decode_path(old), None
        elif old is None:
            yield ("added" if kind == "renamed" else kind), decode_path(path), None
        else:
            yield kind, decode_path(path), decode_path(old)


def parse_log(data: bytes, docs_prefix: str) -> list[Change]:
    """Changes from `git log` output, newest first, paths relative to the docs folder."""
    changes: list[Change] = []
    for record in _records(data):
        header, _, body = record.partition(HEADER_END)
        fields = header.split(US, 5)
        if len(fields) < 6 or not body:
            continue  # a merge commit, or a commit with nothing under the pathspec
        sha, parents, name, email, date, subject = fields
        commit = Commit(
            sha=sha.decode("ascii"),
            parents=tuple(parents.decode("ascii").split()),
            author_name=_text(name),
            author_email=_text(email),
            date=_date(date),
            subject=_text(subject),
        )
        for kind, path, old in docs_changes(body.split(b"\x00"), docs_prefix):
            changes.append(Change(commit, kind, path, old))
    return changes
