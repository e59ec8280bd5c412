"""The changelog pages and the Atom feed: what changed in the knowledge base, newest first."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable, Collection, Sequence
from urllib.parse import quote, urljoin

from jinja2 import Environment

from opsbook.changelog import ChangelogEntry, by_commit
from opsbook.kinds import REGISTRY
from opsbook.rendering.feed import atom_feed
from opsbook.rendering.history_sections import render_changelog
from opsbook.rendering.labels import Labels
from opsbook.rendering.urls import Links, relative_url

__all__ = ["FEED_ENTRIES", "FEED_NAME", "changelog_files"]

FEED_NAME = "feed.xml"
FEED_ENTRIES = 50
"""The feed's commits, the newest."""


def changelog_files(
    entries: Sequence[ChangelogEntry],
    *,
    env: Environment,
    labels: Labels,
    links: Links,
    pages: Collection[str],
    directory: str,
    site_name: str,
    site_url: str | None,
    repo_url: str | None,
    limit: int | None = None,
    warnings: Sequence[str] = (),
) -> list[tuple[str, str]]:
    """`changelog/` (all changes), one page per kind and `changelog/feed.xml`, as
    (src_uri, content); each page shows at most `limit` entries, the newest. `pages` are
    the site's page src_uris, for entries about ordinary pages."""
    index = f"{directory}/index.md"
    selections: list[tuple[str, str, Sequence[ChangelogEntry]]] = [
        (index, labels.changelog, entries[:limit])
    ]
    for kind in REGISTRY:
        title = labels.changelog_by_kind.format(kinds=labels.kinds_plural[kind.name].lower())
        selected: Sequence[ChangelogEntry] = [e for e in entries if e.kind == kind.name][:limit]
        selections.append((f"{directory}/{kind.slug}.md", title, selected))
    feed_uri = f"{directory}/{FEED_NAME}"
    files: list[tuple[str, str]] = []
    for uri, title, selected in selections:
        tabs = [(labels.changelog_all, None if uri == index else links.between(uri, index))]
        tabs += [
            (labels.kinds_plural[kind.name], None if uri == other else links.between(uri, other))
            for kind, (other, _, _) in zip(REGISTRY, selections[1:], strict=True)
        ]
        markdown = render_changelog(
            env,
            labels,
            selected,
            title=title,
            link=_linker(links, pages, links.url(uri)),
            repo_url=repo_url,
            feed=links.between(uri, feed_uri),
            kind_pages=tabs,
            warnings=warnings if uri == index else (),
        )
        files.append((uri, markdown))

    # Links in the feed resolve against the feed's own URL: absolute when the
    # site's address is known, relative to changelog/feed.xml otherwise.
    feed_dir = posixpath.dirname(feed_uri) + "/"
    base = urljoin(site_url, feed_dir) if site_url else ""
    relative = _linker(links, pages, feed_dir)

    def absolute(entry: ChangelogEntry) -> str | None:
        found = relative(entry)
        return urljoin(base, found) if found is not None and base else found

    feed_id = urljoin(base, FEED_NAME) if base else f"urn:opsbook:feed:{quote(site_name)}"
    feed = atom_feed(
        by_commit(entries[:limit])[:FEED_ENTRIES],
        site_name=site_name,
        feed_id=feed_id,
        self_url=urljoin(base, FEED_NAME) if base else FEED_NAME,
        changelog_url=urljoin(base, "./") if base else "./",
        labels=labels,
        link=absolute,
        now=dt.datetime.now(dt.UTC),
    )
    files.append((feed_uri, feed))
    return files


def _linker(
    links: Links, pages: Collection[str], here: str
) -> Callable[[ChangelogEntry], str | None]:
    """Where an entry's page is now, relative to the URL `here`; None once it is gone."""

    def link(entry: ChangelogEntry) -> str | None:
        target: str | None = None
        if entry.document_id is not None:
            target = links.page_of.get(entry.document_id)
        elif entry.action != "deleted":
            path = entry.current_path or entry.path
            target = path if path in pages else None
        return relative_url(links.url(target), here) if target is not None else None

    return link
