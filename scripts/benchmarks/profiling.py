"""Profile one `mkdocs build` with pyinstrument and summarise where the time goes.

The build runs under `python -m pyinstrument` in a child process and saves a session file;
from it come an HTML report (to click through), pyinstrument's text tree, and a summary with
the functions that take the most time, cumulative (a function counted once per stack, however
deep it recurses) and self, overall and for opsbook's own code.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pyinstrument.frame import Frame
from pyinstrument.session import Session

__all__ = ["FunctionTime", "ProfileResult", "profile_build", "summarise"]

OPSBOOK_PARTS = ("/opsbook/", "/plugins/", "/schemas/", "/scripts/cli/")
INTERVAL = "0.002"


@dataclass(frozen=True, slots=True)
class FunctionTime:
    function: str
    where: str
    cumulative: float
    self_time: float

    def to_json(self) -> dict[str, object]:
        return {
            "function": self.function,
            "where": self.where,
            "cumulative_seconds": round(self.cumulative, 3),
            "self_seconds": round(self.self_time, 3),
        }


@dataclass(frozen=True)
class ProfileResult:
    total_seconds: float
    top_cumulative: list[FunctionTime]
    top_self: list[FunctionTime]
    top_opsbook: list[FunctionTime]
    session: Path
    html: Path
    text: Path
    summary: Path

    def to_json(self) -> dict[str, object]:
        return {
            "total_seconds": round(self.total_seconds, 3),
            "top_cumulative": [item.to_json() for item in self.top_cumulative],
            "top_self": [item.to_json() for item in self.top_self],
            "top_opsbook": [item.to_json() for item in self.top_opsbook],
            "files": {
                "session": str(self.session),
                "html": str(self.html),
                "text": str(self.text),
                "summary": str(self.summary),
            },
        }


def _where(frame: Frame) -> str:
    path = frame.file_path or "?"
    for marker in ("site-packages/", "/work/main/", "lib/python3."):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{frame.line_no}"


def _is_opsbook(where: str, path: str | None) -> bool:
    return (
        path is not None
        and "site-packages" not in path
        and any(part in path for part in OPSBOOK_PARTS)
    )


def summarise(
    root: Frame, top: int = 15
) -> tuple[list[FunctionTime], list[FunctionTime], list[FunctionTime]]:
    """(top cumulative, top self, top opsbook cumulative) function times of a frame tree."""
    cumulative: dict[tuple[str, str], float] = {}
    own: dict[tuple[str, str], float] = {}
    opsbook: set[tuple[str, str]] = set()
    stack: list[tuple[Frame, frozenset[tuple[str, str]]]] = [(root, frozenset())]
    while stack:
        frame, above = stack.pop()
        if frame.is_synthetic:
            continue
        key = (frame.function, _where(frame))
        if _is_opsbook(key[1], frame.file_path):
            opsbook.add(key)
        if key not in above:
            cumulative[key] = cumulative.get(key, 0.0) + frame.time
        own[key] = own.get(key, 0.0) + frame.total_self_time
        below = above | {key}
        stack.extend((child, below) for child in frame.children)

    def ranked(
        values: Mapping[tuple[str, str], float], keys: set[tuple[str, str]] | None
    ) -> list[FunctionTime]:
        chosen = [key for key in values if keys is None or key in keys]
        chosen.sort(key=lambda key: values[key], reverse=True)
        return [
            FunctionTime(key[0], key[1], cumulative.get(key, 0.0), own.get(key, 0.0))
            for key in chosen[:top]
        ]

    return ranked(cumulative, None), ranked(own, None), ranked(cumulative, opsbook)


def _table(title: str, items: list[FunctionTime], total: float) -> list[str]:
    lines = [title, f"{'cumulative':>10} {'%':>5} {'self':>8}  function (file:line)"]
    for item in items:
        share = 100 * item.cumulative / total if total else 0.0
        lines.append(
            f"{item.cumulative:10.2f} {share:5.1f} {item.self_time:8.2f}  "
            f"{item.function} ({item.where})"
        )
    return [*lines, ""]


def profile_build(
    config: Path, *, cwd: Path, env: Mapping[str, str], out_dir: Path, stem: str, top: int = 15
) -> ProfileResult:
    """Build the site of `config` once under pyinstrument; write the reports as `stem.*`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    session_file = out_dir / f"{stem}.pyisession"
    site_dir = out_dir / f"{stem}-site"
    log = out_dir / f"{stem}.log"
    with log.open("wb") as sink:
        subprocess.run(
            [
                sys.executable, "-m", "pyinstrument", "-i", INTERVAL, "-r", "pyisession",
                "-o", str(session_file), "-m", "mkdocs", "build", "-f", str(config),
                "-d", str(site_dir),
            ],
            cwd=cwd, env=dict(env), stdout=sink, stderr=sink, check=True,
        )  # fmt: skip
    shutil.rmtree(site_dir, ignore_errors=True)
    html, text = out_dir / f"{stem}.html", out_dir / f"{stem}.txt"
    for renderer, target in (("html", html), ("text", text)):
        subprocess.run(
            [sys.executable, "-m", "pyinstrument", "--load", str(session_file), "-r", renderer,
             "-o", str(target)],
            env=dict(env), check=True,
        )  # fmt: skip
    session = Session.load(session_file)
    root = session.root_frame()
    if root is None:
        raise RuntimeError(f"the profile {session_file} is empty")
    top_cumulative, top_self, top_opsbook = summarise(root, top)
    total = root.time
    summary = out_dir / f"{stem}-summary.txt"
    lines = [f"mkdocs build -f {config}: {total:.1f} s sampled", ""]
    lines += _table(f"Top {top} functions by cumulative time", top_cumulative, total)
    lines += _table(f"Top {top} functions by self time", top_self, total)
    lines += _table(f"Top {top} opsbook functions by cumulative time", top_opsbook, total)
    summary.write_text("\n".join(lines), encoding="utf-8")
    return ProfileResult(
        total, top_cumulative, top_self, top_opsbook, session_file, html, text, summary
    )
