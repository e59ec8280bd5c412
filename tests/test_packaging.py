"""The package installs under `opsbook` only, editable and as a wheel, and a wheel
install carries everything a build needs (templates, labels, assets, schemas)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHECK_IMPORTS = textwrap.dedent(
    """
    import importlib.util, json, sys
    from importlib.metadata import entry_points
    import opsbook, opsbook.schemas, opsbook.plugins, opsbook.cli.main, opsbook.history
    found = {
        "bare": [n for n in ("schemas", "plugins", "cli", "history")
                 if importlib.util.find_spec(n) is not None],
        "plugin": [e.value for e in entry_points(group="mkdocs.plugins") if e.name == "opsbook"],
        "script": [e.value for e in entry_points(group="console_scripts") if e.name == "opsbook"],
        "schemas_file": opsbook.schemas.__file__,
        "plugins_file": opsbook.plugins.__file__,
    }
    print(json.dumps(found))
    """
)

KB_FILES = {
    "mkdocs.yml": "site_name: T\ntheme: {name: material, font: false}\n"
    "plugins: [search, opsbook: {today: '2026-11-24'}]\n",
    "docs/index.md": "# Home\n",
    "docs/teams/ops.yaml": "kind: team\nid: ops\ntitle: Ops\nsummary: Runs things.\n"
    "members: [{name: An, role: lead}]\n",
    "docs/processes/review.yaml": "kind: process\nid: review\ntitle: Review\nsummary: s\n"
    "owner: ops\npurpose: p\ntrigger: t\nreview: {last_reviewed: 2026-11-01, every_days: 30}\n"
    "roles: {ops: Ops}\nsteps: [{id: a, title: Do it, role: ops}]\n",
}


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def _write_kb(folder: Path) -> None:
    for name, text in KB_FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_editable_install_maps_folders_under_opsbook(tmp_path: Path) -> None:
    import json

    found = json.loads(_run([sys.executable, "-c", CHECK_IMPORTS], cwd=tmp_path))
    assert found["bare"] == []
    assert found["plugin"] == ["opsbook.plugins.plugin:OpsbookPlugin"]
    assert found["script"] == ["opsbook.cli.main:main"]
    assert Path(found["schemas_file"]).parent == ROOT / "schemas"
    assert Path(found["plugins_file"]).parent == ROOT / "plugins"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        cwd=out,
    )  # fmt: skip
    (found,) = out.glob("opsbook-*.whl")
    return found


def test_wheel_holds_only_the_opsbook_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/", 1)[0] for name in names}
    assert {t for t in top if not t.endswith(".dist-info")} == {"opsbook"}
    for needed in (
        "opsbook/rendering/templates/opsbook/runbook.html",
        "opsbook/rendering/templates/opsbook/_macros.html",
        "opsbook/rendering/theme/partials/actions.html",
        "opsbook/rendering/locales/vi.yml",
        "opsbook/rendering/assets/opsbook.js",
        "opsbook/markdown_extension.py",
        "opsbook/schemas/json/document.schema.json",
        "opsbook/py.typed",
    ):
        assert needed in names


def test_wheel_install_validates_and_builds(wheel: Path, tmp_path: Path) -> None:
    """A separate environment: the wheel's files, the dependencies of this one."""
    target = tmp_path / "site-packages"
    _run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        cwd=tmp_path,
    )  # fmt: skip
    dependencies = [p for p in sys.path if p.endswith("site-packages")]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(target), *dependencies]),
        "PYTHONNOUSERSITE": "1",
        "NO_MKDOCS_2_WARNING": "1",
    }
    # -S: no site processing, so the editable install's import hook stays out.
    python = [sys.executable, "-S"]
    import json

    found = json.loads(_run([*python, "-c", CHECK_IMPORTS], cwd=tmp_path, env=env))
    assert found["bare"] == []
    assert Path(found["schemas_file"]).is_relative_to(target)
    assert found["plugin"] == ["opsbook.plugins.plugin:OpsbookPlugin"]
    project = tmp_path / "kb"
    _write_kb(project)
    out = _run([*python, "-m", "opsbook.cli.main", "validate"], cwd=project, env=env)
    assert "2 documents checked, all valid" in out
    _run([*python, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env)
    page = (project / "site" / "processes" / "review" / "index.html").read_text(encoding="utf-8")
    assert '<pre class="mermaid">' in page
    assert (project / "site" / "assets" / "opsbook" / "opsbook.css").is_file()
