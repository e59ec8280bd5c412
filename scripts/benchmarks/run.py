"""Benchmark opsbook against plain MkDocs: `scripts/bench [options]` runs this.

For each size (documents:commits) it generates a synthetic knowledge base and its plain
Markdown twin with the same git history, then measures, interleaving the runs:

  validate  `opsbook validate` vs a bare parse of the same files with PyYAML's C loader
  build     a full opsbook build vs a plain mkdocs-material build of the twin
  git       the same opsbook build vs the twin built with the git date and authors plugins
  serve     the rebuild `mkdocs serve` does after one edit, opsbook vs the plain twin
  preview   the same with `mkdocs serve --dirty`: opsbook's preview time (target: at most
            1 s at 2,000 documents) next to the plain twin's dirty rebuild
  twin      the opsbook build vs the minimal twin: the same pages' text, one paragraph each,
            with the same navigation, built by Material alone (see minimal.py)
  zensical  the path without the plugin: `opsbook render`, then `zensical build` of the
            rendered tree, next to Zensical building the minimal twin
  nav       at one size: both sites with each navigation (full, prune, catalog)

It prints a table and writes bench-results/results-<timestamp>.json (and .md with tables, .svg
with a chart; `--report` makes both again from a saved .json). Every command runs in its own
process; peak memory is that process's max RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generate import Generated, generate
from gitfast import git_env
from measure import Sample, Series, interleave, run_child
from minimal import write_minimal_twin
from report import git_processes, markdown, steps_text, svg_chart, text_table
from results import SizeResult, compare, from_json, scaling, targets
from sites import NAVS, Nav, Variant

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
GROUPS = ("validate", "build", "git", "serve", "preview", "twin", "zensical", "nav")
DEFAULT_SIZES = "100:250,400:1000,2000:5000"
QUICK_SIZES = "12:30,24:60"


@dataclass(frozen=True)
class Size:
    documents: int
    commits: int
    repeat: int | None = None

    @property
    def label(self) -> str:
        return f"{self.documents}:{self.commits}"


def parse_sizes(text: str) -> list[Size]:
    """`100:250,2000:5000:1`: documents:commits[:repeat], comma-separated."""
    sizes = []
    for item in text.split(","):
        parts = [int(part) for part in item.strip().split(":")]
        if len(parts) not in (2, 3) or min(parts) < 1:
            raise argparse.ArgumentTypeError(f"not documents:commits[:repeat]: {item!r}")
        if parts[0] < 8 or parts[1] < 2:
            raise argparse.ArgumentTypeError(f"at least 8 documents and 2 commits: {item!r}")
        sizes.append(Size(parts[0], parts[1], parts[2] if len(parts) == 3 else None))
    return sizes


def parse_only(text: str) -> list[str]:
    chosen = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [item for item in chosen if item not in GROUPS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown: {', '.join(unknown)} (known: {GROUPS})")
    return chosen


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join((__doc__ or "").split("\n\n")[1:]),
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=None,
        help=f"documents:commits[:repeat],... (default {DEFAULT_SIZES})",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command per size")
    parser.add_argument(
        "--quick", action="store_true", help=f"tiny size ({QUICK_SIZES}), one run: a smoke test"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated repositories")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile one opsbook build at the largest size with pyinstrument",
    )
    parser.add_argument(
        "--only",
        type=parse_only,
        default=list(GROUPS),
        help=f"comma-separated subset of {','.join(GROUPS)}",
    )
    parser.add_argument(
        "--nav",
        choices=NAVS,
        default="catalog",
        help=(
            "what the navigation of both sites lists: every page (full), every page with "
            "Material's navigation.prune (prune), or only a few pages that do not grow with "
            "the knowledge base (catalog, the default; see sites.py)"
        ),
    )
    parser.add_argument(
        "--nav-size",
        type=parse_sizes,
        default=None,
        help="documents:commits for the full-vs-prune comparison (default: the middle size)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--output", type=Path, default=ROOT / "bench-results", help="where results go"
    )
    parser.add_argument("--workdir", type=Path, default=None, help="where sites are generated")
    parser.add_argument(
        "--label", default="", help="a note saved with the results, e.g. the commit measured"
    )
    parser.add_argument(
        "--report",
        type=Path,
        default=None,
        metavar="RESULTS_JSON",
        help="measure nothing: show a saved run again and rewrite its .md and .svg",
    )
    args = parser.parse_args(argv)
    if args.sizes is None:
        args.sizes = parse_sizes(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    if args.quick:
        args.repeat = 1
    return args


def child_env() -> dict[str, str]:
    env = git_env()
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def code() -> dict[str, object]:
    """Which opsbook is measured: the package this interpreter imports (PYTHONPATH can point
    it at a frozen copy), and the commit and state of the repository around this script."""
    spec = importlib.util.find_spec("opsbook")
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    status = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    )
    return {
        "opsbook_package": spec.origin if spec is not None else None,
        "repository_head": head.stdout.strip(),
        "repository_modified": bool(status.stdout.strip()),
        "pythonpath": os.environ.get("PYTHONPATH", ""),
    }


def versions() -> dict[str, str]:
    found = {}
    for name in (
        "opsbook",
        "mkdocs",
        "mkdocs-material",
        "mkdocs-git-revision-date-localized-plugin",
        "mkdocs-git-authors-plugin",
        "pydantic",
        "PyYAML",
        "pyinstrument",
        "zensical",
    ):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    git = subprocess.run(["git", "--version"], capture_output=True, text=True, check=False)
    found["git"] = git.stdout.strip()
    return found


class Bench:
    """Runs the commands of one benchmark, logging to one folder."""

    def __init__(self, args: argparse.Namespace, stamp: str) -> None:
        self.args = args
        self.env = child_env()
        self.logs: Path = args.output / f"logs-{stamp}"
        self.python = sys.executable

    def _site_dir(self, kb: Generated) -> Path:
        return kb.root / "sites" / uuid.uuid4().hex

    def validate(self, kb: Generated) -> Sample:
        argv = [
            self.python, "-m", "opsbook.cli.main", "validate",
            "-f", str(kb.config("opsbook", self.args.nav)),
        ]  # fmt: skip
        return run_child(argv, cwd=kb.opsbook_repo, env=self.env, log=self._log(kb, "validate"))

    def bare(self, kb: Generated) -> Sample:
        argv = [self.python, str(HERE / "bareparse.py"), str(kb.docs_dir("opsbook"))]
        return run_child(argv, cwd=kb.opsbook_repo, env=self.env, log=self._log(kb, "bare"))

    def build(self, kb: Generated, variant: Variant, nav: Nav) -> Sample:
        site = self._site_dir(kb)
        argv = [self.python, "-m", "mkdocs", "build", "-f", str(kb.config(variant, nav))]
        try:
            return run_child(
                [*argv, "-d", str(site)],
                cwd=kb.repo(variant),
                env=self.env,
                log=self._log(kb, f"build-{variant}-{nav}"),
            )
        finally:
            shutil.rmtree(site, ignore_errors=True)

    def render(self, kb: Generated, out: Path) -> Sample:
        argv = [
            self.python, "-m", "opsbook.cli.main", "render", str(out),
            "-f", str(kb.config("opsbook", self.args.nav)),
        ]  # fmt: skip
        return run_child(argv, cwd=kb.opsbook_repo, env=self.env, log=self._log(kb, "render"))

    def build_config(self, kb: Generated, config: Path, name: str) -> Sample:
        """A plain `mkdocs build` of another configuration (the minimal twin)."""
        site = self._site_dir(kb)
        argv = [self.python, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
        try:
            return run_child(argv, cwd=config.parent, env=self.env, log=self._log(kb, name))
        finally:
            shutil.rmtree(site, ignore_errors=True)

    def zensical(self, kb: Generated, config: Path, name: str) -> Sample:
        """`zensical build` from nothing: its cache and last site are removed first."""
        for leftover in (config.parent / ".cache", config.parent / "site"):
            shutil.rmtree(leftover, ignore_errors=True)
        argv = [str(Path(self.python).parent / "zensical"), "build", "-f", str(config)]
        return run_child(argv, cwd=config.parent, env=self.env, log=self._log(kb, name))

    def serve(self, kb: Generated, variant: Variant, *, dirty: bool = False) -> Sample:
        argv = [
            self.python, str(HERE / "serve_loop.py"), str(kb.config(variant, self.args.nav)),
            str(kb.docs_dir(variant) / kb.edit_target), *(["--dirty"] if dirty else []),
        ]  # fmt: skip

        def parse(stdout: str) -> Mapping[str, float]:
            data = json.loads(stdout.strip().splitlines()[-1])
            return {key: float(value) for key, value in data.items()}

        return run_child(
            argv,
            cwd=kb.repo(variant),
            env=self.env,
            log=self._log(kb, f"{'preview' if dirty else 'serve'}-{variant}"),
            parse=parse,
            report="rebuild_seconds",
        )

    def _log(self, kb: Generated, name: str) -> Path:
        return self.logs / f"{kb.documents}-{kb.commits}-{name}.log"


def progress(size: Size) -> Callable[[str, int, Sample], None]:
    def show(name: str, round_number: int, sample: Sample) -> None:
        extra = ""
        if "first_build_seconds" in sample.extra:
            extra = f", first build {sample.extra['first_build_seconds']:.2f} s"
        print(
            f"  [{size.label}] {name:<18} run {round_number + 1}: {sample.seconds:8.2f} s, "
            f"CPU {sample.cpu_seconds:7.2f} s, peak {sample.max_rss_mib:6.0f} MiB{extra}",
            flush=True,
        )

    return show


def measure_size(bench: Bench, kb: Generated, size: Size, only: list[str]) -> SizeResult:
    repeat = size.repeat or bench.args.repeat
    nav: Nav = bench.args.nav
    result = SizeResult(kb.documents, kb.commits, repeat, kb.plan_seconds, kb.import_seconds)
    show = progress(size)
    if "validate" in only:
        found = interleave(
            {
                "validate/opsbook": lambda: bench.validate(kb),
                "validate/bare": lambda: bench.bare(kb),
            },
            repeat,
            progress=show,
        )
        result.series.update(found)
    rendered = kb.root / "rendered"
    minimal: Path | None = None
    if "twin" in only or "zensical" in only:
        bench.render(kb, rendered)  # the tree the minimal twin copies its pages' words from
        minimal = write_minimal_twin(rendered, kb.root / "kb-minimal")
    builds: dict[str, Callable[[], Sample]] = {}
    if "build" in only or "git" in only or "twin" in only or "zensical" in only:
        builds["build/opsbook"] = lambda: bench.build(kb, "opsbook", nav)
    if "build" in only:
        builds["build/plain"] = lambda: bench.build(kb, "plain", nav)
    if "git" in only:
        builds["build/plain-git"] = lambda: bench.build(kb, "plain-git", nav)
    if minimal is not None and "twin" in only:
        twin = minimal
        builds["build/minimal"] = lambda: bench.build_config(kb, twin, "build-minimal")
    if minimal is not None and "zensical" in only:
        twin = minimal
        builds["render/opsbook"] = lambda: bench.render(kb, rendered)
        builds["zensical/rendered"] = lambda: bench.zensical(
            kb, rendered / "mkdocs.yml", "zensical-rendered"
        )
        builds["zensical/minimal"] = lambda: bench.zensical(kb, twin, "zensical-minimal")
    if builds:
        result.series.update(interleave(builds, repeat, progress=show))
    if "serve" in only:
        found = interleave(
            {
                "serve/opsbook": lambda: bench.serve(kb, "opsbook"),
                "serve/plain": lambda: bench.serve(kb, "plain"),
            },
            repeat,
            progress=show,
        )
        result.series.update(found)
    if "preview" in only:
        found = interleave(
            {
                "preview/opsbook": lambda: bench.serve(kb, "opsbook", dirty=True),
                "preview/plain": lambda: bench.serve(kb, "plain", dirty=True),
            },
            repeat,
            progress=show,
        )
        result.series.update(found)
    compare(result)
    return result


def nav_study(bench: Bench, kb: Generated, size: Size) -> dict[str, object]:
    """Both sites with each navigation (full, prune, catalog), interleaved."""
    repeat = size.repeat or bench.args.repeat

    def runner(variant: Variant, nav: Nav) -> Callable[[], Sample]:
        return lambda: bench.build(kb, variant, nav)

    variants: tuple[Variant, ...] = ("opsbook", "plain")
    runners = {f"{variant}/{nav}": runner(variant, nav) for variant in variants for nav in NAVS}
    found: dict[str, Series] = interleave(runners, repeat, progress=progress(size))

    def median(name: str) -> float:
        return found[name].median()

    return {
        "documents": kb.documents,
        "commits": kb.commits,
        "repeat": repeat,
        "builds": {name: series.to_json() for name, series in found.items()},
        "vs_full": {
            variant: {
                nav: round(median(f"{variant}/{nav}") / median(f"{variant}/full"), 4)
                for nav in NAVS[1:]
            }
            for variant in variants
        },
        "opsbook_vs_plain": {
            nav: round(median(f"opsbook/{nav}") / median(f"plain/{nav}"), 4) for nav in NAVS
        },
    }


def profile(bench: Bench, kb: Generated, stamp: str) -> dict[str, object]:
    from profiling import profile_build  # pyinstrument is only needed here

    found = profile_build(
        kb.config("opsbook", bench.args.nav),
        cwd=kb.opsbook_repo,
        env=bench.env,
        out_dir=bench.args.output,
        stem=f"profile-{stamp}-{kb.documents}-{kb.commits}",
    )
    print(found.summary.read_text(encoding="utf-8"))
    return {"documents": kb.documents, "commits": kb.commits, **found.to_json()}


CODE: dict[str, object] = {}
"""`code()` as it was when the run started (the working tree may change during a long run)."""


def write(
    args: argparse.Namespace,
    stamp: str,
    results: list[SizeResult],
    extra: dict[str, object],
) -> Path:
    exponents = scaling(results)
    data = {
        "meta": {
            "timestamp": stamp,
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "versions": versions(),
            "code": {**CODE, "label": args.label},
            "options": {
                "sizes": [size.label for size in args.sizes],
                "repeat": args.repeat,
                "nav": args.nav,
                "only": args.only,
                "seed": args.seed,
                "quick": args.quick,
            },
        },
        "sizes": [result.to_json() for result in results],
        "ratios": {
            f"{result.documents}:{result.commits}": {
                key: round(item.median, 4) for key, item in result.comparisons.items()
            }
            for result in results
        },
        "scaling": exponents,
        "targets": targets(results, exponents),
        **extra,
    }
    output: Path = args.output
    output.mkdir(parents=True, exist_ok=True)
    path = output / f"results-{stamp}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_report(path, results)
    return path


def write_report(path: Path, results: list[SizeResult]) -> None:
    """The tables (.md) and the chart (.svg, also inside the .md) next to a results file."""
    chart = svg_chart(results)
    path.with_suffix(".svg").write_text(chart + "\n", encoding="utf-8")
    path.with_suffix(".md").write_text(
        markdown(results, scaling(results)) + "\n" + chart + "\n", encoding="utf-8"
    )


def show(results: list[SizeResult], nav: object) -> None:
    print()
    print(text_table(results))
    if isinstance(nav, dict):
        print(
            f"\nnavigation at {nav['documents']} documents: time / time with the full "
            f"navigation = {nav['vs_full']}; opsbook / plain = {nav['opsbook_vs_plain']}"
        )
    exponents = scaling(results)
    if exponents:
        print("\nscaling exponents (log-log slope of time against documents):")
        for name, entry in exponents.items():
            print(f"  {name:<18} {steps_text(entry)}; overall {entry['overall']}")
    counted = git_processes(results)
    if counted:
        print("\ngit processes opsbook started (first build, rebuild after an edit):")
        for documents, commits, first, again in counted:
            print(f"  {documents}:{commits}  {first:.0f}, {again:.0f}")


def report_saved(path: Path) -> int:
    """`--report`: a saved run shown again, its .md and .svg written anew."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        results = [from_json(item) for item in data["sizes"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"scripts/bench: cannot read {path}: {error}", file=sys.stderr)
        return 2
    show(results, data.get("nav"))
    write_report(path, results)
    print(f"\nwrote {path.with_suffix('.md')} and {path.with_suffix('.svg')}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    if args.report is not None:
        return report_saved(args.report)
    CODE.update(code())
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    bench = Bench(args, stamp)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="opsbook-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    sizes: list[Size] = args.sizes
    ordered = sorted(sizes, key=lambda size: (size.documents, size.commits))
    nav_size: Size | None = None
    if "nav" in args.only:
        nav_size = args.nav_size[0] if args.nav_size else ordered[len(ordered) // 2]
    results: list[SizeResult] = []
    extra: dict[str, object] = {}
    measured = [group for group in args.only if group != "nav"]
    todo = list(ordered)
    if nav_size is not None and all(size.label != nav_size.label for size in todo):
        todo.append(Size(nav_size.documents, nav_size.commits, nav_size.repeat))
    print(f"Results go to {args.output}; sites are generated in {workdir}", flush=True)
    try:
        for size in todo:
            folder = workdir / f"kb-{size.documents}-{size.commits}"
            shutil.rmtree(folder, ignore_errors=True)
            kb = generate(folder, size.documents, size.commits, args.seed)
            print(
                f"{size.documents} documents, {size.commits} commits: generated in "
                f"{kb.plan_seconds:.2f} s, fast-import and checkout {kb.import_seconds:.2f} s",
                flush=True,
            )
            if size in ordered and measured:
                results.append(measure_size(bench, kb, size, measured))
            if nav_size is not None and size.label == nav_size.label:
                extra["nav"] = nav_study(bench, kb, nav_size if nav_size.repeat else size)
            if args.profile and size == ordered[-1]:
                extra["profile"] = profile(bench, kb, stamp)
            path = write(args, stamp, results, extra)
            if not args.keep:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    show(results, extra.get("nav"))
    print(f"\nwrote {path}, {path.with_suffix('.md')} and {path.with_suffix('.svg')}")
    if args.keep:
        print(f"kept the generated sites in {workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
