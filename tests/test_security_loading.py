"""What loading and validation accept when the content is hostile or merely odd.

Handles and e-mail addresses end up in CODEOWNERS, the job summary and `mailto:`
links, so they are exactly what GitHub and mail clients take and nothing more;
ids have a length a file system can hold. Each test breaks one thing in the valid
knowledge base (kb_factory's VALID_KB) and asserts the problem it causes.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from kb_factory import TEAM_DOC, VALID_KB, edit, line_of, load_kb, only_problem, write_kb

from opsbook.loading import read_source
from opsbook.problems import Problem
from opsbook.schemas.fields import EMAIL_PATTERN, HANDLE_PATTERN, MAX_ID_LENGTH, is_email

TEAM = "teams/product-ops.yaml"


def team_problem(tmp_path: Path, text: str) -> Problem:
    kb = load_kb(tmp_path, {**VALID_KB, TEAM: text})
    problem = only_problem(kb)
    assert problem.file == kb.docs_dir / TEAM
    return problem


# --- code-host handles ----------------------------------------------------------------------

GOOD_HANDLES = [
    "@octocat",
    "@a",
    "@mona-lisa-2",
    "@acme/product-ops",
    "@Acme/Product_Ops",
    "@acme/team_2",
    "docs@example.com",
    "first.last+tag@sub.example.co.uk",
]
BAD_HANDLES = [
    "<img/src=x/onerror=alert(1)>@x.io",
    "[Approved](https://evil.example)@x.io",
    "victim@corp.io?cc=attacker@evil.example",
    "@",
    "@-user",
    "@user-",
    "@a--b",
    "@org/",
    "@org/team/extra",
    "@org/-team",
    "@user.name",
    "@" + "a" * 40,
    "user",
    "x@y",
    "x@.io",
    "x@-y.io",
    "x@y..io",
    "x y@z.io",
    "x@y.io\n",
    "mailto:x@y.io",
    '"x"@y.io',
    "x@y.io @z",
]


@pytest.mark.parametrize("handle", GOOD_HANDLES)
def test_handles_github_takes_are_valid(tmp_path: Path, handle: str) -> None:
    text = edit(TEAM_DOC, '["@acme/product-ops"]', json.dumps([handle]))
    assert load_kb(tmp_path, {**VALID_KB, TEAM: text}).problems == []


@pytest.mark.parametrize("handle", BAD_HANDLES)
def test_anything_else_is_not_a_handle(tmp_path: Path, handle: str) -> None:
    text = edit(TEAM_DOC, '["@acme/product-ops"]', json.dumps(["@acme/ops", handle]))
    problem = team_problem(tmp_path, text)
    assert problem.line == line_of(text, "codeowners:")
    assert problem.message.startswith("codeowners[2]: ")
    assert "is not a code-host handle" in problem.message
    assert "@user" in problem.hint
    assert "@org/team" in problem.hint
    assert "email" in problem.hint


def test_the_handle_pattern_is_anchored_for_every_engine() -> None:
    # The JSON Schema hands the pattern to editors (ECMAScript), pydantic to Rust's regex.
    assert HANDLE_PATTERN.startswith("^")
    assert HANDLE_PATTERN.endswith("$")
    assert "(?=" not in HANDLE_PATTERN
    assert "(?<" not in HANDLE_PATTERN


# --- e-mail addresses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "victim@corp.io?cc=attacker@evil.example&body=hi",
        "victim@corp.io?subject=x",
        "victim@corp.io,attacker@evil.example",
        "victim@corp.io%0Acc:attacker@evil.example",
        "<victim@corp.io>",
        "Team <team@corp.io>",
        "team",
        "javascript:alert(1)//@x.io",
    ],
)
def test_team_email_is_an_address_and_nothing_more(tmp_path: Path, address: str) -> None:
    text = edit(TEAM_DOC, "email: product-ops@example.com", f"email: {json.dumps(address)}")
    problem = team_problem(tmp_path, text)
    assert problem.line == line_of(text, "email:")
    assert problem.message.startswith("channels.email: ")
    assert "e-mail address" in problem.message
    assert "team@example.com" in problem.message


def test_a_plain_team_email_is_valid(tmp_path: Path) -> None:
    text = edit(TEAM_DOC, "product-ops@example.com", "Product.Ops+kb@mail.example.co.uk")
    assert load_kb(tmp_path, {**VALID_KB, TEAM: text}).problems == []


def test_member_contact_stays_free_text(tmp_path: Path) -> None:
    text = edit(TEAM_DOC, "contact: lan@example.com", "contact: '@lan on Slack'")
    assert load_kb(tmp_path, {**VALID_KB, TEAM: text}).problems == []


def test_is_email_is_the_whole_text() -> None:
    assert is_email("lan@example.com")
    assert not is_email("lan@example.com?cc=x@y.io")
    assert not is_email("lan@example.com\n")
    assert not is_email(" lan@example.com")
    assert not is_email("@lan on Slack")
    assert EMAIL_PATTERN.startswith("^")
    assert EMAIL_PATTERN.endswith("$")


def test_the_example_knowledge_base_still_validates() -> None:
    from opsbook.knowledge_base import discover, load_knowledge_base
    from opsbook.project_config import read_project_config

    root = Path(__file__).resolve().parents[1]
    config = read_project_config(root / "mkdocs.yml")
    files = discover(config.docs_dir, config.excluded())
    kb = load_knowledge_base(config.docs_dir, files, max_bytes=config.max_bytes)
    assert [problem.format(root) for problem in kb.problems] == []


# --- files that are not regular files -------------------------------------------------------


def run_validate(root: Path) -> subprocess.CompletedProcess[str]:
    """`opsbook validate` in a subprocess: a hang fails the test instead of the suite."""
    env = {key: value for key, value in os.environ.items() if key != "OPSBOOK_DEBUG"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    try:
        return subprocess.run(
            [sys.executable, "-m", "opsbook.cli.main", "validate"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("opsbook validate hung on a file that is not a regular file")


def not_regular(result: subprocess.CompletedProcess[str], rel_path: str, what: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith(rel_path + ":"))
    assert line.startswith(f"{rel_path}:1:1: error: ")
    assert "is not a regular file" in line
    assert what in line


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
@pytest.mark.parametrize("name", ["pipe.yaml", "pipe.md"])
def test_a_named_pipe_is_reported_not_waited_on(tmp_path: Path, name: str) -> None:
    docs = write_kb(tmp_path, VALID_KB)
    os.mkfifo(docs / name)
    not_regular(run_validate(tmp_path), f"docs/{name}", "named pipe")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("name", ["zero.yaml", "zero.md"])
def test_a_link_to_an_endless_device_is_reported_not_read(tmp_path: Path, name: str) -> None:
    docs = write_kb(tmp_path, VALID_KB)
    (docs / name).symlink_to("/dev/zero")
    started = time.perf_counter()
    result = run_validate(tmp_path)
    assert time.perf_counter() - started < 20
    not_regular(result, f"docs/{name}", "device")


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_a_socket_is_reported(tmp_path: Path) -> None:
    docs = write_kb(tmp_path, VALID_KB)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(docs / "s.yaml"))
        not_regular(run_validate(tmp_path), "docs/s.yaml", "socket")
    finally:
        server.close()


def test_a_large_file_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    with path.open("w", encoding="utf-8") as stream:
        stream.write("---\nkind: team\nid: x\n---\n")
        stream.write("Prose. " * (3 * 1024 * 1024 // 7))
    tracemalloc.start()
    try:
        source = read_source(path, "big.md", max_bytes=64 * 1024)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    (problem,) = source.problems
    assert problem.code == "too-large"
    assert "3.0 MiB" in problem.message, "the size comes from the file system, not the read"
    assert peak < 1024 * 1024, f"read {peak} bytes for a 64 KiB limit"


def test_a_large_page_without_front_matter_is_left_to_mkdocs(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text("# A long page\n\n" + "Prose. " * 100_000, encoding="utf-8")
    source = read_source(path, "page.md", max_bytes=64 * 1024)
    assert source.problems == []
    assert source.document is None


# --- ids have a length a file name can hold -------------------------------------------------


def test_an_id_longer_than_the_limit_is_explained(tmp_path: Path) -> None:
    assert MAX_ID_LENGTH == 100
    long_id = "a" * 101
    text = edit(TEAM_DOC, "id: product-ops", f"id: {long_id}")
    kb = load_kb(tmp_path, {TEAM: text})
    problem = only_problem(kb)
    assert problem.line == line_of(text, "id: ")
    assert problem.message.startswith("id: ")
    assert "101 characters" in problem.message
    assert "at most 100" in problem.message


def test_a_reference_longer_than_the_limit_is_explained(tmp_path: Path) -> None:
    runbook = VALID_KB["runbooks/payment-webhook-failures.md"]
    text = edit(runbook, "owner: payments-ops", f"owner: {'b' * 150}")
    kb = load_kb(tmp_path, {**VALID_KB, "runbooks/payment-webhook-failures.md": text})
    problem = only_problem(kb)
    assert problem.message.startswith("owner: ")
    assert "150 characters" in problem.message


def test_an_id_of_the_longest_length_is_valid(tmp_path: Path) -> None:
    long_id = "a" * 100
    text = edit(TEAM_DOC, "id: product-ops", f"id: {long_id}")
    assert load_kb(tmp_path, {TEAM: text}).problems == []


def test_the_json_schema_tells_editors_the_limit() -> None:
    from opsbook.schemas.json_schema import generate_schemas

    schema = json.loads(generate_schemas()["team.schema.json"])
    assert schema["properties"]["id"]["maxLength"] == MAX_ID_LENGTH
