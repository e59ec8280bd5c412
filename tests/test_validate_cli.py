"""`opsbook validate` (and `opsbook schema --check`) as users and CI run them.

Most tests call the entry point in-process for speed; a few run the real
command in a subprocess to prove the exit code and that no Python traceback
ever reaches the terminal.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from kb_factory import PROCESS_DOC, TEAM_DOC, VALID_KB, edit, write_kb
from site_factory import run_opsbook

from opsbook.cli.main import main

REPO = Path(__file__).resolve().parents[1]
BROKEN_TEAM = edit(TEAM_DOC, "channels:", "chanels:")
BROKEN_TEAM_LINE = (
    "docs/teams/product-ops.yaml:9:1: error: unknown field 'chanels' (did you mean 'channels'?)"
)
PROBLEM_LINE = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<column>\d+): error: (?P<text>.+)$")


def run_cli(args: list[str]) -> int:
    """Call the entry point in-process; its exit status."""
    with pytest.raises(SystemExit) as done:
        main(args)
    code = done.value.code
    assert isinstance(code, int), code
    return code


def reported(output: str) -> dict[str, list[int]]:
    """File -> lines of the `path:line:col: error:` lines in `output`."""
    found: dict[str, list[int]] = {}
    for line in output.splitlines():
        match = PROBLEM_LINE.match(line)
        if match:
            found.setdefault(match["file"], []).append(int(match["line"]))
    return found


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder that is the working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- results and exit codes -------------------------------------------------------------


def test_valid_knowledge_base_exits_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_kb(project, VALID_KB)
    assert run_cli(["validate"]) == 0
    out = capsys.readouterr().out
    assert out == f"opsbook: {len(VALID_KB)} documents checked, all valid.\n"


def test_problem_is_printed_as_path_line_column(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kb(project, {**VALID_KB, "teams/product-ops.yaml": BROKEN_TEAM})
    assert run_cli(["validate"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [BROKEN_TEAM_LINE, "opsbook: 1 problem in 1 file; 8 documents checked."]


def test_empty_docs_folder_is_valid(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_kb(project, {"index.md": "# Home\n"})
    assert run_cli(["validate"]) == 0
    assert "0 documents checked, all valid" in capsys.readouterr().out


def test_problems_in_several_files_are_sorted(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {
        **VALID_KB,
        "teams/product-ops.yaml": BROKEN_TEAM,
        "processes/incident-management.yaml": edit(PROCESS_DOC, "role: comms", "role: com"),
    }
    write_kb(project, files)
    assert run_cli(["validate"]) == 1
    out = capsys.readouterr().out
    assert reported(out) == {
        "docs/processes/incident-management.yaml": [23],
        "docs/teams/product-ops.yaml": [9],
    }
    assert "opsbook: 2 problems in 2 files; 8 documents checked." in out


# --- output formats -------------------------------------------------------------------------


def test_github_format_escapes_data_and_properties(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kb(project, {"a,b:c.yaml": 'kind: "run%book\\r\\nx"\nid: x\n'})
    assert run_cli(["validate", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    annotation = lines[0]
    prefix = "::error file=docs/a%2Cb%3Ac.yaml,line=1,col=7,title=opsbook kind::"
    assert annotation.startswith(prefix)
    data = annotation.removeprefix(prefix)
    # '%' is escaped; the line break was already shown as ⏎ so the message stays one line.
    assert data.startswith("kind: unknown kind 'run%25book⏎x'"), "':' stays in the data"
    assert "%3A" not in data
    assert len([line for line in lines if line.startswith("::error")]) == 1
    assert any(line.startswith("docs/a,b:c.yaml:1:7: error: kind: unknown kind") for line in lines)


def test_text_format_keeps_one_problem_per_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kb(project, {"x.yaml": 'kind: "run\\nbook"\nid: x\n'})
    assert run_cli(["validate"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("docs/x.yaml:1:7: error: kind: unknown kind")


def test_github_format_plain_problem(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_kb(project, {**VALID_KB, "teams/product-ops.yaml": BROKEN_TEAM})
    assert run_cli(["validate", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "::error file=docs/teams/product-ops.yaml,line=9,col=1,title=opsbook unknown-field::"
        "unknown field 'chanels' (did you mean 'channels'?)"
    )
    assert lines[1] == BROKEN_TEAM_LINE


def test_json_format_is_a_list_of_problems(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kb(project, {**VALID_KB, "teams/product-ops.yaml": BROKEN_TEAM})
    assert run_cli(["validate", "--format", "json"]) == 1
    captured = capsys.readouterr()
    problems = json.loads(captured.out)
    assert problems == [
        {
            "file": "docs/teams/product-ops.yaml",
            "line": 9,
            "column": 1,
            "severity": "error",
            "code": "unknown-field",
            "message": "unknown field 'chanels'",
            "hint": "did you mean 'channels'?",
        }
    ]
    assert "1 problem in 1 file" in captured.err


def test_json_format_when_valid_is_an_empty_list(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kb(project, VALID_KB)
    assert run_cli(["validate", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_json_keeps_vietnamese_text(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_kb(project, {**VALID_KB, "x.yaml": "kind: nhóm\nid: x\n"})
    assert run_cli(["validate", "--format", "json"]) == 1
    (problem,) = json.loads(capsys.readouterr().out)
    assert problem["message"] == "kind: unknown kind 'nhóm'"
    assert (problem["file"], problem["line"], problem["column"]) == ("docs/x.yaml", 1, 7)


# --- PATHS ----------------------------------------------------------------------------------


def test_paths_report_only_problems_in_the_named_files(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {
        **VALID_KB,
        "teams/product-ops.yaml": BROKEN_TEAM,
        "processes/incident-management.yaml": edit(PROCESS_DOC, "role: comms", "role: com"),
    }
    write_kb(project, files)
    assert run_cli(["validate", "docs/teams/product-ops.yaml"]) == 1
    out = capsys.readouterr().out
    assert reported(out) == {"docs/teams/product-ops.yaml": [9]}
    assert run_cli(["validate", "docs/processes"]) == 1
    assert reported(capsys.readouterr().out) == {"docs/processes/incident-management.yaml": [23]}
    assert run_cli(["validate", "docs/onboarding", "docs/features/feature-launch.md"]) == 0
    assert "all valid" in capsys.readouterr().out


def test_named_file_still_sees_the_whole_knowledge_base(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kb(project, VALID_KB)
    assert run_cli(["validate", "docs/onboarding/product-ops-analyst.yaml"]) == 0
    assert "all valid" in capsys.readouterr().out


def test_file_outside_the_docs_folder_is_checked(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kb(project, VALID_KB)
    (project / "drafts").mkdir()
    (project / "drafts" / "new.yaml").write_text(BROKEN_TEAM.replace("product-ops", "new-team"))
    assert run_cli(["validate", "drafts/new.yaml"]) == 1
    assert reported(capsys.readouterr().out) == {"drafts/new.yaml": [9]}


def test_folder_outside_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kb(tmp_path / "project", VALID_KB)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "new.yaml").write_text(BROKEN_TEAM.replace("product-ops", "x"))
    monkeypatch.chdir(tmp_path / "project")
    assert run_cli(["validate", "../elsewhere"]) == 1
    out = capsys.readouterr().out
    assert "new.yaml:9:1: error: unknown field 'chanels'" in out


# --- configuration and misuse ----------------------------------------------------------------


def test_missing_default_config_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["validate"]) == 2
    err = capsys.readouterr().err
    assert "no MkDocs configuration" in err
    assert "--config" in err


def test_config_file_that_does_not_exist_exits_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kb(project, VALID_KB)
    assert run_cli(["validate", "--config", "other/mkdocs.yml"]) == 2
    assert "other/mkdocs.yml" in capsys.readouterr().err


def test_unknown_option_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_kb(project, VALID_KB)
    assert run_cli(["validate", "--strict-mode"]) == 2
    assert "No such option" in capsys.readouterr().err


def test_unknown_format_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_kb(project, VALID_KB)
    assert run_cli(["validate", "--format", "xml"]) == 2
    assert "xml" in capsys.readouterr().err


def test_nonexistent_path_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_kb(project, VALID_KB)
    assert run_cli(["validate", "docs/nope.yaml"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_missing_docs_folder_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "mkdocs.yml").write_text("site_name: t\ndocs_dir: nowhere\n")
    assert run_cli(["validate"]) == 2
    assert "nowhere" in capsys.readouterr().err


def test_config_with_python_tags_and_other_docs_dir(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = """\
site_name: t
docs_dir: content
theme:
  name: material
  language: vi
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
extra:
  analytics: !ENV [ANALYTICS_KEY, none]
