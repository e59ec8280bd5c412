"""What the command line prints and writes when file names and document text are hostile.

A pull request controls the names of the files it adds and every word in them. The
commands run in CI, where a printed line that starts with `::` (or holds `##[`) is a
workflow command the GitHub runner obeys, and where CODEOWNERS and the job summary
are written from documents. Every command runs for real, in a subprocess, against
real files (and real git where it matters); the runner's reading of a line is
reproduced by `forged_commands`.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from history_repo import ScriptedRepo
from kb_factory import RUNBOOK_DOC, TEAM_DOC, VALID_KB, edit, write_kb

from opsbook.problems import Problem, printable, printable_lines

FORGED = "::warning file=README.md::Security review APPROVED"
STOP = "::stop-commands::pwned"
LEGACY = "##[warning]Security review APPROVED"
# A file name a pull request can add: a line break, then a workflow command.
HOSTILE_NAME = f"x\n{FORGED}\n.yaml"


def run_opsbook(cwd: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess, as CI runs it (no debug tracebacks)."""
    env = {key: value for key, value in os.environ.items() if key != "OPSBOOK_DEBUG"}
    env.update(
        NO_MKDOCS_2_WARNING="1",
        OPSBOOK_TODAY="2026-11-24",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        PYTHONIOENCODING="utf-8",
    )
    return subprocess.run(
        [sys.executable, "-m", "opsbook.cli.main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=timeout,
        check=False,
    )


def forged_commands(output: str, allowed: str = "") -> list[str]:
    """Lines of `output` the GitHub runner would take as workflow commands.

    The runner reads lines (it splits at \\r and \\n; Python's splitlines splits at
    more), trims leading white space and obeys a line starting with `::`; the legacy
    form `##[` is found anywhere in a line. Lines starting with `allowed` (the
    annotations `--format github` prints on purpose) are left out.
    """
    found = []
    for line in output.splitlines():
        if allowed and line.startswith(allowed):
            continue
        if line.lstrip().startswith("::") or "##[" in line:
            found.append(line)
    return found


def assert_clean(result: subprocess.CompletedProcess[str], allowed: str = "") -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode != 3, result.stderr
    for stream in (result.stdout, result.stderr):
        assert forged_commands(stream, allowed) == [], stream
        assert "\x1b" not in stream, "a terminal escape sequence reached the output"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write_kb(root, VALID_KB)
    return root


# --- the one function ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        FORGED,
        f"  {FORGED}",
        f"\t{FORGED}",
        f"x\n{FORGED}",
        f"x\r{FORGED}",
        f"x\r\n{STOP}",
        f"x\u2028{FORGED}",
        f"x\x85{FORGED}",
        f"x\x0b{FORGED}",
        f"title {LEGACY}",
        f"\u00ad{FORGED}",  # a soft hyphen, which culture-aware matching ignores
        "\x1b]0;owned\x07\x1b[2J",
        "x\udcff\udcfe.yaml",  # a file name that is not UTF-8
        "\u202eevil.md",
    ],
)
def test_printable_leaves_one_line_that_commands_nothing(text: str) -> None:
    shown = printable(text)
    assert len(shown.splitlines()) == 1
    assert forged_commands(shown) == []
    assert all(c.isprintable() or c == " " for c in shown), repr(shown)
    assert printable(shown) == shown, "printing twice changes nothing"
    shown.encode("utf-8")  # no surrogates left: printing it cannot fail


def test_printable_keeps_ordinary_text_as_it_is() -> None:
    for text in ["docs/teams/product-ops.yaml", "Lộ trình cho chuyên viên", "a: b :: c", "#1 [x]"]:
        assert printable(text) == text


def test_printable_escapes_are_visible() -> None:
    assert printable("a\tb") == "a\\tb"
    assert printable("a\nb") == "a⏎b"
    assert printable("\x1b[31m") == "\\x1b[31m"
    assert printable("x\udcff") == "x\\xff"
    assert printable(FORGED) == "\\" + FORGED
    assert printable(LEGACY) == "##\\[warning]Security review APPROVED"
    assert printable_lines(f"ok\n{FORGED}") == f"ok\n\\{FORGED}"


def test_a_problem_is_safe_by_construction(tmp_path: Path) -> None:
    problem = Problem(tmp_path / HOSTILE_NAME, 1, 1, f"bad\n{STOP}", f"fix {LEGACY}")
    for shown in (problem.format(tmp_path), problem.display_path(tmp_path), problem.text()):
        assert len(shown.splitlines()) == 1
        assert forged_commands(shown) == []


