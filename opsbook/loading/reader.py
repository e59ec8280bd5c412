"""One file of the knowledge base: read once, decoded, split and parsed.

A file becomes a `RawDocument` when it declares a `kind` (a YAML file whose top
level is a mapping with `kind`, or Markdown front matter with `kind`). Other
files are left alone; their text is kept so a renderer need not read them again.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from opsbook.loading.frontmatter import FrontMatter, split_front_matter
from opsbook.loading.positions import Positions
from opsbook.loading.yaml_reader import YamlError, parse_yaml
from opsbook.problems import Problem

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MARKDOWN_SUFFIXES",
    "YAML_SUFFIXES",
    "RawDocument",
    "SourceFile",
    "document_data",
    "read_source",
]

DEFAULT_MAX_BYTES = 1024 * 1024
YAML_SUFFIXES = frozenset({".yaml", ".yml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

# Characters YAML refuses: C0 controls other than tab, newline and carriage
# return, DEL, C1 controls other than NEL, lone surrogates and non-characters.
_FORBIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
# A top-level `kind:` (also in a flow mapping): the sign of a content document, used
# to decide about files that cannot be read fully.
_KIND_LINE = re.compile(r"(?:^|[{,])[ \t]*[\"']?kind[\"']?[ \t]*:", re.MULTILINE)
_KIND_LINE_BYTES = re.compile(rb"(?:^|[{,])[ \t]*[\"']?kind[\"']?[ \t]*:", re.MULTILINE)
# YAML counts these as line breaks while editors do not, which would put every
# position after them on the wrong line.
_HIDDEN_LINE_BREAKS = frozenset("\x85\u2028\u2029")
_UNWANTED = re.compile(f"{_FORBIDDEN_CHARACTERS.pattern[:-1]}{''.join(_HIDDEN_LINE_BREAKS)}]")
"""Either kind, found in one pass over the text."""


@dataclass(slots=True)
class RawDocument:
    """A content document as read: data and positions, not yet validated."""

    path: Path
    rel_path: str
    source_format: Literal["yaml", "markdown"]
    data: dict[str, Any]
    positions: Positions
    body: str = ""
    body_line: int = 1


@dataclass(slots=True)
class SourceFile:
    """What reading one file produced: its text, a document, or problems."""

    path: Path
    rel_path: str
    text: str | None = None
    document: RawDocument | None = None
    problems: list[Problem] = field(default_factory=list)


def read_source(path: Path, rel_path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile:
    """Read, decode and parse one YAML or Markdown file; never raises for bad content."""
    result = SourceFile(path=path, rel_path=rel_path)
    is_yaml = path.suffix.lower() in YAML_SUFFIXES

    def fail(
        message: str, line: int = 1, column: int = 1, hint: str = "", code: str = ""
    ) -> SourceFile:
        result.problems.append(Problem(path, line, column, message, hint, code or "unreadable"))
        return result

    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return fail(*_not_regular(path, info.st_mode), code="not-a-file")
        raw, size = _read_at_most(path, max_bytes + 1)
    except _NotRegular as error:  # swapped for something else after the first look
        return fail(*_not_regular(path, error.mode), code="not-a-file")
    except OSError as error:
        return fail(f"cannot read the file: {error.strerror or error}")
    if len(raw) > max_bytes:  # only the beginning was read: enough to tell a document
        if is_yaml:
            if _KIND_LINE_BYTES.search(raw):
                return fail(*_too_large(size, max_bytes), code="too-large")
            return result  # a large YAML file that is no document (an API spec, say)
        front = split_front_matter(raw[:max_bytes].decode("utf-8-sig", "replace"))
        if front is not None and _KIND_LINE.search(front.yaml):
            return fail(*_too_large(size, max_bytes), code="too-large")
        return result  # a large ordinary page: MkDocs reads it itself

    text, decode_problem = _decode(raw)
    if decode_problem is not None:
        message, line, column, hint = decode_problem
        if is_yaml or raw.startswith(b"---"):
            return fail(message, line, column, hint, "encoding")
        return result  # an ordinary page the site will report on, if it can
    result.text = text

    if is_yaml:
        if not text.strip():
            return fail(
                "the file is empty",
                hint="write a document starting with 'kind:', or delete the file",
                code="empty",
            )
        return _parse_into(result, text, 0, "yaml", "", 1)

    front = split_front_matter(text)
    if front is None:
        return result
    if front.unclosed:
        if _KIND_LINE.search(front.yaml):
            return fail(
                "the front matter opened by '---' on line 1 is never closed",
                hint="add a line with only '---' after the last field of the front matter",
                code="front-matter",
            )
        return result
    return _parse_into(result, front.yaml, 1, "markdown", front.body, front.body_line, front)


def _parse_into(
    result: SourceFile,
    yaml_text: str,
    line_offset: int,
    source_format: Literal["yaml", "markdown"],
    body: str,
    body_line: int,
    front: FrontMatter | None = None,
) -> SourceFile:
    found = _UNWANTED.search(yaml_text)
    if found is not None:
        line, column = _line_column(yaml_text, found.start())
        code = f"U+{ord(found.group()):04X}"
        if found.group() in _HIDDEN_LINE_BREAKS:
            message = f"the file contains the invisible line separator {code}"
            hint = "replace it with an ordinary line break or a space"
        else:
            message = f"the file contains the control character {code}, which YAML does not allow"
            hint = "delete it; it is usually left over from copying text out of another program"
        result.problems.append(
            Problem(result.path, line + line_offset, column, message, hint, "encoding")
        )
        return result
    try:
        data, positions = parse_yaml(yaml_text, line_offset)
    except YamlError as error:
        if not _KIND_LINE.search(yaml_text) and (front is not None or error.policy):
            # Front matter of an ordinary page is the site's business, and YAML files that
            # are not documents may use what documents may not (anchors, say).
            return result
        result.problems.append(
            Problem(result.path, error.line, error.column, error.message, error.hint, "yaml")
        )
        return result
    if not isinstance(data, dict) or "kind" not in data:
        return result  # not a content document: left alone
    result.document = RawDocument(
        path=result.path,
        rel_path=result.rel_path,
        source_format=source_format,
        data=data,
        positions=positions,
        body=body,
        body_line=body_line,
    )
    return result


def document_data(rel_path: str, text: str) -> object:
    """The YAML data of a file's text (the front matter of Markdown), or None when it
    has none or cannot be read; for old versions of files, taken from git."""
    try:
        if rel_path.lower().endswith(tuple(YAML_SUFFIXES)):
            return parse_yaml(text)[0]
        front = split_front_matter(text)
        return parse_yaml(front.yaml)[0] if front is not None and not front.unclosed else None
    except YamlError:
        return None


def _decode(raw: bytes) -> tuple[str, tuple[str, int, int, str] | None]:
    """UTF-8 text (a BOM is dropped), or a message pointing at the first bad byte."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", (
            "the file is saved as UTF-16",
            1,
            1,
            "save it as UTF-8 (in most editors: File > Save with Encoding > UTF-8)",
        )
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        start = error.start
        line = raw.count(b"\n", 0, start) + 1
        line_start = raw.rfind(b"\n", 0, start) + 1
        column = len(raw[line_start:start].decode("utf-8", "replace")) + 1
        byte = raw[start]
        return "", (
            f"the file is not valid UTF-8: byte 0x{byte:02X} cannot be read",
            line,
            column,
            "it was probably saved as Latin-1 or Windows-1252; save it as UTF-8",
        )


