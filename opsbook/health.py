"""How healthy the knowledge base is, from its documents and git history alone.

The health page (`catalog/health/`) and `opsbook health` show the same figures:

- freshness per team: documents owned; reviews overdue, due within 30 days and current;
  decisions due by a date (a tool's notice deadline); median days since the last commit;
- completeness per document, kind and team: the share of its kind's checks it passes
  (`Kind.completeness`), each failing check named;
- coverage of the nine areas of product operations, by tag;
- orphans: documents no other page links to (see `is_orphan`);
- the pages most in need of attention, by `ATTENTION_FORMULA`.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from opsbook.history import History
from opsbook.kinds import REGISTRY, kind_of
from opsbook.knowledge_base import Entry, KnowledgeBase
from opsbook.review import due_deadlines, review_status
from opsbook.schemas.team import Team

__all__ = [
    "AREAS",
    "ATTENTION_FORMULA",
    "DUE_SOON_DAYS",
    "AreaCoverage",
    "DocumentHealth",
    "Health",
    "KindHealth",
    "TeamHealth",
    "compute_health",
]

AREAS = (
    "feedback-loop",
    "customer-experience",
    "developer-tool-stack",
    "product-stack",
    "data-insights",
    "experiments",
    "formal-processes",
    "communication-standards",
    "onboarding",
)
"""The nine areas of product operations, as the tags that mark a document as part of one."""

DUE_SOON_DAYS = 30
ATTENTION_FORMULA = "days overdue for review + 30 × failing checks + 60 if orphaned"
"""How the pages most in need of attention are ranked (highest first)."""


@dataclass(frozen=True)
class DocumentHealth:
    entry: Entry
    checks: tuple[tuple[str, bool], ...]
    """The kind's checks that apply, as (label key, passed)."""
    days_overdue: int | None
    """Days past the review's due date (negative: days left); None without a review."""
    days_since_commit: int | None
    orphan: bool

    @property
    def failing(self) -> list[str]:
        return [name for name, passed in self.checks if not passed]

    @property
    def score(self) -> int:
        """The share of its checks the document passes, 0 to 100 (100 without checks)."""
        if not self.checks:
            return 100
        return round(100 * sum(passed for _, passed in self.checks) / len(self.checks))

    @property
    def attention(self) -> int:
        overdue = max(self.days_overdue or 0, 0)
        return overdue + 30 * len(self.failing) + (60 if self.orphan else 0)


@dataclass(frozen=True)
class TeamHealth:
    team_id: str
    title: str
    documents: int
    overdue: int
    due_soon: int
    current: int
    deadlines_due: int
    median_days_since_commit: float | None
    score: int
    handles: tuple[str, ...] = ()


@dataclass(frozen=True)
class KindHealth:
    kind: str
    documents: int
    score: int
    failing: dict[str, int]
    """Documents failing each check, by label key."""


@dataclass(frozen=True)
class AreaCoverage:
    tag: str
    documents: int


@dataclass
class Health:
    today: dt.date
    history: bool
    """Whether git history was there to measure freshness with."""
    documents: list[DocumentHealth] = field(default_factory=list)
    teams: list[TeamHealth] = field(default_factory=list)
    kinds: list[KindHealth] = field(default_factory=list)
    areas: list[AreaCoverage] = field(default_factory=list)

    @property
    def score(self) -> int:
        """The knowledge base's completeness: the mean of its documents' scores."""
        if not self.documents:
            return 100
        return round(statistics.fmean(doc.score for doc in self.documents))

    @property
    def orphans(self) -> list[DocumentHealth]:
        return sorted((d for d in self.documents if d.orphan), key=_by_title)

    @property
    def attention(self) -> list[DocumentHealth]:
        """The ten pages most in need of attention (only those that need any)."""
        needy = [doc for doc in self.documents if doc.attention > 0]
        return sorted(needy, key=lambda d: (-d.attention, *_by_title(d)))[:10]


def _by_title(doc: DocumentHealth) -> tuple[str, str]:
    return (doc.entry.title.casefold(), doc.entry.id)


