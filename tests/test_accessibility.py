"""This repository's knowledge base in a real browser, as people meet it: on a desktop and on
a phone, in the light and the dark scheme, with the keyboard and with axe-core.

The docs/ folder and mkdocs.yml are copied into a fresh git repository (without `repo_url`,
whose star count the theme would fetch from GitHub) together with documents that push the
layout: a process of 60 steps with decisions nested deep, and a runbook whose title is 300
characters without a space. The site is built once by the MkDocs plugin; each test gets a
fresh tab that fails on any console error or request outside the site (browser_support.py).

axe-core runs as it is (axe-playwright-python, pinned). What it finds on the theme's own
elements (the search dialog, the header, the footer, ...) is listed below as the theme's and
left alone; anything else serious or critical fails the test.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import BROWSER_MARKS, Served, Tab, every_page, serve
from site_factory import build, git_commit_all

pytestmark = BROWSER_MARKS

REPO = Path(__file__).resolve().parents[1]
DESKTOP, PHONE = 1400, 390
PHONE_HEIGHT = 844
RUNBOOK = "runbooks/support-sso-outage/"
PROCESS = "processes/customer-feedback-triage/"
HUGE = "processes/sixty-steps/"
LONG = "runbooks/long-title/"
VIETNAMESE = "onboarding/product-ops-analyst/"
LONG_TITLE = "Unbreakable" + "x" * 289

# One page of every kind opsbook generates, and the site's home page (with its History).
GENERATED = [
    "",
    RUNBOOK,
    LONG,
    PROCESS,
    HUGE,
    "features/legacy-csv-order-import/",
    VIETNAMESE,
    "teams/product-ops/",
    "tools/zendesk/",
    "experiments/returns-label-in-email/",
    "catalog/",
    "catalog/runbooks/",
    "catalog/needs-review/",
    "catalog/tools/",
    "catalog/renewals/",
    "catalog/experiments/",
    "catalog/learnings/",
    "catalog/health/",
    "changelog/",
    "changelog/runbooks/",
    "reference/fields/",
]

THEME = ", ".join(
    [
        ".md-header",
        ".md-search",
        ".md-sidebar",
        ".md-nav",
        ".md-footer",
        ".md-top",
        ".md-dialog",
        ".md-banner",
        ".md-tags",
        ".md-source-file",
        ".md-content__button",
        ".md-clipboard",
        ".headerlink",
    ]
)
"""The theme's own elements: what axe finds there is the theme's to fix."""

THEME_FINDINGS = {
    "aria-dialog-name",  # Material's search overlay is a dialog without a name
    "color-contrast",  # Material's footer ("Made with Material for MkDocs")
    "link-in-text-block",  # the footer's link to Material for MkDocs
}
"""The rules axe reports on the theme's elements today (serious ones), for the record."""


def sixty_step_process() -> str:
    """60 steps; every third asks a question whose "no" skips ahead, so decisions nest."""
    steps = []
    for index in range(60):
        step = f"  - id: s{index}\n    title: Step {index} of the long process, in words\n"
        step += f"    role: {'lead' if index % 2 else 'analyst'}\n"
        if index % 3 == 0 and index + 4 < 60:
            step += f"    decision: Does check {index} pass for every account?\n"
            step += f"    next: {{yes: s{index + 1}, no: s{index + 4}}}\n"
        steps.append(step)
    return (
        "kind: process\nid: sixty-steps\ntitle: Sixty steps\n"
        "summary: A process long enough to test the flowchart.\nowner: product-ops\n"
        "review: {last_reviewed: 2026-10-01, every_days: 90}\n"
        "purpose: Test the chart.\ntrigger: A test runs.\n"
        "roles: {lead: Lead, analyst: Analyst}\nsteps:\n" + "".join(steps)
    )