class _NotRegular(OSError):
    def __init__(self, mode: int) -> None:
        super().__init__("not a regular file")
        self.mode = mode


def _read_at_most(path: Path, limit: int) -> tuple[bytes, int]:
    """The first `limit` bytes of a regular file and the file's size.

    The size a file system reports is no promise (a link to /dev/zero reports 0 and
    never ends; /proc files report 0 and hold more), so the read itself is bounded.
    Opening does not wait (a named pipe swapped in after the first look would block
    until someone writes), and the opened file is checked again.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as stream:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise _NotRegular(mode)
        raw = stream.read(limit)
        return raw, max(os.fstat(descriptor).st_size, len(raw))


_FILE_TYPES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(path: Path, mode: int) -> tuple[str, int, int, str]:
    """Pipes wait for a writer and devices never end: neither is read, both are named."""
    kind = next((name for test, name in _FILE_TYPES if test(mode)), "not a file of any known kind")
    link = ""
    if path.is_symlink():
        try:
            link = f", through the link to {os.readlink(path)}"
        except OSError:
            link = ", through a link"
    return (
        f"is not a regular file but {kind}{link}",
        1,
        1,
        "opsbook reads only ordinary files; remove it from the docs folder, or leave it "
        "out of the site with exclude_docs in mkdocs.yml",
    )


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _too_large(size: int, max_bytes: int) -> tuple[str, int, int, str]:
    return (
        f"the file is {_amount(size)}, over the {_amount(max_bytes)} limit for content documents",
        1,
        1,
        "split it into smaller documents, or raise max_file_size in the opsbook plugin "
        "options if it really must be this large",
    )


def _amount(size: int) -> str:
    if size >= 1_048_576:
        return f"{size / 1_048_576:.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size} bytes"
