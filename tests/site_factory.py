"""Small knowledge bases built into real MkDocs sites, for the site and browser tests.

`write_site` lays out a project in a folder (mkdocs.yml, docs/ and, by default, a git
repository with everything committed, as a real knowledge base lives in git), `build`
builds it in-process with MkDocs and `run_mkdocs` runs `python -m mkdocs` as a user
would. `parse_html` turns a built page into a small element tree so that tests can
assert on elements and classes instead of searching raw text.

The `*_DOC` constants are complete, valid documents of every kind, cross-referencing
each other; `SITE_KB` holds them all. Review dates are chosen against `TODAY`: the
overdue runbook's review fell due on `OVERDUE_DUE`, every other review is current.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from opsbook.knowledge_base import LoadCache, load_knowledge_base
from opsbook.rendering.environment import make_environment
from opsbook.rendering.labels import load_labels
from opsbook.rendering.site import Site, SiteOptions

__all__ = [
    "BUILDERS",
    "FEATURE_GUIDE_DOC",
    "OVERDUE_DUE",
    "OVERDUE_RUNBOOK_DOC",
    "PAYMENTS_ENG_DOC",
    "PAYMENTS_OPS_DOC",
    "PROCESS_DOC",
    "PROCESS_PATH",
    "PRODUCT_OPS_DOC",
    "RUNBOOK_DOC",
    "SITE_KB",
    "TODAY",
    "Element",
    "build",
    "build_with",
    "git_commit_all",
    "mkdocs_yml",
    "page",
    "page_path",
    "parse_html",
    "render_and_build",
    "render_site",
    "run_mkdocs",
    "run_opsbook",
    "write_site",
]

TODAY = dt.date(2026, 11, 24)
"""The day every site here judges reviews against (plugin option `today`)."""

PRODUCT_OPS_DOC = """\
kind: team
id: product-ops
title: Product Operations
summary: Keeps the product running day to day.
members:
  - {name: Lan Nguyen, role: lead, contact: lan@example.com}
  - name: Sam Lee
    role: analyst
channels: {chat: "#product-ops", email: product-ops@example.com}
codeowners: ["@acme/product-ops"]
responsibilities: [Feature launches, Weekly feedback review]
"""

PAYMENTS_OPS_DOC = """\
kind: team
id: payments-ops
title: Payments Operations
summary: Answers for payments in production.
members:
  - {name: Minh Tran, role: on-call lead}
channels: {chat: "#payments-ops"}
"""

PAYMENTS_ENG_DOC = """\
kind: team
id: payments-eng
title: Payments Engineering
summary: Builds the payment services.
members:
  - {name: Ana Silva, role: engineer, contact: ana@example.com}
channels: {chat: "#payments-eng", pager: payments-eng@pager.example.com}
"""

RUNBOOK_DOC = """\
---
kind: runbook
id: payment-webhook-failures
title: Payment webhooks are failing
summary: Orders stay pending because the payment provider's webhooks are rejected.
owner: payments-ops
service: checkout
severity: sev2
review: {last_reviewed: 2026-10-01, every_days: 90}
symptoms:
  - Alert WebhookDeliveryErrorRate is firing
  - Support reports orders stuck in pending
impact: Customers are charged but their orders never ship.
prerequisites:
  - Read access to the webhooks namespace
steps:
  - title: Check the provider's status page
    details: Open the **provider status** page first.
  - title: Look at rejected deliveries
    command: kubectl logs deploy/webhooks --since=30m | grep 401
    expect: No 401 responses
rollback:
  - title: Re-enable the previous signing secret
    command: kubectl rollout undo deploy/webhooks
escalation:
  - {after_minutes: 30, contact: payments-eng}