def is_orphan(entry: Entry, kb: KnowledgeBase) -> bool:
    """No other page links to the document. Pages link to what their document names
    (related, modules, escalations, ...) and, under "Referenced by", to what names them; so
    a document is an orphan when nothing names it and it names nothing but its owner.
    Being owned does not count (a team page lists all it owns), but a team that owns
    documents is linked from each of them."""
    if kb.backlinks.get(entry.id):
        return False
    if isinstance(entry.model, Team) and kb.owned.get(entry.id):
        return False
    return not any(
        reference.field != "owner" and reference.target in kb.entries
        for reference in entry.model.references()
    )


def _owner_of(entry: Entry) -> str:
    return entry.id if isinstance(entry.model, Team) else (entry.model.owner or "")


def compute_health(
    kb: KnowledgeBase, today: dt.date, history: History | None = None, team: str | None = None
) -> Health:
    """Every figure, for the whole knowledge base or the documents one team owns."""
    available = history is not None and history.available
    health = Health(today, available)
    deadlines: dict[str, int] = defaultdict(int)
    for deadline in due_deadlines(kb, today, 0):
        deadlines[_owner_of(deadline.entry)] += 1
    entries = [e for e in kb.entries.values() if team is None or _owner_of(e) == team]
    for entry in sorted(entries, key=lambda e: (e.kind, e.title.casefold(), e.id)):
        status = review_status(entry, today)
        since = None
        if available and history is not None:
            changes = history.for_path(entry.rel_path)
            if changes:
                since = (today - changes[0].commit.date.date()).days
        health.documents.append(
            DocumentHealth(
                entry=entry,
                checks=tuple(kind_of(entry.kind).completeness(entry.model)),
                days_overdue=status.days_overdue if status else None,
                days_since_commit=since,
                orphan=is_orphan(entry, kb),
            )
        )
    health.teams = _teams(kb, health.documents, deadlines)
    health.kinds = _kinds(health.documents)
    health.areas = [
        AreaCoverage(tag, sum(1 for d in health.documents if tag in d.entry.model.tags))
        for tag in AREAS
    ]
    return health


def _teams(
    kb: KnowledgeBase, documents: Sequence[DocumentHealth], deadlines: dict[str, int]
) -> list[TeamHealth]:
    by_team: dict[str, list[DocumentHealth]] = defaultdict(list)
    for doc in documents:
        by_team[_owner_of(doc.entry)].append(doc)
    teams = []
    for team_id, docs in by_team.items():
        entry = kb.entries.get(team_id)
        model = entry.model if entry is not None and isinstance(entry.model, Team) else None
        reviewed = [d.days_overdue for d in docs if d.days_overdue is not None]
        ages = [d.days_since_commit for d in docs if d.days_since_commit is not None]
        teams.append(
            TeamHealth(
                team_id=team_id,
                title=model.title if model else team_id,
                documents=len(docs),
                overdue=sum(1 for days in reviewed if days > 0),
                due_soon=sum(1 for days in reviewed if -DUE_SOON_DAYS <= days <= 0),
                current=sum(1 for days in reviewed if days < -DUE_SOON_DAYS),
                deadlines_due=deadlines.get(team_id, 0),
                median_days_since_commit=statistics.median(ages) if ages else None,
                score=round(statistics.fmean(d.score for d in docs)),
                handles=tuple(model.codeowners) if model else (),
            )
        )
    return sorted(teams, key=lambda t: (t.title.casefold(), t.team_id))


def _kinds(documents: Sequence[DocumentHealth]) -> list[KindHealth]:
    found = []
    for kind in REGISTRY:
        docs = [d for d in documents if d.entry.kind == kind.name]
        failing: dict[str, int] = defaultdict(int)
        for doc in docs:
            for name in doc.failing:
                failing[name] += 1
        score = round(statistics.fmean(d.score for d in docs)) if docs else 100
        found.append(KindHealth(kind.name, len(docs), score, dict(failing)))
    return found
