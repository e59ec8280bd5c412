"""`tool`: a tool or service of the product or developer stack that a team owns.

The one place that says who owns a tool, who can administer it, what data it holds,
what it costs and when its contract must be decided.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, Field, Strict, StrictBool
from pydantic_core import PydanticCustomError

from opsbook.schemas.base import (
    Document,
    FieldIssue,
    Reference,
    Review,
    owner_field,
    review_field,
)
from opsbook.schemas.fields import Date, HttpsUrl, Minutes, Slug, StrictModel, Text

__all__ = ["Admin", "Contract", "Cost", "Tool"]

Category = Literal["product", "developer", "data", "support", "communication", "business"]
Status = Literal["evaluating", "active", "deprecated", "retired"]
Classification = Literal["public", "internal", "confidential", "restricted"]

_CURRENCY = re.compile(r"[A-Z]{3}")


def _currency(value: str) -> str:
    if _CURRENCY.fullmatch(value) is None:
        raise PydanticCustomError(
            "currency",
            "'{value}' is not a currency code: write its three capital letters (ISO 4217), "
            "like EUR, USD or VND",
            {"value": value},
        )
    return value


class Admin(StrictModel):
    """A person with admin rights in the tool."""

    name: Text = Field(description="The person's name.")
    contact: Text | None = Field(default=None, description="E-mail address or chat handle.")


class Cost(StrictModel):
    """What the tool costs."""

    amount: float = Field(
        ge=0, description="The amount, 0 or more, in `currency` per `per`.", examples=[55]
    )
    currency: Annotated[str, Strict(), AfterValidator(_currency)] = Field(
        description="Three capital letters (ISO 4217).", examples=["EUR"]
    )
    per: Literal["month", "year"] = Field(description="What the amount pays for.")

    @property
    def yearly(self) -> float:
        return self.amount * 12 if self.per == "month" else self.amount


class Contract(StrictModel):
    """When the contract renews, and how long before that it can be cancelled."""

    renews: Date = Field(description="The day the contract renews (YYYY-MM-DD).")
    notice_days: Minutes = Field(
        default=30,
        description="Days of notice the vendor needs to cancel or renegotiate (0 or more); "
        "the notice deadline is `renews` minus this.",
    )
    auto_renew: StrictBool = Field(
        default=True, description="true when the contract renews unless it is cancelled."
    )

    @property
    def notice_deadline(self) -> dt.date:
        """The last day to cancel or renegotiate."""
        try:
            return self.renews - dt.timedelta(days=self.notice_days)
        except OverflowError:  # notice longer than the calendar: long past
            return dt.date.min


class Tool(Document):
    """A tool or service of the product or developer stack that a team owns."""

    KIND: ClassVar[str] = "tool"

    kind: Literal["tool"] = Field(description="Always `tool`.")
    owner: Slug = owner_field()
    review: Review = review_field()
    vendor: Text = Field(description="Who makes or sells the tool.")
    category: Category = Field(description="Which part of the stack the tool belongs to.")
    status: Status = Field(description="Where the tool is in its life at the company.")
    url: HttpsUrl | None = Field(default=None, description="An https:// link to the tool.")
    admins: list[Admin] = Field(
        default_factory=list,
        description="The people with admin rights; at least one unless the tool is retired.",
    )
    users: Text | None = Field(default=None, description="Who uses it: all support agents, ...")
    seats: Minutes | None = Field(default=None, description="Paid seats (0 or more).")
    sso: StrictBool | None = Field(
        default=None, description="true when sign-in goes through the company's single sign-on."
    )
    data_classification: Classification = Field(
        description="The most sensitive data the tool holds."
    )
    cost: Cost | None = Field(default=None, description="What the tool costs.")
    contract: Contract | None = Field(
        default=None,
        description="The contract; required when the tool costs money and is not retired.",
    )
    replaced_by: Slug | None = Field(
        default=None, description="The id of the tool that replaced this one (once retired)."
    )

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        if self.replaced_by is not None and self.replaced_by != self.id:
            yield Reference(("replaced_by",), self.replaced_by, frozenset({"tool"}), "replaced_by")

    def consistency(self) -> Iterator[FieldIssue]:
        yield from super().consistency()
        if self.status != "retired" and not self.admins:
            yield FieldIssue(
                ("status",),
                f"a tool with status '{self.status}' needs at least one admin",
                "add 'admins: [{name: <who>, contact: <e-mail>}]'",
                "missing",
            )
        if self.cost is not None and self.contract is None and self.status != "retired":
            yield FieldIssue(
                ("cost",),
                "a tool that costs money needs a 'contract'",
                "add 'contract: {renews: YYYY-MM-DD, notice_days: 30}' so renewals are not missed",
                "missing",
            )
        if self.status == "retired" and self.replaced_by is None:
            yield FieldIssue(
                ("status",),
                "a retired tool needs 'replaced_by': the tool people use instead",
                "add 'replaced_by: <tool id>'",
                "missing",
            )
        if self.replaced_by == self.id:
            yield FieldIssue(
                ("replaced_by",),
                "a tool cannot be replaced by itself",
                "name the tool that replaced it",
                "self-reference",
            )
