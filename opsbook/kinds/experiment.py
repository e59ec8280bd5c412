"""`experiment`: a product experiment from hypothesis to decision.

Besides its page, experiments have two catalog pages: every experiment by status, and the
learnings of decided ones, newest first, with how many were shipped, iterated or stopped.
A feature guide lists the experiments that name it (see feature_guide.py).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, get_args

from opsbook.kinds.base import Kind, SampleText
from opsbook.rendering.links import link_for
from opsbook.rendering.table import Cell, date_cell, text_cell
from opsbook.schemas.experiment import DECISIONS, Experiment, Status

if TYPE_CHECKING:
    from opsbook.knowledge_base import Entry, KnowledgeBase
    from opsbook.rendering.catalog import CatalogContext, CatalogPage
    from opsbook.rendering.document import PageContext
    from opsbook.rendering.labels import Labels
    from opsbook.rendering.urls import Linker
    from opsbook.workflow.scaffold import Skeleton

__all__ = ["DECISION_TONES", "STATUS_TONES", "ExperimentKind"]

STATUSES: tuple[str, ...] = get_args(Status)
STATUS_TONES = {
    "idea": "muted",
    "planned": "info",
    "running": "caution",
    "decided": "ok",
    "abandoned": "muted",
}
DECISION_TONES = {"ship": "ok", "iterate": "info", "stop": "danger"}
"""How statuses and decisions read on their badges (see opsbook.css)."""
LEARNINGS = "learnings"
"""The page name of the learnings page, beside the experiments catalog."""


def _experiment(entry: Entry) -> Experiment:
    assert isinstance(entry.model, Experiment)
    return entry.model


class ExperimentKind(Kind):
    name = "experiment"
    model = Experiment
    folder = "experiments"
    slug = "experiments"
    share = 0.05

    def page_context(self, doc: Experiment, page: PageContext) -> dict[str, Any]:
        return {
            "status_tones": STATUS_TONES,
            "decision_tones": DECISION_TONES,
            "feature": page.to(doc.feature),
        }

    def completeness(self, doc: Experiment) -> list[tuple[str, bool]]:
        return (
            [("check_experiment_learnings", bool(doc.learnings))] if doc.status == "decided" else []
        )

    def columns(self, t: Labels) -> list[str]:
        return [t.title, t.owner, t.experiment_feature, t.experiment_start, t.experiment_decision]

    def row(self, entry: Entry, kb: KnowledgeBase, link: Linker, t: Labels) -> list[Cell]:
        title, owner = super().row(entry, kb, link, t)
        doc = _experiment(entry)
        feature = link_for(kb, link, doc.feature)
        decision = t.experiment_decisions[doc.decision] if doc.decision else ""
        return [
            title,
            owner,
            text_cell(feature.title if feature else "", feature),
            date_cell(doc.start),
            Cell(decision, doc.decision or ""),
        ]

    def catalog_pages(self, catalog: CatalogContext) -> list[CatalogPage]:
        """Experiments by status, and the learnings of decided ones, newest first."""
        t = catalog.labels
        uri = f"{catalog.directory}/{self.slug}.md"
        learnings_uri = f"{catalog.directory}/{LEARNINGS}.md"
        experiments = [(entry, _experiment(entry)) for entry in catalog.kb.of_kind(self.name)]
        groups = catalog.grouped_tables(self, "status", STATUSES, t.experiment_statuses)
        link = catalog.links.linker(learnings_uri)
        decided = sorted(
            (
                (doc.end or dt.date.min, doc.title, entry.id, doc)
                for entry, doc in experiments
                if doc.status == "decided"
            ),
            key=lambda item: (item[0], item[1]),
            reverse=True,
        )
        counts = {
            decision: sum(1 for *_, doc in decided if doc.decision == decision)
            for decision in DECISIONS
        }
        return [
            catalog.page(
                uri,
                t.kinds_plural[self.name],
                "opsbook/experiment-catalog.html",
                groups=groups,
                learnings_url=catalog.links.between(uri, learnings_uri),
            ),
            catalog.page(
                learnings_uri,
                t.experiment_learnings_page,
                "opsbook/experiment-learnings.html",
                markdown_fields=True,
                counts=counts,
                decision_tones=DECISION_TONES,
                decided=[
                    {"link": link_for(catalog.kb, link, doc_id), "doc": doc}
                    for *_, doc_id, doc in decided
                ],
            ),
        ]

    def skeleton(self, new: Skeleton) -> dict[str, object]:
        return {
            "hypothesis": "TODO: what you expect to happen, and why",
            "status": "idea",
            "metrics": {"primary": "TODO: the metric that decides it", "guardrails": []},
            "audience": "TODO: who is in it and how it is split",
            "learnings": [],
        }

    def sample_title(self, number: int, text: SampleText) -> tuple[str, str]:
        noun = text.word()
        return f"Does a better {noun} help?", f"exp-{number}-{noun}"

    def sample(self, text: SampleText, doc_id: str) -> dict[str, Any]:
        rng = text.rng
        status = rng.choice(STATUSES)
        fields: dict[str, Any] = {
            "hypothesis": text.sentence(),
            "status": status,
            "metrics": {"primary": text.phrase(), "guardrails": [text.phrase()]},
            "audience": text.sentence(4, 8),
        }
        features = [i for i in text.earlier if text.kinds_of(i) == "feature-guide"]
        if features:
            fields["feature"] = rng.choice(features)
        if status in ("running", "decided"):
            start = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
            fields["start"] = start
            if status == "decided":
                fields["end"] = start + dt.timedelta(days=rng.randint(7, 60))
                fields["decision"] = rng.choice(DECISIONS)
                fields["result"] = f"{text.sentence()} The **{text.word()}** moved."
                fields["learnings"] = [text.sentence() for _ in range(rng.randint(1, 3))]
        return fields
