"""Navigation without a hand-written `nav`, and hand-written ones that name YAML.

MkDocs orders an automatic navigation alphabetically, which would put the
changelog first. Here the home page comes first, then the catalog, the
folders of each kind, the site's other pages, and last the generated
reference and changelog. Titles are the pages' own, as in MkDocs. A large
knowledge base leaves its documents out (they are in the catalog): the theme
writes the whole navigation into every page, so its size multiplies.
"""

from __future__ import annotations

import posixpath
from typing import Any

from mkdocs.structure.files import Files, InclusionLevel, file_sort_key
from mkdocs.utils import nest_paths

from opsbook.kinds import REGISTRY

__all__ = ["ordered_nav", "rewrite_nav"]


def ordered_nav(
    files: Files,
    *,
    catalog_dir: str,
    tail_dirs: tuple[str, ...],
    leave_out: frozenset[str] = frozenset(),
) -> list[Any]:
    """A nav structure (as in mkdocs.yml) of every page but `leave_out`, in reading order.

    Pages left out are marked as not in the nav, so MkDocs does not list them as
    forgotten.
    """
    ranks = {catalog_dir: 1}
    ranks.update({kind.folder: 2 + index for index, kind in enumerate(REGISTRY)})
    ranks.update({folder: 20 + index for index, folder in enumerate(tail_dirs)})

    def rank(src_uri: str) -> int:
        folder = src_uri.split("/", 1)[0] if "/" in src_uri else ""
        return 0 if not folder else ranks.get(folder, 10)

    pages = []
    for page in files.documentation_pages():
        if page.src_uri in leave_out:
            page.inclusion = InclusionLevel.NOT_IN_NAV
        elif page.inclusion.is_in_nav():
            pages.append(page)
    pages.sort(key=lambda page: (rank(page.src_uri), file_sort_key(page)))
    return list(nest_paths(page.src_uri for page in pages))


def rewrite_nav(nav: Any, renamed: dict[str, str]) -> Any:
    """A hand-written nav may name YAML documents by path; point those at their pages."""
    if isinstance(nav, str):
        return renamed.get(posixpath.normpath(nav), nav)
    if isinstance(nav, list):
        return [rewrite_nav(item, renamed) for item in nav]
    if isinstance(nav, dict):
        return {key: rewrite_nav(value, renamed) for key, value in nav.items()}
    return nav
