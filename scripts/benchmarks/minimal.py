"""The minimal twin: what Material alone costs to write the pages an opsbook build writes.

`opsbook render` writes the opsbook site as plain Markdown; the minimal twin has one page for
each of those pages, with the same title and the same words (tags and markers taken out) in
one paragraph, and the same navigation. Building it costs what the theme, search and writing
the files cost for pages of that size; an opsbook build costs that plus opsbook's own work
(validation, history, rendering, Markdown of the structured parts), so their ratio says how
much opsbook adds.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from sites import EXTENSIONS, FEATURES

__all__ = ["MINIMAL_CONFIG", "write_minimal_twin"]

MINIMAL_CONFIG = "mkdocs.minimal.yml"
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_TITLE = re.compile(r"^title: (.*)$", re.M)
_TAGS = re.compile(r"<[^>]*>|^<!-- /?opsbook:\w+.*$|^/opsbook:\w+ -->$", re.M)
_NAV = re.compile(r"^nav:\n(?:[ -].*\n?)*", re.M)


def _page(text: str) -> str:
    front = _FRONT_MATTER.match(text)
    title_line = ""
    if front is not None:
        found = _TITLE.search(front.group(1))
        title_line = f"title: {found.group(1)}\n" if found else ""
        text = text[front.end() :]
    words = " ".join(html.unescape(_TAGS.sub(" ", text)).split())
    head = f"---\n{title_line}---\n\n" if title_line else ""
    return f"{head}{words}\n"


def write_minimal_twin(rendered: Path, out: Path) -> Path:
    """A twin of the rendered tree `rendered` in `out`; returns its mkdocs.yml."""
    shutil.rmtree(out, ignore_errors=True)
    docs = out / "docs"
    for source in sorted((rendered / "docs").rglob("*.md")):
        target = docs / source.relative_to(rendered / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_page(source.read_text(encoding="utf-8")), encoding="utf-8")
    nav = _NAV.search((rendered / "mkdocs.yml").read_text(encoding="utf-8"))
    lines = [
        f"site_name: {json.dumps('Benchmark (minimal twin)')}",
        "docs_dir: docs",
        "theme:",
        "  name: material",
        "  features:",
        *(f"    - {feature}" for feature in FEATURES),
        "plugins:",
        "  - search",
    ]
    config = out / MINIMAL_CONFIG
    config.write_text(
        "\n".join(lines) + "\n" + EXTENSIONS + (nav.group(0) if nav else ""), encoding="utf-8"
    )
    return config
