"""`team`: who owns what, and how to reach them."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from opsbook.schemas.base import Document
from opsbook.schemas.fields import Email, Handle, StrictModel, Text

__all__ = ["Channels", "Member", "Team"]


class Member(StrictModel):
    """A person in the team."""

    name: Text = Field(description="The person's name.")
    role: Text = Field(description="What they do in the team.")
    contact: Text | None = Field(default=None, description="Email address or chat handle.")


class Channels(StrictModel):
    """Where to reach the team."""

    chat: Text | None = Field(default=None, description="Chat channel, like #product-ops.")
    email: Email | None = Field(
        default=None, description="Team email address: the address alone, like team@example.com."
    )
    pager: Text | None = Field(
        default=None, description="Paging service or rotation, for urgent matters."
    )


class Team(Document):
    """Who owns what, and how to reach them."""

    KIND: ClassVar[str] = "team"

    kind: Literal["team"] = Field(description="Always `team`.")
    members: list[Member] = Field(min_length=1, description="The people in the team.")
    channels: Channels | None = Field(default=None, description="Where to reach the team.")
    codeowners: list[Handle] = Field(
        default_factory=list,
        description="Code-host handles (@org/team or @user) that review changes to the "
        "team's documents; used for CODEOWNERS.",
        examples=[["@acme/product-ops"]],
    )
    responsibilities: list[Text] = Field(
        default_factory=list, description="What the team is responsible for."
    )
