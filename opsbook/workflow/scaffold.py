"""Skeletons for new documents: valid from the first save, with TODOs to fill.

Every required field gets a placeholder that passes validation, so an editor
can commit the file, open a pull request and fill it in with CI's help. The
first line points editors' YAML support at the kind's JSON Schema.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from opsbook.kinds import REGISTRY, kind_of
from opsbook.kinds.base import Format
from opsbook.loading.yaml_reader import reads_as_text
from opsbook.problems import printable, relative_path
from opsbook.schemas.fields import MAX_ID_LENGTH, SLUG_PATTERN
from opsbook.schemas.json_schema import schema_file_name
from opsbook.suggestions import slugify

__all__ = [
    "DEFAULT_FORMATS",
    "Format",
    "Skeleton",
    "id_problem",
    "outside_the_site",
    "render_document",
    "render_skeleton",
    "schema_comment",
    "skeleton_fields",
    "target_path",
]


DEFAULT_FORMATS: dict[str, Format] = {kind.name: kind.file_format for kind in REGISTRY}


@dataclass(frozen=True, slots=True)
class Skeleton:
    kind: str
    id: str
    title: str
    owner: str | None
    today: dt.date


def id_problem(document_id: str) -> str | None:
    """Why `document_id`, given for a new document, cannot be an id; None when it can."""
    if len(document_id) > MAX_ID_LENGTH:
        return (
            f"the id is {len(document_id)} characters long; an id has at most "
            f"{MAX_ID_LENGTH} characters (it names the file and the page's address)"
        )
    if not re.fullmatch(SLUG_PATTERN, document_id):
        suggestion = slugify(document_id)
        return (
            f"'{document_id}' is not a valid id: use lowercase letters, digits and single hyphens"
            + (f", like '{suggestion}'" if suggestion else "")
        )
    return None


def target_path(docs_dir: Path, kind: str, document_id: str, file_format: Format) -> Path:
    """Where a new document of `kind` goes: its kind's folder in the docs folder."""
    suffix = ".md" if file_format == "md" else ".yaml"
    return docs_dir / kind_of(kind).folder / f"{document_id}{suffix}"


def outside_the_site(
    path: Path, docs_dir: Path, excluded: Callable[[str], bool] | None = None
) -> str | None:
    """Why a new document at `path` would not be part of the site, or None.

    A skeleton written outside the docs folder (`../../x.yaml`, an absolute path, a
    folder link that leads out), in a hidden folder or in one `exclude_docs` leaves out
    is a file nobody validates or publishes: the editor would believe it is live.
    """
    shown = printable(str(path))
    docs = docs_dir.resolve()
    where = printable(relative_path(docs))
    resolved = path.resolve()
    if resolved == docs or not resolved.is_relative_to(docs):
        return (
            f"{shown} is not inside the docs folder {where}, where the site and "
            f"'opsbook validate' look; give a path under {where}/"
        )
    rel_path = resolved.relative_to(docs).as_posix()
    if any(part.startswith(".") for part in rel_path.split("/")):
        return f"{shown} is hidden (a name starting with '.'), and the site leaves hidden files out"
    if excluded is not None and excluded(rel_path):
        return (
            f"{shown} is left out of the site by exclude_docs in mkdocs.yml (or by MkDocs' "
            "own default for templates/); choose another folder"
        )
    return None


def schema_comment(document: Path, schema_dir: Path, kind: str) -> str:
    """`# yaml-language-server: $schema=...` with a path relative to the document.

    Both paths are taken as written, not resolved: an editor resolves the relative path
    from the folder it shows the document in, which may be a folder link in the docs."""
    document = Path(os.path.abspath(document))
    relative = os.path.relpath(
        Path(os.path.abspath(schema_dir)) / schema_file_name(kind), document.parent
    )
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"


def skeleton_fields(skeleton: Skeleton) -> dict[str, object]:
    """The document's fields in the order the content model lists them."""
    kind = kind_of(skeleton.kind)
    common: dict[str, object] = {
        "kind": skeleton.kind,
        "id": skeleton.id,
        "title": skeleton.title,
        "summary": "TODO: one paragraph that says what this is and when to use it.",
    }
    if kind.model.model_fields["owner"].is_required():
        common["owner"] = skeleton.owner or "your-team"
    elif skeleton.owner:
        common["owner"] = skeleton.owner  # a team may belong to a larger one
    common["tags"] = []
    return {**common, **kind.skeleton(skeleton)}


_SKELETON_PROSE = (
    "TODO: background an editor needs beyond the fields above: how the system works, "
    "diagrams, links. This part is ordinary Markdown.\n"
)


class _Dumper(yaml.SafeDumper):
    """Writes text so that opsbook reads it back as text: PyYAML quotes by YAML 1.1
    rules, but `1e3` or `0o17` left bare would be numbers under YAML 1.2."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = None if reads_as_text(value) else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def render_skeleton(skeleton: Skeleton, file_format: Format, schema_line: str) -> str:
    """The text of the new file."""
    return render_document(skeleton_fields(skeleton), file_format, schema_line, _SKELETON_PROSE)


def render_document(
    fields: dict[str, object], file_format: Format, schema_line: str, prose: str
) -> str:
    """A document's file: its fields as YAML under the schema line, or as the front
    matter of Markdown with `prose` below."""
    data = yaml.dump(
        fields,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )
    if file_format == "yaml":
        return f"{schema_line}\n{data}"
    return f"---\n{schema_line}\n{data}---\n\n{prose}"
