"""The front matter of document pages, and the metadata object the plugin gives them.

Titles, summaries and tags are plain text. MkDocs themes (Material, and
Zensical's port of it) print `page.meta.title`, `description` and tag names
without escaping, in `<title>`, the navigation, the meta description and the
search index, so they are written escaped.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import escape

from opsbook.knowledge_base import Entry

__all__ = ["PageMeta", "document_meta", "escaped_text"]


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


def escaped_text(value: str) -> str:
    """On one line, escaped, without control characters (a YAML escape such as "\\x07"
    can write them; HTML has no place for them)."""
    return str(escape(" ".join(_CONTROL.sub("", value).split())))


def document_meta(entry: Entry) -> dict[str, Any]:
    doc = entry.model
    meta: dict[str, Any] = {
        "title": escaped_text(doc.title),
        "description": escaped_text(doc.summary),
    }
    if doc.tags:
        meta["tags"] = [escaped_text(tag) for tag in doc.tags]
    meta["opsbook"] = {"id": doc.id, "kind": doc.kind, "source": entry.rel_path}
    return meta
