"""`opsbook init` from a wheel installed into a fresh virtual environment, in git
repositories outside the project: the knowledge base it starts validates and builds,
every schema line leads to its schema, it never overwrites a file, and bad input gets an
exit status and a sentence instead of a traceback."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest
import yaml

from opsbook.kinds import KINDS
from opsbook.loading.reader import read_source
from opsbook.workflow.init import plugin_missing

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)$", re.M)

pytestmark = pytest.mark.slow


class Environment:
    """A virtual environment with only the opsbook wheel installed; its dependencies are
    those of the project's environment, named by a .pth file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.bin = folder / "bin"
        self.python = self.bin / "python"

    def run(self, cwd: Path, *command: str) -> subprocess.CompletedProcess[str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"PYTHONPATH", "VIRTUAL_ENV", "OPSBOOK_DEBUG", "PYTHONHOME"}
        }
        env.update(
            PATH=f"{self.bin}{os.pathsep}{env.get('PATH', '')}",
            PYTHONNOUSERSITE="1",
            NO_MKDOCS_2_WARNING="1",
        )
        return subprocess.run(
            list(command),
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def opsbook(self, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        result = self.run(cwd, str(self.bin / "opsbook"), *args)
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result

    def mkdocs_build(self, cwd: Path) -> subprocess.CompletedProcess[str]:
        return self.run(cwd, str(self.bin / "mkdocs"), "build", "--strict")


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Environment:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = out.glob("opsbook-*.whl")
    environment = Environment(tmp_path_factory.mktemp("venv") / "env")
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(environment.folder)],
        check=True, timeout=120,
    )  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(environment.python), "install",
         "--no-deps", "--no-index", "-q", str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (site_packages,) = environment.folder.glob("lib/python*/site-packages")
    dependencies = [path for path in sys.path if path.endswith("site-packages")]
    (site_packages / "project-dependencies.pth").write_text(
        "\n".join(dependencies) + "\n", encoding="utf-8"
    )
    # The dependencies' own scripts are not installed here: mkdocs as pip would write it.
    mkdocs = environment.bin / "mkdocs"
    mkdocs.write_text(f'#!/bin/sh\nexec "{environment.python}" -m mkdocs "$@"\n', encoding="utf-8")
    mkdocs.chmod(0o755)
    where = environment.run(
        out, str(environment.python), "-c", "import opsbook; print(opsbook.__file__)"
    )
    assert Path(where.stdout.strip()).is_relative_to(site_packages), where
    return environment


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty git repository, outside the project."""
    folder = tmp_path / "repo"
    folder.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    assert not folder.is_relative_to(ROOT)
    return folder


def documents(docs: Path) -> Iterator[Path]:
    for path in sorted(docs.rglob("*")):
        if path.suffix in (".yaml", ".md") and path.name != "index.md":
            yield path


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".git/" not in path.relative_to(folder).as_posix() + "/"
    }


# --- a knowledge base from nothing -----------------------------------------------------


def test_init_starts_a_knowledge_base_that_validates_and_builds(
    installed: Environment, repo: Path
) -> None:
    result = installed.opsbook(repo, "init")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    for name in (
        "mkdocs.yml",
        "docs/teams/product-ops.yaml",
        "schemas/json/document.schema.json",
        ".vscode/settings.json",
        ".vscode/extensions.json",
        ".github/workflows/pull-request.yml",
        ".github/workflows/deploy.yml",
        ".github/workflows/review-reminder.yml",
        ".pre-commit-config.yaml",
        ".github/CODEOWNERS",
    ):
        assert (repo / name).is_file(), name
        assert f"Created {name}\n" in result.stdout
    assert "opsbook: 7 documents checked, all valid." in result.stdout
    for step in ("docs/teams/product-ops.yaml", "opsbook new", "mkdocs serve", "push"):
        assert step in result.stdout.split("Next steps:")[1], step

    validate = installed.opsbook(repo, "validate")
    assert validate.returncode == 0, validate.stdout
    build = installed.mkdocs_build(repo)
    assert build.returncode == 0, build.stderr
    assert (repo / "site" / "processes" / "feature-launch" / "index.html").is_file()
    config = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == ["search", "opsbook"]
    assert config["theme"] == {"name": "material", "font": False}


def test_every_kind_has_an_example_and_its_schema_line_finds_its_schema(
    installed: Environment, repo: Path
) -> None:
    assert installed.opsbook(repo, "init").returncode == 0
    kinds = set()
    for path in documents(repo / "docs"):
        source = read_source(path, path.name)
        assert source.document is not None, source.problems
        kind = source.document.data["kind"]
        kinds.add(kind)
        line = SCHEMA_LINE.search(path.read_text(encoding="utf-8"))
        assert line is not None, path
        schema_path = path.parent / line["path"]
        assert schema_path.is_file(), (path, line["path"])
        assert schema_path.resolve().parent == (repo / "schemas" / "json").resolve()
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        assert schema["$id"].endswith(f"/{kind}.schema.json")
        assert schema["properties"]["kind"]["const"] == kind
        assert set(source.document.data) <= set(schema["properties"]), path
        # what an editor checks: the example as JSON (dates as the text they are) against it
        as_json = json.loads(json.dumps(source.document.data, default=str))
        jsonschema.Draft202012Validator(schema).validate(as_json)
        text = path.read_text(encoding="utf-8")
        if kind != "team":
            assert "TODO" not in text, f"{path} is an example, not a skeleton"
    assert kinds == set(KINDS)
    settings = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        "./schemas/json/document.schema.json": ["docs/**/*.yaml", "docs/**/*.yml"]
    }
    (schema,) = settings["yaml.schemas"]
    assert (repo / schema).is_file()
    extensions = json.loads((repo / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert extensions["recommendations"] == ["redhat.vscode-yaml"]
    assert installed.opsbook(repo, "schema", "--check").returncode == 0


def test_the_repository_files_install_opsbook_from_pypi(installed: Environment, repo: Path) -> None:
    assert installed.opsbook(repo, "init", "--handle", "@acme/product-ops").returncode == 0
    requirements = (repo / "requirements-docs.txt").read_text(encoding="utf-8")
    version = installed.run(repo, str(installed.bin / "opsbook"), "--version").stdout.split()[-1]
    assert f"opsbook=={version}\n" in requirements
    for name in ("pull-request.yml", "deploy.yml", "review-reminder.yml"):
        text = (repo / ".github" / "workflows" / name).read_text(encoding="utf-8")
        workflow = yaml.safe_load(text)
        installs = [
            step["run"]
            for job in workflow["jobs"].values()
            for step in job["steps"]
            if "pip install" in step.get("run", "")
        ]
        assert installs in ([], ["python -m pip install -r requirements-docs.txt"]), name
        assert "--no-build-isolation" not in text
        assert "requirements.lock" not in text
    hooks = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (entry,) = hooks["repos"]
    assert entry["repo"] == "https://github.com/opsbook-dev/opsbook"
    assert entry["rev"] == f"v{version}"
    assert [hook["id"] for hook in entry["hooks"]] == ["opsbook-validate", "opsbook-codeowners"]
    published = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in entry["hooks"]} <= {hook["id"] for hook in published}
    assert re.fullmatch(entry["hooks"][0]["files"], "docs/runbooks/support-desk-outage.md")
    codeowners = (repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/docs/runbooks/support-desk-outage.md @acme/product-ops\n" in codeowners
    assert codeowners.startswith("# BEGIN opsbook")
    assert installed.opsbook(repo, "codeowners", "--check").returncode == 0


def test_the_workflows_commands_run_in_the_new_repository(
    installed: Environment, repo: Path, tmp_path: Path
) -> None:
    """Each step of the three workflows that runs opsbook or mkdocs, run as the GitHub
    runner would (bash, in the working directory), after the first commit."""
    assert installed.opsbook(repo, "init").returncode == 0
    git = ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Start the knowledge base"], check=True)
    subprocess.run([*git, "remote", "add", "origin", str(repo)], check=True)
    subprocess.run([*git, "fetch", "-q", "origin"], check=True)
    runner = tmp_path / "runner"
    runner.mkdir()
    env = {"BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(runner / "summary.md"), "RUNNER_TEMP": str(runner)}  # fmt: skip
    exports = "".join(f"export {key}={json.dumps(value)}\n" for key, value in env.items())
    ran = []
    for name in ("pull-request.yml", "deploy.yml", "review-reminder.yml"):
        workflow = yaml.safe_load((repo / ".github" / "workflows" / name).read_text("utf-8"))
        folder = repo / workflow["defaults"]["run"]["working-directory"]
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                script = step.get("run", "")
                if not re.search(r"^\s*(opsbook|mkdocs) ", script, re.M) or "gh " in script:
                    continue  # installing from PyPI, calling GitHub: the runner's side
                result = installed.run(
                    folder, "bash", "-e", "-o", "pipefail", "-c", exports + script
                )
                assert result.returncode == 0, (name, step["name"], result.stdout, result.stderr)
                ran.append(step["name"])
    assert len(ran) == 8, ran
    assert (runner / "summary.md").read_text(encoding="utf-8").strip()


def test_outside_a_repository_it_says_to_make_one(
    installed: Environment, tmp_path: Path, repo: Path
) -> None:
    result = installed.opsbook(tmp_path, "init", "--bare", "kb")
    assert result.returncode == 0, result.stderr
    assert "git init" in result.stdout.split("Next steps:")[1]
    assert (tmp_path / "kb" / ".github" / "workflows" / "deploy.yml").is_file()
    inside = installed.opsbook(repo, "init", "--bare")
    assert inside.returncode == 0, inside.stderr
    assert "git init" not in inside.stdout


def test_bare_writes_the_team_alone(installed: Environment, repo: Path) -> None:
    result = installed.opsbook(repo, "init", "--bare", "--team", "support-ops")
    assert result.returncode == 0, result.stderr
    assert [path.relative_to(repo / "docs").as_posix() for path in documents(repo / "docs")] == [
        "teams/support-ops.yaml"
    ]
    assert "1 document checked, all valid" in result.stdout
    assert installed.opsbook(repo, "validate").returncode == 0
    assert installed.mkdocs_build(repo).returncode == 0


# --- it never overwrites ---------------------------------------------------------------


def test_a_second_run_skips_every_file_and_says_so(installed: Environment, repo: Path) -> None:
    assert installed.opsbook(repo, "init").returncode == 0
    before = files_in(repo)
    (repo / "docs" / "teams" / "product-ops.yaml").write_text("kind: team\n", encoding="utf-8")
    before["docs/teams/product-ops.yaml"] = b"kind: team\n"
    result = installed.opsbook(repo, "init")
    assert files_in(repo) == before
    skipped = re.findall(r"^Skipped (\S+): it exists", result.stdout, re.M)
    assert sorted(skipped) == sorted(before)
    assert "Created" not in result.stdout
    assert result.returncode == 1, "the team it found is not valid"
    assert "docs/teams/product-ops.yaml:1:1: error: missing the required field" in result.stdout


def test_existing_files_are_kept_and_named(installed: Environment, repo: Path) -> None:
    (repo / ".vscode").mkdir()
    (repo / ".vscode" / "settings.json").write_text('{"editor.tabSize": 4}\n', encoding="utf-8")
    (repo / ".gitignore").write_text("node_modules/\n", encoding="utf-8")
    (repo / ".github").mkdir()
    (repo / ".github" / "CODEOWNERS").write_text("* @acme/everyone\n", encoding="utf-8")
    result = installed.opsbook(repo, "init")
    assert result.returncode == 0, result.stderr
    assert (repo / ".vscode" / "settings.json").read_text() == '{"editor.tabSize": 4}\n'
    assert (repo / ".gitignore").read_text() == "node_modules/\n"
    assert (repo / ".github" / "CODEOWNERS").read_text() == "* @acme/everyone\n"
    out = result.stdout
    assert "Skipped .vscode/settings.json: it exists; add this to it: " in out
    assert '"./schemas/json/document.schema.json"' in out
    assert "Skipped .gitignore: it exists; add 'site/' to it" in out
    assert "Skipped .github/CODEOWNERS: it exists; run 'opsbook codeowners'" in out
    assert installed.opsbook(repo, "codeowners").returncode == 0
    assert installed.opsbook(repo, "codeowners", "--check").returncode == 0
    assert "* @acme/everyone\n" in (repo / ".github" / "CODEOWNERS").read_text()


def test_mkdocs_yml_without_the_plugin_is_left_alone_and_the_lines_named(
    installed: Environment, repo: Path
) -> None:
    original = "site_name: Our docs\ntheme:\n  name: material\nplugins:\n  - search\n  - tags\n"
    (repo / "mkdocs.yml").write_text(original, encoding="utf-8")
    result = installed.opsbook(repo, "init")
    assert result.returncode == 1
    assert (repo / "mkdocs.yml").read_text(encoding="utf-8") == original
    assert "Skipped mkdocs.yml: it exists" in result.stdout
    advice = "    plugins:\n      - search\n      - tags\n      - opsbook\n"
    assert "mkdocs.yml does not use the opsbook plugin; nothing was added to it" in result.stderr
    assert advice in result.stderr
    assert "Next steps" not in result.stdout
    # Doing what it says is enough.
    (repo / "mkdocs.yml").write_text(
        original.split("plugins:")[0] + "\n".join(line[4:] for line in advice.splitlines()) + "\n",
        encoding="utf-8",
    )
    assert installed.opsbook(repo, "validate").returncode == 0
    build = installed.mkdocs_build(repo)
    assert build.returncode == 0, build.stderr
    assert (repo / "site" / "teams" / "product-ops" / "index.html").is_file()


def test_mkdocs_yml_with_the_plugin_and_another_docs_folder(
    installed: Environment, repo: Path
) -> None:
    (repo / "mkdocs.yml").write_text(
        "site_name: Handbook\ndocs_dir: handbook\ntheme: {name: material, font: false}\n"
        "plugins:\n  - search\n  - opsbook:\n      navigation: auto\n",
        encoding="utf-8",
    )
    result = installed.opsbook(repo, "init", "--bare")
    assert result.returncode == 0, result.stderr
    assert (repo / "handbook" / "teams" / "product-ops.yaml").is_file()
    assert not (repo / "docs").exists()
    settings = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        "./schemas/json/document.schema.json": ["handbook/**/*.yaml", "handbook/**/*.yml"]
    }
    assert installed.mkdocs_build(repo).returncode == 0


# --- in a folder of a larger repository ---------------------------------------------------


def test_init_into_a_folder_of_a_repository(installed: Environment, repo: Path) -> None:
    (repo / "src").mkdir()
    result = installed.opsbook(repo / "src", "init", "../handbook")
    assert result.returncode == 0, result.stderr
    assert "1. Go to the knowledge base: cd ../handbook" in result.stdout
    site = repo / "handbook"
    assert (site / "mkdocs.yml").is_file()
    assert (site / "requirements-docs.txt").is_file()
    assert not (site / ".github").exists()
    assert not (site / ".vscode").exists()
    workflow = yaml.safe_load((repo / ".github/workflows/deploy.yml").read_text("utf-8"))
    assert workflow["defaults"]["run"]["working-directory"] == "handbook"
    upload = workflow["jobs"]["build"]["steps"][-1]
    assert upload["with"]["path"] == "handbook/site"
    settings = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        "./handbook/schemas/json/document.schema.json": [
            "handbook/docs/**/*.yaml",
            "handbook/docs/**/*.yml",
        ]
    }
    hooks = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    validate_hook = hooks["repos"][0]["hooks"][0]
    assert validate_hook["args"] == ["--config", "handbook/mkdocs.yml"]
    assert re.fullmatch(validate_hook["files"], "handbook/docs/teams/product-ops.yaml")
    assert not re.fullmatch(validate_hook["files"], "docs/teams/product-ops.yaml")
    codeowners = (repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "# /handbook/docs/teams/product-ops.yaml: team 'product-ops'" in codeowners
    check = installed.opsbook(repo, "codeowners", "--check", "--config", "handbook/mkdocs.yml")
    assert check.returncode == 0, check.stdout
    assert installed.opsbook(site, "validate").returncode == 0
    assert installed.mkdocs_build(site).returncode == 0


# --- bad input ---------------------------------------------------------------------------


def test_read_only_folder_exits_1_naming_the_path(installed: Environment, tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    command = [str(installed.bin / "opsbook"), "init", "read-only"]
    if os.geteuid() == 0:  # root writes anywhere unless it gives up overriding permissions
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop the capability")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", *command]
    try:
        result = installed.run(tmp_path, *command)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert "opsbook: cannot write read-only/mkdocs.yml: Permission denied" in result.stderr
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--bogus"], "No such option '--bogus'"),
        (["--team", "Product Ops"], "'Product Ops' is not a valid id"),
        (["--handle", "acme team"], "is not a code-host handle"),
        (["mkdocs.yml"], "is a file"),
        (["a", "b"], "unexpected extra argument"),
    ],
)
def test_misuse_exits_2(installed: Environment, repo: Path, args: list[str], words: str) -> None:
    (repo / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    result = installed.opsbook(repo, "init", *args)
    assert result.returncode == 2, result.stderr
    assert words in result.stderr
    assert sorted(path.name for path in repo.iterdir()) == [".git", "mkdocs.yml"]


def test_unreadable_mkdocs_yml_exits_2(installed: Environment, repo: Path) -> None:
    (repo / "mkdocs.yml").write_text("site_name: [x\n", encoding="utf-8")
    result = installed.opsbook(repo, "init")
    assert result.returncode == 2
    assert "cannot read" in result.stderr
    assert sorted(path.name for path in repo.iterdir()) == [".git", "mkdocs.yml"]


# --- what to add to an mkdocs.yml ----------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "advice"),
    [
        ("site_name: x\n", "plugins:\n  - search\n  - opsbook\n"),
        ("site_name: x\nplugins: [search, tags]\n", "plugins:\n  - search\n  - tags\n  - opsbook\n"),
        ("plugins:\n  - search\n  - tags: {enabled: !ENV [TAGS, true]}\n", "plugins:\n  - search\n  - tags\n  - opsbook\n"),
        ("plugins:\n  search: {}\n", "plugins:\n  ...\n  opsbook: {}\n"),
        ("plugins:\n  - search\n  - opsbook:\n      navigation: auto\n", None),
        ("plugins: {opsbook: {}}\n", None),
        ("INHERIT: base.yml\nsite_name: x\n", None),
    ],
)  # fmt: skip
def test_what_to_add_to_an_existing_mkdocs_yml(
    tmp_path: Path, config: str, advice: str | None
) -> None:
    (tmp_path / "base.yml").write_text("plugins: [search, opsbook]\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert plugin_missing(tmp_path / "mkdocs.yml") == advice
