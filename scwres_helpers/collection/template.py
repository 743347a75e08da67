"""The data collection workbook an authority fills in: one sheet per table, keys pre-filled.

The workbook *is* a return in the Excel form of data-return.md (sheet names, header
rows and accepted spellings), so a template filled with valid numbers passes
``validate_return`` unchanged. Everything that helps a person fill it in lives
where the reader ignores it: the ``README`` sheet (cover, definitions and check
totals), the hidden ``readme_lists`` sheet (drop-down values; the reader skips sheets
named ``readme...``), data validation, conditional formatting and cell protection.

The event and survey sheets have every key row pre-filled and their count cells left
blank: the spec reads a blank count as an error, not a zero, so an unfilled cell can
never pass as "none". The workforce sheet is a long form instead, one row per
combination that has staff (a combination with no row has no staff, as in the CSV
form): listing all 588 combinations a service has would ask for hundreds of zeros.
It starts with the combinations that had staff in last year's return, when given,
and has room (with the drop-downs) for every combination. The optional
``action_plan`` sheet has its header, drop-downs and date checks, and any actions
given (e.g. last year's open ones) pre-filled; left with its header only, it reads
as "no plan". The ``README figures`` sheet (``figures``) works out the council's own
indicators and charts from the other sheets as it types.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scwres_helpers import codes, registry
from scwres_helpers.atomic import write_bytes_atomic
from scwres_helpers.collection import checks
from scwres_helpers.collection.cover import write_cover
from scwres_helpers.collection.figures import add_figure_sheets
from scwres_helpers.intake.about import authority_name_problem
from scwres_helpers.spreadsheet_text import starts_like_formula
from scwres_helpers.action_plan import yes_no
from scwres_helpers.returns import AuthorityReturn, Governance
from scwres_helpers.returns import collection_period
from scwres_helpers.zipfiles import workbook_zip_bytes

TEMPLATE_REVISION = 1
LISTS_SHEET = "readme_lists"
COVER_SHEET = "README"
# Empty rows below the pre-filled ones that stay editable, with the same drop-downs.
SPARE_ROWS = 50

_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_KEY_FILL = PatternFill("solid", fgColor="F2F2F2")
_UNLOCKED = Protection(locked=False)
_FLAGS = ("no", "yes")


def template_version(year: int) -> str:
    """What ``about.template_version`` says in this year's workbook (sample data uses the same shape)."""
    return f"SC-WRES {year}.{TEMPLATE_REVISION}"


def key_rows(table: str, services: tuple[str, ...] = codes.SERVICES) -> list[tuple[str, ...]]:
    """The pre-filled key cells of a table, as written (ethnicity as its census label).

    Every combination is listed (the workforce: service x ethnicity x pay band x
    senior manager x regulated), so nobody has to type a key; a combination with no
    staff gets 0. Rows are in the spec's order of every vocabulary.
    """
    labels = [codes.CENSUS_LABELS[e] for e in codes.ETHNICITIES]
    if table == "workforce":
        return [(s, e, b, sm, r) for s in services for e in labels for b in codes.PAY_BANDS
                for sm in _FLAGS for r in _FLAGS]
    if table == "survey":
        return [(s, e, k) for s in services for e in labels for k in codes.SURVEY_SOURCES]
    return [(s, e) for s in services for e in labels]


def workforce_rows(services: tuple[str, ...], previous: AuthorityReturn | None) -> list[tuple[str, ...]]:
    """The workforce rows to pre-fill: the combinations with staff in PREVIOUS (none without it).

    In the spec's order, as ``key_rows`` writes them; the counts are left for this year.
    """
    if previous is None or previous.tables.get("workforce") is None:
        return []
    frame = previous.tables["workforce"]
    staffed = {
        (row.service, codes.CENSUS_LABELS[row.ethnicity], row.pay_band, row.senior_manager, row.regulated)
        for row in frame[frame["headcount"] > 0].itertuples(index=False)
    }
    return [key for key in key_rows("workforce", services) if key in staffed]


