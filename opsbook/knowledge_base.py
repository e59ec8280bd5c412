"""The knowledge base: every document validated, indexed by id, cross-checked.

Loading is one pass over the files (each read once), then validation per
document, then the checks that need all documents at once: unique ids,
references that resolve to the right kind, prerequisite cycles, files that would
be the same page. What comes out is everything a renderer or a command needs:
documents by id and by path, backlinks, what each team owns, and the problems found.

`opsbook validate` and `mkdocs build` call `load_knowledge_base` alike, so what
one reports the other does too; folder links that loop are found from the docs
folder itself (`looping_links`), whoever listed the files.
"""

from __future__ import annotations

import gc
import os
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from opsbook.loading.frontmatter import split_front_matter
from opsbook.loading.positions import Positions
from opsbook.loading.reader import (
    DEFAULT_MAX_BYTES,
    MARKDOWN_SUFFIXES,
    YAML_SUFFIXES,
    RawDocument,
    SourceFile,
    read_source,
)
from opsbook.problems import Problem, relative_path
from opsbook.schemas import Document, Reference
from opsbook.schemas.onboarding_path import OnboardingPath
from opsbook.suggestions import did_you_mean
from opsbook.validation import Validated, problem_at, validate_document

__all__ = [
    "Backlink",
    "Entry",
    "KnowledgeBase",
    "LoadCache",
    "discover",
    "load_knowledge_base",
    "looping_links",
    "page_url",
]

CONTENT_SUFFIXES = YAML_SUFFIXES | MARKDOWN_SUFFIXES


@dataclass(frozen=True, slots=True)
class Entry:
    """A valid document with the file it came from."""

    raw: RawDocument
    model: Document

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def kind(self) -> str:
        return self.model.kind

    @property
    def title(self) -> str:
        return self.model.title

    @property
    def rel_path(self) -> str:
        return self.raw.rel_path


@dataclass(frozen=True, slots=True)
class Backlink:
    """`source` names the document in its field `field`."""

    source: Entry
    field: str


@dataclass
class KnowledgeBase:
    """All documents of a docs folder, resolved, with the problems found."""

    docs_dir: Path
    sources: dict[str, SourceFile] = field(default_factory=dict)
    """Every file read, by path relative to the docs folder."""
    entries: dict[str, Entry] = field(default_factory=dict)
    """Valid documents by id."""
    problems: list[Problem] = field(default_factory=list)
    backlinks: dict[str, list[Backlink]] = field(default_factory=dict)
    """Documents that reference an id (except ownership), by the referenced id, whether
    the id exists or not."""
    owned: dict[str, list[Entry]] = field(default_factory=dict)
    """Documents by the id of their owning team."""
    document_count: int = 0
    """Content documents found, valid or not."""
    _by_path: dict[str, Entry] | None = field(default=None, repr=False)

    def by_path(self) -> dict[str, Entry]:
        """Valid documents by path relative to the docs folder (built once)."""
        if self._by_path is None:
            self._by_path = {entry.rel_path: entry for entry in self.entries.values()}
        return self._by_path

    def of_kind(self, kind: str) -> list[Entry]:
        """Documents of one kind, sorted by title for listings."""
        found = [entry for entry in self.entries.values() if entry.kind == kind]
        return sorted(found, key=lambda entry: (entry.title.casefold(), entry.id))


@dataclass
class LoadCache:
    """Files read and validated by an earlier build, reused while they are unchanged.

    `mkdocs serve` rebuilds the whole site after every edit; with this, only the
    edited file is read and validated again (references are always re-checked).
    """

    files: dict[Path, tuple[tuple[int, int, int], SourceFile, Validated | None]] = field(
        default_factory=dict
    )


def _stamp(path: Path, max_bytes: int) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, max_bytes)


def discover(
    docs_dir: Path, excluded: Callable[[str], bool] | None = None
) -> Iterator[tuple[Path, str]]:
    """YAML and Markdown files under `docs_dir`, as MkDocs sees them: hidden files and
    folders skipped, `excluded` paths (MkDocs' `exclude_docs`) left out, and folders
    behind symbolic links followed (a folder two links show is listed twice, as MkDocs
    publishes it twice); a link back up to a folder that holds it is
    not followed at all (`looping_links` reports it)."""
    for folder, files in _walk(docs_dir, []):
        for name in sorted(files):
            path = Path(folder, name)
            if name.startswith(".") or path.suffix.lower() not in CONTENT_SUFFIXES:
                continue
            rel_path = path.relative_to(docs_dir).as_posix()
            if excluded is None or not excluded(rel_path):
                yield path, rel_path


