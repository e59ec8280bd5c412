"""`opsbook review --by-team` and `--team`: what is due, grouped by the team that owns it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kb_factory import RUNBOOK_DOC, VALID_KB, edit, write_kb

LATE = "review: {last_reviewed: 2020-01-01, every_days: 30}"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "opsbook.cli.main", "review", "--today", "2026-11-24", *args],
        cwd=cwd,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )


def project(tmp_path: Path) -> Path:
    files = dict(VALID_KB)
    # payments-ops (no handles) and product-ops (@acme/product-ops) each have one overdue.
    files["runbooks/payment-webhook-failures.md"] = edit(
        RUNBOOK_DOC, "review: {last_reviewed: 2026-10-01, every_days: 90}", LATE
    )
    process = files["processes/incident-management.yaml"]
    files["processes/incident-management.yaml"] = process.replace(
        process[process.index("review: {") : process.index("}", process.index("review: {")) + 1],
        LATE,
    )
    write_kb(tmp_path, files)
    return tmp_path


def test_json_groups_by_team_with_handles(tmp_path: Path) -> None:
    done = run(project(tmp_path), "--by-team", "--format", "json", "--fail")
    assert done.returncode == 1
    teams = json.loads(done.stdout)["teams"]
    assert [(t["id"], t["handles"]) for t in teams] == [
        ("payments-ops", []),
        ("product-ops", ["@acme/product-ops"]),
    ]
    assert [item["id"] for item in teams[0]["items"]] == ["payment-webhook-failures"]
    assert [item["id"] for item in teams[1]["items"]] == ["incident-management"]


def test_text_names_handles_or_says_there_are_none(tmp_path: Path) -> None:
    text = run(project(tmp_path), "--by-team").stdout
    assert "Payments Operations (payments-ops): this team has no code-host handles" in text
    assert "Product Operations (product-ops): cc @acme/product-ops" in text


def test_one_team_only(tmp_path: Path) -> None:
    text = run(project(tmp_path), "--team", "payments-ops").stdout
    assert "payment-webhook-failures" in text or "Payment webhooks" in text
    assert "incident" not in text.lower()
    unknown = run(tmp_path, "--team", "nobody")
    assert unknown.returncode == 2
