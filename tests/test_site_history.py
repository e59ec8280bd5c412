"""Git history in the built site: "last updated", page History sections, the changelog, the feed.

Real git, real MkDocs builds. One scripted repository (tests.history_site_factory.build_story)
is built once per configuration; tests that need to change the repository work on a copy.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from history_repo import ALICE, BOB, ScriptedRepo, git_env
from history_site_factory import (
    CHRIS,
    EVE,
    GITHUB,
    VIETNAMESE_TITLE,
    HistoryRow,
    LogEntry,
    Story,
    build_story,
    history_rows,
    history_section,
    last_updated,
    month_headings,
    page_html,
    runbook,
    story_config,
    team,
)
from site_factory import Element, build, mkdocs_yml, write_site

from opsbook.history import clear_caches
from opsbook.history.runner import GIT_CALLS

ATOM = "{http://www.w3.org/2005/Atom}"
SCRIPT_SUBJECT = "Fix <script>alert(1)</script> in *restart* steps"
LATIN1_SUBJECT = "Caf\ufffd menu fix"
NOT_IN_GIT = "This page is not in git yet."
UNCOMMITTED = "This page has changes that are not committed yet."


# --- Reading the changelog ---------------------------------------------------------------


def changelog_commits(page: Element) -> list[Element]:
    """The changelog's items: one per commit."""
    return page.find_all("li", cls="opsbook-changelog__commit")


def changelog_entries(page: Element) -> list[LogEntry]:
    """Every document of every commit of a changelog page, newest first, each with its
    commit's subject, author and short sha as one line (`subject · author · sha`)."""
    entries = []
    for item in changelog_commits(page):
        head = item.find("p", cls="opsbook-changelog__head")
        subject = head.find("span", cls="opsbook-changelog__subject").text
        author = head.find("span", cls="opsbook-changelog__author").text
        date = head.find("time", cls="opsbook-changelog__date").text
        commit_links = head.find_all("a", cls="opsbook-changelog__sha")
        sha = commit_links[0].text if commit_links else ""
        for document in item.find_all("li", cls="opsbook-changelog__document"):
            links = [a for a in document.children if isinstance(a, Element) and a.tag == "a"]
            gone = document.find_all("span", cls="opsbook-changelog__gone")
            entries.append(
                LogEntry(
                    date=date,
                    title=links[0].text if links else gone[0].text,
                    link=links[0].attrs["href"] if links else None,
                    kind=document.find("span", cls="opsbook-kind").text,
                    action=document.find("span", cls="opsbook-chip").text,
                    subject=" · ".join(part for part in (subject, author, sha) if part),
                    commit_link=commit_links[0].attrs["href"] if commit_links else None,
                )
            )
    return entries


# --- Fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def _isolated_git(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Git reads no personal or system configuration; every module starts with no cache."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        for key in list(os.environ):
            if key.startswith("GIT_") and key != "GIT_PYTHON_GIT_EXECUTABLE":
                patch.delenv(key)
        for key, value in git_env(home).items():
            if key.startswith("GIT_") or key == "HOME":
                patch.setenv(key, value)
        clear_caches()
        yield
    clear_caches()


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Built:
    """A built site and the warnings MkDocs and its plugins logged while building it."""

    site: Path
    warnings: list[str]

    def page(self, url: str) -> str:
        url = url.strip("/")
        path = self.site / url / "index.html" if url else self.site / "index.html"
        return path.read_text(encoding="utf-8")


def build_site(config_file: Path, site_dir: Path) -> Built:
    """Build in-process, collecting every WARNING the `mkdocs` loggers emit."""
    handler = _Records()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        site = build(config_file, site_dir=str(site_dir))
    finally:
        logger.removeHandler(handler)
    return Built(site, [record.getMessage() for record in handler.records])


def variant_config(
    story: Story, folder: Path, *, repo_url: str = GITHUB, options: str = ""
) -> Path:
    """A mkdocs.yml outside the repository that builds the story's docs folder."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "mkdocs.yml"
    docs = f"docs_dir: {json.dumps(str(story.docs))}\n"
    text = story_config(repo_url=repo_url, extra=docs, options=options)
    config.write_text(text, encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return build_story(tmp_path_factory.mktemp("story") / "kb")


@pytest.fixture(scope="module")
def built(story: Story, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The story with GitHub repo_url and site_url, every option at its default."""
    return build_site(story.config, tmp_path_factory.mktemp("site"))


