"""The knowledge base's health: the figures (opsbook.health), `opsbook health` and the health
page in both builders. Every figure is checked against a small knowledge base whose answers
are worked out by hand below."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from kb_factory import VALID_KB, edit, load_kb, write_kb
from site_factory import SITE_KB, build_with, page, parse_html, write_site

from opsbook.health import AREAS, compute_health

TODAY = dt.date(2026, 11, 24)

TOOL = """\
kind: tool
id: board
title: Feedback board
summary: Feedback to insights.
owner: product-ops
tags: [feedback-loop, product-stack]
vendor: Boards Inc.
category: product
status: active
admins: [{name: Lan}]
data_classification: internal
cost: {amount: 10, currency: EUR, per: month}
contract: {renews: 2026-12-10, notice_days: 30}
review: {last_reviewed: 2026-10-01, every_days: 180}
related: [incident-management]
"""
"""Its notice deadline (2026-11-10) has passed while it renews ahead: one decision due."""

LONELY = """\
kind: experiment
id: lonely
title: A lonely idea
summary: Nothing links here.
owner: payments-ops
hypothesis: Nobody will find this.
status: idea
metrics: {primary: none}
"""


def knowledge_base() -> dict[str, str]:
    return {**VALID_KB, "tools/board.yaml": TOOL, "experiments/lonely.yaml": LONELY}


def test_figures_of_a_small_knowledge_base(tmp_path: Path) -> None:
    kb = load_kb(tmp_path, knowledge_base())
    assert kb.problems == []
    health = compute_health(kb, TODAY)
    teams = {team.team_id: team for team in health.teams}
    # product-ops owns: the team itself (no review), the process (due 2027-03-14: current),
    # the feature guide, both onboarding paths and the tool (due 2027-03-30: current).
    ops = teams["product-ops"]
    assert ops.documents == 6
    assert (ops.overdue, ops.due_soon, ops.current) == (0, 0, 2)
    assert ops.deadlines_due == 1
    assert ops.median_days_since_commit is None  # no history given
    # payments-ops: its team, the runbook (reviewed 2026-10-01 every 90 days: due
    # 2026-12-30, 36 days after TODAY) and the lonely experiment.
    payments = teams["payments-ops"]
    assert (payments.documents, payments.overdue, payments.due_soon) == (3, 0, 0)
    assert payments.current == 1
    soon = compute_health(load_kb(tmp_path / "later", knowledge_base()), TODAY + dt.timedelta(7))
    assert {t.team_id: t.due_soon for t in soon.teams}["payments-ops"] == 1
    # Completeness: RUNBOOK_DOC's command says what to expect and it escalates, but it has
    # no rollback.
    runbook = next(d for d in health.documents if d.entry.kind == "runbook")
    assert runbook.failing == ["check_runbook_rollback"]
    assert runbook.score == 67
    # The process's steps: only `assess` names someone accountable.
    process = next(d for d in health.documents if d.entry.kind == "process")
    assert process.failing == ["check_process_accountable"]
    assert process.score == 0
    kinds = {kind.kind: kind for kind in health.kinds}
    assert kinds["process"].failing == {"check_process_accountable": 1}
    assert kinds["team"].score == 100
    # Coverage: only the tool carries area tags.
    areas = {area.tag: area.documents for area in health.areas}
    assert list(areas) == list(AREAS)
    assert areas["feedback-loop"] == 1
    assert areas["onboarding"] == 0
    # Orphans: the experiment names nothing and nothing names it.
    assert [d.entry.id for d in health.orphans] == ["lonely"]
    # Attention: process 30 (a failing check), runbook 30, the orphan 60.
    ranked = [(d.entry.id, d.attention) for d in health.attention]
    assert ranked[0] == ("lonely", 60)
    assert set(ranked[1:]) == {
        ("incident-management", 30),
        ("payment-webhook-failures", 30),
    }


def test_overdue_reviews_add_their_days_to_the_attention(tmp_path: Path) -> None:
    files = knowledge_base()
    files["tools/board.yaml"] = edit(TOOL, "last_reviewed: 2026-10-01", "last_reviewed: 2026-01-01")
    health = compute_health(load_kb(tmp_path, files), TODAY)
    board = next(d for d in health.documents if d.entry.id == "board")
    # due 2026-06-30: 147 days before TODAY
    assert board.days_overdue == 147
    assert board.attention == 147
    assert {t.team_id: t.overdue for t in health.teams}["product-ops"] == 1


def test_one_team_only(tmp_path: Path) -> None:
    health = compute_health(load_kb(tmp_path, knowledge_base()), TODAY, team="payments-ops")
    assert {d.entry.id for d in health.documents} == {
        "payments-ops",
        "payment-webhook-failures",
        "lonely",
    }
    assert [t.team_id for t in health.teams] == ["payments-ops"]


# --- the command --------------------------------------------------------------------------------


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "opsbook.cli.main", *args],
        cwd=cwd,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_health_command_formats_and_fail_under(tmp_path: Path) -> None:
    write_kb(tmp_path, knowledge_base())
    text = run(tmp_path, "health", "--today", TODAY.isoformat())
    assert text.returncode == 0, text.stderr
    assert "completeness" in text.stdout
    assert "orphans: lonely" in text.stdout
    assert "Has a rollback" in text.stdout
    data = json.loads(
        run(tmp_path, "health", "--today", TODAY.isoformat(), "--format", "json").stdout
    )
    assert data["orphans"] == ["lonely"]
    assert data["areas"]["onboarding"] == 0
    assert [t["id"] for t in data["teams"]] == ["payments-eng", "payments-ops", "product-ops"]
    markdown = run(tmp_path, "health", "--today", TODAY.isoformat(), "--format", "markdown").stdout
    assert markdown.startswith("## Knowledge base health (2026-11-24)")
    assert "| Payments Operations | 3 |" in markdown
    score = data["score"]
    assert (
        run(tmp_path, "health", "--today", TODAY.isoformat(), "--fail-under", str(score)).returncode
        == 0
    )
    failed = run(tmp_path, "health", "--today", TODAY.isoformat(), "--fail-under", str(score + 1))
    assert failed.returncode == 1
    assert "is under" in failed.stderr


@pytest.mark.parametrize(
    "args", [["--fail-under", "101"], ["--fail-under", "-1"], ["--team", "nobody"], ["--nope"]]
)
def test_misuse_exits_2(tmp_path: Path, args: list[str]) -> None:
    write_kb(tmp_path, knowledge_base())
    done = run(tmp_path, "health", *args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


# --- the page, in both builders -------------------------------------------------------------------


@pytest.mark.parametrize("builder", ["plugin", "zensical"])
def test_health_page_has_charts_and_their_tables(tmp_path: Path, builder: str) -> None:
    config = write_site(tmp_path / "kb", SITE_KB)
    site = build_with(builder, config)
    root = parse_html(page(site, "catalog/health/"))
    svgs = root.find_all("svg", role="img")
    assert len(svgs) == 3
    for svg in svgs:
        assert svg.find("title").text
        assert svg.find("desc").text
    tables = root.find_all("table")
    assert len(tables) >= 3
    teams = [row.find("th").text for row in tables[0].find("tbody").find_all("tr")]
    assert teams == ["Payments Engineering", "Payments Operations", "Product Operations"]
    assert "script" not in {el.tag for el in root.find("article").find_all()}
