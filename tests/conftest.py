"""Settings every test shares."""

from __future__ import annotations

import os

# mkdocs-material prints a notice about MkDocs 2 on every build; keep output clean.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
