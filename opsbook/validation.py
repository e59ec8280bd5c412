"""A raw document to a validated model, or to problems an editor can act on.

pydantic's errors are turned into plain sentences and pointed at the line of
the value concerned: a missing field at its parent, an unknown field at its
key, a wrong value at the value itself.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from opsbook.kinds import KINDS, MODELS
from opsbook.loading.positions import Key
from opsbook.loading.reader import RawDocument
from opsbook.loading.yaml_reader import InvalidDate
from opsbook.problems import Problem
from opsbook.schemas import Document
from opsbook.schemas.fields import (
    DURATION_PATTERN,
    HANDLE_PATTERN,
    HTTPS_PATTERN,
    SLUG_PATTERN,
)
from opsbook.schemas.process import ROLE_PATTERN
from opsbook.suggestions import did_you_mean, slugify

__all__ = ["describe_path", "problem_at", "validate_document"]


def validate_document(raw: RawDocument) -> tuple[Document | None, list[Problem]]:
    """The model for `raw`, or None and the problems that prevent it."""
    kind = raw.data.get("kind")
    model = MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        return None, [_unknown_kind(raw, kind)]
    try:
        document = model.model_validate(raw.data)
    except ValidationError as error:
        return None, _dedupe(list(_from_pydantic(raw, model, error)))
    problems = [
        problem_at(raw, issue.path, issue.message, issue.hint, issue.code)
        for issue in document.consistency()
    ]
    return (None if problems else document), problems


def problem_at(
    raw: RawDocument,
    path: tuple[Key, ...],
    message: str,
    hint: str = "",
    code: str = "invalid",
    *,
    at_key: bool = False,
) -> Problem:
    """A problem at the value (or key) found at `path` in `raw`."""
    line, column = raw.positions.key(path) if at_key else raw.positions.value(path)
    where = describe_path(path)
    text = f"{where}: {message}" if where else message
    return Problem(raw.path, line, column, text, hint, code)


def describe_path(path: tuple[Key, ...]) -> str:
    """`steps[2].title` style, counting list items from 1 as editors do."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _unknown_kind(raw: RawDocument, kind: Any) -> Problem:
    kinds = ", ".join(KINDS)
    if not isinstance(kind, str):
        return problem_at(
            raw, ("kind",), f"kind must be one of {kinds}", "write the kind as plain text", "kind"
        )
    return problem_at(
        raw,
        ("kind",),
        f"unknown kind '{kind}'",
        did_you_mean(kind, KINDS)
        or f"the kinds are {kinds}; if this file is not an opsbook document, leave it out "
        "of the site with exclude_docs in mkdocs.yml",
        "kind",
    )


def _dedupe(problems: list[Problem]) -> list[Problem]:
    """One problem per value: a value that fits no branch of a choice (a list or a
    mapping, say) is one mistake, not one per branch. Missing fields all point at
    their parent, so each of those is kept."""
    seen: set[tuple[int, int, str]] = set()
    unique = []
    for problem in problems:
        key = (problem.line, problem.column, problem.message if problem.code == "missing" else "")
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique


def _from_pydantic(
    raw: RawDocument, model: type[Document], error: ValidationError
) -> Iterator[Problem]:
    for detail in error.errors(include_url=False):
        path, is_key = _data_path(raw.data, detail["loc"])
        kind = detail["type"]
        if kind == "missing":
            yield _missing(raw, model, path)
        elif kind == "extra_forbidden":
            yield _unknown_field(raw, model, path)
        elif kind == "invalid_key" or (is_key and kind in {"string_type", "str_type"}):
            key = path[-1] if path else detail.get("input")
            where = describe_path(path[:-1])
            yield Problem(
                raw.path,
                *raw.positions.key(path),
                f"{where + ': ' if where else ''}'{key}' cannot be used as a name here: "
                "names must be text",
                f'put it in quotes: "{key}"',
                "invalid-key",
            )
        else:
            message, hint = _explain(detail, path, raw.positions.written.get(path))
            yield problem_at(raw, path, message, hint, kind, at_key=is_key)


