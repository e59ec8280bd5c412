"""The plugin's own words, in the site's language: those of every page in
`locales/<language>.yml`, those of a page of its own in `locales/<page>.<language>.yml`,
those of each kind beside its module in `opsbook/kinds/`."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

__all__ = ["LOCALES_DIR", "Labels", "load_labels"]

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DEFAULT_LANGUAGE = "en"


class Labels(dict[str, Any]):
    """Label texts by key; attribute access keeps templates short (`t.steps`)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@functools.cache
def _read(language: str) -> dict[str, Any]:
    """The words of every page in `language`, then each kind's own (see opsbook.kinds)."""
    from opsbook.kinds import REGISTRY  # the kinds' modules render with these labels

    labels: dict[str, Any] = {}
    pages = sorted(LOCALES_DIR.glob(f"*.{language}.yml"))  # pages of their own: health, ...
    for path in (
        LOCALES_DIR / f"{language}.yml",
        *pages,
        *(kind.label_file(language) for kind in REGISTRY),
    ):
        _merge(labels, _read_file(path))
    return labels


def _read_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    with path.open("rb") as stream:
        data = yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    return data if isinstance(data, dict) else {}


def _merge(labels: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(labels.get(key), dict):
            labels[key] = {**labels[key], **value}
        else:
            labels[key] = value


def load_labels(language: str | None, overrides: dict[str, Any] | None = None) -> Labels:
    """Labels for `language` (`vi`, `pt-BR` falls back to `pt`), English for anything missing,
    then the site's own `overrides`."""
    labels = dict(_read(DEFAULT_LANGUAGE))
    wanted = (language or DEFAULT_LANGUAGE).replace("_", "-")
    for candidate in (wanted.split("-")[0], wanted):
        if candidate != DEFAULT_LANGUAGE:
            _merge(labels, _read(candidate))
    _merge(labels, overrides or {})
    return Labels(labels)
