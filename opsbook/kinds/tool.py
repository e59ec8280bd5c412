"""`tool`: the product and developer stack a team owns, with its admins, data and contract.

Besides its page, a tool has two catalog pages (every tool by category, and the renewals
to decide, soonest first) and deadlines for `opsbook review`: the last day to cancel or
renegotiate a contract, and a renewal date that has passed without the document saying so.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, get_args

from opsbook.kinds.base import Deadline, Kind, SampleText, review_skeleton
from opsbook.rendering.formats import iso_date
from opsbook.rendering.links import link_for
from opsbook.rendering.table import Cell, Table, date_cell, number_cell, text_cell
from opsbook.schemas.tool import Category, Cost, Status, Tool

if TYPE_CHECKING:
    from opsbook.knowledge_base import Entry, KnowledgeBase
    from opsbook.rendering.catalog import CatalogContext, CatalogPage
    from opsbook.rendering.document import PageContext
    from opsbook.rendering.labels import Labels
    from opsbook.rendering.urls import Linker
    from opsbook.workflow.scaffold import Skeleton

__all__ = ["ToolKind"]

CATEGORIES: tuple[str, ...] = get_args(Category)
STATUSES: tuple[str, ...] = get_args(Status)
TONES = {"evaluating": "info", "active": "ok", "deprecated": "warn", "retired": "muted"}
"""How each status reads on its badge (see opsbook.css)."""
CLASSIFICATION_TONES = {
    "public": "muted",
    "internal": "info",
    "confidential": "warn",
    "restricted": "danger",
}
RENEWALS = "renewals"
"""The page name of the renewals list, beside the tools catalog."""


def cost_text(cost: Cost | None, t: Labels) -> str:
    """`55 EUR per month`, in the labels' language."""
    if cost is None:
        return ""
    amount = f"{cost.amount:,.0f}" if cost.amount.is_integer() else f"{cost.amount:,.2f}"
    return str(t.tool_cost_per[cost.per]).format(amount=amount, currency=cost.currency)


def _tool(entry: Entry) -> Tool:
    assert isinstance(entry.model, Tool)
    return entry.model


def _contract_state(tool: Tool, today: dt.date) -> dict[str, Any]:
    contract = tool.contract
    if contract is None or tool.status == "retired":
        return {"notice_passed": False, "renewal_passed": False}
    return {
        # The last day to cancel has gone while the contract still runs to its renewal.
        "notice_passed": contract.notice_deadline < today <= contract.renews,
        "renewal_passed": contract.renews < today,
    }


