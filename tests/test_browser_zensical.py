"""This repository's knowledge base, rendered by `opsbook render` and built by Zensical,
in a real browser: what a team that moved off Material for MkDocs gets.

The project is copied with its docs/ into a fresh git repository (one more commit
whose subject holds a word no page has, so history is tested too), without
`repo_url` (the theme would ask GitHub for the repository's stars: a request that
leaves the site). Each test gets a fresh tab that fails on any console error or
any request outside the site (browser_support.py).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import BROWSER_MARKS, Served, Tab, every_page, serve
from site_factory import git_commit_all, render_and_build

pytestmark = BROWSER_MARKS

REPO = Path(__file__).resolve().parents[1]
HISTORY_WORD = "quokkafrost"
"""Only in a commit subject: search must not find it."""
RUNBOOK = "runbooks/support-sso-outage/"
RUNBOOK_TITLE = "Support agents cannot sign in to Zendesk (SSO outage)"
PROCESS = "processes/customer-feedback-triage/"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("zensical-kb")
    project = root / "kb"
    shutil.copytree(REPO / "docs", project / "docs")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^(repo_url|edit_uri|site_url):.*\n", "", config, flags=re.M)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    git_commit_all(project, "Knowledge base")
    runbook = project / "docs" / "runbooks" / "support-sso-outage.md"
    runbook.write_text(runbook.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    git_commit_all(project, f"Reword the {HISTORY_WORD} paragraph")
    site = render_and_build(project / "mkdocs.yml", "zensical")
    with serve(site) as served:
        yield served


def search(tab: Tab, text: str) -> list[str]:
    """Type into Zensical's search dialog; the result pages, as site paths, best first."""
    page = tab.page
    tab.open("")
    page.click(".md-search__button")
    dialog = page.locator("dialog[aria-label='Search']")
    dialog.locator("input").fill(text)
    status = dialog.locator("[role=status]")
    status.wait_for(state="attached")
    page.wait_for_function(
        """() => {
            const host = [...document.querySelectorAll("*")].find(
                (element) => element.shadowRoot && element.shadowRoot.querySelector("dialog"));
            const status = host && host.shadowRoot.querySelector("[role=status]");
            return status && status.textContent.trim().length > 0;
        }"""
    )
    hrefs = dialog.locator("ol[role=listbox] a").evaluate_all("links => links.map(l => l.href)")
    pages = [href.removeprefix(tab.served.base).split("?")[0].split("#")[0] for href in hrefs]
    return list(dict.fromkeys(pages))


def test_search_finds_a_document_by_its_title(tab: Tab) -> None:
    results = search(tab, RUNBOOK_TITLE)
    assert results, "no results"
    assert results[0] == RUNBOOK


def test_search_does_not_find_words_only_in_page_history(tab: Tab) -> None:
    page = tab.page
    tab.open(RUNBOOK)
    assert HISTORY_WORD in page.locator(".opsbook-history").text_content()  # shown...
    assert search(tab, HISTORY_WORD) == []  # ...but not indexed


def test_flowchart_draws_an_svg_offline(tab: Tab) -> None:
    tab.open(PROCESS)
    tab.page.wait_for_selector(".mermaid svg", state="attached")
    svg = tab.page.locator(".mermaid svg").first
    labels = svg.locator(".nodeLabel").all_text_contents()
    assert "Start" in labels
    assert len(labels) > 5
    assert tab.page.evaluate("typeof mermaid") == "object"  # the site's own copy


def test_runbook_checklist_ticks(tab: Tab) -> None:
    tab.open(RUNBOOK)
    page = tab.page
    box = page.locator("input[data-opsbook-check='step-1']")
    box.check()
    assert page.locator(".opsbook-step--done").count() == 1
    page.reload()
    assert page.locator("input[data-opsbook-check='step-1']").is_checked()


def visible_titles(tab: Tab) -> list[str]:
    rows = tab.page.locator(".opsbook-catalog tbody tr:not([hidden])")
    return [text.strip() for text in rows.locator("td:first-child").all_text_contents()]


def test_catalog_filter_and_sort(tab: Tab) -> None:
    tab.open("catalog/runbooks/")
    page = tab.page
    everything = visible_titles(tab)
    assert len(everything) >= 5
    page.fill(".opsbook-catalog__filter", "zendesk sso")
    assert visible_titles(tab) == [RUNBOOK_TITLE]
    page.fill(".opsbook-catalog__filter", "")
    title = page.locator(".opsbook-catalog thead th", has_text="Title")
    title.click()
    assert visible_titles(tab) == sorted(everything, key=str.casefold)
    title.click()
    assert visible_titles(tab) == sorted(everything, key=str.casefold, reverse=True)


def test_changelog_lists_entries(tab: Tab) -> None:
    tab.open("changelog/")
    entries = tab.page.locator(".opsbook-changelog__entry")
    assert entries.count() > 20
    assert HISTORY_WORD in entries.first.text_content()
    link = entries.first.locator("a").first
    link.click()
    tab.page.wait_for_url(re.compile(re.escape(RUNBOOK) + "$"))


def test_every_page_loads_without_errors_or_outside_requests(tab: Tab, served: Served) -> None:
    urls = every_page(served.site)
    assert len(urls) > 40
    for url in urls:
        tab.open(url)
        tab.page.wait_for_load_state("load")
        if tab.page.locator("pre.mermaid").count():
            tab.page.wait_for_selector(".mermaid svg", state="attached")
        tab.assert_no_problems()
