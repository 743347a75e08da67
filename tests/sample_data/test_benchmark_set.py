"""The 153-authority benchmark set (seed 1): valid, varied, calibrated. Slow (about a minute)."""

import pytest

from scwres_helpers.intake import load_year

from .checks import calibration_misses, indicator_table, national, variety_missing
from .conftest import BENCHMARK_ARGS
from .plain_returns import read_raw_tables, return_paths, rule_violations, to_authority_return

YEARS = BENCHMARK_ARGS["years"]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def raw_by_path(benchmark_root):
    """Every return of the set, read once."""
    return {p: read_raw_tables(p) for year in YEARS for p in return_paths(benchmark_root, year)}


def test_every_return_keeps_every_rule(benchmark_root, raw_by_path):
    broken = {}
    for year in YEARS:
        for path in return_paths(benchmark_root, year):
            problems = rule_violations(path, year, raw_by_path[path])
            if problems:
                broken[str(path)] = problems
    assert broken == {}
    assert len(return_paths(benchmark_root, YEARS[-1])) == 153


def test_national_values_land_on_the_published_figures(benchmark_root, raw_by_path):
    values = {}
    for year in YEARS:
        returns = [to_authority_return(p, raw_by_path[p]) for p in return_paths(benchmark_root, year)]
        values[year] = national(indicator_table(returns, year))
    assert calibration_misses(values) == []


def test_size_and_variety(benchmark_root, raw_by_path):
    last = YEARS[-1]
    returns = [to_authority_return(p, raw_by_path[p]) for p in return_paths(benchmark_root, last)]
    total = sum(int(r.tables["workforce"]["headcount"].sum()) for r in returns)
    assert 150_000 <= total <= 250_000
    assert variety_missing(benchmark_root, YEARS, raw_by_path) == []


def test_intake_quarantines_nothing_in_the_last_year(benchmark_root):
    assert load_year(benchmark_root, YEARS[-1]).quarantined == {}
