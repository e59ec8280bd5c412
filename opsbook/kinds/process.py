"""`process`: a repeatable way of working, drawn as a flowchart and a RACI matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from opsbook.kinds.base import Kind, SampleText, review_skeleton
from opsbook.rendering.flowchart import MERMAID_MAX_TEXT, flowchart
from opsbook.rendering.raci import raci_matrix
from opsbook.rendering.table import Cell, date_cell, number_cell
from opsbook.schemas.process import Process

if TYPE_CHECKING:
    from opsbook.knowledge_base import Entry, KnowledgeBase
    from opsbook.rendering.document import PageContext
    from opsbook.rendering.labels import Labels
    from opsbook.rendering.urls import Linker
    from opsbook.workflow.scaffold import Skeleton

__all__ = ["ProcessKind"]


class ProcessKind(Kind):
    name = "process"
    model = Process
    folder = "processes"
    slug = "processes"
    share = 0.2

    def page_context(self, doc: Process, page: PageContext) -> dict[str, Any]:
        chart = flowchart(doc, page.labels.start, page.labels.end)
        return {
            # Past Mermaid's text limit a reader would get an error instead of a chart.
            "flowchart": chart if len(chart) <= MERMAID_MAX_TEXT else None,
            "raci": raci_matrix(doc),
            "step_titles": {step.id: step.title for step in doc.steps},
        }

    def completeness(self, doc: Process) -> list[tuple[str, bool]]:
        accountable = all(step.raci is not None and step.raci.accountable for step in doc.steps)
        return [("check_process_accountable", accountable)]

    def columns(self, t: Labels) -> list[str]:
        return [t.title, t.cadence, t.steps, t.owner, t.last_reviewed, t.next_review]

    def row(self, entry: Entry, kb: KnowledgeBase, link: Linker, t: Labels) -> list[Cell]:
        title, owner = super().row(entry, kb, link, t)
        doc: Process = entry.model  # type: ignore[assignment]
        return [
            title,
            Cell(doc.cadence or ""),
            number_cell(len(doc.steps)),
            owner,
            date_cell(doc.review.last_reviewed),
            date_cell(doc.review.due),
        ]

    def skeleton(self, new: Skeleton) -> dict[str, object]:
        return {
            "purpose": "TODO: why this process exists",
            "trigger": "TODO: what starts it",
            "cadence": "TODO: how often it runs",
            "review": review_skeleton(new),
            "roles": {"owner": "TODO: who runs the process", "reviewer": "TODO: who signs off"},
            "steps": [
                {"id": "prepare", "title": "TODO: first step", "role": "owner"},
                {
                    "id": "sign-off",
                    "title": "TODO: last step",
                    "role": "reviewer",
                    "raci": {"accountable": "reviewer", "informed": ["owner"]},
                },
            ],
            "inputs": [],
            "outputs": [],
            "metrics": [],
        }

    def sample_title(self, number: int, text: SampleText) -> tuple[str, str]:
        area, noun = text.word().capitalize(), text.word()
        ending = text.rng.choice(["review", "triage", "handover", "approval"])
        return f"{area} {noun} {ending}", f"proc-{number}-{area.lower()}-{noun}"

    def sample(self, text: SampleText, doc_id: str) -> dict[str, Any]:
        rng = text.rng
        role_keys = rng.sample(["lead", "analyst", "pm", "support", "eng", "cs", "comms"], 4)
        count = rng.randint(5, 9)
        decision_at = rng.randint(1, count - 3)  # steps are numbered from 1
        steps: list[dict[str, Any]] = []
        for number in range(1, count + 1):
            step: dict[str, Any] = {
                "id": f"step-{number}",
                "title": text.phrase(),
                "role": rng.choice(role_keys),
            }
            if rng.random() < 0.6:
                others = [key for key in role_keys if key != step["role"]]
                step["raci"] = {
                    "accountable": rng.choice(role_keys),
                    "consulted": rng.sample(others, 1),
                    "informed": rng.sample(others, 2),
                }
            step["duration"] = f"{rng.randint(1, 8)}{rng.choice('mhd')}"
            if rng.random() < 0.5:
                step["tool"] = text.word()
            if rng.random() < 0.6:
                step["details"] = text.paragraph(rng.randint(1, 2))
            if number == decision_at:
                step["decision"] = f"Is the {text.word()} ready?"
                step["next"] = {"yes": f"step-{number + 1}", "no": f"step-{number + 2}"}
            elif number == count - 1 and count - 1 > decision_at + 1:
                step["decision"] = "Is a last check needed?"
                step["next"] = {"yes": f"step-{count}", "no": "end"}
            steps.append(step)
        return {
            "purpose": text.paragraph(2),
            "trigger": text.sentence(),
            "cadence": rng.choice(["weekly", "every release", "on demand", "monthly"]),
            "roles": {key: text.sentence(4, 9) for key in role_keys},
            "steps": steps,
            "inputs": [text.phrase() for _ in range(2)],
            "outputs": [text.phrase() for _ in range(2)],
            "metrics": [text.sentence(5, 9) for _ in range(2)],
        }
