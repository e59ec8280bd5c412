"""What a document page may contain: an allow-list, applied to the page's finished HTML.

Documents come from pull requests by many editors. Their Markdown (step
details, FAQ answers, results, the body) may hold raw HTML, and YAML escapes
such as "\\x3cimg ...\\x3e" write `<` without showing one in a diff, so
safety is decided on the rendered HTML of the whole page, never on its
source: the opsbook Markdown extension passes every document page through
`sanitize_html` as the last step of conversion (see markdown_extension.py).
opsbook's own templates stay within this list, so nothing they write is lost.

Besides script, event handlers, `<style>`, forms and unsafe links, the list
keeps out what could take over the theme's own elements (DOM clobbering):
ids and `name`s the theme reads (`__config`, `md-*`, `__*` but the few that
Markdown extensions write), and `data-*` attributes other than opsbook's own
and `data-search-exclude`.
"""

from __future__ import annotations

import re

import nh3

__all__ = ["is_allowed_id", "sanitize_html"]

_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
    ]
)
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "hidden", "tabindex"},
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled", "name"},
    "label": {"for"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style", "scope"},
    "details": {"open"},
    "time": {"datetime"},
    "code": {"data-lang"},
}
_DATA_ATTRIBUTES = frozenset({"data-search-exclude", "data-lang"})
_SCHEMES = {"http", "https", "mailto"}

# Ids Markdown and its extensions write: headings (toc), footnotes (fn:1), tabs and
# code line numbers (pymdownx). Names starting with "_" or "md" are the theme's.
_ID = re.compile(r"(?!_|md[-_])[^\s$]+|__tabbed_\d+_\d+|__codelineno-[\w-]+")
_TABBED_NAME = re.compile(r"__tabbed_\d+")
_INPUT_TYPES = frozenset({"checkbox", "radio"})
_TABINDEX = frozenset({"0", "-1"})


def is_allowed_id(value: str) -> bool:
    """Whether an element of a document may carry this id (or `for` may name it)."""
    return _ID.fullmatch(value) is not None


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name.startswith("data-"):
        return value if name.startswith("data-opsbook-") or name in _DATA_ATTRIBUTES else None
    if name in ("id", "for"):
        return value if is_allowed_id(value) else None
    if name == "name":
        return value if _TABBED_NAME.fullmatch(value) else None
    if name == "type" and tag == "input":
        return value if value.lower() in _INPUT_TYPES else None
    if name == "tabindex":
        return value if value in _TABINDEX else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(_TAGS),
    attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
    attribute_filter=_attribute,
    url_schemes=set(_SCHEMES),
    link_rel=None,
    strip_comments=True,
    generic_attribute_prefixes={"aria-", "data-"},
    filter_style_properties={"text-align"},
    clean_content_tags={"script", "style"},
)


def sanitize_html(html: str) -> str:
    """`html` reduced to the allow-list."""
    return _CLEANER.clean(html)
