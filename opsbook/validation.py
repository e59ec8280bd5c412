"""A raw document to a validated model, or to problems an editor can act on.

pydantic's errors are turned into plain sentences and pointed at the line of
the value concerned: a missing field at its parent, an unknown field at its
key, a wrong value at the value itself.

A document that does not validate still has its other checks run, so that one run
reports every independent problem: the values that validate are kept, each one that
does not is replaced by an unknown value, and the model's `consistency()` and
`references()` run on that partial document (see `_Partial`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from opsbook.kinds import KINDS, MODELS
from opsbook.loading.positions import Key
from opsbook.loading.reader import RawDocument
from opsbook.loading.yaml_reader import InvalidDate
from opsbook.problems import Problem
from opsbook.schemas import Document, FieldIssue, Reference
from opsbook.schemas.fields import (
    DURATION_PATTERN,
    HANDLE_PATTERN,
    HTTPS_PATTERN,
    SLUG_PATTERN,
)
from opsbook.schemas.process import ROLE_PATTERN
from opsbook.suggestions import did_you_mean, slugify

__all__ = ["Validated", "describe_path", "problem_at", "validate_document"]


class Validated(NamedTuple):
    """What validating one document gives."""

    model: Document | None
    """The model, or None when the document has problems."""
    problems: list[Problem]
    references: tuple[Reference, ...] = ()
    """For a document with problems, the references that can still be checked (its
    valid values'); the model's own `references()` otherwise."""


def validate_document(raw: RawDocument) -> Validated:
    """The model for `raw`, or None, the problems that prevent it and the references
    of what did validate (for the knowledge base to resolve)."""
    kind = raw.data.get("kind")
    model = MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        return Validated(None, [_unknown_kind(raw, kind)])
    try:
        document = model.model_validate(raw.data)
    except ValidationError as error:
        problems = _dedupe(list(_from_pydantic(raw, model, error)))
        issues, references = _Partial(model, raw.data).checks()
        problems += [_issue_problem(raw, issue) for issue in issues]
        return Validated(None, problems, references)
    problems = [_issue_problem(raw, issue) for issue in document.consistency()]
    if not problems:
        return Validated(document, problems)
    return Validated(None, problems, tuple(document.references()))


def _issue_problem(raw: RawDocument, issue: FieldIssue) -> Problem:
    return problem_at(raw, issue.path, issue.message, issue.hint, issue.code)


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
    for detail in _without_union_noise(error.errors(include_url=False)):
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


_SHAPE_ERRORS = frozenset(
    {"list_type", "dict_type", "model_type", "model_attributes_type", "string_type", "str_type"}
)


def _without_union_noise(details: list[Any]) -> list[Any]:
    """pydantic's errors without those that only say a value has not the shape of one
    choice of a union when another choice's errors go inside the value: `next: [x]` is a
    list with a bad id in it, not also "expected a mapping"."""
    inside: set[tuple[Any, ...]] = set()
    for detail in details:
        loc = detail["loc"]
        at = _union_choice(loc)
        if at is not None and len(loc) > at + 1:
            inside.add(tuple(loc[:at]))
    if not inside:
        return details
    kept = []
    for detail in details:
        loc = detail["loc"]
        at = _union_choice(loc)
        if (
            at is not None
            and len(loc) == at + 1
            and detail["type"] in _SHAPE_ERRORS
            and tuple(loc[:at]) in inside
        ):
            continue
        kept.append(detail)
    return kept


def _union_choice(loc: tuple[int | str, ...]) -> int | None:
    """Where in `loc` pydantic names the choice of a union (`list[...]`, `dict[...]`)."""
    for index, part in enumerate(loc):
        if isinstance(part, str) and part != "[key]" and _looks_internal(part):
            return index
    return None


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
    if kind == "language_tag":
        return (
            f"{shown} is not a BCP 47 language tag",
            "write the language's two or three letters, optionally a hyphen and a region, "
            "like vi, en or pt-BR",
        )
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


# --- what survives of an invalid document ----------------------------------------


@dataclass
class _Switch:
    """How the unknown values of one partial document behave for now."""

    everything: bool = False


_UNKNOWN_TEXT = f"\x00unknown value {os.urandom(8).hex()}\x00"
"""What an unknown value reads as: a text made anew by each run, which no document
holds, so a message or hint that shows it depends on the value and is dropped."""


class _Unknown(str):
    """A value that did not validate (or is missing), standing in for it.

    A check that reads it must not report anything that depends on it, so the checks
    run twice: once with unknown values that are *nothing* (equal to nothing, false,
    empty) and once with values that are *everything* (equal to anything, true,
    containing everything, yet empty when walked). A problem found both ways does not
    depend on them. Attributes and items of an unknown value (a step that is not a
    mapping, a `raci` that is text) are unknown too.
    """

    _switch: _Switch

    def __new__(cls, switch: _Switch) -> _Unknown:
        value = super().__new__(cls, _UNKNOWN_TEXT)
        value._switch = switch
        return value

    def __eq__(self, other: object) -> bool:
        return self is other or self._switch.everything

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = str.__hash__

    def __lt__(self, other: object) -> bool:
        return False

    __le__ = __gt__ = __ge__ = __lt__

    def __bool__(self) -> bool:
        return self._switch.everything

    def __len__(self) -> int:
        return 0

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __contains__(self, item: object) -> bool:
        return self._switch.everything

    def __getitem__(self, key: Any) -> Any:
        return self

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def get(self, key: Any, default: Any = None) -> Any:
        return self

    def keys(self) -> tuple[()]:
        return ()

    values = items = keys


class _PartialDict(dict[Any, Any]):
    """A mapping with an unknown key: when unknown values are everything, it holds any key."""

    def __init__(self, items: dict[Any, Any], switch: _Switch) -> None:
        super().__init__(items)
        self._switch = switch

    def __contains__(self, key: object) -> bool:
        return super().__contains__(key) or self._switch.everything


_STRICT = ConfigDict(strict=True)
_ADAPTERS: dict[int, tuple[Any, TypeAdapter[Any]]] = {}


def _adapter(annotation: Any) -> TypeAdapter[Any]:
    """A validator for one list item or mapping entry (models validate themselves)."""
    found = _ADAPTERS.get(id(annotation))
    if found is None or found[0] is not annotation:
        found = (annotation, TypeAdapter(annotation, config=_STRICT))
        _ADAPTERS[id(annotation)] = found
    return found[1]


def _model_class(annotation: Any) -> type[BaseModel] | None:
    return (
        annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    )


def _choices(annotation: Any) -> list[Any]:
    """The types a value of `annotation` may have: `Annotated` and `None` taken off."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _choices(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [
            choice
            for arg in typing.get_args(annotation)
            if arg is not type(None)
            for choice in _choices(arg)
        ]
    return [annotation]


