"""The changelog as an Atom feed (RFC 4287), so people can follow changes."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from urllib.parse import quote

from opsbook.changelog import ChangelogEntry
from opsbook.rendering.labels import Labels

__all__ = ["atom_feed"]

ATOM = "http://www.w3.org/2005/Atom"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    """A text element; characters XML 1.0 cannot hold (from commit messages) are dropped."""
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = _NOT_XML.sub("", text)
    return element


def atom_feed(
    entries: Sequence[ChangelogEntry],
    *,
    site_name: str,
    feed_id: str,
    self_url: str,
    changelog_url: str,
    labels: Labels,
    link: Callable[[ChangelogEntry], str | None],
    now: dt.datetime,
) -> str:
    """Atom XML; `link` gives each entry's page URL (absolute, or relative to the feed)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", feed_id)
    _text(feed, "title", f"{site_name}: {labels.changelog}")
    updated = entries[0].date if entries else now
    _text(feed, "updated", updated.isoformat())
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": self_url})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": changelog_url})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", site_name)
    _text(feed, "generator", "opsbook")
    for entry in entries:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(item, "id", f"urn:opsbook:change:{entry.commit.sha}:{quote(entry.path)}")
        action = labels.changes.get(entry.action, entry.action)
        kind = labels.kinds.get(entry.kind, "")
        _text(item, "title", f"{entry.title} ({kind + ', ' if kind else ''}{action})")
        _text(item, "updated", entry.date.isoformat())
        person = ET.SubElement(item, f"{{{ATOM}}}author")
        _text(person, "name", entry.commit.author_name or "unknown")
        href = link(entry)
        if href:
            ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "alternate", "href": href})
        _text(item, "summary", entry.commit.subject or action)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
