"""Disclosure control for published outputs (spec: indicators.md, "Disclosure control").

- ``primary``: which counts are small enough to identify someone;
- ``secondary``: the one secondary-suppression engine (items, keys, equations), with
  ``secondary_mask`` for one table with totals (``equations`` lays its sums out);
- ``national_tables``: which national figures every published table hides, across tables;
- ``recoverable``: an independent check that no hidden cell can be worked out;
- ``shorthand``: GSS codes ([c], [x], [z], [u]), their notes, and number formatting;
- ``count_tables`` / ``indicator_rows``: publishable text tables.
"""

from scwres_helpers.disclosure.count_tables import suppress_count_table
from scwres_helpers.disclosure.indicator_rows import DECIMALS, NOT_APPLICABLE_COLUMNS, publishable_indicators
from scwres_helpers.disclosure.primary import is_disclosive, primary_mask
from scwres_helpers.disclosure.recoverable import is_recoverable
from scwres_helpers.disclosure.secondary import secondary_mask
from scwres_helpers.disclosure.shorthand import (
    CONFIDENTIAL,
    GSS_NOTES,
    LOW_RELIABILITY,
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    codes_used,
    render_gss,
)

__all__ = [
    "CONFIDENTIAL",
    "DECIMALS",
    "GSS_NOTES",
    "LOW_RELIABILITY",
    "NOT_APPLICABLE",
    "NOT_APPLICABLE_COLUMNS",
    "NOT_AVAILABLE",
    "codes_used",
    "is_disclosive",
    "is_recoverable",
    "primary_mask",
    "publishable_indicators",
    "render_gss",
    "secondary_mask",
    "suppress_count_table",
]
