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
from opsbook.plugins.rendering.environment import make_environment

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


def test_the_unsearched_filter_escapes_plain_text_and_joins_nested_blocks() -> None:
    env = make_environment()
    printed = env.from_string("{{ value | unsearched }}").render(value="<img src=x onerror=1>")
    assert "&lt;img" in printed
    assert "<img" not in printed
    nested = env.from_string(
        "{% filter unsearched %}<p>a</p>{% filter unsearched %}<b>{{ v }}</b>{% endfilter %}"
        "{% endfilter %}"
    ).render(v="x")
    assert nested.count(UNSEARCHED_OPEN) == 1
    assert nested.count(UNSEARCHED_CLOSE) == 1
    chunks: list[str] = []
    shown = restore_unsearched(restore_html(_convert(protect_html(nested, chunks)), chunks), chunks)
    assert shown == "<p>a</p><b>x</b>"


def test_plain_text_cannot_write_the_markers() -> None:
    """Only the filters that make Markup write markers; a value carrying their characters
    (a YAML escape can) prints without them."""
    env = make_environment()
    hostile = f"{UNSEARCHED_OPEN}<i>x</i>{UNSEARCHED_CLOSE}{MARKDOWN_OPEN}*y*{MARKDOWN_CLOSE}"
    for source in ("{{ v }}", "{{ v | markdown }}", "{{ v | code_fence }}", "{{ v | md_escape }}"):
        printed = env.from_string(source).render(v=hostile)
        body = printed.replace(MARKDOWN_OPEN, "").replace(MARKDOWN_CLOSE, "")
        assert "\x02" not in body, source
        assert "\x03" not in body, source
