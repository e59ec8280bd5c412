"""`onboarding-path`: an ordered way in for a new person in a role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field, StrictBool

from opsbook.schemas.base import Document, FieldIssue, Reference, owner_field, repeated_ids
from opsbook.schemas.fields import HttpsUrl, PositiveInt, Slug, StrictModel, Text

__all__ = ["Module", "OnboardingPath"]

TARGETS = ("doc", "url", "task")


class Module(StrictModel):
    """One piece of the path: a document to read, a link to follow or a task to do."""

    title: Text = Field(description="What the module is about.")
    minutes: PositiveInt = Field(description="How long it takes, in minutes.", examples=[45])
    optional: StrictBool = Field(
        default=False,
        description="true when the module can be skipped; it then does not "
        "count towards the total time.",
    )
    doc: Slug | None = Field(default=None, description="The id of a document to work through.")
    url: HttpsUrl | None = Field(default=None, description="An https:// link to follow.")
    task: Text | None = Field(default=None, description="Something to do, as text.")


class OnboardingPath(Document):
    """An ordered way in for a new person in a role."""

    KIND: ClassVar[str] = "onboarding-path"

    kind: Literal["onboarding-path"] = Field(description="Always `onboarding-path`.")
    owner: Slug = owner_field()
    audience: Text = Field(description="The role this path is for.")
    outcomes: list[Text] = Field(
        min_length=1, description="What the person can do at the end of the path."
    )
    prerequisites: list[Slug] = Field(
        default_factory=list, description="Ids of onboarding paths to complete first."
    )
    modules: list[Module] = Field(min_length=1, description="The modules, in order.")

    @property
    def required_minutes(self) -> int:
        """Total time of the modules that are not optional."""
        return sum(module.minutes for module in self.modules if not module.optional)

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        for index, target in enumerate(self.prerequisites):
            yield Reference(
                ("prerequisites", index), target, frozenset({"onboarding-path"}), "prerequisites"
            )
        for index, module in enumerate(self.modules):
            if module.doc is not None:
                yield Reference(("modules", index, "doc"), module.doc, None, "module doc")

    def consistency(self) -> Iterator[FieldIssue]:
        yield from super().consistency()
        yield from repeated_ids(("prerequisites",), self.prerequisites, self.id)
        for index, module in enumerate(self.modules):
            present = [name for name in TARGETS if getattr(module, name) is not None]
            if len(present) == 1:
                continue
            if present:
                message = (
                    "a module has exactly one of doc, url or task; "
                    f"this one has {' and '.join(present)}"
                )
                hint = "split it into one module per target"
            else:
                message = "a module needs one of doc, url or task"
                hint = "add 'doc: <document id>', 'url: https://…' or 'task: <what to do>'"
            yield FieldIssue(("modules", index), message, hint, "module-target")
