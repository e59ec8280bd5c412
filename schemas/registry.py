"""The kinds of content document, and how to pick a model from `kind`."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, TypeAdapter

from opsbook.schemas.base import Document
from opsbook.schemas.feature_guide import FeatureGuide
from opsbook.schemas.onboarding_path import OnboardingPath
from opsbook.schemas.process import Process
from opsbook.schemas.runbook import Runbook
from opsbook.schemas.team import Team

__all__ = ["KINDS", "MODELS", "AnyDocument", "any_document_adapter"]

MODELS: dict[str, type[Document]] = {
    model.KIND: model for model in (Runbook, Process, FeatureGuide, OnboardingPath, Team)
}
KINDS: tuple[str, ...] = tuple(MODELS)

AnyDocument = Annotated[
    Runbook | Process | FeatureGuide | OnboardingPath | Team, Field(discriminator="kind")
]
"""Any content document, discriminated on `kind` (used for the combined JSON Schema)."""


def any_document_adapter() -> TypeAdapter[AnyDocument]:
    return TypeAdapter(AnyDocument)
