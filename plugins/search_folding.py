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
_WORD = re.compile(r"\w+")


def folded_words(text: str) -> str:
    """The words of `text` that have marks, without them, each once: `Nguyễn Minh Anh` ->
    `Nguyen`."""
    seen: dict[str, str] = {}
    for word in _WORD.findall(text):
        folded = fold(word)
        if folded != word:
            seen.setdefault(folded.casefold(), folded)
    return " ".join(seen.values())


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
        extra = folded_words(html.unescape(_TAG.sub(" ", text)))
        title = html.unescape(str(doc.get("title", "")))
        if "#" not in str(doc.get("location", "")):  # a page: its title, as written
            if fold(title) != title:
                extra = f"{fold(title)} {extra}".strip()
        else:  # a section: the words of its heading too
            extra = folded_words(f"{title} {html.unescape(_TAG.sub(' ', text))}")
        if extra:
            doc["text"] = f"{text} <span hidden>{html.escape(extra)}</span>"
            changed += 1
    if changed:
        index_file.write_text(
            json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
    return changed
