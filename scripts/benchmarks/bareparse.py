"""The floor for `opsbook validate`: parse every YAML file and front matter, nothing more.

    python scripts/benchmarks/bareparse.py DOCS_DIR

Walks the docs folder like opsbook does (hidden files and folders skipped) and loads each YAML
file, and the front matter of each Markdown file, with PyYAML's C loader. No validation, no
references, no messages: what any tool reading these files has to pay at least. It runs as its
own process so that interpreter start-up is counted as it is for `opsbook validate`.
"""

from __future__ import annotations

import os
import sys

import yaml

YAML_SUFFIXES = (".yaml", ".yml")


def parse_all(docs_dir: str) -> int:
    """Number of documents parsed."""
    count = 0
    for folder, subfolders, files in os.walk(docs_dir):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            lower = name.lower()
            if not lower.endswith((*YAML_SUFFIXES, ".md")):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                text = handle.read()
            if lower.endswith(YAML_SUFFIXES):
                yaml.load(text, Loader=yaml.CSafeLoader)
                count += 1
            elif text.startswith("---\n"):
                end = text.find("\n---", 4)
                if end != -1:
                    yaml.load(text[4 : end + 1], Loader=yaml.CSafeLoader)
                    count += 1
    return count


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: bareparse.py DOCS_DIR")
    print(f"{parse_all(sys.argv[1])} documents parsed")
