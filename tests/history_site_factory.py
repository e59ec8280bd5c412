"""A knowledge base whose git history tells a known story, for the site history tests.

`build_story` makes a repository (mkdocs.yml at its root, documents under docs/) with one
commit per step of `STEPS`: additions, edits, a `git mv` rename, a branch merged with a
merge commit, a removed document, a Vietnamese file name, a `chore:` commit, a subject with
markup, raw Latin-1 commit messages and a renamed plain page. Every commit has a fixed
author and date, so tests assert exact dates, authors and full commit hashes.

`history_rows`, `last_updated` and `changelog_entries` read what the plugin wrote into a
built page, through the element tree of `tests.site_factory.parse_html`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from history_repo import ALICE, BOB, ScriptedRepo
from site_factory import Element, mkdocs_yml, parse_html

__all__ = [
    "CHRIS",
    "EVE",
    "GITHUB",
    "HistoryRow",
    "LogEntry",
    "Story",
    "build_story",
    "changelog_entries",
    "history_rows",
    "history_section",
    "last_updated",
    "month_headings",
    "page_html",
    "runbook",
    "story_config",
    "team",
]

GITHUB = "https://github.com/acme/kb"
EVE = ('Eve [x](https://evil.example) *Mal* "Q" & Co', "eve@example.com")
"""An author whose name needs escaping (git itself removes `<` and `>` from names)."""
CHRIS = ("Chris Lee", "chris@example.com")
"""ASCII, so a commit that declares ISO-8859-1 has the same name in either encoding."""


def team(team_id: str, title: str) -> str:
    return (
        f"kind: team\nid: {team_id}\ntitle: {title}\nsummary: Keeps things running.\n"
        "members:\n  - {name: Lan Nguyen, role: lead}\n"
    )


def runbook(doc_id: str, title: str, body: str = "Background.") -> str:
    return (
        "---\n"
        "kind: runbook\n"
        f"id: {doc_id}\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        "summary: What to do when it breaks.\n"
        "owner: ops\n"
        "service: api\n"
        "review: {last_reviewed: 2026-10-01, every_days: 90}\n"
        "symptoms: [The service is down]\n"
        "steps:\n"
        "  - title: Look at the dashboards\n"
        "---\n"
        f"{body}\n"
    )


def process(title: str, purpose: str = "Learn from incidents.") -> str:
    return (
        "kind: process\n"
        "id: incident-review\n"
        f"title: {title}\n"
        "summary: How we learn from every incident.\n"
        "owner: ops\n"
        "review: {last_reviewed: 2026-09-15, every_days: 180}\n"
        f"purpose: {purpose}\n"
        "trigger: An incident is resolved.\n"
        "roles: {lead: Incident lead}\n"
        "steps:\n"
        "  - {id: collect, title: Collect the timeline, role: lead}\n"
    )


VIETNAMESE_PATH = "runbooks/khôi-phục.md"
VIETNAMESE_TITLE = "Khôi phục dịch vụ thanh toán"


@dataclass
class Story:
    """The repository, its mkdocs.yml, and each step's commit hash and date by name."""

    repo: ScriptedRepo
    sha: dict[str, str] = field(default_factory=dict)
    date: dict[str, str] = field(default_factory=dict)
    """Each step's day, as pages show it (YYYY-MM-DD)."""

    @property
    def root(self) -> Path:
        return self.repo.root

    @property
    def docs(self) -> Path:
        return self.repo.root / "docs"

    @property
    def config(self) -> Path:
        return self.repo.root / "mkdocs.yml"

    def commit(self, name: str, message: str, when: str, author: tuple[str, str] = ALICE) -> None:
        self.sha[name] = self.repo.commit(message, author=author, date=when)
        self.date[name] = when[:10]

    def commit_raw(
        self,
        name: str,
        message: bytes,
        when: str,
        *,
        encoding: str | None = None,
        author: tuple[str, str] = ALICE,
    ) -> None:
        """A commit whose message bytes reach git untouched (raw Latin-1)."""
        moment = dt.datetime.fromisoformat(when)
        self.repo.clock = int(moment.timestamp()) - 3600  # commit_raw adds one hour
        self.sha[name] = self.repo.commit_raw(message, encoding=encoding, author=author)
        self.date[name] = when[:10]


