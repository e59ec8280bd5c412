"""Field types shared by every kind: strict text, ids, dates, links.

Text is strict: a number or a date where text is expected is an error (with the
hint to quote it) rather than silently turned into a string.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

__all__ = [
    "DURATION_PATTERN",
    "EMAIL_PATTERN",
    "HANDLE_PATTERN",
    "HTTPS_PATTERN",
    "MAX_ID_LENGTH",
    "SLUG_PATTERN",
    "Date",
    "Duration",
    "Email",
    "Handle",
    "HttpsUrl",
    "Markdown",
    "Minutes",
    "PositiveInt",
    "Slug",
    "StrictModel",
    "Text",
    "is_email",
]

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_ID_LENGTH = 100
"""The most characters an id may have: ids name files (`<id>.md`) and addresses, and
file systems refuse names much over 250 bytes; 100 leaves room and is plenty to read."""
DURATION_PATTERN = r"^[0-9]+(m|h|d|w)$"
HTTPS_PATTERN = r"^https://[^\s/?#]+[^\s]*$"

# An e-mail address and nothing more: a local part of letters, digits and `._%+-`, an
# `@`, and a domain of at least two labels (letters, digits and inner hyphens) joined by
# dots. No quoted local parts, comments, display names or IP literals: what is written
# becomes a `mailto:` link and a CODEOWNERS owner, where `?cc=`, `,` or `<…>` would add
# recipients or change the link. Plain groups only, so pydantic (Rust's regex), editors
# (ECMAScript) and Python read it alike.
_EMAIL = (
    r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
)
EMAIL_PATTERN = f"^{_EMAIL}$"
# GitHub's rules: a user or organisation name is letters and digits in words joined by
# single hyphens, at most 39 characters; a team slug is letters, digits, `-` and `_`.
_GITHUB_NAME = r"[A-Za-z0-9](-?[A-Za-z0-9]){0,38}"
_TEAM_SLUG = r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}"
HANDLE_PATTERN = f"^(@{_GITHUB_NAME}(/{_TEAM_SLUG})?|{_EMAIL})$"


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank_text", "is blank")
    return value


class StrictModel(BaseModel):
    """Every part of a document: unknown fields are errors, types are strict."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        validate_default=False,
        use_attribute_docstrings=False,
    )


Text = Annotated[str, Strict(), StringConstraints(min_length=1), AfterValidator(_not_blank)]
"""Plain text, rendered escaped: never Markdown, never HTML."""

Markdown = Annotated[
    str,
    Strict(),
    StringConstraints(min_length=1),
    AfterValidator(_not_blank),
    Field(json_schema_extra={"contentMediaType": "text/markdown"}),
]
"""Text rendered as Markdown on the site."""


def _short_id(value: str) -> str:
    if len(value) > MAX_ID_LENGTH:
        raise PydanticCustomError(
            "id_too_long",
            "is {length} characters long, but an id has at most {limit} characters: "
            "shorten it (it names a file and a web address)",
            {"length": len(value), "limit": MAX_ID_LENGTH},
        )
    return value


Slug = Annotated[
    str,
    Strict(),
    StringConstraints(pattern=SLUG_PATTERN),
    AfterValidator(_short_id),
    Field(json_schema_extra={"maxLength": MAX_ID_LENGTH}),
]
"""An id, or a reference to one: lowercase letters and digits in words joined by single
hyphens, at most MAX_ID_LENGTH characters."""


def _date_input(value: object) -> object:
    """Dates come as dates (unquoted) or text (quoted); never as numbers of seconds."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
        raise PydanticCustomError("date_type", "is not a date")
    return value


Date = Annotated[
    dt.date,
    Strict(False),
    BeforeValidator(_date_input),
    Field(json_schema_extra={"format": "date"}),
]
"""A calendar day, written YYYY-MM-DD (quoted or not)."""

PositiveInt = Annotated[int, Strict(), Field(gt=0)]
Minutes = Annotated[int, Strict(), Field(ge=0)]

Duration = Annotated[str, Strict(), StringConstraints(pattern=DURATION_PATTERN)]
"""How long something takes: a number and m, h, d or w (`30m`, `4h`, `2d`, `1w`)."""

HttpsUrl = Annotated[str, Strict(), StringConstraints(pattern=HTTPS_PATTERN)]
"""An absolute https:// link."""

Handle = Annotated[str, Strict(), StringConstraints(pattern=HANDLE_PATTERN)]
"""A code-host handle (`@user`, `@org/team`) or an email address, as CODEOWNERS takes;
it is written into CODEOWNERS and the pull request's summary as it is."""

_EMAIL_TEXT = re.compile(EMAIL_PATTERN)


def is_email(text: str) -> bool:
    """Whether all of `text` is one e-mail address (EMAIL_PATTERN): the test a page
    applies before it makes a `mailto:` link of free text such as a member's contact."""
    return _EMAIL_TEXT.fullmatch(text) is not None


def _email(value: str) -> str:
    if not is_email(value):
        raise PydanticCustomError(
            "email",
            "is not an e-mail address: write the address alone, like team@example.com, "
            "without a name, <brackets>, ?cc= or anything after it",
        )
    return value


Email = Annotated[
    str,
    Strict(),
    AfterValidator(_email),
    Field(json_schema_extra={"format": "email", "pattern": EMAIL_PATTERN}),
]
"""An e-mail address and nothing more (EMAIL_PATTERN), safe to make a `mailto:` link of."""
