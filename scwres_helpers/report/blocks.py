"""Report content as data: a section is a list of blocks, shown in order.

Composing sections as plain values (markdown text, charts, tables) lets tests read
exactly what a report will say, and keeps notebooks to one call per section.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Union

import pandas as pd

from scwres_helpers.markdown_join import join_markdown
from scwres_helpers.report.chart import Chart


@dataclass(frozen=True)
class TableBlock:
    """A table with its caption and an optional note (GSS notes are added unless GSS_NOTES is False,
    for a table whose note explains its codes itself, e.g. counts of authorities, not people)."""

    frame: pd.DataFrame
    caption: str
    note: str | None = None
    gss_notes: bool = True


Block = Union[str, Chart, TableBlock]

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$])")


def escape_text(text: str) -> str:
    """Untrusted text (an authority name) made inert in Markdown and HTML.

    HTML-significant characters become entities and Markdown punctuation is
    backslash-escaped, so a name like ``<script>`` or ``[x](javascript:...)`` is
    printed as written and never becomes markup, a link or a formula.
    """
    flat = " ".join(str(text).split())
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(flat, quote=False))


def block_text(block: Block) -> str:
    """Every word a block puts in front of a reader (for tests and search)."""
    if isinstance(block, str):
        return block
    if isinstance(block, TableBlock):
        return "\n".join([block.caption, block.note or "", block.frame.to_string()])
    return "\n".join([block.title, block.subtitle, block.alt_text, block.data.to_string()])


def blocks_markdown(blocks: list[Block]) -> str:
    """Words and tables as one markdown document, as ``show_blocks`` would publish them
    (for a document made without a notebook, such as the public summary). Charts need a
    notebook's image outputs, so they are refused."""
    from scwres_helpers.report.markdown_tables import table_markdown

    parts = []
    for block in blocks:
        if isinstance(block, TableBlock):
            parts.append(table_markdown(block.frame, block.caption, block.note, block.gss_notes))
        elif isinstance(block, Chart):
            raise TypeError(f"a chart ({block.title!r}) needs a notebook; blocks_markdown takes words and tables")
        else:
            parts.append(block)
    return join_markdown(parts)


def show_blocks(blocks: list[Block]) -> None:
    """Display the blocks in order as notebook outputs.

    Consecutive words and tables (and the data block after each chart) go out as one
    markdown output, each chart image as its own: every display is a round trip to
    the kernel's output thread, and an authority report had 140 of them. The
    published markdown is the same either way: the renderer joins outputs with the
    same ``join_markdown``.
    """
    from IPython.display import Markdown, display

    from scwres_helpers.report.display import chart_caption_markdown, chart_markdown, show_chart_image, table_markdown

    pending: list[str] = []

    def flush() -> None:
        text = join_markdown(pending)
        if text:
            display(Markdown(text))
        pending.clear()

    for block in blocks:
        if isinstance(block, TableBlock):
            pending.append(table_markdown(block.frame, block.caption, block.note, block.gss_notes))
        elif isinstance(block, Chart):
            pending.append(chart_caption_markdown(block))
            flush()
            show_chart_image(block)
            pending.append(chart_markdown(block))
        else:
            pending.append(block)
    flush()