"""
    files = {**VALID_KB, "teams/product-ops.yaml": BROKEN_TEAM}
    write_kb(project, files, mkdocs_yml=config, docs_dir="content")
    (project / "docs").mkdir()
    (project / "docs" / "decoy.yaml").write_text("kind: nonsense\n")
    assert run_cli(["validate"]) == 1
    assert reported(capsys.readouterr().out) == {"content/teams/product-ops.yaml": [9]}


def test_config_in_another_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kb(tmp_path / "site", {**VALID_KB, "teams/product-ops.yaml": BROKEN_TEAM})
    monkeypatch.chdir(tmp_path)
    assert run_cli(["validate", "-f", "site/mkdocs.yml"]) == 1
    assert reported(capsys.readouterr().out) == {"site/docs/teams/product-ops.yaml": [9]}


def test_max_file_size_comes_from_the_plugin_options(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = "site_name: t\nplugins:\n  - search\n  - opsbook:\n      max_file_size: 200\n"
    write_kb(project, VALID_KB, mkdocs_yml=config)
    assert run_cli(["validate", "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)
    assert problems, "every example is over 200 bytes"
    assert {problem["code"] for problem in problems} == {"too-large"}


# --- opsbook schema --check ---------------------------------------------------------------


def test_committed_json_schemas_are_up_to_date(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    assert run_cli(["schema", "--check", "--output", "schemas/json"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_schema_check_fails_on_a_modified_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schemas = tmp_path / "json"
    shutil.copytree(REPO / "schemas" / "json", schemas)
    changed = schemas / "runbook.schema.json"
    text = changed.read_text(encoding="utf-8")
    modified = edit(text, '"title": "Runbook"', '"title": "Run book"')
    changed.write_text(modified, encoding="utf-8")
    assert run_cli(["schema", "--check", "--output", str(schemas)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [f"{changed}: out of date; run 'opsbook schema' and commit it"]
    assert changed.read_text(encoding="utf-8") == modified, "--check writes nothing"


def test_schema_check_fails_on_a_missing_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schemas = tmp_path / "json"
    shutil.copytree(REPO / "schemas" / "json", schemas)
    (schemas / "team.schema.json").unlink()
    assert run_cli(["schema", "--check", "--output", str(schemas)]) == 1
    assert "team.schema.json: out of date" in capsys.readouterr().out
    assert not (schemas / "team.schema.json").exists()


# --- the real command, in a subprocess ------------------------------------------------------


def test_subprocess_valid_knowledge_base(tmp_path: Path) -> None:
    write_kb(tmp_path, VALID_KB)
    result = run_opsbook(tmp_path, "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "opsbook: 8 documents checked, all valid.\n"
    assert "Traceback" not in result.stdout + result.stderr


def test_subprocess_hostile_files_give_problems_not_tracebacks(tmp_path: Path) -> None:
    bomb = 'kind: team\na: &a ["lol","lol"]\n' + "".join(
        f"{name}: &{name} [*{previous},*{previous},*{previous}]\n"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    files: dict[str, str | bytes] = {
        **VALID_KB,
        "bad/syntax.yaml": "kind: team\nid: x\ntitle: [a\nsummary: b\n",
        "bad/latin1.yaml": b"kind: team\nid: y\ntitle: caf\xe9\n",
        "bad/utf16.yaml": TEAM_DOC.encode("utf-16"),
        "bad/bomb.yaml": bomb,
        "bad/control.md": "---\nkind: team\ntitle: a\x00b\n---\n",
        "bad/empty.yaml": "",
        "bad/unclosed.md": "---\nkind: runbook\nid: z\n",
        "bad/tabs.yaml": "kind: team\nmembers:\n\t- name: a\n",
        "bad/huge.yaml": "kind: team\n" + "# padding\n" * 1_100_000,
        "bad/unknown.md": "---\n" + BROKEN_TEAM.replace("product-ops", "other") + "---\n",
    }
    write_kb(tmp_path, files)
    result = run_opsbook(tmp_path, "validate")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == ""
    assert reported(result.stdout) == {
        "docs/bad/syntax.yaml": [4],
        "docs/bad/latin1.yaml": [3],
        "docs/bad/utf16.yaml": [1],
        "docs/bad/bomb.yaml": [2],
        "docs/bad/control.md": [3],
        "docs/bad/empty.yaml": [1],
        "docs/bad/unclosed.md": [1],
        "docs/bad/tabs.yaml": [3],
        "docs/bad/huge.yaml": [1],
        "docs/bad/unknown.md": [10],
    }
    assert "opsbook: 10 problems in 10 files" in result.stdout


def test_subprocess_misuse_exits_2_without_traceback(tmp_path: Path) -> None:
    no_config = run_opsbook(tmp_path, "validate")
    assert no_config.returncode == 2
    assert "no MkDocs configuration" in no_config.stderr
    write_kb(tmp_path, VALID_KB)
    for args in (
        ["validate", "--bogus"],
        ["validate", "missing.yaml"],
        ["validate", "-f", "x.yml"],
    ):
        result = run_opsbook(tmp_path, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        assert "Usage:" in result.stderr or "Error:" in result.stderr


def test_installed_script_reports_github_annotations(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("opsbook")
    if not script.exists():
        pytest.skip("no opsbook script next to the interpreter")
    write_kb(tmp_path, {**VALID_KB, "teams/product-ops.yaml": BROKEN_TEAM})
    result = subprocess.run(
        [str(script), "validate", "--format", "github"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=docs/teams/product-ops.yaml,line=9,col=1,")
    assert "Traceback" not in result.stdout + result.stderr


def test_files_the_site_excludes_are_not_validated(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kb(project, {**VALID_KB, "drafts/half.yaml": BROKEN_TEAM.replace("product-ops", "d")})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "exclude_docs: |\n  drafts/\n", encoding="utf-8")
    assert run_cli(["validate"]) == 0, capsys.readouterr().out


def test_documents_behind_a_symlinked_folder_are_validated(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_kb(project, VALID_KB)
    outside = project / "shared-teams"
    outside.mkdir()
    (outside / "new.yaml").write_text(BROKEN_TEAM.replace("product-ops", "x"), encoding="utf-8")
    (project / "docs" / "shared").symlink_to(outside, target_is_directory=True)
    (outside / "loop").symlink_to(project / "docs", target_is_directory=True)
    assert run_cli(["validate"]) == 1
    assert "docs/shared/new.yaml:9:1: error: unknown field 'chanels'" in capsys.readouterr().out
