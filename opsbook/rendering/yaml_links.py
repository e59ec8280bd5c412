"""Markdown links may name a YAML document by its file, as the nav may.

`[Incident review](../processes/incident-review.yaml)` is rewritten to the
document's page before the builder checks and converts the page's links.
"""

from __future__ import annotations

import posixpath
import re

from opsbook.markdown_extension import HTML_CLOSE, HTML_OPEN

__all__ = ["rewrite_yaml_links"]

# Fenced blocks and inline code show link syntax, and opsbook's HTML blocks hold escaped
# text: none of them is rewritten.
_CODE = re.compile(
    r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?^\1\2[ \t]*$|`+[^`\n]*`+"
    rf"|^{re.escape(HTML_OPEN)}$.*?^{re.escape(HTML_CLOSE)}$",
    re.M | re.S,
)
_INLINE = re.compile(r"(\]\(\s*<?)([^)\s<>]+\.ya?ml)(#[^)\s<>]*)?")
_REFERENCE = re.compile(r"^([ ]{0,3}\[[^\]\n]+\]:[ \t]*<?)([^\s<>]+\.ya?ml)(#\S*)?", re.MULTILINE)


def rewrite_yaml_links(markdown: str, page_src_uri: str, yaml_pages: dict[str, str]) -> str:
    """Links to YAML documents point at their pages; every other link is left alone."""
    if ".yaml" not in markdown and ".yml" not in markdown:
        return markdown
    here = posixpath.dirname(page_src_uri)

    def replace(match: re.Match[str]) -> str:
        target = match.group(2)
        if "://" in target or target.startswith("mailto:"):
            return match.group(0)
        resolved = posixpath.normpath(
            target.lstrip("/") if target.startswith("/") else posixpath.join(here, target)
        )
        page = yaml_pages.get(resolved)
        if page is None:
            return match.group(0)
        return f"{match.group(1)}{posixpath.relpath(page, here or '.')}{match.group(3) or ''}"

    def rewrite(prose: str) -> str:
        return _REFERENCE.sub(replace, _INLINE.sub(replace, prose))

    pieces, start = [], 0
    for code in _CODE.finditer(markdown):
        pieces += [rewrite(markdown[start : code.start()]), code.group(0)]
        start = code.end()
    pieces.append(rewrite(markdown[start:]))
    return "".join(pieces)
