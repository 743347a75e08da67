"""Write one year's counts as data returns, in the input format of data-return.md.

Most returns are folders of CSV files in canonical codes; a minority spell things
the way real systems do (census labels or NHS letter codes for ethnicity,
capitalised and space-padded headers and codes) and every ``excel_every``-th
authority sends an Excel workbook, so that the reader is exercised. All stay valid.
Files are byte-for-byte reproducible: fixed row order, ``\\n`` line endings, and
workbooks with fixed properties, member order and member timestamps.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl

from scwres_helpers import codes
from scwres_helpers.action_plan import yes_no
from scwres_helpers.atomic import write_bytes_atomic, write_text_atomic
from scwres_helpers.returns import collection_period
from scwres_helpers.sample_data.generate import FLAG_VALUES, YearCounts
from scwres_helpers.sample_data.governance import governance_fields
from scwres_helpers.sample_data.plans import sends_empty_plan_table
from scwres_helpers.sample_data.profiles import AuthorityProfile
from scwres_helpers.zipfiles import workbook_zip_bytes

TEMPLATE_VERSION = "SC-WRES {year}.1"
_LETTER_OF = {code: letter for letter, code in codes.NHS_LETTER_CODES.items()}

Row = list[object]


def _ethnicity_text(profile: AuthorityProfile, ethnicity: str) -> str:
    if profile.ethnicity_style == "census":
        return codes.CENSUS_LABELS[ethnicity]
    if profile.ethnicity_style == "nhs":
        return _LETTER_OF[ethnicity]
    return ethnicity


def _code_text(profile: AuthorityProfile, value: str) -> str:
    """A key code as this authority's system writes it (case and padding vary)."""
    return value.capitalize() if profile.styled_headers else value


def _header(profile: AuthorityProfile, columns: tuple[str, ...]) -> Row:
    if not profile.styled_headers:
        return list(columns)
    return [c.title() if i % 2 == 0 else f" {c.upper()} " for i, c in enumerate(columns)]


def about_rows(profile: AuthorityProfile, year: int, excel: bool) -> list[Row]:
    start, end = collection_period(year)
    dates: list[object] = [start, end, end] if excel else [d.isoformat() for d in (start, end, end)]
    rows: list[Row] = [
        ["authority_code", profile.code],
        ["authority_name", profile.name],
        ["year", year if excel else str(year)],
        ["period_start", dates[0]],
        ["period_end", dates[1]],
        ["snapshot_date", dates[2]],
    ]
    if profile.writes_template_version:
        rows.append(["template_version", TEMPLATE_VERSION.format(year=year)])
    rows += [[field, value] for field, value in governance_fields(profile.position)]
    return [_header(profile, ("field", "value")), *rows]


def _workforce_rows(counts: YearCounts, a: int) -> list[Row]:
    profile = counts.profiles[a]
    rows = [_header(profile, codes.table_columns("workforce"))]
    cells = counts.workforce[a]
    for s, service in enumerate(codes.SERVICES):
        for e, ethnicity in enumerate(codes.ETHNICITIES):
            for b, band in enumerate(codes.PAY_BANDS):
                for sm, senior in enumerate(FLAG_VALUES):
                    for r, regulated in enumerate(FLAG_VALUES):
                        headcount = int(cells[s, e, b, sm, r])
                        if headcount:
                            rows.append([
                                _code_text(profile, service),
                                _ethnicity_text(profile, ethnicity),
                                _code_text(profile, band),
                                _code_text(profile, senior),
                                _code_text(profile, regulated),
                                headcount,
                            ])
    return rows


def _event_rows(counts: YearCounts, a: int, table: str) -> list[Row]:
    """One row per (service, ethnicity) in the workforce; all-zero rows left out by some."""
    profile = counts.profiles[a]
    columns = codes.TABLE_COUNTS[table]
    rows = [_header(profile, codes.table_columns(table))]
    headcount = counts.headcount[a]
    for s, service in enumerate(codes.SERVICES):
        for e, ethnicity in enumerate(codes.ETHNICITIES):
            values = [int(counts.events[c][a, s, e]) for c in columns]
            if headcount[s, e] == 0 or (profile.omit_zero_event_rows and not any(values)):
                continue
            rows.append([_code_text(profile, service), _ethnicity_text(profile, ethnicity), *values])
    return rows


