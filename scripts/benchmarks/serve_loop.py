"""What `mkdocs serve` does for one edit, in one process, timed (a child of the benchmark).

    python scripts/benchmarks/serve_loop.py mkdocs.yml docs/runbooks/x.md [--dirty]

Follows mkdocs/commands/serve.py (MkDocs 1.6): load the config into a temporary site
folder, `plugins.on_startup(command="serve", dirty=...)` once, set `site_url` to the serve
URL and build; then, like the live-reload loop on a change, load the config again (plugins
that have `on_startup` are kept, the others are made anew), set `site_url` and build again;
finally `on_shutdown`. With `--dirty` (`mkdocs serve --dirty`) both builds are dirty ones,
so the second makes again only what MkDocs and the plugins find modified. Between the builds
one line is appended to the given document; the file is put back as it was at the end. No
server is started and no socket opened, so `on_serve` is not called (none of the measured
plugins implements it).

Prints one JSON object: first_build_seconds, rebuild_seconds and, when opsbook ran in this
process, the git processes it started (git_calls_first, git_calls_rebuild).
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import _serve_url

EDIT = "\nEdited while `mkdocs serve` runs: one more line.\n"


def _git_calls() -> float:
    runner = sys.modules.get("opsbook.history.runner")
    calls = getattr(runner, "GIT_CALLS", None)
    return float(sum(calls.values())) if calls is not None else 0.0


def main(config_file: str, edited: str, *, dirty: bool = False) -> dict[str, float]:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    site_dir = tempfile.mkdtemp(prefix="mkdocs_")

    def get_config() -> MkDocsConfig:
        return load_config(config_file=config_file, site_dir=site_dir)

    path = Path(edited)
    original = path.read_bytes()
    config = get_config()
    config.plugins.on_startup(command="serve", dirty=dirty)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.site_url = serve_url = _serve_url(host, port, mount_path)
    try:
        started = time.perf_counter()
        build(config, serve_url=serve_url, dirty=dirty)
        first = time.perf_counter() - started
        calls_first = _git_calls()
        with path.open("a", encoding="utf-8") as handle:
            handle.write(EDIT)
        started = time.perf_counter()
        again = get_config()
        again.site_url = serve_url
        build(again, serve_url=serve_url, dirty=dirty)
        rebuild = time.perf_counter() - started
        calls_rebuild = _git_calls() - calls_first
    finally:
        config.plugins.on_shutdown()
        path.write_bytes(original)
        shutil.rmtree(site_dir, ignore_errors=True)
    return {
        "first_build_seconds": first,
        "rebuild_seconds": rebuild,
        "git_calls_first": calls_first,
        "git_calls_rebuild": calls_rebuild,
    }


if __name__ == "__main__":
    arguments = [argument for argument in sys.argv[1:] if argument != "--dirty"]
    if len(arguments) != 2:
        sys.exit("usage: serve_loop.py MKDOCS_YML EDITED_FILE [--dirty]")
    print(json.dumps(main(*arguments, dirty="--dirty" in sys.argv[1:])))
