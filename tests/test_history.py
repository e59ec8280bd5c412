"""opsbook.history against real git repositories built commit by commit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from history_repo import ALICE, BOB, ScriptedRepo, git_env

from opsbook.history import (
    SHALLOW_WARNING,
    Change,
    Commit,
    History,
    HistoryError,
    clear_caches,
    diff_against,
    read_blobs,
    read_contents,
    read_history,
    uncommitted_paths,
)
from opsbook.history.gitlog import parse_log
from opsbook.history.index import build_index
from opsbook.history.runner import GIT_CALLS

LATIN1_MESSAGE = "Café au lait: résumé".encode("latin-1")
VIETNAMESE = "lộ-trình.md"


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The code under test reads no personal git configuration, and starts with no cache."""
    for key, value in git_env(tmp_path).items():
        if key.startswith("GIT_") or key == "HOME":
            monkeypatch.setenv(key, value)
    clear_caches()
    yield
    clear_caches()


def utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class Story:
    """The commits of the shared repository, by name, in the order they were made."""

    def __init__(self, repo: ScriptedRepo) -> None:
        self.repo = repo
        self.docs = repo.root / "docs"
        self.sha: dict[str, str] = {}

    def commit(
        self, name: str, message: str | bytes, *, author: tuple[str, str] = ALICE, date: str = ""
    ) -> None:
        self.sha[name] = self.repo.commit(message, author=author, date=date or None)


def build_story(root: Path) -> Story:
    repo = ScriptedRepo(root)
    story = Story(repo)
    repo.write("README.md", "outside the docs\n")
    repo.write("docs/index.md", "# Home\n")
    repo.write("docs/processes/incident-review.yaml", "kind: process\ntitle: Incident review\n")
    repo.write("docs/obsolete.md", "---\nkind: guide\ntitle: Old pager setup\n---\nGone.\n")
    story.commit("start", "Add incident review process", date="2024-03-05T09:30:00+07:00")
    repo.write("docs/processes/incident-review.yaml", "kind: process\ntitle: Incident reviews\n")
    story.commit("edit", "Edit incident review", author=BOB)
    repo.write("docs/runbooks/restart.md", "# Restart\n\nRestart the API servers.\n" * 5)
    story.commit("runbook", "Add restart runbook")
    repo.git("mv", "docs/runbooks/restart.md", "docs/runbooks/restart-api.md")
    story.commit("rename", "Rename restart runbook", author=BOB)
    repo.write("docs/runbooks/restart-api.md", "# Restart\n\nRestart the API servers.\n" * 6)
    story.commit("after-rename", "Extend restart runbook")
    (repo.root / "docs/obsolete.md").unlink()
    story.commit("delete", "Remove obsolete page", author=BOB)
    repo.write(f"docs/{VIETNAMESE}", "# Lộ trình\n")
    story.commit("vietnamese", "Thêm lộ trình")
    repo.write("docs/index.md", "# Home\n\nWelcome.\n")
    story.sha["latin1"] = repo.commit_raw(LATIN1_MESSAGE + b"\n")
    repo.write("README.md", "still outside the docs\n")
    story.commit("outside", "Touch the readme only")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("docs/feature.md", "# Feature\n")
    story.commit("on-branch", "Document the feature", author=BOB)
    repo.git("checkout", "-q", "main")
    repo.write("docs/index.md", "# Home\n\nWelcome, operators.\n")
    story.commit("on-main", "Greet operators")
    story.sha["merge"] = repo.merge("feature", "Merge branch 'feature'")
    return story


