"""A planned document as a file: opsbook's YAML or Markdown with front matter, or plain Markdown.

`opsbook_text` writes what an opsbook user writes (YAML for teams, processes and onboarding
paths; Markdown with front matter for runbooks and feature guides). `twin_text` writes the same
content as an ordinary Markdown page, the way a team without opsbook would: a facts table,
lists, tables, and relative links to the pages it names.

YAML is written by hand (block style, plain scalars where safe, JSON-quoted otherwise): dumping
thousands of revisions with PyYAML's pure-Python emitter would dominate the generation time.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from collections.abc import Mapping

from documents import Doc, Tree

__all__ = ["dump_yaml", "opsbook_text", "twin_text"]

_LETTER = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_PLAIN = re.compile(rf"^[{_LETTER}][{_LETTER}0-9 .,()'/?-]*$")
_DURATION = re.compile(r"^[0-9]+[mhdw]$")
_SPECIAL = frozenset({"yes", "no", "true", "false", "null", "on", "off", "y", "n"})
_FLOW_WIDTH = 80


def _scalar(value: Tree, *, flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        plain = _DURATION.match(value) is not None or (
            _PLAIN.match(value) is not None
            and value.lower() not in _SPECIAL
            and not value.endswith(" ")
            and not (flow and "," in value)
        )
        return value if plain else json.dumps(value, ensure_ascii=False)
    raise TypeError(f"not a scalar: {value!r}")


def _is_scalar(value: Tree) -> bool:
    return not isinstance(value, list | dict)


def _flow(value: list[Tree] | dict[str, Tree]) -> str | None:
    """Flow style (`[a, b]`, `{a: 1}`) for short collections of scalars, else None."""
    if isinstance(value, list):
        if not all(_is_scalar(item) for item in value):
            return None
        text = "[" + ", ".join(_scalar(item, flow=True) for item in value) + "]"
    else:
        if not all(_is_scalar(item) for item in value.values()):
            return None
        pairs = (f"{key}: {_scalar(item, flow=True)}" for key, item in value.items())
        text = "{" + ", ".join(pairs) + "}"
    return text if len(text) <= _FLOW_WIDTH else None


def _mapping(tree: Mapping[str, Tree], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, value in tree.items():
        if isinstance(value, list | dict):
            flow = _flow(value)
            if flow is not None:
                lines.append(f"{pad}{key}: {flow}")
                continue
            lines.append(f"{pad}{key}:")
            if isinstance(value, list):
                lines += _sequence(value, indent + 2)
            else:
                lines += _mapping(value, indent + 2)
        else:
            lines.append(f"{pad}{key}: {_scalar(value)}")
    return lines


def _sequence(items: list[Tree], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for item in items:
        if isinstance(item, dict):
            inner = _mapping(item, indent + 2)
            inner[0] = f"{pad}- {inner[0][indent + 2 :]}"
            lines += inner
        elif isinstance(item, list):
            raise TypeError("lists of lists are not written")
        else:
            lines.append(f"{pad}- {_scalar(item)}")
    return lines


def dump_yaml(tree: Mapping[str, Tree]) -> str:
    return "\n".join(_mapping(tree, 0)) + "\n"


def opsbook_text(doc: Doc, revision: int) -> str:
    """The file an opsbook user writes for `doc` after `revision` edits."""
    yaml_text = dump_yaml(doc.tree(revision))
    if doc.is_yaml:
        return yaml_text
    return f"---\n{yaml_text}---\n{doc.body}"


# --- the plain Markdown twin ----------------------------------------------------------------

_LINK_LISTS = frozenset({"related", "prerequisites"})
_SKIP = frozenset({"kind", "id", "title", "summary"})


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _text(value: Tree) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class _Twin:
    def __init__(
        self, page: str, paths: Mapping[str, str], titles: Mapping[str, str], doc: Doc
    ) -> None:
        self.here = posixpath.dirname(page)
        self.paths = paths
        self.titles = titles
        self.doc = doc

    def link(self, doc_id: Tree) -> str:
        key = _text(doc_id)
        target = self.paths.get(key)
        title = self.titles.get(key, key)
        if target is None:
            return title
        return f"[{title}]({posixpath.relpath(target, self.here or '.')})"

    def step(self, number: int, step: Mapping[str, Tree]) -> list[str]:
        lines = [f"{number}. **{_text(step['title'])}**", ""]
        facts = []
        for key in ("role", "duration", "tool"):
            if key in step:
                facts.append(f"{_label(key)}: {_text(step[key])}")
        raci = step.get("raci")
        if isinstance(raci, dict):
            for key, value in raci.items():
                shown = ", ".join(map(_text, value)) if isinstance(value, list) else _text(value)
                facts.append(f"{_label(key)}: {shown}")
        if facts:
            lines += ["    " + " · ".join(facts), ""]
        if "details" in step:
            lines += [f"    {_text(step['details'])}", ""]
        if "command" in step:
            lines += ["    ```", f"    {_text(step['command'])}", "    ```", ""]
        if "expect" in step:
            lines += [f"    Expected: {_text(step['expect'])}", ""]
        if "decision" in step:
            lines += [f"    Decision: {_text(step['decision'])}", ""]
        target = step.get("next")
        if isinstance(target, dict):
            choices = ", ".join(f"{key} → {_text(value)}" for key, value in target.items())
            lines += [f"    Next: {choices}", ""]
        return lines

    def table(self, key: str, items: list[Tree]) -> list[str]:
        rows = [item for item in items if isinstance(item, dict)]
        columns: list[str] = []
        for row in rows:
            columns += [column for column in row if column not in columns]
        lines = [
            "| " + " | ".join(_label(column) for column in columns) + " |",
            "|" + "---|" * len(columns),
        ]
        for row in rows:
            cells = []
            for column in columns:
                value = row.get(column, "")
                linked = column in ("contact", "doc") and _text(value) in self.paths
                cells.append(self.link(value) if linked else _text(value))
            lines.append("| " + " | ".join(cells) + " |")
        return lines

    def section(self, key: str, value: Tree) -> list[str]:
        lines = [f"## {_label(key)}", ""]
        if isinstance(value, dict):
            lines += ["| Key | Value |", "|---|---|"]
            lines += [f"| {name} | {_text(item)} |" for name, item in value.items()]
        elif isinstance(value, list) and key in ("steps", "rollback"):
            for number, step in enumerate(value, start=1):
                if isinstance(step, dict):
                    lines += self.step(number, step)
        elif isinstance(value, list) and key == "faq":
            for entry in value:
                if isinstance(entry, dict):
                    lines += [f"### {_text(entry['q'])}", "", _text(entry["a"]), ""]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines += self.table(key, value)
        elif isinstance(value, list):
            shown = self.link if key in _LINK_LISTS else _text
            lines += [f"- {shown(item)}" for item in value]
        lines.append("")
        return lines


def twin_text(
    doc: Doc,
    revision: int,
    page: str,
    paths: Mapping[str, str],
    titles: Mapping[str, str],
) -> str:
    """`doc` as a plain Markdown page at `page`, linking to `paths` (ids to twin pages)."""
    twin = _Twin(page, paths, titles, doc)
    tree = doc.tree(revision)
    lines = [f"# {doc.title}", "", _text(tree["summary"]), "", "| | |", "|---|---|"]
    sections: list[str] = []
    for key, value in tree.items():
        if key in _SKIP:
            continue
        if key in ("owner", "support_contact"):
            lines.append(f"| {_label(key)} | {twin.link(value)} |")
        elif key == "review" and isinstance(value, dict):
            every, last = _text(value["every_days"]), _text(value["last_reviewed"])
            lines.append(f"| Review | every {every} days, last on {last} |")
        elif key == "tags" and isinstance(value, list):
            lines.append(f"| Tags | {', '.join(map(_text, value))} |")
        elif _is_scalar(value):
            lines.append(f"| {_label(key)} | {_text(value)} |")
        else:
            sections += twin.section(key, value)
    lines.append("")
    text = "\n".join(lines + sections)
    if doc.body:
        text += "\n" + doc.body
    return text
