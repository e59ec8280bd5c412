"""The health page: the figures of opsbook.health with charts drawn at build time.

Charts are inline SVG (no script), each with a title and description for screen readers
and, right below it, the table of the same numbers. Geometry is computed here and drawn by
the template `opsbook/health.html`, which a site can override.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from jinja2 import Environment

from opsbook.health import ATTENTION_FORMULA, Health
from opsbook.knowledge_base import KnowledgeBase
from opsbook.rendering.labels import Labels
from opsbook.rendering.links import DocLink, link_for
from opsbook.rendering.page import assemble_page
from opsbook.rendering.urls import Linker

__all__ = ["Chart", "render_health_page"]

TONE_COLOURS = {"danger": "#b71c1c", "caution": "#f9a825", "ok": "#1b5e20", "info": "#3949ab"}
"""Bar colours (the badge tones of opsbook.css), readable on light and dark backgrounds."""

WIDTH = 640
LABEL_WIDTH = 210
BAR_WIDTH = WIDTH - LABEL_WIDTH - 50
ROW_HEIGHT = 26


@dataclass(frozen=True, slots=True)
class Segment:
    x: float
    width: float
    colour: str
    value: int


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    y: int
    segments: tuple[Segment, ...]
    total: int


@dataclass
class Chart:
    """A horizontal bar chart: one row per label, each bar in coloured segments."""

    id: str
    title: str
    description: str
    legend: list[tuple[str, str]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def height(self) -> int:
        return len(self.rows) * ROW_HEIGHT + 8

    @classmethod
    def of(
        cls,
        chart_id: str,
        title: str,
        rows: Sequence[tuple[str, Sequence[tuple[int, str]]]],
        legend: Sequence[tuple[str, str]] = (),
        scale_to: int | None = None,
    ) -> Chart:
        """`rows`: (label, [(value, tone), ...]); bars scale to the largest total (or
        `scale_to`)."""
        largest = scale_to or max((sum(v for v, _ in segs) for _, segs in rows), default=0) or 1
        chart = cls(chart_id, title, "", [(label, TONE_COLOURS[tone]) for label, tone in legend])
        parts = []
        for index, (label, segments) in enumerate(rows):
            x = float(LABEL_WIDTH)
            drawn = []
            for value, tone in segments:
                width = BAR_WIDTH * value / largest
                if value:
                    drawn.append(Segment(round(x, 1), round(width, 1), TONE_COLOURS[tone], value))
                x += width
            total = sum(value for value, _ in segments)
            chart.rows.append(Row(label, index * ROW_HEIGHT + 4, tuple(drawn), total))
            parts.append(f"{label}: {total}")
        chart.description = "; ".join(parts)
        return chart


def render_health_page(
    env: Environment,
    health: Health,
    kb: KnowledgeBase,
    *,
    labels: Labels,
    link: Linker,
    title: str,
) -> str:
    """The health page as page Markdown; `link` gives links to documents from the page."""
    t = labels
    freshness = Chart.of(
        "opsbook-health-freshness",
        t.health_freshness_chart,
        [
            (
                team.title,
                [(team.overdue, "danger"), (team.due_soon, "caution"), (team.current, "ok")],
            )
            for team in health.teams
        ],
        legend=[
            (t.health_overdue, "danger"),
            (t.health_due_soon, "caution"),
            (t.health_current, "ok"),
        ],
    )
    completeness = Chart.of(
        "opsbook-health-completeness",
        t.health_completeness_chart,
        [
            (t.kinds_plural[kind.kind], [(kind.score, "info")])
            for kind in health.kinds
            if kind.documents
        ],
        scale_to=100,
    )
    coverage = Chart.of(
        "opsbook-health-coverage",
        t.health_coverage_chart,
        [(t.health_areas[area.tag], [(area.documents, "info")]) for area in health.areas],
    )

    def doc_link(document_id: str) -> DocLink | None:
        return link_for(kb, link, document_id)

    rendered = env.get_template("opsbook/health.html").render(
        t=labels,
        health=health,
        title=title,
        today=health.today.isoformat(),
        charts={"freshness": freshness, "completeness": completeness, "coverage": coverage},
        chart_width=WIDTH,
        label_width=LABEL_WIDTH,
        doc_link=doc_link,
        uncovered=[t.health_areas[area.tag] for area in health.areas if not area.documents],
        formula=t.get("health_formula", ATTENTION_FORMULA),
    )
    return assemble_page(rendered, meta={"title": title, "search": {"exclude": True}})