related: [incident-review]
tags: [payments]
---
Background prose: the provider signs every webhook with a shared secret.
"""

OVERDUE_RUNBOOK_DOC = """\
kind: runbook
id: stale-dashboards
title: Analytics dashboards are stale
summary: Dashboards stop updating when the nightly export fails.
owner: product-ops
service: analytics
severity: sev4
review: {last_reviewed: 2026-06-01, every_days: 30}
symptoms: [Dashboards show yesterday's numbers]
steps:
  - title: Rerun the export
    command: make export
"""

OVERDUE_DUE = dt.date(2026, 7, 1)
"""When the review of OVERDUE_RUNBOOK_DOC fell due (2026-06-01 + 30 days)."""

PROCESS_PATH = "processes/incident-review.yaml"

PROCESS_DOC = """\
kind: process
id: incident-review
title: Incident review
summary: How we learn from every incident within a week.
owner: product-ops
review: {last_reviewed: 2026-09-15, every_days: 180}
purpose: Learn from every incident without blame.
trigger: An incident of severity sev1 or sev2 is resolved.
cadence: after every major incident
roles:
  lead: Incident lead
  comms: Communications
  eng: Engineering manager
steps:
  - id: collect
    title: Collect the timeline
    role: lead
    raci: {accountable: eng, consulted: [comms], informed: [eng]}
    duration: 2d
    tool: Incident tracker
  - id: triage
    title: Decide on a meeting
    role: lead
    decision: Was it customer-facing?
    next: {yes: meet, no: write-up}
  - id: meet
    title: Hold the review meeting
    role: lead
    raci: {informed: [comms]}
    details: Keep it **blameless**.
  - id: write-up
    title: Publish the write-up
    role: comms
    next: [end]
inputs: [The incident timeline]
outputs: [A published review]
metrics: [Days from resolution to review]
"""

FEATURE_GUIDE_DOC = """\
---
kind: feature-guide
id: smart-routing
title: Smart routing
summary: Chooses the cheapest carrier that meets the promised delivery date.
owner: product-ops
status: ga
released: 2026-03-01
audience: [support, sales]
flags: [smart-routing-enabled]
limitations: [Only domestic parcels]
faq:
  - {q: Can a merchant opt out?, a: "Yes, in **Settings**."}
support_contact: payments-ops
related: [payment-webhook-failures]
---
Smart routing compares carrier quotes for every parcel.
"""

COMPANY_BASICS_DOC = """\
kind: onboarding-path
id: company-basics
title: Company basics
summary: What everyone learns in their first week.
owner: product-ops
audience: every new employee
outcomes: [Knows who does what]
modules:
  - {title: Meet the team, task: Have coffee with your buddy, minutes: 30}
"""

ONBOARDING_DOC = """\
kind: onboarding-path
id: product-ops-analyst
title: Lộ trình cho chuyên viên Product Operations
summary: The first four weeks of a new product operations analyst.
owner: product-ops
audience: product operations analyst
outcomes: [Runs the weekly feedback review on their own]
prerequisites: [company-basics]
modules:
  - {title: How we route parcels, doc: smart-routing, minutes: 45}
  - {title: Shadow the on-call product ops, task: Join two incident reviews, minutes: 240}
  - {title: Product analytics primer, url: "https://example.com/analytics", minutes: 60, optional: true}
"""

SITE_KB: dict[str, str] = {
    "index.md": "# Knowledge base\n\nWelcome.\n",
    "teams/product-ops.yaml": PRODUCT_OPS_DOC,
    "teams/payments-ops.yaml": PAYMENTS_OPS_DOC,
    "teams/payments-eng.yaml": PAYMENTS_ENG_DOC,
    "runbooks/payment-webhook-failures.md": RUNBOOK_DOC,
    "runbooks/stale-dashboards.yaml": OVERDUE_RUNBOOK_DOC,
    PROCESS_PATH: PROCESS_DOC,
    "features/smart-routing.md": FEATURE_GUIDE_DOC,
    "onboarding/company-basics.yaml": COMPANY_BASICS_DOC,
    "onboarding/product-ops-analyst.yaml": ONBOARDING_DOC,
}
"""One valid document of every kind (and the teams they name), plus a home page."""


def mkdocs_yml(
    *,
    today: dt.date | None = TODAY,
    theme: str = "",
    extra: str = "",
    opsbook_options: str = "",
) -> str:
    """A minimal mkdocs.yml: Material without web fonts (the tests run offline).

    `theme` adds lines under `theme:` (indented by the caller's text, two spaces),
    `opsbook_options` adds `key: value` pairs to the plugin's options, `extra`
    adds top-level lines.
    """
    options = [f'today: "{today.isoformat()}"'] if today is not None else []
    if opsbook_options:
        options.append(opsbook_options)
    return (
        "site_name: T\n"
        "theme:\n"
        "  name: material\n"
        "  font: false\n"
        f"{theme}"
        "plugins:\n"
        "  - search\n"
        f"  - opsbook: {{{', '.join(options)}}}\n"
        f"{extra}"
    )


def git_commit_all(root: Path, message: str = "Knowledge base") -> None:
    """Make `root` a git repository with everything in it committed."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Lan Nguyen",
        "GIT_AUTHOR_EMAIL": "lan@example.com",
        "GIT_COMMITTER_NAME": "Lan Nguyen",
        "GIT_COMMITTER_EMAIL": "lan@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    for command in (
        ["git", "init", "--quiet", "--initial-branch=main"],
        ["git", "add", "--all"],
        ["git", "commit", "--quiet", "--no-gpg-sign", "--message", message],
    ):
        subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)


