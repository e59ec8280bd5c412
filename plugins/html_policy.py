"""Raw HTML written inside a document's Markdown fields loses what could run script.

Markdown allows raw HTML, and the Markdown fields of content documents (step
details, FAQ answers, the body) come from pull requests, so on their pages
`<script>`, `<iframe>`, `<object>`, `<embed>` and `<base>` are dropped, event
handler attributes (`onerror=` ...) are removed, and links or sources with a
scheme other than http(s), mailto or none are taken out. Everything else is
written back as it was. Ordinary Markdown pages are left to MkDocs.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

from opsbook.plugins.rendering.environment import is_safe_url

__all__ = ["sanitize_html"]

_DROPPED_ELEMENTS = frozenset({"script", "iframe", "object", "embed", "base", "frame", "frameset"})
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "srcset", "data"}
)


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.skipping = 0
        """Depth inside a dropped element, whose content goes too."""

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], closing: str) -> str:
        kept = []
        for name, value in attrs:
            if name.startswith("on"):
                continue
            if name in _URL_ATTRIBUTES and value is not None and not _urls_safe(name, value):
                continue
            kept.append(f" {name}" if value is None else f' {name}="{escape(value, quote=True)}"')
        return f"<{tag}{''.join(kept)}{closing}>"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED_ELEMENTS:
            self.skipping += 1
        elif not self.skipping:
            self.out.append(self._tag(tag, attrs, ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _DROPPED_ELEMENTS and not self.skipping:
            self.out.append(self._tag(tag, attrs, " /"))

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_ELEMENTS:
            self.skipping = max(0, self.skipping - 1)
        elif not self.skipping:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        if not self.skipping:
            self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self.skipping:
            self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        if not self.skipping:
            self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def _urls_safe(name: str, value: str) -> bool:
    if name == "srcset":
        return all(is_safe_url(part.strip().split(" ")[0]) for part in value.split(",") if part)
    return is_safe_url(value)


def sanitize_html(html: str) -> str:
    parser = _Sanitizer()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)