@pytest.fixture
def story_copy(story: Story, tmp_path: Path) -> Story:
    """A private copy of the story repository, free to check out or edit."""
    copy = Story(story.repo.copy(tmp_path / "copy" / "kb"))
    copy.sha, copy.date = dict(story.sha), dict(story.date)
    return copy


def commit_url(story: Story, step: str) -> str:
    return f"{GITHUB}/commit/{story.sha[step]}"


def row(story: Story, step: str, author: tuple[str, str], change: str) -> HistoryRow:
    return HistoryRow(
        date=story.date[step],
        author=author[0],
        change=change,
        short_sha=story.sha[step][:7],
        link=commit_url(story, step),
    )


# --- The story as the site should tell it -------------------------------------------------

# The whole changelog as the contract describes it, newest first: (step, title, link from
# changelog/, kind label, action label, subject, author).
# fmt: off
EXPECTED_CHANGELOG: list[tuple[str, str, str | None, str, str, str, tuple[str, str]]] = [
    ("guide-move", "Style guide", "../handbook/style/", "Page", "renamed", "Move the style guide", BOB),
    ("latin1-declared", "Incident review", "../processes/incident-review/", "Process", "updated", "Résumé of the process", CHRIS),
    ("latin1", "Style guide", "../handbook/style/", "Page", "updated", LATIN1_SUBJECT, ALICE),
    ("script", "Restart the API", "../runbooks/restart-api/", "Runbook", "updated", SCRIPT_SUBJECT, EVE),
    ("chore", "Home", "../", "Page", "updated", "chore: fix typos", ALICE),
    ("chore", "Incident review", "../processes/incident-review/", "Process", "updated", "chore: fix typos", ALICE),
    ("vietnamese", VIETNAMESE_TITLE, "../runbooks/kh%C3%B4i-ph%E1%BB%A5c/", "Runbook", "added", "Thêm runbook khôi phục", BOB),
    ("pager-remove", "Legacy pager setup", None, "Runbook", "removed", "Remove legacy pager runbook", BOB),
    ("pager-edit", "Legacy pager setup", None, "Runbook", "updated", "Retitle pager runbook", ALICE),
    ("pager-add", "Legacy pager setup", None, "Runbook", "added", "Add pager runbook", BOB),
    ("main-edit", "Style guide", "../handbook/style/", "Page", "updated", "Expand the guide", ALICE),
    ("branch", "Flush the cache", "../runbooks/flush-cache/", "Runbook", "added", "Add cache flush runbook", BOB),
    ("rename", "Restart the API", "../runbooks/restart-api/", "Runbook", "renamed", "Rename restart runbook", ALICE),
    ("edit", "Restart the API", "../runbooks/restart-api/", "Runbook", "updated", "Clarify restart steps", BOB),
    ("process", "Incident review", "../processes/incident-review/", "Process", "added", "Add incident review process", ALICE),
    ("runbook", "Restart the API", "../runbooks/restart-api/", "Runbook", "added", "Add restart runbook", BOB),
    ("start", "Style guide", "../handbook/style/", "Page", "added", "Add operations team, home and guide", ALICE),
    ("start", "Home", "../", "Page", "added", "Add operations team, home and guide", ALICE),
    ("start", "Operations", "../teams/ops/", "Team", "added", "Add operations team, home and guide", ALICE),
]
# fmt: on


def expected_entries(story: Story, base: str = "../") -> list[LogEntry]:
    """EXPECTED_CHANGELOG as LogEntry values, links made relative to a page at `base`."""
    result = []
    for step, title, link, kind, action, subject, author in EXPECTED_CHANGELOG:
        url = None if link is None else base + link.removeprefix("../")
        result.append(
            LogEntry(
                date=story.date[step],
                title=title,
                link=url,
                kind=kind,
                action=action,
                subject=f"{subject} · {author[0]} · {story.sha[step][:7]}",
                commit_link=commit_url(story, step),
            )
        )
    return result


def as_rows(entries: list[LogEntry], story: Story) -> list[tuple[str, ...]]:
    """Entries as comparable tuples."""
    result: list[tuple[str, ...]] = []
    for entry in entries:
        title, link = entry.title, str(entry.link)
        commit = str(entry.commit_link)
        result.append((entry.date, title, link, entry.kind, entry.action, entry.subject, commit))
    return result


# --- Page history -----------------------------------------------------------------------


def test_build_of_the_story_logs_no_warning(built: Built) -> None:
    assert built.warnings == []


