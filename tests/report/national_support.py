"""Shared pieces of the national chapter tests: the committed fixture, computed once, and leak checks.

The fixture is ``national_inputs_from_returns(SAMPLE_RETURNS_DIR, 2024, 5)``; every
national test module asks for it through a module-scoped fixture, and the cache here
means the returns are read and the indicators computed once per test session.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import pandas as pd

from scwres_helpers.bundles import NationalInputs, load_tables, national_inputs_from_returns
from scwres_helpers.config import SAMPLE_RETURNS_DIR
from scwres_helpers.report.chart import Chart
from scwres_helpers.report.national_blocks import TableBlock, headings, public_text

YEAR = 2024
THRESHOLD = 5
AUTHORITY_CODE = re.compile(r"X\d{8}")


@lru_cache(maxsize=1)
def _sample() -> NationalInputs:
    return national_inputs_from_returns(SAMPLE_RETURNS_DIR, YEAR, THRESHOLD)


def sample_inputs() -> NationalInputs:
    """A fresh copy of the fixture's national inputs (tests may alter their copy)."""
    inputs = _sample()
    return NationalInputs(
        year=inputs.year,
        indicators=inputs.indicators.copy(),
        participation=inputs.participation.copy(),
        warnings_by_rule=inputs.warnings_by_rule.copy(),
    )


@lru_cache(maxsize=1)
def authority_names() -> tuple[str, ...]:
    """Every fictional authority's name in the fixture (any year), to check none is printed."""
    tables = load_tables(SAMPLE_RETURNS_DIR, YEAR, THRESHOLD)
    names = {ret.about.authority_name for yr in tables.loaded.values() for ret in yr.returns.values()}
    return tuple(sorted(names))


def fmt(x: float, places: int = 2) -> str:
    """Round half away from zero, written independently of the report's own formatter."""
    quantum = Decimal(1).scaleb(-places)
    return str(Decimal(repr(float(x))).quantize(quantum, rounding=ROUND_HALF_UP))


def national(inputs: NationalInputs, indicator: str, measure: str = "relative_likelihood", *,
             group: str = "minoritised", service: str = "all", breakdown: str = "") -> pd.Series:
    """The one national row of the report year with these keys."""
    t = inputs.indicators
    found = t[(t["year"] == inputs.year) & (t["scope"] == "national") & (t["indicator"] == indicator)
              & (t["measure"] == measure) & (t["group"] == group) & (t["service"] == service)
              & (t["breakdown"] == breakdown)]
    assert len(found) == 1, (indicator, measure, group, service, breakdown)
    return found.iloc[0]


def all_text(blocks: list) -> str:
    return "\n".join(public_text(b) for b in blocks)


def heading_levels_ok(blocks: list) -> list[tuple[int, str]]:
    """Assert one h1 first, then no level skipped on the way down; return the headings."""
    found = headings(blocks)
    assert found and found[0][0] == 1, found[:1]
    assert sum(level == 1 for level, _ in found) == 1
    for (before, _), (after, text) in zip(found, found[1:]):
        assert after <= before + 1, f"heading {text!r} skips a level"
    return found


def chart_numbers(blocks: list) -> list[float]:
    """Every number in the data behind every chart of the blocks."""
    numbers = []
    for block in blocks:
        if isinstance(block, Chart):
            for column in block.data.columns:
                for cell in block.data[column]:
                    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and not math.isnan(cell):
                        numbers.append(float(cell))
    return numbers


def suppressed_only_values(inputs: NationalInputs) -> set[float]:
    """Values and limits of suppressed rows that no publishable row shares (any scope, any year).

    Whole numbers are left out: chart data also hold years and counts of authorities,
    which a value like 10.0 would match by coincidence.
    """
    t = inputs.indicators
    columns = ["value", "ci_lower", "ci_upper", "rate_group", "rate_white"]
    hidden = {float(v) for v in t.loc[t["suppressed"], columns].to_numpy().ravel() if pd.notna(v)}
    shown = {float(v) for v in t.loc[~t["suppressed"], columns].to_numpy().ravel() if pd.notna(v)}
    return {v for v in hidden - shown if not v.is_integer()}


def assert_public(blocks: list, inputs: NationalInputs) -> None:
    """No authority code or name anywhere a reader could see, no suppressed figure in chart data."""
    text = all_text(blocks)
    assert not AUTHORITY_CODE.search(text), AUTHORITY_CODE.search(text)
    for name in authority_names():
        assert name not in text, name
    leaked = set(chart_numbers(blocks)) & suppressed_only_values(inputs)
    assert not leaked, sorted(leaked)[:5]


def tables_of(blocks: list) -> list[TableBlock]:
    return [b for b in blocks if isinstance(b, TableBlock)]


def charts_of(blocks: list) -> list[Chart]:
    return [b for b in blocks if isinstance(b, Chart)]
