"""opsbook's pages placed among MkDocs' files.

A YAML document becomes a page at the URL its path would have as Markdown,
backed by the YAML file itself so that `--dirty` and `mkdocs serve` notice
edits, and "edit this page" points at the YAML. Markdown documents keep their
file. Generated pages (catalog, reference, changelog) are added with their
content; none may hide a page a person wrote.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from opsbook.knowledge_base import CONTENT_SUFFIXES
from opsbook.rendering.site import GeneratedFile, Site

__all__ = ["add_generated", "content_files", "place_documents"]


def content_files(files: Files) -> list[tuple[Path, str]]:
    """Files MkDocs will publish that may be content documents."""
    found = []
    for file in files:
        if file.abs_src_path is None or file.generated_by is not None:
            continue
        if file.inclusion.is_excluded():
            continue
        if posixpath.splitext(file.src_uri)[1].lower() in CONTENT_SUFFIXES:
            found.append((Path(file.abs_src_path), file.src_uri))
    return found


def place_documents(site: Site, files: Files, config: MkDocsConfig) -> None:
    """Each YAML document's file swapped for its page."""
    for yaml_path, src_uri in site.yaml_pages.items():
        clash = files.get_file_from_path(src_uri)
        if clash is not None:  # pragma: no cover - validation reports pages that collide
            raise PluginError(
                f"{Path(config.docs_dir, yaml_path)} and {clash.abs_src_path} would both be "
                f"the page {src_uri}; rename one of them"
            )
        original = files.get_file_from_path(yaml_path)
        if original is not None:
            files.remove(original)
        page = File.generated(
            config,
            src_uri,
            abs_src_path=str(site.document_pages[src_uri].raw.path),
            inclusion=InclusionLevel.INCLUDED,
        )
        page.edit_uri = yaml_path
        files.append(page)


def add_generated(
    files: Files, config: MkDocsConfig, generated: GeneratedFile, backing: Path | None = None
) -> None:
    """Add a file opsbook writes, refusing to hide one a person wrote; `backing` holds its
    content when MkDocs should compare its time with the page it built (`--dirty`)."""
    existing = files.get_file_from_path(generated.src_uri)
    if existing is not None and existing.generated_by is None:
        raise PluginError(
            f"{Path(config.docs_dir, generated.src_uri)} exists, but opsbook generates this "
            "page; rename your file, or move the generated pages with the plugin's "
            "catalog_dir, changelog_dir or field_reference option"
        )
    if existing is not None:
        files.remove(existing)
    if backing is not None:
        files.append(File.generated(config, generated.src_uri, abs_src_path=str(backing)))
    else:
        files.append(File.generated(config, generated.src_uri, content=generated.content))
