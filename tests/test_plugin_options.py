"""The plugin's options: checked before a build, and doing what they say."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError
from site_factory import SITE_KB, build, mkdocs_yml, page, write_site


def _config(options: str) -> str:
    return mkdocs_yml(opsbook_options=options)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param('changelog_exclude: ["(bot"]', "not a regular expression", id="regex"),
        pytest.param("changelog_limit: -3", "changelog_limit", id="limit"),
        pytest.param("max_file_size: 0", "max_file_size", id="size"),
        pytest.param("labels: {kinds: x}", "'kinds' is a mapping", id="labels-shape"),
        pytest.param("labels: {stepz: x}", "no label 'stepz'; did you mean", id="labels-name"),
        pytest.param('today: "24/11/2026"', "YYYY-MM-DD", id="today"),
        pytest.param("navigation_limit: -1", "navigation_limit", id="nav-limit"),
    ],
)
def test_bad_options_stop_the_build_with_a_sentence(
    tmp_path: Path, options: str, message: str
) -> None:
    config = write_site(tmp_path, SITE_KB, git=False, config=_config(options))
    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        with pytest.raises((PluginError, Abort)):
            build(config)
    finally:
        logger.removeHandler(handler)
    assert any(message in record for record in records), records


def _nav_links(html: str) -> list[str]:
    """Pages the navigation links to (the table of contents links to #anchors)."""
    links = re.findall(r'href="([^"]+)" class="md-nav__link', html)
    return [link for link in links if not link.startswith("#")]


def test_a_large_knowledge_base_lists_documents_in_the_catalog_not_the_navigation(
    tmp_path: Path,
) -> None:
    config = write_site(tmp_path, SITE_KB, git=False, config=_config("navigation_limit: 2"))
    site = build(config, strict=True)
    links = _nav_links(page(site, ""))
    assert any(link.startswith("catalog/") for link in links), links
    assert not any(link.startswith(("runbooks/", "processes/", "teams/")) for link in links)
    catalog = page(site, "catalog/runbooks/")
    assert "../../runbooks/" in catalog  # documents are reached through the catalog
    # the pages the catalog and changelog link to stay out too (each entry is written into
    # every page), and stay reachable from their index pages
    assert "catalog/" in links
    assert "changelog/" in links
    assert not any(link.startswith("catalog/") and link != "catalog/" for link in links), links
    assert not any(link.startswith("changelog/") and link != "changelog/" for link in links)
    assert 'href="runbooks/"' in page(site, "catalog/")
    assert 'href="needs-review/"' in page(site, "catalog/")


def test_the_catalog_navigation_leaves_out_exactly_the_pages_the_index_pages_link_to(
    tmp_path: Path,
) -> None:
    """Nested folders (the changelog inside the catalog's folder, the field reference too)
    keep their index pages in the navigation."""
    options = (
        "navigation: catalog, catalog_dir: ops, changelog_dir: ops/changes, "
        "field_reference: ops/fields.md"
    )
    config = write_site(tmp_path, SITE_KB, config=_config(options))
    links = _nav_links(page(build(config, strict=True), ""))
    for kept in ("ops/", "ops/changes/", "ops/fields/"):
        assert kept in links, links
    for left_out in ("ops/runbooks/", "ops/needs-review/", "ops/changes/runbooks/"):
        assert left_out not in links, links


def test_full_navigation_lists_every_document(tmp_path: Path) -> None:
    config = write_site(tmp_path, SITE_KB, git=False, config=_config("navigation: full"))
    links = _nav_links(page(build(config), ""))
    assert any(link.startswith("runbooks/") for link in links), " ".join(links)