def test_content_document_history_follows_rename_newest_first(story: Story, built: Built) -> None:
    page = page_html(built.site, "runbooks/restart-api/")

    assert last_updated(page) == [f"Last updated on 2026-06-02 by {EVE[0]}"]
    assert history_rows(page) == [
        row(story, "script", EVE, SCRIPT_SUBJECT),
        row(story, "rename", ALICE, "Rename restart runbook renamed from runbooks/restart.md"),
        row(story, "edit", BOB, "Clarify restart steps"),  # before the rename
        row(story, "runbook", BOB, "Add restart runbook"),
    ]
    summary = history_section(page)
    assert summary is not None
    assert summary.find("summary").text == "History (4)"


def test_yaml_document_history(story: Story, built: Built) -> None:
    page = page_html(built.site, "processes/incident-review/")

    assert last_updated(page) == ["Last updated on 2026-06-20 by Chris Lee"]
    assert history_rows(page) == [
        # The commit declares ISO-8859-1: git re-encodes it, so it reads correctly.
        row(story, "latin1-declared", CHRIS, "Résumé of the process"),
        row(story, "chore", ALICE, "chore: fix typos"),
        row(story, "process", ALICE, "Add incident review process"),
    ]


def test_team_page_from_yaml(story: Story, built: Built) -> None:
    page = page_html(built.site, "teams/ops/")

    assert last_updated(page) == ["Last updated on 2026-01-05 by Alice Nguyễn"]
    assert history_rows(page) == [row(story, "start", ALICE, "Add operations team, home and guide")]


def test_plain_markdown_pages_have_history_too(story: Story, built: Built) -> None:
    home = page_html(built.site, "")
    assert last_updated(home) == ["Last updated on 2026-05-20 by Alice Nguyễn"]
    assert history_rows(home) == [
        row(story, "chore", ALICE, "chore: fix typos"),
        row(story, "start", ALICE, "Add operations team, home and guide"),
    ]

    moved = page_html(built.site, "handbook/style/")
    assert last_updated(moved) == ["Last updated on 2026-07-01 by Bob Trần"]
    assert history_rows(moved) == [
        row(story, "guide-move", BOB, "Move the style guide renamed from guide.md"),
        row(story, "latin1", ALICE, LATIN1_SUBJECT),
        row(story, "main-edit", ALICE, "Expand the guide"),
        row(story, "start", ALICE, "Add operations team, home and guide"),
    ]
    assert not (built.site / "guide").exists()


def test_merged_branch_change_appears_once_under_its_author(story: Story, built: Built) -> None:
    page = page_html(built.site, "runbooks/flush-cache/")

    assert last_updated(page) == ["Last updated on 2026-03-09 by Bob Trần"]
    assert history_rows(page) == [row(story, "branch", BOB, "Add cache flush runbook")]
    html = built.page("runbooks/flush-cache/")
    assert story.sha["merge"] not in html
    assert "Merge branch" not in built.page("changelog/")


def test_vietnamese_file_name_and_title(story: Story, built: Built) -> None:
    assert (built.site / "runbooks" / "khôi-phục" / "index.html").is_file()
    page = page_html(built.site, "runbooks/khôi-phục/")

    assert page.find("h1").text.removesuffix("¶").strip() == VIETNAMESE_TITLE
    assert last_updated(page) == ["Last updated on 2026-05-06 by Bob Trần"]
    assert history_rows(page) == [row(story, "vietnamese", BOB, "Thêm runbook khôi phục")]


def test_latin1_commit_message_shows_a_replacement_character(built: Built) -> None:
    html = built.page("handbook/style/")
    assert "Caf\ufffd menu fix" in html
    assert "Caf\ufffd menu fix" in built.page("changelog/")


