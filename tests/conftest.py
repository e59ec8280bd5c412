"""Settings every test shares."""

from __future__ import annotations

import os

import pytest

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