def _data_path(data: Any, loc: tuple[int | str, ...]) -> tuple[tuple[Key, ...], bool]:
    """The path into the document data that a pydantic `loc` refers to.

    pydantic adds steps of its own (union members such as `list[str]`, the
    `[key]` marker of a bad mapping key); those are skipped by following the
    data itself. The flag says the error is about a mapping key.
    """
    path: list[Key] = []
    current = data
    is_key = False
    for part in loc:
        if part == "[key]":
            is_key = True
            continue
        if isinstance(current, dict):
            found = _find_key(current, part)
            if found is not _MISSING:
                path.append(found)
                current = current[found]
                continue
            if isinstance(part, str) and not _looks_internal(part):
                path.append(part)  # a missing or unknown key: point at its parent
                current = None
            continue
        if isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
    return tuple(path), is_key


_MISSING = object()


def _find_key(mapping: dict[Any, Any], part: int | str) -> Any:
    if part in mapping:
        return part
    for key in mapping:  # pydantic reports non-text keys as text in `loc`
        if str(key) == str(part):
            return key
    return _MISSING


def _looks_internal(part: str) -> bool:
    return "[" in part or part.startswith(("function-", "list", "dict", "json-or-python"))


def _missing(raw: RawDocument, model: type[Document], path: tuple[Key, ...]) -> Problem:
    name = str(path[-1]) if path else "?"
    parent = path[:-1]
    field = _field_info(model, path)
    description = ""
    if field is not None and field.description:
        description = f": {_lower_first(field.description).rstrip('.')}"
    where = describe_path(parent)
    line, column = raw.positions.value(parent)
    prefix = f"{where}: " if where else ""
    return Problem(
        raw.path,
        line,
        column,
        f"{prefix}missing the required field '{name}'",
        f"add '{name}:'{description}",
        "missing",
    )


def _unknown_field(raw: RawDocument, model: type[Document], path: tuple[Key, ...]) -> Problem:
    name = str(path[-1]) if path else "?"
    allowed = _allowed_fields(model, path[:-1])
    hint = did_you_mean(name, allowed, "allowed fields here", limit=20) or (
        "remove it; allowed fields here: " + ", ".join(sorted(allowed))
    )
    line, column = raw.positions.key(path)
    where = describe_path(path[:-1])
    prefix = f"{where}: " if where else ""
    return Problem(raw.path, line, column, f"{prefix}unknown field '{name}'", hint, "unknown-field")


_PATTERN_MESSAGES = {
    SLUG_PATTERN: (
        "'{value}' is not a valid id",
        "use lowercase letters, digits and single hyphens{suggestion}",
    ),
    DURATION_PATTERN: (
        "'{value}' is not a duration",
        "write a number and a unit: 30m, 4h, 2d or 1w",
    ),
    HTTPS_PATTERN: (
        "'{value}' is not an https:// link",
        "links must be absolute and start with https://",
    ),
    HANDLE_PATTERN: (
        "'{value}' is not a code-host handle",
        "write it like @user or @org/team (or an email address)",
    ),
    ROLE_PATTERN: (
        "'{value}' is not a valid role key",
        "use letters, digits, '-' and '_', like support-lead",
    ),
}


