"""The kinds of document opsbook knows: the one list of them.

Everything opsbook knows about a kind lives with that kind (see base.py): its model in
`schemas/`, and in `opsbook/kinds/<kind>.py` its folder and format, catalog columns and
row, page context, skeleton and benchmark sample, with its words beside it in
`<kind>.<language>.yml` and its page template in `opsbook/rendering/templates/opsbook/`.
The order here is reading order: navigation, catalogs and changelog tabs follow it.
Adding a kind is a new model, module, labels and template, and one line below.
"""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from opsbook.kinds.base import Deadline, Kind, SampleText
from opsbook.kinds.experiment import ExperimentKind
from opsbook.kinds.feature_guide import FeatureGuideKind
from opsbook.kinds.onboarding_path import OnboardingPathKind
from opsbook.kinds.process import ProcessKind
from opsbook.kinds.runbook import RunbookKind
from opsbook.kinds.team import TeamKind
from opsbook.kinds.tool import ToolKind
from opsbook.schemas.base import Document

__all__ = [
    "KINDS",
    "MODELS",
    "REGISTRY",
    "Deadline",
    "Kind",
    "SampleText",
    "any_document_adapter",
    "kind_of",
]

REGISTRY: tuple[Kind, ...] = (
    RunbookKind(),
    ProcessKind(),
    FeatureGuideKind(),
    OnboardingPathKind(),
    TeamKind(),
    ToolKind(),
    ExperimentKind(),
)

KINDS: tuple[str, ...] = tuple(kind.name for kind in REGISTRY)
MODELS: dict[str, type[Document]] = {kind.name: kind.model for kind in REGISTRY}
_BY_NAME = {kind.name: kind for kind in REGISTRY}


def kind_of(name: str) -> Kind:
    """The kind whose `kind` value is `name` (KeyError for others)."""
    return _BY_NAME[name]


def any_document_adapter() -> TypeAdapter[Any]:
    """Any document, its model picked by `kind`: for the combined JSON Schema."""
    models = tuple(MODELS.values())
    union: Any = Union[models]  # noqa: UP007 - the models are only known at run time
    return TypeAdapter(Annotated[union, Field(discriminator="kind")])
