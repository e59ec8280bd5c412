"""`opsbook render OUT`: a tree of plain Markdown that Zensical and plain MkDocs build.

The command runs in a subprocess as users run it; the rendered trees are built with the
real `zensical` and `mkdocs` commands.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from site_factory import (
    PROCESS_PATH,
    SITE_KB,
    mkdocs_yml,
    page,
    parse_html,
    render_and_build,
    run_opsbook,
    write_site,
)

from opsbook.plugins.render_tree import MARKER

REPO = Path(__file__).resolve().parents[1]
DOCUMENT_URLS = {
    "teams/product-ops/",
    "teams/payments-ops/",
    "teams/payments-eng/",
    "runbooks/payment-webhook-failures/",
    "runbooks/stale-dashboards/",
    "processes/incident-review/",
    "features/smart-routing/",
    "onboarding/company-basics/",
    "onboarding/product-ops-analyst/",
}
EDIT_CONFIG = mkdocs_yml(
    theme="  features: [content.action.edit]\n",
    extra="repo_url: https://github.com/acme/kb\nedit_uri: edit/main/docs/\n",
)


class _Loose(yaml.SafeLoader):
    """Reads the rendered mkdocs.yml, whose custom fence keeps its `!!python/name` tag."""


_Loose.add_multi_constructor("", lambda loader, suffix, node: f"<{node.tag}>")


def read_config(out: Path) -> dict[str, object]:
    data = yaml.load((out / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loose)
    assert isinstance(data, dict)
    return data


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_site(tmp_path / "kb", config=EDIT_CONFIG)


def test_render_writes_a_project_without_the_plugin(project: Path) -> None:
    out = project.parent.parent / "out"
    result = run_opsbook(project.parent, "render", str(out))
    assert result.returncode == 0, result.stderr
    assert "rendered" in result.stdout
    assert "zensical build" in result.stdout
    config = read_config(out)
    plugins = config.get("plugins") or []
    assert isinstance(plugins, list)
    assert "opsbook" not in [p if isinstance(p, str) else next(iter(p)) for p in plugins]
    extensions = config["markdown_extensions"]
    assert isinstance(extensions, list)
    names = [e if isinstance(e, str) else next(iter(e)) for e in extensions]
    assert "opsbook.markdown_extension" in names
    assert "pymdownx.superfences" in names
    assert config["docs_dir"] == "docs"
    nav = json.dumps(config["nav"])
    for url in DOCUMENT_URLS:
        assert f'"{url.rstrip("/")}.md"' in nav, url
    docs = out / "docs"
    for url in DOCUMENT_URLS:
        text = (docs / f"{url.rstrip('/')}.md").read_text(encoding="utf-8")
        assert text.startswith("---\n"), url
        assert "<!-- opsbook:document -->" in text
    assert not (docs / PROCESS_PATH).exists(), "YAML documents become Markdown pages"
    for generated in (
        "catalog/index.md",
        "catalog/needs-review.md",
        "catalog/runbooks.md",
        "reference/fields.md",
        "changelog/index.md",
        "changelog/feed.xml",
        "assets/opsbook/opsbook.css",
        "assets/opsbook/opsbook.js",
    ):
        assert (docs / generated).is_file(), generated
    assert (out / MARKER).is_file()
    # Ordinary pages are copied, with their history.
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert home.startswith("# Knowledge base\n\nWelcome.\n")
    assert "opsbook-history" in home


@pytest.mark.parametrize("builder", ["zensical", "mkdocs"])
def test_rendered_tree_builds_every_page(project: Path, builder: str) -> None:
    site = render_and_build(project, builder)
    for url in {*DOCUMENT_URLS, "catalog/", "catalog/needs-review/", "changelog/"}:
        assert (site / url / "index.html").is_file(), url
    runbook = parse_html(page(site, "runbooks/payment-webhook-failures/"))
    steps = [el.text for el in runbook.iter() if "opsbook-step__title" in el.classes]
    assert steps == [
        "Check the provider's status page",
        "Look at rejected deliveries",
        "Re-enable the previous signing secret",
    ]
    # Links written by the renderer land on the pages they name, in both builders.
    owner = next(el for el in runbook.iter() if "opsbook-link--team" in el.classes)
    target = (site / "runbooks/payment-webhook-failures/" / owner.attrs["href"]).resolve()
    assert target == (site / "teams/payments-ops").resolve()
    catalog = parse_html(page(site, "catalog/"))
    hrefs = [el.attrs["href"] for el in catalog.iter() if "opsbook-link" in el.classes]
    assert hrefs
    for href in hrefs:
        assert (site / "catalog" / href / "index.html").resolve().is_file(), href
    changelog = page(site, "changelog/")
    assert "Payment webhooks are failing" in changelog


@pytest.mark.parametrize("builder", ["zensical", "mkdocs"])
def test_edit_links_point_at_the_source_file(project: Path, builder: str) -> None:
    site = render_and_build(project, builder)
    base = "https://github.com/acme/kb/edit/main/docs/"

    def edit_link(url: str) -> str:
        root = parse_html(page(site, url))
        found = [el.attrs["href"] for el in root.iter() if el.attrs.get("rel") == "edit"]
        assert len(found) == 1, url
        return found[0]

    assert edit_link("processes/incident-review/") == base + PROCESS_PATH
    assert edit_link("runbooks/payment-webhook-failures/") == (
        base + "runbooks/payment-webhook-failures.md"
    )
    assert edit_link("") == base + "index.md"


def test_render_refuses_a_folder_with_other_files(project: Path) -> None:
    out = project.parent.parent / "mine"
    out.mkdir()
    (out / "notes.md").write_text("my notes\n", encoding="utf-8")
    before = tree(out)
    result = run_opsbook(project.parent, "render", str(out))
    assert result.returncode == 2
    assert "did not write" in result.stderr
    assert tree(out) == before
    assert "Traceback" not in result.stderr


def test_render_replaces_a_previous_render(project: Path) -> None:
    out = project.parent.parent / "out"
    assert run_opsbook(project.parent, "render", str(out)).returncode == 0
    (out / "docs" / "stale.md").write_text("left from before\n", encoding="utf-8")
    assert run_opsbook(project.parent, "render", str(out)).returncode == 0
    assert not (out / "docs" / "stale.md").exists()
    assert (out / "docs" / "catalog" / "index.md").is_file()


@pytest.mark.parametrize("inside", ["docs/out", "docs"])
def test_render_refuses_a_folder_inside_the_docs(project: Path, inside: str) -> None:
    before = tree(project.parent)
    result = run_opsbook(project.parent, "render", inside)
    assert result.returncode == 2
    assert "docs folder" in result.stderr
    assert tree(project.parent) == before


def test_render_refuses_the_project_folder(project: Path) -> None:
    before = tree(project.parent)
    result = run_opsbook(project.parent, "render", ".")
    assert result.returncode == 2
    assert tree(project.parent) == before


def test_invalid_content_is_reported_like_validate_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    files = dict(SITE_KB)
    files[PROCESS_PATH] = SITE_KB[PROCESS_PATH].replace("owner: product-ops", "owner: nobody")
    config = write_site(tmp_path / "kb", files, git=False)
    out = tmp_path / "out"
    rendered = run_opsbook(config.parent, "render", str(out))
    validated = run_opsbook(config.parent, "validate")
    assert rendered.returncode == 1
    assert validated.returncode == 1
    problem = next(line for line in validated.stdout.splitlines() if ": error: " in line)
    assert problem in rendered.stdout
    assert not out.exists()
    assert "Traceback" not in rendered.stderr


def test_unknown_option_is_misuse(project: Path) -> None:
    result = run_opsbook(project.parent, "render", "out", "--no-such-option")
    assert result.returncode == 2


def test_theme_override_of_the_edit_button_is_kept_with_a_warning(tmp_path: Path) -> None:
    config = write_site(
        tmp_path / "kb",
        config=EDIT_CONFIG.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"),
        extra_files={"overrides/partials/actions.html": "<!-- mine -->\n"},
        git=False,
    )
    out = tmp_path / "out"
    result = run_opsbook(config.parent, "render", str(out))
    assert result.returncode == 0, result.stderr
    assert "actions.html" in result.stderr
    assert (out / "overrides/partials/actions.html").read_text(encoding="utf-8") == (
        "<!-- mine -->\n"
    )


def test_settings_that_only_make_sense_in_the_source_are_carried_over(tmp_path: Path) -> None:
    """INHERIT is resolved, tags stay as written, hooks are found from the new place."""
    base = tmp_path / "kb" / "base.yml"
    base.parent.mkdir(parents=True)
    base.write_text(
        "site_name: Inherited\ntheme:\n  name: material\n  font: false\n"
        "markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n"
        "        - name: math\n          class: math\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n",
        encoding="utf-8",
    )
    config = write_site(
        tmp_path / "kb",
        config="INHERIT: base.yml\nplugins:\n  - search\n  - opsbook\nhooks: [hooks/noop.py]\n",
        extra_files={"hooks/noop.py": "# a hook\n"},
        git=False,
    )
    out = tmp_path / "out"
    result = run_opsbook(config.parent, "render", str(out))
    assert result.returncode == 0, result.stderr
    text = (out / "mkdocs.yml").read_text(encoding="utf-8")
    settings = read_config(out)
    assert settings["site_name"] == "Inherited"
    assert "INHERIT" not in settings
    assert "!!python/name:pymdownx.superfences.fence_code_format" in text
    assert "name: math" in text
    assert "name: mermaid" in text
    hooks = settings["hooks"]
    assert isinstance(hooks, list)
    assert (out / hooks[0]).resolve() == (tmp_path / "kb" / "hooks" / "noop.py").resolve()


@pytest.mark.slow
def test_this_repository_renders_and_zensical_builds_every_page(tmp_path: Path) -> None:
    """The knowledge base in docs/ through the render-then-Zensical path."""
    out = tmp_path / "site-src"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    rendered = subprocess.run(
        [sys.executable, "-m", "opsbook.cli.main", "render", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert rendered.returncode == 0, rendered.stderr
    built = subprocess.run(
        [str(Path(sys.executable).parent / "zensical"), "build", "-f", str(out / "mkdocs.yml")],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    site = out / "site"
    for source in sorted((REPO / "docs").rglob("*")):
        rel = source.relative_to(REPO / "docs").as_posix()
        if source.suffix in (".yaml", ".yml") and "kind:" in source.read_text(encoding="utf-8"):
            url = rel.rsplit(".", 1)[0] + "/"
            assert (site / url / "index.html").is_file(), url
    for url in ("catalog/", "catalog/teams/", "changelog/", "teams/product-ops/"):
        assert (site / url / "index.html").is_file(), url
    assert (site / "changelog" / "feed.xml").is_file()
