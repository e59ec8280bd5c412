"""`feature-guide`: how a feature works, for the people who support and sell it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal, get_args

from pydantic import Field

from opsbook.schemas.base import Document, FieldIssue, Reference, owner_field
from opsbook.schemas.fields import Date, Markdown, Slug, StrictModel, Text

__all__ = ["RELEASED_STATUSES", "STATUSES", "FaqEntry", "FeatureGuide"]

Status = Literal["planned", "alpha", "beta", "ga", "deprecated", "retired"]
STATUSES: tuple[str, ...] = get_args(Status)
"""In the order of a feature's life."""
RELEASED_STATUSES = frozenset({"ga", "deprecated", "retired"})


class FaqEntry(StrictModel):
    """A question people ask, with its answer."""

    q: Text = Field(description="The question, as people ask it.")
    a: Markdown = Field(description="The answer, in Markdown.")


class FeatureGuide(Document):
    """How a feature works, for the people who support and sell it."""

    KIND: ClassVar[str] = "feature-guide"

    kind: Literal["feature-guide"] = Field(description="Always `feature-guide`.")
    owner: Slug = owner_field()
    status: Status = Field(description="Where the feature is in its life.")
    released: Date | None = Field(
        default=None,
        description="When it became generally available; required once status is "
        "ga, deprecated or retired.",
    )
    audience: list[Text] = Field(
        min_length=1, description="Who this guide is for: customers, support, sales, ..."
    )
    flags: list[Text] = Field(default_factory=list, description="Feature-flag names.")
    limitations: list[Text] = Field(default_factory=list, description="What it does not do.")
    faq: list[FaqEntry] = Field(default_factory=list, description="Questions and answers.")
    support_contact: Slug | None = Field(
        default=None, description="The team that answers questions (defaults to the owner)."
    )

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        if self.support_contact is not None:
            yield Reference(
                ("support_contact",), self.support_contact, frozenset({"team"}), "support_contact"
            )

    def consistency(self) -> Iterator[FieldIssue]:
        yield from super().consistency()
        if self.status in RELEASED_STATUSES and self.released is None:
            yield FieldIssue(
                ("status",),
                f"a feature with status '{self.status}' needs a 'released' date",
                "add 'released: YYYY-MM-DD' with the day it became generally available",
                "missing",
            )
