"""YAML text to plain Python data, with positions, under YAML 1.2 rules.

PyYAML's C parser builds the node tree (fast, and it keeps marks); the values
are constructed here rather than by PyYAML's constructor so that:

- only `true`/`false` are booleans (`yes`, `no`, `on`, `off` stay text),
- anchors and aliases are refused before anything is expanded (alias bombs),
- duplicate keys are errors instead of silently overwriting,
- an impossible date such as 2026-13-45 is an error with its position.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from opsbook.loading.positions import Location, Positions, Tables
from opsbook.loading.positions import Path as PathKey

try:  # the C loader is many times faster; pure Python is only a fallback
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

__all__ = ["InvalidDate", "YamlError", "parse_yaml", "reads_as_text"]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class YamlError(Exception):
    """A problem with the YAML itself, at a 1-based line and column."""

    def __init__(
        self, message: str, line: int, column: int, hint: str = "", *, policy: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
        self.policy = policy
        """True for valid YAML that opsbook refuses in documents (aliases, comment-eaten
        values, duplicate keys): other YAML files in the docs folder may use it."""


class InvalidDate:
    """An unquoted value shaped like a date that is not one (2026-13-45).

    Kept in the data rather than raised, so validation reports it where it is
    used, along with every other problem in the file.
    """

    __slots__ = ("reason", "text")

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason

    def __repr__(self) -> str:
        return f"InvalidDate({self.text!r})"


class _Yaml12Loader(_BaseLoader):
    """CSafeLoader with the YAML 1.2 core schema's implicit types (plus dates)."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        # Most scalars are plain text starting with a letter no implicit type starts
        # with: answer those at once instead of through the general lookup.
        if kind is yaml.ScalarNode and implicit[0]:
            if value and value[0] not in _FIRST:
                return _STR
            known = _RESOLVED.get(value)
            if known is None:
                known = str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
                if len(_RESOLVED) < 4096:  # keys and short words repeat; the rest need not
                    _RESOLVED[value] = known
            return known
        return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers are used: skip the bookkeeping for them."""

    def ascend_resolver(self) -> None:
        """No path resolvers are used: skip the bookkeeping for them."""


_Yaml12Loader.yaml_implicit_resolvers = {}
_Yaml12Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|false)$"), list("tf"))
_Yaml12Loader.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_Yaml12Loader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Yaml12Loader.add_implicit_resolver(
    _NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Yaml12Loader.add_implicit_resolver(
    _TIMESTAMP,
    re.compile(
        r"^(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
        r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?)$"
    ),
    list("0123456789"),
)

_RESOLVED: dict[str, str] = {}
"""Tags of plain scalars already resolved (mapping keys like `title` repeat everywhere)."""
_FIRST = frozenset(
    character for key in _Yaml12Loader.yaml_implicit_resolvers if key for character in key
)
"""First characters of the values an implicit type can match."""

_TIMESTAMP_PARTS = re.compile(
    r"^(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
    r"(?:\.(?P<fraction>[0-9]*))?"
    r"(?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9]{1,2})(?::(?P<tz_minute>[0-9]{2}))?))?)?$"
)


_NAME_STOPS = frozenset(" \t\r\n[]{},")
_NODE_STARTS = frozenset(":-?,[{\n\r")


def _maybe_anchor(text: str) -> bool:
    """An `&` or `*` where an anchor or alias can stand: at the start of a value, a list
    item, a flow item or a line, followed by a name. Markdown emphasis inside text
    (`**bold**`) does not count, so most documents skip the scan that confirms it."""
    for sign in "&*":
        at = text.find(sign)
        while at != -1:
            following = text[at + 1 : at + 2]
            if following and following not in _NAME_STOPS:
                before = at - 1
                while before >= 0 and text[before] in " \t":
                    before -= 1
                if before < 0 or text[before] in _NODE_STARTS:
                    return True
            at = text.find(sign, at + 1)
    return False


def reads_as_text(value: str) -> bool:
    """Whether `value`, written unquoted, reads back as text under these rules."""
    resolvers = _Yaml12Loader.yaml_implicit_resolvers
    for tag, pattern in resolvers.get(value[:1], []) + resolvers.get(None, []):
        if pattern.match(value):
            return bool(tag == _STR)
    return True


def parse_yaml(text: str, line_offset: int = 0) -> tuple[Any, Positions]:
    """Parse one YAML document; positions are shifted down by `line_offset` lines.

    Raises `YamlError` for anything that is not plain, single-document YAML.
    """
    if _maybe_anchor(text):
        _refuse_anchors(text, line_offset)
    try:
        node = yaml.compose(text, Loader=_Yaml12Loader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text, line_offset) from None
    except yaml.YAMLError as error:  # e.g. a reader error on a control character
        raise _reader_error(error, line_offset) from None
    if node is None:
        return None, Positions()
    data = _Builder(line_offset, text).build(node, 0)
    # Only the text is kept: holding thousands of node trees would make every garbage
    # collection walk them. The rare document with a problem is composed again.
    return data, Positions(lambda: _tables(text, line_offset + 1))


def _tables(text: str, offset: int) -> Tables:
    """Positions of every value and key, and how non-text values were written."""
    root = yaml.compose(text, Loader=_Yaml12Loader)
    values: dict[PathKey, Location] = {}
    keys: dict[PathKey, Location] = {}
    written: dict[PathKey, str] = {}

    def walk(node: yaml.Node, path: PathKey) -> None:
        mark = node.start_mark
        values[path] = (mark.line + offset, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.tag != _STR:
                written[path] = node.value
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index))
        else:
            for key_node, value_node in node.value:
                child = (*path, key_node.value)
                key_mark = key_node.start_mark
                keys[child] = (key_mark.line + offset, key_mark.column + 1)
                walk(value_node, child)

    if root is not None:
        walk(root, ())
    return values, keys, written


def _refuse_anchors(text: str, line_offset: int) -> None:
    """Refuse anchors and aliases, scanning events so nothing is expanded."""
    try:
        for event in yaml.parse(text, Loader=_Yaml12Loader):
            mark = event.start_mark
            line, column = (mark.line, mark.column) if mark is not None else (0, 0)
            if isinstance(event, yaml.AliasEvent):
                raise YamlError(
                    f"the YAML alias *{event.anchor} is not allowed",
                    line + 1 + line_offset,
                    column + 1,
                    "write the value out in full; anchors and aliases are refused so that a "
                    "small file cannot expand into a huge one",
                    policy=True,
                )
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise YamlError(
                    f"the YAML anchor &{anchor} is not allowed",
                    line + 1 + line_offset,
                    column + 1,
                    "remove the anchor and write repeated values out in full",
                    policy=True,
                )
    except yaml.YAMLError:
        return  # compose reports the syntax error with better context


MAX_DEPTH = 50
"""Documents nest a handful of levels; far deeper input is refused before recursion can fail."""


class _Builder:
    """Turns a node tree into dicts, lists and scalars; positions are made only if asked."""

    def __init__(self, line_offset: int, text: str) -> None:
        self.offset = line_offset + 1
        self.text = text
        self._lines: list[str] | None = None

    def check_not_a_comment(self, key: Any, key_node: yaml.Node, value_node: yaml.Node) -> None:
        """`chat: #product-ops` is an empty value and a comment to YAML; nobody means that."""
        if not (
            isinstance(value_node, yaml.ScalarNode)
            and value_node.tag == _NULL
            and value_node.value == ""
            and not value_node.style  # plain: '' from the C parser, None from PyYAML's
        ):
            return
        if self._lines is None:
            self._lines = self.text.splitlines()
        mark = key_node.end_mark
        line = self._lines[mark.line] if mark.line < len(self._lines) else ""
        rest = line[mark.column :].lstrip()
        if rest.startswith(":") and rest[1:].lstrip().startswith("#"):
            comment = rest[1:].strip()
            raise YamlError(
                f"the value of '{key}' is empty: YAML reads '{comment}' as a comment",
                mark.line + self.offset,
                line.index("#", mark.column) + 1,
                f'put the value in quotes, like {key}: "{comment}"',
                policy=True,
            )

    def build(self, node: yaml.Node, depth: int) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if depth >= MAX_DEPTH:
            mark = node.start_mark
            raise YamlError(
                f"the YAML is nested more than {MAX_DEPTH} levels deep",
                mark.line + self.offset,
                mark.column + 1,
                "documents need a few levels at most; check for runaway brackets",
            )
        depth += 1
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, _SEQ)
            return [self.build(item, depth) for item in node.value]
        self.check_tag(node, _MAP)
        result: dict[Any, Any] = {}
        first_keys: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self.mapping_key(key_node)
            if key in result:
                first = first_keys[key].start_mark
                mark = key_node.start_mark
                raise YamlError(
                    f"the key '{key}' appears twice in the same mapping "
                    f"(first on line {first.line + self.offset})",
                    mark.line + self.offset,
                    mark.column + 1,
                    "keep one of them; YAML would silently drop the first value",
                    policy=True,
                )
            first_keys[key] = key_node
            if value_node.tag == _NULL:
                self.check_not_a_comment(key, key_node, value_node)
            result[key] = self.build(value_node, depth)
        return result

    def mapping_key(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            mark = node.start_mark
            raise YamlError(
                "a mapping key must be a plain word, not a list or mapping",
                mark.line + self.offset,
                mark.column + 1,
                policy=True,
            )
        key = self.scalar(node)
        if not isinstance(key, str):
            mark = node.start_mark
            raise YamlError(
                f"'{node.value}' cannot be used as a name: YAML reads it as {_what(key)}, "
                "and names must be text",
                mark.line + self.offset,
                mark.column + 1,
                f'put it in quotes: "{node.value}"',
                policy=True,
            )
        return key

    def check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            mark = node.start_mark
            raise YamlError(
                f"the YAML tag {node.tag} is not allowed",
                mark.line + self.offset,
                mark.column + 1,
                "remove the tag; documents hold plain text, numbers, lists and mappings",
                policy=True,
            )

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value == "true"
        if tag == _INT:
            return _to_int(value)
        if tag == _FLOAT:
            return _to_float(value)
        if tag == _TIMESTAMP:
            try:
                return _to_timestamp(value)
            except ValueError as error:
                return InvalidDate(value, str(error))
        mark = node.start_mark
        raise YamlError(
            f"the YAML tag {tag} is not allowed",
            mark.line + self.offset,
            mark.column + 1,
            "remove the tag; put the value in quotes if it should be text",
            policy=True,
        )


MAX_NUMBER_DIGITS = 100


def _what(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, dt.date | InvalidDate):
        return "a date"
    return "a number"


def _to_int(value: str) -> int | str:
    if len(value) > MAX_NUMBER_DIGITS:
        return value  # not a number anyone means; validation says where text or a number goes
    if value.startswith("0o"):
        return int(value[2:], 8)
    if value.startswith("0x"):
        return int(value[2:], 16)
    return int(value)


def _to_float(value: str) -> float:
    lowered = value.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    return float(value)


def _to_timestamp(value: str) -> dt.date | dt.datetime:
    match = _TIMESTAMP_PARTS.match(value)
    if match is None:  # pragma: no cover - the resolver used the same shape
        raise ValueError("unrecognised date")
    parts = match.groupdict()
    day = dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    if parts["hour"] is None:
        return day
    fraction = (parts["fraction"] or "0")[:6].ljust(6, "0")
    tz: dt.tzinfo | None = None
    if parts["tz"] == "Z":
        tz = dt.UTC
    elif parts["tz"]:
        delta = dt.timedelta(hours=int(parts["tz_hour"]), minutes=int(parts["tz_minute"] or 0))
        tz = dt.timezone(-delta if parts["tz_sign"] == "-" else delta)
    return dt.datetime(
        day.year,
        day.month,
        day.day,
        int(parts["hour"]),
        int(parts["minute"]),
        int(parts["second"]),
        int(fraction),
        tzinfo=tz,
    )


# (words in libyaml's or PyYAML's message, what it means, how to fix it)
_FRIENDLY_SYNTAX = (
    (
        ("mapping values are not allowed",),
        "a ':' followed by a space starts a new key here, where none is allowed",
        "if the value contains ': ', put the whole value in quotes",
    ),
    (
        ("could not find expected ':'", "did not find expected key", "expected <block end>"),
        "a line is missing its ':' or is indented differently from its neighbours",
        "write each field as 'name: value' and indent fields of the same mapping equally",
    ),
    (
        ("did not find expected '-' indicator", "did not find expected ',' or ']'"),
        "a list is not written the way it started",
        "start every item of a list with '- ' at the same indentation, or close the [ ]",
    ),
    (
        ("found unexpected end of stream",),
        "the file ends inside a quoted text or a bracket that was never closed",
        "close the quote or the [ ] / { } that was opened",
    ),
    (
        ("expected a single document", "but found another document"),
        "this file holds more than one YAML document (a second '---' line)",
        "keep one document per file; move the second one into its own file",
    ),
    (
        ("found undefined alias",),
        "the YAML alias refers to an anchor that does not exist",
        "write the value out in full; aliases are not allowed",
    ),
    (
        ("found unknown escape character",),
        "a double-quoted text contains a backslash that YAML does not understand",
        "use single quotes, or write a backslash as two backslashes",
    ),
)

_RESERVED_START = {
    "@": "a value cannot start with '@' unless it is quoted",
    "`": "a value cannot start with '`' unless it is quoted",
    "%": "a value cannot start with '%' unless it is quoted",
}


def _syntax_error(error: yaml.MarkedYAMLError, text: str, line_offset: int) -> YamlError:
    mark = error.problem_mark or error.context_mark
    line = (mark.line + 1) if mark is not None else 1
    column = (mark.column + 1) if mark is not None else 1
    problem = str(error.problem or "")
    context = str(error.context or "")
    tab_line = _tab_indented_line(text, line)
    if tab_line is not None:
        return YamlError(
            "a tab character is used for indentation",
            tab_line + line_offset,
            1,
            "YAML indentation must use spaces; replace the tab with spaces",
        )
    if "cannot start any token" in problem:
        lines = text.splitlines()
        found = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
        if found in _RESERVED_START:
            return YamlError(
                f"YAML syntax error: {_RESERVED_START[found]}",
                line + line_offset,
                column,
                'put the whole value in quotes, like "@acme/product-ops"',
            )
    cut = _comment_cut(text, line)
    if cut is not None:
        comment, comment_line, comment_column = cut
        return YamlError(
            f"YAML syntax error: '{comment}' after a space starts a comment, which cuts the "
            "line short",
            comment_line + line_offset,
            comment_column,
            f'put the value in quotes, like "{comment}"',
        )
    words = f"{problem} {context}"
    for needles, message, hint in _FRIENDLY_SYNTAX:
        if any(needle in words for needle in needles):
            return YamlError(f"YAML syntax error: {message}", line + line_offset, column, hint)
    detail = f" ({context})" if context and context != problem else ""
    return YamlError(
        f"YAML syntax error: {problem or 'invalid YAML'}{detail}",
        line + line_offset,
        column,
        "check the indentation and quoting on this line and the one before it",
    )


_COMMENT_IN_FLOW = re.compile(r"[{\[,:][ \t]+(#[^\s,}\]]*)")


def _comment_cut(text: str, error_line: int) -> tuple[str, int, int] | None:
    """`{chat: #product-ops}`: a value starting with '#' inside brackets, on the line of
    the error or the one before (where the comment began): the text, line and column."""
    lines = text.splitlines()
    for number in (error_line, error_line - 1):
        if 0 < number <= len(lines):
            line = lines[number - 1]
            found = _COMMENT_IN_FLOW.search(line)
            if found is not None and ("{" in line or "[" in line):
                return found.group(1), number, found.start(1) + 1
    return None


def _tab_indented_line(text: str, error_line: int) -> int | None:
    """The first line up to the error whose indentation holds a tab, if any."""
    for number, line in enumerate(text.splitlines()[: error_line + 1], start=1):
        stripped = line.lstrip(" \t")
        if "\t" in line[: len(line) - len(stripped)]:
            return number
    return None


def _reader_error(error: yaml.YAMLError, line_offset: int) -> YamlError:
    """Reader errors (control characters) carry a position but no mark."""
    position = getattr(error, "position", None)
    character = getattr(error, "character", None)
    detail = f" (character {character!r})" if character is not None else ""
    line, column = 1 + line_offset, 1
    if position is not None and hasattr(error, "name"):
        line, column = 1 + line_offset, int(position) + 1
    return YamlError(
        f"the file contains a character YAML does not allow{detail}",
        line,
        column,
        "remove control characters; save the file as plain UTF-8 text",
    )
