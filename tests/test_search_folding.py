"""Titles with diacritics are also indexed without them."""

from __future__ import annotations

import json
from pathlib import Path

from opsbook.plugins.search_folding import fold, fold_search_index


def test_fold_removes_marks_and_vietnamese_d() -> None:
    assert fold("Khôi phục đồng bộ phản hồi") == "Khoi phuc dong bo phan hoi"
    assert fold("Đà Lạt, São Paulo, Łódź") == "Da Lat, Sao Paulo, Lodz"


def test_entries_with_marked_words_get_them_without_marks(tmp_path: Path) -> None:
    index = tmp_path / "search_index.json"
    docs = [
        {"location": "a/", "title": "Lộ trình &amp; bước", "text": "<p>x</p>"},
        {"location": "a/#steps", "title": "Các bước", "text": "y"},
        {"location": "b/", "title": "Plain title", "text": "z"},
        {"location": "b/#who", "title": "Who", "text": "<p>Ask Nguyễn or Nguyễn Thị</p>"},
    ]
    index.write_text(json.dumps({"config": {}, "docs": docs}), encoding="utf-8")
    assert fold_search_index(index) == 3
    written = json.loads(index.read_text(encoding="utf-8"))["docs"]
    # a page: its whole title without marks; a section: each marked word once, heading first
    assert written[0]["text"] == "<p>x</p> <span hidden>Lo trinh &amp; buoc</span>"
    assert written[1]["text"] == "y <span hidden>Cac buoc</span>"
    assert written[2]["text"] == "z"
    assert written[3]["text"] == "<p>Ask Nguyễn or Nguyễn Thị</p> <span hidden>Nguyen Thi</span>"


def test_a_missing_or_odd_index_is_left_alone(tmp_path: Path) -> None:
    assert fold_search_index(tmp_path / "missing.json") == 0
    odd = tmp_path / "odd.json"
    odd.write_text("[1, 2]", encoding="utf-8")
    assert fold_search_index(odd) == 0
    assert odd.read_text(encoding="utf-8") == "[1, 2]"
