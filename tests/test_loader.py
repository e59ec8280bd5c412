"""Reading files: bytes to text, text to YAML data with positions (opsbook.loading).

Every problem must name the right file, line and column, in words an editor
understands, and reading must never raise for bad content.
"""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
from pathlib import Path

import pytest
from kb_factory import TEAM_DOC, edit, line_of, load_kb, only_problem

from opsbook.knowledge_base import load_knowledge_base
from opsbook.loading import read_source
from opsbook.loading.reader import SourceFile
from opsbook.loading.yaml_reader import InvalidDate, YamlError, parse_yaml
from opsbook.problems import Problem


def read(
    tmp_path: Path, name: str, content: str | bytes, max_bytes: int = 1024 * 1024
) -> SourceFile:
    """Write one file and read it back with read_source."""
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return read_source(path, name, max_bytes)


def single(source: SourceFile) -> Problem:
    assert source.document is None
    assert len(source.problems) == 1, source.problems
    return source.problems[0]


# --- documents and the files left alone ------------------------------------------


def test_yaml_document_is_read_with_data_and_positions(tmp_path: Path) -> None:
    source = read(tmp_path, "team.yaml", TEAM_DOC)
    assert source.problems == []
    assert source.document is not None
    assert source.document.data["kind"] == "team"
    assert source.document.source_format == "yaml"
    assert source.document.data["members"][1] == {"name": "Sam Lee", "role": "analyst"}
    assert source.document.positions.value(("members", 1, "role")) == (8, 11)
    assert source.document.positions.key(("channels",)) == (9, 1)


def test_markdown_document_keeps_body_and_its_line(tmp_path: Path) -> None:
    text = "---\nkind: team\nid: x\n---\n# Heading\n\nProse.\n"
    source = read(tmp_path, "x.md", text)
    assert source.problems == []
    assert source.document is not None
    assert source.document.source_format == "markdown"
    assert source.document.body == "# Heading\n\nProse.\n"
    assert source.document.body_line == 5


def test_yaml_without_kind_is_left_alone(tmp_path: Path) -> None:
    source = read(tmp_path, "data.yaml", "name: a list of things\nitems: [1, 2]\n")
    assert source.problems == []
    assert source.document is None
    assert source.text is not None


def test_yaml_whose_top_level_is_a_list_is_left_alone(tmp_path: Path) -> None:
    source = read(tmp_path, "data.yaml", "- kind: team\n- id: x\n")
    assert source.problems == []
    assert source.document is None


def test_markdown_front_matter_without_kind_is_left_alone(tmp_path: Path) -> None:
    source = read(tmp_path, "page.md", "---\ntitle: An ordinary page\ntags: [a]\n---\nText.\n")
    assert source.problems == []
    assert source.document is None
    assert source.text is not None


def test_markdown_front_matter_without_kind_and_broken_yaml_is_left_alone(tmp_path: Path) -> None:
    source = read(tmp_path, "page.md", "---\ntitle: [unclosed\n---\nText.\n")
    assert source.problems == []
    assert source.document is None


def test_markdown_without_front_matter_is_left_alone(tmp_path: Path) -> None:
    source = read(tmp_path, "page.md", "# Title\n\nkind: not front matter\n")
    assert source.problems == []
    assert source.document is None


def test_markdown_with_unclosed_front_matter_holding_kind_is_an_error_on_line_1(
    tmp_path: Path,
) -> None:
    problem = single(read(tmp_path, "x.md", "---\nkind: runbook\nid: x\n\n# Body\n"))
    assert (problem.line, problem.column) == (1, 1)
    assert "never closed" in problem.message
    assert "'---'" in problem.hint


def test_markdown_with_unclosed_front_matter_without_kind_is_left_alone(tmp_path: Path) -> None:
    source = read(tmp_path, "x.md", "---\ntitle: t\n\n# Body\n")
    assert source.problems == []
    assert source.document is None


# --- YAML syntax ----------------------------------------------------------------


def test_syntax_error_points_at_its_line(tmp_path: Path) -> None:
    text = "kind: team\nid: x\ntitle: [unclosed\nsummary: s\n"
    problem = single(read(tmp_path, "x.yaml", text))
    assert problem.line == 4
    assert problem.message.startswith("YAML syntax error")
    assert "Traceback" not in problem.text()
    assert problem.code == "yaml"