def write_site(
    root: Path,
    files: Mapping[str, str | bytes] | None = None,
    *,
    config: str | None = None,
    extra_files: Mapping[str, str] | None = None,
    git: bool = True,
) -> Path:
    """Write a project into `root` and return its mkdocs.yml.

    `files` go under docs/ (default `SITE_KB`), `extra_files` are relative to `root`
    (theme overrides), `config` is the mkdocs.yml text (default `mkdocs_yml()`).
    With `git`, the project is committed to a fresh repository.
    """
    root.mkdir(parents=True, exist_ok=True)
    config_file = root / "mkdocs.yml"
    config_file.write_text(config if config is not None else mkdocs_yml(), encoding="utf-8")
    for rel_path, content in (SITE_KB if files is None else files).items():
        path = root / "docs" / rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for rel_path, content in (extra_files or {}).items():
        path = root / rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    if git:
        (root / ".gitignore").write_text("site/\n", encoding="utf-8")
        git_commit_all(root)
    return config_file


def render_site(
    docs: Path,
    files: Mapping[str, str] | None = None,
    options: SiteOptions | None = None,
    *,
    cache: LoadCache | None = None,
) -> Site:
    """The renderer alone, no builder: `files` (default `SITE_KB`) written into `docs`, a
    knowledge base without problems, English words, judged on `TODAY`."""
    for rel_path, text in (SITE_KB if files is None else files).items():
        path = docs / rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    kb = load_knowledge_base(docs, cache=cache)
    assert not kb.problems, kb.problems
    labels = load_labels("en")
    return Site(kb, make_environment([], labels), labels, TODAY, options or SiteOptions())


def build(config_file: Path, **overrides: Any) -> Path:
    """Build the site in-process, as `mkdocs build` does; return the site folder."""
    config = load_config(config_file=str(config_file), **overrides)
    mkdocs_build(config)
    return Path(config.site_dir)


