"""Find "Khôi phục" by typing "khoi phuc", and "Nguyễn" by typing "Nguyen".

People often type Vietnamese (and French, Portuguese, ...) without its marks,
and the theme's search matches words exactly. After the search index is
written, every entry (a page, or a section of one) whose text has words with
marks gets those words again without them, once each, in a hidden element at
the end of its text, and a page whose title has marks gets its title so: both
spellings find it, wherever on the page the word is, and the result shows the
text as it was written. A section's heading counts among its words.
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from pathlib import Path

__all__ = ["fold", "fold_search_index", "folded_words"]

_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss"})


def fold(text: str) -> str:
    """The text without diacritics: `Lộ trình` -> `Lo trinh`."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_TAG = re.compile(r"<[^>]*>")
# A word with a letter outside ASCII: the only words folding can change.
_MARKED_WORD = re.compile(r"\w*[^\W\x00-\x7f]\w*")


@functools.lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    return fold(word)


def folded_words(text: str) -> str:
    """The words of `text` that have marks, without them, each once: `Nguyễn Minh Anh` ->
    `Nguyen`. Every page's text passes here, so ASCII text costs one check and each word
    is folded once per build."""
    if text.isascii():
        return ""
    seen: dict[str, str] = {}
    for word in _MARKED_WORD.findall(text):
        folded = _fold_word(word)
        if folded != word:
            seen.setdefault(folded.casefold(), folded)
    return " ".join(seen.values())


@functools.lru_cache(maxsize=1 << 15)
def _hidden_words(page: bool, title: str, text: str) -> str:
    """What an index entry gets without marks: a page its whole title and the marked words
    of its text; a section the marked words of its heading and text. Kept for the next
    build: `mkdocs serve` writes the index again after every edit, mostly the same."""
    title = html.unescape(title)
    words = html.unescape(_TAG.sub(" ", text))
    if not page:
        return folded_words(f"{title} {words}")
    extra = folded_words(words)
    return f"{fold(title)} {extra}".strip() if fold(title) != title else extra


def fold_search_index(index_file: Path) -> int:
    """Add the folded words to a Material/MkDocs `search_index.json`; returns entries changed."""
    try:
        index = json.loads(index_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    docs = index.get("docs") if isinstance(index, dict) else None
    if not isinstance(docs, list):
        return 0
    changed = 0
    for doc in docs:
        if not isinstance(doc, dict):
            continue
        text = str(doc.get("text", ""))
        page = "#" not in str(doc.get("location", ""))
        extra = _hidden_words(page, str(doc.get("title", "")), text)
        if extra:
            doc["text"] = f"{text} <span hidden>{html.escape(extra)}</span>"
            changed += 1
    if changed:
        index_file.write_text(
            json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
    return changed
