"""Template output to complete page Markdown, the form every builder reads.

A page template writes HTML: escaped plain text in structure. The little
Markdown a page has (section headings, Markdown fields, commands as fenced
code) is marked by the filters that write it (`markdown_segment`). Here the
two are set apart for good: each stretch of HTML becomes an HTML block that
the opsbook Markdown extension hands to the builder untouched, each Markdown
segment stays Markdown, and front matter goes on top.

    ---
    title: "Payment webhooks are failing"
    ---
    <!-- opsbook:document -->        (document pages: sanitized as a whole)
    <!-- opsbook:html
    <div class="opsbook-overview">...</div>
    /opsbook:html -->
    ## Steps
    ...
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from opsbook.markdown_extension import DOCUMENT_MARK, HTML_CLOSE, HTML_OPEN

__all__ = ["assemble_page", "front_matter", "html_block", "markdown_segment"]

_MARKDOWN_OPEN = "<!-- opsbook:markdown -->"
_MARKDOWN_CLOSE = "<!-- /opsbook:markdown -->"
_SEGMENTS = re.compile(
    f"^{re.escape(_MARKDOWN_OPEN)}\n(.*?)\n{re.escape(_MARKDOWN_CLOSE)}$", re.M | re.S
)
# A marker written inside document text loses its exact form (one more space), so that
# it neither ends its own segment nor opens a block.
_MARKER_LIKE = re.compile(r"<!--(?=\s*/?opsbook:)")


def markdown_segment(text: str) -> Markup:
    """`text` as Markdown on the page, on lines of its own between the HTML around it."""
    body = _MARKER_LIKE.sub("<!-- ", text).strip("\n")
    return Markup(f"\n{_MARKDOWN_OPEN}\n{body}\n{_MARKDOWN_CLOSE}\n")  # noqa: S704


def html_block(html: str) -> str:
    """HTML the opsbook Markdown extension passes through as it is."""
    return f"{HTML_OPEN}\n{html.strip()}\n{HTML_CLOSE}"


def front_matter(values: Mapping[str, Any]) -> str:
    """YAML front matter; every value written as JSON, which YAML reads as written."""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def assemble_page(
    rendered: str, *, meta: Mapping[str, Any] | None = None, document: bool = False
) -> str:
    """The page Markdown for a template's output: HTML stretches as HTML blocks, marked
    segments as Markdown; `document` pages carry the mark that has them sanitized."""
    parts: list[str] = [DOCUMENT_MARK] if document else []
    position = 0
    for segment in _SEGMENTS.finditer(rendered):
        html = rendered[position : segment.start()]
        if html.strip():
            parts.append(html_block(html))
        if segment.group(1).strip():
            parts.append(segment.group(1))
        position = segment.end()
    rest = rendered[position:]
    if rest.strip():
        parts.append(html_block(rest))
    head = front_matter(meta) + "\n" if meta else ""
    return head + "\n\n".join(parts) + "\n"
