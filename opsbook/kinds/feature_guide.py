"""`feature-guide`: how a feature works, for the people who support and sell it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from opsbook.kinds.base import Kind, SampleText
from opsbook.kinds.experiment import DECISION_TONES, STATUS_TONES
from opsbook.rendering.table import Cell, date_cell
from opsbook.schemas.experiment import Experiment
from opsbook.schemas.feature_guide import STATUSES, FeatureGuide

if TYPE_CHECKING:
    from opsbook.knowledge_base import Entry, KnowledgeBase
    from opsbook.rendering.document import PageContext
    from opsbook.rendering.labels import Labels
    from opsbook.rendering.urls import Linker
    from opsbook.workflow.scaffold import Skeleton

__all__ = ["FeatureGuideKind"]


TONES = {
    "planned": "info",
    "alpha": "muted",
    "beta": "caution",
    "ga": "ok",
    "deprecated": "warn",
    "retired": "danger",
}
"""How each status reads on its badge (see opsbook.css)."""


class FeatureGuideKind(Kind):
    name = "feature-guide"
    model = FeatureGuide
    folder = "features"
    file_format = "md"
    slug = "feature-guides"
    share = 0.3

    def page_context(self, doc: FeatureGuide, page: PageContext) -> dict[str, Any]:
        """The support contact, and the experiments that test the feature (listed with their
        status and decision instead of among the backlinks)."""
        tested = sorted(
            (
                (link.source.model.start or dt.date.max, link.source.title, link.source.model)
                for link in page.kb.backlinks.get(doc.id, [])
                if link.field == "feature" and isinstance(link.source.model, Experiment)
            ),
            key=lambda item: item[:2],
        )
        tested_ids = {experiment.id for *_, experiment in tested}
        return {
            "support": page.to(doc.support_contact or doc.owner),
            "tones": TONES,
            "experiments": [
                {"link": page.to(experiment.id), "doc": experiment} for *_, experiment in tested
            ],
            "experiment_tones": {**STATUS_TONES, **DECISION_TONES},
            "backlinks": [
                link
                for link in page.backlinks(doc.id)
                if link.id not in tested_ids and link.id not in doc.related
            ],
        }

    def completeness(self, doc: FeatureGuide) -> list[tuple[str, bool]]:
        if doc.status != "ga":
            return []
        return [
            ("check_feature_limitations", bool(doc.limitations)),
            ("check_feature_faq", bool(doc.faq)),
        ]

    def columns(self, t: Labels) -> list[str]:
        return [t.title, t.status, t.released, t.audience, t.owner]

    def row(self, entry: Entry, kb: KnowledgeBase, link: Linker, t: Labels) -> list[Cell]:
        title, owner = super().row(entry, kb, link, t)
        doc: FeatureGuide = entry.model  # type: ignore[assignment]
        return [
            title,
            Cell(t.statuses.get(doc.status, doc.status), str(STATUSES.index(doc.status))),
            date_cell(doc.released),
            Cell(", ".join(doc.audience)),
            owner,
        ]

    def skeleton(self, new: Skeleton) -> dict[str, object]:
        return {
            "status": "planned",
            "audience": ["support", "sales"],
            "flags": [],
            "limitations": [],
            "faq": [],
        }

    def sample_title(self, number: int, text: SampleText) -> tuple[str, str]:
        area, noun = text.word().capitalize(), text.word()
        ending = text.rng.choice(["insights", "automation", "portal", "rules"])
        return f"{area} {noun} {ending}", f"feat-{number}-{area.lower()}-{noun}"

    def sample(self, text: SampleText, doc_id: str) -> dict[str, Any]:
        rng = text.rng
        status = rng.choice(("planned", "alpha", "beta", "ga", "ga", "deprecated"))
        out: dict[str, Any] = {"status": status}
        if status in ("ga", "deprecated"):
            out["released"] = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 600))
        out["audience"] = text.pick(["customers", "support", "sales", "success"], 1, 3)
        out["flags"] = [f"rel-{text.word()}-{rng.randint(1, 99)}"]
        out["limitations"] = [text.sentence() for _ in range(rng.randint(1, 3))]
        out["faq"] = [
            {"q": text.sentence(5, 9)[:-1] + "?", "a": text.paragraph(rng.randint(1, 2))}
            for _ in range(rng.randint(2, 4))
        ]
        out["support_contact"] = rng.choice(text.teams)
        return out