@pytest.mark.parametrize(
    ("text", "line", "in_message", "in_hint"),
    [
        pytest.param(
            "kind: team\nid: x\ntitle: x\nsummary\nowner: y\n",
            5,
            "missing its ':'",
            "'name: value'",
            id="line-without-colon",
        ),
        pytest.param(
            'kind: team\nid: x\ntitle: "unclosed\n',
            4,
            "never closed",
            "close the quote",
            id="unclosed-quote",
        ),
        pytest.param(
            'kind: team\ntitle: "C:\\q"\n', 2, "backslash", "single quotes", id="bad-escape"
        ),
        pytest.param(
            "kind: team\nid: x\ntitle: Note: read this\n",
            3,
            "new key",
            "quotes",
            id="colon-space-in-value",
        ),
        pytest.param(
            "kind: team\ncodeowners: [@acme/product-ops]\n",
            2,
            "'@'",
            "quotes",
            id="unquoted-handle",
        ),
        pytest.param(
            "kind: team\nchannels:\n  chat: a\n email: b\n",
            4,
            "indented differently",
            "indent fields of the same mapping equally",
            id="bad-indentation",
        ),
    ],
)
def test_common_syntax_mistakes_are_explained(
    tmp_path: Path, text: str, line: int, in_message: str, in_hint: str
) -> None:
    problem = single(read(tmp_path, "x.yaml", text))
    assert problem.line == line
    assert problem.message.startswith("YAML syntax error")
    assert in_message in problem.message
    assert in_hint in problem.hint


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    text = "kind: team\nid: x\ntitle: First\nsummary: s\ntitle: Second\n"
    problem = single(read(tmp_path, "x.yaml", text))
    assert (problem.line, problem.column) == (5, 1)
    assert "'title' appears twice" in problem.message
    assert "line 3" in problem.message


def test_duplicate_key_in_nested_mapping(tmp_path: Path) -> None:
    text = "kind: team\nchannels:\n  chat: '#a'\n  chat: '#b'\n"
    problem = single(read(tmp_path, "x.yaml", text))
    assert (problem.line, problem.column) == (4, 3)
    assert "'chat' appears twice" in problem.message
    assert "line 3" in problem.message


def test_tab_indentation_is_reported_on_its_line(tmp_path: Path) -> None:
    text = "kind: team\nid: x\nresponsibilities:\n\t- Launches\n"
    problem = single(read(tmp_path, "x.yaml", text))
    assert problem.line == 4
    assert "tab" in problem.message
    assert "spaces" in problem.hint


def test_multi_document_yaml_is_an_error_at_the_second_document(tmp_path: Path) -> None:
    text = "kind: team\nid: a\n---\nkind: team\nid: b\n"
    problem = single(read(tmp_path, "x.yaml", text))
    assert problem.line == 3
    assert "document" in problem.message


def test_multi_document_yaml_is_explained_in_plain_words(tmp_path: Path) -> None:
    text = "kind: team\nid: a\n---\nkind: team\nid: b\n"
    problem = single(read(tmp_path, "x.yaml", text))
    assert "more than one YAML document" in problem.message
    assert "one document per file" in problem.hint


def test_empty_yaml_file_is_an_error(tmp_path: Path) -> None:
    problem = single(read(tmp_path, "x.yaml", ""))
    assert (problem.line, problem.column) == (1, 1)
    assert "empty" in problem.message


def test_whitespace_only_yaml_file_is_an_error(tmp_path: Path) -> None:
    problem = single(read(tmp_path, "x.yaml", "\n   \n"))
    assert "empty" in problem.message


def test_disallowed_yaml_tag_is_an_error(tmp_path: Path) -> None:
    text = "kind: team\nid: !!python/object:os.system x\n"
    problem = single(read(tmp_path, "x.yaml", text))
    assert problem.line == 2
    assert "tag" in problem.message


# --- encodings and characters ------------------------------------------------------


def test_latin1_byte_is_reported_as_not_utf8_on_its_line(tmp_path: Path) -> None:
    problem = single(read(tmp_path, "x.yaml", b"kind: team\nid: x\ntitle: caf\xe9\n"))
    assert (problem.line, problem.column) == (3, 11)
    assert "UTF-8" in problem.message
    assert "0xE9" in problem.message
    assert "Latin-1" in problem.hint