def story_config(*, repo_url: str = GITHUB, extra: str = "", options: str = "") -> str:
    """mkdocs.yml for the story: Material without fonts, `today` fixed, GitHub repo_url."""
    top = f"repo_url: {repo_url}\nsite_url: https://kb.example.com/\n{extra}"
    return mkdocs_yml(extra=top, opsbook_options=options)


def build_story(root: Path) -> Story:
    """The repository every changelog and page-history test reads (see the module doc)."""
    repo = ScriptedRepo(root)
    story = Story(repo)
    repo.write(".gitignore", "site/\n")
    repo.write("mkdocs.yml", story_config())
    repo.write("docs/index.md", "# Home\n\nWelcome.\n")
    repo.write("docs/teams/ops.yaml", team("ops", "Operations"))
    repo.write("docs/guide.md", "# Writing guide\n\nHow we write.\n")
    story.commit("start", "Add operations team, home and guide", "2026-01-05T09:00:00+00:00")

    repo.write("docs/runbooks/restart.md", runbook("restart-api", "Restart the API servers"))
    story.commit("runbook", "Add restart runbook", "2026-01-12T09:00:00+00:00", BOB)

    repo.write("docs/processes/incident-review.yaml", process("Incident review"))
    story.commit("process", "Add incident review process", "2026-02-03T09:00:00+00:00")

    repo.write("docs/runbooks/restart.md", runbook("restart-api", "Restart the API", "Steps."))
    story.commit("edit", "Clarify restart steps", "2026-02-14T09:00:00+00:00", BOB)

    repo.git("mv", "docs/runbooks/restart.md", "docs/runbooks/restart-api.md")
    story.commit("rename", "Rename restart runbook", "2026-03-02T09:00:00+00:00")

    repo.git("checkout", "-q", "-b", "feature")
    repo.write("docs/runbooks/flush-cache.md", runbook("flush-cache", "Flush the cache"))
    story.commit("branch", "Add cache flush runbook", "2026-03-09T09:00:00+00:00", BOB)
    repo.git("checkout", "-q", "main")
    repo.write("docs/guide.md", "# Style guide\n\nHow we write, and how we do not.\n")
    story.commit("main-edit", "Expand the guide", "2026-03-10T09:00:00+00:00")
    when = "2026-03-11T09:00:00+00:00"
    identity = {
        "GIT_AUTHOR_NAME": ALICE[0],
        "GIT_AUTHOR_EMAIL": ALICE[1],
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_NAME": ALICE[0],
        "GIT_COMMITTER_EMAIL": ALICE[1],
        "GIT_COMMITTER_DATE": when,
    }
    repo.git("merge", "-q", "--no-ff", "-m", "Merge branch 'feature'", "feature", env=identity)
    story.sha["merge"] = repo.git("rev-parse", "HEAD")

    repo.write("docs/runbooks/pager.md", runbook("pager", "Pager setup"))
    story.commit("pager-add", "Add pager runbook", "2026-04-01T09:00:00+00:00", BOB)
    repo.write("docs/runbooks/pager.md", runbook("pager", "Legacy pager setup"))
    story.commit("pager-edit", "Retitle pager runbook", "2026-04-08T09:00:00+00:00")
    (repo.root / "docs/runbooks/pager.md").unlink()
    story.commit("pager-remove", "Remove legacy pager runbook", "2026-04-15T09:00:00+00:00", BOB)

    repo.write(f"docs/{VIETNAMESE_PATH}", runbook("khoi-phuc", VIETNAMESE_TITLE))
    story.commit("vietnamese", "Thêm runbook khôi phục", "2026-05-06T09:00:00+00:00", BOB)

    repo.write("docs/index.md", "# Home\n\nWelcome to the knowledge base.\n")
    repo.write("docs/processes/incident-review.yaml", process("Incident review", "Learn."))
    story.commit("chore", "chore: fix typos", "2026-05-20T09:00:00+00:00")

    repo.write("docs/runbooks/restart-api.md", runbook("restart-api", "Restart the API", "More."))
    subject = "Fix <script>alert(1)</script> in *restart* steps"
    story.commit("script", subject, "2026-06-02T09:00:00+00:00", EVE)

    repo.write("docs/guide.md", "# Style guide\n\nHow we write.\n")
    story.commit_raw("latin1", b"Caf\xe9 menu fix\n", "2026-06-15T12:00:00+00:00")

    repo.write("docs/processes/incident-review.yaml", process("Incident review", "Learn more."))
    story.commit_raw(
        "latin1-declared",
        b"R\xe9sum\xe9 of the process\n",
        "2026-06-20T12:00:00+00:00",
        encoding="ISO-8859-1",
        author=CHRIS,
    )

    (repo.root / "docs/handbook").mkdir()
    repo.git("mv", "docs/guide.md", "docs/handbook/style.md")
    story.commit("guide-move", "Move the style guide", "2026-07-01T09:00:00+00:00", BOB)
    return story


