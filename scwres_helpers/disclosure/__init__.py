"""Disclosure control for published outputs (spec: indicators.md, "Disclosure control").

- ``primary``: which counts (and, in an indicator row, complements) are small enough to
  identify someone;
- ``secondary``: the one secondary-suppression engine (items, keys, equations), with
  ``secondary_mask`` for one table with totals (``equations`` lays its sums out);
- ``national_tables``: which national figures every published table hides, across tables;
- ``recoverable``: an independent check that no hidden cell can be worked out;
- ``reasons``: why each withheld figure is withheld (too few people, or so that a small
  count elsewhere cannot be worked out), for the words and notes of the reports;
- ``audit``: bounds every withheld count over all of a year's published tables together
  (linear and integer programming), and fails when a small count can be narrowed down
  (imported from its module: report kernels, which import this package for the shorthand
  and the reasons, then never load it);
- ``shorthand``: GSS codes ([c], [x], [z], [u]), their notes, and number formatting;
- ``count_tables`` / ``indicator_rows``: publishable text tables.
"""

from scwres_helpers.disclosure.count_tables import suppress_count_table
from scwres_helpers.disclosure.indicator_rows import DECIMALS, NOT_APPLICABLE_COLUMNS, publishable_indicators
from scwres_helpers.disclosure.primary import disclosive_rows, is_disclosive, primary_mask, row_is_disclosive
from scwres_helpers.disclosure.reasons import (
    PROTECTS_ANOTHER,
    REASON_COLUMN,
    TOO_FEW,
    cell_reasons,
    with_withheld_reasons,
    withheld_reason,
    withheld_reasons,
)
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
    "PROTECTS_ANOTHER",
    "REASON_COLUMN",
    "TOO_FEW",
    "cell_reasons",
    "codes_used",
    "disclosive_rows",
    "is_disclosive",
    "is_recoverable",
    "primary_mask",
    "publishable_indicators",
    "render_gss",
    "row_is_disclosive",
    "secondary_mask",
    "suppress_count_table",
    "with_withheld_reasons",
    "withheld_reason",
    "withheld_reasons",
]