def test_markup_in_subjects_and_author_names_is_escaped(built: Built) -> None:
    for url in ("runbooks/restart-api/", "changelog/", "changelog/runbooks/"):
        html = built.page(url)
        assert "<script>alert" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
        assert 'Eve "Mal" &' not in html, url  # quotes and ampersand escaped
        tree = page_html(built.site, url)
        assert not [s for s in tree.find_all("script") if "alert" in s.text], url
        # Subjects and names are text, not Markdown: no emphasis, no injected link.
        article = tree.find("article")
        assert not [a for a in article.find_all("a") if "evil.example" in a.attrs.get("href", "")]
        assert not [em for em in article.find_all("em") if em.text in ("restart", "Mal")]

    feed_text = (built.site / "changelog" / "feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in feed_text
    feed = ET.fromstring(feed_text)
    titles = [t.text for t in feed.iter(f"{ATOM}title")]
    assert SCRIPT_SUBJECT in titles
    assert EVE[0] in [n.text for n in feed.iter(f"{ATOM}name")]


def test_generated_pages_have_no_history(built: Built) -> None:
    for url in ("changelog/", "changelog/runbooks/", "catalog/", "reference/fields/"):
        assert history_section(page_html(built.site, url)) is None, url


def test_commit_links_follow_a_gitlab_repo_url_on_a_detached_head(
    story_copy: Story, tmp_path: Path
) -> None:
    story_copy.repo.git("checkout", "-q", "--detach")
    assert story_copy.repo.git("symbolic-ref", "-q", "HEAD", check=False) == ""
    gitlab = "https://gitlab.com/acme/kb.git"
    config = variant_config(story_copy, tmp_path / "gitlab", repo_url=gitlab)
    result = build_site(config, tmp_path / "site")

    assert result.warnings == []
    page = page_html(result.site, "runbooks/restart-api/")
    assert last_updated(page) == [f"Last updated on 2026-06-02 by {EVE[0]}"]
    rows = history_rows(page)
    assert [r.change for r in rows] == [
        SCRIPT_SUBJECT,
        "Rename restart runbook renamed from runbooks/restart.md",
        "Clarify restart steps",
        "Add restart runbook",
    ]
    assert [r.link for r in rows] == [
        f"https://gitlab.com/acme/kb/-/commit/{story_copy.sha[step]}"
        for step in ("script", "rename", "edit", "runbook")
    ]
    first = changelog_entries(page_html(result.site, "changelog/"))[0]
    assert (
        first.commit_link == f"https://gitlab.com/acme/kb/-/commit/{story_copy.sha['guide-move']}"
    )


def test_other_hosts_get_no_commit_links(story: Story, tmp_path: Path) -> None:
    config = variant_config(story, tmp_path / "cfg", repo_url="https://git.example.com/acme/kb")
    result = build_site(config, tmp_path / "site")

    rows = history_rows(page_html(result.site, "teams/ops/"))
    assert [(r.short_sha, r.link) for r in rows] == [(story.sha["start"][:7], None)]
    assert all(
        e.commit_link is None for e in changelog_entries(page_html(result.site, "changelog/"))
    )


def test_uncommitted_pages_say_so(story_copy: Story, tmp_path: Path) -> None:
    repo = story_copy.repo
    repo.write("docs/drafts/new-page.md", "# New page\n\nNot committed.\n")
    repo.write("docs/teams/ops.yaml", team("ops", "Operations team"))
    repo.write("docs/runbooks/flush-cache.md", runbook("flush-cache", "Flush the cache", "Edit."))
    repo.git("add", "docs/runbooks/flush-cache.md")  # staged counts as uncommitted too

    result = build_site(story_copy.config, tmp_path / "site")

    new = page_html(result.site, "drafts/new-page/")
    assert last_updated(new) == [NOT_IN_GIT]
    assert new.find("div", cls="opsbook-history").find_all("table") == []
    ops = page_html(result.site, "teams/ops/")
    assert last_updated(ops) == [UNCOMMITTED, "Last updated on 2026-01-05 by Alice Nguyễn"]
    assert len(history_rows(ops)) == 1
    flush = page_html(result.site, "runbooks/flush-cache/")
    assert last_updated(flush) == [UNCOMMITTED, "Last updated on 2026-03-09 by Bob Trần"]
    home = page_html(result.site, "")
    assert last_updated(home) == ["Last updated on 2026-05-20 by Alice Nguyễn"]
    # The changelog tells only what git knows.
    titles = [e.title for e in changelog_entries(page_html(result.site, "changelog/"))]
    assert "New page" not in titles


# --- The site changelog -------------------------------------------------------------------


def test_changelog_lists_every_change_newest_first(story: Story, built: Built) -> None:
    entries = changelog_entries(page_html(built.site, "changelog/"))

    assert as_rows(entries, story) == as_rows(expected_entries(story), story)


def test_changelog_is_grouped_by_month(story: Story, built: Built) -> None:
    page = page_html(built.site, "changelog/")
    assert month_headings(page) == [
        "2026-07",
        "2026-06",
        "2026-05",
        "2026-04",
        "2026-03",
        "2026-02",
        "2026-01",
    ]
    march = [
        item.find("time", cls="opsbook-changelog__date").text
        for element in page.find("article").section("2026-03")
        for item in element.find_all("li", cls="opsbook-changelog__commit")
    ]
    assert march == ["2026-03-10", "2026-03-09", "2026-03-02"]


def test_changelog_names_a_removed_document_by_its_last_title_unlinked(built: Built) -> None:
    entries = changelog_entries(page_html(built.site, "changelog/"))
    removed = [e for e in entries if e.action == "removed"]

    assert [(e.title, e.link, e.kind) for e in removed] == [("Legacy pager setup", None, "Runbook")]
    html = built.page("changelog/")
    assert '<span class="opsbook-changelog__gone">Legacy pager setup</span>' in html


def test_every_entry_of_a_removed_document_uses_its_last_title(built: Built) -> None:
    entries = changelog_entries(page_html(built.site, "changelog/"))
    pager = [e for e in entries if "pager runbook" in e.subject]

    assert [(e.action, e.title) for e in pager] == [
        ("removed", "Legacy pager setup"),
        ("updated", "Legacy pager setup"),
        ("added", "Legacy pager setup"),
    ]


def test_plain_page_entries_use_the_current_title(built: Built) -> None:
    entries = changelog_entries(page_html(built.site, "changelog/"))
    guide = [e for e in entries if e.kind == "Page" and "Home" not in e.title]

    assert [e.title for e in guide] == ["Style guide"] * 4


def test_plain_page_entries_before_a_rename_link_to_the_page(story: Story, built: Built) -> None:
    entries = changelog_entries(page_html(built.site, "changelog/"))
    guide = [e for e in entries if e.kind == "Page" and "Home" not in e.title]

    assert [e.link for e in guide] == ["../handbook/style/"] * 4


def test_changelog_per_kind_pages(story: Story, built: Built) -> None:
    runbooks = changelog_entries(page_html(built.site, "changelog/runbooks/"))
    expected = [e for e in expected_entries(story, "../../") if e.kind == "Runbook"]
    assert len(runbooks) == 9
    assert as_rows(runbooks, story) == as_rows(expected, story)
    assert runbooks[0].link == "../../runbooks/restart-api/"

    processes = changelog_entries(page_html(built.site, "changelog/processes/"))
    assert [(e.title, e.action, e.date) for e in processes] == [
        ("Incident review", "updated", "2026-06-20"),
        ("Incident review", "updated", "2026-05-20"),
        ("Incident review", "added", "2026-02-03"),
    ]
    teams = changelog_entries(page_html(built.site, "changelog/teams/"))
    assert [(e.title, e.link) for e in teams] == [("Operations", "../../teams/ops/")]

    guides = page_html(built.site, "changelog/feature-guides/")
    assert changelog_entries(guides) == []
    assert "No changes recorded yet." in guides.find("article").text
    assert (
        page_html(built.site, "changelog/onboarding-paths/")
        .find("h1")
        .text.startswith("Changes to onboarding paths")
    )


def test_changelog_pages_link_to_the_feed_and_each_other(built: Built) -> None:
    index = page_html(built.site, "changelog/")
    assert index.find("a", cls="opsbook-feed").attrs["href"] == "feed.xml"
    kinds = index.find("p", cls="opsbook-changelog__kinds")
    assert [(a.text, a.attrs["href"]) for a in kinds.find_all("a")] == [
        ("Runbooks", "runbooks/"),
        ("Processes", "processes/"),
        ("Feature guides", "feature-guides/"),
        ("Onboarding paths", "onboarding-paths/"),
        ("Teams", "teams/"),
        ("Tools", "tools/"),
        ("Experiments", "experiments/"),
    ]
    runbooks = page_html(built.site, "changelog/runbooks/")
    assert runbooks.find("a", cls="opsbook-feed").attrs["href"] == "../feed.xml"


def test_changelog_exclude_drops_matching_commits(story: Story, tmp_path: Path) -> None:
    config = variant_config(story, tmp_path / "cfg", options='changelog_exclude: ["^chore"]')
    result = build_site(config, tmp_path / "site")

    entries = changelog_entries(page_html(result.site, "changelog/"))
    assert len(entries) == len(EXPECTED_CHANGELOG) - 2
    assert not [e for e in entries if "chore" in e.subject]
    assert as_rows(entries, story) == as_rows(
        [e for e in expected_entries(story) if "chore" not in e.subject], story
    )
    feed = ET.parse(result.site / "changelog" / "feed.xml").getroot()
    assert "chore: fix typos" not in [t.text for t in feed.iter(f"{ATOM}title")]
    # Page history still shows every commit.
    assert history_rows(page_html(result.site, ""))[0].change == "chore: fix typos"


def test_changelog_exclude_matches_author_names(story: Story, tmp_path: Path) -> None:
    config = variant_config(story, tmp_path / "cfg", options='changelog_exclude: ["^Bob "]')
    result = build_site(config, tmp_path / "site")

    entries = changelog_entries(page_html(result.site, "changelog/"))
    assert entries
    assert not [e for e in entries if "Bob Trần" in e.subject]


def test_changelog_limit_caps_entries_and_feed(story: Story, tmp_path: Path) -> None:
    config = variant_config(story, tmp_path / "cfg", options="changelog_limit: 3")
    result = build_site(config, tmp_path / "site")

    entries = changelog_entries(page_html(result.site, "changelog/"))
    assert [e.subject.split(" · ")[0] for e in entries] == [
        "Move the style guide",
        "Résumé of the process",
        LATIN1_SUBJECT,
    ]
    feed = ET.parse(result.site / "changelog" / "feed.xml").getroot()
    assert len(feed.findall(f"{ATOM}entry")) == 3
    # Page history is not limited.
    assert len(history_rows(page_html(result.site, "runbooks/restart-api/"))) == 4


# --- The feed -----------------------------------------------------------------------------


def test_changelog_has_one_item_per_commit(story: Story, built: Built) -> None:
    """A commit that changed three pages is one item: its subject, author and date once,
    then the three pages by title."""
    commits = changelog_commits(page_html(built.site, "changelog/"))
    subjects = [c.find("span", cls="opsbook-changelog__subject").text for c in commits]
    assert len(subjects) == len(set(subjects)) == len({e[0] for e in EXPECTED_CHANGELOG})
    start = commits[subjects.index("Add operations team, home and guide")]
    assert start.find("span", cls="opsbook-changelog__author").text == ALICE[0]
    assert start.find("time").attrs["datetime"].startswith(story.date["start"])
    documents = start.find_all("li", cls="opsbook-changelog__document")
    assert [d.find("a").text for d in documents] == ["Style guide", "Home", "Operations"]
    assert [d.find("span", cls="opsbook-chip").text for d in documents] == ["added"] * 3
    assert start.text.count("Add operations team, home and guide") == 1


def test_feed_is_well_formed_atom_with_one_entry_per_commit(story: Story, built: Built) -> None:
    feed = ET.parse(built.site / "changelog" / "feed.xml").getroot()

    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "https://kb.example.com/changelog/feed.xml"
    assert feed.findtext(f"{ATOM}title") == "T: Changelog"
    assert feed.findtext(f"{ATOM}updated") == "2026-07-01T09:00:00+00:00"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "self": "https://kb.example.com/changelog/feed.xml",
        "alternate": "https://kb.example.com/changelog/",
    }

    entries = feed.findall(f"{ATOM}entry")
    steps = list(dict.fromkeys(step for step, *_ in EXPECTED_CHANGELOG))
    assert len(entries) == len(steps)
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert ids == [f"urn:opsbook:commit:{story.sha[step]}" for step in steps]

    def described(entry: ET.Element) -> tuple[str | None, ...]:
        link = entry.find(f"{ATOM}link")
        return (
            entry.findtext(f"{ATOM}title"),
            entry.findtext(f"{ATOM}updated"),
            entry.findtext(f"{ATOM}author/{ATOM}name"),
            entry.findtext(f"{ATOM}summary"),
            None if link is None else link.get("href"),
        )

    by_title = {entry.findtext(f"{ATOM}title"): described(entry) for entry in entries}
    assert by_title[SCRIPT_SUBJECT] == (
        SCRIPT_SUBJECT,
        "2026-06-02T09:00:00+00:00",
        EVE[0],
        "Restart the API (Runbook, updated)",
        "https://kb.example.com/runbooks/restart-api/",
    )
    assert by_title["Thêm runbook khôi phục"] == (
        "Thêm runbook khôi phục",
        "2026-05-06T09:00:00+00:00",
        "Bob Trần",
        f"{VIETNAMESE_TITLE} (Runbook, added)",
        "https://kb.example.com/runbooks/kh%C3%B4i-ph%E1%BB%A5c/",
    )
    # A removed document has no page: the entry links to the changelog.
    assert by_title["Remove legacy pager runbook"][3:] == (
        "Legacy pager setup (Runbook, removed)",
        "https://kb.example.com/changelog/",
    )
    # A commit that changed several pages lists them all, and links to the changelog.
    start = next(
        e for e in entries if e.findtext(f"{ATOM}title") == "Add operations team, home and guide"
    )
    assert (
        start.findtext(f"{ATOM}summary")
        == "Style guide (added)\nHome (added)\nOperations (Team, added)"
    )
    link = start.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == "https://kb.example.com/changelog/"
    content = start.find(f"{ATOM}content")
    assert content is not None
    assert content.get("type") == "html"
    html = content.text or ""
    assert '<a href="https://kb.example.com/teams/ops/">Operations</a> (Team, added)' in html
    assert '<a href="https://kb.example.com/">Home</a>' in html
    hrefs = [described(entry)[4] for entry in entries]
    assert all(h is not None and h.startswith("https://kb.example.com/") for h in hrefs)


