"""The changelog pages and the feed, placed in the site."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable, Sequence
from urllib.parse import quote, urljoin

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from opsbook.changelog import ChangelogEntry
from opsbook.plugins.rendering.catalog import kind_slug
from opsbook.plugins.rendering.feed import atom_feed
from opsbook.plugins.rendering.history_sections import render_changelog
from opsbook.plugins.rendering.labels import Labels
from opsbook.plugins.site_pages import SitePages
from opsbook.schemas import KINDS

__all__ = ["FEED_NAME", "add_changelog"]

FEED_NAME = "feed.xml"
FEED_ENTRIES = 50


def add_changelog(
    site: SitePages,
    files: Files,
    config: MkDocsConfig,
    entries: Sequence[ChangelogEntry],
    *,
    env: Environment,
    labels: Labels,
    directory: str,
    limit: int | None = None,
    warnings: Sequence[str] = (),
) -> None:
    """`changelog/` (all changes), one page per kind, and `changelog/feed.xml`; each page
    shows at most `limit` entries, the newest."""
    use_urls = config.use_directory_urls
    pages: list[tuple[str, str, Sequence[ChangelogEntry]]] = [
        (f"{directory}/index.md", labels.changelog, entries[:limit])
    ]
    for kind in KINDS:
        title = labels.changelog_by_kind.format(kinds=labels.kinds_plural[kind].lower())
        pages.append(
            (
                f"{directory}/{kind_slug(kind)}.md",
                title,
                [entry for entry in entries if entry.kind == kind][:limit],
            )
        )
    urls = {uri: File(uri, "", "", use_urls).url for uri, _, _ in pages}
    feed_uri = f"{directory}/{FEED_NAME}"
    for uri, title, selected in pages:
        here = urls[uri]
        tabs = [
            (
                labels.changelog_all,
                None if uri == pages[0][0] else get_relative_url(urls[pages[0][0]], here),
            )
        ]
        tabs += [
            (
                labels.kinds_plural[kind],
                None if uri == other else get_relative_url(urls[other], here),
            )
            for kind, (other, _, _) in zip(KINDS, pages[1:], strict=True)
        ]
        markdown = render_changelog(
            env,
            labels,
            selected,
            title=title,
            link=_linker(site, files, here),
            repo_url=config.repo_url,
            feed=get_relative_url(feed_uri, here),
            kind_pages=tabs,
            warnings=warnings if uri == pages[0][0] else (),
        )
        site.add_generated(files, config, uri, markdown)

    # Links in the feed resolve against the feed's own URL: absolute when the
    # site's address is known, relative to changelog/feed.xml otherwise.
    site_url = config.site_url or ""
    feed_dir = posixpath.dirname(feed_uri) + "/"
    base = urljoin(site_url, feed_dir) if site_url else ""
    relative = _linker(site, files, feed_dir)

    def absolute(entry: ChangelogEntry) -> str | None:
        found = relative(entry)
        return urljoin(base, found) if found is not None and base else found

    feed_id = urljoin(base, FEED_NAME) if base else f"urn:opsbook:feed:{quote(config.site_name)}"
    feed = atom_feed(
        entries[: min(FEED_ENTRIES, limit or FEED_ENTRIES)],
        site_name=config.site_name,
        feed_id=feed_id,
        self_url=urljoin(base, FEED_NAME) if base else FEED_NAME,
        changelog_url=urljoin(base, "./") if base else "./",
        labels=labels,
        link=absolute,
        now=dt.datetime.now(dt.UTC),
    )
    files.append(File.generated(config, feed_uri, content=feed))


def _linker(site: SitePages, files: Files, here: str) -> Callable[[ChangelogEntry], str | None]:
    """Where an entry's page is now, relative to `here`; None once it is gone."""

    def link(entry: ChangelogEntry) -> str | None:
        if entry.document_id is not None:
            target = site.page_of.get(entry.document_id)
        elif entry.action != "deleted":
            target = files.get_file_from_path(entry.current_path or entry.path)
        else:
            target = None
        if target is None or not target.is_documentation_page():
            return None
        return get_relative_url(target.url, here)

    return link
