"""An authority's public figures: the national report's withholding, and nothing withheld left in a row."""

import math

import pandas as pd

from scwres_helpers.indicators.public import SUMMARY_FIGURES, public_figure_rows, withhold
from tests.report.conftest import frame, row


def _indicator_3_rows():
    """Indicator 3 for four authorities; E3's row is suppressed (3 of 40: a count below 5).

    By the national report's rule, exactly one withheld row takes with it the smallest
    other authority by staff at risk (denominator_group): E4 (60) < E1 (100) < E2 (200).
    """
    return frame([
        row("3", authority_code="E1", value=1.2, lower=0.9, upper=1.6, counts=(10, 100, 80, 1000)),
        row("3", authority_code="E2", value=0.8, lower=0.6, upper=1.1, counts=(16, 200, 100, 1000)),
        row("3", authority_code="E3", value=0.94, lower=0.3, upper=2.9, counts=(3, 40, 80, 1000), suppressed=True),
        row("3", authority_code="E4", value=1.04, lower=0.5, upper=2.1, counts=(5, 60, 80, 1000)),
        row("3", scope="national", value=1.0, lower=0.9, upper=1.1, counts=(34, 400, 340, 4000)),
    ])


def test_one_withheld_authority_takes_the_smallest_other_with_it():
    public = public_figure_rows(_indicator_3_rows())
    assert sorted(public) == ["E1", "E2", "E3", "E4"]  # national rows are nobody's summary
    shown = {code: (bool(rows.iloc[0]["suppressed"]), rows.iloc[0]["withheld_reason"]) for code, rows in public.items()}
    assert shown == {"E1": (False, ""), "E2": (False, ""), "E3": (True, "too_few"), "E4": (True, "protects_another")}


def test_a_withheld_row_keeps_nothing_but_what_it_is():
    public = public_figure_rows(_indicator_3_rows())
    for code in ("E3", "E4"):
        withheld = public[code].iloc[0]
        assert (withheld["indicator"], withheld["authority_code"], withheld["measure"]) == ("3", code, "relative_likelihood")
        for column in ("numerator_group", "denominator_group", "numerator_white", "denominator_white",
                       "rate_group", "rate_white", "value", "ci_lower", "ci_upper", "assessment", "flag"):
            assert withheld[column] is None or (isinstance(withheld[column], float) and math.isnan(withheld[column])), column
    kept = public["E1"].iloc[0]
    assert (kept["value"], kept["numerator_group"]) == (1.2, 10)


def test_only_the_summary_figures_are_taken():
    """A group other than minoritised, a service split, a share: none of them is a summary figure."""
    rows = frame([
        row("2", authority_code="E1", value=0.7, lower=0.5, upper=0.9, counts=(70, 300, 100, 300)),
        row("2", authority_code="E1", value=0.6, lower=0.4, upper=0.9, group="asian"),
        row("2", authority_code="E1", value=0.5, lower=0.3, upper=0.9, service="adult"),
        row("1", authority_code="E1", measure="share_minoritised", value=0.2, breakdown="70k_plus"),
        row("1", authority_code="E1", value=0.5, lower=0.3, upper=0.8, breakdown="70k_plus"),
        row("1", authority_code="E1", value=0.9, lower=0.3, upper=1.8, breakdown="40k_to_49k"),
    ])
    [taken] = public_figure_rows(rows).values()
    assert sorted(zip(taken["indicator"], taken["breakdown"], taken["value"])) == [("1", "70k_plus", 0.5), ("2", "", 0.7)]


def test_summary_figures_are_indicator_1_by_band_then_the_headlines():
    assert SUMMARY_FIGURES == (("1", "below_30k"), ("1", "30k_to_69k"), ("1", "70k_plus"), ("2", ""), ("3", ""),
                               ("4", ""), ("5", ""), ("6", ""), ("7a", ""), ("7b", ""), ("8", ""), ("9", ""))


def test_withhold_changes_a_copy_only_and_empties_a_row_suppressed_already():
    rows = _indicator_3_rows()
    before = rows.copy()
    out = withhold(rows, pd.Series([True, False, False, False, False]).to_numpy())
    pd.testing.assert_frame_equal(rows, before)
    assert list(out["suppressed"]) == [True, False, True, False, False]
    assert list(out["withheld_reason"]) == ["protects_another", "", "too_few", "", ""]
    assert out["value"].iloc[2] is None  # E3 was not in the mask, but it was suppressed