def looping_links(docs_dir: Path) -> list[Problem]:
    """Folder links under `docs_dir` that point back up to a folder holding them.

    MkDocs follows folder links without remembering where it has been, so such a link
    makes an endless folder: every file again under `loop/`, `loop/docs/loop/`, … until
    the system refuses the path (a build then reports each id a thousand times).
    `load_knowledge_base` reports these links and leaves out every file behind them,
    whoever listed the files; a renderer that publishes MkDocs' file list should also
    drop those files from the site (their paths start with the link's path and `/`).
    Hidden folders are not looked into, as MkDocs leaves them out of the site.
    """
    loops: list[Problem] = []
    for _ in _walk(docs_dir, loops):
        pass
    return loops


def _walk(docs_dir: Path, loops: list[Problem]) -> Iterator[tuple[str, list[str]]]:
    """(folder, file names) under `docs_dir`, following folder links as MkDocs does (a
    folder that two links show is read twice, as the site holds it twice); links that
    loop are not entered but added to `loops`."""
    chains: dict[str, tuple[str, ...]] = {}
    for folder, subfolders, files in os.walk(docs_dir, followlinks=True):
        real = os.path.realpath(folder)
        # The real folders from the docs folder down to this one: a link to any of them,
        # or to a folder above one of them, comes back here.
        chain = (*chains.get(os.path.dirname(folder), ()), real)
        chains[folder] = chain
        kept = []
        for name in sorted(subfolders):
            if name.startswith("."):
                continue
            link = os.path.join(folder, name)
            if os.path.islink(link):
                target = os.path.realpath(link)
                inside = target.rstrip(os.sep) + os.sep
                if any(real == target or real.startswith(inside) for real in chain):
                    loops.append(_looping_link(Path(link), target))
                    continue
            kept.append(name)
        subfolders[:] = kept
        yield folder, files


def _looping_link(link: Path, target: str) -> Problem:
    try:
        written = f" ({os.readlink(link)})"
    except OSError:  # pragma: no cover - it was a link a moment ago
        written = ""
    return Problem(
        link,
        1,
        1,
        f"this folder link{written} links back up to {target}, a folder that holds it, "
        "which makes an endless folder: every file again at every depth",
        "remove the link; to show a folder in two places, link to one outside the folder "
        "that holds the link",
        "looping-link",
    )


def page_url(src_uri: str, *, use_directory_urls: bool = True) -> str:
    """The address MkDocs gives the page of the Markdown file `src_uri` (relative to
    the docs folder), as `File.url` has it before quoting: `x.md` is `x/` (`x.html`
    without directory URLs), `x/index.md` and `x/README.md` are `x/` (`x/index.html`)."""
    parent, name = posixpath.split(src_uri)
    stem = posixpath.splitext(name)[0]
    if stem == "README":  # MkDocs' rule, case and all
        stem = "index"
    if not use_directory_urls:
        return posixpath.join(parent, f"{stem}.html")
    if stem == "index":
        return f"{parent}/" if parent else "./"
    return posixpath.join(parent, stem, "")