def run_mkdocs(config_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m mkdocs build -f <config> <args>` in a subprocess, output captured."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args, "-f", str(config_file)],
        cwd=config_file.parent,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def run_opsbook(cwd: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """The `opsbook` command in a subprocess, as a user runs it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    env.pop("OPSBOOK_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "opsbook.cli.main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def render_and_build(config_file: Path, builder: str = "zensical") -> Path:
    """`opsbook render` the project into a folder beside it, then build that folder with
    `zensical build` or a plain `mkdocs build` (no opsbook plugin); the site folder."""
    out = config_file.parent.parent / f"{config_file.parent.name}-rendered"
    rendered = run_opsbook(config_file.parent, "render", str(out), "-f", str(config_file))
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    if builder == "zensical":
        command = [str(Path(sys.executable).parent / "zensical"), "build", "--clean"]
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    built = subprocess.run(
        command, cwd=out, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return out / "site"


BUILDERS = ("plugin", "zensical", "mkdocs")
"""How a site reaches readers: the MkDocs plugin, or `opsbook render` then Zensical or
a plain MkDocs build."""


def build_with(builder: str, config_file: Path) -> Path:
    """The site folder of `config_file` built the way `builder` (one of BUILDERS) says."""
    return build(config_file) if builder == "plugin" else render_and_build(config_file, builder)


def page_path(site: Path, url: str) -> Path:
    """The HTML file of a page by its URL relative to the site root (`processes/x/`)."""
    url = url.strip("/")
    return site / url / "index.html" if url else site / "index.html"


def page(site: Path, url: str) -> str:
    return page_path(site, url).read_text(encoding="utf-8")


# --- A small element tree over html.parser --------------------------------------------

VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)


@dataclass
class Element:
    """An HTML element with its attributes, children and text, as parsed."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    @property
    def text(self) -> str:
        """All text inside, with runs of white space collapsed to one space."""
        return " ".join("".join(self._texts()).split())

    @property
    def raw_text(self) -> str:
        """All text inside, exactly as it is (Mermaid source keeps its lines)."""
        return "".join(self._texts())

    def _texts(self) -> Iterator[str]:
        for child in self.children:
            if isinstance(child, str):
                yield child
            else:
                yield from child._texts()

    def iter(self) -> Iterator[Element]:
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(
        self, tag: str | None = None, cls: str | None = None, **attrs: str | bool
    ) -> list[Element]:
        """Elements inside (or this one) with the tag, the class and the attributes.

        An attribute given as True only has to be present; underscores in names stand
        for dashes (`data_opsbook_table=True`).
        """
        found = []
        for element in self.iter():
            if tag is not None and element.tag != tag:
                continue
            if cls is not None and cls not in element.classes:
                continue
            if all(
                (name.replace("_", "-") in element.attrs)
                if value is True
                else element.attrs.get(name.replace("_", "-")) == value
                for name, value in attrs.items()
            ):
                found.append(element)
        return found

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str | bool) -> Element:
        """The first match; fails the test when there is none."""
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'} class={cls!r} {attrs}> in <{self.tag} {self.attrs}>"
        return found[0]

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def closest(self, tag: str | None = None, cls: str | None = None) -> Element:
        for node in self.ancestors():
            if (tag is None or node.tag == tag) and (cls is None or cls in node.classes):
                return node
        raise AssertionError(f"no ancestor <{tag or '*'} class={cls!r}> of <{self.tag}>")

    def section(self, heading: str) -> list[Element]:
        """The elements that follow the `h2` (or `h3`) titled `heading`, up to the next one."""
        for element in self.iter():
            if element.tag in ("h2", "h3") and _heading_text(element) == heading:
                siblings = element.parent.children if element.parent is not None else []
                start = siblings.index(element) + 1
                result = []
                for sibling in siblings[start:]:
                    if isinstance(sibling, Element):
                        if sibling.tag in ("h1", "h2") or sibling.tag == element.tag:
                            break
                        result.append(sibling)
                return result
        raise AssertionError(f"no section {heading!r}")


def _heading_text(element: Element) -> str:
    """A heading's text without a permalink anchor's pilcrow."""
    return element.text.removesuffix("¶").strip()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.current)
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.current)
        self.current.children.append(element)

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(html: str) -> Element:
    """The document as an element tree (tolerant: stray end tags are ignored)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root
