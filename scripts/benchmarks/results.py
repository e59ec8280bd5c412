"""What a benchmark run found: series per command and size, ratios, scaling, targets.

A comparison pairs the samples of two commands taken in the same round (A, B, A, B, ...) and
reports the median of the per-pair ratios (the headline number), plus the ratio of median CPU
times and of median peak memory. Scaling exponents are log-log slopes of median time against
the number of documents between consecutive sizes, and a least-squares fit over all sizes
(1.0 is linear; commits grow with documents in the default sizes, so the slope is the same
against commits). Two sizes with the same documents give a slope against commits.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from measure import Series

__all__ = [
    "COMPARISONS",
    "TARGETS",
    "Comparison",
    "SizeResult",
    "compare",
    "from_json",
    "scaling",
    "targets",
]


@dataclass(frozen=True)
class ComparisonSpec:
    key: str
    label: str
    subject: str
    baseline: str


COMPARISONS = (
    ComparisonSpec(
        "validate_vs_bare", "opsbook validate / bare YAML parse", "validate/opsbook",
        "validate/bare",
    ),
    ComparisonSpec(
        "build_vs_plain", "opsbook build / plain Material build", "build/opsbook", "build/plain"
    ),
    ComparisonSpec(
        "build_vs_plain_git", "opsbook build / plain build with git plugins", "build/opsbook",
        "build/plain-git",
    ),
    ComparisonSpec(
        "rebuild_vs_plain_rebuild", "serve rebuild after one edit: opsbook / plain",
        "serve/opsbook", "serve/plain",
    ),
    ComparisonSpec(
        "preview_vs_plain_preview", "serve --dirty rebuild after one edit: opsbook / plain",
        "preview/opsbook", "preview/plain",
    ),
    ComparisonSpec(
        "build_vs_minimal", "opsbook build / minimal twin",
        "build/opsbook", "build/minimal",
    ),
    ComparisonSpec(
        "zensical_vs_plugin", "Zensical build of the render / plugin build",
        "zensical/rendered", "build/opsbook",
    ),
    ComparisonSpec(
        "zensical_vs_minimal", "Zensical: rendered tree / minimal twin",
        "zensical/rendered", "zensical/minimal",
    ),
)  # fmt: skip

TARGETS = {
    "validate_vs_bare": 1.5,
    "build_vs_plain": 1.3,
    "build_vs_plain_git": 0.25,
    "rebuild_vs_plain_rebuild": 1.2,
    "build_vs_minimal": 2.0,
}
"""Comparisons without a target are reported for information."""
SECONDS_TARGETS = {"preview/opsbook": 1.0}
"""Commands with a target in seconds (the median at the largest size): the preview's."""
LINEAR_LIMIT = 1.15
"""Largest scaling exponent (between the two largest sizes) still called linear."""


@dataclass(frozen=True)
class Comparison:
    key: str
    label: str
    per_pair: list[float]
    median: float
    cpu: float
    memory: float

    def to_json(self) -> dict[str, object]:
        return {
            "label": self.label,
            "per_pair": [round(value, 4) for value in self.per_pair],
            "median": round(self.median, 4),
            "cpu_ratio": round(self.cpu, 4),
            "memory_ratio": round(self.memory, 4),
        }


@dataclass
class SizeResult:
    documents: int
    commits: int
    repeat: int
    generate_seconds: float = 0.0
    import_seconds: float = 0.0
    series: dict[str, Series] = field(default_factory=dict)
    comparisons: dict[str, Comparison] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "commits": self.commits,
            "repeat": self.repeat,
            "generate_seconds": round(self.generate_seconds, 3),
            "fast_import_seconds": round(self.import_seconds, 3),
            "commands": {name: series.to_json() for name, series in self.series.items()},
            "ratios": {key: item.to_json() for key, item in self.comparisons.items()},
        }


def from_json(data: Mapping[str, object]) -> SizeResult:
    """One size of a saved run, with its comparisons computed again."""
    commands = data.get("commands")
    result = SizeResult(
        documents=int(str(data["documents"])),
        commits=int(str(data["commits"])),
        repeat=int(str(data["repeat"])),
        generate_seconds=float(str(data.get("generate_seconds", 0.0))),
        import_seconds=float(str(data.get("fast_import_seconds", 0.0))),
        series={
            name: Series.from_json(series)
            for name, series in (commands.items() if isinstance(commands, Mapping) else ())
            if isinstance(series, Mapping)
        },
    )
    compare(result)
    return result


