"""The field reference page, written from the models' JSON Schemas at build time
so that it always says what validation enforces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment

from opsbook.kinds import MODELS
from opsbook.rendering.labels import Labels
from opsbook.rendering.page import assemble_page
from opsbook.schemas.fields import DURATION_PATTERN, HANDLE_PATTERN, HTTPS_PATTERN, SLUG_PATTERN
from opsbook.schemas.process import ROLE_PATTERN

__all__ = ["FieldRow", "SchemaTable", "render_field_reference", "schema_tables"]

_PATTERNS = {
    SLUG_PATTERN: "id (lowercase-words-with-hyphens)",
    DURATION_PATTERN: "duration (30m, 4h, 2d, 1w)",
    HTTPS_PATTERN: "https:// link",
    HANDLE_PATTERN: "code-host handle (@org/team) or email",
    ROLE_PATTERN: "role key",
}


@dataclass(frozen=True, slots=True)
class FieldRow:
    name: str
    type: str
    required: bool
    description: str


@dataclass
class SchemaTable:
    title: str
    description: str
    rows: list[FieldRow] = field(default_factory=list)


def _describe(schema: dict[str, Any]) -> str:
    """A field's type in words an editor understands."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        options = [_describe(option) for option in schema["anyOf"] if option.get("type") != "null"]
        return " or ".join(options)
    if "const" in schema:
        return f"`{schema['const']}`"
    if "enum" in schema:
        return "one of " + ", ".join(f"`{value}`" for value in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        text = f"list of {_describe(schema.get('items', {}))}"
        if schema.get("minItems"):
            text += f" (at least {schema['minItems']})"
        return text
    if kind == "object":
        values = schema.get("additionalProperties")
        if isinstance(values, dict):
            return f"mapping of text to {_describe(values)}"
        patterned = schema.get("patternProperties")
        if isinstance(patterned, dict) and patterned:
            key_pattern, value = next(iter(patterned.items()))
            return f"mapping of {_PATTERNS.get(key_pattern, 'key')} to {_describe(value)}"
        return "mapping"
    if kind == "string":
        if schema.get("format") == "date":
            return "date (YYYY-MM-DD)"
        if schema.get("contentMediaType") == "text/markdown":
            return "Markdown text"
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            return _PATTERNS.get(pattern, f"text matching `{pattern}`")
        return "text"
    if kind == "integer":
        if "exclusiveMinimum" in schema:
            return f"whole number > {schema['exclusiveMinimum']}"
        if "minimum" in schema:
            return f"whole number ≥ {schema['minimum']}"
        return "whole number"
    if kind == "boolean":
        return "true or false"
    return str(kind or "value")


def _table(title: str, schema: dict[str, Any]) -> SchemaTable:
    table = SchemaTable(title, str(schema.get("description", "")))
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        table.rows.append(
            FieldRow(name, _describe(prop), name in required, str(prop.get("description", "")))
        )
    return table


def schema_tables() -> list[tuple[str, list[SchemaTable]]]:
    """For each kind, its own table followed by the tables of its parts (steps, modules, ...)."""
    kinds = []
    for kind, model in MODELS.items():
        schema = model.model_json_schema()
        tables = [_table(kind, schema)]
        for name, part in sorted(schema.get("$defs", {}).items()):
            tables.append(_table(name, part))
        kinds.append((kind, tables))
    return kinds


def render_field_reference(env: Environment, labels: Labels) -> str:
    rendered = env.get_template("opsbook/field-reference.html").render(
        t=labels, kinds=schema_tables()
    )
    return assemble_page(rendered, meta={"title": labels.field_reference})
