"""Rebuilds reuse what an unchanged file gave, and notice every edit."""

from __future__ import annotations

import os
from pathlib import Path

from opsbook.knowledge_base import LoadCache, load_knowledge_base

TEAM = "kind: team\nid: ops\ntitle: Ops\nsummary: Runs things.\nmembers: [{name: An, role: lead}]\n"
GUIDE = (
    "---\nkind: feature-guide\nid: refunds\ntitle: Refunds\nsummary: s\nowner: ops\n"
    "status: beta\naudience: [support]\n---\nBody\n"
)


def _write(docs: Path) -> None:
    (docs / "teams").mkdir(parents=True)
    (docs / "teams" / "ops.yaml").write_text(TEAM, encoding="utf-8")
    (docs / "refunds.md").write_text(GUIDE, encoding="utf-8")


def test_unchanged_files_are_reused_and_edits_are_read(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    _write(docs)
    cache = LoadCache()
    first = load_knowledge_base(docs, cache=cache)
    assert first.problems == []
    second = load_knowledge_base(docs, cache=cache)
    assert second.sources["teams/ops.yaml"] is first.sources["teams/ops.yaml"]
    assert second.entries["ops"].model is first.entries["ops"].model

    guide = docs / "refunds.md"
    guide.write_text(GUIDE.replace("status: beta", "status: ga"), encoding="utf-8")
    stat = guide.stat()
    os.utime(guide, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    third = load_knowledge_base(docs, cache=cache)
    assert third.sources["teams/ops.yaml"] is first.sources["teams/ops.yaml"]
    assert third.sources["refunds.md"] is not first.sources["refunds.md"]
    problems = [p.message for p in third.problems]
    assert problems == ["status: a feature with status 'ga' needs a 'released' date"]


def test_references_are_checked_again_even_when_files_are_cached(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    _write(docs)
    cache = LoadCache()
    assert load_knowledge_base(docs, cache=cache).problems == []
    (docs / "teams" / "ops.yaml").unlink()
    again = load_knowledge_base(docs, cache=cache)
    assert [p.code for p in again.problems] == ["broken-reference"]
    assert docs / "teams" / "ops.yaml" not in cache.files
