"""A process as a RACI matrix: which role is Responsible, Accountable,
Consulted or Informed in each step."""

from __future__ import annotations

from dataclasses import dataclass

from opsbook.schemas.process import Process

__all__ = ["RaciRow", "raci_matrix"]


@dataclass(frozen=True, slots=True)
class RaciRow:
    step_title: str
    cells: tuple[str, ...]
    """One cell per role, in the order of the process's roles: "", "R", "A", "R/A", ..."""


def raci_matrix(process: Process) -> list[RaciRow]:
    roles = list(process.roles)
    rows = []
    for step in process.steps:
        letters: dict[str, list[str]] = {role: [] for role in roles}
        letters.setdefault(step.role, []).append("R")
        if step.raci is not None:
            if step.raci.accountable is not None:
                letters.setdefault(step.raci.accountable, []).append("A")
            for role in step.raci.consulted:
                letters.setdefault(role, []).append("C")
            for role in step.raci.informed:
                letters.setdefault(role, []).append("I")
        cells = tuple("/".join(dict.fromkeys(letters.get(role, []))) for role in roles)
        rows.append(RaciRow(step.title, cells))
    return rows