def test_latin1_in_markdown_front_matter_is_reported_in_the_markdown_file(
    tmp_path: Path,
) -> None:
    problem = single(read(tmp_path, "x.md", b"---\nkind: team\ntitle: caf\xe9\n---\n"))
    assert (problem.line, problem.column) == (3, 11)
    assert "UTF-8" in problem.message


def test_utf16_file_is_reported(tmp_path: Path) -> None:
    problem = single(read(tmp_path, "x.yaml", TEAM_DOC.encode("utf-16")))
    assert (problem.line, problem.column) == (1, 1)
    assert "UTF-16" in problem.message
    assert "UTF-8" in problem.hint


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    source = read(tmp_path, "x.yaml", b"\xef\xbb\xbf" + TEAM_DOC.encode())
    assert source.problems == []
    assert source.document is not None
    assert source.document.data["kind"] == "team"


def test_control_character_is_reported_at_its_position(tmp_path: Path) -> None:
    problem = single(read(tmp_path, "x.yaml", "kind: team\nid: x\ntitle: a\x07b\n"))
    assert (problem.line, problem.column) == (3, 9)
    assert "control character U+0007" in problem.message


def test_control_character_in_front_matter_counts_markdown_lines(tmp_path: Path) -> None:
    problem = single(read(tmp_path, "x.md", "---\nkind: team\ntitle: a\x1bb\n---\n"))
    assert (problem.line, problem.column) == (3, 9)
    assert "U+001B" in problem.message


def test_unicode_line_separator_does_not_shift_lines(tmp_path: Path) -> None:
    text = "kind: team\nid: x\ntitle: a\u2028b\nsummary: s\n"
    source = read(tmp_path, "x.yaml", text)
    assert source.problems or source.document is not None
    lines = {problem.line for problem in source.problems}
    assert lines <= {3}, "any problem must be on the title's line"


