"""Validation against the content model, and the checks across documents.

Each test breaks one thing in an otherwise valid knowledge base (kb_factory's
VALID_KB) and asserts the one problem it causes: file, line, column where it
matters, and words a non-programmer understands.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from kb_factory import (
    EVERY_KIND_KB,
    FEATURE_GUIDE_DOC,
    ONBOARDING_DOC,
    ONBOARDING_PREREQUISITE_DOC,
    PROCESS_DOC,
    RUNBOOK_DOC,
    TEAM_DOC,
    VALID_KB,
    edit,
    line_of,
    load_kb,
    only_problem,
    position_of,
    problems_in,
)

from opsbook.kinds import KINDS
from opsbook.knowledge_base import KnowledgeBase
from opsbook.problems import Problem
from opsbook.schemas.feature_guide import FeatureGuide
from opsbook.schemas.onboarding_path import OnboardingPath
from opsbook.schemas.process import Process
from opsbook.schemas.team import Team

TEAM = "teams/product-ops.yaml"
RUNBOOK = "runbooks/payment-webhook-failures.md"
PROCESS = "processes/incident-management.yaml"
FEATURE = "features/feature-launch.md"
ONBOARDING = "onboarding/product-ops-analyst.yaml"
PREREQUISITE = "onboarding/company-basics.yaml"


def with_file(tmp_path: Path, rel_path: str, text: str) -> KnowledgeBase:
    """The valid knowledge base with one file replaced (or added)."""
    return load_kb(tmp_path, {**VALID_KB, rel_path: text})


def the_problem(tmp_path: Path, rel_path: str, text: str) -> Problem:
    """The single problem of the valid knowledge base with `rel_path` replaced by `text`."""
    kb = with_file(tmp_path, rel_path, text)
    problem = only_problem(kb)
    assert problem.file == kb.docs_dir / rel_path
    return problem


# --- valid documents -----------------------------------------------------------------


def test_a_valid_document_of_every_kind_gives_no_problem(tmp_path: Path) -> None:
    kb = load_kb(tmp_path, EVERY_KIND_KB)
    assert kb.problems == []
    assert {entry.kind for entry in kb.entries.values()} == set(KINDS)
    assert len(kb.entries) == len(EVERY_KIND_KB) == kb.document_count


def test_backlinks_and_owned_documents(tmp_path: Path) -> None:
    kb = load_kb(tmp_path, VALID_KB)
    assert [link.source.id for link in kb.backlinks["incident-management"]] == [
        "payment-webhook-failures"
    ]
    assert kb.backlinks["incident-management"][0].field == "related"
    assert [link.source.id for link in kb.backlinks["feature-launch"]] == ["product-ops-analyst"]
    assert [entry.id for entry in kb.owned["payments-ops"]] == ["payment-webhook-failures"]
    assert {entry.id for entry in kb.owned["product-ops"]} == {
        "incident-management",
        "feature-launch",
        "company-basics",
        "product-ops-analyst",
    }
    assert "payments-eng" not in kb.owned


def test_values_of_the_examples_are_kept(tmp_path: Path) -> None:
    kb = load_kb(tmp_path, VALID_KB)
    path = kb.entries["product-ops-analyst"].model
    assert isinstance(path, OnboardingPath)
    assert path.title == "Lộ trình cho chuyên viên Product Operations"
    assert path.required_minutes == 45 + 240
    process = kb.entries["incident-management"].model
    assert isinstance(process, Process)
    assert process.steps[0].next == {"yes": "announce", "no": "fix"}
    guide = kb.entries["feature-launch"].model
    assert isinstance(guide, FeatureGuide)
    assert guide.released == dt.date(2026, 3, 1)
    assert kb.entries["payment-webhook-failures"].raw.body.startswith("Background")


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "NO"])
def test_norway_words_are_valid_text(tmp_path: Path, word: str) -> None:
    text = edit(TEAM_DOC, "title: Product Operations", f"title: {word}")
    text = edit(text, "responsibilities: [", f"responsibilities: [{word}, ")
    kb = with_file(tmp_path, TEAM, text)
    assert kb.problems == []
    team = kb.entries["product-ops"].model
    assert team.title == word
    assert isinstance(team, Team)
    assert team.responsibilities[0] == word


def test_html_in_text_fields_is_accepted_verbatim(tmp_path: Path) -> None:
    title = "<script>alert('x')</script> & <b>bold</b>"
    text = edit(TEAM_DOC, "title: Product Operations", f'title: "{title}"')
    kb = with_file(tmp_path, TEAM, text)
    assert kb.problems == []
    assert kb.entries["product-ops"].title == title


def test_vietnamese_title_in_markdown_is_valid(tmp_path: Path) -> None:
    title = "Xử lý sự cố thanh toán: webhook bị từ chối"
    text = edit(RUNBOOK_DOC, "title: Payment webhooks are failing", f'title: "{title}"')
    kb = with_file(tmp_path, RUNBOOK, text)
    assert kb.problems == []
    assert kb.entries["payment-webhook-failures"].title == title


# --- fields --------------------------------------------------------------------------


def test_unknown_field_with_did_you_mean(tmp_path: Path) -> None:
    text = edit(TEAM_DOC, "responsibilities:", "responsibilites:")
    problem = the_problem(tmp_path, TEAM, text)
    assert (problem.line, problem.column) == (line_of(text, "responsibilites:"), 1)
    assert "unknown field 'responsibilites'" in problem.message
    assert problem.hint == "did you mean 'responsibilities'?"


def test_unknown_field_in_a_runbook_step_suggests_command(tmp_path: Path) -> None:
    text = edit(RUNBOOK_DOC, "    command: kubectl", "    comand: kubectl")
    problem = the_problem(tmp_path, RUNBOOK, text)
    assert (problem.line, problem.column) == (line_of(text, "comand:"), 5)
    assert "steps[2]: unknown field 'comand'" in problem.message
    assert "did you mean 'command'?" in problem.hint


def test_unknown_field_without_near_miss_lists_allowed_fields(tmp_path: Path) -> None:
    text = TEAM_DOC + "colour: blue\n"
    problem = the_problem(tmp_path, TEAM, text)
    assert problem.line == line_of(text, "colour:")
    assert "unknown field 'colour'" in problem.message
    assert "members" in problem.hint
    assert "responsibilities" in problem.hint


def test_missing_required_field_points_at_the_document(tmp_path: Path) -> None:
    text = edit(PROCESS_DOC, "trigger: An alert fires or a customer reports an outage.\n", "")
    problem = the_problem(tmp_path, PROCESS, text)
    assert (problem.line, problem.column) == (1, 1)
    assert "missing the required field 'trigger'" in problem.message
    assert "add 'trigger:'" in problem.hint


def test_missing_required_field_points_at_the_parent_mapping(tmp_path: Path) -> None:
    text = edit(TEAM_DOC, "    role: analyst\n", "")
    problem = the_problem(tmp_path, TEAM, text)
    assert (problem.line, problem.column) == (line_of(text, "name: Sam Lee"), 5)
    assert "members[2]: missing the required field 'role'" in problem.message


def test_missing_required_field_in_a_flow_mapping(tmp_path: Path) -> None:
    text = edit(
        RUNBOOK_DOC, "{after_minutes: 30, contact: payments-eng}", "{contact: payments-eng}"
    )
    problem = the_problem(tmp_path, RUNBOOK, text)
    assert (problem.line, problem.column) == (line_of(text, "{contact: payments-eng}"), 5)
    assert "escalation[1]: missing the required field 'after_minutes'" in problem.message


def test_missing_review_on_a_runbook(tmp_path: Path) -> None:
    text = edit(RUNBOOK_DOC, "review: {last_reviewed: 2026-10-01, every_days: 90}\n", "")
    problem = the_problem(tmp_path, RUNBOOK, text)
    assert (problem.line, problem.column) == (2, 1), "front matter starts on line 2"
    assert "missing the required field 'review'" in problem.message


def test_a_list_where_text_is_expected(tmp_path: Path) -> None:
    text = edit(TEAM_DOC, "title: Product Operations", "title: [Product, Operations]")
    problem = the_problem(tmp_path, TEAM, text)
    assert (problem.line, problem.column) == (3, 8)
    assert problem.message == "title: expected text, got a list"


def test_text_where_a_list_is_expected(tmp_path: Path) -> None:
    text = edit(
        RUNBOOK_DOC,
        "symptoms:\n  - Alert WebhookDeliveryErrorRate is firing\n"
        '  - Support reports orders stuck in "pending"\n',
        "symptoms: Alert WebhookDeliveryErrorRate is firing\n",
    )
    problem = the_problem(tmp_path, RUNBOOK, text)
    assert (problem.line, problem.column) == (line_of(text, "symptoms:"), 11)
    assert "symptoms: expected a list" in problem.message
    assert "'- '" in problem.hint


def test_empty_list_where_one_entry_is_required(tmp_path: Path) -> None:
    text = edit(FEATURE_GUIDE_DOC, "audience: [support, sales]", "audience: []")
    problem = the_problem(tmp_path, FEATURE, text)
    assert problem.line == line_of(text, "audience:")
    assert "audience: needs at least one entry" in problem.message


@pytest.mark.parametrize(
    ("value", "shown"),
    [("42", "the number 42"), ("1.5", "the number 1.5"), ("2026-01-01", "the date 2026-01-01")],
)
def test_number_or_date_where_text_is_expected_says_to_quote_it(
    tmp_path: Path, value: str, shown: str
) -> None:
    text = edit(TEAM_DOC, "title: Product Operations", f"title: {value}")
    problem = the_problem(tmp_path, TEAM, text)
    assert (problem.line, problem.column) == (3, 8)
    assert problem.message == f"title: expected text, got {shown}"
    assert problem.hint == f'put it in quotes: "{value}"'


def test_number_in_a_list_of_text(tmp_path: Path) -> None:
    text = edit(FEATURE_GUIDE_DOC, "flags: [launch-checklist]", "flags: [launch-checklist, 2026]")
    problem = the_problem(tmp_path, FEATURE, text)
    assert (problem.line, problem.column) == (line_of(text, "flags:"), 27)
    assert "flags[2]: expected text, got the number 2026" in problem.message
    assert "quotes" in problem.hint


def test_true_where_text_is_expected(tmp_path: Path) -> None:
    text = edit(TEAM_DOC, "title: Product Operations", "title: true")
    problem = the_problem(tmp_path, TEAM, text)
    assert "true/false" in problem.message
    assert problem.hint == 'put it in quotes: "true"'


def test_empty_value_where_text_is_expected(tmp_path: Path) -> None:
    text = edit(TEAM_DOC, "title: Product Operations", "title:")
    problem = the_problem(tmp_path, TEAM, text)
    assert problem.line == 3
    assert "title: is empty" in problem.message


def test_blank_text_is_refused(tmp_path: Path) -> None:
    text = edit(TEAM_DOC, "title: Product Operations", 'title: "   "')
    problem = the_problem(tmp_path, TEAM, text)
    assert "title: must not be empty" in problem.message


def test_optional_yes_is_not_a_boolean(tmp_path: Path) -> None:
    text = edit(ONBOARDING_DOC, "optional: true", "optional: yes")
    problem = the_problem(tmp_path, ONBOARDING, text)
    assert (problem.line, problem.column) == (line_of(text, "optional: yes"), 15)
    assert problem.message == "modules[3].optional: expected true or false, got 'yes'"
    assert "true or false" in problem.hint


def test_severity_in_capitals_suggests_lowercase(tmp_path: Path) -> None:
    text = edit(RUNBOOK_DOC, "severity: sev2", "severity: SEV2")
    problem = the_problem(tmp_path, RUNBOOK, text)
    assert problem.line == line_of(text, "severity:")
    assert "'SEV2' is not one of sev1, sev2, sev3, sev4" in problem.message
    assert problem.hint == "write it as 'sev2'"


def test_zero_minutes_is_refused(tmp_path: Path) -> None:
    text = edit(
        ONBOARDING_DOC, "doc: feature-launch, minutes: 45", "doc: feature-launch, minutes: 0"
    )
    problem = the_problem(tmp_path, ONBOARDING, text)
    assert "modules[1].minutes: must be greater than 0, got 0" in problem.message


@pytest.mark.parametrize(
    ("written", "reason"),
    [("2026-13-45", "not a real date"), ('"2026-13-45"', "not a valid date")],
)
def test_impossible_review_date(tmp_path: Path, written: str, reason: str) -> None:
    text = edit(PROCESS_DOC, "last_reviewed: 2026-09-15", f"last_reviewed: {written}")
    problem = the_problem(tmp_path, PROCESS, text)
    assert (problem.line, problem.column) == (line_of(text, "last_reviewed:"), 25)
    assert problem.message.startswith("review.last_reviewed: '2026-13-45' is")
    assert reason in problem.message
    assert "YYYY-MM-DD" in problem.hint


def test_impossible_release_date_in_markdown(tmp_path: Path) -> None:
    text = edit(FEATURE_GUIDE_DOC, "released: 2026-03-01", "released: 2026-02-30")
    problem = the_problem(tmp_path, FEATURE, text)
    assert (problem.line, problem.column) == (line_of(text, "released:"), 11)
    assert "'2026-02-30' is not a real date" in problem.message


def test_impossible_date_where_text_is_expected(tmp_path: Path) -> None:
    text = edit(TEAM_DOC, "title: Product Operations", "title: 2026-13-45")
    problem = the_problem(tmp_path, TEAM, text)
    assert "'2026-13-45' is not a real date" in problem.message
    assert "quotes" in problem.hint


def test_number_where_a_date_is_expected_is_refused(tmp_path: Path) -> None:
    text = edit(PROCESS_DOC, "last_reviewed: 2026-09-15", "last_reviewed: 0")
    problem = the_problem(tmp_path, PROCESS, text)
    assert problem.line == line_of(text, "last_reviewed:")
    assert "date" in problem.message


def test_invalid_id_suggests_a_slug(tmp_path: Path) -> None:
    text = edit(TEAM_DOC, "id: product-ops", "id: Foo Bar")
    kb = with_file(tmp_path, TEAM, text)
    problems = problems_in(kb, TEAM)
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column) == (2, 5)
    assert problems[0].message == "id: 'Foo Bar' is not a valid id"
    assert "like 'foo-bar'" in problems[0].hint


def test_unknown_kind_suggests_the_closest(tmp_path: Path) -> None:
    text = edit(RUNBOOK_DOC, "kind: runbook", "kind: runbok")
    problem = the_problem(tmp_path, RUNBOOK, text)
    assert (problem.line, problem.column) == (2, 7)
    assert "unknown kind 'runbok'" in problem.message
    assert problem.hint == "did you mean 'runbook'?"


def test_kind_that_is_not_text(tmp_path: Path) -> None:
    problem = the_problem(tmp_path, "x.yaml", "kind: [team]\nid: x\n")
    assert (problem.line, problem.column) == (1, 7)
    assert "kind must be one of" in problem.message
    assert "team" in problem.message


def test_number_as_field_name_is_an_unknown_field(tmp_path: Path) -> None:
    text = TEAM_DOC + "1: one\n"
    problem = the_problem(tmp_path, TEAM, text)
    assert (problem.line, problem.column) == (line_of(text, "1: one"), 1)
    assert "[2]" not in problem.message
    assert "'1'" in problem.message
    assert "Keys should be strings" not in problem.message


# --- onboarding modules -------------------------------------------------------------------


def test_module_with_two_targets(tmp_path: Path) -> None:
    text = edit(ONBOARDING_DOC, "doc: feature-launch,", "doc: feature-launch, task: Read it,")
    problem = the_problem(tmp_path, ONBOARDING, text)
    assert (problem.line, problem.column) == (line_of(text, "How we launch"), 5)
    assert "modules[1]: a module has exactly one of doc, url or task" in problem.message
    assert "doc and task" in problem.message


def test_module_without_target(tmp_path: Path) -> None:
    text = edit(ONBOARDING_DOC, " task: Join two incident reviews,", "")
    problem = the_problem(tmp_path, ONBOARDING, text)
    assert (problem.line, problem.column) == (line_of(text, "Shadow the on-call"), 5)
    assert "modules[2]: a module needs one of doc, url or task" in problem.message


@pytest.mark.parametrize(
    "url", ["http://example.com/analytics", "javascript:alert(1)", "https://", "/relative"]
)
def test_module_url_must_be_https(tmp_path: Path, url: str) -> None:
    text = edit(ONBOARDING_DOC, '"https://example.com/analytics"', f'"{url}"')
    problem = the_problem(tmp_path, ONBOARDING, text)
    assert (problem.line, problem.column) == position_of(text, f'"{url}"')
    assert problem.message == f"modules[3].url: '{url}' is not an https:// link"
    assert "https://" in problem.hint


def test_module_doc_must_resolve(tmp_path: Path) -> None:
    text = edit(ONBOARDING_DOC, "doc: feature-launch", "doc: feature-lunch")
    problem = the_problem(tmp_path, ONBOARDING, text)
    assert (problem.line, problem.column) == position_of(text, "feature-lunch")
    assert "refers to 'feature-lunch', but no document has this id" in problem.message
    assert "did you mean 'feature-launch'?" in problem.hint


# --- feature guides ---------------------------------------------------------------------


@pytest.mark.parametrize("status", ["ga", "deprecated", "retired"])
def test_released_status_needs_a_release_date(tmp_path: Path, status: str) -> None:
    text = edit(FEATURE_GUIDE_DOC, "released: 2026-03-01\n", "")
    text = edit(text, "status: ga", f"status: {status}")
    problem = the_problem(tmp_path, FEATURE, text)
    assert (problem.line, problem.column) == (line_of(text, "status:"), 9)
    assert f"status: a feature with status '{status}' needs a 'released' date" in problem.message
    assert "released: YYYY-MM-DD" in problem.hint


def test_beta_needs_no_release_date(tmp_path: Path) -> None:
    text = edit(FEATURE_GUIDE_DOC, "released: 2026-03-01\n", "")
    text = edit(text, "status: ga", "status: beta")
    assert with_file(tmp_path, FEATURE, text).problems == []


# --- ids and references ----------------------------------------------------------------------


def test_duplicate_id_across_two_files_names_both(tmp_path: Path) -> None:
    copy = edit(PROCESS_DOC, "title: Incident management", "title: Incidents again")
    kb = with_file(tmp_path, "processes/copy.yaml", copy)
    first = problems_in(kb, PROCESS)
    second = problems_in(kb, "processes/copy.yaml")
    assert len(first) == 1
    assert len(second) == 1
    assert len(kb.problems) == 2
    assert (first[0].line, first[0].column) == (2, 5)
    assert "the id 'incident-management' is also used by" in first[0].message
    assert "processes/copy.yaml:2" in first[0].message
    assert "processes/incident-management.yaml:2" in second[0].message
    assert "unique" in first[0].hint
    assert "incident-management" in kb.entries, "one of the two is kept"


def test_owner_naming_a_missing_team_suggests_the_closest_ids(tmp_path: Path) -> None:
    text = edit(PROCESS_DOC, "owner: product-ops", "owner: product-opps")
    problem = the_problem(tmp_path, PROCESS, text)
    assert (problem.line, problem.column) == (5, 8)
    assert "owner: refers to 'product-opps', but there is no team with this id" in problem.message
    assert "did you mean" in problem.hint
    assert "'product-ops'" in problem.hint


def test_broken_reference_without_near_miss_lists_the_team_ids(tmp_path: Path) -> None:
    text = edit(PROCESS_DOC, "owner: product-ops", "owner: marketing")
    problem = the_problem(tmp_path, PROCESS, text)
    assert "there is no team with this id" in problem.message
    assert "payments-eng" in problem.hint
    assert "product-ops" in problem.hint


def test_owner_naming_a_process(tmp_path: Path) -> None:
    text = edit(RUNBOOK_DOC, "owner: payments-ops", "owner: incident-management")
    problem = the_problem(tmp_path, RUNBOOK, text)
    assert (problem.line, problem.column) == (line_of(text, "owner:"), 8)
    assert "owner: must name a team, but 'incident-management' is a process" in problem.message
    assert "product-ops" in problem.hint


def test_escalation_contact_naming_a_missing_team(tmp_path: Path) -> None:
    text = edit(RUNBOOK_DOC, "contact: payments-eng", "contact: payment-eng")
    problem = the_problem(tmp_path, RUNBOOK, text)
    assert (problem.line, problem.column) == position_of(text, "payment-eng}")
    assert "'payment-eng'" in problem.message
    assert "there is no team with this id" in problem.message
    assert "'payments-eng'" in problem.hint


def test_prerequisite_naming_a_runbook(tmp_path: Path) -> None:
    text = edit(
        ONBOARDING_DOC,
        "prerequisites: [company-basics]",
        "prerequisites: [payment-webhook-failures]",
    )
    problem = the_problem(tmp_path, ONBOARDING, text)
    assert (problem.line, problem.column) == (line_of(text, "prerequisites:"), 17)
    assert "prerequisites[1]: must name an onboarding path" in problem.message
    assert "'payment-webhook-failures' is a runbook" in problem.message
    assert "company-basics" in problem.hint


def test_related_naming_a_missing_document(tmp_path: Path) -> None:
    text = edit(RUNBOOK_DOC, "related: [incident-management]", "related: [incident-managment]")
    problem = the_problem(tmp_path, RUNBOOK, text)
    assert problem.line == line_of(text, "related:")
    assert "no document has this id" in problem.message
    assert "did you mean 'incident-management'?" in problem.hint


def test_reference_to_an_invalid_document_is_not_also_broken(tmp_path: Path) -> None:
    broken_team = edit(TEAM_DOC, "title: Product Operations", "title: [x]")
    kb = with_file(tmp_path, TEAM, broken_team)
    assert [problem.file.name for problem in kb.problems] == ["product-ops.yaml"]


def test_prerequisite_cycle_shows_the_path(tmp_path: Path) -> None:
    basics = ONBOARDING_PREREQUISITE_DOC.replace(
        "outcomes:", "prerequisites: [product-ops-analyst]\noutcomes:"
    )
    kb = with_file(tmp_path, PREREQUISITE, basics)
    assert len(kb.problems) == 2
    in_basics = problems_in(kb, PREREQUISITE)
    in_analyst = problems_in(kb, ONBOARDING)
    assert len(in_basics) == len(in_analyst) == 1
    cycle = "company-basics → product-ops-analyst → company-basics"
    assert f"prerequisites[1]: prerequisites form a cycle: {cycle}" == in_basics[0].message
    assert cycle in in_analyst[0].message
    assert in_basics[0].line == line_of(basics, "prerequisites:")
    assert in_analyst[0].line == line_of(ONBOARDING_DOC, "prerequisites:")
    assert "remove one prerequisite" in in_basics[0].hint


def test_prerequisite_of_itself_is_refused(tmp_path: Path) -> None:
    text = edit(
        ONBOARDING_DOC, "prerequisites: [company-basics]", "prerequisites: [product-ops-analyst]"
    )
    problem = the_problem(tmp_path, ONBOARDING, text)
    assert problem.message == ("prerequisites[1]: 'product-ops-analyst' is this document's own id")


def test_related_listing_an_id_twice_is_refused(tmp_path: Path) -> None:
    text = edit(
        ONBOARDING_DOC,
        "prerequisites: [company-basics]",
        "prerequisites: [company-basics]\nrelated: [feature-launch, feature-launch]",
    )
    problem = the_problem(tmp_path, ONBOARDING, text)
    assert problem.message == "related[2]: 'feature-launch' is listed twice"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param(
            "next: [end]",
            "decision: Done?\n    next: {yes: end}",
            "a decision needs at least two answers",
            id="one-answer",
        ),
        pytest.param(
            "next: [end]",
            "next: [end, end]",
            "'next' names the same step twice",
            id="twice",
        ),
    ],
)
def test_decisions_and_next_that_make_no_sense(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    problem = the_problem(tmp_path, PROCESS, edit(PROCESS_DOC, old, new))
    assert message in problem.message


# --- processes --------------------------------------------------------------------------------


def test_next_to_a_missing_step(tmp_path: Path) -> None:
    text = edit(PROCESS_DOC, "next: [end]", "next: [fixx]")
    problem = the_problem(tmp_path, PROCESS, text)
    assert (problem.line, problem.column) == (line_of(text, "next: [fixx]"), 12)
    assert "'next' points to the step 'fixx', which this process does not have" in problem.message
    assert "did you mean 'fix'?" in problem.hint


def test_decision_answer_to_a_missing_step(tmp_path: Path) -> None:
    text = edit(PROCESS_DOC, "{yes: announce, no: fix}", "{yes: announce, no: fixit}")
    problem = the_problem(tmp_path, PROCESS, text)
    assert problem.line == line_of(text, "fixit")
    assert "steps[1].next.no: 'next' points to the step 'fixit'" in problem.message


def test_undeclared_role(tmp_path: Path) -> None:
    text = edit(PROCESS_DOC, "    role: comms", "    role: com")
    problem = the_problem(tmp_path, PROCESS, text)
    assert (problem.line, problem.column) == (line_of(text, "role: com\n"), 11)
    assert "steps[2].role: the role 'com' is not declared in this process's roles" in (
        problem.message
    )
    assert "did you mean 'comms'?" in problem.hint


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("accountable: lead", "accountable: finance", "steps[1].raci.accountable"),
        ("informed: [comms]", "informed: [comms, finance]", "steps[1].raci.informed[2]"),
    ],
)
def test_undeclared_role_in_raci(tmp_path: Path, old: str, new: str, where: str) -> None:
    text = edit(PROCESS_DOC, old, new)
    problem = the_problem(tmp_path, PROCESS, text)
    assert (problem.line, problem.column) == position_of(text, "finance")
    assert problem.message == f"{where}: the role 'finance' is not declared in this process's roles"
    assert problem.hint == "declared roles: comms, lead"


def test_unreachable_step(tmp_path: Path) -> None:
    text = edit(PROCESS_DOC, "{yes: announce, no: fix}", "{yes: fix, no: end}")
    problem = the_problem(tmp_path, PROCESS, text)
    assert (problem.line, problem.column) == (line_of(text, "- id: announce"), 5)
    assert "the step 'announce' can never be reached from the first step" in problem.message


def test_decision_without_a_mapping_next(tmp_path: Path) -> None:
    text = edit(PROCESS_DOC, "next: {yes: announce, no: fix}", "next: [announce]")
    problem = the_problem(tmp_path, PROCESS, text)
    assert (problem.line, problem.column) == (line_of(text, "decision:"), 15)
    assert "steps[1].decision: a decision needs 'next' to map each answer" in problem.message
    assert "next: {yes:" in problem.hint


def test_mapping_next_without_decision(tmp_path: Path) -> None:
    text = edit(PROCESS_DOC, "    decision: Is it customer-facing?\n", "")
    problem = the_problem(tmp_path, PROCESS, text)
    assert problem.line == line_of(text, "next: {yes")
    assert "the step asks no 'decision'" in problem.message


def test_step_leading_to_itself(tmp_path: Path) -> None:
    text = edit(PROCESS_DOC, "next: [end]", "next: [fix]")
    problem = the_problem(tmp_path, PROCESS, text)
    assert "the step 'fix' leads to itself" in problem.message


def test_next_written_as_one_id_is_one_problem(tmp_path: Path) -> None:
    # A single id means the same as a list of one, and a wrong one is one problem.
    valid = with_file(tmp_path / "valid", PROCESS, edit(PROCESS_DOC, "next: [end]", "next: end"))
    assert valid.problems == []
    text = edit(PROCESS_DOC, "next: [end]", "next: ned")
    problem = the_problem(tmp_path / "wrong", PROCESS, text)
    assert problem.line == line_of(text, "next: ned")
    assert "'ned'" in problem.message


def test_a_process_that_can_never_end(tmp_path: Path) -> None:
    text = edit(PROCESS_DOC, "next: [end]", "next: [announce]")
    problem = the_problem(tmp_path, PROCESS, text)
    # Nothing reaches 'end' any more: the first step is already stuck in the loop.
    assert problem.message.startswith("steps[1]: the process can never end once it reaches")
    assert "'triage'" in problem.message
    assert "'end'" in problem.hint


def test_the_quote_hint_keeps_the_number_as_written(tmp_path: Path) -> None:
    problem = the_problem(
        tmp_path, TEAM, edit(TEAM_DOC, "title: Product Operations", "title: 2.10")
    )
    assert problem.message == "title: expected text, got the number 2.10"
    assert problem.hint == 'put it in quotes: "2.10"'


@pytest.mark.parametrize("written", ["vi_VN", "Vietnamese", "v"])
def test_a_language_that_is_no_bcp47_tag_is_explained(tmp_path: Path, written: str) -> None:
    text = TEAM_DOC + f"lang: {written}\n"
    problem = the_problem(tmp_path, TEAM, text)
    assert (problem.line, problem.column) == (line_of(text, "lang:"), 7)
    assert problem.message == f"lang: '{written}' is not a BCP 47 language tag"
    assert "like vi, en or pt-BR" in problem.hint
    assert "got" not in problem.message
