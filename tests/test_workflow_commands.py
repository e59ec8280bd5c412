"""The editor-workflow commands: `opsbook new`, `codeowners`, `review`, `changes`, `schema`.

Every command runs in-process through the real entry point (`opsbook.cli.main:main`), in a
temporary project that is the working directory; `changes` and `codeowners` run against real
git repositories with scripted commits (fixed authors and dates, no user git configuration).
Tests marked xfail(strict=True) pin bugs that are known and not fixed yet.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from history_repo import ScriptedRepo
from kb_factory import (
    PAYMENTS_OPS_DOC,
    PROCESS_DOC,
    RUNBOOK_DOC,
    TEAM_DOC,
    VALID_KB,
    edit,
    line_of,
    write_kb,
)

from opsbook.cli.main import main
from opsbook.cli.review_command import ADVICE
from opsbook.kinds import KINDS, kind_of
from opsbook.knowledge_base import load_knowledge_base
from opsbook.workflow.codeowners import BEGIN, END

TODAY = "2026-11-24"
SCHEMA_FILES = {f"{kind}.schema.json" for kind in KINDS} | {
    "document.schema.json",
    "kb.schema.json",
}


# --- helpers ---------------------------------------------------------------------------


def run_cli(args: list[str]) -> int:
    """Call the entry point in-process; its exit status."""
    with pytest.raises(SystemExit) as done:
        main(args)
    code = done.value.code
    assert isinstance(code, int), code
    return code


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` (relative POSIX path -> bytes), to prove nothing was written."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


def runbook(doc_id: str, title: str, last_reviewed: str, every_days: int = 90) -> str:
    """A valid runbook (Markdown with front matter) owned by payments-ops."""
    text = edit(RUNBOOK_DOC, "id: payment-webhook-failures", f"id: {doc_id}")
    text = edit(text, "title: Payment webhooks are failing", f"title: {json.dumps(title)}")
    return edit(
        text,
        "review: {last_reviewed: 2026-10-01, every_days: 90}",
        f"review: {{last_reviewed: {last_reviewed}, every_days: {every_days}}}",
    )


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user git configuration, a fixed 'today', and no debug tracebacks."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("OPSBOOK_TODAY", TODAY)
    monkeypatch.delenv("OPSBOOK_DEBUG", raising=False)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with one valid document of every kind (three teams); the working directory."""
    root = tmp_path / "project"
    write_kb(root, VALID_KB)
    monkeypatch.chdir(root)
    return root


# --- opsbook new ----------------------------------------------------------------------

KIND_FORMATS = [(kind, file_format) for kind in KINDS for file_format in ("yaml", "md")]


def schema_line(path: Path) -> str:
    """The first line of a YAML file, or the first line inside a Markdown file's front matter."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if path.suffix == ".md":
        assert lines[0] == "---", lines[:2]
        return lines[1]
    return lines[0]


def assert_schema_comment(path: Path, root: Path, kind: str) -> None:
    line = schema_line(path)
    prefix = "# yaml-language-server: $schema="
    assert line.startswith(prefix), line
    relative = line.removeprefix(prefix)
    assert not Path(relative).is_absolute(), relative
    assert "\\" not in relative, relative
    target = (path.parent / relative).resolve()
    assert target == (root / "schemas" / "json" / f"{kind}.schema.json").resolve()


def test_kinds_under_test_match_the_registry() -> None:
    assert set(KINDS) == {
        "runbook",
        "process",
        "feature-guide",
        "onboarding-path",
        "team",
        "tool",
        "experiment",
    }
    assert {kind_of(kind).folder for kind in KINDS} == {
        "runbooks",
        "processes",
        "features",
        "onboarding",
        "teams",
        "tools",
        "experiments",
    }


@pytest.mark.parametrize(("kind", "file_format"), KIND_FORMATS)
def test_new_document_lands_in_its_folder_and_validates(
    project: Path, capsys: pytest.CaptureFixture[str], kind: str, file_format: str
) -> None:
    doc_id = f"new-{kind}-{file_format}"
    args = ["new", kind, doc_id, "--owner", "product-ops", "--format", file_format]
    assert run_cli(args) == 0
    out = capsys.readouterr().out
    suffix = ".md" if file_format == "md" else ".yaml"
    path = project / "docs" / kind_of(kind).folder / f"{doc_id}{suffix}"
    assert path.is_file()
    assert f"Created {os.path.relpath(path)}" in out
    assert_schema_comment(path, project, kind)
    assert run_cli(["validate"]) == 0, capsys.readouterr().out
    kb = load_knowledge_base(project / "docs")
    entry = kb.entries[doc_id]
    assert entry.kind == kind
    assert entry.raw.path == path
    if kind != "team":
        assert entry.model.owner == "product-ops"
    if kind in ("runbook", "process"):  # reviewed "today", as OPSBOOK_TODAY says
        assert entry.model.review is not None
        assert entry.model.review.last_reviewed.isoformat() == TODAY


@pytest.mark.parametrize("kind", KINDS)
def test_new_uses_the_default_format_of_the_kind(project: Path, kind: str) -> None:
    assert run_cli(["new", kind, "defaulted", "--owner", "product-ops"]) == 0
    expected = ".md" if kind in ("runbook", "feature-guide") else ".yaml"
    assert (project / "docs" / kind_of(kind).folder / f"defaulted{expected}").is_file()


def test_new_schema_comment_points_at_the_project_schemas_once_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`opsbook schema` then `opsbook new`: the editor finds the schema the comment names."""
    assert run_cli(["schema"]) == 0
    assert run_cli(["new", "process", "weekly-sync", "--owner", "product-ops"]) == 0
    path = project / "docs" / "processes" / "weekly-sync.yaml"
    relative = schema_line(path).split("$schema=", 1)[1]
    assert relative == "../../schemas/json/process.schema.json"
    schema = json.loads((path.parent / relative).read_text(encoding="utf-8"))
    assert schema["$id"].endswith("/process.schema.json")
    capsys.readouterr()


