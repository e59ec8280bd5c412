"""`opsbook changes`: a pull request's effect on the knowledge base, in Markdown."""

from __future__ import annotations

import os
from pathlib import Path

import click

from opsbook.changelog import shown_path
from opsbook.cli.options import EXIT_OK, EXIT_USAGE, config_option, load_config, load_project
from opsbook.cli.report import json_text, markdown_cell, markdown_code, say, summary_line
from opsbook.history import HistoryError, diff_against
from opsbook.problems import printable
from opsbook.workflow.changes import ChangeSummary, summarise_changes

__all__ = ["changes"]

ACTIONS = {"added": "added", "modified": "changed", "renamed": "renamed", "deleted": "removed"}


@click.command()
@click.option(
    "--base", required=True, help="The branch the pull request merges into, e.g. origin/main."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
)
@config_option
def changes(base: str, output_format: str, config_file: Path) -> int:
    """Summarise what this branch changes since it left BASE.

    Markdown fits a pull-request comment or $GITHUB_STEP_SUMMARY. Exit status
    2 when BASE is unknown or there is no git repository.
    """
    config = load_config(config_file)
    try:
        diff = diff_against(config.docs_dir, base)
    except HistoryError as error:
        say(f"opsbook: {printable(error.message)}", err=True)
        return EXIT_USAGE
    kb = load_project(config)
    summary = summarise_changes(kb, diff)
    docs_rel = os.path.relpath(config.docs_dir, Path.cwd())
    if output_format == "json":
        click.echo(json_text(_as_json(summary)))
    else:
        say(_markdown(summary, docs_rel))
    return EXIT_OK


def _markdown(summary: ChangeSummary, docs_rel: str) -> str:
    lines = [f"## Knowledge base changes against {markdown_code(summary.base)}", ""]
    if summary.problems:
        files = len({p.file for p in summary.problems})
        lines.append(
            f"**Validation:** ❌ {len(summary.problems)} problem(s) in {files} file(s); "
            f"{summary.document_count} documents checked."
        )
    else:
        lines.append(f"**Validation:** ✅ {summary.document_count} documents, all valid.")
    lines.append("")
    if not summary.documents:
        lines.append("No documents changed.")
    else:
        lines += [
            f"### Documents ({len(summary.documents)})",
            "",
            "| Change | Document | Kind | File |",
            "|---|---|---|---|",
        ]
        for doc in summary.documents:
            action = ACTIONS.get(doc.action, doc.action)
            if doc.old_path:
                old = shown_path(os.path.join(docs_rel, doc.old_path))
                action += f" from {markdown_code(old)}"
            lines.append(
                f"| {action} | {markdown_cell(doc.title)} | {markdown_cell(doc.kind)} "
                f"| {markdown_code(shown_path(os.path.join(docs_rel, doc.path)))} |"
            )
    if summary.owners:
        lines += ["", "### Owners to ask for review", ""]
        for owner in summary.owners:
            handles = (
                " ".join(markdown_cell(handle) for handle in owner.handles)
                if owner.handles
                else "(no codeowners handles)"
            )
            lines.append(
                f"- **{markdown_cell(owner.title)}** ({owner.documents} document(s)): {handles}"
            )
    if summary.referencing:
        lines += ["", "### Documents that reference what changed", ""]
        for referrer in summary.referencing:
            lines.append(
                f"- {markdown_cell(referrer.title)} ({markdown_cell(referrer.kind)}) → "
                + ", ".join(markdown_cell(title) for title in referrer.references)
            )
    if summary.problems:
        lines += ["", "### Problems", "", "```text"]
        lines += [p.format(Path.cwd()) for p in summary.problems]
        lines += ["```", "", summary_line(summary.problems, summary.document_count)]
    return "\n".join(lines)


def _as_json(summary: ChangeSummary) -> dict[str, object]:
    return {
        "base": summary.base,
        "merge_base": summary.merge_base,
        "valid": not summary.problems,
        "documents": [
            {
                "action": d.action,
                "path": d.path,
                "old_path": d.old_path,
                "title": d.title,
                "kind": d.kind,
                "id": d.document_id,
                "owner": d.owner,
            }
            for d in summary.documents
        ],
        "owners": [
            {
                "team": o.team_id,
                "title": o.title,
                "handles": list(o.handles),
                "documents": o.documents,
            }
            for o in summary.owners
        ],
        "referencing": [
            {
                "id": referrer.id,
                "title": referrer.title,
                "kind": referrer.kind,
                "path": referrer.path,
                "references": referrer.references,
            }
            for referrer in summary.referencing
        ],
        "problems": [
            {"file": p.display_path(), "line": p.line, "column": p.column, "message": p.text()}
            for p in summary.problems
        ],
    }