def compare(result: SizeResult) -> None:
    """Fill `result.comparisons` from the series both sides of each comparison have."""
    for spec in COMPARISONS:
        subject = result.series.get(spec.subject)
        baseline = result.series.get(spec.baseline)
        if subject is None or baseline is None:
            continue
        pairs = [
            a.seconds / b.seconds
            for a, b in zip(subject.samples, baseline.samples, strict=False)
            if b.seconds > 0
        ]
        result.comparisons[spec.key] = Comparison(
            spec.key,
            spec.label,
            pairs,
            statistics.median(pairs),
            subject.median("cpu_seconds") / baseline.median("cpu_seconds"),
            subject.median("max_rss_mib") / baseline.median("max_rss_mib"),
        )


def _slope(points: Sequence[tuple[float, float]]) -> float:
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def scaling(results: Sequence[SizeResult]) -> dict[str, dict[str, object]]:
    """Per command: exponents between consecutive sizes and over all sizes.

    Between two sizes the exponent is against documents, or against commits when both sizes
    have the same documents (`--sizes 400:1000,400:5000` measures the cost of history alone).
    The overall fit is against documents when every size has its own number of documents.
    """
    out: dict[str, dict[str, object]] = {}
    names = sorted({name for result in results for name in result.series})
    ordered = sorted(results, key=lambda item: (item.documents, item.commits))
    for name in names:
        found = [result for result in ordered if name in result.series]
        steps: list[dict[str, object]] = []
        for a, b in itertools.pairwise(found):
            against = "documents" if a.documents != b.documents else "commits"
            x_a = a.documents if against == "documents" else a.commits
            x_b = b.documents if against == "documents" else b.commits
            if x_a == x_b:
                continue
            exponent = _slope([(x_a, a.series[name].median()), (x_b, b.series[name].median())])
            steps.append(
                {
                    "against": against,
                    "from": x_a,
                    "to": x_b,
                    "from_documents": a.documents,
                    "to_documents": b.documents,
                    "from_commits": a.commits,
                    "to_commits": b.commits,
                    "exponent": round(exponent, 3),
                }
            )
        if not steps:
            continue
        documents = [result.documents for result in found]
        overall = None
        if len(set(documents)) == len(documents):
            points = [(float(result.documents), result.series[name].median()) for result in found]
            overall = round(_slope(points), 3)
        out[name] = {"between_sizes": steps, "overall": overall}
    return out


def targets(
    results: Sequence[SizeResult], exponents: dict[str, dict[str, object]]
) -> list[dict[str, object]]:
    """The issue's targets, judged at the largest size measured."""
    if not results:
        return []
    largest = max(results, key=lambda item: item.documents)
    out: list[dict[str, object]] = []

    def judge(target: str, measured: float, limit: float) -> None:
        out.append(
            {
                "target": target,
                "documents": largest.documents,
                "commits": largest.commits,
                "measured": round(measured, 3),
                "met": measured <= limit,
            }
        )

    for key, limit in TARGETS.items():
        found = largest.comparisons.get(key)
        if found is not None:
            judge(f"{key} <= {limit}", found.median, limit)
    for name, seconds in SECONDS_TARGETS.items():
        series = largest.series.get(name)
        if series is not None:
            judge(f"{name} <= {seconds} s", series.median(), seconds)
    for name, entry in exponents.items():
        if not name.endswith("/opsbook"):
            continue
        steps = entry["between_sizes"]
        if not isinstance(steps, list):
            continue
        by_documents = [step for step in steps if step["against"] == "documents"]
        if not by_documents:
            continue
        last = by_documents[-1]
        exponent = float(last["exponent"]) if isinstance(last, dict) else math.nan
        out.append(
            {
                "target": f"{name} linear (exponent <= {LINEAR_LIMIT} between the largest sizes)",
                "measured": exponent,
                "met": exponent <= LINEAR_LIMIT,
            }
        )
    return out
