"""The built site in a real browser: search, flowcharts, catalog tables, checklists.

One site is built by the MkDocs plugin per module and served over HTTP; each test
gets a fresh browser tab (see browser_support.py) and fails if any page it visited
logged a JavaScript error, threw, or requested something that failed or came from
another host: the site must work offline. Nothing is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import BROWSER_MARKS, Served, Tab, every_page, serve
from site_factory import SITE_KB, build, mkdocs_yml, write_site

pytestmark = BROWSER_MARKS

VI_TITLE = "Khôi phục đồng bộ phản hồi"
VI_URL = "runbooks/khoi-phuc-dong-bo/"
RUNBOOK_TITLE = "Payment webhooks are failing"
RUNBOOK_URL = "runbooks/payment-webhook-failures/"
PROCESS_URL = "processes/incident-review/"
TRICKY_URL = "processes/tricky-labels/"

CUSTOMER_SUPPORT_DOC = """\
kind: team
id: customer-support
title: Customer Support
summary: Answers customers.
members:
  - {name: Hoa Pham, role: lead}
"""

VI_RUNBOOK_DOC = f"""\
---
kind: runbook
id: khoi-phuc-dong-bo
title: {VI_TITLE}
summary: Phản hồi của khách hàng không còn được đồng bộ vào công cụ hỗ trợ.
owner: customer-support
service: feedback-sync
severity: sev3
review: {{last_reviewed: 2026-11-01, every_days: 60}}
symptoms: [Không có phản hồi mới trong hai giờ]
steps:
  - title: Kiểm tra trạng thái đồng bộ
    command: curl https://sync.example.com/status
  - title: Khởi động lại tác vụ đồng bộ
---
Hướng dẫn dành cho nhóm hỗ trợ.
"""

TRICKY_PROCESS_DOC = """\
kind: process
id: tricky-labels
title: Tricky labels
summary: Step texts full of Mermaid and HTML syntax.
owner: product-ops
review: {last_reviewed: 2026-11-01, every_days: 90}
purpose: Prove that labels cannot break or script the flowchart.
trigger: A test runs.
roles: {lead: Lead}
steps:
  - id: ask
    title: 'Ask <img src=x onerror="window.__opsbookXss=1">'
    role: lead
    decision: 'Is A > B & C < D? "really" #1; (yes) [no] {maybe} | end'
    next: {"yes | sure": graph, "no; (never)": finish, "end": end}
  - id: graph
    title: 'graph TD; click ask call alert(1)'
    role: lead
  - id: finish
    title: end
    role: lead
"""

HOME = """\
# Knowledge base

[Runbooks catalog](catalog/runbooks.md)

[Incident review flowchart](processes/incident-review.md)
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The browser KB, built for and served from a local HTTP server."""
    root = tmp_path_factory.mktemp("browser-kb")
    site_dir = root / "site"
    site_dir.mkdir()
    with serve(site_dir) as served:
        files = dict(SITE_KB)
        files.update(
            {
                "index.md": HOME,
                "teams/customer-support.yaml": CUSTOMER_SUPPORT_DOC,
                "runbooks/khoi-phuc-dong-bo.md": VI_RUNBOOK_DOC,
                "processes/tricky-labels.yaml": TRICKY_PROCESS_DOC,
            }
        )
        # site_url is where the site is served, so that instant navigation is active.
        config = mkdocs_yml(
            theme="  features: [navigation.instant]\n", extra=f"site_url: {served.base}\n"
        )
        built = build(write_site(root, files, config=config))
        assert built == site_dir
        yield served


# --- search --------------------------------------------------------------------------------


def search(tab: Tab, text: str) -> list[str]:
    """Type into Material's search box; the result links, as site paths, best first."""
    page = tab.page
    tab.open("")
    page.click("input.md-search__input")
    page.fill("input.md-search__input", text)
    page.press("input.md-search__input", "End")  # Material reads the query on keyup
    page.wait_for_function(
        """() => {
            const meta = document.querySelector(".md-search-result__meta");
            return meta && /\\d+ matching|No matching/i.test(meta.textContent);
        }"""
    )
    hrefs = page.eval_on_selector_all(
        ".md-search-result__link", "links => links.map(link => link.href)"
    )
    return [href.removeprefix(tab.served.base).split("#")[0] for href in hrefs]


def test_search_finds_a_runbook_by_its_title(tab: Tab) -> None:
    results = search(tab, RUNBOOK_TITLE)
    assert results, "no results"
    assert results[0] == RUNBOOK_URL, results


