"""Property-based tests: whatever a file holds, reading and loading only ever
produce problems (with a line and column of 1 or more), never an exception.

Inputs that once crashed (numbers over 4300 digits, nesting 500 levels deep)
have their own tests in test_loader.py.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from opsbook.kinds import KINDS
from opsbook.knowledge_base import KnowledgeBase, load_knowledge_base
from opsbook.loading import read_source
from opsbook.loading.reader import SourceFile
from opsbook.problems import Problem

FIELD_NAMES = [
    "kind", "id", "title", "summary", "owner", "tags", "related", "review", "last_reviewed",
    "every_days", "steps", "next", "decision", "role", "roles", "raci", "modules", "doc", "url",
    "task", "minutes", "optional", "prerequisites", "members", "name", "status", "released",
    "escalation", "contact", "after_minutes", "symptoms", "service", "yes", "no", "on", "end",
]  # fmt: skip
YAML_PIECES = [
    "kind: ", "kind: team\n", "id: ", "title: ", "\n", "\r\n", "  ", "\t", "- ", ": ", "[", "]",
    "{", "}", ",", "&a ", "*a", "!!str ", "!tag ", "---\n", "...\n", "#", "'", '"', "|\n", ">\n",
    "? ", "%YAML 1.2\n", "2026-13-45", "2026-10-01", "yes", "no", "true", "0x1F", ".inf", "~",
    "\\", "@", "`", "\u2028", "\x85", "\ufeff", "é", "😀",
]  # fmt: skip
SETTINGS = settings(max_examples=200, deadline=None)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.sampled_from([*KINDS, "runbok", "2026-13-45", "Foo Bar", "end", "no", "https://x.y"]),
    st.text(max_size=30),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12), st.integers(-5, 5))
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=5),
    ),
    max_leaves=25,
)
documents = st.fixed_dictionaries(
    {"kind": st.one_of(st.sampled_from(KINDS), scalars)},
    optional=dict.fromkeys(
        ("id", "title", "summary", "owner", "steps", "modules", "members", "next"), values
    ),
).flatmap(lambda base: st.dictionaries(keys, values, max_size=4).map(lambda extra: extra | base))
yamlish_text = st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=8)), max_size=40)


def dump(data: dict[Any, Any], flow: bool) -> str:
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)


def assert_only_problems(problems: list[Problem]) -> None:
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.line >= 1
        assert problem.column >= 1
        assert problem.message.strip()
        assert "Traceback" not in problem.text()


def read_bytes(content: bytes, suffix: str) -> SourceFile:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"file{suffix}")
        path.write_bytes(content)
        source = read_source(path, path.name, 1024 * 1024)
    assert_only_problems(source.problems)
    if source.problems:
        assert {problem.file for problem in source.problems} == {path}
    return source


def load_files(files: dict[str, bytes]) -> KnowledgeBase:
    with tempfile.TemporaryDirectory() as folder:
        docs = Path(folder, "docs")
        docs.mkdir()
        for name, content in files.items():
            (docs / name).write_bytes(content)
        kb = load_knowledge_base(docs)
        assert_only_problems(kb.problems)
        assert {problem.file.parent for problem in kb.problems} <= {docs}
        assert kb.problems == sorted(kb.problems)
        assert len(kb.entries) <= kb.document_count <= len(files)
    return kb


@SETTINGS
@given(content=st.binary(max_size=400), suffix=st.sampled_from([".yaml", ".md"]))
def test_random_bytes_only_give_problems(content: bytes, suffix: str) -> None:
    read_bytes(content, suffix)


@SETTINGS
@given(content=st.binary(max_size=300))
def test_random_bytes_after_a_front_matter_opening(content: bytes) -> None:
    read_bytes(b"---\nkind: team\n" + content, ".md")


@SETTINGS
@given(text=st.text(max_size=300), suffix=st.sampled_from([".yaml", ".md"]))
def test_random_text_only_gives_problems(text: str, suffix: str) -> None:
    read_bytes(text.encode("utf-8", "surrogatepass"), suffix)


@SETTINGS
@given(pieces=yamlish_text, suffix=st.sampled_from([".yaml", ".md"]))
def test_yaml_like_text_only_gives_problems(pieces: list[str], suffix: str) -> None:
    text = "".join(pieces)
    if suffix == ".md":
        text = f"---\nkind: team\n{text}\n---\nBody\n"
    read_bytes(text.encode("utf-8", "surrogatepass"), suffix)


@SETTINGS
@given(data=documents, flow=st.booleans(), markdown=st.booleans())
def test_random_documents_only_give_problems(
    data: dict[Any, Any], flow: bool, markdown: bool
) -> None:
    text = dump(data, flow)
    suffix = ".yaml"
    if markdown:
        text, suffix = f"---\n{text}---\nBody\n", ".md"
    source = read_bytes(text.encode("utf-8"), suffix)
    assert source.problems or source.document is not None, "a mapping with kind is a document"


@SETTINGS
@given(
    first=documents,
    second=documents,
    flow=st.booleans(),
    shared_id=st.sampled_from(["a", "product-ops", "same"]),
)
def test_random_knowledge_bases_only_give_problems(
    first: dict[Any, Any], second: dict[Any, Any], flow: bool, shared_id: str
) -> None:
    second = {**second, "id": shared_id}
    team: dict[str, Any] = {"kind": "team", "id": "product-ops", "title": "t", "summary": "s"}
    team["members"] = [{"name": "n", "role": "r"}]
    files = {
        "team.yaml": dump(team, flow).encode(),
        "first.yaml": dump(first, flow).encode(),
        "second.md": f"---\n{dump(second, flow)}---\n".encode(),
    }
    kb = load_files(files)
    assert kb.document_count == 3
    assert (
        "product-ops" in kb.entries
        or shared_id == "product-ops"
        or first.get("id") == ("product-ops")
    ), "the team stays valid unless another document takes its id"


@SETTINGS
@given(files=st.lists(st.binary(max_size=200), min_size=1, max_size=4))
def test_random_files_in_a_docs_folder_only_give_problems(files: list[bytes]) -> None:
    load_files({f"f{index}.{'md' if index % 2 else 'yaml'}": c for index, c in enumerate(files)})
