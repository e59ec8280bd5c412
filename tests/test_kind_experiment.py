"""The `experiment` kind: validation of every bad input the issue names, the page, the feature
guide's list of experiments, the catalog by status and the learnings page, in both builders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from kb_factory import VALID_KB, edit, line_of, load_kb, write_kb
from site_factory import SITE_KB, build_with, page, parse_html, render_site, write_site

from opsbook.rendering.site import Site

DECIDED = """\
kind: experiment
id: returns-label-in-email
title: Return label inside the confirmation email
summary: Does putting the return label in the email cut label tickets?
owner: product-ops
hypothesis: Customers who get the label in the email open fewer label tickets.
status: decided
feature: feature-launch
metrics: {primary: label tickets per 1000 returns, guardrails: [email unsubscribe rate]}
audience: 50% of merchants on the returns portal, split by merchant
start: 2026-08-01
end: 2026-09-12
decision: ship
result: Label tickets fell by **31%**; unsubscribes did not move.
learnings: [Merchants with their own branding saw the biggest drop]
links: [{title: Readout, url: "https://analytics.example.com/readout"}]
"""
RUNNING = """\
kind: experiment
id: eta-on-checkout
title: Delivery estimate at checkout
summary: Does a delivery date at checkout lift conversion?
owner: product-ops
hypothesis: Shoppers who see a date convert more often.
status: running
feature: feature-launch
metrics: {primary: checkout conversion}
start: 2026-11-10
"""


def problems(tmp_path: Path, text: str) -> list[str]:
    kb = load_kb(tmp_path, {**VALID_KB, "experiments/x.yaml": text})
    return [p.format(kb.docs_dir.parent) for p in kb.problems]


def test_examples_validate(tmp_path: Path) -> None:
    kb = load_kb(
        tmp_path, {**VALID_KB, "experiments/a.yaml": DECIDED, "experiments/b.yaml": RUNNING}
    )
    assert kb.problems == []


@pytest.mark.parametrize(
    ("text", "needle", "words"),
    [
        (edit(RUNNING, "start: 2026-11-10\n", ""), "status:", "needs a 'start' date"),
        (edit(DECIDED, "end: 2026-09-12\n", ""), "status:", "needs 'end'"),
        (edit(DECIDED, "decision: ship\n", ""), "status:", "needs 'decision'"),
        (
            edit(
                DECIDED, "result: Label tickets fell by **31%**; unsubscribes did not move.\n", ""
            ),
            "status:",
            "needs 'result'",
        ),
        (edit(DECIDED, "end: 2026-09-12", "end: 2026-07-01"), "end:", "is before 'start'"),
        (
            edit(RUNNING, "start: 2026-11-10", "start: 2026-11-10\ndecision: ship"),
            "decision:",
            "has no decision yet",
        ),
        (
            edit(RUNNING, "feature: feature-launch", "feature: product-ops"),
            "feature:",
            "must name a feature guide",
        ),
        (
            edit(
                DECIDED,
                "https://analytics.example.com/readout",
                "http://analytics.example.com/readout",
            ),
            "http://",
            "https",
        ),
        (edit(RUNNING, "status: running", "status: live"), "status:", "is not one of"),
        (edit(DECIDED, "decision: ship", "decision: launch"), "decision:", "is not one of"),
        (edit(DECIDED, "end: 2026-09-12", "end: 2026-09-31"), "end:", "not a real date"),
    ],
)
def test_bad_input_is_reported_at_its_line(
    tmp_path: Path, text: str, needle: str, words: str
) -> None:
    found = problems(tmp_path, text)
    assert len(found) == 1, found
    assert found[0].startswith(f"docs/experiments/x.yaml:{line_of(text, needle)}:"), found
    assert words in found[0]
    assert "(" in found[0], "a hint says how to fix it"


def test_decided_without_anything_names_each_missing_field(tmp_path: Path) -> None:
    text = edit(RUNNING, "status: running", "status: decided")
    found = problems(tmp_path, text)
    missing = {next(w for w in ("'end'", "'decision'", "'result'") if w in f) for f in found}
    assert len(found) == 3
    assert missing == {"'end'", "'decision'", "'result'"}


def test_validate_exits_1_without_a_traceback(tmp_path: Path) -> None:
    write_kb(tmp_path, {**VALID_KB, "experiments/x.yaml": edit(DECIDED, "end: 2026-09-12\n", "")})
    done = subprocess.run(
        [sys.executable, "-m", "opsbook.cli.main", "validate"],
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr


# --- pages -----------------------------------------------------------------------------------

GUIDE_ID = "smart-routing"


def site_of(tmp_path: Path) -> Site:
    docs = tmp_path / "docs"
    older = (
        DECIDED.replace("id: returns-label-in-email", "id: older")
        .replace("title: Return label", "title: Older label")
        .replace("end: 2026-09-12", "end: 2026-08-20")
        .replace("decision: ship", "decision: stop")
    )
    documents = {
        **SITE_KB,
        "experiments/decided.yaml": DECIDED.replace("feature-launch", GUIDE_ID),
        "experiments/older.yaml": older.replace("feature-launch", GUIDE_ID),
        "experiments/running.yaml": RUNNING.replace("feature-launch", GUIDE_ID),
    }
    return render_site(docs, documents)


def html_of(markdown: str) -> str:
    return "\n".join(
        line for line in markdown.splitlines() if not line.startswith(("<!--", "/opsbook"))
    )


def test_experiment_page_shows_what_was_decided(tmp_path: Path) -> None:
    text = site_of(tmp_path).document_page("experiments/decided.md")
    html = html_of(text)
    for shown in ("Decided", "Ship", "label tickets per 1000 returns", "2026-08-01", "2026-09-12"):
        assert shown in html, shown
    assert "Label tickets fell by **31%**" in text  # the result stays Markdown for the builder
    assert "Merchants with their own branding saw the biggest drop" in html


def test_feature_guide_lists_its_experiments_with_status_and_decision(tmp_path: Path) -> None:
    html = html_of(site_of(tmp_path).document_page("features/smart-routing.md"))
    root = parse_html(html)
    listed = {
        item.find("a").text: [badge.text for badge in item.find_all("span", cls="opsbook-badge")]
        for item in root.find("ul", cls="opsbook-experiments").find_all("li")
    }
    assert listed == {
        "Delivery estimate at checkout": ["Running"],
        "Older label inside the confirmation email": ["Decided", "Stop"],
        "Return label inside the confirmation email": ["Decided", "Ship"],
    }


def test_catalog_by_status_and_learnings_newest_first(tmp_path: Path) -> None:
    files = {item.src_uri: item.content for item in site_of(tmp_path).generated_files()}
    catalog = files["catalog/experiments.md"]
    assert catalog.index("## Running") < catalog.index("## Decided")
    learnings = files["catalog/learnings.md"]
    assert learnings.index("Return label") < learnings.index("Older label")
    assert "1 shipped, 0 iterated, 1 stopped" in learnings
    assert "<!-- opsbook:document -->" in learnings  # results are Markdown: sanitized


def test_new_experiment_skeleton_validates(tmp_path: Path) -> None:
    write_kb(tmp_path, VALID_KB)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for args in (["new", "experiment", "try-it", "--owner", "product-ops"], ["validate"]):
        done = subprocess.run(
            [sys.executable, "-m", "opsbook.cli.main", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "docs" / "experiments" / "try-it.yaml").is_file()


@pytest.mark.parametrize("builder", ["plugin", "zensical"])
def test_experiment_pages_render_in_both_builders(tmp_path: Path, builder: str) -> None:
    config = write_site(
        tmp_path / "kb",
        {**SITE_KB, "experiments/decided.yaml": DECIDED.replace("feature-launch", GUIDE_ID)},
    )
    site = build_with(builder, config)
    for url in (
        "experiments/decided/",
        "catalog/experiments/",
        "catalog/learnings/",
    ):
        assert (site / url / "index.html").is_file(), url
    assert "<strong>31%</strong>" in page(site, "experiments/decided/")
    assert "<strong>31%</strong>" in page(site, "catalog/learnings/")
