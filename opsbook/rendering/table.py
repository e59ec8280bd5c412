"""Tables of documents, as catalog pages show them: cells that sort and filter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from opsbook.rendering.formats import iso_date
from opsbook.rendering.links import DocLink

__all__ = ["Cell", "Table", "date_cell", "number_cell", "text_cell"]


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    sort: str = ""
    """What the column sorts by when it differs from the text (dates, numbers)."""
    link: DocLink | None = None


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[list[Cell], str]] = field(default_factory=list)
    """Cells, and the owner's title (for the owner filter)."""


def text_cell(text: str, link: DocLink | None = None) -> Cell:
    """Text that sorts without regard to case."""
    return Cell(text, text.casefold(), link)


def date_cell(value: dt.date | None) -> Cell:
    return Cell(iso_date(value), iso_date(value))


def number_cell(value: float, text: str | None = None) -> Cell:
    """A number that sorts by value: whole numbers and fractions each in a fixed width (a
    column holds one or the other)."""
    key = f"{value:010d}" if isinstance(value, int) else f"{value:015.4f}"
    return Cell(text if text is not None else f"{value:g}", key)
