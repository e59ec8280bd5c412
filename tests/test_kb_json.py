"""The whole knowledge base as JSON: `kb.json` in the built site (both builders) and
`opsbook export-json`, valid against schemas/json/kb.schema.json, every URL a built page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import jsonschema  # type: ignore[import-untyped]
import pytest
from site_factory import SITE_KB, TODAY, build_with, mkdocs_yml, write_site

from opsbook import __version__

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schemas" / "json" / "kb.schema.json").read_text(encoding="utf-8"))
TRICKY = 'Hoàn tiền & đổi trả: "nhanh" #1\nline two'


def documents() -> dict[str, str]:
    team = SITE_KB["teams/payments-eng.yaml"].replace(
        "title: Payments Engineering", f"title: {json.dumps(TRICKY)}"
    )
    return {**SITE_KB, "teams/payments-eng.yaml": team}


def check(data: dict[str, object], site: Path | None) -> None:
    jsonschema.validate(data, SCHEMA)
    assert data["opsbook_version"] == __version__
    docs = data["documents"]
    assert isinstance(docs, list)
    by_id = {doc["id"]: doc for doc in docs}
    assert len(by_id) == 9
    eng = by_id["payments-eng"]
    assert eng["title"] == TRICKY  # exactly, whatever the characters
    runbook = by_id["payment-webhook-failures"]
    assert runbook["kind"] == "runbook"
    assert runbook["owner"] == "payments-ops"
    assert runbook["source"] == "runbooks/payment-webhook-failures.md"
    assert runbook["review"]["due"] == "2026-12-30"
    assert runbook["review"]["state"] == "current"
    assert {"field": "related", "id": "incident-review"} in runbook["references"]
    assert "smart-routing" in runbook["backlinks"]
    assert runbook["last_change"]["author"] == "Lan Nguyen"
    assert len(runbook["last_change"]["commit"]) == 40
    assert by_id["stale-dashboards"]["review"]["state"] == "overdue"
    if site is not None:
        for doc in docs:
            page = site / unquote(doc["url"]) / "index.html"
            assert page.is_file(), doc["url"]
            assert doc["absolute_url"] == f"https://kb.example.com/{doc['url']}"


@pytest.mark.parametrize("builder", ["plugin", "zensical"])
def test_built_sites_serve_kb_json(tmp_path: Path, builder: str) -> None:
    config = write_site(
        tmp_path / "kb",
        documents(),
        config=mkdocs_yml(extra="site_url: https://kb.example.com/\n"),
    )
    site = build_with(builder, config)
    check(json.loads((site / "kb.json").read_text(encoding="utf-8")), site)


def test_export_json_writes_the_same_without_building(tmp_path: Path) -> None:
    config = write_site(
        tmp_path / "kb",
        documents(),
        config=mkdocs_yml(extra="site_url: https://kb.example.com/\n"),
    )
    out = tmp_path / "out" / "kb.json"
    done = subprocess.run(
        [sys.executable, "-m", "opsbook.cli.main", "export-json", "--output", str(out)],
        cwd=config.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "OPSBOOK_TODAY": TODAY.isoformat()},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    check(json.loads(out.read_text(encoding="utf-8")), None)


def test_export_json_refuses_an_invalid_knowledge_base(tmp_path: Path) -> None:
    files = documents()
    files["teams/payments-ops.yaml"] += "nonsense: true\n"
    config = write_site(tmp_path / "kb", files, git=False)
    done = subprocess.run(
        [sys.executable, "-m", "opsbook.cli.main", "export-json"],
        cwd=config.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "nonsense" in done.stdout
    assert "Traceback" not in done.stderr
