"""Reading files from the knowledge base: bytes to text, text to YAML data with
the position of every key and value."""

from __future__ import annotations

from opsbook.loading.positions import Key, Positions
from opsbook.loading.reader import RawDocument, SourceFile, read_source

__all__ = ["Key", "Positions", "RawDocument", "SourceFile", "read_source"]
