"""`opsbook new` writes a `$schema` line that leads from the new file to the project's
schemas (`schemas/json/` next to mkdocs.yml) wherever it is run from, and says how to
write them when they are missing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from kb_factory import VALID_KB, write_kb

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)$", re.M)


def opsbook(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "OPSBOOK_DEBUG"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "opsbook.cli.main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


def target_of(document: Path) -> Path:
    """Where an editor that opened `document` by this path looks for its schema: the
    relative path taken from the folder as named, folder links not followed."""
    found = SCHEMA_LINE.search(document.read_text(encoding="utf-8"))
    assert found is not None
    assert not Path(found["path"]).is_absolute()
    return Path(os.path.normpath(document.parent / found["path"]))


def test_missing_schemas_are_named_with_the_command_that_writes_them(tmp_path: Path) -> None:
    project = tmp_path / "kb"
    write_kb(project, VALID_KB)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    args = ["new", "runbook", "printer-down", "--owner", "product-ops"]
    result = opsbook(elsewhere, *args, "--config", "../kb/mkdocs.yml")
    assert result.returncode == 0, result.stderr
    document = project / "docs" / "runbooks" / "printer-down.md"
    assert target_of(document) == project / "schemas" / "json" / "runbook.schema.json"
    assert "../kb/schemas/json" in result.stderr
    assert "opsbook schema --output ../kb/schemas/json" in result.stderr
    assert "opsbook init" in result.stderr
    assert not (project / "schemas").exists()
    # The command it names, run where it was said, writes what the line points at.
    command = re.search(r"run: (opsbook schema --output \S+) ", result.stderr)
    assert command is not None, result.stderr
    assert opsbook(elsewhere, *command[1].split()[1:]).returncode == 0
    assert target_of(document).is_file()
    again = opsbook(elsewhere, "new", "process", "weekly", "--owner", "product-ops", "--config", "../kb/mkdocs.yml")  # fmt: skip
    assert again.returncode == 0
    assert again.stderr == ""


def test_schema_line_from_a_folder_link_in_the_docs(tmp_path: Path) -> None:
    """The teams live elsewhere and docs/teams links to them: the line leads from
    docs/teams, where the editor shows the file."""
    project = tmp_path / "kb"
    write_kb(project, VALID_KB)
    assert opsbook(project, "schema").returncode == 0
    shared = tmp_path / "shared-teams"
    (project / "docs" / "teams").rename(shared)
    (project / "docs" / "teams").symlink_to(shared, target_is_directory=True)
    result = opsbook(project, "new", "team", "guests")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    document = project / "docs" / "teams" / "guests.yaml"
    assert (shared / "guests.yaml").is_file()
    assert target_of(document) == project / "schemas" / "json" / "team.schema.json"
    assert target_of(document).is_file()
