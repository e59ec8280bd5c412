"""`opsbook health`: the figures of the health page, for CI and job summaries."""

from __future__ import annotations

import os
from pathlib import Path

import click

from opsbook.cli.options import (
    EXIT_INVALID,
    EXIT_OK,
    check_team,
    config_option,
    judged_day,
    load_config,
    load_project,
    team_option,
    today_option,
)
from opsbook.cli.report import json_text, markdown_cell, say

__all__ = ["health"]


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    default=None,
    help="Exit 1 when the completeness score (0-100) is below this.",
)
@team_option
@today_option
@config_option
def health(
    output_format: str,
    fail_under: float | None,
    team: str | None,
    on: str | None,
    config_file: Path,
) -> int:
    """Show how healthy the knowledge base is: reviews and decisions due per team,
    completeness per kind and team, coverage of the nine areas, orphans, and the pages
    most in need of attention."""
    from opsbook.health import ATTENTION_FORMULA, DUE_SOON_DAYS, compute_health
    from opsbook.history import read_history
    from opsbook.rendering.labels import load_labels

    config = load_config(config_file)
    day = judged_day(config, on)
    kb = load_project(config)
    teams = [entry.id for entry in kb.of_kind("team")]
    check_team(team, teams)
    history = read_history(config.docs_dir)
    found = compute_health(kb, day, history, team)
    t = load_labels("en")
    base = Path.cwd()

    def check_names(names: list[str]) -> list[str]:
        return [str(t.get(name, name)) for name in names]

    if output_format == "json":
        click.echo(
            json_text(
                {
                    "today": day.isoformat(),
                    "team": team,
                    "history": found.history,
                    "score": found.score,
                    "teams": [
                        {
                            "id": item.team_id,
                            "title": item.title,
                            "handles": list(item.handles),
                            "documents": item.documents,
                            "reviews_overdue": item.overdue,
                            f"reviews_due_within_{DUE_SOON_DAYS}_days": item.due_soon,
                            "reviews_current": item.current,
                            "decisions_due": item.deadlines_due,
                            "median_days_since_last_change": item.median_days_since_commit,
                            "score": item.score,
                        }
                        for item in found.teams
                    ],
                    "kinds": [
                        {
                            "kind": kind.kind,
                            "documents": kind.documents,
                            "score": kind.score,
                            "failing": {t.get(k, k): n for k, n in kind.failing.items()},
                        }
                        for kind in found.kinds
                    ],
                    "areas": {area.tag: area.documents for area in found.areas},
                    "orphans": [doc.entry.id for doc in found.orphans],
                    "attention_formula": ATTENTION_FORMULA,
                    "attention": [
                        {
                            "id": doc.entry.id,
                            "title": doc.entry.title,
                            "file": os.path.relpath(doc.entry.raw.path, base),
                            "points": doc.attention,
                            "days_overdue": doc.days_overdue,
                            "failing": check_names(doc.failing),
                            "orphan": doc.orphan,
                        }
                        for doc in found.attention
                    ],
                    "documents": [
                        {
                            "id": doc.entry.id,
                            "kind": doc.entry.kind,
                            "score": doc.score,
                            "failing": check_names(doc.failing),
                        }
                        for doc in found.documents
                    ],
                }
            )
        )
    elif output_format == "markdown":
        lines = [
            f"## Knowledge base health ({day.isoformat()})",
            "",
            f"**Completeness:** {found.score} / 100",
            "",
            "| Team | Documents | Reviews overdue | Due within 30 days | Current "
            "| Decisions due | Median days since last change | Score |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for item in found.teams:
            age = "-" if item.median_days_since_commit is None else item.median_days_since_commit
            lines.append(
                f"| {markdown_cell(item.title)} | {item.documents} | {item.overdue} "
                f"| {item.due_soon} | {item.current} | {item.deadlines_due} | {age} "
                f"| {item.score} |"
            )
        lines += ["", "| Kind | Documents | Score | Failing checks |", "|---|---:|---:|---|"]
        for kind in found.kinds:
            if kind.documents:
                failing = "; ".join(f"{t.get(k, k)} ({n})" for k, n in kind.failing.items())
                lines.append(
                    f"| {kind.kind} | {kind.documents} | {kind.score} | {markdown_cell(failing)} |"
                )
        uncovered = [area.tag for area in found.areas if not area.documents]
        lines += ["", f"**Areas without a document:** {', '.join(uncovered) or 'none'}", ""]
        orphans = ", ".join(markdown_cell(doc.entry.title) for doc in found.orphans)
        lines += [f"**Orphans:** {orphans or 'none'}", ""]
        lines += [f"### Most in need of attention ({ATTENTION_FORMULA})", ""]
        for doc in found.attention:
            lines.append(f"- {markdown_cell(doc.entry.title)}: {doc.attention} points")
        say("\n".join(lines))
    else:
        say(f"opsbook health on {day.isoformat()}: completeness {found.score}/100")
        if not found.history:
            say("(no git history: days since the last change are not known)")
        say("teams:")
        for item in found.teams:
            age = (
                "?"
                if item.median_days_since_commit is None
                else f"{item.median_days_since_commit:g}"
            )
            say(
                f"  {item.title}: {item.documents} documents, {item.overdue} reviews overdue, "
                f"{item.due_soon} due within {DUE_SOON_DAYS} days, {item.current} current, "
                f"{item.deadlines_due} decisions due, median {age} days since the last change, "
                f"score {item.score}"
            )
        say("kinds:")
        for kind in found.kinds:
            if kind.documents:
                failing = "; ".join(f"{t.get(k, k)} ({n})" for k, n in kind.failing.items())
                say(
                    f"  {kind.kind}: {kind.documents} documents, score {kind.score}"
                    + (f"; failing: {failing}" if failing else "")
                )
        uncovered = [area.tag for area in found.areas if not area.documents]
        say("areas: " + ", ".join(f"{a.tag} {a.documents}" for a in found.areas))
        if uncovered:
            say(f"  without any document: {', '.join(uncovered)}")
        say(f"orphans: {', '.join(doc.entry.id for doc in found.orphans) or 'none'}")
        say(f"most in need of attention ({ATTENTION_FORMULA}):")
        for doc in found.attention:
            path = os.path.relpath(doc.entry.raw.path, base)
            reasons = check_names(doc.failing)
            if doc.days_overdue and doc.days_overdue > 0:
                reasons.insert(0, f"{doc.days_overdue} days overdue")
            if doc.orphan:
                reasons.append("orphaned")
            say(f"  {doc.attention:4d}  {path}: {doc.entry.title} ({'; '.join(reasons)})")
    if kb.problems:
        invalid = len({problem.file for problem in kb.problems})
        say(
            f"opsbook: {invalid} file(s) have problems and are not counted; run opsbook validate.",
            err=True,
        )
    if fail_under is not None and found.score < fail_under:
        say(f"opsbook: completeness {found.score} is under {fail_under:g}.", err=True)
        return EXIT_INVALID
    return EXIT_OK
