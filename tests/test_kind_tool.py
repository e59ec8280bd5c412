"""The `tool` kind: validation of every bad input the issue names, the page and its banners,
the tools and renewals catalog pages, renewal decisions in `opsbook review`, team pages,
skeletons, and both builders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kb_factory import VALID_KB, edit, line_of, load_kb, write_kb
from site_factory import (
    SITE_KB,
    build_with,
    page,
    parse_html,
    render_site,
    run_opsbook,
    write_site,
)

from opsbook.rendering.site import Site

TOOL_DOC = """\
kind: tool
id: zendesk
title: Zendesk
summary: Support desk for tickets, chat and phone.
owner: product-ops
vendor: Zendesk Inc.
category: support
status: active
url: https://acme.zendesk.com
admins: [{name: Linh Tran, contact: linh@example.com}]
users: All support agents
seats: 48
sso: true
data_classification: confidential
cost: {amount: 55, currency: EUR, per: month}
contract: {renews: 2027-03-01, notice_days: 60}
review: {last_reviewed: 2026-10-01, every_days: 180}
"""
OLD_TOOL_DOC = """\
kind: tool
id: freshdesk
title: Freshdesk
summary: The support desk before Zendesk.
owner: product-ops
vendor: Freshworks
category: support
status: retired
data_classification: confidential
replaced_by: zendesk
review: {last_reviewed: 2026-10-01, every_days: 365}
"""


def tool_kb(**documents: str) -> dict[str, str]:
    return {**VALID_KB, "tools/zendesk.yaml": TOOL_DOC, **documents}


def problems(tmp_path: Path, text: str, rel_path: str = "tools/zendesk.yaml") -> list[str]:
    """`path:line:col: error: message (hint)` of every problem, as validate prints them."""
    kb = load_kb(tmp_path, tool_kb(**{rel_path: text}))
    return [p.format(kb.docs_dir.parent) for p in kb.problems]


def only(found: list[str]) -> str:
    assert len(found) == 1, found
    return found[0]


def test_the_example_tool_validates(tmp_path: Path) -> None:
    assert problems(tmp_path, TOOL_DOC) == []


@pytest.mark.parametrize(
    ("old", "new", "needle", "words"),
    [
        ("category: support", "category: helpdesk", "helpdesk", "is not one of"),
        ("status: active", "status: live", "live", "is not one of"),
        (
            "data_classification: confidential",
            "data_classification: secret",
            "secret",
            "is not one of",
        ),
        ("per: month", "per: week", "week", "is not one of"),
        ("currency: EUR", "currency: eur", "eur", "three capital letters"),
        ("currency: EUR", "currency: EURO", "EURO", "three capital letters"),
        ("amount: 55", "amount: -5", "-5", "at least 0"),
        ("seats: 48", "seats: -1", "seats: -1", "at least 0"),
        ("url: https://acme.zendesk.com", "url: http://acme.zendesk.com", "http:", "https"),
        ("renews: 2027-03-01", "renews: 2027-02-30", "2027-02-30", "not a real date"),
    ],
)
def test_bad_values_are_reported_at_their_place(
    tmp_path: Path, old: str, new: str, needle: str, words: str
) -> None:
    text = edit(TOOL_DOC, old, new)
    found = only(problems(tmp_path, text))
    assert found.startswith(f"docs/tools/zendesk.yaml:{line_of(text, needle)}:"), found
    assert words in found
    assert "(" in found, "a hint says how to fix it"


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        (
            "admins: [{name: Linh Tran, contact: linh@example.com}]\n",
            "",
            "status",
            "needs at least one admin",
        ),
        (
            "contract: {renews: 2027-03-01, notice_days: 60}\n",
            "",
            "cost",
            "needs a 'contract'",
        ),
    ],
)
def test_rules_across_fields(tmp_path: Path, old: str, new: str, field: str, words: str) -> None:
    text = edit(TOOL_DOC, old, new)
    found = only(problems(tmp_path, text))
    assert f":{line_of(text, field + ':')}:" in found
    assert words in found


def test_retired_tool_needs_its_replacement(tmp_path: Path) -> None:
    text = edit(OLD_TOOL_DOC, "replaced_by: zendesk\n", "")
    found = only(problems(tmp_path, text, "tools/freshdesk.yaml"))
    assert f"freshdesk.yaml:{line_of(text, 'status:')}:" in found
    assert "replaced_by" in found


def test_a_retired_tool_needs_no_admins_and_no_contract(tmp_path: Path) -> None:
    assert problems(tmp_path, OLD_TOOL_DOC, "tools/freshdesk.yaml") == []


def test_replaced_by_must_be_another_tool(tmp_path: Path) -> None:
    text = edit(OLD_TOOL_DOC, "replaced_by: zendesk", "replaced_by: freshdesk")
    found = only(problems(tmp_path, text, "tools/freshdesk.yaml"))
    assert "replaced by itself" in found
    text = edit(OLD_TOOL_DOC, "replaced_by: zendesk", "replaced_by: product-ops")
    found = only(problems(tmp_path, text, "tools/freshdesk.yaml"))
    assert "must name a tool" in found
    assert f":{line_of(text, 'replaced_by')}:" in found


def test_notice_longer_than_the_contract_is_fine(tmp_path: Path) -> None:
    text = edit(TOOL_DOC, "notice_days: 60", "notice_days: 100000")
    assert problems(tmp_path, text) == []


def test_validate_exits_1_without_a_traceback(tmp_path: Path) -> None:
    write_kb(tmp_path, tool_kb(**{"tools/zendesk.yaml": edit(TOOL_DOC, "EUR", "euro")}))
    done = run_opsbook(tmp_path, "validate")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "three capital letters" in done.stdout


# --- pages -----------------------------------------------------------------------------------


def site_of(tmp_path: Path, documents: dict[str, str]) -> Site:
    return render_site(tmp_path / "docs", {**SITE_KB, **documents})


def html_of(markdown: str) -> str:
    return "\n".join(line for line in markdown.splitlines() if not line.startswith("<!--"))


def test_tool_page_shows_facts_and_no_banner_while_there_is_time(tmp_path: Path) -> None:
    site = site_of(tmp_path, {"tools/zendesk.yaml": TOOL_DOC})
    text = html_of(site.document_page("tools/zendesk.md"))
    for fact in ("Zendesk Inc.", "Customer support", "Active", "Confidential", "55 EUR per month"):
        assert fact in text, fact
    assert "2026-12-31" in text  # notice deadline: 2027-03-01 minus 60 days
    assert "opsbook-contract-notice" not in text
    assert "opsbook-contract-stale" not in text


@pytest.mark.parametrize(
    ("renews", "notice", "banner"),
    [
        ("2027-01-01", 60, "opsbook-contract-notice"),  # deadline 2026-11-02 < TODAY
        ("2026-11-01", 30, "opsbook-contract-stale"),  # renews before TODAY
    ],
)
def test_banners_when_the_deadline_or_the_renewal_has_passed(
    tmp_path: Path, renews: str, notice: int, banner: str
) -> None:
    text = edit(
        TOOL_DOC, "renews: 2027-03-01, notice_days: 60", f"renews: {renews}, notice_days: {notice}"
    )
    site = site_of(tmp_path, {"tools/zendesk.yaml": text})
    html = html_of(site.document_page("tools/zendesk.md"))
    assert banner in html
    other = {"opsbook-contract-notice", "opsbook-contract-stale"} - {banner}
    assert other.pop() not in html


def test_retired_tool_links_its_replacement(tmp_path: Path) -> None:
    site = site_of(tmp_path, {"tools/zendesk.yaml": TOOL_DOC, "tools/freshdesk.yaml": OLD_TOOL_DOC})
    root = parse_html(html_of(site.document_page("tools/freshdesk.md")))
    hrefs = {el.text: el.attrs.get("href") for el in root.iter() if el.tag == "a"}
    assert hrefs["Zendesk"] == "../zendesk/"


def test_tools_catalog_groups_by_category_and_renewals_sort_by_deadline(tmp_path: Path) -> None:
    slack = (
        TOOL_DOC.replace("id: zendesk", "id: slack")
        .replace("title: Zendesk", "title: Slack")
        .replace("category: support", "category: communication")
        .replace("renews: 2027-03-01", "renews: 2027-01-10")
    )
    site = site_of(
        tmp_path,
        {
            "tools/zendesk.yaml": TOOL_DOC,
            "tools/slack.yaml": slack,
            "tools/freshdesk.yaml": OLD_TOOL_DOC,
        },
    )
    files = {item.src_uri: item.content for item in site.generated_files()}
    catalog = files["catalog/tools.md"]
    assert "## Customer support" in catalog
    assert "## Communication" in catalog
    assert catalog.index("## Customer support") < catalog.index("## Communication")
    renewals = parse_html(html_of(files["catalog/renewals.md"]))
    titles = [
        el.text for el in renewals.iter() if el.tag == "a" and "opsbook-link--tool" in el.classes
    ]
    assert titles == ["Slack", "Zendesk"]  # 2026-11-11 before 2026-12-31; Freshdesk is retired


def test_team_page_lists_the_tools_it_owns(tmp_path: Path) -> None:
    site = site_of(tmp_path, {"tools/zendesk.yaml": TOOL_DOC})
    text = site.document_page("teams/product-ops.md")
    assert "### Tools" in text
    assert ">Zendesk</a>" in text


# --- opsbook review ---------------------------------------------------------------------------


def test_review_lists_renewal_decisions_in_every_format(tmp_path: Path) -> None:
    write_kb(tmp_path, tool_kb())
    # The notice deadline is 2026-12-31: due within 60 days of 2026-11-24, not within 30.
    quiet = run_opsbook(tmp_path, "review", "--today", "2026-11-24", "--due-within", "30", "--fail")
    assert "renewal decision" not in quiet.stdout
    found = run_opsbook(tmp_path, "review", "--today", "2026-11-24", "--due-within", "60", "--fail")
    assert found.returncode == 1
    line = next(line for line in found.stdout.splitlines() if "renewal decision" in line)
    assert line.startswith("docs/tools/zendesk.yaml:")
    assert "2026-12-31" in line
    assert "due in 37 days" in line
    markdown = run_opsbook(
        tmp_path, "review", "--today", "2026-11-24", "--due-within", "60", "--format", "markdown"
    )
    assert "### Decisions due" in markdown.stdout
    assert "| Zendesk" in markdown.stdout
    data = json.loads(
        run_opsbook(
            tmp_path, "review", "--today", "2026-11-24", "--due-within", "60", "--format", "json"
        ).stdout
    )
    renewals = [item for item in data if item["due_item"] == "renewal decision"]
    assert renewals[0]["id"] == "zendesk"
    assert renewals[0]["due"] == "2026-12-31"


def test_a_passed_deadline_is_listed_without_a_window(tmp_path: Path) -> None:
    write_kb(tmp_path, tool_kb())
    found = run_opsbook(tmp_path, "review", "--today", "2027-01-15", "--fail")
    assert found.returncode == 1
    assert "renewal decision overdue by 15 days" in found.stdout
    stale = run_opsbook(tmp_path, "review", "--today", "2027-03-02")
    assert "contract dates overdue by 1 day" in stale.stdout


# --- the editor's loop and both builders --------------------------------------------------------


def test_new_tool_skeleton_validates(tmp_path: Path) -> None:
    write_kb(tmp_path, VALID_KB)
    created = run_opsbook(tmp_path, "new", "tool", "feedback-board", "--owner", "product-ops")
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "docs" / "tools" / "feedback-board.yaml").is_file()
    checked = run_opsbook(tmp_path, "validate")
    assert checked.returncode == 0, checked.stdout


@pytest.mark.parametrize("builder", ["plugin", "zensical"])
def test_tool_pages_render_in_both_builders(tmp_path: Path, builder: str) -> None:
    config = write_site(
        tmp_path / "kb",
        {**SITE_KB, "tools/zendesk.yaml": TOOL_DOC, "tools/freshdesk.yaml": OLD_TOOL_DOC},
    )
    site = build_with(builder, config)
    for url in ("tools/zendesk/", "tools/freshdesk/", "catalog/tools/", "catalog/renewals/"):
        assert (site / url / "index.html").is_file(), url
    assert "55 EUR per month" in page(site, "tools/zendesk/")