# --- hostile input ------------------------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    lines = ["kind: team", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnopqrstuvwxyz"
    for level in range(1, levels):
        name, previous = names[level], names[level - 1]
        items = ",".join([f"*{previous}"] * 9)
        lines.append(f"{name}: &{name} [{items}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly_and_in_little_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        source = read_source(path, "bomb.yaml")
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 5, "a hang guard, not a performance target"
    assert peak < 50 * 1024 * 1024
    problem = single(source)
    assert (problem.line, problem.column) == (2, 4)
    assert "anchor &a is not allowed" in problem.message


def test_alias_without_anchor_is_reported(tmp_path: Path) -> None:
    problem = single(read(tmp_path, "x.yaml", "kind: team\nid: *nothing\n"))
    assert problem.line == 2
    assert "alias" in problem.message


def test_ten_megabyte_yaml_file_is_refused_by_size(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("w", encoding="utf-8") as stream:
        stream.write("kind: team\nitems:\n")
        line = "  - " + "x" * 95 + "\n"
        stream.write(line * (10 * 1024 * 1024 // len(line)))
    started = time.perf_counter()
    source = read_source(path, "big.yaml")
    assert time.perf_counter() - started < 5, "a hang guard, not a performance target"
    problem = single(source)
    assert (problem.line, problem.column) == (1, 1)
    assert "MiB" in problem.message
    assert "limit" in problem.message
    assert problem.code == "too-large"


def test_size_limit_is_the_given_max_bytes(tmp_path: Path) -> None:
    assert read(tmp_path, "x.yaml", TEAM_DOC, max_bytes=len(TEAM_DOC)).problems == []
    problem = single(read(tmp_path, "y.yaml", TEAM_DOC, max_bytes=len(TEAM_DOC) - 1))
    assert problem.code == "too-large"


def test_large_markdown_document_is_refused_but_large_page_is_left_alone(tmp_path: Path) -> None:
    prose = "Some prose.\n" * 200
    document = read(tmp_path, "doc.md", "---\nkind: team\nid: x\n---\n" + prose, max_bytes=1000)
    assert single(document).code == "too-large"
    page = read(tmp_path, "page.md", "---\ntitle: t\n---\n" + prose, max_bytes=1000)
    assert page.problems == []


def test_huge_number_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    source = read(tmp_path, "x.yaml", "kind: team\nid: x\nsize: " + "9" * 5000 + "\n")
    assert source.document is not None or source.problems


def test_deeply_nested_yaml_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    source = read(tmp_path, "x.yaml", "kind: team\nx: " + "[" * 500 + "]" * 500 + "\n")
    assert source.document is not None or source.problems


def test_nesting_beyond_the_parser_limit_is_a_problem(tmp_path: Path) -> None:
    problem = single(read(tmp_path, "x.yaml", "kind: team\nx: " + "[" * 1100 + "]" * 1100 + "\n"))
    assert problem.line == 2
    assert "nesting" in problem.message


# --- YAML 1.2 values ------------------------------------------------------------------


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "NO", "Yes", "y", "n", "~no"])
def test_norway_words_stay_text(word: str) -> None:
    data, _ = parse_yaml(f"value: {word}\n")
    assert data == {"value": word}


def test_only_lowercase_true_and_false_are_booleans() -> None:
    data, _ = parse_yaml("a: true\nb: false\nc: True\nd: FALSE\n")
    assert data == {"a": True, "b": False, "c": "True", "d": "FALSE"}


def test_yes_and_no_as_mapping_keys_stay_text() -> None:
    data, positions = parse_yaml("next: {yes: publish, no: draft}\n")
    assert data == {"next": {"yes": "publish", "no": "draft"}}
    assert positions.key(("next", "no")) == (1, 22)


def test_numbers_nulls_and_dates() -> None:
    text = "a: 12\nb: 0x1F\nc: 1.5\nd: ~\ne: null\nf: 2026-10-01\ng: 012\nh: .inf\n"
    data, _ = parse_yaml(text)
    assert data == {
        "a": 12,
        "b": 31,
        "c": 1.5,
        "d": None,
        "e": None,
        "f": dt.date(2026, 10, 1),
        "g": 12,
        "h": float("inf"),
    }


def test_impossible_unquoted_date_is_kept_as_invalid_date() -> None:
    data, positions = parse_yaml("when: 2026-13-45\n")
    value = data["when"]
    assert isinstance(value, InvalidDate)
    assert value.text == "2026-13-45"
    assert "month" in value.reason
    assert positions.value(("when",)) == (1, 7)


def test_quoted_impossible_date_stays_text() -> None:
    data, _ = parse_yaml('when: "2026-13-45"\n')
    assert data == {"when": "2026-13-45"}


def test_parse_yaml_shifts_positions_by_the_offset() -> None:
    _, positions = parse_yaml("kind: team\nid: x\n", line_offset=1)
    assert positions.value(("id",)) == (3, 5)
    with pytest.raises(YamlError) as caught:
        parse_yaml("kind: team\nid: [x\n", line_offset=1)
    assert caught.value.line == 4


# --- positions through the knowledge base ---------------------------------------------


def test_positions_in_front_matter_are_lines_of_the_markdown_file(tmp_path: Path) -> None:
    text = "---\n" + edit(TEAM_DOC, "summary:", "sumary: x\nsummary:") + "---\nBody.\n"
    problem = only_problem(load_kb(tmp_path, {"teams/x.md": text}))
    assert problem.file == tmp_path / "docs" / "teams" / "x.md"
    assert (problem.line, problem.column) == (line_of(text, "sumary:"), 1)
    assert problem.line == 5
    assert "unknown field 'sumary'" in problem.message
    assert "did you mean 'summary'?" in problem.hint


def test_missing_field_in_front_matter_points_at_line_2(tmp_path: Path) -> None:
    text = "---\n" + edit(TEAM_DOC, "summary: Keeps the product running day to day.\n", "")
    problem = only_problem(load_kb(tmp_path, {"teams/x.md": text + "---\n"}))
    assert (problem.line, problem.column) == (2, 1)
    assert "missing the required field 'summary'" in problem.message


def test_syntax_error_in_front_matter_counts_markdown_lines(tmp_path: Path) -> None:
    text = "---\nkind: team\nid: x\ntitle: [unclosed\nsummary: s\n---\n"
    problem = only_problem(load_kb(tmp_path, {"x.md": text}))
    assert problem.line == 5
    assert problem.message.startswith("YAML syntax error")


@pytest.mark.parametrize("suffix", ["yaml", "md"])
def test_crlf_line_endings_keep_lines_right(tmp_path: Path, suffix: str) -> None:
    body = edit(TEAM_DOC, "channels:", "chanels:")
    text = body if suffix == "yaml" else f"---\n{body}---\nBody.\n"
    problem = only_problem(load_kb(tmp_path, {f"x.{suffix}": text.replace("\n", "\r\n")}))
    assert (problem.line, problem.column) == (line_of(text, "chanels:"), 1)
    assert "unknown field 'chanels'" in problem.message


def test_crlf_duplicate_key_lines(tmp_path: Path) -> None:
    text = "kind: team\r\nid: x\r\ntitle: a\r\ntitle: b\r\n"
    problem = only_problem(load_kb(tmp_path, {"x.yaml": text}))
    assert problem.line == 4
    assert "line 3" in problem.message


def test_columns_count_characters_not_bytes(tmp_path: Path) -> None:
    text = edit(TEAM_DOC, 'chat: "#product-ops"', 'chat: "#sản-phẩm-😀", emal: x')
    problem = only_problem(load_kb(tmp_path, {"x.yaml": text}))
    line = text.splitlines()[problem.line - 1]
    assert line[problem.column - 1 :].startswith("emal")
    assert "did you mean 'email'?" in problem.hint


def test_hidden_folders_and_files_are_skipped(tmp_path: Path) -> None:
    kb = load_kb(tmp_path, {".drafts/x.yaml": "kind: nonsense\n", ".x.yaml": "kind: nonsense\n"})
    assert kb.problems == []
    assert kb.sources == {}


def test_broken_symlink_is_a_problem(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "gone.yaml").symlink_to(tmp_path / "missing.yaml")
    problem = only_problem(load_knowledge_base(docs))
    assert problem.file == docs / "gone.yaml"
    assert (problem.line, problem.column) == (1, 1)
    assert "cannot read the file" in problem.message


def test_a_value_eaten_by_a_comment_is_an_error(tmp_path: Path) -> None:
    text = "kind: team\nid: x\nchannels:\n  chat: #product-ops\n"
    problem = single(read(tmp_path, "x.yaml", text))
    assert (problem.line, problem.column) == (4, 9)
    assert "YAML reads '#product-ops' as a comment" in problem.message
    assert 'chat: "#product-ops"' in problem.hint


def test_a_quoted_hash_and_a_trailing_comment_are_fine(tmp_path: Path) -> None:
    text = 'kind: team\nid: x\nchat: "#product-ops"  # the team channel\nemail:\n'
    source = read(tmp_path, "x.yaml", text)
    assert source.problems == []
    assert source.document is not None
    assert source.document.data["chat"] == "#product-ops"
    assert source.document.data["email"] is None


def test_yaml_files_that_are_not_documents_may_use_anchors(tmp_path: Path) -> None:
    text = "defaults: &defaults\n  retries: 3\nproduction:\n  <<: *defaults\n"
    source = read(tmp_path, "data.yaml", text)
    assert source.problems == []
    assert source.document is None


def test_documents_may_not_use_anchors(tmp_path: Path) -> None:
    text = "kind: team\nid: x\nbase: &b {a: 1}\nother: *b\n"
    problem = single(read(tmp_path, "x.yaml", text))
    assert problem.line == 3
    assert "anchor &b" in problem.message


def test_a_large_yaml_file_that_is_no_document_is_left_alone(tmp_path: Path) -> None:
    spec = "openapi: 3.1.0\npaths:\n" + "  /x:\n    get: {}\n" * 200
    source = read(tmp_path, "openapi.yaml", spec, max_bytes=1000)
    assert source.problems == []
    assert source.document is None


def test_yaml_tags_are_fine_in_files_that_are_no_document(tmp_path: Path) -> None:
    assert read(tmp_path, "data.yaml", "logo: !!binary aGVsbG8=\n").problems == []
    problem = single(read(tmp_path, "doc.yaml", "kind: team\nlogo: !!binary aGVsbG8=\n"))
    assert "tag" in problem.message


def test_small_size_limits_are_shown_in_kib(tmp_path: Path) -> None:
    problem = single(read(tmp_path, "y.yaml", TEAM_DOC, max_bytes=10))
    assert f"the file is {len(TEAM_DOC)} bytes, over the 10 bytes limit" in problem.message
    problem = single(read(tmp_path, "z.yaml", TEAM_DOC * 40, max_bytes=2048))
    assert "KiB, over the 2.0 KiB limit" in problem.message


def test_a_comment_inside_brackets_is_explained(tmp_path: Path) -> None:
    text = "kind: team\nid: x\nchannels: {chat: #product-ops}\n"
    problem = single(read(tmp_path, "x.yaml", text))
    assert (problem.line, problem.column) == (3, 18)
    assert "'#product-ops' after a space starts a comment" in problem.message
    assert '"#product-ops"' in problem.hint
