"""Sample action plans: deterministic, aimed at last year's adverse figures, read back as written.

The adverse figures are judged from the indicators table the pipeline computes from
the committed fixture (not from the generator's own arithmetic), with the
four-fifths band of indicators.md typed in here.
"""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from scwres_helpers.action_plan import plan_frame
from scwres_helpers.indicators import compute_indicators
from scwres_helpers.intake import load_years
from scwres_helpers.sample_data.generate import generate_year
from scwres_helpers.sample_data.plans import authority_figures, make_plans
from scwres_helpers.sample_data.profiles import make_profiles
from scwres_helpers.sample_data.write import write_year

from .conftest import FIXTURE_ARGS

YEARS = FIXTURE_ARGS["years"]
LESS_LIKELY_ADVERSE = {"1", "2", "5", "9"}
MORE_LIKELY_ADVERSE = {"3", "4", "6", "7a", "7b", "8"}


@pytest.fixture(scope="module")
def loaded(fixture_root):
    return load_years(fixture_root, YEARS)


@pytest.fixture(scope="module")
def indicators(loaded):
    """Authority rows, service all, minoritised, by year."""
    tables = {}
    for year in YEARS:
        table = compute_indicators(list(loaded[year].returns.values()), year)
        tables[year] = table[(table["scope"] == "authority") & (table["service"] == "all")
                             & (table["group"] == "minoritised")]
    return tables


def _value(table: pd.DataFrame, code: str, indicator: str, breakdown: str, measure: str):
    rows = table[(table["authority_code"] == code) & (table["indicator"] == indicator)
                 & (table["breakdown"] == breakdown) & (table["measure"] == measure)]
    assert len(rows) <= 1
    return None if rows.empty else rows["value"].iloc[0]


def _plans(loaded, year):
    return {code: ret.action_plan for code, ret in loaded[year].returns.items() if ret.action_plan is not None}


def test_no_plans_in_the_first_year_and_some_authorities_never_plan(loaded):
    assert _plans(loaded, YEARS[0]) == {}
    for year in YEARS[1:]:
        plans = _plans(loaded, year)
        assert 0 < len(plans) < len(loaded[year].returns)
        assert all(1 <= len(plan) <= 4 for plan in plans.values())


def test_new_actions_target_last_years_adverse_figures(loaded, indicators):
    checked = 0
    for year in YEARS[1:]:
        for code, plan in _plans(loaded, year).items():
            for action in plan[plan["action_id"].str.startswith(f"{year}-")].itertuples():
                rl = _value(indicators[year - 1], code, action.indicator, action.target_breakdown,
                            "relative_likelihood")
                assert rl is not None and not np.isnan(rl), (code, action)
                if action.indicator in LESS_LIKELY_ADVERSE:
                    assert rl < 0.8 and action.target_comparison == "at_least"
                else:
                    assert action.indicator in MORE_LIKELY_ADVERSE
                    assert rl > 1.25 and action.target_comparison == "at_most"
                assert action.target_year in (year + 1, year + 2)
                checked += 1
    assert checked >= 10


def test_every_target_names_a_figure_the_authority_has(loaded, indicators):
    """Targets only on indicators (and measures, bands) that exist for that authority.

    The row must exist in the plan year's table and in last year's (a value may be
    undefined in a year, e.g. with no white appointments; new actions are checked
    against last year's values in the test above).
    """
    for year in YEARS[1:]:
        for code, plan in _plans(loaded, year).items():
            for action in plan.itertuples():
                key = (code, action.indicator, action.target_breakdown, action.target_measure)
                assert _value(indicators[year], *key) is not None, (year, action)
                assert _value(indicators[year - 1], *key) is not None, (year, action)


def test_last_years_open_actions_are_carried_with_their_status_moved_on(loaded):
    carried = 0
    for code, before in _plans(loaded, 2023).items():
        after = _plans(loaded, 2024).get(code)
        still_open = before[before["status"].isin(["not_started", "in_progress"])]
        if after is None:
            assert still_open.empty
            continue
        kept = after[after["action_id"].isin(still_open["action_id"])]
        assert kept["action_id"].tolist() == still_open["action_id"].tolist()
        assert kept["action"].tolist() == still_open["action"].tolist()
        assert not after["action_id"].isin(before.loc[before["status"].isin(["complete", "dropped"]),
                                                       "action_id"]).any()
        carried += len(kept)
    assert carried > 0


def test_plans_are_read_back_exactly_as_generated(tmp_path):
    """CSV text, workbook cells and a styled authority's symbols all give the canonical plan."""
    years = [2023, 2024]
    profiles = make_profiles(np.random.default_rng(3), 16, years, 3)
    plans, previous, written = {}, None, {}
    for year in years:
        counts = generate_year(profiles, year, years[0], seed=3)
        plans = make_plans(counts, previous, plans, seed=3)
        write_year(counts, tmp_path, plans)
        written[year], previous = plans, counts
    loaded = load_years(tmp_path, years)
    assert written[2023] == {}
    assert any(p.excel and p.code in written[2024] for p in profiles)
    assert any(p.styled_headers and p.code in written[2024] for p in profiles)
    for code, ret in loaded[2024].returns.items():
        if code in written[2024]:
            pd.testing.assert_frame_equal(ret.action_plan, plan_frame(written[2024][code]))
        else:
            assert ret.action_plan is None
    assert loaded[2024].quarantined == {}


def test_same_seed_same_plans_and_another_seed_others():
    years = [2023, 2024]
    profiles = make_profiles(np.random.default_rng(8), 12, years, 6)
    first, last = (generate_year(profiles, y, years[0], seed=8) for y in years)
    one = make_plans(last, first, {}, seed=8)
    assert one == make_plans(last, first, {}, seed=8)
    assert one != make_plans(last, first, {}, seed=9)
    assert make_plans(last, None, {}, seed=8) == {}  # a first year
    assert make_plans(last, dataclasses.replace(first, year=2022), {}, seed=8) == {}  # a gap in the years


def test_plans_leave_the_counts_alone():
    """Plans use their own random stream: the counts are those of a run without plans."""
    profiles = make_profiles(np.random.default_rng(5), 6, [2023, 2024], 6)
    before = generate_year(profiles, 2024, 2023, seed=5)
    make_plans(before, generate_year(profiles, 2023, 2023, seed=5), {}, seed=5)
    after = generate_year(profiles, 2024, 2023, seed=5)
    assert np.array_equal(before.workforce, after.workforce)
    assert all(np.array_equal(before.events[k], after.events[k]) for k in before.events)


def test_authority_figures_match_the_indicators_table(loaded, indicators):
    """The generator's own relative likelihoods agree with the pipeline's, for the fixture's 2023."""
    profiles = make_profiles(np.random.default_rng(FIXTURE_ARGS["seed"]), FIXTURE_ARGS["n_authorities"], YEARS, 6)
    counts = generate_year(profiles, 2023, YEARS[0], FIXTURE_ARGS["seed"])
    compared = 0
    for a, profile in enumerate(counts.profiles):
        for figure in authority_figures(counts, a):
            expected = _value(indicators[2023], profile.code, figure.indicator, figure.breakdown,
                              "relative_likelihood")
            assert figure.relative_likelihood == pytest.approx(expected, rel=1e-12)
            if figure.other_measure is not None:
                other = _value(indicators[2023], profile.code, figure.indicator, figure.breakdown,
                               figure.other_measure)
                assert figure.other_value == pytest.approx(other, rel=1e-12, abs=1e-12)
            compared += 1
    assert compared > 50
