"""Keeping text from the returns inert in spreadsheets and CSV files.

Authority names are free text written by whoever filled in the return. A cell starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula by
spreadsheet programs (CSV or formula injection: ``=HYPERLINK(...)`` can leak data or run
commands). In CSV such a cell gets a leading apostrophe (OWASP's advice); numbers such as
``-1.5`` are left alone, since they are data, not formulas. In the workbook every text
cell is stored as a string (never as a formula) and these cells also get Excel's quote
prefix, so editing the cell does not turn it into a formula either.

gptables adds two readings of its own to table cells: ``[text](url)`` becomes a link,
and a cell with no letter or digit is refused. ``workbook_text`` defuses both.
"""

from __future__ import annotations

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_MARKDOWN_LINK = re.compile(r"\]\s*\(")
_ALPHANUMERIC = re.compile(r"[A-Za-z0-9]")


def is_number_text(text: str) -> bool:
    """True for a plain decimal number as the tables write them ('12', '-0.5')."""
    return _NUMBER.fullmatch(text) is not None


def starts_like_formula(text: str) -> bool:
    """True when a spreadsheet program could take TEXT for a formula."""
    return text.startswith(FORMULA_TRIGGERS) and not is_number_text(text)


def csv_cell(text: str) -> str:
    """TEXT safe for a CSV cell: an apostrophe before anything that starts like a formula."""
    return "'" + text if starts_like_formula(text) else text


def workbook_text(text: str) -> str:
    """Untrusted TEXT as gptables should receive it: no markdown link, never refused.

    ``](`` becomes ``] (`` so gptables does not turn it into a hyperlink; a text with no
    letter or digit (which gptables rejects) is labelled as written by the authority.
    """
    text = _MARKDOWN_LINK.sub("] (", text)
    if not _ALPHANUMERIC.search(text):
        text = f"{text} (as returned)"
    return text