def test_feed_links_are_relative_without_site_url(tmp_path: Path) -> None:
    config = write_site(
        tmp_path / "kb", {"index.md": "# Home\n", "teams/ops.yaml": team("ops", "Operations")}
    )
    result = build_site(config, tmp_path / "site")

    feed = ET.parse(result.site / "changelog" / "feed.xml").getroot()
    assert feed.findtext(f"{ATOM}id") == "urn:opsbook:feed:T"
    hrefs = sorted(str(link.get("href")) for link in feed.iter(f"{ATOM}link"))
    assert hrefs == ["./", "./", "feed.xml"]  # the one commit changed two pages
    content = feed.findtext(f"{ATOM}entry/{ATOM}content") or ""
    assert '<a href="../teams/ops/">Operations</a>' in content
    assert '<a href="../">Home</a>' in content


def test_feed_stays_well_formed_with_control_characters_in_subjects(tmp_path: Path) -> None:
    repo = ScriptedRepo(tmp_path / "kb")
    repo.write("mkdocs.yml", mkdocs_yml())
    repo.write("docs/index.md", "# Home\n")
    repo.commit("Colour \x1b[31mred\x1b[0m output")
    result = build_site(repo.root / "mkdocs.yml", tmp_path / "site")

    feed = ET.parse(result.site / "changelog" / "feed.xml").getroot()
    assert feed.findtext(f"{ATOM}entry/{ATOM}title") == "Colour [31mred[0m output"
    assert feed.findtext(f"{ATOM}entry/{ATOM}summary") == "Home (added)"


