"""The files that wire opsbook into pull requests, deployment, pre-commit and editors.

GitHub Actions workflows, `.pre-commit-hooks.yaml`, `.pre-commit-config.yaml`, `.vscode/`
and `.editorconfig` are read as data and checked for what the project relies on: the
commands they run exist with the options they pass, actions are real and pinned, checkouts
fetch the history that page history and `opsbook changes` need, permissions stay minimal.
actionlint, when installed, checks the workflows as GitHub would read them.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from packaging.specifiers import SpecifierSet

from opsbook.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])

# Actions the workflows may use, with the oldest major version that still works: older
# upload-pages-artifact releases rely on the retired upload-artifact v3, and GitHub fails
# any run that uses it.
ALLOWED_ACTIONS = {
    "actions/checkout": 4,
    "actions/setup-python": 5,
    "actions/configure-pages": 5,
    "actions/upload-pages-artifact": 3,
    "actions/deploy-pages": 4,
}
VERSION_TAG = re.compile(r"v(\d+)(?:\.\d+){0,2}")
COMMIT_SHA = re.compile(r"[0-9a-f]{40}")

# The only permissions any workflow may grant for writing, per workflow file.
WRITE_PERMISSIONS = {
    "pull-request.yml": set(),
    "deploy.yml": {"pages", "id-token"},
    "review-reminder.yml": {"issues"},
}

# An `opsbook SUBCOMMAND ARGS` call inside a shell script or a pre-commit entry; the
# arguments stop at a redirection, a pipe, a list operator or the end of the line.
OPSBOOK_CALL = re.compile(r"(?:^|[\s;&|(/])opsbook[ \t]+([a-z][a-z-]*)([^\n;&|<>)]*)")


# --- reading ----------------------------------------------------------------------------


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def load_workflow(name: str) -> dict[str, Any]:
    """A workflow, with its `on:` key as GitHub reads it.

    PyYAML follows YAML 1.1, where a bare `on` is the boolean true: `on:` loads as the key
    True. GitHub reads YAML 1.2, where it is the string "on".
    """
    data = load_yaml(WORKFLOWS / name)
    assert isinstance(data, dict), f"{name}: a workflow is a mapping"
    if True in data:
        assert "on" not in data, f"{name}: `on` twice"
        data["on"] = data.pop(True)
    assert all(isinstance(key, str) for key in data), f"{name}: keys are strings"
    return data


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The `on:` section as a mapping from event to its settings (None when it has none)."""
    value = workflow.get("on")
    assert value is not None, "a workflow needs `on:`"
    if isinstance(value, str):
        return {value: None}
    if isinstance(value, list):
        return dict.fromkeys(value)
    assert isinstance(value, dict)
    return value


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def scripts(workflow: dict[str, Any]) -> list[str]:
    return [str(step["run"]) for step in steps(workflow) if "run" in step]


def action_steps(workflow: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in steps(workflow) if str(step.get("uses", "")).split("@")[0] == action]


def step_running(workflow: dict[str, Any], command: str) -> dict[str, Any]:
    found = [step for step in steps(workflow) if command in str(step.get("run", ""))]
    assert len(found) == 1, f"expected one step that runs {command!r}, found {len(found)}"
    return found[0]


def opsbook_calls(text: str) -> list[list[str]]:
    """Each `opsbook ...` call in `text` as its arguments (subcommand first)."""
    text = text.replace("\\\n", " ")
    return [
        [match.group(1), *shlex.split(match.group(2), comments=True)]
        for match in OPSBOOK_CALL.finditer(text)
    ]


def hooks_manifest() -> list[dict[str, Any]]:
    data = load_yaml(ROOT / ".pre-commit-hooks.yaml")
    assert isinstance(data, list)
    return data


def precommit_config() -> dict[str, Any]:
    data = load_yaml(ROOT / ".pre-commit-config.yaml")
    assert isinstance(data, dict)
    return data


