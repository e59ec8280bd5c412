"""What a branch changed under the docs folder, for a pull-request summary.

Two git processes: `git merge-base BASE HEAD`, then `git diff --name-status` from that merge
base to HEAD. Diffing from the merge base (what `BASE...HEAD` means) leaves out whatever
landed on the base branch since the branch left it; committing is what a pull request shows,
so uncommitted edits are not included.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from opsbook.history.gitlog import docs_changes
from opsbook.history.model import DiffEntry, DiffSummary, HistoryError
from opsbook.history.runner import locate, run_git
from opsbook.problems import printable

__all__ = ["diff_against"]

_FETCH_HINT = "in GitHub Actions, use actions/checkout with fetch-depth: 0"


def diff_against(docs_dir: Path, base: str) -> DiffSummary:
    """Files under `docs_dir` added, modified, renamed or deleted since HEAD left `base`.

    Raises HistoryError with a message for the person at the terminal when there is no git, no
    repository, no commit, or when `base` is unknown or shares no history with HEAD.
    """
    if not base or base.startswith("-") or "\n" in base:
        raise HistoryError(f"{base!r} is not a branch, tag or commit", "bad-ref")
    info = locate(docs_dir)
    if info.head is None:
        raise HistoryError(f"the git repository at {info.root} has no commits yet", "empty")
    found = run_git(info.root, info.git_executable, ["merge-base", base, "HEAD"], ok=(0, 1, 128))
    if found.returncode == 128:
        if b"not a valid" not in found.stderr.lower():
            raise HistoryError(f"git merge-base failed in {info.root}: {found.error_text()}")
        raise HistoryError(f"unknown base '{printable(base)}': {_fetch_hint(base)}", "bad-ref")
    merge_base = found.stdout.decode("ascii", "replace").strip()
    if found.returncode == 1 or not merge_base:
        message = f"{base!r} and HEAD share no history, so there is nothing to compare"
        if info.shallow:
            message += f": this is a shallow clone; fetch the full history ({_FETCH_HINT})"
        raise HistoryError(message, "no-merge-base")
    args = ["diff", "--name-status", "-z", "-M", "--no-color", "--no-ext-diff", "--no-relative"]
    output = run_git(
        info.root, info.git_executable, [*args, merge_base, "HEAD", "--", info.pathspec()]
    )
    entries = tuple(
        DiffEntry(kind, path, old)
        for kind, path, old in docs_changes(output.stdout.split(b"\x00"), info.docs_prefix)
    )
    return DiffSummary(
        base=base,
        merge_base=merge_base,
        head=info.head,
        entries=entries,
        repo_root=info.root,
        docs_prefix=info.docs_prefix,
    )


def _fetch_hint(base: str) -> str:
    """How to get `base`: a command to paste only when the ref is one git could have (no
    control characters), quoted for the shell, since whoever opened the pull request
    may have chosen its name."""
    if printable(base) != base:
        return f"fetch it first ({_FETCH_HINT})"
    branch = base.removeprefix("origin/") or base
    return f"fetch it first (git fetch origin {shlex.quote(branch)}; {_FETCH_HINT})"
