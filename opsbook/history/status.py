"""Which files under the docs folder are not committed yet, from one `git status`.

Pages built from such files say "uncommitted" instead of showing a last change that is not
theirs. This is asked again on every build and never cached: it changes with every save.
"""

from __future__ import annotations

from pathlib import Path

from opsbook.history.gitlog import decode_path
from opsbook.history.model import HistoryError, lookup_key
from opsbook.history.runner import locate, run_git

__all__ = ["uncommitted_paths"]


def uncommitted_paths(docs_dir: Path) -> frozenset[str]:
    """Docs-relative paths (NFC) that are untracked, or differ from HEAD staged or not.

    Ignored files are left out. Never raises: without git or a repository the set is empty
    (`read_history` carries the warning that explains why).
    """
    try:
        info = locate(docs_dir)
        args = ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames"]
        result = run_git(
            info.root,
            info.git_executable,
            [*args, "--", info.pathspec()],
            optional_locks=False,
        )
    except HistoryError:
        return frozenset()
    prefix = (info.docs_prefix + "/").encode() if info.docs_prefix else b""
    found: set[str] = set()
    tokens = result.stdout.split(b"\x00")
    position = 0
    while position < len(tokens):
        entry = tokens[position]
        position += 1
        if len(entry) < 4:
            continue
        status, raw = entry[:2], entry[3:]
        if b"R" in status or b"C" in status:
            position += 1  # the next token is the old path of a staged rename
        if raw.startswith(prefix):
            found.add(lookup_key(decode_path(raw[len(prefix) :])))
    return frozenset(found)
