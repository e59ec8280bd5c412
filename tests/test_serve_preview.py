"""`mkdocs serve`, with and without `--dirty`: an edit shows on every page that shows the
edited document, nothing else is made again, and problems show in the browser.

The builds run in-process the way `mkdocs serve` runs them (mkdocs/commands/serve.py):
`on_startup` once, then the configuration loaded again and the site built again into the
same folder after each edit; no server is started.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from site_factory import (
    PROCESS_DOC,
    PROCESS_PATH,
    RUNBOOK_DOC,
    SITE_KB,
    TODAY,
    mkdocs_yml,
    page,
    parse_html,
    render_site,
    run_mkdocs,
    run_opsbook,
    write_site,
)

from opsbook.knowledge_base import LoadCache, load_knowledge_base
from opsbook.rendering.dependencies import pages_showing
from opsbook.rendering.memo import PageMemo
from opsbook.rendering.site import Site

RUNBOOK = "runbooks/payment-webhook-failures.md"
OLD_TITLE = "Payment webhooks are failing"
NEW_TITLE = "Payment webhooks get rejected"

SHOWS_THE_RUNBOOK = {
    "runbooks/payment-webhook-failures/",  # itself
    "teams/payments-ops/",  # its owner lists it
    "teams/payments-eng/",  # its escalation contact
    "processes/incident-review/",  # related: the process lists it among backlinks
    "features/smart-routing/",  # the feature guide names it as related
    "catalog/",
    "catalog/runbooks/",
}
SHOWS_NOTHING_OF_IT = {
    "runbooks/stale-dashboards/",
    "onboarding/company-basics/",
    "onboarding/product-ops-analyst/",
    "teams/product-ops/",
    "catalog/tools/",
    "reference/fields/",
    "",  # the home page
}


class Serve:
    """One `mkdocs serve` session: the first build, then a rebuild after each edit."""

    def __init__(self, config_file: Path, *, dirty: bool) -> None:
        self.config_file = config_file
        self.dirty = dirty
        self.site = config_file.parent / "served"
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=dirty)
        self.first = config
        self.rebuild()

    def _config(self) -> MkDocsConfig:
        config = load_config(config_file=str(self.config_file), site_dir=str(self.site))
        config.site_url = "http://127.0.0.1:8000/"
        return config

    def rebuild(self) -> None:
        config = self._config()
        build(config, serve_url=config.site_url, dirty=self.dirty)

    def edit(self, rel_path: str, text: str) -> None:
        (self.config_file.parent / "docs" / rel_path).write_text(text, encoding="utf-8")
        self.rebuild()

    def stamps(self) -> dict[str, int]:
        """Each built page's modification time, by URL."""
        return {
            _page_url(self.site, path): path.stat().st_mtime_ns
            for path in self.site.rglob("index.html")
        }

    def close(self) -> None:
        self.first.plugins.on_shutdown()


def _page_url(site: Path, path: Path) -> str:
    """`processes/x/` for site/processes/x/index.html; "" for the home page."""
    folder = path.parent.relative_to(site).as_posix()
    return "" if folder == "." else f"{folder}/"


@pytest.fixture
def serve() -> Iterator[Callable[..., Serve]]:
    """Start sessions; each is shut down at the end of the test."""
    sessions: list[Serve] = []

    def start(config_file: Path, *, dirty: bool) -> Serve:
        sessions.append(Serve(config_file, dirty=dirty))
        return sessions[-1]

    yield start
    for session in sessions:
        session.close()


def _changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {url for url, stamp in after.items() if before.get(url) != stamp}


def _nav_titles(html: str) -> list[str]:
    nav = parse_html(html).find_all("nav", cls="md-nav--primary")[0]
    return [" ".join(link.text.split()) for link in nav.find_all("a", cls="md-nav__link")]


def test_a_dirty_rebuild_makes_again_every_page_that_shows_the_edited_document(
    tmp_path: Path, serve: Callable[..., Serve]
) -> None:
    config = write_site(tmp_path, config=mkdocs_yml(opsbook_options="navigation: catalog"))
    session = serve(config, dirty=True)
    before = session.stamps()
    session.edit(RUNBOOK, RUNBOOK_DOC.replace(OLD_TITLE, NEW_TITLE))
    changed = _changed(before, session.stamps())
    assert changed >= SHOWS_THE_RUNBOOK
    assert not SHOWS_NOTHING_OF_IT & changed
    for url in SHOWS_THE_RUNBOOK:
        html = page(session.site, url)
        assert NEW_TITLE in html, url
        assert OLD_TITLE not in html, url


