"""The area's minoritised share, and the workforce's share (Wilson interval) against it: hand-worked."""

import numpy as np
import pandas as pd
import pytest

from scwres_helpers.indicators.population import area_shares, compare_with_area


def test_area_shares_leave_out_unknown_and_pool_the_minoritised_groups():
    counts = pd.DataFrame({
        "authority_code": ["E09000004"] * 5 + ["E06000001"],
        "ethnicity": ["white_british", "white_other", "asian_indian", "black_african", "not_known", "not_known"],
        "population": [800, 100, 60, 40, 500, 10],
    })
    shares = area_shares(counts).set_index(["authority_code", "group"])
    # White 900; minoritised 60 + 40 = 100: 100 / 1000 = 0.1. Asian: 60 / 960 = 0.0625.
    assert shares.loc[("E09000004", "minoritised"), "area_share"] == pytest.approx(0.1)
    assert shares.loc[("E09000004", "asian"), "area_share"] == pytest.approx(0.0625)
    assert shares.loc[("E09000004", "mixed"), "area_share"] == 0.0
    assert (shares.loc[("E09000004", "minoritised"), "residents_white"]) == 900
    # Only unknown residents: no share.
    assert np.isnan(shares.loc[("E06000001", "minoritised"), "area_share"])


def test_the_workforce_is_above_its_area_only_when_its_interval_says_so():
    compared = compare_with_area([30, 20, 0], [170, 180, 0], [0.1, 0.1, 0.1])
    # 30 of 200 = 0.15, Wilson 0.1071 to 0.2061: wholly above the area's 0.1.
    assert compared.loc[0, "staff_share"] == pytest.approx(0.15)
    assert (compared.loc[0, "ci_lower"], compared.loc[0, "ci_upper"]) == (pytest.approx(0.10714, abs=5e-6),
                                                                          pytest.approx(0.20606, abs=5e-6))
    assert compared.loc[0, "difference_pp"] == pytest.approx(5.0)
    assert compared.loc[0, "comparison"] == "above_area"
    # 20 of 200 = 0.1, Wilson 0.0657 to 0.1494: the area's 0.1 is inside.
    assert compared.loc[1, "comparison"] == "no_clear_difference"
    # No staff: nothing to compare.
    assert compared.loc[2, "comparison"] == "not_assessed"
    below = compare_with_area(2, 198, 0.1)
    assert below.loc[0, "comparison"] == "below_area"  # 1% (0.3% to 3.6%) against 10%


def test_the_workforce_headcounts_come_from_the_first_indicator_over_all_staff():
    from scwres_helpers.indicators.population import headcount_indicator, workforce_headcounts

    assert headcount_indicator() == "3"  # 2 is over the shortlisted; 3 over all staff (registry)
    rows = pd.DataFrame({
        "indicator": ["2", "3", "3", "3"], "measure": ["relative_likelihood"] * 4,
        "service": ["all", "all", "adult", "all"], "group": ["minoritised", "minoritised", "minoritised", "asian"],
        "breakdown": ["", "", "", ""], "denominator_group": [40, 155, 100, 60],
        "denominator_white": [80, 722, 500, 722]})
    assert workforce_headcounts(rows, "minoritised") == (155, 722)
    assert workforce_headcounts(rows, "asian") == (60, 722)
    assert workforce_headcounts(rows, "black") is None
    blank = rows.assign(denominator_white=[80, np.nan, 500, 722])
    assert workforce_headcounts(blank, "minoritised") is None
