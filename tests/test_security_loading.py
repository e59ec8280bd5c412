"""What loading and validation accept when the content is hostile or merely odd.

Handles and e-mail addresses end up in CODEOWNERS, the job summary and `mailto:`
links, so they are exactly what GitHub and mail clients take and nothing more;
ids have a length a file system can hold. Each test breaks one thing in the valid
knowledge base (kb_factory's VALID_KB) and asserts the problem it causes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kb_factory import TEAM_DOC, VALID_KB, edit, line_of, load_kb, only_problem

from opsbook.problems import Problem
from opsbook.schemas.fields import EMAIL_PATTERN, HANDLE_PATTERN, is_email

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
