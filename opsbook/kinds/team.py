"""`team`: who owns what, and how to reach them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from opsbook.kinds.base import Kind, SampleText
from opsbook.rendering.links import DocLink
from opsbook.rendering.table import Cell, number_cell
from opsbook.schemas.team import Team

if TYPE_CHECKING:
    from opsbook.knowledge_base import Entry, KnowledgeBase
    from opsbook.rendering.document import PageContext
    from opsbook.rendering.labels import Labels
    from opsbook.rendering.urls import Linker
    from opsbook.workflow.scaffold import Skeleton

__all__ = ["TeamKind"]


class TeamKind(Kind):
    name = "team"
    model = Team
    folder = "teams"
    slug = "teams"
    share = 0.05

    def page_context(self, doc: Team, page: PageContext) -> dict[str, Any]:
        """What the team owns, grouped by kind in reading order (kept out of backlinks)."""
        owned = page.kb.owned.get(doc.id, [])
        owned_ids = {item.id for item in owned}
        groups: dict[str, list[DocLink]] = {}
        for item in owned:
            found = page.to(item.id)
            if found is not None:
                groups.setdefault(item.kind, []).append(found)
        return {
            "backlinks": [b for b in page.backlinks(doc.id) if b.id not in owned_ids],
            "owned_groups": [
                (page.labels.kinds_plural.get(kind, kind), groups[kind])
                for kind in page.kind_order
                if kind in groups
            ],
        }

    def columns(self, t: Labels) -> list[str]:
        return [t.title, t.members, t.owns_short, t.channel_kinds["chat"]]

    def row(self, entry: Entry, kb: KnowledgeBase, link: Linker, t: Labels) -> list[Cell]:
        title, _ = super().row(entry, kb, link, t)
        doc: Team = entry.model  # type: ignore[assignment]
        return [
            title,
            number_cell(len(doc.members)),
            number_cell(len(kb.owned.get(doc.id, []))),
            Cell(doc.channels.chat or "" if doc.channels else ""),
        ]

    def skeleton(self, new: Skeleton) -> dict[str, object]:
        return {
            "members": [{"name": "TODO: name", "role": "TODO: role"}],
            "channels": {"chat": "#TODO-channel"},
            "codeowners": [],
            "responsibilities": ["TODO: what the team is responsible for"],
        }

    def sample_title(self, number: int, text: SampleText) -> tuple[str, str]:
        area = text.word().capitalize()
        function = ("Operations", "Engineering", "Support", "Success", "Analytics")[number % 5]
        return f"{area} {function} {number}", f"team-{number}-{area.lower()}-{function.lower()}"

    def sample(self, text: SampleText, doc_id: str) -> dict[str, Any]:
        rng = text.rng
        members = []
        for name in rng.sample(list(text.people), rng.randint(3, 6)):
            first = name.split()[0].lower().encode("ascii", "ignore").decode() or "member"
            members.append({"name": name, "role": text.word(), "contact": f"{first}@example.com"})
        return {
            "members": members,
            "channels": {"chat": f"#{doc_id}", "email": f"{doc_id}@example.com"},
            "codeowners": [f"@example/{doc_id}"],
            "responsibilities": [text.phrase() for _ in range(rng.randint(2, 4))],
        }
