"""The page Markdown the renderer writes, compared exactly with files kept in tests/golden.

One page of every kind, the catalog pages, the field reference and a History section
are rendered by plain function calls from the site-test knowledge base (no build, no
git). After an intended change, refresh the files with one command:

    .venv/bin/pytest tests/test_page_golden.py --update-golden

and read the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from site_factory import render_site

from opsbook.history.model import Change, Commit
from opsbook.rendering.history_sections import render_page_history
from opsbook.rendering.site import Site, SiteOptions

GOLDEN = Path(__file__).parent / "golden"

DOCUMENT_PAGES = {
    "runbook": "runbooks/payment-webhook-failures.md",
    "runbook-overdue": "runbooks/stale-dashboards.md",
    "process": "processes/incident-review.md",
    "feature-guide": "features/smart-routing.md",
    "onboarding-path": "onboarding/product-ops-analyst.md",
    "team": "teams/product-ops.md",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    docs = tmp_path_factory.mktemp("golden") / "docs"
    return render_site(docs, options=SiteOptions(site_name="T"))


def check(name: str, text: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"{path} is missing: run pytest with --update-golden"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from the golden file; if the change is intended, refresh with "
        "pytest tests/test_page_golden.py --update-golden"
    )


@pytest.mark.parametrize(("name", "src_uri"), sorted(DOCUMENT_PAGES.items()))
def test_document_page_markdown(site: Site, name: str, src_uri: str, update_golden: bool) -> None:
    check(f"{name}.md", site.document_page(src_uri), update_golden)


def test_generated_pages_markdown(site: Site, update_golden: bool) -> None:
    generated = {item.src_uri: item.content for item in site.generated_files()}
    for src_uri in ("catalog/index.md", "catalog/runbooks.md", "catalog/needs-review.md"):
        check(src_uri.replace("/", "-"), generated[src_uri], update_golden)


def test_history_section_markdown(site: Site, update_golden: bool) -> None:
    commit = Commit(
        sha="0123456789abcdef0123456789abcdef01234567",
        parents=(),
        author_name="Lan <Nguyen>",
        author_email="lan@example.com",
        date=dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC),
        subject="Clarify the <rollback> step",
    )
    change = Change(commit=commit, kind="modified", path="runbooks/x.md", old_path=None)
    section = render_page_history(
        site.env,
        site.labels,
        [change],
        uncommitted=False,
        repo_url="https://github.com/acme/kb",
    )
    check("history-section.md", section, update_golden)
