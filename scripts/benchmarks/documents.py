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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

__all__ = [
    "FOLDERS",
    "KINDS",
    "Doc",
    "Tree",
    "plan_documents",
    "plan_extras",
]

Tree: TypeAlias = "str | int | bool | dt.date | list[Tree] | dict[str, Tree]"

KINDS = ("team", "runbook", "process", "feature-guide", "onboarding-path")
FOLDERS = {
    "team": "teams",
    "runbook": "runbooks",
    "process": "processes",
    "feature-guide": "features",
    "onboarding-path": "onboarding",
}
YAML_KINDS = frozenset({"team", "process", "onboarding-path"})
REVIEW_KINDS = frozenset({"runbook", "process", "onboarding-path"})
REVIEW_START = dt.date(2026, 1, 5)


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
AREAS = _words(
    "Checkout Shipping Returns Billing Payments Search Catalog Tracking Onboarding Reporting "
    "Integrations Identity Notifications Pricing Warehouse"
)
FUNCTIONS = _words("Operations Engineering Support Success Analytics Enablement Quality Platform")
ROLES = _words("analyst lead manager engineer specialist coordinator owner reviewer")
PEOPLE = _words(
    "Lan_Nguyễn Minh_Trần Sam_Lee Ana_Silva Daniel_Osei Laura_Kim Felix_Hartmann Zara_Ali "
    "Hùng_Phạm Thảo_Lê Priya_Nair Tomás_Ruiz Chen_Wei Ingrid_Berg Kofi_Mensah Maya_Cohen",
    joined="_",
)
TAGS = _words(
    "customer-experience feedback-loop incidents launches experiments billing data-quality "
    "compliance tooling communication onboarding reliability partners self-serve enterprise"
)
SERVICES = _words("api checkout label-service tracker returns-portal billing-engine search")
STATUSES = ("planned", "alpha", "beta", "ga", "ga", "deprecated")


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
        return FOLDERS[self.kind]

    @property
    def is_yaml(self) -> bool:
        return self.kind in YAML_KINDS

    @property
    def file_name(self) -> str:
        return f"{self.id}.yaml" if self.is_yaml else f"{self.id}.md"

    def summary(self, revision: int) -> str:
        if revision == 0:
            return self.base_summary
        return f"{self.base_summary} Revised in review {revision}."

    def review(self, revision: int) -> dict[str, Tree] | None:
        if self.kind not in REVIEW_KINDS:
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