def test_new_without_owner_and_several_teams_asks_which_team(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["new", "runbook", "checkout-down"]) == 2
    err = capsys.readouterr().err
    assert "name one with --owner: payments-eng, payments-ops, product-ops" in err
    assert not (project / "docs" / "runbooks" / "checkout-down.md").exists()


def test_new_without_any_team_leaves_a_placeholder_validation_explains(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kb(tmp_path, {})
    monkeypatch.chdir(tmp_path)
    assert run_cli(["new", "runbook", "checkout-down"]) == 0
    assert "Set 'owner' to the id of the team" in capsys.readouterr().out
    path = tmp_path / "docs" / "runbooks" / "checkout-down.md"
    owner_line = line_of(path.read_text(encoding="utf-8"), "owner: your-team")
    assert run_cli(["validate"]) == 1
    out = capsys.readouterr().out
    problem = next(line for line in out.splitlines() if "your-team" in line)
    assert problem.startswith(f"docs/runbooks/checkout-down.md:{owner_line}:")
    assert "refers to 'your-team', but there is no team with this id" in problem
    assert "Traceback" not in out


def test_new_without_owner_and_one_team_takes_that_team(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kb(tmp_path, {"teams/product-ops.yaml": TEAM_DOC})
    monkeypatch.chdir(tmp_path)
    assert run_cli(["new", "feature-guide", "dark-mode"]) == 0
    assert "Set 'owner'" not in capsys.readouterr().out
    text = (tmp_path / "docs" / "features" / "dark-mode.md").read_text(encoding="utf-8")
    assert "owner: product-ops\n" in text
    assert run_cli(["validate"]) == 0


@pytest.mark.parametrize(
    ("given", "kind"),
    [
        ("docs/playbooks/on call/deep/custom-runbook.md", "runbook"),
        ("docs/custom-process.yml", "process"),
        ("docs/elsewhere/team-notes.yaml", "team"),
    ],
)
def test_new_with_path_writes_there_with_a_working_schema_comment(
    project: Path, capsys: pytest.CaptureFixture[str], given: str, kind: str
) -> None:
    assert run_cli(["new", kind, "custom-doc", "--owner", "product-ops", "--path", given]) == 0
    path = project / given
    assert path.is_file()
    assert not (project / "docs" / kind_of(kind).folder / "custom-doc.md").exists()
    assert not (project / "docs" / kind_of(kind).folder / "custom-doc.yaml").exists()
    assert_schema_comment(path, project, kind)
    assert run_cli(["validate", given]) == 0, capsys.readouterr().out


def test_new_schema_comment_with_config_in_a_subfolder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from above the project: the comment is relative to the file, not to the cwd."""
    write_kb(tmp_path / "handbook", VALID_KB)
    monkeypatch.chdir(tmp_path)
    args = ["new", "onboarding-path", "support-agent", "--owner", "product-ops"]
    assert run_cli([*args, "--config", "handbook/mkdocs.yml"]) == 0
    path = tmp_path / "handbook" / "docs" / "onboarding" / "support-agent.yaml"
    assert_schema_comment(path, tmp_path / "handbook", "onboarding-path")
    assert run_cli(["validate", "--config", "handbook/mkdocs.yml"]) == 0


def test_new_with_a_vietnamese_title(project: Path) -> None:
    title = "Quy trình xử lý sự cố thanh toán: “khẩn cấp”"
    args = ["new", "process", "xu-ly-su-co", "--title", title, "--owner", "payments-ops"]
    assert run_cli(args) == 0
    path = project / "docs" / "processes" / "xu-ly-su-co.yaml"
    assert "Quy trình xử lý sự cố thanh toán" in path.read_text(encoding="utf-8")  # not \u-escaped
    kb = load_knowledge_base(project / "docs")
    assert not kb.problems, [p.format(project) for p in kb.problems]
    assert kb.entries["xu-ly-su-co"].title == title


@pytest.mark.parametrize("title", ["yes", "2026-01-01", "42", "---", "a: b # c", "- dash"])
def test_new_title_that_looks_like_other_yaml_stays_text(project: Path, title: str) -> None:
    assert run_cli(["new", "runbook", "tricky", "--title", title, "--owner", "payments-ops"]) == 0
    kb = load_knowledge_base(project / "docs")
    assert not kb.problems, [p.format(project) for p in kb.problems]
    assert kb.entries["tricky"].title == title


def test_new_refuses_to_overwrite_an_existing_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "docs" / "runbooks" / "payment-webhook-failures.md"
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = path.read_bytes(), path.stat().st_mtime_ns
    everything = tree(project)
    assert run_cli(["new", "runbook", "payment-webhook-failures"]) == 1
    captured = capsys.readouterr()
    assert "already exists; nothing was written" in captured.err
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert tree(project) == everything


def test_new_refuses_to_overwrite_an_ordinary_page_at_the_target(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "docs" / "runbooks" / "notes.md"
    path.write_bytes(b"# Notes\r\n\r\nA page a person wrote.\r\n")
    mtime = path.stat().st_mtime_ns
    assert run_cli(["new", "runbook", "notes"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert path.read_bytes() == b"# Notes\r\n\r\nA page a person wrote.\r\n"
    assert path.stat().st_mtime_ns == mtime


def test_new_refuses_an_id_used_in_another_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    everything = tree(project)
    assert run_cli(["new", "process", "payment-webhook-failures"]) == 1
    err = capsys.readouterr().err
    assert "the id 'payment-webhook-failures' is already used by" in err
    assert "payment-webhook-failures.md" in err
    assert "Nothing was written" in err
    assert tree(project) == everything


def test_new_refuses_an_id_used_by_an_invalid_document(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = project / "docs" / "runbooks" / "payment-webhook-failures.md"
    broken.write_text(edit(RUNBOOK_DOC, "severity: sev2", "sevrity: sev2"), encoding="utf-8")
    everything = tree(project)
    assert run_cli(["new", "runbook", "payment-webhook-failures", "--format", "yaml"]) == 1
    assert "already used" in capsys.readouterr().err
    assert tree(project) == everything


def test_new_rejects_an_invalid_id_with_a_suggestion(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    everything = tree(project)
    assert run_cli(["new", "runbook", "Foo Bar"]) == 2
    err = capsys.readouterr().err
    assert "'Foo Bar' is not a valid id" in err
    assert "'foo-bar'" in err
    assert tree(project) == everything


def test_new_rejects_an_id_with_a_trailing_newline(project: Path) -> None:
    everything = tree(project)
    assert run_cli(["new", "runbook", "zed\n"]) == 2
    assert tree(project) == everything


def test_new_rejects_an_unknown_kind_with_did_you_mean(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    everything = tree(project)
    assert run_cli(["new", "runbok", "checkout-down"]) == 2
    assert "did you mean 'runbook'" in capsys.readouterr().err
    assert tree(project) == everything


@pytest.mark.parametrize("owner", ["nobody", "payment-webhook-failures"])
def test_new_rejects_an_owner_that_is_not_a_team(
    project: Path, capsys: pytest.CaptureFixture[str], owner: str
) -> None:
    everything = tree(project)
    assert run_cli(["new", "runbook", "checkout-down", "--owner", owner]) == 1
    err = capsys.readouterr().err
    assert f"'{owner}' is not a team" in err
    assert "Nothing was written" in err
    assert tree(project) == everything


def test_new_suggests_the_closest_team_for_a_typo(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["new", "runbook", "checkout-down", "--owner", "product-op"]) == 1
    assert "did you mean 'product-ops'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "md", "--path", "docs/x.yaml"], "--format md does not match"),
        (["--format", "yaml", "--path", "docs/x.md"], "--format yaml does not match"),
        (["--path", "docs/x.txt"], "must end in .yaml, .yml or .md"),
        (["--path", "elsewhere/x.md"], "is not inside the docs folder"),
    ],
)
def test_new_rejects_a_path_that_does_not_fit(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    everything = tree(project)
    assert run_cli(["new", "runbook", "checkout-down", *args]) == 2
    assert message in capsys.readouterr().err
    assert tree(project) == everything


def test_new_outside_a_project_is_misuse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_cli(["new", "runbook", "checkout-down"]) == 2
    assert "no MkDocs configuration" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --- opsbook codeowners ---------------------------------------------------------------

SPACED_DOC = "runbooks/payment webhook #1.md"
CODEOWNERS_KB = {
    **VALID_KB,
    "index.md": "# Home\n\nAn ordinary page: no owner, no line.\n",
    "data/settings.yaml": "colour: blue\n",
    SPACED_DOC: edit(
        edit(
            runbook("spaced-name", "Spaced name", "2026-10-01"),
            "owner: payments-ops",
            "owner: product-ops",
        ),
        "contact: payments-eng",
        "contact: product-ops",
    ),
}

# Sorted by path from the repository root; payments teams have no codeowners handles.
EXPECTED_LINES = [
    "{p}/docs/features/feature-launch.md @acme/product-ops",
    "{p}/docs/onboarding/company-basics.yaml @acme/product-ops",
    "{p}/docs/onboarding/product-ops-analyst.yaml @acme/product-ops",
    "{p}/docs/processes/incident-management.yaml @acme/product-ops",
    "{p}/docs/runbooks/payment\\ webhook\\ \\#1.md @acme/product-ops",
    "# {p}/docs/runbooks/payment-webhook-failures.md: team 'payments-ops' has no codeowners handles",
    "# {p}/docs/teams/payments-eng.yaml: team 'payments-eng' has no codeowners handles",
    "# {p}/docs/teams/payments-ops.yaml: team 'payments-ops' has no codeowners handles",
    "{p}/docs/teams/product-ops.yaml @acme/product-ops",
]


def section(prefix: str = "") -> str:
    return "\n".join([BEGIN, *(line.format(p=prefix) for line in EXPECTED_LINES), END]) + "\n"


@pytest.fixture
def root_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose root holds mkdocs.yml and docs/; the working directory."""
    repo = ScriptedRepo(tmp_path / "repo")
    write_kb(repo.root, CODEOWNERS_KB)
    monkeypatch.chdir(repo.root)
    return repo.root


def test_codeowners_writes_one_line_per_document(
    root_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["codeowners"]) == 0
    target = root_repo / ".github" / "CODEOWNERS"
    assert target.read_text(encoding="utf-8") == section()
    captured = capsys.readouterr()
    owner_lines = [line for line in EXPECTED_LINES if not line.startswith("#")]
    assert f"wrote {len(owner_lines)} owner line(s) to {target}" in captured.out
    # marked as generated; ordinary pages and other files get no line
    assert target.read_text(encoding="utf-8").startswith(
        "# BEGIN opsbook: generated by `opsbook codeowners`"
    )
    assert "do not edit" in BEGIN
    assert "index.md" not in section()


def test_codeowners_reports_teams_without_handles_on_stderr(
    root_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["codeowners"]) == 0
    err = capsys.readouterr().err
    assert "team 'payments-ops' has no codeowners handles, so 2 document(s)" in err
    assert "team 'payments-eng' has no codeowners handles, so 1 document(s)" in err
    assert 'codeowners: ["@org/payments-ops"]' in err
    assert "product-ops" not in err


def test_codeowners_paths_are_relative_to_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = ScriptedRepo(tmp_path / "repo")
    write_kb(repo.root / "handbook", CODEOWNERS_KB)
    monkeypatch.chdir(repo.root / "handbook")
    assert run_cli(["codeowners"]) == 0
    target = repo.root / ".github" / "CODEOWNERS"
    assert target.read_text(encoding="utf-8") == section("/handbook")
    assert not (repo.root / "handbook" / ".github").exists()
    # and from the repository root with --config: the same file
    monkeypatch.chdir(repo.root)
    assert run_cli(["codeowners", "--check", "--config", "handbook/mkdocs.yml"]) == 0


def test_codeowners_check_up_to_date_and_stale(
    root_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = root_repo / ".github" / "CODEOWNERS"
    assert run_cli(["codeowners", "--check"]) == 1  # no file yet
    assert not target.exists()
    assert run_cli(["codeowners"]) == 0
    capsys.readouterr()
    assert run_cli(["codeowners", "--check"]) == 0
    assert "is up to date" in capsys.readouterr().out

    (root_repo / "docs" / "runbooks" / "refunds.md").write_text(
        edit(
            runbook("refunds", "Refunds", "2026-10-01"), "owner: payments-ops", "owner: product-ops"
        ),
        encoding="utf-8",
    )
    eng = root_repo / "docs" / "teams" / "payments-eng.yaml"
    eng.write_text(eng.read_text(encoding="utf-8") + 'codeowners: ["@acme/payments-eng"]\n')
    before = target.read_bytes()
    assert run_cli(["codeowners", "--check"]) == 1
    out = capsys.readouterr().out
    assert "is out of date; run 'opsbook codeowners'" in out
    changed = {line.strip() for line in out.splitlines() if line.startswith("  ")}
    assert changed == {
        "+/docs/runbooks/refunds.md @acme/product-ops",
        "-# /docs/teams/payments-eng.yaml: team 'payments-eng' has no codeowners handles",
        "+/docs/teams/payments-eng.yaml @acme/payments-eng",
    }
    assert target.read_bytes() == before  # --check writes nothing


def test_codeowners_keeps_hand_written_rules_and_is_idempotent(
    root_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = root_repo / ".github" / "CODEOWNERS"
    target.parent.mkdir()
    hand_written = "# Owners\n* @acme/everyone\n/mkdocs.yml @acme/platform\n"
    target.write_text(hand_written, encoding="utf-8")
    assert run_cli(["codeowners"]) == 0
    first = target.read_text(encoding="utf-8")
    assert first == hand_written + "\n" + section()

    # a person adds rules after the section and edits inside it; only the inside is replaced
    edited = first.replace("@acme/product-ops\n", "@someone-else\n", 1) + "\n/site/ @acme/web\n"
    target.write_text(edited, encoding="utf-8")
    assert run_cli(["codeowners"]) == 0
    second = target.read_text(encoding="utf-8")
    assert second == hand_written + "\n" + section() + "\n/site/ @acme/web\n"

    capsys.readouterr()
    mtime = target.stat().st_mtime_ns
    assert run_cli(["codeowners"]) == 0
    assert "already up to date" in capsys.readouterr().out
    assert target.read_text(encoding="utf-8") == second
    assert target.stat().st_mtime_ns == mtime
    assert run_cli(["codeowners", "--check"]) == 0


def test_codeowners_with_a_missing_end_marker_does_not_duplicate_or_lose_lines(
    root_repo: Path,
) -> None:
    target = root_repo / ".github" / "CODEOWNERS"
    target.parent.mkdir()
    target.write_text(f"* @acme/everyone\n{BEGIN}\n/old @acme/old\n", encoding="utf-8")
    assert run_cli(["codeowners"]) in (0, 1)
    first = target.read_text(encoding="utf-8")
    assert first.count(BEGIN) == 1
    assert run_cli(["codeowners"]) in (0, 1)
    assert target.read_text(encoding="utf-8") == first


def test_codeowners_refuses_when_owners_are_broken(
    root_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = root_repo / ".github" / "CODEOWNERS"
    target.parent.mkdir()
    target.write_bytes(b"* @acme/everyone\n")
    process = root_repo / "docs" / "processes" / "incident-management.yaml"
    process.write_text(
        edit(PROCESS_DOC, "owner: product-ops", "owner: product-opps"), encoding="utf-8"
    )
    assert run_cli(["codeowners"]) == 1
    captured = capsys.readouterr()
    problem_line = line_of(PROCESS_DOC, "owner: product-ops")
    assert f"docs/processes/incident-management.yaml:{problem_line}:" in captured.out
    assert "'product-opps'" in captured.out
    assert "did you mean 'product-ops'" in captured.out
    assert "CODEOWNERS was not changed" in captured.err
    assert target.read_bytes() == b"* @acme/everyone\n"
    assert run_cli(["codeowners", "--check"]) == 1


def test_codeowners_output_option(root_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["codeowners", "--output", "CODEOWNERS"]) == 0
    assert (root_repo / "CODEOWNERS").read_text(encoding="utf-8") == section()
    assert not (root_repo / ".github").exists()
    nested = root_repo / "docs-meta" / "owners" / "CODEOWNERS"
    assert run_cli(["codeowners", "-o", str(nested)]) == 0
    assert nested.read_text(encoding="utf-8") == section()
    capsys.readouterr()
    assert run_cli(["codeowners", "--check", "--output", "CODEOWNERS"]) == 0


# --- opsbook review -------------------------------------------------------------------

REVIEW_HTML_TITLE = "Refunds <b>stuck</b> | retry & report"
REVIEW_KB = {
    **VALID_KB,  # payment-webhook-failures: due 2026-12-30; incident-management: 2027-03-14
    "runbooks/checkout-down.md": runbook("checkout-down", "Checkout is down", "2026-01-01"),
    "processes/weekly-feedback.yaml": edit(
        edit(
            edit(PROCESS_DOC, "id: incident-management", "id: weekly-feedback"),
            "title: Incident management",
            "title: Weekly feedback review",
        ),
        "review: {last_reviewed: 2026-09-15, every_days: 180}",
        "review: {last_reviewed: 2026-08-01, every_days: 30}",
    ),
    "runbooks/refunds.md": runbook("refunds-stuck", REVIEW_HTML_TITLE, "2026-10-01", 30),
    "runbooks/soon.md": runbook("search-slow", "Search is slow", "2026-09-05"),
}


@pytest.fixture(scope="module")
def review_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("review")
    write_kb(root, REVIEW_KB)
    return root


@pytest.fixture
def in_review(review_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(review_root)
    return review_root


def review_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    assert run_cli(["review", "--format", "json", "--today", TODAY, *args]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list)
    return data


def test_review_lists_overdue_documents_most_overdue_first(
    in_review: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["review", "--today", TODAY]) == 0
    out = capsys.readouterr().out.splitlines()
    review_line = line_of(REVIEW_KB["runbooks/checkout-down.md"], "review:")
    assert out == [
        f"docs/runbooks/checkout-down.md:{review_line}: runbook 'Checkout is down' "
        "(owner: Payments Operations) overdue by 237 days; last reviewed 2026-01-01, due 2026-04-01",
        f"docs/processes/weekly-feedback.yaml:{line_of(PROCESS_DOC, 'review:')}: process "
        "'Weekly feedback review' (owner: Product Operations) overdue by 85 days; "
        "last reviewed 2026-08-01, due 2026-08-31",
        f"docs/runbooks/refunds.md:{review_line}: runbook '{REVIEW_HTML_TITLE}' "
        "(owner: Payments Operations) overdue by 24 days; last reviewed 2026-10-01, due 2026-10-31",
        f"opsbook: 3 document(s) overdue for review on {TODAY}.",
        ADVICE.format(field="review.last_reviewed"),
    ]


def test_review_due_within_adds_soon_due_documents(
    in_review: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["review", "--today", TODAY, "--due-within", "30"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 6
    assert "'Search is slow' (owner: Payments Operations) due in 10 days" in out[3]
    assert "due 2026-12-04" in out[3]
    assert out[4] == f"opsbook: 3 document(s) overdue for review on {TODAY}, 1 due within 30 days."
    assert out[5] == ADVICE.format(field="review.last_reviewed")
    # due in 36 days: only with a wider window
    assert run_cli(["review", "--today", TODAY, "--due-within", "36"]) == 0
    assert "'Payment webhooks are failing'" in capsys.readouterr().out


def test_review_json(in_review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = review_json(capsys, "--due-within", "30")
    assert [item["id"] for item in data] == [
        "checkout-down",
        "weekly-feedback",
        "refunds-stuck",
        "search-slow",
    ]
    assert [item["days_overdue"] for item in data] == [237, 85, 24, -10]
    first = data[0]
    assert {"id", "kind", "title", "file", "owner", "last_reviewed", "due", "days_overdue"} <= set(
        first
    )
    assert first == {
        **first,
        "kind": "runbook",
        "title": "Checkout is down",
        "file": "docs/runbooks/checkout-down.md",
        "owner": "payments-ops",
        "last_reviewed": "2026-01-01",
        "due": "2026-04-01",
    }
    assert data[2]["title"] == REVIEW_HTML_TITLE  # JSON carries the title as it is


def test_review_markdown_escapes_html_and_pipes(
    in_review: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["review", "--today", TODAY, "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"## Documents due for review ({TODAY})\n")
    assert "<b>" not in out
    assert "Refunds &lt;b&gt;stuck&lt;/b&gt; \\| retry &amp; report" in out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 4  # header + three documents
    assert all(row.count(" | ") == 5 for row in rows[1:]), rows  # escaped | keeps the columns
    assert (
        "| Checkout is down (`docs/runbooks/checkout-down.md`) | runbook | Payments Operations"
        in out
    )
    assert "| 2026-01-01 | 2026-04-01 | overdue by 237 days |" in out
    assert out.rstrip().endswith(ADVICE.format(field="`review.last_reviewed`"))


def test_review_fail_exits_1_when_anything_is_listed(
    in_review: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["review", "--today", TODAY, "--fail"]) == 1
    assert run_cli(["review", "--today", TODAY, "--fail", "--format", "json"]) == 1
    assert run_cli(["review", "--today", "2026-02-01", "--fail"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("opsbook: 0 document(s) overdue for review on 2026-02-01.\n")


def test_review_without_anything_due(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["review", "--today", TODAY, "--fail"]) == 0
    assert capsys.readouterr().out == f"opsbook: 0 document(s) overdue for review on {TODAY}.\n"
    assert run_cli(["review", "--today", TODAY, "--format", "markdown", "--fail"]) == 0
    assert "Every document with a review schedule is up to date." in capsys.readouterr().out
    assert review_json(capsys) == []


def test_review_uses_opsbook_today_without_the_option(
    in_review: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["review"]) == 0
    assert f"3 document(s) overdue for review on {TODAY}.\n" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["2026-13-01", "24/11/2026", "tomorrow", ""])
def test_review_rejects_an_invalid_today(
    in_review: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    assert run_cli(["review", "--today", bad]) == 2
    captured = capsys.readouterr()
    assert "--today" in captured.err
    assert "YYYY-MM-DD" in captured.err
    assert captured.out == ""


def test_review_rejects_a_negative_window(in_review: Path) -> None:
    assert run_cli(["review", "--due-within", "-1"]) == 2


def test_review_counts_skipped_documents_not_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    three_problems = edit(
        runbook("broken", "Broken", "2025-01-01"), "service: checkout", "sevice: x\nbogus: 1"
    )
    write_kb(tmp_path, {**VALID_KB, "runbooks/broken.md": three_problems})
    monkeypatch.chdir(tmp_path)
    assert run_cli(["review", "--today", TODAY]) == 0
    assert "1 file(s) have problems and may be missing from this list" in capsys.readouterr().err


# --- opsbook changes ------------------------------------------------------------------

SCRIPT_TITLE = "Webhooks <script>alert(1)</script> fail"
# Unlike every other document, so git cannot pair its removal with an addition as a rename.
OLD_FEATURE = """\
---
kind: feature-guide
id: old-retries
title: Old payment retries
summary: Retried failed card payments automatically, three times a day.
owner: payments-ops
status: retired
released: 2024-02-29
audience: [customers]
---
Retired when the provider started retrying on its side.
"""
CHANGES_BASE = {
    **VALID_KB,
    "features/old-retries.md": OLD_FEATURE,
    "guide.md": "# Writing guide\n\nHow we write.\n",
    "data/settings.yaml": "colour: blue\n",
}


def base_repo(root: Path) -> ScriptedRepo:
    repo = ScriptedRepo(root)
    write_kb(repo.root, CHANGES_BASE)
    repo.write("README.md", "# The handbook\n")
    repo.commit("Knowledge base")
    repo.git("checkout", "-q", "-b", "feature")
    return repo


@pytest.fixture(scope="module")
def feature_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """main, and a branch `feature` that adds, changes, renames and removes documents."""
    repo = base_repo(tmp_path_factory.mktemp("changes") / "repo")
    docs = repo.root / "docs"
    repo.write("docs/runbooks/webhooks.md", runbook("webhooks", SCRIPT_TITLE, "2026-10-01"))
    process = edit(PROCESS_DOC, "cadence: on demand", "cadence: weekly")
    repo.write("docs/processes/incident-management.yaml", process)
    repo.git("mv", "docs/features/feature-launch.md", "docs/features/launches.md")
    (docs / "features" / "old-retries.md").unlink()
    repo.write("docs/guide.md", "# Writing guide\n\nHow we write, with examples.\n")
    repo.write("README.md", "# The handbook, outside the docs folder\n")
    repo.commit("Rework the docs")
    # main moves on after the branch left it: not part of the branch's changes
    repo.git("checkout", "-q", "main")
    repo.write("docs/runbooks/main-only.md", runbook("main-only", "Only on main", "2026-10-01"))
    repo.commit("Meanwhile on main")
    repo.git("checkout", "-q", "feature")
    return repo.root


@pytest.fixture(scope="module")
def broken_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A branch `broken` whose changes break the knowledge base in several ways."""
    repo = base_repo(tmp_path_factory.mktemp("broken") / "repo")
    repo.git("checkout", "-q", "-b", "broken", "main")
    repo.write(
        "docs/runbooks/payment-webhook-failures.md",
        edit(RUNBOOK_DOC, "contact: payments-eng", "contact: payments-engg"),
    )
    repo.write(
        "docs/processes/incident-management.yaml",
        edit(PROCESS_DOC, "cadence: on demand", "cadence: on demand\nbogus: 1"),
    )
    repo.write(
        "docs/processes/fresh.yaml",
        "# yaml-language-server: $schema=../../schemas/json/process.schema.json\n"
        "kind: process\nid: fresh\ntitle: Fresh start\nsummary: [unclosed\n",
    )
    (repo.root / "docs" / "data" / "settings.yaml").unlink()
    repo.commit("Break things")
    return repo.root


def changes_markdown(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert run_cli(["changes", "--base", "main", *args]) == 0
    return capsys.readouterr().out


def table_rows(markdown: str) -> list[str]:
    start = markdown.index("| Change | Document | Kind | File |")
    rows = []
    for line in markdown[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def test_changes_lists_each_document_by_title_kind_and_action(
    feature_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(feature_repo)
    out = changes_markdown(capsys)
    assert out.startswith("## Knowledge base changes against `main`\n")
    assert sorted(table_rows(out)) == sorted(
        [
            "| renamed from `docs/features/feature-launch.md` | Feature launches | feature-guide "
            "| `docs/features/launches.md` |",
            "| changed | Writing guide | page | `docs/guide.md` |",
            "| changed | Incident management | process | `docs/processes/incident-management.yaml` |",
            "| removed | Old payment retries | feature-guide | `docs/features/old-retries.md` |",
            "| added | Webhooks &lt;script&gt;alert(1)&lt;/script&gt; fail | runbook "
            "| `docs/runbooks/webhooks.md` |",
        ]
    )
    assert "### Documents (5)" in out
    assert "<script>" not in out
    assert "Only on main" not in out  # landed on main after the branch left it
    assert "README" not in out
    assert "settings" not in out


def test_changes_lists_owners_with_their_handles(
    feature_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(feature_repo)
    out = changes_markdown(capsys)
    owners = out.split("### Owners to ask for review\n\n", 1)[1].split("\n\n", 1)[0]
    assert owners.splitlines() == [
        # the removed runbook counts for the owner of its last version
        "- **Payments Operations** (2 document(s)): (no codeowners handles)",
        "- **Product Operations** (2 document(s)): @acme/product-ops",
    ]


def test_changes_lists_documents_that_reference_changed_ones(
    feature_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(feature_repo)
    out = changes_markdown(capsys)
    referencing = out.split("### Documents that reference what changed\n\n", 1)[1]
    assert referencing.splitlines()[:2] == [
        "- Lộ trình cho chuyên viên Product Operations (onboarding-path) → Feature launches",
        "- Payment webhooks are failing (runbook) → Incident management",
    ]


def test_changes_states_a_valid_result(
    feature_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(feature_repo)
    out = changes_markdown(capsys)
    assert f"**Validation:** ✅ {len(VALID_KB) + 1} documents, all valid." in out
    assert "### Problems" not in out
    assert "❌" not in out


def test_changes_json(
    feature_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(feature_repo)
    data = json.loads(changes_markdown(capsys, "--format", "json"))
    assert data["base"] == "main"
    assert re.fullmatch(r"[0-9a-f]{40}", data["merge_base"])
    assert data["valid"] is True
    assert data["problems"] == []
    by_path = {d["path"]: d for d in data["documents"]}
    assert set(by_path) == {
        "features/launches.md",
        "guide.md",
        "processes/incident-management.yaml",
        "features/old-retries.md",
        "runbooks/webhooks.md",
    }
    assert by_path["features/launches.md"] == {
        "action": "renamed",
        "path": "features/launches.md",
        "old_path": "features/feature-launch.md",
        "title": "Feature launches",
        "kind": "feature-guide",
        "id": "feature-launch",
        "owner": "product-ops",
    }
    removed = by_path["features/old-retries.md"]
    assert (removed["action"], removed["title"], removed["kind"], removed["owner"]) == (
        "deleted",
        "Old payment retries",
        "feature-guide",
        "payments-ops",
    )
    assert by_path["runbooks/webhooks.md"]["title"] == SCRIPT_TITLE  # raw in JSON
    assert by_path["guide.md"]["kind"] == "page"
    assert data["owners"] == [
        {"team": "payments-ops", "title": "Payments Operations", "handles": [], "documents": 2},
        {
            "team": "product-ops",
            "title": "Product Operations",
            "handles": ["@acme/product-ops"],
            "documents": 2,
        },
    ]
    assert [(r["id"], r["references"]) for r in data["referencing"]] == [
        ("product-ops-analyst", ["Feature launches"]),
        ("payment-webhook-failures", ["Incident management"]),
    ]


def test_changes_when_nothing_changed(
    feature_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(feature_repo)
    assert run_cli(["changes", "--base", "feature"]) == 0
    out = capsys.readouterr().out
    assert "No documents changed." in out
    assert "### Owners" not in out


def test_changes_reports_what_the_branch_breaks(
    broken_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(broken_repo)
    out = changes_markdown(capsys)
    assert re.search(r"\*\*Validation:\*\* ❌ \d+ problem\(s\) in \d+ file\(s\); ", out), out
    assert "✅" not in out
    problems = out.split("### Problems\n\n```text\n", 1)[1].split("```", 1)[0]
    line = line_of(RUNBOOK_DOC, "contact: payments-eng")
    assert f"docs/runbooks/payment-webhook-failures.md:{line}:" in problems
    assert "'payments-engg'" in problems
    assert "docs/processes/fresh.yaml:" in problems
    assert "| changed | Payment webhooks are failing | runbook |" in out
    data = json.loads(changes_markdown(capsys, "--format", "json"))
    assert data["valid"] is False
    assert any("payments-engg" in p["message"] for p in data["problems"])


def test_changes_lists_a_yaml_document_the_branch_made_invalid(
    broken_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(broken_repo)
    rows = table_rows(changes_markdown(capsys))
    assert any("`docs/processes/incident-management.yaml`" in row for row in rows), rows


def test_changes_does_not_title_a_broken_yaml_document_by_its_schema_comment(
    broken_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(broken_repo)
    rows = table_rows(changes_markdown(capsys))
    row = next(row for row in rows if "`docs/processes/fresh.yaml`" in row)
    assert "yaml-language-server" not in row


def test_changes_leaves_out_removed_yaml_files_that_are_not_documents(
    broken_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(broken_repo)
    assert "settings.yaml" not in changes_markdown(capsys)


def test_changes_keeps_the_kind_and_owner_of_an_invalid_markdown_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = base_repo(tmp_path / "repo")
    repo.write(
        "docs/features/feature-launch.md",
        edit(
            (repo.root / "docs/features/feature-launch.md").read_text(encoding="utf-8"),
            "status: ga",
            "statuss: ga",
        ),
    )
    repo.commit("Typo")
    monkeypatch.chdir(repo.root)
    out = changes_markdown(capsys)
    assert "| changed | Feature launches | feature-guide |" in out
    assert "**Product Operations** (1 document(s))" in out


def test_changes_in_a_nested_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = ScriptedRepo(tmp_path / "repo")
    write_kb(repo.root / "handbook", VALID_KB)
    repo.write("src/app.py", "print('hi')\n")
    repo.commit("Start")
    repo.git("checkout", "-q", "-b", "topic")
    repo.write(
        "handbook/docs/teams/payments-ops.yaml", PAYMENTS_OPS_DOC + 'codeowners: ["@acme/pay"]\n'
    )
    repo.write("src/app.py", "print('hello')\n")
    repo.commit("Handles")
    monkeypatch.chdir(repo.root)
    assert run_cli(["changes", "--base", "main", "-f", "handbook/mkdocs.yml"]) == 0
    out = capsys.readouterr().out
    assert table_rows(out) == [
        "| changed | Payments Operations | team | `handbook/docs/teams/payments-ops.yaml` |"
    ]
    assert "- **Payments Operations** (1 document(s)): @acme/pay" in out


@pytest.mark.parametrize(
    ("base", "message"),
    [
        ("no-such-branch", "unknown base 'no-such-branch': fetch it first"),
        ("--base=-rf", "'-rf' is not a branch, tag or commit"),
    ],
)
def test_changes_with_an_unknown_base_is_misuse(
    feature_repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    base: str,
    message: str,
) -> None:
    monkeypatch.chdir(feature_repo)
    args = [base] if base.startswith("--") else ["--base", base]
    assert run_cli(["changes", *args]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


def test_changes_outside_a_git_repository_is_misuse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    inside = subprocess.run(
        ["git", "rev-parse", "--git-dir"], cwd=tmp_path, capture_output=True, check=False
    )
    if inside.returncode == 0:
        pytest.skip("the temporary folder is inside a git repository")
    write_kb(tmp_path, VALID_KB)
    monkeypatch.chdir(tmp_path)
    assert run_cli(["changes", "--base", "main"]) == 2
    captured = capsys.readouterr()
    assert "no git repository found" in captured.err
    assert captured.out == ""


def test_changes_in_a_repository_without_commits_is_misuse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = ScriptedRepo(tmp_path / "repo")
    write_kb(repo.root, VALID_KB)
    monkeypatch.chdir(repo.root)
    assert run_cli(["changes", "--base", "main"]) == 2
    assert "has no commits yet" in capsys.readouterr().err


def test_changes_requires_a_base(feature_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(feature_repo)
    assert run_cli(["changes"]) == 2


# --- opsbook schema -------------------------------------------------------------------


def test_schema_writes_one_file_per_kind_and_one_for_any(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out" / "schemas"
    count = len(SCHEMA_FILES)
    assert run_cli(["schema", "--output", str(output)]) == 0
    assert f"wrote {count} of {count} schemas" in capsys.readouterr().out
    assert {path.name for path in output.iterdir()} == SCHEMA_FILES
    for name in SCHEMA_FILES:
        schema = json.loads((output / name).read_text(encoding="utf-8"))
        assert schema["$id"].endswith(f"/{name}")
        assert "opsbook schema" in schema["$comment"]
    assert run_cli(["schema", "--output", str(output)]) == 0
    assert f"wrote 0 of {count} schemas" in capsys.readouterr().out
    assert run_cli(["schema", "--output", str(output), "--check"]) == 0


def test_schema_refuses_to_overwrite_a_file_it_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "schemas"
    output.mkdir()
    mine = output / "team.schema.json"
    mine.write_bytes(b'{"title": "our own team schema"}\n')
    mtime = mine.stat().st_mtime_ns
    assert run_cli(["schema", "--output", str(output)]) == 1
    err = capsys.readouterr().err
    assert f"{mine}: was not written by opsbook; not overwriting it" in err
    assert mine.read_bytes() == b'{"title": "our own team schema"}\n'
    assert mine.stat().st_mtime_ns == mtime
    assert [path.name for path in output.iterdir()] == ["team.schema.json"]  # all or nothing
