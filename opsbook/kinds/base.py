"""What a kind of document is, besides its model: the base every kind's entry extends.

A kind's module (`opsbook/kinds/runbook.py`, ...) holds one `Kind` subclass, and next to
it its words in each language (`runbook.en.yml`, `runbook.vi.yml`); its model is in
`schemas/`, its page template in `opsbook/rendering/templates/opsbook/<kind>.html`. The
registry (`opsbook/kinds/__init__.py`) lists the kinds; everything else asks it.
"""

from __future__ import annotations

import datetime as dt
import inspect
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from opsbook.rendering.table import Cell, text_cell

if TYPE_CHECKING:
    from opsbook.knowledge_base import Entry, KnowledgeBase
    from opsbook.rendering.catalog import CatalogContext, CatalogPage
    from opsbook.rendering.document import PageContext
    from opsbook.rendering.labels import Labels
    from opsbook.rendering.urls import Linker
    from opsbook.schemas import Document
    from opsbook.workflow.scaffold import Skeleton

__all__ = ["Deadline", "Format", "Kind", "SampleText"]

Format = Literal["yaml", "md"]


@dataclass(frozen=True, slots=True)
class Deadline:
    """A date by which the owner of a document must decide something, besides its review:
    `opsbook review` lists it, `--fail` counts it."""

    entry: Entry
    what: str
    """A short name for what is due, like `renewal decision`."""
    due: dt.date
    days_overdue: int
    """Positive when the date has passed, zero on the day, negative while there is time."""
    detail: str
    """One sentence for people: what to do."""
    path: tuple[str | int, ...] = ()
    """Where in the document the date is written, for `path:line` in listings."""


@dataclass
class SampleText:
    """Random words and the knowledge base so far, for a kind's benchmark sample."""

    rng: random.Random
    words: Sequence[str]
    verbs: Sequence[str]
    people: Sequence[str]
    teams: Sequence[str]
    """Ids of the teams (every knowledge base has at least two)."""
    earlier: Sequence[str]
    """Ids of documents placed before this one (references may name them)."""
    same_kind: Sequence[str]
    """Ids of earlier documents of this kind."""
    kinds_of: Callable[[str], str | None]
    """The kind of an earlier document, by id."""

    def word(self) -> str:
        return self.rng.choice(self.words)

    def sentence(self, low: int = 6, high: int = 14) -> str:
        words = [self.word() for _ in range(self.rng.randint(low, high))]
        return " ".join([words[0].capitalize(), *words[1:]]) + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def phrase(self, low: int = 2, high: int = 5) -> str:
        words = [self.word() for _ in range(self.rng.randint(low, high))]
        return " ".join([self.rng.choice(self.verbs).capitalize(), *words])

    def pick(self, pool: Sequence[str], low: int, high: int) -> list[str]:
        if not pool:
            return []
        return self.rng.sample(list(pool), min(len(pool), self.rng.randint(low, high)))


class Kind:
    """One kind of document. Subclasses set the class attributes and override what differs."""

    name: ClassVar[str]
    """The value of `kind`."""
    model: ClassVar[type[Document]]
    folder: ClassVar[str]
    """Where `opsbook new` writes documents of the kind; the navigation's section."""
    file_format: ClassVar[Format] = "yaml"
    """How `opsbook new` writes them unless told otherwise."""
    slug: ClassVar[str]
    """The page name of the kind's catalog and changelog: `runbooks`."""
    share: ClassVar[float] = 0.1
    """The kind's part of a synthetic knowledge base (scripts/bench)."""

    @property
    def template(self) -> str:
        return f"opsbook/{self.name}.html"

    def label_file(self, language: str) -> Path:
        """The kind's words in `language`: `<module>.<language>.yml` beside its module."""
        return Path(inspect.getfile(type(self))).with_suffix(f".{language}.yml")

    # --- pages -----------------------------------------------------------------------------

    def page_context(self, doc: Any, page: PageContext) -> dict[str, Any]:
        """What the kind's template needs beyond the document and what every page has."""
        return {}

    def columns(self, t: Labels) -> list[str]:
        """The catalog's columns for this kind (the first is the title)."""
        return [t.title, t.owner]

    def row(self, entry: Entry, kb: KnowledgeBase, link: Linker, t: Labels) -> list[Cell]:
        """One catalog row; `link` gives relative links to documents' pages, by id."""
        from opsbook.rendering.links import link_for

        owner = link_for(kb, link, entry.model.owner)
        return [
            text_cell(entry.title, link_for(kb, link, entry.id)),
            text_cell(owner.title if owner else "", owner),
        ]

    def catalog_pages(self, catalog: CatalogContext) -> list[CatalogPage]:
        """The kind's catalog pages: by default one table of every document."""
        return [catalog.kind_table_page(self)]

    def completeness(self, doc: Any) -> list[tuple[str, bool]]:
        """The checks a complete document of this kind passes, as (label key, passed): what
        the health page scores. Only the checks that apply to this document (a feature's
        FAQ only once it is generally available, say)."""
        return []

    # --- the editor's loop -----------------------------------------------------------------

    def deadlines(self, entry: Entry, today: dt.date, within_days: int) -> list[Deadline]:
        """Decisions due by a date, besides the review (a tool's contract, say)."""
        return []

    def skeleton(self, new: Skeleton) -> dict[str, object]:
        """The kind's own fields of a new document, valid as they are, with TODOs."""
        raise NotImplementedError

    # --- the benchmark ---------------------------------------------------------------------

    def sample(self, text: SampleText, doc_id: str) -> dict[str, Any]:
        """The kind's own fields of a synthetic document (scripts/bench)."""
        raise NotImplementedError

    def sample_title(self, number: int, text: SampleText) -> tuple[str, str]:
        """(title, id) of the `number`th synthetic document of the kind."""
        noun = text.word()
        return f"{noun.capitalize()} {self.name} {number}", f"{self.name}-{number}-{noun}"

    def sample_body(self, text: SampleText) -> str:
        """The prose of a synthetic Markdown document."""
        return "\n\n".join(text.paragraph(text.rng.randint(2, 4)) for _ in range(3)) + "\n"


def review_skeleton(new: Skeleton) -> dict[str, object]:
    """`review` for a new document: reviewed today, every 90 days."""
    return {"last_reviewed": new.today, "every_days": 90}
