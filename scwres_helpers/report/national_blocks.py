"""The building blocks of a national chapter: what a block is, how it is shown, how a chapter opens.

A chapter is composed as a list of blocks (``report.blocks``: a markdown string, a
``Chart`` or a ``TableBlock``), so that what the public sees can be tested without
running a notebook; ``show_blocks`` turns them into notebook outputs.

Every chapter opens the same way: its title as the one level-1 heading and, when the
data are synthetic, a banner saying so before any figure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from matplotlib.text import Text

from scwres_helpers import codes, registry
from scwres_helpers.bundles import NationalInputs, is_synthetic_code, national_inputs_from_returns
from scwres_helpers.report.blocks import Block, TableBlock, show_blocks
from scwres_helpers.report.chart import Chart
from scwres_helpers.report.phrases import say
from scwres_helpers.report.settings import ReportSettings

SYNTHETIC_BANNER_TEXT = say("national.synthetic_banner")
SYNTHETIC_BANNER = f"> **{SYNTHETIC_BANNER_TEXT}**"

# The chapters' titles, from the registry (the sidebar of _quarto.yml is checked against it).
CHAPTER_TITLES: dict[str, str] = {chapter.page: chapter.title for chapter in registry.chapters()}


# A national chapter reads the same settings as an authority report.
NationalSettings = ReportSettings


def load_national(year: int, returns_root: str | Path, inputs_dir: str | Path, params: dict | None) -> NationalInputs:
    """The national bundle: read from ``inputs_dir`` (the build) or computed from the returns (by hand).

    An empty ``inputs_dir`` means "compute it here" with the threshold of ``params``.
    A bundle for another year is refused, so a chapter can never show the wrong year.
    """
    if str(inputs_dir or "").strip():
        inputs = NationalInputs.read(Path(inputs_dir))
    else:
        threshold = NationalSettings.from_params(params).suppression_threshold
        inputs = national_inputs_from_returns(Path(returns_root), int(year), threshold)
    if inputs.year != int(year):
        raise ValueError(f"the national inputs are for {inputs.year}, not {year}")
    return inputs


def is_synthetic(inputs: NationalInputs, settings: NationalSettings) -> bool:
    """Synthetic when the settings say so, else when every authority code is a sample code (X...)."""
    if settings.synthetic_data is not None:
        return settings.synthetic_data
    authority = inputs.indicators.loc[inputs.indicators["scope"] == "authority", "authority_code"]
    return bool(len(authority)) and all(is_synthetic_code(c) for c in authority.unique())


def year_rows(inputs: NationalInputs, year: int | None = None) -> pd.DataFrame:
    """All rows (authority and national) of one year, the report year by default."""
    table = inputs.indicators
    return table.loc[table["year"] == (inputs.year if year is None else year)]


def national_rows(inputs: NationalInputs, year: int | None = None) -> pd.DataFrame:
    """The pooled national rows of one year (the report year by default); every year with ``year=0``."""
    table = inputs.indicators
    national = table.loc[table["scope"] == codes.NATIONAL]
    if year == 0:
        return national
    return national.loc[national["year"] == (inputs.year if year is None else year)]


def pooled_counts(inputs: NationalInputs) -> dict[int, int]:
    """Year -> number of authorities whose returns that year's national figures pool."""
    frame = inputs.participation
    return {int(y): int(n) for y, n in zip(frame["year"], frame["authorities_pooled"])}


def authorities_word(n: int) -> str:
    """'1 authority' / '12 authorities'."""
    return say("national.authorities", n=n)


def heading(level: int, text: str) -> str:
    """A markdown heading block."""
    return f"{'#' * level} {text}"


def chapter_opening(chapter: str, inputs: NationalInputs, settings: NationalSettings) -> list[Block]:
    """Title (the one h1), the synthetic-data banner when it applies, and what the report is."""
    blocks: list[Block] = [heading(1, CHAPTER_TITLES[chapter])]
    if is_synthetic(inputs, settings):
        blocks.append(SYNTHETIC_BANNER)
    pooled = pooled_counts(inputs).get(inputs.year, 0)
    blocks.append(say("national.opening", programme=settings.programme_name, year=inputs.year,
                      publisher=settings.publisher, authorities=authorities_word(pooled)))
    return blocks


def split_opening(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """(title, banner and first paragraph; the rest): a notebook puts its narrative between them."""
    for i, block in enumerate(blocks):
        if i and isinstance(block, str) and block.startswith("## "):
            return blocks[:i], blocks[i:]
    return blocks, []


# --- reading blocks back (for tests and leak checks) ----------------------------------

_HEADING = re.compile(r"^(#{1,6}) (.+)$", re.MULTILINE)


def figure_texts(chart: Chart) -> list[str]:
    """Every piece of text drawn in a chart's figure (titles, labels, legend, annotations)."""
    return [t.get_text() for t in chart.figure.findobj(Text) if t.get_text()]


def public_text(block: Block) -> str:
    """Everything a reader could see of a block as one string: words, alt text, text drawn
    in the chart, and the data behind it (for leak checks of the public report)."""
    if isinstance(block, str):
        return block
    if isinstance(block, Chart):
        parts = [block.title, block.subtitle, block.alt_text, *figure_texts(block),
                 block.data.to_csv(index=False)]
        return "\n".join(parts)
    if isinstance(block, TableBlock):
        return "\n".join([block.caption, block.note or "", block.frame.to_csv(index=False)])
    raise TypeError(f"not a block: {type(block).__name__}")


def headings(blocks: list[Block]) -> list[tuple[int, str]]:
    """(level, text) of every markdown heading in the blocks, in order."""
    found = []
    for block in blocks:
        if isinstance(block, str):
            found += [(len(m.group(1)), m.group(2)) for m in _HEADING.finditer(block)]
    return found


__all__ = [
    "CHAPTER_TITLES",
    "SYNTHETIC_BANNER",
    "SYNTHETIC_BANNER_TEXT",
    "Block",
    "NationalSettings",
    "TableBlock",
    "chapter_opening",
    "figure_texts",
    "headings",
    "is_synthetic",
    "load_national",
    "national_rows",
    "pooled_counts",
    "public_text",
    "show_blocks",
    "split_opening",
    "year_rows",
]
