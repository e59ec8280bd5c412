"""`opsbook init`: start a knowledge base in a folder of any repository.

What it writes, each only where no file is yet (a file that exists is never touched):

- in the folder: `mkdocs.yml` with the plugin, `docs/` with a first team and one small
  example of every other kind the registry knows (the kind's skeleton with plausible
  text laid over it, from `opsbook/starter/examples.yaml`), the JSON Schemas in
  `schemas/json/` where the documents' schema lines point, `requirements-docs.txt`
  (opsbook from PyPI, pinned) and a `.gitignore` for the built site;
- at the top of the repository that holds the folder: editor settings in `.vscode/`,
  the pull-request, deploy and review-reminder workflows in `.github/workflows/`, a
  `.pre-commit-config.yaml` with the `opsbook-validate` hook, and `.github/CODEOWNERS`
  with the section `opsbook codeowners` writes.

When the folder is not the top of its repository, the workflows and hooks run in it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from opsbook import __version__
from opsbook.kinds import REGISTRY, kind_of
from opsbook.knowledge_base import KnowledgeBase, discover, load_knowledge_base
from opsbook.loading.yaml_reader import parse_yaml
from opsbook.problems import Problem
from opsbook.project_config import read_project_config
from opsbook.schemas.json_schema import generate_schemas, schema_file_name
from opsbook.workflow.codeowners import codeowners_section, merge_section, repository_root
from opsbook.workflow.scaffold import (
    DEFAULT_FORMATS,
    Skeleton,
    render_document,
    schema_comment,
    skeleton_fields,
    target_path,
)

__all__ = [
    "TEAM_KIND",
    "InitError",
    "Outcome",
    "Written",
    "initialize",
    "plugin_missing",
    "team_title",
]

TEAM_KIND = "team"
"""The kind of the first team, which every other document names as its owner."""
HOOKS_REPOSITORY = "https://github.com/opsbook-dev/opsbook"
REQUIREMENTS = "requirements-docs.txt"
WORKFLOWS = ("pull-request.yml", "deploy.yml", "review-reminder.yml")


class InitError(Exception):
    """A file could not be written (a read-only folder, say)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Written:
    """One file `init` wanted to write: written, or skipped because it exists."""

    path: Path
    created: bool
    advice: str = ""
    """For a skipped file: what to add to it by hand, if anything."""


@dataclass
class Outcome:
    folder: Path
    docs_dir: Path
    files: list[Written] = field(default_factory=list)
    plugin_advice: str | None = None
    """When mkdocs.yml exists without the opsbook plugin: exactly what to add to it."""
    in_repository: bool = True
    """Whether the folder is in a git repository (else the repository files assume it
    becomes the top of one)."""
    team_path: Path | None = None
    team_has_handle: bool = False
    problems: list[Problem] = field(default_factory=list)
    """What `opsbook validate` finds in the folder afterwards."""
    document_count: int = 0
    """The documents it checks."""


class _Template(string.Template):
    delimiter = "%%"


def _starter(name: str, **values: str) -> str:
    text = (resources.files("opsbook") / "starter" / name).read_text(encoding="utf-8")
    return _Template(text).substitute(values)


def team_title(team_id: str) -> str:
    return team_id.replace("-", " ").capitalize()