def load_knowledge_base(
    docs_dir: Path,
    files: Iterable[tuple[Path, str]] | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cache: LoadCache | None = None,
    use_directory_urls: bool = True,
) -> KnowledgeBase:
    """Read, validate and resolve every content document.

    `files` (absolute path, path relative to the docs folder) defaults to every
    YAML and Markdown file under `docs_dir`; a renderer passes the files it
    already knows about so both agree on what the site contains. Files behind a
    folder link that loops are left out and the link reported (`looping_links`).
    `use_directory_urls` is MkDocs' setting of that name: it decides which files
    would be the same page (`page_url`), reported in each of them.

    So that a build reports what `opsbook validate` does, a renderer passes MkDocs'
    own values: `load_knowledge_base(Path(config.docs_dir), its content files,
    max_bytes=…, cache=…, use_directory_urls=config.use_directory_urls)`, and treats
    every problem (codes `page-clash` and `looping-link` among them) as the command
    line does. Files behind a looping link are not in the knowledge base; a renderer
    that goes on building should also drop them from its own file list (their
    docs-relative paths start with the link's path and `/`).
    """
    with _collector_paused():
        return _load(docs_dir, files, max_bytes, cache, use_directory_urls)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing makes hundreds of thousands of short-lived objects without cycles; the
    cyclic garbage collector would walk everything alive each time they pile up."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(
    docs_dir: Path,
    files: Iterable[tuple[Path, str]] | None,
    max_bytes: int,
    cache: LoadCache | None,
    use_directory_urls: bool,
) -> KnowledgeBase:
    kb = KnowledgeBase(docs_dir=docs_dir)
    raws: list[RawDocument] = []
    validated: dict[int, Validated] = {}
    seen: dict[Path, tuple[tuple[int, int, int], SourceFile, Validated | None]] = {}
    loops = looping_links(docs_dir)
    kb.problems.extend(loops)
    behind_loops = tuple(f"{problem.file.relative_to(docs_dir).as_posix()}/" for problem in loops)
    for path, rel_path in files if files is not None else discover(docs_dir):
        if path.suffix.lower() not in CONTENT_SUFFIXES:
            continue
        if behind_loops and rel_path.startswith(behind_loops):
            continue  # MkDocs lists them at every depth; the link is the problem
        stamp = _stamp(path, max_bytes) if cache is not None else None
        cached = cache.files.get(path) if cache is not None else None
        if (
            cached is not None
            and stamp is not None
            and cached[0] == stamp
            and (cached[1].rel_path == rel_path)
        ):
            source = cached[1]
            if cached[2] is not None and source.document is not None:
                validated[id(source.document)] = cached[2]
        else:
            source = read_source(path, rel_path, max_bytes)
        if stamp is not None:
            seen[path] = (stamp, source, None)
        kb.sources[rel_path] = source
        kb.problems.extend(source.problems)
        if source.document is not None:
            raws.append(source.document)
    kb.document_count = len(raws) + sum(
        1 for source in kb.sources.values() if source.problems and source.document is None
    )

    declared = _declared_ids(raws, kb.problems)
    for source in kb.sources.values():
        if source.document is None and source.problems and source.text:
            guessed = _guess_document(source)
            if guessed is not None:  # unreadable, but it says what it is: no cascade
                kind = guessed.data.get("kind")
                declared.setdefault(
                    str(guessed.data["id"]), (kind if isinstance(kind, str) else None, guessed)
                )
    valid: list[Entry] = []
    invalid: list[tuple[RawDocument, tuple[Reference, ...]]] = []
    for raw in raws:
        result = validated.get(id(raw)) or validate_document(raw)
        if cache is not None and raw.path in seen:
            seen[raw.path] = (seen[raw.path][0], seen[raw.path][1], result)
        kb.problems.extend(result.problems)
        model = result.model
        if model is None:
            invalid.append((raw, result.references))
        elif declared.get(model.id, (None, raw))[1] is raw:
            valid.append(Entry(raw, model))
        else:  # valid, but another document has its id: still check what it names
            invalid.append((raw, tuple(model.references())))
    if cache is not None:
        cache.files = seen
    kb.entries = {entry.id: entry for entry in valid}
    _resolve_references(kb, declared, invalid)
    _check_prerequisite_cycles(kb)
    _check_page_clashes(kb, use_directory_urls)
    kb.problems.sort()
    return kb


