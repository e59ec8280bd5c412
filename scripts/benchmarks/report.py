"""Show a benchmark run: a table for the terminal, Markdown and an SVG chart for the docs."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence

from measure import Series
from results import COMPARISONS, TARGETS, Comparison, ComparisonSpec, SizeResult

__all__ = ["git_processes", "markdown", "steps_text", "svg_chart", "text_table"]

LABELS = {
    "validate/opsbook": "opsbook validate",
    "validate/bare": "bare YAML parse (C loader)",
    "build/opsbook": "opsbook build",
    "build/plain": "plain Material build",
    "build/plain-git": "plain build + git plugins",
    "serve/opsbook": "opsbook rebuild after an edit",
    "serve/plain": "plain rebuild after an edit",
    "preview/opsbook": "opsbook serve --dirty rebuild (preview)",
    "preview/plain": "plain serve --dirty rebuild",
    "build/minimal": "minimal twin build (Material)",
    "render/opsbook": "opsbook render",
    "zensical/rendered": "Zensical build of the render",
    "zensical/minimal": "Zensical build of the minimal twin",
}
COLOURS = {
    "validate/opsbook": "#1565c0",
    "validate/bare": "#90caf9",
    "build/opsbook": "#2e7d32",
    "build/plain": "#a5d6a7",
    "build/plain-git": "#ef6c00",
    "serve/opsbook": "#6a1b9a",
    "serve/plain": "#ce93d8",
    "preview/opsbook": "#ad1457",
    "preview/plain": "#f48fb1",
    "build/minimal": "#c8e6c9",
    "render/opsbook": "#795548",
    "zensical/rendered": "#00838f",
    "zensical/minimal": "#80deea",
}


def _target(key: str) -> str:
    limit = TARGETS.get(key)
    return "—" if limit is None else f"{limit:.2f}"


def _seconds(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def _comparison_rows(
    results: Sequence[SizeResult],
) -> Iterator[tuple[SizeResult, ComparisonSpec, Comparison, Series, Series]]:
    """Each size's measured comparisons, with the two series compared: one row of a table."""
    for result in results:
        for spec in COMPARISONS:
            found = result.comparisons.get(spec.key)
            if found is not None:
                yield result, spec, found, result.series[spec.subject], result.series[spec.baseline]


def text_table(results: Sequence[SizeResult]) -> str:
    """One row per size and comparison: medians, the median per-pair ratio, memory."""
    head = (
        f"{'docs':>5} {'commits':>7}  {'comparison':<46} {'opsbook s':>9} {'base s':>8} "
        f"{'ratio':>6} {'target':>6} {'cpu':>5} {'MiB':>11}"
    )
    lines = [head, "-" * len(head)]
    for result, spec, found, subject, baseline in _comparison_rows(results):
        memory = f"{subject.median('max_rss_mib'):.0f}/{baseline.median('max_rss_mib'):.0f}"
        lines.append(
            f"{result.documents:>5} {result.commits:>7}  {spec.label:<46} "
            f"{_seconds(subject.median()):>9} {_seconds(baseline.median()):>8} "
            f"{found.median:>6.2f} {_target(spec.key):>6} {found.cpu:>5.2f} {memory:>11}"
        )
    return "\n".join(lines)


