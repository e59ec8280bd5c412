"""Dates and durations as pages show them."""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["iso_date", "minutes_text"]


def minutes_text(minutes: int, labels: Any) -> str:
    """`45 min`, `4 h`, `4 h 45 min`, in the labels' language."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return str(labels.minutes).format(minutes=rest)
    if not rest:
        return str(labels.hours).format(hours=hours)
    return str(labels.hours_minutes).format(hours=hours, minutes=rest)


def iso_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