LONG_TITLE_RUNBOOK = f"""\
---
kind: runbook
id: long-title
title: {LONG_TITLE}
summary: A title that never breaks by itself.
owner: product-ops
service: {LONG_TITLE}
severity: sev4
review: {{last_reviewed: 2026-10-01, every_days: 90}}
symptoms: [{LONG_TITLE}]
steps:
  - title: {LONG_TITLE}
    command: echo {LONG_TITLE}
related: [support-sso-outage]
---
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("a11y-kb")
    project = root / "kb"
    shutil.copytree(REPO / "docs", project / "docs")
    (project / "docs" / "processes" / "sixty-steps.yaml").write_text(
        sixty_step_process(), encoding="utf-8"
    )
    (project / "docs" / "runbooks" / "long-title.md").write_text(LONG_TITLE_RUNBOOK, "utf-8")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^(repo_url|edit_uri|site_url):.*\n", "", config, flags=re.M)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    git_commit_all(project, "Knowledge base")
    site = build(project / "mkdocs.yml", site_dir=str(root / "site"))
    with serve(site) as served:
        yield served


def show(tab: Tab, path: str, width: int, scheme: str = "light") -> Any:
    """Open `path` at `width` in the reader's `scheme`, flowcharts drawn; the page."""
    page = tab.page
    page.set_viewport_size({"width": width, "height": PHONE_HEIGHT if width < 800 else 1000})
    page.emulate_media(color_scheme=scheme)
    tab.open(path)
    page.wait_for_load_state("load")
    if page.locator("pre.mermaid").count():
        page.wait_for_selector(".mermaid svg", state="attached", timeout=20_000)
    return page


# --- axe ------------------------------------------------------------------------------------


def axe_findings(page: Any) -> list[dict[str, Any]]:
    """Serious and critical violations as axe reports them, one per element, each marked
    whether it is on one of the theme's elements."""
    from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]

    results = Axe().run(page).response
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            target = node["target"]
            theme = page.evaluate(
                """([selectors, theme]) => {
                    let root = document;
                    let element = null;
                    for (const selector of selectors) {
                        element = root.querySelector(selector);
                        if (!element) return false;
                        root = element.shadowRoot || element;
                    }
                    return element.closest(theme) !== null;
                }""",
                [target if isinstance(target[0], str) else target[0], THEME],
            )
            found.append(
                {
                    "rule": violation["id"],
                    "impact": violation["impact"],
                    "theme": theme,
                    "html": node["html"][:160],
                    "why": node.get("failureSummary", "")[:240],
                }
            )
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_axe_finds_nothing_serious_in_opsbook_pages(tab: Tab, width: int, scheme: str) -> None:
    ours: list[str] = []
    theirs: set[str] = set()
    for path in GENERATED:
        page = show(tab, path, width, scheme)
        expected = "slate" if scheme == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        for finding in axe_findings(page):
            if finding["theme"]:
                theirs.add(finding["rule"])
            else:
                ours.append(f"/{path} {finding['rule']}: {finding['html']}\n  {finding['why']}")
    assert ours == [], "\n".join(ours)
    assert theirs <= THEME_FINDINGS, theirs


# --- phones -----------------------------------------------------------------------------------


def test_no_page_scrolls_sideways_on_a_phone(tab: Tab, served: Served) -> None:
    wide = []
    urls = every_page(served.site)
    assert len(urls) > 60
    for url in urls:
        page = show(tab, url, PHONE)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE:
            wide.append(f"/{url}: {width} px")
    assert wide == []


def test_a_long_title_without_spaces_wraps(tab: Tab) -> None:
    page = show(tab, LONG, PHONE)
    heading = page.locator("article h1")
    box = heading.bounding_box()
    assert box is not None
    assert box["width"] <= PHONE
    assert box["height"] > 100  # wrapped onto many lines


def test_wide_tables_scroll_in_their_own_labelled_focusable_region(tab: Tab) -> None:
    page = show(tab, PROCESS, PHONE)
    region = page.locator(".opsbook-raci .opsbook-scroll")
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("aria-label") == "RACI matrix"
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # it does scroll
    # The step names stay in view once the matrix is scrolled to its right end.
    first = region.locator("tbody th").first
    before = first.bounding_box()
    region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    after = first.bounding_box()
    assert before is not None
    assert after is not None
    assert after["x"] == pytest.approx(before["x"], abs=1)
    assert first.text_content() == "Tag and summarise the feedback in Zendesk"
    # Role keys are explained on the page, not only in a tooltip: each heading links to its
    # role's description, which comes before the matrix.
    key = region.locator("thead th a", has_text="pm")
    assert key.get_attribute("href") == "#opsbook-role-pm"
    role = page.locator("#opsbook-role-pm")
    assert "Product manager for the product area" in role.text_content()
    role_box, table_box = role.bounding_box(), region.bounding_box()
    assert role_box is not None
    assert table_box is not None
    assert role_box["y"] < table_box["y"]


