"""Real MkDocs builds of small knowledge bases, checked in the HTML they produce.

Most sites are built in-process with MkDocs (fast); a few builds run
`python -m mkdocs build` in a subprocess to prove exit codes and messages. Every
site uses the minimal configuration a user would write (Material without web
fonts, `plugins: [search, opsbook]`, no `markdown_extensions`) unless a test is
about a setting.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from site_factory import (
    FEATURE_GUIDE_DOC,
    OVERDUE_DUE,
    PROCESS_DOC,
    PROCESS_PATH,
    RUNBOOK_DOC,
    SITE_KB,
    TODAY,
    Element,
    build,
    mkdocs_yml,
    page,
    page_path,
    parse_html,
    run_mkdocs,
    write_site,
)

from opsbook.kinds import REGISTRY

LOCALES = Path(__file__).resolve().parents[1] / "opsbook" / "rendering" / "locales"

DOCUMENT_PAGES = {
    "teams/product-ops/": "Product Operations",
    "teams/payments-ops/": "Payments Operations",
    "teams/payments-eng/": "Payments Engineering",
    "runbooks/payment-webhook-failures/": "Payment webhooks are failing",
    "runbooks/stale-dashboards/": "Analytics dashboards are stale",
    "processes/incident-review/": "Incident review",
    "features/smart-routing/": "Smart routing",
    "onboarding/company-basics/": "Company basics",
    "onboarding/product-ops-analyst/": "Lộ trình cho chuyên viên Product Operations",
}
"""Every document of SITE_KB: its page URL and title."""

OWNERS = {
    "runbooks/payment-webhook-failures/": ("Payments Operations", "teams/payments-ops/"),
    "runbooks/stale-dashboards/": ("Product Operations", "teams/product-ops/"),
    "processes/incident-review/": ("Product Operations", "teams/product-ops/"),
    "features/smart-routing/": ("Product Operations", "teams/product-ops/"),
    "onboarding/company-basics/": ("Product Operations", "teams/product-ops/"),
    "onboarding/product-ops-analyst/": ("Product Operations", "teams/product-ops/"),
}
"""Every owned document of SITE_KB: its owner's title and page."""

CATALOG_PAGES = [
    "catalog/",
    "catalog/runbooks/",
    "catalog/processes/",
    "catalog/feature-guides/",
    "catalog/onboarding-paths/",
    "catalog/teams/",
    "catalog/needs-review/",
]

PROBLEM = re.compile(r"(?P<file>\S+):(?P<line>\d+):(?P<column>\d+): error: (?P<text>.+)")


# --- helpers -------------------------------------------------------------------------------


def tree_of(site: Path, url: str) -> Element:
    """The page as a sighted reader sees it: without the text only screen readers get
    (`opsbook-sr-only`: the punctuation between a fact's label and value, for one)."""
    return without_screen_reader_text(parse_html(page(site, url)))


def without_screen_reader_text(element: Element) -> Element:
    element.children = [
        child
        for child in element.children
        if isinstance(child, str) or "opsbook-sr-only" not in child.classes
    ]
    for child in element.children:
        if not isinstance(child, str):
            without_screen_reader_text(child)
    return element


def article(tree: Element) -> Element:
    """The page content (Material's `article.md-content__inner`)."""
    return tree.find("article", "md-content__inner")


def facts(tree: Element) -> dict[str, Element]:
    """The overview's facts: `<dd>` by the text of its `<dt>`."""
    found = {}
    for fact in article(tree).find("dl", "opsbook-facts").find_all("div", "opsbook-fact"):
        found[fact.find("dt").text] = fact.find("dd")
    return found


def resolve(site: Path, from_url: str, href: str) -> str:
    """The site URL (`teams/x/`) a relative link on the page at `from_url` points to."""
    base = page_path(site, from_url).parent
    path = urlsplit(href).path
    target = (base / unquote(path)).resolve() if path else page_path(site, from_url)
    if target.is_file():
        target = target.parent
    return target.relative_to(site.resolve()).as_posix().strip(".") + "/"


def link_targets(site: Path, url: str, element: Element) -> dict[str, str]:
    """Link text -> the site URL it points to, for the links inside `element`."""
    return {a.text: resolve(site, url, a.attrs["href"]) for a in element.find_all("a", href=True)}


def section_text(tree: Element, heading: str) -> str:
    return " ".join(element.text for element in article(tree).section(heading))


def table_rows(table: Element) -> list[list[Element]]:
    """The cells of each row, its heading cell (`<th scope="row">`) first when it has one."""
    body = table.find("tbody")
    return [
        [cell for cell in row.children if not isinstance(cell, str) and cell.tag in ("th", "td")]
        for row in body.find_all("tr")
    ]


def table_headers(table: Element) -> list[str]:
    return [th.text for th in table.find("thead").find_all("th")]


def catalog_table(tree: Element) -> Element:
    return article(tree).find("div", "opsbook-catalog", data_opsbook_table=True).find("table")


def rows_by_title(table: Element) -> dict[str, dict[str, str]]:
    """Each row's cells by column heading, by the text of its first cell."""
    headers = table_headers(table)
    return {
        cells[0].text: {header: cell.text for header, cell in zip(headers, cells, strict=True)}
        for cells in table_rows(table)
    }


def mermaid_source(tree: Element) -> str:
    """The text of the page's `<pre class="mermaid">` (entities decoded, as Mermaid sees it)."""
    return article(tree).find("pre", "mermaid").raw_text


