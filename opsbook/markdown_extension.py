"""The Python-Markdown extension that opsbook pages declare: `opsbook.markdown_extension`.

Any builder that converts pages with Python-Markdown loads it from
`markdown_extensions` (MkDocs with or without the opsbook plugin, Zensical),
so a page opsbook rendered converts the same way everywhere. It does two things:

- **HTML blocks go through untouched.** Page Markdown from opsbook is mostly
  HTML that templates wrote (escaped plain text in structure). A region
  between the lines `<!-- opsbook:html` and `/opsbook:html -->` goes into
  Python-Markdown's own stash for raw HTML, so the HTML parser never reads it
  again, which is most of the cost of converting such a page. Regions inside
  fenced code are left alone. To anything else the region is an HTML comment.
- **Links work in every builder.** opsbook writes links relative to the page's
  URL, which MkDocs leaves as they are. Zensical rewrites every relative link
  of a page's HTML as if it were relative to the page's source file; under
  Zensical (its rendering context names the page) the links of the HTML
  blocks are first expressed that way, so they land where they point.
- **Document pages are sanitized.** A page whose first line is
  `<!-- opsbook:document -->` carries text from documents that anyone with a
  pull request can write. Its finished HTML passes the allow-list of
  `html_policy` as the very last step, whatever Markdown, raw HTML, YAML
  escapes or other extensions produced. Ordinary Markdown pages belong to the
  site's owner and are left as they are.

The markers are ordinary text on purpose: a document that writes them itself
gains nothing, because everything on a document page is sanitized anyway.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from opsbook.rendering.html_policy import sanitize_html

__all__ = [
    "DOCUMENT_MARK",
    "HTML_CLOSE",
    "HTML_OPEN",
    "OpsbookExtension",
    "makeExtension",
]

DOCUMENT_MARK = "<!-- opsbook:document -->"
HTML_OPEN = "<!-- opsbook:html"
HTML_CLOSE = "/opsbook:html -->"
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# A relative link in an attribute opsbook's templates write (always double-quoted):
# not absolute, not a scheme, not only a fragment or query.
_RELATIVE_LINK = re.compile(r'(\s(?:href|src)=")(?![a-zA-Z][\w+.-]*:|/|#|\?)([^"]*)"')

# After whitespace is normalized (30), before fenced code (25) and HTML blocks (20).
STASH_PRIORITY = 28
# After raw HTML is put back (30) and every other step: the page as the reader gets it.
SANITIZE_PRIORITY = -1000


class _StashBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        md: Any = self.md
        first = next((line for line in lines if line.strip()), "")
        md.opsbook_document = first.strip() == DOCUMENT_MARK
        if HTML_OPEN not in lines:
            return lines
        rebase = _source_relative(self.md)
        out: list[str] = []
        fence = ""
        index, count = 0, len(lines)
        while index < count:
            line = lines[index]
            index += 1
            if fence:
                if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                    fence = ""
                out.append(line)
                continue
            opened = _FENCE.match(line)
            if opened is not None:
                fence = opened.group(1)
                out.append(line)
                continue
            if line != HTML_OPEN:
                out.append(line)
                continue
            try:
                end = lines.index(HTML_CLOSE, index)
            except ValueError:
                out.append(line)
                continue
            html = "\n".join(lines[index:end])
            if rebase is not None:
                html = _RELATIVE_LINK.sub(
                    lambda found: f'{found.group(1)}{rebase(found.group(2))}"', html
                )
            placeholder = self.md.htmlStash.store(html)
            out += ["", placeholder, ""]
            index = end + 1
        return out


def _source_relative(md: Markdown) -> Callable[[str], str] | None:
    """Under Zensical, how a link relative to the page's URL is written relative to its
    source file instead; None where the two are the same place, or under MkDocs."""
    page = next(
        (getattr(step, "page", None) for step in md.preprocessors if hasattr(step, "page")), None
    )
    url, path = getattr(page, "url", None), getattr(page, "path", None)
    if not isinstance(url, str) or not isinstance(path, str):
        return None
    page_dir = "/" + (url if url.endswith("/") else posixpath.dirname(url)).strip("/")
    source_dir = "/" + posixpath.dirname(path).strip("/")
    if posixpath.normpath(page_dir) == posixpath.normpath(source_dir):
        return None

    def rebase(link: str) -> str:
        rest = ""
        for mark in ("#", "?"):
            if mark in link:
                link, tail = link.split(mark, 1)
                rest = f"{mark}{tail}{rest}"
        target = posixpath.normpath(posixpath.join(page_dir, link or "."))
        relative = posixpath.relpath(target, source_dir)
        slash = "/" if (link.endswith("/") or link in ("", ".")) and relative != "." else ""
        return f"{relative}{slash}{rest}"

    return rebase


class _Sanitize(Postprocessor):
    def run(self, text: str) -> str:
        return sanitize_html(text) if getattr(self.md, "opsbook_document", False) else text


class OpsbookExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_StashBlocks(md), "opsbook_html_blocks", STASH_PRIORITY)
        md.postprocessors.register(_Sanitize(md), "opsbook_sanitize", SANITIZE_PRIORITY)


def makeExtension(**kwargs: Any) -> OpsbookExtension:
    return OpsbookExtension(**kwargs)
