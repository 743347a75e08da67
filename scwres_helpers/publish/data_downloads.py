"""The body of the website's downloads page, in Pandoc markdown.

Links are relative file names (the files sit beside the page), each with its file type
and size so a reader knows what they are about to open, followed by what the shorthand
codes mean and how to cite the release.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from scwres_helpers.disclosure.shorthand import CONFIDENTIAL, NOT_APPLICABLE, NOT_AVAILABLE
from scwres_helpers.publish.data_notes import DEFAULT_PROGRAMME, DEFAULT_PUBLISHER, SYNTHETIC_STATEMENT

# What each published file holds, by the table part of its name (scwres_<year>_<table>).
FILE_DESCRIPTIONS: dict[str, str] = {
    "national_tables": "All the tables in one accessible spreadsheet, with a cover sheet, contents and notes",
    "national_indicators": "National relative likelihoods for indicators 2 to 9, by service and ethnic group",
    "pay_bands": "Representation by pay band (indicator 1), all services",
    "survey": "Staff survey: harassment, bullying or abuse, by source, service and ethnic group",
    "trend": "National relative likelihoods for minoritised staff by year",
    "headcount": "Staff of known ethnicity by pay band and ethnic group, with totals",
    "distribution": "How authorities' relative likelihoods are spread (no authority named)",
    "senior_managers": "Representation in senior manager roles (indicator 9)",
    "data_quality": "Staff whose ethnicity is not known, by service",
    "authority_values": "Relative likelihoods by authority (the authorities agreed to be named)",
}
FILE_TYPES = {".xlsx": "XLSX spreadsheet", ".csv": "CSV", ".pdf": "PDF"}
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def human_size(n_bytes: int) -> str:
    """'812 bytes', '14.2 KB', '1.3 MB' (1 KB = 1,024 bytes)."""
    if n_bytes < 1024:
        return f"{n_bytes} bytes"
    if n_bytes < 1024 * 1024:
        return f"{n_bytes / 1024:.1f} KB"
    return f"{n_bytes / (1024 * 1024):.1f} MB"


def _safe_name(name: str) -> str:
    """A file name fit to be a relative link as it is (no spaces, brackets or slashes)."""
    if not _SAFE_NAME.match(name):
        raise ValueError(f"not a plain file name for a download link: {name!r}")
    return name


def _describe(path: Path, year: int) -> str:
    stem = path.stem.removeprefix(f"scwres_{year}_")
    return FILE_DESCRIPTIONS.get(stem, path.name)


def _link_line(path: Path, year: int) -> str:
    name = _safe_name(path.name)
    kind = FILE_TYPES.get(path.suffix.lower(), path.suffix.lstrip(".").upper())
    size = f", {human_size(path.stat().st_size)}" if path.exists() else ""
    return f"- [{_describe(path, year)}]({name}) ({kind}{size})"


def downloads_markdown(
    files: Sequence[Path],
    year: int,
    report_pdf: str | None = "report.pdf",
    *,
    publisher: str = DEFAULT_PUBLISHER,
    programme: str = DEFAULT_PROGRAMME,
    synthetic: bool = False,
    report_pdf_bytes: int | None = None,
) -> str:
    """The downloads page body: heading, introduction, links, shorthand codes, citation.

    FILES are the published data files (their sizes are read from disk); REPORT_PDF is
    the whole report's file name, relative to the page (None: no PDF link), with its size
    when REPORT_PDF_BYTES is given.
    """
    paths = [Path(f) for f in files]
    workbooks = [p for p in paths if p.suffix.lower() == ".xlsx"]
    csvs = [p for p in paths if p.suffix.lower() == ".csv"]
    others = [p for p in paths if p not in workbooks and p not in csvs]
    lines = ["# Downloads {#downloads}", ""]
    if synthetic:
        lines += [f"> **{SYNTHETIC_STATEMENT}**", ""]
    lines += [
        f"The figures behind the {year} national report of the {programme}, ready to reuse. "
        "The spreadsheet holds every table with notes; each table is also a CSV file with the "
        "same columns and figures, for use in other software. National figures pool the "
        "returns of every participating authority; no authority is named.",
        "",
    ]
    if report_pdf is not None:
        size = f", {human_size(report_pdf_bytes)}" if report_pdf_bytes is not None else ""
        link = f"- [The whole {year} national report]({_safe_name(report_pdf)}) (PDF{size})"
        lines += ["## The report", "", link, ""]
    if workbooks or others:
        lines += ["## Spreadsheet", ""] + [_link_line(p, year) for p in workbooks + others] + [""]
    if csvs:
        lines += [
            "## CSV files",
            "",
            "UTF-8 text, one table per file, one header row. Text that a spreadsheet program could "
            "mistake for a formula starts with an apostrophe.",
            "",
        ] + [_link_line(p, year) for p in csvs] + [""]
    lines += [
        "## Symbols in the tables",
        "",
        "Government statistical tables leave no cell empty. Where there is no figure, a code says why:",
        "",
        f"- `{CONFIDENTIAL}` confidential: withheld to protect individuals, because it is a small count, "
        "is calculated from one, or would let one be worked out from other published figures.",
        f"- `{NOT_AVAILABLE}` not available: the figure cannot be calculated from the data, for example "
        "because no one in the group, or no white staff member, had the outcome.",
        f"- `{NOT_APPLICABLE}` not applicable: the figure does not exist for this row, for example a "
        "pay band for an indicator that has none.",
        "",
        "## How to cite",
        "",
        f"> {publisher}, *{programme}: national report and data tables, {year}*.",
        "",
        "Please add which table you used and the date you downloaded it, and link to this page "
        "where you can.",
        "",
    ]
    return "\n".join(lines)