@pytest.mark.parametrize(
    "text",
    [f"x\n{FORGED}", f"x\u2028{STOP}", LEGACY, "\x7f\x85\u202e\U000e0041", "x\udcff", "Lộ trình"],
)
def test_json_text_reads_back_the_same_and_prints_safely(text: str) -> None:
    from opsbook.cli.report import json_text

    shown = json_text({"value": text, "list": [text]})
    assert json.loads(shown) == {"value": text, "list": [text]}
    assert forged_commands(shown) == []
    assert printable_lines(shown) == shown, "nothing left that printable would change"


# --- validate -------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["text", "github", "json"])
def test_validate_prints_no_workflow_command_from_a_file_name(
    project: Path, output_format: str
) -> None:
    (project / "docs" / HOSTILE_NAME).write_text("kind: team\nid: hostile\n", encoding="utf-8")
    (project / "docs" / "teams" / f"{LEGACY}.yaml").write_text(
        "kind: team\nid: legacy\n", encoding="utf-8"
    )
    result = run_opsbook(project, "validate", "--format", output_format)
    assert result.returncode == 1, result.stderr
    assert_clean(result, allowed="::error file=" if output_format == "github" else "")
    if output_format == "json":
        problems = json.loads(result.stdout)
        assert {p["file"] for p in problems} == {
            printable(f"docs/{HOSTILE_NAME}"),
            printable(f"docs/teams/{LEGACY}.yaml"),
        }
    if output_format == "github":
        annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
        assert len(annotations) == len(re.findall(": error: ", result.stdout))


def test_validate_prints_no_workflow_command_from_document_text(project: Path) -> None:
    hostile = edit(TEAM_DOC, "channels:", f'"{LEGACY}": 1\n"x\\r{STOP}": 2\nchannels:')
    (project / "docs" / "teams" / "product-ops.yaml").write_text(hostile, encoding="utf-8")
    for output_format in ("text", "github", "json"):
        result = run_opsbook(project, "validate", "--format", output_format)
        assert result.returncode == 1
        assert_clean(result, allowed="::error file=" if output_format == "github" else "")
        assert "unknown field" in result.stdout


def test_json_output_is_still_the_data(project: Path) -> None:
    key = f"{LEGACY}\u2028x"
    written = f"{LEGACY}\\u2028x"  # YAML's escape: the file itself holds no separator
    hostile = edit(TEAM_DOC, "channels:", f'"{written}": 1\nchannels:')
    (project / "docs" / "teams" / "product-ops.yaml").write_text(hostile, encoding="utf-8")
    result = run_opsbook(project, "validate", "--format", "json")
    assert_clean(result)
    (problem,) = json.loads(result.stdout)
    assert problem["message"] == f"unknown field '{key}'", "JSON escapes, it does not change"


# --- review, schema, new, codeowners, changes -----------------------------------------------


def overdue_runbook(title: str) -> str:
    text = edit(
        RUNBOOK_DOC, "review: {last_reviewed: 2026-10-01", "review: {last_reviewed: 2020-01-01"
    )
    return edit(text, "title: Payment webhooks are failing", f"title: {json.dumps(title)}")


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_review_prints_no_workflow_command_from_a_title(project: Path, output_format: str) -> None:
    path = project / "docs" / "runbooks" / "payment-webhook-failures.md"
    path.write_text(overdue_runbook(f"Webhooks\n{FORGED}\r{STOP} {LEGACY}"), encoding="utf-8")
    assert run_opsbook(project, "validate").returncode == 0, "the title itself is valid text"
    result = run_opsbook(project, "review", "--format", output_format)
    assert result.returncode == 0, result.stderr
    assert_clean(result)
    assert "Webhooks" in result.stdout


def test_schema_prints_no_workflow_command_from_its_output_folder(tmp_path: Path) -> None:
    result = run_opsbook(tmp_path, "schema", "--check", "--output", f"out\n{FORGED}")
    assert result.returncode == 1
    assert_clean(result)
    assert "out of date" in result.stdout


def test_new_prints_no_workflow_command_from_its_path(project: Path) -> None:
    result = run_opsbook(
        project, "new", "runbook", "hostile", "--owner", "product-ops",
        "--path", f"docs/runbooks/x\n{FORGED}.md",
    )  # fmt: skip
    assert_clean(result)
    assert result.returncode == 0, result.stderr
    assert "Created docs/runbooks/x⏎::warning" in result.stdout


def test_internal_and_usage_errors_print_no_workflow_command(project: Path) -> None:
    result = run_opsbook(project, "new", f"run\n{FORGED}", "x")
    assert result.returncode == 2
    assert_clean(result)
    result = run_opsbook(project, "validate", "--config", f"no\n{FORGED}.yml")
    assert result.returncode == 2
    assert_clean(result)


