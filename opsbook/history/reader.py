"""`read_history`: the history of the docs folder from one `git log`, cached per HEAD.

Never raises: a build without history still builds, and `History.warnings` tells why pages
show no history (no git, no repository, no commits) or why it is incomplete (shallow clone).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from opsbook.history.blobs import read_blobs
from opsbook.history.cache import BoundedCache
from opsbook.history.gitlog import log_args, parse_log
from opsbook.history.index import build_index
from opsbook.history.model import Change, History, HistoryError
from opsbook.history.runner import RepoInfo, locate, run_git

__all__ = ["SHALLOW_WARNING", "read_contents", "read_history"]

SHALLOW_WARNING = (
    "history is incomplete: this is a shallow clone; fetch the full history "
    "(in GitHub Actions: actions/checkout with fetch-depth: 0)"
)


@dataclass(frozen=True, slots=True)
class _Parsed:
    changes: tuple[Change, ...]
    index: Mapping[str, tuple[Change, ...]]


_HISTORIES: BoundedCache[_Parsed] = BoundedCache(8)


def read_history(docs_dir: Path, *, max_count: int | None = None) -> History:
    """Every change under `docs_dir`, newest first, with per-file histories following renames.

    Costs one `git log` the first time for a given HEAD and none after that in this process.
    `max_count` keeps only the newest commits that touched the docs folder.
    """
    try:
        info = locate(docs_dir)
    except HistoryError as error:
        return History(available=False, warnings=(f"{error.message}: pages show no history",))
    except Exception as error:  # a broken repository must not break the build
        message = f"could not read the git repository around {docs_dir}: {error}"
        return History(available=False, warnings=(message,))
    base = History(
        available=False, repo_root=info.root, docs_prefix=info.docs_prefix, head=info.head
    )
    if info.head is None:
        message = f"the git repository at {info.root} has no commits yet: pages show no history"
        return replace(base, warnings=(message,))
    try:
        parsed = _parsed(info, info.head, max_count)
    except HistoryError as error:
        return replace(base, warnings=(f"{error.message}: pages show no history",))
    except Exception as error:
        message = f"could not read the git history of {docs_dir}: {error}: pages show no history"
        return replace(base, warnings=(message,))
    shallow = info.shallow
    return History(
        available=True,
        warnings=(SHALLOW_WARNING,) if shallow else (),
        shallow=shallow,
        repo_root=info.root,
        docs_prefix=info.docs_prefix,
        head=info.head,
        changes=parsed.changes,
        index=parsed.index,
        boundary=info.boundary() if shallow else frozenset(),
    )


def _parsed(info: RepoInfo, head: str, max_count: int | None) -> _Parsed:
    key = (str(info.root), head, info.docs_prefix, max_count, info.shallow_stamp())
    cached = _HISTORIES.get(key)
    if cached is not None:
        return cached
    output = run_git(info.root, info.git_executable, log_args(head, info.pathspec(), max_count))
    changes = tuple(parse_log(output.stdout, info.docs_prefix))
    parsed = _Parsed(changes, build_index(changes))
    _HISTORIES.put(key, parsed)
    return parsed


def read_contents(history: History, changes: Iterable[Change]) -> dict[Change, bytes]:
    """Each change's file as that change left it, or for a deletion as it was just before.

    One `git cat-file --batch` for all of them (none when all were read before): the changelog
    uses it to name a deleted page by its last title. Changes git cannot show are left out.
    """
    if history.repo_root is None:
        return {}
    wanted: dict[Change, tuple[str, str]] = {}
    for change in changes:
        if change.kind == "deleted":
            if not change.commit.parents:
                continue
            rev = change.commit.parents[0]
        else:
            rev = change.commit.sha
        wanted[change] = (rev, history.repo_path(change.path))
    blobs = read_blobs(history.repo_root, wanted.values())
    return {change: blobs[pair] for change, pair in wanted.items() if pair in blobs}
