"""Intake: find, read and validate the annual data returns (spec: data-return.md).

discover (which returns a year has) -> read (files to located text tables) ->
validate (every rule, all problems at once) -> load (a year: valid or quarantined;
with a cache of results for unchanged returns) -> report (the intake summary as
text or JSON).
"""

from scwres_helpers.intake.discover import ReturnSource, discover_returns, years_available
from scwres_helpers.intake.load import YearReturns, load_year, load_years, year_content_keys
from scwres_helpers.intake.problems import Problem
from scwres_helpers.intake.read import RawReturn, RawTable, read_return
from scwres_helpers.intake.report import format_text, to_json
from scwres_helpers.intake.validate import ValidationResult, validate_return

__all__ = [
    "Problem",
    "RawReturn",
    "RawTable",
    "ReturnSource",
    "ValidationResult",
    "YearReturns",
    "discover_returns",
    "format_text",
    "load_year",
    "load_years",
    "read_return",
    "to_json",
    "validate_return",
    "year_content_keys",
    "years_available",
]
