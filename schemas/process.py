"""`process`: a repeatable way of working, drawn as a flowchart and a RACI matrix."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, ClassVar, Literal

from pydantic import BeforeValidator, Field, StringConstraints

from opsbook.schemas.base import Document, FieldIssue, Review, owner_field, review_field
from opsbook.schemas.fields import Duration, Markdown, Slug, StrictModel, Text
from opsbook.suggestions import did_you_mean

__all__ = ["END", "Process", "ProcessStep", "Raci", "RoleKey"]

END = "end"
"""The `next` target that ends the process."""

MAX_STEPS = 100
MAX_TRANSITIONS = 300
"""A flowchart larger than this is no longer readable, and Mermaid refuses charts of more
than 500 edges: a process this big is several processes."""

ROLE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
RoleKey = Annotated[str, StringConstraints(pattern=ROLE_PATTERN)]
"""A short key naming a role, like `pm` or `support-lead`."""


def _one_or_many(value: object) -> object:
    """`next: review` means the same as `next: [review]`."""
    return [value] if isinstance(value, str) else value


class Raci(StrictModel):
    """Who else takes part in a step besides the Responsible role."""

    accountable: RoleKey | None = Field(
        default=None, description="The role that answers for the outcome (A)."
    )
    consulted: list[RoleKey] = Field(
        default_factory=list, description="Roles asked for input before or during the step (C)."
    )
    informed: list[RoleKey] = Field(
        default_factory=list, description="Roles told about the result (I)."
    )


class ProcessStep(StrictModel):
    """One step of a process: a box in the flowchart, a row of the RACI matrix."""

    id: Slug = Field(description="Unique within the process; what `next` points to.")
    title: Text = Field(description="What happens in this step.")
    role: RoleKey = Field(description="The role key that does the work (Responsible).")
    raci: Raci | None = Field(
        default=None, description="Accountable, consulted and informed roles."
    )
    duration: Duration | None = Field(
        default=None, description="How long the step usually takes: 30m, 4h, 2d or 1w."
    )
    tool: Text | None = Field(default=None, description="The tool the step is done in.")
    details: Markdown | None = Field(default=None, description="More explanation, in Markdown.")
    decision: Text | None = Field(
        default=None,
        description="A question this step answers; `next` then maps each answer to a step.",
    )
    next: Annotated[
        list[Slug] | dict[Text, Slug] | None,
        BeforeValidator(_one_or_many, json_schema_input_type=list[Slug] | dict[Text, Slug] | Slug),
    ] = Field(
        default=None,
        description="The step id (or list of ids) that follows; `end` ends the process. With "
        "`decision`, a mapping from each answer to a step id. By default the following step; "
        "the last step ends the process.",
        union_mode="left_to_right",
    )


class Process(Document):
    """A repeatable way of working."""

    KIND: ClassVar[str] = "process"

    kind: Literal["process"] = Field(description="Always `process`.")
    owner: Slug = owner_field()
    review: Review = review_field()
    purpose: Text = Field(description="Why the process exists.")
    trigger: Text = Field(description="What starts the process.")
    cadence: Text | None = Field(
        default=None, description="How often it runs: every release, weekly, ..."
    )
    roles: dict[RoleKey, Text] = Field(
        min_length=1, description="Role keys and what each role is, e.g. `pm: Product manager`."
    )
    steps: list[ProcessStep] = Field(min_length=1, description="The steps, in their usual order.")
    inputs: list[Text] = Field(default_factory=list, description="What the process needs.")
    outputs: list[Text] = Field(default_factory=list, description="What the process produces.")
    metrics: list[Text] = Field(default_factory=list, description="How its health is measured.")

    def successors(self, index: int) -> list[tuple[str | None, str]]:
        """(edge label, step id or `end`) for every way out of step `index`."""
        step = self.steps[index]
        if isinstance(step.next, dict):
            return list(step.next.items())
        if step.next:
            return [(None, target) for target in step.next]
        following = self.steps[index + 1].id if index + 1 < len(self.steps) else END
        return [(None, following)]

    def consistency(self) -> Iterator[FieldIssue]:
        yield from super().consistency()
        issues = [
            *self._size(),
            *self._step_ids(),
            *self._roles(),
            *self._next_targets(),
            *self._reachability(),
        ]
        yield from issues
        if not issues:  # whether it can end only means something once the graph is sound
            yield from self._endings()

    def _size(self) -> Iterator[FieldIssue]:
        transitions = sum(len(self.successors(index)) for index in range(len(self.steps)))
        if len(self.steps) > MAX_STEPS or transitions > MAX_TRANSITIONS:
            yield FieldIssue(
                ("steps",),
                f"the process has {len(self.steps)} steps and {transitions} transitions, more "
                f"than a flowchart can show (at most {MAX_STEPS} steps and {MAX_TRANSITIONS} "
                "transitions)",
                "split it into smaller processes, one per stage, and link them with 'related' "
                "(the last step of one can name the next process in its title)",
                "too-large",
            )

    def _step_ids(self) -> Iterator[FieldIssue]:
        seen: dict[str, int] = {}
        for index, step in enumerate(self.steps):
            if step.id == END:
                yield FieldIssue(
                    ("steps", index, "id"),
                    "'end' cannot be a step id: it is how `next` ends the process",
                    "choose another id, like 'wrap-up'",
                    "reserved-id",
                )
            elif step.id in seen:
                yield FieldIssue(
                    ("steps", index, "id"),
                    f"the step id '{step.id}' is already used by step {seen[step.id] + 1}",
                    "give every step of a process its own id",
                    "duplicate-id",
                )
            else:
                seen[step.id] = index

    def _roles(self) -> Iterator[FieldIssue]:
        roles = list(self.roles)
        for index, step in enumerate(self.steps):
            uses: list[tuple[tuple[str | int, ...], str]] = [(("role",), step.role)]
            if step.raci is not None:
                if step.raci.accountable is not None:
                    uses.append((("raci", "accountable"), step.raci.accountable))
                uses += [(("raci", "consulted", i), r) for i, r in enumerate(step.raci.consulted)]
                uses += [(("raci", "informed", i), r) for i, r in enumerate(step.raci.informed)]
            for path, role in uses:
                if role not in self.roles:
                    yield FieldIssue(
                        ("steps", index, *path),
                        f"the role '{role}' is not declared in this process's roles",
                        did_you_mean(role, roles, "declared roles")
                        or f"add '{role}: <what this role is>' under roles",
                        "undeclared-role",
                    )

    def _next_targets(self) -> Iterator[FieldIssue]:
        ids = [step.id for step in self.steps]
        for index, step in enumerate(self.steps):
            if isinstance(step.next, dict) and step.decision is None:
                yield FieldIssue(
                    ("steps", index, "next"),
                    "'next' maps answers to steps, but the step asks no 'decision'",
                    "add 'decision: <the question>' or make 'next' a list of step ids",
                    "inconsistent",
                )
            if step.decision is not None and not isinstance(step.next, dict):
                yield FieldIssue(
                    ("steps", index, "decision"),
                    "a decision needs 'next' to map each answer to a step",
                    "write next: {yes: <step id>, no: <step id>}",
                    "inconsistent",
                )
            elif step.decision is not None and isinstance(step.next, dict) and len(step.next) < 2:
                yield FieldIssue(
                    ("steps", index, "next"),
                    "a decision needs at least two answers",
                    "add the other answer, like {yes: <step id>, no: <step id>}, or drop "
                    "'decision' and make 'next' a list",
                    "inconsistent",
                )
            if isinstance(step.next, list) and len(set(step.next)) < len(step.next):
                yield FieldIssue(
                    ("steps", index, "next"),
                    "'next' names the same step twice",
                    "list each following step once",
                    "duplicate-next",
                )
            targets: list[tuple[tuple[str | int, ...], str]]
            if isinstance(step.next, dict):
                targets = [((label,), target) for label, target in step.next.items()]
            else:
                targets = [((i,), target) for i, target in enumerate(step.next or [])]
            for path, target in targets:
                if target != END and target not in ids:
                    yield FieldIssue(
                        ("steps", index, "next", *path),
                        f"'next' points to the step '{target}', which this process does not have",
                        did_you_mean(target, ids, "step ids")
                        or "use the id of a step of this process, or 'end'",
                        "unknown-step",
                    )
                elif target == step.id:
                    yield FieldIssue(
                        ("steps", index, "next", *path),
                        f"the step '{step.id}' leads to itself",
                        "point 'next' at another step, or at 'end'",
                        "self-loop",
                    )

    def _endings(self) -> Iterator[FieldIssue]:
        """Every step that can be reached must be able to lead to the end."""
        index_of = {step.id: i for i, step in enumerate(self.steps)}
        leads_to: dict[int, set[int]] = {i: set() for i in range(len(self.steps))}
        ending: set[int] = set()
        for index in range(len(self.steps)):
            for _, target in self.successors(index):
                if target == END:
                    ending.add(index)
                elif target in index_of:
                    leads_to[index_of[target]].add(index)
        pending = list(ending)
        while pending:
            for earlier in leads_to[pending.pop()] - ending:
                ending.add(earlier)
                pending.append(earlier)
        stuck = [i for i in sorted(self._reached(index_of)) if i not in ending]
        if stuck:
            step = self.steps[stuck[0]]
            yield FieldIssue(
                ("steps", stuck[0]),
                f"the process can never end once it reaches the step '{step.id}': every path "
                "from there loops back",
                "point a 'next' of one of those steps at 'end', or at a step that ends",
                "endless",
            )

    def _reached(self, index_of: dict[str, int]) -> set[int]:
        """Steps reachable from the first one."""
        reached = {0}
        pending = [0]
        while pending:
            current = pending.pop()
            for _, target in self.successors(current):
                following = index_of.get(target)
                if following is not None and following not in reached:
                    reached.add(following)
                    pending.append(following)
        return reached

    def _reachability(self) -> Iterator[FieldIssue]:
        reached = self._reached({step.id: i for i, step in enumerate(self.steps)})
        for index, step in enumerate(self.steps):
            if index not in reached:
                yield FieldIssue(
                    ("steps", index),
                    f"the step '{step.id}' can never be reached from the first step",
                    "point a 'next' of an earlier step at it, or remove it",
                    "unreachable",
                )