def _check_page_clashes(kb: KnowledgeBase, use_directory_urls: bool) -> None:
    """Files that would be the same page: `x.yaml` and `x.yml`, a document `x.yaml` and a
    person's `x/index.md`. MkDocs writes one over the other (or refuses), so the site
    would lose a page that validation said was fine; each file of a clash is reported.
    Only clashes that involve a document: two ordinary pages are MkDocs' to report."""
    docs_dir = os.path.abspath(kb.docs_dir)
    pages: dict[str, list[SourceFile]] = defaultdict(list)
    for rel_path, source in kb.sources.items():
        stem, suffix = posixpath.splitext(rel_path)
        if suffix.lower() in YAML_SUFFIXES:
            if source.document is None:
                continue  # not a document: copied as a file, not a page
            rel_path = f"{stem}.md"  # the page the site makes of a YAML document
        if not os.path.abspath(source.path).startswith(docs_dir + os.sep):
            continue  # named on the command line from outside the site
        pages[page_url(rel_path, use_directory_urls=use_directory_urls)].append(source)
    for url, sources in pages.items():
        if len(sources) < 2 or all(source.document is None for source in sources):
            continue
        shown = {source.rel_path: relative_path(source.path) for source in sources}
        for source in sources:
            others = " and ".join(shown[other.rel_path] for other in sources if other is not source)
            kb.problems.append(
                Problem(
                    source.path,
                    1,
                    1,
                    f"{shown[source.rel_path]} and {others} would both be the page "
                    f"/{url.removeprefix('./')}",
                    "rename or move one of them, so that each has its own address",
                    "page-clash",
                )
            )


def _declared_ids(
    raws: list[RawDocument], problems: list[Problem]
) -> dict[str, tuple[str | None, RawDocument]]:
    """Id -> (kind, document) for every document that states a text id.

    Invalid documents count too, so that a mistake in one file does not also
    show up as a broken reference in every file pointing at it. An id used
    twice is reported in every file that uses it.
    """
    by_id: dict[str, list[RawDocument]] = defaultdict(list)
    for raw in raws:
        document_id = raw.data.get("id")
        if isinstance(document_id, str):
            by_id[document_id].append(raw)
    declared: dict[str, tuple[str | None, RawDocument]] = {}
    for document_id, users in by_id.items():
        kind = users[0].data.get("kind")
        declared[document_id] = (kind if isinstance(kind, str) else None, users[0])
        if len(users) == 1:
            continue
        for raw in users:
            others = [other for other in users if other is not raw]
            where = ", ".join(
                f"{relative_path(other.path)}:{other.positions.value(('id',))[0]}"
                for other in others
            )
            problems.append(
                problem_at(
                    raw,
                    ("id",),
                    f"the id '{document_id}' is also used by {where}",
                    "ids must be unique across the knowledge base; rename one of them",
                    "duplicate-id",
                )
            )
    return declared


_TOP_LEVEL_ID = re.compile(r"^id[ \t]*:[ \t]*[\"']?([a-z0-9]+(?:-[a-z0-9]+)*)[\"']?[ \t]*$", re.M)
_TOP_LEVEL_KIND = re.compile(r"^kind[ \t]*:[ \t]*[\"']?([a-z-]+)[\"']?[ \t]*$", re.M)


def _guess_document(source: SourceFile) -> RawDocument | None:
    """The id and kind a file that could not be read states on its top-level lines."""
    text = source.text or ""
    if source.path.suffix.lower() in MARKDOWN_SUFFIXES:
        front = split_front_matter(text)
        text = front.yaml if front is not None else ""
    found_id, found_kind = _TOP_LEVEL_ID.search(text), _TOP_LEVEL_KIND.search(text)
    if found_id is None:
        return None
    data: dict[str, object] = {"id": found_id.group(1)}
    if found_kind is not None:
        data["kind"] = found_kind.group(1)
    return RawDocument(source.path, source.rel_path, "yaml", data, Positions())


def _resolve_references(
    kb: KnowledgeBase,
    declared: dict[str, tuple[str | None, RawDocument]],
    invalid: list[tuple[RawDocument, tuple[Reference, ...]]],
) -> None:
    """Check every reference: those of valid documents, and those an invalid document
    still makes with the values that did validate (`validate_document`), so that one
    run reports a broken owner beside a bad date. Only valid documents get backlinks
    and ownership."""
    backlinks: dict[str, list[Backlink]] = defaultdict(list)
    owned: dict[str, list[Entry]] = defaultdict(list)
    ids_by_kind: dict[str | None, list[str]] = defaultdict(list)
    for document_id, (kind, _) in declared.items():
        ids_by_kind[kind].append(document_id)

    def resolves(raw: RawDocument, reference: Reference) -> bool:
        target = declared.get(reference.target)
        if target is None:
            kb.problems.append(_broken(raw, reference, ids_by_kind, declared))
            return False
        kind = target[0]
        if reference.kinds is not None and kind not in reference.kinds:
            kb.problems.append(_wrong_kind(raw, reference, kind, ids_by_kind))
            return False
        return True

    for entry in kb.entries.values():
        for reference in entry.model.references():
            if reference.field != "owner" and reference.target != entry.id:
                # Kept for unknown ids too: a summary of changes names who points at a
                # document that was removed.
                backlinks[reference.target].append(Backlink(entry, reference.field))
            if resolves(entry.raw, reference) and reference.field == "owner":
                owned[reference.target].append(entry)
    for raw, references in invalid:
        for reference in references:
            resolves(raw, reference)
    kb.backlinks = {target: _unique_sources(links) for target, links in backlinks.items()}
    kb.owned = {
        team: sorted(entries, key=lambda e: (e.kind, e.title.casefold()))
        for team, entries in owned.items()
    }