class ToolKind(Kind):
    name = "tool"
    model = Tool
    folder = "tools"
    slug = "tools"
    share = 0.05

    def page_context(self, doc: Tool, page: PageContext) -> dict[str, Any]:
        return {
            "tones": TONES,
            "classification_tones": CLASSIFICATION_TONES,
            "cost": cost_text(doc.cost, page.labels),
            "replacement": page.to(doc.replaced_by),
            "today": page.today,
            **_contract_state(doc, page.today),
        }

    def completeness(self, doc: Tool) -> list[tuple[str, bool]]:
        if doc.status != "active":
            return []
        checks = [("check_tool_admins", bool(doc.admins))]
        if doc.cost is not None and doc.cost.amount > 0:
            checks.append(("check_tool_contract", doc.contract is not None))
        return checks

    def columns(self, t: Labels) -> list[str]:
        return [t.title, t.owner, t.status, t.tool_cost, t.tool_notice_deadline]

    def row(self, entry: Entry, kb: KnowledgeBase, link: Linker, t: Labels) -> list[Cell]:
        title, owner = super().row(entry, kb, link, t)
        doc = _tool(entry)
        deadline = doc.contract.notice_deadline if doc.contract else None
        return [
            title,
            owner,
            Cell(t.tool_statuses[doc.status], str(STATUSES.index(doc.status))),
            number_cell(doc.cost.yearly if doc.cost else 0.0, cost_text(doc.cost, t)),
            date_cell(deadline if doc.status != "retired" else None),
        ]

    def catalog_pages(self, catalog: CatalogContext) -> list[CatalogPage]:
        """Tools by category, and the renewals to decide (active tools, soonest first)."""
        t = catalog.labels
        uri = f"{catalog.directory}/{self.slug}.md"
        renewals_uri = f"{catalog.directory}/{RENEWALS}.md"
        tools = [_tool(entry) for entry in catalog.kb.of_kind(self.name)]
        groups = catalog.grouped_tables(self, "category", CATEGORIES, t.tool_categories)
        link = catalog.links.linker(renewals_uri)
        renewals = Table([t.title, t.owner, t.tool_notice_deadline, t.tool_renews, t.tool_cost])
        contracts = [
            (doc.contract.notice_deadline, doc.title, doc, doc.contract)
            for doc in tools
            if doc.status == "active" and doc.contract is not None
        ]
        for _, _, doc, contract in sorted(contracts, key=lambda item: item[:2]):
            owner = link_for(catalog.kb, link, doc.owner)
            renewals.rows.append(
                (
                    [
                        text_cell(doc.title, link_for(catalog.kb, link, doc.id)),
                        text_cell(owner.title if owner else "", owner),
                        date_cell(contract.notice_deadline),
                        date_cell(contract.renews),
                        number_cell(doc.cost.yearly if doc.cost else 0.0, cost_text(doc.cost, t)),
                    ],
                    owner.title if owner else "",
                )
            )
        return [
            catalog.page(
                uri,
                t.kinds_plural[self.name],
                "opsbook/tool-catalog.html",
                groups=groups,
                renewals_url=catalog.links.between(uri, renewals_uri),
            ),
            catalog.page(
                renewals_uri,
                t.tool_renewals,
                "opsbook/tool-renewals.html",
                table=renewals,
                today=iso_date(catalog.today),
            ),
        ]

    def deadlines(self, entry: Entry, today: dt.date, within_days: int) -> list[Deadline]:
        doc = _tool(entry)
        contract = doc.contract
        if contract is None or doc.status == "retired":
            return []
        if contract.renews < today:
            return [
                Deadline(
                    entry,
                    "contract dates",
                    contract.renews,
                    (today - contract.renews).days,
                    "the contract's renewal date has passed: update contract.renews (and the "
                    "notice days) from the renewed contract",
                    ("contract", "renews"),
                )
            ]
        deadline = contract.notice_deadline
        days_left = (deadline - today).days if deadline != dt.date.min else -(10**6)
        if days_left > within_days:
            return []
        renewal = "renews automatically" if contract.auto_renew else "ends"
        return [
            Deadline(
                entry,
                "renewal decision",
                deadline,
                -days_left,
                f"decide whether to keep {doc.title}: the contract {renewal} on "
                f"{contract.renews.isoformat()} and the vendor needs {contract.notice_days} "
                "days' notice",
                ("contract", "notice_days"),
            )
        ]

    def skeleton(self, new: Skeleton) -> dict[str, object]:
        return {
            "vendor": "TODO: who makes or sells it",
            "category": "product",
            "status": "evaluating",
            "url": "https://example.com",
            "admins": [{"name": "TODO: who has admin rights"}],
            "users": "TODO: who uses it",
            "data_classification": "internal",
            "review": review_skeleton(new),
        }

    def sample_title(self, number: int, text: SampleText) -> tuple[str, str]:
        noun = text.word()
        name = f"{noun.capitalize()}{text.rng.choice(['ly', 'hub', 'desk', 'flow', 'base'])}"
        return name, f"tool-{number}-{name.lower()}"

    def sample(self, text: SampleText, doc_id: str) -> dict[str, Any]:
        rng = text.rng
        status = rng.choice(["active", "active", "active", "evaluating", "deprecated"])
        fields: dict[str, Any] = {
            "vendor": f"{text.word().capitalize()} Inc.",
            "category": rng.choice(CATEGORIES),
            "status": status,
            "url": f"https://{doc_id}.example.com",
            "admins": [
                {"name": name, "contact": f"{name.split()[0].lower()}@example.com"}
                for name in rng.sample(list(text.people), rng.randint(1, 2))
                if name.split()[0].isascii()
            ]
            or [{"name": "Sam Lee"}],
            "users": text.sentence(3, 6),
            "seats": rng.randint(5, 200),
            "sso": rng.random() < 0.7,
            "data_classification": rng.choice(list(CLASSIFICATION_TONES)),
        }
        if rng.random() < 0.8:
            fields["cost"] = {
                "amount": rng.choice([12, 55, 99, 240, 1200]),
                "currency": rng.choice(["EUR", "USD"]),
                "per": rng.choice(["month", "year"]),
            }
            fields["contract"] = {
                "renews": dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 700)),
                "notice_days": rng.choice([30, 60, 90]),
            }
        return fields
