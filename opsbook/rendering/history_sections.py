"""Git history on pages: "last updated", the History section, the changelog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from jinja2 import Environment

from opsbook.changelog import ChangelogEntry, by_commit, months
from opsbook.history import Change
from opsbook.rendering.code_host import commit_url
from opsbook.rendering.labels import Labels
from opsbook.rendering.page import assemble_page

__all__ = ["render_changelog", "render_page_history"]


def render_page_history(
    env: Environment,
    labels: Labels,
    changes: Sequence[Change],
    *,
    uncommitted: bool,
    repo_url: str | None,
    boundary: frozenset[str] = frozenset(),
) -> str:
    """The History section of a page, as Markdown to append to it.

    `boundary`: commits of a shallow clone whose parents are missing. Git shows every
    file as added there, which says nothing about when the page really changed."""
    kept = [c for c in changes if not (c.kind == "added" and c.commit.sha in boundary)]
    rows = [{"change": change, "url": commit_url(repo_url, change.commit.sha)} for change in kept]
    rendered = env.get_template("opsbook/history.html").render(
        t=labels,
        rows=rows,
        last=kept[0] if kept else None,
        uncommitted=uncommitted,
        incomplete=len(kept) < len(changes),
    )
    return assemble_page(rendered)


def render_changelog(
    env: Environment,
    labels: Labels,
    entries: Sequence[ChangelogEntry],
    *,
    title: str,
    link: Callable[[ChangelogEntry], str | None],
    repo_url: str | None,
    feed: str,
    kind_pages: Sequence[tuple[str, str | None]],
    warnings: Sequence[str] = (),
) -> str:
    """One changelog page, one item per commit: `link` gives each entry's page URL relative
    to this page."""
    groups: list[tuple[str, list[dict[str, Any]]]] = [
        (
            month,
            [
                {
                    "commit": commit.commit,
                    "commit_url": commit_url(repo_url, commit.commit.sha),
                    "rows": [{"entry": entry, "url": link(entry)} for entry in commit.entries],
                }
                for commit in commits
            ],
        )
        for month, commits in months(by_commit(entries))
    ]
    rendered = env.get_template("opsbook/changelog.html").render(
        t=labels, title=title, groups=groups, feed=feed, kind_pages=kind_pages, warnings=warnings
    )
    return assemble_page(rendered, meta={"title": title, "search": {"exclude": True}})
