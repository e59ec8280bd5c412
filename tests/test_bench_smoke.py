"""`scripts/bench --quick` runs end to end and writes complete results (speed is not tested)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "scripts" / "benchmarks" / "run.py"
RATIO_KEYS = (
    "validate_vs_bare",
    "build_vs_plain",
    "build_vs_plain_git",
    "rebuild_vs_plain_rebuild",
    "preview_vs_plain_preview",
)
COMMANDS = (
    "validate/opsbook",
    "validate/bare",
    "build/opsbook",
    "build/plain",
    "build/plain-git",
    "serve/opsbook",
    "serve/plain",
    "preview/opsbook",
    "preview/plain",
)


@pytest.mark.slow
def test_quick_benchmark_writes_every_ratio(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--output", str(tmp_path / "out"),
         "--workdir", str(tmp_path / "work")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    written = sorted((tmp_path / "out").glob("results-*.json"))
    assert len(written) == 1
    data = json.loads(written[0].read_text(encoding="utf-8"))
    assert (tmp_path / "out" / written[0].with_suffix(".md").name).is_file()

    assert len(data["sizes"]) == 2
    for size in data["sizes"]:
        for command in COMMANDS:
            found = size["commands"][command]
            assert found["median_seconds"] > 0
            assert found["median_max_rss_mib"] > 0
        for key in RATIO_KEYS:
            ratio = size["ratios"][key]
            assert ratio["median"] > 0
            assert ratio["memory_ratio"] > 0
            assert all(value > 0 for value in ratio["per_pair"])
        serve = size["commands"]["serve/opsbook"]
        assert serve["median_first_build_seconds"] > 0
        assert serve["median_rebuild_seconds"] > 0
    for label, ratios in data["ratios"].items():
        assert set(RATIO_KEYS) <= set(ratios), label
        assert all(value > 0 for value in ratios.values())

    for command in COMMANDS:
        scaling = data["scaling"][command]
        assert isinstance(scaling["overall"], float)
        assert [step["against"] for step in scaling["between_sizes"]] == ["documents"]
    nav = data["nav"]
    for side in ("opsbook", "plain"):
        assert set(nav["vs_full"][side]) == {"prune", "catalog"}
        assert all(value > 0 for value in nav["vs_full"][side].values())
    for nav_name in ("full", "prune", "catalog"):
        assert nav["opsbook_vs_plain"][nav_name] > 0
    judged = {target["target"].split()[0] for target in data["targets"]}
    assert judged >= set(RATIO_KEYS) - {"preview_vs_plain_preview"} | {"preview/opsbook"}
    # history is one git log however many documents: the git processes of a build (log,
    # status, cat-file) do not grow with the size, and a serve rebuild runs no git log
    counts = [size["commands"]["serve/opsbook"]["median_git_calls_first"] for size in data["sizes"]]
    assert counts[0] == counts[1] >= 1
    markdown = written[0].with_suffix(".md").read_text(encoding="utf-8")
    assert (
        f"| {data['sizes'][1]['documents']} | {data['sizes'][1]['commits']} | {counts[1]:.0f} |"
        in markdown
    )
    assert written[0].with_suffix(".svg").read_text(encoding="utf-8").startswith("<svg")
    # nothing is left in the work folder without --keep
    assert not (tmp_path / "work").exists() or not any((tmp_path / "work").iterdir())

    # --report shows the saved run again and writes the same tables
    written[0].with_suffix(".md").unlink()
    again = subprocess.run(
        [sys.executable, str(RUN), "--report", str(written[0])],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert again.returncode == 0, again.stdout + again.stderr
    assert written[0].with_suffix(".md").read_text(encoding="utf-8") == markdown
    assert "git processes" in again.stdout
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, str(RUN), "--report", str(broken)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert refused.returncode == 2
    assert "cannot read" in refused.stderr
    assert "Traceback" not in refused.stderr
