"""What a site needs for opsbook pages, added to its configuration.

A minimal mkdocs.yml (`theme: material`, `plugins: [search, opsbook]`) is
enough: the opsbook Markdown extension (HTML blocks, sanitized document
pages), the Mermaid fence and the plugin's stylesheet and script are added
here. MkDocs always loads fenced_code; superfences, loaded after it, takes
over ``` blocks as it does on any Material site. `opsbook render` writes the
same settings into the mkdocs.yml of the tree it renders.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

__all__ = [
    "ASSET_DIR",
    "OPSBOOK_EXTENSION",
    "REQUIRED_EXTENSIONS",
    "SUPERFENCES",
    "add_assets",
    "configure_markdown",
    "enable_copy_buttons",
]

ASSET_DIR = "assets/opsbook"
SUPERFENCES = "pymdownx.superfences"
OPSBOOK_EXTENSION = "opsbook.markdown_extension"
REQUIRED_EXTENSIONS = (OPSBOOK_EXTENSION, "md_in_html", "attr_list", "tables", "toc")


def configure_markdown(config: MkDocsConfig) -> None:
    """Add the extensions opsbook pages rely on, keeping the user's own settings."""
    extensions: list[Any] = config.markdown_extensions
    for name in (*REQUIRED_EXTENSIONS, SUPERFENCES):
        if name not in extensions:
            extensions.append(name)
    settings = config.mdx_configs.setdefault(SUPERFENCES, {})
    fences = settings.setdefault("custom_fences", [])
    if not any(isinstance(fence, dict) and fence.get("name") == "mermaid" for fence in fences):
        fences.append({"name": "mermaid", "class": "mermaid", "format": _mermaid_format()})


def _mermaid_format() -> Callable[..., str]:
    try:
        from pymdownx.superfences import fence_code_format
    except ImportError as error:  # pragma: no cover - pymdown-extensions comes with material
        raise PluginError(
            "opsbook needs pymdown-extensions (installed with mkdocs-material): "
            "pip install pymdown-extensions"
        ) from error
    return fence_code_format  # type: ignore[no-any-return]


def enable_copy_buttons(config: MkDocsConfig) -> None:
    """Runbook commands are meant to be copied: turn on Material's copy buttons."""
    if config.theme.name != "material":
        return
    features = config.theme.get("features")
    if features is None:
        config.theme["features"] = features = []
    if isinstance(features, list) and "content.code.copy" not in features:
        features.append("content.code.copy")


def add_assets(config: MkDocsConfig, mermaid_js: str) -> list[str]:
    """Link the stylesheet and scripts; return the asset files the site must contain."""
    assets = ["opsbook.css", "opsbook.js"]
    css = f"{ASSET_DIR}/opsbook.css"
    if css not in config.extra_css:
        config.extra_css.append(css)
    scripts = [str(script) for script in config.extra_javascript]
    wanted = []
    if mermaid_js == "bundled":
        assets.append(MERMAID_FILE)
        wanted.append(f"{ASSET_DIR}/{MERMAID_FILE}")
    elif mermaid_js not in ("theme", ""):
        wanted.append(mermaid_js)
    wanted.append(f"{ASSET_DIR}/opsbook.js")
    for script in wanted:
        if script not in scripts:
            config.extra_javascript.append(script)
    return assets


MERMAID_FILE = "mermaid-11.17.2.min.js"
