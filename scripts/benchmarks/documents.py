"""The documents of a synthetic knowledge base: every kind, with references, from a seed.

`plan_documents(count, seed)` returns the documents the knowledge base ends with, in the order
they are added (teams first; every reference points at a document added earlier, so each commit
of the history is a valid knowledge base), and `plan_extras` the documents that are added and
deleted again during the history (they reference teams only, and nothing references them).

A document is its fields as a YAML-like tree (`Tree`). Two fields depend on the revision (how
often the document was edited): the summary and the review date, so an edit is a real change.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TypeAlias

from opsbook.kinds import KINDS, REGISTRY, SampleText, kind_of

__all__ = [
    "Doc",
    "Tree",
    "plan_documents",
    "plan_extras",
]

Tree: TypeAlias = "str | int | bool | dt.date | list[Tree] | dict[str, Tree]"

REVIEW_START = dt.date(2026, 1, 5)
OWNERS = "team"
"""The kind every other document names as its owner: added first."""


def _words(text: str, joined: str = "") -> tuple[str, ...]:
    """The words of `text`; with `joined`, that character stands for a space inside a word."""
    words = text.split()
    return tuple(word.replace(joined, " ") for word in words) if joined else tuple(words)


WORDS = _words(
    "account alert analytics api approval audit backlog billing carrier cart catalog checkout "
    "churn cohort customer dashboard data decision delivery deploy digest escalation experiment "
    "export feedback flag forecast fulfilment import incident insight invoice label latency "
    "launch ledger merchant metric migration onboarding order outage parcel partner payment "
    "pipeline plan portal pricing queue quota rate refund release renewal report request return "
    "review roadmap rollout routing schedule search segment service shipment signal sla status "
    "subscription support survey sync ticket tracking trial usage vendor warehouse webhook "
    "workflow"
)
VERBS = _words(
    "check confirm compare collect escalate export flag measure notify pause publish record "
    "restart review roll schedule share summarise tag update verify watch"
)
PEOPLE = _words(
    "Lan_Nguyễn Minh_Trần Sam_Lee Ana_Silva Daniel_Osei Laura_Kim Felix_Hartmann Zara_Ali "
    "Hùng_Phạm Thảo_Lê Priya_Nair Tomás_Ruiz Chen_Wei Ingrid_Berg Kofi_Mensah Maya_Cohen",
    joined="_",
)
TAGS = _words(
    "customer-experience feedback-loop incidents launches experiments billing data-quality "
    "compliance tooling communication onboarding reliability partners self-serve enterprise"
)


@dataclass
class Doc:
    """One document as planned; `order` is its place in the order of additions."""

    kind: str
    id: str
    title: str
    base_summary: str
    owner: str | None
    fields: dict[str, Tree]
    """Kind fields (after the common ones), in the order they are written."""
    tags: list[str]
    related: list[str]
    body: str
    every_days: int
    final: bool = True
    refs: set[str] = field(default_factory=set)
    """Every id this document names (the plain twin links to each)."""

    @property
    def folder(self) -> str:
        return kind_of(self.kind).folder

    @property
    def is_yaml(self) -> bool:
        return kind_of(self.kind).file_format == "yaml"

    @property
    def file_name(self) -> str:
        return f"{self.id}.yaml" if self.is_yaml else f"{self.id}.md"

    def summary(self, revision: int) -> str:
        if revision == 0:
            return self.base_summary
        return f"{self.base_summary} Revised in review {revision}."

    def review(self, revision: int) -> dict[str, Tree] | None:
        if not kind_of(self.kind).model.model_fields["review"].is_required():
            return None
        day = REVIEW_START + dt.timedelta(days=(len(self.id) * 7 + revision * 11) % 360)
        return {"last_reviewed": day, "every_days": self.every_days}

    def tree(self, revision: int) -> dict[str, Tree]:
        """The whole document as it is after `revision` edits."""
        out: dict[str, Tree] = {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "summary": self.summary(revision),
        }
        if self.owner is not None:
            out["owner"] = self.owner
        if self.tags:
            out["tags"] = list[Tree](self.tags)
        review = self.review(revision)
        if review is not None:
            out["review"] = review
        out.update(self.fields)
        if self.related:
            out["related"] = list[Tree](self.related)
        return out


def _slug(words: list[str]) -> str:
    return "-".join(word.lower() for word in words if word.isascii())


def _counts(total: int) -> dict[str, int]:
    """How many documents of each kind make `total`: each kind's share, at least one of
    each and two teams (the owners everyone else names)."""
    counts = {kind.name: max(1, round(total * kind.share)) for kind in REGISTRY}
    counts[OWNERS] = max(2, counts[OWNERS])
    largest = max(counts, key=lambda name: counts[name])
    counts[largest] = max(1, counts[largest] + total - sum(counts.values()))
    return counts


def _body(text: SampleText) -> str:
    rng = text.rng
    parts = []
    for _ in range(rng.randint(1, 3)):
        parts.append(f"## {text.phrase()}\n\n{text.paragraph(rng.randint(2, 4))}\n")
    if rng.random() < 0.5:
        rows = "\n".join(f"| {text.word()} | {text.sentence(3, 6)} |" for _ in range(3))
        parts.append(f"| Term | Meaning |\n|---|---|\n{rows}\n")
    return "\n".join(parts)


def _document(
    kind_name: str, number: int, seed: int, teams: list[str], placed: list[Doc], *, final: bool
) -> Doc:
    rng = random.Random(f"{seed}:{kind_name}:{number}:{final}")  # noqa: S311 - test data
    kind = kind_of(kind_name)
    earlier = [doc.id for doc in placed[-200:]] if final else []
    text = SampleText(
        rng=rng,
        words=WORDS,
        verbs=VERBS,
        people=PEOPLE,
        teams=teams,
        earlier=earlier,
        same_kind=[doc.id for doc in placed if doc.kind == kind_name] if final else [],
        kinds_of={doc.id: doc.kind for doc in placed}.get,
    )
    title, doc_id = kind.sample_title(number, text)
    doc_id = _slug(doc_id.split("-"))
    if not final:
        doc_id = f"old-{doc_id}"
    owned = kind.model.model_fields["owner"].is_required()
    doc = Doc(
        kind=kind_name,
        id=doc_id,
        title=title,
        base_summary=text.paragraph(rng.randint(1, 2)),
        owner=rng.choice(teams) if owned else None,
        fields=kind.sample(text, doc_id),
        tags=text.pick(TAGS, 0, 3),
        related=text.pick(earlier, 0, 4) if owned else [],
        body="" if kind.file_format == "yaml" else _body(text),
        every_days=rng.choice([30, 60, 90, 180]),
        final=final,
    )
    doc.refs = _references(doc)
    return doc


def _references(doc: Doc) -> set[str]:
    """Every id the document names, as its model finds them."""
    model = kind_of(doc.kind).model.model_validate(doc.tree(0))
    return {reference.target for reference in model.references()}


def plan_documents(count: int, seed: int) -> list[Doc]:
    """`count` documents of every kind, in the order they are added to the knowledge base."""
    counts = _counts(count)
    teams = [
        _document(OWNERS, number, seed, [], [], final=True)
        for number in range(1, counts[OWNERS] + 1)
    ]
    team_ids = [team.id for team in teams]
    kinds: list[str] = []
    for kind in KINDS:
        if kind != OWNERS:
            kinds += [kind] * counts[kind]
    random.Random(seed).shuffle(kinds)  # noqa: S311 - test data
    numbers = dict.fromkeys(KINDS, 0)
    placed: list[Doc] = list(teams)
    for kind in kinds:
        numbers[kind] += 1
        placed.append(_document(kind, numbers[kind], seed, team_ids, placed, final=True))
    return placed


def plan_extras(count: int, seed: int, teams: list[str]) -> list[Doc]:
    """Documents added and deleted again during the history (about 5% of `count`)."""
    extras = []
    for number in range(1, max(1, count // 20) + 1):
        kind = "runbook" if number % 2 else "feature-guide"
        extras.append(_document(kind, number, seed, teams, [], final=False))
    return extras
