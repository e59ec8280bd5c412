"""Every independent problem of a document in one run.

When some fields of a document do not validate, the checks that do not depend on them
still run on what did: references of every kind, roles, `next`, RACI, step ids,
duplicate ids. A problem that only follows from another (an undeclared role that is
itself malformed, a missing `steps` that leaves nothing to reach) is not reported.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import os
import random
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from kb_factory import (
    EVERY_KIND_KB,
    ONBOARDING_DOC,
    PAYMENTS_OPS_DOC,
    PROCESS_DOC,
    RUNBOOK_DOC,
    TEAM_DOC,
    TOOL_DOC,
    VALID_KB,
    edit,
    line_of,
    load_kb,
    problems_in,
    write_kb,
)

from opsbook.kinds import KINDS
from opsbook.knowledge_base import KnowledgeBase
from opsbook.loading.reader import read_source
from opsbook.problems import Problem
from opsbook.validation import validate_document

PROCESS = "processes/incident-management.yaml"
RUNBOOK = "runbooks/payment-webhook-failures.md"
PROBLEM_LINE = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<column>\d+): error: (?P<text>.+)$")


def with_file(tmp_path: Path, rel_path: str, text: str) -> KnowledgeBase:
    return load_kb(tmp_path, {**EVERY_KIND_KB, rel_path: text})


def shown(problems: list[Problem]) -> list[str]:
    return [f"{problem.line}: {problem.message}" for problem in problems]


def run_validate(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "OPSBOOK_DEBUG"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "opsbook.cli.main", "validate"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- the process of the issue: four problems, one run -------------------------------------

FOUR_PROBLEMS = (
    PROCESS_DOC.replace("owner: product-ops", "owner: prodcut-ops")
    .replace("last_reviewed: 2026-09-15", "last_reviewed: 2026-09-31")
    .replace("cadence: on demand", "cadense: on demand")
    .replace(
        "    title: Post on the status page\n    role: comms",
        "    title: Post on the status page\n    role: coms",
    )
)


def test_four_problems_of_one_process_in_one_run(tmp_path: Path) -> None:
    kb = with_file(tmp_path, PROCESS, FOUR_PROBLEMS)
    found = problems_in(kb, PROCESS)
    assert len(kb.problems) == len(found) == 4, shown(kb.problems)
    owner, date, field, role = found
    assert owner.line == line_of(FOUR_PROBLEMS, "owner:")
    assert owner.message == "owner: refers to 'prodcut-ops', but there is no team with this id"
    assert "'product-ops'" in owner.hint
    assert date.line == line_of(FOUR_PROBLEMS, "review:")
    assert "'2026-09-31' is not a real date" in date.message
    assert field.line == line_of(FOUR_PROBLEMS, "cadense:")
    assert field.message == "unknown field 'cadense'"
    assert role.line == line_of(FOUR_PROBLEMS, "role: coms")
    assert role.message == "steps[2].role: the role 'coms' is not declared in this process's roles"
    assert "did you mean 'comms'?" in role.hint
    assert "incident-management" not in kb.entries


def test_four_problems_on_the_command_line(tmp_path: Path) -> None:
    write_kb(tmp_path, {**VALID_KB, PROCESS: FOUR_PROBLEMS})
    result = run_validate(tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = [PROBLEM_LINE.match(line) for line in result.stdout.splitlines()]
    found = [(m["file"], int(m["line"])) for m in lines if m]
    path = f"docs/{PROCESS}"
    assert found == [
        (path, line_of(FOUR_PROBLEMS, "owner:")),
        (path, line_of(FOUR_PROBLEMS, "review:")),
        (path, line_of(FOUR_PROBLEMS, "cadense:")),
        (path, line_of(FOUR_PROBLEMS, "role: coms")),
    ]
    assert "opsbook: 4 problems in 1 file" in result.stdout


# --- every kind's references are checked while another field is broken --------------------


@dataclass(frozen=True)
class BrokenReference:
    kind: str
    rel_path: str
    old: str
    new: str
    message: str


REFERENCES = [
    BrokenReference("runbook", RUNBOOK, "owner: payments-ops", "owner: payment-ops", "owner: refers to 'payment-ops'"),
    BrokenReference("runbook", RUNBOOK, "contact: payments-eng", "contact: payment-eng", "escalation[1].contact: refers to 'payment-eng'"),
    BrokenReference("runbook", RUNBOOK, "related: [incident-management]", "related: [incident-mgmt]", "related[1]: refers to 'incident-mgmt'"),
    BrokenReference("process", PROCESS, "owner: product-ops", "owner: product-opz", "owner: refers to 'product-opz'"),
    BrokenReference("feature-guide", "features/feature-launch.md", "support_contact: product-ops", "support_contact: product-opz", "support_contact: refers to 'product-opz'"),
    BrokenReference("onboarding-path", "onboarding/product-ops-analyst.yaml", "prerequisites: [company-basics]", "prerequisites: [company-basic]", "prerequisites[1]: refers to 'company-basic'"),
    BrokenReference("onboarding-path", "onboarding/product-ops-analyst.yaml", "doc: feature-launch", "doc: feature-lunch", "modules[1].doc: refers to 'feature-lunch'"),
    BrokenReference("onboarding-path", "onboarding/product-ops-analyst.yaml", "prerequisites: [company-basics]", "prerequisites: [payment-webhook-failures]", "prerequisites[1]: must name an onboarding path"),
    BrokenReference("team", "teams/product-ops.yaml", "responsibilities:", "related: [nowhere]\nresponsibilities:", "related[1]: refers to 'nowhere'"),
    BrokenReference("tool", "tools/feedback-board.yaml", "status: active", "status: retired\nreplaced_by: feedbak-board-2", "replaced_by: refers to 'feedbak-board-2'"),
    BrokenReference("tool", "tools/feedback-board.yaml", "status: active", "status: retired\nreplaced_by: product-ops", "replaced_by: must name a tool"),
    BrokenReference("experiment", "experiments/label-in-email.yaml", "feature: feature-launch", "feature: feature-lunch", "feature: refers to 'feature-lunch'"),
]  # fmt: skip


def test_the_cases_cover_every_kind() -> None:
    assert {case.kind for case in REFERENCES} == set(KINDS)


def _broken_title(text: str) -> str:
    """The document with its title written as a list, which does not validate."""
    broken, count = re.subn(r"^title: (.*)$", r"title: [\1]", text, count=1, flags=re.M)
    assert count == 1
    return broken


@pytest.mark.parametrize("case", REFERENCES, ids=lambda case: case.message.split(":")[0])
def test_references_are_checked_when_another_field_is_broken(
    tmp_path: Path, case: BrokenReference
) -> None:
    text = _broken_title(edit(EVERY_KIND_KB[case.rel_path], case.old, case.new))
    kb = with_file(tmp_path, case.rel_path, text)
    found = problems_in(kb, case.rel_path)
    assert len(kb.problems) == len(found) == 2, shown(kb.problems)
    title, reference = sorted(found, key=lambda problem: "title" not in problem.message)
    assert title.message == "title: expected text, got a list"
    assert reference.message.startswith(case.message), reference.message
    assert reference.line == line_of(text, case.new.splitlines()[0 if case.kind == "team" else -1])


def test_reference_beside_a_broken_value_in_the_same_item(tmp_path: Path) -> None:
    text = edit(
        RUNBOOK_DOC,
        "{after_minutes: 30, contact: payments-eng}",
        "{after_minutes: soon, contact: payment-eng}",
    )
    kb = with_file(tmp_path, RUNBOOK, text)
    assert [problem.message.split(":")[0] for problem in kb.problems] == [
        "escalation[1].after_minutes",
        "escalation[1].contact",
    ], shown(kb.problems)
    assert "refers to 'payment-eng', but there is no team with this id" in kb.problems[1].message
    module = edit(
        ONBOARDING_DOC, "doc: feature-launch, minutes: 45", "doc: feature-lunch, minutes: 0"
    )
    kb = with_file(tmp_path / "2", "onboarding/product-ops-analyst.yaml", module)
    assert [problem.message.split(":")[0] for problem in kb.problems] == [
        "modules[1].doc",
        "modules[1].minutes",
    ], shown(kb.problems)


# --- checks inside a process still run beside broken fields --------------------------------


def test_process_checks_run_beside_a_broken_step(tmp_path: Path) -> None:
    text = edit(PROCESS_DOC, "    duration: 30m", "    duration: half an hour")
    text = edit(
        text,
        "    title: Fix the cause\n    role: lead",
        "    title: Fix the cause\n    role: fixer",
    )
    text = edit(text, "next: [end]", "next: [ending]")
    text = edit(text, "informed: [comms]", "informed: [press]")
    kb = with_file(tmp_path, PROCESS, text)
    assert [problem.message.split(":")[0] for problem in kb.problems] == [
        "steps[1].raci.informed[1]",
        "steps[1].duration",
        "steps[3].role",
        "steps[3].next[1]",
    ], shown(kb.problems)
    assert "'press' is not declared" in kb.problems[0].message
    assert "'fixer' is not declared" in kb.problems[2].message
    assert "'ending', which this process does not have" in kb.problems[3].message


def test_step_ids_are_checked_beside_a_broken_field(tmp_path: Path) -> None:
    text = edit(PROCESS_DOC, "  - id: fix", "  - id: announce")
    text = edit(
        text, "purpose: Restore service quickly and learn from every incident.", "purpose: 12"
    )
    kb = with_file(tmp_path, PROCESS, text)
    messages = [problem.message for problem in kb.problems]
    assert messages[0].startswith("purpose: expected text")
    assert "steps[3].id: the step id 'announce' is already used by step 2" in messages
    assert "steps[1].next.no: 'next' points to the step 'fix'" in messages[1]


# --- no follow-on problems ---------------------------------------------------------------


ONBOARDING = "onboarding/product-ops-analyst.yaml"
TOOL = "tools/feedback-board.yaml"
FEATURE = "features/feature-launch.md"
EXPERIMENT = "experiments/label-in-email.yaml"


@pytest.mark.parametrize(
    ("rel_path", "old", "new", "where"),
    [
        (PROCESS, "    title: Fix the cause\n    role: lead", "    title: Fix the cause\n    role: lead of the day!", ["steps[3].role"]),
        (PROCESS, "  - id: fix\n", "  - id: Fix It\n", ["steps[3].id"]),
        (PROCESS, "  - id: triage\n", "  - id: [triage]\n", ["steps[1].id"]),
        (PROCESS, "next: [end]", "next: [The End]", ["steps[3].next[1]"]),
        (PROCESS, "next: [end]", "next: The End", ["steps[3].next"]),
        (PROCESS, "next: {yes: announce, no: fix}", "next: {yes: announce, no: 42}", ["steps[1].next.no"]),
        (PROCESS, "roles:\n  lead: Incident lead\n  comms: Communications\n", "roles: [lead, comms]\n", ["roles"]),
        (PROCESS, "  comms: Communications\n", "  comms: 12\n", ["roles.comms"]),
        (PROCESS, "  comms: Communications\n", "  comms!: Communications\n", ["roles.comms!"]),
        (PROCESS, "    raci: {accountable: lead, consulted: [comms], informed: [comms]}\n", "    raci: lead\n", ["steps[1].raci"]),
        (TOOL, "admins: [{name: Lan Nguyen, contact: lan@example.com}]", "admins: Lan Nguyen", ["admins"]),
        (TOOL, "contract: {renews: 2027-06-30, notice_days: 90}", "contract: {renews: 2027-06-31, notice_days: 90}", ["contract.renews"]),
        (TOOL, "contract: {renews: 2027-06-30, notice_days: 90}", "contract: 2027-06-30", ["contract"]),
        (TOOL, "status: active", "status: retird", ["status"]),
        (FEATURE, "released: 2026-03-01", "released: 2026-02-30", ["released"]),
        (FEATURE, "status: ga", "status: GA", ["status"]),
        (EXPERIMENT, "status: planned", "status: runing\nstart: 2026-08-01\nend: 2026-09-01\ndecision: ship", ["status"]),
        (EXPERIMENT, "status: planned", "status: runing\nstart: 2026-08-01\nend: 2026-07-01", ["status", "end"]),
        (ONBOARDING, "doc: feature-launch, minutes: 45", "doc: Feature Launch, minutes: 45", ["modules[1].doc"]),
        (ONBOARDING, "prerequisites: [company-basics]", "prerequisites: company-basics", ["prerequisites"]),
    ],
)  # fmt: skip
def test_a_broken_value_is_one_problem(
    tmp_path: Path, rel_path: str, old: str, new: str, where: list[str]
) -> None:
    text = edit(EVERY_KIND_KB[rel_path], old, new)
    kb = with_file(tmp_path, rel_path, text)
    assert [problem.message.split(":")[0] for problem in kb.problems] == where, shown(kb.problems)


def test_modules_that_are_not_a_list_are_one_problem(tmp_path: Path) -> None:
    text = ONBOARDING_DOC.split("modules:\n")[0] + "modules: read the handbook\n"
    kb = with_file(tmp_path, ONBOARDING, text)
    assert shown(kb.problems) == [
        f"{line_of(text, 'modules:')}: modules: expected a list, got 'read the handbook'"
    ]


def test_missing_steps_give_no_reachability_noise(tmp_path: Path) -> None:
    text = PROCESS_DOC.split("steps:\n")[0] + "inputs:" + PROCESS_DOC.split("inputs:")[1]
    assert "steps" not in text
    kb = with_file(tmp_path, PROCESS, text)
    assert shown(kb.problems) == ["1: missing the required field 'steps'"]


def test_missing_roles_give_no_undeclared_roles(tmp_path: Path) -> None:
    text = edit(PROCESS_DOC, "roles:\n  lead: Incident lead\n  comms: Communications\n", "")
    text = edit(text, "owner: product-ops", "owner: product-opz")
    kb = with_file(tmp_path, PROCESS, text)
    assert [problem.message.split(":")[0] for problem in kb.problems] == [
        "missing the required field 'roles'",
        "owner",
    ]


# --- ids of invalid documents ---------------------------------------------------------


def test_the_id_of_an_invalid_document_still_resolves(tmp_path: Path) -> None:
    team = edit(PAYMENTS_OPS_DOC, "summary: Answers for payments in production.", "summary: [x]")
    runbook = _broken_title(RUNBOOK_DOC)
    kb = with_file(tmp_path, "teams/payments-ops.yaml", team)
    assert [problem.file.name for problem in kb.problems] == ["payments-ops.yaml"]
    kb = load_kb(
        tmp_path / "2", {**EVERY_KIND_KB, "teams/payments-ops.yaml": team, RUNBOOK: runbook}
    )
    assert sorted(problem.file.name for problem in kb.problems) == [
        "payment-webhook-failures.md",
        "payments-ops.yaml",
    ], shown(kb.problems)


def test_a_malformed_id_still_declares_it(tmp_path: Path) -> None:
    team = edit(PAYMENTS_OPS_DOC, "id: payments-ops", "id: Payments-Ops")
    runbook = edit(RUNBOOK_DOC, "owner: payments-ops", "owner: Payments-Ops")
    kb = load_kb(tmp_path, {**EVERY_KIND_KB, "teams/payments-ops.yaml": team, RUNBOOK: runbook})
    assert [problem.message.split(":")[0] for problem in kb.problems] == ["owner", "id"]
    assert "not a valid id" in kb.problems[0].message
    assert "refers to" not in "".join(shown(kb.problems))


def test_duplicate_ids_are_reported_in_an_invalid_document(tmp_path: Path) -> None:
    copy = _broken_title(edit(TOOL_DOC, "title: Feedback board", "title: Board"))
    kb = with_file(tmp_path, "tools/copy.yaml", copy)
    in_copy = problems_in(kb, "tools/copy.yaml")
    assert [problem.message.split(":")[0] for problem in in_copy] == ["id", "title"]
    assert "is also used by" in in_copy[0].message
    assert len(problems_in(kb, "tools/feedback-board.yaml")) == 1


# --- fifty problems -------------------------------------------------------------------


def _fifty_problems() -> str:
    related = "".join(f"  - missing-{number}\n" for number in range(10))
    steps = "".join(
        f"  - id: step-{number}\n    title: Step {number}\n    role: ghost\n    duration: soon\n"
        for number in range(20)
    )
    return (
        "kind: process\nid: big\ntitle: Big\nsummary: Many problems.\nowner: product-ops\n"
        "review: {last_reviewed: 2026-09-15, every_days: 180}\npurpose: p\ntrigger: t\n"
        f"roles: {{lead: Lead}}\nrelated:\n{related}steps:\n{steps}"
    )


def test_fifty_problems_are_all_printed_in_line_order(tmp_path: Path) -> None:
    text = _fifty_problems()
    write_kb(tmp_path, {**VALID_KB, "processes/big.yaml": text})
    result = run_validate(tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    matches = [PROBLEM_LINE.match(line) for line in result.stdout.splitlines()]
    lines = [int(m["line"]) for m in matches if m]
    assert len(lines) == 50, result.stdout
    assert lines == sorted(lines)
    assert len(set(lines)) == 50
    texts = [m["text"] for m in matches if m]
    assert sum("refers to 'missing-" in text for text in texts) == 10
    assert sum("the role 'ghost' is not declared" in text for text in texts) == 20
    assert sum("'soon' is not a duration" in text for text in texts) == 20
    assert "opsbook: 50 problems in 1 file" in result.stdout


def test_valid_documents_are_unchanged(tmp_path: Path) -> None:
    kb = load_kb(
        tmp_path,
        {**EVERY_KIND_KB, "teams/other.yaml": edit(TEAM_DOC, "id: product-ops", "id: other")},
    )
    assert kb.problems == []
    assert len(kb.entries) == len(EVERY_KIND_KB) + 1
    assert {link.source.id for link in kb.backlinks["feature-launch"]} == {
        "label-in-email",
        "product-ops-analyst",
    }


# --- any broken value ---------------------------------------------------------------


JUNK: list[object] = [None, 42, 0, -1, 1.5, True, "", "  ", "Bad Id!", "end", "x", [], {}, ["a"], [{"a": 1}], {"a": 1}, dt.date(2026, 2, 1), "https://x.example"]  # fmt: skip


def _paths(node: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def test_any_broken_value_gives_problems_and_nothing_unknown(tmp_path: Path) -> None:
    """Documents of every kind with up to three values replaced by junk or removed: the
    checks of what is left never fail, never show the stand-in of an unknown value and
    never name one as a reference."""
    rng = random.Random(14)
    for rel_path, text in EVERY_KIND_KB.items():
        (tmp_path / rel_path.replace("/", "-")).write_text(text, encoding="utf-8")
    originals = []
    for rel_path in EVERY_KIND_KB:
        source = read_source(tmp_path / rel_path.replace("/", "-"), rel_path)
        assert source.document is not None
        originals.append(source.document)
    for _ in range(1500):
        original = rng.choice(originals)
        data = copy.deepcopy(original.data)
        for _ in range(rng.randint(1, 3)):
            path = rng.choice([p for p in _paths(data) if p and p != ("kind",)] or [("id",)])
            parent: Any = data
            for part in path[:-1]:
                parent = parent[part]
            if rng.random() < 0.2:
                del parent[path[-1]]
            else:
                parent[path[-1]] = copy.deepcopy(rng.choice(JUNK))
        raw = dataclasses.replace(original, data=data)
        result = validate_document(raw)
        for problem in result.problems:
            assert "\x00" not in problem.message + problem.hint, (data, problem)
        for reference in result.references:
            assert "\x00" not in reference.target, (data, reference)


def test_references_of_a_valid_document_whose_id_is_taken(tmp_path: Path) -> None:
    """Two valid documents with one id: the one the site keeps and the other both have
    their references checked."""
    copy = edit(TOOL_DOC, "owner: product-ops", "owner: product-opz")
    kb = with_file(tmp_path, "tools/zz-copy.yaml", copy)
    in_copy = problems_in(kb, "tools/zz-copy.yaml")
    assert [problem.message.split(":")[0] for problem in in_copy] == ["id", "owner"]
    assert "refers to 'product-opz'" in in_copy[1].message
    assert kb.entries["feedback-board"].rel_path == "tools/feedback-board.yaml"