def initialize(
    folder: Path,
    *,
    team_id: str,
    bare: bool = False,
    handle: str | None = None,
    today: dt.date,
) -> Outcome:
    """Write the starter files into `folder` (made if missing) and its repository."""
    folder = Path(os.path.abspath(folder))
    _make_folder(folder)
    config_file = folder / "mkdocs.yml"
    outcome = Outcome(folder, folder / "docs")
    title = team_title(team_id)
    site_name = f"{title} knowledge base"
    if os.path.lexists(config_file):
        config = read_project_config(config_file)  # ConfigError: the caller's misuse
        outcome.docs_dir = Path(os.path.abspath(config.docs_dir))
        outcome.plugin_advice = plugin_missing(config_file)
        outcome.files.append(Written(config_file, created=False))
    else:
        _write(outcome, config_file, _starter("mkdocs.yml", site_name=json.dumps(site_name)))
    docs_dir = outcome.docs_dir
    schema_dir = folder / "schemas" / "json"
    repo = repository_root(folder)
    outcome.in_repository = (repo / ".git").exists()

    declared = _declared_ids(docs_dir) if docs_dir.is_dir() else set()
    readme = docs_dir / "README.md"  # MkDocs makes the home page of it too
    if os.path.lexists(readme) and not os.path.lexists(docs_dir / "index.md"):
        outcome.files.append(Written(readme, created=False, advice="it is the home page"))
    else:
        home = _starter("index.md", site_name=site_name, team_title=title)
        _write(outcome, docs_dir / "index.md", home)
    examples = _examples(team_id, today)
    for kind, fields, body in _documents(examples, team_id, title, bare, today, handle):
        document_id = str(fields["id"])
        path = target_path(docs_dir, kind, document_id, DEFAULT_FORMATS[kind])
        if kind == TEAM_KIND:
            outcome.team_path = path
            outcome.team_has_handle = handle is not None
        if document_id in declared and not os.path.lexists(path):
            outcome.files.append(
                Written(path, created=False, advice=f"the id '{document_id}' is already used")
            )
            continue
        line = schema_comment(path, schema_dir, kind)
        _write(outcome, path, render_document(fields, DEFAULT_FORMATS[kind], line, body))

    for name, text in generate_schemas().items():
        _write(outcome, schema_dir / name, text, "run 'opsbook schema' to bring it up to date")
    _write(outcome, folder / REQUIREMENTS, _starter(REQUIREMENTS, version=__version__))
    _write(outcome, folder / ".gitignore", "# The site mkdocs builds\nsite/\n", "add 'site/' to it")
    _write_repository_files(outcome, repo, schema_dir)
    _write_codeowners(outcome, repo)
    return outcome


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InitError(folder, error.strerror or str(error)) from None


def _write(outcome: Outcome, path: Path, text: str, advice: str = "") -> None:
    """Write `path` unless something is there already; never replaces a file."""
    if os.path.lexists(path):
        outcome.files.append(Written(path, created=False, advice=advice))
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except FileExistsError:
        outcome.files.append(Written(path, created=False, advice=advice))
        return
    except OSError as error:
        raise InitError(path, error.strerror or str(error)) from None
    outcome.files.append(Written(path, created=True))


# --- documents ---------------------------------------------------------------------


def _examples(team_id: str, today: dt.date) -> dict[str, Any]:
    """The plausible fields of each kind's example (starter/examples.yaml)."""
    renews = _a_year_after(today)
    text = _starter(
        "examples.yaml", team=team_id, today=today.isoformat(), renews=renews.isoformat()
    )
    data, _ = parse_yaml(text)
    assert isinstance(data, dict)
    return data


def _a_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + dt.timedelta(days=365)


def _documents(
    examples: dict[str, Any],
    team_id: str,
    title: str,
    bare: bool,
    today: dt.date,
    handle: str | None,
) -> Iterator[tuple[str, dict[str, object], str]]:
    """(kind, fields, Markdown body) of the first team and, unless `bare`, one example of
    every other kind in the registry."""
    team = Skeleton(kind=TEAM_KIND, id=team_id, title=title, owner=None, today=today)
    fields, body = _laid_over(TEAM_KIND, skeleton_fields(team), examples.get(TEAM_KIND))
    fields["codeowners"] = [handle] if handle else []
    yield TEAM_KIND, fields, body
    if bare:
        return
    for kind in REGISTRY:
        if kind.name == TEAM_KIND:
            continue
        example = examples.get(kind.name) or {}
        document_id = str(example.get("id") or f"example-{kind.name}")
        skeleton = Skeleton(
            kind=kind.name,
            id=document_id,
            title=str(example.get("title") or f"Example {kind.name.replace('-', ' ')}"),
            owner=team_id,
            today=today,
        )
        fields, body = _laid_over(kind.name, skeleton_fields(skeleton), example)
        yield kind.name, fields, body


def _laid_over(
    kind: str, skeleton: dict[str, object], example: Any
) -> tuple[dict[str, object], str]:
    """The skeleton's fields with the example's over them, in the model's order."""
    fields = dict(skeleton)
    body = ""
    if isinstance(example, dict):
        example = dict(example)
        body = str(example.pop("body", ""))
        fields.update(example)
    order = {name: index for index, name in enumerate(kind_of(kind).model.model_fields)}
    ordered = dict(sorted(fields.items(), key=lambda item: order.get(item[0], len(order))))
    return ordered, body or "Free Markdown goes here: background, tables, diagrams.\n"


def _declared_ids(docs_dir: Path) -> set[str]:
    kb = load_knowledge_base(docs_dir)
    return {
        str(source.document.data.get("id"))
        for source in kb.sources.values()
        if source.document is not None
    }


# --- the repository ------------------------------------------------------------------


def _posix(path: Path, start: Path) -> str:
    return Path(os.path.relpath(path, start)).as_posix()