def test_a_runbook_shows_symptoms_and_steps_on_a_phones_first_screen(tab: Tab) -> None:
    page = show(tab, RUNBOOK, PHONE)
    page.evaluate("window.scrollTo(0, 0)")

    def top(locator: Any) -> float:
        box = locator.first.bounding_box()
        assert box is not None
        return float(box["y"])

    order = [
        top(page.locator("article h1")),
        top(page.locator(".opsbook-runbook-meta", has_text="Okta SSO for Zendesk")),
        top(page.locator(".opsbook-symptoms li")),
        top(page.locator("article h2", has_text="Steps")),
        top(page.locator(".opsbook-step__title", has_text="Establish the scope")),
    ]
    assert order == sorted(order)
    assert order[-1] < PHONE_HEIGHT - 20
    assert page.locator(".opsbook-runbook-meta .opsbook-badge").text_content() == "Severity: sev2"
    # The review state is one short line; what editors should do is not on the page.
    overdue = page.locator(".opsbook-review-overdue")
    assert overdue.count() == 1
    assert "Review overdue since" in overdue.text_content()
    assert "last_reviewed" not in page.locator("article").text_content()


# --- the flowchart ----------------------------------------------------------------------------


def label_sizes(page: Any) -> tuple[float, float]:
    """(smallest label text as drawn, in px; the size of the page's body text)."""
    smallest, body = page.evaluate(
        """() => {
            const host = document.querySelector(".opsbook-flowchart .mermaid");
            const svg = host.shadowRoot.querySelector("svg");
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const sizes = [...svg.querySelectorAll(".nodeLabel")].map(
                (label) => parseFloat(getComputedStyle(label).fontSize) * scale);
            const body = document.querySelector("article.md-typeset");
            return [Math.min(...sizes), parseFloat(getComputedStyle(body).fontSize)];
        }"""
    )
    return float(smallest), float(body)


@pytest.mark.parametrize("path", [PROCESS, HUGE])
def test_flowchart_labels_are_as_large_as_the_text(tab: Tab, path: str) -> None:
    page = show(tab, path, DESKTOP)
    smallest, body = label_sizes(page)
    assert smallest >= body - 0.01, (smallest, body)
    region = page.locator(".opsbook-flowchart__chart")
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("tabindex") == "0"
    if path == HUGE:  # 60 steps: drawn tall, at full size
        box = page.evaluate(
            "() => document.querySelector('.opsbook-flowchart .mermaid')"
            ".shadowRoot.querySelector('svg').getBoundingClientRect().height"
        )
        assert box > 3000


def test_flowchart_has_a_name_and_a_text_alternative(tab: Tab) -> None:
    page = show(tab, PROCESS, DESKTOP)
    name = page.evaluate(
        """() => {
            const svg = document.querySelector(".opsbook-flowchart .mermaid")
                .shadowRoot.querySelector("svg");
            const id = svg.getAttribute("aria-labelledby");
            return id && svg.querySelector("#" + CSS.escape(id)).textContent;
        }"""
    )
    assert name == "Flowchart of Customer feedback triage (support to product backlog)"
    link = page.locator(".opsbook-flowchart__caption a")
    assert link.get_attribute("href") == "#opsbook-steps"
    steps = page.locator("ol#opsbook-steps > li")
    assert steps.count() == 11
    decision = page.locator("ol#opsbook-steps .opsbook-decision").first
    assert "Is this a defect, a request for something new, or a how-to question?" in (
        decision.text_content() or ""
    )
    answers = decision.locator("li a")
    assert answers.count() == 3
    link.click()
    page.wait_for_url(re.compile("#opsbook-steps$"))


def test_on_a_phone_the_chart_opens_full_screen(tab: Tab) -> None:
    page = show(tab, PROCESS, PHONE)
    button = page.get_by_role("button", name="Open full screen")
    button.click()
    region = page.locator(".opsbook-flowchart__chart")
    box = page.locator(".opsbook-flowchart").bounding_box()
    assert box is not None
    assert (box["x"], box["y"], box["width"]) == (0, 0, PHONE)
    assert box["height"] == pytest.approx(PHONE_HEIGHT, abs=1)
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # full size: it scrolls
    smallest, body = label_sizes(page)
    assert smallest >= body - 0.01
    close = page.get_by_role("button", name="Close full screen")
    assert close.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert page.get_by_role("button", name="Open full screen").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE


# --- the keyboard -----------------------------------------------------------------------------