def make_template(year: int, out: Path, authority_code: str | None = None,
                  authority_name: str | None = None,
                  previous: AuthorityReturn | None = None,
                  action_plan: pd.DataFrame | None = None) -> Path:
    """Write the collection workbook for ``year`` to ``out`` (byte-for-byte reproducible).

    ``previous`` (last year's valid return) fills in the code and name when not given,
    and its governance (roles, names and whether they are published),
    limits the rows to the services the authority returned then and starts the
    workforce sheet with its combinations that had staff. ``action_plan``
    (canonical form, ``scwres_helpers.action_plan``) pre-fills the action_plan sheet,
    e.g. last year's open actions and suggested ones; its rows are written as given.
    """
    if authority_code is not None and not codes.AUTHORITY_CODE_PATTERN.match(authority_code.upper()):
        raise ValueError(f"not an authority code (a letter and 8 digits): {authority_code!r}")
    if authority_name is not None and (problem := authority_name_problem(authority_name)) is not None:
        raise ValueError(problem)  # the rule every return's name is held to
    services = codes.SERVICES
    governance = Governance()
    if previous is not None:
        governance = previous.about.governance
        authority_code = authority_code or previous.authority_code
        authority_name = authority_name or previous.about.authority_name
        services = previous.services or codes.SERVICES
    workbook = build_workbook(year, authority_code.upper() if authority_code else None,
                              authority_name, services, action_plan, workforce_rows(services, previous),
                              governance)
    end = collection_period(year)[1]
    return write_bytes_atomic(Path(out), workbook_bytes(workbook, dt.datetime(end.year, end.month, end.day)))


