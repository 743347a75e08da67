"""Reading one cell: counts, codes and dates, and saying in plain words why a value is wrong.

Pure functions on the cell text (``None`` = blank) so each rule of the spec is small
and testable on its own; the table-level checks in ``schemas`` and ``about`` use them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from scwres_helpers import codes
from scwres_helpers.intake.read import EXCEL_ERROR_VALUES, normalise_name
from scwres_helpers.safe_text import unsafe_character

INT64_MAX = 2**63 - 1
_WHOLE = re.compile(r"\d+(\.0+)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# ---------------------------------------------------------------- counts

def parse_count(text: str | None) -> int | None:
    """A whole number >= 0 (``3`` or ``3.0``); None for anything else, blank included."""
    if text is None or not _WHOLE.fullmatch(text):
        return None
    number = int(text.split(".")[0])
    return number if number <= INT64_MAX else None


def explain_count(column: str, text: str | None) -> str:
    """Why ``text`` is not a count, and what to write instead."""
    if text is None:
        return f"{column} is blank; enter 0 if there were none (a blank cell is not read as zero)"
    if text.upper() in EXCEL_ERROR_VALUES:
        return (f"the cell shows the Excel error {text.upper()}; fix the formula or type "
                f"the number of people for {column}")
    if text[:1] in "<>≤≥~" or "suppress" in text.lower() or text in {"*", "[c]", "c"}:
        return (f"{column} looks suppressed or rounded; send the exact count (we suppress "
                "small numbers ourselves before anything is published)")
    if re.fullmatch(r"-\s*\d+(\.\d*)?", text):
        return f"{column} is negative; a count is a number of people, 0 or more"
    if re.fullmatch(r"\d{1,3}(,\d{3})+", text):
        return f"{column} has a thousands separator; write the number without commas, e.g. {text.replace(',', '')}"
    if re.fullmatch(r"\d*\.\d+|\d+\.", text):
        return f"{column} is not a whole number; a count is a number of people (no fractions or FTE)"
    if re.fullmatch(r"\d+", text):
        return f"{column} is too large to be a count; check the cell"
    return (f"{column} is not a number; write a whole number such as 0 or 12 "
            "(no words, symbols, ranges or notes in count cells)")


# ---------------------------------------------------------------- codes

def canonical_code(column: str, text: str | None) -> str | None:
    """The canonical code for a key cell (any spelling the spec accepts), or None."""
    if text is None:
        return None
    if column == "ethnicity":
        return codes.canonical_ethnicity(text)
    value = normalise_name(text)
    return value if value in codes.KEY_VALUES[column] else None


def explain_code(column: str, text: str | None) -> str:
    """Why ``text`` is not an accepted value of a key column, with the nearest match."""
    if text is not None and text.upper() in EXCEL_ERROR_VALUES:
        return f"the cell shows the Excel error {text.upper()}; fix the formula or type the {column}"
    if column == "ethnicity":
        if text is None:
            return "ethnicity is blank; use not_known when the ethnicity is not recorded"
        guess = _nearest(text.lower(), codes.ETHNICITIES)
        hint = f" (did you mean {guess}?)" if guess else ""
        return ("ethnicity is not a recognised category" + hint + "; use a category code such as "
                "white_british, the 2021 census label (e.g. 'Asian or Asian British: Indian') "
                "or the NHS letter code (e.g. H)")
    allowed = codes.KEY_VALUES[column]
    choices = " or ".join(allowed) if len(allowed) == 2 else ", ".join(allowed)
    if text is None:
        return f"{column} is blank; every row needs one of: {choices}"
    guess = _nearest(normalise_name(text), allowed)
    hint = f" (did you mean {guess}?)" if guess else ""
    return f"{column} is not an allowed value{hint}; use one of: {choices}"


def _nearest(text: str, choices: tuple[str, ...]) -> str | None:
    matches = difflib.get_close_matches(text, choices, n=1, cutoff=0.75)
    return matches[0] if matches else None


# ---------------------------------------------------------------- dates and text

def parse_iso_date(text: str | None) -> dt.date | None:
    """A calendar date written YYYY-MM-DD (Excel date cells arrive in this form)."""
    if text is None or not _ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def has_control_characters(text: str) -> bool:
    """Line breaks, tabs, terminal escapes and bidirectional overrides have no place in text
    printed in reports (the rule is ``safe_text``'s, the same for every name)."""
    return unsafe_character(text) is not None