def test_search_finds_a_vietnamese_title_with_diacritics(tab: Tab) -> None:
    results = search(tab, VI_TITLE)
    assert results, "no results"
    assert results[0] == VI_URL, results
    assert VI_URL in search(tab, "đồng bộ")


def test_search_finds_a_vietnamese_title_typed_without_diacritics(tab: Tab) -> None:
    assert VI_URL in search(tab, "khoi phuc dong bo")


# --- flowcharts ----------------------------------------------------------------------------


def rendered_flowchart(tab: Tab, path: str) -> Any:
    """Open the page and wait for Mermaid's SVG (Material replaces the <pre>)."""
    tab.open(path)
    tab.page.wait_for_selector(".mermaid svg", state="attached")
    assert tab.page.locator("pre.mermaid").count() == 0  # every diagram was rendered
    return tab.page.locator(".mermaid svg").first


def test_process_flowchart_renders_as_svg_offline(tab: Tab) -> None:
    svg = rendered_flowchart(tab, PROCESS_URL)
    assert tab.page.evaluate("typeof mermaid") == "object"  # the bundled copy
    nodes = svg.locator(".nodeLabel").all_text_contents()
    for text in (
        "Start",
        "Collect the timeline",
        "Was it customer-facing?",
        "Hold the review meeting",
        "Publish the write-up",
        "End",
    ):
        assert text in nodes, nodes
    edges = {text for text in svg.locator(".edgeLabel").all_text_contents() if text.strip()}
    assert edges == {"no", "yes"}
    assert svg.locator("polygon").count() >= 1  # the decision diamond
    box = svg.bounding_box()
    assert box is not None
    assert box["width"] > 100
    assert box["height"] > 100


def test_flowchart_labels_cannot_break_or_script_the_diagram(tab: Tab) -> None:
    svg = rendered_flowchart(tab, TRICKY_URL)
    nodes = svg.locator(".nodeLabel").all_text_contents()
    assert 'Is A > B & C < D? "really" #1; (yes) [no] {maybe} | end' in nodes, nodes
    assert "graph TD; click ask call alert(1)" in nodes
    assert "end" in nodes
    edges = {text for text in svg.locator(".edgeLabel").all_text_contents() if text.strip()}
    assert edges == {"end", "no; (never)", "yes | sure"}
    assert tab.page.evaluate("window.__opsbookXss") is None
    # The step list shows the markup as text.
    heads = tab.page.locator(".opsbook-process-step__head strong").all_text_contents()
    assert heads[0] == 'Ask <img src=x onerror="window.__opsbookXss=1">'


# --- catalog -------------------------------------------------------------------------------


def visible_titles(tab: Tab) -> list[str]:
    rows = tab.page.locator(".opsbook-catalog tbody tr:not([hidden])")
    return [text.strip() for text in rows.locator("td:first-child").all_text_contents()]


ALL_RUNBOOKS = ["Analytics dashboards are stale", VI_TITLE, RUNBOOK_TITLE]


def test_catalog_filter_hides_rows_that_do_not_match(tab: Tab) -> None:
    tab.open("catalog/runbooks/")
    page = tab.page
    assert sorted(visible_titles(tab)) == sorted(ALL_RUNBOOKS)
    count = page.locator(".opsbook-catalog__count")
    assert count.text_content() == "3 of 3"
    page.fill(".opsbook-catalog__filter", "webhook")
    assert visible_titles(tab) == [RUNBOOK_TITLE]
    assert count.text_content() == "1 of 3"
    page.fill(".opsbook-catalog__filter", "CHECKOUT sev2")  # every word, any case, any column
    assert visible_titles(tab) == [RUNBOOK_TITLE]
    page.fill(".opsbook-catalog__filter", "đồng bộ")
    assert visible_titles(tab) == [VI_TITLE]
    page.fill(".opsbook-catalog__filter", "no such runbook")
    assert visible_titles(tab) == []
    assert count.text_content() == "0 of 3"
    page.fill(".opsbook-catalog__filter", "")
    assert sorted(visible_titles(tab)) == sorted(ALL_RUNBOOKS)


def test_catalog_owner_filter(tab: Tab) -> None:
    tab.open("catalog/runbooks/")
    page = tab.page
    select = page.locator("select.opsbook-catalog__owner")
    options = select.locator("option").all_text_contents()
    assert options == ["Any owner", "Customer Support", "Payments Operations", "Product Operations"]
    select.select_option("Customer Support")
    assert visible_titles(tab) == [VI_TITLE]
    select.select_option("Product Operations")
    assert visible_titles(tab) == ["Analytics dashboards are stale"]
    page.fill(".opsbook-catalog__filter", "webhook")  # both filters apply
    assert visible_titles(tab) == []
    select.select_option("")
    assert visible_titles(tab) == [RUNBOOK_TITLE]


