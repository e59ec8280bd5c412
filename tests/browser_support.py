"""A real browser on a built site: a local HTTP server and headless Chromium (Debian's, at
/usr/bin/chromium) driven with Playwright.

The `browser` and `tab` fixtures (registered in conftest.py) give each test a fresh
context; a tab fails its test if any page it visited logged a JavaScript error, threw,
or requested something that failed or came from another host: sites must work offline.

Material and Zensical draw some parts (Mermaid diagrams, Zensical's search dialog)
into *closed* shadow roots, which no test can look into. An init script opens them;
that changes nothing else.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, Object.assign({}, init, { mode: "open" }));
  };
})();
"""

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="needs Debian's chromium at /usr/bin"),
]


@dataclass
class Served:
    base: str
    site: Path

    def url(self, path: str) -> str:
        return self.base + path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep request lines out of the test output."""


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[Served]:
    """`site_dir` over HTTP on a free local port, for as long as the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(f"http://127.0.0.1:{server.server_address[1]}/", site_dir)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def launch() -> Iterator[Any]:
    """One headless Chromium, closed when the generator is."""
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    try:
        chromium = manager.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        manager.stop()


@dataclass
class Tab:
    """A page in a fresh context, with everything that went wrong on it."""

    page: Any
    served: Served
    problems: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(self.served.url(path))

    def assert_no_problems(self) -> None:
        assert self.problems == [], "\n".join(self.problems)


def open_tab(browser: Any, served: Served) -> Iterator[Tab]:
    """A tab that records every console error, page error, failed or outside request."""
    context = browser.new_context()
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    current = Tab(page, served)

    def console(message: Any) -> None:
        if message.type == "error":
            current.problems.append(f"console error on {page.url}: {message.text}")

    def request(request: Any) -> None:
        if not request.url.startswith((served.base, "data:", "blob:")):
            current.problems.append(f"request outside the site from {page.url}: {request.url}")

    def response(response: Any) -> None:
        if response.status >= 400:
            current.problems.append(f"HTTP {response.status} for {response.url}")

    def failed(request: Any) -> None:
        # ERR_ABORTED is the browser dropping a request because the test moved on to the
        # next page (the favicon, typically); a file that is missing is a 404 response.
        if request.failure != "net::ERR_ABORTED":
            current.problems.append(f"request failed: {request.url} ({request.failure})")

    page.on("console", console)
    page.on("pageerror", lambda error: current.problems.append(f"page error: {error}"))
    page.on("request", request)
    page.on("requestfailed", failed)
    page.on("response", response)
    try:
        yield current
        current.assert_no_problems()
    finally:
        context.close()


def every_page(site: Path) -> list[str]:
    """The URL of every page of a built site, relative to its root."""
    paths = sorted(path.parent.relative_to(site).as_posix() for path in site.rglob("index.html"))
    return ["" if path == "." else f"{path}/" for path in paths]
