"""Keep the HTML that templates write out of Markdown's way.

Page templates write mostly HTML (escaped plain text in structured blocks)
and a little Markdown (section headings, and the fields the content model
calls Markdown). Python-Markdown would parse every HTML block again, which
costs more than the rest of a page. So each HTML block is swapped for a
placeholder comment before MkDocs converts the page and put back afterwards;
Markdown only sees headings, Markdown fields and the placeholders.

A template marks Markdown inside HTML with the `markdown` filter (or
`code_fence`), which wraps it in markers; the HTML around it closes and
reopens around the Markdown, so a step's `details` render in place.

A template marks HTML that search should not index with the `unsearched`
filter: page history, backlinks with other documents' summaries, the
flowchart's source, the review banner. Those blocks keep their placeholder
until the search plugin has indexed the page (`restore_unsearched`), so they
neither crowd search results nor cost the indexer a parse.
"""

from __future__ import annotations

import re
import secrets

__all__ = [
    "MARKDOWN_CLOSE",
    "MARKDOWN_OPEN",
    "UNSEARCHED_CLOSE",
    "UNSEARCHED_OPEN",
    "as_text_markers",
    "protect_html",
    "restore_html",
    "restore_unsearched",
    "without_markers",
]

MARKDOWN_OPEN = "\x02opsbook-markdown\x03"
MARKDOWN_CLOSE = "\x02/opsbook-markdown\x03"
UNSEARCHED_OPEN = "\x02opsbook-unsearched\x03"
UNSEARCHED_CLOSE = "\x02/opsbook-unsearched\x03"
# Placeholders carry a per-process nonce, so a comment a page's author wrote that looks like
# one is left alone instead of pulling in (or asking for a missing) block.
_NONCE = secrets.token_hex(4)
_PLACEHOLDER = f"<!--opsbook-block-{_NONCE}:{{}}-->"
_LATE_PLACEHOLDER = f"<!--opsbook-late-{_NONCE}:{{}}-->"
_BLOCK_COMMENTS = re.compile(rf"<!--opsbook-block-{_NONCE}:(\d+)-->")
_PLACEHOLDERS = re.compile(rf"<!--opsbook-block-{_NONCE}:(\d+)-->|opsbook{_NONCE}block(\d+)x")
_LATE_MARKERS = re.compile(rf"opsbook{_NONCE}late(\d+)x")
_LATE_PLACEHOLDERS = re.compile(rf"<!--opsbook-late-{_NONCE}:(\d+)-->")
_MARKER_CHARACTERS = str.maketrans("", "", "\x02\x03")
_UNSEARCHED = re.compile(f"{re.escape(UNSEARCHED_OPEN)}(.*?){re.escape(UNSEARCHED_CLOSE)}", re.S)
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
_MARKDOWN_ATTRIBUTE = re.compile(
    r"(<[a-zA-Z][^<>]*?)\s+markdown(?:=\"[^\"]*\"|='[^']*')?(?=[\s/>])"
)
_PRE_OPEN = re.compile(r"<pre[\s>]")


def protect_html(text: str, chunks: list[str]) -> str:
    """`text` with its HTML blocks replaced by placeholders; the blocks go into `chunks`.

    Front matter and Markdown segments are kept as they are (without their markers).
    """
    if UNSEARCHED_OPEN in text:
        text = _UNSEARCHED.sub(lambda match: _stash_late(match.group(1), chunks), text)
    parts = re.split(f"{re.escape(MARKDOWN_OPEN)}|{re.escape(MARKDOWN_CLOSE)}", text)
    out: list[str] = []
    for index, part in enumerate(parts):
        if index % 2:  # inside markers: Markdown
            out.append(part.strip("\n"))
        else:
            out.append(_protect_part(part, chunks, front_matter=index == 0))
    return "\n\n".join(piece for piece in out if piece.strip()) + "\n"


def _protect_part(text: str, chunks: list[str], *, front_matter: bool) -> str:
    head = ""
    if front_matter and text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            head, text = text[: end + 5], text[end + 5 :]
    pieces: list[str] = [head] if head else []
    html: list[str] = []
    for paragraph in _PARAGRAPHS.split(text):
        if html and _open_pre(html):
            html.append(paragraph)  # a blank line inside <pre> belongs to it
        elif paragraph.lstrip().startswith("<"):
            html.append(paragraph)
        else:
            if html:
                pieces.append(_stash("\n\n".join(html), chunks))
                html = []
            if paragraph.strip():
                pieces.append(paragraph)
    if html:
        pieces.append(_stash("\n\n".join(html), chunks))
    return "\n\n".join(pieces)


def _open_pre(html: list[str]) -> bool:
    joined = "\n".join(html)
    return len(_PRE_OPEN.findall(joined)) > joined.count("</pre>")


def _stash(html: str, chunks: list[str]) -> str:
    chunks.append(_MARKDOWN_ATTRIBUTE.sub(r"\1", html.strip()))
    return _PLACEHOLDER.format(len(chunks) - 1)


def _stash_late(html: str, chunks: list[str]) -> str:
    """An unsearched block, on its own between paragraphs. Markdown inside it (which only
    MkDocs could render) keeps it an ordinary part of the page."""
    if MARKDOWN_OPEN in html:
        return html
    chunks.append(html.strip())
    return "\n\n" + _LATE_PLACEHOLDER.format(len(chunks) - 1) + "\n\n"


def without_markers(text: str) -> str:
    """Text from a document, unable to open or close a marked segment: the characters the
    markers are made of are dropped (they have no business in a document anyway)."""
    return text.translate(_MARKER_CHARACTERS) if "\x02" in text or "\x03" in text else text


def as_text_markers(html: str) -> str:
    """Placeholders as plain words, which survive a sanitizer that drops comments."""
    html = _BLOCK_COMMENTS.sub(rf"opsbook{_NONCE}block\1x", html)
    return _LATE_PLACEHOLDERS.sub(rf"opsbook{_NONCE}late\1x", html)


def restore_html(html: str, chunks: list[str]) -> str:
    """Put the HTML blocks back where their placeholders (or text markers) ended up;
    unsearched blocks keep (or get back) their placeholder for `restore_unsearched`."""
    html = _PLACEHOLDERS.sub(lambda match: chunks[int(match.group(1) or match.group(2))], html)
    return _LATE_MARKERS.sub(lambda match: _LATE_PLACEHOLDER.format(match.group(1)), html)


def restore_unsearched(html: str, chunks: list[str]) -> str:
    """Put back the blocks search was not to see (after it indexed the page)."""
    return _LATE_PLACEHOLDERS.sub(lambda match: chunks[int(match.group(1))], html)