def test_catalog_sorts_by_a_clicked_column(tab: Tab) -> None:
    tab.open("catalog/runbooks/")
    page = tab.page
    title = page.locator(".opsbook-catalog thead th", has_text="Title")
    assert title.get_attribute("aria-sort") is None
    title.click()
    assert title.get_attribute("aria-sort") == "ascending"
    ascending = visible_titles(tab)
    assert ascending == sorted(ALL_RUNBOOKS, key=str.casefold)
    title.click()
    assert title.get_attribute("aria-sort") == "descending"
    assert visible_titles(tab) == ascending[::-1]
    # Dates sort as dates; the previous column no longer claims the order.
    due = page.locator(".opsbook-catalog thead th", has_text="Next review")
    due.click()
    assert due.get_attribute("aria-sort") == "ascending"
    assert title.get_attribute("aria-sort") is None
    # stale-dashboards: 2026-07-01; webhooks: 2026-12-30; Vietnamese: 2026-12-31
    assert visible_titles(tab) == ["Analytics dashboards are stale", RUNBOOK_TITLE, VI_TITLE]
    # The keyboard works too: each heading holds a button.
    severity = page.locator(".opsbook-catalog thead th", has_text="Severity")
    severity.get_by_role("button", name="Severity").focus()
    page.keyboard.press("Enter")
    assert severity.get_attribute("aria-sort") == "ascending"
    assert visible_titles(tab) == [RUNBOOK_TITLE, VI_TITLE, "Analytics dashboards are stale"]


def test_catalog_numbers_sort_by_value(tab: Tab) -> None:
    tab.open("catalog/teams/")
    page = tab.page
    page.locator(".opsbook-catalog thead th", has_text="Documents owned").click()
    cells = page.locator(".opsbook-catalog tbody tr td:nth-child(3)").all_text_contents()
    assert [int(cell) for cell in cells] == sorted(int(cell) for cell in cells)
    assert len(set(cells)) > 1


# --- runbook checklists --------------------------------------------------------------------


def test_checklist_ticks_mark_steps_done_and_survive_a_reload(tab: Tab) -> None:
    tab.open(RUNBOOK_URL)
    page = tab.page
    first = page.locator("input[data-opsbook-check='step-1']")
    step = page.locator(".opsbook-step", has=first)
    assert "opsbook-step--done" not in (step.get_attribute("class") or "")
    first.check()
    assert "opsbook-step--done" in (step.get_attribute("class") or "")
    assert page.locator(".opsbook-step--done").count() == 1
    page.reload()
    assert page.locator("input[data-opsbook-check='step-1']").is_checked()
    assert page.locator(".opsbook-step--done").count() == 1
    page.locator("input[data-opsbook-check='step-1']").uncheck()
    assert page.locator(".opsbook-step--done").count() == 0
    # Clicking the step's title ticks it too (the label wraps the box).
    page.locator(".opsbook-step__title", has_text="Look at rejected deliveries").click()
    assert page.locator("input[data-opsbook-check='step-2']").is_checked()
    # Another runbook has its own ticks.
    tab.open(VI_URL)
    assert page.locator(".opsbook-step--done").count() == 0


# --- instant navigation --------------------------------------------------------------------


def test_catalog_and_flowchart_work_after_instant_navigation(tab: Tab) -> None:
    tab.open("")
    page = tab.page
    page.evaluate("window.__sameDocument = true")
    page.click(".md-content a:text-is('Runbooks catalog')")
    page.wait_for_url(re.compile(r"/catalog/runbooks/$"))
    page.wait_for_selector(".opsbook-catalog__filter")
    assert page.evaluate("window.__sameDocument") is True  # no full page load
    page.fill(".opsbook-catalog__filter", "webhook")
    assert visible_titles(tab) == [RUNBOOK_TITLE]
    page.go_back()
    page.wait_for_url(tab.served.base)
    page.click(".md-content a:text-is('Incident review flowchart')")
    page.wait_for_url(re.compile(r"/processes/incident-review/$"))
    page.wait_for_selector(".mermaid svg", state="attached")
    assert page.evaluate("window.__sameDocument") is True


# --- every page ----------------------------------------------------------------------------


def test_no_javascript_errors_on_any_page(tab: Tab, served: Served) -> None:
    urls = every_page(served.site)
    assert len(urls) > 20
    for url in urls:
        tab.open(url)
        tab.page.wait_for_load_state("load")
        if tab.page.locator("pre.mermaid").count():
            tab.page.wait_for_selector(".mermaid svg", state="attached")
        tab.assert_no_problems()
