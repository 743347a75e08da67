"""In-sheet checks: the spec's cross-row rules shown while the authority types, not after.

Two forms of the same rules: conditional formatting colours the offending cell
(yellow: still blank; red: breaks a rule), and the README sheet counts the rows
that need a look. They are only hints (formulas Excel or LibreOffice recalculate);
intake re-checks everything with ``validate_return``. The SUMIFS matching is
case-insensitive, as the reader is, but compares the text as written: a row whose
ethnicity is spelled differently from the workforce sheet's is not matched.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scwres_helpers import codes

BLANK_FILL = PatternFill("solid", fgColor="FFF2CC", bgColor="FFF2CC")
BREACH_FILL = PatternFill("solid", fgColor="F4B6B6", bgColor="F4B6B6")
BREACH_FONT = Font(bold=True, color="9C0006")


def _letter(table: str, column: str) -> str:
    return get_column_letter(codes.table_columns(table).index(column) + 1)


@dataclass(frozen=True)
class RowRule:
    """``column`` of ``table`` must not exceed ``limit`` (an Excel expression of row 2)."""

    table: str
    column: str
    limit: str
    text: str


def _headcount_limit(table: str, regulated_only: bool = False) -> str:
    service, ethnicity = f"${_letter(table, 'service')}2", f"${_letter(table, 'ethnicity')}2"
    limit = (f"SUMIFS(workforce!$F:$F,workforce!$A:$A,{service},workforce!$B:$B,{ethnicity}"
             + (',workforce!$E:$E,"yes"' if regulated_only else "") + ")")
    return limit


ROW_RULES = (
    RowRule("recruitment", "appointed", "$C2", "appointed is more than shortlisted"),
    RowRule("disciplinary", "entered_formal_process", _headcount_limit("disciplinary"),
            "entered_formal_process is more than the workforce headcount of that service and ethnicity"),
    RowRule("fitness_to_practise", "referred", _headcount_limit("fitness_to_practise", True),
            "referred is more than the regulated headcount of that service and ethnicity"),
    RowRule("cpd", "accessed_funded_cpd", _headcount_limit("cpd"),
            "accessed_funded_cpd is more than the workforce headcount of that service and ethnicity"),
    RowRule("leavers", "leavers", _headcount_limit("leavers"),
            "leavers is more than the workforce headcount of that service and ethnicity"),
    RowRule("survey", "experienced", "$D2", "experienced is more than respondents"),
)


def add_cell_checks(sheet: Worksheet, table: str, n_rows: int, last: int) -> None:
    """Colour blank count cells of filled rows yellow and rule breaches red, rows 2..last."""
    counts = codes.TABLE_COUNTS[table]
    first, final = _letter(table, counts[0]), _letter(table, counts[-1])
    sheet.conditional_formatting.add(
        f"{first}2:{final}{last}",
        FormulaRule(formula=[f'AND($A2<>"",ISBLANK({first}2))'], fill=BLANK_FILL))
    # Not a whole number >= 0 (pasted text, a decimal, a negative): IF is lazy, so INT never sees text.
    sheet.conditional_formatting.add(
        f"{first}2:{final}{last}",
        FormulaRule(formula=[f"IF(ISNUMBER({first}2),OR({first}2<0,{first}2<>INT({first}2)),"
                             f"NOT(ISBLANK({first}2)))"], fill=BREACH_FILL, font=BREACH_FONT))
    for rule in ROW_RULES:
        if rule.table != table:
            continue
        letter = _letter(table, rule.column)
        sheet.conditional_formatting.add(
            f"{letter}2:{letter}{last}",
            FormulaRule(formula=[f"AND(ISNUMBER({letter}2),{letter}2>{rule.limit})"],
                        fill=BREACH_FILL, font=BREACH_FONT))


def _whole_column(rule: RowRule, last: int, column: str) -> str:
    letter = _letter(rule.table, column)
    return f"{rule.table}!{letter}2:{letter}{last}"


def summary_formulas(sizes: dict[str, int], spare: int) -> list[tuple[str, str]]:
    """(what is checked, formula counting the rows that break it), for the README sheet."""
    rows: list[tuple[str, str]] = []
    not_counts: list[tuple[str, str]] = []
    for table in codes.DATA_TABLES:
        last = sizes[table] + 1 + spare
        counts = codes.TABLE_COUNTS[table]
        keys = f"{table}!$A$2:$A${last}"
        blanks = "+".join(
            f"SUMPRODUCT(({keys}<>\"\")*({table}!{_letter(table, c)}2:{_letter(table, c)}{last}=\"\"))"
            for c in counts)
        rows.append((f"{table}: count cells still blank (type 0 where there were none)", blanks))
    for table in codes.DATA_TABLES:
        last = sizes[table] + 1 + spare
        counts = codes.TABLE_COUNTS[table]
        cells = f"{table}!{_letter(table, counts[0])}2:{_letter(table, counts[-1])}{last}"
        not_counts.append((f"{table}: count cells holding text or a negative number",
                           f'SUMPRODUCT(--ISTEXT({cells}))+COUNTIF({cells},"<0")'))
    for rule in ROW_RULES:
        last = sizes[rule.table] + 1 + spare
        value = _whole_column(rule, last, rule.column)
        if rule.limit.startswith("SUMIFS"):
            key = {c: _whole_column(rule, last, c) for c in ("service", "ethnicity")}
            limit = (rule.limit.replace(f"${_letter(rule.table, 'service')}2", key["service"])
                     .replace(f"${_letter(rule.table, 'ethnicity')}2", key["ethnicity"]))
        else:
            limit = f"{rule.table}!{rule.limit.replace('$', '')}:{rule.limit.replace('$', '')[0]}{last}"
        rows.append((f"{rule.table}: rows where {rule.text}",
                     f"SUMPRODUCT(ISNUMBER({value})*({value}>{limit}))"))
    return rows + not_counts


def add_check_summary(cover: Worksheet, sizes: dict[str, int], spare: int) -> None:
    """A 'Checks' block below the cover text: how many cells or rows need a look, per rule.

    Blank counts are expected while filling in (amber); rule breaches are red.
    """
    start = cover.max_row + 2
    cover.cell(start, 1, "Checks: the number of cells or rows to look at (all 0 means ready to send)").font = \
        Font(bold=True, size=13)
    formulas = summary_formulas(sizes, spare)
    for offset, (text, formula) in enumerate(formulas, start=1):
        cell = cover.cell(start + offset, 1, f"={formula}")
        cell.font = Font(bold=True)
        cover.cell(start + offset, 2, text)
    n_blank = len(codes.DATA_TABLES)
    first, split, end = start + 1, start + n_blank, start + len(formulas)
    cover.conditional_formatting.add(
        f"A{first}:A{split}", FormulaRule(formula=[f"A{first}>0"], fill=BLANK_FILL))
    cover.conditional_formatting.add(
        f"A{split + 1}:A{end}", FormulaRule(formula=[f"A{split + 1}>0"], fill=BREACH_FILL, font=BREACH_FONT))


def _plan_letter(column: str) -> str:
    return get_column_letter(codes.ACTION_PLAN_COLUMNS.index(column) + 1)


def add_plan_checks(sheet: Worksheet, year: int, last: int) -> None:
    """The action plan's hints, rows 2..last: cells of a started action still blank (yellow),
    a due date before the start date and a target year before ``year`` (red).

    ``target_breakdown`` is left out of the blank check: it is blank for every indicator but 1;
    so is ``public`` (blank is no).
    """
    required = [c for c in codes.ACTION_PLAN_COLUMNS
                if c not in ("action_id", "target_breakdown", *codes.ACTION_PLAN_OPTIONAL_COLUMNS)]
    for column in required:
        letter = _plan_letter(column)
        sheet.conditional_formatting.add(
            f"{letter}2:{letter}{last}",
            FormulaRule(formula=[f'AND($A2<>"",ISBLANK({letter}2))'], fill=BLANK_FILL))
    start, due, target_year = (_plan_letter(c) for c in ("start_date", "due_date", "target_year"))
    sheet.conditional_formatting.add(
        f"{due}2:{due}{last}",
        FormulaRule(formula=[f"AND(ISNUMBER({start}2),ISNUMBER({due}2),{due}2<{start}2)"],
                    fill=BREACH_FILL, font=BREACH_FONT))
    sheet.conditional_formatting.add(
        f"{target_year}2:{target_year}{last}",
        FormulaRule(formula=[f"AND(ISNUMBER({target_year}2),{target_year}2<{year})"],
                    fill=BREACH_FILL, font=BREACH_FONT))
