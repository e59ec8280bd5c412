"""Which documents are due for review, shared by the site and `opsbook review`."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from opsbook.knowledge_base import Entry, KnowledgeBase

__all__ = ["ReviewStatus", "due_reviews", "review_status", "today"]

TODAY_VARIABLE = "OPSBOOK_TODAY"


def today(configured: str | dt.date | None = None) -> dt.date:
    """The date reviews are judged against.

    A configured date (plugin option or `OPSBOOK_TODAY=YYYY-MM-DD`) makes builds
    reproducible; otherwise it is the real date.
    """
    value = configured or os.environ.get(TODAY_VARIABLE)
    if isinstance(value, dt.date):
        return value
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return dt.date.today()


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
