"""HTML blocks kept out of Markdown, and the ones kept out of search until it has indexed."""

from __future__ import annotations

import markdown

from opsbook.plugins.html_policy import sanitize_html
from opsbook.plugins.rendering.blocks import (
    MARKDOWN_CLOSE,
    MARKDOWN_OPEN,
    UNSEARCHED_CLOSE,
    UNSEARCHED_OPEN,
    as_text_markers,
    protect_html,
    restore_html,
    restore_unsearched,
)

PAGE = (
    "## Steps\n\n<p class='now'>Shown and searched</p>\n\n"
    f"{UNSEARCHED_OPEN}<div class='late'>History\n\n<b>row</b></div>{UNSEARCHED_CLOSE}\n\n"
    f"{MARKDOWN_OPEN}\nSome **Markdown**\n{MARKDOWN_CLOSE}\n"
)


def _convert(text: str) -> str:
    return markdown.markdown(text, extensions=["md_in_html"])


def test_unsearched_blocks_come_back_only_after_search() -> None:
    chunks: list[str] = []
    html = _convert(protect_html(PAGE, chunks))
    for searched in (
        restore_html(html, chunks),
        restore_html(sanitize_html(as_text_markers(html)), chunks),  # the sanitizer's path
    ):
        assert "Shown and searched" in searched
        assert "<strong>Markdown</strong>" in searched
        assert "History" not in searched  # what the search plugin sees
        shown = restore_unsearched(searched, chunks)
        assert "<div class='late'>History\n\n<b>row</b></div>" in shown
        assert "opsbook" not in shown.replace("opsbook-", "")


def test_markdown_inside_an_unsearched_block_keeps_it_an_ordinary_part() -> None:
    chunks: list[str] = []
    text = f"{UNSEARCHED_OPEN}<div>{MARKDOWN_OPEN}\n*x*\n{MARKDOWN_CLOSE}</div>{UNSEARCHED_CLOSE}"
    searched = restore_html(_convert(protect_html(text, chunks)), chunks)
    assert "<em>x</em>" in searched
    assert restore_unsearched(searched, chunks) == searched
