"""The plugin options that name places in the site: folders and pages inside docs_dir.

`catalog_dir`, `changelog_dir` and `field_reference` become paths of generated pages.
One that climbs out (`../../escape`), is absolute or uses backslashes gave pages
MkDocs silently dropped; `option_errors` refuses them before the build, in words.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError
from site_factory import SITE_KB, build, mkdocs_yml, write_site

from opsbook.plugins.config import OpsbookConfig, option_errors


def errors_for(options: dict[str, object]) -> list[str]:
    config = OpsbookConfig()
    config.load_dict(options)
    failed, _ = config.validate()
    assert failed == [], failed
    return option_errors(config, {})


@pytest.mark.parametrize("option", ["catalog_dir", "changelog_dir"])
@pytest.mark.parametrize(
    "value",
    [
        "../../escape",
        "..",
        "catalog/../../x",
        "/srv/www",
        "C:/catalog",
        "catalog\\x",
        "..\\escape",
        "./catalog",
        "a//b",
        "",
        "/",
        "cat\nalog",
    ],
)
def test_a_generated_folder_must_be_a_folder_inside_the_site(option: str, value: str) -> None:
    errors = errors_for({option: value})
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{option}: ")
    assert "inside docs_dir" in errors[0]


@pytest.mark.parametrize(
    "value",
    [
        "../fields.md",
        "/reference/fields.md",
        "reference\\fields.md",
        "reference/../../fields.md",
        "reference/fields",
    ],
)
def test_the_field_reference_must_be_a_page_inside_the_site(value: str) -> None:
    errors = errors_for({"field_reference": value})
    assert len(errors) == 1, errors
    assert errors[0].startswith("field_reference: ")


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"catalog_dir": "catalog/"},
        {"catalog_dir": "reference/catalog", "changelog_dir": "news/changes"},
        {"field_reference": ""},
        {"field_reference": "reference/fields.md"},
    ],
)
def test_folders_and_pages_inside_the_site_are_fine(options: dict[str, object]) -> None:
    assert errors_for(options) == []


def test_an_escaping_catalog_dir_stops_the_build_with_a_sentence(tmp_path: Path) -> None:
    config = write_site(
        tmp_path, SITE_KB, git=False, config=mkdocs_yml(opsbook_options="catalog_dir: ../../escape")
    )
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
    assert any("catalog_dir" in record and "inside docs_dir" in record for record in records)