@pytest.fixture(scope="module")
def story_template(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return build_story(tmp_path_factory.mktemp("story") / "site")


@pytest.fixture
def story(story_template: Story, tmp_path: Path) -> Story:
    """A private copy of the story repository, free to check out or edit."""
    copy = Story(story_template.repo.copy(tmp_path / "copy" / "site"))
    copy.sha = dict(story_template.sha)
    return copy


def summary(changes: tuple[Change, ...] | list[Change]) -> list[tuple[str, str, str]]:
    return [(change.commit.subject, change.kind, change.path) for change in changes]


def test_changes_newest_first_with_kinds_and_merged_branch_once(story: Story) -> None:
    history = read_history(story.docs)

    assert history.available
    assert history.warnings == ()
    assert not history.shallow
    assert history.head == story.sha["merge"]
    assert history.repo_root == story.repo.root.resolve()
    assert history.docs_prefix == "docs"
    assert summary(history.changes) == [
        ("Greet operators", "modified", "index.md"),
        ("Document the feature", "added", "feature.md"),
        ("Caf\ufffd au lait: r\ufffdsum\ufffd", "modified", "index.md"),
        ("Thêm lộ trình", "added", VIETNAMESE),
        ("Remove obsolete page", "deleted", "obsolete.md"),
        ("Extend restart runbook", "modified", "runbooks/restart-api.md"),
        ("Rename restart runbook", "renamed", "runbooks/restart-api.md"),
        ("Add restart runbook", "added", "runbooks/restart.md"),
        ("Edit incident review", "modified", "processes/incident-review.yaml"),
        ("Add incident review process", "added", "index.md"),
        ("Add incident review process", "added", "obsolete.md"),
        ("Add incident review process", "added", "processes/incident-review.yaml"),
    ]
    shas = {change.commit.sha for change in history.changes}
    assert story.sha["merge"] not in shas
    assert story.sha["outside"] not in shas


def test_commit_fields(story: Story) -> None:
    history = read_history(story.docs)

    edit = history.last_change("processes/incident-review.yaml")
    assert edit is not None
    assert edit.commit == Commit(
        sha=story.sha["edit"],
        parents=(story.sha["start"],),
        author_name="Bob Trần",
        author_email="bob@example.com",
        date=utc(1_700_000_000 + 2 * 3600),
        subject="Edit incident review",
    )
    assert edit.commit.short_sha == story.sha["edit"][:7]
    first = history.first_change("processes/incident-review.yaml")
    assert first is not None
    assert first.commit.author_name == ALICE[0]
    assert first.commit.date == datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=7)))
    assert first.commit.date.utcoffset() == timedelta(hours=7)


def test_rename_keeps_the_past(story: Story) -> None:
    history = read_history(story.docs)

    changes = history.for_path("runbooks/restart-api.md")
    assert summary(changes) == [
        ("Extend restart runbook", "modified", "runbooks/restart-api.md"),
        ("Rename restart runbook", "renamed", "runbooks/restart-api.md"),
        ("Add restart runbook", "added", "runbooks/restart.md"),
    ]
    assert changes[1].old_path == "runbooks/restart.md"
    assert history.for_path("runbooks/restart.md") == ()
    created = history.first_change("runbooks/restart-api.md")
    assert created is not None
    assert created.commit.sha == story.sha["runbook"]


def test_deleted_file_keeps_its_history_and_last_content(story: Story) -> None:
    history = read_history(story.docs)

    changes = history.for_path("obsolete.md")
    assert [change.kind for change in changes] == ["deleted", "added"]
    before = GIT_CALLS["cat-file"]
    contents = read_contents(history, [changes[0], history.changes[0]])
    assert GIT_CALLS["cat-file"] == before + 1
    assert contents[changes[0]].startswith(b"---\nkind: guide\ntitle: Old pager setup\n")
    assert contents[history.changes[0]] == b"# Home\n\nWelcome, operators.\n"
    assert read_contents(history, [changes[0]]) == {changes[0]: contents[changes[0]]}
    assert GIT_CALLS["cat-file"] == before + 1  # blobs at full shas are cached


