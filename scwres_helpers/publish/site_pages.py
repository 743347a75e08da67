"""What each page of the national site is made from: the one answer, for the build and
both renderers.

The pages are those ``_quarto.yml`` lists (``project.render``, read by
``quarto_config``): a page added there is executed and published by either renderer,
and no list in Python decides otherwise. A page ``P`` is, in this order:

1. ``notebooks/national/P.ipynb``, when that notebook exists (``index``, ``trends``...);
2. one page of a family of chapters sharing a notebook: ``indicator-<id>`` is
   ``notebooks/national/indicator.ipynb`` run with ``indicator=<id>``, for the ids
   of ``INDICATOR_CHAPTERS``;
3. a page the build writes itself (``GENERATED_PAGES``: the downloads page).

Any other page stops the build, naming it, before anything is executed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scwres_helpers.codes import INDICATORS
from scwres_helpers.config import NOTEBOOKS_DIR, QUARTO_CONFIG
from scwres_helpers.publish.naming import checked_page_name
from scwres_helpers.publish.quarto_config import QuartoConfigError, load_site_config

NATIONAL_NOTEBOOKS = NOTEBOOKS_DIR / "national"
# Pages written by the build, not executed (publish.data_downloads writes the downloads
# page, publish.revisions the revisions page).
GENERATED_PAGES = ("downloads", "revisions")
# The indicator chapters: one per indicator number (7a and 7b share chapter 7).
INDICATOR_CHAPTERS = tuple(dict.fromkeys(re.match(r"\d+", indicator)[0] for indicator in INDICATORS))
# Families of pages sharing one notebook: page prefix -> (notebook, parameter, ids).
FAMILIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "indicator": ("indicator.ipynb", "indicator", INDICATOR_CHAPTERS),
}


class UnknownPageError(QuartoConfigError):
    """``_quarto.yml`` lists a page that no notebook, family or generated page makes."""


@dataclass(frozen=True)
class SitePage:
    """One page: its name and the notebook (and extra parameters) it is executed from;
    NOTEBOOK is None for a page the build generates."""

    name: str
    notebook: Path | None
    parameters: dict[str, str] = field(default_factory=dict)

    @property
    def generated(self) -> bool:
        return self.notebook is None


def resolve_page(name: str, notebooks_dir: Path = NATIONAL_NOTEBOOKS) -> SitePage:
    """What page NAME is made from (the rules above); UnknownPageError if nothing makes it."""
    checked_page_name(name)
    own = Path(notebooks_dir) / f"{name}.ipynb"
    if own.is_file():
        return SitePage(name, own)
    prefix, _, member = name.partition("-")
    if prefix in FAMILIES:
        notebook, parameter, ids = FAMILIES[prefix]
        if member in ids:
            return SitePage(name, Path(notebooks_dir) / notebook, {parameter: member})
    if name in GENERATED_PAGES:
        return SitePage(name, None)
    families = ", ".join(f"{prefix}-<{'|'.join(ids)}>" for prefix, (_, _, ids) in FAMILIES.items())
    raise UnknownPageError(
        f"page {name!r} is listed in _quarto.yml (project.render) but nothing makes it: no notebook "
        f"{Path(notebooks_dir) / f'{name}.ipynb'}, not one of {families}, "
        f"and not a page the build writes ({', '.join(GENERATED_PAGES)})"
    )


def published_pages(config_path: Path = QUARTO_CONFIG, notebooks_dir: Path = NATIONAL_NOTEBOOKS) -> list[SitePage]:
    """Every page ``_quarto.yml`` lists, in its order, with what makes it."""
    return [resolve_page(name, notebooks_dir) for name in load_site_config(config_path).pages]


def chapter_pages(config_path: Path = QUARTO_CONFIG, notebooks_dir: Path = NATIONAL_NOTEBOOKS) -> list[SitePage]:
    """The pages executed from notebooks (the national chapters)."""
    return [page for page in published_pages(config_path, notebooks_dir) if not page.generated]
