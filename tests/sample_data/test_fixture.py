"""The committed fixture data/sample_returns: current, valid, varied and calibrated."""

import re

import pytest

from scwres_helpers.intake import load_year
from scwres_helpers.sample_data import generate_sample_returns

from .checks import authority_spread, calibration_misses, indicator_table, national, variety_missing
from .conftest import FIXTURE_ARGS, tree_digest
from .plain_returns import return_paths, rule_violations

YEARS = FIXTURE_ARGS["years"]


@pytest.fixture(scope="module")
def loaded(fixture_root):
    return {year: load_year(fixture_root, year) for year in YEARS}


def test_fixture_is_what_the_generator_makes_now(fixture_root, tmp_path):
    generate_sample_returns(tmp_path / "fresh", **FIXTURE_ARGS)
    assert tree_digest(fixture_root) == tree_digest(tmp_path / "fresh")


def test_fixture_is_small(fixture_root):
    assert sum(p.stat().st_size for p in fixture_root.rglob("*") if p.is_file()) < 800_000


@pytest.mark.parametrize("year", YEARS)
def test_every_return_keeps_every_rule(fixture_root, year):
    paths = return_paths(fixture_root, year)
    assert paths
    for path in paths:
        assert re.fullmatch(r"X[0-9]{8}(\.xlsx)?", path.name)
        assert rule_violations(path, year) == [], path


@pytest.mark.parametrize("year", YEARS)
def test_intake_quarantines_nothing(fixture_root, loaded, year):
    assert loaded[year].quarantined == {}
    assert len(loaded[year].returns) == len(return_paths(fixture_root, year))


def test_fixture_has_every_kind_of_return(fixture_root):
    assert variety_missing(fixture_root, YEARS) == []


def test_national_values_land_on_the_published_figures(loaded):
    tables = {year: indicator_table(list(loaded[year].returns.values()), year) for year in YEARS}
    assert calibration_misses({year: national(t) for year, t in tables.items()}) == []
    # Authorities vary widely around the national value.
    assert authority_spread(tables[2024], "3") > 1.0
    assert authority_spread(tables[2024], "8") > 0.5