def test_read_blobs_many_files_one_process(story: Story) -> None:
    before = GIT_CALLS["cat-file"]
    wanted = [
        (story.sha["start"], "docs/index.md"),
        (story.sha["vietnamese"], f"docs/{VIETNAMESE}"),
        (story.sha["start"], "docs/missing.md"),
        ("no-such-branch", "docs/index.md"),
        ("HEAD", "docs"),  # a tree, not a file
        ("HEAD", "docs/with\nnewline.md"),
    ]
    blobs = read_blobs(story.repo.root, wanted)
    assert blobs == {
        (story.sha["start"], "docs/index.md"): b"# Home\n",
        (story.sha["vietnamese"], f"docs/{VIETNAMESE}"): "# Lộ trình\n".encode(),
    }
    assert GIT_CALLS["cat-file"] == before + 1


def test_vietnamese_path_and_unicode_forms(story: Story) -> None:
    history = read_history(story.docs)

    assert [c.kind for c in history.for_path(VIETNAMESE)] == ["added"]
    decomposed = unicodedata.normalize("NFD", VIETNAMESE)
    assert decomposed != VIETNAMESE
    assert history.for_path(decomposed) == history.for_path(VIETNAMESE)


def test_merge_keeps_branch_commits_with_their_authors(story: Story) -> None:
    history = read_history(story.docs)

    feature = history.for_path("feature.md")
    assert len(feature) == 1
    assert feature[0].commit.sha == story.sha["on-branch"]
    assert feature[0].commit.author_name == BOB[0]
    index = [change.commit.subject for change in history.for_path("index.md")]
    assert index == [
        "Greet operators",
        "Caf\ufffd au lait: r\ufffdsum\ufffd",
        "Add incident review process",
    ]


def test_one_git_log_for_many_files_and_none_when_cached(tmp_path: Path) -> None:
    repo = ScriptedRepo(tmp_path / "many")
    for number in range(50):
        repo.write(f"docs/page-{number:02}.md", f"# Page {number}\n")
    repo.commit("Add fifty pages")
    for number in range(0, 50, 5):
        repo.write(f"docs/page-{number:02}.md", f"# Page {number}, edited\n")
        repo.commit(f"Edit page {number}", author=BOB)
    before = dict(GIT_CALLS)

    history = read_history(repo.root / "docs")

    assert GIT_CALLS["log"] == before.get("log", 0) + 1
    assert sum(GIT_CALLS.values()) == sum(before.values()) + 1
    assert all(
        len(history.for_path(f"page-{n:02}.md")) == (2 if n % 5 == 0 else 1) for n in range(50)
    )
    again = read_history(repo.root / "docs")
    assert sum(GIT_CALLS.values()) == sum(before.values()) + 1
    assert again.changes == history.changes

    repo.write("docs/page-01.md", "# Page 1, new head\n")
    repo.commit("Edit page 1")
    newer = read_history(repo.root / "docs")
    assert GIT_CALLS["log"] == before.get("log", 0) + 2
    assert newer.changes[0].commit.subject == "Edit page 1"


def test_max_count_keeps_newest_commits_and_is_cached_apart(story: Story) -> None:
    short = read_history(story.docs, max_count=2)
    full = read_history(story.docs)

    assert [c.commit.subject for c in short.changes] == ["Greet operators", "Document the feature"]
    assert len(full.changes) == 12
    assert short.first_change("index.md") is None


def test_docs_folder_is_repository_root(tmp_path: Path) -> None:
    repo = ScriptedRepo(tmp_path / "root-docs")
    repo.write("guide.md", "# Guide\n")
    repo.write("sub/page.md", "# Page\n")
    repo.commit("Add pages")
    repo.git("mv", "sub/page.md", "sub/renamed.md")
    repo.commit("Rename page")

    history = read_history(repo.root)

    assert history.docs_prefix == ""
    assert summary(history.changes) == [
        ("Rename page", "renamed", "sub/renamed.md"),
        ("Add pages", "added", "guide.md"),
        ("Add pages", "added", "sub/page.md"),
    ]
    assert len(history.for_path("sub/renamed.md")) == 2
    assert history.repo_path("guide.md") == "guide.md"