class _Text:
    """Sentences and names from one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def words(self, low: int, high: int) -> list[str]:
        return [self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high))]

    def sentence(self, low: int = 6, high: int = 14) -> str:
        words = self.words(low, high)
        return " ".join([words[0].capitalize(), *words[1:]]) + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def phrase(self, low: int = 2, high: int = 5) -> str:
        words = self.words(low, high)
        return " ".join([self.rng.choice(VERBS).capitalize(), *words])


def _counts(total: int) -> dict[str, int]:
    """How many documents of each kind make `total` (at least one of each, two teams)."""
    teams = max(2, round(total * 0.05))
    onboarding = max(1, round(total * 0.10))
    processes = max(1, round(total * 0.20))
    features = max(1, round(total * 0.30))
    runbooks = max(1, total - teams - onboarding - processes - features)
    return {
        "team": teams,
        "runbook": runbooks,
        "process": processes,
        "feature-guide": features,
        "onboarding-path": onboarding,
    }


def _slug(words: list[str]) -> str:
    return "-".join(word.lower() for word in words if word.isascii())


_TITLE_ENDINGS = {
    "runbook": ("rb", ["is failing", "is slow", "alerts fire", "is down"]),
    "process": ("proc", ["review", "triage", "handover", "approval"]),
    "feature-guide": ("feat", ["insights", "automation", "portal", "rules"]),
}
"""Id prefix and title endings of the kinds whose titles are an area, a noun and an ending."""


def _title(kind: str, number: int, text: _Text) -> tuple[str, str]:
    """(title, id) of the `number`th document of `kind`."""
    rng = text.rng
    area = rng.choice(AREAS)
    if kind == "team":
        title = f"{area} {FUNCTIONS[number % len(FUNCTIONS)]} {number}"
        return title, f"team-{number}-{_slug(title.split()[:2])}"
    if kind in _TITLE_ENDINGS:
        prefix, endings = _TITLE_ENDINGS[kind]
        noun = rng.choice(WORDS)
        return f"{area} {noun} {rng.choice(endings)}", f"{prefix}-{number}-{_slug([area, noun])}"
    role = rng.choice(ROLES)
    if number % 4 == 0:
        title = f"Lộ trình cho {area} {role}"  # Vietnamese titles are normal in opsbook
    else:
        title = f"Onboarding for the {area} {role}"
    return title, f"path-{number}-{_slug([area, role])}"


def _pick(rng: random.Random, pool: Sequence[str], low: int, high: int) -> list[str]:
    if not pool:
        return []
    count = min(len(pool), rng.randint(low, high))
    return rng.sample(pool, count)


def _team_fields(text: _Text, doc_id: str) -> dict[str, Tree]:
    rng = text.rng
    members: list[Tree] = []
    for name in rng.sample(PEOPLE, rng.randint(3, 6)):
        first = name.split()[0].lower().encode("ascii", "ignore").decode() or "member"
        members.append(
            {"name": name, "role": f"{rng.choice(ROLES)}", "contact": f"{first}@example.com"}
        )
    return {
        "members": members,
        "channels": {"chat": f"#{doc_id}", "email": f"{doc_id}@example.com"},
        "codeowners": [f"@example/{doc_id}"],
        "responsibilities": [text.phrase() for _ in range(rng.randint(2, 4))],
    }


def _step(text: _Text) -> dict[str, Tree]:
    rng = text.rng
    step: dict[str, Tree] = {"title": text.phrase()}
    if rng.random() < 0.7:
        step["details"] = text.paragraph(rng.randint(1, 3))
    if rng.random() < 0.5:
        tool = rng.choice(SERVICES)
        step["command"] = f"opsctl {rng.choice(VERBS)} {tool} --since=30m | grep -c error"
        step["expect"] = text.sentence(4, 8)
    return step


def _runbook_fields(text: _Text, teams: list[str]) -> dict[str, Tree]:
    rng = text.rng
    escalation: list[Tree] = [
        {"after_minutes": minutes, "contact": team}
        for minutes, team in zip((0, 30, 60), _pick(rng, teams, 1, 3), strict=False)
    ]
    return {
        "service": rng.choice(SERVICES),
        "severity": rng.choice(["sev1", "sev2", "sev3", "sev4"]),
        "symptoms": [text.sentence() for _ in range(rng.randint(2, 4))],
        "impact": text.paragraph(2),
        "prerequisites": [text.phrase() for _ in range(2)],
        "steps": [_step(text) for _ in range(rng.randint(4, 8))],
        "rollback": [_step(text)],
        "escalation": escalation,
    }


def _process_fields(text: _Text) -> dict[str, Tree]:
    rng = text.rng
    role_keys = rng.sample(["lead", "analyst", "pm", "support", "eng", "cs", "comms"], 4)
    roles: dict[str, Tree] = {key: text.sentence(4, 9) for key in role_keys}
    count = rng.randint(5, 9)
    decision_at = rng.randint(1, count - 3)  # steps are numbered from 1
    steps: list[Tree] = []
    for number in range(1, count + 1):
        step: dict[str, Tree] = {
            "id": f"step-{number}",
            "title": text.phrase(),
            "role": rng.choice(role_keys),
        }
        if rng.random() < 0.6:
            others = [key for key in role_keys if key != step["role"]]
            step["raci"] = {
                "accountable": rng.choice(role_keys),
                "consulted": list[Tree](rng.sample(others, 1)),
                "informed": list[Tree](rng.sample(others, 2)),
            }
        step["duration"] = f"{rng.randint(1, 8)}{rng.choice('mhd')}"
        if rng.random() < 0.5:
            step["tool"] = rng.choice(SERVICES)
        if rng.random() < 0.6:
            step["details"] = text.paragraph(rng.randint(1, 2))
        if number == decision_at:
            step["decision"] = f"Is the {rng.choice(WORDS)} ready?"
            step["next"] = {"yes": f"step-{number + 1}", "no": f"step-{number + 2}"}
        elif number == count - 1 and count - 1 > decision_at + 1:
            step["decision"] = "Is a last check needed?"
            step["next"] = {"yes": f"step-{count}", "no": "end"}
        steps.append(step)
    return {
        "purpose": text.paragraph(2),
        "trigger": text.sentence(),
        "cadence": rng.choice(["weekly", "every release", "on demand", "monthly"]),
        "roles": roles,
        "steps": steps,
        "inputs": [text.phrase() for _ in range(2)],
        "outputs": [text.phrase() for _ in range(2)],
        "metrics": [text.sentence(5, 9) for _ in range(2)],
    }


def _feature_fields(text: _Text, teams: list[str]) -> dict[str, Tree]:
    rng = text.rng
    status = rng.choice(STATUSES)
    out: dict[str, Tree] = {"status": status}
    if status in ("ga", "deprecated"):
        out["released"] = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 600))
    out["audience"] = list[Tree](_pick(rng, ["customers", "support", "sales", "success"], 1, 3))
    out["flags"] = [f"rel-{rng.choice(WORDS)}-{rng.randint(1, 99)}"]
    out["limitations"] = [text.sentence() for _ in range(rng.randint(1, 3))]
    out["faq"] = [
        {"q": text.sentence(5, 9)[:-1] + "?", "a": text.paragraph(rng.randint(1, 2))}
        for _ in range(rng.randint(2, 4))
    ]
    out["support_contact"] = rng.choice(teams)
    return out


def _onboarding_fields(text: _Text, paths: list[str], documents: list[str]) -> dict[str, Tree]:
    rng = text.rng
    modules: list[Tree] = []
    for _ in range(rng.randint(4, 8)):
        module: dict[str, Tree] = {"title": text.phrase(), "minutes": rng.choice([15, 30, 45, 60])}
        which = rng.random()
        if which < 0.6 and documents:
            module["doc"] = rng.choice(documents)
        elif which < 0.8:
            module["url"] = f"https://handbook.example.com/{rng.choice(WORDS)}"
        else:
            module["task"] = text.sentence()
        if rng.random() < 0.15:
            module["optional"] = True
        modules.append(module)
    out: dict[str, Tree] = {
        "audience": f"new {rng.choice(ROLES)}",
        "outcomes": [text.sentence() for _ in range(rng.randint(1, 3))],
    }
    prerequisites = _pick(rng, paths[-10:], 0, 2)
    if prerequisites:
        out["prerequisites"] = list[Tree](prerequisites)
    out["modules"] = modules
    return out


def _body(text: _Text) -> str:
    rng = text.rng
    parts = []
    for _ in range(rng.randint(1, 3)):
        parts.append(f"## {text.phrase()}\n\n{text.paragraph(rng.randint(2, 4))}\n")
    if rng.random() < 0.5:
        rows = "\n".join(f"| {rng.choice(WORDS)} | {text.sentence(3, 6)} |" for _ in range(3))
        parts.append(f"| Term | Meaning |\n|---|---|\n{rows}\n")
    return "\n".join(parts)


def _document(
    kind: str, number: int, seed: int, teams: list[str], placed: list[Doc], *, final: bool
) -> Doc:
    rng = random.Random(f"{seed}:{kind}:{number}:{final}")  # noqa: S311 - test data, not secrets
    text = _Text(rng)
    title, doc_id = _title(kind, number, text)
    if not final:
        doc_id = f"old-{doc_id}"
    owner = None if kind == "team" else rng.choice(teams)
    earlier = [doc.id for doc in placed[-200:]] if final else []
    if kind == "team":
        fields = _team_fields(text, doc_id)
    elif kind == "runbook":
        fields = _runbook_fields(text, teams)
    elif kind == "process":
        fields = _process_fields(text)
    elif kind == "feature-guide":
        fields = _feature_fields(text, teams)
    else:
        paths = [doc.id for doc in placed if doc.kind == "onboarding-path"] if final else []
        fields = _onboarding_fields(text, paths, earlier)
    related = _pick(rng, earlier, 0, 4) if kind != "team" else []
    doc = Doc(
        kind=kind,
        id=doc_id,
        title=title,
        base_summary=text.paragraph(rng.randint(1, 2)),
        owner=owner,
        fields=fields,
        tags=_pick(rng, TAGS, 0, 3),
        related=related,
        body="" if kind in YAML_KINDS else _body(text),
        every_days=rng.choice([30, 60, 90, 180]),
        final=final,
    )
    doc.refs = _references(doc)
    return doc


def _references(doc: Doc) -> set[str]:
    refs = set(doc.related)
    if doc.owner is not None:
        refs.add(doc.owner)
    contact = doc.fields.get("support_contact")
    if isinstance(contact, str):
        refs.add(contact)
    for key in ("escalation", "modules"):
        items = doc.fields.get(key)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                target = item.get("contact", item.get("doc"))
                if isinstance(target, str):
                    refs.add(target)
    prerequisites = doc.fields.get("prerequisites")
    if doc.kind == "onboarding-path" and isinstance(prerequisites, list):
        refs.update(item for item in prerequisites if isinstance(item, str))
    return refs


def plan_documents(count: int, seed: int) -> list[Doc]:
    """`count` documents of every kind, in the order they are added to the knowledge base."""
    counts = _counts(count)
    teams = [
        _document("team", number, seed, [], [], final=True)
        for number in range(1, counts["team"] + 1)
    ]
    team_ids = [team.id for team in teams]
    kinds: list[str] = []
    for kind in KINDS[1:]:
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
