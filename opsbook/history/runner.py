"""Finding the repository around the docs folder and running git in it.

GitPython finds the repository and resolves HEAD by reading files, without starting a process;
git itself runs as a plain subprocess of the executable GitPython chose, reading raw bytes so
that file names and messages are decoded by us, once, the same way everywhere.

`GIT_CALLS` counts every git process by subcommand so tests and benchmarks can check that a
build costs what it should (one `git log` for the whole history).
"""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from opsbook.history.model import HistoryError

__all__ = ["GIT_CALLS", "RepoInfo", "locate", "run_git"]

GIT_CALLS: Counter[str] = Counter()

NO_GIT_MESSAGE = (
    "git is not installed (or GIT_PYTHON_GIT_EXECUTABLE points nowhere); "
    "install git to show when and by whom each page changed"
)


@dataclass(frozen=True, slots=True)
class RepoInfo:
    """Where the docs folder sits in its repository, and the state of HEAD."""

    root: Path
    docs_prefix: str
    git_executable: str
    head: str | None
    shallow_file: Path

    @property
    def shallow(self) -> bool:
        return self.shallow_file.is_file()

    def shallow_stamp(self) -> tuple[int, int] | None:
        """Changes when a fetch deepens the clone, so a cached history is not reused then."""
        try:
            stat = self.shallow_file.stat()
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size)

    def boundary(self) -> frozenset[str]:
        """Commits whose parents a shallow clone cut off."""
        try:
            text = self.shallow_file.read_text("ascii", errors="replace")
        except OSError:
            return frozenset()
        return frozenset(text.split())

    def pathspec(self) -> str:
        return self.docs_prefix or "."


def locate(docs_dir: Path) -> RepoInfo:
    """The repository holding `docs_dir`; raises HistoryError with a message for people."""
    try:
        import git  # GitPython checks for a git executable when imported
        from git.refs.symbolic import SymbolicReference
    except ImportError as error:
        raise HistoryError(NO_GIT_MESSAGE, "no-git") from error

    docs = Path(docs_dir).resolve()
    try:
        repo = git.Repo(docs, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as error:
        message = f"no git repository found around {docs_dir}"
        raise HistoryError(message, "no-repo") from error
    with repo:
        if repo.bare or repo.working_tree_dir is None:
            message = f"{repo.git_dir} is a bare repository"
            raise HistoryError(message, "bare")
        root = Path(repo.working_tree_dir).resolve()
        try:
            prefix = docs.relative_to(root).as_posix()
        except ValueError as error:
            message = f"{docs_dir} is outside the git work tree {root}"
            raise HistoryError(message, "outside") from error
        executable = str(git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git")
        try:
            head: str | None = SymbolicReference.dereference_recursive(repo, "HEAD")
        except Exception:  # no commits yet, or refs GitPython cannot read: ask git below
            head = None
        shallow_file = Path(repo.common_dir) / "shallow"
    if head is None:
        result = run_git(root, executable, ["rev-parse", "--verify", "--quiet", "HEAD"], ok=(0, 1))
        head = result.stdout.decode("ascii", "replace").strip() or None
    return RepoInfo(
        root=root,
        docs_prefix="" if prefix == "." else prefix,
        git_executable=executable,
        head=head,
        shallow_file=shallow_file,
    )


@dataclass(frozen=True, slots=True)
class GitResult:
    returncode: int
    stdout: bytes
    stderr: bytes

    def error_text(self) -> str:
        """Git's own complaint, first line, for a message; git's text may be in any encoding."""
        lines = self.stderr.decode("utf-8", "replace").strip().splitlines()
        return lines[0] if lines else f"exit code {self.returncode}"


def run_git(
    root: Path,
    executable: str,
    args: Sequence[str],
    *,
    stdin: bytes | None = None,
    ok: Sequence[int] = (0,),
    optional_locks: bool = True,
) -> GitResult:
    """Run one git command in `root` and return its raw output.

    Raises HistoryError when git cannot be started or exits with a code not in `ok`.
    `optional_locks=False` keeps `git status` from taking the index lock while someone commits.
    Git speaks English (LC_ALL=C) so its complaints can be recognised and quoted alike.
    """
    command = [executable, "--literal-pathspecs", "-c", "core.quotePath=false", *args]
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C"}
    if not optional_locks:
        env["GIT_OPTIONAL_LOCKS"] = "0"
    subcommand = args[0] if args else ""
    GIT_CALLS[subcommand] += 1
    try:
        completed = subprocess.run(
            command,
            cwd=root,
            input=stdin,
            stdin=subprocess.DEVNULL if stdin is None else None,
            capture_output=True,
            env=env,
            check=False,
        )
    except OSError as error:  # the executable is missing or not runnable
        raise HistoryError(NO_GIT_MESSAGE, "no-git") from error
    result = GitResult(completed.returncode, completed.stdout, completed.stderr)
    if result.returncode not in ok:
        message = f"git {subcommand} failed in {root}: {result.error_text()}"
        raise HistoryError(message, "git-failed")
    return result