def test_docs_folder_nested_deep_with_renames_across_its_border(tmp_path: Path) -> None:
    repo = ScriptedRepo(tmp_path / "deep")
    repo.write("handbook/content/docs/a.md", "# A\n" * 20)
    repo.write("drafts/b.md", "# B\n" * 20)
    repo.write("handbook/content/docs/c.md", "# C\n" * 20)
    repo.commit("Start")
    repo.git("mv", "drafts/b.md", "handbook/content/docs/b.md")
    repo.git("mv", "handbook/content/docs/c.md", "drafts/c.md")
    repo.commit("Publish b, unpublish c")

    history = read_history(repo.root / "handbook" / "content" / "docs")

    assert history.docs_prefix == "handbook/content/docs"
    assert summary(history.changes) == [
        ("Publish b, unpublish c", "added", "b.md"),
        ("Publish b, unpublish c", "deleted", "c.md"),
        ("Start", "added", "a.md"),
        ("Start", "added", "c.md"),
    ]
    assert history.repo_path("b.md") == "handbook/content/docs/b.md"


def test_renamed_away_then_path_reused(tmp_path: Path) -> None:
    repo = ScriptedRepo(tmp_path / "reuse")
    repo.write("docs/a.md", "the first file\n" * 10)
    repo.commit("Add a")
    repo.git("mv", "docs/a.md", "docs/b.md")
    repo.commit("Move a to b")
    repo.write("docs/a.md", "a different file altogether\n" * 3)
    repo.commit("New a")
    repo.write("docs/a.md", "a different file altogether, edited\n" * 3)
    repo.commit("Edit new a")
    repo.write("docs/gone.md", "x\n")
    repo.commit("Add gone")
    (repo.root / "docs/gone.md").unlink()
    repo.commit("Delete gone")
    repo.write("docs/gone.md", "y\n")
    repo.commit("Recreate gone")

    history = read_history(repo.root / "docs")

    assert [c.commit.subject for c in history.for_path("b.md")] == ["Move a to b", "Add a"]
    assert [c.commit.subject for c in history.for_path("a.md")] == ["Edit new a", "New a"]
    gone = history.for_path("gone.md")
    assert [c.kind for c in gone] == ["added", "deleted", "added"]
    created = history.first_change("gone.md")
    assert created is not None
    assert created.commit.subject == "Recreate gone"


def test_index_files_a_swap_of_names_under_the_right_files() -> None:
    def commit(sha: str) -> Commit:
        return Commit(sha * 40, (), "A", "a@example.com", utc(0), sha)

    swap, start = commit("b"), commit("a")
    changes = [
        Change(swap, "renamed", "x.md", "y.md"),
        Change(swap, "renamed", "y.md", "x.md"),
        Change(start, "added", "x.md"),
        Change(start, "added", "y.md"),
    ]
    index = build_index(changes)
    assert index["x.md"] == (changes[0], changes[3])
    assert index["y.md"] == (changes[1], changes[2])


def test_control_characters_in_subjects_do_not_split_records(tmp_path: Path) -> None:
    repo = ScriptedRepo(tmp_path / "odd")
    repo.write("docs/a.md", "a\n")
    repo.commit("Add a")
    repo.write("docs/a.md", "b\n")
    repo.commit(b"odd \x1e\x1f subject\n")

    history = read_history(repo.root / "docs")

    assert [c.commit.subject for c in history.changes] == ["odd \x1e\x1f subject", "Add a"]


