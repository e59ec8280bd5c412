"""The changelog as an Atom feed (RFC 4287), so people can follow changes: one entry per
commit, titled by its subject, listing the documents it added, changed, renamed or removed."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from html import escape

from opsbook.changelog import ChangelogEntry, CommitChanges
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
    commits: Sequence[CommitChanges],
    *,
    site_name: str,
    feed_id: str,
    self_url: str,
    changelog_url: str,
    labels: Labels,
    link: Callable[[ChangelogEntry], str | None],
    now: dt.datetime,
) -> str:
    """Atom XML, one entry per commit; `link` gives each document's page URL (absolute, or
    relative to the feed). An entry links to its document's page when it changed one page,
    to the changelog otherwise."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", feed_id)
    _text(feed, "title", f"{site_name}: {labels.changelog}")
    updated = commits[0].date if commits else now
    _text(feed, "updated", updated.isoformat())
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": self_url})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": changelog_url})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", site_name)
    _text(feed, "generator", "opsbook")
    for group in commits:
        commit = group.commit
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(item, "id", f"urn:opsbook:commit:{commit.sha}")
        lines = [_line(entry, labels) for entry in group.entries]
        _text(item, "title", commit.subject or lines[0])
        _text(item, "updated", commit.date.isoformat())
        person = ET.SubElement(item, f"{{{ATOM}}}author")
        _text(person, "name", commit.author_name or "unknown")
        pages = {link(entry) for entry in group.entries}
        only = next(iter(pages)) if len(pages) == 1 else None
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "alternate", "href": only or changelog_url})
        _text(item, "summary", "\n".join(lines))
        _content(item, group.entries, labels, link)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _line(entry: ChangelogEntry, labels: Labels) -> str:
    """`Restart the API (Runbook, updated)`."""
    action = labels.changes.get(entry.action, entry.action)
    kind = labels.kinds.get(entry.kind, "")
    return f"{entry.title} ({kind + ', ' if kind else ''}{action})"


def _content(
    item: ET.Element,
    entries: Sequence[ChangelogEntry],
    labels: Labels,
    link: Callable[[ChangelogEntry], str | None],
) -> None:
    """The documents as an HTML list with links, escaped as Atom's `type="html"` wants."""
    rows = []
    for entry in entries:
        href = link(entry)
        title = escape(_NOT_XML.sub("", entry.title))
        shown = f'<a href="{escape(href)}">{title}</a>' if href else title
        rest = escape(_line(entry, labels).removeprefix(entry.title))
        rows.append(f"<li>{shown}{rest}</li>")
    _text(item, "content", f"<ul>{''.join(rows)}</ul>", type="html")
