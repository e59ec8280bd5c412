"""Small knowledge bases written into a temporary folder, for the tests.

`write_kb` lays out a project (mkdocs.yml plus docs/), `load_kb` also loads it.
The `*_DOC` constants are complete, valid documents of every kind, shaped like
the examples of the content model; together (`VALID_KB`) they form a knowledge
base without a single problem, so a test can break one line of one file and
assert on exactly the problem that line causes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from opsbook.knowledge_base import KnowledgeBase, load_knowledge_base
from opsbook.problems import Problem

__all__ = [
    "EVERY_KIND_KB",
    "EXPERIMENT_DOC",
    "FEATURE_GUIDE_DOC",
    "MKDOCS_YML",
    "ONBOARDING_DOC",
    "ONBOARDING_PREREQUISITE_DOC",
    "PAYMENTS_ENG_DOC",
    "PAYMENTS_OPS_DOC",
    "PROCESS_DOC",
    "RUNBOOK_DOC",
    "TEAM_DOC",
    "TOOL_DOC",
    "VALID_KB",
    "edit",
    "line_of",
    "load_kb",
    "only_problem",
    "position_of",
    "problems_in",
    "write_kb",
]

MKDOCS_YML = "site_name: t\ndocs_dir: docs\n"

TEAM_DOC = """\
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
"""

PAYMENTS_ENG_DOC = """\
kind: team
id: payments-eng
title: Payments Engineering
summary: Builds the payment services.
members:
  - {name: Ana Silva, role: engineer}
"""

RUNBOOK_DOC = """\
---
kind: runbook
id: payment-webhook-failures
title: Payment webhooks are failing
summary: Orders stay "pending" because the payment provider's webhooks are rejected.
owner: payments-ops
service: checkout
severity: sev2
review: {last_reviewed: 2026-10-01, every_days: 90}
symptoms:
  - Alert WebhookDeliveryErrorRate is firing
  - Support reports orders stuck in "pending"
steps:
  - title: Check the provider's status page
  - title: Look at rejected deliveries
    command: kubectl logs deploy/webhooks --since=30m | grep 401
    expect: No 401 responses
escalation:
  - {after_minutes: 30, contact: payments-eng}
related: [incident-management]
---
Background, diagrams and anything else in free Markdown.
"""

PROCESS_DOC = """\
kind: process
id: incident-management
title: Incident management
summary: How we handle an incident from the first alert to the review.
owner: product-ops
review: {last_reviewed: 2026-09-15, every_days: 180}
purpose: Restore service quickly and learn from every incident.
trigger: An alert fires or a customer reports an outage.
cadence: on demand
roles:
  lead: Incident lead
  comms: Communications
steps:
  - id: triage
    title: Triage the alert
    role: lead
    raci: {accountable: lead, consulted: [comms], informed: [comms]}
    duration: 30m
    decision: Is it customer-facing?
    next: {yes: announce, no: fix}
  - id: announce
    title: Post on the status page
    role: comms
  - id: fix
    title: Fix the cause
    role: lead
    tool: Kubernetes
    details: Follow the **runbook** of the service.
    next: [end]
inputs: [The alert]
outputs: [An incident review]
metrics: [Time to restore]
"""

FEATURE_GUIDE_DOC = """\
---
kind: feature-guide
id: feature-launch
title: Feature launches
summary: How a feature goes from beta to general availability.
owner: product-ops
status: ga
released: 2026-03-01
audience: [support, sales]
flags: [launch-checklist]
limitations: [Only one launch per week]
faq:
  - {q: Who approves a launch?, a: The **product manager**.}
support_contact: product-ops
tags: [launch]
---
# Feature launches

Free prose.
"""

ONBOARDING_PREREQUISITE_DOC = """\
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
  - {title: How we launch features, doc: feature-launch, minutes: 45}
  - {title: Shadow the on-call product ops, task: Join two incident reviews, minutes: 240}
  - title: Product analytics primer
    url: "https://example.com/analytics"
    minutes: 60
    optional: true
"""

TOOL_DOC = """\
kind: tool
id: feedback-board
title: Feedback board
summary: Where customer feedback becomes insights linked to roadmap features.
owner: product-ops
vendor: Boards Inc.
category: product
status: active
admins: [{name: Lan Nguyen, contact: lan@example.com}]
data_classification: internal
cost: {amount: 1200, currency: EUR, per: year}
contract: {renews: 2027-06-30, notice_days: 90}
review: {last_reviewed: 2026-10-01, every_days: 180}
"""

VALID_KB: dict[str, str] = {
    "teams/product-ops.yaml": TEAM_DOC,
    "teams/payments-ops.yaml": PAYMENTS_OPS_DOC,
    "teams/payments-eng.yaml": PAYMENTS_ENG_DOC,
    "runbooks/payment-webhook-failures.md": RUNBOOK_DOC,
    "processes/incident-management.yaml": PROCESS_DOC,
    "features/feature-launch.md": FEATURE_GUIDE_DOC,
    "onboarding/company-basics.yaml": ONBOARDING_PREREQUISITE_DOC,
    "onboarding/product-ops-analyst.yaml": ONBOARDING_DOC,
}
"""A valid knowledge base: documents of the first kinds, with everything they reference."""

EXPERIMENT_DOC = """\
kind: experiment
id: label-in-email
title: Return label in the email
summary: Does the label in the email cut label tickets?
owner: product-ops
hypothesis: Fewer label tickets when the label comes with the email.
status: planned
feature: feature-launch
metrics: {primary: label tickets per 1000 returns}
"""

EVERY_KIND_KB: dict[str, str] = {
    **VALID_KB,
    "tools/feedback-board.yaml": TOOL_DOC,
    "experiments/label-in-email.yaml": EXPERIMENT_DOC,
}
"""One valid document of every kind."""


def write_kb(
    root: Path,
    files: Mapping[str, str | bytes],
    *,
    mkdocs_yml: str = MKDOCS_YML,
    docs_dir: str = "docs",
) -> Path:
    """Write `files` (paths relative to the docs folder) and mkdocs.yml; return the docs folder.

    Text is written as UTF-8 exactly as given (no newline translation), bytes as they are.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    docs = root / docs_dir
    docs.mkdir(parents=True, exist_ok=True)
    for rel_path, content in files.items():
        path = docs / rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return docs


def load_kb(root: Path, files: Mapping[str, str | bytes]) -> KnowledgeBase:
    """Write `files` under root/docs and load them."""
    return load_knowledge_base(write_kb(root, files))


def problems_in(kb: KnowledgeBase, rel_path: str) -> list[Problem]:
    """The problems of one file, by its path relative to the docs folder."""
    target = kb.docs_dir / rel_path
    return [problem for problem in kb.problems if problem.file == target]


def only_problem(kb: KnowledgeBase) -> Problem:
    """The single problem of the knowledge base (fails, listing them, if there are more)."""
    assert len(kb.problems) == 1, [problem.format(kb.docs_dir) for problem in kb.problems]
    return kb.problems[0]


def edit(text: str, old: str, new: str) -> str:
    """`text` with the one occurrence of `old` replaced (fails if `old` is not there once)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """The 1-based line of `text` holding the one occurrence of `needle`."""
    assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times"
    return text[: text.index(needle)].count("\n") + 1


def position_of(text: str, needle: str) -> tuple[int, int]:
    """The 1-based (line, column) where the one occurrence of `needle` starts in `text`."""
    line = line_of(text, needle)
    return line, text.splitlines()[line - 1].index(needle) + 1