def _write_repository_files(outcome: Outcome, repo: Path, schema_dir: Path) -> None:
    folder = _posix(outcome.folder, repo)
    inside = "" if folder == "." else f"{folder}/"
    docs = _posix(outcome.docs_dir, repo)
    schema = f"./{_posix(schema_dir / schema_file_name('document'), repo)}"
    settings = {"yaml.schemas": {schema: [f"{docs}/**/*.yaml", f"{docs}/**/*.yml"]}}
    _write(
        outcome,
        repo / ".vscode" / "settings.json",
        json.dumps(settings, indent=2) + "\n",
        "add this to it: " + json.dumps(settings)[1:-1],
    )
    _write(
        outcome,
        repo / ".vscode" / "extensions.json",
        _starter("extensions.json"),
        "recommend the extension redhat.vscode-yaml in it",
    )
    values = {
        "working_directory": json.dumps(folder),
        "requirements": json.dumps(f"{inside}{REQUIREMENTS}"),
        "site_path": json.dumps(f"{inside}site"),
    }
    for name in WORKFLOWS:
        _write(outcome, repo / ".github" / "workflows" / name, _starter(name, **values))
    documents = f"^{re.escape(docs)}/.*\\.(ya?ml|md)$"
    hooks = _starter(
        "pre-commit-config.yaml",
        rev=f"v{__version__}",
        config=json.dumps(f"{inside}mkdocs.yml"),
        documents=json.dumps(documents),
        documents_and_codeowners=json.dumps(
            f"^({re.escape(docs)}/.*\\.(ya?ml|md)|\\.github/CODEOWNERS)$"
        ),
    )
    _write(
        outcome,
        repo / ".pre-commit-config.yaml",
        hooks,
        f"add the opsbook hooks to it: the repository {HOOKS_REPOSITORY}, "
        f"rev v{__version__}, hooks opsbook-validate and opsbook-codeowners",
    )


def _write_codeowners(outcome: Outcome, repo: Path) -> None:
    """CODEOWNERS with the section `opsbook codeowners` writes, once the knowledge base
    validates (its problems, if documents that were there already have some, are kept
    in `outcome`)."""
    config = read_project_config(outcome.folder / "mkdocs.yml")
    kb: KnowledgeBase = load_knowledge_base(
        config.docs_dir,
        discover(config.docs_dir, config.excluded()),
        max_bytes=config.max_bytes,
        use_directory_urls=config.use_directory_urls,
    )
    outcome.problems, outcome.document_count = kb.problems, kb.document_count
    target = repo / ".github" / "CODEOWNERS"
    if kb.problems:
        outcome.files.append(
            Written(target, created=False, advice="run 'opsbook codeowners' once validate passes")
        )
        return
    section = merge_section(None, codeowners_section(kb, repo).lines)
    _write(outcome, target, section, "run 'opsbook codeowners' to add its opsbook section")


# --- mkdocs.yml ----------------------------------------------------------------------


def plugin_missing(config_file: Path) -> str | None:
    """None when `config_file` (or a file it inherits from) uses the opsbook plugin;
    otherwise the lines to add to it."""
    plugins = _plugins_node(config_file, set())
    if plugins is None:
        return "plugins:\n  - search\n  - opsbook\n"
    if isinstance(plugins, yaml.SequenceNode):
        names = [_plugin_name(item) for item in plugins.value]
        if "opsbook" in names:
            return None
        shown = [name or "..." for name in names]
        return "plugins:\n" + "".join(f"  - {name}\n" for name in [*shown, "opsbook"])
    if isinstance(plugins, yaml.MappingNode):
        if any(_scalar(key) == "opsbook" for key, _ in plugins.value):
            return None
        return "plugins:\n  ...\n  opsbook: {}\n"
    return "plugins:\n  - search\n  - opsbook\n"


def _plugins_node(config_file: Path, seen: set[Path]) -> yaml.Node | None:
    """The `plugins` setting as written (tags such as !ENV are left as they are)."""
    resolved = config_file.resolve()
    if resolved in seen or not config_file.is_file():
        return None
    seen.add(resolved)
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    settings: dict[str | None, yaml.Node] = {_scalar(key): value for key, value in root.value}
    if "plugins" in settings:
        return settings["plugins"]
    parent = settings.get("INHERIT")
    if isinstance(parent, yaml.ScalarNode):
        return _plugins_node(config_file.parent / parent.value, seen)
    return None


def _scalar(node: yaml.Node) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def _plugin_name(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.MappingNode) and node.value:
        return _scalar(node.value[0][0])
    return _scalar(node)
