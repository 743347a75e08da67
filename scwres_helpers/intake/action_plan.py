"""The optional ``action_plan`` table: its columns, every cell, and the rules across cells.

A plan is a list of actions, each with a target on one indicator. Each cell is read
by a parser (``None`` = bad, blank included, except a blank ``target_breakdown``,
which is ``""``) and each bad cell becomes a Problem at the cell the analyst sees.
Then the rules that tie cells together: unique ids, due after start, a target
measure and band that exist for the indicator, a value in the measure's range, a
target year not before the return's. A plan with errors quarantines the return
like any other error; the plan is never altered.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable

import pandas as pd

from scwres_helpers import codes
from scwres_helpers.action_plan import plan_frame
from scwres_helpers.intake.problems import ERROR, WARNING, Problem
from scwres_helpers.intake.read import EXCEL_ERROR_VALUES, RawTable, normalise_name
from scwres_helpers.intake.values import has_control_characters, parse_iso_date
from scwres_helpers.safe_text import shown_value, unsafe_character

TABLE = codes.ACTION_PLAN_TABLE
COLUMNS = codes.ACTION_PLAN_COLUMNS
REQUIRED_COLUMNS = tuple(c for c in COLUMNS if c not in codes.ACTION_PLAN_OPTIONAL_COLUMNS)
ACTION_ID_PATTERN = re.compile(r"[A-Za-z0-9_.\-]{1,20}")
ACTION_MAX_LENGTH = 500
OWNER_ROLE_MAX_LENGTH = 100
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_YEAR = re.compile(r"\d{4}")
# The range a target value can take, by measure (shares 0-1; percentages and points x100).
VALUE_RANGES: dict[str, tuple[float, float | None]] = {
    "relative_likelihood": (0.0, None),
    "share_minoritised": (0.0, 1.0),
    "percent_experienced": (0.0, 100.0),
    "gap_pp": (-100.0, 100.0),
}


def _or_list(values: tuple[str, ...]) -> str:
    """``a, b or c``."""
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]


# ---------------------------------------------------------------- one cell

def parse_action_id(text: str | None) -> str | None:
    return text if text is not None and ACTION_ID_PATTERN.fullmatch(text) else None


def parse_indicator(text: str | None) -> str | None:
    """An indicator id, any case (``7A`` -> ``7a``)."""
    value = None if text is None else normalise_name(text)
    return value if value in codes.INDICATORS else None


def _parse_text(limit: int, text: str | None) -> str | None:
    if text is None or len(text) > limit or has_control_characters(text):
        return None
    return text


def parse_action(text: str | None) -> str | None:
    return _parse_text(ACTION_MAX_LENGTH, text)


def parse_owner_role(text: str | None) -> str | None:
    """A role, not a person: an email address is personal data and is refused."""
    value = _parse_text(OWNER_ROLE_MAX_LENGTH, text)
    return None if value is None or "@" in value else value


def parse_measure(text: str | None) -> str | None:
    value = None if text is None else normalise_name(text)
    return value if value in codes.TARGET_MEASURE_CODES else None


def parse_breakdown(text: str | None) -> str | None:
    """A band code, or ``""`` when blank (targets of every indicator but 1)."""
    if text is None:
        return ""
    value = normalise_name(text)
    return value if value in codes.TARGET_BREAKDOWNS else None


def parse_comparison(text: str | None) -> str | None:
    """``at_least``/``at_most``, or their symbols ``>=``, ``≥``, ``<=``, ``≤`` (spaces ignored)."""
    if text is None:
        return None
    return codes.TARGET_COMPARISON_ALIASES.get("".join(text.split()).lower())


def parse_target_value(text: str | None) -> float | None:
    """A plain decimal number (its range depends on the measure: see ``row_problems``)."""
    if text is None or not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def parse_target_year(text: str | None) -> int | None:
    return int(text) if text is not None and _YEAR.fullmatch(text) else None


def parse_status(text: str | None) -> str | None:
    """A status code; ``In progress`` and ``not-started`` are read as the codes."""
    if text is None:
        return None
    value = re.sub(r"[\s\-]+", "_", normalise_name(text))
    return value if value in codes.ACTION_STATUSES else None


def parse_public(text: str | None) -> bool | None:
    """yes or no (any case); blank is no: an action is public only when the council says so."""
    if text is None:
        return False
    value = normalise_name(text)
    return {"yes": True, "no": False}.get(value)


def _nearest(text: str, choices: tuple[str, ...]) -> str:
    matches = difflib.get_close_matches(normalise_name(text), choices, n=1, cutoff=0.75)
    return f" (did you mean {matches[0]}?)" if matches else ""


def explain(column: str, text: str | None) -> str:
    """Why ``text`` is not a good value of ``column``, and what to write instead."""
    if text is not None and text.upper() in EXCEL_ERROR_VALUES:
        return f"the cell shows the Excel error {text.upper()}; fix the formula or type the {column}"
    if column == "action_id":
        if text is None:
            return "action_id is blank; give every action a short id of its own, e.g. A1"
        return ("action_id must be 1 to 20 letters, digits, '_', '.' or '-' with no spaces, "
                "e.g. A1 or HR-2024-01")
    if column == "indicator":
        allowed = ", ".join(codes.INDICATORS)
        if text is None:
            return f"indicator is blank; give the indicator the action is for: one of {allowed}"
        return f"indicator is not an SC-WRES indicator; use one of {allowed}"
    if column in ("action", "owner_role"):
        return _explain_text(column, text)
    if column in codes.ACTION_PLAN_DATE_COLUMNS:
        what = "is blank" if text is None else "is not a date"
        return f"{column} {what}; write it as YYYY-MM-DD (e.g. 2024-06-01) or use an Excel date"
    if column == "target_measure":
        choices = _or_list(codes.TARGET_MEASURE_CODES)
        if text is None:
            return f"target_measure is blank; use {choices} (whichever the indicator has)"
        return f"target_measure is not a measure{_nearest(text, codes.TARGET_MEASURE_CODES)}; use {choices}"
    if column == "target_breakdown":
        return (f"target_breakdown is not a pay band{_nearest(text or '', codes.TARGET_BREAKDOWNS)}; "
                f"use one of {', '.join(codes.TARGET_BREAKDOWNS)}, or leave it blank for "
                "indicators other than 1")
    if column == "target_comparison":
        what = "is blank" if text is None else "is not a comparison"
        return f"target_comparison {what}; use at_least (or >=) or at_most (or <=)"
    if column == "target_value":
        if text is None:
            return "target_value is blank; give the value the indicator should reach, e.g. 0.8"
        if "%" in text:
            return ("target_value has a % sign; write percent_experienced and gap_pp targets in "
                    "percentage points (25 for 25%) and share_minoritised targets from 0 to 1 (0.25 for 25%)")
        return ("target_value is not a number; write a plain number such as 0.8 or 1.25 "
                "(no words, symbols or ranges)")
    if column == "target_year":
        if text is None:
            return ("target_year is blank; give the collection year by whose return the target "
                    "should be met, e.g. 2026")
        return "target_year must be a collection year written as four digits, e.g. 2026"
    if column == "public":
        return ("public must be yes (the action goes in the council's public summary) or no; "
                "blank means no")
    if column == "status":
        choices = _or_list(codes.ACTION_STATUSES)
        if text is None:
            return f"status is blank; use {choices}"
        return f"status is not an allowed value{_nearest(text, codes.ACTION_STATUSES)}; use {choices}"
    raise KeyError(column)


def _explain_text(column: str, text: str | None) -> str:
    if text is None:
        if column == "action":
            return "action is blank; say in a sentence or two what will be done"
        return "owner_role is blank; give the role that owns the action (e.g. Head of HR), not a person"
    limit = ACTION_MAX_LENGTH if column == "action" else OWNER_ROLE_MAX_LENGTH
    if len(text) > limit:
        return f"{column} is {len(text)} characters long; keep it to {limit}"
    if has_control_characters(text):
        return (f"{column} contains a control character ({unsafe_character(text)}: a line break, tab, "
                "terminal escape or invisible formatting such as a right-to-left override); write it "
                "as plain text on one line")
    return ("owner_role looks like an email address; give the role that owns the action "
            "(e.g. Head of HR), not a person's contact details")


PARSERS: dict[str, Callable[[str | None], object]] = {
    "action_id": parse_action_id,
    "indicator": parse_indicator,
    "action": parse_action,
    "owner_role": parse_owner_role,
    "start_date": parse_iso_date,
    "due_date": parse_iso_date,
    "target_measure": parse_measure,
    "target_breakdown": parse_breakdown,
    "target_comparison": parse_comparison,
    "target_value": parse_target_value,
    "target_year": parse_target_year,
    "status": parse_status,
    "public": parse_public,
}


# ---------------------------------------------------------------- the table

def check_action_plan(raw: RawTable | None, year: int, authority: str | None,
                      problems: list[Problem]) -> pd.DataFrame | None:
    """Append every problem of the plan to ``problems``; the canonical plan if it has rows and none.

    ``year`` is the return's collection year (targets cannot fall before it).
    ``None`` means no plan (table absent or without rows) or a plan with errors.
    """
    if raw is None:
        return None
    errors_before = sum(p.is_error for p in problems)
    _check_header(raw, authority, problems)
    values = _parse_cells(raw, authority, problems)
    problems.extend(_duplicate_ids(raw, values["action_id"], authority))
    for row in range(raw.n_rows):
        problems.extend(row_problems(raw, {c: values[c][row] for c in COLUMNS}, row, year, authority))
    if raw.n_rows == 0 or sum(p.is_error for p in problems) > errors_before:
        return None
    return plan_frame({c: values[c][row] for c in COLUMNS} for row in range(raw.n_rows))


def _problem(raw: RawTable, rule: str, row: int, column: str, authority: str | None,
             severity=ERROR) -> Problem:
    return Problem(severity, rule, file=raw.file, table=raw.name, location=raw.cell_location(row, column),
                   column=column, value=raw.cell(row, column), authority=authority)


def _check_header(raw: RawTable, authority: str | None, problems: list[Problem]) -> None:
    where = dict(file=raw.file, table=raw.name, authority=authority)
    for column in REQUIRED_COLUMNS:
        if column not in raw.column_positions:
            problems.append(Problem(
                ERROR, f"the {TABLE} table has no '{column}' column; its header row must name "
                f"these columns: {', '.join(REQUIRED_COLUMNS)} (and optionally "
                f"{', '.join(codes.ACTION_PLAN_OPTIONAL_COLUMNS)})", location=raw.header_location(),
                column=column, **where))
    seen: set[str] = set()
    for position, column in raw.header_cells:
        if column not in COLUMNS:
            problems.append(Problem(
                WARNING, f"'{shown_value(column)}' is not a column of the {TABLE} table and was ignored",
                location=raw.position_location(position), column=column, **where))
        elif column in seen:
            problems.append(Problem(
                ERROR, f"the column '{column}' appears more than once in the header; keep one",
                location=raw.position_location(position), column=column, **where))
        seen.add(column)


def _parse_cells(raw: RawTable, authority: str | None, problems: list[Problem]) -> dict[str, list]:
    """Parsed values by column (``None`` where bad or the column is missing); bad cells reported in row order."""
    values: dict[str, list] = {}
    bad: list[tuple[int, int, str]] = []
    for column, parse in PARSERS.items():
        if column not in raw.column_positions:
            absent = False if column in codes.ACTION_PLAN_OPTIONAL_COLUMNS else None
            values[column] = [absent] * raw.n_rows
            continue
        parsed = [parse(text) for text in raw.cells[column]]
        bad.extend((row, raw.column_positions[column], column) for row, v in enumerate(parsed) if v is None)
        values[column] = parsed
    for row, _, column in sorted(bad):
        problems.append(_problem(raw, explain(column, raw.cell(row, column)), row, column, authority))
    return values


def _duplicate_ids(raw: RawTable, ids: list[str | None], authority: str | None) -> list[Problem]:
    """Each action_id once; ``A1`` and ``a1`` are the same id (they read the same in a report)."""
    first: dict[str, int] = {}
    problems = []
    for row, action_id in enumerate(ids):
        if action_id is None:
            continue
        key = action_id.casefold()
        if key not in first:
            first[key] = row
            continue
        problems.append(_problem(
            raw, f"action_id {action_id} is already used at {raw.row_location(first[key])} (ids are "
            "compared ignoring case); give each action its own id", row, "action_id", authority))
    return problems


def row_problems(raw: RawTable, row_values: dict[str, object], row: int, year: int,
                 authority: str | None) -> list[Problem]:
    """The rules that tie one action's cells together, each at the cell to change."""
    v = row_values
    problems: list[Problem] = []

    def fail(column: str, rule: str) -> None:
        problems.append(_problem(raw, rule, row, column, authority))

    start, due = v["start_date"], v["due_date"]
    if isinstance(start, dt.date) and isinstance(due, dt.date) and due < start:
        fail("due_date", f"due_date {due} is before start_date {start}; check both dates")
    indicator, measure, breakdown = v["indicator"], v["target_measure"], v["target_breakdown"]
    if indicator is not None and measure is not None and measure not in codes.TARGET_MEASURES[indicator]:
        fail("target_measure", f"indicator {indicator} has no measure {measure}; use "
             f"{_or_list(codes.TARGET_MEASURES[indicator])}")
    if indicator == codes.TARGET_BREAKDOWN_INDICATOR and breakdown == "":
        fail("target_breakdown", "indicator 1 targets need a target_breakdown: the band the target "
             "is for, a pay band such as 70k_plus or a reporting band (below_30k, 30k_to_69k)")
    elif indicator is not None and indicator != codes.TARGET_BREAKDOWN_INDICATOR and breakdown:
        fail("target_breakdown", "target_breakdown is only for indicator 1 (representation by pay "
             f"band); leave it blank for indicator {indicator}")
    value = v["target_value"]
    if value is not None and measure is not None:
        low, high = VALUE_RANGES[measure]
        shown = raw.cell(row, "target_value")
        if value < low and low == 0:
            fail("target_value", f"target_value {shown} is negative; only a gap_pp target can be below 0")
        elif high is not None and not low <= value <= high:
            what = {"share_minoritised": "a share from 0 to 1 (0.25 for 25%)",
                    "percent_experienced": "a percentage from 0 to 100",
                    "gap_pp": "a gap in percentage points from -100 to 100"}[measure]
            fail("target_value", f"target_value {shown} is outside the range of {measure}, which is {what}")
    target_year = v["target_year"]
    if target_year is not None and target_year < year:
        fail("target_year", f"target_year {target_year} is before the year of this return ({year}); "
             f"a target is met by this year's return or a later one, so use {year} or later")
    return problems
