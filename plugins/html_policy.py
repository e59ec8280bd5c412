"""What a document's Markdown fields may put on a page: an allow-list.

Markdown allows raw HTML, and the Markdown fields of content documents (step
details, FAQ answers, the body) come from pull requests. On their pages the
HTML that Markdown produced goes through nh3 (the Rust sanitizer ammonia)
with the tags and attributes Markdown and its usual extensions write, and
links limited to http(s), mailto and relative targets. Script, event
handlers, `<style>`, `<meta>`, SVG tricks and unsafe links do not survive.

The HTML of opsbook's own templates (escaped plain text) is kept aside while
this runs and put back afterwards; ordinary Markdown pages are left to MkDocs.
"""

from __future__ import annotations

import nh3

__all__ = ["sanitize_html"]

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
    "*": {"class", "id", "title", "lang", "dir", "role"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style", "scope"},
    "details": {"open"},
    "time": {"datetime"},
    "code": {"data-lang"},
}
_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    """`html` reduced to the allow-list (text placeholders pass through unchanged)."""
    return nh3.clean(
        html,
        tags=set(_TAGS),
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
        url_schemes=set(_SCHEMES),
        link_rel=None,
        strip_comments=True,
        generic_attribute_prefixes={"aria-", "data-"},
        filter_style_properties={"text-align"},
    )