# --- Reading built pages --------------------------------------------------------------


def page_html(site: Path, url: str) -> Element:
    url = url.strip("/")
    path = site / url / "index.html" if url else site / "index.html"
    return parse_html(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class HistoryRow:
    date: str
    author: str
    change: str
    short_sha: str
    link: str | None


def history_section(page: Element) -> Element | None:
    found = page.find_all("div", cls="opsbook-history")
    assert len(found) <= 1, "more than one history section"
    return found[0] if found else None


def last_updated(page: Element) -> list[str]:
    """The texts of the "last updated" / "uncommitted" lines, in order."""
    section = history_section(page)
    if section is None:
        return []
    return [p.text for p in section.find_all("p", cls="opsbook-last-updated")]


def history_rows(page: Element) -> list[HistoryRow]:
    section = history_section(page)
    assert section is not None, "no history section"
    rows = []
    for item in section.find("ol", cls="opsbook-history__changes").find_all("li"):
        commit = item.find(cls="opsbook-history__commit")
        rows.append(
            HistoryRow(
                date=item.find("span", cls="opsbook-history__date").text,
                author=item.find("span", cls="opsbook-history__author").text,
                change=item.find("span", cls="opsbook-history__subject").text,
                short_sha=commit.text,
                link=commit.attrs.get("href") if commit.tag == "a" else None,
            )
        )
    return rows


@dataclass(frozen=True)
class LogEntry:
    """One entry of a changelog page."""

    date: str
    title: str
    link: str | None
    kind: str
    action: str
    subject: str
    commit_link: str | None


def changelog_entries(page: Element) -> list[LogEntry]:
    entries = []
    for item in page.find_all("li", cls="opsbook-changelog__entry"):
        title_links = [a for a in item.children if isinstance(a, Element) and a.tag == "a"]
        gone = item.find_all("span", cls="opsbook-changelog__gone")
        subject = item.find("span", cls="opsbook-changelog__subject")
        commit_links = subject.find_all("a")
        entries.append(
            LogEntry(
                date=item.find("span", cls="opsbook-changelog__date").text,
                title=title_links[0].text if title_links else gone[0].text,
                link=title_links[0].attrs["href"] if title_links else None,
                kind=item.find("span", cls="opsbook-kind").text,
                action=item.find("span", cls="opsbook-chip").text,
                subject=subject.text,
                commit_link=commit_links[0].attrs["href"] if commit_links else None,
            )
        )
    return entries


def month_headings(page: Element) -> list[str]:
    article = page.find("article")
    return [h.text.removesuffix("¶").strip() for h in article.find_all("h2")]
