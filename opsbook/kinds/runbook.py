"""`runbook`: what to do when something goes wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from opsbook.kinds.base import Kind, SampleText, review_skeleton
from opsbook.rendering.table import Cell, date_cell
from opsbook.schemas.runbook import Runbook

if TYPE_CHECKING:
    from opsbook.knowledge_base import Entry, KnowledgeBase
    from opsbook.rendering.document import PageContext
    from opsbook.rendering.labels import Labels
    from opsbook.rendering.urls import Linker
    from opsbook.workflow.scaffold import Skeleton

__all__ = ["RunbookKind"]

SEVERITIES = ("sev1", "sev2", "sev3", "sev4")
TONES = {"sev1": "danger", "sev2": "warn", "sev3": "caution", "sev4": "muted"}
"""How each severity reads on its badge (see opsbook.css)."""


class RunbookKind(Kind):
    name = "runbook"
    model = Runbook
    folder = "runbooks"
    file_format = "md"
    slug = "runbooks"
    share = 0.35

    def page_context(self, doc: Runbook, page: PageContext) -> dict[str, Any]:
        return {
            "escalation": [
                {
                    "after_minutes": step.after_minutes,
                    "team": page.to(step.contact),
                    "channels": page.channels(step.contact),
                }
                for step in doc.escalation
            ],
            "tones": TONES,
        }

    def completeness(self, doc: Runbook) -> list[tuple[str, bool]]:
        commands = [step for step in doc.steps if step.command]
        return [
            ("check_runbook_commands", bool(commands) and all(s.expect for s in commands)),
            ("check_runbook_rollback", bool(doc.rollback)),
            ("check_runbook_escalation", bool(doc.escalation)),
        ]

    def columns(self, t: Labels) -> list[str]:
        return [t.title, t.service, t.severity, t.owner, t.last_reviewed, t.next_review]

    def row(self, entry: Entry, kb: KnowledgeBase, link: Linker, t: Labels) -> list[Cell]:
        title, owner = super().row(entry, kb, link, t)
        doc: Runbook = entry.model  # type: ignore[assignment]
        severity = doc.severity or ""
        return [
            title,
            Cell(doc.service),
            Cell(severity, severity or "sev9"),
            owner,
            date_cell(doc.review.last_reviewed),
            date_cell(doc.review.due),
        ]

    def skeleton(self, new: Skeleton) -> dict[str, object]:
        return {
            "service": "TODO: the product or system this runbook covers",
            "severity": "sev3",
            "review": review_skeleton(new),
            "symptoms": ["TODO: the alert or customer report that tells you something is wrong"],
            "steps": [
                {
                    "title": "TODO: the first thing to check",
                    "expect": "TODO: what you should see when it is fine",
                }
            ],
            "escalation": [],
        }

    def sample_title(self, number: int, text: SampleText) -> tuple[str, str]:
        area, noun = text.word().capitalize(), text.word()
        ending = text.rng.choice(["is failing", "is slow", "alerts fire", "is down"])
        return f"{area} {noun} {ending}", f"rb-{number}-{area.lower()}-{noun}"

    def sample(self, text: SampleText, doc_id: str) -> dict[str, Any]:
        rng = text.rng
        escalation = [
            {"after_minutes": minutes, "contact": team}
            for minutes, team in zip((0, 30, 60), text.pick(text.teams, 1, 3), strict=False)
        ]
        return {
            "service": text.word(),
            "severity": rng.choice(SEVERITIES),
            "symptoms": [text.sentence() for _ in range(rng.randint(2, 4))],
            "impact": text.paragraph(2),
            "prerequisites": [text.phrase() for _ in range(2)],
            "steps": [sample_step(text) for _ in range(rng.randint(4, 8))],
            "rollback": [sample_step(text)],
            "escalation": escalation,
        }


def sample_step(text: SampleText) -> dict[str, Any]:
    """A checklist step of a synthetic runbook."""
    rng = text.rng
    step: dict[str, Any] = {"title": text.phrase()}
    if rng.random() < 0.7:
        step["details"] = text.paragraph(rng.randint(1, 3))
    if rng.random() < 0.5:
        verb = rng.choice(text.verbs)
        step["command"] = f"opsctl {verb} {text.word()} --since=30m | grep -c error"
        step["expect"] = text.sentence(4, 8)
    return step
