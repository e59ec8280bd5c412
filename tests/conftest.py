"""Settings every test shares."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import Served, Tab, launch, open_tab

# mkdocs-material prints a notice about MkDocs 2 on every build; keep output clean.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files of rendered pages (tests/golden) from the renderer",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium for the browser tests of one module."""
    pytest.importorskip("playwright.sync_api")
    yield from launch()


@pytest.fixture
def tab(browser: Any, served: Served) -> Iterator[Tab]:
    """A fresh tab on the module's `served` site; fails the test on any page problem."""
    yield from open_tab(browser, served)
