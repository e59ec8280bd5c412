"""Real git repositories with scripted commits, for the history tests and benchmarks.

Every commit gets a fixed author and date so tests can assert exact values, and git runs
without the user's or system's configuration so a developer's settings cannot change results.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

__all__ = ["ALICE", "BOB", "ScriptedRepo", "git_env"]

ALICE = ("Alice Nguyễn", "alice@example.com")
BOB = ("Bob Trần", "bob@example.com")


def git_env(home: Path) -> dict[str, str]:
    """An environment where git reads no configuration but what a test passes."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GIT_") or key == "GIT_PYTHON_GIT_EXECUTABLE"
    }
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_TERMINAL_PROMPT="0",
    )
    return env


class ScriptedRepo:
    """A git repository in a folder, driven one command at a time."""

    def __init__(self, root: Path, *, branch: str | None = "main") -> None:
        """A new repository at `root`, or with `branch=None` one that is already there."""
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.env = git_env(root.parent)
        self.clock = 1_700_000_000  # 2023-11-14T22:13:20Z, advanced one hour per commit
        if branch is not None:
            self.git("init", "-q", "-b", branch)

    def copy(self, root: Path) -> ScriptedRepo:
        """A copy of the whole repository, to change without touching this one."""
        shutil.copytree(self.root, root)
        copied = ScriptedRepo(root, branch=None)
        copied.clock = self.clock
        return copied

    def git(self, *args: str, env: dict[str, str] | None = None, check: bool = True) -> str:
        completed = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env={**self.env, **(env or {})},
            capture_output=True,
            check=False,
        )
        if check and completed.returncode != 0:
            message = completed.stderr.decode("utf-8", "replace")
            raise AssertionError(f"git {' '.join(args)} failed: {message}")
        return completed.stdout.decode("utf-8", "replace").strip()

    def write(self, rel_path: str, text: str) -> Path:
        path = self.root / rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def _identity(self, author: tuple[str, str], date: str | None) -> dict[str, str]:
        self.clock += 3600
        when = date or f"@{self.clock} +0000"
        return {
            "GIT_AUTHOR_NAME": author[0],
            "GIT_AUTHOR_EMAIL": author[1],
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_NAME": author[0],
            "GIT_COMMITTER_EMAIL": author[1],
            "GIT_COMMITTER_DATE": when,
        }

    def commit(
        self,
        message: str | bytes,
        *,
        author: tuple[str, str] = ALICE,
        date: str | None = None,
    ) -> str:
        """Commit everything with a fixed author and date; bytes messages are kept raw."""
        self.git("add", "-A")
        env = self._identity(author, date)
        raw = message if isinstance(message, bytes) else message.encode("utf-8")
        message_file = self.root.parent / f".message-{self.clock}"
        message_file.write_bytes(raw)
        self.git("commit", "-q", "--allow-empty", "-F", str(message_file), env=env)
        message_file.unlink()
        return self.git("rev-parse", "HEAD")

    def commit_raw(
        self, message: bytes, *, encoding: str | None = None, author: tuple[str, str] = ALICE
    ) -> str:
        """Commit message bytes exactly as given; `git commit` would re-encode invalid UTF-8."""
        self.git("add", "-A")
        identity = self._identity(author, None)
        tree = self.git("write-tree")
        parent = self.git("rev-parse", "--verify", "--quiet", "HEAD", check=False)
        stamp = identity["GIT_AUTHOR_DATE"].lstrip("@")
        person = f"{author[0]} <{author[1]}> {stamp}"
        lines = [f"tree {tree}", *([f"parent {parent}"] if parent else [])]
        lines += [f"author {person}", f"committer {person}"]
        lines += [f"encoding {encoding}"] if encoding else []
        raw = "\n".join(lines).encode() + b"\n\n" + message
        object_file = self.root.parent / f".commit-{self.clock}"
        object_file.write_bytes(raw)
        sha = self.git("hash-object", "-t", "commit", "-w", str(object_file))
        object_file.unlink()
        self.git("update-ref", "HEAD", sha)
        return sha

    def merge(self, branch: str, message: str, *, author: tuple[str, str] = ALICE) -> str:
        """A merge commit even where a fast-forward was possible, as pull requests make."""
        env = self._identity(author, None)
        self.git("merge", "-q", "--no-ff", "-m", message, branch, env=env)
        return self.git("rev-parse", "HEAD")
