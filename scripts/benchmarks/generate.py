"""Generate a synthetic knowledge base and its plain Markdown twin, each a git repository.

    python scripts/benchmarks/generate.py OUT --documents 400 --commits 1000 [--seed 1]

writes OUT/kb-opsbook (docs/ as opsbook documents) and OUT/kb-twin (docs/ as plain Markdown
pages),
both with the same history written by `git fast-import`; the first commit adds one
`mkdocs.<variant>-<nav>.yml` per measured site at the repository root. The same seed gives
the same files, commits and commit ids.
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from documents import plan_documents, plan_extras
from gitfast import import_history
from history import DOCS, materialize, plan_history
from sites import NAVS, VARIANTS, Nav, Variant, config_name, config_text

__all__ = ["Generated", "generate"]


@dataclass(frozen=True)
class Generated:
    root: Path
    documents: int
    commits: int
    opsbook_repo: Path
    twin_repo: Path
    edit_target: str
    """A runbook both sites have at this path (relative to docs/), edited by the serve loop."""
    plan_seconds: float
    import_seconds: float
    stream_bytes: int

    def repo(self, variant: Variant) -> Path:
        return self.opsbook_repo if variant == "opsbook" else self.twin_repo

    def config(self, variant: Variant, nav: Nav) -> Path:
        return self.repo(variant) / config_name(variant, nav)

    def docs_dir(self, variant: Variant) -> Path:
        return self.repo(variant) / DOCS


def generate(root: Path, documents: int, commits: int, seed: int = 1) -> Generated:
    """Write both repositories and the configurations under `root` (which must not exist)."""
    started = time.perf_counter()
    final = plan_documents(documents, seed)
    teams = [doc.id for doc in final if doc.kind == "team"]
    extras = plan_extras(documents, seed, teams)
    plan = plan_history(final, extras, commits, seed)
    configs = (
        {config_name("opsbook", nav): config_text("opsbook", nav) for nav in NAVS},
        {
            config_name(variant, nav): config_text(variant, nav)
            for variant in VARIANTS[1:]
            for nav in NAVS
        },
    )
    opsbook_commits, twin_commits = materialize(plan, [*final, *extras], configs)
    planned = time.perf_counter()
    root.mkdir(parents=True)
    opsbook_repo, twin_repo = root / "kb-opsbook", root / "kb-twin"
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [
            pool.submit(import_history, opsbook_repo, opsbook_commits),
            pool.submit(import_history, twin_repo, twin_commits),
        ]
        sizes = [job.result() for job in jobs]
    imported = time.perf_counter()
    runbooks = sorted((opsbook_repo / DOCS / "runbooks").rglob("*.md"))
    if not runbooks:
        raise RuntimeError("the generated knowledge base has no runbook to edit")
    target = runbooks[0].relative_to(opsbook_repo / DOCS).as_posix()
    if not (twin_repo / DOCS / target).is_file():
        raise RuntimeError(f"the twin has no page {target}")
    return Generated(
        root=root,
        documents=documents,
        commits=commits,
        opsbook_repo=opsbook_repo,
        twin_repo=twin_repo,
        edit_target=target,
        plan_seconds=planned - started,
        import_seconds=imported - planned,
        stream_bytes=sum(sizes),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--commits", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    made = generate(args.out, args.documents, args.commits, args.seed)
    print(
        f"{made.documents} documents, {made.commits} commits in {made.root}: planned in "
        f"{made.plan_seconds:.2f} s, imported in {made.import_seconds:.2f} s "
        f"({made.stream_bytes / 1e6:.1f} MB of fast-import streams)"
    )


if __name__ == "__main__":
    main()
