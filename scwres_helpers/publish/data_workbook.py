"""The accessible Excel workbook of the published tables, made with gptables.

gptables follows the Analysis Function spreadsheet guidance: a cover sheet, a contents
sheet linking to every table, a notes sheet, one table per worksheet marked up as an
Excel table with a header row, titles in the first cells, no merged cells.

On top of gptables:
- numbers are stored as numbers (rounded as published, with a matching number format),
  shorthand codes as text;
- every string is stored as a string (``strings_to_formulas`` and ``strings_to_urls``
  off), and text from the returns is defused (``spreadsheet_text``);
- the bytes are reproducible: the document's created and modified properties and the
  zip's entry dates are SOURCE_DATE_EPOCH (in a build, the publication date: ``dates``),
  and the zip is rewritten with fixed attributes in XlsxWriter's fixed order.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import gptables as gpt
import pandas as pd

from scwres_helpers.atomic import write_bytes_atomic
from scwres_helpers.dates import current_epoch
from scwres_helpers.disclosure.shorthand import GSS_NOTES, codes_used
from scwres_helpers.publish.data_notes import gss_note_id, notes_for
from scwres_helpers.spreadsheet_text import starts_like_formula, workbook_text
from scwres_helpers.publish.data_sheets import DataTable
from scwres_helpers.zipfiles import deterministic_zip

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "in_memory": True,  # no temporary files (whose times would reach the zip)
}
_PANDAS_DEPRECATIONS = tuple(
    dict.fromkeys((getattr(pd.errors, "Pandas4Warning", FutureWarning), FutureWarning, DeprecationWarning))
)
SHORT_MEANING = {"[c]": "confidential", "[x]": "not available", "[z]": "not applicable", "[u]": "low reliability"}


@dataclass(frozen=True)
class CoverText:
    """What the cover sheet says."""

    title: str
    intro: tuple[str, ...]
    about: tuple[str, ...]
    contact: str
    source: str
    author: str


def build_date() -> dt.datetime:
    """The workbook's created/modified date (``dates.current_epoch``)."""
    return dt.datetime.fromtimestamp(current_epoch(), tz=dt.timezone.utc)


def _cell_value(text: str, decimals: int | None) -> object:
    """A numeric column's cell: a number, or the shorthand code as text."""
    if text.startswith("["):
        return text
    return int(text) if decimals is None else float(text)


def _number_format(decimals: int | None) -> str:
    """Whole numbers with a thousands separator; others with exactly DECIMALS places."""
    if decimals is None:
        return "#,##0"
    return "0." + "0" * decimals if decimals else "0"


def _sheet_frame(table: DataTable) -> tuple[pd.DataFrame, list[dict]]:
    """The table as gptables should write it, and the extra cell formats it needs."""
    columns: dict[str, list[object]] = {}
    formatting: list[dict] = []
    for position, column in enumerate(table.frame.columns):
        cells = [str(c) for c in table.frame[column].tolist()]
        if column in table.decimals:
            values: list[object] = [_cell_value(c, table.decimals[column]) for c in cells]
            number_format = "0" if column in table.no_separators else _number_format(table.decimals[column])
            formatting.append({"column": {"columns": [position], "format": {"num_format": number_format}}})
        elif column in table.untrusted:
            values = [workbook_text(c) for c in cells]
            for row, cell in enumerate(values, start=1):  # row 0 of the formats is the header
                if starts_like_formula(str(cell)):
                    formatting.append({"cell": {"cells": (row, position), "format": {"quote_prefix": True}}})
        else:
            values = list(cells)
        columns[column] = values
    frame = pd.DataFrame(columns, columns=list(table.frame.columns), dtype=object)
    return frame, formatting


def _rounded(table: DataTable) -> bool:
    return any(d is not None for d in table.decimals.values())


def _legend(table: DataTable) -> list[str]:
    return [f"{code} {SHORT_MEANING[code]} $${gss_note_id(code)}$$" for code in codes_used(table.frame)]


def _gptable(table: DataTable, source: str) -> gpt.GPTable:
    frame, formatting = _sheet_frame(table)
    subtitles = list(table.subtitles)
    if _rounded(table):
        subtitles.append("Figures are rounded $$rounding$$")
    return gpt.GPTable(
        table=frame,
        table_name=table.name,
        title=table.title,
        subtitles=subtitles,
        source=source,
        legend=_legend(table),
        index_columns={},
        additional_formatting=formatting,
    )


def _notes_table(tables: Sequence[DataTable], threshold: int) -> pd.DataFrame:
    gss = [code for code in GSS_NOTES if any(code in codes_used(t.frame) for t in tables)]
    referenced = [n for t in tables for n in (*t.notes, *(("rounding",) if _rounded(t) else ()))]
    notes = notes_for(referenced, gss, threshold)
    return pd.DataFrame({"Note number": list(notes), "Note text": list(notes.values())})


def workbook_bytes(tables: Sequence[DataTable], cover: CoverText, threshold: int) -> bytes:
    """The workbook as bytes (reproducible for the same tables, cover and build date)."""
    buffer = io.BytesIO()
    sheets = {table.sheet: _gptable(table, cover.source) for table in tables}
    gp_cover = gpt.Cover(
        title=cover.title,
        intro=list(cover.intro),
        about=list(cover.about),
        contact=[cover.contact],
    )
    with warnings.catch_warnings():
        # gptables 2.0 still uses pandas idioms that pandas 3 deprecates; nothing to act on here.
        for category in _PANDAS_DEPRECATIONS:
            warnings.filterwarnings("ignore", category=category, module=r"gptables\.")
        workbook = gpt.produce_workbook(
            buffer,
            sheets,
            cover=gp_cover,
            contentsheet_label="Contents",
            notes_table=_notes_table(tables, threshold),
            notesheet_label="Notes",
            workbook_options=dict(WORKBOOK_OPTIONS),
        )
    when = build_date().replace(tzinfo=None)
    workbook.set_properties({
        "title": cover.title,
        "subject": "Published data tables",
        "author": cover.author,
        "company": cover.author,
        "keywords": "SC-WRES, social care, workforce, race equality, statistics",
        "comments": cover.source,
        "created": when,
    })
    workbook.close()
    return deterministic_zip(buffer.getvalue(), build_date().replace(tzinfo=None))


def write_workbook(tables: Sequence[DataTable], cover: CoverText, threshold: int, path: Path) -> Path:
    return write_bytes_atomic(Path(path), workbook_bytes(tables, cover, threshold))
