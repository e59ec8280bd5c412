"""The front matter opsbook gives each document page.

Titles and summaries are plain text, and MkDocs themes print `page.meta.title`
and `page.meta.description` without escaping (in `<title>`, the navigation,
the meta description and the search index), so they are stored escaped.
"""

from __future__ import annotations

from typing import Any

import yaml
from markupsafe import escape

from opsbook.knowledge_base import Entry

__all__ = ["front_matter"]


def front_matter(entry: Entry, *, tags_plugin: bool) -> str:
    doc = entry.model
    meta: dict[str, Any] = {
        "title": str(escape(doc.title)),
        "description": str(escape(" ".join(doc.summary.split()))),
        "opsbook": {"id": doc.id, "kind": doc.kind},
    }
    if tags_plugin and doc.tags:
        meta["tags"] = [str(escape(tag)) for tag in doc.tags]
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{text}---\n\n"
