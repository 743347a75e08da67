"""The README sheet: what to count, for which period, what each table means, who to ask.

The sheet is named ``README`` so the return reader skips it (data-return.md tables
only); its text is a plain-words digest of data-return.md for the person filling
the workbook in.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from scwres_helpers import codes
from scwres_helpers.returns import collection_period

CONTACT = ("Questions: reply to the email that sent you this workbook (the SC-WRES data team). "
           "Send the filled-in workbook back the same way, as .xlsx (not PDF, not .xlsm).")
# The whole input contract, in the repository of the reporting system (docs/data-return.md).
GUIDE = ("Every sheet, column, code and rule is set out in full in the data-return guide, "
         "docs/data-return.md of the SC-WRES reporting system; ask the SC-WRES data team for a copy "
         "if it did not come with this workbook.")

TABLE_DEFINITIONS: dict[str, str] = {
    "about": ("Who sends the return and the period it covers. authority_code is your GSS code "
              "(a letter and 8 digits, e.g. E08000035); period_start and period_end are the 12 "
              "months the event tables cover; snapshot_date is the day the workforce was counted. "
              "Leave template_version as it is. Optional, for your public summary: the roles of your "
              "executive sponsor, programme lead and staff-voice lead (job titles, e.g. Director of Adult "
              "Social Care); their names only if governance_names_public is yes (with no, the default, "
              "the summary gives the roles alone)."),
    "workforce": ("Headcount (people, not FTE) on the snapshot date, by service, ethnicity, pay "
                  "band (full-time-equivalent annual salary), whether a senior manager, and whether "
                  "registered with a professional regulator (e.g. Social Work England). One row for "
                  "each combination that has staff; a combination with no row has no staff."),
    "recruitment": ("People shortlisted for a post during the period, and of those the people "
                    "appointed, by the candidate's ethnicity. appointed cannot exceed shortlisted."),
    "disciplinary": ("Staff who entered a formal disciplinary process during the period "
                     "(at most the workforce headcount of that service and ethnicity)."),
    "fitness_to_practise": ("Staff referred to a professional regulator on fitness-to-practise "
                            "grounds during the period (at most the regulated headcount)."),
    "cpd": ("Staff who accessed funded continuing professional development that was not mandatory "
            "training, during the period (at most the workforce headcount)."),
    "leavers": "Staff who left the organisation during the period (at most the workforce headcount).",
    "survey": ("From your staff survey: respondents by service, ethnicity and source of harassment, "
               "bullying or abuse (public = people who use services, their relatives or the public; "
               "colleagues; managers), and of those the number who experienced at least one incident "
               "in the last 12 months. Delete the rows of a service your survey did not cover, "
               "and every row below the header if no survey ran (0 respondents is read as surveyed, with nobody answering)."),
    "action_plan": ("Optional: your actions to improve the indicators, one row per action; leave only the "
                    "header row if you have no plan. action_id is a short id of your own (e.g. A1), used once; "
                    "indicator is 1 to 9, 7a or 7b; action says what will be done; owner_role is the role that "
                    "owns it (e.g. Head of HR), not a person's name; due_date is on or after start_date. "
                    "The target is for all services, minoritised staff compared with white staff: "
                    "target_measure is relative_likelihood for any indicator, or share_minoritised (1 and 9), "
                    "percent_experienced (6, 7a, 7b) or gap_pp (9); target_breakdown only for indicator 1, "
                    "the pay band or below_30k / 30k_to_69k; target_comparison at_least or at_most; "
                    "target_value a share from 0 to 1, a relative likelihood, or percentage points; "
                    "target_year the collection year by whose return it should be met (this year or later). "
                    "status is not_started, in_progress, complete or dropped. Actions carried over from last "
                    "year are filled in: update their status, and their target_year if it has passed. "
                    "public is yes for an action to show in your public summary (blank means no)."),
}


def _workforce_instruction(prefilled: int) -> str:
    common = ("pick the service, ethnicity, pay band, senior_manager and regulated from the drop-downs "
              "(or paste the rows from your HR system's report) and type the headcount. Leave out "
              "combinations with no staff: you need not list them.")
    if prefilled:
        return (f"The workforce sheet starts with the {prefilled} combinations that had staff in last "
                "year's return: type this year's headcount on each (0 if there is nobody now), and for "
                f"staff in any other combination add a row below: {common}")
    return f"On the workforce sheet, add one row for each combination that has staff: {common}"


def _instructions(year: int, services: tuple[str, ...], workforce_rows: int = 0) -> list[str]:
    start, end = collection_period(year)
    return [
        f"Events are counted from {start:%d %B %Y} to {end:%d %B %Y} (change period_start and "
        "period_end on the about sheet if your year differs); the workforce on the snapshot date.",
        _workforce_instruction(workforce_rows),
        "On the other sheets every row is already there: type a whole number in each white count cell. "
        "Type 0 where there were none — a blank cell is an error, not a zero, so we can tell 'none' "
        "from 'not filled in'.",
        "Yellow cells are still blank; red cells break a rule (see the Checks below).",
        "The 'README figures' sheet works out, as you type, the figures your report will show, with a "
        "chart per indicator: pick the service and the group to compare there. It is not read back.",
        "Do not rename, delete or add sheets, and do not change the header row (it is locked). "
        "Do not merge cells, add totals rows or subtotals: we add the rows up ourselves.",
        "Send exact counts, including small ones: we suppress small numbers before anything is published.",
        "Ethnicity uses the 2021 census categories; 'Not known' is for staff whose ethnicity is not "
        "recorded, 'Prefer not to say' for those who declined.",
        "Rows are listed for the services: " + ", ".join(services) + ". If you do not provide a "
        "service, delete its rows on every sheet (the sheets allow deleting rows).",
        GUIDE,
    ]


TEXT_WIDTH = 100  # characters in column B; wrapped rows get a height to match


def fit_height(sheet: Worksheet, row: int, text: str) -> None:
    """Row height for wrapped text (openpyxl cannot measure, and viewers may not re-measure)."""
    lines = max(1, -(-len(text) // int(TEXT_WIDTH * 1.05)))
    sheet.row_dimensions[row].height = 15 * lines


def _text(sheet: Worksheet, row: int, text: str, bold: bool = False) -> None:
    cell = sheet.cell(row, 2, text)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)
    fit_height(sheet, row, text)


def write_cover(sheet: Worksheet, year: int, services: tuple[str, ...], sizes: dict[str, int]) -> None:
    """Title, instructions, the sheets' definitions and the contact; checks go below (``checks``)."""
    sheet.column_dimensions["A"].width = 7
    sheet.column_dimensions["B"].width = TEXT_WIDTH
    sheet.page_setup.orientation = "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.cell(1, 1, f"Social Care Workforce Race Equality Standard: data return {year}").font = Font(bold=True, size=16)
    row = 3
    sheet.cell(row, 1, "How to fill this in").font = Font(bold=True, size=13)
    for number, text in enumerate(_instructions(year, services, sizes.get("workforce", 0)), start=1):
        row += 1
        sheet.cell(row, 1, f"{number}.").alignment = Alignment(vertical="top")
        _text(sheet, row, text)
    row += 2
    sheet.cell(row, 1, "The sheets").font = Font(bold=True, size=13)
    for table in codes.ALL_TABLES:
        row += 1
        rows = f" ({sizes[table]} rows pre-filled.)" if sizes.get(table) else ""
        sheet.cell(row, 1, "•").alignment = Alignment(horizontal="right", vertical="top")
        _text(sheet, row, f"{table}: {TABLE_DEFINITIONS[table]}{rows}")
    row += 2
    sheet.cell(row, 1, "Contact").font = Font(bold=True, size=13)
    _text(sheet, row + 1, CONTACT)
