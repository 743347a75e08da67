"""The ``about`` table: who sent the return, for which year and period.

It is a list of (field, value) rows rather than columns of data, so it is checked in
plain code, field by field, and becomes a ``returns.About`` when every field is good.
"""

from __future__ import annotations

import datetime as dt
import re

from scwres_helpers import codes
from scwres_helpers.intake.discover import ReturnSource
from scwres_helpers.intake.problems import ERROR, WARNING, Problem
from scwres_helpers.intake.read import RawTable, normalise_name
from scwres_helpers.intake.values import parse_iso_date
from scwres_helpers.spreadsheet_text import FORMULA_TRIGGERS
from scwres_helpers.returns import About, Governance
from scwres_helpers.safe_text import shown_value, unsafe_character

NAME_MAX_LENGTH = 100
ROLE_MAX_LENGTH = 100  # as an action's owner_role
# "About 12 months": a year give or take a week, so 1 Apr to 31 Mar (365 or 366 days)
# and period ends written as the next period's first day (366 or 367) both pass.
PERIOD_DAYS_MIN = 358
PERIOD_DAYS_MAX = 373
_COLUMNS = ("field", "value")
_DATE_FIELDS = ("period_start", "period_end", "snapshot_date")


def check_about(raw: RawTable | None, source: ReturnSource, authority: str | None,
                problems: list[Problem]) -> About | None:
    """Append every problem of the about table to ``problems``; the About if there were none."""
    if raw is None:
        return None  # the reader has already reported the missing table
    first_error = sum(p.is_error for p in problems)

    def report(severity, rule, row=None, value=None):
        problems.append(Problem(
            severity, rule, file=raw.file, table=raw.name,
            location=raw.cell_location(row, "value") if row is not None else raw.header_location(),
            column="value" if row is not None else None, value=value, authority=authority))

    _check_columns(raw, authority, problems)
    if any(c not in raw.column_positions for c in _COLUMNS):
        return None
    rows = _field_rows(raw, authority, problems)
    for name in codes.ABOUT_REQUIRED_FIELDS:
        if name not in rows:
            report(ERROR, f"the about table has no {name} row; add a row with field {name} "
                   "and its value")
    values: dict[str, object] = {}
    for name, (row, text) in rows.items():
        parsed = _parse_field(name, text, source, lambda rule, r=row, t=text: report(ERROR, rule, r, t))
        if parsed is not None:
            values[name] = parsed
    _check_period(values, rows, report)
    _check_names_published(values, rows, report)
    if sum(p.is_error for p in problems) > first_error:
        return None
    return About(
        authority_code=values["authority_code"],
        authority_name=values["authority_name"],
        year=values["year"],
        period_start=values["period_start"],
        period_end=values["period_end"],
        snapshot_date=values["snapshot_date"],
        template_version=values.get("template_version"),
        governance=Governance(
            names_public=bool(values.get(codes.ABOUT_NAMES_PUBLIC_FIELD, False)),
            **{name: values.get(name) for name in (*codes.ABOUT_ROLE_FIELDS, *codes.ABOUT_NAME_FIELDS)},
        ),
    )


def _check_columns(raw: RawTable, authority: str | None, problems: list[Problem]) -> None:
    for column in _COLUMNS:
        if column not in raw.column_positions:
            problems.append(Problem(
                ERROR, f"the about table has no '{column}' column; its header row must be: "
                "field, value", file=raw.file, table=raw.name, location=raw.header_location(),
                column=column, authority=authority))
    for column in raw.column_positions:
        if column not in _COLUMNS:
            problems.append(Problem(
                WARNING, f"'{shown_value(column)}' is not a column of the about table (field, value) and "
                "was ignored", file=raw.file, table=raw.name,
                location=raw.header_location(column), column=column, authority=authority))


def _field_rows(raw: RawTable, authority: str | None, problems: list[Problem]) -> dict[str, tuple[int, str | None]]:
    """Field name -> (data row, value text), reporting unknown and repeated fields."""
    rows: dict[str, tuple[int, str | None]] = {}
    for row, (field_text, value) in enumerate(zip(raw.cells["field"], raw.cells["value"], strict=True)):
        where = dict(file=raw.file, table=raw.name, location=raw.cell_location(row, "field"),
                     column="field", value=field_text, authority=authority)
        if field_text is None:
            problems.append(Problem(WARNING, "this row has a value but no field name and was "
                                    "ignored", **where))
            continue
        name = normalise_name(field_text)
        if name not in codes.ABOUT_FIELDS:
            problems.append(Problem(
                WARNING, f"'{shown_value(field_text)}' is not an about field ({', '.join(codes.ABOUT_FIELDS)}) "
                "and was ignored", **where))
        elif name in rows:
            earlier = raw.row_location(rows[name][0])
            problems.append(Problem(
                ERROR, f"the field {name} is given twice (also at {earlier}); keep one row",
                **where))
        else:
            rows[name] = (row, value)
    return rows


