"""Ways to reach a team become links only when they are exactly an address or an https
link: `victim@corp.io?cc=attacker@evil.example` must not become a mailto: link that
quietly adds recipients."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_factory import SITE_KB, parse_html, render_site

TEAM = """\
kind: team
id: payments-ops
title: Payments Operations
summary: Answers for payments in production.
members:
  - {name: Minh Tran, role: lead, contact: "victim@corp.io?cc=attacker@evil.example&body=hi"}
  - {name: Ana Silva, role: engineer, contact: ana@example.com}
  - {name: Bo Li, role: engineer, contact: "@bo on chat"}
channels: {chat: "https://chat.example.com/payments-ops", email: payments@example.com}
"""


def render(tmp_path: Path, src_uri: str) -> str:
    site = render_site(tmp_path / "docs", {**SITE_KB, "teams/payments-ops.yaml": TEAM})
    return site.document_page(src_uri)


def links(markdown: str) -> dict[str, str]:
    """Link text -> href of every link in the page's HTML blocks."""
    html = "\n".join(
        line for line in markdown.splitlines() if not line.startswith(("<!--", "/opsbook"))
    )
    return {el.text: el.attrs.get("href", "") for el in parse_html(html).iter() if el.tag == "a"}


def test_only_a_whole_address_becomes_a_mailto_link(tmp_path: Path) -> None:
    found = links(render(tmp_path, "teams/payments-ops.md"))
    assert found["ana@example.com"] == "mailto:ana@example.com"
    assert found["payments@example.com"] == "mailto:payments@example.com"
    assert found["https://chat.example.com/payments-ops"] == "https://chat.example.com/payments-ops"
    assert not any("attacker" in href for href in found.values())
    assert "@bo on chat" not in found


@pytest.mark.parametrize("src_uri", ["runbooks/payment-webhook-failures.md"])
def test_escalation_contacts_are_links(tmp_path: Path, src_uri: str) -> None:
    """The runbook escalates to payments-eng after 30 minutes: its channels are links."""
    found = links(render(tmp_path, src_uri))
    assert found["payments-eng@pager.example.com"] == "mailto:payments-eng@pager.example.com"
