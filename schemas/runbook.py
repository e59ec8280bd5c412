"""`runbook`: what to do when something goes wrong."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from opsbook.schemas.base import Document, Reference, Review, owner_field, review_field
from opsbook.schemas.fields import Markdown, Minutes, Slug, StrictModel, Text

__all__ = ["Escalation", "Runbook", "RunbookStep"]


class RunbookStep(StrictModel):
    """One thing to do; rendered as a checklist item."""

    title: Text = Field(description="What to do, as an instruction.")
    details: Markdown | None = Field(default=None, description="More explanation, in Markdown.")
    command: Text | None = Field(
        default=None, description="A command to run; rendered as a copyable code block."
    )
    expect: Text | None = Field(default=None, description="What you should see when it worked.")


class Escalation(StrictModel):
    """Who to call, and when, if the steps do not help."""

    after_minutes: Minutes = Field(
        description="Minutes after the start of the incident at which to escalate (0 or more).",
        examples=[30],
    )
    contact: Slug = Field(description="The id of the team to escalate to.")


class Runbook(Document):
    """What to do when something goes wrong."""

    KIND: ClassVar[str] = "runbook"

    kind: Literal["runbook"] = Field(description="Always `runbook`.")
    owner: Slug = owner_field()
    review: Review = review_field()
    service: Text = Field(description="The product or system this runbook covers.")
    severity: Literal["sev1", "sev2", "sev3", "sev4"] | None = Field(
        default=None, description="How bad the situation usually is; sev1 is the worst."
    )
    symptoms: list[Text] = Field(
        min_length=1, description="How you notice the problem: alerts, customer reports."
    )
    impact: Text | None = Field(default=None, description="What users and the business lose.")
    prerequisites: list[Text] = Field(
        default_factory=list, description="Access and tools needed before starting."
    )
    steps: list[RunbookStep] = Field(min_length=1, description="What to do, in order.")
    rollback: list[RunbookStep] = Field(
        default_factory=list, description="How to undo the steps if they make things worse."
    )
    escalation: list[Escalation] = Field(
        default_factory=list, description="Who to call after how many minutes."
    )

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        for index, step in enumerate(self.escalation):
            yield Reference(
                ("escalation", index, "contact"),
                step.contact,
                frozenset({"team"}),
                "escalation contact",
            )
