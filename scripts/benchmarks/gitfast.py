"""Write a git history in one `git fast-import` run, and check out its last commit.

Thousands of commits take seconds this way, where `git add` and `git commit` per commit would
take minutes. Git runs without the user's or the system's configuration, so nobody's settings
change what is measured.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Commit", "Delete", "FileOp", "Modify", "Rename", "git_env", "import_history"]


@dataclass(frozen=True, slots=True)
class Modify:
    """Write `content` at `path` (a new file or a new version)."""

    path: str
    content: str


@dataclass(frozen=True, slots=True)
class Delete:
    path: str


@dataclass(frozen=True, slots=True)
class Rename:
    old: str
    new: str


FileOp = Modify | Delete | Rename


@dataclass(frozen=True, slots=True)
class Commit:
    author: str
    email: str
    timestamp: int
    """Seconds since the epoch."""
    offset: str
    """Time zone as git writes it, e.g. `+0700`."""
    message: str
    ops: Sequence[FileOp]


def git_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment with git's global and system configuration switched off."""
    env = {
        key: value
        for key, value in (os.environ if base is None else base).items()
        if not key.startswith("GIT_") or key == "GIT_PYTHON_GIT_EXECUTABLE"
    }
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_TERMINAL_PROMPT="0")
    return env


def _data(payload: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(payload), payload)


def _path(path: str) -> bytes:
    if any(char in path for char in ' "\n\\'):
        raise ValueError(f"fast-import path needs quoting: {path!r}")
    return path.encode("utf-8")


def stream(commits: Iterable[Commit], branch: str = "main") -> bytes:
    """The fast-import stream of `commits`, oldest first, on one branch."""
    out: list[bytes] = []
    ref = f"refs/heads/{branch}".encode()
    for mark, commit in enumerate(commits, start=1):
        ident = f"{commit.author} <{commit.email}> {commit.timestamp} {commit.offset}".encode()
        out.append(b"commit %s\nmark :%d\n" % (ref, mark))
        out.append(b"author %s\ncommitter %s\n" % (ident, ident))
        out.append(_data(commit.message.encode("utf-8")))
        if mark > 1:
            out.append(b"from :%d\n" % (mark - 1))
        for op in commit.ops:
            if isinstance(op, Modify):
                out.append(b"M 100644 inline %s\n" % _path(op.path))
                out.append(_data(op.content.encode("utf-8")))
            elif isinstance(op, Delete):
                out.append(b"D %s\n" % _path(op.path))
            else:
                out.append(b"R %s %s\n" % (_path(op.old), _path(op.new)))
        out.append(b"\n")
    out.append(b"done\n")
    return b"".join(out)


def import_history(repo: Path, commits: Iterable[Commit], *, branch: str = "main") -> int:
    """Create the repository `repo` holding `commits` and check out the branch; return the
    size of the fast-import stream in bytes."""
    env = git_env()
    repo.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", branch, str(repo)], check=True, env=env)
    data = stream(commits, branch)
    subprocess.run(
        ["git", "-C", str(repo), "fast-import", "--quiet", "--done"],
        input=data,
        check=True,
        env=env,
    )
    subprocess.run(["git", "-C", str(repo), "reset", "-q", "--hard"], check=True, env=env)
    return len(data)
