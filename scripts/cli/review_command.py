"""`opsbook review`: which documents are overdue (or soon due) for review."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
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
from opsbook.cli.report import json_text, markdown_cell, markdown_code, say
from opsbook.kinds import Deadline
from opsbook.knowledge_base import Entry, KnowledgeBase
from opsbook.problems import printable
from opsbook.review import ReviewStatus, due_deadlines, due_reviews
from opsbook.schemas.team import Team

__all__ = ["review"]


@click.command()
@click.option(
    "--due-within",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Also list documents due within this many days.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
)
@click.option("--fail", is_flag=True, help="Exit 1 when anything is listed (for scheduled jobs).")
@click.option(
    "--by-team",
    is_flag=True,
    help="Group what is due by owner team, with each team's code-host handles.",
)
@team_option
@today_option
@config_option
def review(
    due_within: int,
    output_format: str,
    fail: bool,
    by_team: bool,
    team: str | None,
    on: str | None,
    config_file: Path,
) -> int:
    """List documents whose review is overdue, most urgent first, and the decisions due
    by a date besides reviews (renewals of tool contracts)."""
    config = load_config(config_file)
    day = judged_day(config, on)
    kb = load_project(config)
    teams = {entry.id: entry.model for entry in kb.of_kind("team")}
    check_team(team, teams)
    statuses = due_reviews(kb, day, due_within)
    deadlines = due_deadlines(kb, day, due_within)
    if team is not None:
        statuses = [s for s in statuses if _owner_id(s.entry) == team]
        deadlines = [d for d in deadlines if _owner_id(d.entry) == team]
    base = Path.cwd()
    if by_team:
        groups = _by_team(statuses, deadlines, kb)
        if output_format == "json":
            click.echo(
                json_text(
                    {
                        "today": day.isoformat(),
                        "teams": [
                            {
                                "id": group.team_id,
                                "title": group.title,
                                "handles": list(group.handles),
                                "items": [_as_json(s, kb, base) for s in group.statuses]
                                + [_deadline_json(d, kb, base) for d in group.deadlines],
                            }
                            for group in groups
                        ],
                    }
                )
            )
        else:
            for group in groups:
                if output_format == "markdown":
                    say(f"## {markdown_cell(group.title)} (`{group.team_id}`)\n")
                    say(f"{_mentions(group)}\n")
                    say(_markdown(group.statuses, group.deadlines, kb, base, day, due_within))
                    say("")
                else:
                    say(f"{group.title} ({group.team_id}): {_mentions(group)}")
                    for status in group.statuses:
                        say("  " + _text(status, kb, base))
                    for deadline in group.deadlines:
                        say("  " + _deadline_text(deadline, kb, base))
            if output_format != "markdown":
                say(_summary(statuses, deadlines, day, due_within))
    elif output_format == "json":
        items = [_as_json(s, kb, base) for s in statuses]
        items += [_deadline_json(d, kb, base) for d in deadlines]
        click.echo(json_text(items))
    elif output_format == "markdown":
        say(_markdown(statuses, deadlines, kb, base, day, due_within))
    else:
        for status in statuses:
            say(_text(status, kb, base))
        for deadline in deadlines:
            say(_deadline_text(deadline, kb, base))
        say(_summary(statuses, deadlines, day, due_within))
    if kb.problems:
        invalid = len({problem.file for problem in kb.problems})
        say(
            f"opsbook: {invalid} file(s) have problems and may be missing from this list; "
            "run opsbook validate.",
            err=True,
        )
    return EXIT_INVALID if fail and (statuses or deadlines) else EXIT_OK


@dataclass
class _TeamDue:
    team_id: str
    title: str
    handles: tuple[str, ...]
    statuses: list[ReviewStatus] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)


def _owner_id(entry: Entry) -> str:
    """The team that answers for a document (a team answers for itself)."""
    return entry.id if isinstance(entry.model, Team) else (entry.model.owner or "")


def _by_team(
    statuses: list[ReviewStatus], deadlines: list[Deadline], kb: KnowledgeBase
) -> list[_TeamDue]:
    groups: dict[str, _TeamDue] = {}

    def group(entry: Entry) -> _TeamDue:
        team_id = _owner_id(entry)
        if team_id not in groups:
            found = kb.entries.get(team_id)
            team = found.model if found is not None and isinstance(found.model, Team) else None
            groups[team_id] = _TeamDue(
                team_id,
                team.title if team else team_id,
                tuple(team.codeowners) if team else (),
            )
        return groups[team_id]

    for status in statuses:
        group(status.entry).statuses.append(status)
    for deadline in deadlines:
        group(deadline.entry).deadlines.append(deadline)
    return sorted(groups.values(), key=lambda g: (g.title.casefold(), g.team_id))


def _mentions(group: _TeamDue) -> str:
    if group.handles:
        return "cc " + " ".join(group.handles)
    return (
        "this team has no code-host handles: add `codeowners` to its team page so that it "
        "is mentioned"
    )


def _owner(item: ReviewStatus | Deadline, kb: KnowledgeBase) -> str:
    owner_id = item.entry.model.owner
    owner = kb.entries.get(owner_id) if owner_id else None
    return owner.title if owner is not None else (owner_id or "")


def _state(days_overdue: int) -> str:
    if days_overdue > 0:
        return f"overdue by {days_overdue} day{'s' if days_overdue != 1 else ''}"
    days = -days_overdue
    return "due today" if days == 0 else f"due in {days} day{'s' if days != 1 else ''}"


def _path(item: ReviewStatus | Deadline, base: Path) -> str:
    return os.path.relpath(item.entry.raw.path, base)


def _line(entry: Entry, path: tuple[str | int, ...]) -> int:
    return entry.raw.positions.value(path)[0]


def _deadline_text(deadline: Deadline, kb: KnowledgeBase, base: Path) -> str:
    return (
        f"{printable(_path(deadline, base))}:{_line(deadline.entry, deadline.path)}: "
        f"{deadline.entry.kind} '{printable(deadline.entry.title)}' "
        f"(owner: {printable(_owner(deadline, kb))}) {deadline.what} "
        f"{_state(deadline.days_overdue)} ({deadline.due.isoformat()}): {deadline.detail}"
    )


def _deadline_json(deadline: Deadline, kb: KnowledgeBase, base: Path) -> dict[str, object]:
    return {
        "id": deadline.entry.id,
        "kind": deadline.entry.kind,
        "title": deadline.entry.title,
        "file": _path(deadline, base),
        "owner": deadline.entry.model.owner,
        "owner_title": _owner(deadline, kb),
        "due_item": deadline.what,
        "due": deadline.due.isoformat(),
        "days_overdue": deadline.days_overdue,
        "overdue": deadline.days_overdue > 0,
        "detail": deadline.detail,
    }


def _text(status: ReviewStatus, kb: KnowledgeBase, base: Path) -> str:
    line = status.entry.raw.positions.value(("review",))[0]
    return (
        f"{printable(_path(status, base))}:{line}: {status.entry.kind} "
        f"'{printable(status.entry.title)}' (owner: {printable(_owner(status, kb))}) "
        f"{_state(status.days_overdue)}; last reviewed "
        f"{status.last_reviewed.isoformat()}, due {status.due.isoformat()}"
    )


ADVICE = (
    "To close a review, check the document against reality, fix what changed, and set "
    "{field} to that day."
)
"""What the owner does with a review that is due (the pages only say that it is)."""


def _summary(
    statuses: list[ReviewStatus], deadlines: list[Deadline], day: dt.date, within: int
) -> str:
    overdue = sum(1 for s in statuses if s.overdue)
    soon = len(statuses) - overdue
    text = f"opsbook: {overdue} document(s) overdue for review on {day.isoformat()}"
    text += f", {soon} due within {within} days" if within else ""
    if deadlines:
        text += f"; {len(deadlines)} other decision(s) due"
    text += "."
    return f"{text}\n{ADVICE.format(field='review.last_reviewed')}" if statuses else text


def _markdown(
    statuses: list[ReviewStatus],
    deadlines: list[Deadline],
    kb: KnowledgeBase,
    base: Path,
    day: dt.date,
    within: int,
) -> str:
    lines = [f"## Documents due for review ({day.isoformat()})", ""]
    if deadlines:
        lines += [
            "### Decisions due",
            "",
            "| Document | Kind | Owner | Decision | Due | State |",
            "|---|---|---|---|---|---|",
        ]
        for deadline in deadlines:
            lines.append(
                f"| {markdown_cell(deadline.entry.title)} "
                f"({markdown_code(_path(deadline, base))}) | {deadline.entry.kind} "
                f"| {markdown_cell(_owner(deadline, kb))} | {markdown_cell(deadline.what)} "
                f"| {deadline.due.isoformat()} | {_state(deadline.days_overdue)} |"
            )
        lines += ["", "### Reviews due", ""]
    if not statuses:
        lines.append("Every document with a review schedule is up to date.")
        return "\n".join(lines)
    lines += [
        "| Document | Kind | Owner | Last reviewed | Due | State |",
        "|---|---|---|---|---|---|",
    ]
    for status in statuses:
        lines.append(
            f"| {markdown_cell(status.entry.title)} ({markdown_code(_path(status, base))}) "
            f"| {status.entry.kind} "
            f"| {markdown_cell(_owner(status, kb))} | {status.last_reviewed.isoformat()} "
            f"| {status.due.isoformat()} | {_state(status.days_overdue)} |"
        )
    lines += [
        "",
        _summary(statuses, deadlines, day, within).replace(
            "review.last_reviewed", "`review.last_reviewed`"
        ),
    ]
    return "\n".join(lines)


def _as_json(status: ReviewStatus, kb: KnowledgeBase, base: Path) -> dict[str, object]:
    return {
        "id": status.entry.id,
        "kind": status.entry.kind,
        "title": status.entry.title,
        "file": _path(status, base),
        "owner": status.entry.model.owner,
        "owner_title": _owner(status, kb),
        "due_item": "review",
        "last_reviewed": status.last_reviewed.isoformat(),
        "due": status.due.isoformat(),
        "days_overdue": status.days_overdue,
        "overdue": status.overdue,
    }