def _survey_rows(counts: YearCounts, a: int) -> list[Row]:
    """Survey rows in category codes: the survey comes from a survey provider's system."""
    profile = counts.profiles[a]
    rows = [_header(profile, codes.table_columns("survey"))]
    for s, service in enumerate(codes.SERVICES):
        for e, ethnicity in enumerate(codes.ETHNICITIES):
            for k, source in enumerate(codes.SURVEY_SOURCES):
                respondents = int(counts.respondents[a, s, e, k])
                if respondents:
                    rows.append([
                        _code_text(profile, service), ethnicity, _code_text(profile, source),
                        respondents, int(counts.experienced[a, s, e, k]),
                    ])
    return rows


# How a styled authority's system writes the target comparisons.
_COMPARISON_SYMBOL = {"at_least": ">=", "at_most": "<="}


def plan_rows(profile: AuthorityProfile, plan: list[dict[str, object]], excel: bool) -> list[Row]:
    """The action plan, header first; dates and numbers as cells in a workbook, as text in CSV.

    A styled authority writes comparisons as symbols and capitalised codes.
    """
    rows = [_header(profile, codes.ACTION_PLAN_COLUMNS)]
    for record in plan:
        row: Row = []
        for column in codes.ACTION_PLAN_COLUMNS:
            value = record[column]
            if column in codes.ACTION_PLAN_DATE_COLUMNS:
                row.append(value if excel else value.isoformat())
            elif column == "target_value":
                row.append(float(value) if excel else f"{value:g}")
            elif column == "target_year":
                row.append(int(value) if excel else str(value))
            elif column == "target_comparison" and profile.styled_headers:
                row.append(_COMPARISON_SYMBOL[str(value)])
            elif column in ("target_measure", "status"):
                row.append(_code_text(profile, str(value)))
            elif column == "public":
                row.append(_code_text(profile, yes_no(value)))
            else:
                row.append(str(value))
        rows.append(row)
    return rows


def return_tables(counts: YearCounts, a: int, excel: bool,
                  plan: list[dict[str, object]] | None = None) -> dict[str, list[Row]]:
    """Table name -> rows (header first) of authority a's return, in the spec's table order.

    An authority without a survey leaves the survey table out, or (every other
    one) sends it with its header only; both mean that no survey ran. Likewise an
    authority without a ``plan`` (``plans.make_plans``) leaves the action_plan
    table out, or sends its header only.
    """
    profile = counts.profiles[a]
    tables = {
        codes.ABOUT_TABLE: about_rows(profile, counts.year, excel),
        "workforce": _workforce_rows(counts, a),
        **{t: _event_rows(counts, a, t) for t in codes.EVENT_TABLES},
    }
    if profile.has_survey or profile.position % 2 == 1:
        tables["survey"] = _survey_rows(counts, a)
    if plan:
        tables[codes.ACTION_PLAN_TABLE] = plan_rows(profile, plan, excel)
    elif sends_empty_plan_table(profile.position):
        tables[codes.ACTION_PLAN_TABLE] = [_header(profile, codes.ACTION_PLAN_COLUMNS)]
    return tables


def _csv_text(rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv_return(folder: Path, tables: dict[str, list[Row]]) -> Path:
    for name, rows in tables.items():
        write_text_atomic(folder / f"{name}.csv", _csv_text(rows))
    return folder


def workbook_bytes(tables: dict[str, list[Row]], timestamp: dt.datetime) -> bytes:
    """An .xlsx with one sheet per table, header row first, and fixed metadata."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in tables.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.properties.creator = "scwres sample data"
    return workbook_zip_bytes(workbook, timestamp)


def write_excel_return(path: Path, tables: dict[str, list[Row]], year: int) -> Path:
    """The workbook is dated at the end of its collection period, never 'now'."""
    end = collection_period(year)[1]
    timestamp = dt.datetime(end.year, end.month, end.day)
    return write_bytes_atomic(path, workbook_bytes(tables, timestamp))


def write_year(counts: YearCounts, out_root: Path,
               plans: dict[str, list[dict[str, object]]] | None = None) -> list[Path]:
    """Every return of one year under ``<out_root>/<year>/``; the paths written.

    ``plans``: authority code -> this year's actions (``plans.make_plans``).
    """
    year_dir = Path(out_root) / str(counts.year)
    plans = plans or {}
    written = []
    for a, profile in enumerate(counts.profiles):
        # The code is generated (X and eight digits), never the untrusted name.
        if not codes.AUTHORITY_CODE_PATTERN.match(profile.code):
            raise ValueError(f"not an authority code: {profile.code!r}")
        plan = plans.get(profile.code)
        if profile.excel:
            path = year_dir / f"{profile.code}.xlsx"
            written.append(write_excel_return(path, return_tables(counts, a, True, plan), counts.year))
        else:
            written.append(write_csv_return(year_dir / profile.code, return_tables(counts, a, False, plan)))
    return written
