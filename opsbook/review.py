"""Which documents are due for review, shared by the site and `opsbook review`."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass

from opsbook.kinds import Deadline, kind_of
from opsbook.knowledge_base import Entry, KnowledgeBase

__all__ = [
    "ReviewStatus",
    "due_deadlines",
    "due_reviews",
    "parse_day",
    "review_status",
    "today",
]

TODAY_VARIABLE = "OPSBOOK_TODAY"


def parse_day(text: str) -> dt.date:
    """A YYYY-MM-DD date; ValueError with a sentence to show for anything else."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is None:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        message = f"'{text}' is not a date; write it as YYYY-MM-DD, like 2026-11-24"
        raise ValueError(message) from None


def today(configured: str | dt.date | None = None) -> dt.date:
    """The date reviews are judged against.

    A configured date (the plugin's `today` option, `--today`, or the environment
    variable OPSBOOK_TODAY) makes builds reproducible; otherwise it is the real date.
    Raises ValueError for a value that is not a date.
    """
    value = configured if configured is not None else os.environ.get(TODAY_VARIABLE) or None
    if value is None:
        return dt.date.today()
    return value if isinstance(value, dt.date) else parse_day(str(value))


@dataclass(frozen=True, slots=True)
class ReviewStatus:
    """How a document stands against its review schedule on a given day."""

    entry: Entry
    last_reviewed: dt.date
    due: dt.date
    days_overdue: int
    """Positive when overdue, zero on the due day, negative while there is time."""

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def review_status(entry: Entry, on: dt.date) -> ReviewStatus | None:
    """None for documents without a review schedule."""
    review = entry.model.review
    if review is None:
        return None
    return ReviewStatus(entry, review.last_reviewed, review.due, review.overdue_days(on))


def due_reviews(kb: KnowledgeBase, on: dt.date, within_days: int = 0) -> list[ReviewStatus]:
    """Documents overdue on `on`, or due within `within_days` of it; most urgent first."""
    found = []
    for entry in kb.entries.values():
        status = review_status(entry, on)
        if status is not None and (
            status.overdue or (within_days > 0 and status.days_overdue >= -within_days)
        ):
            found.append(status)
    return sorted(found, key=lambda s: (-s.days_overdue, s.entry.title.casefold(), s.entry.id))


def due_deadlines(kb: KnowledgeBase, on: dt.date, within_days: int = 0) -> list[Deadline]:
    """Decisions besides reviews (a tool's contract, say) that are due on `on` or within
    `within_days` of it, as each document's kind sees them; most urgent first."""
    found = [
        deadline
        for entry in kb.entries.values()
        for deadline in kind_of(entry.kind).deadlines(entry, on, within_days)
    ]
    return sorted(found, key=lambda d: (-d.days_overdue, d.entry.title.casefold(), d.entry.id))
