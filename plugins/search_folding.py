"""Find "Khôi phục" by typing "khoi phuc".

People often type Vietnamese (and French, Portuguese, ...) without its marks,
and the theme's search matches words exactly. After the search index is
written, each page whose title has letters with marks gets the title again
without them, in a hidden element, so both spellings find the page.
"""

from __future__ import annotations

import html
import json
import unicodedata
from pathlib import Path

__all__ = ["fold", "fold_search_index"]

_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss"})


def fold(text: str) -> str:
    """The text without diacritics: `Lộ trình` -> `Lo trinh`."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold_search_index(index_file: Path) -> int:
    """Add the folded titles to a Material/MkDocs `search_index.json`; returns pages changed."""
    try:
        index = json.loads(index_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    docs = index.get("docs") if isinstance(index, dict) else None
    if not isinstance(docs, list):
        return 0
    changed = 0
    for doc in docs:
        if not isinstance(doc, dict) or "#" in str(doc.get("location", "")):
            continue
        title = html.unescape(str(doc.get("title", "")))
        folded = fold(title)
        if folded != title and title.isascii() is False:
            text = str(doc.get("text", ""))
            doc["text"] = f"{text} <span hidden>{html.escape(folded)}</span>"
            changed += 1
    if changed:
        index_file.write_text(
            json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
    return changed