@pytest.fixture
def repo(tmp_path: Path) -> ScriptedRepo:
    """main with the valid knowledge base, and a branch `feature` to change it on."""
    repo = ScriptedRepo(tmp_path / "repo")
    write_kb(repo.root, VALID_KB)
    repo.commit("Knowledge base")
    repo.git("checkout", "-q", "-b", "feature")
    return repo


def test_changes_prints_no_workflow_command_from_names_and_titles(repo: ScriptedRepo) -> None:
    repo.write(f"docs/{HOSTILE_NAME}", "kind: team\nid: hostile\n")
    repo.write(
        "docs/runbooks/payment-webhook-failures.md",
        overdue_runbook(f"Webhooks\n{FORGED} {LEGACY} `code` [link](https://evil.example)"),
    )
    repo.commit("Hostile names")
    for output_format in ("markdown", "json"):
        result = run_opsbook(repo.root, "changes", "--base", "main", "--format", output_format)
        assert result.returncode == 0, result.stderr
        assert_clean(result)
    markdown = run_opsbook(repo.root, "changes", "--base", "main").stdout
    assert not re.search(r"(?<!\\)\]\(https://evil", markdown), "no link from a title"


@pytest.mark.parametrize("base", [f"nope\r{FORGED}", f"nope\x1b[2J{LEGACY}"])
def test_changes_unknown_base_is_shown_escaped(repo: ScriptedRepo, base: str) -> None:
    result = run_opsbook(repo.root, "changes", "--base", base)
    assert result.returncode == 2
    assert_clean(result)
    assert base not in result.stderr
    assert "unknown base" in result.stderr


@pytest.mark.parametrize("base", ["nope;touch${IFS}pwned", "$(touch pwned)", "a'b"])
def test_changes_unknown_base_hint_quotes_the_ref_for_the_shell(
    repo: ScriptedRepo, base: str
) -> None:
    result = run_opsbook(repo.root, "changes", "--base", base)
    assert result.returncode == 2
    assert "unknown base" in result.stderr
    suggested = result.stderr.count("git fetch origin")
    assert result.stderr.count(f"git fetch origin {shlex.quote(base)}") == suggested, (
        "every suggested command quotes the ref as the shell reads it"
    )


# --- codeowners -----------------------------------------------------------------------------


def codeowners_rules(text: str) -> list[tuple[str, list[str]]]:
    """(pattern, owners) of each rule, read the way GitHub reads CODEOWNERS: a line is
    split at white space that no backslash escapes; `#` starts a comment line."""
    rules = []
    for line in text.split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        words = [word.replace("\x00", " ") for word in line.replace("\\ ", "\x00").split()]
        rules.append((words[0], words[1:]))
    return rules


def owned_runbook(doc_id: str) -> str:
    text = edit(RUNBOOK_DOC, "id: payment-webhook-failures", f"id: {doc_id}")
    text = edit(text, "owner: payments-ops", "owner: product-ops")
    return edit(text, "related: [incident-management]", "related: []")


@pytest.fixture
def owners_repo(tmp_path: Path) -> ScriptedRepo:
    repo = ScriptedRepo(tmp_path / "repo")
    write_kb(repo.root, VALID_KB)
    return repo


@pytest.mark.parametrize(
    "name",
    ["x\t@evil\tz.md", "x\n* @evil\n.md", "x\r@evil.md", "x\u2028@evil.md", "x\u00a0@evil.md"],
)
def test_codeowners_refuses_a_path_it_cannot_write_as_one_pattern(
    owners_repo: ScriptedRepo, name: str
) -> None:
    (owners_repo.root / "docs" / "runbooks" / name).write_text(
        owned_runbook("hostile"), encoding="utf-8"
    )
    assert run_opsbook(owners_repo.root, "validate").returncode == 0, "a valid document"
    for args in (["codeowners"], ["codeowners", "--check"]):
        result = run_opsbook(owners_repo.root, *args)
        assert result.returncode == 1, result.stdout + result.stderr
        assert_clean(result)
        assert printable(f"docs/runbooks/{name}") in result.stderr
        assert "CODEOWNERS cannot" in result.stderr
        assert "rename" in result.stderr
        assert not (owners_repo.root / ".github").exists(), "nothing was written"


def test_codeowners_escapes_what_it_can_so_each_path_is_one_pattern(
    owners_repo: ScriptedRepo,
) -> None:
    runbooks = owners_repo.root / "docs" / "runbooks"
    names = ["a b @evil.md", "c #1.md", "d*?[x]\\.md", "đường dẫn.md"]
    for number, name in enumerate(names):
        (runbooks / name).write_text(owned_runbook(f"spaced-{number}"), encoding="utf-8")
    result = run_opsbook(owners_repo.root, "codeowners")
    assert result.returncode == 0, result.stderr
    rules = codeowners_rules((owners_repo.root / ".github" / "CODEOWNERS").read_text("utf-8"))
    assert all(owners == ["@acme/product-ops"] for _, owners in rules), rules
    patterns = {pattern for pattern, _ in rules}
    assert "/docs/runbooks/a b @evil.md" in patterns
    assert "/docs/runbooks/đường dẫn.md" in patterns