def _explain(detail: Any, path: tuple[Key, ...], written: str | None) -> tuple[str, str]:
    """A sentence and a hint for one pydantic error."""
    kind: str = detail["type"]
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    shown = _show(value)
    if isinstance(value, InvalidDate):
        return (
            f"'{value.text}' is not a real date: {value.reason}",
            "write a date as YYYY-MM-DD with a month from 01 to 12 and a day that exists in "
            "that month; put it in quotes if it is meant as text",
        )
    if kind in {"string_type", "str_type"}:
        return _not_text(value, written)
    if kind == "string_too_short" or kind == "blank_text":
        return "must not be empty", "write some text, or remove the field"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        message, hint = _PATTERN_MESSAGES.get(
            pattern, ("'{value}' does not have the expected form", f"it must match {pattern}")
        )
        suggestion = slugify(value) if isinstance(value, str) else ""
        suggestion_text = f", like '{suggestion}'" if suggestion and suggestion != value else ""
        return message.format(value=value), hint.format(suggestion=suggestion_text)
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        if isinstance(value, bool) or value is None:
            return f"expected a whole number, got {shown}", "write a number such as 30"
        if isinstance(value, float):
            return f"expected a whole number, got {shown}", "round it to a whole number"
        return f"expected a whole number, got {shown}", "write the number without quotes"
    if kind in {"float_type", "float_parsing"}:
        hint = "write the number without quotes" if isinstance(value, str) else ""
        return f"expected a number, got {shown}", hint or "write a number such as 55 or 12.5"
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        limit = next(ctx[key] for key in ("gt", "ge", "lt", "le") if key in ctx)
        relation = {
            "greater_than": "greater than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        return f"must be {relation} {limit}, got {shown}", f"use a number {relation} {limit}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"expected true or false, got {shown}", "write true or false (lowercase, no quotes)"
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        same_but_case = [c for c in choices if isinstance(value, str) and c == value.lower()]
        hint = f"write it as '{same_but_case[0]}'" if same_but_case else ""
        return (
            f"{shown} is not one of {', '.join(choices)}",
            hint or f"use one of {', '.join(choices)}",
        )
    if kind == "list_type":
        return f"expected a list, got {shown}", "write each item on its own line starting with '- '"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"expected a mapping of fields, got {shown}", "write 'name: value' lines, indented"
    if kind == "too_short":
        return "needs at least one entry", "add an item starting with '- '"
    if kind.startswith(("date_", "datetime_")) or kind == "date_type":
        return f"{shown} is not a valid date", "write the date as YYYY-MM-DD, like 2026-10-01"
    if kind == "union_tag_invalid" or kind == "union_tag_not_found":
        return f"unexpected value {shown}", "check the field against the authoring guide"
    return f"{detail.get('msg', 'invalid value')} (got {shown})", ""


def _not_text(value: Any, written: str | None = None) -> tuple[str, str]:
    if value is None:
        return "is empty", "write some text after the colon, or remove the field"
    if isinstance(value, bool):
        return (
            f"expected text, got the true/false value {str(value).lower()}",
            f'put it in quotes: "{str(value).lower()}"',
        )
    if isinstance(value, int | float):
        text = written or str(value)
        return f"expected text, got the number {text}", f'put it in quotes: "{text}"'
    if isinstance(value, dt.date):
        return (
            f"expected text, got the date {value.isoformat()}",
            f'put it in quotes: "{value.isoformat()}"',
        )
    if isinstance(value, list):
        return "expected text, got a list", "write a single line of text"
    if isinstance(value, dict):
        return (
            "expected text, got a mapping",
            "if the text contains ': ', put the whole text in quotes",
        )
    return f"expected text, got {_show(value)}", ""


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        short = value if len(value) <= 60 else value[:57] + "..."
        return f"'{short}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


# --- walking the models, for hints ---------------------------------------------


def _model_at(model: type[BaseModel], path: tuple[Key, ...]) -> type[BaseModel] | None:
    """The model whose fields apply at `path` (list indexes are stepped over)."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _allowed_fields(model: type[BaseModel], path: tuple[Key, ...]) -> list[str]:
    found = _model_at(model, path)
    return list(found.model_fields) if found is not None else []


def _field_info(model: type[BaseModel], path: tuple[Key, ...]) -> Any:
    if not path:
        return None
    parent = _model_at(model, path[:-1])
    return parent.model_fields.get(str(path[-1])) if parent is not None else None