def test_a_dirty_rebuild_after_an_edit_elsewhere_makes_no_document_page_again(
    tmp_path: Path, serve: Callable[..., Serve]
) -> None:
    config = write_site(tmp_path)
    session = serve(config, dirty=True)
    before = session.stamps()
    session.edit("index.md", SITE_KB["index.md"] + "\nOne more line.\n")
    changed = _changed(before, session.stamps())
    assert changed == {""}
    assert "One more line." in page(session.site, "")


def test_pages_left_alone_keep_their_titles_in_the_navigation_of_pages_made_again(
    tmp_path: Path, serve: Callable[..., Serve]
) -> None:
    config = write_site(tmp_path)
    full = serve(config, dirty=False)
    expected = _nav_titles(page(full.site, "runbooks/payment-webhook-failures/"))
    full.close()
    session = serve(config, dirty=True)
    session.edit(RUNBOOK, RUNBOOK_DOC.replace("Background prose", "Background, edited"))
    html = page(session.site, "runbooks/payment-webhook-failures/")
    assert "Background, edited" in html
    assert _nav_titles(html) == expected
    assert "None" not in _nav_titles(html)


def test_a_new_title_in_the_navigation_makes_every_page_again(
    tmp_path: Path, serve: Callable[..., Serve]
) -> None:
    config = write_site(tmp_path)  # documents are in the navigation
    session = serve(config, dirty=True)
    before = session.stamps()
    session.edit(RUNBOOK, RUNBOOK_DOC.replace(OLD_TITLE, NEW_TITLE))
    assert _changed(before, session.stamps()) == set(before)
    assert NEW_TITLE in _nav_titles(page(session.site, "runbooks/stale-dashboards/"))


def test_new_plugin_options_make_every_page_again(
    tmp_path: Path, serve: Callable[..., Serve]
) -> None:
    config = write_site(tmp_path, config=mkdocs_yml(opsbook_options="navigation: catalog"))
    session = serve(config, dirty=True)
    before = session.stamps()
    later = mkdocs_yml(
        today=TODAY.replace(year=TODAY.year + 1), opsbook_options="navigation: catalog"
    )
    config.write_text(later, encoding="utf-8")  # a year on, every review is overdue
    session.rebuild()
    assert _changed(before, session.stamps()) == set(before)


@pytest.mark.parametrize("dirty", [True, False], ids=["dirty", "full"])
def test_an_edited_template_override_shows_at_the_next_save(
    tmp_path: Path, serve: Callable[..., Serve], dirty: bool
) -> None:
    override = tmp_path / "overrides" / "opsbook" / "field-reference.html"
    config = write_site(
        tmp_path,
        config=mkdocs_yml(theme="  custom_dir: overrides\n"),
        extra_files={"overrides/opsbook/field-reference.html": "<p>First words</p>\n"},
    )
    session = serve(config, dirty=dirty)
    assert "First words" in page(session.site, "reference/fields/")
    override.write_text("<p>Second words</p>\n", encoding="utf-8")
    stamp = override.stat()
    os.utime(override, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000))
    session.rebuild()
    assert "Second words" in page(session.site, "reference/fields/")


def _banner_text(html: str) -> str | None:
    banners = parse_html(html).find_all("div", cls="opsbook-problems")
    return banners[0].text if banners else None


def _pages_with_banner(site: Path) -> set[str]:
    return {
        _page_url(site, path)
        for path in site.rglob("index.html")
        if _banner_text(path.read_text(encoding="utf-8")) is not None
    }


