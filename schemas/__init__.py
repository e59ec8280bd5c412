"""The content model: one pydantic model per kind of document (`schemas/<kind>.py`) on a
shared base (`base.py`), with the field types every kind uses (`fields.py`).

Which kinds exist is the registry's business (`opsbook.kinds`); `schemas/json/` holds
the JSON Schemas generated from the models for editors.
"""

from __future__ import annotations

from opsbook.schemas.base import Document, FieldIssue, Reference, Review

__all__ = ["Document", "FieldIssue", "Reference", "Review"]
