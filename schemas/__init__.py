"""The content model: one pydantic model per kind of document on a shared base.

`MODELS` maps each `kind` to its model; `schemas/json/` holds the JSON Schemas
generated from them for editors.
"""

from __future__ import annotations

from opsbook.schemas.base import Document, FieldIssue, Reference, Review
from opsbook.schemas.feature_guide import FeatureGuide
from opsbook.schemas.onboarding_path import Module, OnboardingPath
from opsbook.schemas.process import END, Process, ProcessStep
from opsbook.schemas.registry import KINDS, MODELS, AnyDocument
from opsbook.schemas.runbook import Runbook, RunbookStep
from opsbook.schemas.team import Team

__all__ = [
    "END",
    "KINDS",
    "MODELS",
    "AnyDocument",
    "Document",
    "FeatureGuide",
    "FieldIssue",
    "Module",
    "OnboardingPath",
    "Process",
    "ProcessStep",
    "Reference",
    "Review",
    "Runbook",
    "RunbookStep",
    "Team",
]
