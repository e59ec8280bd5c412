"""opsbook: product operations knowledge as validated documents.

The core (loading, validation, references, history) knows nothing about MkDocs,
so the command line and any renderer share it.
"""

from __future__ import annotations

__version__ = "0.1.0"