def html_files(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


# --- the shared site -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SITE_KB built once, with a repository URL so that pages have an edit link."""
    root = tmp_path_factory.mktemp("kb")
    config = write_site(
        root,
        config=mkdocs_yml(
            theme="  features: [content.action.edit]\n",
            extra="repo_url: https://github.com/acme/kb\nedit_uri: edit/main/docs/\n",
        ),
    )
    return build(config)


def test_every_kind_builds_with_strict_and_an_overdue_review(tmp_path: Path) -> None:
    """`mkdocs build --strict` on the minimal config: one document of every kind, plus a
    runbook whose review is overdue (which must warn readers, not fail the build)."""
    config = write_site(tmp_path)
    assert "markdown_extensions" not in config.read_text(encoding="utf-8")
    result = run_mkdocs(config, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    site = tmp_path / "site"
    for url in [*DOCUMENT_PAGES, *CATALOG_PAGES]:
        assert page_path(site, url).is_file(), url
    assert "opsbook-review-overdue" in page(site, "runbooks/stale-dashboards/")


def test_strict_build_outside_git(tmp_path: Path) -> None:
    """A knowledge base that is not in git (a source archive, a Docker context) still
    builds with --strict: pages just have no history, which is said, not warned."""
    config = write_site(tmp_path, git=False)
    result = run_mkdocs(config, "--strict")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert not tree_of(tmp_path / "site", "runbooks/stale-dashboards/").find_all(
        cls="opsbook-last-updated"
    )


# --- each kind's page ----------------------------------------------------------------------


def test_runbook_page_shows_every_part(site: Path) -> None:
    url = "runbooks/payment-webhook-failures/"
    tree = tree_of(site, url)
    content = article(tree)
    fact = facts(tree)
    assert fact["Kind"].text == "Runbook"
    # Severity and service are on one line under the title; the facts come after the steps.
    meta = content.find("p", "opsbook-runbook-meta")
    assert meta.find("span", "opsbook-severity--sev2").text == "sev2"
    assert meta.find("span", "opsbook-runbook-meta__service").text == "Service: checkout"
    assert "Service" not in fact
    assert "Owner" not in fact
    owner = meta.find("span", "opsbook-runbook-meta__owner")
    assert link_targets(site, url, owner) == {"Payments Operations": "teams/payments-ops/"}
    assert fact["Last reviewed"].text == "2026-10-01"
    assert fact["Next review"].text == "2026-12-30"  # 2026-10-01 + 90 days

    symptoms = content.find("ul", "opsbook-symptoms").find_all("li")
    assert [li.text for li in symptoms] == [
        "Alert WebhookDeliveryErrorRate is firing",
        "Support reports orders stuck in pending",
    ]
    assert section_text(tree, "Impact") == "Customers are charged but their orders never ship."
    prerequisites = content.find("details", "opsbook-prerequisites")
    assert prerequisites.find("summary").text == "Prerequisites (1)"
    assert [li.text for li in prerequisites.find_all("li")] == [
        "Read access to the webhooks namespace"
    ]
    headings = [h.text.removesuffix("¶").strip() for h in content.find_all("h2")]
    assert headings[:6] == [
        "Symptoms",
        "Steps",
        "Rollback",
        "Escalation",
        "Impact",
        "About this runbook",
    ]

    steps_list, rollback_list = content.find_all("div", "opsbook-checklist")
    steps = steps_list.find_all("div", "opsbook-step")
    assert [step.find("span", "opsbook-step__title").text for step in steps] == [
        "Check the provider's status page",
        "Look at rejected deliveries",
    ]
    for index, step in enumerate(steps, start=1):
        box = step.find("input", "opsbook-step__check")
        assert box.attrs["type"] == "checkbox"
        assert box.attrs["data-opsbook-check"] == f"step-{index}"
    # Markdown details render as Markdown; the command is a code block; the expected result.
    assert steps[0].find("strong").text == "provider status"
    code = steps[1].find("pre").find("code")
    assert code.text == "kubectl logs deploy/webhooks --since=30m | grep 401"
    assert steps[1].find("div", "opsbook-step__expect").text == "Expected: No 401 responses"
    assert content.section("Steps") == [steps_list]

    rollback = rollback_list.find_all("div", "opsbook-step")
    assert len(rollback) == 1
    assert rollback[0].find("input").attrs["data-opsbook-check"] == "rollback-1"
    assert rollback[0].find("code").text == "kubectl rollout undo deploy/webhooks"
    assert content.section("Rollback") == [rollback_list]

    timeline = content.find("ol", "opsbook-timeline").find_all("li")
    assert len(timeline) == 1
    assert timeline[0].find("span", "opsbook-timeline__time").text == "After 30 min"
    who = timeline[0].find("span", "opsbook-timeline__who")
    assert link_targets(site, url, who) == {"Payments Engineering": "teams/payments-eng/"}
    channels = [c.text for c in timeline[0].find_all("span", "opsbook-channel")]
    assert channels == ["Chat: #payments-eng", "Pager: payments-eng@pager.example.com"]


def test_process_page_flowchart(site: Path) -> None:
    tree = tree_of(site, "processes/incident-review/")
    source = mermaid_source(tree)
    lines = [line.strip() for line in source.splitlines()]
    assert lines[0] == "flowchart TD"
    for title in ("Collect the timeline", "Hold the review meeting", "Publish the write-up"):
        assert f'["{title}"]' in source, title
    # The decision step is a diamond labelled with its question; its answers label the edges.
    diamond = next(line for line in lines if '{"' in line)
    node = diamond.split("{", 1)[0]
    assert diamond == f'{node}{{"Was it customer-facing?"}}'
    meet = next(line for line in lines if '["Hold the review meeting"]' in line).split("[")[0]
    write_up = next(line for line in lines if '["Publish the write-up"]' in line).split("[")[0]
    assert f'{node} -->|"yes"| {meet}' in lines
    assert f'{node} -->|"no"| {write_up}' in lines
    assert any(line.startswith(f"{write_up} --> ") for line in lines)  # `next: [end]`
    # Mermaid reads the text of <pre class="mermaid">: the arrows are escaped in the HTML.
    assert "--&gt;" in page(site, "processes/incident-review/")


def test_process_page_raci_matrix(site: Path) -> None:
    tree = tree_of(site, "processes/incident-review/")
    table = article(tree).find("div", "opsbook-raci").find("table")
    assert table_headers(table) == ["Step", "lead", "comms", "eng"]
    matrix = {cells[0].text: [cell.text for cell in cells[1:]] for cells in table_rows(table)}
    assert matrix == {
        "Collect the timeline": ["R", "C", "A/I"],
        "Decide on a meeting": ["R", "", ""],
        "Hold the review meeting": ["R", "I", ""],
        "Publish the write-up": ["", "R", ""],
    }
    first = table_rows(table)[0]
    assert "opsbook-raci__cell--r" in first[1].classes
    assert "opsbook-raci__cell--c" in first[2].classes
    assert "opsbook-raci__cell--a" in first[3].classes


def test_process_page_facts_steps_and_lists(site: Path) -> None:
    url = "processes/incident-review/"
    tree = tree_of(site, url)
    fact = facts(tree)
    assert fact["Trigger"].text == "An incident of severity sev1 or sev2 is resolved."
    assert fact["Cadence"].text == "after every major incident"
    assert link_targets(site, url, fact["Owner"]) == {"Product Operations": "teams/product-ops/"}
    assert section_text(tree, "Purpose") == "Learn from every incident without blame."
    assert section_text(tree, "Inputs") == "The incident timeline"
    assert section_text(tree, "Outputs") == "A published review"
    assert section_text(tree, "Metrics") == "Days from resolution to review"
    steps = article(tree).find("ol", "opsbook-process-steps").find_all("li", "opsbook-process-step")
    assert [step.attrs["id"] for step in steps] == [
        "step-collect",
        "step-triage",
        "step-meet",
        "step-write-up",
    ]
    assert "Incident tracker" in steps[0].text
    assert "2d" in steps[0].text
    decision = steps[1].find("div", "opsbook-decision")
    assert {a.text: a.attrs["href"] for a in decision.find_all("a")} == {
        "Hold the review meeting": "#step-meet",
        "Publish the write-up": "#step-write-up",
    }
    assert steps[2].find("strong", None).text == "Hold the review meeting"
    assert [s.text for s in steps[2].find_all("strong")][-1] == "blameless"


def test_feature_guide_page(site: Path) -> None:
    url = "features/smart-routing/"
    tree = tree_of(site, url)
    fact = facts(tree)
    badge = fact["Status"].find("span", "opsbook-badge")
    assert "opsbook-status--ga" in badge.classes
    assert badge.text == "Generally available"
    assert fact["Released"].text == "2026-03-01"
    assert fact["Audience"].text == "support, sales"
    support = fact["Support contact"]
    assert link_targets(site, url, support) == {"Payments Operations": "teams/payments-ops/"}
    assert [code.text for code in article(tree).find("ul", "opsbook-flags").find_all("code")] == [
        "smart-routing-enabled"
    ]
    assert section_text(tree, "Limitations") == "Only domestic parcels"
    faq = article(tree).find("div", "opsbook-faq").find_all("details")
    assert len(faq) == 1
    assert faq[0].find("summary").text == "Can a merchant opt out?"
    answer = faq[0].find("p")
    assert answer.text == "Yes, in Settings."
    assert answer.find("strong").text == "Settings"


def test_onboarding_path_page(site: Path) -> None:
    url = "onboarding/product-ops-analyst/"
    tree = tree_of(site, url)
    content = article(tree)
    assert facts(tree)["Audience"].text == "product operations analyst"
    assert section_text(tree, "Outcomes") == "Runs the weekly feedback review on their own"
    prerequisites = content.section("Complete first")
    assert len(prerequisites) == 1
    assert link_targets(site, url, prerequisites[0]) == {
        "Company basics": "onboarding/company-basics/"
    }

    modules = content.find("ol", "opsbook-modules").find_all("li", "opsbook-module")
    assert len(modules) == 3
    first, second, third = modules
    # A `doc` module links to the document's page, under the document's title.
    assert link_targets(site, url, first) == {"Smart routing": "features/smart-routing/"}
    assert first.find("div", "opsbook-module__note").text == "How we route parcels"
    assert first.find("span", "opsbook-chip--time").text == "45 min"
    # A `task` module says what to do.
    assert second.find("span", "opsbook-module__title").text == "Shadow the on-call product ops"
    assert second.find("div", "opsbook-module__task").text == "Task: Join two incident reviews"
    assert second.find("span", "opsbook-chip--time").text == "4 h"
    assert not second.find_all("a")
    # A `url` module links out, and the optional one is marked.
    link = third.find("a")
    assert (link.text, link.attrs["href"]) == (
        "Product analytics primer",
        "https://example.com/analytics",
    )
    assert "opsbook-module--optional" in third.classes
    assert third.find("span", "opsbook-chip--optional").text == "optional"
    assert "opsbook-module--optional" not in first.classes + second.classes
    # 45 + 240 required minutes; the optional 60 do not count.
    assert content.find("p", "opsbook-total").text == "Required modules take 4 h 45 min in total"


def test_team_page(site: Path) -> None:
    url = "teams/product-ops/"
    tree = tree_of(site, url)
    fact = facts(tree)
    assert fact["Chat"].text == "#product-ops"
    email = fact["Email"].find("a")
    assert (email.text, email.attrs["href"]) == (
        "product-ops@example.com",
        "mailto:product-ops@example.com",
    )
    assert fact["Code owners"].text == "@acme/product-ops"
    members = article(tree).find("div", "opsbook-members").find("table")
    assert [[cell.text for cell in row] for row in table_rows(members)] == [
        ["Lan Nguyen", "lead", "lan@example.com"],
        ["Sam Lee", "analyst", ""],
    ]
    assert section_text(tree, "Responsibilities") == "Feature launches Weekly feedback review"
    owned: dict[str, dict[str, str]] = {}
    for group in article(tree).section("What this team owns"):
        if group.tag == "h3":
            current = owned.setdefault(group.text, {})
        elif group.tag == "ul":
            current.update(link_targets(site, url, group))
    assert owned == {
        "Feature guides": {"Smart routing": "features/smart-routing/"},
        "Onboarding paths": {
            "Company basics": "onboarding/company-basics/",
            "Lộ trình cho chuyên viên Product Operations": "onboarding/product-ops-analyst/",
        },
        "Processes": {"Incident review": "processes/incident-review/"},
        "Runbooks": {"Analytics dashboards are stale": "runbooks/stale-dashboards/"},
    }


def test_team_owning_nothing_says_so_and_lists_who_refers_to_it(site: Path) -> None:
    url = "teams/payments-eng/"
    tree = tree_of(site, url)
    assert section_text(tree, "What this team owns") == "This team does not own any document yet."
    # The runbook escalates to this team.
    referenced = article(tree).section("Referenced by")
    assert link_targets(site, url, referenced[0]) == {
        "Payment webhooks are failing": "runbooks/payment-webhook-failures/"
    }


@pytest.mark.parametrize("url", sorted(OWNERS))
def test_every_page_links_its_owner(site: Path, url: str) -> None:
    title, team = OWNERS[url]
    tree = tree_of(site, url)
    found = facts(tree).get("Owner") or article(tree).find("span", "opsbook-runbook-meta__owner")
    assert link_targets(site, url, found) == {title: team}


def test_related_links_and_backlinks(site: Path) -> None:
    """`related` renders as links on the source and as "Referenced by" on the target."""
    pairs = [
        ("runbooks/payment-webhook-failures/", "processes/incident-review/"),
        ("features/smart-routing/", "runbooks/payment-webhook-failures/"),
    ]
    for source, target in pairs:
        related = article(tree_of(site, source)).section("Related")
        assert link_targets(site, source, related[0]) == {DOCUMENT_PAGES[target]: target}
        backlinks = article(tree_of(site, target)).section("Referenced by")
        assert DOCUMENT_PAGES[source] in link_targets(site, target, backlinks[0])
        assert link_targets(site, target, backlinks[0])[DOCUMENT_PAGES[source]] == source
    # A module's `doc` is a reference too.
    backlinks = article(tree_of(site, "features/smart-routing/")).section("Referenced by")
    assert link_targets(site, "features/smart-routing/", backlinks[0]) == {
        "Lộ trình cho chuyên viên Product Operations": "onboarding/product-ops-analyst/"
    }


def test_every_internal_link_resolves(site: Path) -> None:
    broken = _broken_links(site)
    assert not broken, broken


def test_every_internal_link_resolves_without_directory_urls(tmp_path: Path) -> None:
    config = write_site(tmp_path, config=mkdocs_yml(extra="use_directory_urls: false\n"))
    site = build(config)
    assert (site / "processes" / "incident-review.html").is_file()
    broken = _broken_links(site)
    assert not broken, broken


def _broken_links(site: Path) -> list[str]:
    """Relative links (and #fragments) in the site that lead nowhere."""
    ids: dict[Path, set[str]] = {}
    trees = {path: parse_html(path.read_text(encoding="utf-8")) for path in html_files(site)}
    for path, tree in trees.items():
        ids[path] = {element.attrs["id"] for element in tree.find_all(id=True)}
    broken = []
    for path, tree in trees.items():
        if path.name == "404.html":  # links from the site root, wherever it is served
            continue
        for link in tree.find_all("a", href=True):
            parts = urlsplit(link.attrs["href"])
            if parts.scheme or parts.netloc:
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            where = f"{path.relative_to(site)} -> {link.attrs['href']}"
            if not target.is_file():
                broken.append(where)
            elif parts.fragment and target in ids and parts.fragment not in ids[target]:
                broken.append(f"{where} (no such anchor)")
    return broken


# --- URLs, edit links, titles --------------------------------------------------------------


def test_yaml_document_page_url_and_edit_link(site: Path) -> None:
    assert PROCESS_PATH == "processes/incident-review.yaml"
    assert (site / "processes" / "incident-review" / "index.html").is_file()
    assert not (site / "processes" / "incident-review.yaml").exists()
    edit = tree_of(site, "processes/incident-review/").find("a", rel="edit")
    assert (
        edit.attrs["href"]
        == "https://github.com/acme/kb/edit/main/docs/processes/incident-review.yaml"
    )
    # A Markdown document's edit link points at the Markdown file.
    edit = tree_of(site, "runbooks/payment-webhook-failures/").find("a", rel="edit")
    assert edit.attrs["href"].endswith("/edit/main/docs/runbooks/payment-webhook-failures.md")


def test_markdown_documents_keep_their_body(site: Path) -> None:
    runbook = article(tree_of(site, "runbooks/payment-webhook-failures/"))
    prose = "Background prose: the provider signs every webhook with a shared secret."
    assert prose in RUNBOOK_DOC
    assert [p.text for p in runbook.find_all("p") if p.text == prose] == [prose]
    guide = article(tree_of(site, "features/smart-routing/"))
    prose = "Smart routing compares carrier quotes for every parcel."
    assert prose in FEATURE_GUIDE_DOC
    assert [p.text for p in guide.find_all("p") if p.text == prose] == [prose]
    # The front matter itself is not shown.
    assert "kind: feature-guide" not in guide.text


@pytest.mark.parametrize("url", sorted(DOCUMENT_PAGES))
def test_page_title_is_the_document_title(site: Path, url: str) -> None:
    title = DOCUMENT_PAGES[url]
    tree = tree_of(site, url)
    assert tree.find("title").text == f"{title} - T"
    headings = article(tree).find_all("h1")
    assert [h1.text for h1 in headings] == [title]


def test_summary_is_the_meta_description(site: Path) -> None:
    tree = tree_of(site, "processes/incident-review/")
    meta = tree.find("meta", name="description")
    assert meta.attrs["content"] == "How we learn from every incident within a week."


# --- reviews -------------------------------------------------------------------------------


def test_overdue_review_banner(site: Path) -> None:
    """One line for readers; what the owner should do is for the editors' views."""
    content = article(tree_of(site, "runbooks/stale-dashboards/"))
    line = content.find("p", "opsbook-review-overdue")
    days = (TODAY - OVERDUE_DUE).days
    assert line.find("strong").text == f"Review overdue since {OVERDUE_DUE}"
    assert f"({days} days)" in line.text
    assert "Product Operations keeps it." in line.text
    assert "last_reviewed" not in content.text
    assert "sets review.last_reviewed" in article(tree_of(site, "catalog/needs-review/")).text


@pytest.mark.parametrize(
    "url", ["runbooks/payment-webhook-failures/", "processes/incident-review/"]
)
def test_no_banner_while_review_is_current(site: Path, url: str) -> None:
    assert not tree_of(site, url).find_all(cls="opsbook-review-overdue")


def test_needs_review_lists_only_overdue_documents(site: Path) -> None:
    url = "catalog/needs-review/"
    table = catalog_table(tree_of(site, url))
    assert table_headers(table) == ["Title", "Kind", "Owner", "Last reviewed", "Days overdue"]
    rows = rows_by_title(table)
    assert rows == {
        "Analytics dashboards are stale": {
            "Title": "Analytics dashboards are stale",
            "Kind": "Runbook",
            "Owner": "Product Operations",
            "Last reviewed": "2026-06-01",
            "Days overdue": str((TODAY - OVERDUE_DUE).days),
        }
    }
    assert link_targets(site, url, table) == {
        "Analytics dashboards are stale": "runbooks/stale-dashboards/",
        "Product Operations": "teams/product-ops/",
    }


def test_needs_review_says_when_nothing_is_overdue(tmp_path: Path) -> None:
    files = {k: v for k, v in SITE_KB.items() if k != "runbooks/stale-dashboards.yaml"}
    site = build(write_site(tmp_path, files, git=False, config=_no_history_config()))
    content = article(tree_of(site, "catalog/needs-review/"))
    assert not content.find_all("table")
    assert content.find("p", "opsbook-all-reviewed").text == (
        "Every document with a review schedule is up to date."
    )


def test_review_date_comes_from_the_today_option(tmp_path: Path) -> None:
    """The same runbook is overdue or not depending on the plugin's `today`."""
    files = {k: v for k, v in SITE_KB.items() if k != "runbooks/stale-dashboards.yaml"}
    site = build(
        write_site(tmp_path, files, git=False, config=_no_history_config(today="2026-12-31"))
    )
    banner = tree_of(site, "runbooks/payment-webhook-failures/").find(cls="opsbook-review-overdue")
    assert banner.find("strong").text == "Review overdue since 2026-12-30"
    assert "(1 days)" in banner.text or "(1 day)" in banner.text


def _no_history_config(today: str = TODAY.isoformat(), **kwargs: Any) -> str:
    """The minimal config for a site that is not in git (history and changelog off)."""
    options = f'today: "{today}", history: false, changelog: false'
    return mkdocs_yml(today=None, opsbook_options=options, **kwargs)


# --- catalog -------------------------------------------------------------------------------


def test_catalog_overview_lists_every_document(site: Path) -> None:
    url = "catalog/"
    tree = tree_of(site, url)
    table = catalog_table(tree)
    assert table_headers(table) == ["Title", "Kind", "Owner", "Summary"]
    rows = rows_by_title(table)
    assert set(rows) == set(DOCUMENT_PAGES.values())
    for doc_url, (owner, _) in OWNERS.items():
        assert rows[DOCUMENT_PAGES[doc_url]]["Owner"] == owner, doc_url
    assert rows["Incident review"]["Kind"] == "Process"
    assert rows["Incident review"]["Summary"] == "How we learn from every incident within a week."
    links = {cells[0].text: cells[0].find("a") for cells in table_rows(table)}
    for doc_url, title in DOCUMENT_PAGES.items():
        assert resolve(site, url, links[title].attrs["href"]) == doc_url
    # Each row carries its owner for the owner filter.
    owners = {cells[0].text: row.attrs["data-opsbook-owner"] for row, cells in _rows(table)}
    assert owners["Payment webhooks are failing"] == "Payments Operations"
    # The per-kind pages are listed with their counts.
    kinds = {li.find("a").text: li.text for li in article(tree).find("ul").find_all("li")}
    assert kinds == {
        "Runbooks": "Runbooks (2 documents)",
        "Processes": "Processes (1 document)",
        "Feature guides": "Feature guides (1 document)",
        "Onboarding paths": "Onboarding paths (2 documents)",
        "Teams": "Teams (3 documents)",
        "Tools": "Tools (0 documents)",
        "Experiments": "Experiments (0 documents)",
        "Needs review": "Needs review (1 document)",
    }


def _rows(table: Element) -> list[tuple[Element, list[Element]]]:
    return [(row, row.find_all("td")) for row in table.find("tbody").find_all("tr")]


CATALOG_EXPECTATIONS: dict[str, tuple[list[str], dict[str, dict[str, str]]]] = {
    "catalog/runbooks/": (
        ["Title", "Service", "Severity", "Owner", "Last reviewed", "Next review"],
        {
            "Payment webhooks are failing": {
                "Service": "checkout",
                "Severity": "sev2",
                "Owner": "Payments Operations",
                "Last reviewed": "2026-10-01",
                "Next review": "2026-12-30",
            },
            "Analytics dashboards are stale": {
                "Service": "analytics",
                "Severity": "sev4",
                "Owner": "Product Operations",
                "Last reviewed": "2026-06-01",
                "Next review": "2026-07-01",
            },
        },
    ),
    "catalog/processes/": (
        ["Title", "Cadence", "Steps", "Owner", "Last reviewed", "Next review"],
        {
            "Incident review": {
                "Cadence": "after every major incident",
                "Steps": "4",
                "Owner": "Product Operations",
                "Last reviewed": "2026-09-15",
                "Next review": "2027-03-14",
            }
        },
    ),
    "catalog/feature-guides/": (
        ["Title", "Status", "Released", "Audience", "Owner"],
        {
            "Smart routing": {
                "Status": "Generally available",
                "Released": "2026-03-01",
                "Audience": "support, sales",
                "Owner": "Product Operations",
            }
        },
    ),
    "catalog/onboarding-paths/": (
        ["Title", "Audience", "Modules", "Required time", "Owner"],
        {
            "Company basics": {
                "Audience": "every new employee",
                "Modules": "1",
                "Required time": "30 min",
                "Owner": "Product Operations",
            },
            "Lộ trình cho chuyên viên Product Operations": {
                "Audience": "product operations analyst",
                "Modules": "3",
                "Required time": "4 h 45 min",
                "Owner": "Product Operations",
            },
        },
    ),
    "catalog/teams/": (
        ["Title", "Members", "Documents owned", "Chat"],
        {
            "Product Operations": {"Members": "2", "Documents owned": "5", "Chat": "#product-ops"},
            "Payments Operations": {
                "Members": "1",
                "Documents owned": "1",
                "Chat": "#payments-ops",
            },
            "Payments Engineering": {
                "Members": "1",
                "Documents owned": "0",
                "Chat": "#payments-eng",
            },
        },
    ),
}


@pytest.mark.parametrize("url", sorted(CATALOG_EXPECTATIONS))
def test_catalog_kind_tables(site: Path, url: str) -> None:
    headers, expected = CATALOG_EXPECTATIONS[url]
    table = catalog_table(tree_of(site, url))
    assert table_headers(table) == headers
    rows = rows_by_title(table)
    assert {
        title: {k: v for k, v in row.items() if k != "Title"} for title, row in rows.items()
    } == (expected)
    # Titles link to the documents; numbers and dates sort by value, not by text.
    for row, cells in _rows(table):
        link = cells[0].find("a")
        assert DOCUMENT_PAGES[resolve(site, url, link.attrs["href"])] == cells[0].text
        assert cells[0].attrs["data-opsbook-sort"] == cells[0].text.casefold()
        if "Owner" in headers:
            assert row.attrs["data-opsbook-owner"] == rows[cells[0].text]["Owner"]


def test_catalog_sort_keys_of_numbers_and_dates(site: Path) -> None:
    table = catalog_table(tree_of(site, "catalog/onboarding-paths/"))
    keys = {
        cells[0].text: [c.attrs.get("data-opsbook-sort") for c in cells]
        for _, cells in _rows(table)
    }
    minutes = keys["Lộ trình cho chuyên viên Product Operations"][3]
    assert minutes is not None
    assert int(minutes) == 285
    assert sorted([keys["Company basics"][3] or "", minutes]) == [
        keys["Company basics"][3],
        minutes,
    ]
    table = catalog_table(tree_of(site, "catalog/runbooks/"))
    dates = [cells[5].attrs.get("data-opsbook-sort") for _, cells in _rows(table)]
    assert sorted(d or "" for d in dates) == ["2026-07-01", "2026-12-30"]


# --- navigation ----------------------------------------------------------------------------


def _nav_links(tree: Element) -> dict[str, str]:
    """Link text -> href in the primary navigation."""
    nav = tree.find("nav", "md-nav--primary")
    return {a.text: a.attrs["href"] for a in nav.find_all("a", "md-nav__link", href=True)}


def test_generated_pages_appear_in_the_navigation(site: Path) -> None:
    links = _nav_links(tree_of(site, ""))
    for url, title in DOCUMENT_PAGES.items():
        assert links.get(title) == url, title
    for title, url in [
        ("Runbooks", "catalog/runbooks/"),
        ("Processes", "catalog/processes/"),
        ("Needs review", "catalog/needs-review/"),
    ]:
        assert links.get(title) == url, title


def test_hand_written_nav_can_name_a_yaml_document(tmp_path: Path) -> None:
    nav = (
        "nav:\n"
        "  - Home: index.md\n"
        "  - Incident review: processes/incident-review.yaml\n"
        "  - Runbooks:\n"
        "      - runbooks/payment-webhook-failures.md\n"
        "      - runbooks/stale-dashboards.yaml\n"
        "  - Catalog: catalog/index.md\n"
    )
    config = write_site(tmp_path, config=mkdocs_yml(extra=nav))
    result = run_mkdocs(config, "--strict")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    tree = tree_of(site, "")
    links = _nav_links(tree)
    assert links["Incident review"] == "processes/incident-review/"
    assert links["Payment webhooks are failing"] == "runbooks/payment-webhook-failures/"
    assert links["Analytics dashboards are stale"] == "runbooks/stale-dashboards/"
    assert links["Catalog"] == "catalog/"
    assert "Lộ trình cho chuyên viên Product Operations" not in links  # not in the nav
    assert tree_of(site, "processes/incident-review/").find("title").text == "Incident review - T"


# --- language, templates -------------------------------------------------------------------


@pytest.fixture(scope="module")
def vi_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("vi")
    return build(write_site(root, config=mkdocs_yml(theme="  language: vi\n")))


def test_labels_follow_theme_language(vi_site: Path) -> None:
    tree = tree_of(vi_site, "runbooks/payment-webhook-failures/")
    headings = [h2.text for h2 in article(tree).find_all("h2")]
    assert "Các bước" in headings
    assert "Được nhắc đến bởi" in headings
    assert "Steps" not in headings
    assert "Referenced by" not in headings
    assert tree.find("html").attrs["lang"] == "vi"
    process = tree_of(vi_site, "processes/incident-review/")
    assert "Bắt đầu" in mermaid_source(process)  # the flowchart's Start node
    overview = tree_of(vi_site, "catalog/")
    assert article(overview).find("h1").text != "Catalog"


def test_durations_follow_theme_language(vi_site: Path) -> None:
    tree = tree_of(vi_site, "onboarding/product-ops-analyst/")
    chips = [c.text for c in article(tree).find_all("span", "opsbook-chip--time")]
    assert chips[0] == "45 phút"
    total = article(tree).find("p", "opsbook-total").text
    assert "phút" in total
    assert not re.search(r"\bmin\b", total), total


def test_template_override_from_custom_dir(tmp_path: Path) -> None:
    override = (
        '{% extends "opsbook/_page.html" %}'
        '{% block sections %}<p class="custom-marker">custom</p>{% endblock %}'
    )
    config = write_site(
        tmp_path,
        config=mkdocs_yml(theme="  custom_dir: overrides\n"),
        extra_files={"overrides/opsbook/runbook.html": override},
    )
    site = build(config)
    runbook = article(tree_of(site, "runbooks/payment-webhook-failures/"))
    assert runbook.find("p", "custom-marker").text == "custom"
    assert not runbook.find_all(cls="opsbook-checklist")  # the built-in sections are replaced
    assert facts(tree_of(site, "runbooks/payment-webhook-failures/"))["Owner"].text == (
        "Payments Operations"
    )
    # Other kinds keep the built-in templates.
    process = article(tree_of(site, "processes/incident-review/"))
    assert not process.find_all(cls="custom-marker")
    assert process.find_all("pre", "mermaid")


@pytest.mark.parametrize(
    "english_file",
    [LOCALES / "en.yml", *(kind.label_file("en") for kind in REGISTRY)],
    ids=lambda path: path.name,
)
def test_every_english_label_has_a_vietnamese_translation(english_file: Path) -> None:
    """The words of every page, and each kind's own."""
    english = yaml.safe_load(english_file.read_text(encoding="utf-8"))
    vietnamese_file = english_file.with_name(english_file.name.replace(".en.", ".vi."))
    if english_file.name == "en.yml":
        vietnamese_file = LOCALES / "vi.yml"
    vietnamese = yaml.safe_load(vietnamese_file.read_text(encoding="utf-8"))

    def keys(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(value, dict):
                found.update(keys(value, f"{prefix}{key}."))
            else:
                found[f"{prefix}{key}"] = value
        return found

    en, vi = keys(english), keys(vietnamese)
    assert sorted(set(en) - set(vi)) == []
    assert sorted(set(vi) - set(en)) == []  # a key only in vi is a typo
    for key, text in en.items():
        wanted = {name for _, name, _, _ in string.Formatter().parse(str(text)) if name}
        found = {name for _, name, _, _ in string.Formatter().parse(str(vi[key])) if name}
        assert found == wanted, f"{key}: {vi[key]!r} has {found}, English has {wanted}"
        assert str(vi[key]).strip(), key


# --- hostile content -----------------------------------------------------------------------

HOSTILE_RUNBOOK = """\
---
kind: runbook
id: hostile-runbook
title: "<script>alert(1)</script> & Co"
summary: "Look <img src=x onerror=alert(1)> here"
owner: product-ops
service: "<b>checkout</b>"
review: {last_reviewed: 2026-10-01, every_days: 90}
tags: ["<script>alert(2)</script>", "<img src=x onerror=alert(3)>"]
symptoms: ["<img src=x onerror=alert(4)>"]
steps:
  - title: "<script>alert(5)</script>"
    details: "Click [here](javascript:alert(6)) or [there]( JaVaScRiPt:alert(7) )."
    command: "echo '</code><script>alert(8)</script>'"
    expect: "<img src=x onerror=alert(9)>"
related: [smart-routing]
---
Body with [a link](javascript:alert(10)) and ![an image](javascript:alert(11)).
"""

HOSTILE_FAQ = FEATURE_GUIDE_DOC.replace(
    'a: "Yes, in **Settings**."', 'a: "Yes, [x](javascript:alert(1)) in **Settings**."'
)
HOSTILE_PROCESS = PROCESS_DOC.replace(
    "title: Collect the timeline", 'title: "<img src=x onerror=alert(12)> \\"quoted\\""'
).replace("Keep it **blameless**.", '"[Keep](javascript:alert(13)) it **blameless**."')
HOSTILE_TEAM = """\
kind: team
id: hostile-team
title: "<script>alert(14)</script>"
summary: "<img src=x onerror=alert(15)>"
members:
  - {name: "<script>alert(16)</script>", role: x, contact: "javascript:alert(17)"}
channels: {chat: "<img src=x onerror=alert(18)>"}
"""

# The characters the plugin's own block markers are made of, written into fields (as YAML
# escapes) and into a Markdown body: they must not open a block that skips escaping or the
# sanitizer.
MARKER_RUNBOOK = """\
---
kind: runbook
id: marker-runbook
title: "Markers \\x02opsbook-unsearched\\x03<img src=x onerror=alert(20)>\\x02/opsbook-unsearched\\x03"
summary: "\\x02opsbook-markdown\\x03 [x](javascript:alert(21)) \\x02/opsbook-markdown\\x03"
owner: product-ops
service: checkout
review: {last_reviewed: 2026-10-01, every_days: 90}
symptoms: ["\\x02opsbook-markdown\\x03<img src=x onerror=alert(25)>\\x02/opsbook-markdown\\x03"]
steps:
  - title: "\\x02opsbook-unsearched\\x03<img src=x onerror=alert(22)>\\x02/opsbook-unsearched\\x03"
---
Body \x02opsbook-unsearched\x03<img src=x onerror=alert(23)>\x02/opsbook-unsearched\x03 and
\x02opsbook-markdown\x03<img src=x onerror=alert(24)>\x02/opsbook-markdown\x03 end.
"""
# A page whose author wrote comments that look like the plugin's placeholders.
LOOKALIKE_PAGE = "# Notes\n\n<!--opsbook-late:7-->\n\n<!--opsbook-block:99-->\n\nKept as written.\n"

RAW_MARKERS = ("<script>alert", "<img src=x onerror", "<b>checkout", "\x02", "\x03")
DOUBLE_ESCAPED = ("&amp;lt;", "&amp;amp;", "&amp;#")


@pytest.fixture(scope="module", params=["no tags plugin", "tags plugin"])
def hostile_site(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    files = dict(SITE_KB)
    files["runbooks/hostile.md"] = HOSTILE_RUNBOOK
    files["features/smart-routing.md"] = HOSTILE_FAQ
    files[PROCESS_PATH] = HOSTILE_PROCESS
    files["teams/hostile-team.yaml"] = HOSTILE_TEAM
    files["runbooks/markers.md"] = MARKER_RUNBOOK
    files["notes.md"] = LOOKALIKE_PAGE
    config = mkdocs_yml()
    if request.param == "tags plugin":
        config = config.replace("  - search\n", "  - search\n  - tags\n")
    return build(write_site(root, files, config=config))


def test_hostile_text_never_reaches_the_html_unescaped(hostile_site: Path) -> None:
    for path in html_files(hostile_site):
        text = path.read_text(encoding="utf-8")
        for marker in RAW_MARKERS:
            assert marker not in text, f"{marker!r} in {path.relative_to(hostile_site)}"
        for marker in DOUBLE_ESCAPED:
            assert marker not in text, f"double-escaped {marker!r} in {path}"


def test_no_javascript_links_anywhere(hostile_site: Path) -> None:
    for path in html_files(hostile_site):
        tree = parse_html(path.read_text(encoding="utf-8"))
        for element in tree.iter():
            for attribute in ("href", "src", "action", "formaction", "xlink:href"):
                value = re.sub(r"[\x00-\x20]", "", element.attrs.get(attribute, "")).lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (
                    f"{element.tag} {attribute}={element.attrs[attribute]!r} in {path}"
                )
            assert not any(name.startswith("on") for name in element.attrs), (
                f"event handler on <{element.tag} {element.attrs}> in {path}"
            )


def test_hostile_text_is_shown_as_text(hostile_site: Path) -> None:
    """Escaped exactly once: readers see the characters that were written."""
    url = "runbooks/hostile/"
    tree = tree_of(hostile_site, url)
    title = "<script>alert(1)</script> & Co"
    assert tree.find("title").text == f"{title} - T"
    assert article(tree).find("h1").text == title
    assert tree.find("meta", name="description").attrs["content"] == (
        "Look <img src=x onerror=alert(1)> here"
    )
    assert article(tree).find("span", "opsbook-runbook-meta__service").text == (
        "Service: <b>checkout</b>"
    )
    step = article(tree).find("div", "opsbook-step")
    assert step.find("span", "opsbook-step__title").text == "<script>alert(5)</script>"
    assert step.find("code").text == "echo '</code><script>alert(8)</script>'"
    # Dangerous link targets are dropped; their text stays.
    links = article(tree).find_all("a")
    blocked = [a.text for a in links if "href" not in a.attrs]
    assert sorted(blocked) == ["a link", "here", "there"]
    images = [img.attrs for img in article(tree).find_all("img")]
    assert images == [{"alt": "an image"}]
    nav = tree.find("nav", "md-nav--primary")
    assert title in [a.text for a in nav.find_all("a", "md-nav__link")]
    faq = article(tree_of(hostile_site, "features/smart-routing/")).find("div", "opsbook-faq")
    assert [a.text for a in faq.find_all("a") if "href" not in a.attrs] == ["x"]
    assert faq.find("strong").text == "Settings"


def test_hostile_text_in_the_search_index(hostile_site: Path) -> None:
    raw = (hostile_site / "search" / "search_index.json").read_text(encoding="utf-8")
    for marker in RAW_MARKERS:
        assert marker not in raw, marker
    # Text may mention javascript: (a member's contact above); no link may lead there.
    assert not re.search(r"(href|src)=\\?[\"']?\s*javascript:", raw, re.IGNORECASE)
    index = json.loads(raw)
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    assert titles["runbooks/hostile/"] == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"


def test_hostile_text_in_catalogs_and_flowchart(hostile_site: Path) -> None:
    rows = rows_by_title(catalog_table(tree_of(hostile_site, "catalog/runbooks/")))
    assert rows["<script>alert(1)</script> & Co"]["Service"] == "<b>checkout</b>"
    source = mermaid_source(tree_of(hostile_site, "processes/incident-review/"))
    # Inside a Mermaid label, markup and quotes become Mermaid entity codes.
    assert '["#lt;img src=x onerror=alert(12)#gt; #quot;quoted#quot;"]' in source
    team = tree_of(hostile_site, "teams/hostile-team/")
    members = article(team).find("div", "opsbook-members").find("table")
    assert [cell.text for cell in table_rows(members)[0]] == [
        "<script>alert(16)</script>",
        "x",
        "javascript:alert(17)",
    ]


def test_raw_html_javascript_link_in_a_markdown_field_is_blocked(tmp_path: Path) -> None:
    runbook = RUNBOOK_DOC.replace(
        "details: Open the **provider status** page first.",
        'details: \'Open <a href="javascript:alert(1)">the status page</a> '
        "<img src=x onerror=alert(2)> first.'",
    )
    files = dict(SITE_KB, **{"runbooks/payment-webhook-failures.md": runbook})
    site = build(write_site(tmp_path, files, git=False, config=_no_history_config()))
    text = page(site, "runbooks/payment-webhook-failures/")
    assert "the status page" in text
    assert 'href="javascript:' not in text
    assert "onerror=" not in text


BYPASSES = [
    pytest.param("<svg><style><img src=x onerror=alert(3)></style></svg>", id="svg-style"),
    pytest.param("<!--><img src=x onerror=alert(4)>-->", id="comment-end"),
    pytest.param('<meta http-equiv="refresh" content="0;url=https://evil.example">', id="meta"),
    pytest.param(
        '<svg><animate attributeName="href" values="javascript:alert(5)"/></svg>', id="anim"
    ),
    pytest.param("<style>body { display: none }</style>", id="style"),
    pytest.param('<form action="https://evil.example"><input type="submit"></form>', id="form"),
]


@pytest.mark.parametrize("html", BYPASSES)
def test_raw_html_tricks_in_a_markdown_field_are_removed(tmp_path: Path, html: str) -> None:
    body = "---\n" + RUNBOOK_DOC.split("---\n")[1] + f"---\nBefore.\n\n{html}\n\nAfter.\n"
    files = dict(SITE_KB, **{"runbooks/payment-webhook-failures.md": body})
    site = build(write_site(tmp_path, files, git=False, config=_no_history_config()))
    text = article_html(page(site, "runbooks/payment-webhook-failures/"))
    for needle in ("onerror", "<svg", "<style", "<meta", "<animate", "<form", "javascript:"):
        assert needle not in text.lower(), needle
    assert "Before." in text
    assert "After." in text


def article_html(html: str) -> str:
    """The page's article, where document content goes (the theme's own scripts are elsewhere)."""
    start = html.index("<article")
    return html[start : html.index("</article>", start)]


# --- invalid documents ---------------------------------------------------------------------

BROKEN_RUNBOOK = """\
kind: runbook
id: broken
title: Broken
summary: Broken.
owner: nobody-team
service: x
review: {last_reviewed: 2026-10-01, every_days: 90}
symptoms: [x]
steps:
  - title: y
"""
BROKEN_MARKDOWN = """\
---
kind: runbook
id: broken-markdown
title: Broken Markdown
summary: Broken.
owner: product-ops
service: x
review: {last_reviewed: 2026-10-01, every_days: 90}
symptoms: [x]
steps:
  - title: y
    comand: z
---
Body.
"""


def test_invalid_document_fails_the_build_in_process(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    files = dict(SITE_KB, **{"runbooks/broken.yaml": BROKEN_RUNBOOK})
    config = write_site(tmp_path, files, git=False, config=_no_history_config())
    # MkDocs turns the plugin's PluginError into Abort after logging its message.
    with pytest.raises(Abort):
        build(config)
    assert "1 problem in the knowledge base" in caplog.text
    problems = [
        match for record in caplog.records if (match := PROBLEM.search(record.getMessage()))
    ]
    assert len(problems) == 1, caplog.text
    found = problems[0]
    assert found["file"].endswith("docs/runbooks/broken.yaml")
    assert (found["line"], found["column"]) == ("5", "8")
    assert "nobody-team" in found["text"]
    assert "product-ops" in found["text"]  # the known ids are suggested


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "not strict"])
def test_invalid_document_fails_mkdocs_build(tmp_path: Path, strict: bool) -> None:
    files = dict(SITE_KB, **{"runbooks/broken.md": BROKEN_MARKDOWN})
    config = write_site(tmp_path, files)
    result = run_mkdocs(config, *(["--strict"] if strict else []))
    assert result.returncode == 1, result.stderr
    output = result.stdout + result.stderr
    assert "docs/runbooks/broken.md:12:5: error: " in output, output
    assert "unknown field 'comand'" in output
    assert "did you mean 'command'" in output
    assert "Traceback" not in output
    assert not (tmp_path / "site" / "runbooks" / "broken").exists()


# --- Markdown configuration ----------------------------------------------------------------


@pytest.mark.parametrize(
    "extensions",
    [
        "",
        "markdown_extensions: [toc, admonition, pymdownx.superfences]\n",
        "markdown_extensions:\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - name: mermaid\n"
        "          class: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n",
    ],
    ids=["none", "superfences without fences", "material's mermaid recipe"],
)
def test_flowchart_renders_with_any_markdown_extensions(tmp_path: Path, extensions: str) -> None:
    config = write_site(tmp_path, git=False, config=_no_history_config(extra=extensions))
    site = build(config)
    tree = tree_of(site, "processes/incident-review/")
    charts = article(tree).find_all("pre", "mermaid")
    assert len(charts) == 1
    assert mermaid_source(tree).startswith("flowchart TD")
    assert not article(tree).find_all("div", "highlight")  # not a highlighted code block
    scripts = [s.attrs.get("src", "") for s in tree.find_all("script")]
    mermaid = [src for src in scripts if re.search(r"assets/opsbook/mermaid-[\d.]+\.min\.js$", src)]
    assert len(mermaid) == 1, scripts
    assert page_path(site, "processes/incident-review/").parent.joinpath(mermaid[0]).is_file()


# --- known gaps ----------------------------------------------------------------------------


def test_invalid_today_option_is_a_configuration_error(tmp_path: Path) -> None:
    config = write_site(tmp_path, git=False, config=_no_history_config(today="24/11/2026"))
    with pytest.raises((Abort, ConfigurationError, PluginError)):
        build(config)


def test_markdown_link_to_a_yaml_document(tmp_path: Path) -> None:
    files = dict(SITE_KB, **{"index.md": "# Home\n\n[Review](processes/incident-review.yaml)\n"})
    config = write_site(tmp_path, files)
    result = run_mkdocs(config, "--strict")
    assert result.returncode == 0, result.stderr
    link = article(tree_of(tmp_path / "site", "")).find("a", href=True)
    assert link.attrs["href"] == "processes/incident-review/"


def test_attribute_lists_cannot_add_event_handlers(tmp_path: Path) -> None:
    body = "---\n" + RUNBOOK_DOC.split("---\n")[1] + '---\nClick me\n{: onclick="alert(1)" }\n'
    files = dict(SITE_KB, **{"runbooks/payment-webhook-failures.md": body})
    site = build(write_site(tmp_path, files, git=False, config=_no_history_config()))
    text = article_html(page(site, "runbooks/payment-webhook-failures/"))
    assert "Click me" in text
    assert "onclick" not in text


# --- what search indexes -------------------------------------------------------------------


def _search_text(site: Path, url: str) -> str:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return " ".join(
        f"{entry['title']} {entry['text']}"
        for entry in index["docs"]
        if entry["location"].split("#")[0] == url
    )


def test_search_indexes_content_not_history_backlinks_or_diagram_source(site: Path) -> None:
    """History rows, other documents' summaries, the flowchart's source, the RACI grid and
    the review banner are on the page but not in the search index: they would make a search
    for one document's words find every page that links to it or shares its commits."""
    process = _search_text(site, "processes/incident-review/")
    assert "Collect the timeline" in process  # the steps are content
    assert "Referenced by" in process or "Related" in process  # headings stay
    assert "flowchart TD" not in process
    assert "opsbook_start" not in process
    assert "Knowledge base" not in process  # the commit subject, in the History table
    assert "R responsible" not in process  # the RACI legend
    html = page(site, "processes/incident-review/")
    assert "flowchart TD" in html
    assert "Knowledge base" in html
    assert 'class="opsbook-raci"' in html

    target = _search_text(site, "features/smart-routing/")
    linking = article(tree_of(site, "features/smart-routing/")).section("Referenced by")
    assert linking, "the page lists who refers to it"
    assert "Lộ trình cho chuyên viên Product Operations" not in target

    stale = _search_text(site, "runbooks/stale-dashboards/")
    assert stale
    assert "opsbook-review-overdue" in page(site, "runbooks/stale-dashboards/")
    assert "Review overdue" not in stale
    for path in html_files(site):
        assert "opsbook-late" not in path.read_text(encoding="utf-8"), path
