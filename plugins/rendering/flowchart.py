"""A process as a Mermaid flowchart: steps as boxes, decisions as diamonds."""

from __future__ import annotations

from opsbook.plugins.rendering.environment import mermaid_label
from opsbook.schemas import END, Process

__all__ = ["flowchart"]

START_NODE = "opsbook_start"
END_NODE = "opsbook_end"


def _node_id(index: int) -> str:
    # Step ids could be Mermaid keywords (`end`, `graph`); positions never are.
    return f"step{index}"


def flowchart(process: Process, start_label: str, end_label: str) -> str:
    """Mermaid source for the process, top to bottom, with labelled decision edges."""
    index_of = {step.id: index for index, step in enumerate(process.steps)}
    lines = ["flowchart TD", f'    {START_NODE}(["{mermaid_label(start_label)}"])']
    ends = False
    for index, step in enumerate(process.steps):
        label = mermaid_label(step.decision or step.title)
        if step.decision is not None:
            lines.append(f'    {_node_id(index)}{{"{label}"}}')
        else:
            lines.append(f'    {_node_id(index)}["{label}"]')
    lines.append(f"    {START_NODE} --> {_node_id(0)}")
    for index in range(len(process.steps)):
        for edge_label, target in process.successors(index):
            if target == END:
                ends = True
                destination = END_NODE
            elif target in index_of:
                destination = _node_id(index_of[target])
            else:  # pragma: no cover - validation refuses unknown targets
                continue
            arrow = f'-->|"{mermaid_label(edge_label)}"|' if edge_label is not None else "-->"
            lines.append(f"    {_node_id(index)} {arrow} {destination}")
    if ends:
        lines.append(f'    {END_NODE}(["{mermaid_label(end_label)}"])')
    lines += [
        "    classDef opsbookTerminal fill:#eceff1,stroke:#607d8b",
        f"    class {START_NODE},{END_NODE} opsbookTerminal"
        if ends
        else f"    class {START_NODE} opsbookTerminal",
    ]
    return "\n".join(lines)