# --- Builds without full history ----------------------------------------------------------


@pytest.fixture(scope="module")
def shallow(story: Story, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """`git clone --depth 2` of the story (what CI checkouts give by default), built."""
    folder = tmp_path_factory.mktemp("shallow")
    clone = folder / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", story.root.as_uri(), str(clone)],
        check=True,
        capture_output=True,
        env=git_env(folder),
    )
    return build_site(clone / "mkdocs.yml", folder / "site")


def test_shallow_clone_builds_and_warns(story: Story, shallow: Built) -> None:
    assert [w for w in shallow.warnings if "fetch-depth: 0" in w] != []
    assert all("shallow" in w for w in shallow.warnings)
    page = page_html(shallow.site, "handbook/style/")
    assert last_updated(page) == ["Last updated on 2026-07-01 by Bob Trần"]
    assert history_rows(page)[0] == row(
        story, "guide-move", BOB, "Move the style guide renamed from guide.md"
    )
    # The changelog says why it is incomplete.
    notes = page_html(shallow.site, "changelog/").find_all("div", cls="admonition")
    assert [n for n in notes if "fetch-depth: 0" in n.text]


def test_shallow_clone_does_not_credit_the_boundary_commit(story: Story, shallow: Built) -> None:
    page = page_html(shallow.site, "teams/ops/")
    assert "Last updated on 2026-06-20" not in " ".join(last_updated(page))
    assert story.sha["latin1-declared"][:7] not in page.text