def outline_of(page: Any) -> tuple[str, str, float]:
    """The focused element (tag and class) and its outline width in px."""
    tag, classes, width = page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            const width = style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth);
            return [element.tagName.toLowerCase(), element.className, width];
        }"""
    )
    return str(tag), str(classes), float(width)


@pytest.mark.parametrize(
    ("path", "wanted"),
    [
        (RUNBOOK, {"input.opsbook-step__check", "details summary"}),
        ("catalog/runbooks/", {"input.opsbook-catalog__filter", "button.opsbook-sort"}),
        (PROCESS, {"div.opsbook-scroll", "button.opsbook-flowchart__toggle"}),
    ],
)
def test_every_control_shows_a_focus_outline(tab: Tab, path: str, wanted: set[str]) -> None:
    page = show(tab, path, DESKTOP)
    page.locator("article").first.evaluate("el => el.setAttribute('tabindex', '-1')")
    page.locator("article").first.focus()
    seen: set[str] = set()
    missing = []
    for _ in range(80):
        page.keyboard.press("Tab")
        tag, classes, width = outline_of(page)
        inside = page.evaluate("() => !!document.activeElement.closest('article')")
        if not inside:
            break
        name = f"{tag}.{classes.split()[0]}" if classes else tag
        if tag == "summary":
            name = "details summary"
        seen.add(name)
        if width < 1:
            missing.append(name)
    assert wanted <= seen, seen
    assert missing == []


def test_sort_buttons_and_the_announced_count(tab: Tab) -> None:
    page = show(tab, "catalog/runbooks/", DESKTOP)
    header = page.locator(".opsbook-catalog thead th", has_text="Title")
    button = header.get_by_role("button", name="Title")
    assert button.count() == 1
    assert header.get_attribute("aria-sort") is None
    button.focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Space")
    assert header.get_attribute("aria-sort") == "descending"
    count = page.get_by_role("status")
    assert count.get_attribute("aria-live") == "polite"
    total = page.locator(".opsbook-catalog tbody tr").count()
    assert count.text_content() == f"{total} of {total}"
    page.fill(".opsbook-catalog__filter", "zendesk sso")
    assert count.text_content() == f"1 of {total}"


# --- search ------------------------------------------------------------------------------------


def search(tab: Tab, text: str) -> list[str]:
    """Type into Material's search box; the result pages, as site paths, best first."""
    page = show(tab, "", DESKTOP)
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
    pages = (h.removeprefix(tab.served.base).split("#")[0].split("?")[0] for h in hrefs)
    return list(dict.fromkeys(pages))


def test_search_finds_words_typed_without_their_marks_anywhere_in_a_page(tab: Tab) -> None:
    marked = search(tab, "Nguyễn")
    assert {VIETNAMESE, "teams/product-ops/"} <= set(marked), marked
    assert set(marked) <= set(search(tab, "Nguyen"))
    # A word of a module's task, not of any title.
    assert VIETNAMESE in search(tab, "hoc viec phan loai")


def test_search_indexes_facts_as_separate_words(served: Served) -> None:
    index = json.loads((served.site / "search" / "search_index.json").read_text("utf-8"))
    text = next(d["text"] for d in index["docs"] if d["location"] == PROCESS)
    plain = " ".join(re.sub(r"<[^>]+>", "", text).split())
    assert "Kind: Process. Owner: Product Operations. Trigger: A support agent" in plain
    assert "in Productboard). Cadence: Continuous;" in plain
    assert "KindProcess" not in plain


# --- language, links, dark scheme ---------------------------------------------------------------


def test_a_document_in_another_language_marks_its_content(tab: Tab) -> None:
    page = show(tab, VIETNAMESE, DESKTOP)
    assert page.locator("html").get_attribute("lang") == "en"
    content = page.locator(".opsbook-page")
    assert content.get_attribute("lang") == "vi"
    assert content.locator("h1").text_content().startswith("Lộ trình cho chuyên viên")
    assert page.locator("article h1").count() == 1
    assert page.locator(".opsbook-page:not([lang])").count() == 0
    other = show(tab, RUNBOOK, DESKTOP)
    assert other.locator(".opsbook-page").get_attribute("lang") is None


def test_escalation_contacts_and_named_runbooks_are_links(tab: Tab) -> None:
    page = show(tab, RUNBOOK, DESKTOP)
    channels = page.locator(".opsbook-timeline .opsbook-channel a")
    hrefs = channels.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert [h for h in hrefs if h.startswith("mailto:")], hrefs
    named = page.locator(".opsbook-step", has_text="Protect customers").locator("a")
    assert named.first.get_attribute("href") == "../incident-customer-communication/"


def test_the_reader_can_switch_to_the_dark_scheme(tab: Tab) -> None:
    page = show(tab, PROCESS, DESKTOP)
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    light = page.locator(".opsbook-facts").evaluate("el => getComputedStyle(el).backgroundColor")
    page.locator("label[title='Switch to the dark scheme']").click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    dark = page.locator(".opsbook-facts").evaluate("el => getComputedStyle(el).backgroundColor")
    assert light != dark