def build_workbook(year: int, authority_code: str | None, authority_name: str | None,
                   services: tuple[str, ...], action_plan: pd.DataFrame | None = None,
                   workforce: list[tuple[str, ...]] | None = None,
                   governance: Governance | None = None) -> Workbook:
    """The workbook; WORKFORCE: the workforce rows to pre-fill (``workforce_rows``);
    GOVERNANCE: the about sheet's governance fields to pre-fill (last year's)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    cover = workbook.create_sheet(COVER_SHEET)
    lists = _lists_sheet(workbook)
    _about_sheet(workbook, year, authority_code, authority_name, governance or Governance())
    sizes: dict[str, int] = {}  # rows pre-filled, per sheet
    extents: dict[str, int] = {}  # rows before the spare ones, per sheet (what the checks cover)
    for table in codes.DATA_TABLES:
        if table == "workforce":
            rows, room = list(workforce or []), len(key_rows(table, services))
        else:
            rows = key_rows(table, services)
            room = len(rows)
        sizes[table] = _data_sheet(workbook, table, rows, room)
        extents[table] = max(room, len(rows))
    prefilled = _action_plan_sheet(workbook, year, action_plan)
    if prefilled:
        sizes[codes.ACTION_PLAN_TABLE] = prefilled
    add_figure_sheets(workbook, _list_range("report_service"), _list_range("compared_group"))
    write_cover(cover, year, services, sizes)
    checks.add_check_summary(cover, extents, SPARE_ROWS)
    workbook.move_sheet(lists, offset=len(workbook.sheetnames))
    workbook.active = 0
    workbook.properties.creator = "scwres template"
    workbook.properties.title = f"SC-WRES data return {year}"
    return workbook


def workbook_bytes(workbook: Workbook, timestamp: dt.datetime) -> bytes:
    """The .xlsx bytes with fixed metadata, member order and member timestamps."""
    return workbook_zip_bytes(workbook, timestamp)


# ---------------------------------------------------------------- sheets

# The drop-down lists, one column each on the lists sheet, in this order. Indicator ids
# that are numbers are written as numbers, so a typed 3 matches the list as a picked 3 does.
_LISTS: dict[str, tuple[object, ...]] = {
    "service": codes.SERVICES,
    "ethnicity": tuple(codes.CENSUS_LABELS[e] for e in codes.ETHNICITIES),
    "pay_band": codes.PAY_BANDS,
    "yes_no": codes.YES_NO,
    "source": codes.SURVEY_SOURCES,
    "indicator": tuple(int(i) if i.isdigit() else i for i in codes.INDICATORS),
    "target_measure": codes.TARGET_MEASURE_CODES,
    "target_breakdown": codes.TARGET_BREAKDOWNS,
    "target_comparison": codes.TARGET_COMPARISONS,
    "status": codes.ACTION_STATUSES,
    "report_service": codes.REPORTING_SERVICES,
    "compared_group": codes.COMPARED_GROUPS,
}


def _lists_sheet(workbook: Workbook) -> Worksheet:
    """Drop-down values; a list of census labels is too long to write inline (255 characters)."""
    sheet = workbook.create_sheet(LISTS_SHEET)
    for position, (name, values) in enumerate(_LISTS.items(), start=1):
        sheet.cell(1, position, name)
        for row, value in enumerate(values, start=2):
            sheet.cell(row, position, value)
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True
    return sheet


def _list_range(column: str) -> str:
    """Absolute reference to a drop-down list on the lists sheet."""
    position = list(_LISTS).index(column) + 1
    letter = get_column_letter(position)
    return f"{LISTS_SHEET}!${letter}$2:${letter}${len(_LISTS[column]) + 1}"


_LIST_OF_COLUMN = {"service": "service", "ethnicity": "ethnicity", "pay_band": "pay_band",
                   "senior_manager": "yes_no", "regulated": "yes_no", "source": "source"}


def _header(sheet: Worksheet, columns: tuple[str, ...], widths: dict[str, int]) -> None:
    for position, column in enumerate(columns, start=1):
        cell = sheet.cell(1, position, column)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(position)].width = widths.get(column, 16)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"  # the header on every printed page
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0


def _protect(sheet: Worksheet) -> None:
    """Header locked; unlocked cells stay editable; rows may be added, deleted and sorted."""
    protection = sheet.protection
    protection.sheet = True
    # In openpyxl True means "forbidden while protected".
    protection.insertRows = False
    protection.deleteRows = False
    protection.sort = False
    protection.autoFilter = False
    protection.formatColumns = False
    protection.formatCells = False


def _about_sheet(workbook: Workbook, year: int, code: str | None, name: str | None,
                 governance: Governance) -> None:
    sheet = workbook.create_sheet(codes.ABOUT_TABLE)
    _header(sheet, ("field", "value"), {"field": 24, "value": 60})
    start, end = collection_period(year)
    values: dict[str, object] = {
        "authority_code": code, "authority_name": name, "year": year,
        "period_start": start, "period_end": end, "snapshot_date": end,
        "template_version": template_version(year),
        **{field: getattr(governance, field) for field in (*codes.ABOUT_ROLE_FIELDS, *codes.ABOUT_NAME_FIELDS)},
        codes.ABOUT_NAMES_PUBLIC_FIELD: yes_no(governance.names_public),
    }
    for row, field in enumerate(codes.ABOUT_FIELDS, start=2):
        sheet.cell(row, 1, field).fill = _KEY_FILL
        cell = sheet.cell(row, 2)
        value = values[field]
        if isinstance(value, str):
            _text_cell(cell, value)
        elif value is not None:
            cell.value = value
        if isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        if field != "template_version":
            cell.protection = _UNLOCKED
        cell.alignment = Alignment(horizontal="left")
    for row in range(2, 2 + len(codes.ABOUT_FIELDS)):
        sheet.cell(row, 3).protection = _UNLOCKED  # room for the analyst's notes, not read
    names_public = codes.ABOUT_FIELDS.index(codes.ABOUT_NAMES_PUBLIC_FIELD) + 2
    choice = DataValidation(type="list", formula1=_list_range("yes_no"), allow_blank=True, showErrorMessage=True,
                            errorTitle="Not yes or no", error="Choose yes (publish the names) or no.",
                            showInputMessage=True, promptTitle=codes.ABOUT_NAMES_PUBLIC_FIELD,
                            prompt="yes: the public summary names the three leads; no: it gives their roles only.")
    choice.add(f"B{names_public}")
    sheet.add_data_validation(choice)
    _protect(sheet)


def _data_sheet(workbook: Workbook, table: str, rows: list[tuple[str, ...]], room: int) -> int:
    """Write a table's sheet with ROWS pre-filled and room for ROOM rows (plus spare ones);
    the number of pre-filled rows."""
    sheet = workbook.create_sheet(table)
    keys = codes.TABLE_KEYS[table]
    counts = codes.TABLE_COUNTS[table]
    columns = keys + counts
    _header(sheet, columns, {"ethnicity": 92, "service": 11, "pay_band": 13})
    for number, key in enumerate(rows, start=2):
        for position, value in enumerate(key, start=1):
            cell = sheet.cell(number, position, value)
            cell.fill = _KEY_FILL
    last = max(len(rows), room) + 1 + SPARE_ROWS
    for number in range(2, last + 1):
        for position in range(1, len(columns) + 1):
            sheet.cell(number, position).protection = _UNLOCKED
    for position, column in enumerate(keys, start=1):
        letter = get_column_letter(position)
        validation = DataValidation(
            type="list", formula1=f"{_list_range(_LIST_OF_COLUMN[column])}", allow_blank=True,
            showErrorMessage=True, errorTitle=f"Not a {column}",
            error=f"Choose a {column} from the list.")
        validation.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(validation)
    first_count = len(keys) + 1
    count_range = (f"{get_column_letter(first_count)}2:"
                   f"{get_column_letter(len(columns))}{last}")
    whole = DataValidation(
        type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
        showErrorMessage=True, errorTitle="Not a count",
        error="Type a whole number of people, 0 or more (no words, decimals or symbols).",
        showInputMessage=True, promptTitle="A count",
        prompt="A whole number of people, 0 or more. Type 0 when there were none: a blank is not read as 0.")
    whole.add(count_range)
    sheet.add_data_validation(whole)
    checks.add_cell_checks(sheet, table, len(rows), last)
    _protect(sheet)
    return len(rows)


# ---------------------------------------------------------------- the action plan

# Editable rows below the pre-filled actions.
PLAN_SPARE_ROWS = 30
_PLAN_WIDTHS = {"action_id": 12, "indicator": 10, "action": 60, "owner_role": 28, "start_date": 12,
                "due_date": 12, "target_measure": 20, "target_breakdown": 17, "target_comparison": 18,
                "target_value": 13, "target_year": 12, "status": 13, "public": 9}
_PLAN_DROP_DOWNS = ("indicator", "target_measure", "target_breakdown", "target_comparison", "status", "public")
_PLAN_LIST_OF_COLUMN = {"public": "yes_no"}  # drop-downs whose list is named otherwise
_EARLIEST_DATE = "DATE(2000,1,1)"


PROMPT_LIMIT = 255  # characters Excel shows in an input message


def themes_prompt() -> str:
    """The input message of the plan's indicator column: the programme's themes and their
    indicators (``registry.THEMES``), so a council plans by theme with the codes the sheet takes."""
    themes = "; ".join(f"{t.name}: {', '.join(ids)}" for t, ids in
                       zip(registry.THEMES, registry.theme_indicators().values()) if ids)
    prompt = f"The indicator the action answers. Themes: {themes}."
    if len(prompt) > PROMPT_LIMIT:
        raise ValueError(f"the themes prompt is longer than Excel shows ({len(prompt)} > {PROMPT_LIMIT})")
    return prompt


def _plan_letter(column: str) -> str:
    return get_column_letter(codes.ACTION_PLAN_COLUMNS.index(column) + 1)


def _action_plan_sheet(workbook: Workbook, year: int, plan: pd.DataFrame | None) -> int:
    """The optional plan: header, pre-filled actions (as given), spare rows; the rows pre-filled.

    Text from a plan is written as text cells (an action starting with '=' stays
    words, never a formula); dates as date cells.
    """
    sheet = workbook.create_sheet(codes.ACTION_PLAN_TABLE)
    columns = codes.ACTION_PLAN_COLUMNS
    _header(sheet, columns, _PLAN_WIDTHS)
    records = [] if plan is None else plan.to_dict("records")
    for number, record in enumerate(records, start=2):
        for position, column in enumerate(columns, start=1):
            _plan_cell(sheet.cell(number, position), column, record[column])
    last = len(records) + 1 + PLAN_SPARE_ROWS
    for number in range(2, last + 1):
        for position, column in enumerate(columns, start=1):
            cell = sheet.cell(number, position)
            cell.protection = _UNLOCKED
            if column in codes.ACTION_PLAN_DATE_COLUMNS:
                cell.number_format = "yyyy-mm-dd"
    for column in _PLAN_DROP_DOWNS:
        prompt = {"showInputMessage": True, "promptTitle": "indicator (theme)", "prompt": themes_prompt()} \
            if column == "indicator" else {}
        _plan_validation(sheet, column, last, DataValidation(
            type="list", formula1=_list_range(_PLAN_LIST_OF_COLUMN.get(column, column)), allow_blank=True,
            showErrorMessage=True,
            errorTitle=f"Not a {column}", error=f"Choose a {column} from the list.", **prompt))
    for column in codes.ACTION_PLAN_DATE_COLUMNS:
        _plan_validation(sheet, column, last, DataValidation(
            type="date", operator="greaterThanOrEqual", formula1=_EARLIEST_DATE, allow_blank=True,
            showErrorMessage=True, errorTitle="Not a date",
            error="Type a date, e.g. 2024-06-01.", showInputMessage=True, promptTitle=column,
            prompt="A date (YYYY-MM-DD). The due date is on or after the start date."))
    for column, limit in (("action_id", 20), ("action", 500), ("owner_role", 100)):
        _plan_validation(sheet, column, last, DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1=str(limit), allow_blank=True,
            showErrorMessage=True, errorTitle="Too long", error=f"{column}: at most {limit} characters."))
    _plan_validation(sheet, "target_value", last, DataValidation(
        type="decimal", operator="between", formula1="-100", formula2="100", allow_blank=True,
        showErrorMessage=True, errorTitle="Not a target value",
        error="Type a number: a share from 0 to 1, a relative likelihood, or percentage points.",
        showInputMessage=True, promptTitle="target_value",
        prompt="share_minoritised: 0 to 1; percent_experienced and gap_pp: percentage points; "
               "relative_likelihood: e.g. 0.8 or 1.25."))
    _plan_validation(sheet, "target_year", last, DataValidation(
        type="whole", operator="between", formula1=str(year), formula2=str(year + 10), allow_blank=True,
        showErrorMessage=True, errorTitle="Not a target year",
        error=f"The collection year by whose return the target should be met: {year} or later."))
    checks.add_plan_checks(sheet, year, last)
    _protect(sheet)
    return len(records)


def _plan_cell(cell, column: str, value: object) -> None:
    if column == "indicator" and isinstance(value, str) and value.isdigit():
        cell.value = int(value)  # as the drop-down list holds it
    elif column in codes.ACTION_PLAN_TEXT_COLUMNS:
        if value:
            _text_cell(cell, str(value))
    elif column == "target_year":
        cell.value = int(value)
    elif column == "public":
        cell.value = yes_no(value)
    elif column == "target_value":
        cell.value = float(value)
    else:
        cell.value = value


def _text_cell(cell, text: str) -> None:
    """Untrusted TEXT as inert text, as the published workbook keeps it (``spreadsheet_text``).

    Stored as a string, never a formula; and one that starts like a formula also gets
    Excel's quote prefix, so that editing the cell (which the authority will) does not
    turn it into a live formula either.
    """
    cell.value = text
    cell.data_type = "s"
    if starts_like_formula(text):
        cell.quotePrefix = True


def _plan_validation(sheet: Worksheet, column: str, last: int, validation: DataValidation) -> None:
    letter = _plan_letter(column)
    validation.add(f"{letter}2:{letter}{last}")
    sheet.add_data_validation(validation)
