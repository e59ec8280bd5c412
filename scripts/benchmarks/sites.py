"""The mkdocs.yml of each measured site: opsbook, plain Material, plain Material with git plugins.

All of them share the theme, its features and the Markdown extensions, so the only difference
between an opsbook build and a plain one is the plugins. `nav` says what the navigation lists,
the same on both sides:

- `full`: every page (MkDocs' automatic navigation; opsbook's `navigation: full`), and the
  theme writes all of it into every page;
- `prune`: every page too, with Material's `navigation.prune`, which writes only the part of
  the navigation that is open on the page;
- `catalog`: a navigation that stays small as the knowledge base grows. opsbook's
  `navigation: catalog` lists the home, catalog, reference and changelog pages (documents are
  reached through the catalog and search); the plain twin lists its home page only (its
  pages are reached through links and search).
"""

from __future__ import annotations

import json
from typing import Literal

__all__ = ["NAVS", "VARIANTS", "Nav", "Variant", "config_name", "config_text"]

Variant = Literal["opsbook", "plain", "plain-git"]
Nav = Literal["full", "prune", "catalog"]
VARIANTS: tuple[Variant, ...] = ("opsbook", "plain", "plain-git")
NAVS: tuple[Nav, ...] = ("full", "prune", "catalog")
TODAY = "2026-12-01"

FEATURES = (
    "navigation.sections",
    "navigation.indexes",
    "navigation.top",
    "search.suggest",
    "search.highlight",
    "content.code.copy",
)
EXTENSIONS = """\
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tasklist:
      custom_checkbox: true
"""
PLUGINS: dict[Variant, str] = {
    "opsbook": (
        f"  - search\n  - opsbook:\n      today: {TODAY}\n      navigation: {{navigation}}\n"
    ),
    "plain": "  - search\n",
    "plain-git": (
        "  - search\n"
        "  - git-revision-date-localized:\n"
        "      enable_creation_date: true\n"
        "  - git-authors\n"
    ),
}


def config_name(variant: Variant, nav: Nav) -> str:
    """The file name, at the root of the repository: git-authors runs git in the working
    directory, so every site is built from its repository root, as people do."""
    return f"mkdocs.{variant}-{nav}.yml"


def config_text(variant: Variant, nav: Nav) -> str:
    features = [*FEATURES, "navigation.prune"] if nav == "prune" else list(FEATURES)
    lines = [
        f"site_name: {json.dumps(f'Benchmark ({variant}, {nav} navigation)')}",
        "docs_dir: docs",
        "theme:",
        "  name: material",
        "  features:",
        *(f"    - {feature}" for feature in features),
        "plugins:",
    ]
    if nav == "catalog" and variant != "opsbook":
        lines[2:2] = ["nav:", "  - index.md", "not_in_nav: |", "  *.md"]
    plugins = PLUGINS[variant].replace("{navigation}", "catalog" if nav == "catalog" else "full")
    return "\n".join(lines) + "\n" + plugins + EXTENSIONS