# --- the job summary ------------------------------------------------------------------------


def test_changes_summary_escapes_titles_and_paths(repo: ScriptedRepo) -> None:
    title = "<img src=x onerror=alert(1)> [Approved](https://evil.example) **ok** `x` | y"
    repo.write("docs/runbooks/a `b` | c.md", owned_runbook("summary"))
    text = edit(TEAM_DOC, "title: Product Operations", f"title: {json.dumps(title)}")
    text = edit(
        text, '["@acme/product-ops"]', '["@acme/product-ops", "<img/src=x/onerror=alert(1)>@x.io"]'
    )
    repo.write("docs/teams/product-ops.yaml", text)
    repo.commit("Titles")
    result = run_opsbook(repo.root, "changes", "--base", "main")
    assert result.returncode == 0, result.stderr
    markdown = re.sub(
        r"\n```text\n.*?\n```\n", "\n", result.stdout, flags=re.S
    )  # code: shown as is
    assert "<img" not in markdown
    assert not re.search(r"(?<!\\)\[Approved(?<!\\)\]\(", markdown)
    assert "**ok**" not in markdown
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    assert all(row.count(" | ") == 3 for row in rows[1:]), rows


# --- new ------------------------------------------------------------------------------------


def files_under(root: Path) -> dict[str, bytes]:
    """Every file under `root`, to prove that nothing was written."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


@pytest.mark.parametrize("doc_id", ["a" * 300, "a" * 101, "-".join(["word"] * 30)])
def test_new_refuses_an_id_longer_than_ids_may_be(project: Path, doc_id: str) -> None:
    before = files_under(project.parent)
    result = run_opsbook(project, "new", "runbook", doc_id, "--owner", "product-ops")
    assert result.returncode == 2, result.stderr
    assert_clean(result)
    assert "at most 100 characters" in result.stderr
    assert files_under(project.parent) == before


def test_new_takes_an_id_of_the_longest_length(project: Path) -> None:
    doc_id = "a" * 100
    result = run_opsbook(project, "new", "runbook", doc_id, "--owner", "product-ops")
    assert result.returncode == 0, result.stderr
    assert (project / "docs" / "runbooks" / f"{doc_id}.md").is_file()
    assert run_opsbook(project, "validate").returncode == 0


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("../../outside.yaml", "inside the docs folder"),
        ("../outside.md", "inside the docs folder"),
        ("outside.md", "inside the docs folder"),
        ("docs/../outside.md", "inside the docs folder"),
        ("{tmp}/elsewhere/abs.md", "inside the docs folder"),
        ("docs/link/through-link.md", "inside the docs folder"),
        ("docs/.drafts/hidden.md", "hidden"),
        ("docs/runbooks/.hidden.md", "hidden"),
        ("docs/drafts/excluded.md", "exclude_docs"),
        ("docs/templates/excluded.md", "exclude_docs"),
    ],
)
def test_new_refuses_a_path_the_site_would_not_have(project: Path, given: str, why: str) -> None:
    (project / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: docs\nexclude_docs: |\n  drafts/\n", encoding="utf-8"
    )
    elsewhere = project.parent / "elsewhere"
    elsewhere.mkdir()
    (project / "docs" / "link").symlink_to(elsewhere, target_is_directory=True)
    before = files_under(project.parent)
    path = given.format(tmp=project.parent)
    result = run_opsbook(
        project, "new", "runbook", "stray", "--owner", "product-ops", "--path", path
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert_clean(result)
    assert "--path" in result.stderr
    assert why in result.stderr
    assert files_under(project.parent) == before, "nothing was written"


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="needs byte file names")
@pytest.mark.parametrize("output_format", ["text", "github", "json"])
def test_a_file_name_that_is_not_utf8_is_shown_not_a_crash(
    project: Path, output_format: str
) -> None:
    name = os.path.join(bytes(project / "docs"), b"x\xff\x1b[2J.yaml")
    with open(name, "w", encoding="utf-8") as stream:
        stream.write("kind: team\nid: x\n")
    result = run_opsbook(project, "validate", "--format", output_format)
    assert result.returncode == 1, result.stderr
    assert_clean(result, allowed="::error file=" if output_format == "github" else "")
    shown = "x\\xff\\x1b[2J.yaml"
    assert shown in (
        json.loads(result.stdout)[0]["file"] if output_format == "json" else result.stdout
    )
