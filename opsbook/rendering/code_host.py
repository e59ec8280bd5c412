"""Links into the site's code host (GitHub or GitLab, from `repo_url`): commits, and new
issues that report a problem with a page to the team that owns it.

opsbook sends nothing anywhere: a reader follows the link, and the code host opens its own
"new issue" form, filled in. Other hosts get no links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlencode, urlsplit

__all__ = ["CodeHost", "IssueReport", "code_host", "commit_url"]


@dataclass(frozen=True, slots=True)
class IssueReport:
    """What a reader's report says before they write a word."""

    title: str
    page_title: str
    page_url: str
    document_id: str
    kind: str
    owner_title: str
    owner_id: str
    handles: tuple[str, ...]

    def body(self) -> str:
        mentions = " ".join(h for h in self.handles if h.startswith("@"))
        others = ", ".join(h for h in self.handles if not h.startswith("@"))
        if mentions or others:
            owner = f"{self.owner_title} ({self.owner_id}): {mentions or others}"
            if mentions and others:
                owner += f" (also {others})"
        else:
            owner = f"{self.owner_title} ({self.owner_id}); this team lists no code-host handles"
        return (
            f"Page: {self.page_title}\n"
            f"URL: {self.page_url}\n"
            f"Document: {self.document_id} ({self.kind})\n"
            f"Owner: {owner}\n\n"
            "What is wrong or missing:\n\n"
        )


@dataclass(frozen=True, slots=True)
class CodeHost:
    kind: Literal["github", "gitlab"]
    base: str
    """The repository's web address, without `.git` or a trailing slash."""

    def commit(self, sha: str) -> str:
        separator = "/" if self.kind == "github" else "/-/"
        return f"{self.base}{separator}commit/{sha}"

    def new_issue(self, report: IssueReport) -> str:
        """The host's "new issue" form, filled in. Every value is URL-encoded, so any
        title (`&`, `#`, quotes, line breaks, Vietnamese) arrives exactly as written."""
        if self.kind == "github":
            query = {"title": report.title, "body": report.body()}
            return f"{self.base}/issues/new?{urlencode(query)}"
        query = {"issue[title]": report.title, "issue[description]": report.body()}
        return f"{self.base}/-/issues/new?{urlencode(query)}"


def code_host(repo_url: str | None) -> CodeHost | None:
    """GitHub or GitLab behind `repo_url`; None for no URL or another host."""
    if not repo_url:
        return None
    base = re.sub(r"(\.git)?/*$", "", repo_url.strip())
    parts = urlsplit(base)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return None
    host = parts.hostname or ""
    if "github" in host:
        return CodeHost("github", base)
    if "gitlab" in host:
        return CodeHost("gitlab", base)
    return None


def commit_url(repo_url: str | None, sha: str) -> str | None:
    """A link to the commit on GitHub or GitLab (other hosts: no link)."""
    host = code_host(repo_url)
    return host.commit(sha) if host is not None else None
