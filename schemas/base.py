"""What every kind of document has: identity, ownership, tags, review dates.

Besides fields, each model says which of its values are references to other
documents (`references`) and which rules span several fields (`consistency`),
each with the path of the value concerned so errors can point at its line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, Field, Strict
from pydantic_core import PydanticCustomError

from opsbook.schemas.fields import Date, PositiveInt, Slug, StrictModel, Text

__all__ = [
    "LANG_PATTERN",
    "Document",
    "FieldIssue",
    "Reference",
    "Review",
    "owner_field",
    "review_field",
]

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Reference:
    """An id written in a document, and which kinds it may name."""

    path: Path
    target: str
    kinds: frozenset[str] | None
    """None when any kind will do."""
    field: str
    """How the field is named in messages, e.g. `owner` or `escalation contact`."""


@dataclass(frozen=True, slots=True)
class FieldIssue:
    """A rule that spans fields was broken; `path` is the value to point at."""

    path: Path
    message: str
    hint: str = ""
    code: str = "inconsistent"


# A BCP 47 language tag as pages use them (RFC 5646, without extensions and private use):
# a language of 2-3 letters, then optionally a script of 4 letters, a region of 2 letters or
# 3 digits, and variants of 5-8 letters and digits (or 4 starting with a digit).
LANG_PATTERN = (
    r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?"
    r"(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)
_LANG = re.compile(LANG_PATTERN)


def _language_tag(value: str) -> str:
    if _LANG.fullmatch(value) is None:
        raise PydanticCustomError(
            "language_tag",
            "is not a BCP 47 language tag: write the language's two or three letters, "
            "optionally followed by a hyphen and a region, like vi, en or pt-BR "
            "(not vi_VN or Vietnamese)",
        )
    return value


LanguageTag = Annotated[
    str,
    Strict(),
    AfterValidator(_language_tag),
    Field(json_schema_extra={"pattern": LANG_PATTERN}),
]
"""The language of a document's text, as a BCP 47 tag: `vi`, `en`, `pt-BR`, `zh-Hant-TW`."""


class Review(StrictModel):
    """When a document was last checked and how often it must be."""

    last_reviewed: Date = Field(
        description="The day the document was last checked against reality (YYYY-MM-DD).",
        examples=["2026-10-01"],
    )
    every_days: PositiveInt = Field(
        le=3650,
        description="How many days may pass before the next review is due (at most 3650, "
        "ten years).",
        examples=[90],
    )

    @property
    def due(self) -> dt.date:
        try:
            return self.last_reviewed + dt.timedelta(days=self.every_days)
        except OverflowError:  # reviewed in the year 9999: due at the end of the calendar
            return dt.date.max

    def overdue_days(self, today: dt.date) -> int:
        """Days past the due date; zero or less when not overdue."""
        return (today - self.due).days


class Document(StrictModel):
    """Fields every kind shares; each kind narrows `kind` to its own literal."""

    KIND: ClassVar[str] = ""
    """The value of `kind` that selects this model."""

    kind: str = Field(description="Selects the schema of the document.")
    id: Slug = Field(
        description="Unique across the whole knowledge base; what references use. "
        "Lowercase letters and digits, words joined by single hyphens.",
        examples=["payment-webhook-failures"],
    )
    title: Text = Field(
        description="The page title, in any script.", examples=["Payment webhooks are failing"]
    )
    summary: Text = Field(
        description="One paragraph shown in catalogs, search results and link previews.",
    )
    owner: Slug | None = Field(
        default=None,
        description="The id of the team that answers for this document "
        "(required on every kind but team).",
        examples=["product-ops"],
    )
    tags: list[Text] = Field(
        default_factory=list, description="Keywords; they become the site's tags."
    )
    related: list[Slug] = Field(
        default_factory=list,
        description="Ids of related documents; each is linked, and shows this one as a backlink.",
    )
    review: Review | None = Field(
        default=None,
        description="When the document was last reviewed and how often it must be "
        "(required on runbooks and processes).",
    )
    lang: LanguageTag | None = Field(
        default=None,
        description="The language of the document's text when it differs from the site's, as "
        "a BCP 47 tag (vi, en, pt-BR); its page carries it, so screen readers and browsers "
        "read the text in the right language.",
        examples=["vi"],
    )

    def references(self) -> Iterator[Reference]:
        """Every id this document names, with the kinds each may point to."""
        if self.owner is not None:
            yield Reference(("owner",), self.owner, frozenset({"team"}), "owner")
        for index, target in enumerate(self.related):
            yield Reference(("related", index), target, None, "related")

    def consistency(self) -> Iterator[FieldIssue]:
        """Rules that span several fields: here, a list of ids names each once, and not
        the document itself."""
        yield from repeated_ids(("related",), self.related, self.id)


def repeated_ids(path: Path, ids: list[str], own_id: str) -> Iterator[FieldIssue]:
    seen: set[str] = set()
    for index, target in enumerate(ids):
        if target == own_id:
            yield FieldIssue(
                (*path, index),
                f"'{target}' is this document's own id",
                "a document cannot point at itself; remove it",
                "self-reference",
            )
        elif target in seen:
            yield FieldIssue(
                (*path, index),
                f"'{target}' is listed twice",
                "keep one of them",
                "duplicate-reference",
            )
        seen.add(target)


def owner_field() -> Any:
    """`owner` where a kind requires it."""
    return Field(
        description="The id of the team that answers for this document.",
        examples=["product-ops"],
    )


def review_field() -> Any:
    """`review` where a kind requires it."""
    return Field(
        description="When the document was last reviewed and how often it must be; "
        "past the due date the page shows a 'review overdue' banner.",
        examples=[{"last_reviewed": "2026-10-01", "every_days": 90}],
    )