@pytest.mark.parametrize("dirty", [True, False], ids=["dirty", "full"])
def test_problems_show_in_the_browser_until_the_next_valid_save(
    tmp_path: Path,
    serve: Callable[..., Serve],
    dirty: bool,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # documents out of the navigation: their titles do not make every page again
    config = write_site(tmp_path, config=mkdocs_yml(opsbook_options="navigation: catalog"))
    monkeypatch.chdir(tmp_path)
    session = serve(config, dirty=dirty)
    broken = PROCESS_DOC.replace("last_reviewed: 2026-09-15", "last_reviewed: 2026-13-45")
    broken = broken.replace("cadence:", "cadense:")
    (tmp_path / "docs" / PROCESS_PATH).write_text(broken, encoding="utf-8")
    validate = run_opsbook(tmp_path, "validate")
    assert validate.returncode == 1
    expected = [line for line in validate.stdout.splitlines() if ": error: " in line]
    assert len(expected) == 2

    with caplog.at_level(logging.ERROR):
        session.rebuild()  # does not stop: the preview goes on
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert [message.removeprefix("opsbook: ") for message in logged] == expected
    process_page = page(session.site, "processes/incident-review/")
    banner = _banner_text(process_page)
    assert banner is not None
    for line in expected:
        assert line in banner
    with_banner = _pages_with_banner(session.site)
    assert "processes/incident-review/" in with_banner
    if not dirty:
        assert with_banner == set(session.stamps())

    session.edit("index.md", SITE_KB["index.md"] + "\nEdited while the process is broken.\n")
    assert "" in _pages_with_banner(session.site)  # the home page, made again meanwhile

    session.edit(PROCESS_PATH, PROCESS_DOC)
    assert _pages_with_banner(session.site) == set()
    assert "Incident review" in page(session.site, "processes/incident-review/")


def test_a_yaml_file_that_does_not_parse_keeps_its_page_with_the_problem(
    tmp_path: Path, serve: Callable[..., Serve]
) -> None:
    config = write_site(tmp_path)
    session = serve(config, dirty=True)
    session.edit(PROCESS_PATH, PROCESS_DOC + "steps: [unclosed\n")
    html = page(session.site, "processes/incident-review/")
    banner = _banner_text(html)
    assert banner is not None
    assert PROCESS_PATH in banner
    assert f"{PROCESS_PATH} has problems" in html
    session.edit(PROCESS_PATH, PROCESS_DOC)
    assert _banner_text(page(session.site, "processes/incident-review/")) is None


def test_a_build_still_stops_with_the_problems(tmp_path: Path) -> None:
    config = write_site(tmp_path)
    (tmp_path / "docs" / PROCESS_PATH).write_text(PROCESS_DOC + "colour: red\n", encoding="utf-8")
    result = run_mkdocs(config)
    assert result.returncode == 1
    assert "unknown field 'colour'" in result.stderr
    assert "opsbook-problems" not in "".join(
        path.read_text(encoding="utf-8") for path in (tmp_path / "site").rglob("*.html")
    )


# --- the plain functions behind it -----------------------------------------------------------


def test_pages_showing_a_document_follow_references_backlinks_and_ownership(
    tmp_path: Path,
) -> None:
    write_site(tmp_path, git=False)
    kb = load_knowledge_base(tmp_path / "docs")
    assert pages_showing(kb, RUNBOOK) == {
        RUNBOOK,
        "teams/payments-ops.yaml",
        "teams/payments-eng.yaml",
        PROCESS_PATH,
        "features/smart-routing.md",
    }
    owned = {entry.rel_path for entry in kb.owned["product-ops"]}
    assert owned <= pages_showing(kb, "teams/product-ops.yaml")
    assert pages_showing(kb, "index.md") == set()


def _site(docs: Path, cache: LoadCache) -> Site:
    return render_site(docs, {}, cache=cache)  # the files are there already


def test_generated_pages_are_made_again_only_when_what_they_show_changed(
    tmp_path: Path,
) -> None:
    write_site(tmp_path, git=False)
    docs, cache, memo = tmp_path / "docs", LoadCache(), PageMemo()
    first = _site(docs, cache).generated_files(memo)
    assert "catalog/runbook" in memo.made

    memo.start_build()
    again = _site(docs, cache).generated_files(memo)
    assert memo.made == []
    assert again == first

    runbook = docs / RUNBOOK
    runbook.write_text(RUNBOOK_DOC.replace("Background prose", "Other prose"), encoding="utf-8")
    os.utime(runbook, ns=(0, runbook.stat().st_mtime_ns + 1_000_000))
    memo.start_build()
    _site(docs, cache).generated_files(memo)
    assert "catalog/runbook" in memo.made
    assert "catalog/health" in memo.made  # completeness reads every field
    # the overview and kb.json list titles, owners, summaries, tags, reviews and ids only
    assert not {"catalog/tool", "catalog/index", "kb.json", "field-reference"} & set(memo.made)

    runbook.write_text(RUNBOOK_DOC.replace(OLD_TITLE, NEW_TITLE), encoding="utf-8")
    os.utime(runbook, ns=(0, runbook.stat().st_mtime_ns + 2_000_000))
    memo.start_build()
    edited = {item.src_uri: item.content for item in _site(docs, cache).generated_files(memo)}
    assert {"catalog/index", "kb.json"} <= set(memo.made)
    assert NEW_TITLE in edited["catalog/runbooks.md"]
    assert NEW_TITLE in edited["catalog/index.md"]
