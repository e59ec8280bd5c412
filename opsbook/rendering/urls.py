"""Where pages land and how they link to each other, the way MkDocs decides it.

The renderer writes links between pages itself (catalog rows, backlinks,
changelog entries), so it needs the URL a builder gives each page without
asking a builder: `x.md` is `x/` with directory URLs and `x.html` without,
`x/index.md` and `x/README.md` are `x/`. Zensical follows the same rules.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from urllib.parse import quote

from opsbook.knowledge_base import page_url as address

__all__ = ["Linker", "Links", "page_src_uri", "page_url", "relative_url"]

Linker = Callable[[str], str | None]
"""The URL of a document's page relative to the page being rendered, by id."""


def page_src_uri(rel_path: str) -> str:
    """The page a document is shown on: `processes/review.yaml` -> `processes/review.md`."""
    stem, suffix = posixpath.splitext(rel_path)
    return rel_path if suffix.lower() in (".md", ".markdown") else f"{stem}.md"


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL of the page written from `src_uri`, relative to the site's root, quoted."""
    return quote(address(src_uri, use_directory_urls=directory_urls))


def _parts(path: str) -> list[str]:
    normal = posixpath.normpath("/" + path)[1:]
    return normal.split("/") if normal else []


def relative_url(url: str, other: str) -> str:
    """`url` as a link from the page at `other` (both relative to the site's root)."""
    directory, _, name = other.rpartition("/")
    if "." in name:
        other = directory
    here, there = _parts(other), _parts(url)
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


class Links:
    """Links between the pages of one site."""

    def __init__(self, page_of: Mapping[str, str], directory_urls: bool = True) -> None:
        self.page_of = page_of
        """The page src_uri of each document, by id."""
        self.directory_urls = directory_urls
        self._urls: dict[str, str] = {}

    def url(self, src_uri: str) -> str:
        """The page's URL relative to the site's root (worked out once: catalogs, backlinks
        and team pages ask for the same pages thousands of times)."""
        url = self._urls.get(src_uri)
        if url is None:
            url = self._urls[src_uri] = page_url(src_uri, self.directory_urls)
        return url

    def between(self, from_uri: str, to_uri: str) -> str:
        """A link from the page `from_uri` to the page (or file) `to_uri`."""
        target = self.url(to_uri) if to_uri.endswith((".md", ".markdown")) else quote(to_uri)
        return relative_url(target, self.url(from_uri))

    def linker(self, from_uri: str) -> Linker:
        """Links to documents' pages, by id, from the page `from_uri`."""
        here = self.url(from_uri)

        def link(document_id: str) -> str | None:
            target = self.page_of.get(document_id)
            return relative_url(self.url(target), here) if target is not None else None

        return link
