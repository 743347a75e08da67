"""The published national data tables: one accessible workbook and one CSV per table.

This is the entry point the build calls for the downloads page of the national site:

    files = write_data_tables(inputs, out_dir, threshold=5, authorities_named=False)
    page = downloads_markdown(files, inputs.year)

The stages, one module each: ``disclosure.national_tables`` (with the one suppression
engine, ``disclosure.secondary``) decides which national figures are withheld across all the tables,
and ``data_audit`` checks the tables as written against everything a reader can work out;
``data_national`` and ``data_authorities`` lay the tables out (``data_sheets``: the cell
rules); ``data_workbook`` and ``data_csv`` write them, with ``spreadsheet_text`` keeping text
from the returns inert; ``data_notes`` and ``data_downloads`` hold the words around them.
With ``authorities_named=False`` (the default) no authority code or name reaches any file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from scwres_helpers import codes
from scwres_helpers.bundles import NationalInputs, is_synthetic_code
from scwres_helpers.disclosure.national_tables import national_disclosure
from scwres_helpers.publish.data_audit import check_data_tables
from scwres_helpers.publish.data_authorities import authority_values_table, distribution_table
from scwres_helpers.publish.data_csv import write_csv
from scwres_helpers.publish.data_downloads import downloads_markdown
from scwres_helpers.publish.data_national import (
    data_quality_table,
    headcount_table,
    national_indicators_table,
    pay_bands_table,
    senior_managers_table,
    survey_table,
    trend_table,
)
from scwres_helpers.publish.data_notes import DEFAULT_PROGRAMME, DEFAULT_PUBLISHER, SYNTHETIC_STATEMENT
from scwres_helpers.publish.data_sheets import DataTable, flag_small_counts
from scwres_helpers.publish.data_workbook import CoverText, write_workbook

__all__ = ["data_tables", "downloads_markdown", "is_synthetic_release", "workbook_name", "write_data_tables"]


def data_tables(
    inputs: NationalInputs,
    *,
    threshold: int = codes.DEFAULT_SUPPRESSION_THRESHOLD,
    authorities_named: bool = False,
    authority_names: Mapping[str, str] | None = None,
) -> list[DataTable]:
    """Every published table for the report year that has rows, in workbook order."""
    year = int(inputs.year)
    rows = flag_small_counts(inputs.indicators.reset_index(drop=True), threshold)
    year_rows = rows[rows["year"] == year]
    if year_rows.empty:
        raise ValueError(f"the national inputs have no rows for {year}")
    disclosure = national_disclosure(rows, year, threshold)
    tables = [
        national_indicators_table(year_rows, disclosure, threshold),
        pay_bands_table(year_rows, disclosure, threshold),
        survey_table(year_rows, disclosure, threshold),
        trend_table(rows, inputs.participation, year, threshold),
        headcount_table(disclosure, year),
        distribution_table(year_rows, year),
        senior_managers_table(year_rows, disclosure, threshold),
        data_quality_table(year_rows, disclosure, threshold),
    ]
    if authorities_named:
        tables.append(authority_values_table(year_rows, threshold, authority_names, year))
    return [t for t in tables if not t.frame.empty]  # e.g. no survey ran anywhere: no survey table


def workbook_name(year: int) -> str:
    return f"scwres_{int(year)}_national_tables.xlsx"


def csv_name(year: int, table: DataTable) -> str:
    return f"scwres_{int(year)}_{table.name}.csv"


def is_synthetic_release(inputs: NationalInputs) -> bool:
    """True when every authority of the report year has a sample-data code (starting with X)."""
    rows = inputs.indicators
    authority_codes = set(rows.loc[(rows["scope"] == "authority") & (rows["year"] == inputs.year), "authority_code"])
    return bool(authority_codes) and all(is_synthetic_code(c) for c in authority_codes)


def _pooled(inputs: NationalInputs) -> int | None:
    part = inputs.participation
    found = part.loc[part["year"] == inputs.year, "authorities_pooled"]
    return int(found.iloc[0]) if len(found) else None


def cover_text(
    inputs: NationalInputs,
    tables: list[DataTable],
    *,
    publisher: str,
    programme: str,
    contact_email: str | None,
) -> CoverText:
    year = int(inputs.year)
    pooled = _pooled(inputs)
    who = f"the {pooled} local authorities that returned data" if pooled else "the participating local authorities"
    intro = [
        f"These tables accompany the {year} national report of the {programme}. They compare the "
        "experience of staff from Black, Asian and minoritised ethnic backgrounds with that of white "
        "staff in the adult and children's social care workforce of English local authorities.",
        f"National figures add together the counts of {who} for {year}.",
    ]
    if is_synthetic_release(inputs):
        intro.insert(0, SYNTHETIC_STATEMENT)
    about = [
        f"Source: the SC-WRES annual data returns for {year} (workforce, recruitment, disciplinary, "
        f"fitness-to-practise, CPD and leavers figures, and the staff survey), collected by {publisher}.",
        "The Contents worksheet links to each table; each table is on its own worksheet and is also "
        "published as a CSV file with the same columns and figures.",
        "The Notes worksheet explains the methods and the shorthand used where a cell has no figure: "
        "[c] confidential (withheld to protect individuals), [x] not available, [z] not applicable.",
        "No authority is named next to its own figures"
        + ("" if not any(t.name == "authority_values" for t in tables)
           else ", except in the Authorities worksheet, published because the authorities agreed")
        + ".",
    ]
    contact = (f"Questions about these tables: [{contact_email}](mailto:{contact_email})"
               if contact_email else f"Questions about these tables: contact {publisher}.")
    return CoverText(
        title=f"{programme}: national data tables, {year}",
        intro=tuple(intro),
        about=tuple(about),
        contact=contact,
        source=f"Source: SC-WRES annual data returns, {year}, {publisher}",
        author=publisher,
    )


def write_data_tables(
    inputs: NationalInputs,
    out_dir: Path,
    *,
    threshold: int = codes.DEFAULT_SUPPRESSION_THRESHOLD,
    authorities_named: bool = False,
    authority_names: Mapping[str, str] | None = None,
    publisher: str = DEFAULT_PUBLISHER,
    programme: str = DEFAULT_PROGRAMME,
    contact_email: str | None = None,
) -> list[Path]:
    """Write the workbook and one CSV per table for the report year; returns the files
    written (workbook first, then the CSV files in table order). The tables are audited
    together first (``data_audit``): when a reader could see or narrow down a withheld
    small count, ``DisclosureAuditError`` is raised and nothing is written.

    ``authority_names`` (code -> name, from the returns) is used only when
    ``authorities_named`` is true.
    """
    out_dir = Path(out_dir)
    tables = data_tables(inputs, threshold=threshold, authorities_named=authorities_named,
                         authority_names=authority_names if authorities_named else None)
    check_data_tables(tables, inputs.indicators, int(inputs.year), threshold)  # nothing written if it fails
    cover = cover_text(inputs, tables, publisher=publisher, programme=programme, contact_email=contact_email)
    written = [write_workbook(tables, cover, threshold, out_dir / workbook_name(inputs.year))]
    written += [write_csv(table, out_dir / csv_name(inputs.year, table)) for table in tables]
    return written
