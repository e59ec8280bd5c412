"""Files that would be the same page, and folders that never end: found by loading.

`opsbook validate` and `mkdocs build` must agree. The build gives every document a
page at the address MkDocs gives its Markdown (a YAML document `x.yaml` becomes the
page `x.md`), so two documents, or a document and a person's page, that want one
address are reported when the knowledge base is loaded, for both. A folder link
that points back up to a folder holding it makes MkDocs list the same files again at
every depth; loading reports the link and leaves out what lies behind it, also when
the file list comes from MkDocs itself (as the plugin's does).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from kb_factory import FEATURE_GUIDE_DOC, PROCESS_DOC, VALID_KB, edit, write_kb
from site_factory import run_opsbook

from opsbook.knowledge_base import (
    CONTENT_SUFFIXES,
    KnowledgeBase,
    load_knowledge_base,
    looping_links,
    page_url,
)
from opsbook.problems import Problem

PAGE = "# A person's page\n\nWritten by hand.\n"


def document(rel_path: str, doc_id: str) -> str:
    """A valid document for `rel_path`: a feature guide in Markdown, a process in YAML."""
    if rel_path.endswith((".md", ".markdown")):
        return edit(FEATURE_GUIDE_DOC, "id: feature-launch", f"id: {doc_id}")
    return edit(PROCESS_DOC, "id: incident-management", f"id: {doc_id}")


GUIDE_YAML = document("x.yaml", "guide-x")


def load(
    tmp_path: Path, files: dict[str, str], *, use_directory_urls: bool = True
) -> KnowledgeBase:
    docs = write_kb(tmp_path, {**VALID_KB, **files})
    return load_knowledge_base(docs, use_directory_urls=use_directory_urls)


def clashes(kb: KnowledgeBase) -> dict[str, Problem]:
    return {
        problem.file.relative_to(kb.docs_dir).as_posix(): problem
        for problem in kb.problems
        if problem.code == "page-clash"
    }


# --- addresses as MkDocs gives them ---------------------------------------------------------


@pytest.mark.parametrize(
    ("src_uri", "directory_urls", "flat_urls"),
    [
        ("x.md", "x/", "x.html"),
        ("index.md", "./", "index.html"),
        ("README.md", "./", "index.html"),
        ("guides/x.md", "guides/x/", "guides/x.html"),
        ("guides/x/index.md", "guides/x/", "guides/x/index.html"),
        ("guides/x/README.md", "guides/x/", "guides/x/index.html"),
        ("guides/readme.md", "guides/readme/", "guides/readme.html"),
        ("guides/x.markdown", "guides/x/", "guides/x.html"),
    ],
)
def test_page_url_is_the_address_mkdocs_gives(
    src_uri: str, directory_urls: str, flat_urls: str
) -> None:
    from mkdocs.structure.files import File

    assert page_url(src_uri, use_directory_urls=True) == directory_urls
    assert page_url(src_uri, use_directory_urls=False) == flat_urls
    for use_directory_urls, expected in ((True, directory_urls), (False, flat_urls)):
        assert File(src_uri, "/docs", "/site", use_directory_urls).url == expected


# --- documents that would be the same page --------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("guides/x.yaml", "guides/x.yml"),
        ("guides/x.yaml", "guides/x.md"),
        ("guides/x.yml", "guides/x.markdown"),
    ],
)
def test_two_documents_with_one_name_are_reported_in_both(
    tmp_path: Path, first: str, second: str
) -> None:
    documents = {first: document(first, "guide-x"), second: document(second, "guide-z")}
    kb = load(tmp_path, documents)
    found = clashes(kb)
    assert set(found) == {first, second}
    for mine, other in ((first, second), (second, first)):
        problem = found[mine]
        assert (problem.line, problem.column) == (1, 1)
        assert f"docs/{other}" in problem.message
        assert f"docs/{mine}" in problem.message
        assert "guides/x/" in problem.message
        assert "rename" in problem.hint


@pytest.mark.parametrize(
    ("doc_path", "page"),
    [
        ("guides/x.yaml", "guides/x/index.md"),
        ("guides/x.yaml", "guides/x/README.md"),
        ("guides/x.md", "guides/x/index.md"),
        ("guides/index.yaml", "guides/README.md"),
        ("README.yaml", "index.md"),
    ],
)
def test_a_document_and_a_page_at_one_address_are_reported(
    tmp_path: Path, doc_path: str, page: str
) -> None:
    kb = load(tmp_path, {doc_path: document(doc_path, "guide-x"), page: PAGE})
    found = clashes(kb)
    assert set(found) == {doc_path, page}
    assert f"docs/{page}" in found[doc_path].message
    assert f"docs/{doc_path}" in found[page].message


def test_without_directory_urls_x_and_x_index_are_two_pages(tmp_path: Path) -> None:
    files = {"guides/x.yaml": GUIDE_YAML, "guides/x/index.md": PAGE}
    assert clashes(load(tmp_path, files, use_directory_urls=False)) == {}
    flat = load(tmp_path / "flat", {"guides/x.yaml": GUIDE_YAML, "guides/x.md": PAGE},
                use_directory_urls=False)  # fmt: skip
    assert set(clashes(flat)) == {"guides/x.yaml", "guides/x.md"}


def test_pages_without_documents_are_mkdocs_business(tmp_path: Path) -> None:
    kb = load(tmp_path, {"guides/index.md": PAGE, "guides/README.md": PAGE})
    assert kb.problems == []


def test_a_yaml_file_that_is_no_document_is_no_page(tmp_path: Path) -> None:
    kb = load(tmp_path, {"guides/x.yaml": "colour: blue\n", "guides/x.md": PAGE})
    assert kb.problems == []


@pytest.mark.parametrize(("setting", "status"), [("", 1), ("use_directory_urls: true\n", 1),
                                                 ("use_directory_urls: false\n", 0)])  # fmt: skip
def test_validate_follows_use_directory_urls_in_mkdocs_yml(
    tmp_path: Path, setting: str, status: int
) -> None:
    files = {**VALID_KB, "guides/x.yaml": GUIDE_YAML, "guides/x/index.md": PAGE}
    write_kb(tmp_path, files, mkdocs_yml=f"site_name: t\ndocs_dir: docs\n{setting}")
    result = run_opsbook(tmp_path, "validate")
    assert result.returncode == status, result.stdout + result.stderr
    if status:
        assert "docs/guides/x.yaml:1:1: error: " in result.stdout
        assert "docs/guides/x/index.md" in result.stdout


# --- folder links that never end -----------------------------------------------------------


@pytest.mark.parametrize(("link", "target"), [("loop", ".."), ("teams/self", "."),
                                              ("teams/up", "../.."), ("teams/docs", "..")])  # fmt: skip
def test_a_folder_link_back_up_is_reported_and_not_followed(
    tmp_path: Path, link: str, target: str
) -> None:
    docs = write_kb(tmp_path, VALID_KB)
    (docs / link).symlink_to(target, target_is_directory=True)
    result = run_opsbook(tmp_path, "validate")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"docs/{link}:1:1: error: ")
    assert "links back" in lines[0]
    assert "endless folder" in lines[0]
    assert "remove the link" in lines[0]
    assert "duplicate" not in result.stdout


def test_a_link_to_a_folder_elsewhere_is_fine(tmp_path: Path) -> None:
    docs = write_kb(tmp_path, VALID_KB)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "notes.md").write_text(PAGE, encoding="utf-8")
    (docs / "shared").symlink_to(shared, target_is_directory=True)
    assert looping_links(docs) == []
    result = run_opsbook(tmp_path, "validate")
    assert result.returncode == 0, result.stdout


def mkdocs_content_files(root: Path) -> list[tuple[Path, str]]:
    """The content files MkDocs itself lists for the project at `root`: what the
    plugin passes to load_knowledge_base."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import InclusionLevel, get_files

    config = load_config(str(root / "mkdocs.yml"))
    return [
        (Path(file.abs_src_path), file.src_uri)
        for file in get_files(config)
        if file.abs_src_path is not None
        and file.inclusion is not InclusionLevel.EXCLUDED
        and Path(file.src_uri).suffix.lower() in CONTENT_SUFFIXES
    ]