def _parse_field(name: str, text: str | None, source: ReturnSource, fail) -> object | None:
    if name == "template_version":
        return text
    if name in codes.ABOUT_GOVERNANCE_FIELDS:
        return _parse_governance(name, text, fail)
    if text is None:
        fail(f"{name} is blank; fill it in")
        return None
    if name == "authority_code":
        code = text.upper()
        if not codes.AUTHORITY_CODE_PATTERN.match(code):
            fail("authority_code must be the authority's GSS code: a letter and 8 digits, "
                 "e.g. E08000035")
            return None
        if code != source.name_code:
            fail(f"authority_code ({code}) does not match the name the return is filed under "
                 f"({source.display_name}); correct whichever is wrong")
            return None
        return code
    if name == "authority_name":
        problem = authority_name_problem(text)
        if problem is not None:
            fail(problem)
            return None
        return text
    if name == "year":
        if not re.fullmatch(r"\d{4}", text):
            fail("year must be the collection year as four digits, e.g. 2024")
            return None
        if int(text) != source.year:
            fail(f"year ({text}) does not match the year folder the return is filed in "
                 f"({source.year}); correct the year or move the return")
            return None
        return int(text)
    date = parse_iso_date(text)
    if date is None:
        fail(f"{name} must be a date written YYYY-MM-DD (e.g. 2024-03-31) or an Excel date")
    return date


def _parse_governance(name: str, text: str | None, fail) -> object | None:
    """An optional governance field: blank is None (and no for governance_names_public)."""
    if name == codes.ABOUT_NAMES_PUBLIC_FIELD:
        if text is None:
            return False
        answer = text.strip().lower()
        if answer not in codes.YES_NO:
            fail(f"{name} must be yes or no (yes publishes the names in the public summary; "
                 "blank means no)")
            return None
        return answer == "yes"
    if text is None:
        return None
    problem = governance_text_problem(name, text)
    if problem is not None:
        fail(problem)
        return None
    return text


def governance_text_problem(name: str, text: str) -> str | None:
    """Why TEXT cannot be a governance role or name, or None.

    The public summary prints it, so it is plain text on one line (as the authority's
    name); a role is a job title, never contact details, so an email address is refused.
    """
    if len(text) > ROLE_MAX_LENGTH:
        return f"{name} is {len(text)} characters long; shorten it to at most {ROLE_MAX_LENGTH}"
    unsafe = unsafe_character(text)
    if unsafe is not None:
        return (f"{name} contains a control character ({unsafe}: a line break, tab, terminal escape or "
                "invisible formatting such as a right-to-left override); write it as plain text on one line")
    if "@" in text:
        return (f"{name} looks like an email address; give a job title (e.g. Director of Adult Social "
                "Care) or a name, not contact details")
    if text.startswith(FORMULA_TRIGGERS) or "<" in text or ">" in text:
        return (f"{name} must be plain text: no '<' or '>' and not starting with '=', '+', '-' or '@' "
                "(a spreadsheet would read that as a formula)")
    return None


def _check_names_published(values: dict, rows: dict, report) -> None:
    """A name given without governance_names_public yes is kept private: say so, once."""
    named = [n for n in codes.ABOUT_NAME_FIELDS if values.get(n)]
    if named and not values.get(codes.ABOUT_NAMES_PUBLIC_FIELD):
        row, text = rows[named[0]]
        report(WARNING, f"{', '.join(named)} given but {codes.ABOUT_NAMES_PUBLIC_FIELD} is not yes, so the "
               "public summary shows the roles only; write yes there to publish the names", row, text)


def authority_name_problem(text: str) -> str | None:
    """Why TEXT cannot be an authority's name, or None: the one rule, wherever a name comes in.

    Reports print the name in HTML, PDF and spreadsheets, and collection workbooks
    pre-fill it, so it must be plain text on one line: no control or invisible
    formatting characters (line breaks, terminal escapes, bidirectional overrides),
    no markup, and no first character a spreadsheet would take for a formula.
    Used by validation (``validate``, ``build``, ``intake``) and by ``template --name``.
    """
    if len(text) > NAME_MAX_LENGTH:
        return f"authority_name is {len(text)} characters long; shorten it to at most {NAME_MAX_LENGTH}"
    unsafe = unsafe_character(text)
    if unsafe is not None:
        return (f"authority_name contains a control character ({unsafe}: a line break, tab, terminal "
                "escape or invisible formatting such as a right-to-left override); write it as plain "
                "text on one line")
    if text.startswith(FORMULA_TRIGGERS) or "<" in text or ">" in text:
        return ("authority_name must be plain text: no '<' or '>' and not starting with '=', '+', '-' "
                "or '@' (a spreadsheet would read that as a formula); write the authority's name")
    return None


def _check_period(values: dict, rows: dict, report) -> None:
    start, end = values.get("period_start"), values.get("period_end")
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        return
    row, text = rows["period_end"]
    if end <= start:
        report(ERROR, f"period_end ({end}) must be after period_start ({start}); the period "
               "is the 12 months the event tables cover", row, text)
        return
    days = (end - start).days + 1
    if not PERIOD_DAYS_MIN <= days <= PERIOD_DAYS_MAX:
        report(WARNING, f"the period from {start} to {end} covers {days} days, not about 12 "
               "months; the event tables should cover one year — check both dates", row, text)
