"""The Jinja environment page templates render in, with the filters they use.

Autoescaping is on: every plain-text field is HTML-escaped wherever a template
puts it. Template output is HTML, except what three filters mark as Markdown
(see page.py): `heading` (a section heading, so it reaches the table of
contents), `markdown` (a field the content model calls Markdown) and
`code_fence` (a command, as a fenced code block the theme can copy).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined
from markupsafe import Markup, escape

from opsbook.changelog import shown_path
from opsbook.rendering.formats import iso_date, minutes_text
from opsbook.rendering.page import markdown_segment
from opsbook.schemas.fields import is_email

__all__ = [
    "ASSETS_DIR",
    "TEMPLATES_DIR",
    "is_safe_url",
    "make_environment",
    "markdown_escape",
    "minutes_text",
]

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
ASSETS_DIR = Path(__file__).resolve().parent / "assets"
"""The stylesheet, script and Mermaid copy every opsbook site serves."""
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# What Python-Markdown lets a backslash escape (`<` and `&` are escaped as HTML first).
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")


def is_safe_url(url: str) -> bool:
    """http(s), mailto and relative links; nothing that runs script or opens apps."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES or (scheme == "" and not cleaned.startswith("//"))


def safe_url(url: Any) -> str:
    text = str(url)
    return text if is_safe_url(text) else "#"


def markdown_escape(text: Any) -> Markup:
    """Plain text for a Markdown context: on one line, HTML-escaped, then Markdown-escaped."""
    flat = " ".join(str(text).split())
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(flat, quote=False))
    return Markup(escaped)  # noqa: S704 - escaped on the line above


def heading(text: Any, level: int = 2) -> Markup:
    """A section heading in Markdown, so that it gets an id and a place in the contents."""
    return markdown_segment(f"{'#' * level} {markdown_escape(text)}")


def code_spans(text: Any) -> Markup:
    """Escaped text in which `backticked` words become <code>: for the models' descriptions."""
    escaped = str(escape(str(text)))
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped))  # noqa: S704 - escaped


def markdown_field(text: Any) -> Markup:
    """A field the content model documents as Markdown, converted by the site's builder."""
    return markdown_segment(str(text))


def code_fence(text: Any, language: str = "") -> Markup:
    """A fenced code block that no backtick run inside `text` can close early."""
    body = str(text).rstrip("\n")
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    # Inside a fence Markdown escapes everything, so the text stays literal.
    return markdown_segment(f"{fence}{language}\n{body}\n{fence}")


def format_label(template: Any, **values: Any) -> Markup:
    """Fill a label's {placeholders}, escaping the values but not the label."""
    return Markup(escape(str(template))).format(**values)  # noqa: S704 - values are escaped


def make_environment(override_dirs: Sequence[Path] = (), labels: Any = None) -> Environment:
    """Templates from `override_dirs` (a theme's custom_dir) win over the built-in ones,
    which stay reachable as `builtin/opsbook/...` so an override can extend its original."""
    builtin = FileSystemLoader(str(TEMPLATES_DIR))
    loaders = [
        FileSystemLoader([str(path) for path in override_dirs if path.is_dir()]),
        builtin,
        PrefixLoader({"builtin": builtin}),
    ]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        auto_reload=False,  # `mkdocs serve` makes a new one when an override changes
    )
    env.filters.update(
        safe_url=safe_url,
        md_escape=markdown_escape,
        heading=heading,
        markdown=markdown_field,
        code_fence=code_fence,
        code_spans=code_spans,
        fmt=format_label,
        iso_date=iso_date,
        shown_path=shown_path,
    )
    env.tests["email"] = is_email
    env.globals["minutes_text"] = minutes_text
    # The labels are the same for every page of a build: as a global, templates and the
    # macros they import see them without importing "with context", which Jinja would
    # run again for every page instead of once.
    env.globals["t"] = labels if labels is not None else {}
    return env
