"""A process as a Mermaid flowchart: steps as boxes, decisions as diamonds.

Titles and answers are plain text, and reach the chart as text only: every
character Mermaid could read as syntax (quotes, `%%{init}%%` directives,
backticks that switch on Markdown, HTML) is written as one of its entity
codes. Labels are cut to `LABEL_LIMIT` characters (the page lists the steps in
full), so a chart of any process validation accepts stays within Mermaid's
limits on text and edges (see schemas/process.py).

The source stays this plain: how big the chart is drawn, and its accessible
name, are added by opsbook.js as the page hands the chart to Mermaid.
"""

from __future__ import annotations

from opsbook.schemas.process import END, Process

__all__ = ["LABEL_LIMIT", "MERMAID_MAX_TEXT", "flowchart", "mermaid_label"]

START_NODE = "opsbook_start"
END_NODE = "opsbook_end"
LABEL_LIMIT = 80
MERMAID_MAX_TEXT = 50_000
"""Mermaid's `maxTextSize`: longer chart source is refused with an error."""

# Mermaid entity codes: `#35;` is `#`, `#quot;` is `"`, and so on.
_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "%": "#37;",
    "{": "#123;",
    "}": "#125;",
    "`": "#96;",
    "\\": "#92;",
    "|": "#124;",
}


def mermaid_label(text: str, limit: int = LABEL_LIMIT) -> str:
    """Text for inside a quoted Mermaid label: on one line, at most `limit` characters,
    every special character as an entity code."""
    flat = " ".join(str(text).split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return "".join(_ENTITIES.get(char, char) for char in flat)


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
            arrow = f'-->|"{mermaid_label(edge_label, 40)}"|' if edge_label is not None else "-->"
            lines.append(f"    {_node_id(index)} {arrow} {destination}")
    if ends:
        lines.append(f'    {END_NODE}(["{mermaid_label(end_label)}"])')
    lines += [
        # Start and end are outlined on the page's own background, in either colour scheme.
        "    classDef opsbookTerminal fill:transparent,stroke:#78909c",
        f"    class {START_NODE},{END_NODE} opsbookTerminal"
        if ends
        else f"    class {START_NODE} opsbookTerminal",
    ]
    return "\n".join(lines)
