"""Reader reports go to the owner: every document page links to its code host's new-issue
form, filled in for the team that owns the page. Nothing is sent by opsbook."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from site_factory import SITE_KB, build, mkdocs_yml, render_site, write_site

from opsbook.rendering.code_host import IssueReport, code_host
from opsbook.rendering.site import Site, SiteOptions

TRICKY_TITLE = 'Hoàn tiền & đổi trả: "nhanh" #1'


def site_of(tmp_path: Path, repo_url: str | None, documents: dict[str, str] | None = None) -> Site:
    options = SiteOptions(repo_url=repo_url, site_url="https://kb.example.com/")
    return render_site(tmp_path / "docs", {**SITE_KB, **(documents or {})}, options)


def report_link(site: Site, src_uri: str) -> str | None:
    entry = site.document_pages[src_uri]
    return site.report_url(entry, src_uri)


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_github_issue_is_prefilled_for_the_owner(tmp_path: Path) -> None:
    site = site_of(tmp_path, "https://github.com/acme/kb.git")
    url = report_link(site, "processes/incident-review.md")
    assert url is not None
    assert url.startswith("https://github.com/acme/kb/issues/new?")
    fields = query(url)
    assert fields["title"] == 'Problem with the page "Incident review"'
    body = fields["body"]
    assert "URL: https://kb.example.com/processes/incident-review/" in body
    assert "Document: incident-review (process)" in body
    assert "Product Operations (product-ops): @acme/product-ops" in body
    assert "report_url" not in site.document_page("processes/incident-review.md")
    assert "opsbook-report" in site.document_page("processes/incident-review.md")


def test_gitlab_gets_its_own_form(tmp_path: Path) -> None:
    site = site_of(tmp_path, "https://gitlab.example.com/ops/kb/")
    url = report_link(site, "processes/incident-review.md")
    assert url is not None
    assert url.startswith("https://gitlab.example.com/ops/kb/-/issues/new?")
    fields = query(url)
    assert fields["issue[title]"] == 'Problem with the page "Incident review"'
    assert "Document: incident-review (process)" in fields["issue[description]"]


@pytest.mark.parametrize("repo_url", [None, "https://bitbucket.org/acme/kb"])
def test_other_hosts_and_no_repo_get_no_link(tmp_path: Path, repo_url: str | None) -> None:
    site = site_of(tmp_path, repo_url)
    assert report_link(site, "processes/incident-review.md") is None
    assert "opsbook-report" not in site.document_page("processes/incident-review.md")


def test_a_team_without_handles_is_named_and_says_so(tmp_path: Path) -> None:
    site = site_of(tmp_path, "https://github.com/acme/kb")
    url = report_link(site, "runbooks/payment-webhook-failures.md")  # owned by payments-ops
    assert url is not None
    assert "payments-ops); this team lists no code-host handles" in query(url)["body"]


def test_titles_round_trip_exactly(tmp_path: Path) -> None:
    host = code_host("https://github.com/acme/kb")
    assert host is not None
    report = IssueReport(
        title=TRICKY_TITLE + "\nsecond line",
        page_title=TRICKY_TITLE,
        page_url="https://kb.example.com/x/?a=1&b=2#frag",
        document_id="x",
        kind="runbook",
        owner_title="Đội & <team>",
        owner_id="t",
        handles=("@acme/t",),
    )
    fields = query(host.new_issue(report))
    assert fields["title"] == TRICKY_TITLE + "\nsecond line"
    assert fields["body"] == report.body()
    assert f"Page: {TRICKY_TITLE}\n" in fields["body"]
    assert "URL: https://kb.example.com/x/?a=1&b=2#frag\n" in fields["body"]


@pytest.mark.parametrize(
    ("repo_url", "words"),
    [
        ("", "set repo_url"),
        ("repo_url: https://code.example.com/acme/kb\n", "neither on GitHub nor on GitLab"),
    ],
)
def test_the_build_says_why_there_is_no_link(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, repo_url: str, words: str
) -> None:
    config = write_site(tmp_path, SITE_KB, config=mkdocs_yml(extra=repo_url), git=False)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        build(config)
    notes = [r.getMessage() for r in caplog.records if "Report a problem" in r.getMessage()]
    assert len(notes) == 1
    assert words in notes[0]
    assert all(r.levelno == logging.INFO for r in caplog.records if "Report a" in r.getMessage())