def test_loading_mkdocs_file_list_reports_the_loop_and_drops_what_is_behind_it(
    tmp_path: Path,
) -> None:
    docs = write_kb(tmp_path, VALID_KB)
    (docs / "loop").symlink_to("..", target_is_directory=True)
    files = mkdocs_content_files(tmp_path)
    assert len(files) > 5 * len(VALID_KB), "MkDocs follows the link again and again"
    kb = load_knowledge_base(docs, files)
    assert [(p.file, p.line, p.column) for p in kb.problems] == [(docs / "loop", 1, 1)]
    assert kb.problems == looping_links(docs)
    assert all(not rel_path.startswith("loop/") for rel_path in kb.sources)
    assert len(kb.entries) == len(VALID_KB)


def test_a_folder_shown_twice_is_read_twice_as_mkdocs_builds_it(tmp_path: Path) -> None:
    """`docs/copy -> docs/runbooks`: MkDocs publishes every file of the folder twice, so
    each document's id is used twice; validate and the build say the same."""
    docs = write_kb(tmp_path, VALID_KB)
    (docs / "copy").symlink_to("runbooks", target_is_directory=True)
    from_mkdocs = load_knowledge_base(docs, mkdocs_content_files(tmp_path))
    from_validate = load_knowledge_base(docs)
    assert sorted(from_validate.sources) == sorted(from_mkdocs.sources)
    duplicated = {p.file.relative_to(docs).as_posix() for p in from_validate.problems}
    assert any(path.startswith("copy/") for path in duplicated)
    assert [(p.file, p.line, p.message) for p in from_validate.problems] == [
        (p.file, p.line, p.message) for p in from_mkdocs.problems
    ]
