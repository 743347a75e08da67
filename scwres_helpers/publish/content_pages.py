"""Content put into the pages, the same way for both renderers.

- A foreword is the overview's first section: after its opening (the title, the
  notice and the lines introducing the report), before the key findings.
- A commentary is a section at the end of its chapter.
- A page is its title as a level-1 heading, then its text; it goes into the
  sidebar before the pages the build writes (downloads), or at its end.

Forewords and commentaries become markdown cells of a copy of the executed notebook
(never the notebook itself: the committed notebooks and nbval do not see content),
so the bundled renderer's markdown and Quarto's notebook hold them at the same
place. With ``resolve=True`` the figures are put in (the bundled renderer); without,
the ``{{< var KEY >}}`` shortcodes stay for Quarto, which reads ``_variables.yml``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Any

import yaml

from scwres_helpers.config import CONTENT_WORDS
from scwres_helpers.publish.content import ContentFile, YearContent
from scwres_helpers.publish.content_figures import resolve
from scwres_helpers.publish.quarto_config import NavLink, SiteConfig
from scwres_helpers.publish.site_pages import GENERATED_PAGES

CONTENT_TAG = "scwres-content"
OVERVIEW = "index"


@lru_cache(maxsize=1)
def headings() -> dict[str, str]:
    """The default headings of a foreword and a commentary (``templates/content.yml``)."""
    words = yaml.safe_load(CONTENT_WORDS.read_text(encoding="utf-8")) or {}
    return {"foreword": str(words["foreword"]), "commentary": str(words["commentary"])}


def _text(file: ContentFile, content: YearContent, resolved: bool) -> str:
    return resolve(file.text, content.variables) if resolved else file.text


def section_markdown(file: ContentFile, heading: str, content: YearContent, *, resolved: bool) -> str:
    """A foreword or commentary as one section: its heading (its title, else HEADING), its text."""
    return f"## {file.title or heading}\n\n{_text(file, content, resolved).strip()}\n"


def page_markdown(name: str, content: YearContent, *, resolved: bool) -> str:
    """A content page as markdown: its title as the level-1 heading, then its text."""
    file = content.pages[name]
    return f"# {file.title}\n\n{_text(file, content, resolved).strip()}\n"


def _cell(source: str, number: int) -> dict[str, Any]:
    """A markdown cell of SOURCE, as lines that keep their line ends (as nbformat writes them):
    Quarto joins a cell's source as lines, so one string would lose its line breaks."""
    return {"cell_type": "markdown", "id": f"{CONTENT_TAG}-{number}", "metadata": {"tags": [CONTENT_TAG]},
            "source": source.splitlines(keepends=True)}


def _shows_heading(cell: dict, marker: str) -> bool:
    """Whether CELL shows a heading starting with MARKER ('## '), in its source or its markdown output."""
    texts = [cell.get("source", "")] if cell["cell_type"] == "markdown" else [
        output.get("data", {}).get("text/markdown", "") for output in cell.get("outputs", [])]
    return any(line.startswith(marker) for text in texts
               for line in ("".join(text) if isinstance(text, list) else str(text)).splitlines())


def first_section(notebook: Mapping[str, Any]) -> int:
    """The index of the first cell showing a section (a level-2 heading), after the chapter's
    opening: its title, notice and the lines that introduce it; the end when none does."""
    cells = notebook["cells"]
    return next((i for i, cell in enumerate(cells) if _shows_heading(cell, "## ")), len(cells))


def with_content(notebook: Mapping[str, Any], page: str, content: YearContent | None, *,
                 resolved: bool) -> Mapping[str, Any]:
    """NOTEBOOK (nbformat 4 JSON) with PAGE's foreword and commentary as markdown cells; a copy
    when there are any, NOTEBOOK itself when there are none."""
    if content is None:
        return notebook
    foreword = content.foreword if page == OVERVIEW else None
    commentary = content.commentary.get(page)
    if foreword is None and commentary is None:
        return notebook
    staged = copy.deepcopy(dict(notebook))
    cells = staged["cells"]
    if commentary is not None:
        cells.append(_cell(section_markdown(commentary, headings()["commentary"], content, resolved=resolved), 2))
    if foreword is not None:
        cells.insert(first_section(staged),
                     _cell(section_markdown(foreword, headings()["foreword"], content, resolved=resolved), 1))
    return staged


def _before_generated(names: list[str], added: list[str]) -> list[str]:
    at = next((i for i, name in enumerate(names) if name in GENERATED_PAGES), len(names))
    return [*names[:at], *added, *names[at:]]


def site_config(config: SiteConfig, content: YearContent | None) -> SiteConfig:
    """CONFIG with the content pages listed (before the generated pages) and in the sidebar."""
    if content is None or not content.pages:
        return config
    added = list(content.pages)
    links = [NavLink(name, content.pages[name].title or name) for name in added]
    sidebar = list(config.sidebar)
    at = next((i for i, entry in enumerate(sidebar)
               if isinstance(entry, NavLink) and entry.page in GENERATED_PAGES), len(sidebar))
    return replace(config, pages=tuple(_before_generated(list(config.pages), added)),
                   sidebar=(*sidebar[:at], *links, *sidebar[at:]))


def quarto_project(base: Mapping[str, Any], content: YearContent | None) -> dict[str, Any]:
    """The site's ``_quarto.yml`` (BASE) with the content pages in the sidebar, as site_config does."""
    project = copy.deepcopy(dict(base))
    if content is None or not content.pages:
        return project
    links = [{"href": f"{name}.qmd", "text": file.title} for name, file in content.pages.items()]
    sidebars = (project.get("website") or {}).get("sidebar") or {}
    sidebar = sidebars[0] if isinstance(sidebars, list) else sidebars
    contents = list(sidebar.get("contents") or [])
    at = next((i for i, entry in enumerate(contents)
               if isinstance(entry, dict) and str(entry.get("href", "")).rsplit(".", 1)[0] in GENERATED_PAGES),
              len(contents))
    sidebar["contents"] = [*contents[:at], *links, *contents[at:]]
    return project
