"""`experiment`: a product experiment from hypothesis to decision."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from opsbook.schemas.base import Document, FieldIssue, Reference, owner_field
from opsbook.schemas.fields import Date, HttpsUrl, Markdown, Slug, StrictModel, Text

__all__ = ["DECISIONS", "Experiment", "ExperimentLink", "Metrics"]

Status = Literal["idea", "planned", "running", "decided", "abandoned"]
Decision = Literal["ship", "iterate", "stop"]
DECISIONS: tuple[str, ...] = ("ship", "iterate", "stop")


class Metrics(StrictModel):
    """What the experiment is judged by."""

    primary: Text = Field(description="The one metric that decides the experiment.")
    guardrails: list[Text] = Field(
        default_factory=list, description="Metrics that must not get worse."
    )


class ExperimentLink(StrictModel):
    """A dashboard, analysis or document about the experiment."""

    title: Text = Field(description="What the link shows.")
    url: HttpsUrl = Field(description="An https:// link.")


class Experiment(Document):
    """A product experiment from hypothesis to decision."""

    KIND: ClassVar[str] = "experiment"

    kind: Literal["experiment"] = Field(description="Always `experiment`.")
    owner: Slug = owner_field()
    hypothesis: Text = Field(description="What the experiment expects to happen, and why.")
    status: Status = Field(description="Where the experiment is, from idea to decision.")
    feature: Slug | None = Field(
        default=None, description="The id of the feature guide of the feature it tests."
    )
    metrics: Metrics = Field(description="The primary metric and the guardrails.")
    audience: Text | None = Field(
        default=None, description="Who is in the experiment and how it is split."
    )
    start: Date | None = Field(
        default=None, description="When it started; required once running or decided."
    )
    end: Date | None = Field(
        default=None, description="When it ended, not before `start`; required once decided."
    )
    decision: Decision | None = Field(
        default=None,
        description="`ship`, `iterate` or `stop`; required once decided, not allowed before.",
    )
    result: Markdown | None = Field(
        default=None, description="What came out, in Markdown; required once decided."
    )
    learnings: list[Text] = Field(
        default_factory=list, description="What the team learned, whatever the decision."
    )
    links: list[ExperimentLink] = Field(
        default_factory=list, description="Dashboards and analyses."
    )

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        if self.feature is not None:
            yield Reference(("feature",), self.feature, frozenset({"feature-guide"}), "feature")

    def consistency(self) -> Iterator[FieldIssue]:
        yield from super().consistency()
        if self.status in ("running", "decided") and self.start is None:
            yield FieldIssue(
                ("status",),
                f"an experiment with status '{self.status}' needs a 'start' date",
                "add 'start: YYYY-MM-DD' with the day it started",
                "missing",
            )
        if self.status == "decided":
            for name, hint in (
                ("end", "add 'end: YYYY-MM-DD' with the day it ended"),
                ("decision", "add 'decision: ship', 'iterate' or 'stop'"),
                ("result", "add 'result:' with what came out, in Markdown"),
            ):
                if getattr(self, name) is None:
                    yield FieldIssue(
                        ("status",), f"a decided experiment needs '{name}'", hint, "missing"
                    )
        elif self.decision is not None:
            yield FieldIssue(
                ("decision",),
                f"an experiment with status '{self.status}' has no decision yet",
                "remove 'decision', or set 'status: decided' once it is decided",
                "inconsistent",
            )
        if self.start is not None and self.end is not None and self.end < self.start:
            yield FieldIssue(
                ("end",),
                f"'end' ({self.end.isoformat()}) is before 'start' ({self.start.isoformat()})",
                "swap the dates, or correct the one that is wrong",
                "inconsistent",
            )
