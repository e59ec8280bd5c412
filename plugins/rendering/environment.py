"""The Jinja environment page templates render in, with the filters they use.

Autoescaping is on: every plain-text field is HTML-escaped wherever a template
puts it. Only values passed through `markdown` (fields the content model calls
Markdown) reach the page as Markdown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined
from markupsafe import Markup, escape

from opsbook.changelog import shown_path
from opsbook.plugins.rendering.blocks import (
    MARKDOWN_CLOSE,
    MARKDOWN_OPEN,
    UNSEARCHED_CLOSE,
    UNSEARCHED_OPEN,
    without_markers,
)

__all__ = [
    "TEMPLATES_DIR",
    "is_safe_url",
    "make_environment",
    "markdown_escape",
    "mermaid_label",
]

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~^=:])")


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
    """Plain text for a Markdown context (headings): HTML-escaped, then Markdown-escaped."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", str(escape(without_markers(str(text)))))
    return Markup(escaped)  # noqa: S704 - escaped on the line above


def code_spans(text: Any) -> Markup:
    """Escaped text in which `backticked` words become <code>: for the models' descriptions."""
    escaped = str(escape(without_markers(str(text))))
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped))  # noqa: S704 - escaped


def markdown_field(text: Any) -> Markup:
    """A field the content model documents as Markdown, passed through as Markdown
    (marked, so the HTML around it is kept out of Markdown's way: see blocks.py)."""
    body = without_markers(str(text)).strip("\n")
    return Markup(f"{MARKDOWN_OPEN}\n{body}\n{MARKDOWN_CLOSE}")  # noqa: S704 - Markdown


def unsearched(html: Any) -> Markup:
    """HTML that search should not index (see blocks.py): shown on the page, left out of
    the search index. Plain text is escaped like any other output; a block inside another
    one joins it."""
    inner = str(escape(html)).replace(UNSEARCHED_OPEN, "").replace(UNSEARCHED_CLOSE, "")
    return Markup(f"{UNSEARCHED_OPEN}{inner}{UNSEARCHED_CLOSE}")  # noqa: S704 - escaped


def code_fence(text: Any, language: str = "") -> Markup:
    """A fenced code block that no backtick run inside `text` can close early."""
    body = without_markers(str(text)).rstrip("\n")
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    # Inside a fence Markdown escapes everything, so the text stays literal.
    block = f"{MARKDOWN_OPEN}\n{fence}{language}\n{body}\n{fence}\n{MARKDOWN_CLOSE}"
    return Markup(block)  # noqa: S704


def mermaid_label(text: Any) -> str:
    """Text for inside a quoted Mermaid label: quotes and markup become entity codes."""
    replacements = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}
    flat = " ".join(str(text).split())
    return "".join(replacements.get(char, char) for char in flat)


def format_label(template: Any, **values: Any) -> Markup:
    """Fill a label's {placeholders}, escaping the values but not the label."""
    clean = {
        key: without_markers(value) if type(value) is str else value
        for key, value in values.items()
    }
    return Markup(escape(str(template))).format(**clean)  # noqa: S704 - values are escaped


def minutes_text(minutes: int, labels: Any) -> str:
    """`45 min`, `4 h`, `4 h 45 min`, in the labels' language."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return str(labels.minutes).format(minutes=rest)
    if not rest:
        return str(labels.hours).format(hours=hours)
    return str(labels.hours_minutes).format(hours=hours, minutes=rest)


def iso_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()


def finalize(value: Any) -> Any:
    """Every value a template prints: plain text cannot carry the block markers (only the
    filters that make Markup may write them)."""
    return without_markers(value) if type(value) is str else value


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
        finalize=finalize,
        auto_reload=False,  # one build; `mkdocs serve` makes a new environment per build
    )
    env.filters.update(
        safe_url=safe_url,
        md_escape=markdown_escape,
        markdown=markdown_field,
        unsearched=unsearched,
        code_fence=code_fence,
        code_spans=code_spans,
        mermaid_label=mermaid_label,
        fmt=format_label,
        iso_date=iso_date,
        shown_path=shown_path,
    )
    env.globals["minutes_text"] = minutes_text
    # The labels are the same for every page of a build: as a global, templates and the
    # macros they import see them without importing "with context", which Jinja would
    # run again for every page instead of once.
    env.globals["t"] = labels if labels is not None else {}
    return env