def _unique_sources(links: list[Backlink]) -> list[Backlink]:
    seen: set[str] = set()
    unique = []
    for link in sorted(links, key=lambda link: (link.source.title.casefold(), link.source.id)):
        if link.source.id not in seen:
            seen.add(link.source.id)
            unique.append(link)
    return unique


def _kinds_text(kinds: frozenset[str]) -> str:
    """`a team`, `an onboarding path`, ...: kinds as a sentence names them."""
    named = [kind.replace("-", " ") for kind in sorted(kinds)]
    return " or ".join(f"{'an' if name[0] in 'aeiou' else 'a'} {name}" for name in named)


def _broken(
    raw: RawDocument,
    reference: Reference,
    ids_by_kind: dict[str | None, list[str]],
    declared: dict[str, tuple[str | None, RawDocument]],
) -> Problem:
    if reference.kinds is None:
        candidates: list[str] = list(declared)
        what = "no document has this id"
    else:
        candidates = [i for kind in reference.kinds for i in ids_by_kind.get(kind, [])]
        what = f"there is no {_kinds_text(reference.kinds).split(' ', 1)[1]} with this id"
    hint = did_you_mean(reference.target, candidates, "known ids", limit=10)
    return problem_at(
        raw,
        reference.path,
        f"refers to '{reference.target}', but {what}",
        hint or "check the spelling, or create the document first",
        "broken-reference",
    )


def _wrong_kind(
    raw: RawDocument,
    reference: Reference,
    kind: str | None,
    ids_by_kind: dict[str | None, list[str]],
) -> Problem:
    wanted = reference.kinds or frozenset()
    candidates = [i for k in wanted for i in ids_by_kind.get(k, [])]
    hint = did_you_mean(reference.target, candidates, "ids that fit", limit=10)
    found = _kinds_text(frozenset({kind})) if kind else "a document of unknown kind"
    return problem_at(
        raw,
        reference.path,
        f"must name {_kinds_text(wanted)}, but '{reference.target}' is {found}",
        hint or f"use the id of {_kinds_text(wanted)}",
        "wrong-kind",
    )


def _check_prerequisite_cycles(kb: KnowledgeBase) -> None:
    paths = {
        entry.id: entry for entry in kb.entries.values() if isinstance(entry.model, OnboardingPath)
    }
    graph = {
        path_id: [p for p in entry.model.prerequisites if p in paths]  # type: ignore[attr-defined]
        for path_id, entry in paths.items()
    }
    reported: set[frozenset[str]] = set()
    for cycle in _cycles(graph):
        members = frozenset(cycle)
        if members in reported:
            continue
        reported.add(members)
        shown = " → ".join([*cycle, cycle[0]])
        for position, path_id in enumerate(cycle):
            entry = paths[path_id]
            following = cycle[(position + 1) % len(cycle)]
            index = entry.model.prerequisites.index(following)  # type: ignore[attr-defined]
            kb.problems.append(
                problem_at(
                    entry.raw,
                    ("prerequisites", index),
                    f"prerequisites form a cycle: {shown}",
                    "remove one prerequisite so the paths can be taken in some order",
                    "cycle",
                )
            )


def _cycles(graph: dict[str, list[str]]) -> Iterator[list[str]]:
    """Each elementary cycle found by a depth-first search (iterative: no recursion limit)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in sorted(graph):
        if start in state:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(graph[start]))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                yield path[path.index(child) :]
            elif child not in state:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(graph[child])))