def test_folder_without_repository_builds_without_history(tmp_path: Path) -> None:
    config = write_site(
        tmp_path / "kb",
        {"index.md": "# Home\n", "teams/ops.yaml": team("ops", "Operations")},
        git=False,
    )
    result = build_site(config, tmp_path / "site")

    assert [w for w in result.warnings if "no git repository" in w] != []
    for url in ("", "teams/ops/"):
        assert history_section(page_html(result.site, url)) is None, url
        assert "Last updated" not in result.page(url)
    changelog = page_html(result.site, "changelog/")
    assert changelog_entries(changelog) == []
    assert "No changes recorded yet." in changelog.find("article").text


def test_missing_git_builds_with_a_warning(tmp_path: Path) -> None:
    config = write_site(tmp_path / "kb", {"index.md": "# Home\n"})
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GIT_") and key not in ("PATH", "PYTHONWARNINGS")
    }
    env.update(PATH=str(bin_dir), NO_MKDOCS_2_WARNING="1", HOME=str(tmp_path))
    site = tmp_path / "site"
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    warnings = [line for line in completed.stderr.splitlines() if line.startswith("WARNING")]
    assert [line for line in warnings if "git is not installed" in line] != [], completed.stderr
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "opsbook-history" not in html
    assert "Last updated" not in html