def test_parse_log_is_linear_over_thousands_of_commits() -> None:
    records = []
    for number in range(5000):
        sha = f"{number:040x}"
        parent = f"{number - 1:040x}" if number else ""
        header = f"\x1e{sha}\x1f{parent}\x1fA\x1fa@x\x1f2024-01-01T00:00:00+00:00\x1fc{number}\x1f"
        records.append(f"{header}\0\nM\0docs/p{number % 2000}.md\0R090\0docs/o.md\0docs/n.md\0")
    changes = parse_log("".join(records).encode(), "docs")
    assert len(changes) == 10_000
    assert changes[-1] == Change(changes[-1].commit, "renamed", "n.md", "o.md")
    assert len(build_index(changes)["p0.md"]) == 3


def test_personal_git_configuration_does_not_change_the_result(
    story: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story.repo.write("docs/index.md", "# Résumé\n")
    # an author and subject ISO-8859-1 can spell, so git would re-encode them if allowed to
    story.repo.commit("Résumé of the home page", author=("Zoë", "zoe@example.com"))
    expected = summary(read_history(story.docs).changes)
    assert expected[0] == ("Résumé of the home page", "modified", "index.md")
    clear_caches()
    config = tmp_path / "hostile.gitconfig"
    config.write_text(
        "[log]\n\tshowRoot = false\n\tdate = relative\n\tdecorate = full\n"
        "[color]\n\tui = always\n[diff]\n\trenames = false\n\trelative = true\n"
        "[core]\n\tquotePath = true\n[i18n]\n\tlogOutputEncoding = ISO-8859-1\n"
        "[format]\n\tpretty = oneline\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))

    history = read_history(story.docs)

    assert summary(history.changes) == expected


def test_mailmap_gives_one_name_per_person(tmp_path: Path) -> None:
    repo = ScriptedRepo(tmp_path / "mailmap")
    repo.write(".mailmap", "Bob Trần <bob@example.com> <bobby@old.example>\n")
    repo.write("docs/a.md", "a\n")
    repo.commit("Add a", author=("bobby", "bobby@old.example"))

    change = read_history(repo.root / "docs").last_change("a.md")

    assert change is not None
    assert (change.commit.author_name, change.commit.author_email) == BOB


def test_linked_worktree(story: Story, tmp_path: Path) -> None:
    story.repo.git("worktree", "add", "-q", "--detach", str(tmp_path / "tree"), story.sha["edit"])

    history = read_history(tmp_path / "tree" / "docs")

    assert history.available
    assert history.repo_root == (tmp_path / "tree").resolve()
    assert history.head == story.sha["edit"]
    assert [c.commit.subject for c in history.changes][:1] == ["Edit incident review"]


def test_detached_head(story: Story) -> None:
    story.repo.git("checkout", "-q", "--detach", story.sha["delete"])

    history = read_history(story.docs)

    assert history.available
    assert history.warnings == ()
    assert history.head == story.sha["delete"]
    assert history.changes[0].commit.subject == "Remove obsolete page"
    assert history.for_path(VIETNAMESE) == ()


def test_shallow_clone_warns_and_knows_where_history_stops(story: Story, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", "--branch", "main", story.repo.root.as_uri(), clone],
        check=True,
        env=git_env(tmp_path),
    )
    history = read_history(clone / "docs")

    assert history.available
    assert history.shallow
    assert history.warnings == (SHALLOW_WARNING,)
    assert "fetch-depth: 0" in history.warnings[0]
    assert history.boundary == {story.sha["on-main"], story.sha["on-branch"]}
    assert history.last_change("index.md") is not None
    assert history.first_change("index.md") is None  # only looks added: the past is cut off

    subprocess.run(
        ["git", "fetch", "-q", "--unshallow"], cwd=clone, check=True, env=git_env(tmp_path)
    )
    full = read_history(clone / "docs")
    assert not full.shallow
    assert full.warnings == ()
    assert len(full.changes) == 12


def test_not_a_repository(tmp_path: Path) -> None:
    docs = tmp_path / "plain" / "docs"
    docs.mkdir(parents=True)
    (docs / "a.md").write_text("# A\n", encoding="utf-8")

    history = read_history(docs)

    assert history == History(
        available=False,
        warnings=(f"no git repository found around {docs}: pages show no history",),
    )
    assert uncommitted_paths(docs) == frozenset()
    assert read_blobs(docs, [("HEAD", "a.md")]) == {}
    assert read_contents(history, []) == {}
    with pytest.raises(HistoryError) as raised:
        diff_against(docs, "main")
    assert raised.value.reason == "no-repo"


def test_missing_docs_folder(tmp_path: Path) -> None:
    history = read_history(tmp_path / "nowhere")
    assert not history.available
    assert "no git repository found" in history.warnings[0]


def test_empty_repository(tmp_path: Path) -> None:
    repo = ScriptedRepo(tmp_path / "empty")
    repo.write("docs/draft.md", "# Draft\n")

    history = read_history(repo.root / "docs")

    assert not history.available
    assert history.warnings == (
        f"the git repository at {repo.root.resolve()} has no commits yet: pages show no history",
    )
    assert uncommitted_paths(repo.root / "docs") == {"draft.md"}
    with pytest.raises(HistoryError) as raised:
        diff_against(repo.root / "docs", "main")
    assert raised.value.reason == "empty"


def test_git_missing_from_path(
    story: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import git

    if os.path.isabs(str(git.Git.GIT_PYTHON_GIT_EXECUTABLE)):
        pytest.skip("GitPython was pointed at an absolute git, PATH does not matter")
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))

    history = read_history(story.docs)

    assert not history.available
    assert history.warnings[0].startswith("git is not installed")
    assert uncommitted_paths(story.docs) == frozenset()
    assert read_blobs(story.repo.root, [("HEAD", "docs/index.md")]) == {}
    with pytest.raises(HistoryError) as raised:
        diff_against(story.docs, "main")
    assert raised.value.reason == "no-git"


GIT_MISSING_SCRIPT = """
import json, sys
from pathlib import Path
from opsbook.history import HistoryError, diff_against, read_history, uncommitted_paths
docs = Path(sys.argv[1])
history = read_history(docs)
try:
    diff_against(docs, "main")
    reason = None
except HistoryError as error:
    reason = error.reason
print(json.dumps({"available": history.available, "warnings": history.warnings,
                  "uncommitted": sorted(uncommitted_paths(docs)), "diff": reason}))
"""


@pytest.mark.parametrize("how", ["empty PATH", "GIT_PYTHON_GIT_EXECUTABLE"])
def test_git_missing_when_gitpython_is_imported(story: Story, tmp_path: Path, how: str) -> None:
    """GitPython refuses to import without git; a fresh interpreter shows that is handled."""
    env = {k: v for k, v in os.environ.items() if k != "GIT_PYTHON_GIT_EXECUTABLE"}
    if how == "empty PATH":
        (tmp_path / "empty-bin").mkdir()
        env["PATH"] = str(tmp_path / "empty-bin")
    else:
        env["GIT_PYTHON_GIT_EXECUTABLE"] = str(tmp_path / "no" / "git")
    completed = subprocess.run(
        [sys.executable, "-W", "error", "-c", GIT_MISSING_SCRIPT, str(story.docs)],
        env=env,
        capture_output=True,
        check=True,
    )
    result = json.loads(completed.stdout)
    assert result["available"] is False
    assert result["warnings"][0].startswith("git is not installed")
    assert result["uncommitted"] == []
    assert result["diff"] == "no-git"


def test_uncommitted_paths(story: Story) -> None:
    repo = story.repo
    repo.write(".gitignore", "*.tmp\n")
    repo.write("docs/index.md", "# Home, edited\n")
    repo.write("docs/new/deep/page.md", "# New\n")
    repo.write("docs/staged.md", "# Staged\n")
    repo.git("add", "docs/staged.md")
    repo.write("docs/scratch.tmp", "ignored\n")
    repo.write("README.md", "outside, edited\n")
    repo.write(f"docs/mới-{VIETNAMESE}", "# Mới\n")
    (repo.root / "docs/feature.md").unlink()

    before = GIT_CALLS["status"]
    found = uncommitted_paths(story.docs)

    assert found == {
        "index.md",
        "new/deep/page.md",
        "staged.md",
        f"mới-{VIETNAMESE}",
        "feature.md",
    }
    assert GIT_CALLS["status"] == before + 1
    assert uncommitted_paths(story.docs / "new") == {"deep/page.md"}


def test_uncommitted_paths_are_never_cached(story: Story) -> None:
    assert uncommitted_paths(story.docs) == frozenset()
    story.repo.write("docs/index.md", "# Home, edited\n")
    assert uncommitted_paths(story.docs) == {"index.md"}


def make_topic_branch(story: Story) -> None:
    repo = story.repo
    repo.git("checkout", "-q", "-b", "topic")
    repo.write("docs/new.md", "# New\n")
    repo.write("docs/processes/incident-review.yaml", "kind: process\ntitle: Reviews\n")
    (repo.root / "docs/roadmap").mkdir()
    repo.git("mv", f"docs/{VIETNAMESE}", f"docs/roadmap/{VIETNAMESE}")
    (repo.root / "docs/feature.md").unlink()
    repo.write("README.md", "outside\n")
    repo.commit("Topic work")
    repo.git("checkout", "-q", "main")
    repo.write("docs/index.md", "# Home after the fork\n")
    repo.commit("Main moves on")
    repo.git("checkout", "-q", "topic")


def test_diff_against_base_branch(story: Story) -> None:
    make_topic_branch(story)
    story.repo.write("docs/uncommitted.md", "# Not in the summary\n")

    result = diff_against(story.docs, "main")

    assert result.base == "main"
    assert result.merge_base == story.sha["merge"]
    assert result.head == story.repo.git("rev-parse", "HEAD")
    assert result.added == ("new.md",)
    assert result.modified == ("processes/incident-review.yaml",)
    assert result.deleted == ("feature.md",)
    assert result.renamed == ((VIETNAMESE, f"roadmap/{VIETNAMESE}"),)


def test_diff_against_unknown_or_unrelated_base(story: Story) -> None:
    with pytest.raises(HistoryError) as unknown:
        diff_against(story.docs, "no-such-branch")
    assert unknown.value.reason == "bad-ref"
    assert "unknown base 'no-such-branch'" in unknown.value.message
    assert "fetch-depth: 0" in unknown.value.message

    with pytest.raises(HistoryError) as option:
        diff_against(story.docs, "--output=/tmp/x")
    assert option.value.reason == "bad-ref"

    story.repo.git("checkout", "-q", "--orphan", "unrelated")
    story.repo.commit("Unrelated start")
    with pytest.raises(HistoryError) as unrelated:
        diff_against(story.docs, "main")
    assert unrelated.value.reason == "no-merge-base"
    assert "share no history" in unrelated.value.message


def test_messages_in_other_encodings(tmp_path: Path) -> None:
    repo = ScriptedRepo(tmp_path / "encodings")
    repo.write("docs/a.md", "a\n")
    undeclared = repo.commit_raw(LATIN1_MESSAGE + b"\n")
    repo.write("docs/a.md", "b\n")
    repo.commit_raw(LATIN1_MESSAGE + b" (declared)\n", encoding="ISO-8859-1")
    raw = subprocess.run(
        ["git", "cat-file", "commit", undeclared], cwd=repo.root, capture_output=True, check=True
    ).stdout
    assert raw.endswith(b"\n\nCaf\xe9 au lait: r\xe9sum\xe9\n")

    history = read_history(repo.root / "docs")

    assert [c.commit.subject for c in history.changes] == [
        "Café au lait: résumé (declared)",
        "Caf\ufffd au lait: r\ufffdsum\ufffd",
    ]
