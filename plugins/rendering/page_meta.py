"""The metadata opsbook gives each document page.

Titles and summaries are plain text, and MkDocs themes print `page.meta.title`
and `page.meta.description` without escaping (in `<title>`, the navigation,
the meta description and the search index), so they are stored escaped.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import escape

from opsbook.knowledge_base import Entry

__all__ = ["PageMeta", "page_meta"]


class PageMeta(dict[str, Any]):
    """Page metadata that answers the theme's questions without raising.

    Material asks every navigation entry that has metadata for `meta.icon`,
    `meta.subtitle` and `meta.status`; on a plain dict each missing one costs
    Jinja two failed lookups, on every page, for every entry of the navigation.
    """

    # Never among the keys opsbook sets: plain class attributes are the cheapest answer.
    icon = subtitle = status = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value: str) -> str:
    """Escaped, without control characters (a YAML escape such as "\\x02" can write them;
    HTML has no place for them)."""
    return str(escape(_CONTROL.sub("", value)))


def page_meta(entry: Entry, *, tags_plugin: bool) -> PageMeta:
    doc = entry.model
    meta = PageMeta(
        title=_text(doc.title),
        description=_text(" ".join(doc.summary.split())),
        opsbook={"id": doc.id, "kind": doc.kind},
    )
    if tags_plugin and doc.tags:
        meta["tags"] = [_text(tag) for tag in doc.tags]
    return meta