# --- Cost: one git log per build ----------------------------------------------------------


def test_one_git_log_for_thirty_pages_and_none_on_rebuild(tmp_path: Path) -> None:
    repo = ScriptedRepo(tmp_path / "kb")
    repo.write("mkdocs.yml", mkdocs_yml())
    repo.write("docs/index.md", "# Home\n")
    repo.write("docs/teams/ops.yaml", team("ops", "Operations"))
    for number in range(10):
        repo.write(f"docs/runbooks/rb-{number}.md", runbook(f"rb-{number}", f"Runbook {number}"))
    repo.commit("Add runbooks", date="2026-01-05T09:00:00+00:00")
    for number in range(18):
        repo.write(f"docs/notes/note-{number:02d}.md", f"# Note {number}\n")
    repo.commit("Add notes", date="2026-02-05T09:00:00+00:00", author=BOB)
    (repo.root / "docs/notes/note-00.md").unlink()
    repo.write("docs/runbooks/rb-1.md", runbook("rb-1", "Runbook one"))
    repo.commit("Edit and remove", date="2026-03-05T09:00:00+00:00")
    pages = list((repo.root / "docs").rglob("*.md")) + list((repo.root / "docs").rglob("*.yaml"))
    assert len(pages) >= 29

    clear_caches()
    before = GIT_CALLS.copy()
    first = build_site(repo.root / "mkdocs.yml", tmp_path / "site-1")
    after_first = GIT_CALLS.copy()
    second = build_site(repo.root / "mkdocs.yml", tmp_path / "site-2")
    after_second = GIT_CALLS.copy()

    assert after_first["log"] - before["log"] == 1
    assert after_first["status"] - before["status"] == 1
    assert after_first["cat-file"] - before["cat-file"] <= 1
    assert after_second["log"] - after_first["log"] == 0
    for built_site in (first, second):
        page = page_html(built_site.site, "notes/note-05/")
        assert last_updated(page) == ["Last updated on 2026-02-05 by Bob Trần"]
        page = page_html(built_site.site, "runbooks/rb-1/")
        assert [r.change for r in history_rows(page)] == ["Edit and remove", "Add runbooks"]

    # A new commit moves HEAD: one more git log, and the page shows it.
    repo.write("docs/notes/note-05.md", "# Note five\n")
    repo.commit("Retitle note five", date="2026-04-05T09:00:00+00:00")
    third = build_site(repo.root / "mkdocs.yml", tmp_path / "site-3")
    assert GIT_CALLS["log"] - after_second["log"] == 1
    page = page_html(third.site, "notes/note-05/")
    assert last_updated(page) == ["Last updated on 2026-04-05 by Alice Nguyễn"]


def test_a_file_name_that_is_not_utf8_does_not_break_the_build(tmp_path: Path) -> None:
    repo = ScriptedRepo(tmp_path / "repo")
    repo.write("mkdocs.yml", mkdocs_yml())
    repo.write("docs/index.md", "# Home\n")
    odd = os.fsencode(repo.root / "docs") + b"/caf\xe9.md"
    with open(odd, "wb") as stream:
        stream.write(b"# Old notes\n")
    repo.commit("Add notes with a Latin-1 file name")
    os.remove(odd)
    repo.commit("Remove the notes")
    site = build(repo.root / "mkdocs.yml")
    changelog = (site / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "Remove the notes" in changelog
    assert "Old notes" in changelog  # named by its last version's heading
    ET.parse(site / "changelog" / "feed.xml")