def hook(hooks: list[dict[str, Any]], hook_id: str) -> dict[str, Any]:
    found = [h for h in hooks if h.get("id") == hook_id]
    assert len(found) == 1, f"expected one hook {hook_id!r}"
    return found[0]


def vscode_settings() -> dict[str, Any]:
    # VS Code reads JSON with comments; these files stay plain JSON so tools can read them.
    data = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def editorconfig() -> dict[str, dict[str, str]]:
    sections: dict[str, dict[str, str]] = {"": {}}
    current = ""
    for raw in (ROOT / ".editorconfig").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, {})
        else:
            key, _, value = line.partition("=")
            sections[current][key.strip().lower()] = value.strip().lower()
    return sections


# --- workflows: shape -------------------------------------------------------------------


def test_the_three_workflows_exist() -> None:
    assert {path.name for path in WORKFLOW_FILES} >= set(WRITE_PERMISSIONS)


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_workflow_structure(path: Path) -> None:
    workflow = load_workflow(path.name)
    assert isinstance(workflow.get("name"), str)
    assert triggers(workflow)
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict)
    assert jobs
    for job_id, job in jobs.items():
        assert isinstance(job, dict), job_id
        assert job.get("runs-on") == "ubuntu-latest", job_id
        assert isinstance(job.get("timeout-minutes"), int), f"{job_id}: set timeout-minutes"
        assert isinstance(job.get("steps"), list), job_id
        assert job["steps"], job_id
        for step in job["steps"]:
            assert isinstance(step, dict), job_id
            assert ("uses" in step) != ("run" in step), f"{job_id}: {step}"
            assert isinstance(step.get("name"), str), f"{job_id}: every step has a name"
        needs = job.get("needs", [])
        for needed in [needs] if isinstance(needs, str) else needs:
            assert needed in jobs, f"{job_id} needs unknown job {needed}"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_actions_are_known_and_pinned(path: Path) -> None:
    for step in steps(load_workflow(path.name)):
        if "uses" not in step:
            continue
        action, at, ref = str(step["uses"]).partition("@")
        assert at, f"{action} is not pinned to a version"
        assert action in ALLOWED_ACTIONS, f"{action} is not an allowed action"
        tag = VERSION_TAG.fullmatch(ref)
        assert tag or COMMIT_SHA.fullmatch(ref), f"{action}@{ref}: pin a tag vN or a full SHA"
        if tag:
            assert int(tag.group(1)) >= ALLOWED_ACTIONS[action], f"{action}@{ref} is too old"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_permissions_are_minimal(path: Path) -> None:
    workflow = load_workflow(path.name)
    top = workflow.get("permissions")
    assert isinstance(top, dict), "declare top-level permissions (the default token is broad)"
    granted: list[dict[str, Any]] = [top]
    granted += [job["permissions"] for job in workflow["jobs"].values() if "permissions" in job]
    writes: set[str] = set()
    for permissions in granted:
        assert isinstance(permissions, dict), "no write-all / read-all shorthands"
        assert set(permissions.values()) <= {"read", "write", "none"}
        writes |= {scope for scope, level in permissions.items() if level == "write"}
    assert writes <= WRITE_PERMISSIONS.get(path.name, set())


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_workflows_install_the_pinned_dependencies(path: Path) -> None:
    workflow = load_workflow(path.name)
    install = step_running(workflow, "-r requirements.lock")
    assert "--no-deps" in install["run"]
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for setup in action_steps(workflow, "actions/setup-python"):
        version = str(setup["with"]["python-version"])
        assert version in SpecifierSet(requires["requires-python"]), version
        assert setup["with"].get("cache-dependency-path") == "requirements.lock"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_opsbook_calls_in_workflows_parse(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every `opsbook` call uses a real subcommand with options it accepts."""
    monkeypatch.chdir(ROOT)
    calls = [call for script in scripts(load_workflow(path.name)) for call in opsbook_calls(script)]
    assert calls
    for name, *args in calls:
        command = cli.get_command(click.Context(cli), name)
        assert command is not None, f"opsbook has no command {name!r}"
        try:
            with command.make_context(f"opsbook {name}", list(args)):
                pass
        except click.ClickException as error:
            pytest.fail(f"opsbook {name} {shlex.join(args)}: {error.format_message()}")


# --- workflows: what each one does ------------------------------------------------------


@pytest.mark.parametrize("name", ["pull-request.yml", "deploy.yml"])
def test_checkout_fetches_full_history(name: str) -> None:
    checkouts = action_steps(load_workflow(name), "actions/checkout")
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("fetch-depth") == 0, f"{name}: use fetch-depth: 0"


def test_pull_request_workflow_runs_every_check() -> None:
    workflow = load_workflow("pull-request.yml")
    assert "pull_request" in triggers(workflow)
    text = "\n".join(scripts(workflow))
    for command in (
        "opsbook validate --format github",
        "opsbook codeowners --check",
        "mkdocs build --strict",
        "opsbook changes --base",
    ):
        assert command in text, command


def test_change_summary_goes_to_the_job_summary_even_when_checks_fail() -> None:
    workflow = load_workflow("pull-request.yml")
    summary = step_running(workflow, "opsbook changes --base")
    assert '>> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    condition = str(summary.get("if", ""))
    assert "always()" in condition or "!cancelled()" in condition
    # The base branch reaches the script through the environment, not `${{ }}` in the script.
    assert "${{" not in summary["run"]
    assert summary["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert '--base "origin/$BASE_REF"' in summary["run"]
    # Later checks still run (and report) when validation fails.
    names = [str(step.get("run", "")) for step in steps(workflow)]
    validate_at = next(i for i, run in enumerate(names) if "opsbook validate" in run)
    for step in steps(workflow)[validate_at + 1 :]:
        assert "!cancelled()" in str(step.get("if", "")) or "always()" in str(step.get("if", ""))


def test_deploy_workflow_publishes_to_pages() -> None:
    workflow = load_workflow("deploy.yml")
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    assert workflow["concurrency"]["group"] == "pages"
    build = step_running(workflow, "mkdocs build --strict")
    site_dir = shlex.split(build["run"])[shlex.split(build["run"]).index("--site-dir") + 1]
    (upload,) = action_steps(workflow, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == site_dir
    (deploy,) = action_steps(workflow, "actions/deploy-pages")
    deploy_job = next(job for job in workflow["jobs"].values() if deploy in job["steps"])
    assert deploy_job["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy_job["environment"]["name"] == "github-pages"
    assert deploy_job["needs"] in workflow["jobs"]


def test_review_reminder_runs_weekly_and_reports() -> None:
    workflow = load_workflow("review-reminder.yml")
    on = triggers(workflow)
    assert "workflow_dispatch" in on
    (schedule,) = on["schedule"]
    fields = schedule["cron"].split()
    assert len(fields) == 5
    assert (fields[2], fields[3]) == ("*", "*"), "every month, every day of the month"
    assert fields[4] != "*", "on one day of the week"
    listing = step_running(workflow, "opsbook review --by-team --due-within 14 --format markdown")
    assert "$GITHUB_STEP_SUMMARY" in listing["run"]
    issue = step_running(workflow, "gh issue create")
    assert issue["env"]["GH_TOKEN"] == "${{ github.token }}"


REMINDER_TEAMS = {
    "teams/a.yaml": "kind: team\nid: team-a\ntitle: Team A\nsummary: A.\n"
    "members: [{name: A, role: lead}]\ncodeowners: ['@acme/a']\n",
    "teams/b.yaml": "kind: team\nid: team-b\ntitle: Team B\nsummary: B.\n"
    "members: [{name: B, role: lead}]\n",
    "teams/c.yaml": "kind: team\nid: team-c\ntitle: Team C\nsummary: C.\n"
    "members: [{name: C, role: lead}]\ncodeowners: ['@acme/c']\n",
}


def _overdue_runbook(doc_id: str, owner: str) -> str:
    return (
        f"---\nkind: runbook\nid: {doc_id}\ntitle: {doc_id}\nsummary: S.\nowner: {owner}\n"
        "service: s\nreview: {last_reviewed: 2020-01-01, every_days: 30}\nsymptoms: [x]\n"
        "steps: [{title: y}]\n---\n"
    )


def test_review_reminder_keeps_one_issue_per_team(tmp_path: Path) -> None:
    """The workflow's own script, run against a real knowledge base and opsbook, with a
    stand-in for the `gh` command that records what it was asked to do. Team A and B have
    overdue documents; A already has an open issue, B has none; C has an open issue and
    nothing due any more."""
    script = step_running(load_workflow("review-reminder.yml"), "gh issue create")["run"]
    listing = step_running(
        load_workflow("review-reminder.yml"), "opsbook review --by-team --due-within 14"
    )["run"]
    docs = tmp_path / "docs"
    files = {
        **REMINDER_TEAMS,
        "runbooks/a.md": _overdue_runbook("late-a", "team-a"),
        "runbooks/b.md": _overdue_runbook("late-b", "team-b"),
    }
    for rel_path, text in files.items():
        (docs / rel_path).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel_path).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "gh.log"
    open_issues = '[{"number": 7, "title": "Review reminder: team-a"}, {"number": 9, "title": "Review reminder: team-c"}]'
    (bin_dir / "gh").write_text(
        "#!/bin/sh\n"
        f'echo "$@" >> "{log}"\n'
        'for arg in "$@"; do case "$arg" in --body-file) body=1;; *) if [ -n "$body" ]; then '
        f'cat "$arg" >> "{log}"; body=; fi;; esac; done\n'
        f'if [ "$1 $2" = "issue list" ]; then echo \'{open_issues}\'; fi\n',
        encoding="utf-8",
    )
    (bin_dir / "gh").chmod(0o755)
    (bin_dir / "opsbook").write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -m opsbook.cli.main "$@"\n', encoding="utf-8"
    )
    (bin_dir / "opsbook").chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "PREFIX": "Review reminder: ",
        "RUN_URL": "https://example.com/run/1",
        "NO_MKDOCS_2_WARNING": "1",
    }
    for run in (listing, script):
        done = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", run],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    calls = log.read_text(encoding="utf-8")
    assert "issue edit 7 --body-file" in calls  # team A: updated
    assert "issue create --title Review reminder: team-b --body-file" in calls  # team B: opened
    assert "issue close 9 --comment" in calls  # team C: nothing left
    assert "issue close 7" not in calls
    assert "cc @acme/a" in calls
    assert "late-a" in calls
    assert "this team has no code-host handles" in calls  # team B's issue says so
    # Each team is told about its own documents only.
    body_b = calls[calls.index("Review reminder: team-b") :]
    assert "late-a" not in body_b.split("issue close")[0]


# --- pre-commit -------------------------------------------------------------------------


def test_pre_commit_hooks_manifest() -> None:
    hooks = hooks_manifest()
    for entry in hooks:
        assert {"id", "name", "entry", "language"} <= entry.keys()
    validate = hook(hooks, "opsbook-validate")
    assert validate["entry"].startswith("opsbook validate")
    assert validate["language"] == "python"
    assert validate["pass_filenames"] is True
    assert validate["require_serial"] is True
    files = re.compile(validate["files"])
    for path in ("docs/runbooks/a.md", "docs/processes/b.yaml", "docs/teams/c.yml"):
        assert files.search(path), path
    for path in ("scripts/build", "opsbook/loading/yaml.py", "docs/assets/logo.png"):
        assert not files.search(path), path
    codeowners = hook(hooks, "opsbook-codeowners")
    assert codeowners["entry"] == "opsbook codeowners --check"
    assert codeowners["pass_filenames"] is False
    assert re.search(codeowners["files"], ".github/CODEOWNERS")


def test_pre_commit_config_downloads_nothing() -> None:
    config = precommit_config()
    dev_lock = (ROOT / "requirements-dev.lock").read_text(encoding="utf-8").lower()
    for repo in config["repos"]:
        if repo["repo"] != "local":
            rev = str(repo.get("rev", ""))
            assert VERSION_TAG.fullmatch(rev) or COMMIT_SHA.fullmatch(rev), repo["repo"]
            continue
        for entry in repo["hooks"]:
            assert entry["language"] == "system", entry["id"]
            tool = shlex.split(entry["entry"])[0]
            assert tool.startswith(".venv/bin/"), f"{entry['id']}: run the tool pinned in .venv"
            name = tool.removeprefix(".venv/bin/")
            assert name == "opsbook" or f"\n{name}==" in dev_lock, f"{name} is not pinned"
    ids = {entry["id"] for repo in config["repos"] for entry in repo["hooks"]}
    assert {"opsbook-validate", "opsbook-codeowners", "ruff-check", "ruff-format"} <= ids


def test_opsbook_calls_in_pre_commit_hooks_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    entries = [entry["entry"] for entry in hooks_manifest()]
    entries += [entry["entry"] for repo in precommit_config()["repos"] for entry in repo["hooks"]]
    calls = [call for entry in entries for call in opsbook_calls(entry)]
    assert len(calls) >= 4
    for name, *args in calls:
        command = cli.get_command(click.Context(cli), name)
        assert command is not None, f"opsbook has no command {name!r}"
        with command.make_context(f"opsbook {name}", list(args)):
            pass


# --- editors ----------------------------------------------------------------------------


def test_vscode_maps_the_document_schema_to_docs_yaml() -> None:
    settings = vscode_settings()
    mapping = settings["yaml.schemas"]
    schema_key = "./schemas/json/document.schema.json"
    globs = mapping[schema_key]
    assert {"docs/**/*.yaml", "docs/**/*.yml"} <= set(globs)
    schema = json.loads((ROOT / schema_key).read_text(encoding="utf-8"))
    assert "$schema" in schema
    assert schema.get("oneOf"), "document.schema.json accepts any kind"
    documents = [p for p in (ROOT / "docs").rglob("*") if p.suffix in {".yaml", ".yml"}]
    for path in documents:
        relative = path.relative_to(ROOT).as_posix()
        assert any(fnmatch.fnmatch(relative, glob) for glob in globs), relative
    assert settings["[yaml]"]["editor.insertSpaces"] is True
    assert settings["[yaml]"]["editor.tabSize"] == 2
    assert settings["files.trimTrailingWhitespace"] is True
    assert settings["[markdown]"]["files.trimTrailingWhitespace"] is False


def test_vscode_recommends_the_yaml_extension() -> None:
    data = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in data["recommendations"]


def test_editorconfig() -> None:
    sections = editorconfig()
    assert sections[""]["root"] == "true"
    everything = sections["*"]
    assert everything["charset"] == "utf-8"
    assert everything["end_of_line"] == "lf"
    assert everything["indent_style"] == "space"
    yaml_section = next(v for k, v in sections.items() if "yaml" in k and "yml" in k)
    assert yaml_section["indent_size"] == "2"
    assert sections["*.py"]["indent_size"] == "4"


# --- actionlint -------------------------------------------------------------------------


def actionlint() -> str | None:
    beside_python = Path(sys.executable).parent / "actionlint"
    return str(beside_python) if beside_python.is_file() else shutil.which("actionlint")


@pytest.mark.skipif(actionlint() is None, reason="actionlint is not installed")
def test_actionlint_finds_nothing() -> None:
    binary = actionlint()
    assert binary is not None
    result = subprocess.run(
        [binary, "-no-color", *(str(path) for path in WORKFLOW_FILES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