def markdown(results: Sequence[SizeResult], exponents: Mapping[str, Mapping[str, object]]) -> str:
    """Tables of times, ratios and scaling exponents, in Markdown."""
    lines = [
        "| documents | commits | comparison | opsbook (s) | baseline (s) | ratio | target | "
        "CPU ratio | peak MiB (opsbook / baseline) |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for result, spec, found, subject, baseline in _comparison_rows(results):
        limit = TARGETS.get(spec.key)
        ok = "" if limit is None else " ✅" if found.median <= limit else " ❌"
        lines.append(
            f"| {result.documents} | {result.commits} | {spec.label} | "
            f"{_seconds(subject.median())} | {_seconds(baseline.median())} | "
            f"**{found.median:.2f}**{ok} | {'—' if limit is None else f'≤ {limit}'} | "
            f"{found.cpu:.2f} | "
            f"{subject.median('max_rss_mib'):.0f} / {baseline.median('max_rss_mib'):.0f} |"
        )
    lines += [
        "",
        "| command | exponent between sizes (against documents unless said) | overall |",
        "|---|---|---:|",
    ]
    for name, entry in exponents.items():
        shown = steps_text(entry)
        overall = entry.get("overall")
        lines.append(
            f"| {LABELS.get(name, name)} | {shown} | {'' if overall is None else overall} |"
        )
    counted = git_processes(results)
    if counted:
        lines += [
            "",
            "| documents | commits | git processes in an opsbook build | in the rebuild "
            "after an edit |",
            "|---:|---:|---:|---:|",
        ]
        lines += [f"| {d} | {c} | {first:.0f} | {again:.0f} |" for d, c, first, again in counted]
    return "\n".join(lines) + "\n"


def git_processes(results: Sequence[SizeResult]) -> list[tuple[int, int, float, float]]:
    """Git processes opsbook started per size (documents, commits, first build, rebuild).

    The serve loop counts them in-process; the count must not grow with the size.
    """
    out = []
    for result in results:
        series = result.series.get("serve/opsbook")
        if series is None or not series.samples:
            continue
        if "git_calls_first" not in series.samples[0].extra:
            continue
        out.append(
            (
                result.documents,
                result.commits,
                series.median("git_calls_first"),
                series.median("git_calls_rebuild"),
            )
        )
    return out


def steps_text(entry: Mapping[str, object]) -> str:
    """`100→400: 0.76, 400→2000: 0.88` from a `scaling()` entry."""
    steps = entry.get("between_sizes")
    shown = []
    for step in steps if isinstance(steps, list) else []:
        if isinstance(step, Mapping):
            unit = "" if step["against"] == "documents" else " commits"
            shown.append(f"{step['from']}→{step['to']}{unit}: {step['exponent']:.2f}")
    return ", ".join(shown)


def svg_chart(results: Sequence[SizeResult], title: str = "Median time by size") -> str:
    """A log-log line chart of median seconds against documents, one line per command.

    No blank line inside, so Markdown keeps it as one raw HTML block.
    """
    width, height = 760, 420
    left, right, top, bottom = 64, 250, 40, 50
    ordered = sorted(results, key=lambda item: item.documents)
    series: dict[str, list[tuple[float, float]]] = {}
    for result in ordered:
        for name, found in result.series.items():
            if name in LABELS:
                series.setdefault(name, []).append((result.documents, found.median()))
    xs = [x for points in series.values() for x, _ in points]
    ys = [y for points in series.values() for _, y in points]
    if not xs:
        return ""
    x_low, x_high = math.log10(min(xs)), math.log10(max(xs))
    if x_high - x_low < 1e-9:
        x_low, x_high = x_low - 0.5, x_high + 0.5
    y_low = math.floor(math.log10(min(ys)))
    y_high = max(math.ceil(math.log10(max(ys))), y_low + 1)
    plot_w, plot_h = width - left - right, height - top - bottom

    def px(x: float) -> float:
        return left + (math.log10(x) - x_low) / (x_high - x_low) * plot_w

    def py(y: float) -> float:
        return top + plot_h - (math.log10(y) - y_low) / (y_high - y_low) * plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{title}" style="max-width:100%;font:12px sans-serif">',
        f'<text x="{left}" y="22" font-size="15" font-weight="bold">{title}</text>',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
        'stroke="#999"/>',
    ]
    for power in range(y_low, y_high + 1):
        y = py(10.0**power)
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{10.0**power:g} s</text>'
        )
    for documents in sorted(set(xs)):
        x = px(documents)
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + plot_h}" stroke="#eee"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle">{documents:g}</text>'
        )
    out.append(
        f'<text x="{left + plot_w / 2}" y="{height - 8}" text-anchor="middle">'
        "documents (log scale; commits grow with them)</text>"
    )
    for index, (name, points) in enumerate(series.items()):
        colour = COLOURS.get(name, "#555")
        dash = ' stroke-dasharray="6 4"' if not name.endswith("/opsbook") else ""
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in points)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>'
        )
        out += [
            f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3.5" fill="{colour}"/>'
            for x, y in points
        ]
        legend_y = top + 10 + index * 22
        out.append(
            f'<line x1="{width - right + 16}" x2="{width - right + 46}" y1="{legend_y}" '
            f'y2="{legend_y}" stroke="{colour}" stroke-width="2.5"{dash}/>'
        )
        out.append(
            f'<text x="{width - right + 52}" y="{legend_y + 4}">{LABELS.get(name, name)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)
