"""Only http(s), mailto and relative links survive Markdown rendering.

A `javascript:` or `data:` link written in Markdown (a document body, a step's
details, an FAQ answer) would run script in readers' browsers; its target is
dropped and the text kept.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from opsbook.plugins.rendering.environment import is_safe_url

__all__ = ["LinkPolicyExtension"]

_CHECKED = (("a", "href"), ("img", "src"))


class _LinkPolicy(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for tag, attribute in _CHECKED:
            for element in root.iter(tag):
                target = element.get(attribute)
                if target is not None and not is_safe_url(target):
                    # A span keeps the text; MkDocs' own link rewriting expects every
                    # remaining <a> and <img> to have its target.
                    alt = element.get("alt") if tag == "img" else None
                    element.attrib.clear()
                    element.tag = "span"
                    element.set("class", "opsbook-blocked-link")
                    element.set(
                        "title", "link removed: only http, https and mailto links are allowed"
                    )
                    if alt:
                        element.text = alt


class LinkPolicyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_LinkPolicy(md), "opsbook_link_policy", 0)
