"""`onboarding-path`: an ordered way in for a new person in a role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from opsbook.kinds.base import Kind, SampleText
from opsbook.rendering.formats import minutes_text
from opsbook.rendering.table import Cell, number_cell
from opsbook.schemas.onboarding_path import OnboardingPath

if TYPE_CHECKING:
    from opsbook.knowledge_base import Entry, KnowledgeBase
    from opsbook.rendering.document import PageContext
    from opsbook.rendering.labels import Labels
    from opsbook.rendering.urls import Linker
    from opsbook.workflow.scaffold import Skeleton

__all__ = ["OnboardingPathKind"]


class OnboardingPathKind(Kind):
    name = "onboarding-path"
    model = OnboardingPath
    folder = "onboarding"
    slug = "onboarding-paths"
    share = 0.1

    def page_context(self, doc: OnboardingPath, page: PageContext) -> dict[str, Any]:
        return {
            "prerequisite_paths": [
                found for found in map(page.to, doc.prerequisites) if found is not None
            ],
            "modules": [{"module": module, "doc": page.to(module.doc)} for module in doc.modules],
            "required_minutes": doc.required_minutes,
        }

    def columns(self, t: Labels) -> list[str]:
        return [t.title, t.audience, t.modules, t.total_time_short, t.owner]

    def row(self, entry: Entry, kb: KnowledgeBase, link: Linker, t: Labels) -> list[Cell]:
        title, owner = super().row(entry, kb, link, t)
        doc: OnboardingPath = entry.model  # type: ignore[assignment]
        minutes = doc.required_minutes
        return [
            title,
            Cell(doc.audience),
            number_cell(len(doc.modules)),
            number_cell(minutes, minutes_text(minutes, t)),
            owner,
        ]

    def skeleton(self, new: Skeleton) -> dict[str, object]:
        return {
            "audience": "TODO: the role this path is for",
            "outcomes": ["TODO: what the person can do at the end"],
            "prerequisites": [],
            "modules": [{"title": "TODO: first module", "task": "TODO: what to do", "minutes": 30}],
        }

    def sample_title(self, number: int, text: SampleText) -> tuple[str, str]:
        area = text.word().capitalize()
        role = text.rng.choice(["analyst", "lead", "manager", "engineer", "specialist"])
        if number % 4 == 0:
            title = f"Lộ trình cho {area} {role}"  # Vietnamese titles are normal in opsbook
        else:
            title = f"Onboarding for the {area} {role}"
        return title, f"path-{number}-{area.lower()}-{role}"

    def sample(self, text: SampleText, doc_id: str) -> dict[str, Any]:
        rng = text.rng
        modules: list[dict[str, Any]] = []
        for _ in range(rng.randint(4, 8)):
            module: dict[str, Any] = {"title": text.phrase(), "minutes": rng.choice([15, 30, 60])}
            which = rng.random()
            if which < 0.6 and text.earlier:
                module["doc"] = rng.choice(text.earlier)
            elif which < 0.8:
                module["url"] = f"https://handbook.example.com/{text.word()}"
            else:
                module["task"] = text.sentence()
            if rng.random() < 0.15:
                module["optional"] = True
            modules.append(module)
        out: dict[str, Any] = {
            "audience": f"new {text.word()} specialist",
            "outcomes": [text.sentence() for _ in range(rng.randint(1, 3))],
        }
        prerequisites = text.pick(list(text.same_kind)[-10:], 0, 2)
        if prerequisites:
            out["prerequisites"] = prerequisites
        out["modules"] = modules
        return out