def _fits(annotation: Any, value: Any) -> bool:
    """Whether `value` has the shape of `annotation`: a mapping for a model, and so on."""
    if _model_class(annotation) is not None:
        return isinstance(value, dict)
    origin = typing.get_origin(annotation)
    if origin is list:
        return isinstance(value, list)
    if origin is dict:
        return isinstance(value, dict)
    return False


class _Partial:
    """What validates of an invalid document, as an instance of its model.

    Built top-down: a field that validates is kept as pydantic makes it; a model,
    list or mapping that does not is rebuilt from its parts the same way; anything
    else that does not (a bad date, a malformed id, a missing required field) becomes
    an `_Unknown` and its path is remembered. Unknown fields are left out. A list or
    mapping whose parts are all fine but that is wrong as a whole (empty where an entry
    is required) is unknown as a whole. Only invalid documents are built this way.
    """

    def __init__(self, model: type[Document], data: dict[str, Any]) -> None:
        self.switch = _Switch()
        self.unknown_paths: list[tuple[Key, ...]] = []
        self.repairs = 0
        """Unknown values made and unknown fields left out so far."""
        self.document = self._model(model, data, ())

    def checks(self) -> tuple[list[FieldIssue], tuple[Reference, ...]]:
        """The model's rules and references that do not depend on an unknown value."""
        runs: list[list[FieldIssue]] = []
        references: dict[tuple[Key, ...], Reference] = {}
        for everything in (False, True):
            self.switch.everything = everything
            runs.append([i for i in _safely(self.document.consistency()) if self._sound(i)])
            for reference in _safely(self.document.references()):
                if not isinstance(reference.target, _Unknown) and self._known(reference.path):
                    references.setdefault(reference.path, reference)
        self.switch.everything = False
        both = {(issue.path, issue.message, issue.hint, issue.code) for issue in runs[1]}
        issues = [i for i in runs[0] if (i.path, i.message, i.hint, i.code) in both]
        return issues, tuple(references.values())

    def _sound(self, issue: FieldIssue) -> bool:
        return (
            _UNKNOWN_TEXT not in issue.message
            and _UNKNOWN_TEXT not in issue.hint
            and self._known(issue.path)
        )

    def _known(self, path: tuple[Key, ...]) -> bool:
        """Whether `path` names nothing unknown: no unknown key in it, not inside an
        unknown value."""
        if any(isinstance(part, _Unknown) for part in path):
            return False
        return not any(path[: len(unknown)] == unknown for unknown in self.unknown_paths)

    def _unknown(self, path: tuple[Key, ...]) -> _Unknown:
        self.unknown_paths.append(path)
        self.repairs += 1
        return _Unknown(self.switch)

    def _model(self, model: type[BaseModel], data: dict[Any, Any], path: tuple[Key, ...]) -> Any:
        instance = model.model_construct()
        validator = model.__pydantic_validator__
        self.repairs += sum(1 for key in data if key not in model.model_fields)
        for name, field in model.model_fields.items():
            if name not in data:
                if field.is_required():
                    instance.__dict__[name] = self._unknown((*path, name))
                continue
            try:
                validator.validate_assignment(instance, name, data[name])
            except ValidationError:
                instance.__dict__[name] = self._value(field.annotation, data[name], (*path, name))
        return instance

    def _value(self, annotation: Any, value: Any, path: tuple[Key, ...]) -> Any:
        """`value`, which does not validate as `annotation`, rebuilt from its parts."""
        shape = next((choice for choice in _choices(annotation) if _fits(choice, value)), None)
        model = _model_class(shape)
        if model is not None:
            return self._model(model, value, path)
        before = self.repairs
        rebuilt: Any
        if typing.get_origin(shape) is list:
            (item,) = typing.get_args(shape)
            rebuilt = [self._part(item, part, (*path, i)) for i, part in enumerate(value)]
        elif typing.get_origin(shape) is dict:
            key_type, value_type = typing.get_args(shape)
            entries: dict[Any, Any] = {}
            odd_key = False
            for key, part in value.items():
                try:
                    good_key = _adapter(key_type).validate_python(key)
                except ValidationError:
                    good_key, odd_key = self._unknown((*path, key)), True
                entries[good_key] = self._part(value_type, part, (*path, key))
            rebuilt = _PartialDict(entries, self.switch) if odd_key else entries
        else:
            return self._unknown(path)
        if self.repairs == before:
            return self._unknown(path)  # every part is fine: the whole is what is wrong
        return rebuilt

    def _part(self, annotation: Any, value: Any, path: tuple[Key, ...]) -> Any:
        """One list item or mapping entry."""
        model = _model_class(annotation)
        try:
            if model is not None:
                return model.model_validate(value)
            return _adapter(annotation).validate_python(value)
        except ValidationError:
            return self._value(annotation, value, path)


def _safely(found: Iterator[Any]) -> list[Any]:
    """What a check yields before an unknown value trips it up."""
    kept = []
    try:
        for item in found:
            kept.append(item)
    except Exception:  # noqa: S110 - a check that cannot run on a partial document
        pass
    return kept
